"""Argument checks shared by the model modules (private)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = ["aware", "non_negative_duration", "slot_setters"]


def aware(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime; a clear error otherwise (CAL-5)."""
    if not isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def non_negative_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: a :class:`datetime.timedelta` of zero or more."""
    if not isinstance(value, timedelta):
        raise WrongTypeError(attribute.name, value, "a datetime.timedelta")
    if value < timedelta(0):
        raise InvalidArgumentError(attribute.name, value, "a duration >= 0")


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of a slotted attrs class's fields, in field order, for a constructor of
    values already checked (a reader's hot path): setting the slots directly skips the
    converters and validators and costs about a third of the class's ``__init__``."""
    slots = vars(cls)
    return tuple(slots[field.name].__set__ for field in attrs.fields(cls))
