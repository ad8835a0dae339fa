"""Helpers for testing plugins and policies: build models, register a plugin for one
test, and assert that a rule was (not) broken.

>>> from servicepolicy.rules import Decision, Severity, Violation
>>> decision = Decision.from_violations(
...     [Violation("LOG-4", Severity.ERROR, "no photo of the damage", subject="D-1")], subject="D-1"
... )
>>> assert_violation(decision, "LOG-4").message
'no photo of the damage'
>>> assert_no_violation(decision, "LOG-3")
>>> t = make_ticket("complaint", "investigating")
>>> t.state, t.owner
('investigating', 'agent-1')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

import attrs

from servicepolicy import plugins
from servicepolicy.access import DEFAULT_POLICY, AccessPolicy, masked_str, redact
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.confidential import (
    ENTRIES_METADATA_KEY,
    MASK,
    METADATA_KEY,
    entry_categories,
    is_empty,
)
from servicepolicy.customers import Customer
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.tickets import Lifecycle, Ticket
from servicepolicy.workforce import Employee, Roster, Shift

__all__ = [
    "T0",
    "assert_confidential_fields_hidden",
    "assert_no_violation",
    "assert_violation",
    "make_customer",
    "make_roster",
    "make_ticket",
    "registered",
    "violations_of",
]

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
"""The default instant of the builders, Monday 23 November 2026 at nine in Shanghai."""


@contextlib.contextmanager
def registered(plugin: object, name: str | None = None) -> Iterator[str]:
    """Register ``plugin`` for the duration of a ``with`` block (a test), as if it were
    installed; yields the name it is registered under.

    ``with registered(my_plugin):`` makes its ticket kinds, calendars, checks … visible
    to the library, and removes them again afterwards.  A plugin that is installed (and
    so already registered) is left as it is: the same test runs installed or not.
    """
    pm = plugins.manager()
    if pm.is_registered(plugin):
        yield pm.get_name(plugin) or ""
        return
    registered_as = plugins.register(plugin, name=name)
    try:
        yield registered_as
    finally:
        plugins.unregister(registered_as)


def violations_of(result: Any) -> tuple[Violation, ...]:
    """The violations of a :class:`~servicepolicy.rules.Decision`, a violation, an
    iterable of violations, or anything with a ``violations`` attribute."""
    if isinstance(result, Violation):
        return (result,)
    if isinstance(result, Decision) or hasattr(result, "violations"):
        return tuple(result.violations)
    return tuple(result)


def assert_violation(
    result: Any,
    rule_id: str,
    *,
    severity: Severity | str | None = None,
    subject: str | None = None,
) -> Violation:
    """The first violation of ``rule_id`` in ``result`` (matching ``severity`` and
    ``subject`` if given); an ``AssertionError`` listing what was found otherwise."""
    found = violations_of(result)
    wanted = None if severity is None else Severity.from_label(str(severity))
    for violation in found:
        if violation.rule_id != rule_id:
            continue
        if wanted is not None and violation.severity is not wanted:
            continue
        if subject is not None and violation.subject != subject:
            continue
        return violation
    listed = "\n  ".join(map(str, found)) or "no violations"
    raise AssertionError(f"expected a {rule_id} violation, found:\n  {listed}")


def assert_no_violation(result: Any, rule_id: str) -> None:
    """Fail if ``result`` has a violation of ``rule_id``."""
    broken = [v for v in violations_of(result) if v.rule_id == rule_id]
    if broken:
        raise AssertionError(
            f"expected no {rule_id} violation, found:\n  " + "\n  ".join(map(str, broken))
        )


def make_ticket(
    kind: str,
    *states: str,
    id: str = "T-1",
    customer: str = "C-1",
    channel: str = "phone",
    at: datetime = T0,
    by: str = "agent-1",
    step: timedelta = timedelta(minutes=10),
    priority: str | None = None,
    tier: str | None = None,
    lifecycle: Lifecycle | None = None,
) -> Ticket:
    """A ticket of ``kind`` opened at ``at`` by ``by``, moved through ``states`` one
    ``step`` apart.  Approvals a change needs are recorded first (by ``head``), and a
    note is given where a state needs one, so any path the lifecycle allows builds."""
    ticket = Ticket.open(
        id=id,
        kind=kind,
        customer=customer,
        channel=channel,
        at=at,
        by=by,
        priority=priority,
        tier=tier,
        lifecycle=lifecycle,
    )
    when = at
    for state in states:
        when += step
        life = ticket.lifecycle
        role = life.approval_for(ticket.state, state)
        if role is not None:
            ticket = ticket.approve(role=role, at=when, by="head")
        note = f"{state}: noted" if state in life.notes_required else None
        ticket = ticket.transition(state, at=when, by=ticket.owner, note=note)
    return ticket


def make_customer(id: str = "C-1", name: str = "Acme Ltd", **fields: Any) -> Customer:
    """A :class:`~servicepolicy.customers.Customer` with the given fields."""
    return Customer(id, name, **fields)


def make_roster(
    shifts: Iterable[tuple[str, datetime, datetime]] = (),
    *,
    employees: Iterable[str] = ("agent-1", "agent-2"),
    team: str = "team-a",
    leader: str = "lead-a",
    calendar: BusinessCalendar | None = None,
) -> Roster:
    """A roster of ``employees`` (one team, one team leader) with ``shifts`` given as
    ``(employee, start, end)``, on ``calendar`` (by default Mon–Fri 09:00–18:00 in
    Shanghai with China's holidays)."""
    people = [Employee(e, team, leader, "agent") for e in employees]
    rostered = [Shift(f"S-{n}", who, start, end) for n, (who, start, end) in enumerate(shifts, 1)]
    return Roster(people, rostered, calendar or plugins.calendar("cn-office"))


# -- confidentiality of a plugin's models (CONF-1 … CONF-3) -----------------------------


_ROLES = ("third_party", "agent")


def _texts(value: object) -> set[str]:
    """The ways ``value`` could be written out: its ``str()``, its ``repr()`` and, for a
    number, with thousands separators."""
    texts = {str(value), repr(value)}
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        texts.add(f"{value:,}")
    return {t for t in texts if t}


def _category(obj: object, field: attrs.Attribute[object], key: object = None) -> str | None:
    if METADATA_KEY in field.metadata:
        category: str = field.metadata[METADATA_KEY]
        return category
    entries = entry_categories(obj, field)
    return None if entries is None else entries.get(key)


def _secrets(obj: object) -> dict[str, object]:
    """The non-empty values of the confidential fields of ``obj``."""
    found: dict[str, object] = {}
    for field in attrs.fields(cast(Any, type(obj))):
        value = getattr(obj, field.name)
        if METADATA_KEY in field.metadata and not is_empty(value):
            found[field.name] = value
        elif ENTRIES_METADATA_KEY in field.metadata and isinstance(value, Mapping):
            for key, item in value.items():
                if _category(obj, field, key) is not None and not is_empty(item):
                    found[f"{field.name}[{key!r}]"] = item
    return found


def _field(obj: object, name: str) -> tuple[attrs.Attribute[object], object]:
    """The field called ``name`` (or ``"field['key']"`` for an entry) and the key."""
    base, _, rest = name.partition("[")
    fields = {f.name: f for f in attrs.fields(cast(Any, type(obj)))}
    if base not in fields:
        raise AssertionError(f"{type(obj).__name__} has no field {base!r}")
    key: object = None
    if rest:
        key = rest.rstrip("]").strip("'\"")
    return fields[base], key


def assert_confidential_fields_hidden(
    instance: object,
    values: Mapping[str, object] | None = None,
    *,
    roles: Iterable[str] = _ROLES,
    policy: AccessPolicy = DEFAULT_POLICY,
) -> None:
    """Fail unless ``instance`` hides its confidential values (CONF-1, CONF-2, CONF-3).

    A plugin author calls it in a test with a model holding distinctive secrets:

    * each field named in ``values`` (by default, every confidential field that holds a
      value; ``"facts['annual_revenue']"`` names an entry of a
      :func:`~servicepolicy.confidential.confidential_entries` mapping) must be marked
      with :func:`~servicepolicy.confidential.confidential`;
    * ``repr()``, ``str()`` and :func:`~servicepolicy.access.masked_str` of the instance
      must not write the value out (as ``str()``, ``repr()``, or a number with thousands
      separators), so use values that appear nowhere else in the model;
    * for each of ``roles`` (by default a third party and an agent) that may not read the
      field's category under ``policy``, :func:`~servicepolicy.access.redact` must mask it,
      and the redacted copy must not write it out either.

    :param values: ``{field name: the secret value it holds}``; a value may also be a
        piece of the secret (a street name of an address).
    :raises AssertionError: naming the field and where its value showed.

    >>> import attrs
    >>> from servicepolicy.confidential import confidential
    >>> Parcel = attrs.make_class("Parcel", {"id": attrs.field(),
    ...     "address": confidential("address"), "note": attrs.field(default=None)})
    >>> assert_confidential_fields_hidden(Parcel("P-1", "88 Century Ave"))
    >>> assert_confidential_fields_hidden(Parcel("P-1", "x", note="call 555-0199"),
    ...                                   values={"note": "555-0199"})
    Traceback (most recent call last):
    ...
    AssertionError: Parcel.note holds a secret but is not marked confidential(...) (CONF-2)

    .. versionadded:: 0.1.0
    """
    if isinstance(instance, type) or not attrs.has(type(instance)):
        raise AssertionError(f"expected an attrs instance, got {instance!r:.80}")
    name = type(instance).__name__
    secrets = dict(_secrets(instance) if values is None else values)
    if not secrets:
        raise AssertionError(f"{name}: no confidential value to check; give values=")
    renderings = {
        "repr()": repr(instance),
        "str()": str(instance),
        "masked_str()": masked_str(instance),
    }
    roles = tuple(roles)
    for field_name, secret in secrets.items():
        field, key = _field(instance, field_name)
        category = _category(instance, field, key)
        if category is None:
            raise AssertionError(
                f"{name}.{field_name} holds a secret but is not marked confidential(...) (CONF-2)"
            )
        for where, text in renderings.items():
            for shown in _texts(secret):
                if shown in text:
                    raise AssertionError(f"{name}.{field_name}: {where} shows {shown!r} (CONF-1)")
        for role in roles:
            if policy.may_read(role, category):
                continue
            seen = redact(instance, role, policy)
            held = getattr(seen, field.name)
            if key is not None and isinstance(held, Mapping):
                held = held.get(key)
            if held != MASK:
                raise AssertionError(
                    f"{name}.{field_name}: redact(..., {role!r}) leaves {held!r:.60}; a "
                    f"{role} may not read {category!r} (CONF-1)"
                )
            for shown in _texts(secret):
                if shown in masked_str(seen, role=role, policy=policy):
                    raise AssertionError(
                        f"{name}.{field_name}: the copy redacted for {role!r} shows {shown!r}"
                    )
