"""Emergency response for key accounts: contingency plans and progress reports (ESC-5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy import Severity
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.escalation import (
    ContingencyPlan,
    EmergencyResponse,
    EscalationLadder,
    Incident,
    PlanStep,
)

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=SH)
H = timedelta(hours=1)
M = timedelta(minutes=1)

OUTAGE = ContingencyPlan(
    "service_outage",
    [
        PlanStep("switch the customer to the standby line", "duty engineer"),
        PlanStep("call the customer's contact person", "account manager"),
    ],
    report_interval=2 * H,
    emergency_group=("department head", "duty engineer"),
)
DELIVERY = ContingencyPlan(
    "delivery_loss", [PlanStep("start the internal investigation", "logistics")], report_interval=H
)
RESPONSE = EmergencyResponse([OUTAGE, DELIVERY])


def incident(**kwargs: object) -> Incident:
    """An incident whose plan started and whose group took command at once (the checks of
    those steps are in test_escalation_contingency.py)."""
    kwargs.setdefault("plan_started_at", T0)
    kwargs.setdefault("command_taken_at", T0)
    return Incident("INC-1", "service_outage", "C-001", T0, by="am-zhang", **kwargs)  # type: ignore[arg-type]


def test_esc5_incident_type_maps_to_its_contingency_plan() -> None:
    """ESC-5: an incident type selects its plan: steps with owners, the report interval,
    the emergency group, the department head to report to."""
    plan = RESPONSE.plan_for(incident())
    assert plan is OUTAGE and RESPONSE.plan_for("delivery_loss") is DELIVERY
    assert (plan.steps[0].action, plan.steps[0].owner) == (
        "switch the customer to the standby line",
        "duty engineer",
    )
    assert (plan.report_interval, plan.report_to) == (2 * H, "department_head")
    assert plan.emergency_group == ("department head", "duty engineer")
    with pytest.raises(InvalidArgumentError, match="a type with a plan: delivery_loss, service"):
        RESPONSE.plan_for("fire")


def test_esc5_the_department_head_is_told_at_once() -> None:
    """ESC-5: the department head is told within ``report_within`` (30 minutes): not told
    by then is an error, told late a warning."""
    (missed,) = RESPONSE.check([incident()], T0 + 31 * M)
    assert (missed.rule_id, missed.severity, missed.subject) == ("ESC-5", Severity.ERROR, "INC-1")
    assert "not reported to the department head" in missed.message
    assert missed.facts["customer"] == "C-001"
    assert RESPONSE.check([incident()], T0 + 30 * M) == ()
    assert RESPONSE.check([incident(reported_at=T0 + 5 * M)], T0 + H) == ()
    (late,) = RESPONSE.check([incident(reported_at=T0 + H)], T0 + H + M)
    assert late.severity is Severity.WARNING and "30 minutes late" in late.message
    # a report after now has not happened yet
    (still_missed,) = RESPONSE.check([incident(reported_at=T0 + 3 * H)], T0 + H)
    assert still_missed.severity is Severity.ERROR


def test_esc5_progress_is_reported_until_closed() -> None:
    """ESC-5: open incidents owe a progress report every interval, counted from the last
    report; a missing one is an error naming how many intervals were missed."""
    told = incident(reported_at=T0 + 5 * M)
    assert RESPONSE.check([told], T0 + 2 * H) == ()
    (missed,) = RESPONSE.check([told], T0 + 7 * H)
    assert missed.severity is Severity.ERROR
    assert "3 intervals of 2 hours missed" in missed.message
    assert missed.facts["due"] == T0 + 2 * H
    reported = told.progress(T0 + 90 * M).progress(T0 + 3 * H)
    assert RESPONSE.check([reported], T0 + 5 * H) == ()
    assert RESPONSE.next_report_due(reported) == T0 + 5 * H
    (late,) = RESPONSE.check([told.progress(T0 + 3 * H)], T0 + 4 * H)
    assert late.severity is Severity.WARNING and "1 hour late" in late.message


def test_esc5_closing_ends_the_reports() -> None:
    """ESC-5: nothing is owed after closing; a report due before the closing still is."""
    closed = incident(reported_at=T0, progress_reports=[T0 + 2 * H]).close(T0 + 3 * H)
    assert RESPONSE.check([closed], T0 + 30 * H) == ()
    assert RESPONSE.next_report_due(closed) is None
    late_close = incident(reported_at=T0).close(T0 + 5 * H)
    (missed,) = RESPONSE.check([late_close], T0 + 30 * H)
    assert missed.severity is Severity.ERROR and "2 intervals" in missed.message
    assert late_close.is_open(T0 + H) and not late_close.is_open(T0 + 5 * H)
    assert RESPONSE.check([incident()], T0 - H) == ()  # declared after now


@given(
    gaps=st.lists(st.integers(min_value=1, max_value=120), max_size=8),
    wait=st.integers(min_value=0, max_value=120),
)
def test_esc5_law_reports_within_the_interval_are_never_flagged(gaps: list[int], wait: int) -> None:
    """ESC-5 law: an incident told at once and reported at most every interval (here 2
    hours) has no violation while the next report is not yet overdue."""
    reports, at = [], T0
    for gap in gaps:
        at += gap * M
        reports.append(at)
    told = incident(reported_at=T0, progress_reports=reports)
    assert RESPONSE.check([told], at + wait * M) == ()


def test_esc5_an_incident_is_escalated_straight_to_the_department_head() -> None:
    """ESC-5 with ESC-2: telling the department head at once skips the team leader: an
    emergency skip, which owes the team leader a report."""
    ladder = EscalationLadder.key_accounts(report_within=4 * H)
    result = ladder.escalate(
        incident(),
        to=OUTAGE.report_to,
        at=T0 + 5 * M,
        by="agent-3",
        emergency=True,
        proposed_handling="start the service-outage plan",
    )
    assert result
    (report,) = result.obligations
    assert (report.subject, report.owner, report.due) == ("INC-1", "agent-3", T0 + 5 * M + 4 * H)


def test_esc5_bad_input_raises() -> None:
    """ESC-5: plans need steps and a positive interval, one per type; incidents need aware
    instants not before the declaration."""
    with pytest.raises(InvalidArgumentError, match="at least one step"):
        ContingencyPlan("fire", [], report_interval=H)
    with pytest.raises(InvalidArgumentError, match="report_interval: expected a duration > 0"):
        ContingencyPlan("fire", [PlanStep("evacuate", "warden")], report_interval=timedelta(0))
    with pytest.raises(WrongTypeError, match="steps"):
        ContingencyPlan("fire", "evacuate", report_interval=H)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="owner"):
        PlanStep("evacuate", "")
    with pytest.raises(InvalidArgumentError, match="each value once"):
        EmergencyResponse([OUTAGE, OUTAGE])
    with pytest.raises(NaiveDatetimeError):
        Incident("INC-2", "service_outage", "C-1", datetime(2026, 11, 24), by="a")
    with pytest.raises(InvalidArgumentError, match="reported_at"):
        incident(reported_at=T0 - H)
    with pytest.raises(InvalidArgumentError, match="progress_reports"):
        incident(progress_reports=[T0 - H])
    with pytest.raises(NaiveDatetimeError):
        incident().progress(datetime(2026, 11, 24, 12))
    with pytest.raises(NaiveDatetimeError):
        RESPONSE.check([incident()], datetime(2026, 11, 24, 12))
    with pytest.raises(InvalidArgumentError, match="a type with a plan"):
        RESPONSE.check([Incident("INC-3", "fire", "C-1", T0, by="a")], T0 + H)
    with pytest.raises(InvalidArgumentError, match="each value once"):
        RESPONSE.check([incident(), incident()], T0 + H)
    with pytest.raises(InvalidArgumentError, match="report_within"):
        EmergencyResponse([OUTAGE], report_within=-H)
