"""Tickets built from compact columns (private; see :mod:`servicepolicy.io.ticket_table`).

numpy is imported inside: this module imports without it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from operator import add
from typing import Any

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io._ticket_arrows import TRUSTED
from servicepolicy.io._ticket_batches import Events
from servicepolicy.tickets.events import EventKind, assemble
from servicepolicy.tickets.lifecycle import LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket, build, trusted

__all__ = ["Builder", "spans"]

_KIND_OF = list(EventKind)
_SHARED = ("by", "state", "source", "owner", "role", "channel")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECONDS = partial(timedelta, 0, 0)  # timedelta(microseconds=n)


def spans(np: Any, order: Any, starts: Any, codes: Any) -> tuple[Any, list[tuple[int, int, int]]]:
    """The rows of the tickets numbered ``codes`` (grouped, each ticket's in line order)
    and, per ticket, ``(code, first, stop)``: its positions in those rows."""
    begins = starts[codes]
    sizes = starts[codes + 1] - begins
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], sizes)
    rows = order[np.repeat(begins, sizes) + within]
    found = zip(codes.tolist(), offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    return rows, list(found)


class Builder:
    """Builds the tickets of rows that passed the checks: a trusted ticket with the state
    and owner its columns gave, any other by replaying its events (:func:`build`)."""

    def __init__(
        self,
        events: Events,
        lifecycles: LifecycleRegistry,
        verdict: Any,
        states: list[str],
        owners: list[str],
    ) -> None:
        import numpy as np

        self.events, self.lifecycles = events, lifecycles
        self.verdict, self.states, self.owners = verdict.tolist(), states, owners
        strings = events.strings.values()
        self.lookup = np.empty(len(strings) + 1, dtype=object)
        self.lookup[: len(strings)] = strings  # -1 (empty) is the last: None
        self.ids = events.ids.values()
        self.kinds = np.empty(len(_KIND_OF), dtype=object)
        self.kinds[:] = _KIND_OF
        self.epochs: dict[int, datetime] = {}  # the epoch at each offset (minutes)

    def instants(self, rows: Any) -> list[datetime]:
        """The ``at`` of ``rows``: the row reader's datetimes, with their offsets."""
        offsets = self.events.offset[rows].tolist()
        epochs = self.epochs
        for minutes in set(offsets).difference(epochs):
            epochs[minutes] = _EPOCH.astimezone(timezone(timedelta(minutes=minutes)))
        ticks = self.events.ticks[rows].tolist()
        return list(map(add, map(epochs.__getitem__, offsets), map(_MICROSECONDS, ticks)))

    def build(
        self, rows: Any, found: list[tuple[int, int, int]]
    ) -> list[tuple[int, Ticket | None]]:
        """The tickets of ``rows`` (see :func:`spans`) by number, ``None`` for one whose
        lifecycle refuses its events (the row reader says why)."""
        import numpy as np

        events, look = self.events, self.lookup
        get = {name: look[getattr(events, name)[rows]] for name in _SHARED}
        firsts = np.array([begin for _, begin, _ in found], dtype=np.int64)
        heads = rows[firsts]
        lives = [self.lifecycles.get(k) for k in look[events.kind[heads]].tolist()]
        state, owner, by = get["state"], get["owner"], get["by"]
        state[firsts] = [s or life.initial for s, life in zip(state[firsts], lives, strict=True)]
        owner[firsts] = [o or b for o, b in zip(owner[firsts], by[firsts], strict=True)]
        made = list(
            map(
                assemble,
                self.kinds[events.event[rows]].tolist(),
                self.instants(rows),
                by.tolist(),
                get["source"].tolist(),
                state.tolist(),
                owner.tolist(),
                events.notes_of(rows),
                get["role"].tolist(),
                get["channel"].tolist(),
            )
        )
        channels = get["channel"][firsts].tolist()
        customers = look[events.customer[heads]].tolist()
        priorities = look[events.priority[heads]].tolist()
        tiers = look[events.tier[heads]].tolist()
        built: list[tuple[int, Ticket | None]] = []
        for n, (code, begin, stop) in enumerate(found):
            life = lives[n]
            fields = (
                self.ids[code],
                life.kind,
                channels[n],
                customers[n],
                tuple(made[begin:stop]),
                priorities[n],
                tiers[n],
                life,
            )
            try:
                if self.verdict[code] == TRUSTED:
                    ticket = trusted(*fields, self.states[code], self.owners[code])
                else:
                    ticket = build(*fields)
            except ServicePolicyError:
                built.append((code, None))
                continue
            built.append((code, ticket))
        return built
