"""Service attitude: no complaints about the agent, per agent and period (KPI-8, KPI-10)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.kpi import (
    ATTITUDE_KPIS,
    AgentComplaint,
    AttitudeAccumulator,
    Kpi,
    Target,
)
from servicepolicy.rules import Severity
from servicepolicy.tickets import Ticket

SH = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SH)


COMPLAINTS = [
    AgentComplaint(at(10, 3), agent="A-01", ticket="K-1"),
    AgentComplaint(at(10, 20), agent="A-01", ticket="K-2"),
    AgentComplaint(at(10, 21), agent="A-02", subject="waiting time", ticket="K-3"),
    AgentComplaint(at(11, 2), agent="A-02", ticket="K-4"),
]


def test_kpi8_target_is_no_complaints_per_agent_per_month() -> None:
    """KPI-8: the target is at most 0 attitude complaints; each agent's month is a row;
    a complaint about something else is counted apart, not against the attitude."""
    assert ATTITUDE_KPIS[0].target == Target.at_most(0)
    assert ATTITUDE_KPIS[0].rule_id == "KPI-8"
    report = AttitudeAccumulator(zone=SH).add_all(COMPLAINTS).report()
    got = {(r.group["month"], r.group["agent"]): (r.value, r.met) for r in report}
    assert got == {
        ("2026-10", "A-01"): (2, False),
        ("2026-10", "A-02"): (0, True),
        ("2026-11", "A-02"): (1, False),
    }
    assert dict(report.row("attitude_complaints", month="2026-10", agent="A-02").counts) == {
        "attitude": 0,
        "other": 1,
    }


def test_kpi8_violations_name_the_agent() -> None:
    """KPI-8: every miss is a Violation citing KPI-8 whose subject names the agent and
    the month."""
    report = AttitudeAccumulator(zone=SH).add_all(COMPLAINTS).report()
    violations = report.violations(Severity.ERROR)
    assert [(v.rule_id, v.subject, v.severity) for v in violations] == [
        ("KPI-8", "month=2026-10, agent=A-01", Severity.ERROR),
        ("KPI-8", "month=2026-11, agent=A-02", Severity.ERROR),
    ]
    assert "missed by 2" in violations[0].message


def test_kpi8_the_roster_gets_rows_with_zero() -> None:
    """KPI-8, KPI-10: agents nobody complained about are reported, met, in every month
    seen or named; agents may be complained about without being on the roster."""
    report = (
        AttitudeAccumulator(zone=SH)
        .add_all(COMPLAINTS)
        .report(agents=["A-01", "A-03"], periods=["2026-12"])
    )
    rows = {(r.group["month"], r.group["agent"]): r.value for r in report}
    assert rows[("2026-12", "A-03")] == 0 and rows[("2026-10", "A-03")] == 0
    assert rows[("2026-11", "A-01")] == 0 and rows[("2026-11", "A-02")] == 1
    assert len(rows) == 3 * 2 + 2  # 3 months × roster, plus A-02's two months


def test_kpi8_weekly_and_custom_subjects() -> None:
    """KPI-8: other periods (ISO weeks) and a policy's own attitude subjects."""
    complaints = [
        AgentComplaint(at(12, 28), agent="A-05", subject="rudeness"),
        AgentComplaint(at(12, 31, 23), agent="A-05", subject="attitude"),
        AgentComplaint(at(1, 4, year=2027), agent="A-05", subject="billing"),
    ]
    acc = AttitudeAccumulator(by=("week", "agent"), zone=SH, subjects={"attitude", "rudeness"})
    got = {r.group["week"]: r.value for r in acc.add_all(complaints).report()}
    assert got == {"2026-W53": 2, "2027-W01": 0}


def test_kpi8_from_a_complaint_ticket() -> None:
    """KPI-8, TKT-3: a complaint ticket names its time and ID; only complaints qualify."""
    k = Ticket.open(id="K-9", kind="complaint", customer="C", channel="phone", at=at(9, 9), by="x")
    found = AgentComplaint.from_ticket(k, agent="A-07")
    assert (found.at, found.agent, found.subject, found.ticket) == (
        at(9, 9),
        "A-07",
        "attitude",
        "K-9",
    )
    q = Ticket.open(id="Q-1", kind="inquiry", customer="C", channel="phone", at=at(9, 9), by="x")
    with pytest.raises(InvalidArgumentError, match="Q-1: kind"):
        AgentComplaint.from_ticket(q, agent="A-07")


@pytest.mark.parametrize(
    ("make", "error", "argument"),
    [
        (lambda: AgentComplaint(datetime(2026, 1, 1), agent="A"), NaiveDatetimeError,
         "complaint: at"),
        (lambda: AgentComplaint(at(1, 1), agent=""), WrongTypeError, "agent"),
        (lambda: AgentComplaint(at(1, 1), agent="A", subject=None), WrongTypeError, "subject"),
        (lambda: AttitudeAccumulator(by=("month",), zone=SH), InvalidArgumentError, "by"),
        (lambda: AttitudeAccumulator(), InvalidArgumentError, "zone"),
        (lambda: AttitudeAccumulator(zone=SH).add("A-01"), WrongTypeError, "complaint"),
        (lambda: AttitudeAccumulator([Kpi("new_projects")], zone=SH), InvalidArgumentError,
         "kpis"),
        (lambda: AttitudeAccumulator(zone=SH, subjects="attitude"), WrongTypeError, "subjects"),
    ],
)  # fmt: skip
def test_kpi8_bad_input_names_the_argument(make, error, argument) -> None:  # type: ignore[no-untyped-def]
    """KPI-8: bad complaints and settings raise, naming the argument."""
    with pytest.raises(error) as info:
        make()
    assert info.value.argument.endswith(argument)


BASE = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def complaints(draw: st.DrawFn) -> AgentComplaint:
    return AgentComplaint(
        BASE + timedelta(minutes=draw(st.integers(0, 366 * 24 * 60))),
        agent=draw(st.sampled_from(["A-1", "A-2", "A-3"])),
        subject=draw(st.sampled_from(["attitude", "attitude", "billing"])),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(complaints(), max_size=40), st.data())
def test_kpi10_attitude_merges_exactly_and_counts_each_complaint_once(
    items: list[AgentComplaint], data: st.DataObject
) -> None:
    """KPI-10, KPI-8: split anywhere and merged equals one pass; the rows add up to the
    attitude complaints given, and an agent meets the target iff nobody complained."""
    by = data.draw(st.sampled_from([("month", "agent"), ("quarter", "agent"), ("agent",)]))
    cut = data.draw(st.integers(0, len(items)))
    one = AttitudeAccumulator(by=by, zone=SH).add_all(items)
    left = AttitudeAccumulator(by=by, zone=SH).add_all(items[:cut])
    right = AttitudeAccumulator(by=by, zone=SH).add_all(items[cut:])
    assert left.merge(right).report() == right.merge(left).report() == one.report()
    report = one.report(agents=["A-1", "A-2", "A-3"])
    assert sum(r.numerator for r in report) == sum(c.subject == "attitude" for c in items)
    assert all(r.met == (r.value == 0) for r in report)
