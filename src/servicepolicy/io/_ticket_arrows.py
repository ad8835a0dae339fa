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

numpy and pyarrow come in as arguments or are imported inside: this module imports
without them.
"""

from __future__ import annotations

from typing import Any

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


def _codes(np: Any, pc: Any, column: Any, names: dict[str, int]) -> Any:
    """Each value's number in ``names`` (new values added); -1 for null or empty."""
    encoded = pc.dictionary_encode(column)
    table = [names.setdefault(v, len(names)) if v else -1 for v in encoded.dictionary.to_pylist()]
    lookup = np.array([*table, -1], dtype=np.int64)
    index = pc.fill_null(encoded.indices, len(table)).to_numpy(zero_copy_only=False)
    return lookup[index]


def check_arrows(
    columns: Any, plan: Any, lifecycles: LifecycleRegistry, ticket_kinds: list[str]
) -> Arrows:
    """Replay the lifecycles of ``plan``'s fast tickets in columns (see the module);
    ``ticket_kinds``: each ticket's kind (by its number)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    count = plan.fast.size
    verdict = np.full(count, REFUSED, dtype=np.int8)
    verdict[~plan.fast] = REFUSED
    kinds = sorted({k for k in ticket_kinds if k in lifecycles})
    lives = [lifecycles.get(k) for k in kinds]
    states: dict[str, int] = {}
    for life in lives:
        for name in sorted(life.states):
            states.setdefault(name, len(states))
    rows = plan.order[plan.codes[plan.order] >= 0]
    ticket = plan.codes[rows]
    fast = plan.fast[ticket]
    rows, ticket = rows[fast], ticket[fast]
    if not rows.size:
        return Arrows(verdict, [], [])
    kind_of = {k: n for n, k in enumerate(kinds)}
    life_of_ticket = np.array([kind_of.get(k, 0) for k in ticket_kinds], dtype=np.int64)
    life = life_of_ticket[ticket]
    take = pa.array(rows)
    event = plan.events[rows]
    target = _codes(np, pc, columns.array("state").take(take), states)
    source = _codes(np, pc, columns.array("source").take(take), states)
    size = len(states)
    allowed = np.zeros((len(lives), size, size), dtype=bool)
    terminal = np.zeros((len(lives), size), dtype=bool)
    guarded = np.zeros((len(lives), size), dtype=bool)
    initial = np.zeros(len(lives), dtype=np.int64)
    for n, lc in enumerate(lives):
        initial[n] = states[lc.initial]
        for a, targets in lc.transitions.items():
            for b in targets:
                allowed[n, states[a], states[b]] = True
        terminal[n, [states[s] for s in lc.terminal]] = True
        guarded[n, [states[s] for s in lc.guarded]] = True
    first = np.ones(rows.size, dtype=bool)
    first[1:] = ticket[1:] != ticket[:-1]
    target = np.where(first & (target < 0), initial[life], target)
    bad = first & (target != initial[life])  # an opening in another state
    sets = first | (event == _TRANSITION)
    last = np.maximum.accumulate(np.where(sets, np.arange(rows.size), 0))
    after = target[last]  # the state after each row
    before = np.empty_like(after)
    before[0] = after[0]
    before[1:] = after[:-1]
    try:
        at = pc.cast(columns.array("at").take(take), pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:  # a date that does not exist: Python says which
        verdict[plan.fast] = PYTHON
        return Arrows(verdict, [""] * count, [""] * count)
    ticks = at.cast(pa.int64()).to_numpy(zero_copy_only=False)
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
    names: dict[str, int] = {}
    by = _codes(np, pc, columns.array("by").take(take), names)
    owner = _codes(np, pc, columns.array("owner").take(take), names)
    owner = np.where(first & (owner < 0), by, owner)
    hands = later & (event == _HAND_OVER)
    owns = first | hands
    holder = owner[np.maximum.accumulate(np.where(owns, np.arange(rows.size), 0))]
    previous = np.empty_like(holder)
    previous[0] = holder[0]
    previous[1:] = holder[:-1]
    noted = pc.fill_null(pc.greater(pc.utf8_length(columns.array("note").take(take)), 0), False)
    has_note = noted.to_numpy(zero_copy_only=False)
    bad |= hands & ((owner < 0) | (owner == previous) | ~has_note)
    per_bad = np.zeros(count, dtype=bool)
    np.logical_or.at(per_bad, ticket, bad)
    per_python = np.zeros(count, dtype=bool)
    np.logical_or.at(per_python, ticket, python)
    verdict[plan.fast] = TRUSTED
    verdict[per_python] = PYTHON
    verdict[per_bad] = REFUSED
    verdict[~plan.fast] = REFUSED
    ends = np.flatnonzero(np.concatenate((ticket[1:] != ticket[:-1], [True])))
    state_names = list(states)
    owner_names = list(names)
    final_state = [""] * count
    final_owner = [""] * count
    finals = zip(ticket[ends].tolist(), after[ends].tolist(), holder[ends].tolist(), strict=True)
    for t, s, o in finals:
        final_state[t] = state_names[s] if s >= 0 else ""
        final_owner[t] = owner_names[o] if o >= 0 else ""
    return Arrows(verdict, final_state, final_owner)
