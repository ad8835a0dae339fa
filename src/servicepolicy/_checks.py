"""Argument checks shared by the model modules (private)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = ["aware", "non_negative_duration"]


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
