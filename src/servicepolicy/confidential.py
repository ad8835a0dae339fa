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

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = [
    "MASK",
    "METADATA_KEY",
    "confidential",
    "confidential_fields",
    "is_empty",
    "redacted",
]

MASK = "***"
"""What a confidential value is shown as where it may not be read."""

METADATA_KEY = "servicepolicy.confidential"
"""The attrs metadata key holding a confidential field's category."""


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


def confidential_fields(cls: type) -> dict[str, str]:
    """``{field name: category}`` of the confidential fields of an attrs class."""
    return {
        a.name: a.metadata[METADATA_KEY] for a in attrs.fields(cls) if METADATA_KEY in a.metadata
    }


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
