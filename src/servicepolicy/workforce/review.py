"""A month of leave and swap requests, decided in the order they were made (LEAVE, SWAP).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce._leave_facts import CENTRE_HEAD_KINDS, local
from servicepolicy.workforce.leave import LeavePolicy
from servicepolicy.workforce.requests import LeaveRequest, SwapRequest
from servicepolicy.workforce.roster import Roster, RosterView
from servicepolicy.workforce.swap import SwapPolicy

__all__ = ["Request", "Review", "WorkforcePolicy"]

Request = LeaveRequest | SwapRequest


@attrs.frozen
class Review:
    """The outcome of :meth:`WorkforcePolicy.review`.

    :param decisions: ``(request, decision)`` pairs in the order the requests were
        decided: by ``requested_at``, ties by request ID.
    :param roster: the roster with every approved swap moved and every approved leave
        and swap recorded.
    :param violations: leave on the reviewed roster's record taken without the approvals
        it owes (LEAVE-4, LEAVE-11); such leave among the requests is refused in its
        decision instead.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``violations``, ``pending``.
    """

    decisions: tuple[tuple[Request, Decision], ...]
    roster: Roster
    violations: tuple[Violation, ...] = ()

    def __iter__(self) -> Iterator[tuple[Request, Decision]]:
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)

    def decision(self, request_id: str) -> Decision:
        """The decision on one request, by its ID."""
        for request, decision in self.decisions:
            if request.id == request_id:
                return decision
        raise KeyError(request_id)

    @property
    def approved(self) -> tuple[Request, ...]:
        """The requests that were allowed, in decision order."""
        return tuple(request for request, decision in self.decisions if decision.allowed)

    @property
    def refused(self) -> tuple[tuple[Request, Decision], ...]:
        """The refused requests with their decisions."""
        return tuple(pair for pair in self.decisions if not pair[1].allowed)

    @property
    def pending(self) -> tuple[tuple[Request, Decision], ...]:
        """The requests the rules allow that still owe approvals
        (:attr:`~servicepolicy.rules.Decision.approvals_owed`), with their decisions."""
        return tuple(pair for pair in self.decisions if pair[1].allowed and not pair[1].approved)

    def summary(self) -> str:
        """Counts of approved and refused requests, and refusals per rule ID."""
        per_rule = Counter(v.rule_id for _, decision in self.refused for v in decision.violations)
        rules = ", ".join(f"{rule} {count}" for rule, count in sorted(per_rule.items()))
        text = (
            f"{len(self.decisions)} requests: {len(self.approved)} approved, "
            f"{len(self.refused)} refused" + (f" (violations: {rules})" if rules else "")
        )
        if self.violations:
            text += f"; {len(self.violations)} leave on record taken without approval"
        return text


@attrs.frozen
class WorkforcePolicy:
    """Leave and swap rules together; decides single requests or a month of them.

    ``review`` is the team leader's month done right: requests are decided in the order
    they were made, and each approved one changes the roster the next ones are checked
    against, so the third swap of a month is refused even when all three arrive in one
    batch (SWAP-1), and leave on a shift swapped earlier is caught (LEAVE-9).

    .. versionadded:: 0.1.0
    """

    leave: LeavePolicy = attrs.field(factory=LeavePolicy)
    swap: SwapPolicy = attrs.field(factory=SwapPolicy)

    def check(self, request: Request, roster: Roster | RosterView) -> Decision:
        """Decide one leave or swap request against the roster (nothing is applied)."""
        if isinstance(request, LeaveRequest):
            return self.leave.check(request, roster)
        if isinstance(request, SwapRequest):
            return self.swap.check(request, roster)
        raise WrongTypeError("request", request, "a LeaveRequest or a SwapRequest")

    def review(
        self, roster: Roster, requests: Iterable[Request], *, now: datetime | None = None
    ) -> Review:
        """Decide ``requests`` in the order they were made, applying the allowed ones.

        The order is ``requested_at``, then the request ID, so the outcome does not
        depend on the order of ``requests``.  Two requests with the same ID are an error.

        Leave is *taken* when it is on the roster's record or, given ``now``, when it has
        begun by ``now``.  Taken leave that still owes its approvals (LEAVE-4, LEAVE-11)
        is a violation: an ERROR refusing the request in its decision (the absence counts
        as absenteeism, LEAVE-2), or, for leave on the record, in ``Review.violations``.

        .. versionchanged:: 0.2.0 ``now``; taken leave without its approvals is reported.
        """
        moment = None if now is None else aware("now", now)
        ordered = sorted(requests, key=_order)
        ids = Counter(request.id for request in ordered)
        duplicates = sorted(request_id for request_id, n in ids.items() if n > 1)
        if duplicates:
            raise InvalidArgumentError("requests", duplicates, "each request ID once")
        view = roster.view()
        on_record = tuple(
            _unapproved(self.leave, leave, view, "is on the roster's record as approved")
            for leave in roster.leaves
            if self.leave.approvals_owed(leave, view)
        )
        decisions = []
        for request in ordered:
            decision = self.check(request, view)
            if isinstance(request, LeaveRequest) and moment is not None:
                decision = self._taken(request, decision, view, moment)
            if decision.allowed:
                if isinstance(request, SwapRequest):
                    view.apply_swap(request)
                else:
                    view.apply_leave(request)
            decisions.append((request, decision))
        return Review(tuple(decisions), view.to_roster(), on_record)

    def _taken(
        self, request: LeaveRequest, decision: Decision, view: RosterView, now: datetime
    ) -> Decision:
        """``decision``, refused when the leave began by ``now`` without its approvals."""
        if not decision.allowed or decision.approved or cut.earlier(now, request.start):
            return decision
        found = _unapproved(self.leave, request, view, f"was taken (by {local(now, view)})")
        return Decision.from_violations(
            (*decision.violations, found),
            subject=decision.subject,
            required_approver=decision.required_approver,
            facts=decision.facts,
            notes=decision.notes,
        )


def _unapproved(policy: LeavePolicy, leave: LeaveRequest, view: RosterView, how: str) -> Violation:
    """LEAVE-4 / LEAVE-11: leave taken without the approvals it owes."""
    owed = policy.approvals_owed(leave, view)
    who = " and ".join(f"the {str(role).replace('_', ' ')}" for role in owed)
    return Violation(
        "LEAVE-11" if leave.kind in CENTRE_HEAD_KINDS else "LEAVE-4",
        Severity.ERROR,
        f"{leave.kind} leave {leave.id} ({local(leave.start, view)} to {local(leave.end, view)}) "
        f"{how} without approval by {who}: the absence counts as absenteeism (旷工, LEAVE-2)",
        subject=leave.employee,
        facts={
            "leave": leave.id,
            "approvals_owed": tuple(str(role) for role in owed),
            "approved_by": tuple(f"{a.by} ({a.role})" for a in leave.approvals),
        },
        suggestion=f"have {who} approve the leave",
    )


def _order(request: Request) -> tuple[object, str]:
    if not isinstance(request, LeaveRequest | SwapRequest):
        raise WrongTypeError("requests", request, "LeaveRequest or SwapRequest values")
    return (request.requested_at, request.id)
