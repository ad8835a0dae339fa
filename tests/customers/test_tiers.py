"""Tests for servicepolicy.customers tiers: conditions, TierScheme.classify and the shipped
schemes (TIER-1, TIER-2, TIER-4, EXH-4, KPI-9)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.customers import (
    EXCLUSIVE_OFFERS,
    FREE_TRAINING,
    PRIORITY_SUPPORT,
    Classification,
    Condition,
    Customer,
    MetricKind,
    Tier,
    TierRule,
    TierScheme,
    above,
    at_least,
    at_most,
    below,
    equals,
    exhibition,
    flag,
    key_accounts,
    one_of,
    vip,
)
from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError

ACME = Customer("C-001", "ACME Logistics")


def demo_scheme(**changes: Any) -> TierScheme:
    """A small three-tier scheme (gold / silver / bronze) with rules given out of order."""
    fields: dict[str, Any] = {
        "name": "demo",
        "tiers": [Tier("gold", 1, visits_per_year=6), Tier("silver", 2), Tier("bronze", 3)],
        "rules": [
            TierRule("silver", [at_least("revenue", 100)], name="silver: revenue"),
            TierRule("gold", [at_least("revenue", 1000), flag("partner")]),
            TierRule("silver", [flag("partner")], name="silver: partner"),
        ],
    }
    fields.update(changes)
    return TierScheme(**fields)


# -- conditions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "value", "holds", "text"),
    [
        (at_least("annual_revenue", 10_000_000), 12_000_000, True, "12,000,000 >= 10,000,000"),
        (at_least("annual_revenue", 10_000_000), 9_500_000.0, False, "9,500,000 < 10,000,000"),
        (above("score", 7), 7, False, "7 <= 7"),
        (at_most("complaints", 2), 1, True, "1 <= 2"),
        (below("complaints", 2), 2, False, "2 >= 2"),
        (at_least("revenue_growth", 0.15), 0.2, True, "0.2 >= 0.15"),
        (equals("contract_type", "framework"), "spot", False, "'spot' != 'framework'"),
        (one_of("industry", ["telecom", "energy"]), "energy", True, "'energy' in {'energy'"),
    ],
)
def test_condition_holds_and_describes_the_value_found(
    condition: Condition, value: Any, holds: bool, text: str
) -> None:
    """TIER-2: a condition says in words which way the value went, for the reason text."""
    assert condition.holds(value) is holds
    assert text in condition.describe(value)
    assert condition.describe(value).startswith(condition.metric)


def test_flag_condition_reads_is_true_or_false() -> None:
    """TIER-2: flags (strategic_partner…) read "is true" / "is false"."""
    assert flag("strategic_partner").describe(True) == "strategic_partner is true"
    assert flag("strategic_partner").describe(False) == "strategic_partner is false"
    assert not flag("strategic_partner").holds(False)
    assert flag("blacklisted", False).holds(False)


def test_condition_kinds_and_monotonicity() -> None:
    """TIER-2: the threshold's type sets the metric kind; only >=, > and set flags increase."""
    assert at_least("x", 1).kind is MetricKind.NUMBER
    assert flag("x").kind is MetricKind.FLAG
    assert equals("x", "a").kind is MetricKind.TEXT
    assert one_of("x", {"a"}).kind is MetricKind.TEXT
    assert at_least("x", 1).increasing and above("x", 1).increasing and flag("x").increasing
    assert not at_most("x", 1).increasing and not flag("x", False).increasing
    assert not equals("x", "a").increasing


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Condition("x", "~", 1), InvalidArgumentError),
        (lambda: Condition("x", ">=", True), InvalidArgumentError),
        (lambda: Condition("x", ">=", "a"), InvalidArgumentError),
        (lambda: Condition("x", "in", frozenset()), InvalidArgumentError),
        (lambda: Condition("x", ">=", float("nan")), InvalidArgumentError),
        (lambda: Condition("x", ">=", None), WrongTypeError),
        (lambda: Condition("", ">=", 1), InvalidArgumentError),
        (lambda: flag("x", 1), WrongTypeError),  # type: ignore[arg-type]
        (lambda: one_of("x", "abc"), WrongTypeError),
    ],
)
def test_condition_refuses_malformed_tests(make: Any, error: type[Exception]) -> None:
    """TIER-2: an operator that does not suit the threshold, or a bad threshold, is refused."""
    with pytest.raises(error):
        make()


# -- tiers, rules, schemes -----------------------------------------------------------------


def test_tier_holds_services_and_visit_plan_size() -> None:
    """TIER-4: a tier carries its value-added services and its visits per year."""
    tier = Tier("vip", 1, "VIP", [PRIORITY_SUPPORT, FREE_TRAINING, PRIORITY_SUPPORT], 6)
    assert tier.services == (PRIORITY_SUPPORT, FREE_TRAINING)
    assert tier.visits_per_year == 6


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"name": "", "rank": 1}, InvalidArgumentError, "tier: name"),
        ({"name": "a", "rank": "1"}, WrongTypeError, "tier 'a': rank"),
        ({"name": "a", "rank": 1, "visits_per_year": -1}, InvalidArgumentError, "visits"),
        ({"name": "a", "rank": 1, "visits_per_year": 53}, InvalidArgumentError, "<= 52"),
        ({"name": "a", "rank": 1, "services": "training"}, WrongTypeError, "services"),
    ],
)
def test_tier_refuses_bad_values(
    kwargs: dict[str, Any], error: type[Exception], words: str
) -> None:
    """TIER-4: visits per year are 0..52; names and ranks are checked, naming the tier."""
    with pytest.raises(error, match=words):
        Tier(**kwargs)


def test_tier_rule_needs_a_condition_and_a_rule_id() -> None:
    """TIER-2: a rule with no condition would match everyone; the default tier does that."""
    with pytest.raises(InvalidArgumentError, match="at least one condition"):
        TierRule("gold", [])
    with pytest.raises(InvalidArgumentError, match="rule_id"):
        TierRule("gold", [flag("x")], rule_id="tier one")
    assert TierRule("gold", [flag("x")]).name == "gold"


def test_scheme_declares_tiers_order_and_rules_as_policy_data() -> None:
    """TIER-2: tiers are policy data: names, order (which outranks which) and default."""
    scheme = demo_scheme()
    assert scheme.names == ("gold", "silver", "bronze")
    assert scheme.outranks("gold", "silver") and not scheme.outranks("bronze", "silver")
    assert scheme.default_tier.name == "bronze"
    assert demo_scheme(default="silver").default_tier.name == "silver"
    assert [r.name for r in scheme.rules_for("silver")] == ["silver: revenue", "silver: partner"]
    assert dict(scheme.metrics) == {"revenue": MetricKind.NUMBER, "partner": MetricKind.FLAG}
    assert scheme.tier("gold").visits_per_year == 6


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"tiers": [Tier("a", 1), Tier("a", 2)]}, "each tier name once"),
        ({"tiers": [Tier("a", 2), Tier("b", 1)], "rules": []}, "ascending ranks"),
        ({"tiers": []}, "at least one tier"),
        ({"default": "platinum"}, "one of 'gold', 'silver', 'bronze'"),
        ({"rules": [TierRule("platinum", [flag("x")])]}, "rule 'platinum': tier"),
        ({"rules": [TierRule("gold", [flag("x")]), TierRule("silver", [at_least("x", 1)])]}, "x"),
        ({"rule_id": "tier"}, "rule_id"),
    ],
)
def test_scheme_refuses_inconsistent_policy(changes: dict[str, Any], words: str) -> None:
    """TIER-2: repeated or misordered tiers, unknown tiers and a metric used as two kinds."""
    with pytest.raises(InvalidArgumentError, match=words):
        demo_scheme(**changes)


def test_unknown_tier_lists_the_tiers_there_are() -> None:
    """TIER-2: asking a scheme for a tier it does not have names the ones it has."""
    with pytest.raises(InvalidArgumentError, match="one of 'vip', 'regular'"):
        vip().tier("gold")


def test_is_monotone_only_with_increasing_conditions() -> None:
    """TIER-2: a scheme is monotone when every condition is >=, > or a set flag."""
    assert demo_scheme().is_monotone
    assert key_accounts().is_monotone and exhibition().is_monotone and vip().is_monotone
    capped = demo_scheme(rules=[TierRule("gold", [at_most("complaints", 0)])])
    assert not capped.is_monotone


# -- classify --------------------------------------------------------------------------------


def test_classify_tries_rules_from_the_highest_tier_down() -> None:
    """TIER-2: rules are tried by tier rank, whatever order they were given in."""
    result = demo_scheme().classify(ACME, {"revenue": 5000, "partner": True})
    assert result.tier == "gold"
    assert result.reason == "revenue >= 1,000 and partner is true (gold)"  # CONF-2: no figure
    assert result.explain({"*"}) == "revenue 5,000 >= 1,000 and partner is true (gold)"
    assert result.customer == "C-001" and result.scheme == "demo" and result.rule_id == "TIER-2"
    assert dict(result.facts) == {"revenue": 5000, "partner": True}


def test_classify_first_matching_rule_of_a_tier_wins() -> None:
    """TIER-2: within a tier, rules are tried in the order given; the first match decides."""
    result = demo_scheme().classify(ACME, {"revenue": 500, "partner": True})
    assert result.tier == "silver"
    assert result.rule is not None and result.rule.name == "silver: revenue"


def test_classify_gives_the_default_tier_and_says_so() -> None:
    """TIER-2: a customer no rule matches gets the default (lowest) tier, stated as reason."""
    result = demo_scheme().classify("C-9", {"revenue": 5, "partner": False})
    assert (result.tier, result.rule, result.is_default) == ("bronze", None, True)
    assert result.reason == "no rule matched, so the default tier 'bronze' applies"
    assert result.missing == ()
    assert dict(result.facts) == {"revenue": 5, "partner": False}


def test_classify_does_not_guess_missing_metrics() -> None:
    """TIER-2: a rule needing a missing metric does not match; the metric is listed."""
    result = demo_scheme().classify(ACME, {"revenue": 5000})
    assert result.tier == "silver"
    assert result.missing == ("partner",)
    assert result.explain({"*"}) == (
        "revenue 5,000 >= 100 (silver: revenue); rule 'gold' undecided: missing partner"
    )
    assert "missing partner" in str(result)


def test_none_counts_as_missing() -> None:
    """TIER-2: a metric given as None is unknown, reported as missing, never guessed."""
    result = demo_scheme().classify(ACME, {"revenue": None, "partner": None})
    assert result.tier == "bronze"
    assert result.missing == ("revenue", "partner")


def test_metric_failing_elsewhere_is_not_reported_missing() -> None:
    """TIER-2: a rule already failed by a value given is decided; its other metrics are not
    listed as missing (supplying them could not change the tier)."""
    result = demo_scheme().classify(ACME, {"revenue": 50})
    assert result.missing == ("partner",)  # silver: partner is still undecided
    scheme = demo_scheme(rules=[TierRule("gold", [at_least("revenue", 1000), flag("partner")])])
    assert scheme.classify(ACME, {"revenue": 50}).missing == ()


@pytest.mark.parametrize(
    ("metrics", "error", "words"),
    [
        ({"revenue": "lots"}, WrongTypeError, "customer 'C-001': metric revenue: .*number"),
        ({"revenue": True}, WrongTypeError, "metric revenue"),
        ({"partner": 1}, WrongTypeError, "metric partner: expected a bool"),
        ({"revenue": float("inf")}, InvalidArgumentError, "metric revenue: expected a finite"),
    ],
)
def test_wrong_typed_metric_names_the_metric(
    metrics: dict[str, Any], error: type[Exception], words: str
) -> None:
    """TIER-2: a metric of the wrong kind is an error naming the customer and the metric."""
    with pytest.raises(error, match=words):
        demo_scheme().classify(ACME, metrics)


def test_metrics_no_rule_reads_are_ignored() -> None:
    """TIER-2: other data in the metrics mapping (of any type) does not disturb classify."""
    metrics: dict[str, Any] = {"revenue": 5, "partner": False, "notes": object()}
    result = demo_scheme().classify(ACME, metrics)
    assert result.tier == "bronze"


def test_classify_refuses_bad_customer_and_metrics() -> None:
    """TIER-2: the customer is a Customer or a non-empty ID; metrics are a mapping."""
    with pytest.raises(InvalidArgumentError):
        demo_scheme().classify("", {})
    with pytest.raises(WrongTypeError, match="metrics"):
        demo_scheme().classify(ACME, [("revenue", 5)])  # type: ignore[arg-type]


def test_classification_is_read_only_and_survives_pickle_and_copy() -> None:
    """TIER-2: a Classification is a value: frozen facts, picklable, copyable."""
    result = key_accounts().classify(ACME, {"growth_potential": 8})
    with pytest.raises(TypeError):
        result.facts["growth_potential"] = 1  # type: ignore[index]
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result
    assert isinstance(result, Classification)


# -- the shipped schemes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metrics", "tier", "reason"),
    [
        (
            {"strategic_partner": True, "annual_revenue": 12_000_000},
            "strategic",
            "strategic_partner is true and annual_revenue 12,000,000 >= 10,000,000 (strategic)",
        ),
        (
            {"strategic_partner": True, "annual_revenue": 1e6, "profit_contribution": 2.5e6},
            "strategic",
            "strategic_partner is true and profit_contribution 2,500,000 >= 2,000,000 "
            "(strategic: profit contribution)",
        ),
        (
            {"strategic_partner": False, "annual_revenue": 6e6, "industry_influence": True},
            "important",
            "annual_revenue 6,000,000 >= 5,000,000 and industry_influence is true "
            "(important: industry influence)",
        ),
        (
            {
                "strategic_partner": False,
                "annual_revenue": 6e6,
                "industry_influence": False,
                "revenue_growth": 0.2,
            },
            "important",
            "annual_revenue 6,000,000 >= 5,000,000 and revenue_growth 0.2 >= 0.15 "
            "(important: drives growth)",
        ),
        (
            {"strategic_partner": False, "annual_revenue": 1e6, "growth_potential": 8},
            "potential",
            "growth_potential 8 >= 7 (potential)",
        ),
        (
            {"strategic_partner": False, "annual_revenue": 1e6, "growth_potential": 3},
            None,
            "no rule matched, so the customer is in no tier of 'key_accounts' "
            "(none of strategic, important, potential)",
        ),
    ],
)
def test_key_accounts_each_class_reachable_with_its_reason(
    metrics: Mapping[str, Any], tier: str | None, reason: str
) -> None:
    """TIER-1: strategic (partnership, volume), important (scale with influence or growth,
    KPI-9's revenue growth), potential (development potential), with the deciding threshold;
    low figures everywhere: not a key account (no tier).  The figures show only to a reader
    of every category (CONF-2)."""
    result = key_accounts().classify(ACME, metrics)
    assert (result.tier, result.explain({"*"}), result.rule_id) == (tier, reason, "TIER-1")
    assert result.missing == ()


def test_key_accounts_missing_metrics_listed() -> None:
    """TIER-1: without the partnership flag the strategic class is undecided, not refused."""
    result = key_accounts().classify(ACME, {"annual_revenue": 12_000_000, "growth_potential": 9})
    assert result.tier == "potential"
    assert result.missing == (
        "strategic_partner",
        "profit_contribution",
        "industry_influence",
        "revenue_growth",
    )
    assert "rule 'strategic' undecided: missing strategic_partner" in result.reason


def test_key_accounts_thresholds_are_parameters() -> None:
    """TIER-1: the manual gives no figures; the thresholds are parameters with defaults."""
    metrics = {"strategic_partner": True, "annual_revenue": 3_000_000}
    assert key_accounts().classify(ACME, metrics).tier is None
    assert key_accounts(default="potential").classify(ACME, metrics).tier == "potential"
    assert key_accounts(strategic_revenue=2_000_000).classify(ACME, metrics).tier == "strategic"
    with pytest.raises(WrongTypeError, match="key_accounts: potential_score"):
        key_accounts(potential_score="high")  # type: ignore[arg-type]


def test_key_accounts_services_and_visits_follow_importance() -> None:
    """TIER-4: value-added services and visits per year shrink with importance."""
    scheme = key_accounts()
    strategic, important, potential = scheme.tiers
    assert strategic.services == (PRIORITY_SUPPORT, FREE_TRAINING, EXCLUSIVE_OFFERS)
    assert important.services == (PRIORITY_SUPPORT, FREE_TRAINING)
    assert potential.services == (FREE_TRAINING,)
    assert [t.visits_per_year for t in scheme.tiers] == [12, 4, 2]
    assert [t.visits_per_year for t in key_accounts(visits_per_year={"potential": 0}).tiers] == [
        12,
        4,
        0,
    ]
    assert scheme.source == "key-account manual"


@pytest.mark.parametrize(
    ("visits", "error"),
    [({"gold": 1}, InvalidArgumentError), ({"strategic": 60}, InvalidArgumentError)],
)
def test_visit_plan_sizes_are_checked(visits: dict[str, int], error: type[Exception]) -> None:
    """TIER-4: visit plan sizes name tiers of the scheme and stay within 0..52."""
    with pytest.raises(error):
        key_accounts(visits_per_year=visits)
    with pytest.raises(WrongTypeError):
        vip(visits_per_year=[("vip", 1)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("metrics", "tier", "reason"),
    [
        (
            {"annual_revenue": 1_500_000},
            "key",
            "annual_revenue 1,500,000 >= 1,000,000 (key: revenue)",
        ),
        (
            {"annual_revenue": 10_000, "events_per_year": 4},
            "key",
            "events_per_year 4 >= 3 (key: regular exhibitor)",
        ),
        (
            {"annual_revenue": 10_000, "events_per_year": 1, "purchase_intent": True},
            "potential",
            "purchase_intent is true (potential: intent)",
        ),
        (
            {
                "annual_revenue": 10_000,
                "events_per_year": 1,
                "purchase_intent": False,
                "growth_potential": 6,
            },
            "potential",
            "growth_potential 6 >= 6 (potential: growth)",
        ),
        (
            {
                "annual_revenue": 10_000,
                "events_per_year": 1,
                "purchase_intent": False,
                "growth_potential": 2,
            },
            "general",
            "no rule matched, so the default tier 'general' applies",
        ),
    ],
)
def test_exhibition_key_potential_general(
    metrics: Mapping[str, Any], tier: str, reason: str
) -> None:
    """EXH-4 / TIER-2: the exhibition organiser's key, potential and general customers."""
    result = exhibition().classify(ACME, metrics)
    assert (result.tier, result.explain({"*"}), result.rule_id) == (tier, reason, "EXH-4")


def test_exhibition_missing_metrics() -> None:
    """EXH-4: an exhibitor with no recorded events is not guessed to be regular."""
    result = exhibition().classify(ACME, {"annual_revenue": 10_000})
    assert result.tier == "general"
    assert result.missing == ("events_per_year", "purchase_intent", "growth_potential")


def test_vip_programme() -> None:
    """TIER-2: the generic manual's VIP programme: vip by revenue or long-term contract."""
    scheme = vip()
    by_revenue = scheme.classify(ACME, {"annual_revenue": 250_000})
    assert (by_revenue.tier, by_revenue.explain({"finance"})) == (
        "vip",
        "annual_revenue 250,000 >= 200,000 (vip: revenue)",
    )
    by_contract = scheme.classify(ACME, {"annual_revenue": 1_000, "long_term_contract": True})
    assert by_contract.reason == "long_term_contract is true (vip: long-term contract)"
    regular = scheme.classify(ACME, {"annual_revenue": 1_000, "long_term_contract": False})
    assert (regular.tier, regular.is_default, regular.missing) == ("regular", True, ())
    strict = vip(long_term_contract_qualifies=False)
    assert strict.classify(ACME, {"annual_revenue": 1_000, "long_term_contract": True}).tier == (
        "regular"
    )
    with pytest.raises(WrongTypeError):
        vip(long_term_contract_qualifies="yes")  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------------

SCHEMES = {"key_accounts": key_accounts(), "exhibition": exhibition(), "vip": vip()}


def metric_value(kind: MetricKind) -> st.SearchStrategy[Any]:
    """A value of ``kind``, or None (missing)."""
    if kind is MetricKind.FLAG:
        return st.none() | st.booleans()
    return st.none() | st.integers(0, 20_000_000) | st.floats(0, 20_000_000, allow_nan=False)


@st.composite
def scheme_and_metrics(draw: st.DrawFn) -> tuple[TierScheme, dict[str, Any]]:
    """A shipped scheme and metrics for it, some of them missing."""
    scheme = SCHEMES[draw(st.sampled_from(sorted(SCHEMES)))]
    metrics = {m: draw(metric_value(k)) for m, k in scheme.metrics.items()}
    return scheme, {m: v for m, v in metrics.items() if v is not None}


@given(scheme_and_metrics(), st.data())
def test_raising_a_metric_never_lowers_the_tier(
    case: tuple[TierScheme, dict[str, Any]], data: st.DataObject
) -> None:
    """TIER-2 property: in a monotone scheme, raising a number or setting a flag never
    lowers the tier (a bigger customer is never demoted)."""
    scheme, metrics = case
    assert scheme.is_monotone
    metric = data.draw(st.sampled_from(sorted(scheme.metrics)))
    raised = dict(metrics)
    if scheme.metrics[metric] is MetricKind.FLAG:
        raised[metric] = True
    else:
        raised[metric] = metrics.get(metric, 0) + data.draw(st.floats(0, 1e7))
    before = scheme.classify(ACME, metrics).tier
    after = scheme.classify(ACME, raised).tier
    assert not scheme.outranks(before, after)


@given(scheme_and_metrics(), st.data())
def test_supplying_a_missing_metric_never_lowers_the_tier(
    case: tuple[TierScheme, dict[str, Any]], data: st.DataObject
) -> None:
    """TIER-2 property: a missing metric is never guessed, so supplying it can only confirm
    or raise the tier, and it is no longer listed as missing."""
    scheme, metrics = case
    absent = sorted(set(scheme.metrics) - set(metrics))
    if not absent:
        return
    metric = data.draw(st.sampled_from(absent))
    value = data.draw(metric_value(scheme.metrics[metric]).filter(lambda v: v is not None))
    before = scheme.classify(ACME, metrics)
    after = scheme.classify(ACME, {**metrics, metric: value})
    assert not scheme.outranks(before.tier, after.tier)
    assert metric not in after.missing


@given(scheme_and_metrics(), st.randoms(use_true_random=False))
def test_classify_is_deterministic(case: tuple[TierScheme, dict[str, Any]], rnd: Any) -> None:
    """TIER-2 property: the same metrics, in any order, give the same classification."""
    scheme, metrics = case
    items = list(metrics.items())
    rnd.shuffle(items)
    first = scheme.classify(ACME, metrics)
    assert scheme.classify(ACME, dict(items)) == first
    assert str(scheme.classify(ACME, dict(items))) == str(first)


def test_every_error_is_a_service_policy_error() -> None:
    """TIER-2: errors from classify are ServicePolicyErrors and built-in TypeErrors."""
    with pytest.raises(ServicePolicyError):
        vip().classify(ACME, {"annual_revenue": "1"})
    with pytest.raises(TypeError):
        vip().classify(ACME, {"annual_revenue": "1"})
