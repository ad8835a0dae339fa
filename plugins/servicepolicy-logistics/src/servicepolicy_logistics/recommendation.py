"""LOG-2: recommending a transport mode, with its reasoning.

:func:`recommend_transport` works in two steps:

1. *hard constraints* rule a mode out: no route for it, goods it may not carry
   (:attr:`~servicepolicy_logistics.TransportThresholds.forbidden`), an estimated transit
   longer than the time allowed, an estimated cost over the budget;
2. among the modes left, the one matching most of the manual's criteria for it
   (:data:`~servicepolicy_logistics.MODE_CRITERIA`) wins; a tie goes to the cheaper, then
   the faster, then in the order road, rail, air, sea.

The answer is deterministic and never names a mode it reports as ruled out.  It says
which criteria decided (:attr:`TransportRecommendation.decided_by`) and why each
alternative was ruled out or lost (:attr:`TransportRecommendation.reasons`).

>>> from datetime import timedelta
>>> from servicepolicy_logistics import TransportRequest
>>> r = recommend_transport(TransportRequest(
...     "general", weight_t=2, distance_km=120, time_allowed=timedelta(hours=12)))
>>> r.mode, r.decided_by
(<TransportMode.ROAD: 'road'>, ('short distance', 'urgent'))
>>> [str(reason) for reason in r.assessment("sea").ruled_out]  # doctest: +NORMALIZE_WHITESPACE
['route: no sea route between the two ends',
 'time requirement: about 3 days 5 hours 45 minutes for 120 km, more than the 12 hours allowed']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import timedelta

import attrs
from servicepolicy.errors import WrongTypeError
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation

from servicepolicy_logistics import _checks as check
from servicepolicy_logistics.transport import (
    MODE_CRITERIA,
    Constraint,
    Criterion,
    GoodsType,
    TransportMode,
    TransportRequest,
    TransportThresholds,
)

__all__ = [
    "CriterionCheck",
    "ModeAssessment",
    "RuledOut",
    "TransportRecommendation",
    "recommend_transport",
]

_ORDER = tuple(TransportMode)


@attrs.frozen
class CriterionCheck:
    """Whether a criterion holds for a request, and the figures that say so.

    .. versionadded:: 0.1.0
    """

    criterion: Criterion
    holds: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.criterion}: {'yes' if self.holds else 'no'} ({self.detail})"


@attrs.frozen
class RuledOut:
    """Why a mode cannot be used: the hard constraint, and the figures.

    .. versionadded:: 0.1.0
    """

    constraint: Constraint
    reason: str

    def __str__(self) -> str:
        return f"{self.constraint}: {self.reason}"


@attrs.frozen
class ModeAssessment:
    """One mode judged for a request: its estimates, the manual's criteria for it that
    hold, and what rules it out (nothing, if it is feasible).

    .. versionadded:: 0.1.0
    """

    mode: TransportMode
    transit: timedelta
    cost: float
    matched: tuple[Criterion, ...]
    ruled_out: tuple[RuledOut, ...] = ()

    @property
    def feasible(self) -> bool:
        """Whether no hard constraint rules the mode out."""
        return not self.ruled_out

    def __str__(self) -> str:
        if self.ruled_out:
            return f"{self.mode}: ruled out ({'; '.join(map(str, self.ruled_out))})"
        matched = ", ".join(self.matched) or "none of its criteria"
        return (
            f"{self.mode}: possible, matches {matched}; about {describe_span(self.transit)}, "
            f"cost about {self.cost:,.0f}"
        )


@attrs.frozen
class TransportRecommendation:
    """The mode chosen for a request, or ``None`` when every mode is ruled out (LOG-2).

    :param request: what was asked.
    :param mode: the mode recommended, never one of the ruled-out modes.
    :param criteria: each criterion of the manual, whether it holds and why.
    :param assessments: every mode, in the order road, rail, air, sea.
    :param decided_by: what decided: the chosen mode's criteria that hold, then the
        tie-breaks used against equally matching modes (``"lower cost"``, ``"shorter
        transit"``, ``"mode order"``).
    :param reasons: the reasoning in sentences: the choice, then each alternative.

    .. versionadded:: 0.1.0
    """

    request: TransportRequest
    mode: TransportMode | None
    criteria: tuple[CriterionCheck, ...]
    assessments: tuple[ModeAssessment, ...]
    decided_by: tuple[str, ...]
    reasons: tuple[str, ...]

    def assessment(self, mode: TransportMode | str) -> ModeAssessment:
        """The assessment of ``mode``."""
        wanted = check.member("mode", mode, TransportMode)
        return next(a for a in self.assessments if a.mode is wanted)

    @property
    def ruled_out(self) -> tuple[TransportMode, ...]:
        """The modes a hard constraint rules out."""
        return tuple(a.mode for a in self.assessments if not a.feasible)

    @property
    def alternatives(self) -> tuple[TransportMode, ...]:
        """The feasible modes not chosen."""
        return tuple(a.mode for a in self.assessments if a.feasible and a.mode is not self.mode)

    @property
    def violations(self) -> tuple[Violation, ...]:
        """A LOG-2 error when no mode meets the hard constraints; nothing otherwise."""
        if self.mode is not None:
            return ()
        facts = {str(a.mode): "; ".join(map(str, a.ruled_out)) for a in self.assessments}
        return (
            Violation(
                "LOG-2",
                Severity.ERROR,
                "no transport mode meets the route, goods, time and budget constraints",
                facts=facts,
                suggestion="allow more time or a larger budget, or split the shipment",
            ),
        )

    def explain(self) -> str:
        """The reasoning, one line each: the choice, the alternatives, the criteria."""
        head = f"recommended: {self.mode or 'none'}"
        if self.decided_by:
            head += f" (decided by {', '.join(self.decided_by)})"
        lines = [head, *(f"  {reason}" for reason in self.reasons), "  criteria:"]
        lines += [f"    {c}" for c in self.criteria]
        return "\n".join(lines)


def recommend_transport(
    request: TransportRequest, thresholds: TransportThresholds | None = None
) -> TransportRecommendation:
    """The transport mode for ``request`` under ``thresholds`` (LOG-2), with its reasoning.

    :raises servicepolicy.errors.WrongTypeError: if ``request`` is not a
        :class:`~servicepolicy_logistics.TransportRequest` or ``thresholds`` not a
        :class:`~servicepolicy_logistics.TransportThresholds`.

    .. versionadded:: 0.1.0
    """
    if not isinstance(request, TransportRequest):
        raise WrongTypeError("request", request, "a TransportRequest")
    limits = TransportThresholds() if thresholds is None else thresholds
    if not isinstance(limits, TransportThresholds):
        raise WrongTypeError("thresholds", thresholds, "a TransportThresholds or None")
    criteria = _criteria(request, limits)
    holding = {c.criterion for c in criteria if c.holds}
    assessments = tuple(_assess(mode, request, limits, holding) for mode in _ORDER)
    feasible = [a for a in assessments if a.feasible]
    if not feasible:
        reasons = tuple(str(a) for a in assessments)
        return TransportRecommendation(request, None, criteria, assessments, (), reasons)
    best = min(feasible, key=_rank)
    decided = [str(c) for c in best.matched]
    because = [_chosen(best)]
    for other in assessments:
        if other is best:
            continue
        if not other.feasible:
            because.append(str(other))
            continue
        tie = _tie_break(best, other)
        if tie is None:
            because.append(
                f"{other.mode} matches fewer criteria ({len(other.matched)}: "
                f"{', '.join(other.matched) or 'none'})"
            )
        else:
            decided.append(tie[0])
            because.append(f"{other.mode} matches as many criteria, but {tie[1]}")
    return TransportRecommendation(
        request, best.mode, criteria, assessments, tuple(dict.fromkeys(decided)), tuple(because)
    )


def _rank(a: ModeAssessment) -> tuple[int, float, timedelta, int]:
    return (-len(a.matched), a.cost, a.transit, _ORDER.index(a.mode))


def _tie_break(best: ModeAssessment, other: ModeAssessment) -> tuple[str, str] | None:
    """What separated ``best`` from ``other`` when they match as many criteria."""
    if len(other.matched) != len(best.matched):
        return None
    if other.cost != best.cost:
        return "lower cost", f"costs more ({other.cost:,.0f} against {best.cost:,.0f})"
    if other.transit != best.transit:
        return "shorter transit", (
            f"takes longer ({describe_span(other.transit)} against {describe_span(best.transit)})"
        )
    return "mode order", f"{best.mode} comes first in the order road, rail, air, sea"


def _chosen(best: ModeAssessment) -> str:
    suits = ", ".join(MODE_CRITERIA[best.mode])
    matched = ", ".join(best.matched) or "none"
    return (
        f"{best.mode} (suits {suits}) matches {len(best.matched)}: {matched}; about "
        f"{describe_span(best.transit)}, cost about {best.cost:,.0f}"
    )


def _assess(
    mode: TransportMode,
    request: TransportRequest,
    limits: TransportThresholds,
    holding: set[Criterion],
) -> ModeAssessment:
    profile = limits.profile(mode)
    transit = profile.transit(request.distance_km)
    cost = profile.cost(request.weight_t, request.distance_km)
    out: list[RuledOut] = []
    route = {
        TransportMode.ROAD: (request.land_route, "no land route"),
        TransportMode.RAIL: (request.land_route, "no land route"),
        TransportMode.AIR: (request.air_route, "no airport at both ends"),
        TransportMode.SEA: (request.sea_route, "no sea route between the two ends"),
    }[mode]
    if not route[0]:
        out.append(RuledOut(Constraint.ROUTE, route[1]))
    if mode in limits.forbidden.get(request.goods, frozenset()):
        out.append(RuledOut(Constraint.GOODS, f"{request.goods} goods may not go by {mode}"))
    if transit > request.time_allowed:
        out.append(
            RuledOut(
                Constraint.TIME,
                f"about {describe_span(transit)} for {request.distance_km:g} km, more than "
                f"the {describe_span(request.time_allowed)} allowed",
            )
        )
    if request.budget is not None and cost > request.budget:
        out.append(
            RuledOut(
                Constraint.BUDGET,
                f"about {cost:,.0f} for {request.weight_t:g} t over {request.distance_km:g} km, "
                f"more than the budget of {request.budget:,.0f}",
            )
        )
    matched = tuple(c for c in MODE_CRITERIA[mode] if c in holding)
    return ModeAssessment(mode, transit, cost, matched, tuple(out))


def _criteria(request: TransportRequest, t: TransportThresholds) -> tuple[CriterionCheck, ...]:
    distance, weight, goods = request.distance_km, request.weight_t, request.goods
    per_kg = request.value_per_kg
    allowed = describe_span(request.time_allowed)
    urgent_by_time = request.time_allowed <= t.urgent_within
    urgent = urgent_by_time or goods is GoodsType.PERISHABLE
    high = goods is GoodsType.HIGH_VALUE or (per_kg is not None and per_kg >= t.high_value_per_kg)
    low = not high and per_kg is not None and per_kg <= t.low_value_per_kg
    value = "value unknown" if per_kg is None else f"{per_kg:,.2f} per kg"
    return (
        CriterionCheck(
            Criterion.SHORT_DISTANCE,
            distance <= t.short_km,
            f"{distance:g} km, short up to {t.short_km:g} km",
        ),
        CriterionCheck(
            Criterion.LONG_DISTANCE,
            distance >= t.long_km,
            f"{distance:g} km, long from {t.long_km:g} km",
        ),
        CriterionCheck(
            Criterion.URGENT,
            urgent,
            f"{allowed} allowed, urgent within {describe_span(t.urgent_within)}"
            + ("; perishable goods" if goods is GoodsType.PERISHABLE else ""),
        ),
        CriterionCheck(
            Criterion.FLEXIBLE,
            request.door_to_door,
            "door-to-door service needed" if request.door_to_door else "no door-to-door need",
        ),
        CriterionCheck(
            Criterion.BULK,
            goods is GoodsType.BULK or weight >= t.bulk_tonnes,
            f"{weight:g} t, bulk from {t.bulk_tonnes:g} t"
            + ("; bulk goods" if goods is GoodsType.BULK else ""),
        ),
        CriterionCheck(
            Criterion.STABLE,
            request.needs_reliability,
            "a dependable schedule needed"
            if request.needs_reliability
            else "no particular need for a dependable schedule",
        ),
        CriterionCheck(
            Criterion.HIGH_VALUE,
            high,
            f"{value}, high from {t.high_value_per_kg:,.2f}"
            + ("; high-value goods" if goods is GoodsType.HIGH_VALUE else ""),
        ),
        CriterionCheck(
            Criterion.LOW_VALUE,
            low,
            f"{value}, low up to {t.low_value_per_kg:,.2f}",
        ),
    )
