"""Erlang B and Erlang C: blocking, waiting, service level, ASA and occupancy (KPI-2, KPI-5).

The queue is M/M/N: calls arrive at random (Poisson), handle times are exponential with
mean ``aht``, ``agents`` answer them and callers wait as long as it takes (no one hangs
up; for that see :mod:`servicepolicy.staffing.abandonment`).  ``traffic`` is the offered
load in Erlangs, calls per second times the AHT in seconds
(:func:`~servicepolicy.staffing.offered_traffic`).

>>> round(erlang_b(10, 15), 6)
0.036497
>>> round(erlang_c(10, 13), 4), round(service_level(10, 13, aht=180, threshold=20), 4)
(0.2853, 0.7956)

Erlang B is computed with the recursion ``B(0) = 1``, ``B(n) = A·B(n-1) / (n + A·B(n-1))``,
which never overflows (every step is a probability) and whose relative rounding errors
shrink from step to step, so it is exact to a few units in the last place for any traffic
(20,000 Erlangs and more); the factorial formula overflows a float from about 170 agents.
From 100 agents on, the recursion starts at ``m = min(N, ⌊A⌋)`` agents instead of 0, with
``B(m)`` from the textbook sum taken from its top term, ``1/B(m) = Σ_j m!/((m-j)!·A^j)``:
positive terms that fall off like ``exp(-j²/2A)``, about 9·√A of them, so a required-agents
search (which carries B forward from ``⌊A⌋`` agent by agent) costs O(√A + N - A).
Erlang C comes from B: ``C = N·B / (N - A·(1 - B))``.

Understaffed inputs (``agents <= traffic``) have no steady state: the queue grows without
bound.  The functions then return the limits of that queue instead of raising, so that a
search can step through them: every caller waits (``erlang_c`` is 1), none within any
threshold (``service_level`` is 0), the ASA is infinite and the agents are busy all the
time (``occupancy`` is 1).  No function returns a "probability" outside [0, 1].

An interval without calls (``traffic`` 0, e.g. a quiet night) is not understaffed: no
call arrives, so none waits (``erlang_c`` is 0), none misses the threshold
(``service_level`` is 1), the ASA is 0 and the agents are idle (``occupancy`` is 0), with
any number of agents, zero included.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import SupportsFloat

from servicepolicy.staffing import _args

__all__ = [
    "average_speed_of_answer",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "offered_traffic",
    "service_level",
]

#: A number: an int, float, Fraction or Decimal (bools and strings are refused).
Number = SupportsFloat
Duration = Number | timedelta


def offered_traffic(calls: Number, interval: Duration, aht: Duration) -> float:
    """The offered load in Erlangs: ``calls`` arriving in ``interval``, each taking ``aht``.

    >>> offered_traffic(94, interval=1800, aht=240)  # 94 calls in 30 min, AHT 4 min
    12.533333333333333
    >>> from datetime import timedelta
    >>> offered_traffic(100, timedelta(minutes=30), timedelta(minutes=3))
    10.0

    An interval without calls offers no traffic:

    >>> offered_traffic(0, interval=1800, aht=240)
    0.0

    :param calls: calls offered in the interval (a number >= 0, need not be whole).
    :param interval: the interval's length, a timedelta or seconds.
    :param aht: the average handle time (talk, hold and wrap-up), a timedelta or seconds.
    :raises servicepolicy.errors.InvalidArgumentError: for calls < 0, or durations <= 0.
    :raises servicepolicy.errors.WrongTypeError: for a non-number.

    .. versionadded:: 0.1.0
    """
    count = _args.non_negative("calls", calls, "a number of calls >= 0")
    length = _args.seconds("interval", interval, positive=True)
    handle = _args.seconds("aht", aht, positive=True)
    return count * handle / length


def erlang_b(traffic: Number, agents: int) -> float:
    """Probability that a call finds all ``agents`` busy and is lost (M/M/N/N, Erlang B).

    >>> erlang_b(2, 0), erlang_b(2, 1)
    (1.0, 0.6666666666666666)

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents (trunks), >= 0.
    :raises servicepolicy.errors.InvalidArgumentError: traffic < 0, agents < 0.
    :raises servicepolicy.errors.WrongTypeError: a non-number, a bool, a non-int agents.

    .. versionadded:: 0.1.0
    """
    return erlang_b_of(_args.traffic(traffic), _args.agents(agents))


def erlang_c(traffic: Number, agents: int) -> float:
    """Probability that a call has to wait (M/M/N, Erlang C): 1 when ``agents <= traffic``.

    >>> round(erlang_c(6, 10), 4)
    0.1013
    >>> erlang_c(10, 10)  # understaffed: every caller waits
    1.0
    >>> erlang_c(0, 0)  # no calls: nobody waits
    0.0

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents, >= 0.
    :raises servicepolicy.errors.InvalidArgumentError: traffic < 0, agents < 0.
    :raises servicepolicy.errors.WrongTypeError: a non-number, a bool, a non-int agents.

    .. versionadded:: 0.1.0
    """
    a, n = _args.traffic(traffic), _args.agents(agents)
    return erlang_c_of(a, n, erlang_b_of(a, n))


def service_level(traffic: Number, agents: int, aht: Duration, threshold: Duration) -> float:
    """Share of calls answered within ``threshold`` (KPI-2), Erlang C: 0 when understaffed.

    ``1 - C·exp(-(N - A)·threshold / aht)``.  Nobody abandons in this model, so every call
    is answered and the share is the same over calls offered or calls answered (the
    service-level variants that differ in how they count abandoned calls coincide).

    >>> round(service_level(10, 14, aht=180, threshold=20), 4)  # 80/20 met with 14 agents
    0.8884

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents, >= 0.
    :param aht: average handle time, a timedelta or seconds, > 0.
    :param threshold: the answer-time threshold (20 s in "80/20"), >= 0.
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    a, n = _args.traffic(traffic), _args.agents(agents)
    handle = _args.seconds("aht", aht, positive=True)
    limit = _args.seconds("threshold", threshold, positive=False)
    return service_level_of(a, n, erlang_c_of(a, n, erlang_b_of(a, n)), limit / handle)


def average_speed_of_answer(traffic: Number, agents: int, aht: Duration) -> float:
    """Average time to answer in seconds (ASA, KPI-5), Erlang C: infinite when understaffed.

    ``C·aht / (N - A)``, averaged over all calls, including the ones answered at once.

    >>> round(average_speed_of_answer(10, 14, aht=180), 2)
    7.84

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents, >= 0.
    :param aht: average handle time, a timedelta or seconds, > 0.
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    a, n = _args.traffic(traffic), _args.agents(agents)
    handle = _args.seconds("aht", aht, positive=True)
    return asa_of(a, n, erlang_c_of(a, n, erlang_b_of(a, n)), handle)


def occupancy(traffic: Number, agents: int) -> float:
    """Share of the agents' time spent handling calls: ``A / N``, at most 1 (agents >= 1).

    >>> occupancy(10, 14)
    0.7142857142857143
    >>> occupancy(10, 8)  # understaffed: busy all the time
    1.0

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents, >= 1.
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    a, n = _args.traffic(traffic), _args.agents(agents, minimum=1)
    return min(1.0, a / n)


# ---------------------------------------------------------------------------- kernels
# Unchecked float versions, shared with the staffing search and Erlang A.


def erlang_b_of(a: float, n: int) -> float:
    """Erlang B (no checks): the sum up to ``min(n, ⌊a⌋)`` agents, then the recursion."""
    start = min(n, math.floor(a))
    if start < 100:
        start, b = 0, 1.0
    else:
        b = _erlang_b_sum(a, start)
    for k in range(start + 1, n + 1):
        ab = a * b
        b = ab / (k + ab)
        if b == 0.0:  # underflow (N far above A): B stays 0
            break
    return b


def _erlang_b_sum(a: float, m: int) -> float:
    """Erlang B for ``m <= a`` agents in O(√a) steps instead of O(m).

    The textbook sum taken from its top term, ``1/B = Σ_j m!/((m - j)!·a^j)``: positive
    terms, each ``(m - j + 1)/a`` times the one before, falling off like ``exp(-j²/2a)``,
    so about 9·√a of them reach 1e-18 of the sum.
    """
    total = term = 1.0
    for j in range(m, 0, -1):
        term *= j / a
        total += term
        if term < 1e-18 * total:
            break
    return 1.0 / total


def erlang_c_of(a: float, n: int, b: float) -> float:
    """Erlang C from ``b = erlang_b_of(a, n)``; 0 without traffic, 1 when ``n <= a``."""
    if a == 0.0:
        return 0.0
    if n <= a:
        return 1.0
    return min(1.0, n * b / (n - a * (1.0 - b)))


def service_level_of(a: float, n: int, c: float, threshold_per_aht: float) -> float:
    """Erlang C service level from ``c``; 1 without traffic, 0 when ``n <= a``."""
    if a == 0.0:
        return 1.0
    if n <= a:
        return 0.0
    return max(0.0, 1.0 - c * math.exp(-(n - a) * threshold_per_aht))


def asa_of(a: float, n: int, c: float, aht: float) -> float:
    """Erlang C ASA in seconds from ``c``; 0 without traffic, infinite when ``n <= a``."""
    if a == 0.0:
        return 0.0
    if n <= a:
        return math.inf
    return c * aht / (n - a)


def search_of(
    a: float,
    per_aht: float,
    target: float,
    *,
    fewest: int = 0,
    aht: float = 1.0,
    max_asa: float | None = None,
) -> tuple[int, float, float]:
    """The smallest ``n > a``, ``n >= fewest`` meeting the service level (and the ASA cap).

    Returns ``(n, C(n), C(n - 1))``.  Erlang B starts at ``⌊a⌋`` agents and is carried
    forward one agent at a time, so the search costs O(√a + n - a), at most O(n); the
    steps are those of the kernels above, so the results are bit for bit the same.
    """
    n = math.floor(a)  # every n <= a is understaffed: C = 1, nothing to test
    b = erlang_b_of(a, n)
    c, exp = 1.0, math.exp
    while True:
        c_less = c
        n += 1
        ab = a * b
        b = ab / (n + ab)
        c = n * b / (n - a * (1.0 - b))
        if c > 1.0:  # rounding; as min(1.0, ...) in erlang_c_of
            c = 1.0
        if (
            n >= fewest
            and 1.0 - c * exp(-(n - a) * per_aht) >= target  # >= 0: as service_level_of
            and (max_asa is None or c * aht / (n - a) <= max_asa)
        ):
            return n, c, c_less
