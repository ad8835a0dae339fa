"""Escalation: the ladder and its records (ESC-2, ESC-3), trigger rules (ESC-1, ESC-4, ESC-6).

Key-account emergencies (ESC-5) are in ``test_escalation_incidents.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar, Severity, Ticket
from servicepolicy.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    ServicePolicyError,
    WrongTypeError,
)
from servicepolicy.escalation import (
    DEFAULT_LEVELS,
    KEY_ACCOUNT_LEVELS,
    Case,
    CaseCategory,
    Escalation,
    EscalationLadder,
    EscalationPolicy,
    EscalationRequired,
    FaultSeverity,
    subject_id,
)
from servicepolicy.obligations import check_obligations
from servicepolicy.sla import SlaEvent, SlaEventKind

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 24, 10, 15, tzinfo=SH)  # a Tuesday
H = timedelta(hours=1)
LADDER = EscalationLadder.default()
OFFICE = BusinessCalendar(
    hours="mon-fri 09:00-12:00,13:00-18:00", tz="Asia/Shanghai", country="CN", name="office"
)


def escalate(to: str, **kwargs: object) -> object:
    kwargs.setdefault("proposed_handling", "refund the deposit")
    return LADDER.escalate("T-1", to=to, at=T0, by="agent-7", **kwargs)  # type: ignore[arg-type]


def sla(kind: str, threshold: float, at: datetime = T0, ticket: str = "T-1") -> SlaEvent:
    return SlaEvent(ticket, "resolution", SlaEventKind(kind), at, threshold, "complaint/P2")


# -- the ladder ---------------------------------------------------------------------------


def test_esc6_default_ladder_from_the_manuals() -> None:
    """ESC-6: agent → team leader → department head → centre head → leadership; the
    key-account ladder puts the account manager on the centre head's rung."""
    assert (
        LADDER.levels
        == DEFAULT_LEVELS
        == (
            "agent",
            "team_leader",
            "department_head",
            "centre_head",
            "leadership",
        )
    )
    key = EscalationLadder.key_accounts()
    assert key.levels == KEY_ACCOUNT_LEVELS
    assert key.rung(3) == "account_manager" and LADDER.rung(3) == "centre_head"
    assert key.name == "key_accounts"
    assert LADDER.above("department_head") == "centre_head" and LADDER.above("leadership") is None
    assert LADDER.between("agent", "centre_head") == ("team_leader", "department_head")
    assert LADDER.rung(99) == "leadership" and LADDER.rung(-1) == "agent"


def test_ladder_bad_input() -> None:
    """Bad ladders and unknown levels raise, naming what would be right."""
    with pytest.raises(InvalidArgumentError, match="at least two levels"):
        EscalationLadder(["agent"])
    with pytest.raises(InvalidArgumentError, match="each value once"):
        EscalationLadder(["agent", "boss", "agent"])
    with pytest.raises(WrongTypeError, match="levels"):
        EscalationLadder("agent,boss")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="levels\\[1\\]"):
        EscalationLadder(["agent", " "])
    with pytest.raises(InvalidArgumentError, match="report_within"):
        EscalationLadder(DEFAULT_LEVELS, report_within=-H)
    with pytest.raises(WrongTypeError, match="calendar"):
        EscalationLadder(DEFAULT_LEVELS, calendar="office")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder: agent, "):
        LADDER.rank("ceo")


# -- ESC-2: level by level ------------------------------------------------------------------


def test_esc2_level_by_level_is_allowed() -> None:
    """ESC-2: one level up at a time needs no emergency and owes nothing."""
    result = escalate("team_leader")
    assert result and result.decision.violations == ()
    assert result.obligations == ()
    record = result.escalation
    assert record is not None
    assert (record.subject, record.source, record.to, record.skipped) == (
        "T-1",
        "agent",
        "team_leader",
        (),
    )
    nxt = LADDER.escalate(
        "T-1",
        to="department_head",
        current="team_leader",
        at=T0 + H,
        by="L-1",
        proposed_handling="offer a replacement",
    )
    assert nxt and nxt.decision.facts["from"] == "team_leader"


def test_esc2_skipping_a_level_without_an_emergency_is_refused() -> None:
    """ESC-2: a skip is refused with an error naming the skipped levels and what would
    fix it; nothing is recorded, nothing owed."""
    result = escalate("department_head")
    assert not result
    assert result.escalation is None and result.obligations == ()
    (violation,) = result.decision.violations_for("ESC-2")
    assert violation.severity is Severity.ERROR
    assert violation.facts["skipped"] == ("team_leader",)
    assert "level by level" in violation.message
    assert violation.suggestion is not None
    assert "escalate to team leader first" in violation.suggestion
    assert "emergency=True" in violation.suggestion


def test_esc2_emergency_skip_owes_a_report_to_every_skipped_level() -> None:
    """ESC-2: in an emergency the skip is allowed, and the result carries one report
    obligation per skipped level, owed by the escalating person within 24 hours."""
    result = escalate("centre_head", emergency=True)
    assert result and result.decision.rule_ids == ("ESC-2",)
    assert result.decision.max_severity is Severity.INFO
    assert result.escalation is not None
    assert result.escalation.emergency and result.escalation.skipped == (
        "team_leader",
        "department_head",
    )
    reports = result.obligations
    assert [o.title for o in reports] == [
        "report the emergency escalation to the skipped team leader",
        "report the emergency escalation to the skipped department head",
    ]
    assert {(o.rule_id, o.owner, o.subject, o.due) for o in reports} == {
        ("ESC-2", "agent-7", "T-1", T0 + timedelta(hours=24))
    }
    assert len({o.key for o in reports}) == 2
    assert "skip_report:T-1:team_leader@" in reports[0].key


def test_esc2_report_deadline_in_working_time() -> None:
    """ESC-2: with a calendar the report deadline counts working time: 4 working hours
    from Friday 17:00 is Monday 12:00."""
    ladder = EscalationLadder.default(calendar=OFFICE, report_within=timedelta(hours=4))
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=SH)
    result = ladder.escalate(
        "T-1",
        to="department_head",
        at=friday,
        by="agent-7",
        emergency=True,
        proposed_handling="stop the delivery",
    )
    (report,) = result.obligations
    assert report.due == datetime(2026, 11, 30, 12, 0, tzinfo=SH)
    assert "working time on office" in result.decision.violations[0].message
    override = ladder.escalate(
        "T-1",
        to="department_head",
        at=friday,
        by="agent-7",
        emergency=True,
        proposed_handling="stop the delivery",
        report_within=timedelta(hours=1),
    )
    assert override.obligations[0].due == datetime(2026, 11, 27, 18, 0, tzinfo=SH)


def test_esc2_a_missed_skip_report_is_a_violation() -> None:
    """ESC-2: the skip creates an obligation; not reporting by its deadline is an error,
    reporting late a warning, on time nothing."""
    result = escalate("department_head", emergency=True)
    (report,) = result.obligations
    later = T0 + timedelta(days=3)
    (missed,) = check_obligations(result.obligations, [], later)
    assert (missed.rule_id, missed.severity, missed.subject) == ("ESC-2", Severity.ERROR, "T-1")
    assert missed.facts["key"] == report.key
    done = report.done(T0 + timedelta(hours=2), by="agent-7")
    assert check_obligations(result.obligations, [done], later) == ()
    late = report.done(T0 + timedelta(hours=30))
    (warning,) = check_obligations(result.obligations, [late], later)
    assert warning.severity is Severity.WARNING and "6 hours late" in warning.message


def test_esc2_ladder_check_flags_recorded_skips() -> None:
    """ESC-2: records made by hand are reviewed too: a skip without an emergency is an
    error, an emergency skip is not."""
    skip = Escalation("T-1", "agent", "centre_head", T0, "agent-7", proposed_handling="x")
    urgent = Escalation(
        "T-2", "agent", "centre_head", T0, "agent-7", emergency=True, proposed_handling="x"
    )
    (violation,) = LADDER.check([skip, urgent], T0 + H)
    assert (violation.rule_id, violation.subject) == ("ESC-2", "T-1")
    assert violation.facts["skipped"] == ("team_leader", "department_head")
    assert LADDER.check([skip], T0 - H) == ()  # made after now: not yet
    downward = Escalation("T-3", "centre_head", "agent", T0, "x", proposed_handling="x")
    with pytest.raises(InvalidArgumentError, match="a level above centre_head"):
        LADDER.check([downward], T0 + H)


@given(
    size=st.integers(min_value=2, max_value=8),
    data=st.data(),
)
def test_esc2_law_a_path_without_skips_never_violates_esc2(size: int, data: st.DataObject) -> None:
    """ESC-2 law: climbing one level at a time, from any level, never yields an ESC-2
    violation, whether or not it is flagged an emergency, and owes no report."""
    ladder = EscalationLadder([f"L{i}" for i in range(size)])
    start = data.draw(st.integers(min_value=0, max_value=size - 2))
    records = []
    for step, level in enumerate(ladder.levels[start + 1 :]):
        result = ladder.escalate(
            "T-1",
            to=level,
            current=ladder.levels[start + step],
            at=T0 + step * H,
            by="someone",
            emergency=data.draw(st.booleans()),
            proposed_handling="handle it",
        )
        assert result and result.decision.violations_for("ESC-2") == ()
        assert result.obligations == ()
        assert result.escalation is not None
        records.append(result.escalation)
    assert ladder.check(records, T0 + 10 * H) == ()


@given(
    size=st.integers(min_value=2, max_value=8),
    data=st.data(),
)
def test_esc2_law_a_skip_is_refused_or_owes_one_report_per_level(
    size: int, data: st.DataObject
) -> None:
    """ESC-2 law: an escalation over k skipped levels is refused without an emergency,
    and with one owes exactly k reports, all due after it."""
    ladder = EscalationLadder([f"L{i}" for i in range(size)])
    low = data.draw(st.integers(min_value=0, max_value=size - 2))
    high = data.draw(st.integers(min_value=low + 1, max_value=size - 1))
    emergency = data.draw(st.booleans())
    result = ladder.escalate(
        "T-1",
        to=ladder.levels[high],
        current=ladder.levels[low],
        at=T0,
        by="someone",
        emergency=emergency,
        proposed_handling="handle it",
    )
    skipped = high - low - 1
    assert bool(result) == (emergency or skipped == 0)
    assert len(result.obligations) == (skipped if emergency else 0)
    assert all(o.due >= T0 for o in result.obligations)


def test_esc2_bad_input_raises() -> None:
    """ESC-2: bad input raises: naive instants, unknown levels, escalating down or
    sideways, a wrong subject, a non-bool emergency."""
    with pytest.raises(NaiveDatetimeError):
        LADDER.escalate("T-1", to="team_leader", at=datetime(2026, 11, 24, 10), by="a")
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        LADDER.escalate("T-1", to="boss", at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        LADDER.escalate("T-1", to="team_leader", current="intern", at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match="a level above 'department_head'"):
        LADDER.escalate("T-1", to="team_leader", current="department_head", at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match="a level above 'agent'"):
        LADDER.escalate("T-1", to="agent", at=T0, by="a")
    with pytest.raises(WrongTypeError, match="subject"):
        LADDER.escalate(42, to="team_leader", at=T0, by="a")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="emergency"):
        LADDER.escalate("T-1", to="team_leader", at=T0, by="a", emergency=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="by"):
        LADDER.escalate("T-1", to="team_leader", at=T0, by="")
    with pytest.raises(InvalidArgumentError, match="report_within"):
        LADDER.escalate("T-1", to="team_leader", at=T0, by="a", report_within=-H)


def test_esc2_subject_may_be_a_ticket_or_an_id() -> None:
    """ESC-2: anything with an ``id`` (a ticket) or an ID string is a subject."""
    ticket = Ticket.open(id="T-9", kind="complaint", customer="C-1", channel="phone", at=T0, by="a")
    assert subject_id(ticket) == "T-9" and subject_id("T-9") == "T-9"
    result = LADDER.escalate(ticket, to="team_leader", at=T0, by="a", proposed_handling="x")
    assert result.escalation is not None and result.escalation.subject == "T-9"


# -- ESC-3: the report and the instruction --------------------------------------------------


def test_esc3_a_report_without_proposed_handling_warns() -> None:
    """ESC-3: a report carries a proposed handling; without one it is allowed with a
    warning saying what to add."""
    result = LADDER.escalate("T-1", to="team_leader", at=T0, by="agent-7")
    assert result
    (violation,) = result.decision.violations
    assert (violation.rule_id, violation.severity) == ("ESC-3", Severity.WARNING)
    assert violation.suggestion == (
        "employee: say what you propose to do when reporting upward (ESC-3)"
    )
    assert escalate("team_leader").decision.violations_for("ESC-3") == ()


def test_esc3_the_superiors_instruction_is_recorded() -> None:
    """ESC-3: the superior's instruction is recorded on the escalation, not before it."""
    record = escalate("team_leader").escalation
    assert record is not None and record.proposed_handling == "refund the deposit"
    answered = record.instruct("refund half, offer a voucher", by="L-1", at=T0 + H)
    assert answered.instruction is not None
    assert (answered.instruction.text, answered.instruction.by) == (
        "refund half, offer a voucher",
        "L-1",
    )
    assert record.instruction is None  # records are values
    with pytest.raises(InvalidArgumentError, match="at or after the escalation"):
        record.instruct("too early", by="L-1", at=T0 - H)
    with pytest.raises(NaiveDatetimeError):
        record.instruct("naive", by="L-1", at=datetime(2026, 11, 24, 12))
    assert str(answered) == "2026-11-24 10:15+08:00 T-1: agent -> team_leader by agent-7"


def test_esc3_check_flags_reports_still_without_an_instruction() -> None:
    """ESC-3: with ``instruction_within``, a report still unanswered that long after is a
    warning; an instruction given by ``now`` clears it."""
    record = escalate("team_leader").escalation
    assert record is not None
    (violation,) = LADDER.check([record], T0 + 5 * H, instruction_within=4 * H)
    assert (violation.rule_id, violation.severity) == ("ESC-3", Severity.WARNING)
    assert violation.facts["waited"] == 5 * H
    assert LADDER.check([record], T0 + 3 * H, instruction_within=4 * H) == ()
    answered = record.instruct("go ahead", by="L-1", at=T0 + 2 * H)
    assert LADDER.check([answered], T0 + 5 * H, instruction_within=4 * H) == ()
    assert LADDER.check([record], T0 + 5 * H) == ()  # not asked for


# -- ESC-1: cases that must be reported ------------------------------------------------------

POLICY = EscalationPolicy()


@pytest.mark.parametrize(
    "category",
    [
        CaseCategory.CONFIDENTIALITY_LEAK,
        CaseCategory.MAJOR_ERROR,
        CaseCategory.SAFETY,
        CaseCategory.BEYOND_REMIT,
    ],
)
def test_esc1_cases_go_to_the_level_above_the_reporter(category: CaseCategory) -> None:
    """ESC-1: leaks, major errors or accidents, safety threats and matters beyond the
    employee's remit must be reported to the level above the reporter."""
    required = POLICY.on_case(Case("K-1", [category], T0, "agent-7"))
    assert required is not None
    assert (required.subject, required.to, required.rule_id, required.at) == (
        "K-1",
        "team_leader",
        "ESC-1",
        T0,
    )
    assert category.value.replace("_", " ") in required.reason
    by_leader = POLICY.on_case(Case("K-2", [category], T0, "L-1", level="team_leader"))
    assert by_leader is not None and by_leader.to == "department_head"
    assert not required.take_over


def test_esc1_an_obstructive_customer_is_taken_over_by_the_team_leader() -> None:
    """ESC-1: a deliberately obstructive customer goes to the team leader, who takes over;
    a team leader facing one handles it."""
    required = POLICY.on_case(Case("K-3", CaseCategory.OBSTRUCTIVE_CUSTOMER, T0, "agent-7"))
    assert required is not None
    assert (required.to, required.take_over, required.emergency) == ("team_leader", True, False)
    assert (
        POLICY.on_case(Case("K-4", ["obstructive_customer"], T0, "L-1", level="team_leader"))
        is None
    )
    both = POLICY.on_case(
        Case("K-5", ["obstructive_customer", "major_error"], T0, "L-1", level="team_leader")
    )
    assert both is not None and (both.to, both.take_over) == ("department_head", False)


def test_esc1_safety_and_leaks_are_emergencies_by_default() -> None:
    """ESC-1 with ESC-2: safety threats and leaks may skip levels; the policy can say
    otherwise, and name a level per category."""
    safety = POLICY.on_case(Case("K-6", ["safety"], T0, "agent-7"))
    assert safety is not None and safety.emergency
    beyond = POLICY.on_case(Case("K-7", ["beyond_remit"], T0, "agent-7"))
    assert beyond is not None and not beyond.emergency
    strict = EscalationPolicy(emergency_cases=(), case_levels={CaseCategory.SAFETY: "centre_head"})
    calm = strict.on_case(Case("K-8", ["safety"], T0, "agent-7"))
    assert calm is not None and (calm.to, calm.emergency) == ("centre_head", False)


def test_esc1_an_emergency_case_is_followed_up_the_ladder() -> None:
    """ESC-1 with ESC-2: following an emergency finding to a level far up skips levels
    and owes them reports; a non-emergency one would be refused."""
    policy = EscalationPolicy(case_levels={"safety": "department_head"})
    required = policy.on_case(Case("K-9", ["safety"], T0, "agent-7", ticket="T-1"))
    assert required is not None
    result = LADDER.follow(required, by="agent-7", proposed_handling="evacuate the hall")
    assert result and [o.title[-11:] for o in result.obligations] == ["team leader"]
    assert result.escalation is not None and result.escalation.rule_id == "ESC-1"
    calm = EscalationPolicy(case_levels={"safety": "department_head"}, emergency_cases=())
    finding = calm.on_case(Case("K-9", ["safety"], T0, "agent-7"))
    assert finding is not None and not LADDER.follow(finding, by="agent-7")


def test_esc1_nobody_above_the_top() -> None:
    """ESC-1: a reporter at the top of the ladder has nobody to report to."""
    assert POLICY.on_case(Case("K-10", ["major_error"], T0, "ceo", level="leadership")) is None


def test_esc1_bad_cases_raise() -> None:
    """ESC-1: a case needs at least one known category, an aware instant, a known level."""
    with pytest.raises(InvalidArgumentError, match="at least one category"):
        Case("K-1", [], T0, "a")
    with pytest.raises(InvalidArgumentError, match="one of confidentiality_leak"):
        Case("K-1", ["gossip"], T0, "a")
    with pytest.raises(NaiveDatetimeError):
        Case("K-1", ["safety"], datetime(2026, 11, 24), "a")
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        POLICY.on_case(Case("K-1", ["safety"], T0, "a", level="intern"))
    with pytest.raises(WrongTypeError, match="case"):
        POLICY.on_case("K-1")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        EscalationPolicy(case_levels={"safety": "boss"})


# -- ESC-4: company-fault complaints ---------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "level", "key_level"),
    [
        ("minor", "team_leader", "team_leader"),
        ("serious", "department_head", "department_head"),
        ("major", "centre_head", "account_manager"),
    ],
)
def test_esc4_company_fault_is_escalated_by_severity(
    severity: str, level: str, key_level: str
) -> None:
    """ESC-4: a complaint that is the company's fault goes up by severity (the third rung
    being the account manager for key accounts), and the agent apologises."""
    found = POLICY.on_company_fault("T-2", company_at_fault=True, severity=severity, at=T0)
    assert found.apologise and found.company_at_fault
    assert found.severity is FaultSeverity(severity)
    assert found.required is not None
    assert (found.required.to, found.required.rule_id) == (level, "ESC-4")
    key = EscalationPolicy(ladder=EscalationLadder.key_accounts())
    assessed = key.on_company_fault("T-2", company_at_fault=True, severity=severity, at=T0)
    assert assessed.required is not None and assessed.required.to == key_level


def test_esc4_no_fault_no_apology_no_escalation() -> None:
    """ESC-4: the agent apologises only when the company is at fault."""
    found = POLICY.on_company_fault("T-3", company_at_fault=False, at=T0, severity="major")
    assert (found.apologise, found.required, found.severity) == (False, None, None)
    (wrong,) = found.check_apology(True)
    assert (wrong.rule_id, wrong.severity) == ("ESC-4", Severity.WARNING)
    assert found.check_apology(False) == ()
    fault = POLICY.on_company_fault("T-4", company_at_fault=True, at=T0, severity="minor")
    (missing,) = fault.check_apology(False)
    assert (missing.severity, missing.suggestion) == (
        Severity.ERROR,
        "apologise to the customer for the company's fault",
    )


def test_esc4_bad_input_raises() -> None:
    """ESC-4: a company fault needs a known severity; flags are bools."""
    with pytest.raises(InvalidArgumentError, match="severity: expected one of minor"):
        POLICY.on_company_fault("T-2", company_at_fault=True, at=T0)
    with pytest.raises(InvalidArgumentError, match="severity"):
        POLICY.on_company_fault("T-2", company_at_fault=True, at=T0, severity="awful")
    with pytest.raises(WrongTypeError, match="company_at_fault"):
        POLICY.on_company_fault("T-2", company_at_fault="yes", at=T0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="severity"):
        EscalationPolicy(fault_levels={"awful": "team_leader"})  # type: ignore[dict-item]
    with pytest.raises(WrongTypeError, match="apologised"):
        POLICY.on_company_fault("T-3", company_at_fault=False, at=T0).check_apology(None)  # type: ignore[arg-type]


# -- ESC-6: SLA warnings and breaches ---------------------------------------------------------


def test_esc6_sla_events_climb_the_ladder() -> None:
    """ESC-6: the 50 % warning goes to the team leader, 75 % to the department head, the
    breach to the centre head (the account manager for key accounts)."""
    events = [sla("warning", 0.5), sla("warning", 0.75, T0 + H), sla("breach", 1, T0 + 2 * H)]
    assert [r.to for r in POLICY.on_sla_events(events)] == [
        "team_leader",
        "department_head",
        "centre_head",
    ]
    key = EscalationPolicy(ladder=EscalationLadder.key_accounts())
    assert [r.to for r in key.on_sla_events(events)] == [
        "team_leader",
        "department_head",
        "account_manager",
    ]
    breach = POLICY.on_sla_event(events[2])
    assert breach is not None
    assert (breach.subject, breach.rule_id, breach.at) == ("T-1", "ESC-6", T0 + 2 * H)
    assert breach.reason == "resolution clock breached (complaint/P2)"


def test_esc6_warnings_below_every_threshold_and_custom_steps() -> None:
    """ESC-6: a warning below every threshold requires nothing; custom thresholds pick
    the largest one reached; only events up to ``now`` count."""
    assert POLICY.on_sla_event(sla("warning", 0.3)) is None
    assert POLICY.on_sla_event(sla("warning", 0.9)).to == "department_head"  # type: ignore[union-attr]
    custom = EscalationPolicy(sla_warnings={0.8: "team_leader"}, sla_breach="department_head")
    assert custom.on_sla_event(sla("warning", 0.5)) is None
    assert custom.on_sla_event(sla("breach", 1)).to == "department_head"  # type: ignore[union-attr]
    events = [sla("breach", 1, T0 + 2 * H), sla("warning", 0.5)]
    assert [r.to for r in POLICY.on_sla_events(events, now=T0 + H)] == ["team_leader"]


@given(st.floats(min_value=0.01, max_value=0.99), st.floats(min_value=0.01, max_value=0.99))
def test_esc6_law_a_later_threshold_never_asks_for_a_lower_level(a: float, b: float) -> None:
    """ESC-6 law: the level a warning requires never falls as the share of the target
    used grows, and a breach requires at least as much as any warning."""
    low, high = sorted((a, b))
    rank = LADDER.rank

    def level(event: SlaEvent) -> int:
        found = POLICY.on_sla_event(event)
        return -1 if found is None else rank(found.to)

    assert level(sla("warning", low)) <= level(sla("warning", high)) <= level(sla("breach", 1))


def test_esc6_check_compares_findings_with_escalations() -> None:
    """ESC-6: each finding must be acted on within ``respond_within`` (1 hour): missing is
    an error, late a warning; an escalation to a higher level, or made earlier, counts."""
    breach = POLICY.on_sla_event(sla("breach", 1))
    assert breach is not None
    on_time = Escalation("T-1", "department_head", "centre_head", T0 + H / 2, "L-2")
    assert POLICY.check([breach], [on_time], T0 + 5 * H) == ()
    higher = Escalation("T-1", "department_head", "leadership", T0 - H, "L-2", emergency=True)
    assert POLICY.check([breach], [higher], T0 + 5 * H) == ()
    (missed,) = POLICY.check([breach], [], T0 + 2 * H)
    assert (missed.rule_id, missed.severity) == ("ESC-6", Severity.ERROR)
    assert missed.facts["overdue_by"] == H
    assert missed.suggestion == "escalate T-1 to centre_head now"
    lower = Escalation("T-1", "agent", "team_leader", T0, "agent-7")
    other = Escalation("T-2", "department_head", "centre_head", T0, "L-2")
    assert len(POLICY.check([breach], [lower, other], T0 + 2 * H)) == 1
    late = Escalation("T-1", "department_head", "centre_head", T0 + 3 * H, "L-2")
    (warning,) = POLICY.check([breach], [late], T0 + 5 * H)
    assert warning.severity is Severity.WARNING
    assert "reached centre head 2 hours late" in warning.message
    assert POLICY.check([breach], [], T0 + H / 2) == ()  # not yet due


def test_esc6_required_records_follow_to_an_escalation() -> None:
    """ESC-6: a finding is followed up the ladder citing its rule and reason."""
    warning = POLICY.on_sla_event(sla("warning", 0.5))
    assert isinstance(warning, EscalationRequired)
    result = LADDER.follow(warning, by="agent-7", proposed_handling="call the customer")
    assert result.escalation is not None
    assert (result.escalation.rule_id, result.escalation.reason) == (
        "ESC-6",
        "resolution clock at 50% of its target (complaint/P2)",
    )
    assert str(warning) == (
        "2026-11-24 10:15+08:00 ESC-6 T-1 -> team_leader: resolution clock at 50% of its "
        "target (complaint/P2)"
    )


def test_esc6_bad_input_raises() -> None:
    """ESC-6: thresholds are shares in (0, 1) mapped to known levels; events are SlaEvents."""
    with pytest.raises(InvalidArgumentError, match="a share of the target in"):
        EscalationPolicy(sla_warnings={1.5: "team_leader"})
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        EscalationPolicy(sla_warnings={0.5: "boss"})
    with pytest.raises(InvalidArgumentError, match="a level of the default ladder"):
        EscalationPolicy(sla_breach="boss")
    with pytest.raises(WrongTypeError, match="event"):
        POLICY.on_sla_event({"ticket": "T-1"})  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError):
        POLICY.on_sla_events([], now=datetime(2026, 11, 24))
    with pytest.raises(InvalidArgumentError, match="respond_within"):
        EscalationPolicy(respond_within=-H)
    with pytest.raises(WrongTypeError, match="ladder"):
        EscalationPolicy(ladder=DEFAULT_LEVELS)  # type: ignore[arg-type]
    with pytest.raises(ServicePolicyError):
        POLICY.check([], [], datetime(2026, 11, 24))
