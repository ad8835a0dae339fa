"""Working-time arithmetic of :class:`~servicepolicy.calendar.BusinessCalendar` (private).

The operations on instants and working days, answered from the calendar's interval index
(:mod:`servicepolicy.calendar._coverage`).  Plain and composed calendars share them: they
differ only in how the index learns a day's hours.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from servicepolicy.calendar import _arguments as args
from servicepolicy.calendar import _many
from servicepolicy.calendar._coverage import Coverage
from servicepolicy.calendar.index import FAST_LIMIT, instant_of, tick_of, ticks_in
from servicepolicy.errors import WrongTypeError

__all__ = ["WorkingTime"]


class WorkingTime:
    """Working time and working days, exact to the microsecond (CAL-1…CAL-5)."""

    _coverage: Coverage

    # -- instants ----------------------------------------------------------------------------

    def is_working_time(self, instant: datetime) -> bool:
        """Whether ``instant`` lies in working time (intervals are closed-open)."""
        try:
            tick = tick_of(instant)
        except TypeError:
            args.raise_for_instant("instant", instant)
        return self._coverage.covering(tick).contains(tick)

    def next_working_time(self, instant: datetime) -> datetime:
        """``instant`` itself when it is working time, else the start of the next interval."""
        try:
            tick = tick_of(instant)
        except TypeError:
            args.raise_for_instant("instant", instant)
        index = self._coverage.covering(tick)
        found = index.next_start(tick)
        while found is None or found > index.hi:
            index = self._coverage.beyond(index, True, 1)
            found = index.next_start(tick)
        return instant if found == tick else instant_of(found, instant.tzinfo)

    def add(self, instant: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of working time after ``instant`` (before, if negative).

        For ``duration >= 0`` this is the earliest instant ``u >= instant`` with
        ``working_time(instant, u) == duration``: a deadline that uses up an
        interval exactly is that interval's end.  A negative duration mirrors it:
        the latest ``u <= instant`` with ``working_time(u, instant) == -duration``.
        """
        if not isinstance(duration, timedelta):  # a relativedelta's months would be lost
            args.raise_for_duration(duration)
        try:
            tick = tick_of(instant)
        except TypeError:
            args.raise_for_instant("instant", instant)
        amount = ticks_in(duration)
        if not amount:
            return instant
        found = self._tick_after(tick, amount)
        if 0 <= found < FAST_LIMIT:
            return datetime.fromtimestamp(found / 1e6, instant.tzinfo)
        return instant_of(found, instant.tzinfo)

    def _tick_after(self, tick: int, amount: int) -> int:
        """:meth:`add` on ticks (microseconds since the epoch), for the library's clocks."""
        index = self._coverage.index
        if not index.lo <= tick <= index.hi:
            index = self._coverage.covering(tick)
        found = index.shift(tick, amount)
        while found is None:
            target = index.accumulated(tick) + amount
            missing = target - index.w_hi if amount > 0 else index.w_lo - target
            index = self._coverage.beyond(index, amount > 0, missing)
            found = index.shift(tick, amount)
        return found

    def _ticks_between(self, a: int, b: int) -> int:
        """:meth:`working_time` on ticks, for the library's clocks."""
        index = self._coverage.index
        if not (index.lo <= a <= index.hi and index.lo <= b <= index.hi):
            index = self._coverage.covering(a, b)
        return index.between(a, b)

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """The working time between two instants; negative when ``end < start``."""
        try:
            a = tick_of(start)
        except TypeError:
            args.raise_for_instant("start", start)
        try:
            b = tick_of(end)
        except TypeError:
            args.raise_for_instant("end", end)
        return timedelta(microseconds=self._ticks_between(a, b))

    def add_many(
        self, starts: Sequence[datetime] | Any, durations: Sequence[timedelta] | Any
    ) -> Any:
        """:meth:`add` for a batch: ``add_many(xs, ds)[i] == add(xs[i], ds[i])``.

        :param starts: aware datetimes, or (with numpy) a ``datetime64`` array (UTC, as
            numpy has no zones) or an integer array of microseconds since the epoch.
        :param durations: timedeltas, or (with numpy) a ``timedelta64`` array or an
            integer array of microseconds; as many as ``starts``; negative goes back.
        :returns: for a sequence of datetimes, a ``list[datetime]``, each in the
            ``tzinfo`` of its start (whether numpy is installed or not); for a
            ``datetime64`` array, a ``datetime64[us]`` array; for an integer array, an
            ``int64`` array of microseconds since the epoch.

        With numpy the batch is one ``numpy.searchsorted`` over the calendar's
        cumulative working-time index; without it, a loop over :meth:`add`.  The answers
        are the same; so are the errors, except that an argument is named with its
        position (``starts[3]``).

        .. versionadded:: 0.3.0
        """
        return _many.add_many(self, starts, durations)

    def working_time_many(
        self, starts: Sequence[datetime] | Any, ends: Sequence[datetime] | Any
    ) -> Any:
        """:meth:`working_time` for a batch: ``[working_time(a, b) for a, b in zip(...)]``.

        :param starts: aware datetimes, or (with numpy) a ``datetime64`` or integer
            (microseconds since the epoch) array.
        :param ends: the same kind, as many as ``starts``.
        :returns: for sequences of datetimes, a ``list[timedelta]`` (negative where the
            end is before the start); for ``datetime64`` arrays a ``timedelta64[us]``
            array; for integer arrays an ``int64`` array of microseconds.

        .. versionadded:: 0.3.0
        """
        return _many.working_time_many(self, starts, ends)

    def working_intervals(
        self, start: datetime, end: datetime
    ) -> Iterator[tuple[datetime, datetime]]:
        """The working intervals between ``start`` and ``end``, clipped to them.

        Yields ``(begin, finish)`` pairs in the ``tzinfo`` of ``start``; nothing when
        ``end <= start``.
        """
        try:
            a = tick_of(start)
        except TypeError:
            args.raise_for_instant("start", start)
        try:
            b = tick_of(end)
        except TypeError:
            args.raise_for_instant("end", end)
        if b <= a:
            return iter(())
        tz = start.tzinfo
        assert tz is not None
        pairs = self._coverage.covering(a, b).clip(a, b)
        return iter([(instant_of(s, tz), instant_of(e, tz)) for s, e in pairs])

    # -- working days ------------------------------------------------------------------------

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n < 0``).

        With ``n == 0``: ``day`` itself if it is a working day, else the next one.
        The count starts from ``day`` whether or not it is a working day, so a
        Saturday plus one working day is the Monday (as
        :meth:`holidays.HolidayBase.get_nth_working_day` counts).
        """
        args.check_day(day, "day")
        if not isinstance(n, int) or isinstance(n, bool):
            raise WrongTypeError("n", n, "an int number of working days")
        ordinal = day.toordinal()
        index = self._coverage.covering_days(day)
        while True:
            k, exact = index.day_position(ordinal)
            position = k + n - (1 if n > 0 and not exact else 0)
            if 0 <= position < len(index.days):
                return date.fromordinal(index.days[position])
            forward = position >= 0
            missing = position - len(index.days) + 1 if forward else -position
            index = self._coverage.beyond(index, forward, missing, days=True)

    def working_days(self, start_day: date, end_day: date) -> int:
        """The number of working days in ``[start_day, end_day)``; negative if reversed."""
        args.check_day(start_day, "start_day")
        args.check_day(end_day, "end_day")
        index = self._coverage.covering_days(start_day, end_day)
        return (
            index.day_position(end_day.toordinal())[0]
            - index.day_position(start_day.toordinal())[0]
        )
