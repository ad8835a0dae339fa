"""The SLA clocks of many tickets, evaluated in columns (SLA-1 … SLA-5).

:meth:`~servicepolicy.sla.SlaPolicy.replay` takes this path when numpy is installed and
the policy has no ``adjust_due`` hook (``engine="auto"``); ``engine="columns"`` asks for
it, for a replay and for :meth:`~servicepolicy.sla.SlaPolicy.evaluate_many`, and
``"objects"`` declines it.  It is a new path beside the object path, not a rewrite of
it: :meth:`~servicepolicy.sla.SlaPolicy.evaluate` and the timelines keep working ticket
by ticket.  One pass over each ticket's events collects the facts of its clocks (the
same pass the object path makes).  When only the states are counted, a ticket without
reclassifications is then one row of ticks (opened, first answered, resolved, followed
up), its plain clocks made from the rows of its profile at once; otherwise, and for
progress updates and paused clocks, the clocks go in columns one by one.  The columns are
one set per matched target, and their elapsed working time and due instants come from
the calendar's batch arithmetic
(:meth:`~servicepolicy.calendar.BusinessCalendar.working_time_many`,
:meth:`~servicepolicy.calendar.BusinessCalendar.add_many`) over integer microseconds,
:data:`CHUNK` tickets at a time, so memory does not grow with their number.

In columns: first response, resolution and follow-up clocks, progress updates with every
missed update (SLA-5), promises (calendar time, SLA-4), targets in working days, a
reclassification that leaves a clock on one target, and paused clocks (SLA-3) when only
their states are counted.  The ``adjust_due`` hook is called for every clock with a due
instant, with the due instants computed in columns.  A clock the columns do not cover is
run by the object path, and counted (``ColumnStats.fallbacks``): a clock re-targeted
by a reclassification, a progress-update target in working days, a paused clock when
the full outcomes are asked for, a paused clock whose working time equals its target.
The cyclic garbage collector is paused while the tickets are evaluated (the columns hold
no cycles), as the readers do.

The answers are the object path's exactly; a property test compares them.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from servicepolicy.sla._chunk import Chunk, ColumnStats
from servicepolicy.sla._evaluate import Outcome
from servicepolicy.tickets import Ticket

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["CHUNK", "ColumnStats", "have_numpy", "run_columns"]

CHUNK = 50_000
"""How many tickets are evaluated per chunk (the columns of one chunk are in memory at a
time)."""


def have_numpy() -> bool:
    """Whether numpy can be imported (the columnar path needs it)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def run_columns(
    policy: SlaPolicy, tickets: Iterable[Ticket], now: datetime, *, keep: bool = False
) -> tuple[dict[Any, int], list[tuple[Ticket, list[Any]]], ColumnStats]:
    """Evaluate ``tickets`` at ``now`` in columns.

    :returns: the clocks counted by ``(kind, current tier, metric, state)`` (what
        :meth:`~servicepolicy.sla.SlaReport.from_counts` takes), every ticket's outcomes
        (the object path's plain tuples) in order when ``keep`` (else an empty list), and
        the :class:`ColumnStats`.
    """
    full = keep or policy.adjust_due is not None  # the adjusted due decides the state
    chunk = Chunk(policy, now, full)
    kept: list[tuple[Ticket, list[Outcome]]] = []
    counts = chunk.counts
    n = 0
    found = iter(tickets)
    collecting = gc.isenabled()
    gc.disable()  # the columns hold no cycles; a full collection per chunk would cost more
    try:
        while batch := list(islice(found, CHUNK)):
            chunk.add_all(batch)
            n += len(batch)
            _done(chunk.flush(), kept if keep else None, counts)
    finally:
        if collecting:
            gc.enable()
    chunk.stats.tickets = n
    return counts, kept, chunk.stats


def _done(
    found: list[tuple[Ticket, list[Outcome]]],
    kept: list[tuple[Ticket, list[Outcome]]] | None,
    counts: dict[Any, int],
) -> None:
    """Count a flushed chunk's outcomes, and keep them if asked."""
    for ticket, outcomes in found:
        kind, tier = ticket.kind, ticket.current_tier
        for outcome in outcomes:
            key = (kind, tier, outcome[0], outcome[1])
            counts[key] = counts.get(key, 0) + 1
    if kept is not None:
        kept += found
