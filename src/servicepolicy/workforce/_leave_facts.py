"""The measurements the LEAVE checks share: affected shifts, local times, lengths in
words, the notice deadline, and how a violation is built or marked as overridden.

.. versionadded:: 0.2.0
   Split from ``_leave_checks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce.model import Shift
from servicepolicy.workforce.requests import ApproverRole, LeaveKind, LeaveRequest
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.leave import LeavePolicy

#: Kinds the centre head approves whatever their length (LEAVE-11).
CENTRE_HEAD_KINDS = frozenset({LeaveKind.BUSINESS_TRIP, LeaveKind.TRAINING})
_DAY = timedelta(days=1)


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
    missed = not cut.not_after(request.requested_at, deadline)
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


def overridden(violation: Violation, flag: str) -> Violation:
    """``violation`` (what the data show) accepted on the caller's ``flag`` (LEAVE-6's
    ``emergency``, LEAVE-8's ``special_case``): a WARNING that names the override."""
    if violation.severity < Severity.ERROR:
        return violation
    return Violation(
        violation.rule_id,
        Severity.WARNING,
        f"accepted only on the caller's {flag} flag (an override; the data do not show "
        f"the exception): {violation.message}",
        subject=violation.subject,
        facts={**violation.facts, "override": flag},
        suggestion=violation.suggestion,
    )
