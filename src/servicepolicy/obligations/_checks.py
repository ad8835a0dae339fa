"""Argument checks shared by the obligation and escalation modules (private).

Each check returns the value it was given, or raises a
:class:`~servicepolicy.errors.ServicePolicyError` subclass whose ``argument`` names the
field (``"obligation 'x': title"``) and whose message says what would be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicepolicy._checks import aware as aware
from servicepolicy._checks import day as day
from servicepolicy._checks import optional_text as optional_text
from servicepolicy._checks import text as text
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "aware",
    "day",
    "duration",
    "end_of_day",
    "flag",
    "items",
    "optional_text",
    "positive_duration",
    "text",
    "unique",
    "zone",
]

T = TypeVar("T")


def flag(argument: str, value: object) -> bool:
    """``value`` if it is a bool (``1`` and ``"yes"`` are refused)."""
    if not isinstance(value, bool):
        raise WrongTypeError(argument, value, "a bool")
    return value


def duration(argument: str, value: object) -> timedelta:
    """``value`` if it is a :class:`datetime.timedelta` of zero or more."""
    if not isinstance(value, timedelta):
        raise WrongTypeError(argument, value, "a datetime.timedelta")
    if value < timedelta(0):
        raise InvalidArgumentError(argument, value, "a duration >= 0")
    return value


def positive_duration(argument: str, value: object) -> timedelta:
    """``value`` if it is a :class:`datetime.timedelta` greater than zero."""
    if duration(argument, value) <= timedelta(0):
        raise InvalidArgumentError(argument, value, "a duration > 0")
    return value  # type: ignore[return-value]


def items(argument: str, value: object, kind: type[T], expected: str) -> tuple[T, ...]:
    """``value`` as a tuple if it is an iterable (not a string) of ``kind`` instances."""
    if isinstance(value, str | bytes | kind) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, f"an iterable of {expected}")
    result = tuple(value)
    for index, item in enumerate(result):
        if not isinstance(item, kind):
            raise WrongTypeError(f"{argument}[{index}]", item, expected)
    return result


def zone(argument: str, value: object) -> tzinfo:
    """A :class:`~datetime.tzinfo` from itself or from an IANA name (``"Asia/Shanghai"``)."""
    if isinstance(value, tzinfo):
        return value
    if not isinstance(value, str):
        raise WrongTypeError(argument, value, "an IANA time zone name or a tzinfo")
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgumentError(
            argument, value, "an IANA time zone name such as 'Asia/Shanghai'"
        ) from None


def end_of_day(value: date, tz: tzinfo) -> datetime:
    """The last microsecond of the local day ``value`` in ``tz``: "by the 22nd" is due then."""
    return datetime(value.year, value.month, value.day, 23, 59, 59, 999999, tzinfo=tz)


def unique(argument: str, values: Iterable[Any]) -> None:
    """Raise if ``values`` (hashable) repeat one."""
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise InvalidArgumentError(argument, value, "each value once")
        seen.add(value)
