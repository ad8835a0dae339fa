"""What-if: breach rates of a policy over many tickets, and what changes under another.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from servicepolicy.sla.status import SlaState
from servicepolicy.sla.targets import Metric
from servicepolicy.tickets import Ticket

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["BreachRate", "OutcomeChange", "SlaReport", "compare"]


@attrs.frozen
class BreachRate:
    """The outcomes of one metric for the tickets of one kind and tier.

    :param kind: the ticket kind.
    :param tier: the customer's tier (the ticket's current one), or ``None``.
    :param metric: the clock's metric.
    :param clocks: how many clocks were evaluated.
    :param breached: how many were breached.
    :param met: how many were met (the rest are running or paused).

    .. versionadded:: 0.1.0
    """

    kind: str
    tier: str | None
    metric: Metric
    clocks: int
    breached: int
    met: int

    @property
    def rate(self) -> float:
        """``breached / clocks``."""
        return self.breached / self.clocks if self.clocks else 0.0

    def sort_key(self) -> tuple[str, str, int]:
        """Kind, tier (none first), then the metric in clock order."""
        return (self.kind, self.tier or "", list(Metric).index(self.metric))

    def as_row(self) -> dict[str, Any]:
        """The figures as plain data."""
        return {**attrs.asdict(self), "metric": self.metric.value, "rate": self.rate}


@attrs.frozen
class SlaReport:
    """Breach rates by kind, tier and metric at one instant (:meth:`SlaPolicy.replay`).

    .. versionadded:: 0.1.0
    """

    now: datetime
    rates: tuple[BreachRate, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per :class:`BreachRate`."""
        return [rate.as_row() for rate in self.rates]

    def __str__(self) -> str:
        lines = [f"SLA outcomes at {self.now.isoformat(timespec='minutes')}"]
        for r in self.rates:
            lines.append(
                f"  {r.kind:<12} {r.tier or '-':<10} {r.metric:<16} {r.clocks:>7} clocks "
                f"{r.breached:>6} breached ({r.rate:6.1%})"
            )
        return "\n".join(lines)


@attrs.frozen
class OutcomeChange:
    """A clock whose outcome differs between two policies.

    :param ticket: the ticket's ID.
    :param metric: the clock's metric.
    :param number: which clock of that metric (promises may be several), from 0.
    :param before: its state under the first policy (``None``: no such clock).
    :param after: its state under the second.

    .. versionadded:: 0.1.0
    """

    ticket: str
    metric: Metric
    number: int
    before: SlaState | None
    after: SlaState | None

    def __str__(self) -> str:
        return f"{self.ticket} {self.metric}: {self.before or '-'} -> {self.after or '-'}"


def compare(
    before: SlaPolicy, after: SlaPolicy, tickets: Iterable[Ticket], now: datetime
) -> list[OutcomeChange]:
    """The clocks whose state at ``now`` differs between two policies, ticket by ticket.

    .. versionadded:: 0.1.0
    """
    changes = []
    for ticket in tickets:
        old, new = _states(before, ticket, now), _states(after, ticket, now)
        for key in sorted(old.keys() | new.keys(), key=lambda k: (list(Metric).index(k[0]), k[1])):
            if old.get(key) != new.get(key):
                changes.append(OutcomeChange(ticket.id, *key, old.get(key), new.get(key)))
    return changes


def _states(policy: SlaPolicy, ticket: Ticket, now: datetime) -> dict[tuple[Metric, int], SlaState]:
    states: dict[tuple[Metric, int], SlaState] = {}
    for status in policy.evaluate(ticket, now):
        number = sum(1 for metric, _ in states if metric is status.metric)
        states[(status.metric, number)] = status.state
    return states
