"""SLA-1 / SLA-2: targets in working days of their calendar (``WorkingDays``, ``"1wd"``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, InvalidPolicyError, WrongTypeError
from servicepolicy.policy import load_policy_text
from servicepolicy.sla import SlaPolicy, SlaState, SlaStatus, SlaTarget, WorkingDays
from servicepolicy.tickets import Ticket

SH = ZoneInfo("Asia/Shanghai")
H, M = timedelta(hours=1), timedelta(minutes=1)
OFFICE = BusinessCalendar(
    "mon-fri 09:00-12:00,13:00-18:00",
    SH,
    country="CN",
    special_hours={date(2026, 12, 7): "09:00-12:00"},  # a Monday half day
    name="office",
)
NIGHTS = BusinessCalendar("mon-fri 22:00-06:00", SH, name="nights")  # shifts over midnight


def at(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=SH)  # type: ignore[misc]


def answer(days: int = 1, calendar: str = "office", **kw: object) -> SlaPolicy:
    target = SlaTarget("answer", "first_response", WorkingDays(days), calendar=calendar)
    return SlaPolicy([target], calendars={"office": OFFICE, "nights": NIGHTS}, **kw)  # type: ignore[arg-type]


def inquiry(opened: datetime) -> Ticket:
    return Ticket.open(id="I-1", kind="inquiry", customer="C", channel="phone", at=opened, by="a")


def first(sla: SlaPolicy, ticket: Ticket, now: datetime) -> SlaStatus:
    (status,) = sla.evaluate(ticket, now)
    return status


@pytest.mark.parametrize(
    ("opened", "days", "due"),
    [
        (at(2026, 11, 23, 10, 0), 1, at(2026, 11, 24, 10, 0)),  # Monday -> Tuesday, same time
        (at(2026, 11, 23, 10, 0), 2, at(2026, 11, 25, 10, 0)),
        (at(2026, 11, 27, 15, 30), 1, at(2026, 11, 30, 15, 30)),  # Friday -> Monday
        (at(2026, 11, 28, 10, 0), 1, at(2026, 11, 30, 18, 0)),  # Saturday: all of Monday
        (at(2026, 11, 27, 20, 0), 1, at(2026, 11, 30, 18, 0)),  # Friday evening: all of Monday
        (at(2026, 11, 27, 12, 30), 1, at(2026, 11, 30, 12, 0)),  # lunch: from 13:00 -> Mon 13:00
        (at(2026, 12, 4, 15, 0), 1, at(2026, 12, 7, 12, 0)),  # Monday is a half day: its end
        (at(2026, 12, 4, 11, 0), 1, at(2026, 12, 7, 11, 0)),
        (at(2026, 9, 30, 15, 0), 1, at(2026, 10, 8, 15, 0)),  # across National Day
        (at(2026, 10, 9, 11, 0), 1, at(2026, 10, 10, 11, 0)),  # to a make-up Saturday (CAL-3)
        (at(2027, 2, 4, 10, 0), 3, at(2027, 2, 15, 10, 0)),  # across Spring Festival 2027
        (at(2027, 2, 5, 10, 0), 1, at(2027, 2, 11, 18, 0)),  # opened on New Year's Eve
    ],
)
def test_sla1_working_days_run_to_the_same_time_on_a_later_working_day(
    opened: datetime, days: int, due: datetime
) -> None:
    """SLA-1 / SLA-2: n working days run to the same clock time on the n-th working day
    after the first working instant (BusinessCalendar.add_working_days), whatever the
    day's hours; a due time outside that day's working time is the end of its working
    time, and a start outside working time gets the whole of the next working day."""
    status = first(answer(days), inquiry(opened), opened)
    assert (status.state, status.due) == (SlaState.RUNNING, due)
    assert status.duration == OFFICE.working_time(opened, due)


def test_sla2_working_days_on_night_shifts() -> None:
    """SLA-2 / CAL-1: on a calendar of night shifts, 1wd from Monday 23:00 is Tuesday
    23:00 (a shift crossing midnight counts as working time of either date)."""
    status = first(answer(calendar="nights"), inquiry(at(2026, 11, 23, 23, 0)), at(2026, 11, 24))
    assert status.due == at(2026, 11, 24, 23, 0)
    assert status.duration == 8 * H


def test_sla1_working_day_clocks_pause_warn_and_breach_like_any_clock() -> None:
    """SLA-3 / SLA-6: a working-day clock counts working time; pauses stop it, its
    warnings are shares of the day's allowance, and it breaches at its due instant."""
    sla = answer(1)
    opened = at(2026, 11, 23, 10, 0)
    events = sla.timeline(inquiry(opened), at(2026, 11, 25, 9, 0))
    assert [(e.threshold, e.at) for e in events] == [
        (0.5, at(2026, 11, 23, 15, 0)),  # 4 of the 8 hours
        (0.75, at(2026, 11, 23, 17, 0)),
        (1.0, at(2026, 11, 24, 10, 0)),
    ]
    cal = BusinessCalendar.always(SH)
    target = SlaTarget(
        "resolve", "resolution", WorkingDays(1), calendar="office", kinds="complaint"
    )
    complaint = Ticket.open(
        id="T", kind="complaint", customer="C", channel="web", at=opened, by="a"
    )
    complaint = complaint.transition("investigating", at=opened + H, by="a")
    complaint = complaint.transition("waiting_on_customer", at=opened + 2 * H, by="a")
    complaint = complaint.transition("investigating", at=opened + 24 * H, by="a")  # Tue 10:00
    (status,) = SlaPolicy([target], calendars={"office": OFFICE, "x": cal}).evaluate(
        complaint, opened + 25 * H
    )
    # 2 hours before the pause, 1 after it: 5 of the 8 left, to 17:00 (lunch not counted)
    assert (status.elapsed, status.duration, status.due) == (3 * H, 8 * H, at(2026, 11, 24, 17, 0))


def test_sla5_progress_updates_every_working_day() -> None:
    """SLA-5: an update every working day; a week without one misses one a day."""
    target = SlaTarget("update", "progress_update", WorkingDays(1), calendar="office")
    sla = SlaPolicy([target], calendars={"office": OFFICE})
    opened = at(2026, 11, 23, 10, 0)  # Monday
    (status,) = sla.evaluate(inquiry(opened), at(2026, 11, 30, 10, 30))  # next Monday
    assert status.misses == 5  # Tue, Wed, Thu, Fri and Monday 10:00
    assert status.breached_at == at(2026, 11, 24, 10, 0)


def test_sla1_working_days_need_a_calendar_and_a_positive_whole_number() -> None:
    """SLA-1: working days belong to a calendar: a target without one is refused when the
    policy is built; a non-positive or fractional number is refused at once."""
    with pytest.raises(InvalidPolicyError, match="names no calendar"):
        SlaPolicy([SlaTarget("answer", "first_response", WorkingDays(1))])
    with pytest.raises(InvalidArgumentError, match="working days"):
        WorkingDays(0)
    with pytest.raises(WrongTypeError, match="whole number"):
        WorkingDays(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match='"1wd"'):
        WorkingDays.parse("1.5wd")
    with pytest.raises(WrongTypeError, match="timedelta or WorkingDays"):
        SlaTarget("x", "resolution", 1)  # type: ignore[arg-type]
    assert SlaTarget("x", "resolution", WorkingDays(2)).describe() == (
        "'x' (resolution within 2 working days)"
    )


POLICY = """schema_version = 1
name = "t"
[calendars.office]
hours = "mon-fri 09:00-18:00"
country = "CN"
[[sla.targets]]
name = "answer"
metric = "first_response"
within = "{within}"
calendar = "office"
"""


def test_sla1_policy_files_accept_working_days() -> None:
    """SLA-1: a policy file writes working days as ``"1wd"``; other durations are as
    before, and a malformed one is reported with its place."""
    policy = load_policy_text(POLICY.format(within="2wd"))
    (target,) = policy.sla.targets
    assert target.within == WorkingDays(2)
    assert target.build().duration == WorkingDays(2)
    assert load_policy_text(POLICY.format(within="8h")).sla.targets[0].within == 8 * H
    with pytest.raises(Exception, match=r"sla\.targets\.0\.within.*working days like"):
        load_policy_text(POLICY.format(within="1.5wd"))


@settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 1), timezones=st.just(SH)),
    days=st.integers(1, 6),
)
def test_sla1_law_working_days_agree_with_add_working_days(start: datetime, days: int) -> None:
    """SLA-1 law: the due instant of n working days lies on the date
    ``add_working_days(d, n)`` (d the first working instant's date) at or before the same
    clock time, with no working time between it and that clock time; its allowance is
    the working time up to there."""
    status = first(answer(days), inquiry(start), start)
    begin = OFFICE.next_working_time(start)
    day = OFFICE.add_working_days(begin.date(), days)
    wall = datetime.combine(day, begin.time(), tzinfo=SH)
    assert status.due is not None and status.due <= wall
    assert OFFICE.working_time(status.due, wall) == timedelta(0)
    assert status.duration == OFFICE.working_time(start, wall) > timedelta(0)
    if OFFICE.is_working_time(wall - timedelta(microseconds=1)):
        assert status.due == wall
