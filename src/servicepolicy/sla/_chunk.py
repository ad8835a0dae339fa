"""The clocks of a chunk of tickets, collected in columns and evaluated (private).

See :mod:`servicepolicy.sla.columns`.  A :class:`Chunk` takes a list of tickets
(:meth:`Chunk.add_all`: one pass over each ticket's events, then, counting states, one
row of ticks per ticket in its profile's :class:`~servicepolicy.sla._plan.Plan` and the
clocks the row does not cover one by one) and evaluates them all at once
(:meth:`Chunk.flush`: numpy, imported there).  A clock goes in the columns of its matched
target (a :class:`Group`); a clock the columns do not cover is run at once by the object
path and counted in :attr:`ColumnStats.fallbacks`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from servicepolicy.calendar.index import tick_of
from servicepolicy.errors import WrongTypeError
from servicepolicy.sla._clock import Spec, allowance
from servicepolicy.sla._column_add import paused, progress
from servicepolicy.sla._column_eval import (
    ColumnStats,
    Group,
    group_of,
    paused_states,
    plain_states,
    progress_states,
    rerun,
)
from servicepolicy.sla._evaluate import Outcome, _adjusted, _legs, _progress, _promise, _run
from servicepolicy.sla._facts import Facts
from servicepolicy.sla._plan import NA, Plan
from servicepolicy.sla.status import SlaState
from servicepolicy.sla.targets import Metric
from servicepolicy.tickets import Ticket

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["Chunk", "ColumnStats"]

_STATES = (SlaState.RUNNING, SlaState.MET, SlaState.BREACHED, SlaState.PAUSED)
_CODE = {state: code for code, state in enumerate(_STATES)}
_FIRST_RESPONSE, _RESOLUTION = Metric.FIRST_RESPONSE, Metric.RESOLUTION
_FOLLOW_UP, _PROGRESS_UPDATE = Metric.FOLLOW_UP, Metric.PROGRESS_UPDATE
_MARKS = (1.0,)
_WHICH = {_FIRST_RESPONSE: 0, _PROGRESS_UPDATE: 1, _RESOLUTION: 2, _FOLLOW_UP: 3}


def _check(ticket: object) -> None:
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")


class Chunk:
    """The clocks of some tickets: :meth:`add_all` them, then :meth:`flush`.

    :param keep: build every clock's outcome (else count the states only).
    """

    def __init__(self, policy: SlaPolicy, now: datetime, keep: bool) -> None:
        self.policy, self.now, self.now_tick, self.keep = policy, now, tick_of(now), keep
        self.stats = ColumnStats()
        self.counts: dict[Any, int] = {}
        self._codes: dict[tuple[Any, ...], int] = {}
        self._keys: list[tuple[Any, ...]] = []
        self._profiles: dict[tuple[Any, ...], tuple[int, ...]] = {}
        # kept from chunk to chunk, emptied: the plans hold the plain groups' columns
        self.plain: dict[int, Group] = {}
        self._plans: dict[tuple[Any, ...], Plan] = {}
        self._rows: dict[tuple[Any, ...], Plan] = {}  # the plans whose rows are expanded
        self.reset()

    def reset(self) -> None:
        """Forget the tickets added (after a flush)."""
        for group in self.plain.values():
            group.clear()
        for plan in self._rows.values():
            plan.rows.clear()
        self.progress: dict[int, Group] = {}
        self.paused: dict[int, Group] = {}
        self.paused_progress: dict[int, Group] = {}
        self.slots: list[Any] = []  # count: a key code; keep: a Slot
        self.tickets: list[Ticket] = []
        self.results: list[list[Outcome | None]] = []

    # -- collecting -----------------------------------------------------------------------

    def _codes_of(self, specs: tuple[Any, ...], profile: tuple[Any, ...]) -> tuple[int, ...]:
        """The count key codes of ``specs``' metrics for a ticket of ``profile``."""
        found = self._profiles.get((id(specs), *profile))
        if found is None:
            codes = []
            for metric, _ in specs:
                key = (*profile, metric)
                if key not in self._codes:
                    self._codes[key] = len(self._keys)
                    self._keys.append(key)
                codes.append(self._codes[key])
            found = self._profiles[(id(specs), *profile)] = tuple(codes)
        return found

    def _record(
        self, profile: tuple[Any, ...], row: list[Outcome | None], found: list[Outcome]
    ) -> None:
        """Outcomes computed at once (promises, clocks run by the object path)."""
        self.stats.clocks += len(found)
        if self.keep:
            row += found
            return
        counts = self.counts
        for outcome in found:
            key = (*profile, outcome[0], outcome[1])
            counts[key] = counts.get(key, 0) + 1

    def add_all(self, tickets: list[Any]) -> None:
        """Put the clocks of ``tickets`` in columns (a few by the object path, at once)."""
        now, now_tick, follow_up = self.now, self.now_tick, self.policy.follow_up_states
        if self.keep:
            for ticket in tickets:
                _check(ticket)
                self._add(ticket, Facts(ticket, now, follow_up))
            return
        plans, record = self._plans, self._record
        for ticket in tickets:
            if type(ticket) is not Ticket:
                _check(ticket)
            facts = Facts(ticket, now, follow_up)
            if facts.changes:
                self._add(ticket, facts)
                continue
            tier = ticket.current_tier
            kind = ticket.kind
            plan = plans.get(
                (kind, ticket.tier, ticket.priority, ticket.channel, tier, id(ticket.lifecycle))
            )
            if plan is None:
                plan = self._plan(ticket)
            seen = facts.seen
            opened = tick_of(facts.opened)
            resolved = facts.resolved
            resolved_tick = now_tick if resolved is None else tick_of(resolved)
            taken = 0  # the plain clocks taken one by one (paused), as bits
            if not plan.direct or not plan.states.isdisjoint(seen):
                taken = self._clocks(plan, ticket, facts, opened, resolved_tick)
            answered = followed = NA  # the row, its plain clocks expanded at flush
            if resolved is None:
                resolved_tick = NA
            elif plan.follow and (at := facts.followed) is not None:
                followed = resolved_tick if at is resolved else tick_of(at)
            if plan.first and facts.contacts:
                at = facts.contacts[0]
                answered = resolved_tick if at is resolved else tick_of(at)
            plan.rows += (opened, answered, resolved_tick, followed, taken)
            if facts.promises:
                found = [_promise(facts, p, now_tick, _MARKS) for p in facts.promises]
                record((kind, tier), [], found)

    def _clocks(
        self, plan: Plan, ticket: Ticket, facts: Facts, opened: int, resolved_tick: int
    ) -> int:
        """The clocks of a ticket without reclassifications its row does not cover:
        progress updates, targets in working days, the general path, and plain clocks
        with pauses in them (their bits in the result)."""
        now_tick, seen, resolved = self.now_tick, facts.seen, facts.resolved
        taken = 0
        for bit, (which, spec, code, states, rows, durations) in enumerate(plan.entries):
            if which < 0:
                self._clock(ticket, facts, [], spec.target.metric, spec, code)
                continue
            pausing = not states.isdisjoint(seen)
            if which == 1:
                progress(
                    *(self.progress, self.paused_progress, True, spec, code, facts),
                    *(states if pausing else None, now_tick, opened, resolved_tick),
                )
                continue
            if not pausing and durations is None:
                continue  # its row covers it
            start = opened
            if which == 0:
                if facts.contacts:  # the answer that resolved it: its tick is known
                    first = facts.contacts[0]
                    end = resolved_tick if first is resolved else facts.contact_ticks()[0]
                    stopped = True
                else:
                    end, stopped = now_tick, False
            elif which == 2:
                end, stopped = resolved_tick, resolved is not None
            else:
                if resolved is None:
                    continue
                followed = facts.followed
                start, stopped = resolved_tick, followed is not None
                if followed is None:
                    end = now_tick
                else:  # often the state that resolved it ends it (closed)
                    end = resolved_tick if followed is resolved else tick_of(followed)
            if pausing and paused(
                self.paused, spec, states, code, *(facts, which, start, end, stopped)
            ):
                taken |= 1 << bit
            elif durations is not None:
                rows += (start, end, stopped, code)
                durations.append(allowance(spec, start))
        return taken

    def _plan(self, ticket: Ticket) -> Plan:
        """How the clocks of tickets like ``ticket`` go in columns (by its profile)."""
        tier = ticket.current_tier
        specs = self.policy.specs_for(ticket)
        codes = self._codes_of(specs, (ticket.kind, tier))
        waiting = ticket.lifecycle.waiting
        plan, groups = [], []
        for (metric, spec), code in zip(specs, codes, strict=True):
            if spec is None:
                continue
            states = spec.target.pause_states
            which = _WHICH[metric]
            if which == 1 and spec.days:
                which = -1
            rows = durations = group = None
            if which in (0, 2, 3):
                group = group_of(self.plain, spec, True)
                rows, durations = group.rows, (group.durations if spec.days else None)
            plan.append((which, spec, code, waiting if states is None else states, rows, durations))
            groups.append(group)
        key = (ticket.kind, ticket.tier, ticket.priority, ticket.channel, tier)
        found = self._plans[(*key, id(ticket.lifecycle))] = Plan(
            plan, groups, self._rows, ticket.lifecycle
        )
        return found

    def _add(self, ticket: Ticket, facts: Facts) -> None:
        """Every clock of ``ticket`` by :meth:`_clock`: outcomes kept, or reclassified."""
        row: list[Outcome | None] = []
        if self.keep:
            self.tickets.append(ticket)
            self.results.append(row)
        specs = self.policy.specs_for(ticket)
        codes = (
            (None,) * len(specs)
            if self.keep
            else self._codes_of(specs, (ticket.kind, ticket.current_tier))
        )
        for (metric, spec), code in zip(specs, codes, strict=True):
            self._clock(ticket, facts, row, metric, spec, code)
        if facts.promises:
            promises = [_promise(facts, p, self.now_tick, _MARKS) for p in facts.promises]
            self._record((ticket.kind, ticket.current_tier), row, promises)

    def _clock(
        self,
        ticket: Ticket,
        facts: Facts,
        row: list[Outcome | None],
        metric: Metric,
        spec: Spec | None,
        code: int | None,
    ) -> None:
        """One clock of ``ticket``, in columns, or by the object path."""
        policy, now_tick, keep, slots = self.policy, self.now_tick, self.keep, self.slots
        opened, resolved = facts.opened, facts.resolved
        start, start_tick = opened, tick_of(opened)
        if metric is _RESOLUTION:
            stop = resolved
        elif metric is _FIRST_RESPONSE:
            stop = facts.contacts[0] if facts.contacts else None
        elif metric is _FOLLOW_UP:
            if resolved is None:
                return
            start, start_tick, stop = resolved, tick_of(resolved), facts.followed
        else:
            stop = None
        legs: Any = None
        if facts.changes:
            legs, last, retargeted = _legs(policy, metric, facts, start_tick)
            if last is None:
                return
            spec = last
            if len(legs) == 1:  # one target throughout: as if never reclassified
                legs = None
        elif spec is None:
            return
        states = spec.target.pause_states
        if states is None:
            states = ticket.lifecycle.waiting
        pausing = not states.isdisjoint(facts.seen)
        profile = (ticket.kind, ticket.current_tier)
        if legs is not None or (pausing and keep) or (spec.days and metric is _PROGRESS_UPDATE):
            self.stats.fallbacks += 1
            if legs is None:
                legs, retargeted = [(start_tick, spec)], ()
            if metric is _PROGRESS_UPDATE:
                outcome = _progress(facts, spec, legs, retargeted, now_tick, _MARKS)
            else:
                outcome = _run(
                    *(facts, metric, spec, legs, retargeted, start, start_tick, stop),
                    *(now_tick, _MARKS),
                )
            self._record(profile, row, [outcome])
            return
        if keep:
            slots.append((len(self.results) - 1, len(row), metric, start, stop, facts))
            row.append(None)
            slot = len(slots) - 1
        else:
            assert code is not None
            slot = code
        if metric is _PROGRESS_UPDATE:
            progress(
                *(self.progress, self.paused_progress, not keep, spec, slot, facts),
                *(states if pausing else None, now_tick),
            )
            return
        end = now_tick if stop is None else tick_of(stop)
        which = _WHICH[metric]
        if pausing and paused(
            self.paused, spec, states, slot, *(facts, which, start_tick, end, stop is not None)
        ):
            return
        group = group_of(self.plain, spec, not keep)
        group.rows += (start_tick, end, stop is not None, slot)
        if spec.days:
            group.durations.append(allowance(spec, start_tick))

    # -- evaluating -----------------------------------------------------------------------

    def _rerun(self, ticket: Ticket, which: int, spec: Spec) -> Outcome:
        """A paused plain clock by the object path (its facts gathered again)."""
        facts = Facts(ticket, self.now, self.policy.follow_up_states)
        return rerun(facts, which, spec, self.now_tick)

    def _rerun_progress(self, ticket: Ticket, spec: Spec, start: int) -> Outcome:
        """A paused progress-update clock by the object path (its facts gathered again)."""
        facts = Facts(ticket, self.now, self.policy.follow_up_states)
        return _progress(facts, spec, [(start, spec)], (), self.now_tick, _MARKS)

    def flush(self) -> list[tuple[Ticket, list[Outcome]]]:
        """Evaluate the clocks added; count their states, or return the outcomes by
        ticket (``keep``); then :meth:`reset`."""
        import numpy as np

        for plan in self._rows.values():
            plan.expand(np, self.now_tick)
        tally = np.zeros(4 * len(self._keys), dtype=np.int64)
        keep, slots, results, stats = self.keep, self.slots, self.results, self.stats
        evaluated = [
            *(
                plain_states(np, g, keep, slots, results)
                for g in self.plain.values()
                if g.rows or g.blocks
            ),
            *(
                (g.clocks, progress_states(np, g, keep, slots, results))
                for g in self.progress.values()
            ),
            *((g.clocks, paused_states(np, g, self._rerun, stats)) for g in self.paused.values()),
            *(
                (g.clocks, paused_states(np, g, self._rerun_progress, stats))
                for g in self.paused_progress.values()
            ),
        ]
        for clocks, state in evaluated:  # count mode: a clock's slot is its key code
            stats.clocks += len(clocks)
            if not keep:
                codes = np.asarray(clocks, dtype=np.int64) * 4 + state
                tally += np.bincount(codes, minlength=tally.size)
        kept: list[tuple[Ticket, list[Outcome]]] = []
        if self.keep:
            adjust, now_tick = self.policy.adjust_due, self.now_tick
            for ticket, found in zip(self.tickets, self.results, strict=True):
                done: list[Outcome] = [o for o in found if o is not None]
                if adjust is not None:
                    done = [_adjusted(adjust, ticket, o, now_tick) for o in done]
                kept.append((ticket, done))
        else:
            counts = self.counts
            for at in np.flatnonzero(tally).tolist():
                key = (*self._keys[at // 4], _STATES[at % 4])
                counts[key] = counts.get(key, 0) + int(tally[at])
        self.reset()
        return kept
