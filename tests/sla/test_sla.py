"""SLA clocks: targets, calendars, pauses, promises, progress updates, warnings (SLA-1…SLA-6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import (
    InvalidArgumentError,
    InvalidPolicyError,
    NaiveDatetimeError,
    WrongTypeError,
)
from servicepolicy.sla import (
    Metric,
    SlaEventKind,
    SlaPolicy,
    SlaState,
    SlaStatus,
    SlaTarget,
    compare,
)
from servicepolicy.tickets import Ticket
from strategies import ticket_histories

SH = ZoneInfo("Asia/Shanghai")
H, M = timedelta(hours=1), timedelta(minutes=1)
HOTLINE = BusinessCalendar("mon-fri 09:00-18:00", SH, country="CN", name="hotline")
MON = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # a Monday


def complaint(at: datetime = MON, **fields: str) -> Ticket:
    return Ticket.open(
        id="T-1", kind="complaint", customer="C-1", channel="phone", at=at, by="a", **fields
    )


def policy(*targets: SlaTarget, **options: object) -> SlaPolicy:
    return SlaPolicy(targets, calendars={"hotline": HOTLINE}, **options)  # type: ignore[arg-type]


def only(statuses: list[SlaStatus], metric: str) -> SlaStatus:
    (found,) = [s for s in statuses if s.metric == metric]
    return found


RESPOND = SlaTarget("respond", "first_response", 2 * H, calendar="hotline")
RESOLVE = SlaTarget("resolve", "resolution", 16 * H, calendar="hotline")


# -- SLA-1: targets and matching -----------------------------------------------------------------


def test_sla1_the_most_specific_matching_target_wins() -> None:
    """SLA-1: targets differ by kind, tier, priority and channel; the most specific
    matching one applies, and the status says how many matched."""
    sla = policy(
        RESOLVE,
        SlaTarget("complaints", "resolution", 8 * H, kinds="complaint", calendar="hotline"),
        SlaTarget(
            "vip", "resolution", 4 * H, kinds="complaint", tiers="strategic", calendar="hotline"
        ),
    )
    now = MON + H
    assert only(sla.evaluate(complaint(), now), "resolution").target.name == "complaints"
    vip = only(sla.evaluate(complaint(tier="strategic"), now), "resolution")
    assert (vip.target.name, vip.matched, vip.duration) == ("vip", 3, 4 * H)
    inquiry = Ticket.open(id="I", kind="inquiry", customer="C", channel="web", at=MON, by="a")
    assert only(sla.evaluate(inquiry, now), "resolution").target.name == "resolve"
    assert sla.target_for(Metric.RESOLUTION, "complaint", "strategic", None, "phone")[1] == 3


def test_sla1_equally_specific_overlapping_targets_are_refused() -> None:
    """SLA-1: two targets that both match some ticket, neither more specific, are a policy error
    when the policy is built (no silent first-by-name), unless a more specific target
    settles the tickets they share; every problem is reported at once."""
    by_kind = SlaTarget("complaints", "resolution", 8 * H, kinds="complaint")
    by_tier = SlaTarget("strategic", "resolution", 4 * H, tiers="strategic")
    with pytest.raises(InvalidPolicyError) as raised:
        policy(by_kind, by_tier, RESOLVE, RESOLVE)
    assert raised.value.problems == (
        "two targets are named 'resolve'",
        "targets 'complaints' and 'strategic' (resolution) both match kind=complaint, "
        "tier=strategic and neither is more specific; make one select a subset of the "
        "other's values, or add a target more specific than both for those tickets",
        "targets 'resolve' and 'resolve' (resolution) both match every ticket and neither is "
        "more specific; make one select a subset of the other's values, or add a target more "
        "specific than both for those tickets",
    )
    both = SlaTarget("both", "resolution", 2 * H, kinds="complaint", tiers="strategic")
    assert SlaPolicy([by_kind, by_tier, both]).target_for(
        Metric.RESOLUTION, "complaint", "strategic", "P1", "web"
    ) == (both, 3)
    other = SlaTarget("other", "resolution", 4 * H, kinds="inquiry")
    SlaPolicy([by_kind, other])  # disjoint kinds: no ticket matches both


def test_sla1_policy_and_target_errors() -> None:
    """SLA-1 / SLA-2: unknown calendars, promise targets, bad durations, selectors and
    warnings are clear errors naming what was wrong."""
    with pytest.raises(InvalidPolicyError, match="unknown calendar 'desk' \\(known: hotline\\)"):
        policy(SlaTarget("x", "resolution", H, calendar="desk"))
    with pytest.raises(InvalidArgumentError, match="promises are events"):
        SlaTarget("x", "promise", H)
    with pytest.raises(InvalidArgumentError, match="one of first_response"):
        SlaTarget("x", "answer", H)
    with pytest.raises(InvalidArgumentError, match="duration"):
        SlaTarget("x", "resolution", timedelta(0))
    with pytest.raises(WrongTypeError, match="a timedelta"):
        SlaTarget("x", "resolution", 3600)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="non-empty strings"):
        SlaTarget("x", "resolution", H, tiers=["vip", ""])
    with pytest.raises(InvalidArgumentError, match="ascending shares between 0 and 1"):
        policy(RESOLVE, warnings=(0.75, 0.5))
    with pytest.raises(WrongTypeError, match="a BusinessCalendar"):
        SlaPolicy([RESOLVE], calendars={"hotline": "mon-fri"})  # type: ignore[dict-item]
    with pytest.raises(NaiveDatetimeError):
        policy(RESOLVE).evaluate(complaint(), datetime(2026, 11, 23, 10))
    with pytest.raises(WrongTypeError, match=r"a servicepolicy\.tickets\.Ticket"):
        policy(RESOLVE).evaluate("T-1", MON)  # type: ignore[arg-type]


def test_sla1_first_response_is_the_first_message_to_the_customer() -> None:
    """SLA-1 / TKT-2: the first-response clock stops at the first reply, or at the first
    change of state recorded with the channel the answer went out on."""
    sla = policy(RESPOND)
    t = complaint().transition("investigating", at=MON + 30 * M, by="a")  # no channel
    assert only(sla.evaluate(t, MON + H), "first_response").state is SlaState.RUNNING
    replied = t.reply(at=MON + 90 * M, by="a")
    status = only(sla.evaluate(replied, MON + 3 * H), "first_response")
    assert (status.state, status.stopped_at, status.elapsed) == (SlaState.MET, MON + 90 * M, 90 * M)
    inquiry = Ticket.open(id="I", kind="inquiry", customer="C", channel="email", at=MON, by="a")
    answered = inquiry.transition("answered", at=MON + 3 * H, by="a", channel="email")
    status = only(sla.evaluate(answered, MON + 4 * H), "first_response")
    assert (status.state, status.breached_at) == (SlaState.BREACHED, MON + 2 * H)


def test_sla1_reclassification_retargets_and_keeps_the_time_used() -> None:
    """SLA-1: a new priority mid-way re-targets the clock; the time already used counts
    against the new target."""
    sla = policy(RESOLVE, SlaTarget("p1", "resolution", 4 * H, priorities="P1", calendar="hotline"))
    t = complaint(priority="P3").reclassify(at=MON + 3 * H, by="a", priority="P1")
    status = only(sla.evaluate(t, MON + 3 * H + 30 * M), "resolution")
    assert (status.target.name, status.elapsed, status.remaining) == ("p1", 210 * M, 30 * M)
    assert status.due == MON + 4 * H
    assert status.retargeted == ((MON + 3 * H, "p1"),)
    late = only(
        sla.evaluate(
            complaint(priority="P3").reclassify(at=MON + 5 * H, by="a", priority="P1"),
            MON + 5 * H + M,
        ),
        "resolution",
    )
    assert (late.state, late.breached_at) == (SlaState.BREACHED, MON + 5 * H)
    assert "re-targeted to 'p1'" in late.explain()


# -- SLA-2: calendars ----------------------------------------------------------------------------


def test_sla2_clocks_run_on_a_named_calendar_or_on_calendar_time() -> None:
    """SLA-2: the same 16 hours fall due two working days later on the hotline calendar,
    and 16 hours later in calendar time."""
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=SH)
    t = complaint(at=friday)
    worked = only(policy(RESOLVE).evaluate(t, friday + H), "resolution")
    clock = SlaTarget("resolve", "resolution", 16 * H)
    wall = only(policy(clock).evaluate(t, friday + H), "resolution")
    assert worked.due == datetime(2026, 12, 1, 15, 0, tzinfo=SH)  # 1 + 9 + 6 hours
    assert (wall.due, wall.calendar, wall.elapsed) == (friday + 16 * H, None, H)
    assert worked.elapsed == H  # 17:00-18:00 on Friday


# -- SLA-3: pauses -------------------------------------------------------------------------------


def test_sla3_a_complaint_across_a_holiday_with_a_customer_pause() -> None:
    """SLA-3 / CAL-2: waiting on the customer pauses the clock; the National Day holidays
    are not counted either; the explanation lists both."""
    start = datetime(2026, 9, 29, 10, 0, tzinfo=SH)
    t = complaint(at=start).transition("investigating", at=start + H, by="a", channel="phone")
    t = t.transition("waiting_on_customer", at=start + 2 * H, by="a")
    waiting = only(policy(RESOLVE).evaluate(t, start + 26 * H), "resolution")
    assert (waiting.state, waiting.due, waiting.elapsed) == (SlaState.PAUSED, None, 2 * H)
    back = datetime(2026, 10, 8, 11, 0, tzinfo=SH)
    t = t.transition("investigating", at=back, by="a")
    status = only(policy(RESOLVE).evaluate(t, back + H), "resolution")
    assert (status.state, status.elapsed) == (SlaState.RUNNING, 3 * H)
    assert status.due == datetime(2026, 10, 9, 16, 0, tzinfo=SH)  # 3 + 6 + 7 hours
    assert status.pauses == ((start + 2 * H, back),)
    text = status.explain()
    assert "paused 2026-09-29T12:00+08:00 -> 2026-10-08T11:00+08:00 (SLA-3)" in text
    assert "2026-10-01 Thu: public holiday: National Day" in text


def test_sla3_pause_states_are_a_target_parameter() -> None:
    """SLA-3: a target may pause in other states, or never (an empty set)."""
    t = complaint().transition("investigating", at=MON + H, by="a")
    t = t.transition("waiting_on_customer", at=MON + 2 * H, by="a")
    never = SlaTarget("resolve", "resolution", 16 * H, calendar="hotline", pause_states=())
    assert only(policy(never).evaluate(t, MON + 5 * H), "resolution").elapsed == 5 * H
    also = SlaTarget(
        "resolve",
        "resolution",
        16 * H,
        calendar="hotline",
        pause_states=["investigating", "waiting_on_customer"],
    )
    assert only(policy(also).evaluate(t, MON + 5 * H), "resolution").elapsed == H


# -- SLA-4: promises -----------------------------------------------------------------------------


def test_sla4_a_promise_binds_even_when_tighter_than_the_target() -> None:
    """SLA-4: a promise to the customer is its own clock, kept when the promised state
    (or a reply) comes by its due instant, in calendar time; breaking it is a breach even
    when the policy target is met."""
    t = complaint().promise(due=MON + 2 * H, at=MON + 10 * M, by="a", state="investigating")
    t = t.transition("investigating", at=MON + 3 * H, by="a")
    statuses = policy(RESOLVE).evaluate(t, MON + 4 * H)
    promise = only(statuses, "promise")
    assert (promise.state, promise.breached_at, promise.target, promise.rule) == (
        SlaState.BREACHED,
        MON + 2 * H,
        None,
        "SLA-4",
    )
    assert only(statuses, "resolution").state is SlaState.RUNNING
    kept = complaint().promise(due=MON + 2 * H, at=MON, by="a").reply(at=MON + H, by="a")
    status = only(policy(RESOLVE).evaluate(kept, MON + 4 * H), "promise")
    assert (status.state, status.stopped_at, status.percent) == (SlaState.MET, MON + H, 50.0)


# -- SLA-5: progress updates ---------------------------------------------------------------------


def test_sla5_open_complaints_owe_progress_updates_at_an_interval() -> None:
    """SLA-5: an update is owed every interval from the opening and after each message;
    every missed interval is counted, the first miss is the breach."""
    update = SlaTarget("update", "progress_update", 4 * H, kinds="complaint", calendar="hotline")
    t = complaint().reply(at=MON + 3 * H, by="a")  # in time
    running = only(policy(update).evaluate(t, MON + 4 * H), "progress_update")
    assert (running.state, running.started_at, running.due) == (
        SlaState.RUNNING,
        MON + 3 * H,
        MON + 7 * H,
    )
    late = t.reply(at=MON + 24 * H + 2 * H, by="a")  # Tuesday 11:00: 6 working hours later
    status = only(policy(update).evaluate(late, MON + 24 * H + 9 * H), "progress_update")
    assert (status.state, status.misses, status.breached_at) == (
        SlaState.BREACHED,
        2,
        MON + 7 * H,
    )
    assert "2 progress update(s) missed" in status.explain()


# -- SLA-6: warnings and breaches as events ------------------------------------------------------


def test_sla6_the_timeline_has_the_warnings_and_the_breach() -> None:
    """SLA-6: crossing 50 % and 75 % of a target, and the breach, are timed events for
    the escalation rules (ESC-6), in time order, up to the evaluation instant."""
    events = policy(RESPOND).timeline(complaint(), MON + 3 * H)
    assert [(e.kind, e.threshold, e.at, e.target) for e in events] == [
        (SlaEventKind.WARNING, 0.5, MON + H, "respond"),
        (SlaEventKind.WARNING, 0.75, MON + 90 * M, "respond"),
        (SlaEventKind.BREACH, 1.0, MON + 2 * H, "respond"),
    ]
    assert [e.kind for e in policy(RESPOND).timeline(complaint(), MON + 100 * M)] == [
        SlaEventKind.WARNING,
        SlaEventKind.WARNING,
    ]
    custom = policy(RESPOND, warnings=(0.9,)).timeline(complaint(), MON + 2 * H)
    assert [(e.threshold, e.at) for e in custom] == [(0.9, MON + 108 * M)]


# -- evaluation as a pure function ---------------------------------------------------------------


def test_evaluation_looks_only_at_events_up_to_now() -> None:
    """Evaluating at an earlier instant ignores the later events: last quarter's state
    can be replayed exactly."""
    t = complaint().reply(at=MON + 3 * H, by="a")
    assert only(policy(RESPOND).evaluate(t, MON + H), "first_response").state is SlaState.RUNNING
    assert only(policy(RESPOND).evaluate(t, MON + 4 * H), "first_response").state is (
        SlaState.BREACHED
    )


def test_follow_up_runs_from_the_resolution() -> None:
    """CAD-5 / TKT-3: the follow-up clock starts when the complaint is resolved and stops
    at the follow-up."""
    t = (
        complaint()
        .transition("investigating", at=MON, by="a")
        .transition("proposed", at=MON, by="a")
    )
    t = t.approve(role="cs_department", at=MON, by="h").transition("negotiating", at=MON, by="a")
    t = t.transition("resolved", at=MON + H, by="a")
    follow = SlaTarget("follow", "follow_up", timedelta(days=3))
    status = only(policy(follow).evaluate(t, MON + 2 * H), "follow_up")
    assert (status.started_at, status.due) == (MON + H, MON + H + timedelta(days=3))
    done = t.transition("followed_up", at=MON + timedelta(days=1), by="a")
    assert only(policy(follow).evaluate(done, MON + timedelta(days=5)), "follow_up").state is (
        SlaState.MET
    )


def test_replay_and_compare_policies_over_many_tickets() -> None:
    """What-if: breach rates by kind, tier and metric, and the clocks whose outcome a
    looser policy changes."""
    tickets = [
        complaint().reply(at=MON + H, by="a"),
        complaint(tier="strategic").reply(at=MON + 3 * H, by="a"),
    ]
    report = policy(RESPOND).replay(tickets, MON + 5 * H)
    assert [r.as_row() for r in report.rates] == [
        {
            "kind": "complaint",
            "tier": None,
            "metric": "first_response",
            "clocks": 1,
            "breached": 0,
            "met": 1,
            "rate": 0.0,
        },
        {
            "kind": "complaint",
            "tier": "strategic",
            "metric": "first_response",
            "clocks": 1,
            "breached": 1,
            "met": 0,
            "rate": 1.0,
        },
    ]
    assert "100.0%" in str(report)
    looser = SlaTarget("respond", "first_response", 4 * H, calendar="hotline")
    (change,) = compare(policy(RESPOND), policy(looser), tickets, MON + 5 * H)
    assert str(change) == "T-1 first_response: breached -> met"


# -- properties ----------------------------------------------------------------------------------

hours = st.integers(1, 40).map(lambda n: n * H)
nows = st.integers(0, 400).map(lambda n: timedelta(hours=n))


def _policy(duration: timedelta, pause_states: object = None) -> SlaPolicy:
    metrics = ("first_response", "progress_update", "resolution", "follow_up")
    return policy(
        *[
            SlaTarget(m, m, duration, calendar="hotline", pause_states=pause_states)  # type: ignore[arg-type]
            for m in metrics
        ]
    )


@settings(max_examples=60, deadline=None)
@given(ticket_histories(steps=8, max_gap=timedelta(hours=20)), hours, nows)
def test_evaluation_is_deterministic(ticket: Ticket, duration: timedelta, after: timedelta) -> None:
    """The same ticket at the same instant always gives the same statuses, also rebuilt
    from its events and under a fresh policy."""
    now = ticket.created_at + after
    first = _policy(duration).evaluate(ticket, now)
    rebuilt = Ticket(
        ticket.id,
        ticket.kind,
        ticket.channel,
        ticket.customer,
        ticket.events,
        ticket.priority,
        ticket.tier,
    )
    assert (
        _policy(duration).evaluate(rebuilt, now) == first == _policy(duration).evaluate(ticket, now)
    )


@settings(max_examples=60, deadline=None)
@given(ticket_histories(steps=8, max_gap=timedelta(hours=20)), hours, nows)
def test_pausing_never_increases_the_elapsed_time(
    ticket: Ticket, duration: timedelta, after: timedelta
) -> None:
    """SLA-3: with pauses, no clock has used more time than without them."""
    now = ticket.created_at + after
    paused = _policy(duration).evaluate(ticket, now)
    running = _policy(duration, pause_states=()).evaluate(ticket, now)
    assert len(paused) == len(running)
    for with_pauses, without in zip(paused, running, strict=True):
        assert with_pauses.metric == without.metric
        assert with_pauses.elapsed <= without.elapsed


@settings(max_examples=60, deadline=None)
@given(ticket_histories(steps=8, max_gap=timedelta(hours=20)), hours, hours, nows)
def test_a_longer_target_never_turns_met_into_breached(
    ticket: Ticket, short: timedelta, extra: timedelta, after: timedelta
) -> None:
    """SLA-1: lengthening a target never breaches a clock that was met (or not breached)."""
    now = ticket.created_at + after
    tight = _policy(short).evaluate(ticket, now)
    loose = _policy(short + extra).evaluate(ticket, now)
    for a, b in zip(tight, loose, strict=True):
        if a.state is not SlaState.BREACHED:
            assert b.state is not SlaState.BREACHED
        assert b.elapsed == a.elapsed or a.metric == "progress_update"


def test_sla1_a_plugin_may_move_a_due_instant() -> None:
    """SLA-1 / EXH-5: ``adjust_due`` (e.g. servicepolicy.plugins.adjust_due) moves a
    clock's due instant; the state follows it and the time used does not change."""

    def on_site(ticket: Ticket, metric: str, due: datetime) -> datetime | None:
        return ticket.created_at + 30 * M if metric == "resolution" else None

    sla = policy(RESPOND, RESOLVE, adjust_due=on_site)
    statuses = sla.evaluate(complaint(), MON + H)
    resolution = only(statuses, "resolution")
    assert (resolution.state, resolution.due, resolution.breached_at, resolution.elapsed) == (
        SlaState.BREACHED,
        MON + 30 * M,
        MON + 30 * M,
        H,
    )
    assert only(statuses, "first_response").due == MON + 2 * H  # not moved
    (rate,) = [r for r in sla.replay([complaint()], MON + H).rates if r.metric == "resolution"]
    assert rate.breached == 1
