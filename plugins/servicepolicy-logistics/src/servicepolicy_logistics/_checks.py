"""Argument checks shared by the plugin's models (private).

Each check returns the value it was given (or its converted form) or raises a
:class:`~servicepolicy.errors.ServicePolicyError` subclass whose ``argument`` names the
field (``"order: quantity"``) and whose message says what would be accepted.  Only
servicepolicy's public errors are used: the plugin does not reach into the library's
private modules.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = [
    "aware",
    "count",
    "day",
    "decimal",
    "duration",
    "flag",
    "items",
    "member",
    "number",
    "optional",
    "optional_text",
    "text",
    "validator",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def text(argument: str, value: object) -> str:
    """``value`` if it is a string with something besides white space in it."""
    if not isinstance(value, str):
        raise WrongTypeError(argument, value, "a non-empty string")
    if not value.strip():
        raise InvalidArgumentError(argument, value, "a non-empty string")
    return value


def optional_text(argument: str, value: object) -> str | None:
    """``None`` or a non-empty string."""
    return None if value is None else text(argument, value)


def flag(argument: str, value: object) -> bool:
    """``value`` if it is a bool (``1`` and ``"yes"`` are refused)."""
    if not isinstance(value, bool):
        raise WrongTypeError(argument, value, "a bool")
    return value


def aware(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime; naive ones are refused (CAL-5)."""
    if not isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def day(argument: str, value: object) -> date:
    """``value`` if it is a :class:`datetime.date` (and not a datetime)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a datetime.date")
    return value


def duration(argument: str, value: object, *, positive: bool = True) -> timedelta:
    """``value`` if it is a :class:`datetime.timedelta` greater than zero (or ``>= 0``)."""
    if not isinstance(value, timedelta):
        raise WrongTypeError(argument, value, "a datetime.timedelta")
    if value < timedelta(0) or (positive and value == timedelta(0)):
        raise InvalidArgumentError(argument, value, "a duration > 0" if positive else ">= 0")
    return value


def number(argument: str, value: object, *, positive: bool = True) -> float:
    """``value`` as a float if it is a finite int or float greater than zero (or ``>= 0``);
    a bool is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(argument, value, "a number")
    result = float(value)
    if not math.isfinite(result) or result < 0 or (positive and result == 0):
        raise InvalidArgumentError(argument, value, "a finite number > 0" if positive else ">= 0")
    return result


def count(argument: str, value: object, *, minimum: int = 0) -> int:
    """``value`` if it is a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(argument, value, "a whole number (int)")
    if value < minimum:
        raise InvalidArgumentError(argument, value, f"a whole number >= {minimum}")
    return value


def decimal(argument: str, value: object) -> Decimal:
    """A finite :class:`~decimal.Decimal` from a Decimal, an int or a numeric string; a float
    is refused (money is not binary floating point) and so is a bool."""
    if isinstance(value, bool | float):
        raise WrongTypeError(argument, value, "a Decimal, an int or a numeric string, not a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidArgumentError(argument, value, "a number such as '1250.00'") from None
    else:
        raise WrongTypeError(argument, value, "a Decimal, an int or a numeric string")
    if not result.is_finite():
        raise InvalidArgumentError(argument, value, "a finite amount")
    return result


def member(argument: str, value: object, kind: type[E]) -> E:
    """The member of the enum ``kind`` that ``value`` is or names (by value)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        for candidate in kind:
            if candidate.value == value:
                return candidate
    choices = ", ".join(repr(m.value) for m in kind)
    if not isinstance(value, str):
        raise WrongTypeError(argument, value, f"a {kind.__name__} or one of {choices}")
    raise InvalidArgumentError(argument, value, f"one of {choices}")


def items(argument: str, value: object, kind: type[T], expected: str) -> tuple[T, ...]:
    """``value`` as a tuple if it is an iterable (not a string) of ``kind`` instances."""
    if isinstance(value, str | bytes | kind) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, f"an iterable of {expected}")
    result = tuple(value)
    for index, item in enumerate(result):
        if not isinstance(item, kind):
            raise WrongTypeError(f"{argument}[{index}]", item, expected)
    return result


def optional(check: Callable[..., Any], **options: Any) -> Callable[[str, object], Any]:
    """A check that lets ``None`` through and applies ``check`` to anything else."""

    def checked(argument: str, value: object) -> Any:
        return None if value is None else check(argument, value, **options)

    return checked


def validator(check: Callable[..., Any], **options: Any) -> Callable[[Any, Any, Any], None]:
    """An attrs validator running ``check`` with the argument named ``"<class>: <field>"``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check(f"{_name(instance)}: {attribute.name}", value, **options)

    return validate


def _name(instance: object) -> str:
    words: list[str] = []
    for char in type(instance).__name__:
        if char.isupper() and words:
            words.append(" ")
        words.append(char.lower())
    return "".join(words)
