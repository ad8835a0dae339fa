"""Argument checks shared by the model modules (private)."""

from __future__ import annotations

from datetime import datetime

from servicepolicy.errors import NaiveDatetimeError, WrongTypeError

__all__ = ["aware"]


def aware(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime; a clear error otherwise (CAL-5)."""
    if not isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value
