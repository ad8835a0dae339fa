"""The interval index behind :class:`~servicepolicy.calendar.BusinessCalendar`.

Working time is stored as sorted, disjoint, non-adjacent intervals of *ticks*:
integer microseconds since 1970-01-01T00:00Z.  Integers keep every sum exact
(a :class:`datetime.timedelta` has microsecond resolution, so nothing finer is
needed) and make the instants independent of any time zone.

For interval ``i`` the index keeps ``starts[i]``, ``ends[i]`` and the working
time accumulated before it, ``cum[i]``; ``cum_end[i] = cum[i] + ends[i] -
starts[i]``.  ``W(x)``, the working time accumulated up to tick ``x``, is then one
bisection, and "the instant where the accumulated working time reaches ``w``"
is another: the cost of an operation does not depend on the span it covers.

An index covers a contiguous range of local years.  Its answers are complete
between ``lo`` and ``hi`` (the local starts of its first year and of the year
after its last); the calendar rebuilds a wider index when a query leaves it.

Public since 0.2.0: the SLA engine and the batch paths read ticks through it
(``tick_of``, ``instant_of``).

.. versionadded:: 0.2.0
   Was the private ``servicepolicy.calendar.index``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

__all__ = [
    "EPOCH",
    "FAST_LIMIT",
    "TICK",
    "Index",
    "instant_of",
    "merge",
    "tick_of",
    "ticks_in",
    "wall_tick",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TICK = timedelta(microseconds=1)
_US_PER_DAY = 86_400_000_000
_EPOCH_ORDINAL = EPOCH.toordinal()


# Below this many ticks (2**32 s: 2106-02-07), a float timestamp is within 0.48 µs of
# the exact value, and datetime.fromtimestamp() rounds to the nearest microsecond:
# the fast conversion is exact.  tests/test_calendar_index.py checks it.
FAST_LIMIT = 2**32 * 1_000_000


def tick_of(instant: datetime) -> int:
    """Ticks of an aware datetime (raises ``TypeError`` when it is naive)."""
    delta = instant - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def ticks_in(duration: timedelta) -> int:
    """Ticks in a timedelta (raises ``AttributeError`` for anything else)."""
    return (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds


def instant_of(tick: int, tz: tzinfo | None) -> datetime:
    """The aware datetime, in ``tz``, of ``tick``."""
    if 0 <= tick < FAST_LIMIT:
        return datetime.fromtimestamp(tick / 1e6, tz)
    return (EPOCH + TICK * tick).astimezone(tz)


def _offset_at(tick: int, tz: tzinfo) -> int:
    offset = (EPOCH + TICK * tick).astimezone(tz).utcoffset()
    assert offset is not None
    return offset // TICK


def wall_tick(ordinal: int, seconds: int, tz: tzinfo) -> int:
    """The instant a wall-clock reading first occurs in ``tz``.

    ``ordinal`` is the proleptic Gregorian ordinal of the local date and
    ``seconds`` the seconds after its midnight (may exceed a day).  A reading
    that occurs twice (autumn fold) maps to its first occurrence; a reading that
    never occurs (spring-forward gap) maps to the instant the clocks jump, which
    is the earliest instant whose wall-clock reading is later.  So daylight
    saving neither invents nor loses working time (CAL-5).
    """
    naive = (ordinal - _EPOCH_ORDINAL) * _US_PER_DAY + seconds * 1_000_000
    wall = datetime.fromordinal(ordinal) + timedelta(seconds=seconds)
    before = wall.replace(tzinfo=tz).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None and after is not None
    first = naive - before // TICK
    if before >= after:  # an ordinary reading, or the first pass through a fold
        return first
    # A gap: the clocks jump forward past this reading.  The jump lies between the
    # two candidate instants; find it by bisection on the offset (rare: twice a year).
    low, high = naive - after // TICK, first  # offset(low) is the old one, offset(high) the new
    new_offset = after // TICK
    while high - low > 1:
        mid = (low + high) // 2
        if _offset_at(mid, tz) == new_offset:
            high = mid
        else:
            low = mid
    return high


def merge(intervals: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Merge start-sorted intervals into disjoint, non-adjacent ``(starts, ends)``."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in intervals:
        if end <= start:
            continue  # swallowed by a daylight-saving gap
        if ends and start <= ends[-1]:
            if end > ends[-1]:
                ends[-1] = end
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


class Index:
    """An immutable snapshot of working intervals over ``[lo, hi]``.

    ``first_year``/``last_year`` are the local years it was built for; ``days``
    is the sorted list of ordinals of the working days of those years.
    """

    __slots__ = (
        "columns",
        "cum",
        "cum_end",
        "days",
        "ends",
        "first_year",
        "hi",
        "last_year",
        "lo",
        "starts",
        "w_hi",
        "w_lo",
    )

    def __init__(
        self,
        starts: list[int],
        ends: list[int],
        days: list[int],
        *,
        lo: int,
        hi: int,
        first_year: int,
        last_year: int,
    ) -> None:
        self.starts = starts
        self.ends = ends
        self.days = days
        self.lo = lo
        self.hi = hi
        self.first_year = first_year
        self.last_year = last_year
        cum: list[int] = []
        cum_end: list[int] = []
        total = 0
        for start, end in zip(starts, ends, strict=True):
            cum.append(total)
            total += end - start
            cum_end.append(total)
        self.cum = cum
        self.cum_end = cum_end
        self.columns: object = None  # numpy arrays of it, built by the batch path
        self.w_lo = self.accumulated(lo)
        self.w_hi = self.accumulated(hi)

    def accumulated(self, tick: int) -> int:
        """``W(tick)``: working ticks from the index's first interval up to ``tick``."""
        i = bisect_right(self.ends, tick)
        if i == len(self.ends):
            return self.cum_end[-1] if self.ends else 0
        start = self.starts[i]
        return self.cum[i] + (tick - start if tick > start else 0)

    def between(self, a: int, b: int) -> int:
        """``W(b) - W(a)``: the working ticks from ``a`` to ``b`` (both in ``[lo, hi]``)."""
        ends, starts, cum = self.ends, self.starts, self.cum
        last = len(ends)
        i = bisect_right(ends, b)
        if i == last:
            wb = self.cum_end[-1] if ends else 0
        else:
            start = starts[i]
            wb = cum[i] + (b - start if b > start else 0)
        i = bisect_right(ends, a)
        if i == last:
            wa = self.cum_end[-1] if ends else 0
        else:
            start = starts[i]
            wa = cum[i] + (a - start if a > start else 0)
        return wb - wa

    def shift(self, tick: int, amount: int) -> int | None:
        """``tick`` moved by ``amount`` working ticks, or ``None`` outside ``[lo, hi]``.

        Forward: the earliest tick where ``W`` reaches ``W(tick) + amount`` (so an
        interval used up exactly ends at its end).  Backward: the latest tick where
        ``W`` equals it.  ``tick`` must lie in ``[lo, hi]``.
        """
        ends = self.ends
        i = bisect_right(ends, tick)
        if i == len(ends):
            target = (self.cum_end[-1] if ends else 0) + amount
        else:
            start = self.starts[i]
            target = self.cum[i] + (tick - start if tick > start else 0) + amount
        if amount > 0:
            if target > self.w_hi:
                return None
            j = bisect_left(self.cum_end, target)
        else:
            if target < self.w_lo:
                return None
            j = bisect_right(self.cum, target) - 1
        return self.starts[j] + target - self.cum[j]

    def next_start(self, tick: int) -> int | None:
        """``tick`` itself if it is working time, else the next interval's start."""
        i = bisect_right(self.ends, tick)
        if i == len(self.ends):
            return None
        start = self.starts[i]
        return tick if start <= tick else start

    def contains(self, tick: int) -> bool:
        """Whether ``tick`` is working time (intervals are closed-open)."""
        i = bisect_right(self.ends, tick)
        return i < len(self.ends) and self.starts[i] <= tick

    def clip(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The working intervals intersected with ``[lo, hi]``."""
        i = bisect_right(self.ends, lo)
        j = bisect_left(self.starts, hi)
        return [
            (max(s, lo), min(e, hi)) for s, e in zip(self.starts[i:j], self.ends[i:j], strict=True)
        ]

    def day_position(self, ordinal: int) -> tuple[int, bool]:
        """Index of the first working day ``>= ordinal`` and whether it is ``ordinal``."""
        k = bisect_left(self.days, ordinal)
        return k, k < len(self.days) and self.days[k] == ordinal
