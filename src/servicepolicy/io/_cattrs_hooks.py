"""The converter's strict hooks for scalars, instants, enums and containers (private).

Each hook refuses what is not exactly its type (a string is not a list, ``"5"`` is not an
int, a bool is not a number) and, for containers, collects every item's problem with its
index or key, so that :func:`servicepolicy.io.converter.structure` can report them all.
"""

from __future__ import annotations

import enum
import math
import re
import types
from collections.abc import Callable, Mapping, MutableMapping, MutableSequence, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, get_args, get_origin
from zoneinfo import ZoneInfo

import cattrs
from cattrs.errors import IterableValidationError
from cattrs.errors import IterableValidationNote as ItemNote

from servicepolicy import limits
from servicepolicy.errors import NaiveDatetimeError, ServicePolicyError
from servicepolicy.rules import Severity

Hook = Callable[[Any, Any], Any]


class _Invalid(ValueError):
    """A value a hook refuses; the message says why (the path is added around it), and
    ``expected`` what would do (for the message of a confidential field, which leaves the
    value out)."""

    expected: str | None = None
    kind: str | None = None


def _refuse(expected: str, value: object) -> _Invalid:
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4,300 digits has no repr
        text = "with too many digits"
    text = text if len(text) <= 60 else text[:57] + "..."
    refused = _Invalid(f"expected {expected}, got {type(value).__name__} {text}")
    refused.expected, refused.kind = expected, type(value).__name__
    return refused


def _hidden(exc: Exception) -> Exception:
    """``exc`` (a refusal, or a group of them) with every value left out of its messages:
    the field it concerns is confidential (CONF-1).  Notes (the paths) are kept."""
    hidden: Exception
    if isinstance(exc, ExceptionGroup):
        inner = [_hidden(e) for e in exc.exceptions]
        try:
            hidden = exc.derive(inner)
        except TypeError:  # a cattrs group needs its class too
            hidden = type(exc)(exc.message, inner, getattr(exc, "cl", object))  # type: ignore[call-arg]
    elif isinstance(exc, _Invalid) and exc.expected is not None:
        hidden = _Invalid(
            f"expected {exc.expected}, got {exc.kind} (a confidential value, not shown)"
        )
        hidden.expected, hidden.kind = exc.expected, exc.kind
    elif isinstance(exc, _Invalid):
        return exc  # a range problem, which names no value
    elif isinstance(exc, ServicePolicyError):
        return exc  # the models' own checks leave confidential values out already
    else:
        hidden = _Invalid("expected valid data, got a confidential value (not shown)")
    hidden.__notes__ = list(getattr(exc, "__notes__", []))
    return hidden


def _out_of_range(kind: type, value: Any) -> str | None:
    """Why a value of the right type is outside the range the library supports."""
    if kind is str:
        return limits.text_problem(value)
    if kind is int and abs(value) >= 10**limits.MAX_DIGITS:
        return f"expected an integer of at most {limits.MAX_DIGITS} digits"
    if kind is float:
        return limits.number_problem(value)
    return None


# -- leaves: strict scalars, instants, enums ---------------------------------------------------


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_LEAVES: tuple[tuple[type, Callable[[Any], bool], str], ...] = (
    (str, lambda v: isinstance(v, str), "a string"),
    (bool, lambda v: isinstance(v, bool), "true or false"),
    (int, lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    (float, lambda v: _number(v) and math.isfinite(v), "a finite number"),
    (type(None), lambda v: v is None, "null"),
)


def _leaf(kind: type, accept: Callable[[Any], bool], expected: str) -> Hook:
    def hook(value: Any, cls: Any) -> Any:
        if cls is not kind and issubclass(cls, enum.Enum):  # class X(str, Enum) lands here
            return _structure_enum(value, cls)
        if accept(value):
            problem = _out_of_range(kind, value)
            if problem is not None:
                raise _Invalid(problem)
            return value
        raise _refuse(expected, value)

    return hook


_ZONE_SUFFIX = re.compile(r"\[!?([A-Za-z0-9_+\-/]+)\]$")
_INSTANT = "an ISO 8601 datetime with offset"


def _structure_datetime(value: Any, _: Any) -> datetime:
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value
    if not isinstance(value, str):
        raise _refuse(_INSTANT, value)
    text, zone = value, None
    if (suffix := _ZONE_SUFFIX.search(value)) is not None:
        text = value[: suffix.start()]
        try:
            zone = ZoneInfo(suffix.group(1))
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            raise _refuse("a known IANA zone name", suffix.group(1)) from None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _refuse(_INSTANT, value) from None
    if parsed.utcoffset() is None:
        raise _Invalid(f"expected {_INSTANT}, got the naive {value!r}")
    problem = limits.instant_problem(parsed)
    if problem is not None:
        raise _Invalid(problem)
    return parsed if zone is None else parsed.astimezone(zone)


def _unstructure_datetime(zone_names: bool) -> Callable[[datetime], str]:
    def hook(value: datetime) -> str:
        if value.utcoffset() is None:
            raise NaiveDatetimeError("unstructure", value)
        if zone_names and isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key:
            return f"{value.isoformat()}[{value.tzinfo.key}]"
        return value.isoformat()

    return hook


def _parsed(kind: type, parse: Callable[[Any], Any], expected: str) -> Hook:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is kind:
            return value
        try:
            return parse(value)
        except (TypeError, ValueError, OverflowError):
            raise _refuse(expected, value) from None

    return hook


def _decimal(value: Any) -> Decimal:
    """A finite Decimal from a string or an int; a float is refused (it is not exact)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(value)
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _structure_timedelta(value: Any, _: Any) -> timedelta:
    """Seconds (an int or a float), finite and at most ``limits.MAX_DURATION`` either way."""
    if type(value) is timedelta:
        return value
    if not _number(value):
        raise _refuse("seconds", value)
    problem = limits.duration_problem(abs(value), limits.MAX_DURATION.total_seconds())
    if problem is not None:
        raise _Invalid(problem)
    return timedelta(seconds=value)


def _unstructure_timedelta(value: timedelta) -> int | float:
    if value.microseconds:
        return value / timedelta(seconds=1)
    return value.days * 86_400 + value.seconds


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if issubclass(cls, Severity):
        members: dict[Any, enum.Enum] = {s.label: s for s in Severity}
    else:
        members = {m.value: m for m in cls}
    found = members.get(value) if isinstance(value, str | int) else None
    if found is None or type(value) is not type(next(iter(members))):
        raise _refuse("one of " + ", ".join(map(repr, members)), value)
    return found


def _unstructure_enum(value: enum.Enum) -> Any:
    return value.label if isinstance(value, Severity) else value.value


def _literal(cls: Any) -> Hook:
    allowed = get_args(cls)

    def hook(value: Any, _: Any) -> Any:
        for option in allowed:
            if value == option and type(value) is type(option):
                return option
        raise _refuse("one of " + ", ".join(map(repr, allowed)), value)

    return hook


# -- containers: strict lists and mappings, errors collected with their index or key -----------


def _note(exc: Exception, note: str) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _items(conv: cattrs.Converter, cls: Any, triples: Sequence[tuple[Any, Any, Any]]) -> list[Any]:
    """Structure ``(index, value, type)`` triples, collecting every error with its index."""
    result, errors = [], []
    for index, value, kind in triples:
        try:
            result.append(conv.structure(value, kind))
        except Exception as exc:
            errors.append(_note(exc, ItemNote(f"@ {index!r}", index, kind)))
    if errors:
        raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
    return result


_SEQUENCES = {tuple, list, Sequence, MutableSequence, frozenset, set, AbstractSet}
_SETS = {frozenset, set, AbstractSet}
_MAPPINGS = {dict, Mapping, MutableMapping, types.MappingProxyType}


def _origin(cls: Any) -> Any:
    return get_origin(cls) or cls


def _structure_sequence(cls: Any, conv: cattrs.Converter) -> Hook:
    origin, args = _origin(cls), get_args(cls)
    fixed = args if origin is tuple and args and args[-1] is not Ellipsis else None
    build = frozenset if origin in _SETS else list if origin in (list, MutableSequence) else tuple

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise _refuse("a list", value)
        if fixed is not None and len(value) != len(fixed):
            raise _refuse(f"a list of {len(fixed)} items", value)
        kinds = fixed or [args[0] if args else Any] * len(value)
        return build(_items(conv, cls, [(i, v, kinds[i]) for i, v in enumerate(value)]))

    return hook


def _structure_mapping(cls: Any, conv: cattrs.Converter) -> Hook:
    key, item = get_args(cls) or (Any, Any)
    if _origin(key) is tuple:  # rows [*key, value]
        row: Any = tuple.__class_getitem__((*get_args(key), item))
        rows: Any = tuple.__class_getitem__((row, ...))
        return lambda value, _: {r[:-1]: r[-1] for r in conv.structure(value, rows)}

    def hook(value: Any, _: Any) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise _refuse("an object", value)
        found = _items(
            conv, cls, [t for k, v in value.items() for t in ((k, k, key), (k, v, item))]
        )
        return dict(zip(found[::2], found[1::2], strict=True))

    return hook


def _sorted(values: list[Any]) -> list[Any]:
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=repr)


def _unstructure_collection(cls: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    origin, out, args = _origin(cls), conv.unstructure, get_args(cls)
    if origin in _MAPPINGS and args and _origin(args[0]) is tuple:
        return lambda v: _sorted([[*map(out, k), out(x)] for k, x in v.items()])
    if origin in _MAPPINGS:
        return lambda v: {out(k): out(x) for k, x in v.items()}
    if origin in _SETS:
        return lambda v: _sorted([out(x) for x in v])
    return lambda v: [out(x) for x in v]


def _structure_union(cls: Any, conv: cattrs.Converter) -> Hook:
    options = [a for a in get_args(cls) if a is not type(None)]
    optional = len(options) < len(get_args(cls))

    def hook(value: Any, _: Any) -> Any:
        if value is None and optional:
            return None
        if len(options) == 1:
            return conv.structure(value, options[0])
        for option in options:
            try:
                return conv.structure(value, option)
            except Exception:  # the next option may fit
                continue
        raise _refuse(" | ".join(getattr(o, "__name__", repr(o)) for o in get_args(cls)), value)

    return hook
