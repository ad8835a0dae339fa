"""Argument checks shared by the plugin's models (private).

Bad input raises a :class:`~servicepolicy.errors.ServicePolicyError` subclass whose
message names the field, says what was expected and shows what was given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = ["day", "duration", "instant", "is_member", "names", "number", "text"]


def text(argument: str, value: object) -> str:
    """``value`` if it is a string with something besides white space in it."""
    if not isinstance(value, str):
        raise WrongTypeError(argument, value, "a non-empty string")
    if not value.strip():
        raise InvalidArgumentError(argument, value, "a non-empty string")
    return value


def number(
    argument: str, value: object, *, low: float | None = None, high: float | None = None
) -> float:
    """``value`` if it is a finite int or float within ``[low, high]`` (bool is refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(argument, value, "a number (int or float)")
    if not math.isfinite(value):
        raise InvalidArgumentError(argument, value, "a finite number")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = " and ".join(
            part
            for part in (
                f">= {low:g}" if low is not None else "",
                f"<= {high:g}" if high is not None else "",
            )
            if part
        )
        raise InvalidArgumentError(argument, value, f"a number {bounds}")
    return value


def duration(argument: str, value: object) -> timedelta:
    """``value`` if it is a positive :class:`~datetime.timedelta`."""
    if not isinstance(value, timedelta):
        raise WrongTypeError(argument, value, "a datetime.timedelta")
    if value <= timedelta(0):
        raise InvalidArgumentError(argument, value, "a duration > 0")
    return value


def day(argument: str, value: object) -> date:
    """``value`` if it is a :class:`~datetime.date` (not a datetime)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise WrongTypeError(argument, value, "a datetime.date")
    return value


def instant(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime; naive ones are refused (CAL-5)."""
    if not isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def names(argument: str, value: object) -> frozenset[str]:
    """``value`` (a string or an iterable of strings) as a frozenset of non-empty names."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, "a string or an iterable of non-empty strings")
    found = []
    for index, item in enumerate(value):
        found.append(text(f"{argument}[{index}]", item))
    return frozenset(found)


def is_member(owner: str, teams: Iterable[str]) -> bool:
    """Whether ``owner`` is one of ``teams`` or a member of one: ``"sales"`` matches the
    owners ``"sales"``, ``"sales-li"`` and ``"sales/east"``."""
    return any(owner == team or owner.startswith((f"{team}-", f"{team}/")) for team in teams)
