"""LOG-4: the delivery-exception kinds, each with its lifecycle, deadlines, escalation and
checks, through the installed plugin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, InvalidTransitionError, WrongTypeError
from servicepolicy.escalation import EscalationLadder, EscalationPolicy
from servicepolicy.sla import SlaPolicy, SlaState
from servicepolicy.testing import T0, assert_no_violation, assert_violation, make_ticket
from servicepolicy.tickets import LIFECYCLES, Ticket

from servicepolicy_logistics import (
    EXCEPTION_KINDS,
    ExceptionRules,
    check_exception,
    exception_escalations,
    exception_targets,
    record_cause,
    record_photos,
)

M = timedelta(minutes=1)
H = timedelta(hours=1)


def log4(ticket: Ticket, now: object) -> list[object]:
    """The LOG-4 violations the installed plugins find."""
    return [v for v in plugins.check_ticket(ticket, now) if v.rule_id == "LOG-4"]  # type: ignore[arg-type]


# -- lifecycles ----------------------------------------------------------------------------------


def test_log4_each_exception_has_its_own_lifecycle() -> None:
    """LOG-4: damage, loss, delay and dispute are four kinds with four lifecycles citing
    LOG-4."""
    lifecycles = [LIFECYCLES.get(kind) for kind in EXCEPTION_KINDS]
    assert EXCEPTION_KINDS == (
        "delivery_damage",
        "delivery_loss",
        "delivery_delay",
        "delivery_dispute",
    )
    assert {life.rule for life in lifecycles} == {"LOG-4"}
    assert len({life.states for life in lifecycles}) == 4
    assert [life.kind for life in lifecycles] == list(EXCEPTION_KINDS)


def test_log4_damage_contacts_the_customer_then_agrees_a_remedy() -> None:
    """LOG-4 damage: reported → customer contacted → remedy agreed → remedied → closed; no
    remedy before the customer is contacted."""
    with pytest.raises(InvalidTransitionError, match="customer_contacted"):
        make_ticket("delivery_damage", "remedy_agreed")
    ticket = make_ticket(
        "delivery_damage", "customer_contacted", "remedy_agreed", "remedied", "closed"
    )
    assert ticket.is_closed


def test_log4_loss_is_investigated_and_closed_with_findings() -> None:
    """LOG-4 loss: an internal investigation ends in recovered or confirmed lost (then
    compensated); the ticket closes with a note of the findings."""
    ticket = make_ticket("delivery_loss", "investigating", "confirmed_lost", "compensated")
    with pytest.raises(InvalidTransitionError, match="note"):
        ticket.transition("closed", at=T0 + H, by="agent-1")
    found = make_ticket("delivery_loss", "investigating", "recovered", "closed")
    assert found.is_closed


def test_log4_delay_informs_the_customer_before_delivery() -> None:
    """LOG-4 delay: reported → customer informed → delivered (or cancelled) → closed."""
    with pytest.raises(InvalidTransitionError, match="customer_informed"):
        make_ticket("delivery_delay", "delivered")
    assert make_ticket("delivery_delay", "customer_informed", "cancelled", "closed").is_closed


def test_log4_dispute_may_wait_on_a_third_party() -> None:
    """LOG-4 dispute: negotiation may go to a third party (a waiting state: SLA clocks
    pause, SLA-3) and comes back; it is settled with a note of the settlement."""
    ticket = make_ticket("delivery_dispute", "negotiating", "waiting_on_third_party")
    assert ticket.is_waiting
    back = ticket.transition("negotiating", at=T0 + H, by="agent-1")
    with pytest.raises(InvalidTransitionError, match="note"):
        back.transition("settled", at=T0 + 2 * H, by="agent-1")


# -- deadlines -----------------------------------------------------------------------------------


def test_log4_deadlines_come_from_the_plugin() -> None:
    """LOG-4, SLA-1: each kind has a first-response, a resolution and a progress target;
    the installed plugin contributes them to ``plugins.sla_targets()``."""
    ours = [t for t in plugins.sla_targets() if t.name.startswith("logistics-")]
    assert ours == list(exception_targets())
    assert len(ours) == 12 and {t.rule for t in ours} == {"LOG-4"}
    policy = SlaPolicy(plugins.sla_targets())
    lost = make_ticket("delivery_loss", "investigating", id="L-1")
    clocks = {s.metric: s for s in policy.evaluate(lost, T0 + 2 * H)}
    assert clocks["first_response"].state is SlaState.BREACHED
    assert clocks["resolution"].due == T0 + timedelta(days=7)


def test_log4_a_delay_must_be_answered_within_the_inform_time() -> None:
    """LOG-4 delay: its first response is due within ``inform_within`` (one hour)."""
    policy = SlaPolicy(exception_targets())
    delay = make_ticket("delivery_delay", id="Y-1")
    told = record_cause(delay, "truck broke down", at=T0 + 30 * M, by="a", tell_customer=True)
    clocks = {s.metric: s for s in policy.evaluate(told, T0 + 2 * H)}
    assert clocks["first_response"].state is SlaState.MET
    assert clocks["first_response"].due == T0 + H


def test_log4_deadlines_are_parameters() -> None:
    """LOG-4: the figures and the calendar of the targets are ExceptionRules."""
    rules = ExceptionRules(damage_resolution=timedelta(days=1), progress_every=None, calendar="x")
    targets = {t.name: t for t in exception_targets(rules)}
    assert targets["logistics-damage-resolution"].duration == timedelta(days=1)
    assert "logistics-damage-progress" not in targets
    assert {t.calendar for t in targets.values()} == {"x"}
    with pytest.raises(InvalidArgumentError, match="exception rules: photo_within"):
        ExceptionRules(photo_within=timedelta(0))
    with pytest.raises(WrongTypeError, match="exception rules: loss_report_to"):
        ExceptionRules(loss_report_to=None)  # type: ignore[arg-type]


# -- escalation ----------------------------------------------------------------------------------


def test_log4_a_loss_is_reported_to_the_company_at_once() -> None:
    """LOG-4 loss, ESC-2: from the moment it is reported, the loss must reach the
    department head, as an emergency (levels may be skipped)."""
    lost = make_ticket("delivery_loss", id="L-1")
    (required,) = [e for e in plugins.escalations(lost, T0) if e.rule_id == "LOG-4"]
    assert (required.subject, required.to, required.at) == ("L-1", "department_head", T0)
    assert required.emergency


def test_log4_the_loss_report_is_checked_by_the_escalation_policy() -> None:
    """LOG-4 loss: the escalation module checks the report was made: missing after the
    response time is a LOG-4 error; following the finding satisfies it, skipping the team
    leader as an emergency and owing it a report (ESC-2)."""
    lost = make_ticket("delivery_loss", id="L-1")
    required = exception_escalations(lost, T0)
    policy = EscalationPolicy()
    assert_violation(policy.check(required, [], T0 + 2 * H), "LOG-4", subject="L-1")
    result = EscalationLadder.default().follow(required[0], by="agent-1", at=T0 + 10 * M)
    assert result and result.escalation is not None
    assert [o.owner for o in result.obligations] == ["agent-1"]
    assert policy.check(required, [result.escalation], T0 + 2 * H) == ()


def test_log4_the_loss_level_is_a_parameter() -> None:
    """LOG-4: "the company" is a level of the ladder, and the emergency a choice."""
    rules = ExceptionRules(loss_report_to="centre_head", loss_emergency=False)
    (required,) = exception_escalations(make_ticket("delivery_loss"), T0, rules)
    assert (required.to, required.emergency) == ("centre_head", False)


def test_log4_an_unsettled_dispute_goes_to_a_superior() -> None:
    """LOG-4 dispute: not settled within 24 hours, it must go to the team leader; settled
    in time, nothing is required."""
    dispute = make_ticket("delivery_dispute", "negotiating", id="P-1")
    assert exception_escalations(dispute, T0 + 23 * H) == ()
    (required,) = exception_escalations(dispute, T0 + 25 * H)
    assert (required.to, required.at, required.emergency) == ("team_leader", T0 + 24 * H, False)
    settled = dispute.transition("settled", at=T0 + 5 * H, by="agent-1", note="refund 5 %")
    assert exception_escalations(settled, T0 + 48 * H) == ()
    late = dispute.transition("settled", at=T0 + 30 * H, by="agent-1", note="refund 5 %")
    assert len(exception_escalations(late, T0 + 48 * H)) == 1
    assert [e.to for e in plugins.escalations(dispute, T0 + 25 * H) if e.rule_id == "LOG-4"] == [
        "team_leader"
    ]


def test_log4_damage_and_delay_require_no_escalation() -> None:
    """LOG-4: the manual escalates losses and disputes only."""
    for kind in ("delivery_damage", "delivery_delay"):
        assert exception_escalations(make_ticket(kind), T0 + 10 * H) == ()
    assert exception_escalations(make_ticket("complaint"), T0 + 10 * H) == ()


# -- checks --------------------------------------------------------------------------------------


def test_log4_damage_needs_photos_before_the_remedy_is_agreed() -> None:
    """LOG-4 damage: agreeing a remedy without photo evidence on the ticket is an error;
    photos recorded first satisfy it."""
    contacted = make_ticket("delivery_damage", "customer_contacted", id="D-1")
    agreed = contacted.transition("remedy_agreed", at=T0 + 30 * M, by="agent-1")
    (violation,) = log4(agreed, T0 + 40 * M)
    assert "without photo evidence" in violation.message  # type: ignore[attr-defined]
    photographed = record_photos(contacted, ["IMG_1.jpg"], at=T0 + 15 * M, by="driver-3")
    agreed = photographed.transition("remedy_agreed", at=T0 + 30 * M, by="agent-1")
    assert log4(agreed, T0 + 40 * M) == []


def test_log4_photos_taken_after_the_remedy_do_not_count() -> None:
    """LOG-4 damage: photos recorded only after the remedy was agreed leave the error."""
    agreed = make_ticket("delivery_damage", "customer_contacted", "remedy_agreed")
    later = record_photos(agreed, ["IMG_1.jpg"], at=T0 + H, by="driver-3")
    assert_violation(check_exception(later, T0 + 2 * H), "LOG-4", severity="error")


def test_log4_damage_is_photographed_at_once() -> None:
    """LOG-4 damage: no photo an hour after the report is an error; photos taken later
    than that, a warning; the hour is a parameter."""
    damage = make_ticket("delivery_damage", id="D-2")
    assert check_exception(damage, T0 + 50 * M) == ()
    assert_violation(check_exception(damage, T0 + 2 * H), "LOG-4", severity="error")
    late = record_photos(damage, ["IMG_1.jpg"], at=T0 + 90 * M, by="driver-3")
    warning = assert_violation(check_exception(late, T0 + 2 * H), "LOG-4", severity="warning")
    assert warning.facts["late_by"] == 30 * M
    relaxed = ExceptionRules(photo_within=2 * H)
    assert check_exception(late, T0 + 3 * H, relaxed) == ()


def test_log4_a_delay_tells_the_customer_the_cause_at_once() -> None:
    """LOG-4 delay: the customer must hear the cause within an hour; the cause recorded
    and told in one reply satisfies it, force majeure noted in the facts."""
    delay = make_ticket("delivery_delay", id="Y-1")
    assert log4(delay, T0 + 30 * M) == []
    (missing,) = log4(delay, T0 + 2 * H)
    assert "the cause was not recorded" in missing.message  # type: ignore[attr-defined]
    told = record_cause(
        delay,
        "typhoon closed the port",
        at=T0 + 20 * M,
        by="a",
        force_majeure=True,
        tell_customer=True,
    )
    assert log4(told, T0 + 2 * H) == []


def test_log4_a_cause_kept_from_the_customer_is_not_told() -> None:
    """LOG-4 delay: a cause noted but no message to the customer after it is an error; a
    reply before the cause was known does not count; a late message is a warning."""
    delay = make_ticket("delivery_delay", id="Y-2").reply(at=T0 + 5 * M, by="a")
    noted = record_cause(delay, "driver ill", at=T0 + 10 * M, by="a")
    violation = assert_violation(check_exception(noted, T0 + 2 * H), "LOG-4", severity="error")
    assert violation.facts["cause"] == "driver ill" and not violation.facts["force_majeure"]
    assert "the customer was not told it" in violation.message
    late = noted.transition("customer_informed", at=T0 + 90 * M, by="a", channel="phone")
    assert_violation(check_exception(late, T0 + 2 * H), "LOG-4", severity="warning")


def test_log4_checks_leave_other_kinds_alone() -> None:
    """LOG-4: the loss and dispute kinds and other plugins' kinds have no history rule."""
    for kind in ("delivery_loss", "delivery_dispute", "complaint"):
        assert check_exception(make_ticket(kind), T0 + 10 * H) == ()
    assert_no_violation(plugins.check_ticket(make_ticket("delivery_loss"), T0 + 10 * H), "LOG-4")


def test_log4_checks_refuse_bad_input() -> None:
    """A naive ``now`` and a ticket that is not a ticket are refused, naming the argument."""
    with pytest.raises(InvalidArgumentError, match="now"):
        check_exception(make_ticket("delivery_damage"), T0.replace(tzinfo=None))
    with pytest.raises(WrongTypeError, match="ticket"):
        exception_escalations("L-1", T0)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="rules"):
        check_exception(make_ticket("delivery_damage"), T0, {"photo_within": 1})  # type: ignore[arg-type]
