"""CONF-1, CONF-2: ``confidential_entries`` (per-entry categories) and the testing helper
``assert_confidential_fields_hidden`` that plugin authors call on their models."""

from __future__ import annotations

import types
from typing import Any

import attrs
import pytest

from servicepolicy.access import AccessPolicy, masked_str, redact
from servicepolicy.confidential import (
    MASK,
    confidential,
    confidential_entries,
    confidential_fields,
    entry_categories,
)
from servicepolicy.customers import Contact, Customer
from servicepolicy.testing import assert_confidential_fields_hidden


@attrs.frozen
class Figures:
    values: dict[str, Any] = confidential_entries("categories")
    categories: dict[str, str | None] = attrs.field(factory=dict)


FIGURES = Figures(
    {"revenue": 4_321_000, "plan": "enter EU 2027", "nps": 61},
    {"revenue": "finance", "plan": "strategy", "nps": None},
)


def test_conf2_entries_are_masked_each_by_its_category() -> None:
    """CONF-2: each entry is masked unless the role reads its category; ``None`` entries
    are public; ``repr()`` masks them all."""
    assert repr(FIGURES).startswith(
        "Figures(values={'revenue': '***', 'plan': '***', 'nps': '***'}"
    )
    policy = AccessPolicy({"cfo": {"finance"}, "planner": {"strategy"}})
    assert redact(FIGURES, "cfo", policy).values == {"revenue": 4_321_000, "plan": MASK, "nps": 61}
    assert redact(FIGURES, "planner", policy).values == {
        "revenue": MASK,
        "plan": "enter EU 2027",
        "nps": 61,
    }
    assert "4321000" in masked_str(FIGURES, role="cfo", policy=policy)
    assert "4321000" not in masked_str(FIGURES, role="planner", policy=policy)
    assert confidential_fields(Figures) == {"values": "business"}
    (values_field, _) = attrs.fields(Figures)
    assert entry_categories(FIGURES, values_field) == {
        "revenue": "finance",
        "plan": "strategy",
        "nps": None,
    }


def test_conf2_an_uncategorised_entry_is_business_data() -> None:
    """CONF-2: an entry its instance does not categorise is hidden as business data, and
    a read-only mapping stays read-only in the redacted copy."""
    figures = Figures(types.MappingProxyType({"volume": 9_999}))  # type: ignore[arg-type]
    seen = redact(figures, "agent")
    assert isinstance(seen.values, types.MappingProxyType) and seen.values["volume"] == MASK
    assert redact(figures, "account_manager").values["volume"] == 9_999


def test_conf1_helper_passes_for_the_core_customer() -> None:
    """CONF-1: the core's customer record passes the helper, its defaults included."""
    acme = Customer(
        "C-1",
        "ACME",
        contacts=[Contact("Li Wei", phone="+86 21 5555 0100")],
        address="88 Century Ave",
        contract_terms="net 30, 3 % rebate",
    )
    assert_confidential_fields_hidden(acme)
    assert_confidential_fields_hidden(acme, {"address": "Century Ave"})
    assert_confidential_fields_hidden(FIGURES, {"values['revenue']": 4_321_000})


def test_conf1_helper_fails_where_a_secret_shows() -> None:
    """CONF-1: the helper fails for a class whose own ``__str__`` prints a secret, for a
    policy that lets the checked role read it, and for an unmarked field."""

    @attrs.frozen
    class Leaky:
        phone: str = confidential("contact")

        def __str__(self) -> str:
            return f"call {self.phone}"

    with pytest.raises(AssertionError, match=r"Leaky.phone: str\(\) shows '555-0199'"):
        assert_confidential_fields_hidden(Leaky("555-0199"))

    @attrs.frozen
    class Card:
        note: str
        phone: str = confidential("contact")

    card = Card("VIP", "555-0100")
    assert_confidential_fields_hidden(card)  # third parties and agents? agents read contact
    open_policy = AccessPolicy({"third_party": {"contact"}})
    assert_confidential_fields_hidden(card, policy=open_policy)  # readable: not asserted
    with pytest.raises(AssertionError, match="not marked confidential"):
        assert_confidential_fields_hidden(card, {"note": "VIP"})
    with pytest.raises(AssertionError, match="no field 'fax'"):
        assert_confidential_fields_hidden(card, {"fax": "1"})


def test_conf1_helper_refuses_what_it_cannot_check() -> None:
    """CONF-1: a non-attrs value or a model with nothing to check fails loudly rather than
    passing silently."""
    with pytest.raises(AssertionError, match="attrs instance"):
        assert_confidential_fields_hidden({"phone": "555"})
    with pytest.raises(AssertionError, match="no confidential value"):
        assert_confidential_fields_hidden(Customer("C-1", "ACME"))
