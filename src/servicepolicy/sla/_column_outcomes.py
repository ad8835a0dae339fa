"""The outcome tuples of clocks evaluated in columns (private; see ``sla.columns``).

Only :meth:`SlaPolicy.evaluate_many` and a replay with ``adjust_due`` need the full
outcomes (due and breach instants, every missed progress update); a plain replay counts
states.  Each function fills the outcome slots of one group of clocks from its columns.
"""

from __future__ import annotations

from typing import Any

from servicepolicy.sla._clock import Spec, measures
from servicepolicy.sla._evaluate import Outcome
from servicepolicy.sla.status import SlaState

__all__ = ["progress_outcomes", "simple_outcomes"]

_STATES = (SlaState.RUNNING, SlaState.MET, SlaState.BREACHED, SlaState.PAUSED)
Slot = tuple[Any, ...]
"""``(position, n, metric, start, stop, facts)``: where an outcome goes, and its facts."""


def simple_outcomes(
    spec: Spec,
    slots: list[Slot],
    results: list[list[Outcome | None]],
    clocks: list[int],
    columns: tuple[list[int], list[int], list[int], list[bool]],
) -> None:
    """One target's clocks: ``columns`` are the states, elapsed ticks, due ticks (for
    a breached clock the breach), and whether breached."""
    for slot, state, elapsed, due, breached in zip(clocks, *columns, strict=True):
        position, n, metric, start, stop, _ = slots[slot]
        results[position][n] = (
            metric,
            _STATES[state],
            start,
            stop,
            elapsed,
            due,
            due if breached else None,
            spec,
            [],
            (),
            0,
            [(1.0, due)] if breached else [],
        )


def progress_outcomes(
    spec: Spec,
    slots: list[Slot],
    results: list[list[Outcome | None]],
    clocks: list[int],
    owners: list[int],
    columns: tuple[list[int], list[int], list[int], list[int]],
) -> None:
    """One target's progress-update clocks (SLA-5) from their intervals: ``columns`` are
    each interval's start, end, elapsed ticks and missed updates; ``owners`` the clock
    (index in ``clocks``) of each interval, in order."""
    s, f, e, missed = columns
    d = spec.leg[0]
    after = measures(spec.calendar)[1]
    first, count = 0, len(owners)
    for owner, slot in enumerate(clocks):
        last = first
        while last + 1 < count and owners[last + 1] == owner:
            last += 1
        position, n, metric, _, _, facts = slots[slot]
        stop = facts.resolved
        crossings = [
            (float(k), after(s[i], k * d))
            for i in range(first, last + 1)
            for k in range(1, missed[i] + 1)
        ]
        opened = [facts.opened, *(at for at in facts.contacts if stop is None or at < stop)]
        if missed[last]:
            due = after(s[last], d)
        else:
            due = after(f[last], d - e[last]) if d - e[last] > 0 else f[last]
        results[position][n] = (
            metric,
            SlaState.BREACHED if crossings else _STATES[stop is not None],
            opened[-1],
            stop,
            e[last],
            due,
            crossings[0][1] if crossings else None,
            spec,
            [],
            (),
            len(crossings),
            crossings,
        )
        first = last + 1
