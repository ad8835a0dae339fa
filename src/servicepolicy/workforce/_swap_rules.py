"""The SWAP-1 … SWAP-10 checks behind :class:`~servicepolicy.workforce.SwapPolicy`.

Each rule is one function ``swap_<n>_<topic>(policy, request, view)`` that yields the
:class:`~servicepolicy.rules.Violation` values it finds; the look-ups and wording they
share are in ``_swap_checks``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import _swap_checks as sc
from servicepolicy.workforce.requests import ApproverRole, SwapRequest
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.swap import SwapPolicy

__all__ = [
    "swap_1_monthly_limit",
    "swap_2_no_consecutive_swaps",
    "swap_3_no_back_to_back",
    "swap_4_same_job_and_skill",
    "swap_5_team_leader_approval",
    "swap_6_no_leave_on_swapped_shift",
    "swap_7_clear_hand_over",
    "swap_8_staffing",
    "swap_9_no_public_holiday",
    "swap_10_paid_back",
]


# -- the rules -------------------------------------------------------------------------------


def swap_1_monthly_limit(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-1: each person swaps at most ``max_per_month`` times per calendar month.

    Earlier swaps come from the view's swap record
    (:meth:`~servicepolicy.workforce.RosterView.swaps_of`).  A swap
    and its return are one swap (SWAP-10); with ``count_counterpart`` it counts toward
    both parties' limits and both are checked.  A counterpart at the limit gets a
    suggestion: colleagues of the requester's job type and skill with swaps left.

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    month = sc.month_start(policy, request, view)
    people = [swap.requester, swap.counterpart] if policy.count_counterpart else [swap.requester]
    for person in people:
        earlier = sorted(
            sc.swaps_used(policy, view, person.id, month, request.id), key=lambda x: x[0]
        )
        if len(earlier) < policy.max_per_month:
            continue
        listed = ", ".join(
            f"{day} with {s.counterpart if s.requester == person.id else s.requester}"
            for day, s in earlier
        )
        if person is swap.counterpart:
            suggestion = sc.suggest_colleagues(policy, view, swap)
        elif policy.month_of == "shift":
            suggestion = (
                f"{person.id} has no swaps left in {month:%Y-%m}: swap a shift of another month"
            )
        else:
            following = (month + timedelta(days=31)).replace(day=1)
            suggestion = f"{person.id} can request the next swap from {following}"
        yield Violation(
            "SWAP-1",
            Severity.ERROR,
            f"{sc.ordinal(len(earlier) + 1)} swap in {month:%Y-%m}, limit {policy.max_per_month}"
            + (f": {listed}" if listed else ""),
            subject=person.id,
            facts={
                "month": f"{month:%Y-%m}",
                "earlier": tuple(s.id for _, s in earlier),
                "limit": policy.max_per_month,
                "month_of": policy.month_of,
            },
            suggestion=suggestion,
        )


def swap_2_no_consecutive_swaps(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-2: no consecutive swaps: nobody swaps two shifts in a row.

    The shift a person gives away may not be directly preceded or followed, in their own
    sequence of shifts, by a shift moved by an earlier swap
    (:meth:`~servicepolicy.workforce.RosterView.swap_of_shift`):
    one they took over, or (``consecutive_includes_given_away``) one they gave away.
    Checked for the requester's shift and, with ``counterpart_too``, for the counterpart's
    return shift (SWAP-10).  Swaps of earlier months count through their records, also
    across a month end; a shift known only from a record is a neighbour when at most
    ``record_gap`` lies between the two.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 swap records of earlier months count.
    """
    swap = sc.resolve(request, view)
    tz = view.tz
    for leg in swap.legs if policy.counterpart_too else swap.legs[:1]:
        person = leg.giver.id
        near = sc.around(sc.sequence(view, person), leg.shift)
        if policy.consecutive_includes_given_away:
            near = sc.closest(near, sc.around(sc.given_away(view, person), leg.shift))
        near = sc.certain(view, near, leg.shift, policy.record_gap)
        for neighbour, position in zip(near, ("after", "before"), strict=True):
            moved = None if neighbour is None else view.swap_of_shift(neighbour.id)
            if neighbour is None or moved is None or moved.id == request.id:
                continue
            how = "took over" if neighbour.employee == person else "gave away"
            other = moved.counterpart if moved.requester == person else moved.requester
            yield Violation(
                "SWAP-2",
                Severity.ERROR,
                f"two swaps in a row: the {leg.label} {sc.describe(leg.shift, tz)} comes right "
                f"{position} {sc.describe(neighbour, tz)}, which {person} {how} in swap "
                f"{moved.id} with {other}",
                subject=person,
                facts={"shift": leg.shift.id, "neighbour": neighbour.id, "swap": moved.id},
                suggestion=f"choose a {leg.label} of {person} that is not next to a swapped shift",
            )


def swap_3_no_back_to_back(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-3: after the swap and its return, neither party works two shifts back to back.

    Each party's new sequence is simulated (the requester loses the shift and gains the
    return shift, the counterpart the reverse) without changing the view; the shift each
    gains must leave at least ``min_rest`` to its neighbours (less, or an overlap, is 连班).

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    tz = view.tz
    for leg in reversed(swap.legs):  # the requester takes the return shift first
        person, gained = leg.taker.id, leg.shift
        lost = swap.given if leg.taker is swap.requester else swap.returned
        before, after = sc.around(view.shifts_of(person), gained, skip=(lost.id,))
        for first, second in ((before, gained), (gained, after)):
            if first is None or second is None:
                continue
            rest = second.start - first.end
            if rest >= policy.min_rest:
                continue
            how = "they overlap" if rest < timedelta(0) else f"{sc.duration(rest)} rest"
            yield Violation(
                "SWAP-3",
                Severity.ERROR,
                f"taking over the {leg.label} {gained.id} means working "
                f"{sc.describe(first, tz)} and {sc.describe(second, tz)} back to back (连班): "
                f"{how}, minimum {sc.duration(policy.min_rest)}",
                subject=person,
                facts={
                    "first": first.id,
                    "second": second.id,
                    "rest": sc.duration(rest),
                    "min_rest": sc.duration(policy.min_rest),
                },
                suggestion=f"choose a {leg.label} at least {sc.duration(policy.min_rest)} "
                f"away from {person}'s other shifts",
            )


def swap_4_same_job_and_skill(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-4: both parties hold the same job type and a comparable skill level.

    Comparable: the levels differ by at most ``skill_tolerance``.  Skill levels of different
    job types are not compared.  Symmetric in requester and counterpart.

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    a, b = swap.requester, swap.counterpart
    if a.job_type != b.job_type:
        yield Violation(
            "SWAP-4",
            Severity.ERROR,
            f"job types differ: {a.id} is {a.job_type}, {b.id} is {b.job_type}",
            subject=b.id,
            facts={"job_types": (a.job_type, b.job_type)},
            suggestion=sc.suggest_colleagues(policy, view, swap),
        )
        return
    gap = abs(a.skill_level - b.skill_level)
    if gap > policy.skill_tolerance:
        yield Violation(
            "SWAP-4",
            Severity.ERROR,
            f"skill levels not comparable: {a.id} {a.skill_level}, {b.id} {b.skill_level}, "
            f"{gap} apart, tolerance {policy.skill_tolerance}",
            subject=b.id,
            facts={
                "skill_levels": (a.skill_level, b.skill_level),
                "tolerance": policy.skill_tolerance,
            },
            suggestion=sc.suggest_colleagues(policy, view, swap),
        )


def swap_5_team_leader_approval(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-5: both parties' team leaders approve; one approval if they share a leader.

    An approval counts if its role is ``TEAM_LEADER`` and it is by the party's own
    ``team_leader``.  With ``require_approvals=False`` a missing approval is a WARNING
    ("needs approval by …"), to check a request before it goes to the leaders.  The swap
    record the rule also asks for is kept by the review that applies the approved swap
    (:meth:`~servicepolicy.workforce.RosterView.apply_swap`), not here.

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    approved_by = tuple(a.by for a in request.approvals if a.role is ApproverRole.TEAM_LEADER)
    for leader, people in sc.missing_leaders(swap):
        whose = " and ".join(people)
        yield Violation(
            "SWAP-5",
            Severity.ERROR if policy.require_approvals else Severity.WARNING,
            f"not approved by {leader}, team leader of {whose}"
            if policy.require_approvals
            else f"needs approval by {leader}, team leader of {whose}",
            subject=people[0],
            facts={"leader": leader, "employees": tuple(people), "approved_by": approved_by},
            suggestion=f"ask {leader} to approve; the approval keeps the swap record",
        )


def swap_6_no_leave_on_swapped_shift(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-6 (LEAVE-9): no leave on a swapped shift or on the return shift.

    Nobody takes over a shift during their own approved leave (that would be absenteeism).
    With ``giver_leave_blocks`` nobody gives away a shift that carries their own approved
    leave either: the leave would sit on a swapped shift; it is cancelled first.

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    for leg in swap.legs:
        people = (leg.taker, leg.giver) if policy.giver_leave_blocks else (leg.taker,)
        for person in people:
            shift, taking = leg.shift, person is leg.taker
            if not view.on_leave(person.id, shift.start, shift.end):
                continue
            leave = next(lv for lv in view.leaves_of(person.id) if shift.overlaps(lv.start, lv.end))
            yield Violation(
                "SWAP-6",
                Severity.ERROR,
                f"on approved {leave.kind.value} leave {leave.id} "
                f"({sc.span(leave.start, leave.end, view.tz)}) during the {leg.label} "
                f"{sc.describe(shift, view.tz)} "
                + (
                    "to take over: that would be absenteeism"
                    if taking
                    else "to give away: a swapped shift may not carry leave"
                ),
                subject=person.id,
                facts={"leave": leave.id, "kind": leave.kind.value, "shift": shift.id},
                suggestion=f"choose a {leg.label} outside {person.id}'s leave"
                if taking
                else f"cancel leave {leave.id} before swapping the {leg.label}",
            )


def swap_7_clear_hand_over(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-7 at request time: both parties confirm they will hand over clearly
    (``hand_over_confirmed``).  What happened on the shift (empty, or without a hand-over
    entry) is judged afterwards from the time clock and the hand-over log, with each
    party's share: :meth:`~servicepolicy.workforce.SwapPolicy.assess_hand_over`.

    .. versionadded:: 0.1.0
    """
    if not request.hand_over_confirmed:
        yield Violation(
            "SWAP-7",
            Severity.ERROR,
            f"hand-over between {request.requester} and {request.counterpart} not confirmed: "
            "a missed or empty shift is absenteeism for both, by share of responsibility",
            subject=request.requester,
            facts={"hand_over_confirmed": False, "counterpart": request.counterpart},
            suggestion="both parties confirm the hand-over before the swap is approved",
        )


def swap_8_staffing(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-8: the swap may not leave a slot below its minimum staffing or skill coverage.

    For every :class:`~servicepolicy.workforce.StaffingRequirement` of either party's job
    type whose slot lies
    within the shift or the return shift, count the employees of its job type with at
    least its skill, on duty throughout the slot and not on leave there, before and
    after the swap.  Below the minimum *and* lower than before is an ERROR; a slot below
    its minimum that the swap does not lower is noted with ``already_understaffed``
    (the swap is not to blame, but the leader must know).

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    index = sc.staffing_index(view.roster.staffing)
    if not index.items:
        return
    moved = {swap.given.id: swap.counterpart.id, swap.returned.id: swap.requester.id}
    jobs = {swap.requester.job_type, swap.counterpart.job_type}
    seen: set[int] = set()
    for leg in swap.legs:
        for req in index.within(leg.shift.start, leg.shift.end):
            if req.job_type not in jobs or id(req) in seen:
                continue
            seen.add(id(req))
            counts = sc.short_of(view, sc.Qualified(view, req), moved)
            if counts is None:
                continue
            before, after = counts
            slot = f"{req.job_type} slot {sc.span(req.start, req.end, view.tz)}"
            need = f"{req.minimum} required (skill >= {req.min_skill})"
            facts = {"slot": slot, "minimum": req.minimum, "before": before, "after": after}
            if after < before:
                yield Violation(
                    "SWAP-8",
                    Severity.ERROR,
                    f"{slot} would drop to {after} of {need}, from {before}: "
                    f"{leg.taker.id} (skill {leg.taker.skill_level}) would replace "
                    f"{leg.giver.id} on {leg.shift.id}",
                    subject=leg.giver.id,
                    facts=facts,
                    suggestion=f"swap with a {req.job_type} colleague of skill >= "
                    f"{req.min_skill} who is free then",
                )
            elif policy.already_understaffed is not None:
                change = "leaves it so" if after == before else f"raises it to {after}"
                yield Violation(
                    "SWAP-8",
                    policy.already_understaffed,
                    f"{slot} is already understaffed: {before} of {need}; the swap {change}",
                    subject=leg.giver.id,
                    facts=facts,
                )


def swap_9_no_public_holiday(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-9 (LEAVE-10): staff on duty on a public holiday may not swap: neither the shift
    nor the return shift may belong to a public holiday
    (:meth:`~servicepolicy.workforce.RosterView.on_public_holiday`:
    the local date a shift starts on), on the policy's ``holiday_basis``: by default any
    date of a holiday period, the Sunday of Golden Week too.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Dates of a holiday period count (``SwapPolicy.holiday_basis``).
    """
    swap = sc.resolve(request, view)
    basis = policy.holiday_basis
    for leg in swap.legs:
        if not view.on_public_holiday(leg.shift, basis):
            continue
        day = view.local_date(leg.shift)
        name = view.holiday_of(day, basis)
        yield Violation(
            "SWAP-9",
            Severity.ERROR,
            f"the {leg.label} {sc.describe(leg.shift, view.tz)} is on a public holiday "
            f"({name}): staff on duty on a public holiday may not swap",
            subject=leg.giver.id,
            facts={"shift": leg.shift.id, "date": day.isoformat(), "holiday": name},
            suggestion=None if leg.label == "shift" else "choose a return shift on a working day",
        )


def swap_10_paid_back(
    policy: SwapPolicy, request: SwapRequest, view: RosterView
) -> Iterator[Violation]:
    """SWAP-10: the swap is paid back (还班): the return shift is part of the swap.

    Every other rule checks both directions; this one checks that the shift is the
    requester's and the return shift the counterpart's *now* (in a live review an earlier
    swap may have moved them: a decision, not an error), and that the return shift does not
    overlap the shift given (a return at the same time pays nothing back).

    .. versionadded:: 0.1.0
    """
    swap = sc.resolve(request, view)
    tz = view.tz
    for leg in swap.legs:
        if leg.shift.employee == leg.giver.id:
            continue
        moved = view.swap_of_shift(leg.shift.id)
        yield Violation(
            "SWAP-10",
            Severity.ERROR,
            f"the {leg.label} {sc.describe(leg.shift, tz)} is not {leg.giver.id}'s: it is "
            f"{leg.shift.employee}'s" + (f" since swap {moved.id}" if moved else ""),
            subject=leg.giver.id,
            facts={
                "shift": leg.shift.id,
                "owner": leg.shift.employee,
                "moved_by": moved.id if moved else None,
            },
            suggestion=f"name a shift {leg.giver.id} is rostered on now",
        )
    if swap.given.overlaps(swap.returned.start, swap.returned.end):
        yield Violation(
            "SWAP-10",
            Severity.ERROR,
            f"the return shift {sc.describe(swap.returned, tz)} overlaps the shift "
            f"{sc.describe(swap.given, tz)}: nothing would be paid back",
            subject=request.requester,
            facts={"shift": swap.given.id, "return_shift": swap.returned.id},
            suggestion=f"choose a return shift of {swap.counterpart.id} at another time",
        )
