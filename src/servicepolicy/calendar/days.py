"""What a calendar says about a date, and why (the explanation side of CAL-1…CAL-4).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import attrs

from servicepolicy.calendar.hours import WEEKDAY_NAMES, DayHours, format_hours
from servicepolicy.calendar.periods import HolidayPeriod

__all__ = ["DayInfo", "DayKind", "Deadline"]


class DayKind(enum.StrEnum):
    """Why a date has the hours it has, in order of precedence.

    .. versionadded:: 0.1.0
    """

    SPECIAL = "special"
    """The date has special hours (a half day, the eve of a festival; CAL-4)."""
    CLOSURE = "closure"
    """A company-specific closed date (CAL-2)."""
    EXTRA = "extra"
    """A company-specific extra working day (CAL-2)."""
    HOLIDAY = "holiday"
    """A public holiday from the ``holidays`` package or the listed dates (CAL-2)."""
    MAKEUP = "makeup"
    """A weekend make-up working day, 调休 (CAL-3)."""
    WORKDAY = "workday"
    """An ordinary day with the weekly hours of its weekday (CAL-1)."""
    REST = "rest"
    """An ordinary day whose weekday has no hours (a weekend)."""


_ORDINARY = frozenset({DayKind.WORKDAY, DayKind.REST})


@attrs.frozen
class DayInfo:
    """One local date of a calendar: its kind, the holiday's name and its hours.

    ``hours`` are ``(start, end)`` seconds after the local midnight; a rule-by-rule
    explanation of why the date is (not) a working day.  ``period`` is the public-holiday
    period the date lies in, if any (a Sunday of Golden Week is in one).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``period``.
    """

    date: date
    kind: DayKind
    hours: DayHours
    name: str | None = None
    source: str | None = None
    period: HolidayPeriod | None = None

    @property
    def is_working_day(self) -> bool:
        """Whether the date has any working hours."""
        return bool(self.hours)

    @property
    def is_ordinary(self) -> bool:
        """Whether the weekly pattern alone decides the date (no rule overrides it)."""
        return self.kind in _ORDINARY

    def __str__(self) -> str:
        weekday = WEEKDAY_NAMES[self.date.weekday()].capitalize()
        what = {
            DayKind.SPECIAL: "special hours (CAL-4)",
            DayKind.CLOSURE: "company closure (CAL-2)",
            DayKind.EXTRA: f"extra working day on {self.name} hours (CAL-2)",
            DayKind.HOLIDAY: f"public holiday: {self.name} (CAL-2)",
            DayKind.MAKEUP: f"make-up working day (调休) on {self.name} hours (CAL-3)",
            DayKind.WORKDAY: "working day (CAL-1)",
            DayKind.REST: "rest day (CAL-1)",
        }[self.kind]
        hours = format_hours(self.hours) if self.hours else "closed"
        period = self.period
        if period is not None and self.kind is not DayKind.HOLIDAY:
            what += f", in the {period.name} holiday period {period.start}..{period.end}"
        return f"{self.date.isoformat()} {weekday}: {what}, {hours}"


@attrs.frozen
class Deadline:
    """The result of :meth:`BusinessCalendar.deadline`: a due instant and why.

    ``days`` lists every date between the start and the due instant (inclusive)
    that is not decided by the weekly pattern alone: the holidays skipped, the
    make-up days worked, closures, special hours.

    .. versionadded:: 0.1.0
    """

    start: datetime
    duration: timedelta
    due: datetime
    calendar: str
    elapsed: timedelta
    days: tuple[DayInfo, ...]

    def __str__(self) -> str:
        sign = "-" if self.duration < timedelta(0) else "+"
        lines = [
            f"{self.start.isoformat(timespec='minutes')} {sign} {_hm(abs(self.duration))} "
            f"working time on {self.calendar} -> due {self.due.isoformat(timespec='minutes')} "
            f"({_hm(abs(self.elapsed))} on the wall clock)"
        ]
        lines += [f"  {day}" for day in self.days]
        return "\n".join(lines)


def _hm(delta: timedelta) -> str:
    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}h{minutes:02d}"
    return text + (f"{seconds:02d}s" if seconds else "")
