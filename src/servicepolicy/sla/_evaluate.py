"""Evaluating a ticket's SLA clocks from its events (private; see :class:`SlaPolicy`).

One pass over the events (up to the evaluation instant) collects the facts every clock
needs (:class:`Facts`); each metric then becomes legs (the matched target, re-targeted at
each reclassification) run by :func:`servicepolicy.sla._clock.run`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from servicepolicy.calendar.index import instant_of, tick_of
from servicepolicy.checks import aware
from servicepolicy.sla._clock import Leg, Pause, Spec, allowance, legs_from, measures, run
from servicepolicy.sla._facts import Facts
from servicepolicy.sla.status import SlaState, SlaStatus, build
from servicepolicy.sla.targets import Metric
from servicepolicy.tickets import Ticket, TicketEvent

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["Facts", "Outcome", "outcomes", "status"]

_RUNNING, _PAUSED, _MET, _BREACHED = (
    SlaState.RUNNING,
    SlaState.PAUSED,
    SlaState.MET,
    SlaState.BREACHED,
)
_FIRST_RESPONSE, _RESOLUTION = Metric.FIRST_RESPONSE, Metric.RESOLUTION
_FOLLOW_UP, _PROGRESS_UPDATE = Metric.FOLLOW_UP, Metric.PROGRESS_UPDATE
_NO_PAUSES: tuple[tuple[datetime, datetime | None], ...] = ()
_ZERO = timedelta(0)


Outcome = tuple[
    Metric,
    SlaState,
    datetime,
    "datetime | None",
    int,
    "int | None",
    "int | None",
    "Spec | None",
    list[Pause],
    tuple[tuple[datetime, str], ...],
    int,
    list[tuple[float, int]],
]
"""One clock's outcome, a plain tuple (cheap to build; :func:`status` dresses it up):
metric, state, start, stop, elapsed ticks, due tick (``None`` while paused), breach tick,
the matched target's :class:`Spec` (``None`` for a promise), pauses, re-targetings,
missed progress updates, and the marks crossed ``(share, tick)``."""


Chosen = list[tuple[int, Spec]]
"""The targets of a clock, ``(from_tick, spec)``: its legs before their durations, which
for a target in working days depend on where the clock (or interval) starts."""


def _legs(
    policy: SlaPolicy, metric: Metric, facts: Facts, start: int
) -> tuple[Chosen, Spec | None, tuple[tuple[datetime, str], ...]]:
    """The targets of a clock whose ticket was reclassified (SLA-1: re-targeted at each
    change, keeping the time used): the targets, the last spec, and the re-targetings."""
    ticket = facts.ticket
    kind, channel = ticket.kind, ticket.channel
    tier, priority = ticket.tier, ticket.priority
    chosen: list[tuple[int, Spec | None, datetime | None]] = [
        (start, policy.spec_for(metric, kind, tier, priority, channel), None)
    ]
    for change in facts.changes:
        priority, tier = change.priority or priority, change.tier or tier
        found = policy.spec_for(metric, kind, tier, priority, channel)
        last = chosen[-1][1]
        if found is not None and (last is None or found.target is not last.target):
            chosen.append((max(tick_of(change.at), start), found, change.at))
    if chosen[0][1] is None and len(chosen) > 1:  # the first target covers from the start
        chosen = [(start, chosen[1][1], None), *chosen[2:]]
    legs: Chosen = [(at, spec) for at, spec, _ in chosen if spec is not None]
    retargeted = tuple((when, f.target.name) for _, f, when in chosen if when and f)
    return legs, chosen[-1][1], retargeted


def _run(
    facts: Facts,
    metric: Metric,
    spec: Spec,
    chosen: Chosen,
    retargeted: tuple[tuple[datetime, str], ...],
    start: datetime,
    start_tick: int,
    stop: datetime | None,
    now_tick: int,
    marks: tuple[float, ...],
) -> Outcome:
    """Run one clock from ``start`` to its ``stop`` (or ``now``)."""
    end = now_tick if stop is None else tick_of(stop)
    pauses = _pauses(facts, spec, start_tick, end)
    elapsed, due, crossed = run(start_tick, end, pauses, legs_from(chosen, start_tick), marks)
    due_tick: int | None = due
    breach = crossed[-1][1] if crossed and crossed[-1][0] >= 1 else None
    if breach is not None:
        state = _BREACHED
    elif stop is not None:
        state = _MET
    elif pauses and pauses[-1][1] is None:
        state, due_tick = _PAUSED, None
    else:
        state = _RUNNING
    return (
        metric,
        state,
        start,
        stop,
        elapsed,
        due_tick,
        breach,
        spec,
        pauses,
        retargeted,
        0,
        crossed,
    )


def _pauses(facts: Facts, spec: Spec, start: int, end: int) -> list[Pause]:
    states = spec.target.pause_states
    return facts.pauses(facts.ticket.lifecycle.waiting if states is None else states, start, end)


def outcomes(
    policy: SlaPolicy,
    ticket: Ticket,
    now: datetime,
    marks: tuple[float, ...] = (1.0,),
    *,
    now_tick: int | None = None,
    dues: bool = True,
) -> list[Outcome]:
    """Every clock of ``ticket`` at ``now`` (``now_tick``, if the caller has it).  Without
    ``dues``, the due and breach instants may be left out (``None``) where the state does
    not need them: :meth:`SlaPolicy.replay` counts states only.

    The common clock (one target, never paused, only the due instant asked for) is run
    here, :func:`servicepolicy.sla._clock.run` inlined: it is most of the work of
    evaluating a million tickets."""
    facts = Facts(ticket, now, policy.follow_up_states)
    if now_tick is None:
        now_tick = tick_of(now)
    opened, resolved = facts.opened, facts.resolved
    opened_tick = tick_of(opened)
    resolved_tick = None if resolved is None else tick_of(resolved)
    found: list[Outcome] = []
    changes, seen, waiting = facts.changes, facts.seen, ticket.lifecycle.waiting
    plain = len(marks) == 1
    for metric, spec in policy.specs_for(ticket):
        start, start_tick = opened, opened_tick
        if metric is _RESOLUTION:
            stop, end = resolved, resolved_tick
        elif metric is _FIRST_RESPONSE:
            stop = facts.contacts[0] if facts.contacts else None
            end = None if stop is None else tick_of(stop)
        elif metric is _FOLLOW_UP:
            if resolved is None or resolved_tick is None:
                continue
            start, start_tick, stop = resolved, resolved_tick, facts.followed
            end = None if stop is None else tick_of(stop)
        else:
            stop = end = None
        if changes:
            legs, last, retargeted = _legs(policy, metric, facts, start_tick)
            if last is None:
                continue
            spec = last
        elif spec is None:
            continue
        else:
            states = spec.target.pause_states
            if (
                plain
                and metric is not _PROGRESS_UPDATE
                and (waiting if states is None else states).isdisjoint(seen)
            ):  # one leg, never paused: the short path
                if end is None:
                    end = now_tick
                duration, between, after = spec.leg
                if spec.days:
                    duration = allowance(spec, start_tick)
                elapsed = between(start_tick, end) if end > start_tick else 0
                if elapsed > duration and not dues:  # breached; when, not asked
                    found.append(
                        (metric, _BREACHED, start, stop, elapsed, None, None, spec, [], (), 0, [])
                    )
                    continue
                breach: int | None = None
                due: int | None
                if elapsed >= duration:
                    due = after(start_tick, duration)
                    if due < end:  # ran on past the due instant
                        breach = due
                else:
                    due = after(end, duration - elapsed) if dues else None
                if breach is not None:
                    state, crossed = _BREACHED, [(1.0, breach)]
                else:
                    state, crossed = (_RUNNING if stop is None else _MET), []
                found.append(
                    (metric, state, start, stop, elapsed, due, breach, spec, [], (), 0, crossed)
                )
                continue
            legs, retargeted = [(start_tick, spec)], ()
        if metric is _PROGRESS_UPDATE:
            found.append(_progress(facts, spec, legs, retargeted, now_tick, marks))
        else:
            found.append(
                _run(
                    facts, metric, spec, legs, retargeted, start, start_tick, stop, now_tick, marks
                )
            )
    for promise in facts.promises:
        found.append(_promise(facts, promise, now_tick, marks))
    if policy.adjust_due is not None:
        found = [_adjusted(policy.adjust_due, ticket, o, now_tick) for o in found]
    return found


def _adjusted(
    adjust: Callable[[Ticket, str, datetime], datetime | None],
    ticket: Ticket,
    outcome: Outcome,
    now_tick: int,
) -> Outcome:
    """An outcome whose due instant a plugin (or the policy's ``adjust_due``) moved: the
    state follows the new due instant; the time used does not change."""
    metric, state, start, stop, _, due_tick, _, spec = outcome[:8]
    if spec is None or due_tick is None or state is _PAUSED:
        return outcome  # promises are the customer's; a paused clock has no due instant
    tz = start.tzinfo
    moved = adjust(ticket, metric.value, instant_of(due_tick, tz))
    if moved is None:
        return outcome
    new = tick_of(aware("adjusted due", moved))
    end = now_tick if stop is None else tick_of(stop)
    if new < end:
        state, breach, crossed = _BREACHED, new, [(1.0, new)]
    else:
        state, breach, crossed = (_RUNNING if stop is None else _MET), None, []
    return (*outcome[:1], state, *outcome[2:5], new, breach, *outcome[7:11], crossed)


def _progress(
    facts: Facts,
    spec: Spec,
    chosen: Chosen,
    retargeted: tuple[tuple[datetime, str], ...],
    now_tick: int,
    marks: tuple[float, ...],
) -> Outcome:
    """SLA-5: an update is owed every interval from the opening and after each message,
    until the resolution.  Every interval that passes without one is a miss, also several
    in a row: after a miss the next update is owed one interval later, and so on (the
    ``k``-th miss in a row is crossed at share ``k``).  The outcome is the last message's
    interval, breached if any was missed, with every miss counted and crossed."""
    metric = Metric.PROGRESS_UPDATE
    end = facts.resolved
    starts = [facts.opened] + [at for at in facts.contacts if end is None or at < end]
    missed: list[int] = []
    crossings: list[tuple[float, int]] = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else end
        start_tick = tick_of(start)
        last = _run(
            facts, metric, spec, chosen, retargeted, start, start_tick, stop, now_tick, marks
        )
        crossings += last[11]
        breach = last[6]
        finish = now_tick if stop is None else tick_of(stop)
        k = 1
        while breach is not None:  # the next update is owed one interval after the miss
            missed.append(breach)
            k += 1
            pauses = _pauses(facts, spec, breach, finish)
            _, _, crossed = run(breach, finish, pauses, legs_from(chosen, breach))
            breach = crossed[-1][1] if crossed else None
            if breach is not None:
                crossings.append((float(k), breach))
    if not missed:  # every interval's warnings, not only the last one's
        return (*last[:11], crossings)
    return (*last[:1], _BREACHED, *last[2:6], missed[0], *last[7:10], len(missed), crossings)


def _promise(
    facts: Facts, promise: TicketEvent, now_tick: int, marks: tuple[float, ...]
) -> Outcome:
    """SLA-4: a promise is kept when the promised state (else a message to the customer)
    comes at or before its due instant; counted in calendar time, never paused."""
    made, due = promise.at, promise.due
    assert due is not None
    if promise.state is not None:
        stop = facts.first_entry(promise.state, made)
    else:
        stop = next((at for at in facts.contacts if at >= made), None)
    start_tick = tick_of(made)
    end = now_tick if stop is None else tick_of(stop)
    between, after = measures(None)
    legs: list[Leg] = [(start_tick, tick_of(due) - start_tick, between, after)]
    elapsed, _, crossed = run(start_tick, end, (), legs, marks)
    breach = crossed[-1][1] if crossed and crossed[-1][0] >= 1 else None
    state = _BREACHED if breach is not None else _MET if stop is not None else _RUNNING
    return (
        Metric.PROMISE,
        state,
        made,
        stop,
        elapsed,
        tick_of(due),
        breach,
        None,
        [],
        (),
        0,
        crossed,
    )


def status(ticket: Ticket, outcome: Outcome) -> SlaStatus:
    """The :class:`SlaStatus` of an outcome, in the ticket's time zone."""
    metric, state, start, stop, elapsed, due_tick, breach, spec, pauses, retargeted, misses = (
        outcome[:11]
    )
    tz = start.tzinfo
    due = None if due_tick is None else instant_of(due_tick, tz)
    if spec is None:  # a promise
        assert due is not None
        duration, target, calendar, matched = due - start, None, None, 1
    else:
        target, calendar, matched = spec.target, spec.calendar, spec.matched
        duration = timedelta(microseconds=allowance(spec, tick_of(start)))
    used = timedelta(microseconds=elapsed)
    left = duration - used
    return build(
        ticket.id,
        metric,
        state,
        start,
        due,
        stop,
        None if breach is None else due if breach == due_tick else instant_of(breach, tz),
        used,
        left if breach is None and left > _ZERO else _ZERO,
        duration,
        target,
        calendar,
        matched,
        tuple((instant_of(b, tz), None if e is None else instant_of(e, tz)) for b, e in pauses)
        if pauses
        else _NO_PAUSES,
        retargeted,
        misses,
    )
