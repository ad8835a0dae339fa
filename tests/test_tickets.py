"""Tickets: event-sourced lifecycles, first-contact ownership, hand-overs (TKT-1 … TKT-6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, InvalidTransitionError, WrongTypeError
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


@st.composite
def histories(draw: st.DrawFn) -> Ticket:
    """A ticket of a random built-in kind after a random walk along its lifecycle."""
    kind = draw(st.sampled_from(["complaint", "inquiry", "after_sales", "reception", "feedback"]))
    life = LIFECYCLES.get(kind)
    t = Ticket.open(id="T", kind=kind, customer="C", channel="phone", at=T0, by="first")
    for step in range(draw(st.integers(0, 12))):
        at = t.updated_at + timedelta(minutes=draw(st.integers(0, 600)))
        action = draw(st.sampled_from(["move", "hand_over", "note"]))
        if action == "hand_over" and not t.is_closed:
            t = t.hand_over(to=f"owner-{step}", at=at, by=t.owner, reason="next step")
        elif action == "note" or t.is_closed:
            t = t.note(f"note {step}", at=at, by=t.owner)
        else:
            allowed = sorted(life.allowed_from(t.state))
            if t.is_waiting:
                allowed = [t.history_of("state")[-2][1]]
            target = draw(st.sampled_from(allowed))
            role = life.approval_for(t.state, target)
            if role:
                t = t.approve(role=role, at=at, by="head")
            t = t.transition(target, at=at, by=t.owner, note="because")
    return t


@settings(max_examples=150, deadline=None)
@given(histories())
def test_tkt6_replaying_the_events_rebuilds_the_ticket(ticket: Ticket) -> None:
    """TKT-6: replay is lossless: a ticket rebuilt from its events equals it, with the same
    state, owner and histories; every prefix of the events is a valid ticket too."""
    rebuilt = Ticket(ticket.id, ticket.kind, ticket.channel, ticket.customer, ticket.events)
    assert rebuilt == ticket
    assert (rebuilt.state, rebuilt.owner) == (ticket.state, ticket.owner)
    assert rebuilt.history_of("owner") == ticket.history_of("owner")
    for n in range(1, len(ticket.events) + 1):
        Ticket(ticket.id, ticket.kind, ticket.channel, ticket.customer, ticket.events[:n])


@settings(max_examples=150, deadline=None)
@given(histories())
def test_tkt5_always_exactly_one_owner(ticket: Ticket) -> None:
    """TKT-5: the owner is the last one handed to, and never empty."""
    owners = ticket.history_of("owner")
    assert owners[0][1] == "first"
    assert ticket.owner == owners[-1][1] and ticket.owner
