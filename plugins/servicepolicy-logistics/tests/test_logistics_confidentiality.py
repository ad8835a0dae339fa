"""CONF-1, CONF-2 in the logistics plugin: an order's delivery address and contact, and the
customer's signature at the hand-over, are hidden like the core's customer data (LOG-1,
LOG-3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy.access import AccessPolicy, masked_str, redact
from servicepolicy.confidential import MASK, confidential_fields
from servicepolicy.testing import T0, assert_confidential_fields_hidden

from logistics_strategies import SH
from servicepolicy_logistics import (
    CountedLine,
    DeliveryLine,
    HandOver,
    Order,
    OrderRules,
    audit_order,
)

ADDRESS = "88 Jiangning Road, Jing'an, Shanghai"
CONTACT = "Ms Li Na, 138 1234 5678"


def order(**changes: object) -> Order:
    fields: dict[str, object] = {
        "customer": "C-1",
        "goods": "pallets of tiles",
        "quantity": 12,
        "unit_price": Decimal("150.00"),
        "amount": Decimal("1800.00"),
        "delivery_address": ADDRESS,
        "contact": CONTACT,
    }
    fields.update(changes)
    return Order("O-1", "phone", T0, **fields)  # type: ignore[arg-type]


def test_log1_conf2_order_fields_carry_the_core_categories() -> None:
    """LOG-1, CONF-2: the address is ``"address"``, the contact ``"contact"``, the same
    categories as the core's :class:`~servicepolicy.customers.Customer`."""
    assert confidential_fields(Order) == {"delivery_address": "address", "contact": "contact"}
    assert confidential_fields(HandOver) == {"receiver_signature": "contact"}


def test_log1_conf1_an_order_hides_address_and_contact() -> None:
    """LOG-1, CONF-1: ``repr()`` masks the address and contact; a third party's copy has
    neither; an agent (who reads contacts) gets the contact but not the address."""
    o = order()
    assert_confidential_fields_hidden(o, {"delivery_address": ADDRESS, "contact": CONTACT})
    assert ADDRESS not in repr(o) and "Jiangning" not in repr(o) and "138 1234" not in str(o)
    third = redact(o, "third_party")
    assert (third.delivery_address, third.contact) == (MASK, MASK)
    agent = redact(o, "agent")
    assert (agent.delivery_address, agent.contact) == (MASK, CONTACT)
    manager = redact(o, "account_manager")
    assert (manager.delivery_address, manager.contact) == (ADDRESS, CONTACT)
    dispatch = AccessPolicy({"dispatcher": {"address", "contact"}})
    assert masked_str(o, role="dispatcher", policy=dispatch).count("Jiangning") == 1


def test_log1_a_missing_address_still_shows_as_missing() -> None:
    """LOG-1, CONF-1: an empty value is no secret: ``None`` shows as ``None`` in
    ``repr()`` and in a third party's copy, so a reader tells "not given" from "hidden";
    the audit still reads the real values."""
    o = order(delivery_address=None, contact="  ")
    assert "delivery_address=None" in repr(o) and "contact='***'" in repr(o)
    assert redact(o, "third_party").delivery_address is None
    rules = OrderRules(required={"delivery_address", "contact"})
    fields = {v.facts["field"] for v in audit_order(o, rules).violations}
    assert fields == {"delivery_address", "contact"}


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=12, max_size=30).filter(str.strip))
def test_log1_conf1_law_no_address_leaks(address: str) -> None:
    """LOG-1, CONF-1 law: whatever the address, no text of the order or of a third
    party's copy writes it out."""
    o = order(delivery_address=address)
    assert_confidential_fields_hidden(o, {"delivery_address": address})


def test_log3_conf1_the_receivers_signature_is_hidden() -> None:
    """LOG-3, CONF-1: who signed for the customer is a contact person: hidden from a
    third party; the carrier's own driver is not customer data."""
    handed = HandOver(
        "DN-9",
        datetime(2026, 11, 24, 15, tzinfo=SH),
        note_lines=[DeliveryLine("tiles", 12)],
        counted=[CountedLine("tiles", 12)],
        quality_checked=True,
        documents={"delivery_note"},
        deliverer_signature="driver-3",
        receiver_signature="Wang Xiaoming",
    )
    assert_confidential_fields_hidden(handed, {"receiver_signature": "Wang Xiaoming"})
    assert "driver-3" in repr(handed)


def test_conf2_the_helper_catches_an_unmarked_field() -> None:
    """CONF-2: the testing helper fails for a secret in a field not marked confidential
    (the goods here), naming the field."""
    with pytest.raises(AssertionError, match=r"Order.goods holds a secret but is not marked"):
        assert_confidential_fields_hidden(order(), {"goods": "pallets of tiles"})
