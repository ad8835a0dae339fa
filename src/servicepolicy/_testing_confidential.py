"""The confidentiality check of :mod:`servicepolicy.testing` (CONF-1 … CONF-3), private.

Re-exported as :func:`servicepolicy.testing.assert_confidential_fields_hidden`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

import attrs

from servicepolicy.access import DEFAULT_POLICY, AccessPolicy, masked_str, redact
from servicepolicy.confidential import (
    ENTRIES_METADATA_KEY,
    MASK,
    METADATA_KEY,
    entry_categories,
    is_empty,
)

__all__ = ["assert_confidential_fields_hidden"]

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
