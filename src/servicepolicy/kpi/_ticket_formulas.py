"""The formulas of the ticket, complaint and business measures (private): reply on-time
rate, complaint resolution success, problem resolution, response time (KPI-8, KPI-9),
complaints about an agent's attitude (KPI-8), new projects and revenue growth (KPI-9).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from servicepolicy.kpi import _counts as k
from servicepolicy.kpi._figure import Figure, Formula, ratio, seconds

if TYPE_CHECKING:
    from servicepolicy.kpi.definitions import Kpi

__all__ = [
    "attitude",
    "complaint_resolution",
    "new_projects",
    "problem_resolution",
    "reply_on_time",
    "response_time",
    "revenue_growth",
]


def reply_on_time(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {
        "due": c[k.T_REPLY_DUE],
        "on_time": c[k.T_REPLY_ON_TIME],
        "not_yet_due": c[k.T_REPLY_PENDING],
    }
    return ratio(c[k.T_REPLY_ON_TIME], c[k.T_REPLY_DUE], counts)


def complaint_resolution(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        opened, resolved = c[k.T_COMPLAINTS], c[k.T_COMPLAINTS_RESOLVED]
        if variant == "accepted/ended":
            ended = c[k.T_COMPLAINTS_ENDED]
            counts = {
                "ended": ended,
                "accepted": resolved,
                "not_accepted": ended - resolved,
                "still_open": opened - ended,
            }
            return ratio(resolved, ended, counts)
        counts = {"opened": opened, "resolved": resolved}
        if variant == "resolved/opened":
            return ratio(resolved, opened, counts)
        counts["first_proposal"] = c[k.T_FIRST_PROPOSAL]
        return ratio(c[k.T_FIRST_PROPOSAL], resolved, counts)

    return compute


def problem_resolution(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {"opened": c[k.T_OPENED], "counted": c[k.T_COUNTED], "resolved": c[k.T_RESOLVED]}
    return ratio(c[k.T_RESOLVED], c[k.T_COUNTED], counts)


def response_time(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {"responded": c[k.T_RESPONDED], "response_ms": c[k.T_RESPONSE_MS]}
    return seconds(c[k.T_RESPONSE_MS], c[k.T_RESPONDED], counts, {})


def new_projects(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    counts = {"projects": c[k.B_PROJECTS], "records": c[k.B_RECORDS]}
    return ratio(c[k.B_PROJECTS], 1, counts)


def revenue_growth(variant: str) -> Formula:
    def compute(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
        base = c[k.B_REVENUE_LY] if variant == "(R-R_ly)/R_ly" else c[k.B_REVENUE_PREV]
        counts = {"R": c[k.B_REVENUE], "R_ly": c[k.B_REVENUE_LY], "R_prev": c[k.B_REVENUE_PREV]}
        # nothing booked before (or a net credit): no growth to measure against
        value = Fraction(c[k.B_REVENUE] - base, base) if base > 0 else None
        return Figure(c[k.B_REVENUE] - base, base, value, counts)

    return compute


def attitude(c: Sequence[int], kpi: Kpi, layout: k.Layout) -> Figure:
    return ratio(c[k.C_ATTITUDE], 1, {"attitude": c[k.C_ATTITUDE], "other": c[k.C_OTHER]})
