"""Intervals without calls and minimum staffing (KPI-2, KPI-5, KPI-6; SWAP-8 minimum).

A quiet night interval offers no traffic: it needs no agents (or the policy's minimum),
nobody waits, nobody hangs up, and every formula has a value instead of an error.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.staffing import (
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    offered_traffic,
    required_agents,
    required_agents_erlang_a,
    service_level,
)


@pytest.mark.parametrize("calls", [0, 0.0, Fraction(0), Decimal("0")])
@pytest.mark.parametrize("interval", [900, 1800, timedelta(hours=1)])
def test_kpi2_no_calls_offer_no_traffic(calls: object, interval: object) -> None:
    """KPI-2: zero calls in any interval are zero Erlangs, whatever number type."""
    assert offered_traffic(calls, interval, aht=240) == 0.0  # type: ignore[arg-type]


@pytest.mark.parametrize("agents", [0, 1, 2, 7])
def test_kpi2_kpi5_erlang_c_without_traffic(agents: int) -> None:
    """KPI-2, KPI-5: without calls nobody waits: C = 0, service level 1, ASA 0, with any
    number of agents, none included; B is 1 only for zero trunks."""
    assert erlang_c(0, agents) == 0.0
    assert service_level(0, agents, aht=180, threshold=20) == 1.0
    assert service_level(0, agents, aht=180, threshold=0) == 1.0
    assert average_speed_of_answer(0, agents, aht=180) == 0.0
    assert erlang_b(0, agents) == (1.0 if agents == 0 else 0.0)
    if agents:
        assert occupancy(0, agents) == 0.0


@pytest.mark.parametrize("model", ["C", "A"])
@pytest.mark.parametrize("shrinkage", [0, "0.32", Fraction(1, 3)])
def test_kpi2_empty_night_interval_needs_no_agents(model: str, shrinkage: object) -> None:
    """KPI-2: an empty night interval needs zero agents and zero scheduled; the staffing
    explains itself without a "-1 agents" line."""
    traffic = offered_traffic(0, timedelta(minutes=30), timedelta(minutes=4))
    if model == "C":
        s = required_agents(traffic, aht=240, shrinkage=shrinkage)  # type: ignore[arg-type]
    else:
        s = required_agents_erlang_a(traffic, aht=240, patience=60, shrinkage=shrinkage)  # type: ignore[arg-type]
    assert (s.agents, s.scheduled, s.binding) == (0, 0, ())
    assert (s.service_level, s.probability_of_waiting, s.asa) == (1.0, 0.0, 0.0)
    assert (s.occupancy, s.abandonment) == (0.0, 0.0)
    assert s.model == f"Erlang {model}"
    text = s.explain()
    assert "no agents needed" in text and "-1" not in text
    assert str(s).startswith("0 agents (0 scheduled): service level 100.0%")


@pytest.mark.parametrize(
    ("minimum", "shrinkage", "scheduled"),
    [(1, 0, 1), (1, "0.32", 2), (3, "0.25", 4), (2, "0.5", 4)],
)
def test_swap8_night_minimum_staffs_an_empty_interval(
    minimum: int, shrinkage: str, scheduled: int
) -> None:
    """SWAP-8, KPI-2: the policy's minimum staffs an interval without calls; the minimum is
    what binds, and the schedule adds shrinkage exactly (1 / 0.68 -> 2)."""
    for s in (
        required_agents(0, aht=300, minimum=minimum, shrinkage=shrinkage),
        required_agents_erlang_a(0, aht=300, patience=90, minimum=minimum, shrinkage=shrinkage),
    ):
        assert (s.agents, s.scheduled, s.binding, s.minimum) == (
            minimum,
            scheduled,
            ("minimum",),
            minimum,
        )
        assert f"at least {minimum} agents" in s.explain()
        assert s.one_less == 1.0  # one fewer still answers every (absent) call


def test_kpi2_a_night_of_half_hours() -> None:
    """KPI-2: a night profile from 22:00 to 06:00 where some half-hours have no calls:
    those need the minimum, the busy ones at least as many."""
    calls = [14, 9, 4, 2, 0, 0, 1, 0, 0, 0, 3, 6, 11, 20, 31, 40]
    needed = [
        required_agents(offered_traffic(n, 1800, 300), aht=300, minimum=1).agents for n in calls
    ]
    assert [a for n, a in zip(calls, needed, strict=True) if n == 0] == [1] * calls.count(0)
    assert all(a >= 1 for a in needed)
    assert needed == [max(1, required_agents(offered_traffic(n, 1800, 300), aht=300).agents)
                      for n in calls]  # fmt: skip


def test_kpi2_erlang_a_without_traffic() -> None:
    """KPI-2, KPI-5: Erlang A with no calls: nobody waits or hangs up, idle agents."""
    m = erlang_a(0, 3, aht=180, patience=60, threshold=20)
    assert (m.service_level, m.abandonment, m.abandoned_within) == (1.0, 0.0, 0.0)
    assert (m.asa, m.mean_wait, m.queue_length, m.occupancy) == (0.0, 0.0, 0.0, 0.0)
    assert m.probability_of_waiting == 0.0 and m.agents == 3


traffics = st.fractions(min_value=Fraction(1, 50), max_value=80, max_denominator=50)


@settings(max_examples=60, deadline=None)
@given(a=traffics, minimum=st.integers(0, 120))
def test_kpi2_minimum_is_a_floor_on_the_search(a: Fraction, minimum: int) -> None:
    """KPI-2, SWAP-8: the minimum only raises the answer: agents = max(search, minimum),
    and "minimum" binds exactly when one agent fewer would go below it."""
    free = required_agents(a, aht=180)
    floored = required_agents(a, aht=180, minimum=minimum)
    assert floored.agents == max(free.agents, minimum)
    assert ("minimum" in floored.binding) == (floored.agents - 1 < minimum)
    assert floored.service_level >= free.service_level
    expected = service_level(a, floored.agents, aht=180, threshold=20)
    assert floored.service_level == pytest.approx(expected, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(a=st.fractions(min_value=Fraction(1, 20), max_value=30, max_denominator=20),
       minimum=st.integers(0, 40))  # fmt: skip
def test_kpi2_erlang_a_minimum_is_a_floor_on_the_search(a: Fraction, minimum: int) -> None:
    """KPI-2, SWAP-8: the same floor for the Erlang A search."""
    free = required_agents_erlang_a(a, aht=180, patience=60)
    floored = required_agents_erlang_a(a, aht=180, patience=60, minimum=minimum)
    assert floored.agents == max(free.agents, minimum)
    assert ("minimum" in floored.binding) == (floored.agents - 1 < minimum)


@pytest.mark.parametrize(
    ("minimum", "error"),
    [(-1, InvalidArgumentError), (True, WrongTypeError), (1.0, WrongTypeError)],
)
def test_kpi2_bad_minimum_names_the_argument(minimum: object, error: type) -> None:
    """KPI-2: a bad minimum is refused, naming the argument."""
    with pytest.raises(error) as info:
        required_agents(0, aht=180, minimum=minimum)  # type: ignore[arg-type]
    assert info.value.argument == "minimum"  # type: ignore[attr-defined]
    with pytest.raises(error):
        required_agents_erlang_a(5, aht=180, patience=60, minimum=minimum)  # type: ignore[arg-type]


@pytest.mark.parametrize("traffic", [-0.001, -5, Fraction(-1, 3)])
def test_kpi2_negative_traffic_is_still_refused(traffic: object) -> None:
    """KPI-2: negative traffic or calls stay errors naming the argument."""
    with pytest.raises(InvalidArgumentError, match="traffic: expected a number of Erlangs >= 0"):
        required_agents(traffic, aht=180)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="calls: expected a number of calls >= 0"):
        offered_traffic(traffic, 1800, 180)  # type: ignore[arg-type]
