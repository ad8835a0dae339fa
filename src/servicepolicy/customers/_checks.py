"""Argument checks shared by the customer modules (private).

Every check raises a :class:`~servicepolicy.errors.ServicePolicyError` subclass whose
``argument`` names the field and, where one is known, the customer
(``"customer 'C-1': name"``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from servicepolicy._checks import day as day
from servicepolicy._checks import optional_text as optional_text
from servicepolicy._checks import text as text
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

T = TypeVar("T")


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """An attrs converter: an iterable as a tuple; strings and non-iterables are left as they
    are, for the field's check to refuse with a clear message."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return cast(tuple[Any, ...], value)
    return tuple(value)


def count(argument: str, value: object, *, maximum: int | None = None) -> int:
    """``value`` if it is an int ``>= 0`` (and ``<= maximum`` when given)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(argument, value, "an int")
    if value < 0 or (maximum is not None and value > maximum):
        upper = f" and <= {maximum}" if maximum is not None else ""
        raise InvalidArgumentError(argument, value, f"an int >= 0{upper}")
    return value


def number(argument: str, value: object) -> float:
    """``value`` if it is a finite int or float (``bool`` is refused: it is a flag)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(argument, value, "a number (int or float)")
    if not math.isfinite(value):
        raise InvalidArgumentError(argument, value, "a finite number")
    return value


def items(
    argument: str, value: object, kind: type[T], expected: str, *, secret: bool = False
) -> tuple[T, ...]:
    """``value`` as a tuple of ``kind`` instances; a string or a single item is refused;
    ``secret``: the error does not show the value (CONF-1)."""
    if isinstance(value, str | bytes | kind) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, f"an iterable of {expected}", secret=secret)
    result = tuple(value)
    for index, item in enumerate(result):
        if not isinstance(item, kind):
            raise WrongTypeError(f"{argument}[{index}]", item, expected, secret=secret)
    return result


def texts(argument: str, value: object) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty strings, each once, in the order given."""
    result = items(argument, value, str, "non-empty strings")
    for index, item in enumerate(result):
        text(f"{argument}[{index}]", item)
    return tuple(dict.fromkeys(result))
