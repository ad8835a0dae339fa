"""Tests for servicepolicy.staffing.abandonment: the M/M/N+M queue (Erlang A).

The reference below is written from the model, not from the library's method: the
stationary distribution of the birth-death chain summed state by state, and each waiting
caller's chance to be answered within T from the partial-fraction density of its offered
wait (a sum of exponential stages), all in 150-digit decimal arithmetic.  The library
instead uses Erlang B for the states below N and incomplete-beta (negative-binomial) sums
for the waits.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import (
    InvalidArgumentError,
    OutOfRangeError,
    ServicePolicyError,
    WrongTypeError,
)
from servicepolicy.staffing import (
    average_speed_of_answer,
    erlang_a,
    erlang_c,
    service_level,
)


class Reference(NamedTuple):
    waiting: float
    service_level: float
    abandonment: float
    asa: float
    queue_length: float


def reference(a: float, n: int, aht: float, patience: float, t: float) -> Reference:
    """Erlang A from the birth-death chain and the offered-wait density, 150 digits.

    Time is in AHTs (μ = 1, θ = aht / patience).  A caller finding ``j`` waiting ahead
    reaches an agent after stages of rates ``r_m = N + m·θ`` (m = 0 … j), whose sum has
    density ``Σ_m c_m·exp(-r_m·s)`` with ``c_m = Π r / ((-1)^m·m!·(j-m)!·θ^j)``; it is
    answered at time s if its own patience (rate θ) lasts that long.
    """
    with localcontext() as ctx:
        ctx.prec = 150
        lam, theta = Decimal(a), Decimal(aht) / Decimal(patience)
        tt = Decimal(t) / Decimal(aht)
        p, total, k = [Decimal(1)], Decimal(1), 0
        while k <= n or p[-1] > total * Decimal("1e-40"):
            k += 1
            p.append(p[-1] * lam / (min(k, n) + max(k - n, 0) * theta))
            total += p[-1]
        p = [x / total for x in p]
        waiting = sum(p[n:], Decimal(0))
        queue = sum(((i - n) * p[i] for i in range(n, len(p))), Decimal(0))
        within = sum(p[:n], Decimal(0))
        answered_wait = Decimal(0)
        for j in range(len(p) - n):
            rates = [n + m * theta for m in range(j + 1)]
            product = math.prod(rates, start=Decimal(1))
            g = w = Decimal(0)
            for m, r in enumerate(rates):
                cm = product / ((-1) ** m * math.factorial(m) * math.factorial(j - m) * theta**j)
                g += cm * (1 - (-(r + theta) * tt).exp()) / (r + theta)
                w += cm / (r + theta) ** 2
            within += p[n + j] * g
            answered_wait += p[n + j] * w
        abandonment = theta * queue / lam
        return Reference(
            waiting=float(waiting),
            service_level=float(within),
            abandonment=float(abandonment),
            asa=float(answered_wait / (1 - abandonment) * Decimal(aht)),
            queue_length=float(queue),
        )


CASES = [
    (10, 13, 180, 300, 20),  # stable
    (10, 8, 180, 60, 20),  # understaffed
    (20, 22, 240, 120, 30),
    (5, 3, 300, 600, 10),  # understaffed, patient callers
    (50, 45, 240, 120, 20),
    (2.5, 1, 120, 30, 0),  # threshold 0: answered without waiting
    (12.5, 15, 240, 90, 600),  # threshold longer than the patience
]


@pytest.mark.parametrize(("a", "n", "aht", "patience", "t"), CASES)
def test_matches_the_birth_death_reference(
    a: float, n: int, aht: float, patience: float, t: float
) -> None:
    """Every figure agrees with the 150-digit reference to 1e-12 (relative)."""
    ref = reference(a, n, aht, patience, t)
    m = erlang_a(a, n, aht=aht, patience=patience, threshold=t)
    assert m.probability_of_waiting == pytest.approx(ref.waiting, rel=1e-12)
    assert m.service_level == pytest.approx(ref.service_level, rel=1e-12)
    assert m.abandonment == pytest.approx(ref.abandonment, rel=1e-12)
    assert m.asa == pytest.approx(ref.asa, rel=1e-12)
    assert m.queue_length == pytest.approx(ref.queue_length, rel=1e-12)


def test_matches_pyworkforce_published_values() -> None:
    """pyworkforce 0.5.4's regression values (its own uniformisation method): 100 calls in
    30 min, AHT 3 min, patience 5 min, 20 s, 14 agents.  Its "ASA" is our mean_wait
    (over all calls, abandoned ones included)."""
    m = erlang_a(10, 14, aht=180, patience=300, threshold=20)
    assert round(m.probability_of_waiting, 5) == 0.14526
    assert round(m.abandonment, 6) == 0.013984
    assert round(m.occupancy, 6) == 0.704297
    assert round(m.mean_wait / 60, 6) == 0.069919
    assert round(m.service_level, 6) == 0.916792


@pytest.mark.parametrize(("a", "n"), [(10, 13), (100, 110), (2000, 2030)])
def test_patient_callers_give_erlang_c(a: int, n: int) -> None:
    """As the patience grows without bound, Erlang A becomes Erlang C."""
    m = erlang_a(a, n, aht=240, patience=240e9, threshold=20)
    assert m.probability_of_waiting == pytest.approx(erlang_c(a, n), rel=1e-6)
    assert m.service_level == pytest.approx(service_level(a, n, 240, 20), rel=1e-6)
    assert m.asa == pytest.approx(average_speed_of_answer(a, n, 240), rel=1e-6)
    assert m.abandonment < 1e-6


@pytest.mark.parametrize(("a", "n"), [(20000, 17201), (20000, 1000), (20000, 20100), (5, 500)])
def test_extreme_loads_stay_probabilities(a: int, n: int) -> None:
    """20,000 Erlangs, heavily understaffed or overstaffed: no overflow, shares in [0, 1]."""
    m = erlang_a(a, n, aht=240, patience=120, threshold=20)
    for share in (m.probability_of_waiting, m.service_level, m.abandonment, m.occupancy):
        assert 0 <= share <= 1
    assert m.abandonment == pytest.approx(m.queue_length * 240 / (a * 120), rel=1e-9, abs=1e-300)


def test_heavily_understaffed_limit() -> None:
    """With 1,000 agents for 20,000 Erlangs nearly everybody waits and hangs up."""
    m = erlang_a(20000, 1000, aht=240, patience=120, threshold=20)
    assert m.probability_of_waiting == pytest.approx(1)
    assert m.abandonment == pytest.approx(0.95, rel=1e-6)
    assert m.occupancy == pytest.approx(1, rel=1e-9)


# ------------------------------------------------------------------ properties

loads = st.floats(min_value=0.5, max_value=60)
agents = st.integers(min_value=1, max_value=90)
seconds = st.floats(min_value=10, max_value=900)
thresholds = st.floats(min_value=0, max_value=120)


@given(a=loads, n=agents, aht=seconds, patience=seconds, t=thresholds)
def test_shares_are_consistent_probabilities(
    a: float, n: int, aht: float, patience: float, t: float
) -> None:
    """Shares lie in [0, 1]; answered-in-T plus abandoned never exceed all calls; the
    abandonment from the callers' view equals θ·L_q / λ from the queue's; occupancy is at
    most A / N."""
    m = erlang_a(a, n, aht=aht, patience=patience, threshold=t)
    for share in (m.probability_of_waiting, m.service_level, m.abandonment, m.occupancy):
        assert 0 <= share <= 1
    assert m.abandoned_within <= m.abandonment + 1e-12
    assert m.service_level + m.abandonment <= 1 + 1e-12
    assert m.service_level >= 1 - m.probability_of_waiting - 1e-12
    assert m.abandonment == pytest.approx(m.queue_length * aht / (a * patience), abs=1e-12)
    assert m.occupancy <= min(1.0, a / n) + 1e-12
    assert m.mean_wait == pytest.approx(m.queue_length * aht / a, abs=1e-9)


@given(a=loads, n=agents, aht=seconds, patience=seconds, t=thresholds)
def test_one_more_agent_never_hurts(
    a: float, n: int, aht: float, patience: float, t: float
) -> None:
    """One more agent: service level up; waiting, abandonment, occupancy and ASA down."""
    m = erlang_a(a, n, aht=aht, patience=patience, threshold=t)
    more = erlang_a(a, n + 1, aht=aht, patience=patience, threshold=t)
    assert more.service_level >= m.service_level - 1e-12
    assert more.probability_of_waiting <= m.probability_of_waiting + 1e-12
    assert more.abandonment <= m.abandonment + 1e-12
    assert more.occupancy <= m.occupancy + 1e-12
    assert more.asa <= m.asa * (1 + 1e-9) + 1e-12


@settings(max_examples=50)
@given(a=loads, n=agents, aht=seconds, patience=seconds, t=thresholds)
def test_more_patience_less_abandonment(
    a: float, n: int, aht: float, patience: float, t: float
) -> None:
    """Callers who wait longer hang up less often."""
    m = erlang_a(a, n, aht=aht, patience=patience, threshold=t)
    patient = erlang_a(a, n, aht=aht, patience=patience * 2, threshold=t)
    assert patient.abandonment <= m.abandonment + 1e-12


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"traffic": -5}, InvalidArgumentError, "traffic"),
        ({"traffic": "10"}, WrongTypeError, "traffic"),
        ({"agents": 0}, InvalidArgumentError, "agents"),
        ({"agents": 12.0}, WrongTypeError, "agents"),
        ({"patience": 0}, InvalidArgumentError, "patience"),
        ({"patience": math.inf}, InvalidArgumentError, "patience"),
        ({"patience": "2 min"}, WrongTypeError, "patience"),
        ({"aht": -240}, InvalidArgumentError, "aht"),
        ({"threshold": -20}, InvalidArgumentError, "threshold"),
    ],
)
def test_bad_input_names_the_argument(
    kwargs: dict[str, object], error: type, argument: str
) -> None:
    """Bad input raises a ServicePolicyError naming the argument."""
    args: dict[str, object] = {
        "traffic": 10, "agents": 12, "aht": 240, "patience": 120, "threshold": 20, **kwargs
    }  # fmt: skip
    with pytest.raises(error) as info:
        erlang_a(**args)  # type: ignore[arg-type]
    assert isinstance(info.value, ServicePolicyError)
    assert info.value.argument == argument


def test_endless_queue_is_refused() -> None:
    """A queue of millions (callers a thousand times more patient than the AHT, 20,000
    Erlangs for 10 agents) is refused with OutOfRangeError instead of running for ages."""
    with pytest.raises(OutOfRangeError) as info:
        erlang_a(20000, 10, aht=240, patience=240_000, threshold=20)
    assert info.value.argument == "patience"
    assert isinstance(info.value, OverflowError)
