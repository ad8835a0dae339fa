"""LOG-1: orders as received, and their audit.

An :class:`Order` records what came in by phone, email or e-commerce, as it came in: a
field the customer left out is ``None`` (or blank), and a figure that does not add up is
kept as given.  Only a wrong *type* is refused when the order is built; whether the order
is complete and consistent is what :func:`audit_order` judges, returning a
:class:`~servicepolicy.rules.Decision` whose LOG-1 violations each name their field.

>>> from datetime import date, datetime
>>> from decimal import Decimal
>>> from zoneinfo import ZoneInfo
>>> order = Order("O-1", "email", datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
...               customer="C-1", goods="pallets of tiles", quantity=12,
...               unit_price=Decimal("150"), amount=Decimal("1500"))
>>> decision = audit_order(order)
>>> bool(decision), [v.facts["field"] for v in decision.violations]
(False, ['delivery_date', 'amount'])
>>> print(decision.violations[1].message)
order O-1: amount 1500 is not quantity × unit price (12 × 150 = 1800)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs
from servicepolicy.confidential import confidential
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Decision, Severity, Violation

from servicepolicy_logistics import _checks as check

__all__ = ["AUDITED_FIELDS", "Order", "OrderChannel", "OrderRules", "audit_order"]


class OrderChannel(enum.StrEnum):
    """Where an order comes in (LOG-1).  The value is the ticket channel of the order's
    ``logistics_order`` ticket.

    .. versionadded:: 0.1.0
    """

    PHONE = "phone"
    EMAIL = "email"
    ECOMMERCE = "ecommerce"


AUDITED_FIELDS = (
    "customer",
    "goods",
    "quantity",
    "unit_price",
    "amount",
    "delivery_date",
    "delivery_address",
    "contact",
)
"""The fields of an :class:`Order` the audit can require."""


def _any_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise WrongTypeError(f"order: {attribute.name}", value, "a string or None")


def _optional_int(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise WrongTypeError(f"order: {attribute.name}", value, "a whole number (int) or None")


def _channel(value: OrderChannel | str) -> OrderChannel:
    return check.member("order: channel", value, OrderChannel)


def _unit_price(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else check.decimal("order: unit_price", value)


def _amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else check.decimal("order: amount", value)


@attrs.frozen
class Order:
    """An order as received (LOG-1).

    :param id: the order number.
    :param channel: phone, email or e-commerce (an :class:`OrderChannel` or its value).
    :param received_at: when it came in, timezone-aware.
    :param customer: the customer's ID, ``None`` if not given.
    :param goods: what is ordered.
    :param quantity: how many units.
    :param unit_price: the price of one unit (a :class:`~decimal.Decimal`, an int or a
        numeric string; a float is refused: money is not binary floating point).
    :param amount: the order's total, likewise.
    :param delivery_date: the delivery date asked for.
    :param delivery_address: where to deliver (confidential ``"address"``, CONF-1: masked
        in ``repr()`` and by :func:`~servicepolicy.access.redact`).
    :param contact: the contact person or number for the delivery (confidential
        ``"contact"``).
    :raises servicepolicy.errors.ServicePolicyError: for a field of the wrong type, an
        empty ID, a naive ``received_at``, an unknown channel, a malformed amount; the
        error's ``argument`` names the field.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=check.validator(check.text))
    channel: OrderChannel = attrs.field(converter=_channel)
    received_at: datetime = attrs.field(validator=check.validator(check.aware))
    customer: str | None = attrs.field(default=None, validator=_any_text)
    goods: str | None = attrs.field(default=None, validator=_any_text)
    quantity: int | None = attrs.field(default=None, validator=_optional_int)
    unit_price: Decimal | None = attrs.field(default=None, converter=_unit_price)
    amount: Decimal | None = attrs.field(default=None, converter=_amount)
    delivery_date: date | None = attrs.field(
        default=None, validator=check.validator(check.optional(check.day))
    )
    delivery_address: str | None = confidential("address", default=None, validator=_any_text)
    contact: str | None = confidential("contact", default=None, validator=_any_text)

    def missing(self, fields: Iterable[str]) -> tuple[str, ...]:
        """Those of ``fields`` that are ``None`` or blank, in the order given."""
        return tuple(name for name in fields if _blank(getattr(self, name)))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    names = frozenset(check.items("order rules: required", value, str, "a field name"))
    for name in sorted(names):
        if name not in AUDITED_FIELDS:
            raise InvalidArgumentError(
                "order rules: required", name, "one of " + ", ".join(AUDITED_FIELDS)
            )
    return names


def _tolerance(value: Decimal | int | str) -> Decimal:
    return check.decimal("order rules: amount_tolerance", value)


@attrs.frozen
class OrderRules:
    """The parameters of the order audit (LOG-1).

    :param required: the fields an order must have.  The manual audits "customer, amount,
        quantity, delivery date"; the goods are required too by default (a quantity of
        nothing cannot be delivered).  Any of :data:`AUDITED_FIELDS`.
    :param amount_tolerance: how far the amount may differ from quantity × unit price
        (rounding), when the unit price is given.

    .. versionadded:: 0.1.0
    """

    required: frozenset[str] = attrs.field(
        default=frozenset({"customer", "goods", "quantity", "amount", "delivery_date"}),
        converter=_required,
    )
    amount_tolerance: Decimal = attrs.field(
        default=Decimal("0.01"),
        converter=_tolerance,
    )

    def __attrs_post_init__(self) -> None:
        if self.amount_tolerance < 0:
            raise InvalidArgumentError(
                "order rules: amount_tolerance", self.amount_tolerance, "an amount >= 0"
            )


def _customer_ids(customers: Iterable[object]) -> frozenset[str]:
    if isinstance(customers, str) or not isinstance(customers, Iterable):
        raise WrongTypeError("customers", customers, "an iterable of customer IDs or customers")
    found = set()
    for index, customer in enumerate(customers):
        key = customer if isinstance(customer, str) else getattr(customer, "id", None)
        if not isinstance(key, str):
            raise WrongTypeError(f"customers[{index}]", customer, "a customer ID or a Customer")
        found.add(key)
    return frozenset(found)


def audit_order(
    order: Order,
    rules: OrderRules | None = None,
    *,
    customers: Iterable[object] | None = None,
) -> Decision:
    """Audit ``order`` (LOG-1): every missing required field and every inconsistency is a
    LOG-1 error naming its field (``facts["field"]``); the order may be confirmed and
    passed on only when the decision allows it.

    Inconsistent: a quantity below 1; an amount or unit price of zero or less; an amount
    that is not quantity × unit price (within ``rules.amount_tolerance``); a delivery date
    before the day the order came in; a customer not among ``customers`` (IDs or
    :class:`~servicepolicy.customers.Customer` records), when they are given.

    .. versionadded:: 0.1.0
    """
    if not isinstance(order, Order):
        raise WrongTypeError("order", order, "a servicepolicy_logistics.Order")
    rules = OrderRules() if rules is None else rules
    if not isinstance(rules, OrderRules):
        raise WrongTypeError("rules", rules, "an OrderRules or None")
    known = None if customers is None else _customer_ids(customers)
    found = [
        _violation(
            order, name, f"{_words(name)} is missing", f"ask the customer for the {_words(name)}"
        )
        for name in order.missing(f for f in AUDITED_FIELDS if f in rules.required)
    ]
    found += _inconsistencies(order, rules, known)
    return Decision.from_violations(found, subject=order.id, facts={"channel": str(order.channel)})


def _inconsistencies(
    order: Order, rules: OrderRules, known: frozenset[str] | None
) -> list[Violation]:
    found = []
    if order.quantity is not None and order.quantity < 1:
        found.append(
            _violation(
                order,
                "quantity",
                f"quantity {order.quantity} is below 1",
                "confirm the quantity with the customer: at least 1",
            )
        )
    for name in ("unit_price", "amount"):
        money: Decimal | None = getattr(order, name)
        if money is not None and money <= 0:
            found.append(
                _violation(
                    order,
                    name,
                    f"{_words(name)} {money} is not above 0",
                    f"confirm the {_words(name)} with the customer: more than 0",
                )
            )
    if order.amount is not None and order.quantity is not None and order.unit_price is not None:
        expected = order.quantity * order.unit_price
        if abs(order.amount - expected) > rules.amount_tolerance:
            found.append(
                _violation(
                    order,
                    "amount",
                    f"amount {order.amount} is not quantity × unit price "
                    f"({order.quantity} × {order.unit_price} = {expected})",
                    f"confirm the amount {expected} or the unit price with the customer",
                    expected=str(expected),
                )
            )
    received = order.received_at.date()
    if order.delivery_date is not None and order.delivery_date < received:
        found.append(
            _violation(
                order,
                "delivery_date",
                f"delivery date {order.delivery_date} is before the order came in ({received})",
                f"confirm the delivery date with the customer: {received} or later",
            )
        )
    if known is not None and not _blank(order.customer) and order.customer not in known:
        found.append(
            _violation(
                order,
                "customer",
                f"customer {order.customer!r} is not a known customer",
                "register the customer, or correct the customer ID",
            )
        )
    return found


def _violation(order: Order, field: str, what: str, suggestion: str, **facts: object) -> Violation:
    return Violation(
        "LOG-1",
        Severity.ERROR,
        f"order {order.id}: {what}",
        subject=order.id,
        facts={"field": field, "value": _shown(getattr(order, field)), **facts},
        suggestion=suggestion,
    )


def _words(field: str) -> str:
    return field.replace("_", " ")


def _shown(value: object) -> object:
    return str(value) if isinstance(value, Decimal | date) else value
