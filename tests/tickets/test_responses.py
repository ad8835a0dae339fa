"""One definition of "the customer got a response" (TKT-2, SLA-1, KPI-8, KPI-9).

The SLA first-response clock, the KPIs' response time and reply on-time rate, and the
TKT-2 channel check all read :func:`servicepolicy.tickets.is_response`: an inquiry moved
to ``answered`` without a channel is an on-time reply *and* a response, never one without
the other.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.kpi import Kpi, TicketAccumulator
from servicepolicy.sla import Metric, SlaPolicy, SlaTarget
from servicepolicy.tickets import (
    ANSWER_STATES,
    LIFECYCLES,
    EventKind,
    Ticket,
    check_ticket,
    first_response,
    is_answer,
    is_response,
    response_channel,
)

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
T0 = datetime(2026, 10, 8, 9, 0, tzinfo=SH)  # the first working day after National Day
H = timedelta(hours=1)
KPIS = [Kpi("reply_on_time_rate"), Kpi("average_response_time")]
POLICY = SlaPolicy([SlaTarget("reply", "first_response", timedelta(days=1))])


def inquiry(channel: str = "email", at: datetime = T0) -> Ticket:
    return Ticket.open(id="I-1", kind="inquiry", customer="C-1", channel=channel, at=at, by="a")


def judged(ticket: Ticket, now: datetime) -> tuple[int, int, int, datetime | None]:
    """(on time, due, responded) from the KPIs, and the SLA clock's stop."""
    report = TicketAccumulator(KPIS, as_of=now).add_all([ticket]).report()
    reply, response = report.row("reply_on_time_rate"), report.row("average_response_time")
    (clock,) = POLICY.evaluate(ticket, now=now)
    assert clock.metric is Metric.FIRST_RESPONSE
    return (
        reply.counts["on_time"],
        reply.counts["due"],
        response.counts["responded"],
        clock.stopped_at,
    )


def test_tkt2_kpi8_answered_without_a_channel_is_a_reply_and_a_response() -> None:
    """TKT-2, KPI-8, KPI-9, SLA-1: the issue's case: "answered" with no channel recorded
    counts as an on-time reply, as a response for the response time, and stops the SLA
    first-response clock, all at the same instant; it went out by the inquiry's channel."""
    t = inquiry().transition("answered", at=T0 + 3 * H, by="a")
    assert judged(t, T0 + 48 * H) == (1, 1, 1, T0 + 3 * H)
    report = TicketAccumulator(KPIS, as_of=T0 + 48 * H).add_all([t]).report()
    assert report.row("average_response_time").value == 3 * 3600
    assert response_channel(t.events[-1], t) == "email"
    assert check_ticket(t) == ()  # TKT-2: taken as answered by email, the channel it came in


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # a reply first ("we will answer by Friday"), the answer later without channel
        ([("reply", 1), ("referred", 2), ("answered", 30)], (0, 1, 1, T0 + 1 * H)),
        # referred without telling the customer: not a response until the answer
        ([("referred", 1), ("answered", 5)], (1, 1, 1, T0 + 5 * H)),
        # answered by phone (a channel other than the inquiry's): still a response
        ([("answered@phone", 2)], (1, 1, 1, T0 + 2 * H)),
        # never answered, deadline passed: due, not on time, no response
        ([("referred", 1)], (0, 1, 0, None)),
    ],
)
def test_tkt2_kpi8_kpi9_sla1_agree_on_every_path(
    steps: list[tuple[str, int]], expected: tuple[int, int, int, datetime | None]
) -> None:
    """TKT-2, KPI-8, KPI-9, SLA-1: replies, referrals and answers on several paths; the
    KPIs and the SLA clock see the same first response."""
    t = inquiry()
    for step, hours in steps:
        at = T0 + hours * H
        if step == "reply":
            t = t.reply(at=at, by="a", note="we will answer by Friday")
        else:
            state, _, channel = step.partition("@")
            t = t.transition(state, at=at, by="a", channel=channel or None)
    assert judged(t, T0 + 48 * H) == expected
    assert first_response(t) == expected[3]


def test_sla1_internal_changes_are_not_responses() -> None:
    """SLA-1, TKT-3: a complaint taken into investigation without telling the customer has
    had no response; the same change told on the phone is one."""
    c = Ticket.open(id="K-1", kind="complaint", customer="C-9", channel="phone", at=T0, by="a")
    quiet = c.transition("investigating", at=T0 + H, by="a")
    told = c.transition("investigating", at=T0 + H, by="a", channel="phone")
    assert first_response(quiet) is None and not is_response(quiet.events[-1])
    assert first_response(told) == T0 + H and not is_answer(told.events[-1])


def test_tkt2_answer_states_is_the_documented_choice() -> None:
    """TKT-2: with ``answer_states=()`` only messages on a channel are responses (records
    where "answered" merely files the case); the default is the manual's reading."""
    t = inquiry().transition("answered", at=T0 + 2 * H, by="a")
    assert {"answered"} == ANSWER_STATES
    assert first_response(t) == T0 + 2 * H
    assert first_response(t, answer_states=()) is None
    acc = TicketAccumulator(KPIS, as_of=T0 + 48 * H, reply_states=()).add_all([t])
    assert acc.report().row("average_response_time").counts["responded"] == 0


def test_sla1_first_response_until_an_instant_across_zones() -> None:
    """SLA-1, CAL-5: ``until`` compares instants, not wall times: a New York ``until`` one
    minute before the answer (in Shanghai time) does not see it."""
    t = inquiry().transition("answered", at=T0 + 2 * H, by="a")
    answer = t.events[-1].at
    assert first_response(t, until=(answer - timedelta(minutes=1)).astimezone(NY)) is None
    assert first_response(t, until=answer.astimezone(NY)) == answer


# -- the law, on random histories ---------------------------------------------------------------


def walk(rng: random.Random, number: int) -> Ticket:
    """A random ticket walked along its lifecycle, with replies and channels at random."""
    kind = rng.choice(["inquiry", "inquiry", "complaint", "after_sales", "feedback"])
    life = LIFECYCLES.get(kind)
    at = T0 + timedelta(minutes=rng.randrange(0, 10 * 24 * 60))
    channel = rng.choice(["phone", "email", "chat"])
    t = Ticket.open(id=f"T-{number}", kind=kind, customer="C", channel=channel, at=at, by="a")
    back: str | None = None
    for _ in range(rng.randrange(0, 7)):
        at += timedelta(minutes=rng.randrange(1, 2000))
        if rng.random() < 0.2 and not t.is_closed:
            t = t.reply(at=at, by="a")
            continue
        choices = sorted(life.allowed_from(t.state))
        if not choices:
            break
        target = back if back in choices else rng.choice(choices)
        role = life.approval_for(t.state, target)
        if role is not None:
            t = t.approve(role=role, at=at, by="lead")
        back = t.state if target in life.waiting else None
        note = "root cause" if target in life.notes_required else None
        told = rng.choice([None, None, channel, "phone"])
        t = t.transition(target, at=at, by="a", note=note, channel=told)
    return t


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 12), st.integers(0, 20 * 24))
def test_kpi9_sla1_response_time_and_clock_agree_with_first_response(
    seed: int, count: int, hours: int
) -> None:
    """KPI-8, KPI-9, SLA-1, TKT-2: on random histories, at any instant, the KPIs' response
    count and total equal :func:`first_response` per ticket, the SLA first-response clock
    stops there, and every inquiry answered on time has had a response by its answer."""
    rng = random.Random(seed)
    tickets = [walk(rng, n) for n in range(count)]
    now = T0 + hours * H
    opened = [t for t in tickets if t.created_at <= now]
    firsts = [first_response(t, until=now) for t in opened]
    report = TicketAccumulator(KPIS, as_of=now).add_all(tickets).report()
    if not opened:
        assert len(report) == 0
        return
    row = report.row("average_response_time")
    assert row.counts["responded"] == sum(f is not None for f in firsts)
    assert row.counts["response_ms"] == sum(
        (f - t.created_at) // timedelta(milliseconds=1)
        for f, t in zip(firsts, opened, strict=True)
        if f is not None
    )
    for t, first in zip(opened, firsts, strict=True):
        (clock,) = POLICY.evaluate(t, now=now)
        assert clock.stopped_at == first
        answers = [e.at for e in t.events if is_answer(e) and e.at <= now]
        if answers:
            assert first is not None and first <= answers[0]
        replies = [e for e in t.events if e.kind is EventKind.REPLY and e.at <= now]
        if replies:
            assert first is not None and first <= replies[0].at
