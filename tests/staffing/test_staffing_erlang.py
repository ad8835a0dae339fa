"""Tests for servicepolicy.staffing.erlang: Erlang B, Erlang C, service level, ASA, occupancy.

References are computed here from the textbook formulas, not from the recursion the
library uses: exactly with :class:`~fractions.Fraction` where the numbers stay small, and
with 60-digit :mod:`decimal` arithmetic up to 20,000 Erlangs (where the factorial formula
overflows a float).  Published Erlang B table values check the whole chain.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError
from servicepolicy.staffing import (
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    occupancy,
    offered_traffic,
    service_level,
)

# ------------------------------------------------------------------ references


def exact_b(a: Fraction, n: int) -> Fraction:
    """Erlang B by the textbook formula ``(A^N / N!) / Σ_{k<=N} A^k / k!``, exactly."""
    term = total = Fraction(1)
    for k in range(1, n + 1):
        term = term * a / k
        total += term
    return term / total


def exact_c(a: Fraction, n: int) -> Fraction:
    """Erlang C by the textbook formula, exactly (``n > a``)."""
    term, below = Fraction(1), Fraction(0)
    for k in range(1, n + 1):
        below += term
        term = term * a / k
    waiting = term * n / (n - a)
    return waiting / (below + waiting)


def decimal_bc(a: int | str, n: int, digits: int = 60) -> tuple[Decimal, Decimal]:
    """Erlang B and C by the textbook sums in ``digits``-digit decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = digits
        load = Decimal(a)
        term, below = Decimal(1), Decimal(0)
        for k in range(1, n + 1):
            below += term
            term = term * load / k
        b = term / (below + term)
        waiting = term * n / (n - load)
        return b, waiting / (below + waiting)


def decimal_service_level(c: Decimal, a: int | str, n: int, aht: int, t: int) -> Decimal:
    """``1 - C·exp(-(N - A)·t / AHT)`` with a 60-digit exponential."""
    with localcontext() as ctx:
        ctx.prec = 60
        return 1 - c * (-(n - Decimal(a)) * t / aht).exp()


def close(value: float, reference: Fraction | Decimal, rel: float = 1e-13) -> bool:
    """``value`` agrees with ``reference`` to ``rel`` (relative) or 1e-300 (absolute)."""
    return math.isclose(value, float(reference), rel_tol=rel, abs_tol=1e-300)


traffics = st.fractions(min_value=Fraction(1, 10), max_value=60, max_denominator=100)


# ------------------------------------------------------------------ exact values


@pytest.mark.parametrize(
    ("a", "n"),
    [(Fraction(1, 10), 1), (Fraction(2), 5), (Fraction(37, 4), 12), (Fraction(188, 15), 17),
     (Fraction(50), 51), (Fraction(30), 70), (Fraction(100), 140)],
)  # fmt: skip
def test_erlang_b_and_c_match_exact_fractions(a: Fraction, n: int) -> None:
    """Erlang B and C agree with the textbook formulas in exact rational arithmetic."""
    assert close(erlang_b(a, n), exact_b(a, n))
    assert close(erlang_c(a, n), exact_c(a, n))


@given(a=traffics, n=st.integers(min_value=0, max_value=90))
def test_erlang_b_matches_exact_fractions_everywhere(a: Fraction, n: int) -> None:
    """For any rational traffic up to 60 Erlangs and up to 90 agents, B is exact to 1e-13."""
    assert close(erlang_b(a, n), exact_b(a, n))


@given(a=traffics, extra=st.integers(min_value=1, max_value=30))
def test_erlang_c_matches_exact_fractions_everywhere(a: Fraction, extra: int) -> None:
    """Erlang C agrees with the exact textbook value for every stable input drawn."""
    n = math.floor(a) + extra
    assert close(erlang_c(a, n), exact_c(a, n), rel=1e-12)


@pytest.mark.parametrize(
    ("a", "n"),
    [(150, 160), (500, 520), (1000, 1030), (5000, 5050), (20000, 20018), (20000, 20100)],
)
def test_large_traffic_matches_60_digit_decimals(a: int, n: int) -> None:
    """Up to 20,000 Erlangs (no overflow): B, C and the service level match 60-digit sums."""
    b, c = decimal_bc(a, n)
    assert close(erlang_b(a, n), b, rel=1e-11)
    assert close(erlang_c(a, n), c, rel=1e-11)
    sl = decimal_service_level(c, a, n, aht=240, t=20)
    assert close(service_level(a, n, aht=240, threshold=20), sl, rel=1e-12)


def test_factorial_formula_would_overflow() -> None:
    """The reason for the recursion: A^N / N! is not a float from about 170 agents."""
    with pytest.raises(OverflowError):
        float(math.factorial(171))
    assert 0 < erlang_b(170, 171) < 1


def test_service_level_and_asa_match_exact_values() -> None:
    """KPI-2, KPI-5: service level and ASA from the exact C at 10 Erlangs, 14 agents."""
    c = exact_c(Fraction(10), 14)
    sl = decimal_service_level(Decimal(c.numerator) / Decimal(c.denominator), 10, 14, 180, 20)
    assert close(service_level(10, 14, aht=180, threshold=20), sl)
    assert close(average_speed_of_answer(10, 14, aht=180), c * 180 / 4)
    assert occupancy(10, 14) == 10 / 14


# ------------------------------------------------------------------ published values

#: Erlang B tables: traffic (Erlangs, 3 decimals) that N trunks carry at a grade of service.
ERLANG_B_TABLE = [
    (0.01, 5, 1.361), (0.01, 10, 4.461), (0.01, 20, 12.031), (0.01, 30, 20.337),
    (0.01, 50, 37.901), (0.01, 100, 84.064),
    (0.02, 10, 5.084), (0.02, 20, 13.182), (0.02, 30, 21.932), (0.02, 50, 40.255),
    (0.02, 100, 87.972),
    (0.05, 10, 6.216), (0.05, 20, 15.249), (0.05, 50, 44.533), (0.05, 100, 95.240),
]  # fmt: skip


@pytest.mark.parametrize(("grade", "n", "table"), ERLANG_B_TABLE)
def test_erlang_b_published_table(grade: float, n: int, table: float) -> None:
    """The published table entry is the traffic with B = grade, rounded to 3 decimals."""
    assert erlang_b(table - 0.0005, n) < grade < erlang_b(table + 0.0005, n)


def test_published_erlang_c_examples() -> None:
    """Textbook and industry examples: C(10 agents, 6 Erlangs) ≈ 0.10; 100 calls in 30
    minutes at AHT 180 s need 14 agents for 80/20 (KPI-2), service level 88.8 %, probability
    of waiting 17.4 %, occupancy 71.4 %; 13 agents give 79.6 %."""
    assert round(erlang_c(6, 10), 2) == 0.10
    traffic = offered_traffic(100, interval=timedelta(minutes=30), aht=180)
    assert traffic == 10
    assert round(service_level(traffic, 14, aht=180, threshold=20), 3) == 0.888
    assert round(erlang_c(traffic, 14), 3) == 0.174
    assert round(occupancy(traffic, 14), 3) == 0.714
    assert round(service_level(traffic, 13, aht=180, threshold=20), 3) == 0.796


# ------------------------------------------------------------------ understaffed limits


@pytest.mark.parametrize(("a", "n"), [(10, 10), (10, 9), (10.5, 10), (20000, 19999), (3, 0)])
def test_understaffed_gives_the_limits(a: float, n: int) -> None:
    """N <= A has no steady state: every caller waits, none within T, ASA infinite."""
    assert erlang_c(a, n) == 1.0
    assert service_level(a, n, aht=240, threshold=20) == 0.0
    assert average_speed_of_answer(a, n, aht=240) == math.inf
    if n:
        assert occupancy(a, n) == 1.0


def test_just_stable_is_a_probability() -> None:
    """Just above N = A the formulas stay probabilities (never above 1)."""
    for a in (9.999999999, 99.9999999999, 19999.99999):
        n = math.ceil(a)
        assert 0 < erlang_c(a, n) <= 1
        assert 0 <= service_level(a, n, aht=240, threshold=20) < 1e-6
        assert average_speed_of_answer(a, n, aht=240) > 1e5


# ------------------------------------------------------------------ properties


@given(a=traffics, n=st.integers(min_value=0, max_value=120))
def test_probabilities_in_unit_interval_and_ordered(a: Fraction, n: int) -> None:
    """0 <= B <= C <= 1 and 0 <= service level <= 1 for any traffic and agents."""
    b, c = erlang_b(a, n), erlang_c(a, n)
    assert 0 <= b <= c <= 1
    assert 0 <= service_level(a, n, aht=240, threshold=20) <= 1


@given(a=traffics, n=st.integers(min_value=0, max_value=120))
def test_monotone_in_agents(a: Fraction, n: int) -> None:
    """One more agent never raises B, C or the ASA, nor lowers the service level."""
    assert erlang_b(a, n + 1) <= erlang_b(a, n)
    assert erlang_c(a, n + 1) <= erlang_c(a, n)
    assert service_level(a, n + 1, 240, 20) >= service_level(a, n, 240, 20)
    assert average_speed_of_answer(a, n + 1, 240) <= average_speed_of_answer(a, n, 240)


@given(a=traffics, n=st.integers(min_value=1, max_value=120))
def test_monotone_in_traffic(a: Fraction, n: int) -> None:
    """More traffic never lowers B or C."""
    assert erlang_b(a + Fraction(1, 10), n) >= erlang_b(a, n)
    assert erlang_c(a + Fraction(1, 10), n) >= erlang_c(a, n)


@given(
    a=traffics,
    n=st.integers(min_value=1, max_value=120),
    t=st.integers(min_value=0, max_value=600),
)
def test_service_level_threshold_zero_and_growing(a: Fraction, n: int, t: int) -> None:
    """Within 0 s means not waiting at all (1 - C); a longer threshold never lowers it."""
    assert math.isclose(service_level(a, n, 240, 0), 1 - erlang_c(a, n), abs_tol=1e-15)
    assert service_level(a, n, 240, t + 1) >= service_level(a, n, 240, t)


def test_units_timedelta_and_seconds_agree() -> None:
    """Durations may be timedeltas or seconds: the results are the same."""
    assert service_level(10, 13, timedelta(minutes=3), timedelta(seconds=20)) == service_level(
        10, 13, 180, 20
    )
    assert average_speed_of_answer(10, 13, timedelta(minutes=3)) == average_speed_of_answer(
        10, 13, 180.0
    )
    assert offered_traffic(94, interval=1800, aht=240) == 94 * 240 / 1800


def test_exact_number_types_are_accepted() -> None:
    """Traffic may be an int, float, Fraction or Decimal."""
    values = {erlang_c(x, 15) for x in (10, 10.0, Fraction(10), Decimal("10"))}
    assert len(values) == 1


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: erlang_b(-1, 5), InvalidArgumentError, "traffic"),
        (lambda: erlang_b(-0.5, 5), InvalidArgumentError, "traffic"),
        (lambda: erlang_b(math.nan, 5), InvalidArgumentError, "traffic"),
        (lambda: erlang_c(math.inf, 5), InvalidArgumentError, "traffic"),
        (lambda: erlang_c(Decimal("NaN"), 5), InvalidArgumentError, "traffic"),
        (lambda: erlang_b("10", 5), WrongTypeError, "traffic"),
        (lambda: erlang_b(True, 5), WrongTypeError, "traffic"),
        (lambda: erlang_b(10, 5.0), WrongTypeError, "agents"),
        (lambda: erlang_b(10, True), WrongTypeError, "agents"),
        (lambda: erlang_c(10, -1), InvalidArgumentError, "agents"),
        (lambda: occupancy(10, 0), InvalidArgumentError, "agents"),
        (lambda: service_level(10, 12, 0, 20), InvalidArgumentError, "aht"),
        (lambda: service_level(10, 12, 180, -1), InvalidArgumentError, "threshold"),
        (lambda: service_level(10, 12, 180, timedelta(seconds=-1)), InvalidArgumentError,
         "threshold"),
        (lambda: service_level(10, 12, "180", 20), WrongTypeError, "aht"),
        (lambda: average_speed_of_answer(10, 12, None), WrongTypeError, "aht"),
        (lambda: offered_traffic(-1, 1800, 240), InvalidArgumentError, "calls"),
        (lambda: offered_traffic(10, 0, 240), InvalidArgumentError, "interval"),
    ],
)  # fmt: skip
def test_bad_input_names_the_argument(call: object, error: type, argument: str) -> None:
    """Bad input raises a ServicePolicyError naming the argument, the value and what is
    expected; it is also the built-in ValueError or TypeError."""
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert isinstance(info.value, ServicePolicyError)
    assert isinstance(info.value, ValueError | TypeError)
    assert info.value.argument == argument
    assert str(info.value).startswith(f"{argument}: expected ")
