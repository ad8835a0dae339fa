"""Erlang A (M/M/N+M): the Erlang C queue in which waiting callers hang up.

Each caller waits at most an exponentially distributed patience with mean ``patience``,
then abandons.  The queue is stable at any load, so Erlang A also answers for understaffed
intervals, and it needs fewer agents than Erlang C where callers are impatient.

>>> m = erlang_a(10, 13, aht=180, patience=300, threshold=20)
>>> round(m.service_level, 4), round(m.abandonment, 4), round(m.asa, 2)
(0.8582, 0.025, 6.91)

**The service level** is the share of *offered* calls answered within the threshold:
``A_T / (A + Ab)`` (KPI-2), so a call that hangs up counts as missed whenever it hangs up.
The other shares are there to compute the other variants: ``abandonment`` (``Ab``) and
``abandoned_within`` (``Ab_T``, hung up within the threshold), all over calls offered:

* answered within T over answered calls: ``service_level / (1 - abandonment)``;
* answered or abandoned within T, over offered: ``service_level + abandoned_within``;
* short abandons excluded: ``service_level / (1 - abandoned_within)``.

How it is computed: the stationary distribution of the birth-death chain (arrivals at
rate λ; departures at ``min(n, N)·μ + max(n - N, 0)·θ`` with ``μ = 1/aht``,
``θ = 1/patience``) gives the probability of waiting from Erlang B, ``P_w = B·T / (1 - B +
B·T)``, with the queue's tail ``T`` summed around its peak (so nothing overflows).  A caller
who finds ``j`` callers waiting ahead reaches an agent after ``j + 1`` exponential stages of
rates ``Nμ + kθ`` (``k = j … 0``) unless it hangs up first.  With ``x = exp(-θt)`` and
``c = Nμ/θ`` this offered wait exceeds ``t`` with probability ``I_x(c, j + 1)`` (the
regularised incomplete beta function, a negative-binomial sum), and the caller is answered
within ``t`` with probability ``c/(c + j + 1)·(1 - I_x(c + 1, j + 1))``.  An evaluation
costs Erlang B (``O(√A + |N - A|)``) and single passes over the queue lengths that matter.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from datetime import timedelta

import attrs

from servicepolicy.errors import OutOfRangeError
from servicepolicy.staffing import _args
from servicepolicy.staffing.erlang import Number, erlang_b_of

__all__ = ["ErlangA", "erlang_a"]

#: Queue weights below this share of the peak are left out (relative, far below float eps).
_TINY = 1e-22
#: At most this many queue lengths are summed: beyond, ask for a shorter patience.
_MAX_QUEUE = 1_000_000


@attrs.frozen(kw_only=True)
class ErlangA:
    """What one interval looks like under Erlang A; all shares are of calls *offered*.

    :param traffic: offered load in Erlangs.
    :param agents: agents answering calls (N).
    :param aht: average handle time, seconds.
    :param patience: mean time a caller waits before hanging up, seconds.
    :param threshold: the service-level answer time, seconds.
    :param probability_of_waiting: share of calls that find every agent busy.
    :param service_level: share answered within ``threshold`` (``A_T / (A + Ab)``).
    :param abandonment: share that hang up before being answered.
    :param abandoned_within: share that hang up within ``threshold``.
    :param asa: mean wait of the *answered* calls, seconds (0 for those answered at once).
    :param mean_wait: mean time in the queue over all calls, answered or not, seconds.
    :param queue_length: mean number of callers waiting.
    :param occupancy: share of the agents' time spent on calls, ``A·(1 - abandonment)/N``.

    .. versionadded:: 0.1.0
    """

    traffic: float
    agents: int
    aht: float
    patience: float
    threshold: float
    probability_of_waiting: float
    service_level: float
    abandonment: float
    abandoned_within: float
    asa: float
    mean_wait: float
    queue_length: float
    occupancy: float


def erlang_a(
    traffic: Number,
    agents: int,
    aht: Number | timedelta,
    patience: Number | timedelta,
    threshold: Number | timedelta,
) -> ErlangA:
    """Evaluate ``agents`` against ``traffic`` in an M/M/N+M queue (Erlang A).

    >>> m = erlang_a(100, 97, aht=240, patience=120, threshold=20)  # fewer agents than Erlangs
    >>> round(m.service_level, 3), round(m.abandonment, 3), round(m.occupancy, 3)
    (0.806, 0.064, 0.965)

    An interval without calls (``traffic`` 0) has nobody waiting or hanging up: service
    level 1, abandonment, waits and occupancy 0.

    :param traffic: offered load in Erlangs, >= 0.
    :param agents: number of agents, >= 1.
    :param aht: average handle time, a timedelta or seconds, > 0.
    :param patience: mean patience of the callers, a timedelta or seconds, > 0.
    :param threshold: the service-level answer time (20 s in "80/20"), >= 0.
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.
    :raises servicepolicy.errors.OutOfRangeError: if the queue would hold more than a
        million callers (patience far longer than the AHT, heavily understaffed).

    .. versionadded:: 0.1.0
    """
    a, n = _args.traffic(traffic), _args.agents(agents, minimum=1)
    handle = _args.seconds("aht", aht, positive=True)
    wait = _args.seconds("patience", patience, positive=True)
    limit = _args.seconds("threshold", threshold, positive=False)
    return erlang_a_of(a, n, erlang_b_of(a, n), handle, wait, limit)


def erlang_a_of(a: float, n: int, b: float, aht: float, patience: float, t: float) -> ErlangA:
    """Erlang A from ``b = erlang_b_of(a, n)``, without argument checks (``n >= 1``)."""
    if a == 0.0:  # no calls: nobody waits, nobody hangs up, the agents are idle
        return ErlangA(
            traffic=a,
            agents=n,
            aht=aht,
            patience=patience,
            threshold=t,
            probability_of_waiting=0.0,
            service_level=1.0,
            abandonment=0.0,
            abandoned_within=0.0,
            asa=0.0,
            mean_wait=0.0,
            queue_length=0.0,
            occupancy=0.0,
        )
    r = patience / aht
    c, g = n * r, a * r  # N·μ/θ and λ/θ: departure and arrival rates in units of θ
    low, weights = _queue_weights(a, n, aht, patience, c, g)
    total = math.fsum(weights)
    # The peak's weight relative to the empty queue: Π_{i<=peak} g/(c+i), as a logarithm.
    peak = max(0, math.floor(g - c))
    log_peak = peak * math.log(g) - math.lgamma(c + peak + 1) + math.lgamma(c + 1) if peak else 0.0
    if b > 0.0:  # P_w = B·T / (1 - B + B·T), T = total·exp(log_peak), without overflow
        e = math.log1p(-b) - (math.log(b) + log_peak + math.log(total))
        pw = 1.0 / (1.0 + math.exp(e)) if e < 700.0 else math.exp(-e)
    else:
        pw = 0.0
    # One backward pass over the queue lengths j found on arrival: suffix sums (j >= k) of
    # the weights (Q) and of weight / (c + j + 1) (U), Σ j·w, and Σ_k U_k / (c + 1 + k),
    # which is the answered callers' mean wait in units of 1/θ, over c.
    size = len(weights)
    q_suffix = [0.0] * size
    u_suffix = [0.0] * size
    q = u = queue = wait = 0.0
    base = c + low + 1.0  # c + j + 1 at j = low
    for i in range(size - 1, -1, -1):
        w = weights[i]
        d = base + i
        q += w
        u += w / d
        q_suffix[i] = q
        u_suffix[i] = u
        queue += (low + i) * w
        wait += u / d
    for k in range(low):  # queue lengths below the weights kept: U_k is U at `low`
        wait += u / (c + 1 + k)
    answered_given_wait = c * u / total
    over_t, under_t = _within(c, n, low, q_suffix, u_suffix, aht, patience, t)
    x = math.exp(-t / patience)
    answered_in_t = answered_given_wait - x * under_t / total
    abandonment = pw * (1.0 - answered_given_wait)
    service = (1.0 - pw) + pw * answered_in_t
    left_within = (1.0 - pw) + pw * (1.0 - x * over_t / total)
    answered = 1.0 - abandonment
    return ErlangA(
        traffic=a,
        agents=n,
        aht=aht,
        patience=patience,
        threshold=t,
        probability_of_waiting=pw,
        service_level=_share(service),
        abandonment=_share(abandonment),
        abandoned_within=_share(left_within - service),
        asa=pw * c * wait / total * patience / answered if answered > 0 else 0.0,
        mean_wait=pw * queue / total * aht / a,
        queue_length=pw * queue / total,
        occupancy=_share(a * answered / n),
    )


def _queue_weights(
    a: float, n: int, aht: float, patience: float, c: float, g: float
) -> tuple[int, list[float]]:
    """``(low, w)``: the weights ``w[i] ∝ P(N + low + i in the system)``, peak 1.

    ``w_j ∝ Π_{i<=j} g / (c + i)`` rises while ``g / (c + j) >= 1`` and falls after; it is
    built outwards from its peak so nothing overflows, and cut where it drops below
    ``_TINY`` of the peak on either side.
    """
    peak = max(0, math.floor(g - c))
    if peak > _MAX_QUEUE:
        raise _too_long(a, n, aht, patience)
    weights: list[float] = []
    w, j = 1.0, peak
    while j > 0:
        w *= (c + j) / g
        if w < _TINY:
            break
        weights.append(w)
        j -= 1
    low = peak - len(weights)
    weights.reverse()
    weights.append(1.0)
    limit = low + _MAX_QUEUE
    w, j = 1.0, peak
    while True:
        j += 1
        w *= g / (c + j)
        if w < _TINY:
            return low, weights
        weights.append(w)
        if j > limit:
            raise _too_long(a, n, aht, patience)


def _within(
    c: float,
    n: int,
    low: int,
    q_suffix: list[float],
    u_suffix: list[float],
    aht: float,
    patience: float,
    t: float,
) -> tuple[float, float]:
    """``(Σ_k nb_k·Q_k, Σ_k nb_k·(c + k)·U_k)`` over the queue lengths k on arrival.

    ``nb_k = C(c + k - 1, k)·x^c·(1 - x)^k`` with ``x = exp(-t/patience)`` sums to
    ``I_x(c, j + 1)`` over ``k <= j``: the first sum over the total weight is P(offered wait
    > t | wait); the terms for ``c + 1`` are ``nb_k·x·(c + k)/c``, which gives the second.
    Terms start in log space while they would underflow a float, then go on by their
    ratios, and stop past their mode once negligible.
    """
    one_minus_x = -math.expm1(-t / patience)
    if one_minus_x == 0.0:  # t = 0: the offered wait of everyone who waits exceeds t
        return q_suffix[0], c * u_suffix[0]
    log_step = math.log(one_minus_x)
    log_v = -n * t / aht  # ln x^c
    linear = log_v > -700.0
    v = math.exp(log_v) if linear else 0.0
    head_over = head_under = over = under = 0.0
    for k in range(low + len(q_suffix)):
        if k:
            if linear:
                v *= (c + k - 1) * one_minus_x / k
            else:
                log_v += log_step + math.log((c + k - 1) / k)
                if log_v > -700.0:
                    v, linear = math.exp(log_v), True
        if linear:
            if k < low:  # below the weights kept, Q_k and U_k are those at `low`
                head_over += v
                head_under += v * (c + k)
            else:
                over += v * q_suffix[k - low]
                under += v * (c + k) * u_suffix[k - low]
            if v < _TINY and (c + k) * one_minus_x < k + 1:
                break
    return over + head_over * q_suffix[0], under + head_under * u_suffix[0]


def _share(value: float) -> float:
    """A share computed as a difference of sums, clamped to [0, 1] against rounding."""
    return min(1.0, max(0.0, value))


def _too_long(a: float, n: int, aht: float, patience: float) -> OutOfRangeError:
    return OutOfRangeError(
        f"patience: the queue of {n} agents for {a:g} Erlangs with a patience of "
        f"{patience:g} s (AHT {aht:g} s) would hold more than {_MAX_QUEUE:,} callers; "
        "Erlang A is only evaluated for shorter patience or more agents",
        argument="patience",
        value=patience,
        expected=f"a queue of at most {_MAX_QUEUE:,} callers",
    )
