"""Paused clocks whose working time equals the target exactly go from the columns to the
object path, which gathers the ticket's facts again (SLA-3, SLA-5): counted as fallbacks,
with the object path's answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.sla import SlaPolicy, SlaTarget
from servicepolicy.sla.columns import run_columns
from servicepolicy.tickets import Ticket

H = timedelta(hours=1)
SH = ZoneInfo("Asia/Shanghai")
CALENDARS = {"always": BusinessCalendar.always("Asia/Shanghai")}


def _complaint(waits_at: datetime) -> Ticket:
    at = datetime(2026, 9, 7, 10, tzinfo=SH)
    t = Ticket.open(id="T-1", kind="complaint", customer="c", channel="phone", at=at, by="a")
    t = t.transition("investigating", at=at, by="a", note="because")
    return t.transition("waiting_on_customer", at=waits_at, by="a", note="because")


@pytest.mark.parametrize("calendar", ["always", None])
@pytest.mark.parametrize(
    ("worked", "state", "fallbacks"),
    [(2 * H, "paused", 1), (H, "paused", 0), (3 * H, "breached", 0)],
)
def test_a_paused_progress_clock_that_used_up_its_interval_exactly(
    calendar, worked, state, fallbacks
):
    """SLA-5 with SLA-3: an update owed every two hours, none sent, waiting on the customer
    after ``worked``; at 14:00 the clock is paused, or breached once the interval ran
    past two hours.  Used up exactly, the object path decides (and it is counted)."""
    t = _complaint(datetime(2026, 9, 7, 10, tzinfo=SH) + worked)
    policy = SlaPolicy(
        [
            SlaTarget(
                "update",
                "progress_update",
                2 * H,
                calendar=calendar,
                pause_states=frozenset({"waiting_on_customer"}),
            )
        ],
        calendars=CALENDARS,
    )
    now = datetime(2026, 9, 7, 14, tzinfo=SH)
    (expected,) = policy.evaluate(t, now)
    assert expected.state == state
    counts, _, stats = run_columns(policy, [t, t], now)
    assert counts == {("complaint", None, "progress_update", state): 2}
    assert stats.fallbacks == 2 * fallbacks
    assert policy.replay([t], now, engine="columns") == policy.replay([t], now, engine="objects")
