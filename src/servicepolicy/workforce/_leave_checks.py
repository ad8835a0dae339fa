"""The LEAVE-1 … LEAVE-11 checks behind :class:`~servicepolicy.workforce.leave.LeavePolicy`.

Each rule is one function ``leave_<n>_<topic>(policy, request, view)`` that yields the
:class:`~servicepolicy.rules.Violation` values it finds.  The measurements several rules
share are in ``_leave_facts``, or methods of the policy (its length, its dates, the
notice deadline, the public-holiday special case).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce._leave_facts import (
    CENTRE_HEAD_KINDS,
    _awaiting,
    _iso,
    _violation,
    affected_shifts,
    describe_length,
    first_start,
    local,
    notice,
    overridden,
    shift_text,
    span,
)
from servicepolicy.workforce.model import ShiftKind
from servicepolicy.workforce.requests import ApproverRole, LeaveKind, LeaveRequest
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.leave import LeavePolicy

# -- the rules -------------------------------------------------------------------------------


def leave_1_advance_notice(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-1: personal leave is requested in advance; ordinary personal leave no later
    than the day before the first affected shift (``personal_notice``), urgent personal
    leave at least ``urgent_notice`` before it.  Sick leave, business trips and training
    have no lead time.

    A missed lead time is reported once: here, as an ERROR saying the absence counts as
    absenteeism, unless management approved the late request; then LEAVE-2 notes it.
    """
    found = notice(policy, request, view)
    if found is None or not found.missed or policy.management_approvers(request):
        return
    message = (
        f"{request.kind} leave requested at {local(request.requested_at, view)}, missing the "
        f"deadline ({found.deadline}) for {found.what} ({found.wording}); without management's "
        "approval the absence counts as absenteeism (旷工, LEAVE-2)"
    )
    suggestion = "ask management to approve the late request (LEAVE-2)"
    yield _violation("LEAVE-1", Severity.ERROR, request, message, found.facts, suggestion)


def leave_2_late_request(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-2: a request that misses its LEAVE-1 lead time is valid only with
    management's approval (``management_roles``); otherwise it counts as absenteeism.

    The refusal is LEAVE-1's ERROR; this rule adds an INFO note when a late request was
    accepted because management approved it.
    """
    found = notice(policy, request, view)
    approvers = policy.management_approvers(request)
    if found is None or not found.missed or not approvers:
        return
    message = (
        f"accepted as a late request: requested at {local(request.requested_at, view)}, "
        f"after the deadline ({found.deadline}) for {found.what}, and approved by "
        f"management ({', '.join(approvers)})"
    )
    facts = {**found.facts, "approved_by": approvers}
    yield _violation("LEAVE-2", Severity.INFO, request, message, facts)


def leave_3_level_by_level(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-3: requests go level by level: handed to the employee's own team leader,
    never past them (skipping levels) or to another line.

    When ``submitted_to`` was not recorded the rule cannot be checked; it says so with a
    violation of ``unrecorded_submission`` severity (INFO by default; ``None``: silent).

    .. versionchanged:: 0.2.0 an unrecorded ``submitted_to`` is reported as not checked.
    """
    leader = view.employee(request.employee, f"leave request {request.id}").team_leader
    if request.submitted_to is None:
        if policy.unrecorded_submission is None:
            return
        message = (
            f"not checked: the request does not record whom it was handed to; it must go "
            f"to {request.employee}'s own team leader {leader}"
        )
        facts: dict[str, object] = {"checked": False, "submitted_to": None, "team_leader": leader}
        suggestion = f"record submitted_to (team leader {leader}) to check LEAVE-3"
        severity = policy.unrecorded_submission
        yield _violation("LEAVE-3", severity, request, message, facts, suggestion)
        return
    if request.submitted_to == leader:
        return
    message = (
        f"request handed to {request.submitted_to}, not to {request.employee}'s own team "
        f"leader {leader}: requests go level by level, without skipping levels or lines"
    )
    facts = {"submitted_to": request.submitted_to, "team_leader": leader}
    suggestion = f"hand the request to team leader {leader}"
    yield _violation("LEAVE-3", Severity.ERROR, request, message, facts, suggestion)


def leave_4_approval_authority(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-4: leave of up to ``one_day`` (measured on ``duration_basis``) is approved by
    the customer-service department head, longer leave by the centre head.

    The decision's ``required_approver`` says who; this rule warns when the request
    carries approvals but none by that role (or, with ``higher_may_approve``, above it).
    Business trips and training are LEAVE-11's."""
    if request.kind in CENTRE_HEAD_KINDS:
        return
    required = policy.required_approver(request, view)
    if not policy.awaits(request, required):
        return
    length = policy.length(request, view)
    limit = "up to" if length <= policy.one_day else "more than"
    why = f"the leave is {describe_length(policy, length)}, {limit} {span(policy.one_day)}"
    facts: dict[str, object] = {
        "length": length,
        "duration_basis": policy.duration_basis,
        "one_day": policy.one_day,
    }
    yield _awaiting("LEAVE-4", request, required, why, facts)


def leave_5_in_person(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-5: personal leave is requested by the employee in person; only sick leave may
    be requested by someone else.  The kinds that must be requested in person are
    ``in_person_kinds``."""
    if request.kind not in policy.in_person_kinds or request.requested_by == request.employee:
        return
    message = (
        f"{request.kind} leave for {request.employee} was requested by {request.requested_by}: "
        "it must be requested by the employee in person (only sick leave may be requested "
        "by someone else)"
    )
    facts: dict[str, object] = {"requested_by": request.requested_by, "kind": str(request.kind)}
    suggestion = f"{request.employee} must hand in the request in person"
    yield _violation("LEAVE-5", Severity.ERROR, request, message, facts, suggestion)


def leave_6_medical_certificate(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-6: sick leave of ``certificate_from`` or more needs medical certificates
    covering every date of the leave (``dates_basis``) without gaps; the certificates on
    file decide it.  In an emergency (``request.emergency``) the team leader must have
    been phoned no later than the start of the first affected shift.

    "Emergencies excepted": when the certificates leave dates uncovered, the caller's
    ``emergency`` flag is an override (with ``flag_overrides``): the leave is accepted
    with a WARNING saying so.  Certificates that cover every date need no exception.

    .. versionchanged:: 0.2.0 certificates are checked in emergencies too; the
       ``emergency`` flag only overrides missing ones, and says so.
    """
    if request.kind is not LeaveKind.SICK:
        return
    leader = view.employee(request.employee, f"leave request {request.id}").team_leader
    if request.emergency:
        yield from _emergency_call(request, view, leader)
    length = policy.length(request, view)
    if length < policy.certificate_from:
        return
    dates = policy.dates(request, view)
    uncovered = policy.uncovered_dates(request, view)
    if not uncovered:
        return
    missing = ", ".join(_iso(uncovered))
    message = (
        f"sick leave of {describe_length(policy, length)} needs medical certificates for "
        f"every date without gaps; not covered: {missing}"
    )
    facts: dict[str, object] = {
        "length": length,
        "certificate_from": policy.certificate_from,
        "dates": _iso(dates),
        "uncovered": _iso(uncovered),
        "certificates": tuple(f"{c.first_day}..{c.last_day}" for c in request.certificates),
    }
    suggestion = f"hand in certificates covering {missing} (due on the first day back)"
    found = _violation("LEAVE-6", policy.certificate_severity, request, message, facts, suggestion)
    if request.emergency and policy.flag_overrides:
        found = overridden(found, "emergency")
    yield found


def _emergency_call(request: LeaveRequest, view: RosterView, leader: str) -> Iterator[Violation]:
    """LEAVE-6: in an emergency the team leader is phoned before the shift starts."""
    start, shift = first_start(request, view)
    phoned = request.phoned_team_leader_at
    if phoned is not None and cut.not_after(phoned, start):
        return
    when = "not phoned" if phoned is None else f"phoned only at {local(phoned, view)}"
    what = f"shift {shift}" if shift else "the leave"
    message = (
        f"emergency sick leave: team leader {leader} was {when}, not before {what} "
        f"started at {local(start, view)}"
    )
    facts: dict[str, object] = {
        "phoned_team_leader_at": phoned,
        "shift": shift,
        "shift_start": start.astimezone(view.tz),
    }
    suggestion = f"phone team leader {leader} before the shift starts"
    yield _violation("LEAVE-6", Severity.ERROR, request, message, facts, suggestion)


def leave_7_night_shift(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-7: in principle no leave on night shifts (the roster's night window).  In
    special cases the request must be made before ``night_cutoff`` (12:00) of *that day*,
    read as the local date the night shift starts on, and approved by management.  The
    cut-off never lies after the shift's start: for a night shift starting at 00:00 it is
    the shift's start, so a request made mid-shift is never in time.

    One ERROR per night shift that fails; an INFO per night shift accepted as a special
    case.  Applies to ``restricted_kinds``."""
    if request.kind not in policy.restricted_kinds:
        return
    approvers = policy.management_approvers(request)
    for shift in affected_shifts(request, view):
        if view.kind(shift) is not ShiftKind.NIGHT:
            continue
        own = cut.at_wall_time(view.local_date(shift), policy.night_cutoff, view.tz)
        cutoff = cut.cutoff(own, shift.start, view.tz)
        in_time = cut.earlier(request.requested_at, cutoff)
        facts: dict[str, object] = {
            "shift": shift.id,
            "shift_start": shift.start.astimezone(view.tz),
            "requested_at": request.requested_at.astimezone(view.tz),
            "cutoff": cutoff,
            "approved_by": approvers,
        }
        if in_time and approvers:
            message = (
                f"night shift {shift_text(shift, view)} taken off as a special case: "
                f"requested before {local(cutoff, view)}, approved by {', '.join(approvers)}"
            )
            yield _violation("LEAVE-7", Severity.INFO, request, message, facts)
            continue
        why = [] if in_time else [f"requested at {local(request.requested_at, view)}"]
        why += [] if approvers else ["not approved by management"]
        message = (
            f"no leave on night shift {shift_text(shift, view)} in principle; a special case "
            f"must be requested before {local(cutoff, view)} and approved by management, "
            f"but was {' and '.join(why)}"
        )
        suggestion = (
            "ask management to approve the night-shift special case (LEAVE-7)"
            if in_time
            else f"night-shift leave had to be requested before {local(cutoff, view)}"
        )
        yield _violation("LEAVE-7", Severity.ERROR, request, message, facts, suggestion)


def leave_8_public_holiday(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-8: no leave on a public holiday (any date of the leave, ``dates_basis``,
    that is a public holiday on ``holiday_basis``: by default every date of a holiday
    period, the Sunday of Golden Week too), except a very special case
    (``request.special_case``) requested ``holiday_notice`` ahead and approved by
    management.  Applies to ``restricted_kinds``.  See LEAVE-10 for staff rostered on
    the holiday."""
    if request.kind not in policy.restricted_kinds:
        return
    basis = policy.holiday_basis
    days = [d for d in policy.dates(request, view) if view.is_public_holiday(d, basis)]
    if not days:
        return
    met, deadline = policy.holiday_special_case(request, view, days[0])
    names = "; ".join(f"{d.isoformat()} {view.holiday_of(d, basis)}" for d in days)
    facts: dict[str, object] = {
        "holidays": _iso(days),
        "holiday_basis": basis,
        "special_case": request.special_case,
        "requested_at": request.requested_at.astimezone(view.tz),
        "deadline": deadline.astimezone(view.tz),
        "approved_by": policy.management_approvers(request),
    }
    by = f"requested by {local(deadline, view)} and approved by management"
    if met:
        message = f"leave on public holiday(s) {names} accepted as a very special case {by}"
        yield _violation("LEAVE-8", Severity.INFO, request, message, facts)
        return
    message = f"no leave on public holiday(s) {names}: only a very special case {by} is allowed"
    suggestion = f"only as a special case {by} (LEAVE-8)"
    yield _violation("LEAVE-8", Severity.ERROR, request, message, facts, suggestion)


def leave_9_swapped_shift(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-9 (SWAP-6): no leave on a shift worked as a shift swap or as its return;
    leave there counts as absenteeism.  One ERROR per such shift.  Applies to
    ``restricted_kinds``."""
    if request.kind not in policy.restricted_kinds:
        return
    for shift in affected_shifts(request, view):
        swap = view.swap_of_shift(shift.id)
        if swap is None:
            continue
        role = "swapped shift" if swap.shift == shift.id else "return shift"
        message = (
            f"shift {shift_text(shift, view)} is the {role} of swap {swap.id} "
            f"({swap.requester} with {swap.counterpart}): leave there counts as "
            "absenteeism (旷工, SWAP-6)"
        )
        facts: dict[str, object] = {"shift": shift.id, "swap": swap.id, "role": role}
        suggestion = "work the shift as swapped; leave is possible on shifts not part of a swap"
        yield _violation("LEAVE-9", Severity.ERROR, request, message, facts, suggestion)


def leave_10_holiday_duty(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-10: staff rostered on a public holiday (a shift belonging to one, by its
    start date, on ``holiday_basis``: by default any date of a holiday period) may not
    take leave there (nor swap, SWAP-9).

    The manual gives LEAVE-10 no exception, while LEAVE-8 excepts very special cases;
    ``holiday_duty_special_case=True`` lets LEAVE-8's special case through here too.
    One ERROR per such shift.  Applies to ``restricted_kinds``."""
    if request.kind not in policy.restricted_kinds:
        return
    basis = policy.holiday_basis
    for shift in affected_shifts(request, view):
        if not view.on_public_holiday(shift, basis):
            continue
        day = view.local_date(shift)
        met, deadline = policy.holiday_special_case(request, view, day)
        if policy.holiday_duty_special_case and met:
            continue
        message = (
            f"{request.employee} is rostered on public holiday {day.isoformat()} "
            f"({view.holiday_of(day, basis)}), shift {shift_text(shift, view)}: staff "
            "on holiday duty may not take leave"
        )
        facts: dict[str, object] = {
            "shift": shift.id,
            "holiday": day,
            "holiday_basis": basis,
            "special_case": request.special_case,
        }
        suggestion = None
        if policy.holiday_duty_special_case:
            suggestion = (
                f"only as a special case requested by {local(deadline, view)} and approved "
                "by management (LEAVE-8)"
            )
        yield _violation("LEAVE-10", Severity.ERROR, request, message, facts, suggestion)


def leave_11_centre_head_kinds(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-11: business trips and external training are approved by the centre head,
    whatever their length.  Warns when the request carries approvals but none by the
    centre head."""
    required = ApproverRole.CENTRE_HEAD
    if request.kind in CENTRE_HEAD_KINDS and policy.awaits(request, required):
        why = f"{request.kind.replace('_', ' ')} is approved by the centre head"
        yield _awaiting("LEAVE-11", request, required, why, {"kind": str(request.kind)})
