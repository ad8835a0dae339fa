"""Public-holiday periods: all of China's Golden Week, not only its statutory days (CAL-2).

An officially announced holiday period (National Day 1–7 October, the Spring Festival
week) includes the weekend days inside it, but the :mod:`holidays` package lists only the
days off that fall on working weekdays.  A :class:`HolidayPeriod` is the whole period;
:meth:`BusinessCalendar.holiday_period <servicepolicy.calendar.BusinessCalendar.holiday_period>`
finds the one a date belongs to.

How a calendar finds its periods (its ``holiday_periods`` argument):

``"derived"`` (default)
    A period is a maximal run of consecutive days, each either a listed public holiday or
    a weekend day of the country's standard week (``holidays``' ``weekend``, Saturday and
    Sunday where no country says otherwise) that is not a make-up working day (调休),
    containing at least one listed public holiday.  Make-up days break a run, so a make-up
    Saturday is never inside a period.  For China this reproduces the announced periods
    (1–7 October 2026, 15–23 February 2026, 19–21 June 2026); elsewhere it gives the long
    weekend around a holiday (Saturday 23 to Monday 25 May 2026 for Memorial Day).
``"statutory"``
    A period is a maximal run of consecutive listed public holidays: weekend days are
    never added.

``declared_periods`` are periods the policy states itself (as the State Council
announced them, or the company's own reading).  A declared period wins over every derived
period it overlaps.

Periods are knowledge, not hours: a weekend day inside a period keeps the hours the
calendar gives it.  The LEAVE and SWAP rules read them (LEAVE-8, LEAVE-10, SWAP-9).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Literal

import attrs

from servicepolicy.errors import InvalidCalendarError, WrongTypeError

__all__ = ["HolidayPeriod", "PeriodFinder", "PeriodMode", "declared_periods", "period_mode"]

PeriodMode = Literal["derived", "statutory"]
"""How a calendar derives its holiday periods (see the module docstring)."""

_MODES = ("derived", "statutory")
_DAY = timedelta(days=1)


def _day(argument: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise WrongTypeError(argument, value, "a datetime.date")
    return value


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise WrongTypeError("name", value, "a non-empty string naming the holiday period")


def _start(value: object) -> date:
    return _day("start", value)


def _end(value: object) -> date:
    return _day("end", value)


def _statutory(value: Iterable[date]) -> tuple[date, ...]:
    return tuple(sorted(_day("statutory", d) for d in value))


@attrs.frozen
class HolidayPeriod:
    """A public-holiday period: every date from ``start`` to ``end`` (inclusive).

    :param name: the holiday(s) it is for, e.g. ``"National Day"``.
    :param start: its first date.
    :param end: its last date.
    :param statutory: the listed public holidays inside it (empty for a declared period).
    :param source: where it comes from: ``"derived"``, ``"statutory"`` or ``"declared"``.

    >>> from datetime import date
    >>> golden_week = HolidayPeriod("National Day", date(2026, 10, 1), date(2026, 10, 7))
    >>> date(2026, 10, 4) in golden_week, len(golden_week.days)
    (True, 7)
    >>> print(golden_week)
    National Day: 2026-10-01 Thu to 2026-10-07 Wed (7 days, declared)

    .. versionadded:: 0.2.0
    """

    name: str = attrs.field(validator=_name)
    start: date = attrs.field(converter=_start)
    end: date = attrs.field(converter=_end)
    statutory: tuple[date, ...] = attrs.field(default=(), converter=_statutory)
    source: str = "declared"

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidCalendarError("end", self.end, f"a date on or after start {self.start}")

    @property
    def days(self) -> tuple[date, ...]:
        """Every date of the period, in order."""
        count = (self.end - self.start).days + 1
        return tuple(self.start + _DAY * i for i in range(count))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def overlaps(self, other: HolidayPeriod) -> bool:
        """Whether the two periods share a date."""
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        first, last = (f"{d.isoformat()} {d.strftime('%a')}" for d in (self.start, self.end))
        count = len(self.days)
        days = f"{count} day" + ("s" if count != 1 else "")
        return f"{self.name}: {first} to {last} ({days}, {self.source})"


def period_mode(value: object) -> PeriodMode:
    """Converter of a calendar's ``holiday_periods``."""
    if value == "derived":
        return "derived"
    if value == "statutory":
        return "statutory"
    raise InvalidCalendarError("holiday_periods", value, "'derived' or 'statutory'")


def declared_periods(value: object) -> tuple[HolidayPeriod, ...]:
    """Converter of a calendar's ``declared_periods``: ``HolidayPeriod`` values or
    ``(name, start, end)`` tuples, none overlapping another."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongTypeError(
            "declared_periods", value, "an iterable of HolidayPeriod or (name, start, end)"
        )
    periods: list[HolidayPeriod] = []
    for item in value:
        if isinstance(item, HolidayPeriod):
            periods.append(item)
        elif isinstance(item, tuple | list) and len(item) == 3:
            periods.append(HolidayPeriod(item[0], item[1], item[2]))
        else:
            raise WrongTypeError(
                "declared_periods", item, "a HolidayPeriod or a (name, start, end) tuple"
            )
    periods.sort(key=lambda p: p.start)
    for before, after in itertools.pairwise(periods):
        if before.overlaps(after):
            raise InvalidCalendarError(
                "declared_periods", f"{before} and {after}", "periods that do not overlap"
            )
    return tuple(periods)


class PeriodFinder:
    """Finds the holiday period of a date from one calendar's holiday data (private use).

    :param listed: the listed public holiday's name on a date, or ``None``; raises
        :class:`~servicepolicy.errors.OutOfRangeError` outside the data's years.
    :param makeup: whether a date is a make-up working day.
    :param statutory_names: the names a listed holiday counts under in a period's name;
        empty for a substituted day off.
    :param weekend: the weekdays of the standard week's weekend.
    :param years: the local years the data covers; a run stops at their edge.
    """

    def __init__(
        self,
        *,
        mode: PeriodMode,
        declared: tuple[HolidayPeriod, ...],
        listed: Callable[[date], str | None],
        makeup: Callable[[date], bool],
        statutory_names: Callable[[str], tuple[str, ...]],
        weekend: frozenset[int],
        years: tuple[int, int],
    ) -> None:
        self._mode = mode
        self._declared = declared
        self._listed = listed
        self._makeup = makeup
        self._statutory_names = statutory_names
        self._weekend = weekend
        self._years = years
        self._found: dict[date, HolidayPeriod | None] = {}

    def _in_run(self, day: date) -> bool:
        if not self._years[0] <= day.year <= self._years[1]:
            return False
        if self._listed(day) is not None:
            return True
        return self._mode == "derived" and day.weekday() in self._weekend and not self._makeup(day)

    def _walk(self, day: date, step: timedelta) -> Iterator[date]:
        while True:
            try:
                day += step
            except OverflowError:
                return
            if not self._in_run(day):
                return
            yield day

    def _derive(self, day: date) -> HolidayPeriod | None:
        if not self._in_run(day):
            return None
        before = list(self._walk(day, -_DAY))
        run = [*reversed(before), day, *self._walk(day, _DAY)]
        listed = [(d, name) for d in run if (name := self._listed(d)) is not None]
        period = None
        if listed:
            names: list[str] = []
            for _, text in listed:
                names += [n for n in self._statutory_names(text) if n not in names]
            name = ", ".join(names) or listed[0][1]
            period = HolidayPeriod(
                name, run[0], run[-1], tuple(d for d, _ in listed), source=self._mode
            )
            if any(period.overlaps(p) for p in self._declared):
                period = None  # a declared period replaces it
        for d in run:
            self._found[d] = period
        return period

    def period(self, day: date) -> HolidayPeriod | None:
        """The period ``day`` belongs to, or ``None``."""
        for declared in self._declared:
            if day in declared:
                return declared
        if day in self._found:
            return self._found[day]
        return self._derive(day)
