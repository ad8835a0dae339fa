"""Building and widening a calendar's interval index on demand (private).

A :class:`Coverage` owns the current :class:`~servicepolicy.calendar.index.Index`
snapshot of one calendar.  Queries ask it for an index that covers some
instants or days; it rebuilds a wider snapshot when needed, from per-year
interval lists that it caches.  Widening at least doubles the span, so a
long series of queries pays a bounded, amortised cost.  Nothing is ever
answered from an index that does not cover the question: what cannot be
covered raises :class:`~servicepolicy.errors.OutOfRangeError` or
:class:`~servicepolicy.errors.NoWorkingTimeError`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import date, timedelta, tzinfo

from servicepolicy.calendar.hours import DAY, DayHours
from servicepolicy.calendar.index import Index, instant_of, merge, wall_tick
from servicepolicy.errors import NoWorkingTimeError, OutOfRangeError

__all__ = ["Coverage"]

_FAR = 2**62  # the bounds of an index that holds all the working time there is
_TICKS_PER_SECOND = 1_000_000
_YearIntervals = tuple[list[tuple[int, int]], list[int]]


def _seconds(hours: DayHours) -> int:
    return sum(end - start for start, end in hours)


class Coverage:
    """The lazily built, lazily widened interval index of one calendar.

    :param tz: the calendar's zone.
    :param hours_of: the working hours of a local date (all rules applied).
    :param years: the local years the calendar may answer for.
    :param check_year: raises the calendar's error for a year outside ``years``.
    :param hours_known_from: the first year whose dates ``hours_of`` knows (the
        evening before the first supported year may be unknown).
    :param special: when the calendar has no weekly hours, its only working
        time: ``{date: hours}``; ``None`` otherwise.
    :param day_hours_max: the most working seconds a weekday can have.
    """

    def __init__(
        self,
        *,
        tz: tzinfo,
        hours_of: Callable[[date], DayHours],
        years: tuple[int, int],
        check_year: Callable[[int], None],
        hours_known_from: int,
        special: Mapping[date, DayHours] | None,
        day_hours_max: int,
        spill: int,
    ) -> None:
        self.index = Index([], [], [], lo=1, hi=0, first_year=years[1] + 1, last_year=0)
        self.first_year, self.last_year = years
        self._tz = tz
        self._hours_of = hours_of
        self._check_year = check_year
        self._hours_known_from = hours_known_from
        self._special = special
        self._spill = spill
        # no year holds more working time: its longest day every day, plus DST hours
        self._year_ceiling = (366 * day_hours_max + 7200) * _TICKS_PER_SECOND
        self._lock = threading.Lock()
        self._years: dict[int, _YearIntervals] = {}

    # -- building ---------------------------------------------------------------------------

    def _ticks(self, ordinal: int, hours: DayHours) -> list[tuple[int, int]]:
        tz = self._tz
        return [(wall_tick(ordinal, s, tz), wall_tick(ordinal, e, tz)) for s, e in hours]

    def _year(self, year: int) -> _YearIntervals:
        cached = self._years.get(year)
        if cached is None:
            intervals: list[tuple[int, int]] = []
            days: list[int] = []
            for ordinal in range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()):
                hours = self._hours_of(date.fromordinal(ordinal))
                if hours:
                    days.append(ordinal)
                    intervals += self._ticks(ordinal, hours)
            cached = self._years[year] = (intervals, days)
        return cached

    def _build(self, first: int, last: int) -> Index:
        if self._special is not None:
            intervals = [
                pair
                for day, hours in self._special.items()
                for pair in self._ticks(day.toordinal(), hours)
            ]
            special_days = [day.toordinal() for day, hours in self._special.items() if hours]
            starts, ends = merge(sorted(intervals))
            return Index(
                starts, ends, special_days, lo=-_FAR, hi=_FAR, first_year=first, last_year=last
            )
        start = date(first, 1, 1).toordinal()
        eve = date.fromordinal(start - 1)  # its night shift runs into the first year
        if eve.year >= self._hours_known_from:
            hours = tuple((s, e) for s, e in self._hours_of(eve) if e > DAY)
            intervals = self._ticks(start - 1, hours)
            lo = wall_tick(start, 0, self._tz)
        else:  # the eve is unknown: the index is complete only after any spill from it
            intervals = []
            lo = wall_tick(start, self._spill, self._tz)
        days: list[int] = []
        for year in range(first, last + 1):
            year_intervals, year_days = self._year(year)
            intervals += year_intervals
            days += year_days
        starts, ends = merge(intervals)
        hi = wall_tick(date(last + 1, 1, 1).toordinal(), 0, self._tz)
        return Index(starts, ends, days, lo=lo, hi=hi, first_year=first, last_year=last)

    def _widen(self, first: int, last: int) -> Index:
        """The current index widened to cover the local years ``first``…``last``."""
        with self._lock:
            index = self.index
            if index.first_year <= first and last <= index.last_year:
                return index
            if index.first_year <= index.last_year:
                first, last = min(first, index.first_year), max(last, index.last_year)
            self._check_year(first)
            self._check_year(last)
            self.index = index = self._build(first, last)
        return index

    # -- what queries call -------------------------------------------------------------------

    def covering(self, *ticks: int) -> Index:
        """An index whose complete range holds every one of ``ticks``."""
        index = self.index
        if all(index.lo <= t <= index.hi for t in ticks):
            return index
        if self._special is not None:
            return self._widen(self.first_year, self.last_year)
        try:
            years = [instant_of(t, self._tz).year for t in ticks]
        except OverflowError:
            years = [9999]
        index = self._widen(min(years), max(years))
        outside = [instant_of(t, self._tz) for t in ticks if not index.lo <= t <= index.hi]
        if outside:  # only inside a night shift running into the very first supported year
            first = instant_of(index.lo, self._tz)
            raise OutOfRangeError(
                f"{outside[0]} lies before {first}, the first instant this calendar can "
                "answer for (the hours of the evening before are unknown)",
                argument="instant",
                value=outside[0],
                expected=f"an instant from {first}",
            )
        return index

    def covering_days(self, *days: date) -> Index:
        """An index whose working-day list covers the years of ``days``."""
        years = [d.year for d in days]
        index = self.index
        if index.first_year <= min(years) and max(years) <= index.last_year:
            return index
        if self._special is not None:
            return self._widen(self.first_year, self.last_year)
        return self._widen(min(years), max(years))

    def beyond(self, index: Index, forward: bool, missing: int, *, days: bool = False) -> Index:
        """Widen ``index`` for ``missing`` more working ticks (or working days) one way."""
        what = "n" if days else "duration"
        if self._special is not None:
            where = "after" if forward else "before"
            raise NoWorkingTimeError(
                f"the calendar has no working time {where} this point: its only working "
                f"time is the special_hours of {len(index.days)} date(s)",
                argument=what,
                value=missing,
                expected="a calendar with weekly hours, or a smaller amount",
            )
        span = index.last_year - index.first_year + 1
        if days:
            per_year, ceiling = len(index.days) // span, 366
        else:
            per_year, ceiling = (index.w_hi - index.w_lo) // span, self._year_ceiling
        room = self.last_year - index.last_year if forward else index.first_year - self.first_year
        if room <= 0 or missing > room * ceiling:
            end = self.last_year if forward else self.first_year
            raise OutOfRangeError(
                f"the result lies beyond the local year {end}, the limit of this calendar "
                f"(years {self.first_year}-{self.last_year})",
                argument=what,
                value=missing if days else timedelta(microseconds=min(missing, 2**52)),
                expected=f"a result within the years {self.first_year}-{self.last_year}",
            )
        years = min(room, max(span, -(-missing // per_year) + 1) if per_year else span)
        if forward:
            return self._widen(index.first_year, index.last_year + years)
        return self._widen(index.first_year - years, index.last_year)
