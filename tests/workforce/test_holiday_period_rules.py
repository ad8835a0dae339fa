"""LEAVE-8, LEAVE-10 and SWAP-9 read "a public holiday" as any date of a holiday period.

The defect this guards against: Sunday 4 October 2026 lies inside China's National Day
period (1-7 October) but the holidays package does not list it, so on a 24×7 roster leave
and swaps on it passed.  Tested as a class: the weekend days inside National Day, Spring
Festival, Labour Day, Dragon Boat and Mid-Autumn periods across several years, a US long
weekend, make-up Saturdays (never in a period), and the ``holiday_basis="statutory"``
reading that lets them through.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError
from servicepolicy.workforce import (
    Approval,
    ApproverRole,
    Employee,
    LeavePolicy,
    LeaveRequest,
    Roster,
    Shift,
    SwapPolicy,
    SwapRequest,
)

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
HOTLINE = BusinessCalendar.always("Asia/Shanghai", country="CN")
LEADERS = (Approval("L-1", ApproverRole.TEAM_LEADER),)

#: Weekend days inside a derived Chinese holiday period that the holidays data does not
#: list, with the period's first and last date.
UNLISTED_PERIOD_DAYS = [
    (date(2024, 10, 5), date(2024, 10, 1), date(2024, 10, 7)),  # National Day, Sat
    (date(2024, 10, 6), date(2024, 10, 1), date(2024, 10, 7)),  # National Day, Sun
    (date(2025, 10, 4), date(2025, 10, 1), date(2025, 10, 8)),  # National Day + Mid-Autumn
    (date(2025, 10, 5), date(2025, 10, 1), date(2025, 10, 8)),
    (date(2026, 10, 4), date(2026, 10, 1), date(2026, 10, 7)),  # the reported Sunday
    (date(2027, 1, 2), date(2027, 1, 1), date(2027, 1, 3)),  # New Year's Day 2027
    (date(2023, 12, 30), date(2023, 12, 30), date(2024, 1, 1)),  # across the new year
    (date(2025, 2, 1), date(2025, 1, 28), date(2025, 2, 4)),  # Spring Festival, Sat
    (date(2025, 2, 2), date(2025, 1, 28), date(2025, 2, 4)),
    (date(2026, 2, 15), date(2026, 2, 15), date(2026, 2, 23)),  # Spring Festival, Sun
    (date(2026, 2, 21), date(2026, 2, 15), date(2026, 2, 23)),
    (date(2024, 5, 4), date(2024, 5, 1), date(2024, 5, 5)),  # Labour Day
    (date(2025, 5, 3), date(2025, 5, 1), date(2025, 5, 5)),
    (date(2026, 5, 3), date(2026, 5, 1), date(2026, 5, 5)),
    (date(2024, 6, 8), date(2024, 6, 8), date(2024, 6, 10)),  # Dragon Boat
    (date(2026, 6, 20), date(2026, 6, 19), date(2026, 6, 21)),
    (date(2024, 9, 15), date(2024, 9, 15), date(2024, 9, 17)),  # Mid-Autumn
    (date(2026, 9, 26), date(2026, 9, 25), date(2026, 9, 27)),
]

#: Make-up working days (调休): never inside a period, whatever weekday they fall on.
MAKEUP_DAYS = [
    date(2024, 2, 4),
    date(2024, 9, 29),
    date(2024, 10, 12),
    date(2025, 1, 26),
    date(2025, 9, 28),
    date(2025, 10, 11),
    date(2026, 2, 14),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def roster_on(day: date, calendar: BusinessCalendar = HOTLINE, zone: ZoneInfo = SH) -> Roster:
    """A-01 works the day shift of ``day``, B-01 that of a plain day three weeks later."""
    plain = day + timedelta(days=21)
    while calendar.public_holiday(plain) or calendar.holiday_period(plain):
        plain += timedelta(days=1)

    def day_shift(shift_id: str, employee: str, on: date) -> Shift:
        start = datetime.combine(on, time(8), zone)
        return Shift(shift_id, employee, start, start + timedelta(hours=12))

    employees = [Employee(e, "T1", "L-1", "hotline", 3) for e in ("A-01", "B-01")]
    shifts = [day_shift("H", "A-01", day), day_shift("P", "B-01", plain)]
    return Roster(employees, shifts, calendar)


def leave_on(roster: Roster, **changes: object) -> LeaveRequest:
    shift = next(s for s in roster.shifts if s.id == "H")
    fields: dict[str, object] = {
        "kind": "personal",
        "requested_at": shift.start - timedelta(days=30),
        "requested_by": "A-01",
        "submitted_to": "L-1",  # LEAVE-3 recorded: these tests are about LEAVE-8/10 only
        **changes,
    }
    return LeaveRequest("LV-1", "A-01", start=shift.start, end=shift.end, **fields)


def swap_of(roster: Roster) -> SwapRequest:
    shift = next(s for s in roster.shifts if s.id == "H")
    return SwapRequest(
        "SW-1", "A-01", "B-01", "H", "P", shift.start - timedelta(days=30), approvals=LEADERS
    )


@pytest.mark.parametrize(("day", "first", "last"), UNLISTED_PERIOD_DAYS, ids=str)
def test_leave_8_and_leave_10_refuse_leave_inside_the_period(
    day: date, first: date, last: date
) -> None:
    """LEAVE-8, LEAVE-10: leave on a weekend day inside a holiday period, not listed by the
    holidays package, is leave on a public holiday, and the shift is holiday duty."""
    assert HOTLINE.public_holiday(day) is None  # the defect's premise: the day is unlisted
    roster = roster_on(day)
    decision = LeavePolicy().check(leave_on(roster), roster)
    assert decision.rule_ids == ("LEAVE-8", "LEAVE-10")
    leave_8 = decision.violations[0]
    assert leave_8.facts["holidays"] == (day.isoformat(),)
    assert leave_8.facts["holiday_basis"] == "period"
    assert f"holiday period {first}..{last}" in leave_8.message


@pytest.mark.parametrize(("day", "first", "last"), UNLISTED_PERIOD_DAYS, ids=str)
def test_swap_9_refuses_a_shift_inside_the_period(day: date, first: date, last: date) -> None:
    """SWAP-9: a shift on a weekend day inside a holiday period is holiday duty; the
    violation names the period."""
    roster = roster_on(day)
    decision = SwapPolicy().check(swap_of(roster), roster)
    assert decision.rule_ids == ("SWAP-9",)
    assert decision.violations[0].facts["date"] == day.isoformat()
    assert f"{first}..{last}" in decision.violations[0].facts["holiday"]


@pytest.mark.parametrize(("day", "first", "last"), UNLISTED_PERIOD_DAYS[:6], ids=str)
def test_statutory_basis_reads_only_the_listed_days(day: date, first: date, last: date) -> None:
    """LEAVE-8, LEAVE-10, SWAP-9: ``holiday_basis="statutory"`` is the other reading of
    the manual: a weekend day of the period is not a public holiday."""
    roster = roster_on(day)
    assert LeavePolicy(holiday_basis="statutory").check(leave_on(roster), roster).allowed
    assert SwapPolicy(holiday_basis="statutory").check(swap_of(roster), roster).allowed
    listed = roster_on(first)
    assert not LeavePolicy(holiday_basis="statutory").check(leave_on(listed), listed).allowed


@pytest.mark.parametrize("day", MAKEUP_DAYS, ids=str)
def test_makeup_day_is_not_holiday_duty(day: date) -> None:
    """LEAVE-8, LEAVE-10, SWAP-9: a make-up working day (调休, CAL-3) next to a period is
    a working day: leave and swaps there pass the holiday rules."""
    assert HOTLINE.holiday_period(day) is None
    roster = roster_on(day)
    assert LeavePolicy().check(leave_on(roster), roster).allowed
    assert SwapPolicy().check(swap_of(roster), roster).allowed


def test_special_case_still_accepted_inside_the_period() -> None:
    """LEAVE-8: the very special case (two days ahead, approved by management) applies to
    a period day as to a listed holiday; LEAVE-10 still refuses holiday duty unless
    ``holiday_duty_special_case``."""
    roster = roster_on(date(2026, 10, 4))
    request = leave_on(
        roster,
        special_case=True,
        approvals=(
            Approval("M-1", ApproverRole.MANAGEMENT),
            Approval("D-1", ApproverRole.DEPARTMENT_HEAD),
        ),
    )
    decision = LeavePolicy().check(request, roster)
    assert decision.rule_ids == ("LEAVE-8", "LEAVE-10")
    assert [str(v.severity) for v in decision.violations] == ["info", "error"]
    assert LeavePolicy(holiday_duty_special_case=True).check(request, roster).allowed


def test_closure_inside_the_period_stays_a_public_holiday() -> None:
    """LEAVE-8, SWAP-9: closing a period day or a listed holiday (a company closure, CAL-2)
    changes its hours, not the fact that it is a public holiday."""
    calendar = BusinessCalendar.always(
        "Asia/Shanghai", country="CN", closures=[date(2026, 10, 4), date(2026, 10, 2)]
    )
    for day in (date(2026, 10, 4), date(2026, 10, 2)):
        roster = roster_on(day, calendar)
        assert SwapPolicy().check(swap_of(roster), roster).rule_ids == ("SWAP-9",)


def test_period_of_a_desk_calendar_counts_too() -> None:
    """SWAP-9, LEAVE-10: a Monday-Friday calendar (closed on holidays) knows the same
    periods: a weekend shift inside Spring Festival 2026 is holiday duty."""
    desk = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")
    roster = roster_on(date(2026, 2, 22), desk)
    assert SwapPolicy().check(swap_of(roster), roster).rule_ids == ("SWAP-9",)
    assert "LEAVE-10" in LeavePolicy().check(leave_on(roster), roster).rule_ids


def test_us_long_weekend_is_a_period() -> None:
    """LEAVE-8, SWAP-9 outside China: the weekend before Memorial Day (Monday 25 May 2026)
    is part of its derived period; a plain weekend is not."""
    calendar = BusinessCalendar.always("America/New_York", country="US")
    inside = roster_on(date(2026, 5, 23), calendar, NY)
    assert SwapPolicy().check(swap_of(inside), inside).rule_ids == ("SWAP-9",)
    plain = roster_on(date(2026, 6, 6), calendar, NY)
    assert SwapPolicy().check(swap_of(plain), plain).allowed


def test_statutory_periods_of_the_calendar() -> None:
    """LEAVE-8, SWAP-9: a calendar with ``holiday_periods="statutory"`` has no weekend days
    in its periods, so even the "period" reading refuses only listed days."""
    calendar = BusinessCalendar.always("Asia/Shanghai", country="CN", holiday_periods="statutory")
    roster = roster_on(date(2026, 10, 4), calendar)
    assert SwapPolicy().check(swap_of(roster), roster).allowed


def test_declared_period_is_read_by_the_rules() -> None:
    """LEAVE-8, SWAP-9: a period the policy declares (a company's own reading) decides."""
    calendar = BusinessCalendar.always(
        "Asia/Shanghai",
        country="CN",
        declared_periods=[("National Day", date(2026, 9, 30), date(2026, 10, 8))],
    )
    roster = roster_on(date(2026, 9, 30), calendar)
    decision = SwapPolicy().check(swap_of(roster), roster)
    assert decision.rule_ids == ("SWAP-9",)
    assert "National Day holiday period 2026-09-30..2026-10-08" in decision.violations[0].message


@pytest.mark.parametrize("value", ["periods", "", None, True])
def test_holiday_basis_is_checked(value: object) -> None:
    """LEAVE-8, SWAP-9: ``holiday_basis`` is ``"period"`` or ``"statutory"``."""
    with pytest.raises(InvalidArgumentError, match="holiday_basis"):
        LeavePolicy(holiday_basis=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="holiday_basis"):
        SwapPolicy(holiday_basis=value)  # type: ignore[arg-type]
