"""What the ATT rules share: the context they read and how they word a violation (private).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.model import Shift
from servicepolicy.workforce.roster import RosterView

__all__ = ["AttendanceContext", "minutes", "violation"]

_MINUTE = timedelta(minutes=1)


@attrs.frozen(eq=False)
class AttendanceContext:
    """What the ATT rules read: the roster view, the shifts under review, records and logs.

    :param view: the roster view (current owners, approved leave).
    :param shifts: the shifts under review, by start.
    :param records: clock records by shift ID (every record given, also outside the review).
    :param logs: hand-over logs by shift ID.

    .. versionadded:: 0.1.0
    """

    view: RosterView
    shifts: tuple[Shift, ...]
    records: Mapping[str, ClockRecord]
    logs: Mapping[str, HandOverLog]

    def due(self, shift: Shift) -> datetime:
        """When the owner is due: the shift start, or the end of approved leave covering it.

        Approved leave is leave the roster holds (reviewed under LEAVE-1 … LEAVE-11); a due
        time at or after the shift end means the whole shift is on leave.
        """
        due = shift.start
        leaves = self.view.leaves_of(shift.employee)
        moved = True
        while moved:
            moved = False
            for leave in leaves:
                if leave.start <= due < leave.end:
                    due, moved = leave.end, True
        return due

    def local(self, instant: datetime) -> str:
        """``instant`` as local wall time of the roster's calendar, for messages."""
        return instant.astimezone(self.view.tz).strftime("%Y-%m-%d %H:%M")


def minutes(span: timedelta) -> float | int:
    value = round(span / _MINUTE, 1)
    return int(value) if value == int(value) else value


def violation(
    rule_id: str, severity: Severity, shift: Shift, message: str, suggestion: str, **facts: object
) -> Violation:
    facts = {"shift": shift.id, **{k: _fact(v) for k, v in facts.items()}}
    return Violation(rule_id, severity, message, shift.employee, facts, suggestion)


def _fact(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return minutes(value) if isinstance(value, timedelta) else value
