"""LOG-2: the transport mode from goods type, distance, time requirement and budget, with
its reasoning; the thresholds are parameters."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Severity

from logistics_strategies import thresholds, transport_requests
from servicepolicy_logistics import (
    MODE_CRITERIA,
    Constraint,
    Criterion,
    GoodsType,
    ModeProfile,
    TransportMode,
    TransportRequest,
    TransportThresholds,
    recommend_transport,
)

DAY = timedelta(days=1)


def request(goods: str = "general", **changes: object) -> TransportRequest:
    fields: dict[str, object] = {"weight_t": 5, "distance_km": 150, "time_allowed": DAY}
    fields.update(changes)
    return TransportRequest(goods, **fields)  # type: ignore[arg-type]


def test_log2_road_for_short_urgent_trips() -> None:
    """LOG-2: road suits short, urgent, flexible transport."""
    r = recommend_transport(request(door_to_door=True))
    assert r.mode is TransportMode.ROAD
    assert r.decided_by == ("short distance", "urgent", "flexible")
    assert r.reasons[0].startswith("road (suits short distance, urgent, flexible) matches 3")


def test_log2_rail_for_long_bulk_transport_without_a_sea_route() -> None:
    """LOG-2: rail suits long-distance, bulk, stable transport."""
    r = recommend_transport(
        request("bulk", weight_t=800, distance_km=2_000, time_allowed=14 * DAY, value=400_000)
    )
    assert r.mode is TransportMode.RAIL
    assert r.decided_by == ("long distance", "bulk")
    assert r.assessment("sea").ruled_out[0].constraint is Constraint.ROUTE


def test_log2_sea_for_bulk_low_value_goods_over_long_distances() -> None:
    """LOG-2: sea suits bulk, low-value goods over long distances."""
    r = recommend_transport(
        request(
            "bulk",
            weight_t=800,
            distance_km=2_000,
            time_allowed=14 * DAY,
            value=400_000,
            sea_route=True,
        )
    )
    assert r.mode is TransportMode.SEA
    assert r.decided_by == ("bulk", "low value", "long distance")
    assert "rail matches fewer criteria (2: long distance, bulk)" in r.reasons


def test_log2_air_for_high_value_time_critical_goods() -> None:
    """LOG-2: air suits high-value, time-critical goods; the slower modes are ruled out by
    the time requirement, each with its estimate."""
    r = recommend_transport(
        request("high_value", weight_t=0.5, distance_km=2_500, time_allowed=2 * DAY)
    )
    assert r.mode is TransportMode.AIR
    assert r.decided_by == ("high value", "urgent")
    assert set(r.ruled_out) == {TransportMode.ROAD, TransportMode.RAIL, TransportMode.SEA}
    (slow,) = r.assessment("rail").ruled_out
    assert slow.constraint is Constraint.TIME
    assert "about 6 days for 2500 km, more than the 2 days allowed" in slow.reason


def test_log2_the_budget_rules_a_mode_out() -> None:
    """LOG-2: a mode whose estimated cost exceeds the budget is ruled out; the reasoning
    gives the estimate and the budget."""
    r = recommend_transport(
        request("high_value", weight_t=0.5, distance_km=2_500, time_allowed=2 * DAY, budget=5_000)
    )
    assert r.mode is None
    (over,) = r.assessment("air").ruled_out
    assert over.constraint is Constraint.BUDGET
    assert "about 8,300" in over.reason and "budget of 5,000" in over.reason


def test_log2_dangerous_goods_do_not_fly_by_default() -> None:
    """LOG-2: the goods type rules modes out; the forbidden modes are a parameter."""
    r = recommend_transport(request("dangerous", distance_km=3_000, time_allowed=DAY))
    assert r.mode is None
    assert r.assessment("air").ruled_out[0].constraint is Constraint.GOODS
    allowed = TransportThresholds(forbidden={})
    assert recommend_transport(request("dangerous", distance_km=3_000), allowed).mode == "air"


def test_log2_no_feasible_mode_is_a_log2_violation() -> None:
    """LOG-2: when every mode is ruled out there is no recommendation, and a LOG-2 error
    lists why for each mode."""
    r = recommend_transport(request(distance_km=5_000, time_allowed=timedelta(hours=2)))
    assert r.mode is None and r.decided_by == () and r.alternatives == ()
    (violation,) = r.violations
    assert violation.rule_id == "LOG-2" and violation.severity is Severity.ERROR
    assert set(violation.facts) == {"road", "rail", "air", "sea"}
    assert r.explain().startswith("recommended: none\n")


def test_log2_ties_go_to_the_cheaper_mode() -> None:
    """LOG-2: when two modes match as many criteria, the cheaper wins and the reasoning
    says so."""
    r = recommend_transport(request(distance_km=1_200, time_allowed=5 * DAY, door_to_door=True))
    assert r.mode is TransportMode.RAIL
    assert r.decided_by == ("long distance", "lower cost")
    assert any(
        reason.startswith("road matches as many criteria, but costs more") for reason in r.reasons
    )


def test_log2_the_thresholds_are_parameters() -> None:
    """LOG-2: what counts as short, long, urgent, bulk, high or low value is a parameter,
    and so are each mode's speed and cost."""
    trip = request(distance_km=450, time_allowed=5 * DAY)
    assert recommend_transport(trip).mode is TransportMode.ROAD  # cheaper than rail
    long_from_400 = TransportThresholds(short_km=300, long_km=400)
    assert recommend_transport(trip, long_from_400).mode is TransportMode.RAIL
    cheap_road = attrs.evolve(TransportThresholds(), road=ModeProfile(600, DAY, 0, 0))
    assert recommend_transport(trip, cheap_road).assessment("road").cost == 0


def test_log2_the_explanation_lists_criteria_and_alternatives() -> None:
    """LOG-2: ``explain()`` gives the choice, every alternative and every criterion with
    its figures."""
    text = recommend_transport(request()).explain()
    assert text.splitlines()[0] == "recommended: road (decided by short distance, urgent)"
    assert "    short distance: yes (150 km, short up to 300 km)" in text
    assert "    high value: no (value unknown, high from 200.00)" in text
    assert "  sea: ruled out (route: no sea route between the two ends" in text


def test_log2_goods_types_count_as_criteria() -> None:
    """LOG-2: bulk goods are bulk, high-value goods high value, perishables urgent,
    whatever the figures."""

    def holds(goods: str, **changes: object) -> dict[Criterion, bool]:
        answer = recommend_transport(request(goods, **changes))
        return {c.criterion: c.holds for c in answer.criteria}

    assert holds("perishable", time_allowed=9 * DAY)[Criterion.URGENT]
    assert not holds("general", time_allowed=9 * DAY)[Criterion.URGENT]
    assert holds("bulk", weight_t=1)[Criterion.BULK]
    assert not holds("general", weight_t=1)[Criterion.BULK]
    high = holds("high_value", value=1)
    assert high[Criterion.HIGH_VALUE] and not high[Criterion.LOW_VALUE]
    assert holds("general", value=1)[Criterion.LOW_VALUE]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("weight_t", 0, InvalidArgumentError),
        ("distance_km", -3, InvalidArgumentError),
        ("distance_km", "far", WrongTypeError),
        ("time_allowed", 3, WrongTypeError),
        ("budget", float("nan"), InvalidArgumentError),
        ("value", True, WrongTypeError),
        ("sea_route", "yes", WrongTypeError),
    ],
)
def test_bad_transport_requests_name_the_field(field: str, value: object, error: type) -> None:
    """A bad request raises a ServicePolicyError naming the field."""
    with pytest.raises(error) as caught:
        request(**{field: value})
    assert caught.value.argument == f"transport request: {field}"


def test_bad_thresholds_name_the_field() -> None:
    """Inconsistent or malformed thresholds are refused, naming the field."""
    with pytest.raises(InvalidArgumentError, match="long_km"):
        TransportThresholds(short_km=900, long_km=800)
    with pytest.raises(InvalidArgumentError, match="high_value_per_kg"):
        TransportThresholds(high_value_per_kg=1, low_value_per_kg=10)
    with pytest.raises(InvalidArgumentError, match=r"forbidden\['dangerous'\].*'air'"):
        TransportThresholds(forbidden={"dangerous": ["plane"]})
    with pytest.raises(InvalidArgumentError, match="goods"):
        request("liquid")
    with pytest.raises(InvalidArgumentError, match="mode profile: km_per_day"):
        ModeProfile(0, DAY, 0, 0)
    with pytest.raises(WrongTypeError, match="request"):
        recommend_transport("road")  # type: ignore[arg-type]


# -- laws ----------------------------------------------------------------------------------------


@given(transport_requests(), thresholds())
def test_log2_the_recommendation_is_deterministic(
    r: TransportRequest, t: TransportThresholds
) -> None:
    """LOG-2 law: the same request under the same thresholds gets the same answer and the
    same reasoning."""
    assert recommend_transport(r, t) == recommend_transport(r, t)


@given(transport_requests(), thresholds())
def test_log2_never_recommends_a_ruled_out_mode(
    r: TransportRequest, t: TransportThresholds
) -> None:
    """LOG-2 law: the mode recommended violates none of the hard constraints the answer
    reports, and there is no recommendation only when every mode is ruled out."""
    answer = recommend_transport(r, t)
    assert [a.mode for a in answer.assessments] == list(TransportMode)
    if answer.mode is None:
        assert set(answer.ruled_out) == set(TransportMode)
        assert answer.violations
    else:
        chosen = answer.assessment(answer.mode)
        assert chosen.feasible and answer.mode not in answer.ruled_out
        assert chosen.transit <= r.time_allowed
        assert r.budget is None or chosen.cost <= r.budget
        assert answer.mode not in t.forbidden.get(r.goods, frozenset())
        assert not answer.violations


@given(transport_requests(), thresholds())
def test_log2_the_choice_matches_most_criteria_then_costs_least(
    r: TransportRequest, t: TransportThresholds
) -> None:
    """LOG-2 law: no feasible alternative matches more of its criteria, or as many at a
    lower cost; each mode's matched criteria are the manual's for it that hold."""
    answer = recommend_transport(r, t)
    holding = {c.criterion for c in answer.criteria if c.holds}
    for a in answer.assessments:
        assert set(a.matched) == set(MODE_CRITERIA[a.mode]) & holding
    if answer.mode is None:
        return
    chosen = answer.assessment(answer.mode)
    for other in answer.assessments:
        if other.feasible:
            assert len(other.matched) <= len(chosen.matched)
            if len(other.matched) == len(chosen.matched):
                assert other.cost >= chosen.cost


@given(transport_requests(), thresholds(), st.floats(1, 10), st.floats(1, 10))
def test_log2_more_time_or_money_never_rules_a_mode_out(
    r: TransportRequest, t: TransportThresholds, more_time: float, more_money: float
) -> None:
    """LOG-2 law: relaxing the time requirement or the budget keeps every feasible mode
    feasible."""
    relaxed = attrs.evolve(
        r,
        time_allowed=r.time_allowed * more_time,
        budget=None if r.budget is None else r.budget * more_money,
    )
    before = set(recommend_transport(r, t).ruled_out)
    assert set(recommend_transport(relaxed, t).ruled_out) <= before


@given(transport_requests())
def test_log2_every_ruled_out_mode_is_explained(r: TransportRequest) -> None:
    """LOG-2 law: the reasoning names each ruled-out mode with each constraint that ruled
    it out."""
    answer = recommend_transport(r)
    for a in answer.assessments:
        if not a.feasible:
            (line,) = [reason for reason in answer.reasons if reason.startswith(f"{a.mode}:")]
            for out in a.ruled_out:
                assert str(out) in line


@given(st.sampled_from(GoodsType))
def test_log2_goods_types_are_accepted_by_value(goods: GoodsType) -> None:
    """Goods types are accepted as members or by their value."""
    assert request(goods.value).goods is goods
