"""Ticket-event rows grouped into tickets, with the checks that need a ticket's other
rows (private; see :mod:`servicepolicy.io.ticket_table`).

numpy is imported inside the functions: this module imports without it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from servicepolicy.io._ticket_batches import Events
from servicepolicy.tickets.events import EventKind
from servicepolicy.tickets.lifecycle import LifecycleRegistry

__all__ = ["Plan", "plan_tickets"]

_OPENED = list(EventKind).index(EventKind.OPENED)


class Plan:
    """Which rows can be built here, grouped into tickets; the rest goes to the row reader.

    ``codes``: each row's ticket number (-1 without an ID), in order of first appearance;
    ``order``: the rows grouped by ticket, each ticket's in line order; ``fast``: per
    ticket, whether all its rows passed; ``events``: each row's event kind (its index in
    :class:`EventKind`)."""

    def __init__(self, codes: Any, order: Any, starts: Any, fast: Any, events: Any) -> None:
        self.codes, self.order, self.starts, self.fast = codes, order, starts, fast
        self.events = events
        self.slow_tickets: list[int] = []

    def slow_lines(self, events: Events) -> Any:
        """The lines of the rows the row reader must read: rows of the slow tickets, and
        rows without a ticket ID."""
        import numpy as np

        lines = events.lines(np.arange(events.n))
        slow = ~self.fast
        if self.slow_tickets:
            slow = slow.copy()
            slow[np.array(self.slow_tickets, dtype=np.int64)] = True
        on = self.codes < 0
        if slow.size:
            on |= slow[np.maximum(self.codes, 0)] & (self.codes >= 0)
        return lines[on]


def plan_tickets(
    events: Events, lifecycles: LifecycleRegistry, tiers: Collection[str] | None
) -> Plan:
    """Group ``events``' rows into tickets and check what needs a ticket's rows: the
    ticket's own fields (kind, customer, channel, priority, tier) on its first row only,
    which is its opening, a known kind and tier (see :class:`Plan`)."""
    import numpy as np

    codes = events.ticket.astype(np.int64)
    count = len(events.ids.codes)
    keys = np.where(codes < 0, count, codes)  # rows without an ID last
    order = np.argsort(keys, kind="stable")
    starts = np.searchsorted(keys[order], np.arange(count + 1), side="left")
    present = starts[1:] > starts[:-1]
    opening = np.zeros(events.n, dtype=bool)
    opening[order[starts[:-1][present]]] = True
    ok = events.ok.copy()
    own = (events.kind >= 0) | (events.customer >= 0) | (events.priority >= 0)
    own |= events.tier >= 0
    ok &= ~own | opening
    ok &= (events.event == _OPENED) == opening
    strings = events.strings.values()
    kinds = frozenset(lifecycles.kinds())
    known = np.array([*(s in kinds for s in strings), False])
    filled = (events.channel >= 0) & (events.customer >= 0)
    ok &= ~opening | (known[events.kind] & filled)
    if tiers is not None:
        allowed = frozenset(tiers)
        listed = np.array([*(s in allowed for s in strings), True])  # -1: no tier
        ok &= listed[events.tier]
    fast = present.copy()
    bad_codes = codes[~ok]
    fast[bad_codes[bad_codes >= 0]] = False
    return Plan(codes, order, starts, fast, events.event)
