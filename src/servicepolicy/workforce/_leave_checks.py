"""The LEAVE-1 … LEAVE-11 checks behind :class:`~servicepolicy.workforce.leave.LeavePolicy`.

Each rule is one function ``leave_<n>_<topic>(policy, request, view)`` that yields the
:class:`~servicepolicy.rules.Violation` values it finds.  The measurements several rules
share are the helpers at the top, or methods of the policy (its length, its dates, the
notice deadline, the public-holiday special case).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce.model import Shift, ShiftKind
from servicepolicy.workforce.requests import ApproverRole, LeaveKind, LeaveRequest
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.leave import LeavePolicy

#: Kinds the centre head approves whatever their length (LEAVE-11).
CENTRE_HEAD_KINDS = frozenset({LeaveKind.BUSINESS_TRIP, LeaveKind.TRAINING})
_DAY = timedelta(days=1)

# -- shared measurements ---------------------------------------------------------------------


def affected_shifts(request: LeaveRequest, view: RosterView) -> list[Shift]:
    """The employee's shifts sharing time with the leave ``[start, end)``, by start."""
    return [s for s in view.shifts_of(request.employee) if s.overlaps(request.start, request.end)]


def first_start(request: LeaveRequest, view: RosterView) -> tuple[datetime, str | None]:
    """The start of the first affected shift and its ID; the leave's start if none."""
    shifts = affected_shifts(request, view)
    return (shifts[0].start, shifts[0].id) if shifts else (request.start, None)


def local(instant: datetime, view: RosterView) -> str:
    """``2026-10-08 08:00``: an instant on the roster's wall clock, for messages."""
    return instant.astimezone(view.tz).strftime("%Y-%m-%d %H:%M")


def span(duration: timedelta) -> str:
    """``2 days 1h30min``: a duration for messages."""
    hours, minutes = duration.seconds // 3600, duration.seconds % 3600 // 60
    parts = [f"{duration.days} day" + ("s" if duration.days != 1 else "")] * bool(duration.days)
    parts += [f"{hours}h"] * bool(hours) + [f"{minutes}min"] * bool(minutes)
    return " ".join(parts) or "0h"


def describe_length(policy: LeavePolicy, length: timedelta) -> str:
    """The leave's length in the words of its ``duration_basis``."""
    if policy.duration_basis == "shift_days":
        return f"{length / _DAY:.3g} day(s) of rostered shifts"
    if policy.duration_basis == "shift_hours":
        return f"{span(length)} of rostered shifts"
    return f"{span(length)} from start to end"


class Notice(NamedTuple):
    """The lead time LEAVE-1 asks of a request, and whether the request met it."""

    wording: str
    deadline: str
    missed: bool
    what: str
    facts: dict[str, object]


def notice(policy: LeavePolicy, request: LeaveRequest, view: RosterView) -> Notice | None:
    """The LEAVE-1 lead time of ``request``; ``None`` for kinds without one."""
    deadline = policy.notice_deadline(request, view)
    if deadline is None:
        return None
    start, shift = first_start(request, view)
    urgent = request.kind is LeaveKind.URGENT_PERSONAL
    lead = policy.urgent_notice if urgent else policy.personal_notice
    if isinstance(lead, timedelta):
        wording = f"{request.kind.replace('_', ' ')} leave: at least {span(lead)} before the shift"
    else:
        wording = "ordinary personal leave: no later than the day before"
    what = f"shift {shift} at {local(start, view)}" if shift else f"leave at {local(start, view)}"
    facts: dict[str, object] = {
        "requested_at": request.requested_at.astimezone(view.tz),
        "deadline": deadline.astimezone(view.tz),
        "notice": lead,
        "shift": shift,
        "shift_start": start.astimezone(view.tz),
    }
    missed = request.requested_at > deadline
    return Notice(wording, f"by {local(deadline, view)}", missed, what, facts)


def _iso(days: Iterable[date]) -> tuple[str, ...]:
    return tuple(d.isoformat() for d in days)


def shift_text(shift: Shift, view: RosterView) -> str:
    """``S-12 (2026-10-08 08:00 to 2026-10-08 20:00)``: a shift for messages."""
    return f"{shift.id} ({local(shift.start, view)} to {local(shift.end, view)})"


def _violation(
    rule_id: str,
    severity: Severity,
    request: LeaveRequest,
    message: str,
    facts: dict[str, object],
    suggestion: str | None = None,
) -> Violation:
    return Violation(
        rule_id, severity, message, subject=request.employee, facts=facts, suggestion=suggestion
    )


def _awaiting(
    rule_id: str, request: LeaveRequest, required: ApproverRole, why: str, facts: dict[str, object]
) -> Violation:
    who = required.replace("_", " ")
    facts["required_approver"] = str(required)
    facts["approved_by"] = tuple(f"{a.by} ({a.role})" for a in request.approvals)
    message, suggestion = f"awaiting approval by the {who}: {why}", f"have the {who} approve it"
    return _violation(rule_id, Severity.WARNING, request, message, facts, suggestion)


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
    never past them (skipping levels) or to another line.  Not checked when
    ``submitted_to`` was not recorded."""
    leader = view.employee(request.employee, f"leave request {request.id}").team_leader
    if request.submitted_to is None or request.submitted_to == leader:
        return
    message = (
        f"request handed to {request.submitted_to}, not to {request.employee}'s own team "
        f"leader {leader}: requests go level by level, without skipping levels or lines"
    )
    facts: dict[str, object] = {"submitted_to": request.submitted_to, "team_leader": leader}
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
    covering every date of the leave (``dates_basis``) without gaps.  In an emergency
    (``request.emergency``) no certificate is needed, but the team leader must have been
    phoned no later than the start of the first affected shift."""
    if request.kind is not LeaveKind.SICK:
        return
    leader = view.employee(request.employee, f"leave request {request.id}").team_leader
    if request.emergency:
        start, shift = first_start(request, view)
        phoned = request.phoned_team_leader_at
        if phoned is not None and phoned <= start:
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
        return
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
    facts = {
        "length": length,
        "certificate_from": policy.certificate_from,
        "dates": _iso(dates),
        "uncovered": _iso(uncovered),
        "certificates": tuple(f"{c.first_day}..{c.last_day}" for c in request.certificates),
    }
    suggestion = f"hand in certificates covering {missing} (due on the first day back)"
    yield _violation("LEAVE-6", policy.certificate_severity, request, message, facts, suggestion)


def leave_7_night_shift(
    policy: LeavePolicy, request: LeaveRequest, view: RosterView
) -> Iterator[Violation]:
    """LEAVE-7: in principle no leave on night shifts (the roster's night window).  In
    special cases the request must be made before ``night_cutoff`` (12:00) of *that day*,
    read as the local date the night shift starts on, and approved by management.

    One ERROR per night shift that fails; an INFO per night shift accepted as a special
    case.  Applies to ``restricted_kinds``."""
    if request.kind not in policy.restricted_kinds:
        return
    approvers = policy.management_approvers(request)
    for shift in affected_shifts(request, view):
        if view.kind(shift) is not ShiftKind.NIGHT:
            continue
        cutoff = datetime.combine(view.local_date(shift), policy.night_cutoff, view.tz)
        in_time = request.requested_at < cutoff
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
