"""The business calendar: working time, working days and deadline arithmetic (CAL-1…CAL-6).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs
import holidays as holidays_lib

from servicepolicy.calendar import _arguments as args
from servicepolicy.calendar._coverage import Coverage
from servicepolicy.calendar._index import FAST_LIMIT, instant_of, tick_of, ticks_in
from servicepolicy.calendar._shared import SharedParts, spec_key
from servicepolicy.calendar.days import DayInfo, DayKind, Deadline
from servicepolicy.calendar.holiday_source import HolidaySource
from servicepolicy.calendar.hours import (
    DAY,
    WEEKDAY_NAMES,
    DayHours,
    WeeklyHours,
    format_hours,
    parse_weekly_hours,
)
from servicepolicy.errors import InvalidCalendarError, OutOfRangeError, WrongTypeError

__all__ = ["BusinessCalendar"]

_MIN_YEAR, _MAX_YEAR = 2, 9998  # one day of margin inside datetime's range for zone offsets
_SHARED: SharedParts[tuple[HolidaySource, Coverage]] = SharedParts()


def _seconds(hours: DayHours) -> int:
    return sum(end - start for start, end in hours)


def _holidays_eq(a: object, b: object) -> bool:
    if isinstance(a, holidays_lib.HolidayBase) or isinstance(b, holidays_lib.HolidayBase):
        return a is b
    return a == b


def _holidays_arg(value: object) -> holidays_lib.HolidayBase | frozenset[date] | None:
    if value is None or isinstance(value, holidays_lib.HolidayBase):
        return value
    return args.dates(value, "holidays")


@attrs.frozen(repr=False)
class BusinessCalendar:
    """Working time in one IANA time zone: weekly hours, holidays, make-up days (CAL-1…CAL-6).

    :param hours: weekly hours, ``"mon-fri 09:00-12:00,13:00-18:00"`` or a mapping
        weekday → intervals (CAL-1); see :mod:`servicepolicy.calendar.hours`.
    :param tz: the IANA zone the hours are read in (CAL-5).
    :param country: public holidays from :func:`holidays.country_holidays` (CAL-2),
        including weekend make-up working days where the package knows them (CAL-3).
    :param subdiv: the country's subdivision (state, province), if any.
    :param holidays: instead of ``country``: a :class:`holidays.HolidayBase` or an
        iterable of dates.
    :param extra_workdays: company-specific extra working days (CAL-2).
    :param closures: company-specific closed dates (CAL-2).
    :param special_hours: ``{date: "09:00-12:00"}`` half days and special hours;
        ``""`` closes the date (CAL-4).
    :param makeup_weekday: the weekday whose hours a make-up day, or an extra
        working day whose own weekday has no hours, is worked with (CAL-3).
    :param language: the language of the holiday names in explanations (``"zh_CN"`` for
        Chinese); fixed, so that answers do not depend on the machine's locale.
    :param name: a label for explanations ("hotline", "key-account desk": CAL-6).

    All instants must be timezone-aware; results carry the ``tzinfo`` of the
    instant they were computed from.  See the calendars guide for the exact
    semantics and the laws the arithmetic obeys.

    .. versionadded:: 0.1.0
    """

    hours: WeeklyHours = attrs.field(converter=parse_weekly_hours)
    tz: tzinfo = attrs.field(converter=args.zone)
    country: str | None = None
    subdiv: str | None = None
    holidays: holidays_lib.HolidayBase | frozenset[date] | None = attrs.field(
        default=None, converter=_holidays_arg, eq=attrs.cmp_using(eq=_holidays_eq), hash=False
    )
    extra_workdays: frozenset[date] = attrs.field(default=(), converter=args.extra_workdays)
    closures: frozenset[date] = attrs.field(default=(), converter=args.closures)
    special_hours: Mapping[date, DayHours] = attrs.field(
        factory=dict, converter=args.special_hours, hash=False
    )
    makeup_weekday: int = attrs.field(default=0, converter=args.makeup_weekday)
    language: str | None = "en_US"
    name: str | None = attrs.field(default=None, eq=False)
    _source: HolidaySource = attrs.field(init=False, eq=False, repr=False)
    _coverage: Coverage = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        key = spec_key(self)
        shared = None if key is None else _SHARED.get(key)
        if shared is not None:  # an equal calendar was built: its parts answer the same
            object.__setattr__(self, "_source", shared[0])
            object.__setattr__(self, "_coverage", shared[1])
            return
        source = HolidaySource.from_spec(
            country=self.country, subdiv=self.subdiv, holidays=self.holidays, language=self.language
        )
        object.__setattr__(self, "_source", source)
        self._check_consistency()
        object.__setattr__(self, "_coverage", self._make_coverage())
        if key is not None:
            _SHARED.put(key, (source, self._coverage))

    def _check_consistency(self) -> None:
        both = self.closures & self.extra_workdays
        if both:
            raise InvalidCalendarError(
                "closures", sorted(both), "dates that are not also in extra_workdays"
            )
        decided = set(self.special_hours) & (self.closures | self.extra_workdays)
        if decided:
            raise InvalidCalendarError(
                "special_hours",
                sorted(decided),
                "dates not also listed in closures or extra_workdays (special_hours decides them)",
            )
        makeup_possible = self._source.has_makeup_days
        if (
            makeup_possible
            and self.hours.weekly_seconds
            and not self.hours.days[self.makeup_weekday]
        ):
            raise InvalidCalendarError(
                "makeup_weekday",
                WEEKDAY_NAMES[self.makeup_weekday],
                "a weekday that has working hours (make-up days are worked with its hours)",
            )
        for day in sorted(self.extra_workdays):
            if not self._hours_for_extra(day):
                raise InvalidCalendarError(
                    "extra_workdays",
                    day,
                    "dates that get hours from their weekday or makeup_weekday",
                )

    # -- describing days ---------------------------------------------------------------

    def _hours_for_extra(self, day: date) -> DayHours:
        return self.hours.days[day.weekday()] or self.hours.days[self.makeup_weekday]

    def day_info(self, day: date) -> DayInfo:
        """Explain ``day``: its kind (holiday, make-up day…), the holiday's name, its hours.

        Rules apply in this order: special hours, closures, extra working days,
        public holidays, make-up days, the weekly pattern.
        """
        args.check_day(day, "day")
        self._check_year(day.year)
        special = self.special_hours.get(day)
        if special is not None:
            return DayInfo(day, DayKind.SPECIAL if special else DayKind.CLOSURE, special)
        if day in self.closures:
            return DayInfo(day, DayKind.CLOSURE, ())
        if day in self.extra_workdays:
            as_day = day.weekday() if self.hours.days[day.weekday()] else self.makeup_weekday
            return DayInfo(day, DayKind.EXTRA, self._hours_for_extra(day), WEEKDAY_NAMES[as_day])
        names, makeup = self._source.year(day.year)
        name = names.get(day)
        if name is not None:
            return DayInfo(day, DayKind.HOLIDAY, (), name, self._source.describe())
        if day in makeup:
            hours = self.hours.days[self.makeup_weekday]
            name = WEEKDAY_NAMES[self.makeup_weekday]
            return DayInfo(day, DayKind.MAKEUP, hours, name, self._source.describe())
        hours = self.hours.days[day.weekday()]
        return DayInfo(day, DayKind.WORKDAY if hours else DayKind.REST, hours)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has any working hours (CAL-1…CAL-4)."""
        return bool(self.day_info(day).hours)

    # -- range and coverage -------------------------------------------------------------------

    @property
    def first_year(self) -> int:
        """The first local year the calendar can answer for."""
        return max(_MIN_YEAR, self._source.first_year)

    @property
    def last_year(self) -> int:
        """The last local year the calendar can answer for."""
        return min(_MAX_YEAR, self._source.last_year)

    def _check_year(self, year: int) -> None:
        if not self.first_year <= year <= self.last_year:
            self._source.check_year(year)  # names the holiday data when it is the limit
            raise OutOfRangeError(
                f"the calendar answers for the local years {self.first_year}-{self.last_year}; "
                f"the computation needs {year}",
                argument="year",
                value=year,
                expected=f"a year within {self.first_year}-{self.last_year}",
            )

    def _make_coverage(self) -> Coverage:
        ends = [e for day in (*self.hours.days, *self.special_hours.values()) for _, e in day]
        longest = max(
            [self.hours.max_day_seconds, *(_seconds(h) for h in self.special_hours.values())]
        )
        return Coverage(
            tz=self.tz,
            hours_of=lambda day: self.day_info(day).hours,
            years=(self.first_year, self.last_year),
            check_year=self._check_year,
            hours_known_from=self._source.first_year,
            special=None if self.hours.weekly_seconds else self.special_hours,
            day_hours_max=longest,
            spill=max((e - DAY for e in ends if e > DAY), default=0),
        )

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

    def deadline(self, start: datetime, duration: timedelta) -> Deadline:
        """:meth:`add`, explained: the due instant and every non-ordinary day on the way."""
        due = self.add(start, args.check_duration(duration))
        first, last = sorted((start, due))
        days = self.explain(first.astimezone(self.tz).date(), last.astimezone(self.tz).date())
        label = f"{self.name} ({self.tz})" if self.name else str(self.tz)
        return Deadline(start, duration, due, label, due - start, tuple(days))

    def explain(self, first_day: date, last_day: date) -> list[DayInfo]:
        """The days from ``first_day`` to ``last_day`` (inclusive) that the weekly
        pattern alone does not decide: holidays, make-up days, closures, special hours."""
        args.check_day(first_day, "first_day")
        args.check_day(last_day, "last_day")
        infos = (
            self.day_info(date.fromordinal(o))
            for o in range(first_day.toordinal(), last_day.toordinal() + 1)
        )
        return [info for info in infos if not info.is_ordinary]

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

    # -- presentation ------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle and copy by the arguments alone; the cached index is rebuilt on demand."""
        fields = {a.name: getattr(self, a.name) for a in attrs.fields(type(self)) if a.init}
        fields["special_hours"] = {d: format_hours(h) for d, h in self.special_hours.items()}
        return _rebuild, (fields,)

    def __repr__(self) -> str:
        parts = [f"hours={str(self.hours)!r}", f"tz={str(self.tz)!r}"]
        extras: dict[str, Any] = {
            "name": self.name,
            "country": self.country,
            "subdiv": self.subdiv,
            "holidays": self._source.describe() if self.holidays is not None else None,
            "extra_workdays": len(self.extra_workdays) or None,
            "closures": len(self.closures) or None,
            "special_hours": len(self.special_hours) or None,
            "language": self.language if self.language != "en_US" else None,
        }
        parts += [f"{k}={v!r}" for k, v in extras.items() if v is not None]
        if self.makeup_weekday:
            parts.append(f"makeup_weekday={WEEKDAY_NAMES[self.makeup_weekday]!r}")
        return f"BusinessCalendar({', '.join(parts)})"

    @classmethod
    def always(cls, tz: str | tzinfo = "UTC", **kwargs: Any) -> BusinessCalendar:
        """A 24×7 calendar: every instant is working time (a hotline; CAL-6)."""
        return cls(hours="24/7", tz=tz, **kwargs)


def _rebuild(fields: dict[str, Any]) -> BusinessCalendar:
    return BusinessCalendar(**fields)
