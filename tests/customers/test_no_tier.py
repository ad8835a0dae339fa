"""TIER-1: "not a key account" is an outcome: a scheme may put a customer in no tier."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.customers import (
    NO_TIER,
    Classification,
    Customer,
    Tier,
    TierRule,
    TierScheme,
    at_least,
    exhibition,
    key_accounts,
    vip,
    visit_plan,
)
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.io.converter import structure, unstructure

ACME = Customer("C-001", "ACME Logistics", owner="am-1")
LOW = {
    "strategic_partner": False,
    "annual_revenue": 300_000,
    "profit_contribution": 20_000,
    "industry_influence": False,
    "revenue_growth": 0.02,
    "growth_potential": 3,
}
NO_KEY_ACCOUNT = (
    "no rule matched, so the customer is in no tier of 'key_accounts' "
    "(none of strategic, important, potential)"
)


def test_tier1_all_figures_low_is_not_a_key_account() -> None:
    """TIER-1: every figure given and low: no tier, with the reason, not "potential"."""
    result = key_accounts().classify(ACME, LOW)
    assert result.tier is None and not result.has_tier and result.is_default
    assert (result.reason, result.rule, result.rule_id, result.missing) == (
        NO_KEY_ACCOUNT,
        None,
        "TIER-1",
        (),
    )
    assert str(result) == f"C-001: no tier (key_accounts, TIER-1): {NO_KEY_ACCOUNT}"
    assert key_accounts().default_tier is None


@pytest.mark.parametrize(
    "metrics",
    [
        {**LOW, "strategic_partner": True},  # a partner, but small
        {**LOW, "annual_revenue": 9_000_000},  # large, but neither influential nor growing
        {**LOW, "growth_potential": 6.99},  # just under the potential score
        {**LOW, "industry_influence": True, "revenue_growth": 0.5},  # influential but small
    ],
)
def test_tier1_near_misses_are_not_key_accounts(metrics: dict[str, object]) -> None:
    """TIER-1: one trait without the others (partner but small, large but not influential,
    potential just under the score) still makes no key account."""
    assert key_accounts().classify(ACME, metrics).tier is None


def test_tier1_missing_figures_are_named_when_no_tier_applies() -> None:
    """TIER-1: with figures missing, "no tier" lists what could still change it."""
    result = key_accounts().classify(ACME, {"annual_revenue": 6_000_000})
    assert result.tier is None
    assert "growth_potential" in result.missing
    assert "rule 'potential' undecided: missing growth_potential" in result.reason


def test_tier1_default_potential_reads_the_programme_as_closed() -> None:
    """TIER-1: ``key_accounts(default="potential")`` is the other reading: customers are
    already key accounts, and the unmatched get the lowest class."""
    result = key_accounts(default="potential").classify(ACME, LOW)
    assert (result.tier, result.reason) == (
        "potential",
        "no rule matched, so the default tier 'potential' applies",
    )
    with pytest.raises(InvalidArgumentError, match="a tier of 'key_accounts'"):
        key_accounts(default="gold")


def test_tier2_other_schemes_keep_their_lowest_tier() -> None:
    """TIER-2, EXH-4: the exhibition and VIP schemes class everyone: general, regular."""
    general = {"annual_revenue": 0, "events_per_year": 0, "growth_potential": 0}
    assert exhibition().classify(ACME, {**general, "purchase_intent": False}).tier == "general"
    assert vip().classify(ACME, {"annual_revenue": 0, "long_term_contract": False}).tier == (
        "regular"
    )


def scheme(**changes: object) -> TierScheme:
    return TierScheme(
        "club",
        [Tier("gold", 1, visits_per_year=4), Tier("silver", 2, visits_per_year=1)],
        [TierRule("gold", [at_least("spend", 1000)]), TierRule("silver", [at_least("spend", 100)])],
        **changes,  # type: ignore[arg-type]
    )


def test_tier2_any_scheme_can_say_none_of_these() -> None:
    """TIER-2: ``default=NO_TIER`` on a policy's own scheme; ``None`` ranks below all."""
    club = scheme(default=NO_TIER)
    assert club.classify(ACME, {"spend": 50}).tier is None
    assert club.classify(ACME, {"spend": 150}).tier == "silver"
    assert scheme().classify(ACME, {"spend": 50}).tier == "silver"  # default: lowest
    assert club.outranks("silver", None) and not club.outranks(None, "silver")
    assert not club.outranks(None, None)
    with pytest.raises(WrongTypeError, match="default"):
        scheme(default=3)


@given(st.floats(min_value=0, max_value=1e9))
def test_tier1_law_no_tier_exactly_below_every_threshold(spend: float) -> None:
    """TIER-1 law: with ``NO_TIER``, a customer is in no tier exactly when no rule holds,
    and raising the figure out of "no tier" never goes back into it."""
    club = scheme(default=NO_TIER)
    tier = club.classify(ACME, {"spend": spend}).tier
    assert (tier is None) == (spend < 100)
    raised = club.classify(ACME, {"spend": spend + 100}).tier
    assert raised is not None


def test_tier4_no_visits_for_a_customer_in_no_tier() -> None:
    """TIER-4: a classification in no tier gets no visit plan; an unclassified record is
    still refused (classify it first)."""
    result = key_accounts().classify(ACME, LOW)
    important = Customer("C-002", "Big", owner="am-2", tier="important")
    plan = visit_plan([(ACME, result), important], key_accounts(), 2026)
    assert {v.customer for v in plan} == {"C-002"}
    with pytest.raises(InvalidArgumentError, match="classify the customer first"):
        visit_plan([ACME], key_accounts(), 2026)


def test_tier1_no_tier_round_trips() -> None:
    """TIER-1: a no-tier classification and a NO_TIER scheme survive pickle and cattrs."""
    result = key_accounts().classify(ACME, LOW)
    assert pickle.loads(pickle.dumps(result)) == result
    assert structure(unstructure(result), Classification) == result
    assert structure(unstructure(key_accounts()), TierScheme) == key_accounts()
    assert repr(NO_TIER) == "NO_TIER"
