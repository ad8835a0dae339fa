# ruff: noqa: E501  (export rows are kept whole, as the vendors write them)
"""Small files shaped like each preset's export, for the preset and ``map`` tests.

Each fixture: the preset, the input it maps (``--map INPUT=...``), a file name and its
text.  Times are naive, in Asia/Shanghai (the ``tz`` the tests pass).  November 2026 has
no holiday and no make-up working day in China; 2026-11-23 and 2026-11-30 are Mondays.
"""

from __future__ import annotations

TZ = "Asia/Shanghai"

FRESHDESK = """\
Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,First response status,Contact ID,Tags
1001,Refund late,Resolved,High,Email,Incident,Li Na,Billing,2026-11-23 09:00:00,2026-11-24 09:00:00,2026-11-24 10:00:00,,2026-11-24 10:00:00,2026-11-23 14:30:00,SLA Violated,C-1,
1002,Opening hours,Closed,Medium,Portal,Question,Wang Wei,,2026-11-23 10:00:00,,2026-11-23 16:00:00,2026-11-25 16:00:00,2026-11-25 16:00:00,2026-11-23 14:00:00,Within SLA,C-2,
1003,Password,Resolved,Low,Phone,Question,Li Na,,2026-11-27 16:00:00,,2026-11-30 11:00:00,,2026-11-30 11:00:00,2026-11-30 10:30:00,Within SLA,C-3,
1004,Broken device,Resolved,Urgent,Chat,Incident,Wang Wei,,2026-11-24 11:30:00,,2026-11-25 12:00:00,,2026-11-25 12:00:00,2026-11-25 09:30:00,SLA Violated,C-4,vip
1005,Question,Open,Medium,Email,,,,2026-11-30 09:00:00,,,,2026-11-30 09:45:00,2026-11-30 09:45:00,Within SLA,C-5,
"""

JIRA_SM = """\
Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved
Printer on fire,SD-1,10001,Incident,Resolved,High,Done,li.na,C-1,02/Nov/26 9:00 AM,13/Nov/26 5:00 PM,13/Nov/26 5:00 PM
VPN down,SD-2,10002,Incident,Done,Medium,Done,wang.wei,C-2,02/Nov/26 9:00 AM,03/Nov/26 9:00 AM,03/Nov/26 9:00 AM
New laptop,SD-3,10003,Service Request,Closed,Low,Done,li.na,C-3,02/Nov/26 9:00 AM,24/Nov/26 9:00 AM,23/Nov/26 10:00 AM
Access to wiki,SD-4,10004,Service Request,Waiting for customer,Medium,,,C-4,23/Nov/26 10:00 AM,24/Nov/26 2:00 PM,
"""

GENESYS = """\
Conversation ID,Date,Direction,Queue,Users - Interacted,ANI,Abandoned,Total Queue,Total Talk,Total Hold,Total ACW,Conversation End
c-1,11/23/2026 09:00:00 AM,Inbound,Hotline,Li Na,+8613800000001,NO,00:00:10,00:03:05,00:00:00,00:00:30,11/23/2026 09:03:15 AM
c-2,11/23/2026 09:10:00 AM,Inbound,Hotline,Wang Wei,+8613800000002,NO,00:00:45,00:05:00,00:00:20,00:01:00,11/23/2026 09:16:05 AM
c-3,11/23/2026 09:20:00 AM,Inbound,Hotline,,+8613800000003,YES,00:01:30,00:00:00,00:00:00,00:00:00,11/23/2026 09:21:30 AM
c-4,11/23/2026 09:30:00 AM,Inbound,Hotline,Li Na,+8613800000004,NO,00:00:15,00:02:00,00:00:00,00:00:10,11/23/2026 09:32:15 AM
c-5,11/23/2026 09:40:00 AM,Inbound,Hotline,,+8613800000005,YES,00:00:05,00:00:00,00:00:00,00:00:00,11/23/2026 09:40:05 AM
c-6,11/23/2026 10:00:00 AM,Outbound,Hotline,Wang Wei,+8613800000006,NO,00:00:00,00:01:00,00:00:00,00:00:00,11/23/2026 10:01:00 AM
"""

REQUESTS_SHEET = """\
Request ID,Employee,Leave type,From,To,Requested on,Requested by,Submitted to,Emergency,Approvals,Certificates,Notes
L-1,A-1,Annual,2026-11-24 08:00,2026-11-24 16:00,2026-11-20 10:00,A-1,T-1,NO,team_leader:T-1,,
L-2,A-2,Personal,2026-11-24 08:00,2026-11-24 16:00,2026-11-24 07:00,A-2,T-1,NO,team_leader:T-1,,late
L-3,A-3,病假,2026-11-25 08:00,2026-11-25 16:00,2026-11-25 06:30,A-4,T-1,YES,team_leader:T-1,2026-11-25,
L-4,A-4,Personal,2026-11-26 08:00,2026-11-26 16:00,2026-11-20 09:00,A-5,T-1,NO,team_leader:T-1,,for a friend
"""

ROSTER_LONG = """\
Employee,Team,Date,Start,End,Notes
A-1,Hotline,2026-11-24,08:00,16:00,
A-2,Hotline,2026-11-24,08:00,16:00,
A-3,Hotline,2026-11-25,08:00,16:00,
A-4,Hotline,2026-11-26,08:00,16:00,
A-5,Hotline,2026-11-24,20:00,08:00,night
A-1,Hotline,2026-11-25,20:00,08:00,night
"""

ROSTER_WIDE = """\
Employee,Team,2026-11-24,2026-11-25,2026-11-26,Notes
A-1,Hotline,D,N,-,
A-2,Hotline,D,-,-,
A-3,Hotline,-,D,-,
A-4,Hotline,-,-,D,
A-5,Hotline,N,-,-,
"""

ZENDESK = """\
Id,Requester,Assignee,Status,Priority,Via,Ticket type,Created at,Updated at,Solved at,First reply time in minutes,Agent wait time in minutes,Subject
101,C-1,Li Na,Solved,High,Email,Incident,2026-11-24 09:00:00,2026-11-25 11:00:00,2026-11-25 10:00:00,20,0,Refund
102,C-2,,Open,Normal,Web Form,,2026-11-24 10:00:00,2026-11-24 12:00:00,,30,0,Hours
"""

FIXTURES = {
    "zendesk": ("tickets.csv", ZENDESK),
    "freshdesk": ("tickets.csv", FRESHDESK),
    "jira_sm": ("issues.csv", JIRA_SM),
    "genesys": ("interactions.csv", GENESYS),
    "roster_long": ("shifts.csv", ROSTER_LONG),
    "roster_wide": ("roster.csv", ROSTER_WIDE),
    "requests_sheet": ("requests.csv", REQUESTS_SHEET),
}
"""Every preset's fixture: preset → (file name, text)."""
