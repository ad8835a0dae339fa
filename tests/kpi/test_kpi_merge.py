"""Accumulators merge exactly: splitting the input anywhere and merging the parts gives the
report of one pass (KPI-10: the work of a month can be split across processes).

Also checked against references written apart from the implementation: period labels
against a direct conversion, and first-contact resolution by repeat contacts against a
brute-force scan of the whole input.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.kpi import (
    CALL_KPIS,
    TICKET_KPIS,
    AgentTime,
    CallAccumulator,
    CallRecord,
    Kpi,
    Period,
    SurveyResponse,
    TicketAccumulator,
    period_label,
)
from servicepolicy.kpi.periods import Labeller
from servicepolicy.tickets import LIFECYCLES, Ticket

BASE = datetime(2026, 3, 1, tzinfo=UTC)  # spans the US and EU daylight-saving changes
ZONES = ["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Europe/London", "UTC"]
GROUPINGS = [(), ("month", "team"), ("day", "agent", "direction"), ("week", "queue"), ("year",)]
MS = timedelta(milliseconds=1)
KPIS = (
    *CALL_KPIS,
    Kpi("service_level", name="sl1", variant="(A_T+Ab_T)/(A+Ab)", threshold=10),
    Kpi("service_level", name="sl5", variant="A_T/(A+Ab-Ab_S)", short_abandon=3.5),
    Kpi("abandon_rate", name="ab_q", variant="Ab_Q/Q"),
    Kpi("first_contact_resolution", name="fcr_survey", variant="survey"),
    Kpi("csat", name="csat_mean", variant="mean"),
)


@st.composite
def call_records(draw: st.DrawFn, span: timedelta = timedelta(days=120)) -> CallRecord:
    offered = BASE + draw(st.integers(0, span // MS)) * MS
    outcome = draw(st.sampled_from(["answered", "answered", "abandoned", "neither"]))
    wait = draw(st.integers(0, 60_000)) * MS
    fields: dict[str, object] = {
        "agent": draw(st.sampled_from(["A-1", "A-2", "A-3"])),
        "team": draw(st.sampled_from(["T1", "T2", None])),
        "customer": draw(st.sampled_from(["C-1", "C-2", "C-3", "C-4", None])),
        "queued": draw(st.booleans()),
    }
    if outcome == "answered":
        fields["answered"] = offered + wait
        fields["rings"] = draw(st.none() | st.integers(0, 8))
        for name in ("talk_seconds", "hold_seconds", "acw_seconds"):
            fields[name] = draw(st.integers(0, 900_000)) / 1000
        fields["resolved_first_contact"] = draw(st.none() | st.booleans())
    elif outcome == "abandoned":
        fields["abandoned"] = offered + wait
    direction = draw(st.sampled_from(["inbound", "inbound", "outbound"]))
    return CallRecord(direction, draw(st.sampled_from(["q1", "q2"])), offered, **fields)  # type: ignore[arg-type]


@st.composite
def other_records(draw: st.DrawFn) -> SurveyResponse | AgentTime:
    at = BASE + draw(st.integers(0, 120 * 86_400)) * timedelta(seconds=1)
    team = draw(st.sampled_from(["T1", "T2", None]))
    direction = draw(st.sampled_from(["inbound", "outbound"]))
    if draw(st.booleans()):
        return SurveyResponse(
            at,
            direction=direction,
            team=team,
            agent="A-1",
            csat=draw(st.none() | st.integers(1, 5)),
            nps=draw(st.none() | st.integers(0, 10)),
            resolved=draw(st.none() | st.booleans()),
        )
    seconds = st.integers(0, 30_000)
    return AgentTime(
        at,
        agent="A-2",
        team=team,
        direction=direction,
        handling_seconds=draw(seconds),
        available_seconds=draw(seconds),
        aux_seconds=draw(seconds),
        paid_seconds=draw(seconds),
    )


mixed = st.lists(call_records() | other_records(), max_size=60)


def one_pass(records: list[object], **settings: object) -> CallAccumulator:
    return CallAccumulator(**settings).add_all(records)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(mixed, st.data(), st.sampled_from(GROUPINGS), st.sampled_from(ZONES))
def test_kpi10_split_anywhere_and_merge_equals_one_pass(
    records: list[object], data: st.DataObject, by: tuple[str, ...], zone: str
) -> None:
    """KPI-10, KPI-1 … KPI-8: cut the input at any two points, count the three parts apart,
    merge them (either way round): the report is the one-pass report, exactly."""
    i = data.draw(st.integers(0, len(records)))
    j = data.draw(st.integers(i, len(records)))
    settings = {"kpis": KPIS, "by": by, "zone": zone}
    a, b, c = (one_pass(part, **settings) for part in (records[:i], records[i:j], records[j:]))
    expected = one_pass(records, **settings).report()
    assert a.merge(b).merge(c).report() == expected
    assert a.merge(b.merge(c)).report() == expected
    assert (a.records, len(b.merge(c).report()) >= 0) == (i, True)


def sorted_calls(calls: list[CallRecord]) -> list[CallRecord]:
    return sorted(calls, key=lambda c: c.offered)


REPEAT = Kpi("first_contact_resolution", variant="no_repeat", window=timedelta(days=3))


def brute_force_fcr(calls: list[CallRecord], window: timedelta) -> tuple[int, int]:
    """(contacts judged, repeated): an answered inbound call with a customer is repeated
    if that customer's next inbound contact is within the window."""
    judged = repeated = 0
    inbound = [c for c in calls if c.direction == "inbound" and c.customer is not None]
    for n, call in enumerate(inbound):
        if call.answered is None:
            continue
        judged += 1
        later = [c for c in inbound[n + 1 :] if c.customer == call.customer]
        repeated += bool(later) and later[0].offered - call.offered <= window
    return judged, repeated


def shuffled_within(
    calls: list[CallRecord], lateness: timedelta, rng: random.Random
) -> list[CallRecord]:
    """``calls`` (sorted) with some neighbours of different customers swapped, keeping each
    customer's order and every record at most ``lateness`` behind the newest before it."""
    out = list(calls)

    def ordered() -> bool:
        newest = None
        for call in out:
            if newest is not None and call.offered < newest - lateness:
                return False
            newest = call.offered if newest is None else max(newest, call.offered)
        return True

    for _ in range(2 * len(out)):
        i = rng.randrange(len(out) - 1) if len(out) > 1 else 0
        if len(out) > 1 and out[i].customer != out[i + 1].customer:
            out[i], out[i + 1] = out[i + 1], out[i]
            if not ordered():
                out[i], out[i + 1] = out[i + 1], out[i]
    return out


#: (span of the input, repeat window, max_lateness): sparse and dense cases
REPEAT_CASES = [
    (timedelta(days=10), timedelta(days=3), None),
    (timedelta(days=10), timedelta(days=3), timedelta(0)),
    (timedelta(hours=12), timedelta(hours=1), timedelta(minutes=30)),
    (timedelta(hours=6), timedelta(minutes=20), timedelta(hours=1)),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(REPEAT_CASES), st.data())
def test_kpi7_repeat_contacts_merge_exactly_and_match_a_brute_force_scan(
    case: tuple[timedelta, timedelta, timedelta | None], data: st.DataObject
) -> None:
    """KPI-7: FCR by no repeat contact counts what a full scan counts, with or without a
    lateness bound (which forgets quiet customers, and lets input run up to that far back
    in time), and merges exactly at any cut."""
    span, window, lateness = case
    calls = sorted_calls(data.draw(st.lists(call_records(span), max_size=60)))
    if lateness:
        calls = shuffled_within(calls, lateness, random.Random(data.draw(st.integers(0, 99))))
    kpi = Kpi("first_contact_resolution", variant="no_repeat", window=window)
    settings = {"kpis": [kpi], "max_lateness": lateness}
    rows = one_pass(calls, **settings).report().rows  # no rows without records
    counts = (sum(r.counts["contacts"] for r in rows), sum(r.counts["repeated"] for r in rows))
    assert counts == brute_force_fcr(calls, window)
    cut = data.draw(st.integers(0, len(calls)))
    merged = one_pass(calls[:cut], **settings).merge(one_pass(calls[cut:], **settings))
    assert merged.report() == one_pass(calls, **settings).report()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(call_records(), max_size=60).map(sorted_calls),
    st.sampled_from([None, timedelta(0)]),
)
def test_kpi7_repeat_contacts_split_by_customer_merge_exactly(
    calls: list[CallRecord], lateness: timedelta | None
) -> None:
    """KPI-7: parts holding different customers merge exactly, however they overlap in time."""
    settings = {"kpis": [REPEAT], "by": ["team"], "max_lateness": lateness}
    left = [c for c in calls if c.customer in ("C-1", "C-3")]
    right = [c for c in calls if c.customer not in ("C-1", "C-3")]
    merged = one_pass(left, **settings).merge(one_pass(right, **settings))
    assert merged.report() == one_pass(calls, **settings).report()


@settings(max_examples=40, deadline=None)
@given(st.lists(call_records(), max_size=40), st.sampled_from(GROUPINGS))
def test_kpi10_fast_rows_equal_records(calls: list[CallRecord], by: tuple[str, ...]) -> None:
    """KPI-10: the fast path (plain tuples) counts exactly what the records count."""
    settings = {"kpis": KPIS, "by": by, "zone": "Asia/Kolkata"}
    rows = CallAccumulator(**settings).add_call_rows(tuple(c.row()) for c in calls)  # type: ignore[arg-type]
    assert rows.report() == one_pass(list(calls), **settings).report()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(-86_400_000, 400 * 86_400_000), max_size=50),
    st.sampled_from([*ZONES, "Australia/Lord_Howe", "Asia/Kathmandu"]),
    st.sampled_from(list(Period)),
)
def test_kpi10_cached_period_labels_equal_direct_conversion(
    offsets: list[int], zone: str, period: Period
) -> None:
    """KPI-10, CAL-5: labels from the bucket cache equal labels from converting each instant,
    across DST changes and half-hour and 45-minute offsets."""
    labeller = Labeller(ZoneInfo(zone), period)
    start = int((BASE - datetime(1970, 1, 1, tzinfo=UTC)) / MS)
    for offset in offsets * 2:  # the second round reads the cache
        ms = start + offset
        local = (BASE + offset * MS).astimezone(ZoneInfo(zone))
        assert labeller.label(ms) == period_label(local.date(), period)


# -- tickets ----------------------------------------------------------------------------------


def walk(rng: random.Random, number: int) -> Ticket:
    """A ticket of a random built-in kind, walked along its lifecycle at random."""
    kind = rng.choice(["inquiry", "complaint", "after_sales", "reception", "feedback"])
    life = LIFECYCLES.get(kind)
    at = BASE + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
    ticket = Ticket.open(
        id=f"T-{number}",
        kind=kind,
        customer=rng.choice(["C-1", "C-2"]),
        channel=rng.choice(["phone", "email"]),
        at=at,
        by=rng.choice(["A-1", "A-2"]),
    )
    back: str | None = None
    for _ in range(rng.randrange(0, 9)):
        choices = sorted(life.allowed_from(ticket.state))
        if not choices:
            break
        target = back if back in choices else rng.choice(choices)
        at += timedelta(minutes=rng.randrange(1, 3000))
        role = life.approval_for(ticket.state, target)
        if role is not None:
            ticket = ticket.approve(role=role, at=at, by="lead")
        if rng.random() < 0.2:
            new_owner = rng.choice(sorted({"A-3", "A-4"} - {ticket.owner}))
            ticket = ticket.hand_over(to=new_owner, at=at, by="x", reason="r")
        back = ticket.state if target in life.waiting else None
        note = "root cause" if target in life.notes_required else None
        ticket = ticket.transition(target, at=at, by="agent", note=note)
    return ticket


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 30), st.data())
def test_kpi9_ticket_accumulators_merge_exactly(seed: int, count: int, data: st.DataObject) -> None:
    """KPI-8, KPI-9: ticket KPIs merge exactly, whatever the split."""
    rng = random.Random(seed)
    tickets = [walk(rng, n) for n in range(count)]
    settings = {
        "kpis": (
            *TICKET_KPIS,
            Kpi("complaint_resolution_rate", name="c1", variant="first_proposal/resolved"),
        ),
        "as_of": BASE + timedelta(days=60),
        "by": data.draw(st.sampled_from([(), ("month", "kind"), ("owner",), ("week", "customer")])),
        "zone": "Asia/Shanghai",
    }
    cut = data.draw(st.integers(0, count))
    one = TicketAccumulator(**settings).add_all(tickets)  # type: ignore[arg-type]
    left = TicketAccumulator(**settings).add_all(tickets[:cut])  # type: ignore[arg-type]
    right = TicketAccumulator(**settings).add_all(tickets[cut:])  # type: ignore[arg-type]
    assert right.merge(left).report() == left.merge(right).report() == one.report()
    assert one.records + one.skipped == count


def contact(customer: str, hhmm: str) -> CallRecord:
    hour, minute = map(int, hhmm.split(":"))
    at = datetime(2026, 11, 3, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))
    return CallRecord("inbound", "q", at, answered=at, customer=customer)


HOURLY = Kpi("first_contact_resolution", variant="no_repeat", window=timedelta(hours=1))
HALF_HOUR = {"kpis": [HOURLY], "max_lateness": timedelta(minutes=30)}


def repeated(acc: CallAccumulator) -> int:
    return sum(row.counts["repeated"] for row in acc.report())


def test_kpi7_late_record_still_finds_the_contact_it_repeats() -> None:
    """KPI-7: a customer is remembered for the window plus max_lateness: C-1 calls at 08:45,
    another customer at 09:50, then C-1's 09:30 call arrives (20 minutes late): C-1's
    first call was repeated within the hour."""
    calls = [contact("C-1", "08:45"), contact("C-2", "09:50"), contact("C-1", "09:30")]
    assert repeated(one_pass(calls, **HALF_HOUR)) == 1


def test_kpi7_merge_sees_repeats_in_the_late_head_of_the_right_part() -> None:
    """KPI-7: the right part remembers first contacts of its first window plus lateness,
    so a repeat 50 minutes after a contact in the left part is found across the cut."""
    left = [contact("C-1", "10:00")]
    right = [contact("C-2", "09:40"), contact("C-1", "10:50")]
    merged = one_pass(left, **HALF_HOUR).merge(one_pass(right, **HALF_HOUR))
    assert repeated(merged) == repeated(one_pass(left + right, **HALF_HOUR)) == 1


def test_kpi7_merge_refuses_parts_that_overlap_and_share_customers() -> None:
    """KPI-7: parts that overlap in time (beyond max_lateness) and share a customer cannot
    be merged exactly, and are refused; so are parts merged out of input order."""
    settings = {"kpis": [HOURLY], "max_lateness": timedelta(0)}
    left = one_pass([contact("C-1", "16:00")], **settings)
    right = one_pass([contact("C-2", "09:00"), contact("C-1", "15:00")], **settings)
    with pytest.raises(InvalidArgumentError, match="consecutive slices of one time-ordered"):
        left.merge(right)
    early = one_pass([contact("C-1", "09:00")], kpis=[HOURLY])
    late = one_pass([contact("C-1", "10:00")], kpis=[HOURLY])
    assert repeated(early.merge(late)) == 1
    with pytest.raises(InvalidArgumentError, match="parts merged in input order"):
        late.merge(early)


def test_kpi10_accumulators_travel_between_processes() -> None:
    """KPI-10: an accumulator pickles (to be counted in a worker process) and still merges;
    the period-label cache is not shipped."""
    import pickle

    calls = [contact("C-1", "09:00"), contact("C-1", "09:30"), contact("C-2", "10:00")]
    repeat = Kpi(
        "first_contact_resolution", name="fcr_hourly", variant="no_repeat", window=HOURLY.window
    )
    settings = {"kpis": [*CALL_KPIS, repeat], "by": ["day", "team"], "zone": "Asia/Shanghai"}
    worker = pickle.loads(pickle.dumps(one_pass(calls[:2], **settings)))
    assert worker._labeller is not None and worker._labeller.cache == {}
    merged = worker.merge(one_pass(calls[2:], **settings))
    assert merged.report() == one_pass(calls, **settings).report()
