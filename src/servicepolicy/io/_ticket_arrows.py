"""Ticket lifecycles checked column by column (private; see ``io.tickets_arrow``).

For the rows of the tickets that passed the row checks (grouped by ticket, each in line
order), numpy replays the lifecycles as :func:`servicepolicy.tickets._replay.replay` does
for the plain cases: the state before each row is the target of the last opening or
transition before it (a running maximum of their positions), the owner likewise, and

* an event before the previous one, a non-note after a terminal state, a transition the
  lifecycle has no arrow for (or whose ``source`` is not the state), a hand-over without a
  new owner or a note, a second opening: the ticket is **refused** (the row reader says
  why);
* a ticket that enters or leaves a guarded state (one with an approval, a required note,
  or a wait to return from) or records an approval is replayed in **Python** (the checks
  that depend on the order of approvals and waits stay in one place);
* every other ticket is **trusted**: its state and owner come from the columns, and it is
  built without a second replay.

numpy is imported inside: this module imports without it.
"""

from __future__ import annotations

from typing import Any

from servicepolicy.io._ticket_batches import Events
from servicepolicy.tickets.events import EventKind
from servicepolicy.tickets.lifecycle import LifecycleRegistry

__all__ = ["PYTHON", "REFUSED", "TRUSTED", "Arrows", "check_arrows"]

TRUSTED, PYTHON, REFUSED = 0, 1, 2
_CODE = {kind: n for n, kind in enumerate(EventKind)}
_OPENED, _TRANSITION = _CODE[EventKind.OPENED], _CODE[EventKind.TRANSITION]
_HAND_OVER, _APPROVAL = _CODE[EventKind.HAND_OVER], _CODE[EventKind.APPROVAL]
_NOTE = _CODE[EventKind.NOTE]


class Arrows:
    """The outcome per ticket (:data:`TRUSTED`, :data:`PYTHON`, :data:`REFUSED`) and, for
    the trusted ones, the state and owner after their last row."""

    def __init__(self, verdict: Any, states: list[str], owners: list[str]) -> None:
        self.verdict, self.states, self.owners = verdict, states, owners


_SLICE = 1 << 18  # rows replayed at a time (whole tickets): the temporaries stay small


class _Tables:
    """The lifecycles as arrays: per lifecycle (by number), its arrows, terminal and
    guarded states, initial state; states numbered by name, a state no lifecycle has
    numbered ``size``."""

    def __init__(self, np: Any, lifecycles: LifecycleRegistry, kinds: list[str]) -> None:
        lives = [lifecycles.get(k) for k in kinds]
        states: dict[str, int] = {}
        for life in lives:
            for name in sorted(life.states):
                states.setdefault(name, len(states))
        size = len(states)
        self.states, self.size = states, size
        self.allowed = np.zeros((len(lives), size + 1, size + 1), dtype=bool)
        self.terminal = np.zeros((len(lives), size + 1), dtype=bool)
        self.guarded = np.zeros((len(lives), size + 1), dtype=bool)
        self.initial = np.zeros(len(lives), dtype=np.int64)
        for n, lc in enumerate(lives):
            self.initial[n] = states[lc.initial]
            for a, targets in lc.transitions.items():
                for b in targets:
                    self.allowed[n, states[a], states[b]] = True
            self.terminal[n, [states[s] for s in lc.terminal]] = True
            self.guarded[n, [states[s] for s in lc.guarded]] = True


def check_arrows(
    events: Events, plan: Any, lifecycles: LifecycleRegistry, ticket_kinds: list[str]
) -> Arrows:
    """Replay the lifecycles of ``plan``'s fast tickets in columns (see the module);
    ``ticket_kinds``: each ticket's kind (by its number)."""
    import numpy as np

    count = plan.fast.size
    verdict = np.full(count, REFUSED, dtype=np.int8)
    kinds = sorted({k for k in ticket_kinds if k in lifecycles})
    tables = _Tables(np, lifecycles, kinds)
    fast = np.flatnonzero(plan.fast)
    if not fast.size:
        return Arrows(verdict, [], [])
    strings = events.strings.values()
    state_of = np.array([*(tables.states.get(s, tables.size) for s in strings), -1], dtype=np.int64)
    kind_of = {k: n for n, k in enumerate(kinds)}
    life_of_ticket = np.array([kind_of.get(k, 0) for k in ticket_kinds], dtype=np.int64)
    final_state, final_owner = [""] * count, [""] * count
    names = [*tables.states, ""]
    bad, python = np.zeros(count, dtype=bool), np.zeros(count, dtype=bool)
    at = 0
    while at < fast.size:  # whole tickets, about _SLICE rows at a time
        sizes = plan.starts[fast[at:] + 1] - plan.starts[fast[at:]]
        take = max(1, int(np.searchsorted(np.cumsum(sizes), _SLICE, side="right")))
        codes = fast[at : at + take]
        at += take
        begins = plan.starts[codes]
        counts = plan.starts[codes + 1] - begins
        offsets = np.repeat(begins - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        rows = plan.order[np.arange(offsets.size) + offsets]
        ticket = np.repeat(codes, counts)
        life = life_of_ticket[ticket]
        ends = _replay(np, events, plan, tables, state_of, life, rows, ticket, bad, python)
        finals = zip(ticket[ends[0]].tolist(), ends[1].tolist(), ends[2].tolist(), strict=True)
        for t, state, owner in finals:
            final_state[t] = names[state] if state >= 0 else ""
            final_owner[t] = strings[owner] if owner >= 0 else ""
    verdict[plan.fast] = TRUSTED
    verdict[python] = PYTHON
    verdict[bad] = REFUSED
    verdict[~plan.fast] = REFUSED
    return Arrows(verdict, final_state, final_owner)


def _replay(
    np: Any,
    events: Events,
    plan: Any,
    tables: _Tables,
    state_of: Any,
    life: Any,
    rows: Any,
    ticket: Any,
    per_bad: Any,
    per_python: Any,
) -> tuple[Any, Any, Any]:
    """Replay ``rows`` (whole tickets, grouped; ``ticket``: each row's) and mark each
    ticket in ``per_bad`` and ``per_python``; the positions of each ticket's last row,
    and its state and owner after it; ``life``: each row's lifecycle (by number)."""
    event = plan.events[rows]
    target = state_of[events.state[rows]]
    source = state_of[events.source[rows]]
    allowed, terminal, guarded = tables.allowed, tables.terminal, tables.guarded
    first = np.ones(rows.size, dtype=bool)
    first[1:] = ticket[1:] != ticket[:-1]
    target = np.where(first & (target < 0), tables.initial[life], target)
    bad = first & (target != tables.initial[life])  # an opening in another state
    sets = first | (event == _TRANSITION)
    last = np.maximum.accumulate(np.where(sets, np.arange(rows.size), 0))
    after = target[last]  # the state after each row
    before = np.empty_like(after)
    before[0] = after[0]
    before[1:] = after[:-1]
    ticks = events.ticks[rows]
    later = ~first
    bad |= later & np.concatenate(([False], ticks[1:] < ticks[:-1]))
    bad |= later & (event != _NOTE) & terminal[life, before]
    moves = later & (event == _TRANSITION)
    safe_target = np.maximum(target, 0)
    bad |= moves & (target < 0)
    bad |= moves & ~allowed[life, before, safe_target]
    bad |= moves & (source >= 0) & (source != before)
    python = moves & (guarded[life, before] | guarded[life, safe_target])
    python |= event == _APPROVAL
    python |= later & guarded[life, before] & (event != _NOTE)
    by = events.by[rows]
    owner = events.owner[rows]
    owner = np.where(first & (owner < 0), by, owner)
    hands = later & (event == _HAND_OVER)
    owns = first | hands
    holder = owner[np.maximum.accumulate(np.where(owns, np.arange(rows.size), 0))]
    previous = np.empty_like(holder)
    previous[0] = holder[0]
    previous[1:] = holder[:-1]
    bad |= hands & ((owner < 0) | (owner == previous) | ~events.has_note[rows])
    np.logical_or.at(per_bad, ticket, bad)
    np.logical_or.at(per_python, ticket, python)
    ends = np.flatnonzero(np.concatenate((ticket[1:] != ticket[:-1], [True])))
    return ends, after[ends], holder[ends]
