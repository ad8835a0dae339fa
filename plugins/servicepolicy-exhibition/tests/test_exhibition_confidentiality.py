"""CONF-1, CONF-2 in the exhibition plugin: a customer's revenue, booth and purchase intent
per show, and the profile read for a reception, are hidden like the core's (EXH-3, EXH-4)."""

from __future__ import annotations

from datetime import date

import pytest
from servicepolicy.access import redact
from servicepolicy.confidential import MASK, confidential_fields
from servicepolicy.testing import assert_confidential_fields_hidden

from servicepolicy_exhibition import ReceptionPlan, ShowRecord, classify_customer

RECORD = ShowRecord(
    "C-1",
    "expo-2026-autumn",
    date(2026, 11, 24),
    revenue=1_234_567,
    booth_area=72.5,
    satisfaction=4.5,
    purchase_intent=True,
)


def test_exh4_conf2_show_record_figures_are_secrets_by_category() -> None:
    """EXH-4, CONF-2: revenue is finance, the booth business data, the purchase intent a
    negotiation; the satisfaction score is not a key-account secret."""
    assert confidential_fields(ShowRecord) == {
        "revenue": "finance",
        "booth_area": "business",
        "purchase_intent": "negotiation",
    }
    assert_confidential_fields_hidden(RECORD, {"revenue": 1_234_567, "booth_area": 72.5})
    assert "satisfaction=4.5" in repr(RECORD)


@pytest.mark.parametrize(
    ("role", "revenue"),
    [("agent", MASK), ("team_leader", MASK), ("third_party", MASK), ("account_manager", 1_234_567)],
)
def test_exh4_conf1_only_roles_reading_finance_see_the_revenue(role: str, revenue: object) -> None:
    """EXH-4, CONF-1: the show revenue is read by account managers, not by agents, team
    leaders or third parties."""
    assert redact(RECORD, role).revenue == revenue


def test_exh4_conf2_the_classification_from_show_records_hides_the_revenue() -> None:
    """EXH-4, CONF-2: classifying from the records keeps the summed revenue in the
    classification's facts, masked in its text and for an agent."""
    result = classify_customer("C-1", [RECORD], as_of=date(2026, 12, 31))
    assert result.tier == "key"
    assert_confidential_fields_hidden(result, {"facts['annual_revenue']": 1_234_567})
    assert result.facts["annual_revenue"] == 1_234_567


def test_exh3_conf1_a_reception_profile_is_hidden() -> None:
    """EXH-3, CONF-1: the customer profile read for a reception visit is customer
    information: masked in ``repr()`` and for a third party; the other items show."""
    plan = ReceptionPlan(profile="CFO Zhao, budget 2 M, wants corner booth", purpose="2027 booth")
    assert_confidential_fields_hidden(plan, {"profile": "budget 2 M"})
    assert "purpose='2027 booth'" in repr(plan)
