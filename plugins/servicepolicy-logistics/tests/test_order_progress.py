"""LOG-1: an order followed as a ``logistics_order`` ticket, and the news the customer is
owed after each milestone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, InvalidTransitionError, WrongTypeError
from servicepolicy.rules import Severity
from servicepolicy.testing import T0, assert_no_violation, assert_violation, make_ticket
from servicepolicy.tickets import Ticket

from servicepolicy_logistics import ORDER_KIND, FeedbackRules, Order, check_feedback, open_order

M = timedelta(minutes=1)
H = timedelta(hours=1)


def order_ticket(*states: str) -> Ticket:
    return make_ticket(ORDER_KIND, *states, id="O-1", channel="ecommerce")


def test_log1_an_order_is_opened_from_the_order() -> None:
    """LOG-1: ``open_order`` opens the order's ticket: same ID, customer, channel and
    time, owned by whoever took it (TKT-5)."""
    order = Order("O-1", "ecommerce", T0, customer="C-1", amount=Decimal(5))
    ticket = open_order(order, by="agent-7")
    assert (ticket.id, ticket.kind, ticket.customer, ticket.channel) == (
        "O-1",
        ORDER_KIND,
        "C-1",
        "ecommerce",
    )
    assert (ticket.state, ticket.owner, ticket.created_at) == ("received", "agent-7", T0)
    assert open_order(order, by="agent-7", at=T0 + H).created_at == T0 + H


def test_log1_an_order_needs_a_customer_to_be_opened() -> None:
    """LOG-1: an order without a customer cannot be followed; the error says to audit it."""
    with pytest.raises(InvalidArgumentError, match="audit the order first"):
        open_order(Order("O-1", "phone", T0), by="agent-7")
    with pytest.raises(WrongTypeError, match="order"):
        open_order("O-1", by="agent-7")  # type: ignore[arg-type]


def test_log1_an_order_is_audited_before_it_is_confirmed() -> None:
    """LOG-1: received → audited → confirmed → dispatched (passed on) → delivered; no
    confirmation without the audit."""
    with pytest.raises(InvalidTransitionError, match="audited"):
        order_ticket("confirmed")
    ticket = order_ticket("audited", "confirmed", "dispatched", "delivered", "completed")
    assert ticket.state == "completed"
    assert ticket.lifecycle.rule == "LOG-1"


def test_log1_an_incomplete_order_waits_on_the_customer_and_is_audited_again() -> None:
    """LOG-1: the audit's findings go back to the customer (a waiting state, SLA clocks
    pause, SLA-3) and the order returns to ``audited``."""
    ticket = order_ticket("audited", "waiting_on_customer")
    assert ticket.is_waiting
    assert ticket.transition("audited", at=T0 + H, by="agent-1").state == "audited"


def test_log1_a_rejected_order_says_why() -> None:
    """LOG-1: an order rejected at the audit is terminal, and needs a note."""
    ticket = order_ticket("audited")
    with pytest.raises(InvalidTransitionError, match="note"):
        ticket.transition("rejected", at=T0 + H, by="agent-1")
    rejected = ticket.transition("rejected", at=T0 + H, by="agent-1", note="goods not stocked")
    assert rejected.is_closed


def test_log1_each_milestone_is_fed_back_to_the_customer() -> None:
    """LOG-1: after ``confirmed`` (and ``dispatched``, ``delivered``) the customer is told
    within two hours; no news past that is an error naming the milestone."""
    ticket = order_ticket("audited", "confirmed")  # confirmed at T0 + 20 minutes
    confirmed = T0 + 20 * M
    assert check_feedback(ticket, confirmed + 2 * H) == ()
    violation = assert_violation(check_feedback(ticket, confirmed + 3 * H), "LOG-1")
    assert violation.severity is Severity.ERROR
    assert violation.facts["state"] == "confirmed"
    assert violation.facts["overdue_by"] == H
    assert "by ecommerce" in (violation.suggestion or "")


def test_log1_a_reply_or_a_transition_with_a_channel_is_news() -> None:
    """LOG-1: news is a reply, or the milestone's transition recorded with a channel."""
    ticket = order_ticket("audited")
    replied = ticket.transition("confirmed", at=T0 + H, by="a").reply(at=T0 + 2 * H, by="a")
    assert check_feedback(replied, T0 + 10 * H) == ()
    told = ticket.transition("confirmed", at=T0 + H, by="a", channel="email")
    assert check_feedback(told, T0 + 10 * H) == ()


def test_log1_news_sent_late_is_a_warning() -> None:
    """LOG-1: a reply after the two hours is a warning with how late it was."""
    ticket = order_ticket("audited").transition("confirmed", at=T0 + H, by="a")
    late = ticket.reply(at=T0 + 4 * H, by="a")
    violation = assert_violation(check_feedback(late, T0 + 10 * H), "LOG-1", severity="warning")
    assert violation.facts["late_by"] == H


def test_log1_one_reply_covers_the_milestones_before_it() -> None:
    """LOG-1: a reply after ``dispatched`` and ``delivered`` tells the customer of both;
    news given before a milestone does not count for it."""
    ticket = order_ticket("audited", "confirmed", "dispatched", "delivered")
    ticket = ticket.reply(at=T0 + H, by="agent-1")
    assert check_feedback(ticket, T0 + 10 * H) == ()
    early = order_ticket("audited").reply(at=T0 + 30 * M, by="a")
    early = early.transition("confirmed", at=T0 + H, by="a")
    assert_violation(check_feedback(early, T0 + 4 * H), "LOG-1")


def test_log1_feedback_judges_the_history_as_of_now() -> None:
    """LOG-1: events after ``now`` are not looked at: a reply made later does not excuse
    the past, and a milestone reached later is not yet owed."""
    ticket = order_ticket("audited", "confirmed").reply(at=T0 + 5 * H, by="a")
    assert_violation(check_feedback(ticket, T0 + 4 * H), "LOG-1", severity="error")
    assert check_feedback(ticket, T0 + 15 * M) == ()
    assert check_feedback(ticket, T0 - H) == ()


def test_log1_feedback_rules_are_parameters() -> None:
    """LOG-1: which milestones, and how soon, are FeedbackRules."""
    ticket = order_ticket("audited", "confirmed")
    relaxed = FeedbackRules(within=timedelta(hours=6))
    assert check_feedback(ticket, T0 + 5 * H, relaxed) == ()
    only_delivery = FeedbackRules(states={"delivered"})
    assert check_feedback(ticket, T0 + 5 * H, only_delivery) == ()
    with pytest.raises(InvalidArgumentError, match="feedback rules: states"):
        FeedbackRules(states={"shipped"})
    with pytest.raises(InvalidArgumentError, match="feedback rules: within"):
        FeedbackRules(within=timedelta(0))


def test_log1_feedback_runs_through_the_plugin() -> None:
    """LOG-1: ``plugins.check_ticket`` runs the feedback check on order tickets."""
    ticket = order_ticket("audited", "confirmed")
    assert_violation(plugins.check_ticket(ticket, T0 + 3 * H), "LOG-1")
    assert_no_violation(plugins.check_ticket(ticket, T0 + H), "LOG-1")


def test_feedback_ignores_other_kinds_and_refuses_bad_input() -> None:
    """Other kinds have nothing to check; a naive ``now`` is refused."""
    assert check_feedback(make_ticket("complaint", "investigating"), T0 + 10 * H) == ()
    with pytest.raises(InvalidArgumentError, match="now"):
        check_feedback(order_ticket(), T0.replace(tzinfo=None))
    with pytest.raises(WrongTypeError, match="ticket"):
        check_feedback("O-1", T0)  # type: ignore[arg-type]
