"""Complaints the customer never accepts, and complaint resolution success (TKT-3, KPI-8).

The complaint lifecycle ends a complaint the customer never accepts in
``closed_unaccepted`` (from ``negotiating``, with the customer-service department's
approval and a note).  Success is accepted resolutions over complaints that ended:
complaints still open are not failures, they are counted apart.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidTransitionError
from servicepolicy.kpi import Kpi, TicketAccumulator
from servicepolicy.sla import SlaPolicy, SlaState, SlaTarget
from servicepolicy.tickets import LIFECYCLES, Ticket

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2027, 2, 15, 10, 0, tzinfo=SH)  # just after the Spring Festival break
H = timedelta(hours=1)


def negotiating(number: int, at: datetime = T0) -> Ticket:
    t = Ticket.open(
        id=f"K-{number}", kind="complaint", customer="KA-1", channel="phone", at=at, by="A-1"
    )
    t = t.transition("investigating", at=at + H, by="A-1")
    t = t.transition("proposed", at=at + 2 * H, by="dept")
    t = t.approve(role="cs_department", at=at + 2 * H, by="lead")
    return t.transition("negotiating", at=at + 3 * H, by="A-1")


def unaccepted(number: int, at: datetime = T0, after: timedelta = 5 * H) -> Ticket:
    t = negotiating(number, at)
    t = t.approve(role="cs_department", at=at + after, by="lead", note="refund refused twice")
    return t.transition(
        "closed_unaccepted", at=at + after, by="A-1", note="customer rejects every remedy"
    )


def accepted(number: int, closed: bool = False) -> Ticket:
    t = negotiating(number).transition("resolved", at=T0 + 6 * H, by="A-1")
    if closed:
        t = t.transition("followed_up", at=T0 + 30 * H, by="A-1")
        t = t.transition("closed", at=T0 + 31 * H, by="A-1", note="root cause: courier")
    return t


def test_tkt3_closing_without_acceptance_needs_approval_and_a_note() -> None:
    """TKT-3: a complaint the customer never accepts closes from negotiating, approved by
    the customer-service department, with a note; nothing else follows."""
    life = LIFECYCLES.get("complaint")
    assert "closed_unaccepted" in life.terminal and "closed_unaccepted" in life.notes_required
    assert life.approval_for("negotiating", "closed_unaccepted") == "cs_department"
    t = negotiating(1)
    with pytest.raises(InvalidTransitionError, match="cs_department"):
        t.transition("closed_unaccepted", at=T0 + 5 * H, by="A-1", note="gave up")
    approved = t.approve(role="cs_department", at=T0 + 5 * H, by="lead")
    with pytest.raises(InvalidTransitionError, match="note"):
        approved.transition("closed_unaccepted", at=T0 + 5 * H, by="A-1")
    done = unaccepted(2)
    assert done.state == "closed_unaccepted" and done.is_closed
    with pytest.raises(InvalidTransitionError):
        done.transition("resolved", at=T0 + 9 * H, by="A-1")


@pytest.mark.parametrize("state", ["accepted", "investigating", "proposed", "resolved"])
def test_tkt3_only_a_negotiation_can_close_unaccepted(state: str) -> None:
    """TKT-3: before a proposal was negotiated, or once accepted, there is nothing the
    customer could refuse: no arrow to closed_unaccepted."""
    assert "closed_unaccepted" not in LIFECYCLES.get("complaint").allowed_from(state)


def test_kpi8_success_is_accepted_over_ended_still_open_apart() -> None:
    """KPI-8: two accepted (one already closed), one closed without acceptance, two still
    open: 2 of 3 ended complaints succeeded; the open ones are no failures.  The old
    reading, over complaints opened, is a named variant (2 of 5)."""
    open_one = Ticket.open(id="K-9", kind="complaint", customer="C", channel="email", at=T0, by="x")
    tickets = [accepted(1), accepted(2, closed=True), unaccepted(3), negotiating(4), open_one]
    kpis = [
        Kpi("complaint_resolution_rate"),
        Kpi("complaint_resolution_rate", name="over_opened", variant="resolved/opened"),
    ]
    report = TicketAccumulator(kpis, as_of=T0 + 48 * H).add_all(tickets).report()
    row = report.row("complaint_resolution_rate")
    assert (row.variant, row.value) == ("accepted/ended", Fraction(2, 3))
    assert dict(row.counts) == {"ended": 3, "accepted": 2, "not_accepted": 1, "still_open": 2}
    assert report.row("over_opened").value == Fraction(2, 5)


def test_kpi8_as_of_before_the_close_the_complaint_is_still_open() -> None:
    """KPI-8: replayed as it stood before the closing, the complaint was still open: no
    value rather than a failure."""
    t = unaccepted(1, after=40 * H)
    early = TicketAccumulator([Kpi("complaint_resolution_rate")], as_of=T0 + 20 * H)
    row = early.add_all([t]).report().rows[0]
    assert (row.value, row.counts["still_open"]) == (None, 1)
    late = TicketAccumulator([Kpi("complaint_resolution_rate")], as_of=T0 + 50 * H)
    assert late.add_all([t]).report().rows[0].value == 0


def test_kpi9_closed_unaccepted_is_not_a_resolved_problem() -> None:
    """KPI-9: the problem resolution rate does not count a complaint closed without the
    customer's acceptance as resolved (``unresolved_states``, a parameter)."""
    tickets = [accepted(1), unaccepted(2)]
    kpi = Kpi("problem_resolution_rate")
    row = TicketAccumulator([kpi], as_of=T0 + 48 * H).add_all(tickets).report().rows[0]
    assert (row.value, row.counts["resolved"]) == (Fraction(1, 2), 1)
    lenient = TicketAccumulator([kpi], as_of=T0 + 48 * H, unresolved_states=())
    assert lenient.add_all(tickets).report().rows[0].value == 1


def test_sla1_clocks_stop_when_the_complaint_closes_unaccepted() -> None:
    """SLA-1, TKT-3: the resolution clock stops at the close, and no follow-up visit is
    owed for a complaint that ended without acceptance (its clock stops there too)."""
    policy = SlaPolicy(
        [
            SlaTarget("fix", "resolution", timedelta(days=3)),
            SlaTarget("visit", "follow_up", timedelta(days=2)),
        ]
    )
    t = unaccepted(1)
    statuses = {s.metric.value: s for s in policy.evaluate(t, now=T0 + 30 * 24 * H)}
    assert statuses["resolution"].state is SlaState.MET
    assert statuses["resolution"].stopped_at == T0 + 5 * H
    assert statuses["follow_up"].state is SlaState.MET
    assert statuses["follow_up"].stopped_at == T0 + 5 * H


# -- the law, on random histories ---------------------------------------------------------------


def walk(rng: random.Random, number: int) -> Ticket:
    """A complaint walked at random along its lifecycle (approvals and notes as needed)."""
    life = LIFECYCLES.get("complaint")
    at = T0 + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
    t = Ticket.open(
        id=f"K-{number}", kind="complaint", customer="C", channel="phone", at=at, by="a"
    )
    back: str | None = None
    for _ in range(rng.randrange(0, 12)):
        choices = sorted(life.allowed_from(t.state))
        if not choices:
            break
        target = back if back in choices else rng.choice(choices)
        at += timedelta(minutes=rng.randrange(1, 3000))
        role = life.approval_for(t.state, target)
        if role is not None:
            t = t.approve(role=role, at=at, by="lead")
        back = t.state if target in life.waiting else None
        note = "why" if target in life.notes_required else None
        t = t.transition(target, at=at, by="a", note=note)
    return t


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 25), st.integers(0, 90))
def test_kpi8_success_equals_a_direct_count_and_open_ones_never_fail(
    seed: int, count: int, days: int
) -> None:
    """KPI-8, TKT-3: on random complaints at any instant: accepted = reached resolved,
    ended = accepted or closed; success = accepted / ended; still open = the rest."""
    rng = random.Random(seed)
    tickets = [walk(rng, n) for n in range(count)]
    now = T0 + timedelta(days=days)
    counted = [t.as_of(now) for t in tickets if t.created_at <= now]
    states = [{state for _, state in t.history_of("state")} for t in counted]
    accepted_n = sum("resolved" in s for s in states)
    ended_n = sum(bool(s & {"resolved", "closed", "closed_unaccepted"}) for s in states)
    acc = TicketAccumulator([Kpi("complaint_resolution_rate")], as_of=now).add_all(tickets)
    rows = acc.report().rows
    if not counted:
        assert rows == ()
        return
    (row,) = rows
    assert row.value == (Fraction(accepted_n, ended_n) if ended_n else None)
    assert row.counts["still_open"] == len(counted) - ended_n
    # adding complaints that stay open never lowers the rate
    more = [*tickets, negotiating(999, at=T0 - H)]
    again = TicketAccumulator([Kpi("complaint_resolution_rate")], as_of=now).add_all(more)
    assert again.report().rows[0].value == row.value
