"""Converters and checks for the arguments of :class:`~servicepolicy.calendar.BusinessCalendar`.

Each names the argument it checks in its errors.  Private module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicepolicy.calendar.hours import DayHours, parse_day_hours, parse_weekday
from servicepolicy.errors import (
    InvalidCalendarError,
    NaiveDatetimeError,
    WrongTypeError,
)

__all__ = [
    "check_day",
    "check_duration",
    "closures",
    "dates",
    "extra_workdays",
    "makeup_weekday",
    "raise_for_duration",
    "raise_for_instant",
    "special_hours",
    "zone",
]


def zone(value: object) -> tzinfo:
    """An IANA zone name or a :class:`zoneinfo.ZoneInfo` (or a fixed ``timezone``)."""
    if isinstance(value, ZoneInfo | timezone):
        return value
    if isinstance(value, str):
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidCalendarError(
                "tz", value, "an IANA time zone name such as 'Asia/Shanghai' or 'UTC'"
            ) from exc
    # Other tzinfo implementations (pytz) give wrong offsets with datetime.replace().
    raise WrongTypeError("tz", value, "an IANA time zone name or a zoneinfo.ZoneInfo")


def check_day(value: object, argument: str) -> date:
    """A :class:`datetime.date` that is not a datetime."""
    if isinstance(value, datetime) or not isinstance(value, date):
        hint = "a datetime.date (for an instant use instant.astimezone(cal.tz).date())"
        raise WrongTypeError(argument, value, hint)
    return value


def dates(value: object, argument: str) -> frozenset[date]:
    """An iterable of dates as a frozenset; errors name ``argument``."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, "an iterable of datetime.date")
    return frozenset(check_day(day, argument) for day in value)


def extra_workdays(value: Iterable[date]) -> frozenset[date]:
    """Converter of ``extra_workdays``."""
    return dates(value, "extra_workdays")


def closures(value: Iterable[date]) -> frozenset[date]:
    """Converter of ``closures``."""
    return dates(value, "closures")


def makeup_weekday(value: int | str) -> int:
    """Converter of ``makeup_weekday``."""
    return parse_weekday(value, "makeup_weekday")


def special_hours(value: object) -> Mapping[date, DayHours]:
    """``{date: "09:00-12:00"}`` (``""`` closes the date) to a read-only mapping."""
    if not isinstance(value, Mapping):
        raise WrongTypeError("special_hours", value, "a mapping date -> hours like '09:00-12:00'")
    parsed = {
        check_day(day, "special_hours"): parse_day_hours(hours, f"special_hours[{day}]")
        for day, hours in value.items()
    }
    return MappingProxyType(dict(sorted(parsed.items())))


def raise_for_instant(argument: str, value: object) -> NoReturn:
    """Raise the right error for something that is not an aware datetime."""
    if isinstance(value, datetime):
        raise NaiveDatetimeError(argument, value)
    raise WrongTypeError(argument, value, "a timezone-aware datetime")


def raise_for_duration(value: object) -> NoReturn:
    """Raise the right error for a duration that is not a timedelta."""
    raise WrongTypeError("duration", value, "a datetime.timedelta of working time")


def check_duration(value: object) -> timedelta:
    """A :class:`datetime.timedelta`."""
    if not isinstance(value, timedelta):
        raise_for_duration(value)
    return value
