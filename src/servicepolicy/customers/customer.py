"""The customer record (TIER-3), with its confidential fields marked (CONF-1, CONF-2).

A :class:`Customer` holds what the manuals list for a customer record: name, contact
persons and their details, address, business scope, industry, tier, owner (the account
manager) and special dates (birthdays, founding day).  Contact persons, contact details,
special needs and contract terms are key-account secrets (CONF-2): they are marked with
:func:`~servicepolicy.confidential.confidential` and shown as ``'***'`` in ``repr()``.
The categories are those of :data:`servicepolicy.access.CATEGORIES` (``"contact"`` for
contact persons and their details, ``"address"``, ``"special_needs"``, ``"contract"``),
so that :func:`servicepolicy.access.redact` shows each role what it may read.

>>> from datetime import date
>>> acme = Customer(
...     "C-001",
...     "ACME Logistics",
...     industry="logistics",
...     owner="am-zhang",
...     contacts=[Contact("Li Wei", role="purchasing manager", phone="+86 21 5555 0100")],
...     address="88 Century Ave, Shanghai",
...     special_dates=[SpecialDate(FOUNDING_DAY, date(2003, 6, 18))],
...     contract_terms="5-year framework agreement, 3 % volume rebate",
... )
>>> acme  # doctest: +NORMALIZE_WHITESPACE
Customer(id='C-001', name='ACME Logistics', industry='logistics', tier=None, owner='am-zhang',
contacts='***', address='***', business_scope=None,
special_dates=(SpecialDate(kind='founding_day', date=datetime.date(2003, 6, 18), person=None),),
special_needs=None, contract_terms='***')
>>> acme.with_tier("strategic").tier
'strategic'
>>> Customer("C-002", " ")
Traceback (most recent call last):
...
servicepolicy.errors.InvalidArgumentError: customer 'C-002': name: expected a non-empty ...

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import date

import attrs

from servicepolicy.confidential import confidential
from servicepolicy.customers import _checks as check

__all__ = ["BIRTHDAY", "FOUNDING_DAY", "Contact", "Customer", "SpecialDate"]

BIRTHDAY = "birthday"
"""The ``SpecialDate.kind`` of a contact person's birthday (TIER-3)."""

FOUNDING_DAY = "founding_day"
"""The ``SpecialDate.kind`` of the customer company's founding day (TIER-3)."""


@attrs.frozen
class Contact:
    """A contact person of a customer (TIER-3); name, phone and e-mail are confidential (CONF-2).

    :param name: the person's name (confidential category ``"contact"``).
    :param role: the person's position, e.g. ``"purchasing manager"``, or ``None``.
    :param phone: a phone number (confidential category ``"contact"``), or ``None``.
    :param email: an e-mail address (confidential category ``"contact"``), or ``None``.
    :raises servicepolicy.errors.ServicePolicyError: if a value is empty or of the wrong type.

    >>> Contact("Li Wei", role="CFO", email="li.wei@example.com")
    Contact(name='***', role='CFO', phone=None, email='***')

    .. versionadded:: 0.1.0
    """

    name: str = confidential("contact")
    role: str | None = None
    phone: str | None = confidential("contact", default=None)
    email: str | None = confidential("contact", default=None)

    def __attrs_post_init__(self) -> None:
        check.text("contact: name", self.name, secret=True)
        check.optional_text("contact: role", self.role)
        check.optional_text("contact: phone", self.phone, secret=True)
        check.optional_text("contact: email", self.email, secret=True)


@attrs.frozen
class SpecialDate:
    """A date the customer relationship remembers every year (TIER-3, TIER-4).

    :param kind: what the date is: ``BIRTHDAY``, ``FOUNDING_DAY``, or any other
        non-empty label (``"partnership_anniversary"``...).
    :param date: the original date (the birth, the founding); care actions recur on its
        anniversaries (see :func:`~servicepolicy.customers.care_actions`).
    :param person: whose date it is, for a birthday (confidential category
        ``"contact"``), or ``None`` for the company itself.
    :raises servicepolicy.errors.ServicePolicyError: if a value is empty or of the wrong type.

    >>> from datetime import date
    >>> SpecialDate(BIRTHDAY, date(1980, 3, 14), person="Li Wei")
    SpecialDate(kind='birthday', date=datetime.date(1980, 3, 14), person='***')

    .. versionadded:: 0.1.0
    """

    kind: str
    date: date
    person: str | None = confidential("contact", default=None)

    def __attrs_post_init__(self) -> None:
        check.text("special date: kind", self.kind)
        check.day(f"special date {self.kind}: date", self.date)
        check.optional_text(f"special date {self.kind}: person", self.person, secret=True)


@attrs.frozen
class Customer:
    """A customer record (TIER-3).

    Only ``id`` and ``name`` are required; every other field is keyword-only.

    :param id: the customer ID, unique within the policy (``"C-001"``).
    :param name: the customer's (company) name.
    :param industry: the industry, e.g. ``"logistics"`` (TIER-1 classifies by industry).
    :param tier: the name of the customer's tier in the policy's
        :class:`~servicepolicy.customers.TierScheme`, or ``None`` when not classified.  Tiers
        are policy data (TIER-2), so any string is accepted here; a scheme checks the name
        when it uses the record.
    :param owner: the account manager responsible for the customer (an employee ID or name).
    :param contacts: the contact persons (confidential category ``"contact"``).
    :param address: the postal address (confidential category ``"address"``).
    :param business_scope: what the customer does, in free text.
    :param special_dates: birthdays, founding day and other dates for care actions (TIER-4).
    :param special_needs: special needs of the customer (confidential ``"special_needs"``,
        CONF-2).
    :param contract_terms: the contract terms agreed (confidential ``"contract"``, CONF-2).
    :raises servicepolicy.errors.WrongTypeError: if a field has the wrong type; the
        message names the customer and the field.
    :raises servicepolicy.errors.InvalidArgumentError: if a required text is empty.

    The history of tickets, visits and satisfaction scores (TIER-3) is not stored on the
    record: it lives with the tickets and visits that refer to the customer by ``id``.

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    industry: str | None = attrs.field(default=None, kw_only=True)
    tier: str | None = attrs.field(default=None, kw_only=True)
    owner: str | None = attrs.field(default=None, kw_only=True)
    contacts: tuple[Contact, ...] = confidential(
        "contact", default=(), converter=check.as_tuple, kw_only=True
    )
    address: str | None = confidential("address", default=None, kw_only=True)
    business_scope: str | None = attrs.field(default=None, kw_only=True)
    special_dates: tuple[SpecialDate, ...] = attrs.field(
        default=(), converter=check.as_tuple, kw_only=True
    )
    special_needs: str | None = confidential("special_needs", default=None, kw_only=True)
    contract_terms: str | None = confidential("contract", default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check.text("customer: id", self.id)
        where = f"customer {self.id!r}"
        check.text(f"{where}: name", self.name)
        for name in ("industry", "tier", "owner", "business_scope"):
            check.optional_text(f"{where}: {name}", getattr(self, name))
        for name in ("address", "special_needs", "contract_terms"):  # confidential (CONF-2)
            check.optional_text(f"{where}: {name}", getattr(self, name), secret=True)
        check.items(f"{where}: contacts", self.contacts, Contact, "a Contact", secret=True)
        check.items(f"{where}: special_dates", self.special_dates, SpecialDate, "a SpecialDate")

    def with_tier(self, tier: str | None) -> Customer:
        """A copy of the record with ``tier`` set, e.g. from a
        :class:`~servicepolicy.customers.Classification`'s ``tier``.
        """
        return attrs.evolve(self, tier=tier)

    def special_dates_of(self, kind: str) -> tuple[SpecialDate, ...]:
        """The special dates of ``kind`` (e.g. ``BIRTHDAY``), in the order recorded.

        >>> from datetime import date
        >>> c = Customer("C-9", "Nine", special_dates=[SpecialDate(BIRTHDAY, date(1970, 1, 2))])
        >>> [d.date.year for d in c.special_dates_of(BIRTHDAY)]
        [1970]
        """
        return tuple(d for d in self.special_dates if d.kind == kind)
