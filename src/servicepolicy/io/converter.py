"""One converter between every model and JSON-ready data; bad data reports every problem at once.

:func:`unstructure` turns a model into dicts, lists, str, int, float, bool and ``None``;
:func:`structure` builds it back (``structure(unstructure(x), type(x)) == x``) and raises
one :class:`StructureError` listing every problem with its JSON path.

>>> from datetime import datetime, timedelta, timezone
>>> from servicepolicy.tickets import Ticket
>>> at = datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=8)))
>>> ticket = Ticket.open(id="T-1", kind="inquiry", customer="C-1", channel="email",
...                      at=at, by="agent-7")
>>> data = unstructure(ticket)
>>> data["events"]
[{'kind': 'opened', 'at': '2026-11-24T09:30:00+08:00', 'by': 'agent-7', 'state': 'received', \
'owner': 'agent-7', 'channel': 'email'}]
>>> structure(data, Ticket) == ticket
True
>>> data["events"][0]["at"], data["channel"] = "2026-11-24T09:30", 7
>>> structure(data, Ticket)
Traceback (most recent call last):
...
servicepolicy.errors.StructureError: cannot structure Ticket, 2 problems:
  $.channel: expected a string, got int 7
  $.events[0].at: expected an ISO 8601 datetime with offset, got the naive '2026-11-24T09:30'

Values are written as follows.

* Aware datetimes: ISO 8601 with the offset, ``"2026-11-24T09:30:00+08:00"``; naive ones are
  refused both ways (CAL-5).  A :class:`~zoneinfo.ZoneInfo` is written as its offset at that
  instant: the instant is exact and the value compares equal, but the zone's name is lost
  unless ``make_converter(zone_names=True)`` appends it the RFC 9557 way
  (``"...+08:00[Asia/Shanghai]"``).  Both forms are read; with a zone name the instant is
  kept and shown in that zone, so a wall time inside a DST gap comes back as its instant.
* Dates and times: ISO 8601 (``"2026-11-24"``, ``"22:00:00"``).  Decimals (money): a
  string, ``"1234.50"``, read back exactly (an int is accepted; a float is refused: it is
  not exact).  Timedeltas: seconds, an
  ``int`` when whole (always exact), else a ``float`` (exact under about 140 years).
* Enums: their value; :class:`~servicepolicy.rules.Severity`: its label (``"error"``).
* Tuples: lists; frozensets: sorted lists; mappings: dicts; mappings keyed by tuples (lifecycle
  approvals, the priority matrix): sorted lists of ``[*key, value]`` rows.
* A :class:`~servicepolicy.tickets.Ticket`: ``{id, kind, channel, customer, priority,
  tier, events}``; the lifecycle is looked up by ``kind`` and the state is replayed, not stored.
  Its events leave out their ``None`` fields.  Other attrs models: a dict of their fields.

Structuring is strict: a string is not a list, ``"5"`` is not an int, a bool is not a
number, unknown fields are refused.  An error raised by a model (a shift ending before it
starts) is reported at the path of that object; a ticket's refused event at ``$.events[i]``.
:data:`converter` itself raises cattrs' :class:`~cattrs.errors.ClassValidationError`;
:func:`problems_of` turns one into the list of problems.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union, get_origin

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote as FieldNote
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    StructureHandlerNotFoundError,
)
from cattrs.errors import IterableValidationNote as ItemNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from servicepolicy.checks import is_data
from servicepolicy.confidential import confidential_fields
from servicepolicy.customers import Classification, TierRule
from servicepolicy.errors import ServicePolicyError, StructureError
from servicepolicy.io._cattrs_hooks import (
    _LEAVES,
    _MAPPINGS,
    _SEQUENCES,
    Hook,
    _decimal,
    _hidden,
    _Invalid,
    _leaf,
    _literal,
    _note,
    _origin,
    _parsed,
    _refuse,
    _structure_datetime,
    _structure_enum,
    _structure_mapping,
    _structure_sequence,
    _structure_timedelta,
    _structure_union,
    _unstructure_collection,
    _unstructure_datetime,
    _unstructure_enum,
    _unstructure_timedelta,
)
from servicepolicy.io._ticket_events import _refused_event
from servicepolicy.tickets import LIFECYCLES, LifecycleRegistry, Ticket, TicketEvent

__all__ = [
    "StructureError",
    "converter",
    "make_converter",
    "problems_of",
    "structure",
    "unstructure",
]

T = TypeVar("T")


# -- models ------------------------------------------------------------------------------------


def _structure_attrs(cls: type, conv: cattrs.Converter) -> Hook:
    code: dict[str, Any] = {
        a.name: override(omit=True) for a in attrs.fields(cls) if not is_data(a)
    }
    inner: Hook = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **code)
    names = ", ".join(a.name for a in attrs.fields(cls) if a.init and is_data(a))
    secret = set(confidential_fields(cls))

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _refuse(f"an object with fields {names}", value)
        if not secret:
            return inner(value, cls)
        try:
            return inner(value, cls)
        except ClassValidationError as exc:  # confidential fields' values left out (CONF-1)
            errors = [_hidden(e) if _field_of(e) in secret else e for e in exc.exceptions]
            raise ClassValidationError(exc.message, errors, cls) from None

    return hook


def _unstructure_data(cls: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    """Unstructure an attrs class leaving out its fields that hold code (plugins' checks)."""
    code: dict[str, Any] = {
        a.name: override(omit=True) for a in attrs.fields(cls) if not is_data(a)
    }
    return make_dict_unstructure_fn(cls, conv, **code)


def _field_of(exc: BaseException) -> str | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, FieldNote):
            return note.name
    return None


_TICKET_FIELDS: dict[str, Any] = {
    "id": str,
    "kind": str,
    "channel": str,
    "customer": str,
    "priority": str | None,
    "tier": str | None,
    "events": tuple[TicketEvent, ...],
}
_OPTIONAL_TICKET_FIELDS = ("priority", "tier")


def _register_tickets(conv: cattrs.Converter, lifecycles: LifecycleRegistry) -> None:
    """Hooks for tickets and their events (whose ``None`` fields are left out)."""
    event = make_dict_unstructure_fn(TicketEvent, conv, _cattrs_omit_if_default=True)

    def unstructure_ticket(ticket: Ticket) -> dict[str, Any]:
        data = {name: getattr(ticket, name) for name in _TICKET_FIELDS}
        return {**data, "events": [event(e) for e in ticket.events]}

    def structure_ticket(value: Any, _: Any) -> Ticket:
        if not isinstance(value, Mapping):
            raise _refuse(f"an object with fields {', '.join(_TICKET_FIELDS)}", value)
        errors: list[Exception] = []
        found: dict[str, Any] = dict.fromkeys(_OPTIONAL_TICKET_FIELDS)
        for name, kind in _TICKET_FIELDS.items():
            try:
                if name in value or name not in _OPTIONAL_TICKET_FIELDS:
                    found[name] = conv.structure(value[name], kind)
                if name == "kind":
                    found["lifecycle"] = lifecycles.get(found[name])
            except Exception as exc:
                errors.append(_note(exc, FieldNote(f"@ {name}", name, kind)))
        if extra := set(value) - set(_TICKET_FIELDS):
            errors.append(ForbiddenExtraKeysError(None, Ticket, extra))
        if errors:
            raise ClassValidationError("While structuring Ticket", errors, Ticket)
        try:
            return Ticket(**found)
        except ServicePolicyError as exc:
            events = found["events"]
            index = _refused_event(lambda prefix: Ticket(**{**found, "events": prefix}), events)
            if index is None:
                raise ClassValidationError("While structuring Ticket", [exc], Ticket) from None
            refused = _note(exc, ItemNote(f"@ {index}", index, TicketEvent))
            group = IterableValidationError("While structuring events", [refused], tuple)
            group.__notes__ = [FieldNote("@ events", "events", tuple)]
            raise ClassValidationError("While structuring Ticket", [group], Ticket) from None

    conv.register_structure_hook(Ticket, structure_ticket)
    conv.register_unstructure_hook(Ticket, unstructure_ticket)
    conv.register_unstructure_hook(TicketEvent, event)


def make_converter(
    *,
    zone_names: bool = False,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    plugins: bool = True,
) -> cattrs.Converter:
    """A new converter with every hook of this module (see the module's documentation).

    :param zone_names: write a :class:`~zoneinfo.ZoneInfo`'s name after the offset, the
        RFC 9557 way (``"...+08:00[Asia/Shanghai]"``), so that the zone itself round-trips.
    :param lifecycles: where a ticket's lifecycle is looked up by its kind.
    :param plugins: let the installed plugins register hooks for their own models
        (:func:`servicepolicy.hookspecs.servicepolicy_converter`).

    .. versionadded:: 0.1.0
    """
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    factories: list[tuple[Callable[[Any], bool], Callable[..., Hook]]] = [
        (attrs.has, _structure_attrs),
        (lambda t: _origin(t) in _SEQUENCES, _structure_sequence),
        (lambda t: _origin(t) in _MAPPINGS, _structure_mapping),
        (lambda t: _origin(t) in (Union, types.UnionType), _structure_union),
        (lambda t: get_origin(t) is Literal, _literal),
        (lambda t: t is Any or t is object, lambda _: lambda value, _: value),
    ]
    for predicate, factory in factories:
        conv.register_structure_hook_factory(predicate, factory)
    conv.register_unstructure_hook_factory(
        lambda t: _origin(t) in _SEQUENCES | _MAPPINGS, _unstructure_collection
    )
    conv.register_unstructure_hook_factory(
        lambda t: attrs.has(t) and not all(is_data(a) for a in attrs.fields(t)), _unstructure_data
    )
    for kind, accept, expected in _LEAVES:
        conv.register_structure_hook(kind, _leaf(kind, accept, expected))
    hooks: list[Any] = [
        *((base, _structure_enum, _unstructure_enum) for base in _ENUMS),
        (datetime, _structure_datetime, _unstructure_datetime(zone_names)),
        (date, _parsed(date, date.fromisoformat, "an ISO 8601 date"), date.isoformat),
        (time, _parsed(time, time.fromisoformat, "an ISO 8601 time"), time.isoformat),
        (timedelta, _structure_timedelta, _unstructure_timedelta),
        (Decimal, _parsed(Decimal, _decimal, "a decimal number as a string"), str),
    ]
    for kind, structure_hook, unstructure_hook in hooks:
        conv.register_structure_hook(kind, structure_hook)
        conv.register_unstructure_hook(kind, unstructure_hook)
    _register_tickets(conv, lifecycles)  # after the hooks their fields need
    if plugins:
        from servicepolicy import plugins as installed

        installed.register_converter_hooks(conv)
    return conv


_ENUMS = (enum.Enum, enum.StrEnum, enum.IntEnum)  # StrEnum and IntEnum come before str, int

# Classification names TierRule in an annotation it imports for type checking only.
attrs.resolve_types(Classification, localns={"TierRule": TierRule})

converter = make_converter(plugins=False)
"""The converter :func:`structure` and :func:`unstructure` use; the plugins' hooks are
added on first use."""
_extended: list[bool] = []


def _converter() -> cattrs.Converter:
    if not _extended:
        from servicepolicy import plugins

        plugins.register_converter_hooks(converter)
        _extended.append(True)
    return converter


def unstructure(obj: object, unstructure_as: Any = None) -> Any:
    """``obj`` as JSON-ready data (dicts, lists, str, int, float, bool, ``None``).

    :raises servicepolicy.errors.NaiveDatetimeError: a datetime in ``obj`` is naive.

    .. versionadded:: 0.1.0
    """
    return _converter().unstructure(obj, unstructure_as=unstructure_as)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, _Invalid | ServicePolicyError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        known = (
            _TICKET_FIELDS
            if exc.cl is Ticket
            else [a.name for a in attrs.fields(exc.cl) if is_data(a)]
        )
        return f"unknown fields {', '.join(sorted(exc.extra_fields))} (known: {', '.join(known)})"
    return f"{type(exc).__name__}: {exc}"


def problems_of(exc: BaseException) -> tuple[str, ...]:
    """Every problem of a cattrs structuring error (``converter.structure`` raised it), as
    ``"<JSON path>: <message>"``, the paths built by :func:`cattrs.transform_error`.

    .. versionadded:: 0.1.0
    """
    messages: list[str] = []

    def describe(error: BaseException, _: Any) -> str:
        messages.append(_describe(error))
        return messages[-1]

    lines = cattrs.transform_error(exc, "$", describe)  # "<message> @ <path>", in order
    return tuple(f"{line[len(m) + 3 :]}: {m}" for line, m in zip(lines, messages, strict=True))


def structure(data: object, cls: type[T]) -> T:
    """Build a ``cls`` from JSON-ready ``data``.

    :raises StructureError: listing every problem found, each with its JSON path.

    .. versionadded:: 0.1.0
    """
    try:
        return _converter().structure(data, cls)
    except StructureHandlerNotFoundError:
        raise
    except Exception as exc:
        raise StructureError(cls, problems_of(exc), data) from exc
