"""Recurring obligations: reports, meetings, surveys, visits and follow-ups (CAD, TIER-4).

* :class:`Obligation` is one thing owed by a deadline, :class:`DoneRecord` the record
  that it was done; :func:`check_obligations` finds what was missed or late.
* :class:`Cadence` recurs on a :mod:`dateutil.rrule`; the factories build the manuals'
  cadences (CAD-1 … CAD-4).
* :class:`Obligations` is a schedule: ``due(start, end)`` lists what falls due,
  ``check(done_records, now)`` returns the violations.
* :func:`visit_obligations`, :func:`care_obligations`, :func:`follow_up_visit` and
  :func:`survey_after` turn plans and tickets into one-off obligations (TIER-4, CAD-4,
  CAD-5).

.. versionadded:: 0.1.0
"""

from servicepolicy.obligations.cadence import (
    EPOCH,
    Cadence,
    Roll,
    all_agents_meeting,
    annual_summary,
    half_yearly_summary,
    quality_report,
    satisfaction_survey,
    team_meeting,
)
from servicepolicy.obligations.obligation import (
    DoneRecord,
    Obligation,
    check_obligations,
    describe_span,
)
from servicepolicy.obligations.occasions import (
    care_obligations,
    follow_up_done,
    follow_up_visit,
    survey_after,
    visit_obligations,
)
from servicepolicy.obligations.schedule import MAX_ROLL, Obligations

__all__ = [
    "EPOCH",
    "MAX_ROLL",
    "Cadence",
    "DoneRecord",
    "Obligation",
    "Obligations",
    "Roll",
    "all_agents_meeting",
    "annual_summary",
    "care_obligations",
    "check_obligations",
    "describe_span",
    "follow_up_done",
    "follow_up_visit",
    "half_yearly_summary",
    "quality_report",
    "satisfaction_survey",
    "survey_after",
    "team_meeting",
    "visit_obligations",
]
