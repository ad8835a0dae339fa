"""KPIs from ticket histories: reply on time, complaint resolution, problem resolution and
response time (KPI-8, KPI-9), counted as the tickets stood at ``as_of``."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.kpi import TICKET_KPIS, Kpi, Target, TicketAccumulator
from servicepolicy.tickets import Ticket

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 9, tzinfo=SH)
H = timedelta(hours=1)


def inquiry(number: int, *steps: tuple[str, timedelta], customer: str = "C-1") -> Ticket:
    ticket = Ticket.open(
        id=f"Q-{number}", kind="inquiry", customer=customer, channel="phone", at=T0, by="A-01"
    )
    for state, after in steps:  # an answer goes out on the ticket's channel (TKT-2)
        channel = "phone" if state == "answered" else None
        ticket = ticket.transition(state, at=T0 + after, by="A-01", channel=channel)
    return ticket


def complaint(number: int, proposals: int, accepted: bool, customer: str = "C-2") -> Ticket:
    """A complaint proposed ``proposals`` times; resolved if ``accepted``."""
    t = Ticket.open(
        id=f"K-{number}", kind="complaint", customer=customer, channel="phone", at=T0, by="A-02"
    )
    at = T0 + H
    t = t.transition("investigating", at=at, by="A-02")
    for _ in range(proposals):  # a rejected proposal goes back from negotiating to proposed
        at += H
        t = t.transition("proposed", at=at, by="dept")
        t = t.approve(role="cs_department", at=at, by="lead")
        t = t.transition("negotiating", at=at, by="A-02")
    if accepted:
        t = t.transition("resolved", at=at + H, by="A-02")
    return t


def report(tickets: list[Ticket], *kpis: Kpi, **settings: object) -> TicketAccumulator:
    settings.setdefault("as_of", T0 + 72 * H)
    return TicketAccumulator(kpis or TICKET_KPIS, **settings).add_all(tickets)  # type: ignore[arg-type]


def test_kpi8_reply_on_time_rate() -> None:
    """KPI-8: inquiries answered within the deadline, over the inquiries due by as_of."""
    tickets = [
        inquiry(1, ("answered", 2 * H)),  # on time
        inquiry(2, ("referred", H), ("answered", 30 * H)),  # answered late
        inquiry(3, ("referred", H)),  # not answered, deadline passed: late
        inquiry(4, ("answered", 80 * H)),  # answered after as_of: late at as_of
    ]
    row = report(tickets, Kpi("reply_on_time_rate")).report().rows[0]
    assert (row.value, dict(row.counts)) == (
        Fraction(1, 4),
        {"due": 4, "on_time": 1, "not_yet_due": 0},
    )
    later = report(tickets, Kpi("reply_on_time_rate"), reply_within=48 * H).report().rows[0]
    assert later.value == Fraction(2, 4)


def test_kpi8_reply_not_yet_due_is_not_judged() -> None:
    """KPI-8: an open inquiry whose deadline lies after as_of is counted apart."""
    row = report([inquiry(1)], Kpi("reply_on_time_rate"), as_of=T0 + 2 * H).report().rows[0]
    assert (row.value, row.counts["not_yet_due"]) == (None, 1)


def test_kpi8_reply_deadline_from_a_promise() -> None:
    """KPI-8, SLA-4: the deadline can be a function of the ticket (a promise, an SLA)."""
    promised = {"Q-1": T0 + 3 * H, "Q-2": T0 + 40 * H}
    tickets = [inquiry(1, ("answered", 4 * H)), inquiry(2, ("answered", 30 * H))]
    acc = report(
        tickets,
        Kpi("reply_on_time_rate"),
        reply_within=lambda t: promised[t.id],
        as_of=T0 + 50 * H,
    )
    assert acc.report().rows[0].value == Fraction(1, 2)
    naive = report([], Kpi("reply_on_time_rate"), reply_within=lambda t: datetime(2026, 11, 3))
    with pytest.raises(NaiveDatetimeError, match="Q-1: reply deadline"):
        naive.add(tickets[0])


def test_kpi8_complaint_resolution_success_two_variants() -> None:
    """KPI-8: complaints resolved (the customer accepted) over complaints opened; or, of the
    resolved ones, those accepted at the first proposal."""
    tickets = [
        complaint(1, proposals=1, accepted=True),
        complaint(2, proposals=2, accepted=True),
        complaint(3, proposals=1, accepted=False),
        complaint(4, proposals=0, accepted=False),
    ]
    kpis = (
        Kpi("complaint_resolution_rate", variant="resolved/opened"),
        Kpi("complaint_resolution_rate", name="first", variant="first_proposal/resolved"),
    )
    rows = report(tickets, *kpis).report().rows
    assert [r.value for r in rows] == [Fraction(2, 4), Fraction(1, 2)]
    assert dict(rows[1].counts) == {"opened": 4, "resolved": 2, "first_proposal": 1}


def test_kpi9_problem_resolution_rate_per_key_account() -> None:
    """KPI-9: key accounts: resolved tickets over tickets opened, per customer."""
    tickets = [
        inquiry(1, ("answered", H), customer="KA-1"),
        inquiry(2, customer="KA-1"),
        complaint(3, proposals=1, accepted=True, customer="KA-2"),
        complaint(4, proposals=1, accepted=False, customer="KA-2"),
        complaint(5, proposals=0, accepted=False, customer="KA-2"),
    ]
    kpi = Kpi("problem_resolution_rate", target=Target.at_least("60%"))
    acc = report(tickets, kpi, by=["quarter", "customer"], zone=SH)
    rows = acc.report().rows
    assert [(r.group["customer"], r.value, r.met) for r in rows] == [
        ("KA-1", Fraction(1, 2), False),
        ("KA-2", Fraction(1, 3), False),
    ]
    assert rows[0].group["quarter"] == "2026-Q4"
    violations = acc.report().violations()
    assert [(v.rule_id, v.subject) for v in violations] == [
        ("KPI-9", "quarter=2026-Q4, customer=KA-1"),
        ("KPI-9", "quarter=2026-Q4, customer=KA-2"),
    ]


def test_kpi9_cancelled_tickets_are_left_out_of_problem_resolution() -> None:
    """KPI-9: a cancelled reception is neither resolved nor unresolved."""
    visit = Ticket.open(
        id="R-1", kind="reception", customer="KA-1", channel="visit", at=T0, by="A-01"
    ).transition("cancelled", at=T0 + H, by="A-01")
    row = report([visit, inquiry(1, ("answered", H))], Kpi("problem_resolution_rate")).report()
    assert dict(row.rows[0].counts) == {"opened": 2, "counted": 1, "resolved": 1}


def test_kpi9_response_time_first_message_or_named_states() -> None:
    """KPI-9: response time from opening to the first message to the customer (a reply,
    or a change of state told on a channel, as the SLA clocks count it), or to the first
    entry into the states named as the response."""
    tickets = [inquiry(1, ("referred", H), ("answered", 5 * H)), inquiry(2, ("answered", 3 * H))]
    first = report(tickets, Kpi("average_response_time")).report().rows[0]
    assert (first.value, first.unit) == (Fraction(4 * 3600), "seconds")
    named = report(tickets, Kpi("average_response_time"), response_states={"referred", "answered"})
    assert named.report().rows[0].value == 2 * 3600
    replied = inquiry(4).reply(at=T0 + H / 2, by="A-01").transition("answered", at=T0 + H, by="A")
    assert report([replied], Kpi("average_response_time")).report().rows[0].value == 1800
    assert report([inquiry(3)], Kpi("average_response_time")).report().rows[0].value is None


def test_kpi9_owner_at_as_of_and_later_tickets_skipped() -> None:
    """KPI-9, TKT-5: grouping by owner uses the owner at as_of; tickets opened after as_of
    are skipped."""
    handed = inquiry(1).hand_over(to="dept-tech", at=T0 + H, by="A-01", reason="tech question")
    future = Ticket.open(
        id="Q-9", kind="inquiry", customer="C", channel="phone", at=T0 + 100 * H, by="A-01"
    )
    acc = report([handed, future], Kpi("problem_resolution_rate"), by=["owner", "opened_by"])
    assert (acc.records, acc.skipped) == (1, 1)
    assert acc.report().rows[0].group == {"owner": "dept-tech", "opened_by": "A-01"}
    early = report([handed], Kpi("problem_resolution_rate"), by=["owner"], as_of=T0 + H / 2)
    assert early.report().rows[0].group == {"owner": "A-01"}


def test_kpi9_bad_settings() -> None:
    """KPI-9: bad settings are named."""
    with pytest.raises(NaiveDatetimeError, match="as_of"):
        TicketAccumulator(as_of=datetime(2026, 11, 2))
    with pytest.raises(WrongTypeError, match="reply_states: expected a collection"):
        TicketAccumulator(as_of=T0, reply_states="answered")
    with pytest.raises(WrongTypeError, match="reply_within: expected a timedelta or a function"):
        TicketAccumulator(as_of=T0, reply_within=24)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="by: expected distinct dimension names"):
        TicketAccumulator(as_of=T0, by=["team"])
    with pytest.raises(WrongTypeError, match=r"ticket: expected a servicepolicy\.tickets\.Ticket"):
        TicketAccumulator(as_of=T0).add("Q-1")  # type: ignore[arg-type]
    a = TicketAccumulator(as_of=T0)
    with pytest.raises(InvalidArgumentError, match="the same KPIs, as_of"):
        a.merge(TicketAccumulator(as_of=T0 + H))


def test_kpi9_response_time_is_elapsed_time_across_a_daylight_saving_change() -> None:
    """KPI-9, CAL-5: opened 01:50 EDT, answered 01:05 EST in New York: 15 minutes; a
    one-day reply deadline is 24 elapsed hours."""
    ny = ZoneInfo("America/New_York")
    opened = datetime(2026, 11, 1, 0, 30, tzinfo=ny)
    ticket = Ticket.open(id="Q-1", kind="inquiry", customer="C", channel="phone", at=opened, by="A")
    ticket = ticket.transition(
        "answered", at=datetime(2026, 11, 1, 1, 5, fold=1, tzinfo=ny), by="A", channel="phone"
    )
    acc = TicketAccumulator(as_of=opened + timedelta(days=3)).add_all([ticket])
    assert acc.report().row("average_response_time").value == 95 * 60
    late = Ticket.open(id="Q-2", kind="inquiry", customer="C", channel="phone", at=opened, by="A")
    late = late.transition("answered", at=datetime(2026, 11, 2, 0, 0, tzinfo=ny), by="A")
    row = TicketAccumulator([Kpi("reply_on_time_rate")], as_of=opened + timedelta(days=3))
    assert row.add_all([late]).report().rows[0].value == 0  # 24.5 elapsed hours: late
