"""ESC-5: the contingency plan starts, the emergency group takes command, progress goes up."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import Severity
from servicepolicy.errors import InvalidArgumentError
from servicepolicy.escalation import ContingencyPlan, EmergencyResponse, Incident, PlanStep
from servicepolicy.rules import Violation

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 12, 3, 22, 40, tzinfo=SH)  # a night-time incident
H, M = timedelta(hours=1), timedelta(minutes=1)

FIRE = ContingencyPlan(
    "fire_at_warehouse",
    [
        PlanStep("evacuate and call 119", "site manager"),
        PlanStep("move the customer's urgent orders to the backup warehouse", "logistics lead"),
    ],
    report_interval=H,
    emergency_group=("centre head", "site manager", "account manager"),
)
BREACH = ContingencyPlan(
    "data_leak",
    [PlanStep("revoke the leaked credentials", "IT duty officer")],
    report_interval=4 * H,
)
RESPONSE = EmergencyResponse([FIRE, BREACH])


def fire(**kw: object) -> Incident:
    kw.setdefault("reported_at", T0 + 5 * M)
    return Incident("INC-7", "fire_at_warehouse", "C-042", T0, by="night-agent", **kw)  # type: ignore[arg-type]


def esc5(violations: tuple[Violation, ...]) -> list[tuple[Severity, str]]:
    assert all(v.rule_id == "ESC-5" and v.subject == v.facts["incident"] for v in violations)
    assert all(v.suggestion for v in violations)
    return [(v.severity, v.message) for v in violations]


def test_esc5_the_plan_must_be_started() -> None:
    """ESC-5: the plan for the incident's type must start within ``plan_within`` (30
    minutes): not started is an error naming the plan and its first step and owner,
    started late a warning; started in time, nothing."""
    commanded = fire(command_taken_at=T0 + 10 * M, progress_reports=[T0 + 40 * M])
    (missing,) = RESPONSE.check([commanded], T0 + 50 * M)
    assert (missing.severity, missing.message) == (
        Severity.ERROR,
        "contingency plan 'fire_at_warehouse' not started for incident INC-7",
    )
    assert missing.facts["first_step"] == "evacuate and call 119"
    assert missing.facts["owner"] == "site manager"
    assert missing.facts["due"] == T0 + 30 * M
    assert "evacuate and call 119 (site manager)" in (missing.suggestion or "")
    assert RESPONSE.check([commanded], T0 + 30 * M) == ()
    late = commanded.plan_started(T0 + 45 * M)
    assert esc5(RESPONSE.check([late], T0 + 50 * M)) == [
        (
            Severity.WARNING,
            "contingency plan 'fire_at_warehouse' for incident INC-7 started 15 minutes late",
        )
    ]
    assert RESPONSE.check([commanded.plan_started(T0 + 20 * M)], T0 + 50 * M) == ()
    # started after now: not yet
    assert len(RESPONSE.check([late], T0 + 40 * M)) == 1


def test_esc5_the_emergency_group_must_take_command() -> None:
    """ESC-5: the emergency group takes command within ``command_within``; missing is an
    error naming the group, late a warning, and command by someone outside the plan's
    group a warning of its own."""
    started = fire(plan_started_at=T0 + 5 * M, progress_reports=[T0 + 50 * M])
    (missing,) = RESPONSE.check([started], T0 + 55 * M)
    assert missing.severity is Severity.ERROR
    assert missing.facts["emergency_group"] == FIRE.emergency_group
    assert "centre head, site manager, account manager take command now" in (
        missing.suggestion or ""
    )
    ok = started.command_taken(T0 + 20 * M, by="site manager")
    assert RESPONSE.check([ok], T0 + 55 * M) == ()
    outsider = started.command_taken(T0 + 50 * M, by="night-agent")
    assert esc5(RESPONSE.check([outsider], T0 + 55 * M)) == [
        (Severity.WARNING, "the emergency group took command of incident INC-7 20 minutes late"),
        (
            Severity.WARNING,
            "command of incident INC-7 taken by night-agent, who is not in the emergency "
            "group of plan 'fire_at_warehouse'",
        ),
    ]
    # a plan without a named group: anyone may take command for it
    leak = Incident("INC-8", "data_leak", "C-1", T0, by="a", reported_at=T0, plan_started_at=T0)
    assert RESPONSE.check([leak.command_taken(T0 + M, by="anyone")], T0 + 2 * H) == ()


def test_esc5_every_missed_step_at_once() -> None:
    """ESC-5: an incident nobody acted on shows every missed step: the report to the
    department head, the plan, the command, the progress reports (counted)."""
    bare = Incident("INC-7", "fire_at_warehouse", "C-042", T0, by="night-agent")
    found = RESPONSE.check([bare], T0 + 3 * H + 30 * M)
    assert [v.severity for v in found] == [Severity.ERROR] * 4
    assert [v.message.split(" ")[0:2] for v in found] == [
        ["incident", "INC-7"],
        ["contingency", "plan"],
        ["no", "emergency"],
        ["no", "progress"],
    ]
    assert found[-1].facts["missed"] == 3  # due at 23:40, 00:40 and 01:40


def test_esc5_reports_until_closure_and_nothing_after() -> None:
    """ESC-5: progress goes upward every interval until the closing; a report that came
    late counts the intervals it missed; a step due after an early closing is not owed."""
    acted = fire(plan_started_at=T0 + 10 * M, command_taken_at=T0 + 10 * M)
    late = acted.progress(T0 + 3 * H + 30 * M)  # due at +1 h: missed +1, +2, +3
    (warning,) = RESPONSE.check([late], T0 + 4 * H)
    assert warning.severity is Severity.WARNING and warning.facts["missed"] == 3
    closed = acted.progress(T0 + 55 * M).close(T0 + 100 * M)
    assert RESPONSE.check([closed], T0 + 24 * H) == ()
    quick = Incident("INC-9", "data_leak", "C-1", T0, by="a", reported_at=T0).close(T0 + 20 * M)
    assert RESPONSE.check([quick], T0 + 5 * H) == ()  # closed before the plan was due


def test_esc5_the_checks_are_parameters() -> None:
    """ESC-5: "at once" for the plan and the command is a parameter; ``None`` leaves the
    step unchecked; a negative figure is refused, naming the parameter."""
    bare = fire(progress_reports=[T0 + 50 * M])
    assert len(RESPONSE.check([bare], T0 + 55 * M)) == 2
    patient = EmergencyResponse([FIRE], plan_within=H, command_within=None)
    assert patient.check([bare], T0 + 55 * M) == ()
    assert len(patient.check([bare], T0 + 61 * M)) == 1
    with pytest.raises(InvalidArgumentError, match="plan_within"):
        EmergencyResponse([FIRE], plan_within=-M)
    with pytest.raises(InvalidArgumentError, match="command_taken_at"):
        fire(command_taken_at=T0 - M)


@settings(max_examples=100, deadline=None)
@given(
    plan=st.integers(0, 120),
    command=st.integers(0, 120),
    wait=st.integers(0, 240),
)
def test_esc5_law_each_step_is_judged_by_its_own_deadline(
    plan: int, command: int, wait: int
) -> None:
    """ESC-5 law: the plan step is flagged exactly when it came (or is still missing)
    after its deadline by ``now``; the same for the command; and the two never hide each
    other."""
    now = T0 + wait * M
    incident = fire(
        plan_started_at=T0 + plan * M,
        command_taken_at=T0 + command * M,
        progress_reports=[T0 + k * 50 * M for k in range(1, 6)],
    )
    found = RESPONSE.check([incident], now)
    plan_flagged = any("contingency plan" in v.message for v in found)
    command_flagged = any("took command" in v.message for v in found)
    deadline = 30
    assert plan_flagged == (wait > deadline and plan > deadline)
    assert command_flagged == (wait > deadline and command > deadline)
