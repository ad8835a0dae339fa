"""How the clocks of one ticket profile go in columns (private; see ``sla.columns``).

A :class:`Plan` is built once per chunk for each profile (kind, tier, priority, channel,
current tier, lifecycle): its clocks' matched targets, count codes and pause states.  A
ticket whose clocks are all plain (first response, resolution, follow-up; no target in
working days) and that never entered a pause state of them is one row of four ticks
(:attr:`Plan.rows`: opened, first answer, resolved, followed up; :data:`NA` where none
came); :meth:`Plan.expand` turns the rows into its clocks' columns at once, with numpy.
"""

from __future__ import annotations

from typing import Any

from servicepolicy.sla._column_eval import Group

__all__ = ["NA", "Plan"]

NA = -(2**62)
"""The tick of an instant that did not come (about 146,000 years before the epoch)."""


class Plan:
    """The clocks of one ticket profile: ``entries`` are ``(which, spec, code, pause
    states, rows, durations)``, ``which`` -1 for the general path, else 0 first
    response, 1 progress updates, 2 resolution, 3 follow-up; ``rows`` and ``durations``
    the columns of a plain clock's group (in ``groups``, else ``None``).

    :ivar simple: every clock is plain (0, 2, 3) and counts working time, not days.
    :ivar states: the pause states of every clock: a ticket that entered none of them
        (and the plan is simple) is a row of :attr:`rows`.
    :ivar first: whether a clock needs the first answer (else :data:`NA` is stored).
    :ivar follow: whether a clock needs the follow-up (else :data:`NA` is stored).
    """

    __slots__ = ("entries", "first", "follow", "groups", "rows", "simple", "states")

    def __init__(
        self,
        entries: list[tuple[Any, ...]],
        groups: list[Group | None],
        rows: dict[tuple[Any, ...], Plan],
    ) -> None:
        """``rows``: the first plan of each set of columns and codes (of the chunk)."""
        self.entries, self.groups = entries, groups
        whiches = [entry[0] for entry in entries]
        self.simple = all(entry[0] in (0, 2, 3) and entry[5] is None for entry in entries)
        self.states: frozenset[str] = frozenset().union(*(entry[3] for entry in entries))
        self.first, self.follow = 0 in whiches, 3 in whiches
        # profiles whose clocks go in the same columns with the same codes share the rows,
        # expanded once (by the first of them, in ``rows``)
        alike = tuple(
            (w, id(g), entry[2]) for w, g, entry in zip(whiches, groups, entries, strict=True)
        )
        first = rows.get(alike)
        if first is None:
            rows[alike] = self
            self.rows: list[int] = []
        else:
            self.rows = first.rows

    def expand(self, np: Any, now_tick: int) -> None:
        """Put the clocks of the tickets in :attr:`rows` in their groups' columns."""
        if not self.rows:
            return
        opened, answered, resolved, followed = np.array(self.rows, dtype=np.int64).reshape(-1, 4).T
        for (which, _, code, *_), group in zip(self.entries, self.groups, strict=True):
            assert group is not None
            if which == 0:
                start, end = opened, answered
            elif which == 2:
                start, end = opened, resolved
            else:  # a follow-up clock starts at the resolution
                done = resolved != NA
                start, end = resolved[done], followed[done]
            stopped = end != NA
            group.blocks.append((start, np.where(stopped, end, now_tick), stopped, code))
