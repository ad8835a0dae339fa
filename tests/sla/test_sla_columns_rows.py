"""Tickets whose clocks are all plain and never paused go in columns as one row of ticks
each, expanded at the end of the chunk; every other ticket clock by clock.  Across chunk
boundaries, several profiles and calendars, both give the object path's counts
(SLA-1, SLA-2, SLA-3, SLA-5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.sla import SlaPolicy, SlaReport, SlaTarget
from servicepolicy.sla import columns as sla_columns
from servicepolicy.sla._evaluate import outcomes
from servicepolicy.sla.columns import run_columns
from servicepolicy.tickets import Ticket
from strategies import ticket_histories

H = timedelta(hours=1)
SH = ZoneInfo("Asia/Shanghai")
CALENDARS = {
    "hotline": BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN"),
    "desk": BusinessCalendar("mon-sat 08:00-20:00", "Europe/London"),
}
WAITING = frozenset({"waiting_on_customer"})


@st.composite
def policies(draw):
    """First response, resolution and follow-up targets (some by tier or priority), a
    progress-update target for complaints only when drawn, pause states when drawn."""
    calendar = st.sampled_from(["hotline", "desk", None])
    pauses = st.sampled_from([None, frozenset(), WAITING])
    targets = [
        SlaTarget(
            f"{metric}-{n}",
            metric,
            timedelta(minutes=draw(st.integers(1, hours * 60))),
            calendar=draw(calendar),
            pause_states=draw(pauses),
            **({} if n == 0 else draw(st.sampled_from([{"priorities": "P1"}, {"tiers": "key"}]))),
        )
        for metric, hours in (("first_response", 8), ("resolution", 60), ("follow_up", 100))
        for n in range(draw(st.integers(1, 2)))
    ]
    if draw(st.booleans()):
        targets.append(
            SlaTarget("update", "progress_update", 8 * H, kinds="complaint", calendar="hotline")
        )
    return SlaPolicy(targets, calendars=CALENDARS)


tickets = st.lists(
    ticket_histories(
        id=st.integers(0, 999).map(lambda n: f"T-{n}"),
        instants=st.datetimes(datetime(2026, 3, 1), datetime(2026, 11, 20), timezones=st.just(SH)),
        steps=8,
        max_gap=timedelta(hours=20),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.parametrize("chunk", [1, 3, 50_000])
@settings(max_examples=40, deadline=None)
@given(policies(), tickets, st.integers(0, 24 * 300))
def test_rows_and_clocks_count_as_the_objects(chunk, policy, found, hours):
    """SLA-1: every clock counted once, in the state the object path gives it, whatever
    the chunk size (1, 3, or all the tickets in one chunk)."""
    now = datetime(2026, 3, 1, tzinfo=SH) + hours * H
    old = sla_columns.CHUNK
    sla_columns.CHUNK = chunk
    try:
        counts, _, stats = run_columns(policy, found, now)
    finally:
        sla_columns.CHUNK = old
    expected = policy.replay(found, now, engine="objects")
    assert SlaReport.from_counts(now, counts) == expected
    assert stats.tickets == len(found)
    assert stats.clocks == sum(rate.clocks for rate in expected.rates)


@pytest.mark.parametrize("chunk", [1, 3])
@settings(max_examples=25, deadline=None)
@given(policies(), tickets, st.integers(0, 24 * 300))
def test_outcomes_across_chunks_are_the_objects(chunk, policy, found, hours):
    """SLA-1, SLA-3: with every outcome asked for (``evaluate_many``), the columns kept
    from chunk to chunk give each ticket the object path's outcomes, in order."""
    now = datetime(2026, 3, 1, tzinfo=SH) + hours * H
    old = sla_columns.CHUNK
    sla_columns.CHUNK = chunk
    try:
        _, kept, _ = run_columns(policy, found, now, keep=True)
    finally:
        sla_columns.CHUNK = old
    assert [t for t, _ in kept] == found
    assert [o for _, o in kept] == [outcomes(policy, t, now) for t in found]


def test_a_row_stores_no_answer_and_no_resolution_yet():
    """SLA-1: an open inquiry never answered: its first response and resolution clocks
    run (counted from the row's opening to now), and it owes no follow-up yet."""
    at = datetime(2026, 9, 7, 10, tzinfo=SH)
    t = Ticket.open(id="T-1", kind="inquiry", customer="c", channel="phone", at=at, by="a")
    policy = SlaPolicy(
        [
            SlaTarget("respond", "first_response", 4 * H),
            SlaTarget("resolve", "resolution", 40 * H),
            SlaTarget("follow-up", "follow_up", 48 * H),
        ]
    )
    counts, _, stats = run_columns(policy, [t], at + 5 * H)
    assert counts == {
        ("inquiry", None, "first_response", "breached"): 1,
        ("inquiry", None, "resolution", "running"): 1,
    }
    assert stats.clocks == 2
