"""A month of leave and swap requests, decided in the order they were made (LEAVE, SWAP).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Decision
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

    .. versionadded:: 0.1.0
    """

    decisions: tuple[tuple[Request, Decision], ...]
    roster: Roster

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

    def summary(self) -> str:
        """Counts of approved and refused requests, and refusals per rule ID."""
        per_rule = Counter(v.rule_id for _, decision in self.refused for v in decision.violations)
        rules = ", ".join(f"{rule} {count}" for rule, count in sorted(per_rule.items()))
        return (
            f"{len(self.decisions)} requests: {len(self.approved)} approved, "
            f"{len(self.refused)} refused" + (f" (violations: {rules})" if rules else "")
        )


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

    def review(self, roster: Roster, requests: Iterable[Request]) -> Review:
        """Decide ``requests`` in the order they were made, applying the approved ones.

        The order is ``requested_at``, then the request ID, so the outcome does not
        depend on the order of ``requests``.  Two requests with the same ID are an error.
        """
        ordered = sorted(requests, key=_order)
        ids = Counter(request.id for request in ordered)
        duplicates = sorted(request_id for request_id, n in ids.items() if n > 1)
        if duplicates:
            raise InvalidArgumentError("requests", duplicates, "each request ID once")
        view = roster.view()
        decisions = []
        for request in ordered:
            decision = self.check(request, view)
            if decision.allowed:
                if isinstance(request, SwapRequest):
                    view.apply_swap(request)
                else:
                    view.apply_leave(request)
            decisions.append((request, decision))
        return Review(tuple(decisions), view.to_roster())


def _order(request: Request) -> tuple[object, str]:
    if not isinstance(request, LeaveRequest | SwapRequest):
        raise WrongTypeError("requests", request, "LeaveRequest or SwapRequest values")
    return (request.requested_at, request.id)
