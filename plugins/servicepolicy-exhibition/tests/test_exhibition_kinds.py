"""EXH-1: the booth-booking, exhibitor-registration and on-site-service kinds."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy.errors import InvalidTransitionError
from servicepolicy.sla import SlaPolicy, SlaTarget
from servicepolicy.testing import T0, make_ticket
from servicepolicy.tickets import LIFECYCLES, Lifecycle, Ticket

from servicepolicy_exhibition import (
    BOOTH_BOOKING,
    EXHIBITION_KINDS,
    EXHIBITION_LIFECYCLES,
    EXHIBITOR_REGISTRATION,
    ON_SITE_SERVICE,
)


def test_exh_1_the_three_kinds_join_the_registry() -> None:
    """EXH-1: the installed plugin's kinds are in the default registry, beside the
    library's own, each governed by the plugin's lifecycle citing EXH-1."""
    assert set(LIFECYCLES.kinds()) >= EXHIBITION_KINDS
    assert {"complaint", "inquiry", "reception"} <= set(LIFECYCLES.kinds())
    for lifecycle in EXHIBITION_LIFECYCLES:
        assert LIFECYCLES.get(lifecycle.kind) == lifecycle
        assert lifecycle.rule == "EXH-1"


@pytest.mark.parametrize(
    ("kind", "path", "end"),
    [
        (
            BOOTH_BOOKING,
            ["quoted", "waiting_on_customer", "quoted", "confirmed", "closed"],
            "closed",
        ),
        (BOOTH_BOOKING, ["declined"], "declined"),
        (BOOTH_BOOKING, ["quoted", "confirmed", "withdrawn"], "withdrawn"),
        (
            EXHIBITOR_REGISTRATION,
            ["reviewing", "waiting_on_customer", "reviewing", "approved", "closed"],
            "closed",
        ),
        (EXHIBITOR_REGISTRATION, ["reviewing", "rejected"], "rejected"),
        (ON_SITE_SERVICE, ["resolved", "closed"], "closed"),
        (
            ON_SITE_SERVICE,
            ["dispatched", "waiting_on_exhibitor", "dispatched", "resolved"],
            "resolved",
        ),
    ],
)
def test_exh_1_paths_of_the_manual(kind: str, path: list[str], end: str) -> None:
    """EXH-1: each kind goes through the states of its lifecycle to its end."""
    ticket = make_ticket(kind, *path)
    assert (ticket.kind, ticket.state, ticket.owner) == (kind, end, "agent-1")


def test_exh_1_a_declined_booking_says_why() -> None:
    """EXH-1: declining a booking (or rejecting a registration) needs a note."""
    booking = make_ticket(BOOTH_BOOKING)
    with pytest.raises(InvalidTransitionError) as error:
        booking.transition("declined", at=T0 + timedelta(hours=1), by="agent-1")
    assert "a note when entering 'declined'" in str(error.value)
    declined = booking.transition(
        "declined", at=T0 + timedelta(hours=1), by="agent-1", note="hall 3 is full"
    )
    assert declined.is_closed


def test_exh_1_a_wait_returns_where_it_began() -> None:
    """EXH-1: a registration waiting on missing documents goes back to review, and
    cannot jump to approved from the wait."""
    waiting = make_ticket(EXHIBITOR_REGISTRATION, "reviewing", "waiting_on_customer")
    assert waiting.is_waiting
    with pytest.raises(InvalidTransitionError):
        waiting.transition("approved", at=T0 + timedelta(hours=2), by="agent-1")


def test_exh_1_the_resolution_clock_stops_when_the_booking_is_confirmed() -> None:
    """EXH-1, SLA-1: a booking is resolved when confirmed (the customer has its booth),
    not when the file is closed weeks later."""
    policy = SlaPolicy([SlaTarget("booth", "resolution", timedelta(days=2), kinds=BOOTH_BOOKING)])
    ticket = make_ticket(BOOTH_BOOKING, "quoted", "confirmed", step=timedelta(hours=5))
    (status,) = policy.evaluate(ticket, T0 + timedelta(days=30))
    assert status.state == "met"


def _walks(lifecycle: Lifecycle) -> st.SearchStrategy[list[str]]:
    """Random paths along the lifecycle's arrows, returning from waits where they began."""

    @st.composite
    def walk(draw: st.DrawFn) -> list[str]:
        state, came_from, path = lifecycle.initial, None, []
        for _ in range(draw(st.integers(min_value=0, max_value=12))):
            choices = sorted(lifecycle.allowed_from(state))
            if state in lifecycle.waiting:
                choices = [came_from] if came_from else choices
            if not choices:
                break
            target = draw(st.sampled_from(choices))
            came_from = state if target in lifecycle.waiting else None
            path.append(target)
            state = target
        return path

    return walk()


@given(
    st.sampled_from(EXHIBITION_LIFECYCLES).flatmap(
        lambda life: st.tuples(st.just(life), _walks(life))
    )
)
def test_exh_1_every_walk_along_the_arrows_builds(case: tuple[Lifecycle, list[str]]) -> None:
    """EXH-1: any path the lifecycle allows builds a ticket whose state is the path's
    end, and a terminal state has no way out."""
    lifecycle, path = case
    ticket = make_ticket(lifecycle.kind, *path)
    assert ticket.state == (path[-1] if path else lifecycle.initial)
    assert ticket.is_closed == (ticket.state in lifecycle.terminal)
    if ticket.is_closed:
        assert not lifecycle.allowed_from(ticket.state)


def test_exh_1_on_site_requests_open_at_the_desk() -> None:
    """EXH-1: an on-site request opens ``reported`` and can be resolved on the spot."""
    ticket = Ticket.open(
        id="OS-1", kind=ON_SITE_SERVICE, customer="C-9", channel="visit", at=T0, by="desk-1"
    )
    assert ticket.state == "reported"
    assert "resolved" in ticket.lifecycle.allowed_from("reported")
