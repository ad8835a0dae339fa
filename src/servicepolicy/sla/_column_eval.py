"""Evaluating a chunk's columns of SLA clocks with numpy (private; see ``sla.columns``).

Each function takes one :class:`Group` (the clocks of one target) and returns the state
code of each clock (0 running, 1 met, 2 breached, 3 paused); with ``keep`` it also fills
the clocks' outcome slots (:mod:`servicepolicy.sla._column_outcomes`).  numpy comes in
as an argument: this module imports without it.
"""

from __future__ import annotations

from typing import Any

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.calendar.index import tick_of
from servicepolicy.sla._clock import Spec
from servicepolicy.sla._column_outcomes import progress_outcomes, simple_outcomes
from servicepolicy.sla._evaluate import Outcome, _run
from servicepolicy.sla._facts import Facts
from servicepolicy.sla.status import SlaState

__all__ = [
    "ColumnStats",
    "Group",
    "group_of",
    "paused_states",
    "plain_states",
    "progress_states",
    "rerun",
]

_STATES = (SlaState.RUNNING, SlaState.MET, SlaState.BREACHED, SlaState.PAUSED)
_CODE = {state: code for code, state in enumerate(_STATES)}
_MARKS = (1.0,)


@attrs.define
class ColumnStats:
    """What a columnar evaluation did.

    :param tickets: tickets evaluated.
    :param clocks: clocks evaluated (promises included).
    :param fallbacks: clocks run by the object path: re-targeted by a reclassification
        (two targets on one clock), a progress-update target in working days, a paused
        clock when the full outcomes are asked for (``evaluate_many``, ``adjust_due``),
        and a paused clock whose working time equals its target exactly.
    """

    tickets: int = 0
    clocks: int = 0
    fallbacks: int = 0


class Group:
    """The clocks of one matched target in one chunk, as columns.

    Plain clocks: ``rows``, four numbers per clock (start, end, whether stopped, its
    slot), and ``durations`` for a target in working days; in count mode also
    ``blocks`` of them as arrays (starts, ends, whether stopped, one key code).
    Progress updates: one ``starts``/``ends`` entry per interval between messages,
    ``owners`` naming the clock.  Paused clocks: ``pieces``, two numbers per running
    piece (start, end), ``owners`` naming the unit (a clock, or a progress interval) of
    each, and ``units`` the clock of each unit."""

    __slots__ = (
        "blocks",
        "clocks",
        "durations",
        "ends",
        "open",
        "owners",
        "pieces",
        "redo",
        "rows",
        "spec",
        "starts",
        "stopped",
        "units",
    )

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.owners: list[int] = []
        self.units: list[int] = []
        self.clocks: list[int] = []  # each clock's slot (in count mode: its key code)
        self.stopped: list[bool] = []
        self.open: list[bool] = []  # paused at the end
        self.durations: list[int] = []
        self.redo: list[tuple[Any, ...]] = []  # what the object path needs, if it must
        self.rows: list[int] = []  # plain clocks: start, end, stopped, slot
        self.blocks: list[tuple[Any, Any, Any, int]] = []  # plain clocks as arrays, a code
        self.pieces: list[int] = []  # paused clocks: start, end of each running piece

    def clear(self) -> None:
        """Empty every column (the group is used again, for the next chunk)."""
        for column in (self.starts, self.ends, self.owners, self.units, self.clocks):
            column.clear()
        for other in (self.stopped, self.open, self.durations, self.redo, self.rows):
            other.clear()
        self.blocks.clear()
        self.pieces.clear()


def group_of(groups: dict[int, Group], spec: Spec, by_target: bool = False) -> Group:
    """The group of ``spec`` (or of its target: in count mode the clocks of one target
    count alike whatever the spec's ``matched``)."""
    key = id(spec.target) if by_target else id(spec)
    found = groups.get(key)
    if found is None:
        found = groups[key] = Group(spec)
    return found


def _between(calendar: BusinessCalendar | None, a: Any, b: Any) -> Any:
    return b - a if calendar is None else calendar.working_time_many(a, b)


def _after(calendar: BusinessCalendar | None, a: Any, n: Any) -> Any:
    return a + n if calendar is None else calendar.add_many(a, n)


def rerun(facts: Facts, which: int, spec: Spec, now_tick: int) -> Outcome:
    """A plain clock by the object path (``which``: 0 first response, 2 resolution,
    3 follow-up)."""
    start, stop = facts.opened, facts.resolved
    if which == 0:
        stop = facts.contacts[0] if facts.contacts else None
    elif which == 3:
        assert stop is not None
        start, stop = stop, facts.followed
    metric = spec.target.metric
    legs = [(tick_of(start), spec)]
    return _run(facts, metric, spec, legs, (), start, tick_of(start), stop, now_tick, _MARKS)


def plain_states(
    np: Any, group: Group, keep: bool, slots: list[Any], results: list[Any]
) -> tuple[Any, Any]:
    """The slots and state codes of a target's plain clocks (the outcomes too, with
    ``keep``)."""
    spec = group.spec
    calendar = spec.calendar
    rows = np.array(group.rows, dtype=np.int64).reshape(-1, 4)
    s, e, stopped, clocks = rows[:, 0].copy(), rows[:, 1].copy(), rows[:, 2], rows[:, 3]
    if group.blocks:  # count mode, durations alike (no target in working days)
        blocks = group.blocks
        s = np.concatenate([s, *(b[0] for b in blocks)])
        e = np.concatenate([e, *(b[1] for b in blocks)])
        stopped = np.concatenate([stopped, *(b[2].astype(np.int64) for b in blocks)])
        clocks = np.concatenate([clocks, *(np.full(b[0].size, b[3]) for b in blocks)])
    if spec.days:
        d = np.array(group.durations, dtype=np.int64)
    else:
        d = np.full(s.size, spec.leg[0], dtype=np.int64)
    elapsed = np.where(e > s, _between(calendar, s, e), 0)
    breached = elapsed > d
    exact = np.flatnonzero(elapsed == d)
    if exact.size:  # used up exactly: breached if the clock ran on in closed time
        breached[exact] = _after(calendar, s[exact], d[exact]) < e[exact]
    state = np.where(breached, 2, stopped)
    if keep:
        due = np.empty_like(s)
        over = elapsed >= d
        due[over] = _after(calendar, s[over], d[over])
        due[~over] = _after(calendar, e[~over], (d - elapsed)[~over])
        columns = (state.tolist(), elapsed.tolist(), due.tolist(), breached.tolist())
        simple_outcomes(spec, slots, results, clocks.tolist(), columns)
    return clocks, state


def progress_states(np: Any, group: Group, keep: bool, slots: list[Any], results: list[Any]) -> Any:
    """SLA-5 in columns: an interval of ``e`` working time with an update owed every
    ``d`` misses one update for each ``k >= 1`` with ``k * d < e``, and one more where
    ``e`` is a multiple of ``d`` and the last owed instant lies before the interval's
    end (the time after it was closed time)."""
    spec = group.spec
    calendar, d = spec.calendar, spec.leg[0]
    s = np.array(group.starts, dtype=np.int64)
    f = np.array(group.ends, dtype=np.int64)
    e = np.where(f > s, _between(calendar, s, f), 0)
    missed = np.where(e > 0, (e - 1) // d, 0)
    exact = np.flatnonzero((e > 0) & (e % d == 0))
    if exact.size:
        missed[exact] += _after(calendar, s[exact], e[exact]) < f[exact]
    total = np.zeros(len(group.clocks), dtype=np.int64)
    np.add.at(total, np.array(group.owners, dtype=np.int64), missed)
    if keep:
        columns = (s.tolist(), f.tolist(), e.tolist(), missed.tolist())
        progress_outcomes(spec, slots, results, group.clocks, group.owners, columns)
    return np.where(total > 0, 2, np.array(group.stopped, dtype=np.int64))


def paused_states(np: Any, group: Group, run: Any, stats: ColumnStats) -> Any:
    """The state codes of paused clocks (count mode only): breached when some unit's
    working time exceeds the target, else paused or running (met, once stopped); a
    unit's time equal to the target goes to the object path (``run``)."""
    pieces = np.array(group.pieces, dtype=np.int64).reshape(-1, 2)
    s, e = pieces[:, 0].copy(), pieces[:, 1].copy()
    worked = np.zeros(len(group.units), dtype=np.int64)
    np.add.at(worked, np.array(group.owners, dtype=np.int64), _between(group.spec.calendar, s, e))
    units = np.array(group.units, dtype=np.int64)
    limit = np.array(group.durations, dtype=np.int64)[units]
    over = np.zeros(len(group.clocks), dtype=bool)
    np.logical_or.at(over, units, worked > limit)
    equal = np.zeros(len(group.clocks), dtype=bool)
    np.logical_or.at(equal, units, worked == limit)
    stopped = np.array(group.stopped, dtype=bool)
    state = np.where(stopped, 1, np.where(np.array(group.open, dtype=bool), 3, 0))
    state = np.where(over, 2, state)
    for k in np.flatnonzero(equal & ~over).tolist():
        stats.fallbacks += 1
        state[k] = _CODE[run(*group.redo[k])[1]]
    return state
