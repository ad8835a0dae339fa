"""ATT-3: the outgoing agent may not leave before the incoming agent has arrived.

"接班人未到机台,交班人不得离台": the rule, and the choice the manual leaves open when no
incoming agent arrives at all (:class:`NoRelief`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce._attendance_base import AttendanceContext
from servicepolicy.workforce._attendance_base import violation as _violation
from servicepolicy.workforce.clock import ClockRecord
from servicepolicy.workforce.model import Shift

if TYPE_CHECKING:
    from servicepolicy.workforce.attendance import AttendancePolicy

__all__ = ["NoRelief", "att_3_relief"]


class NoRelief(enum.StrEnum):
    """What ATT-3 accepts when no incoming agent arrives ("接班人未到机台,交班人不得离台"):
    the manual says only that the outgoing agent may not leave.

    .. versionadded:: 0.1.0
    """

    STAY = "stay"
    """The manual's reading, the default.  The outgoing agent stays until relieved, and
    leaving while every incoming agent is absent is an ATT-3 violation."""
    RELEASE = "release"
    """The outgoing agent's team leader may release them.  A release recorded in the
    shift's hand-over log (``released_by`` naming the team leader) relieves the post."""


def att_3_relief(policy: AttendancePolicy, context: AttendanceContext) -> Iterator[Violation]:
    """ATT-3: the outgoing agent may not leave before the incoming agent has arrived (ERROR):
    "接班人未到机台,交班人不得离台".

    A shift of the same team (of the owners) that starts at the outgoing shift's end, or up
    to ``hand_over_tolerance`` before it, is an incoming shift.  The outgoing agent must not
    clock out before the first incoming agent to arrive has clocked in: one arrival relieves
    the post.  When no incoming agent arrives at all (each one absent, as ATT-2 judges
    absence: a reviewed shift without a clock-in and not wholly on approved leave), the
    outgoing agent who left was never relieved: an ERROR too, unless ``no_relief`` is
    ``"release"`` and the hand-over log records the release by the agent's team leader
    (``released_by``).

    Not judged: outgoing shifts without a clock-out; the last shift of the day (no
    incoming shift); incoming shifts wholly on approved leave, or not yet under review
    (the team leader knew in advance, or it is too early to tell).  Each shift is one
    lookup in the roster's per-team index.
    """
    view, tolerance = context.view, policy.hand_over_tolerance
    reviewed = {s.id for s in context.shifts}
    for shift in context.shifts:
        record = context.records.get(shift.id)
        if record is None or record.clock_in is None or record.clock_out is None:
            continue
        team = view.employees[shift.employee].team
        arrivals: list[tuple[datetime, str, Shift]] = []
        absent: list[Shift] = []
        for incoming in view.shifts_starting(shift.end - tolerance, shift.end, team=team):
            if incoming.employee == shift.employee:
                continue
            found = context.records.get(incoming.id)
            if found is not None and found.clock_in is not None:
                arrivals.append((found.clock_in, incoming.id, incoming))
            elif incoming.id in reviewed and context.due(incoming) < incoming.end:
                absent.append(incoming)
        if not arrivals:
            if absent:
                yield from _never_relieved(policy, context, shift, record, absent)
            continue
        arrived, _, first = min(arrivals, key=lambda found: found[:2])
        if record.clock_out >= arrived:
            continue
        yield _violation(
            "ATT-3",
            Severity.ERROR,
            shift,
            f"left shift {shift.id} at {context.local(record.clock_out)} before the incoming "
            f"agent {first.employee} (shift {first.id}) arrived at {context.local(arrived)}",
            "agent: stay at the post until the incoming agent has taken over; team leader: "
            "arrange relief when the incoming agent is late",
            clock_out=record.clock_out,
            incoming_employee=first.employee,
            incoming_shift=first.id,
            incoming_clock_in=arrived,
            minutes_unattended=arrived - record.clock_out,
        )


def _never_relieved(
    policy: AttendancePolicy,
    context: AttendanceContext,
    shift: Shift,
    record: ClockRecord,
    absent: list[Shift],
) -> Iterator[Violation]:
    """ATT-3 when every incoming agent is absent: leaving is flagged unless the policy
    accepts the team leader's recorded release and the hand-over log has it."""
    assert record.clock_out is not None
    log = context.logs.get(shift.id)
    released_by = None if log is None else log.released_by
    leader = context.view.employees[shift.employee].team_leader
    if policy.no_relief is NoRelief.RELEASE and released_by == leader:
        return
    names = ", ".join(f"{s.employee} (shift {s.id})" for s in absent)
    if policy.no_relief is NoRelief.RELEASE:
        found = "no release" if released_by is None else f"a release by {released_by}, not"
        why = f"{found} by the team leader {leader} in the hand-over log"
        fix = (
            "stay at the post until relieved, or have the team leader release you and "
            "record it in the hand-over log (released_by)"
        )
    else:
        why = "nobody took over the post"
        fix = "stay at the post until relieved; the team leader arranges cover"
    yield _violation(
        "ATT-3",
        Severity.ERROR,
        shift,
        f"left shift {shift.id} at {context.local(record.clock_out)} but the incoming "
        f"agent{'s'[: len(absent) != 1]} {names} never arrived: {why}",
        fix,
        clock_out=record.clock_out,
        incoming_absent=", ".join(s.id for s in absent),
        no_relief=policy.no_relief.value,
        released_by=released_by,
    )
