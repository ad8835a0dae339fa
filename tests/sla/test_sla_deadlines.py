"""SLA-4: the deadline that binds now; SLA-6: the next event to set a timer for."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.sla import (
    BindingDeadline,
    Metric,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    SlaTarget,
    WorkingDays,
)
from servicepolicy.tickets import Ticket
from strategies import ticket_histories

SH = ZoneInfo("Asia/Shanghai")
H, M, TICK = timedelta(hours=1), timedelta(minutes=1), timedelta(microseconds=1)
HOTLINE = BusinessCalendar("mon-fri 09:00-18:00", SH, country="CN", name="hotline")
MON = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # a Monday

SLA = SlaPolicy(
    [
        SlaTarget("respond", "first_response", 2 * H, calendar="hotline"),
        SlaTarget("resolve", "resolution", 16 * H, calendar="hotline"),
        SlaTarget("update", "progress_update", 4 * H, kinds="complaint", calendar="hotline"),
        SlaTarget("follow-up", "follow_up", WorkingDays(2), calendar="hotline"),
    ],
    calendars={"hotline": HOTLINE},
)


def complaint(at: datetime = MON) -> Ticket:
    return Ticket.open(id="T-4", kind="complaint", customer="C", channel="phone", at=at, by="a")


# -- SLA-4: the binding deadline -----------------------------------------------------------------


def test_sla4_a_tighter_promise_binds_a_looser_one_does_not() -> None:
    """SLA-4: the binding deadline is the earliest of the open clocks: a promise tighter
    than the policy's target binds, a looser one does not, a kept one no longer does."""
    t = complaint().reply(at=MON + H, by="a")  # first response met; update due 14:00
    sla = SlaPolicy(
        [SlaTarget("resolve", "resolution", 16 * H, calendar="hotline")],
        calendars={"hotline": HOTLINE},
    )
    assert sla.binding_deadline(t, MON + H) == BindingDeadline(
        "T-4", MON + 24 * H + 7 * H, Metric.RESOLUTION, "resolve", sla.evaluate(t, MON + H)[0]
    )
    tight = t.promise(due=MON + 8 * H, at=MON + 90 * M, by="a")  # "by 17:00 today"
    found = sla.binding_deadline(tight, MON + 2 * H)
    assert found is not None
    assert (found.due, found.metric, found.target, found.rule) == (
        MON + 8 * H,
        Metric.PROMISE,
        None,
        "SLA-4",
    )
    assert found.status.started_at == MON + 90 * M
    assert str(found) == "T-4 promise due 2026-11-23T17:00+08:00, from a promise (SLA-4)"
    loose = t.promise(due=MON + 72 * H, at=MON + 90 * M, by="a")
    assert sla.binding_deadline(loose, MON + 2 * H).metric is Metric.RESOLUTION  # type: ignore[union-attr]
    kept = tight.reply(at=MON + 7 * H, by="a")
    assert sla.binding_deadline(kept, MON + 7 * H).metric is Metric.RESOLUTION  # type: ignore[union-attr]


def test_sla4_the_binding_deadline_of_every_clock_and_only_open_ones() -> None:
    """SLA-4 / SLA-5 / SLA-3: progress updates and first responses bind too; an overdue
    clock still binds (flagged), a paused or stopped one does not; ``metrics`` narrows."""
    t = complaint()
    assert SLA.binding_deadline(t, MON).metric is Metric.FIRST_RESPONSE  # type: ignore[union-attr]
    late = SLA.binding_deadline(t, MON + 3 * H)
    assert late is not None and late.overdue and late.due == MON + 2 * H
    assert "overdue" in str(late)
    replied = t.reply(at=MON + H, by="a")
    found = SLA.binding_deadline(replied, MON + H)
    assert (found.metric, found.due) == (Metric.PROGRESS_UPDATE, MON + 5 * H)  # type: ignore[union-attr]
    only = SLA.binding_deadline(replied, MON + H, metrics=["resolution", "promise"])
    assert (only.metric, only.due) == (Metric.RESOLUTION, MON + 24 * H + 7 * H)  # type: ignore[union-attr]
    waiting = replied.transition("investigating", at=MON + H, by="a")
    waiting = waiting.transition("waiting_on_customer", at=MON + 2 * H, by="a")
    assert SLA.binding_deadline(waiting, MON + 3 * H) is None  # everything open is paused
    inquiry = Ticket.open(id="I", kind="inquiry", customer="C", channel="web", at=MON, by="a")
    answered = inquiry.transition("answered", at=MON + H, by="a", channel="web")
    found = SLA.binding_deadline(answered, MON + 2 * H)
    assert (found.metric, found.due) == (Metric.FOLLOW_UP, MON + 48 * H + H)  # type: ignore[union-attr]
    assert SlaPolicy([]).binding_deadline(t, MON) is None


# -- SLA-6: the next event -----------------------------------------------------------------------


def test_sla6_next_event_walks_the_warnings_and_the_breach() -> None:
    """SLA-6: the next event after ``now``; a warning at ``now`` has happened, a breach
    due at ``now`` has not (it fires once the clock runs past it)."""
    sla = SlaPolicy(
        [SlaTarget("respond", "first_response", 2 * H, calendar="hotline")],
        calendars={"hotline": HOTLINE},
    )
    t = complaint()
    walk = [
        (MON, (SlaEventKind.WARNING, 0.5, MON + H)),
        (MON + H, (SlaEventKind.WARNING, 0.75, MON + 90 * M)),
        (MON + 100 * M, (SlaEventKind.BREACH, 1.0, MON + 2 * H)),
        (MON + 2 * H, (SlaEventKind.BREACH, 1.0, MON + 2 * H)),
    ]
    for now, expected in walk:
        event = sla.next_event(t, now)
        assert event is not None and (event.kind, event.threshold, event.at) == expected
        assert event.target == "respond"
    assert sla.next_event(t, MON + 2 * H + TICK) is None
    assert sla.next_event(t.reply(at=MON + H, by="a"), MON + H) is None  # stopped
    friday = datetime(2026, 11, 27, 17, 30, tzinfo=SH)  # half an hour, the weekend, half an hour
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=SH)
    assert sla.next_event(complaint(friday), friday).at == monday  # type: ignore[union-attr]


def test_sla5_next_event_after_a_miss_is_the_next_miss() -> None:
    """SLA-5 / SLA-6: a progress clock past its interval keeps firing: the next event is
    the next missed update; a paused one fires nothing."""
    sla = SlaPolicy(
        [SlaTarget("update", "progress_update", 4 * H, calendar="hotline")],
        calendars={"hotline": HOTLINE},
        warnings=(),
    )
    t = complaint()
    found = sla.next_event(t, MON + 10 * H)  # missed at 13:00 and 17:00 already
    assert found == SlaEvent("T-4", "progress_update", "breach", MON + 27 * H, 3.0, "update")
    paused = t.transition("investigating", at=MON, by="a")
    paused = paused.transition("waiting_on_customer", at=MON + H, by="a")
    assert sla.next_event(paused, MON + 2 * H) is None


def test_sla4_next_event_of_a_promise_and_events_after_now_ignored() -> None:
    """SLA-4 / SLA-6: a promise's warnings and breach fire like a target's, in calendar
    time; events recorded after ``now`` are not looked at."""
    sla = SlaPolicy([])
    t = complaint().promise(due=MON + 4 * H, at=MON, by="a")
    assert sla.next_event(t, MON) == SlaEvent(
        "T-4", "promise", "warning", MON + 2 * H, 0.5, "promise"
    )
    kept = t.reply(at=MON + H, by="a")
    assert sla.next_event(kept, MON + H) is None
    assert sla.next_event(kept, MON) == sla.next_event(t, MON)


POLICY = SlaPolicy(
    [
        SlaTarget("respond", "first_response", 3 * H, calendar="hotline"),
        SlaTarget("resolve", "resolution", 20 * H, calendar="hotline"),
        SlaTarget("resolve-p1", "resolution", 4 * H, priorities="P1"),
        SlaTarget("update", "progress_update", 6 * H, calendar="hotline"),
        SlaTarget("follow-up", "follow_up", WorkingDays(1), calendar="hotline"),
    ],
    calendars={"hotline": HOTLINE},
)


@settings(max_examples=60, deadline=None)
@given(
    ticket_histories(steps=6, max_gap=timedelta(hours=20)),
    st.integers(0, 100 * 60).map(lambda n: n * M),
    st.floats(0, 1),
)
def test_sla6_law_next_event_is_the_first_thing_to_happen(
    ticket: Ticket, after: timedelta, share: float
) -> None:
    """SLA-6 law: with no further ticket event, the timeline is unchanged at every instant
    from ``now`` until the next event; at its instant (a breach, or an event due at ``now``
    such as a promise due the instant it was made: just after) the timeline shows it.
    With no next event, nothing more ever happens."""
    now = ticket.updated_at + after
    before = POLICY.timeline(ticket, now)
    event = POLICY.next_event(ticket, now)
    if event is None:
        assert POLICY.timeline(ticket, now + timedelta(days=90)) == before
        return
    assert event.at >= now and event not in before
    quiet = now + (event.at - now) * share
    if quiet < event.at or event.kind is SlaEventKind.BREACH:
        assert POLICY.timeline(ticket, quiet) == before
    just_after = event.kind is SlaEventKind.BREACH or event.at == now  # due at now
    fired = POLICY.timeline(ticket, event.at + (TICK if just_after else 0 * TICK))
    assert event in fired
    assert next(e for e in fired if e not in before) == event


@settings(max_examples=60, deadline=None)
@given(
    ticket_histories(steps=8, max_gap=timedelta(hours=20)), st.integers(0, 200).map(lambda n: n * H)
)
def test_sla4_law_binding_deadline_is_the_earliest_open_due(
    ticket: Ticket, after: timedelta
) -> None:
    """SLA-4 law: the binding deadline is the minimum due instant of the clocks not
    stopped, and ``None`` exactly when there is none."""
    now = ticket.created_at + after
    statuses = POLICY.evaluate(ticket, now)
    dues = [s.due for s in statuses if s.stopped_at is None and s.due is not None]
    found = POLICY.binding_deadline(ticket, now)
    assert (found is None) == (not dues)
    if found is not None:
        assert found.due == min(dues) and found.status in statuses
