"""Converters and checks for the arguments of :class:`~servicepolicy.calendar.BusinessCalendar`.

Each names the argument it checks in its errors.  Private module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import holidays as holidays_lib

from servicepolicy.calendar.hours import WEEKDAY_NAMES, DayHours, parse_day_hours, parse_weekday
from servicepolicy.errors import (
    InvalidCalendarError,
    NaiveDatetimeError,
    WrongTypeError,
)

if TYPE_CHECKING:
    from servicepolicy.calendar.business import BusinessCalendar

__all__ = [
    "check_composed",
    "check_consistency",
    "check_day",
    "check_duration",
    "closures",
    "composition",
    "dates",
    "extra_workdays",
    "flag",
    "holidays_arg",
    "holidays_eq",
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


def holidays_eq(a: object, b: object) -> bool:
    """Equality of ``holidays`` arguments: a ``HolidayBase`` only equals itself."""
    if isinstance(a, holidays_lib.HolidayBase) or isinstance(b, holidays_lib.HolidayBase):
        return a is b
    return a == b


def holidays_arg(value: object) -> holidays_lib.HolidayBase | frozenset[date] | None:
    """Converter of ``holidays``: a ``HolidayBase`` as it is, dates as a frozenset."""
    if value is None or isinstance(value, holidays_lib.HolidayBase):
        return value
    return dates(value, "holidays")


def flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    """Validator of a ``bool`` argument."""
    if not isinstance(value, bool):
        raise WrongTypeError(attribute.name, value, "True or False")


def composition(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator of ``composition``: set only by ``|``, ``&`` and ``overlay``."""
    from servicepolicy.calendar._compose import Composition

    if value is not None and not isinstance(value, Composition):
        raise WrongTypeError(attribute.name, value, "None (compose calendars with | & overlay)")


def check_consistency(calendar: BusinessCalendar) -> None:
    """Reject contradictory exceptions of a plain calendar (CAL-2, CAL-3, CAL-4)."""
    both = calendar.closures & calendar.extra_workdays
    if both:
        raise InvalidCalendarError(
            "closures", sorted(both), "dates that are not also in extra_workdays"
        )
    decided = set(calendar.special_hours) & (calendar.closures | calendar.extra_workdays)
    if decided:
        raise InvalidCalendarError(
            "special_hours",
            sorted(decided),
            "dates not also listed in closures or extra_workdays (special_hours decides them)",
        )
    makeup_possible = calendar._source.has_makeup_days and calendar.holidays_close
    if (
        makeup_possible
        and calendar.hours.weekly_seconds
        and not calendar.hours.days[calendar.makeup_weekday]
    ):
        raise InvalidCalendarError(
            "makeup_weekday",
            WEEKDAY_NAMES[calendar.makeup_weekday],
            "a weekday that has working hours (make-up days are worked with its hours)",
        )
    for day in sorted(calendar.extra_workdays):
        if not calendar._hours_for_extra(day):
            raise InvalidCalendarError(
                "extra_workdays",
                day,
                "dates that get hours from their weekday or makeup_weekday",
            )


def check_composed(calendar: BusinessCalendar) -> None:
    """A composed calendar takes its exceptions from the calendars composed."""
    own = {
        "extra_workdays": calendar.extra_workdays,
        "closures": calendar.closures,
        "special_hours": calendar.special_hours,
        "declared_periods": calendar.declared_periods,
    }
    for argument, value in own.items():
        if value:
            raise InvalidCalendarError(
                argument,
                value,
                "nothing on a composed calendar: give it to one of the calendars composed",
            )
