"""Reading and writing: every file format, every reader, the one cattrs converter.

Files and data frames come in here and leave as the library's domain objects; nothing
below this package opens a file or imports cattrs.  Each reader returns a
:class:`~servicepolicy.io.tabular.ReadResult`: the records read and every rejected row
with its line, so that rows in = rows read + rows rejected.

- :mod:`servicepolicy.io.tickets`: ticket events (TKT-6);
- :mod:`servicepolicy.io.snapshots`: one-row-per-ticket exports (snapshots);
- :mod:`servicepolicy.io.mapping`: input mappings and presets, for the exports people have;
- ``servicepolicy.io.calls``: call records, survey responses, agent time (KPI);
- ``servicepolicy.io.roster``: employees, shifts, staffing;
  ``servicepolicy.io.requests``: leave and swap requests;
- ``servicepolicy.io.attendance``: clock records and hand-over logs (ATT);
- :mod:`servicepolicy.io.converter`: structuring and unstructuring with cattrs;
- ``servicepolicy.io.tabular`` and ``servicepolicy.io.sources``: the row sources
  (CSV, JSON Lines, data frames) the readers share;
- :mod:`servicepolicy.io.csv_records`: strict reading (decoding, bounded CSV records,
  sniffing); :mod:`servicepolicy.io.rejected`: how many rejected rows a check tolerates.

.. versionadded:: 0.2.0
   The readers and the converter moved here from the domain packages; their old import
   paths still work, with a :class:`DeprecationWarning`.
"""

from servicepolicy.io.attendance import read_clock_records, read_hand_over_logs
from servicepolicy.io.calls import read_agent_time, read_calls, read_survey_responses
from servicepolicy.io.mapping import InputMapping
from servicepolicy.io.roster import (
    RosterRead,
    read_employees,
    read_leave_requests,
    read_roster,
    read_shifts,
    read_staffing_requirements,
    read_swap_requests,
)
from servicepolicy.io.snapshots import read_ticket_snapshots
from servicepolicy.io.tabular import NotJudged, ReadResult, RejectedRow
from servicepolicy.io.tickets import read_ticket_events

__all__ = [
    "InputMapping",
    "NotJudged",
    "ReadResult",
    "RejectedRow",
    "RosterRead",
    "read_agent_time",
    "read_calls",
    "read_clock_records",
    "read_employees",
    "read_hand_over_logs",
    "read_leave_requests",
    "read_roster",
    "read_shifts",
    "read_staffing_requirements",
    "read_survey_responses",
    "read_swap_requests",
    "read_ticket_events",
    "read_ticket_snapshots",
]
