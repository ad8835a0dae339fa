"""Argument checks shared by the library's models, and by plugins' models.

Each check returns the value it was given, or raises a
:class:`~servicepolicy.errors.ServicePolicyError` subclass whose ``argument`` names the
field and whose message says what would be accepted:

>>> from servicepolicy import checks
>>> checks.text("customer 'C-1': name", "Acme")
'Acme'
>>> checks.count("shifts", -1)
Traceback (most recent call last):
...
servicepolicy.errors.InvalidArgumentError: shifts: expected an int >= 0, got -1

Plugins use these instead of keeping copies (``from servicepolicy import checks``).

.. versionadded:: 0.2.0
   Public; was the private ``servicepolicy.checks``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError

__all__ = [
    "RUNTIME_ONLY",
    "as_tuple",
    "aware",
    "callables",
    "count",
    "day",
    "duration",
    "end_of_day",
    "flag",
    "is_data",
    "items",
    "non_negative_duration",
    "number",
    "optional_text",
    "positive_duration",
    "text",
    "texts",
    "trusted_constructor",
    "unique",
    "zone",
]

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


def texts(argument: str, value: object) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty strings, each once, in the order given."""
    result = items(argument, value, str, "non-empty strings")
    for index, item in enumerate(result):
        text(f"{argument}[{index}]", item)
    return tuple(dict.fromkeys(result))


def callables(argument: str, value: object) -> tuple[Callable[..., Any], ...]:
    """``value`` as a tuple of callables (a plugin's extra checks, hooks handed to an
    engine); a single callable or a string is refused."""
    if callable(value) or isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, "an iterable of callables")
    result = tuple(value)
    for index, item in enumerate(result):
        if not callable(item):
            raise WrongTypeError(f"{argument}[{index}]", item, "a callable")
    return result


RUNTIME_ONLY: Mapping[str, object] = MappingProxyType({"servicepolicy_data": False})
"""attrs field metadata for a field that holds code, not data (a plugin's extra checks):
policy files, the JSON Schema and serialisation leave it out."""


def is_data(field: attrs.Attribute[Any]) -> bool:
    """Whether an attrs field is data (not :data:`RUNTIME_ONLY`)."""
    return bool(field.metadata.get("servicepolicy_data", True))
