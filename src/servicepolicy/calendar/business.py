"""The business calendar: working time, working days and deadline arithmetic (CAL-1…CAL-6).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs
import holidays as holidays_lib

from servicepolicy.calendar import _arguments as args
from servicepolicy.calendar import _compose as compose
from servicepolicy.calendar._arithmetic import WorkingTime
from servicepolicy.calendar._coverage import Coverage
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
from servicepolicy.calendar.periods import (
    HolidayPeriod,
    PeriodFinder,
    PeriodMode,
    declared_periods,
    period_mode,
)
from servicepolicy.errors import OutOfRangeError

__all__ = ["BusinessCalendar"]

_MIN_YEAR, _MAX_YEAR = 2, 9998  # one day of margin inside datetime's range for zone offsets
_SHARED: SharedParts[tuple[HolidaySource, Coverage, PeriodFinder]] = SharedParts()


def _seconds(hours: DayHours) -> int:
    return sum(end - start for start, end in hours)


@attrs.frozen(repr=False)
class BusinessCalendar(WorkingTime, compose.Composable):
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
    :param holidays_close: ``True`` (default): public holidays close the calendar and
        make-up days open it with ``makeup_weekday``'s hours.  ``False``: the weekly
        hours run on every date (a 24×7 hotline's clock never stops), while the holidays
        stay *known*: :meth:`day_info`, :meth:`public_holiday`, :meth:`holiday_period`
        and the LEAVE and SWAP rules still see them (CAL-2, CAL-6).
    :param holiday_periods: how public-holiday periods are found: ``"derived"`` (default:
        the statutory days with the weekend days around them, up to the make-up days) or
        ``"statutory"`` (runs of statutory days only); see
        :mod:`servicepolicy.calendar.periods`.
    :param declared_periods: holiday periods the policy declares, as
        :class:`~servicepolicy.calendar.HolidayPeriod` values or ``(name, start, end)``
        tuples; each replaces the derived periods it overlaps.

    All instants must be timezone-aware; results carry the ``tzinfo`` of the
    instant they were computed from.  See the calendars guide for the exact
    semantics and the laws the arithmetic obeys.  Calendars compose:
    ``a | b`` (working when either works), ``a & b`` (when both work) and
    :meth:`overlay` (one calendar's hours, another's holidays).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``holidays_close``, ``holiday_periods``, ``declared_periods``; composition.
    """

    hours: WeeklyHours = attrs.field(converter=parse_weekly_hours)
    tz: tzinfo = attrs.field(converter=args.zone)
    country: str | None = None
    subdiv: str | None = None
    holidays: holidays_lib.HolidayBase | frozenset[date] | None = attrs.field(
        default=None,
        converter=args.holidays_arg,
        eq=attrs.cmp_using(eq=args.holidays_eq),
        hash=False,
    )
    extra_workdays: frozenset[date] = attrs.field(default=(), converter=args.extra_workdays)
    closures: frozenset[date] = attrs.field(default=(), converter=args.closures)
    special_hours: Mapping[date, DayHours] = attrs.field(
        factory=dict, converter=args.special_hours, hash=False
    )
    makeup_weekday: int = attrs.field(default=0, converter=args.makeup_weekday)
    language: str | None = "en_US"
    name: str | None = attrs.field(default=None, eq=False)
    holidays_close: bool = attrs.field(default=True, validator=args.flag)
    holiday_periods: PeriodMode = attrs.field(default="derived", converter=period_mode)
    declared_periods: tuple[HolidayPeriod, ...] = attrs.field(
        default=(), converter=declared_periods
    )
    composition: compose.Composition | None = attrs.field(
        default=None, validator=args.composition, repr=False
    )
    _source: HolidaySource = attrs.field(init=False, eq=False, repr=False)
    _periods: PeriodFinder = attrs.field(init=False, eq=False, repr=False)
    _coverage: Coverage = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        key = spec_key(self)
        shared = None if key is None else _SHARED.get(key)
        if shared is not None:  # an equal calendar was built: its parts answer the same
            object.__setattr__(self, "_source", shared[0])
            object.__setattr__(self, "_coverage", shared[1])
            object.__setattr__(self, "_periods", shared[2])
            return
        source = HolidaySource.from_spec(
            country=self.country, subdiv=self.subdiv, holidays=self.holidays, language=self.language
        )
        object.__setattr__(self, "_source", source)
        if self.composition is None:
            args.check_consistency(self)
        else:
            args.check_composed(self)
        finder = PeriodFinder(
            mode=self.holiday_periods,
            declared=self.declared_periods,
            listed=lambda day: self._source.year(day.year)[0].get(day),
            makeup=lambda day: day in self._source.year(day.year)[1],
            statutory_names=source.statutory_names,
            weekend=source.weekend,
            years=(source.first_year, source.last_year),
        )
        object.__setattr__(self, "_periods", finder)
        object.__setattr__(self, "_coverage", self._make_coverage())
        if key is not None:
            _SHARED.put(key, (source, self._coverage, finder))

    # -- describing days ---------------------------------------------------------------

    def _hours_for_extra(self, day: date) -> DayHours:
        return self.hours.days[day.weekday()] or self.hours.days[self.makeup_weekday]

    def _day(self, day: date) -> DayInfo:
        """The day's hours and why, without its holiday period (the index reads this)."""
        comp = self.composition
        if comp is None:
            return self._plain_day(day)
        left, right = comp.left._day(day), comp.right._day(day)
        if comp.operation == "union":
            hours = compose.merge_hours([*left.hours, *right.hours])
        elif comp.operation == "intersection":
            after = day + timedelta(days=1)
            a_next = comp.left._day(after).hours if right.hours else ()
            b_next = comp.right._day(after).hours if left.hours else ()
            hours = compose.intersect(left.hours, right.hours, a_next, b_next)
        else:
            hours = left.hours
        return compose.combine_days(comp.operation, left, right, hours)

    def _plain_day(self, day: date) -> DayInfo:
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
        weekly = self.hours.days[day.weekday()]
        if name is not None:
            hours = () if self.holidays_close else weekly
            return DayInfo(day, DayKind.HOLIDAY, hours, name, self._source.describe())
        if day in makeup:
            as_day = self.makeup_weekday if self.holidays_close else day.weekday()
            hours = self.hours.days[as_day]
            source = self._source.describe()
            return DayInfo(day, DayKind.MAKEUP, hours, WEEKDAY_NAMES[as_day], source)
        return DayInfo(day, DayKind.WORKDAY if weekly else DayKind.REST, weekly)

    def day_info(self, day: date) -> DayInfo:
        """Explain ``day``: its kind (holiday, make-up day…), the holiday's name, its
        hours, and the public-holiday period it lies in (``period``).

        Rules apply in this order: special hours, closures, extra working days,
        public holidays, make-up days, the weekly pattern.
        """
        args.check_day(day, "day")
        self._check_year(day.year)
        info = self._day(day)
        period = self.holiday_period(day)
        return info if period is None else attrs.evolve(info, period=period)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has any working hours (CAL-1…CAL-4)."""
        args.check_day(day, "day")
        self._check_year(day.year)
        return bool(self._day(day).hours)

    # -- public holidays and their periods ---------------------------------------------

    def _knows(self) -> tuple[BusinessCalendar, ...]:
        return (self,) if self.composition is None else self.composition.holidays_from

    def public_holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or ``None`` (CAL-2).

        Whatever the day's hours: a closure or special hours on a holiday, or
        ``holidays_close=False``, do not make it less of a public holiday.
        """
        args.check_day(day, "day")
        self._check_year(day.year)
        for calendar in self._knows():
            if calendar.composition is not None:
                found = calendar.public_holiday(day)
            else:
                found = calendar._source.year(day.year)[0].get(day)
            if found is not None:
                return found
        return None

    def holiday_period(self, day: date) -> HolidayPeriod | None:
        """The public-holiday period ``day`` lies in, or ``None``: the weekend days of
        Golden Week are in it, a make-up Saturday is not (CAL-2, CAL-3).

        See :mod:`servicepolicy.calendar.periods` for how periods are found.
        """
        args.check_day(day, "day")
        self._check_year(day.year)
        for calendar in self._knows():
            if calendar.composition is not None:
                found = calendar.holiday_period(day)
            else:
                found = calendar._periods.period(day)
            if found is not None:
                return found
        return None

    def in_holiday_period(self, day: date) -> bool:
        """Whether ``day`` lies in a public-holiday period (:meth:`holiday_period`)."""
        return self.holiday_period(day) is not None

    # -- range and coverage -------------------------------------------------------------------

    @property
    def first_year(self) -> int:
        """The first local year the calendar can answer for."""
        if self.composition is not None:
            return max(self.composition.left.first_year, self.composition.right.first_year)
        return max(_MIN_YEAR, self._source.first_year)

    @property
    def last_year(self) -> int:
        """The last local year the calendar can answer for."""
        if self.composition is not None:
            return min(self.composition.left.last_year, self.composition.right.last_year)
        return min(_MAX_YEAR, self._source.last_year)

    def _check_year(self, year: int) -> None:
        if self.composition is not None:
            self.composition.left._check_year(year)
            self.composition.right._check_year(year)
        if not self.first_year <= year <= self.last_year:
            self._source.check_year(year)  # names the holiday data when it is the limit
            raise OutOfRangeError(
                f"the calendar answers for the local years {self.first_year}-{self.last_year}; "
                f"the computation needs {year}",
                argument="year",
                value=year,
                expected=f"a year within {self.first_year}-{self.last_year}",
            )

    @property
    def _known_from(self) -> int:
        """The first year whose dates the calendar knows the hours of."""
        comp = self.composition
        if comp is None:
            return self._source.first_year
        return max(comp.left._known_from, comp.right._known_from)

    @property
    def _spill(self) -> int:
        """How far past midnight a day's hours reach, at most."""
        comp = self.composition
        if comp is None:
            ends = [e for d in (*self.hours.days, *self.special_hours.values()) for _, e in d]
            return max((e - DAY for e in ends if e > DAY), default=0)
        return max(comp.left._spill, comp.right._spill)

    def _make_coverage(self) -> Coverage:
        only = self._only_dates()
        if self.composition is None:
            longest = max(
                [self.hours.max_day_seconds, *(_seconds(h) for h in self.special_hours.values())]
            )
        else:
            longest = DAY  # a day's merged hours never hold more than a day of real time
        return Coverage(
            tz=self.tz,
            hours_of=lambda day: self._day(day).hours,
            years=(self.first_year, self.last_year),
            check_year=self._check_year,
            hours_known_from=self._known_from,
            special=only,
            day_hours_max=longest,
            spill=self._spill,
        )

    # -- explanations ------------------------------------------------------------------

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

    # -- presentation ------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle and copy by the arguments alone; the cached index is rebuilt on demand."""
        fields = {a.name: getattr(self, a.name) for a in attrs.fields(type(self)) if a.init}
        fields["special_hours"] = {d: format_hours(h) for d, h in self.special_hours.items()}
        return _rebuild, (fields,)

    def __repr__(self) -> str:
        if self.composition is not None:
            text = str(self.composition)
            return f"{text[:-1]}, name={self.name!r})" if self.name else text
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
            "holidays_close": False if not self.holidays_close else None,
            "holiday_periods": "statutory" if self.holiday_periods == "statutory" else None,
            "declared_periods": len(self.declared_periods) or None,
        }
        parts += [f"{k}={v!r}" for k, v in extras.items() if v is not None]
        if self.makeup_weekday:
            parts.append(f"makeup_weekday={WEEKDAY_NAMES[self.makeup_weekday]!r}")
        return f"BusinessCalendar({', '.join(parts)})"

    @classmethod
    def always(cls, tz: str | tzinfo = "UTC", **kwargs: Any) -> BusinessCalendar:
        """A 24×7 calendar: every instant is working time (a hotline; CAL-6).

        With ``country=`` (or ``holidays=``) the public holidays are known, for
        :meth:`day_info`, :meth:`holiday_period` and the LEAVE and SWAP rules, but do not
        stop the clock: ``holidays_close`` defaults to ``False`` here.  Closures and
        special hours, if given, still apply.

        .. versionchanged:: 0.2.0
           Public holidays no longer close it (``holidays_close=False``).
        """
        kwargs.setdefault("holidays_close", False)
        return cls(hours="24/7", tz=tz, **kwargs)


def _rebuild(fields: dict[str, Any]) -> BusinessCalendar:
    return BusinessCalendar(**fields)
