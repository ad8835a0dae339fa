"""SLA-5: every missed progress update counts, and each is an SLA event (SLA-6, ESC-6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.escalation import EscalationPolicy
from servicepolicy.sla import SlaEventKind, SlaPolicy, SlaState, SlaStatus, SlaTarget
from servicepolicy.tickets import Ticket

SH = ZoneInfo("Asia/Shanghai")
H, M = timedelta(hours=1), timedelta(minutes=1)
OFFICE = BusinessCalendar("mon-fri 09:00-18:00", SH, country="CN", name="office")
LUNCH = BusinessCalendar("mon-fri 09:00-12:00,13:00-18:00", SH, country="CN", name="lunch")
ALWAYS = BusinessCalendar.always(SH, name="24x7")
CALENDARS = {"office": OFFICE, "lunch": LUNCH, "24x7": ALWAYS}
MON = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # a Monday


def complaint(at: datetime = MON) -> Ticket:
    return Ticket.open(id="T-9", kind="complaint", customer="C-9", channel="phone", at=at, by="a")


def updates(every: timedelta | None, calendar: str | None = "office", **kw: object) -> SlaPolicy:
    target = SlaTarget(
        "update",
        "progress_update",
        every if every is not None else 4 * H,
        kinds="complaint",
        calendar=calendar,
    )
    return SlaPolicy([target], calendars=CALENDARS, **kw)  # type: ignore[arg-type]


def progress(sla: SlaPolicy, ticket: Ticket, now: datetime) -> SlaStatus:
    (status,) = [s for s in sla.evaluate(ticket, now) if s.metric == "progress_update"]
    return status


def misses_of(sla: SlaPolicy, ticket: Ticket, now: datetime) -> list[tuple[float, datetime]]:
    return [
        (e.threshold, e.at)
        for e in sla.timeline(ticket, now)
        if e.metric == "progress_update" and e.kind is SlaEventKind.BREACH
    ]


def test_sla5_a_complaint_left_for_days_misses_every_interval() -> None:
    """SLA-5: a complaint without an update from Monday 09:00 to Thursday 18:00 on an
    office calendar (9 working hours a day) missed every 4-hour interval: 8 of them (the
    ninth falls due exactly at the evaluation instant and is not yet missed)."""
    sla = updates(4 * H)
    now = MON + 3 * 24 * H + 9 * H
    status = progress(sla, complaint(), now)
    assert (status.state, status.misses, status.breached_at) == (
        SlaState.BREACHED,
        8,
        MON + 4 * H,
    )
    expected = [
        MON + 4 * H,  # Mon 13:00
        MON + 8 * H,  # Mon 17:00
        MON + 27 * H,  # Tue 12:00: one hour on Monday, three on Tuesday
        MON + 31 * H,
        MON + 50 * H,  # Wed 11:00
        MON + 54 * H,
        MON + 73 * H,  # Thu 10:00
        MON + 77 * H,
    ]
    assert misses_of(sla, complaint(), now) == [(float(k), at) for k, at in enumerate(expected, 1)]
    assert progress(sla, complaint(), now + M).misses == 9


def test_sla5_gap_lengths_on_calendar_time() -> None:
    """SLA-5: on calendar time, a gap of n intervals (and a bit) misses n updates; a gap
    of exactly n intervals misses n - 1 (the last is due at the evaluation instant)."""
    for n in (1, 2, 3, 7, 30):
        sla = updates(timedelta(days=1), calendar=None)
        assert progress(sla, complaint(), MON + n * timedelta(days=1) + M).misses == n
        assert progress(sla, complaint(), MON + n * timedelta(days=1)).misses == n - 1


def test_sla5_an_update_resets_the_interval() -> None:
    """SLA-5: an update restarts the count; misses before it stay counted, and the misses
    after it count from the update (on a calendar with a lunch break)."""
    sla = updates(2 * H, calendar="lunch")
    # missed at 11:00 and at 14:00 (11-12 and 13-14: the lunch hour does not count)
    t = complaint().reply(at=MON + 5 * H + 30 * M, by="a")  # Mon 14:30
    status = progress(sla, t, MON + 7 * H)  # Mon 16:00
    assert (status.misses, status.started_at, status.state) == (2, t.updated_at, SlaState.BREACHED)
    assert status.due == MON + 7 * H + 30 * M  # the update owed now
    assert [at for _, at in misses_of(sla, t, MON + 7 * H)] == [MON + 2 * H, MON + 5 * H]
    # two hours after 14:30 the next is missed at 16:30, then on Tuesday at 09:30
    later = MON + 24 * H + 2 * H  # Tuesday 11:00
    assert misses_of(sla, t, later)[2:] == [
        (1.0, MON + 7 * H + 30 * M),
        (2.0, MON + 24 * H + 30 * M),
    ]
    assert progress(sla, t, later).misses == 4


def test_sla5_weekends_and_holidays_do_not_count() -> None:
    """SLA-5 / SLA-2: a complaint opened on Friday 16:00 misses its 4-hour update on
    Monday 11:00, not over the weekend; across the National Day holidays of 2026 the
    misses fall on the working days around them."""
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=SH)
    sla = updates(4 * H)
    monday_noon = datetime(2026, 11, 30, 12, 0, tzinfo=SH)
    assert misses_of(sla, complaint(friday), monday_noon) == [
        (1.0, datetime(2026, 11, 30, 11, 0, tzinfo=SH))
    ]
    eve = datetime(2026, 9, 30, 15, 0, tzinfo=SH)  # Wednesday before National Day
    back = datetime(2026, 10, 9, 18, 0, tzinfo=SH)
    found = [at for _, at in misses_of(sla, complaint(eve), back)]
    assert found[0] == datetime(2026, 10, 8, 10, 0, tzinfo=SH)  # 3 hours on the eve, 1 after
    assert all(OFFICE.is_working_time(at - timedelta(microseconds=1)) for at in found)
    # 3 hours on the eve, 9 on 8 and 9 October: 21 hours, updates due at 4, 8, ... 20
    assert len(found) == progress(sla, complaint(eve), back).misses == 21 // 4


def test_sla5_pauses_between_updates_are_not_counted() -> None:
    """SLA-5 / SLA-3: while the complaint waits on the customer, no update is owed; the
    count resumes where it stopped."""
    sla = updates(4 * H, calendar="24x7")
    t = complaint().transition("investigating", at=MON + H, by="a")
    t = t.transition("waiting_on_customer", at=MON + 3 * H, by="a")
    t = t.transition("investigating", at=MON + 48 * H, by="a")  # two days later
    status = progress(sla, t, MON + 57 * H)
    # 3 hours before the pause, 9 after: 12 hours, intervals at 4 and 8 missed (12 is now)
    assert status.misses == 2
    assert [at for _, at in misses_of(sla, t, MON + 57 * H)] == [MON + 49 * H, MON + 53 * H]
    paused = progress(sla, t, MON + 24 * H)
    assert (paused.state, paused.misses) == (SlaState.PAUSED, 0)


def test_sla5_no_update_is_owed_after_the_resolution() -> None:
    """SLA-5: misses stop at the resolution, however long the complaint stays resolved."""
    sla = updates(4 * H, calendar="24x7")
    t = complaint().transition("investigating", at=MON + H, by="a")
    t = t.transition("proposed", at=MON + 2 * H, by="a")
    t = t.approve(role="cs_department", at=MON + 2 * H, by="head")
    t = t.transition("negotiating", at=MON + 2 * H, by="a")
    t = t.transition("resolved", at=MON + 9 * H, by="a")
    assert progress(sla, t, MON + 500 * H).misses == 2  # at 4 h and 8 h


def test_esc6_each_missed_update_is_an_event_escalation_can_react_to() -> None:
    """SLA-5 / ESC-6: each miss is a breach SlaEvent; the escalation policy gives a finding
    for each one it is handed."""
    sla = updates(4 * H, calendar="24x7", warnings=())
    events = sla.timeline(complaint(), MON + 13 * H)
    expected = [(SlaEventKind.BREACH, float(k)) for k in (1, 2, 3)]
    assert [(e.kind, e.threshold) for e in events] == expected
    found = [EscalationPolicy().on_sla_event(e) for e in events]
    assert all(f is not None and f.rule_id == "ESC-6" for f in found)
    assert [f.at for f in found if f is not None] == [MON + 4 * H, MON + 8 * H, MON + 12 * H]


@settings(max_examples=80, deadline=None)
@given(
    calendar=st.sampled_from(["office", "lunch", "24x7"]),
    interval=st.integers(30, 600).map(lambda n: n * M),
    gaps=st.lists(st.integers(0, 5000).map(lambda n: n * M), min_size=0, max_size=5),
    tail=st.integers(0, 5000).map(lambda n: n * M),
)
def test_sla5_misses_are_the_intervals_passed_in_every_gap(
    calendar: str, interval: timedelta, gaps: list[timedelta], tail: timedelta
) -> None:
    """SLA-5 law: in each gap between messages (and from the last one to now), the updates
    missed are the k >= 1 whose due instant, k intervals of working time after the gap's
    start, lies before the gap's end (a clock run past its due instant is breached)."""
    cal = CALENDARS[calendar]
    sla = updates(interval, calendar=calendar, warnings=())
    t = complaint()
    starts = [MON]
    for gap in gaps:
        t = t.reply(at=t.updated_at + gap, by="a")
        starts.append(t.updated_at)
    now = t.updated_at + tail
    expected: list[tuple[float, datetime]] = []
    for start, end in zip(starts, [*starts[1:], now], strict=True):
        k = 1
        while (due := cal.add(start, k * interval)) < end:
            expected.append((float(k), due))
            k += 1
    assert misses_of(sla, t, now) == sorted(expected, key=lambda e: (e[1], e[0]))
    assert progress(sla, t, now).misses == len(expected)
