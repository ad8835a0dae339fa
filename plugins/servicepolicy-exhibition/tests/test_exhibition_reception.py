"""EXH-3: reception visits are prepared, then followed up."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.testing import T0, assert_no_violation, assert_violation
from servicepolicy.tickets import Ticket

from exhibition_strategies import plans
from servicepolicy_exhibition import (
    PREPARATION_ITEMS,
    ExhibitionPlugin,
    ExhibitionSettings,
    ReceptionPlan,
    exh_3_follow_up,
    give_feedback,
    plan_of,
    prepare,
    record_intent,
)

FULL = ReceptionPlan(
    profile="exhibitor since 2019, hall 3",
    purpose="discuss a 2027 booth",
    staff=["li", "wang"],
    venue="meeting room 2",
    materials=["floor plan", "price list"],
)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def reception() -> Ticket:
    return Ticket.open(
        id="R-1", kind="reception", customer="C-1", channel="visit", at=T0, by="agent-1"
    )


def visited(plan: ReceptionPlan = FULL) -> Ticket:
    """A visit prepared with ``plan`` at 1 h, marked prepared at 2 h, received at 24 h."""
    ticket = prepare(reception(), plan, at=at(1), by="agent-1")
    ticket = ticket.transition("prepared", at=at(2), by="agent-1")
    return ticket.transition("received", at=at(24), by="agent-1")


def test_exh_3_a_fully_prepared_visit_breaks_nothing() -> None:
    """EXH-3: profile, purpose, staff, venue and materials recorded before the visit is
    marked prepared."""
    assert_no_violation(plugins.check_ticket(visited(), at(25)), "EXH-3")


def test_exh_3_marked_prepared_with_items_missing() -> None:
    """EXH-3: a visit marked prepared without every item is a violation naming the
    missing ones, in the manual's order."""
    plan = ReceptionPlan(purpose="discuss a 2027 booth", venue="meeting room 2")
    violation = assert_violation(plugins.check_ticket(visited(plan), at(25)), "EXH-3")
    assert violation.facts["missing"] == ["profile", "staff", "materials"]
    assert violation.message == (
        "reception R-1 was marked prepared without: profile, staff, materials"
    )


def test_exh_3_items_recorded_after_marking_prepared_do_not_count() -> None:
    """EXH-3: preparation is judged as it stood when the visit was marked prepared."""
    ticket = reception().transition("prepared", at=at(2), by="agent-1")
    ticket = prepare(ticket, FULL, at=at(3), by="agent-1")
    violation = assert_violation(plugins.check_ticket(ticket, at(4)), "EXH-3")
    assert len(violation.facts["missing"]) == 5
    assert plan_of(ticket) == FULL


def test_exh_3_a_visit_not_marked_prepared_owes_nothing_yet() -> None:
    """EXH-3: a scheduled visit is not judged until it is marked prepared."""
    assert_no_violation(plugins.check_ticket(reception(), at(1)), "EXH-3")


def test_exh_3_the_required_items_are_a_parameter() -> None:
    """EXH-3: a policy that does not prepare materials says so in the settings."""
    plugins.unregister("exhibition")
    settings = ExhibitionSettings(preparation=["profile", "purpose", "staff", "venue"])
    plugins.register(ExhibitionPlugin(settings), name="exhibition")
    plan = ReceptionPlan(profile="p", purpose="q", staff=["li"], venue="room 2")
    assert_no_violation(plugins.check_ticket(visited(plan), at(25)), "EXH-3")


def test_exh_3_followed_up_without_feedback_to_the_specialist() -> None:
    """EXH-3: after the visit, feedback goes to the specialist; following up without it
    is a violation."""
    ticket = visited().transition("followed_up", at=at(48), by="agent-1")
    violation = assert_violation(plugins.check_ticket(ticket, at(49)), "EXH-3")
    assert "without feedback to the specialist" in violation.message


def test_exh_3_feedback_before_the_visit_does_not_count() -> None:
    """EXH-3: feedback is on the visit, so it is given after the customer was received."""
    ticket = prepare(reception(), FULL, at=at(1), by="agent-1")
    ticket = give_feedback(ticket, specialist="spec-7", text="expects a visit", at=at(1), by="a")
    ticket = ticket.transition("prepared", at=at(2), by="agent-1")
    ticket = ticket.transition("received", at=at(24), by="agent-1")
    ticket = ticket.transition("followed_up", at=at(48), by="agent-1")
    assert_violation(plugins.check_ticket(ticket, at(49)), "EXH-3")


def test_exh_3_feedback_given_then_followed_up() -> None:
    """EXH-3: feedback to the specialist between the visit and the follow-up."""
    ticket = give_feedback(
        visited(), specialist="spec-7", text="wants a corner booth", at=at(30), by="agent-1"
    )
    ticket = ticket.transition("followed_up", at=at(48), by="agent-1")
    assert_no_violation(plugins.check_ticket(ticket, at(49)), "EXH-3")


def _with_intent(hand_over_to: str | None, *, intent_at: float = 26) -> Ticket:
    ticket = visited()
    ticket = record_intent(ticket, text="wants 36 m2 in 2027", at=at(intent_at), by="agent-1")
    ticket = give_feedback(ticket, specialist="spec-7", text="intent", at=at(27), by="agent-1")
    if hand_over_to is not None:
        ticket = ticket.hand_over(
            to=hand_over_to, at=at(28), by="agent-1", reason="purchase intent"
        )
    return ticket.transition("followed_up", at=at(48), by=ticket.owner)


@pytest.mark.parametrize("sales", ["sales", "sales-li", "sales/east"])
def test_exh_3_purchase_intent_handed_over_to_sales(sales: str) -> None:
    """EXH-3: a customer who showed purchase intent is handed over to sales (the team,
    or one of its members) by the follow-up."""
    assert_no_violation(plugins.check_ticket(_with_intent(sales), at(49)), "EXH-3")


@pytest.mark.parametrize("owner", [None, "dept-tech", "salesforce-admin"])
def test_exh_3_purchase_intent_not_handed_over_to_sales(owner: str | None) -> None:
    """EXH-3: intent without a hand-over to sales (or handed to someone else) is a
    violation at the follow-up."""
    violation = assert_violation(plugins.check_ticket(_with_intent(owner), at(49)), "EXH-3")
    assert "not handed over to sales" in violation.message
    assert violation.facts["sales"] == ["sales"]


def test_exh_3_intent_recorded_after_the_follow_up_is_handed_over_before_closing() -> None:
    """EXH-3: intent recorded after the follow-up (a call back) is owed to sales by the
    time the reception is closed."""
    ticket = give_feedback(visited(), specialist="spec-7", text="ok", at=at(30), by="agent-1")
    ticket = ticket.transition("followed_up", at=at(48), by="agent-1")
    ticket = record_intent(ticket, text="called back: wants a booth", at=at(50), by="agent-1")
    assert_no_violation(exh_3_follow_up(ticket, at(60)), "EXH-3")
    closed = ticket.transition("closed", at=at(70), by="agent-1", note="done")
    violation = assert_violation(exh_3_follow_up(closed, at(70)), "EXH-3")
    assert violation.facts["due"] == at(70).isoformat()
    handed = ticket.hand_over(to="sales-li", at=at(50.5), by="agent-1", reason="intent")
    handed = handed.transition("closed", at=at(70), by="sales-li", note="done")
    assert_no_violation(exh_3_follow_up(handed, at(71)), "EXH-3")


def test_exh_3_sales_owners_are_a_parameter() -> None:
    """EXH-3: an organiser whose sales team is called ``bd`` says so in the settings."""
    plugins.unregister("exhibition")
    plugins.register(ExhibitionPlugin(ExhibitionSettings(sales=["bd"])), name="exhibition")
    assert_no_violation(plugins.check_ticket(_with_intent("bd-zhao"), at(49)), "EXH-3")
    assert_violation(plugins.check_ticket(_with_intent("sales-li"), at(49)), "EXH-3")


@given(plans)
def test_exh_3_a_plan_recorded_is_the_plan_read_back(plan: ReceptionPlan) -> None:
    """EXH-3: ``plan_of(prepare(t, plan))`` is ``plan``; ``missing()`` lists what is
    not in it."""
    ticket = prepare(reception(), plan, at=at(1), by="agent-1")
    assert plan_of(ticket) == plan
    assert plan.missing() == tuple(item for item in PREPARATION_ITEMS if not getattr(plan, item))


def test_exh_3_the_latest_note_of_an_item_counts() -> None:
    """EXH-3: an item recorded again replaces the earlier one."""
    ticket = prepare(reception(), FULL, at=at(1), by="agent-1")
    ticket = prepare(ticket, ReceptionPlan(venue="hall 1 lounge"), at=at(2), by="agent-1")
    assert plan_of(ticket).venue == "hall 1 lounge"
    assert plan_of(ticket, as_of=at(1)).venue == "meeting room 2"


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda: ReceptionPlan(purpose=""), "reception plan: purpose"),
        (lambda: ReceptionPlan(staff=["li", " "]), "reception plan: staff[1]"),
        (lambda: ReceptionPlan(materials=["a, b"]), "reception plan: materials[0]"),
        (lambda: ReceptionPlan(venue=3), "reception plan: venue"),
        (lambda: ReceptionPlan(staff=3), "reception plan: staff"),
        (lambda: FULL.missing(["food"]), "required"),
        (lambda: give_feedback(reception(), specialist="", text="x", at=T0, by="a"), "specialist"),
        (lambda: record_intent(reception(), text="  ", at=T0, by="a"), "text"),
        (lambda: prepare(reception(), {"purpose": "x"}, at=T0, by="a"), "plan"),
    ],
)
def test_exh_3_bad_input_names_the_field(build: object, argument: str) -> None:
    """EXH-3, bad input: a ServicePolicyError naming the field."""
    with pytest.raises((InvalidArgumentError, WrongTypeError)) as error:
        build()  # type: ignore[operator]
    assert error.value.argument == argument
