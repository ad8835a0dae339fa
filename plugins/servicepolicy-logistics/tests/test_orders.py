"""LOG-1: orders as received, and the audit of their fields."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from servicepolicy.customers import Customer
from servicepolicy.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    ServicePolicyError,
    WrongTypeError,
)
from servicepolicy.rules import Severity
from servicepolicy.testing import T0, assert_no_violation, assert_violation

from logistics_strategies import orders
from servicepolicy_logistics import AUDITED_FIELDS, Order, OrderChannel, OrderRules, audit_order


def complete(**changes: object) -> Order:
    """A complete, consistent order, with ``changes``."""
    fields: dict[str, object] = {
        "customer": "C-1",
        "goods": "pallets of tiles",
        "quantity": 12,
        "unit_price": Decimal("150.00"),
        "amount": Decimal("1800.00"),
        "delivery_date": date(2026, 11, 27),
        "delivery_address": "88 Jiangning Road",
        "contact": "Ms Li, 138 0000 0000",
    }
    fields.update(changes)
    return Order("O-1", "phone", T0, **fields)  # type: ignore[arg-type]


def fields_of(decision: object) -> list[str]:
    return [v.facts["field"] for v in decision.violations]  # type: ignore[attr-defined]


def test_log1_a_complete_consistent_order_passes_the_audit() -> None:
    """LOG-1: an order with customer, goods, quantity, amount and delivery date that add up
    is allowed, with no violation."""
    decision = audit_order(complete())
    assert decision.allowed and decision.violations == ()
    assert decision.subject == "O-1" and decision.facts["channel"] == "phone"


@pytest.mark.parametrize("field", ["customer", "goods", "quantity", "amount", "delivery_date"])
def test_log1_each_missing_required_field_is_named(field: str) -> None:
    """LOG-1: the audit checks customer, amount, quantity, delivery date (and goods); a
    missing one is an error whose facts and message name it."""
    decision = audit_order(complete(**{field: None, "unit_price": None}))
    assert not decision
    violation = assert_violation(decision, "LOG-1", severity="error", subject="O-1")
    assert violation.facts["field"] == field
    assert field.replace("_", " ") in violation.message


def test_log1_a_blank_text_counts_as_missing() -> None:
    """LOG-1: a customer given as white space is missing."""
    assert fields_of(audit_order(complete(customer="  "))) == ["customer"]


def test_log1_all_missing_fields_are_reported_at_once() -> None:
    """LOG-1: an order that came in with nothing but its channel lists every required
    field, in the order of the order's fields."""
    bare = Order("O-2", OrderChannel.EMAIL, T0)
    assert fields_of(audit_order(bare)) == [
        "customer",
        "goods",
        "quantity",
        "amount",
        "delivery_date",
    ]


def test_log1_required_fields_are_a_parameter() -> None:
    """LOG-1: the manual's four fields only, or more (address, contact), by OrderRules."""
    bare = complete(goods=None, contact=None)
    assert fields_of(audit_order(bare, OrderRules(required={"customer"}))) == []
    strict = OrderRules(required=AUDITED_FIELDS)
    assert fields_of(audit_order(bare, strict)) == ["goods", "contact"]


def test_log1_amount_must_be_quantity_times_unit_price() -> None:
    """LOG-1: an amount that is not quantity × unit price is inconsistent; a difference
    within the tolerance is rounding."""
    wrong = audit_order(complete(amount=Decimal("1500")))
    violation = assert_violation(wrong, "LOG-1")
    assert violation.facts["field"] == "amount" and violation.facts["expected"] == "1800.00"
    assert "12 × 150.00 = 1800.00" in violation.message
    assert audit_order(complete(amount=Decimal("1800.01"))).allowed
    assert not audit_order(complete(amount=Decimal("1800.02"))).allowed
    assert audit_order(
        complete(amount=Decimal("1801")), OrderRules(amount_tolerance=Decimal("1"))
    ).allowed


def test_log1_impossible_figures_are_inconsistent() -> None:
    """LOG-1: a quantity below 1 and amounts of zero or less are errors naming the field."""
    assert fields_of(audit_order(complete(quantity=0, unit_price=None))) == ["quantity"]
    assert fields_of(audit_order(complete(amount=Decimal("-5"), unit_price=None))) == ["amount"]
    assert "unit_price" in fields_of(audit_order(complete(unit_price=Decimal("0"))))


def test_log1_delivery_date_before_the_order_is_inconsistent() -> None:
    """LOG-1: a delivery date before the local day the order came in; the same day is
    fine."""
    before = audit_order(complete(delivery_date=date(2026, 11, 22)))
    assert fields_of(before) == ["delivery_date"]
    assert "2026-11-23" in before.violations[0].message
    assert audit_order(complete(delivery_date=date(2026, 11, 23))).allowed


def test_log1_unknown_customer_when_customers_are_given() -> None:
    """LOG-1: the customer is audited against the known customers (IDs or records)."""
    known = [Customer("C-1", "Acme Ltd"), "C-2"]
    assert audit_order(complete(), customers=known).allowed
    stranger = audit_order(complete(customer="C-9"), customers=known)
    assert fields_of(stranger) == ["customer"]
    assert_no_violation(audit_order(complete(customer="C-9")), "LOG-1")


def test_order_accepts_amounts_as_decimal_int_or_text() -> None:
    """Amounts are Decimals; an int or a numeric string is converted."""
    order = complete(amount=1800, unit_price="150.00")
    assert order.amount == Decimal("1800") and order.unit_price == Decimal("150.00")
    assert audit_order(order).allowed


@pytest.mark.parametrize(
    ("changes", "error", "argument"),
    [
        ({"amount": 1800.0}, WrongTypeError, "order: amount"),
        ({"amount": "eighteen hundred"}, InvalidArgumentError, "order: amount"),
        ({"unit_price": Decimal("NaN")}, InvalidArgumentError, "order: unit_price"),
        ({"quantity": "12"}, WrongTypeError, "order: quantity"),
        ({"quantity": True}, WrongTypeError, "order: quantity"),
        ({"customer": 7}, WrongTypeError, "order: customer"),
        (
            {"delivery_date": datetime(2026, 11, 27, tzinfo=T0.tzinfo)},
            WrongTypeError,
            "order: delivery_date",
        ),
    ],
)
def test_bad_order_input_names_the_field(
    changes: dict[str, object], error: type[ServicePolicyError], argument: str
) -> None:
    """A field of the wrong type raises a ServicePolicyError whose ``argument`` is the
    field; missing or inconsistent values are the audit's business."""
    with pytest.raises(error) as caught:
        complete(**changes)
    assert caught.value.argument == argument
    assert argument in str(caught.value)


def test_bad_order_identity_and_time() -> None:
    """An empty ID, an unknown channel and a naive receipt time are refused."""
    with pytest.raises(InvalidArgumentError, match="order: id"):
        Order(" ", "phone", T0)
    with pytest.raises(InvalidArgumentError, match=r"order: channel.*'ecommerce'"):
        Order("O-1", "fax", T0)
    with pytest.raises(NaiveDatetimeError, match="order: received_at"):
        Order("O-1", "phone", T0.replace(tzinfo=None))


def test_bad_audit_arguments() -> None:
    """The audit refuses what is not an order, rules that are not OrderRules, unknown
    required fields and customers that are not IDs."""
    with pytest.raises(WrongTypeError, match="order"):
        audit_order("O-1")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="rules"):
        audit_order(complete(), {"required": []})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"order rules: required.*colour"):
        OrderRules(required={"customer", "colour"})
    with pytest.raises(InvalidArgumentError, match="amount_tolerance"):
        OrderRules(amount_tolerance=Decimal("-1"))
    with pytest.raises(WrongTypeError, match=r"customers\[0\]"):
        audit_order(complete(), customers=[7])


@given(orders())
def test_log1_every_audit_violation_names_an_order_field(order: Order) -> None:
    """LOG-1 law: every violation of any order, however incomplete, is a LOG-1 error naming
    one of the audited fields, and the order is allowed exactly when there is none."""
    decision = audit_order(order)
    assert decision.allowed == (decision.violations == ())
    for violation in decision.violations:
        assert violation.rule_id == "LOG-1" and violation.severity is Severity.ERROR
        assert violation.facts["field"] in AUDITED_FIELDS
        assert violation.subject == order.id


@given(orders())
def test_log1_supplying_the_missing_fields_leaves_only_inconsistencies(order: Order) -> None:
    """LOG-1 law: the missing-field violations are exactly the required fields that are
    None or blank."""
    decision = audit_order(order)
    missing = [v.facts["field"] for v in decision.violations if "missing" in v.message]
    assert missing == list(order.missing(f for f in AUDITED_FIELDS if f in OrderRules().required))


def test_received_at_keeps_its_zone() -> None:
    """The day an order came in is its local day: 23:30 in Shanghai is still the 23rd."""
    late = datetime(2026, 11, 23, 23, 30, tzinfo=T0.tzinfo)
    order = complete(delivery_date=date(2026, 11, 23))
    fields = {name: getattr(order, name) for name in AUDITED_FIELDS}
    assert audit_order(Order("O-3", "email", late, **fields)).allowed  # type: ignore[arg-type]
    utc = Order("O-4", "email", late.astimezone(UTC), **fields)  # type: ignore[arg-type]
    assert fields_of(audit_order(utc)) == []
