"""Argument checks shared by the model modules (private)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import attrs

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = ["aware", "day", "non_negative_duration", "optional_text", "text", "trusted_constructor"]

T = TypeVar("T")


def aware(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime; a clear error otherwise (CAL-5)."""
    if not isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a timezone-aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def text(argument: str, value: object, *, secret: bool = False) -> str:
    """``value`` if it is a string with something besides white space in it; ``secret``:
    a confidential field, whose value the error does not show (CONF-1)."""
    if not isinstance(value, str):
        raise WrongTypeError(argument, value, "a non-empty string", secret=secret)
    if not value.strip():
        raise InvalidArgumentError(argument, value, "a non-empty string", secret=secret)
    return value


def optional_text(argument: str, value: object, *, secret: bool = False) -> str | None:
    """``value`` if it is ``None`` or a non-empty string."""
    return None if value is None else text(argument, value, secret=secret)


def day(argument: str, value: object) -> date:
    """``value`` if it is a :class:`datetime.date` (and not a datetime)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise WrongTypeError(argument, value, "a datetime.date")
    return value


def non_negative_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: a :class:`datetime.timedelta` of zero or more."""
    if not isinstance(value, timedelta):
        raise WrongTypeError(attribute.name, value, "a datetime.timedelta")
    if value < timedelta(0):
        raise InvalidArgumentError(attribute.name, value, "a duration >= 0")


def trusted_constructor(cls: type[T], required: int | None = None) -> Callable[..., T]:
    """A constructor of a slotted attrs class for values already checked (a hot path of
    the library: readers, SLA evaluation).  It takes the fields positionally, in order
    (those after the first ``required`` default to ``None``), and sets the slots directly,
    skipping converters and validators: about a third of the cost of ``__init__``.  The
    function is generated, as attrs generates ``__init__``, so that each slot costs one
    call and no loop."""
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    count = len(names) if required is None else required
    params = ", ".join(f"v{i}" if i < count else f"v{i}=None" for i in range(len(names)))
    lines = [f"def build({params}):", "    obj = new(cls)"]
    lines += [f"    set{i}(obj, v{i})" for i in range(len(names))]
    lines.append("    return obj")
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    slots = vars(cls)
    namespace |= {f"set{i}": slots[name].__set__ for i, name in enumerate(names)}
    exec("\n".join(lines), namespace)
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"trusted_{cls.__name__}"
    return build
