"""How the clocks of one ticket profile go in columns (private; see ``sla.columns``).

A :class:`Plan` is built once per chunk for each profile (kind, tier, priority, channel,
current tier, lifecycle): its clocks' matched targets, count codes and pause states.  A
ticket without reclassifications is one row of ticks (:attr:`Plan.rows`: opened, first
answer, resolved, followed up, :data:`NA` where none came, and a mask of the clocks
taken elsewhere); :meth:`Plan.expand` turns the rows into the columns of its plain
clocks (first response, resolution, follow-up counted in working time) at once, with
numpy.  The chunk takes the other clocks one by one: progress updates, targets in
working days, and a plain clock in which the ticket paused (SLA-3).
"""

from __future__ import annotations

from typing import Any

from servicepolicy.sla._column_eval import Group
from servicepolicy.tickets import Lifecycle

__all__ = ["NA", "Plan"]

NA = -(2**62)
"""The tick of an instant that did not come (about 146,000 years before the epoch)."""


class Plan:
    """The clocks of one ticket profile: ``entries`` are ``(which, spec, code, pause
    states, rows, durations)``, ``which`` -1 for the general path, else 0 first
    response, 1 progress updates, 2 resolution, 3 follow-up; ``rows`` and ``durations``
    the columns of a plain clock's group (in ``groups``, else ``None``).

    :ivar direct: every clock is plain (0, 2, 3) and counts working time, not days: a
        ticket that entered none of the pause :attr:`states` is its row, nothing more.
    :ivar states: the pause states of every clock.
    :ivar first: whether a clock needs the first answer (else :data:`NA` is stored).
    :ivar follow: whether a clock needs the follow-up (else :data:`NA` is stored).
    """

    __slots__ = ("direct", "entries", "first", "follow", "groups", "life", "rows", "states")

    def __init__(
        self,
        entries: list[tuple[Any, ...]],
        groups: list[Group | None],
        rows: dict[tuple[Any, ...], Plan],
        life: Lifecycle,
    ) -> None:
        """``rows``: the first plan of each set of columns and codes; ``life``: the
        lifecycle of the profile (held: plans are found by its ``id``)."""
        self.entries, self.groups, self.life = entries, groups, life
        whiches = [entry[0] for entry in entries]
        self.direct = all(plain(entry) for entry in entries)
        self.states: frozenset[str] = frozenset().union(*(entry[3] for entry in entries))
        self.first, self.follow = 0 in whiches, 3 in whiches
        # profiles whose clocks go in the same columns with the same codes share the rows,
        # expanded once (by the first of them, in ``rows``)
        alike = tuple(
            (plain(entry), entry[0], id(group), entry[2])
            for entry, group in zip(entries, groups, strict=True)
        )
        first = rows.get(alike)
        if first is None:
            rows[alike] = self
            self.rows: list[int] = []
        else:
            self.rows = first.rows

    def expand(self, np: Any, now_tick: int) -> None:
        """Put the plain clocks of the rows, but those taken elsewhere, in their groups'
        columns."""
        if not self.rows:
            return
        table = np.array(self.rows, dtype=np.int64).reshape(-1, 5)
        opened, answered, resolved, followed, taken = table.T
        for bit, (entry, group) in enumerate(zip(self.entries, self.groups, strict=True)):
            if not plain(entry):
                continue
            assert group is not None
            which, code = entry[0], entry[2]
            here = (taken >> bit) & 1 == 0
            if which == 0:
                start, end = opened, answered
            elif which == 2:
                start, end = opened, resolved
            else:  # a follow-up clock starts at the resolution
                here &= resolved != NA
                start, end = resolved, followed
            start, end = start[here], end[here]
            stopped = end != NA
            group.blocks.append((start, np.where(stopped, end, now_tick), stopped, code))


def plain(entry: tuple[Any, ...]) -> bool:
    """Whether a plan's entry is a plain clock in working time (its row covers it)."""
    return entry[0] in (0, 2, 3) and entry[5] is None
