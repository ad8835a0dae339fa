"""Bad input to BusinessCalendar: each raises a ServicePolicyError subclass that names the
argument, the bad value and what was expected (CAL-1, CAL-2, CAL-5); nothing hangs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.relativedelta import relativedelta

from servicepolicy import (
    BusinessCalendar,
    InvalidCalendarError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    ServicePolicyError,
    WrongTypeError,
)

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [
        ("mon-fri 9-18", "a time of day like '09:00'"),
        ("mon-fri 09:00-25:00", "within 00:00-24:00"),
        ("mon-fri 24:00-08:00", "within 00:00-23:59:59"),
        ("mon-fri 09:60-18:00", "a time of day within"),
        ("mon-fri 09:00-18:00,17:00-19:00", "intervals that do not overlap"),
        ("mon 22:00-06:00; tue 05:00-13:00", "weekly hours that do not overlap"),
        ("sun 22:00-06:00; mon 05:00-09:00", "'sun 22:00-06:00 and mon 05:00-09:00'"),
        ("funday 09:00-18:00", "a weekday name"),
        ("mon-fri", "a group like 'mon-fri 09:00-18:00'"),
        ("mon 09:00-09:00", "start different from its end"),
        ("mon 09:00-12:00,,13:00-18:00", "comma-separated ranges"),
    ],
)
def test_cal1_malformed_hours(hours: str, fragment: str) -> None:
    """CAL-1: malformed or overlapping hours name the argument and what is expected."""
    with pytest.raises(InvalidCalendarError, match="hours") as raised:
        BusinessCalendar(hours=hours, tz="UTC")
    assert fragment in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert raised.value.argument is not None and raised.value.argument.startswith("hours")


def test_cal1_hours_of_the_wrong_type() -> None:
    """CAL-1: hours must be a string or a mapping; pairs must be pairs of times."""
    with pytest.raises(WrongTypeError, match="hours"):
        BusinessCalendar(hours=42, tz="UTC")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"hours\['mon'\]"):
        BusinessCalendar(hours={"mon": [(9, 18)]}, tz="UTC")
    with pytest.raises(InvalidCalendarError, match="without tzinfo"):
        BusinessCalendar(hours={"mon": [(time(9, tzinfo=UTC), time(18))]}, tz="UTC")


def test_cal5_unknown_or_wrong_time_zone() -> None:
    """CAL-5: unknown IANA names and foreign tzinfo objects are rejected."""
    with pytest.raises(InvalidCalendarError, match="tz: expected an IANA time zone name"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="Mars/Olympus_Mons")
    with pytest.raises(InvalidCalendarError, match="tz"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="../etc/passwd")
    with pytest.raises(WrongTypeError, match="tz"):
        BusinessCalendar(hours="mon 09:00-17:00", tz=8)  # type: ignore[arg-type]


def test_cal2_unknown_country_and_subdivision() -> None:
    """CAL-2: unknown country codes and subdivisions name the argument."""
    with pytest.raises(InvalidCalendarError, match="country: expected a country code"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", country="XX")
    with pytest.raises(InvalidCalendarError, match="subdiv: expected a subdivision of US"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", country="US", subdiv="ZZ")
    with pytest.raises(InvalidCalendarError, match="either country= or holidays="):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", country="US", holidays=[])
    with pytest.raises(WrongTypeError, match="holidays"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", holidays=["2026-10-01"])


def test_cal2_contradictory_dates() -> None:
    """CAL-2/CAL-4: a date both closed and an extra working day is a contradiction."""
    day = date(2026, 10, 10)
    with pytest.raises(InvalidCalendarError, match="closures"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", closures=[day], extra_workdays=[day])
    with pytest.raises(InvalidCalendarError, match="special_hours"):
        BusinessCalendar(
            hours="mon 09:00-17:00", tz="UTC", closures=[day], special_hours={day: "09:00-12:00"}
        )
    with pytest.raises(WrongTypeError, match="extra_workdays"):
        BusinessCalendar(hours="mon 09:00-17:00", tz="UTC", extra_workdays=[datetime(2026, 1, 1)])
    with pytest.raises(InvalidCalendarError, match="extra_workdays"):
        BusinessCalendar(hours="", tz="UTC", extra_workdays=[day])


def test_cal3_makeup_weekday_without_hours() -> None:
    """CAL-3: make-up days need a weekday with hours to borrow from."""
    with pytest.raises(InvalidCalendarError, match="makeup_weekday"):
        BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", country="CN", makeup_weekday="sun")
    with pytest.raises(InvalidCalendarError, match="makeup_weekday"):
        BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", makeup_weekday="someday")


def test_cal5_naive_datetimes_are_rejected(cal: BusinessCalendar) -> None:
    """CAL-5: every method taking an instant rejects naive datetimes, naming the argument."""
    naive = datetime(2026, 10, 9, 10)
    aware = naive.replace(tzinfo=SH)
    calls = {
        "instant": [
            lambda: cal.add(naive, timedelta(hours=1)),
            lambda: cal.add(naive, timedelta(0)),
            lambda: cal.is_working_time(naive),
            lambda: cal.next_working_time(naive),
        ],
        "start": [
            lambda: cal.working_time(naive, aware),
            lambda: cal.working_intervals(naive, aware),
        ],
        "end": [
            lambda: cal.working_time(aware, naive),
            lambda: cal.working_intervals(aware, naive),
        ],
    }
    for argument, functions in calls.items():
        for function in functions:
            with pytest.raises(NaiveDatetimeError) as raised:
                function()
            assert raised.value.argument == argument
            assert "timezone-aware" in str(raised.value) and "CAL-5" in str(raised.value)
            assert isinstance(raised.value, ValueError | ServicePolicyError)


def test_wrong_argument_types(cal: BusinessCalendar) -> None:
    """Strings, dates and relativedeltas are not instants or durations: a clear TypeError."""
    aware = datetime(2026, 10, 9, 10, tzinfo=SH)
    with pytest.raises(WrongTypeError, match="instant: expected a timezone-aware datetime"):
        cal.add("2026-10-09T10:00+08:00", timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"duration: expected a datetime\.timedelta"):
        cal.add(aware, 3600)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="duration"):
        cal.add(aware, relativedelta(months=1, hours=2))  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"day: expected a datetime\.date"):
        cal.is_working_day(aware)
    with pytest.raises(WrongTypeError, match="n: expected an int"):
        cal.add_working_days(date(2026, 10, 9), 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.working_days("2026-10-01", date(2026, 10, 9))  # type: ignore[arg-type]


def test_no_working_time_raises_instead_of_looping() -> None:
    """A calendar with no working time at all: add with d > 0 raises at once."""
    empty = BusinessCalendar(hours="", tz="UTC")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(NoWorkingTimeError, match="no working time after"):
        empty.add(start, timedelta(seconds=1))
    with pytest.raises(NoWorkingTimeError):
        empty.next_working_time(start)
    with pytest.raises(NoWorkingTimeError):
        empty.add_working_days(date(2026, 1, 1), 1)
    assert empty.working_time(start, start + timedelta(days=400)) == timedelta(0)
    assert not empty.is_working_time(start)


def test_huge_amounts_leave_the_supported_range(cal: BusinessCalendar) -> None:
    """Durations and day counts beyond the holiday data or datetime's range raise quickly."""
    start = datetime(2026, 10, 9, 10, tzinfo=SH)
    with pytest.raises(OutOfRangeError, match="beyond the local year 2100"):
        cal.add(start, timedelta(days=999_999_999))
    with pytest.raises(OutOfRangeError, match="1950"):
        cal.add(start, -timedelta(hours=10**7))
    with pytest.raises(OutOfRangeError):
        cal.add_working_days(date(2026, 10, 9), 10**9)
    plain = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="UTC")
    with pytest.raises(OutOfRangeError, match="9998"):
        plain.add(datetime(2026, 1, 1, tzinfo=UTC), timedelta(days=999_999_999))
    assert isinstance(OutOfRangeError("x"), OverflowError)


def test_years_outside_the_holiday_data(cal: BusinessCalendar) -> None:
    """CAL-2: beyond the holidays package's years the answer would silently lack holidays,
    so the calendar refuses, naming the data and its range."""
    with pytest.raises(OutOfRangeError, match=r"country_holidays\('CN'\).*1950-2100"):
        cal.is_working_day(date(2101, 1, 3))
    with pytest.raises(OutOfRangeError):
        cal.add(datetime(1900, 1, 1, tzinfo=SH), timedelta(hours=1))


def test_user_entity_expand_false_years() -> None:
    """CAL-2: a HolidayBase with expand=False is never asked for other years."""
    entity = holidays.country_holidays("US", years=[2026], expand=False)
    cal = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="America/New_York", holidays=entity)
    with pytest.raises(OutOfRangeError, match="2026-2026"):
        cal.add(datetime(2026, 12, 31, 16, tzinfo=ZoneInfo("America/New_York")), timedelta(hours=2))
