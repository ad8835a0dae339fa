"""The help desk's own SLA figures, audited (issue 13 part 5, SLA-2, CAL-3): where a
Zendesk export's "first reply time within business hours" disagrees with the clock on the
policy's calendar, the report says so and why (a make-up working day, a holiday)."""

from __future__ import annotations

from pathlib import Path

from servicepolicy.io.mapping import InputMapping
from servicepolicy.io.snapshots import read_ticket_snapshots
from servicepolicy.policy import load_policy_text

POLICY = """schema_version = 1
name = "desk"

[calendars.office]
hours = "mon-fri 09:00-18:00"
tz = "Asia/Shanghai"
country = "CN"

[[sla.targets]]
name = "respond"
metric = "first_response"
within = "8h"
calendar = "office"
"""

HEADER = (
    '"Id","Requester","Assignee","Status","Priority","Ticket type","Via","Created at",'
    '"Updated at","Solved at","First reply time in minutes",'
    '"First reply time in minutes within business hours"\n'
)


def export(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "zendesk.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_make_up_working_day_explains_a_disagreement_sla_2_cal_3(tmp_path: Path) -> None:
    """SLA-2, CAL-3: opened Friday 9 October 2026 at 17:00, answered Saturday 10 October
    (a make-up working day, 调休) at 10:00.  Zendesk's schedule skips Saturdays: 60 min;
    the policy's calendar works that Saturday: 17:00-18:00 + 09:00-10:00 = 120 min."""
    path = export(
        tmp_path,
        [
            "1,C-1,agent-1,Solved,Normal,question,Email,2026-10-09 17:00:00 +0800,"
            "2026-10-10 11:00:00 +0800,2026-10-10 11:00:00 +0800,1020,60",
            # agreeing: opened Monday 12 October 10:00, answered 10:30 (30 min in both)
            "2,C-2,agent-1,Solved,Normal,question,Email,2026-10-12 10:00:00 +0800,"
            "2026-10-12 11:00:00 +0800,2026-10-12 11:00:00 +0800,30,30",
        ],
    )
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="zendesk"))
    assert not tickets.rejected
    assert [(f.ticket, f.elapsed.total_seconds()) for f in tickets.figures] == [
        ("1", 3600.0),
        ("2", 1800.0),
    ]
    report = load_policy_text(POLICY).check(tickets=tickets)
    audit = [v for v in report.violations if v.rule_id == "SLA-2"]
    assert [v.subject for v in audit] == ["1"]  # ticket 2 agrees
    message = audit[0].message
    assert "the help desk counted 1 h of business time" in message
    assert "on the policy's calendar it took 2 h" in message
    assert "2026-10-10 is a make-up working day" in message
    assert audit[0].facts["help_desk_elapsed"].total_seconds() == 3600


def test_a_holiday_the_help_desk_works_through_is_named_sla_2_cal_2(tmp_path: Path) -> None:
    """SLA-2, CAL-2: opened Wednesday 30 September 2026 at 17:00, answered Thursday
    8 October at 10:00; the help desk's schedule works through National Day and counts
    39 h; the policy's calendar closes on the holidays and counts only its working time
    (checked against the calendar's own ``working_time``)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from servicepolicy.calendar import BusinessCalendar
    from servicepolicy.report.context import in_words

    tz = ZoneInfo("Asia/Shanghai")
    office = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")
    expected = office.working_time(
        datetime(2026, 9, 30, 17, tzinfo=tz), datetime(2026, 10, 8, 10, tzinfo=tz)
    )
    path = export(
        tmp_path,
        [
            "7,C-7,agent-2,Solved,High,incident,Email,2026-09-30 17:00:00 +0800,"
            "2026-10-08 11:00:00 +0800,2026-10-08 11:00:00 +0800,11100,2340",
        ],
    )
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="zendesk"))
    report = load_policy_text(POLICY).check(tickets=tickets)
    audit = [v for v in report.violations if v.rule_id == "SLA-2"]
    assert len(audit) == 1
    assert f"on the policy's calendar it took {in_words(expected)}" in audit[0].message
    assert "the help desk counted 1 d 15 h" in audit[0].message
    assert "2026-10-01 is National Day" in audit[0].message
