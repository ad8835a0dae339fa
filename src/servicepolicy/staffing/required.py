"""Required agents: the fewest agents that meet a service-level target (KPI-2) and caps.

``required_agents`` (Erlang C) and ``required_agents_erlang_a`` return a
:class:`~servicepolicy.staffing.Staffing` that explains itself: the agents on the phones,
the agents to schedule after shrinkage, the figures they achieve, and what one agent
fewer would miss.

>>> from servicepolicy.staffing import offered_traffic
>>> traffic = offered_traffic(94, interval=1800, aht=240)  # 94 calls in 30 min, AHT 4 min
>>> staffing = required_agents(traffic, aht=240, shrinkage="0.32")
>>> staffing.agents, staffing.scheduled
(17, 25)
>>> print(staffing)
17 agents (25 scheduled): service level 88.2% within 20 s, ASA 9.2 s, occupancy 73.7% (Erlang C)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, localcontext
from fractions import Fraction

import attrs

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.staffing import _args
from servicepolicy.staffing.abandonment import ErlangA, erlang_a_of
from servicepolicy.staffing.erlang import (
    Number,
    asa_of,
    erlang_b_of,
    erlang_c_of,
    search_of,
    service_level_of,
)
from servicepolicy.staffing.shrinkage import Share, scheduled_of

__all__ = ["Staffing", "required_agents", "required_agents_erlang_a"]

Duration = Number | timedelta


@attrs.frozen(kw_only=True)
class Staffing:
    """How many agents an interval needs, and why: the result of a required-agents search.

    :param model: ``"Erlang C"`` or ``"Erlang A"``.
    :param traffic: offered load in Erlangs.
    :param aht: average handle time, seconds.
    :param threshold: the service-level answer time, seconds.
    :param target: the service-level target, e.g. 0.8 for "80/20".
    :param agents: the fewest agents on the phones that meet every requirement.
    :param scheduled: agents to schedule, ``⌈agents / (1 - shrinkage)⌉`` exactly.
    :param service_level: share of calls offered answered within ``threshold``.
    :param probability_of_waiting: share of calls that find every agent busy.
    :param asa: mean time to answer of the answered calls, seconds.
    :param occupancy: share of the agents' time spent on calls.
    :param abandonment: share of calls offered that hang up (0 in Erlang C).
    :param one_less: the service level ``agents - 1`` would give (0 for none).
    :param binding: the requirements ``agents - 1`` would miss, e.g. ``("service level",)``,
        ``("minimum",)`` where the minimum staffing decides; ``()`` for zero agents.
    :param patience: mean patience of the callers, seconds (Erlang A), or ``None``.
    :param max_occupancy: the occupancy cap, or ``None``.
    :param max_asa: the ASA cap, seconds, or ``None``.
    :param max_abandonment: the abandonment cap (Erlang A), or ``None``.
    :param minimum: the fewest agents to staff whatever the traffic (0: none).

    ``shrinkage`` is the shrinkage applied, as an exact ``Fraction``.

    .. versionadded:: 0.1.0
    """

    model: str
    traffic: float
    aht: float
    threshold: float
    target: float
    agents: int
    scheduled: int
    shrinkage: Fraction
    service_level: float
    probability_of_waiting: float
    asa: float
    occupancy: float
    abandonment: float
    one_less: float
    binding: tuple[str, ...]
    patience: float | None = None
    max_occupancy: float | None = None
    max_asa: float | None = None
    max_abandonment: float | None = None
    minimum: int = 0

    @property
    def definition(self) -> str:
        """Which service level :attr:`service_level` is, in words."""
        within = f"answered within {self.threshold:g} s"
        if self.model == "Erlang A":
            return f"{within} / calls offered; calls that hang up count as missed"
        return f"{within} / calls offered; nobody hangs up in Erlang C, offered = answered"

    @property
    def facts(self) -> dict[str, object]:
        """The inputs and results as plain data, e.g. for a report or a rule's facts."""
        facts = attrs.asdict(self, recurse=False)
        facts["shrinkage"] = _decimal(self.shrinkage)
        facts["binding"] = list(self.binding)
        return {k: v for k, v in facts.items() if v is not None}

    def __str__(self) -> str:
        return (
            f"{self.agents} agents ({self.scheduled} scheduled): service level "
            f"{self.service_level:.1%} within {self.threshold:g} s, ASA {self.asa:.1f} s, "
            f"occupancy {self.occupancy:.1%} ({self.model})"
        )

    def explain(self) -> str:
        """Several lines: the inputs, what the agents achieve, why one fewer would not do."""
        patience = f", patience {self.patience:g} s" if self.patience is not None else ""
        if self.agents == 0:
            fewer = "no agents needed: no calls are offered"
        else:
            fewer = (
                f"{self.agents - 1} agents would miss: {', '.join(self.binding)} (service level "
                f"{self.one_less:.2%})"
            )
        lines = [
            f"{self.model}: {self.traffic:g} Erlangs offered, AHT {self.aht:g} s{patience}",
            f"target: service level >= {self.target:.1%} ({self.definition})"
            + "".join(f", {name} <= {limit}" for name, limit in self._caps())
            + (f", at least {self.minimum} agents" if self.minimum else ""),
            f"{self.agents} agents: service level {self.service_level:.2%}, probability of "
            f"waiting {self.probability_of_waiting:.2%}, ASA {self.asa:.1f} s, occupancy "
            f"{self.occupancy:.2%}"
            + (f", abandonment {self.abandonment:.2%}" if self.model == "Erlang A" else ""),
            fewer,
            f"scheduled: ⌈{self.agents} / (1 - {_decimal(self.shrinkage)})⌉ = {self.scheduled}",
        ]
        return "\n".join(lines)

    def _caps(self) -> list[tuple[str, str]]:
        caps = []
        if self.max_occupancy is not None:
            caps.append(("occupancy", f"{self.max_occupancy:.1%}"))
        if self.max_asa is not None:
            caps.append(("ASA", f"{self.max_asa:g} s"))
        if self.max_abandonment is not None:
            caps.append(("abandonment", f"{self.max_abandonment:.1%}"))
        return caps


def _decimal(share: Fraction) -> str:
    """``share`` as a decimal if it has a finite one (``"0.32"``), else as a fraction."""
    rest = share.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1:
        return str(share)
    with localcontext() as ctx:
        ctx.prec = len(str(share.numerator)) + 2 * len(str(share.denominator))
        return f"{Decimal(share.numerator) / Decimal(share.denominator):f}"


@attrs.frozen
class _Requirements:
    """The checked arguments of a search."""

    traffic: float
    aht: float
    threshold: float
    target: float
    shrinkage: Fraction
    max_occupancy: Fraction | None
    max_asa: float | None


def _requirements(
    traffic: Number,
    aht: Duration,
    target: Number,
    threshold: Duration,
    max_occupancy: Share | None,
    max_asa: Duration | None,
    shrinkage: Share,
) -> _Requirements:
    occupancy_cap = None if max_occupancy is None else _args.exact("max_occupancy", max_occupancy)
    if occupancy_cap is not None and not 0 < occupancy_cap <= 1:
        raise InvalidArgumentError("max_occupancy", max_occupancy, "a fraction in (0, 1]")
    return _Requirements(
        traffic=_args.traffic(traffic),
        aht=_args.seconds("aht", aht, positive=True),
        threshold=_args.seconds("threshold", threshold, positive=False),
        target=_args.probability("target", target),
        shrinkage=_args.shrinkage(shrinkage),
        max_occupancy=occupancy_cap,
        max_asa=_args.optional_positive("max_asa", max_asa),
    )


def required_agents(
    traffic: Number,
    aht: Duration,
    *,
    target: Number = 0.8,
    threshold: Duration = 20,
    max_occupancy: Share | None = None,
    max_asa: Duration | None = None,
    shrinkage: Share = 0,
    minimum: int = 0,
) -> Staffing:
    """The fewest agents meeting the service level (80/20 by default, KPI-2), Erlang C.

    The search starts Erlang B at ``⌊traffic⌋`` agents and carries it forward one agent at
    a time, testing every ``N > traffic``: O(√traffic + N - traffic), at most O(N).  The
    occupancy cap is compared exactly (``traffic / N <= max_occupancy`` in fractions of the
    decimals given; a decimal string such as ``"0.85"`` is accepted).

    >>> s = required_agents(10, aht=180, max_occupancy=0.7)
    >>> s.agents, s.binding, round(s.one_less, 4)
    (15, ('occupancy',), 0.8884)

    An interval without calls needs no agents, or the ``minimum`` the policy staffs
    anyway (a night shift of one):

    >>> required_agents(0, aht=180).agents, required_agents(0, aht=180, minimum=1).binding
    (0, ('minimum',))

    :param traffic: offered load in Erlangs, >= 0 (see :func:`offered_traffic`).
    :param aht: average handle time, a timedelta or seconds, > 0.
    :param target: service-level target, strictly between 0 and 1.
    :param threshold: answer-time threshold, a timedelta or seconds, >= 0.
    :param max_occupancy: cap on ``traffic / agents`` in (0, 1], or ``None``.
    :param max_asa: cap on the ASA, a timedelta or seconds > 0, or ``None``.
    :param shrinkage: share of paid time not on the phones, as for
        :func:`~servicepolicy.staffing.scheduled_agents`.
    :param minimum: the fewest agents to staff whatever the traffic (0 by default: an
        interval without calls needs nobody).
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    req = _requirements(traffic, aht, target, threshold, max_occupancy, max_asa, shrinkage)
    least = _args.agents(minimum, argument="minimum")
    a, per_aht = req.traffic, req.threshold / req.aht
    if a == 0.0:
        return _idle("Erlang C", req, least)
    fewest = 0
    if req.max_occupancy is not None:
        fewest = math.ceil(_args.exact("traffic", traffic) / req.max_occupancy)
    found, c, c_less = search_of(
        a, per_aht, req.target, fewest=fewest, aht=req.aht, max_asa=req.max_asa
    )
    n = max(found, least)
    if n > found:  # the minimum decides: the figures of that many agents
        c = erlang_c_of(a, n, erlang_b_of(a, n))
        c_less = erlang_c_of(a, n - 1, erlang_b_of(a, n - 1))
    less = service_level_of(a, n - 1, c_less, per_aht)
    binding = []
    if less < req.target:
        binding.append("service level")
    if req.max_occupancy is not None and n - 1 < fewest:
        binding.append("occupancy")
    if req.max_asa is not None and asa_of(a, n - 1, c_less, req.aht) > req.max_asa:
        binding.append("ASA")
    if n - 1 < least:
        binding.append("minimum")
    return Staffing(
        model="Erlang C",
        traffic=a,
        aht=req.aht,
        threshold=req.threshold,
        target=req.target,
        agents=n,
        scheduled=scheduled_of(n, req.shrinkage),
        shrinkage=req.shrinkage,
        service_level=service_level_of(a, n, c, per_aht),
        probability_of_waiting=c,
        asa=asa_of(a, n, c, req.aht),
        occupancy=min(1.0, a / n),
        abandonment=0.0,
        one_less=less,
        binding=tuple(binding),
        max_occupancy=None if req.max_occupancy is None else float(req.max_occupancy),
        max_asa=req.max_asa,
        minimum=least,
    )


def _idle(
    model: str,
    req: _Requirements,
    least: int,
    patience: float | None = None,
    max_abandonment: float | None = None,
) -> Staffing:
    """An interval without calls: ``least`` agents, nobody waits or hangs up."""
    return Staffing(
        model=model,
        traffic=0.0,
        aht=req.aht,
        threshold=req.threshold,
        target=req.target,
        agents=least,
        scheduled=scheduled_of(least, req.shrinkage),
        shrinkage=req.shrinkage,
        service_level=1.0,
        probability_of_waiting=0.0,
        asa=0.0,
        occupancy=0.0,
        abandonment=0.0,
        one_less=1.0 if least else 0.0,
        binding=("minimum",) if least else (),
        patience=patience,
        max_occupancy=None if req.max_occupancy is None else float(req.max_occupancy),
        max_asa=req.max_asa,
        max_abandonment=max_abandonment,
        minimum=least,
    )


def required_agents_erlang_a(
    traffic: Number,
    aht: Duration,
    patience: Duration,
    *,
    target: Number = 0.8,
    threshold: Duration = 20,
    max_occupancy: Share | None = None,
    max_asa: Duration | None = None,
    max_abandonment: Number | None = None,
    shrinkage: Share = 0,
    minimum: int = 0,
) -> Staffing:
    """The fewest agents meeting the service level when callers hang up (Erlang A).

    The service level is answered within ``threshold`` over calls *offered* (see
    :mod:`~servicepolicy.staffing.abandonment`).  It, the occupancy, the ASA and the
    abandonment all improve with every agent added, so the search brackets the answer
    (no ``N < target·traffic`` can answer that share of the calls; the Erlang C answer
    is the first probe) and bisects: a handful of evaluations, none of them skipped
    agents below ``traffic``, where Erlang A often already meets the target.

    >>> s = required_agents_erlang_a(100, aht=240, patience=120)
    >>> s.agents, round(s.service_level, 4), round(s.one_less, 4)
    (97, 0.8061, 0.7837)

    :param traffic: offered load in Erlangs, >= 0.
    :param aht: average handle time, a timedelta or seconds, > 0.
    :param patience: mean patience of the callers, a timedelta or seconds, > 0.
    :param target: service-level target, strictly between 0 and 1.
    :param threshold: answer-time threshold, a timedelta or seconds, >= 0.
    :param max_occupancy: cap on the occupancy in (0, 1], or ``None``.
    :param max_asa: cap on the ASA of answered calls, seconds > 0, or ``None``.
    :param max_abandonment: cap on the share of calls that hang up, in (0, 1), or ``None``.
    :param shrinkage: as for :func:`required_agents`.
    :param minimum: as for :func:`required_agents`.
    :raises servicepolicy.errors.InvalidArgumentError: for a value out of range.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    req = _requirements(traffic, aht, target, threshold, max_occupancy, max_asa, shrinkage)
    least = _args.agents(minimum, argument="minimum")
    wait = _args.seconds("patience", patience, positive=True)
    abandon_cap = (
        None if max_abandonment is None else _args.probability("max_abandonment", max_abandonment)
    )
    if req.traffic == 0.0:
        return _idle("Erlang A", req, least, wait, abandon_cap)
    occupancy_cap = None if req.max_occupancy is None else float(req.max_occupancy)
    a = req.traffic
    failing = max(0, math.ceil(req.target * a) - 1)  # answers less than target·a of the calls
    seen: dict[int, ErlangA] = {}

    def evaluate(n: int) -> ErlangA:
        if n not in seen:
            b = erlang_b_of(a, n)
            seen[n] = erlang_a_of(a, n, b, req.aht, wait, req.threshold)
        return seen[n]

    def misses(m: ErlangA) -> list[str]:
        return [
            name
            for name, missed in (
                ("service level", m.service_level < req.target),
                ("occupancy", occupancy_cap is not None and m.occupancy > occupancy_cap),
                ("ASA", req.max_asa is not None and m.asa > req.max_asa),
                ("abandonment", abandon_cap is not None and m.abandonment > abandon_cap),
            )
            if missed
        ] + (["minimum"] if m.agents < least else [])

    n = _bisect(lambda n: not misses(evaluate(n)), failing, _probe(req))
    m = evaluate(n)
    below = evaluate(n - 1) if n > 1 else None
    return Staffing(
        model="Erlang A",
        traffic=a,
        aht=req.aht,
        threshold=req.threshold,
        target=req.target,
        agents=n,
        scheduled=scheduled_of(n, req.shrinkage),
        shrinkage=req.shrinkage,
        service_level=m.service_level,
        probability_of_waiting=m.probability_of_waiting,
        asa=m.asa,
        occupancy=m.occupancy,
        abandonment=m.abandonment,
        one_less=0.0 if below is None else below.service_level,
        binding=(("service level",) + (("minimum",) if least else ()))
        if below is None
        else tuple(misses(below)),
        patience=wait,
        max_occupancy=occupancy_cap,
        max_asa=req.max_asa,
        max_abandonment=abandon_cap,
        minimum=least,
    )


def _probe(req: _Requirements) -> int:
    """The Erlang C answer for the service level alone: a first guess for Erlang A."""
    return search_of(req.traffic, req.threshold / req.aht, req.target)[0]


def _bisect(ok: Callable[[int], bool], failing: int, guess: int) -> int:
    """The smallest ``n > failing`` with ``ok(n)``, for ``ok`` false then true as n grows.

    ``failing`` is known to fail (0 agents always does); ``guess`` is the first probe.
    """
    low = max(0, failing)
    high = max(guess, low + 1)
    step = max(1, high // 16)
    while not ok(high):
        low, high, step = high, high + step, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle
    return high
