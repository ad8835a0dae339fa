"""Marking confidential fields (CONF-1, CONF-2): masked in ``repr()``, logs and reports.

A model class marks a field with :func:`confidential`; the category says which kind of
secret it is (CONF-2: contact persons, business data, finances, contracts, special
needs…), and access policies grant roles the right to read categories.

>>> import attrs
>>> @attrs.frozen
... class Account:
...     name: str
...     phone: str = confidential("contact")
>>> Account("ACME", "+86 21 5555 0100")
Account(name='ACME', phone='***')
>>> confidential_fields(Account)
{'phone': 'contact'}

A mapping whose entries are secrets of different categories (the figures behind a tier
decision: revenue is ``"finance"``, a strategic partnership ``"strategy"``) is marked with
:func:`confidential_entries`; the instance says each entry's category:

>>> @attrs.frozen
... class Figures:
...     values: dict = confidential_entries("categories")
...     categories: dict = attrs.field(factory=dict)
>>> Figures({"annual_revenue": 12_000_000, "events": 3}, {"annual_revenue": "finance"})
Figures(values={'annual_revenue': '***', 'events': '***'}, categories={'annual_revenue': 'finance'})

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "DEFAULT_ENTRY_CATEGORY",
    "ENTRIES_METADATA_KEY",
    "MASK",
    "METADATA_KEY",
    "confidential",
    "confidential_entries",
    "confidential_fields",
    "entry_categories",
    "is_empty",
    "redacted",
]

MASK = "***"
"""What a confidential value is shown as where it may not be read."""

METADATA_KEY = "servicepolicy.confidential"
"""The attrs metadata key holding a confidential field's category."""


ENTRIES_METADATA_KEY = "servicepolicy.confidential.entries"
"""The attrs metadata key of a :func:`confidential_entries` field: ``(categories field,
default category)``."""

DEFAULT_ENTRY_CATEGORY = "business"
"""The category of an entry of a :func:`confidential_entries` mapping that its instance
does not categorise: business data (CONF-2), so that an unlisted figure is hidden too."""

_EMPTY: tuple[object, ...] = (None, "", (), {})


def is_empty(value: object) -> bool:
    """Whether ``value`` means "none recorded": shown as it is even where confidential
    values are masked, since that is no secret (``None``, ``""``, ``()``, ``{}``)."""
    try:
        return value in _EMPTY
    except Exception:  # a value whose == raises counts as content
        return False


def _masked(value: object) -> str:
    return repr(value) if is_empty(value) else repr(MASK)


def confidential(category: str, **field_kwargs: Any) -> Any:
    """An :func:`attrs.field` holding a confidential value of ``category``.

    The value is masked in the generated ``repr()`` (empty values show as they are,
    so a reader can tell "none recorded" from "hidden").  Other ``attrs.field`` arguments
    (default, converter, validator…) pass through.
    """
    if not isinstance(category, str) or not category:
        raise TypeError("confidential(): category must be a non-empty string")
    metadata = dict(field_kwargs.pop("metadata", {}) or {})
    metadata[METADATA_KEY] = category
    return attrs.field(repr=_masked, metadata=metadata, **field_kwargs)


def _masked_entries(value: object) -> str:
    if not isinstance(value, Mapping) or is_empty(value) or not value:
        return _masked(value)
    return "{" + ", ".join(f"{key!r}: {_masked(item)}" for key, item in value.items()) + "}"


def confidential_entries(
    categories: str, *, default: str = DEFAULT_ENTRY_CATEGORY, **field_kwargs: Any
) -> Any:
    """An :func:`attrs.field` holding a mapping whose entries are confidential, each of
    its own category (CONF-2).

    The category of the entry ``key`` is ``getattr(instance, categories).get(key,
    default)``: ``categories`` names the field of the same instance that maps keys to
    categories; ``None`` there means the entry is not confidential.
    :func:`~servicepolicy.access.redact` and :func:`~servicepolicy.access.masked_str` mask
    entry by entry; the generated ``repr()``, which cannot see the instance, masks every
    non-empty entry value.

    :param categories: the name of the field holding ``{key: category or None}``.
    :param default: the category of an entry the instance does not list
        (:data:`DEFAULT_ENTRY_CATEGORY`, business data).
    """
    for argument, value in (("categories", categories), ("default", default)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"confidential_entries(): {argument} must be a non-empty string")
    metadata = dict(field_kwargs.pop("metadata", {}) or {})
    metadata[ENTRIES_METADATA_KEY] = (categories, default)
    return attrs.field(repr=_masked_entries, metadata=metadata, **field_kwargs)


def entry_categories(obj: object, field: attrs.Attribute[Any]) -> Mapping[Any, str | None] | None:
    """For a :func:`confidential_entries` field of the attrs instance ``obj``: ``{key:
    category or None}`` for every key of the mapping it holds; ``None`` for another field
    or a value that is not a mapping."""
    marker = field.metadata.get(ENTRIES_METADATA_KEY)
    value = getattr(obj, field.name, None)
    if marker is None or not isinstance(value, Mapping):
        return None
    source, default = marker
    listed = getattr(obj, source, None)
    listed = listed if isinstance(listed, Mapping) else {}
    return {key: listed.get(key, default) for key in value}


def confidential_fields(cls: type) -> dict[str, str]:
    """``{field name: category}`` of the confidential fields of an attrs class.

    A :func:`confidential_entries` field is listed with its default category (its
    entries' categories are known per instance: see :func:`entry_categories`).
    """
    found = {}
    for a in attrs.fields(cls):
        if METADATA_KEY in a.metadata:
            found[a.name] = a.metadata[METADATA_KEY]
        elif ENTRIES_METADATA_KEY in a.metadata:
            found[a.name] = a.metadata[ENTRIES_METADATA_KEY][1]
    return found


def redacted(data: object, cls: type) -> object:
    """JSON-ready ``data`` for an attrs class ``cls`` (as read from a file, perhaps
    invalid) with the values of ``cls``'s confidential fields replaced by :data:`MASK`,
    nested models' too: what may be shown of a rejected record (CONF-1).

    >>> @attrs.frozen
    ... class Card:
    ...     name: str
    ...     phone: str = confidential("contact")
    >>> redacted({"name": "ACME", "phone": 13800138000, "extra": 1}, Card)
    {'name': 'ACME', 'phone': '***', 'extra': 1}

    .. versionadded:: 0.1.0
    """
    if not isinstance(data, dict) or not attrs.has(cls):
        return data
    secret = confidential_fields(cls)
    kinds = {a.name: a.type for a in attrs.fields(attrs.resolve_types(cls))}
    result: dict[object, object] = {}
    for key, value in data.items():
        if key in secret:
            result[key] = value if is_empty(value) else MASK
        else:
            result[key] = _redacted_nested(value, kinds.get(key) if isinstance(key, str) else None)
    return result


def _redacted_nested(value: object, kind: Any) -> object:
    """``value`` redacted as the model(s) its field's type names, if any."""
    import typing

    models = [a for a in (kind, *typing.get_args(kind)) if isinstance(a, type) and attrs.has(a)]
    if not models:
        return value
    if isinstance(value, list):
        return [redacted(item, models[0]) for item in value]
    return redacted(value, models[0])
