"""What-if: breach rates of a policy over many tickets, and what changes under another.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from servicepolicy.sla.status import SlaState, SlaStatus
from servicepolicy.sla.targets import Metric
from servicepolicy.tickets import Ticket

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["BreachRate", "OutcomeChange", "SlaReport", "SlaTally", "compare"]


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


class SlaTally:
    """Counts clocks by kind, current tier, metric and state as tickets are evaluated: the
    figures of :meth:`SlaPolicy.replay <servicepolicy.sla.SlaPolicy.replay>`, fed by the
    statuses of :meth:`SlaPolicy.evaluate <servicepolicy.sla.SlaPolicy.evaluate>`, so that
    a caller who needs both evaluates each ticket once.

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str | None, Metric, SlaState], int] = {}

    def add(self, ticket: Ticket, statuses: Iterable[SlaStatus]) -> None:
        """Count the ``statuses`` of ``ticket`` (all of its clocks at one instant)."""
        kind, tier, counts = ticket.kind, ticket.current_tier, self.counts
        for status in statuses:
            key = (kind, tier, status.metric, status.state)
            counts[key] = counts.get(key, 0) + 1

    def report(self, now: datetime) -> SlaReport:
        """The breach rates counted so far, as of ``now``."""
        return SlaReport.from_counts(now, self.counts)


@attrs.frozen
class SlaReport:
    """Breach rates by kind, tier and metric at one instant (:meth:`SlaPolicy.replay`).

    .. versionadded:: 0.1.0
    """

    now: datetime
    rates: tuple[BreachRate, ...]

    @classmethod
    def from_counts(
        cls, now: datetime, counts: Mapping[tuple[str, str | None, Metric, SlaState], int]
    ) -> SlaReport:
        """The report of clock counts by ``(kind, tier, metric, state)``."""
        groups: dict[tuple[str, str | None, Metric], collections.Counter[SlaState]] = {}
        for (kind, tier, metric, state), n in counts.items():
            groups.setdefault((kind, tier, metric), collections.Counter())[state] += n
        rows = [
            BreachRate(kind, tier, metric, c.total(), c[SlaState.BREACHED], c[SlaState.MET])
            for (kind, tier, metric), c in groups.items()
        ]
        return cls(now, tuple(sorted(rows, key=BreachRate.sort_key)))

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
