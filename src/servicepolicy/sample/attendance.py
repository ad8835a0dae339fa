"""The example month's time clock and hand-over logs (ATT-1 … ATT-4).

Every shift of the reviewed roster (approved swaps moved to their new owners) that is not
wholly on approved leave gets a clock record by its owner: most agents arrive 10 to 25
minutes early for roll call and leave after their relief has arrived.  A few arrive after
roll call, fewer 20 minutes or more late, one or two not at all (absence, 旷工); some step
away from the post during the shift, rarely for 20 minutes or more; one or two leave
before their relief arrives.  Each worked shift gets a hand-over log, a few with an item
left blank and one or two missing.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import attrs

from servicepolicy.workforce import ClockRecord, HandOverLog, Roster, Shift

__all__ = ["Attendance", "attendance"]

_MINUTE = timedelta(minutes=1)
_EQUIPMENT = (
    "all headsets and workstations working",
    "workstation 7 slow to log in, reported to IT",
    "headset 12 replaced",
    "CRM was down 10 minutes at 14:00, back up",
    "all systems normal",
)
_CASES = (
    "none",
    "complaint of an important account awaiting the quality department",
    "customer will call back about a delayed delivery",
    "after-sales visit to confirm with the technician",
    "exhibitor asked for a booth change, quote pending",
)
_STAFFING = ("none", "one agent on approved leave", "swap approved by the team leader")


@attrs.frozen
class Attendance:
    """What the clock and the logs recorded.

    :param records: one clock record per worked shift, by shift start.
    :param logs: the hand-over logs, by shift start.
    :param worked: the intervals the agents were at their posts, per shift ID (the calls
        and the agent time are drawn inside them).

    .. versionadded:: 0.1.0
    """

    records: tuple[ClockRecord, ...]
    logs: tuple[HandOverLog, ...]
    worked: dict[str, tuple[str, datetime, datetime]] = attrs.field(eq=False, repr=False)


def _arrival(rng: random.Random, shift: Shift) -> datetime | None:
    """When the owner clocked in: ``None`` is an absence."""
    roll = rng.random()
    if roll < 0.004:
        return None
    if roll < 0.012:
        late = rng.randint(20, 55)  # ATT-2
    elif roll < 0.06:
        late = rng.randint(-9, 12)  # after roll call (ATT-1)
    else:
        late = -rng.randint(11, 25)
    return shift.start + late * _MINUTE + rng.randrange(60) * timedelta(seconds=1)


def attendance(rng: random.Random, roster: Roster, until: datetime) -> Attendance:
    """Clock records and hand-over logs for the shifts of ``roster`` (its current owners and
    approved leave) that end by ``until``.

    .. versionadded:: 0.1.0
    """
    view = roster.view()
    on_leave = {
        shift.id
        for leave in roster.leaves
        for shift in view.shifts_of(leave.employee)
        if leave.start <= shift.start and shift.end <= leave.end
    }
    shifts = [s for s in view.shifts() if s.end <= until and s.id not in on_leave]
    arrivals = {s.id: _arrival(rng, s) for s in shifts}
    team = {s.id: roster.employees[s.employee].team for s in shifts}
    relief: dict[tuple[str, datetime], list[datetime]] = {}
    for shift in shifts:
        arrived = arrivals[shift.id]
        if arrived is not None:
            relief.setdefault((team[shift.id], shift.start), []).append(arrived)
    records, logs = [], []
    worked: dict[str, tuple[str, datetime, datetime]] = {}
    for shift in shifts:
        arrived = arrivals[shift.id]
        if arrived is None:
            records.append(ClockRecord(shift.employee, shift.id, None, None))
            continue
        incoming = min(relief.get((team[shift.id], shift.end), [shift.end]))
        leave_at = max(shift.end, incoming) + rng.randint(2, 14) * _MINUTE
        if rng.random() < 0.004:  # left before the relief arrived (ATT-3)
            leave_at = shift.end - rng.randint(10, 30) * _MINUTE
        away = []
        if rng.random() < 0.08:
            minutes = rng.randint(22, 40) if rng.random() < 0.06 else rng.randint(5, 15)
            begin = shift.start + rng.randint(60, 300) * _MINUTE
            away.append((begin, begin + minutes * _MINUTE))
        records.append(ClockRecord(shift.employee, shift.id, arrived, leave_at, away))
        worked[shift.id] = (shift.employee, max(arrived, shift.start), min(leave_at, shift.end))
        if rng.random() < 0.005:
            continue  # no hand-over log (ATT-4)
        items = [rng.choice(_EQUIPMENT), rng.choice(_CASES), rng.choice(_STAFFING)]
        if rng.random() < 0.015:
            items[rng.randrange(3)] = ""  # an item left blank (ATT-4)
        logs.append(HandOverLog(shift.id, shift.employee, *items))
    return Attendance(tuple(records), tuple(logs), worked)
