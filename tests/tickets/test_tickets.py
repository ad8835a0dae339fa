"""Tickets: event-sourced lifecycles, first-contact ownership, hand-overs (TKT-1 … TKT-6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import (
    InvalidArgumentError,
    InvalidTransitionError,
    NaiveDatetimeError,
    WrongTypeError,
)
from servicepolicy.tickets import (
    LIFECYCLES,
    EventKind,
    Lifecycle,
    LifecycleRegistry,
    PriorityMatrix,
    Ticket,
    TicketEvent,
    check_ticket,
)
from servicepolicy.tickets.events import assemble
from servicepolicy.tickets.ticket import build
from strategies import ticket_histories

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 24, 9, 30, tzinfo=SH)
M = timedelta(minutes=1)


def complaint() -> Ticket:
    return Ticket.open(
        id="T-1", kind="complaint", customer="C-1", channel="phone", at=T0, by="agent-7"
    )


def test_tkt1_builtin_kinds_are_registered() -> None:
    """TKT-1: inquiry, complaint, after-sales, reception and feedback kinds exist; unknown
    kinds name the registered ones."""
    assert {"inquiry", "complaint", "after_sales", "reception", "feedback"} <= set(
        LIFECYCLES.kinds()
    )
    with pytest.raises(InvalidArgumentError, match="a registered ticket kind: after_sales"):
        Ticket.open(id="T-9", kind="grievance", customer="C", channel="phone", at=T0, by="a")


def test_tkt1_plugins_register_kinds_the_same_way() -> None:
    """TKT-1: a plugin's kind (a logistics delivery exception) is a registry entry."""
    registry = LifecycleRegistry()
    damage = Lifecycle(
        kind="delivery_damage",
        initial="reported",
        transitions={"reported": {"photographed"}, "photographed": {"settled"}, "settled": ()},
        terminal={"settled"},
    )
    registry.register(damage)
    t = Ticket.open(
        id="D-1",
        kind="delivery_damage",
        customer="C",
        channel="phone",
        at=T0,
        by="a",
        lifecycle=registry.get("delivery_damage"),
    )
    assert t.transition("photographed", at=T0 + M, by="a").state == "photographed"
    with pytest.raises(InvalidArgumentError, match="not registered yet"):
        registry.register(damage)


def test_tkt2_inquiry_on_the_spot_or_referred() -> None:
    """TKT-2: an inquiry is answered on the spot, or referred and answered later."""
    t = Ticket.open(id="I-1", kind="inquiry", customer="C", channel="email", at=T0, by="a")
    assert t.transition("answered", at=T0 + M, by="a", channel="email").state == "answered"
    referred = t.transition("referred", at=T0 + M, by="a", note="tariff question to billing")
    answered = referred.transition("answered", at=T0 + 60 * M, by="a", channel="email")
    assert answered.transition("closed", at=T0 + 61 * M, by="a").is_closed
    assert answered.events[-1].channel == "email"


def test_tkt2_answer_goes_out_on_the_channel_it_came_in() -> None:
    """TKT-2: an email inquiry answered by email is fine; answered by phone it is flagged,
    naming both channels and what would be right."""
    t = Ticket.open(id="I-2", kind="inquiry", customer="C", channel="email", at=T0, by="a")
    assert check_ticket(t.transition("answered", at=T0 + M, by="a", channel="email")) == ()
    assert check_ticket(t.transition("answered", at=T0 + M, by="a")) == ()
    (violation,) = check_ticket(t.transition("answered", at=T0 + M, by="a", channel="phone"))
    assert violation.rule_id == "TKT-2"
    assert violation.facts["answered_by"] == "phone" and violation.facts["came_in"] == "email"
    assert violation.suggestion == "reply by email, the channel the customer used"


def test_tkt3_complaint_full_lifecycle() -> None:
    """TKT-3: accepted → investigating → proposed → (approval) → negotiating → resolved →
    followed_up → closed with a root-cause note."""
    t = complaint()
    for state in ("investigating", "proposed"):
        t = t.transition(state, at=t.updated_at + M, by="agent-7")
    t = t.approve(role="cs_department", at=t.updated_at + M, by="head-cs")
    for state in ("negotiating", "resolved", "followed_up"):
        t = t.transition(state, at=t.updated_at + M, by="agent-7")
    t = t.transition("closed", at=t.updated_at + M, by="agent-7", note="root cause: wrong tariff")
    assert t.is_closed and t.state == "closed"
    assert [s for _, s in t.history_of("state")][-3:] == ["resolved", "followed_up", "closed"]


def test_tkt3_proposal_needs_the_departments_approval() -> None:
    """TKT-3: negotiating a proposal before the customer-service department approved it is
    refused, naming the role."""
    t = complaint().transition("investigating", at=T0 + M, by="a")
    t = t.transition("proposed", at=T0 + 2 * M, by="a")
    with pytest.raises(InvalidTransitionError, match="approval by 'cs_department'"):
        t.transition("negotiating", at=T0 + 3 * M, by="a")
    approved = t.approve(role="cs_department", at=T0 + 3 * M, by="head")
    assert approved.transition("negotiating", at=T0 + 4 * M, by="a").state == "negotiating"


def test_tkt3_closing_needs_a_root_cause_note() -> None:
    """TKT-3: a complaint closes with a root-cause note."""
    t = complaint()
    for state in ("investigating", "proposed"):
        t = t.transition(state, at=t.updated_at + M, by="a")
    t = t.approve(role="cs_department", at=t.updated_at + M, by="h")
    for state in ("negotiating", "resolved", "followed_up"):
        t = t.transition(state, at=t.updated_at + M, by="a")
    with pytest.raises(InvalidTransitionError, match="a note when entering 'closed'"):
        t.transition("closed", at=t.updated_at + M, by="a")


def test_tkt3_waiting_on_the_customer_returns_where_it_began() -> None:
    """TKT-3/SLA-3: waiting_on_customer is reachable from investigating and back, and is a
    waiting state; it returns to the state it was entered from."""
    t = complaint().transition("investigating", at=T0 + M, by="a")
    waiting = t.transition("waiting_on_customer", at=T0 + 2 * M, by="a", note="asked for invoice")
    assert waiting.is_waiting
    with pytest.raises(InvalidTransitionError, match="a return to 'investigating'"):
        waiting.transition("negotiating", at=T0 + 3 * M, by="a")
    assert waiting.transition("investigating", at=T0 + 3 * M, by="a").state == "investigating"


def test_tkt4_after_sales_lifecycle() -> None:
    """TKT-4: receive → classify → assign → execute → follow-up visit → close."""
    t = Ticket.open(id="A-1", kind="after_sales", customer="C", channel="phone", at=T0, by="a")
    for state in (
        "classified",
        "assigned",
        "in_service",
        "waiting_on_third_party",
        "in_service",
        "followed_up",
        "closed",
    ):
        t = t.transition(state, at=t.updated_at + M, by="a")
    assert t.is_closed


def test_tkt5_first_contact_owns_until_an_explicit_hand_over() -> None:
    """TKT-5: whoever takes the first call owns the ticket; a hand-over names the new owner
    and the responsibility; there is always exactly one owner."""
    t = complaint()
    assert t.owner == "agent-7"
    t = t.transition("investigating", at=T0 + M, by="agent-7")
    assert t.owner == "agent-7"  # working on it does not change the owner
    moved = t.hand_over(to="dept-tech", at=T0 + 2 * M, by="agent-7", reason="fault analysis")
    assert moved.owner == "dept-tech"
    assert moved.history_of("owner") == ((T0, "agent-7"), (T0 + 2 * M, "dept-tech"))
    with pytest.raises(InvalidTransitionError, match="responsibility handed over"):
        t.hand_over(to="dept-tech", at=T0 + 2 * M, by="agent-7", reason="")
    with pytest.raises(InvalidTransitionError, match="a new owner other than 'agent-7'"):
        t.hand_over(to="agent-7", at=T0 + 2 * M, by="agent-7", reason="x")


def test_tkt6_events_are_append_only_and_in_time_order() -> None:
    """TKT-6: every change is an event; events before the last one are refused; the state
    is derived by replay, so rebuilding from the events gives the same ticket."""
    t = complaint().transition("investigating", at=T0 + M, by="a", note="checking contract")
    with pytest.raises(InvalidTransitionError, match="at or after the previous one"):
        t.transition("proposed", at=T0, by="a")
    rebuilt = Ticket("T-1", "complaint", "phone", "C-1", t.events)
    assert rebuilt == t and rebuilt.state == t.state and rebuilt.owner == t.owner
    assert (
        str(t.events[1]) == "2026-11-24T09:31+08:00 a: accepted -> investigating "
        "(checking contract)"
    )


def test_tkt6_a_history_the_lifecycle_forbids_cannot_be_built() -> None:
    """TKT-6: building a ticket from events replays and checks each, naming the event."""
    opened = complaint().events[0]
    bad = TicketEvent(EventKind.TRANSITION, T0 + M, "a", source="accepted", state="closed")
    with pytest.raises(
        InvalidTransitionError,
        match=r"event 2: expected a state allowed from "
        r"'accepted': investigating, got 'closed'",
    ):
        Ticket("T-1", "complaint", "phone", "C-1", (opened, bad))
    with pytest.raises(InvalidTransitionError, match="at least the opening event"):
        Ticket("T-1", "complaint", "phone", "C-1", ())
    with pytest.raises(WrongTypeError, match="events"):
        Ticket("T-1", "complaint", "phone", "C-1", (opened, "closed"))  # type: ignore[arg-type]


def test_sla5_replies_are_recorded_on_the_ticket_channel_by_default() -> None:
    """SLA-5 / TKT-2: a reply is a message to the customer; it goes out on the channel the
    ticket came in on unless another is named, and changes neither state nor owner."""
    t = complaint().reply(at=T0 + M, by="agent-7").reply(at=T0 + 2 * M, by="x", channel="sms")
    assert [(e.kind, e.channel) for e in t.events[1:]] == [
        (EventKind.REPLY, "phone"),
        (EventKind.REPLY, "sms"),
    ]
    assert (t.state, t.owner) == ("accepted", "agent-7")
    assert str(t.events[1]).endswith("agent-7: replied on phone")


def test_sla4_a_promise_names_a_due_instant_and_a_state_of_the_lifecycle() -> None:
    """SLA-4: a promise to the customer is an event with the instant promised, optionally
    the state promised by then; one due before it was made, or an unknown state, is
    refused with the event's number."""
    t = complaint().promise(due=T0 + 60 * M, at=T0 + M, by="agent-7", state="resolved")
    assert (t.events[-1].due, t.events[-1].state, t.state) == (T0 + 60 * M, "resolved", "accepted")
    assert t.history_of("state") == ((T0, "accepted"),)  # a promised state is not a state
    with pytest.raises(InvalidTransitionError, match="event 2: expected a promise due at or"):
        complaint().promise(due=T0, at=T0 + M, by="agent-7")
    with pytest.raises(InvalidTransitionError, match="a promised state of the lifecycle"):
        complaint().promise(due=T0 + M, at=T0 + M, by="agent-7", state="teleported")
    with pytest.raises(NaiveDatetimeError):
        TicketEvent(EventKind.PROMISE, T0, "a", due=datetime(2026, 11, 25, 9))


def test_sla1_reclassification_changes_the_current_priority_and_tier() -> None:
    """SLA-1: a new priority or tier is an event; the ticket keeps what it was opened with
    and derives what it is now, with the history of both."""
    t = Ticket.open(
        id="T-9", kind="inquiry", customer="C", channel="chat", at=T0, by="a", priority="P3"
    )
    assert (t.current_priority, t.current_tier) == ("P3", None)
    t = t.reclassify(at=T0 + M, by="a", priority="P1").reclassify(at=T0 + 2 * M, by="b", tier="vip")
    assert (t.priority, t.tier, t.current_priority, t.current_tier) == ("P3", None, "P1", "vip")
    assert t.history_of("priority") == ((T0, "P3"), (T0 + M, "P1"))
    assert t.history_of("tier") == ((T0 + 2 * M, "vip"),)
    with pytest.raises(InvalidTransitionError, match="a new priority or tier"):
        t.reclassify(at=T0 + 3 * M, by="a")
    with pytest.raises(WrongTypeError, match="'state', 'owner', 'priority' or 'tier'"):
        t.history_of("colour")  # type: ignore[arg-type]


def test_tkt6_after_the_terminal_state_only_notes() -> None:
    """TKT-6: a closed ticket takes notes, but no reply, promise or reclassification."""
    t = Ticket.open(id="T", kind="feedback", customer="C", channel="web", at=T0, by="a")
    t = t.transition("acknowledged", at=T0 + M, by="a").transition("closed", at=T0 + M, by="a")
    assert t.note("thanked again", at=T0 + 2 * M, by="a").is_closed
    for late in (
        lambda: t.reply(at=T0 + 2 * M, by="a"),
        lambda: t.promise(due=T0 + 9 * M, at=T0 + 2 * M, by="a"),
        lambda: t.reclassify(at=T0 + 2 * M, by="a", priority="P1"),
    ):
        with pytest.raises(InvalidTransitionError, match="only notes after the terminal state"):
            late()


def test_event_kinds_are_checked_by_value_and_type() -> None:
    """An event kind is an EventKind or its value; anything else is a clear error."""
    assert TicketEvent("reply", T0, "a").kind is EventKind.REPLY
    with pytest.raises(InvalidArgumentError, match="one of opened, transition"):
        TicketEvent("escalated", T0, "a")
    with pytest.raises(WrongTypeError, match="an EventKind or its value"):
        TicketEvent(3, T0, "a")  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(ticket_histories())
def test_the_readers_fast_constructors_agree_with_the_checked_ones(ticket: Ticket) -> None:
    """The readers' hot path builds events and tickets without the attrs validators:
    what it builds equals what the validating constructors build."""
    events = tuple(assemble(*attrs.astuple(e, recurse=False)) for e in ticket.events)
    assert events == ticket.events
    fast = build(*attrs.astuple(ticket, recurse=False)[:7], ticket.lifecycle)
    assert fast == ticket
    assert (fast.state, fast.owner, fast.current_priority) == (
        ticket.state,
        ticket.owner,
        ticket.current_priority,
    )


def test_priority_matrix_itil_default_and_errors() -> None:
    """Priority from impact × urgency (ITIL 3×3 by default); unknown levels are errors."""
    matrix = PriorityMatrix()
    assert matrix.priority("high", "high") == "P1"
    assert matrix.priority("medium", "medium") == "P3"
    with pytest.raises(InvalidArgumentError, match="an impact among"):
        matrix.priority("huge", "high")
    with pytest.raises(InvalidArgumentError, match="a priority for every impact x urgency"):
        PriorityMatrix({("high", "high"): "P1", ("low", "low"): "P4"})


# -- properties ---------------------------------------------------------------------------


def histories() -> st.SearchStrategy[Ticket]:
    """Tickets whose first owner is ``first`` (as the TKT-5 property expects)."""
    return ticket_histories(people=st.just("first"), instants=st.just(T0))


@settings(max_examples=150, deadline=None)
@given(histories())
def test_tkt6_replaying_the_events_rebuilds_the_ticket(ticket: Ticket) -> None:
    """TKT-6: replay is lossless: a ticket rebuilt from its events equals it, with the same
    state, owner and histories; every prefix of the events is a valid ticket too."""
    fields = (ticket.id, ticket.kind, ticket.channel, ticket.customer)
    rebuilt = Ticket(*fields, ticket.events, ticket.priority, ticket.tier)
    assert rebuilt == ticket
    assert (rebuilt.state, rebuilt.owner) == (ticket.state, ticket.owner)
    assert rebuilt.history_of("owner") == ticket.history_of("owner")
    for n in range(1, len(ticket.events) + 1):
        Ticket(*fields, ticket.events[:n])


@settings(max_examples=150, deadline=None)
@given(histories())
def test_tkt5_always_exactly_one_owner(ticket: Ticket) -> None:
    """TKT-5: the owner is the last one handed to, and never empty."""
    owners = ticket.history_of("owner")
    assert owners[0][1] == "first"
    assert ticket.owner == owners[-1][1] and ticket.owner


def test_tkt2_a_reply_to_an_inquiry_goes_out_on_its_channel() -> None:
    """TKT-2: a reply to an inquiry on another channel is flagged too; replies to other
    kinds (a complaint called back by phone) are not."""
    q = Ticket.open(id="I-8", kind="inquiry", customer="C-1", channel="email", at=T0, by="a")
    (violation,) = check_ticket(q.reply(at=T0 + M, by="a", channel="phone"))
    assert (violation.rule_id, violation.facts["answered_by"]) == ("TKT-2", "phone")
    assert check_ticket(q.reply(at=T0 + M, by="a")) == ()
    assert check_ticket(complaint().reply(at=T0 + M, by="a", channel="email")) == ()
