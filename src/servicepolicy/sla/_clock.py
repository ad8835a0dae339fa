"""The arithmetic of one SLA clock, on ticks (microseconds since the epoch; private).

A clock runs from ``start`` to ``end`` (its stop, or the evaluation instant) except
during pauses, through *legs*: from an instant on, a duration and the calendar the time
is counted on (a reclassification starts a new leg: the clock re-targets and keeps the
time already used, SLA-1).  :func:`run` walks the running pieces once, counting working
time and finding where the elapsed time reaches each *mark* (a share of the duration:
the warnings, SLA-6, and 1 for the due instant).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.calendar.index import instant_of, tick_of
from servicepolicy.sla.targets import SlaTarget

__all__ = ["Leg", "Pause", "Spec", "allowance", "measures", "run", "running"]

Between = Callable[[int, int], int]
After = Callable[[int, int], int]
Leg = tuple[int, int, Between, After]
"""``(from_tick, duration_ticks, between, after)``: ``between(a, b)`` counts the time
from ``a`` to ``b``, ``after(a, n)`` is ``n`` of it after ``a``."""
Pause = tuple[int, int | None]
"""``(begin, end)``, ``end`` ``None`` while it lasts."""


class Spec(NamedTuple):
    """A matched target, ready to run: computed once per metric and ticket profile."""

    target: SlaTarget
    matched: int  # how many targets of the metric matched
    calendar: BusinessCalendar | None
    leg: tuple[int, Between, After]  # a leg without its start: duration, between, after
    days: int = 0  # a target in working days: the duration depends on the clock's start


def allowance(spec: Spec, start: int) -> int:
    """The time (ticks) ``spec`` allows a clock started at tick ``start``: its duration,
    or for a target in working days the calendar's working time from ``start`` to the
    same clock time ``days`` working days after the first working instant at or after
    it (:class:`~servicepolicy.sla.WorkingDays`)."""
    if not spec.days:
        return spec.leg[0]
    calendar = spec.calendar
    assert calendar is not None  # refused without one when the policy is built
    first = calendar.next_working_time(instant_of(start, calendar.tz))
    day = calendar.add_working_days(first.date(), spec.days)
    wall = datetime.combine(day, first.timetz().replace(fold=0))
    return calendar._ticks_between(start, tick_of(wall))


def legs_from(chosen: Sequence[tuple[int, Spec]], start: int) -> list[Leg]:
    """The legs of a clock started at ``start`` from ``(from_tick, spec)`` pairs."""
    return [(at, allowance(spec, start), *spec.leg[1:]) for at, spec in chosen]


def _wall_between(a: int, b: int) -> int:
    return b - a


def _wall_after(a: int, n: int) -> int:
    return a + n


def measures(calendar: BusinessCalendar | None) -> tuple[Between, After]:
    """How a clock counts on ``calendar``: its working time, or calendar time (SLA-2)."""
    if calendar is None:
        return _wall_between, _wall_after
    return calendar._ticks_between, calendar._tick_after


def _pieces(start: int, end: int, pauses: Sequence[Pause]) -> list[tuple[int, int]]:
    """``[start, end)`` without the pauses (sorted, not overlapping)."""
    pieces = []
    a = start
    for begin, finish in pauses:
        stop = end if finish is None else finish
        if begin > a:
            pieces.append((a, min(begin, end)))
        a = max(a, stop)
        if a >= end:
            break
    if a < end:
        pieces.append((a, end))
    return [(x, y) for x, y in pieces if x < y]


def running(spans: Sequence[Pause], start: int, end: int) -> tuple[list[int], int]:
    """``[start, end)`` without the stays in ``spans`` (sorted, not overlapping, the last
    one's end ``None`` while it lasts): the running pieces, flat (``[a0, b0, a1, b1,
    ...]``), and whether a stay falls in it: 0 none, 1 some, 2 the last one still lasts
    at ``end`` (the clock is paused).  The pieces are :func:`_pieces` of the pauses
    ``Facts.pauses`` clips to ``[start, end]``."""
    pieces: list[int] = []
    if start >= end:
        return pieces, 0
    a, paused = start, 0
    for begin, finish in spans:
        if finish is not None and finish <= start:
            continue
        if begin >= end:
            break
        paused = 1
        if begin > a:
            pieces += (a, begin)
        if finish is None or finish >= end:
            return pieces, 2 if finish is None else 1
        if finish > a:
            a = finish
    pieces += (a, end)
    return pieces, paused


def run(
    start: int,
    end: int,
    pauses: Sequence[Pause],
    legs: Sequence[Leg],
    marks: Sequence[float] = (1.0,),
) -> tuple[int, int, list[tuple[float, int]]]:
    """Run a clock: the time elapsed, the due instant, and where each mark was crossed.

    ``marks`` are ascending shares of the duration and end with 1.  A mark below 1 is
    crossed where the elapsed time reaches it; 1 (the breach) where it is exceeded, that
    is, at the due instant when the clock runs on past it.  The due instant is the
    breach's, else where the remaining time would run out from ``end``.
    """
    pieces = _pieces(start, end, pauses) if pauses else ([(start, end)] if end > start else [])
    elapsed, k, last = 0, 0, len(legs) - 1
    crossed: list[tuple[float, int]] = []
    pending = list(marks)
    for a, b in pieces:
        while a < b:
            while k < last and legs[k + 1][0] <= a:
                k += 1
            limit = legs[k + 1][0] if k < last and legs[k + 1][0] < b else b
            _, duration, between, after = legs[k]
            worked = between(a, limit)
            while pending:
                mark = pending[0]
                gap = (duration if mark >= 1 else int(duration * mark)) - elapsed
                if gap > worked:
                    break
                at = a if gap <= 0 else after(a, gap)
                if mark >= 1 and at >= limit:
                    break  # used up exactly at the end of this running piece: not exceeded
                crossed.append((mark, at))
                pending.pop(0)
            elapsed += worked
            a = limit
    if crossed and crossed[-1][0] >= 1:
        return elapsed, crossed[-1][1], crossed
    while k < last and legs[k + 1][0] <= end:
        k += 1
    _, duration, _, after = legs[k]
    remaining = duration - elapsed
    return elapsed, (after(end, remaining) if remaining > 0 else end), crossed
