"""Tests for servicepolicy.staffing.required and .shrinkage: required agents (KPI-2).

The searches are checked against their definition, through the public formula functions:
the answer meets every requirement and one agent fewer does not; for Erlang A also
against a plain linear scan from one agent up.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError
from servicepolicy.staffing import (
    Staffing,
    average_speed_of_answer,
    erlang_a,
    offered_traffic,
    productive_agents,
    required_agents,
    required_agents_erlang_a,
    scheduled_agents,
    service_level,
)

# ------------------------------------------------------------------ Erlang C


def test_issue_example_94_calls_needs_25_scheduled() -> None:
    """KPI-2 80/20: 94 calls in 30 min at AHT 4 min need 17 agents, and with 32 %
    shrinkage 25 scheduled (exactly 17 / 0.68 = 25); float arithmetic says 26."""
    staffing = required_agents(offered_traffic(94, 1800, 240), aht=240, shrinkage=0.32)
    assert (staffing.agents, staffing.scheduled) == (17, 25)
    assert staffing.shrinkage == Fraction(8, 25)
    assert math.ceil(17 / (1 - 0.32)) == 26  # what float rounding gives


def test_published_example_with_occupancy_cap_and_shrinkage() -> None:
    """The industry worked example (and pyworkforce's test): 100 calls in 30 min, AHT
    3 min, 80 % within 0.33 min, 30 % shrinkage: 14 agents and 20 scheduled under an
    85 % occupancy cap; under a 70 % cap occupancy binds: 15 agents, 22 scheduled."""
    traffic = offered_traffic(100, timedelta(minutes=30), timedelta(minutes=3))
    capped = required_agents(traffic, aht=180, threshold=19.8, max_occupancy=0.85, shrinkage=0.3)
    assert (capped.agents, capped.scheduled, capped.binding) == (14, 20, ("service level",))
    assert round(capped.service_level, 3) == 0.888
    assert round(capped.probability_of_waiting, 3) == 0.174
    tight = required_agents(traffic, aht=180, threshold=19.8, max_occupancy=0.7, shrinkage=0.3)
    assert (tight.agents, tight.scheduled, tight.binding) == (15, 22, ("occupancy",))
    assert round(tight.service_level, 3) == 0.941


def test_occupancy_cap_is_exact() -> None:
    """4.9 Erlangs at most 70 % busy need 7 agents (4.9 / 7 = 0.7 exactly); in floats
    4.9 / 0.7 = 7.000000000000001, which rounds up to 8."""
    for cap in ("0.7", 0.7, Fraction(7, 10), Decimal("0.70")):
        staffing = required_agents(4.9, aht=240, target=0.2, max_occupancy=cap)
        assert staffing.agents == 7
        assert staffing.binding == ("occupancy",)
    assert math.ceil(4.9 / 0.7) == 8


def test_asa_cap_binds() -> None:
    """KPI-5: an ASA cap of 5 s needs one agent more than 80/20 alone at 10 Erlangs."""
    staffing = required_agents(10, aht=180, max_asa=timedelta(seconds=5))
    assert staffing.agents == 15
    assert staffing.binding == ("ASA",)
    assert average_speed_of_answer(10, 14, 180) > 5 >= staffing.asa


def test_twenty_thousand_erlangs() -> None:
    """20,000 Erlangs are staffed without overflow; the answer is the smallest N."""
    staffing = required_agents(20000, aht=240)
    assert service_level(20000, staffing.agents, 240, 20) >= 0.8
    assert service_level(20000, staffing.agents - 1, 240, 20) < 0.8
    assert staffing.agents == 20018


targets = st.floats(min_value=0.05, max_value=0.99)
caps = st.none() | st.sampled_from(["0.7", "0.8", "0.85", "0.9", "0.95", "1"])


@given(
    a=st.fractions(min_value=Fraction(1, 10), max_value=300, max_denominator=100),
    target=targets,
    threshold=st.integers(min_value=0, max_value=120),
    aht=st.integers(min_value=30, max_value=900),
    cap=caps,
    max_asa=st.none() | st.integers(min_value=1, max_value=60),
)
def test_required_agents_is_the_smallest_that_meets_all(
    a: Fraction, target: float, threshold: int, aht: int, cap: str | None, max_asa: int | None
) -> None:
    """KPI-2: N meets the service level, the occupancy cap and the ASA cap; N - 1 misses
    one of them, and ``binding`` names exactly the ones it misses."""
    s = required_agents(
        a, aht, target=target, threshold=threshold, max_occupancy=cap, max_asa=max_asa
    )

    def misses(n: int) -> list[str]:
        return [
            name
            for name, missed in (
                ("service level", service_level(a, n, aht, threshold) < target),
                ("occupancy", cap is not None and (n == 0 or Fraction(a) / n > Fraction(cap))),
                ("ASA", max_asa is not None and average_speed_of_answer(a, n, aht) > max_asa),
            )
            if missed
        ]

    assert misses(s.agents) == []
    assert misses(s.agents - 1) == list(s.binding) != []
    assert s.one_less == service_level(a, s.agents - 1, aht, threshold)
    assert s.agents > a


# ------------------------------------------------------------------ Erlang A


def test_issue_example_erlang_a_97_agents() -> None:
    """100 Erlangs, AHT 240 s, patience 120 s, 80/20: 97 agents meet the target; a search
    that starts at ⌈A⌉ = 100 (as pyworkforce's does) cannot find it."""
    staffing = required_agents_erlang_a(100, aht=240, patience=120)
    assert staffing.agents == 97
    assert staffing.service_level >= 0.8 > staffing.one_less
    assert staffing.model == "Erlang A"
    assert "hang up count as missed" in staffing.definition


def linear_scan(a: float, aht: int, patience: int, target: float, threshold: int) -> int:
    """The smallest N by trying 1, 2, 3, ... (the definition, slowly)."""
    n = 1
    while erlang_a(a, n, aht, patience, threshold).service_level < target:
        n += 1
    return n


@settings(max_examples=60)
@given(
    a=st.floats(min_value=0.2, max_value=80),
    aht=st.integers(min_value=30, max_value=900),
    patience=st.integers(min_value=10, max_value=1200),
    target=targets,
    threshold=st.integers(min_value=0, max_value=120),
)
def test_erlang_a_search_matches_linear_scan(
    a: float, aht: int, patience: int, target: float, threshold: int
) -> None:
    """The bracketing search finds the same N as trying every N from 1 up."""
    staffing = required_agents_erlang_a(a, aht, patience, target=target, threshold=threshold)
    assert staffing.agents == linear_scan(a, aht, patience, target, threshold)


@settings(max_examples=60)
@given(
    a=st.floats(min_value=0.2, max_value=80),
    patience=st.integers(min_value=10, max_value=1200),
    occupancy=st.none() | st.floats(min_value=0.5, max_value=1),
    asa=st.none() | st.integers(min_value=1, max_value=60),
    abandonment=st.none() | st.floats(min_value=0.01, max_value=0.5),
)
def test_erlang_a_caps_smallest(
    a: float,
    patience: int,
    occupancy: float | None,
    asa: int | None,
    abandonment: float | None,
) -> None:
    """With caps on occupancy, ASA and abandonment, N meets them all and N - 1 does not."""
    s = required_agents_erlang_a(
        a, 240, patience, max_occupancy=occupancy, max_asa=asa, max_abandonment=abandonment
    )

    def misses(n: int) -> list[str]:
        m = erlang_a(a, n, 240, patience, 20)
        return [
            name
            for name, missed in (
                ("service level", m.service_level < 0.8),
                ("occupancy", occupancy is not None and m.occupancy > occupancy),
                ("ASA", asa is not None and m.asa > asa),
                ("abandonment", abandonment is not None and m.abandonment > abandonment),
            )
            if missed
        ]

    assert misses(s.agents) == []
    if s.agents > 1:
        assert misses(s.agents - 1) == list(s.binding) != []


# ------------------------------------------------------------------ shrinkage


@given(
    n=st.integers(min_value=0, max_value=10_000),
    share=st.decimals(min_value=0, max_value=Decimal("0.99"), places=2),
)
def test_scheduled_agents_exact(n: int, share: Decimal) -> None:
    """⌈N / (1 - s)⌉ exactly, whatever the type s is given as: the schedule covers N
    after shrinkage, and one agent fewer would not."""
    s = Fraction(share)
    expected = math.ceil(Fraction(n) / (1 - s))
    for given_as in (share, str(share), float(share), s):
        assert scheduled_agents(n, given_as) == expected
    assert expected * (1 - s) >= n
    assert n == 0 or (expected - 1) * (1 - s) < n
    assert productive_agents(expected, share) >= n


def test_float_rounding_cases() -> None:
    """Shrinkages whose float division lands just above a whole number."""
    assert scheduled_agents(17, 0.32) == 25
    assert scheduled_agents(21, 0.3) == 30
    assert scheduled_agents(34, "0.32") == 50
    assert scheduled_agents(1, Fraction(1, 3)) == 2
    assert productive_agents(25, Decimal("0.32")) == 17


# ------------------------------------------------------------------ the result


def test_staffing_explains_itself() -> None:
    """The result carries the facts it was found from and says why N - 1 would not do."""
    s = required_agents(offered_traffic(94, 1800, 240), aht=240, shrinkage="0.32")
    assert str(s) == (
        "17 agents (25 scheduled): service level 88.2% within 20 s, ASA 9.2 s, "
        "occupancy 73.7% (Erlang C)"
    )
    text = s.explain()
    assert "16 agents would miss: service level (service level 79.89%)" in text
    assert "scheduled: ⌈17 / (1 - 0.32)⌉ = 25" in text
    assert s.facts["shrinkage"] == "0.32"
    assert s.facts["binding"] == ["service level"]
    assert "patience" not in s.facts
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.agents = 16  # type: ignore[misc]


def test_erlang_a_staffing_explains_abandonment() -> None:
    """An Erlang A result names its model, patience and abandonment."""
    s = required_agents_erlang_a(100, aht=240, patience=120, max_abandonment=0.05)
    assert isinstance(s, Staffing)
    assert s.binding == ("abandonment",)
    assert s.abandonment <= 0.05
    assert "patience 120 s" in s.explain()
    assert "abandonment <= 5.0%" in s.explain()


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"traffic": -1}, InvalidArgumentError, "traffic"),
        ({"traffic": None}, WrongTypeError, "traffic"),
        ({"target": 0}, InvalidArgumentError, "target"),
        ({"target": 1}, InvalidArgumentError, "target"),
        ({"target": 80}, InvalidArgumentError, "target"),
        ({"target": -0.2}, InvalidArgumentError, "target"),
        ({"target": "0.8"}, WrongTypeError, "target"),
        ({"threshold": -5}, InvalidArgumentError, "threshold"),
        ({"aht": timedelta(0)}, InvalidArgumentError, "aht"),
        ({"shrinkage": 1}, InvalidArgumentError, "shrinkage"),
        ({"shrinkage": -0.1}, InvalidArgumentError, "shrinkage"),
        ({"shrinkage": "32%"}, InvalidArgumentError, "shrinkage"),
        ({"shrinkage": "inf"}, InvalidArgumentError, "shrinkage"),
        ({"shrinkage": math.nan}, InvalidArgumentError, "shrinkage"),
        ({"shrinkage": True}, WrongTypeError, "shrinkage"),
        ({"shrinkage": None}, WrongTypeError, "shrinkage"),
        ({"max_occupancy": 0}, InvalidArgumentError, "max_occupancy"),
        ({"max_occupancy": 1.5}, InvalidArgumentError, "max_occupancy"),
        ({"max_asa": 0}, InvalidArgumentError, "max_asa"),
    ],
)
def test_bad_input_names_the_argument(
    kwargs: dict[str, object], error: type, argument: str
) -> None:
    """Bad input to either search raises a ServicePolicyError naming the argument."""
    args: dict[str, object] = {"traffic": 10, "aht": 180, **kwargs}
    for search, extra in ((required_agents, {}), (required_agents_erlang_a, {"patience": 60})):
        with pytest.raises(error) as info:
            search(**args, **extra)  # type: ignore[operator]
        assert isinstance(info.value, ServicePolicyError)
        assert info.value.argument == argument
        given = kwargs[argument]  # shown in the user's words: a timedelta in seconds
        in_words = isinstance(given, timedelta)
        shown = f"{given.total_seconds():g} seconds" if in_words else repr(given)
        assert shown in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"patience": 0}, "patience"), ({"max_abandonment": 1}, "max_abandonment")],
)
def test_erlang_a_bad_input(kwargs: dict[str, object], argument: str) -> None:
    """Erlang A's own arguments are checked too."""
    args: dict[str, object] = {"traffic": 10, "aht": 180, "patience": 60, **kwargs}
    with pytest.raises(InvalidArgumentError) as info:
        required_agents_erlang_a(**args)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_bad_agents_for_shrinkage() -> None:
    """Agents must be whole and not negative."""
    with pytest.raises(WrongTypeError):
        scheduled_agents(16.5, "0.3")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError) as info:
        productive_agents(-1, "0.3")
    assert info.value.argument == "scheduled"
