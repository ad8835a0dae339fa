"""The measures, their named formula variants, and the counts they are computed from
(KPI-1 … KPI-11).

Accumulators keep, per group, one list of integer counts (calls offered, answered,
waits in milliseconds …); every variant of every measure is a formula over those counts,
so one pass serves every variant and two partial results merge by adding their counts.
:data:`MEASURES` lists each measure with its variants:

>>> sorted(MEASURES["service_level"].variants)
['(A_T+Ab_T)/(A+Ab)', 'A_T/(A+Ab)', 'A_T/(A+Ab-Ab_S)', 'A_T/(A+Ab-Ab_T)', 'A_T/(A+Ab_Q)', 'A_T/A']

The symbols: N calls offered, Q calls that reached the agent queue (answered calls
always did), A answered, Ab abandoned, A_T answered within the threshold T, Ab_T
abandoned within T, Ab_S short abandons (abandoned within S seconds), Ab_Q abandoned
after entering the queue, SS calls completed by IVR self-service, Ab_IVR calls whose
caller hung up in the IVR; IVR = N - Q, the calls that never reached the queue.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from servicepolicy.kpi import _counts as k
from servicepolicy.kpi._figure import Figure, Formula, ratio, seconds
from servicepolicy.kpi._ticket_formulas import (
    attitude,
    complaint_resolution,
    new_projects,
    problem_resolution,
    reply_on_time,
    response_time,
    revenue_growth,
)
from servicepolicy.kpi.records import Direction
from servicepolicy.kpi.targets import Goal, Target

if TYPE_CHECKING:
    from servicepolicy.kpi.definitions import Kpi

__all__ = ["MEASURES", "Figure", "Measure", "Variant"]


@attrs.frozen
class Variant:
    """One formula of a measure.

    ``compute(counts, kpi, layout)`` is the formula over a group's counts.

    :param name: the variant's name, its formula in the symbols of the module docs.
    :param unit: ``"ratio"`` (0–1), ``"seconds"``, ``"rings"``, ``"score"``, ``"points"``
        or ``"count"``.
    :param summary: what it counts, in words.

    .. versionadded:: 0.1.0
    """

    name: str
    unit: str
    compute: Formula = attrs.field(eq=False, repr=False)
    summary: str = ""


def _variant_map(value: Mapping[str, Variant]) -> Mapping[str, Variant]:
    return MappingProxyType(dict(value))


def _target_map(value: Mapping[Direction | None, Target]) -> Mapping[Direction | None, Target]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Measure:
    """A measure of the manuals: its rule, goal, variants and defaults.

    :param name: ``"service_level"``.
    :param rule_id: the rule it implements (``"KPI-2"``).
    :param goal: at least, at most, or within.
    :param source: ``"calls"`` (call, survey and agent-time records), ``"tickets"``,
        ``"complaints"`` (complaints about agents) or ``"business"`` (key-account
        business records).
    :param variants: the formulas, by name.
    :param default_variant: the variant used unless another is named.
    :param default_direction: the calls it counts unless told otherwise (``None``: both).
    :param targets: the manuals' default target, by the direction counted.
    :param parameters: the :class:`~servicepolicy.kpi.Kpi` parameters it reads.

    .. versionadded:: 0.1.0
    """

    name: str
    rule_id: str
    goal: Goal
    source: str
    variants: Mapping[str, Variant] = attrs.field(converter=_variant_map)
    default_variant: str
    default_direction: Direction | None = None
    targets: Mapping[Direction | None, Target] = attrs.field(factory=dict, converter=_target_map)
    parameters: tuple[str, ...] = ()


# -- formulas -------------------------------------------------------------------------------


def _service_level(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        a, ab = c[k.ANSWERED], c[k.ABANDONED]
        a_t = layout.within(c, kpi.threshold_ms, abandoned=False)
        ab_t = layout.within(c, kpi.threshold_ms, abandoned=True)
        counts = {"A": a, "Ab": ab, "A_T": a_t, "Ab_T": ab_t}
        if variant == "A_T/(A+Ab_Q)":
            ab_q = c[k.AB_QUEUED]
            counts = {"A": a, "Ab_Q": ab_q, "A_T": a_t, "IVR": c[k.OFFERED] - c[k.QUEUED]}
            return ratio(a_t, a + ab_q, counts)
        if variant == "(A_T+Ab_T)/(A+Ab)":
            num, den = a_t + ab_t, a + ab
        elif variant == "A_T/A":
            num, den = a_t, a
        elif variant == "A_T/(A+Ab)":
            num, den = a_t, a + ab
        elif variant == "A_T/(A+Ab-Ab_T)":
            num, den = a_t, a + ab - ab_t
        else:
            counts["Ab_S"] = ab_s = layout.within(c, kpi.short_abandon_ms, abandoned=True)
            num, den = a_t, a + ab - ab_s
        return ratio(num, den, counts)

    return compute


def _connection_rate(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        n, a = c[k.OFFERED], c[k.ANSWERED]
        if variant == "A/N":
            return ratio(a, n, {"N": n, "A": a})
        if variant == "A/Q":
            return ratio(a, c[k.QUEUED], {"Q": c[k.QUEUED], "A": a, "IVR": n - c[k.QUEUED]})
        if variant == "(A+SS)/N":
            ss = c[k.SELF_SERVICE]
            return ratio(a + ss, n, {"N": n, "A": a, "SS": ss, "Ab_IVR": c[k.AB_IVR]})
        ab_s = layout.within(c, kpi.short_abandon_ms, abandoned=True)
        return ratio(a, n - ab_s, {"N": n, "A": a, "Ab_S": ab_s})

    return compute


def _abandon_rate(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        n, ab = c[k.OFFERED], c[k.ABANDONED]
        if variant == "Ab/N":
            return ratio(ab, n, {"N": n, "Ab": ab})
        if variant == "Ab_Q/Q":
            q, ab_q = c[k.QUEUED], c[k.AB_QUEUED]
            return ratio(ab_q, q, {"Q": q, "Ab_Q": ab_q, "IVR": n - q})
        ab_s = layout.within(c, kpi.short_abandon_ms, abandoned=True)
        return ratio(ab - ab_s, n - ab_s, {"N": n, "Ab": ab, "Ab_S": ab_s})

    return compute


_HANDLE_PARTS = {
    "(talk+hold+acw)/A": (k.TALK, k.HOLD, k.ACW),
    "(talk+acw)/A": (k.TALK, k.ACW),
    "talk/A": (k.TALK,),
}


def _handle_time(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        ms = sum(c[i] for i in _HANDLE_PARTS[variant])
        parts = {"talk": c[k.TALK], "hold": c[k.HOLD], "acw": c[k.ACW]}
        counts = {"A": c[k.ANSWERED], **{f"{k}_ms": v for k, v in parts.items()}}
        return seconds(ms, c[k.ANSWERED], counts, parts)

    return compute


def _rings(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    return ratio(c[k.RINGS], c[k.RINGS_N], {"rings": c[k.RINGS], "A_r": c[k.RINGS_N]})


def _queue_time(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        a, ab = c[k.ANSWERED], c[k.ABANDONED]
        counts = {"A": a, "wait_A_ms": c[k.ANS_WAIT]}
        if variant == "wait_A/A":
            return seconds(c[k.ANS_WAIT], a, counts, {})
        if variant == "(wait_A+wait_Ab_Q)/(A+Ab_Q)":
            ab_q = c[k.AB_QUEUED]
            counts |= {"Ab_Q": ab_q, "wait_Ab_Q_ms": c[k.AB_Q_WAIT]}
            counts["IVR"] = c[k.OFFERED] - c[k.QUEUED]
            return seconds(c[k.ANS_WAIT] + c[k.AB_Q_WAIT], a + ab_q, counts, {})
        counts |= {"Ab": ab, "wait_Ab_ms": c[k.AB_WAIT]}
        return seconds(c[k.ANS_WAIT] + c[k.AB_WAIT], a + ab, counts, {})

    return compute


def _occupancy(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {"handling_ms": c[k.HANDLING], "available_ms": c[k.AVAILABLE]}
    return ratio(c[k.HANDLING], c[k.HANDLING] + c[k.AVAILABLE], counts)


def _utilisation(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        counts = {"handling_ms": c[k.HANDLING], "paid_ms": c[k.PAID]}
        if variant == "handling/paid":
            return ratio(c[k.HANDLING], c[k.PAID], counts)
        logged_in = c[k.HANDLING] + c[k.AVAILABLE] + c[k.AUX]
        counts |= {"available_ms": c[k.AVAILABLE], "aux_ms": c[k.AUX]}
        return ratio(logged_in, c[k.PAID], counts)

    return compute


def _fcr(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        if variant == "agent_flag":
            return ratio(
                c[k.FCR_YES], c[k.FCR_N], {"flagged": c[k.FCR_N], "resolved": c[k.FCR_YES]}
            )
        if variant == "survey":
            counts = {"answered_survey": c[k.SURVEY_FCR_N], "resolved": c[k.SURVEY_FCR_YES]}
            return ratio(c[k.SURVEY_FCR_YES], c[k.SURVEY_FCR_N], counts)
        judged, failed = c[k.REPEAT_N], c[k.REPEAT_FAILED]
        counts = {"contacts": judged, "repeated": failed, "provisional": c[k.REPEAT_PENDING]}
        return ratio(judged - failed, judged, counts)

    return compute


def _csat(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        counts = {"responses": c[k.CSAT_N], "top2": c[k.CSAT_TOP2], "score_sum": c[k.CSAT_SUM]}
        if variant == "top2box":
            return ratio(c[k.CSAT_TOP2], c[k.CSAT_N], counts)
        return ratio(c[k.CSAT_SUM], c[k.CSAT_N], counts)

    return compute


def _nps(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {"responses": c[k.NPS_N], "promoters": c[k.NPS_PRO], "detractors": c[k.NPS_DET]}
    return ratio(c[k.NPS_PRO] - c[k.NPS_DET], c[k.NPS_N], counts, scale=100)


# -- the catalogue --------------------------------------------------------------------------


def _variants(unit: str, made: Callable[[str], Formula], **summaries: str) -> dict[str, Variant]:
    return {name: Variant(name, unit, made(name), text) for name, text in summaries.items()}


def _one(name: str, unit: str, compute: Formula, summary: str) -> dict[str, Variant]:
    return {name: Variant(name, unit, compute, summary)}


_IN, _OUT = Direction.INBOUND, Direction.OUTBOUND
_SL = {
    "A_T/(A+Ab_Q)": "⓪ queued calls only: abandons in the queue count against, calls that "
    "ended in the IVR are left out",
    "(A_T+Ab_T)/(A+Ab)": "① abandons within T count as met",
    "A_T/A": "② answered calls only; abandons ignored",
    "A_T/(A+Ab)": "③ every abandon counts against",
    "A_T/(A+Ab-Ab_T)": "④ abandons within T ignored, later ones count against",
    "A_T/(A+Ab-Ab_S)": "⑤ short abandons (within S) ignored, the rest count against",
}


def _catalogue() -> dict[str, Measure]:
    m = [
        Measure(
            "connection_rate", "KPI-1", Goal.AT_LEAST, "calls",
            _variants("ratio", _connection_rate,
                      **{"A/Q": "answered over calls that reached the agent queue; calls that "
                                "ended in the IVR left out",
                         "(A+SS)/N": "answered or completed in IVR self-service, over offered; "
                                     "IVR hang-ups count as lost",
                         "A/N": "answered over offered; every call that ended in the IVR "
                                "counts as lost",
                         "A/(N-Ab_S)": "answered over offered, short abandons left out"}),
            "A/Q", _IN,
            {_IN: Target.at_least("80%"), _OUT: Target.at_least("60%")},
            ("short_abandon",),
        ),
        Measure(
            "service_level", "KPI-2", Goal.AT_LEAST, "calls",
            _variants("ratio", _service_level, **_SL), "A_T/(A+Ab_Q)", _IN,
            {_IN: Target.at_least("80%")}, ("threshold", "short_abandon"),
        ),
        Measure(
            "abandon_rate", "KPI-1", Goal.AT_MOST, "calls",
            _variants("ratio", _abandon_rate,
                      **{"Ab_Q/Q": "abandoned in the queue over calls that reached it",
                         "Ab/N": "abandoned over offered (IVR hang-ups included)",
                         "(Ab-Ab_S)/(N-Ab_S)": "short abandons left out of both"}),
            "Ab_Q/Q", _IN, {}, ("short_abandon",),
        ),
        Measure(
            "average_handle_time", "KPI-3", Goal.WITHIN, "calls",
            _variants("seconds", _handle_time,
                      **{"(talk+hold+acw)/A": "talk, hold and after-call work per answered call",
                         "(talk+acw)/A": "hold left out (counted in talk by some switches)",
                         "talk/A": "talk time only (average talk time, ATT)"}),
            "(talk+hold+acw)/A", _IN, {_IN: Target.within(210, 330)},
        ),
        Measure(
            "average_rings", "KPI-4", Goal.WITHIN, "calls",
            _one("rings/A_r", "rings", _rings, "rings per answered call that recorded them"),
            "rings/A_r", _IN, {_IN: Target.within(2, 3)},
        ),
        Measure(
            "average_queue_time", "KPI-5", Goal.AT_MOST, "calls",
            _variants("seconds", _queue_time,
                      **{"(wait_A+wait_Ab_Q)/(A+Ab_Q)": "every queued caller's wait, "
                                                        "abandoned ones too; IVR calls left out",
                         "(wait_A+wait_Ab)/(A+Ab)": "every caller's wait, abandoned ones "
                                                    "too, IVR hang-ups included",
                         "wait_A/A": "answered calls only: average speed of answer (ASA)"}),
            "(wait_A+wait_Ab_Q)/(A+Ab_Q)", _IN, {_IN: Target.at_most(20)},
        ),
        Measure(
            "occupancy", "KPI-6", Goal.AT_LEAST, "calls",
            _one("handling/(handling+available)", "ratio", _occupancy,
                 "busy share of the time logged in and not in aux"),
            "handling/(handling+available)", _OUT, {_OUT: Target.at_least("90%")},
        ),
        Measure(
            "utilisation", "KPI-6", Goal.AT_LEAST, "calls",
            _variants("ratio", _utilisation,
                      **{"handling/paid": "handling time over paid time",
                         "logged_in/paid": "logged-in time (handling, available, aux) over paid"}),
            "handling/paid", None,
        ),
        Measure(
            "first_contact_resolution", "KPI-7", Goal.AT_LEAST, "calls",
            _variants("ratio", _fcr,
                      agent_flag="answered calls the agent flagged resolved",
                      survey="customers who said it was solved on that contact",
                      no_repeat="answered calls with no repeat contact within the window"),
            "agent_flag", _IN, {_IN: Target.at_least("85%")}, ("window",),
        ),
        Measure(
            "csat", "KPI-8", Goal.AT_LEAST, "calls",
            {"top2box": Variant("top2box", "ratio", _csat("top2box"), "share of the top 2 scores"),
             "mean": Variant("mean", "score", _csat("mean"), "mean score")},
            "top2box", None,
        ),
        Measure(
            "nps", "KPI-8", Goal.AT_LEAST, "calls",
            _one("promoters-detractors", "points", _nps, "% promoters (9-10) - % detractors (0-6)"),
            "promoters-detractors", None,
        ),
        Measure(
            "reply_on_time_rate", "KPI-8", Goal.AT_LEAST, "tickets",
            _one("on_time/due", "ratio", reply_on_time,
                 "inquiries answered by their deadline, over inquiries due"),
            "on_time/due",
        ),
        Measure(
            "complaint_resolution_rate", "KPI-8", Goal.AT_LEAST, "tickets",
            _variants("ratio", complaint_resolution,
                      **{"accepted/ended": "resolutions the customer accepted, over "
                                           "complaints that ended; still-open ones left out",
                         "resolved/opened": "complaints resolved, over complaints opened: "
                                            "still-open ones count as failures",
                         "first_proposal/resolved": "resolved at the first proposal"}),
            "accepted/ended",
        ),
        Measure(
            "problem_resolution_rate", "KPI-9", Goal.AT_LEAST, "tickets",
            _one("resolved/opened", "ratio", problem_resolution,
                 "tickets resolved, over tickets opened (cancelled ones left out, "
                 "complaints closed without acceptance not resolved)"),
            "resolved/opened",
        ),
        Measure(
            "average_response_time", "KPI-9", Goal.AT_MOST, "tickets",
            _one("first_response/responded", "seconds", response_time,
                 "opening to first response, over tickets responded to"),
            "first_response/responded",
        ),
        Measure(
            "attitude_complaints", "KPI-8", Goal.AT_MOST, "complaints",
            _one("attitude", "count", attitude,
                 "complaints about the agent's service attitude in the period"),
            "attitude", None, {None: Target.at_most(0)},
        ),
        Measure(
            "new_projects", "KPI-9", Goal.AT_LEAST, "business",
            _one("projects", "count", new_projects, "new projects won in the period"),
            "projects",
        ),
        Measure(
            "revenue_growth", "KPI-9", Goal.AT_LEAST, "business",
            _variants("ratio", revenue_growth,
                      **{"(R-R_ly)/R_ly": "revenue against the same period a year before",
                         "(R-R_prev)/R_prev": "revenue against the period before"}),
            "(R-R_ly)/R_ly",
        ),
    ]  # fmt: skip
    return {measure.name: measure for measure in m}


MEASURES: Mapping[str, Measure] = MappingProxyType(_catalogue())
"""Every measure by name (read-only)."""
