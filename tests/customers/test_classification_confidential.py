"""CONF-2: the figures behind a tier decision are key-account secrets, each of its category.

A classification keeps its figures in ``facts``; ``repr()``/``str()`` never show them,
``redact`` masks those a role may not read (CONF-1), and the reason states the tests that
decided, not the figures.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.access import DEFAULT_POLICY, AccessPolicy, Consent, masked_str, redact
from servicepolicy.confidential import MASK
from servicepolicy.customers import (
    METRIC_CATEGORIES,
    Tier,
    TierRule,
    TierScheme,
    at_least,
    equals,
    exhibition,
    flag,
    key_accounts,
    vip,
)

STRATEGIC = {"strategic_partner": True, "annual_revenue": 12_345_678, "growth_potential": 9.5}

# One metric per CONF-2 category a figure can have.
BY_CATEGORY = {
    "finance": "annual_revenue",
    "business": "business_volume",
    "strategy": "growth_potential",
    "contract": "contract_type",
    "negotiation": "purchase_intent",
    "technology": "technology_partner",
}


def test_conf2_shipped_metrics_have_their_categories() -> None:
    """CONF-2: revenue, profit and growth are finance; volume business; partnership and
    potential strategy; contracts contract; purchase intent negotiation; technology."""
    assert {m: METRIC_CATEGORIES[m] for m in BY_CATEGORY.values()} == {
        v: k for k, v in BY_CATEGORY.items()
    }
    for metric in ("profit_contribution", "revenue_growth"):
        assert METRIC_CATEGORIES[metric] == "finance"
    assert METRIC_CATEGORIES["long_term_contract"] == "contract"


@pytest.mark.parametrize(
    ("scheme", "metrics", "figures"),
    [
        (key_accounts(), STRATEGIC, ["12,345,678", "12345678"]),
        (
            key_accounts(),
            {"strategic_partner": False, "annual_revenue": 7_654_321, "revenue_growth": 0.37},
            ["7,654,321", "7654321", "0.37"],
        ),
        (exhibition(), {"annual_revenue": 2_222_222}, ["2,222,222", "2222222"]),
        (vip(), {"annual_revenue": 333_333}, ["333,333", "333333"]),
    ],
)
def test_conf2_str_and_repr_never_show_a_figure(
    scheme: TierScheme, metrics: dict[str, object], figures: list[str]
) -> None:
    """CONF-2: neither ``str()`` nor ``repr()`` of a classification shows a revenue, growth
    or profit figure; the reason states the threshold that held."""
    result = scheme.classify("C-1", metrics)
    for text in (str(result), repr(result), result.reason):
        for figure in figures:
            assert figure not in text
    assert ">=" in result.reason


@given(st.integers(min_value=10_000_001, max_value=10**12))
def test_conf2_law_no_revenue_figure_leaks(revenue: int) -> None:
    """CONF-2 law: whatever the revenue, it appears in no text of the classification
    and in no redacted copy for an agent."""
    result = key_accounts().classify("C-1", {"strategic_partner": True, "annual_revenue": revenue})
    agent = redact(result, "agent")
    for text in (str(result), repr(result), masked_str(result), masked_str(agent, role="agent")):
        assert str(revenue) not in text and f"{revenue:,}" not in text
    assert agent.facts["annual_revenue"] == MASK
    assert result.facts["annual_revenue"] == revenue  # the original keeps the figure


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("agent", set()),
        ("team_leader", set()),
        ("third_party", set()),
        ("account_manager", {"strategic_partner", "annual_revenue"}),
        ("management", {"strategic_partner", "annual_revenue"}),
        ("a misspelt role", set()),
    ],
)
def test_conf1_conf2_redact_per_role(role: str, shown: set[str]) -> None:
    """CONF-1, CONF-2: agents and team leaders (contact, special needs) see no figure of a
    tier decision; account managers and management see them all."""
    result = key_accounts().classify("C-1", STRATEGIC)
    seen = redact(result, role)
    assert {m for m, v in seen.facts.items() if v != MASK} == shown
    assert seen.tier == "strategic" and seen.reason == result.reason
    rendered = masked_str(result, role=role)
    assert ("12345678" in rendered) == ("annual_revenue" in shown)


@pytest.mark.parametrize(("category", "metric"), sorted(BY_CATEGORY.items()))
def test_conf2_each_category_is_read_only_by_roles_granted_it(category: str, metric: str) -> None:
    """CONF-2: per category, a role granted only that category sees exactly that figure;
    one granted every other category does not see it."""
    values: dict[str, object] = {
        "annual_revenue": 5,
        "business_volume": 5,
        "growth_potential": 5,
        "contract_type": "framework",
        "purchase_intent": True,
        "technology_partner": True,
    }
    conditions = [
        equals(m, v) if isinstance(v, str) else flag(m) if v is True else at_least(m, 1)
        for m, v in values.items()
    ]
    club = TierScheme("club", [Tier("member", 1)], [TierRule("member", conditions)])
    result = club.classify("C-1", values)
    assert result.tier == "member" and result.category(metric) == category
    policy = AccessPolicy({"only": {category}, "others": set(BY_CATEGORY) - {category}})
    only = redact(result, "only", policy)
    assert [m for m, v in only.facts.items() if v != MASK] == [metric]
    assert only.facts[metric] == values[metric]
    assert redact(result, "others", policy).facts[metric] == MASK
    assert f"'{metric}': '***'" in repr(result) and f"'{metric}': '***'" in repr(only)


def test_conf2_a_scheme_sets_its_own_categories() -> None:
    """CONF-2: a scheme's ``categories`` override the defaults; ``None`` makes a figure
    public, and a metric nobody categorised is business data (hidden)."""
    club = TierScheme(
        "club",
        [Tier("member", 1)],
        [TierRule("member", [at_least("nps", 50), at_least("spend", 10), at_least("seats", 1)])],
        categories={"nps": None, "spend": "finance"},
    )
    result = club.classify("C-1", {"nps": 70, "spend": 99, "seats": 3})
    assert dict(result.categories) == {"nps": None, "spend": "finance", "seats": "business"}
    agent = redact(result, "agent")
    assert dict(agent.facts) == {"nps": 70, "spend": MASK, "seats": MASK}
    assert "nps 70 >= 50" in result.explain()
    assert "spend >= 10" in result.explain() and "99" not in result.explain()


def test_conf2_explain_writes_in_the_figures_a_reader_may_see() -> None:
    """CONF-2: ``explain(readable)`` gives the figures of the readable categories only;
    a redacted copy explains without them."""
    result = key_accounts().classify("C-1", STRATEGIC)
    manager = result.explain(DEFAULT_POLICY.categories("account_manager"))
    assert manager == (
        "strategic_partner is true and annual_revenue 12,345,678 >= 10,000,000 (strategic)"
    )
    assert result.explain({"finance"}) == (
        "strategic_partner is true and annual_revenue 12,345,678 >= 10,000,000 (strategic)"
    )
    assert result.explain({"strategy"}) == result.reason
    assert redact(result, "agent").explain({"*"}) == result.reason


def test_conf3_figures_go_to_a_third_party_only_under_consent() -> None:
    """CONF-3: disclosing a classification needs a consent for each category it holds;
    with a finance-only consent only the revenue is shown."""
    result = key_accounts().classify("C-1", STRATEGIC)
    at = datetime(2026, 3, 2, tzinfo=UTC)
    consent = Consent(
        "C-1",
        "Audit Ltd",
        {"finance"},
        datetime(2026, 1, 5, tzinfo=UTC),
        written=True,
        document_ref="D-7",
    )
    shown, record = DEFAULT_POLICY.disclose(
        result,
        to="Audit Ltd",
        consents=[consent],
        at=at,
        purpose="audit",
        categories={"finance"},
        customer="C-1",
    )
    assert dict(shown.facts) == {
        "strategic_partner": MASK,
        "annual_revenue": 12_345_678,
    }
    assert record.categories == frozenset({"finance"})
    with pytest.raises(Exception, match="strategy"):
        DEFAULT_POLICY.disclose(
            result, to="Audit Ltd", consents=[consent], at=at, purpose="audit", customer="C-1"
        )
