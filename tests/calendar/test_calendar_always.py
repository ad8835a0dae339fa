"""A 24×7 calendar with a country: the clock never stops, the holidays stay known
(CAL-2 public holidays, CAL-3 make-up days, CAL-6 several calendars)."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.calendar import DayKind

SH = ZoneInfo("Asia/Shanghai")
HOTLINE = BusinessCalendar.always("Asia/Shanghai", country="CN")
CLOSING = BusinessCalendar("24/7", "Asia/Shanghai", country="CN")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_always_never_stops_on_national_day(year: int) -> None:
    """CAL-6: ``always()`` with a country is working time at every instant of National
    Day, while ``day_info`` still says "public holiday" (CAL-2)."""
    start = datetime(year, 10, 1, tzinfo=SH)
    end = datetime(year, 10, 9, tzinfo=SH)
    assert HOTLINE.working_time(start, end) == end - start
    assert HOTLINE.add(start, timedelta(hours=30)) == start + timedelta(hours=30)
    assert HOTLINE.is_working_time(start) and HOTLINE.next_working_time(start) == start
    info = HOTLINE.day_info(date(year, 10, 1))
    assert info.kind is DayKind.HOLIDAY and info.name == "National Day"
    assert info.hours == ((0, 86400),)
    assert HOTLINE.public_holiday(date(year, 10, 2)) == "National Day"
    assert HOTLINE.holiday_period(date(year, 10, 1)) is not None


def test_holidays_close_is_the_default_of_the_constructor() -> None:
    """CAL-2: ``BusinessCalendar(hours="24/7", country=...)`` closes on public holidays
    (a 24×7 centre that shuts on holidays); ``always()`` does not."""
    day = datetime(2026, 10, 1, tzinfo=SH)
    assert not CLOSING.is_working_time(day)
    assert CLOSING.working_time(day, day + timedelta(days=1)) == timedelta(0)
    assert HOTLINE.working_time(day, day + timedelta(days=1)) == timedelta(days=1)
    closing = BusinessCalendar.always("Asia/Shanghai", country="CN", holidays_close=True)
    assert closing == CLOSING


def test_holidays_close_false_on_a_desk_keeps_the_weekly_pattern() -> None:
    """CAL-2, CAL-3: with ``holidays_close=False`` a Monday-Friday desk works its weekday
    hours on a holiday and does not work a make-up Saturday; both stay known."""
    desk = BusinessCalendar(
        "mon-fri 09:00-18:00", "Asia/Shanghai", country="CN", holidays_close=False
    )
    holiday = desk.day_info(date(2026, 10, 1))
    assert (holiday.kind, holiday.hours) == (DayKind.HOLIDAY, ((32400, 64800),))
    makeup = desk.day_info(date(2026, 10, 10))
    assert (makeup.kind, makeup.hours) == (DayKind.MAKEUP, ())
    assert desk.working_days(date(2026, 10, 1), date(2026, 10, 12)) == 7


@settings(max_examples=50, deadline=None)
@given(
    st.datetimes(datetime(2001, 1, 1), datetime(2099, 12, 1), timezones=st.just(UTC)),
    st.integers(0, 60 * 24 * 60 * 10**6).map(lambda us: timedelta(microseconds=us)),
    st.sampled_from(["Asia/Shanghai", "America/New_York", "Europe/London"]),
    st.sampled_from(["CN", "US", "GB", None]),
)
def test_always_is_always(t: datetime, d: timedelta, tz: str, country: str | None) -> None:
    """CAL-6 (its docstring): every instant of ``always()`` is working time, with or
    without a country: working time equals elapsed time and add() is plain addition."""
    calendar = BusinessCalendar.always(tz, country=country)
    assert calendar.is_working_time(t)
    assert calendar.add(t, d) == t + d
    assert calendar.working_time(t, t + d) == d
    assert calendar.add(t, -d) == t - d


def test_always_repr_and_pickle() -> None:
    """CAL-6: the setting shows in the repr and survives pickling."""
    assert "holidays_close=False" in repr(HOTLINE)
    again = pickle.loads(pickle.dumps(HOTLINE))
    assert again == HOTLINE and again.holidays_close is False
    assert again.holiday_period(date(2026, 10, 4)) == HOTLINE.holiday_period(date(2026, 10, 4))
