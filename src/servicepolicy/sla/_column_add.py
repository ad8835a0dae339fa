"""Clocks with pauses, and progress-update clocks, put in columns (private).

See :mod:`servicepolicy.sla.columns`.  A clock with pauses (SLA-3) goes in the paused
columns of its target as its running pieces; a progress-update clock (SLA-5) as the
intervals between the opening, each message and the resolution (as running pieces too
when the ticket paused in them).  Count mode only for pauses: with the full outcomes
asked for, a paused clock is run by the object path.
"""

from __future__ import annotations

from itertools import pairwise

from servicepolicy.calendar.index import tick_of
from servicepolicy.sla._clock import Spec, allowance, running
from servicepolicy.sla._column_eval import Group, group_of
from servicepolicy.sla._facts import Facts

__all__ = ["paused", "progress"]


def paused(
    groups: dict[int, Group],
    spec: Spec,
    states: frozenset[str],
    slot: int,
    facts: Facts,
    which: int,
    start: int,
    end: int,
    stopped: bool,
) -> bool:
    """Put a clock with pauses in the paused columns; ``False`` if none falls in it."""
    pieces, pausing = running(facts.spans(states), start, end)
    if not pausing:
        return False
    group = group_of(groups, spec, True)  # count mode only
    group.pieces += pieces
    group.owners += [len(group.units)] * (len(pieces) // 2)
    group.units.append(len(group.clocks))
    group.clocks.append(slot)
    group.stopped.append(stopped)
    group.open.append(pausing == 2)
    group.durations.append(allowance(spec, start) if spec.days else spec.leg[0])
    group.redo.append((facts.ticket, which, spec))  # Facts again only if needed
    return True


def progress(
    groups: dict[int, Group],
    paused_groups: dict[int, Group],
    by_target: bool,
    spec: Spec,
    slot: int,
    facts: Facts,
    states: frozenset[str] | None,
    now_tick: int,
    opened: int | None = None,
    closing: int | None = None,
) -> None:
    """SLA-5: the intervals between the opening, each message and the resolution."""
    end = facts.resolved
    if closing is None:
        closing = now_tick if end is None else tick_of(end)
    ticks = [tick_of(facts.opened) if opened is None else opened]
    if facts.contacts:
        contacts = facts.contact_ticks()
        ticks += contacts if end is None else [at for at in contacts if at < closing]
    ticks.append(closing)
    if states is not None:
        spans = facts.spans(states)
        cuts = [running(spans, a, b) for a, b in pairwise(ticks)]
        if any(pausing for _, pausing in cuts):
            group = group_of(paused_groups, spec, True)
            clock = len(group.clocks)
            for pieces, _ in cuts:
                group.pieces += pieces
                group.owners += [len(group.units)] * (len(pieces) // 2)
                group.units.append(clock)
            group.clocks.append(slot)
            group.stopped.append(end is not None)
            group.open.append(cuts[-1][1] == 2)
            group.durations.append(spec.leg[0])
            group.redo.append((facts.ticket, spec, ticks[0]))
            return
    group = group_of(groups, spec, by_target)
    owner = len(group.clocks)
    group.clocks.append(slot)
    group.stopped.append(end is not None)
    group.starts += ticks[:-1]
    group.ends += ticks[1:]
    group.owners += [owner] * (len(ticks) - 1)
