"""Who may read which confidential fields, and disclosure to third parties (CONF-1 … CONF-3).

Fields marked :func:`~servicepolicy.confidential.confidential` are masked by ``repr()`` (so
by ``str()``).  An :class:`AccessPolicy` says which roles read which categories (CONF-1);
:func:`redact` copies an object masking what a role may not read; :func:`masked_str` renders
one for logs; :meth:`AccessPolicy.disclose` gives a third party only what the customer's
written :class:`~servicepolicy.consent.Consent` covers, with a
:class:`~servicepolicy.consent.DisclosureRecord` (CONF-1, CONF-3).

>>> import attrs
>>> from servicepolicy.confidential import confidential
>>> @attrs.frozen
... class Account:
...     name: str
...     phone: str = confidential("contact")
...     needs: str = confidential("special_needs")
>>> acme = Account("ACME", "+86 21 5555 0100", "wheelchair access")
>>> seen = redact(acme, "agent")
>>> seen.phone, seen.needs
('+86 21 5555 0100', '***')
>>> seen  # repr() still masks every confidential field
Account(name='ACME', phone='***', needs='***')
>>> masked_str(acme, role="team_leader")
"Account(name='ACME', phone='+86 21 5555 0100', needs='wheelchair access')"

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar, cast

import attrs

from servicepolicy.confidential import (
    MASK,
    METADATA_KEY,
    confidential_fields,
    entry_categories,
    is_empty,
)
from servicepolicy.consent import (
    ALL,
    Consent,
    DisclosureRecord,
    aware_instant,
    category_set,
    given_text,
)
from servicepolicy.errors import ConsentRequiredError, WrongTypeError

__all__ = [
    "CATEGORIES",
    "DEFAULT_GRANTS",
    "DEFAULT_POLICY",
    "AccessPolicy",
    "ConsentRequiredError",
    "masked_str",
    "redact",
]
# Consent, DisclosureRecord and ALL live in servicepolicy.consent; they are imported here
# too, so that ``from servicepolicy.access import Consent`` keeps working.

_T = TypeVar("_T")
_Allowed = Callable[[str], bool]

CATEGORIES = (
    "contact",
    "address",
    "special_needs",
    "business",
    "finance",
    "strategy",
    "technology",
    "contract",
    "negotiation",
)
"""The confidential categories the manuals name (CONF-2, TIER-3), that is contact persons
and details, address, special needs, trade secrets (business data, finance, strategy,
technology), contracts and negotiations.  Categories are free strings; these are the ones
:data:`DEFAULT_GRANTS` knows."""

DEFAULT_GRANTS: Mapping[str, frozenset[str]] = types.MappingProxyType(
    {
        "agent": frozenset({"contact"}),
        "team_leader": frozenset({"contact", "special_needs"}),
        "account_manager": frozenset(CATEGORIES),
        "management": frozenset({ALL}),
        "third_party": frozenset(),
    }
)
"""Role → readable categories, from the manuals (CONF-1).  Agents read contact details only,
team leaders also special needs, account managers every category of :data:`CATEGORIES`
(the grant is by role: that the customer is *their own* is the caller's check, e.g. pass
``"account_manager"`` only when ``customer.owner`` is the user), management everything;
third parties nothing (they see only what a :class:`~servicepolicy.consent.Consent` covers)."""

_COLLECTIONS = (tuple, list, set, frozenset)


def _freeze_grants(value: object) -> Mapping[str, frozenset[str]]:
    if not isinstance(value, Mapping):
        raise WrongTypeError("grants", value, "a mapping of role to categories")
    grants = {
        given_text("grants role", r): category_set(c, f"grants[{r!r}]") for r, c in value.items()
    }
    return types.MappingProxyType(grants)


def _hidden(category: str | None, item: object, allowed: _Allowed) -> bool:
    """Whether a value of *category* (``None``: not confidential) is masked."""
    return category is not None and not is_empty(item) and not allowed(category)


def _walk_entries(
    mapping: Mapping[Any, Any], categories: Mapping[Any, str | None], allowed: _Allowed
) -> Any:
    """A :func:`~servicepolicy.confidential.confidential_entries` mapping, entry by entry."""
    walked = {
        key: MASK if _hidden(categories[key], item, allowed) else item
        for key, item in mapping.items()
    }
    return types.MappingProxyType(walked) if isinstance(mapping, types.MappingProxyType) else walked


def _walk(value: Any, allowed: _Allowed) -> Any:
    """*value* with every confidential field not *allowed* masked, recursively."""
    if attrs.has(type(value)):
        new = copy.copy(value)  # no validator or converter runs: MASK fits any field
        for field in attrs.fields(type(value)):
            if (item := getattr(value, field.name, attrs.NOTHING)) is attrs.NOTHING:
                continue
            category = field.metadata.get(METADATA_KEY)
            if _hidden(category, item, allowed):
                item = MASK
            elif (entries := entry_categories(value, field)) is not None:
                item = _walk_entries(item, entries, allowed)
            object.__setattr__(new, field.name, _walk(item, allowed))
        if getattr(new, "_attrs_cached_hash", None) is not None:  # cache_hash=True
            object.__setattr__(new, "_attrs_cached_hash", None)
        return new
    if type(value) in _COLLECTIONS:
        return type(value)(_walk(item, allowed) for item in value)
    if isinstance(value, dict | types.MappingProxyType):
        walked = {key: _walk(item, allowed) for key, item in value.items()}
        return walked if type(value) is dict else types.MappingProxyType(walked)
    return value


def _render(value: Any, allowed: _Allowed) -> str:
    """``repr(value)`` the attrs way, showing only the confidential values *allowed*."""
    if attrs.has(type(value)):
        parts = []
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name, attrs.NOTHING)
            category = field.metadata.get(METADATA_KEY)
            if field.repr is False:
                continue
            if _hidden(category, item, allowed):
                text = repr(MASK)
            elif (entries := entry_categories(value, field)) is not None:
                assert isinstance(item, Mapping)
                shown = (
                    f"{_render(key, allowed)}: "
                    + (
                        repr(MASK)
                        if _hidden(entries[key], entry, allowed)
                        else _render(entry, allowed)
                    )
                    for key, entry in item.items()
                )
                text = "{" + ", ".join(shown) + "}"
            elif category is None and callable(field.repr):
                text = field.repr(item)
            else:
                text = _render(item, allowed)
            parts.append(f"{field.name}={text}")
        return f"{type(value).__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    if type(value) in (tuple, list) and value:
        inner = ", ".join(_render(item, allowed) for item in value)
        if type(value) is list:
            return f"[{inner}]"
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if type(value) is dict:
        pairs = (f"{_render(k, allowed)}: {_render(v, allowed)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return repr(value)  # sets and other values: their own repr(), where attrs masks


def _held(obj: object) -> frozenset[str]:
    """The categories of the non-empty confidential values in *obj*, at any depth."""
    found: set[str] = set()

    def note(category: str) -> bool:  # _walk asks about each such value, then descends
        found.add(category)
        return True

    _walk(obj, note)
    return frozenset(found)


def _attrs_instance(obj: object) -> None:
    if isinstance(obj, type) or not attrs.has(type(obj)):
        raise WrongTypeError("obj", obj, "an instance of an attrs class")


@attrs.frozen
class AccessPolicy:
    """Which roles may read which confidential categories (CONF-1), and disclosure (CONF-3).

    :param grants: role → the categories it may read; :data:`~servicepolicy.consent.ALL`
        grants every category.
        A role not listed reads nothing (fail closed: a misspelt role sees masks).
        A read-only copy is kept; it takes part in equality, not in the hash.
        Default: :data:`DEFAULT_GRANTS`.
    :param require_written_consent: CONF-1 says "(written)", CONF-3 "written
        authorisation": ``True`` (default) counts only written consents for disclosure.
    :raises servicepolicy.errors.WrongTypeError: if a grant is not a set of names.

    >>> policy = AccessPolicy({"agent": {"contact"}, "auditor": {"finance", "contract"}})
    >>> policy.may_read("auditor", "finance"), policy.may_read("agent", "finance")
    (True, False)
    >>> DEFAULT_POLICY.may_read("management", "a category a model adds later")
    True

    .. versionadded:: 0.1.0
    """

    grants: Mapping[str, frozenset[str]] = attrs.field(
        default=DEFAULT_GRANTS, converter=_freeze_grants, hash=False
    )
    require_written_consent: bool = attrs.field(default=True, kw_only=True)

    def categories(self, role: str) -> frozenset[str]:
        """The categories *role* may read (possibly :data:`~servicepolicy.consent.ALL`);
        none for an unknown role."""
        return self.grants.get(given_text("role", role), frozenset())

    def may_read(self, role: str, category: str) -> bool:
        """Whether *role* may read confidential values of *category* (CONF-1)."""
        granted = self.categories(role)
        return ALL in granted or given_text("category", category) in granted

    def readable(self, cls: type, role: str) -> frozenset[str]:
        """The names of the confidential fields of the attrs class *cls* that *role* may read.

        >>> import attrs
        >>> from servicepolicy.confidential import confidential
        >>> Card = attrs.make_class("Card", {"phone": confidential("contact"),
        ...                                  "terms": confidential("contract")})
        >>> sorted(DEFAULT_POLICY.readable(Card, "agent"))
        ['phone']
        """
        if not isinstance(cls, type) or not attrs.has(cls):
            raise WrongTypeError("cls", cls, "an attrs class")
        fields = confidential_fields(cls).items()
        return frozenset(name for name, category in fields if self.may_read(role, category))

    def redact(self, obj: _T, role: str) -> _T:
        """A copy of *obj* with what *role* may not read masked; see :func:`redact`."""
        _attrs_instance(obj)
        given_text("role", role)
        return cast(_T, _walk(obj, lambda category: self.may_read(role, category)))

    def disclose(
        self,
        obj: _T,
        *,
        to: str,
        consents: Iterable[Consent],
        at: datetime,
        purpose: str,
        categories: Iterable[str] | None = None,
        customer: str | None = None,
        by: str | None = None,
    ) -> tuple[_T, DisclosureRecord]:
        """Disclose *obj* to the third party *to* under the customer's consent (CONF-1, CONF-3).

        Shows only *categories*: by default every category holding a value in *obj*,
        nested objects included; the policy's grants play no part.  Each needs a consent of
        the *customer* (default ``obj.id``) to *to* among *consents* that is valid *at*
        that instant: given, not expired, not revoked, and written unless
        ``require_written_consent`` is off.  *purpose* and *by* (who discloses) go on the
        record.

        :returns: ``(copy, record)``: the copy (made as by :func:`redact`) and the
            :class:`~servicepolicy.consent.DisclosureRecord` to keep; nothing is stored here.
        :raises ConsentRequiredError: naming the categories without a valid consent and
            why each consent on record did not count.

        >>> import attrs
        >>> from datetime import datetime, timezone
        >>> from servicepolicy.confidential import confidential
        >>> Client = attrs.make_class("Client", {"id": attrs.field(),
        ...     "phone": confidential("contact"), "revenue": confidential("finance")})
        >>> jan5, at = (datetime(2026, m, d, tzinfo=timezone.utc) for m, d in [(1, 5), (3, 2)])
        >>> ok = Consent("C-1", "Audit Ltd", {"finance"}, jan5, written=True, document_ref="D-7")
        >>> client = Client("C-1", "555-0100", "12 M")
        >>> shown, record = DEFAULT_POLICY.disclose(client, to="Audit Ltd", consents=[ok],
        ...                                         at=at, purpose="audit", categories={"finance"})
        >>> shown.phone, shown.revenue, record.consent_refs
        ('***', '12 M', ('D-7',))
        >>> DEFAULT_POLICY.disclose(client, to="Audit Ltd", consents=[ok], at=at, purpose="audit")
        Traceback (most recent call last):
        ...
        servicepolicy.errors.ConsentRequiredError: disclosure of customer 'C-1' to 'Audit Ltd' ...
        """
        _attrs_instance(obj)
        customer = getattr(obj, "id", None) if customer is None else customer
        customer = given_text("customer", customer, "the customer's ID (default: obj.id)")
        to, purpose, at = (
            given_text("to", to),
            given_text("purpose", purpose),
            aware_instant("at", at),
        )
        if by is not None:
            given_text("by", by)
        if isinstance(consents, Consent) or not isinstance(consents, Iterable):
            raise WrongTypeError("consents", consents, "an iterable of Consent")
        pool = tuple(consents)
        if bad := [c for c in pool if not isinstance(c, Consent)]:
            raise WrongTypeError("consents item", bad[0], "a servicepolicy.access.Consent")
        wanted = _held(obj) if categories is None else category_set(categories)
        mine = [c for c in pool if c.customer == customer and c.recipient == to]
        problems = {c: c.problem_at(at, require_written=self.require_written_consent) for c in mine}
        valid = [c for c in mine if problems[c] is None]
        missing = {cat for cat in wanted if not any(c.covers(cat) for c in valid)}
        if missing:
            notes = [p for c, p in problems.items() if p and any(map(c.covers, missing))]
            strict = self.require_written_consent
            raise ConsentRequiredError(customer, to, missing, at, notes, written=strict)
        used = sorted({c.reference for c in valid if any(map(c.covers, wanted))})
        shown = _walk(obj, lambda category: ALL in wanted or category in wanted)
        record = DisclosureRecord(customer, to, frozenset(wanted), at, purpose, tuple(used), by)
        return cast(_T, shown), record


DEFAULT_POLICY = AccessPolicy()
"""The policy of :data:`DEFAULT_GRANTS`, counting written consents only."""


def redact(obj: _T, role: str, policy: AccessPolicy = DEFAULT_POLICY) -> _T:
    """A copy of the attrs instance *obj* with what *role* may not read masked (CONF-1).

    Each confidential field whose category *role* may not read holds
    :data:`~servicepolicy.confidential.MASK` (``"***"``) whatever its declared type; an
    empty value (``None``, ``""``, ``()``, ``{}``) stays as it is, as in ``repr()``.
    Other fields are kept, and redacted in turn when they hold attrs instances, or
    tuples, lists, sets or dicts (values) of them.
    Copies are made with ``copy.copy()``, without running validators or converters, so a
    masked date field holds a string: the copy is for display, reports and transmission,
    not for computing.  *obj* is not changed; redacting twice changes nothing more.

    :raises servicepolicy.errors.WrongTypeError: if *obj* is not an attrs instance or
        *role* not a non-empty string.

    >>> import attrs
    >>> from servicepolicy.confidential import confidential
    >>> Contact = attrs.make_class("Contact", {"name": confidential("contact")})
    >>> Customer = attrs.make_class("Customer", ["contacts"])
    >>> acme = Customer(contacts=(Contact("Li Wei"),))
    >>> redact(acme, "third_party").contacts[0].name, redact(acme, "agent").contacts[0].name
    ('***', 'Li Wei')

    .. versionadded:: 0.1.0
    """
    return policy.redact(obj, role)


def masked_str(
    obj: object, *, role: str | None = None, policy: AccessPolicy = DEFAULT_POLICY
) -> str:
    """Render *obj* for logs and reports as attrs' ``repr()`` would, confidential values masked.

    With ``role=None`` (default) every confidential value is masked, at any depth (attrs
    instances, and tuples, lists and dicts of them); with a *role*, those it may read under
    *policy* are shown.  Fields with ``repr=False`` are left out.  Unlike ``str()``, this
    holds even for a class that overrides ``__str__`` or ``__repr__``.

    >>> import attrs
    >>> from servicepolicy.confidential import confidential
    >>> Note = attrs.make_class("Note", {"text": attrs.field(), "phone": confidential("contact")})
    >>> masked_str([Note("call back", "555-0100")])
    "[Note(text='call back', phone='***')]"
    >>> masked_str(Note("call back", "555-0100"), role="agent")
    "Note(text='call back', phone='555-0100')"

    .. versionadded:: 0.1.0
    """
    if role is None:
        return _render(obj, lambda category: False)
    given_text("role", role)
    return _render(obj, lambda category: policy.may_read(role, category))
