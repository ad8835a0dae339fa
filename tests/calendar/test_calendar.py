"""Example tests of BusinessCalendar, one group per rule ID (CAL-1 … CAL-6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest

from servicepolicy import BusinessCalendar, DayKind

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
H = timedelta(hours=1)


def sh(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.fixture(scope="module")
def desk() -> BusinessCalendar:
    return BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00", tz="Asia/Shanghai", country="CN"
    )


# -- CAL-1: weekly hours --------------------------------------------------------------------


def test_cal1_lunch_break_is_not_working_time(desk: BusinessCalendar) -> None:
    """CAL-1: 12:00-13:00 is a break; intervals are closed-open."""
    assert desk.is_working_time(sh(11, 24, 11, 59))
    assert not desk.is_working_time(sh(11, 24, 12, 0))
    assert desk.is_working_time(sh(11, 24, 13, 0))
    assert not desk.is_working_time(sh(11, 24, 18, 0))


def test_cal1_deadline_that_fills_an_interval_is_its_end(desk: BusinessCalendar) -> None:
    """CAL-1: using up Friday's afternoon exactly ends at Friday 18:00, not Monday 09:00."""
    assert desk.add(sh(11, 27, 13), 5 * H) == sh(11, 27, 18)
    assert desk.add(sh(11, 27, 13), 5 * H + timedelta(seconds=1)) == sh(11, 30, 9, 0) + timedelta(
        seconds=1
    )


def test_cal1_negative_duration_mirrors(desk: BusinessCalendar) -> None:
    """CAL-1: going back one hour from Monday 10:00 lands on Monday 09:00 (interval start)."""
    assert desk.add(sh(11, 30, 10), -H) == sh(11, 30, 9)
    assert desk.add(sh(11, 30, 9), -H) == sh(11, 27, 17)


def test_cal1_add_zero_and_outside_hours(desk: BusinessCalendar) -> None:
    """CAL-1: add(t, 0) == t even outside hours; a positive add starts at the next interval."""
    saturday = sh(11, 28, 15)
    assert desk.add(saturday, timedelta(0)) is saturday
    assert desk.add(saturday, H) == sh(11, 30, 10)
    assert desk.next_working_time(saturday) == sh(11, 30, 9)
    assert desk.next_working_time(sh(11, 30, 9, 30)) == sh(11, 30, 9, 30)


def test_cal1_working_time_is_exact_and_antisymmetric(desk: BusinessCalendar) -> None:
    """CAL-1: working time counts microseconds exactly, negative when reversed."""
    a = sh(11, 24, 11, 59) + timedelta(microseconds=1)
    b = datetime(2026, 11, 25, 9, 0, 1, tzinfo=SH)
    # 1 min - 1 µs before lunch, 13:00-18:00, then 1 s on Wednesday morning
    assert desk.working_time(a, b) == timedelta(hours=5, minutes=1, seconds=1, microseconds=-1)
    assert desk.working_time(b, a) == -desk.working_time(a, b)


def test_cal1_overnight_shift_belongs_to_the_day_it_starts() -> None:
    """CAL-1: a night shift 22:00-06:00 on Friday runs into Saturday morning."""
    cal = BusinessCalendar(hours="mon-fri 22:00-06:00", tz="Asia/Shanghai")
    assert cal.is_working_time(sh(11, 28, 5, 59))  # Saturday 05:59, Friday's shift
    assert not cal.is_working_time(sh(11, 23, 5, 0))  # Monday 05:00: Sunday had no shift
    assert cal.add(sh(11, 27, 23), 7 * H) == sh(11, 28, 6)
    assert cal.is_working_day(date(2026, 11, 27))
    assert not cal.is_working_day(date(2026, 11, 28))


def test_cal1_mapping_hours_and_24_00_end() -> None:
    """CAL-1: hours as a mapping of weekday to (start, end) pairs; 24:00 as an end."""
    cal = BusinessCalendar(
        hours={"mon": [(time(9), time(12)), ("13:00", "18:00")], 5: "20:00-24:00"},
        tz="UTC",
    )
    assert str(cal.hours) == "mon 09:00-12:00,13:00-18:00; sat 20:00-24:00"
    saturday = datetime(2026, 11, 28, 20, tzinfo=UTC)
    assert cal.add(saturday, 4 * H) == datetime(2026, 11, 28, 23, 59, 59, 999999, tzinfo=UTC) + (
        timedelta(microseconds=1)
    )


def test_cal1_adjacent_intervals_merge() -> None:
    """CAL-1: 24:00 followed by 00:00 is continuous working time."""
    cal = BusinessCalendar(hours="sat 12:00-24:00; sun 00:00-12:00", tz="UTC")
    start = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert cal.add(start, 24 * H) == datetime(2026, 11, 29, 12, tzinfo=UTC)
    assert list(cal.working_intervals(start, start + 24 * H)) == [(start, start + 24 * H)]


# -- CAL-2: public holidays, closures, extra working days ---------------------------------


def test_cal2_public_holidays_from_the_holidays_package(desk: BusinessCalendar) -> None:
    """CAL-2: National Day 2026 (Oct 1-7) is closed; the deadline skips it."""
    info = desk.day_info(date(2026, 10, 1))
    assert info.kind is DayKind.HOLIDAY
    assert info.name == "National Day"
    assert desk.add(sh(9, 30, 17), 8 * H) == sh(10, 8, 17)
    assert desk.working_days(date(2026, 10, 1), date(2026, 10, 8)) == 0


def test_cal2_holidays_as_object_or_dates() -> None:
    """CAL-2: holidays may be a HolidayBase object or a plain list of dates."""
    listed = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", holidays=[date(2026, 12, 25)])
    entity = BusinessCalendar(
        hours="mon-fri 09:00-17:00", tz="UTC", holidays=holidays.country_holidays("GB")
    )
    for cal in (listed, entity):
        assert not cal.is_working_day(date(2026, 12, 25))
        assert cal.is_working_day(date(2026, 12, 24))


def test_cal2_subdivision_holidays() -> None:
    """CAL-2: subdiv= selects a subdivision's holidays (Bavaria has Epiphany)."""
    bavaria = BusinessCalendar(
        hours="mon-fri 08:00-16:00", tz="Europe/Berlin", country="DE", subdiv="BY"
    )
    berlin = BusinessCalendar(
        hours="mon-fri 08:00-16:00", tz="Europe/Berlin", country="DE", subdiv="BE"
    )
    assert not bavaria.is_working_day(date(2026, 1, 6))
    assert berlin.is_working_day(date(2026, 1, 6))


def test_cal2_company_closures_and_extra_workdays(desk: BusinessCalendar) -> None:
    """CAL-2: closures close a day; extra working days open one (a Saturday: Monday's hours)."""
    cal = BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00",
        tz="Asia/Shanghai",
        country="CN",
        closures=[date(2026, 12, 31)],
        extra_workdays=[date(2026, 12, 19)],
    )
    assert cal.day_info(date(2026, 12, 31)).kind is DayKind.CLOSURE
    assert not cal.is_working_day(date(2026, 12, 31))
    assert cal.day_info(date(2026, 12, 19)).kind is DayKind.EXTRA
    assert cal.add(sh(12, 19, 17), 2 * H) == sh(12, 21, 10)
    assert desk.add(sh(12, 19, 17), 2 * H) == sh(12, 21, 11)


# -- CAL-3: make-up working days ---------------------------------------------------------


def test_cal3_weekend_makeup_days_are_working_days(desk: BusinessCalendar) -> None:
    """CAL-3: Sun 2026-09-20 and Sat 2026-10-10 are make-up days, worked with Monday's hours."""
    for day in (date(2026, 9, 20), date(2026, 10, 10)):
        info = desk.day_info(day)
        assert info.kind is DayKind.MAKEUP
        assert desk.is_working_day(day)
        assert info.hours == desk.hours.days[0]
    assert desk.add(sh(10, 9, 17), 2 * H) == sh(10, 10, 10)
    assert desk.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_cal3_makeup_weekday_is_configurable() -> None:
    """CAL-3: a make-up day can be worked with another weekday's hours."""
    cal = BusinessCalendar(
        hours="mon-thu 09:00-18:00; fri 09:00-15:00",
        tz="Asia/Shanghai",
        country="CN",
        makeup_weekday="fri",
    )
    assert cal.day_info(date(2026, 10, 10)).hours == ((9 * 3600, 15 * 3600),)


def test_cal3_cross_year_makeup_days() -> None:
    """CAL-3: a make-up Saturday in December that pays for New Year is found (2001-12-29)."""
    cal = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="Asia/Shanghai", country="CN")
    assert cal.day_info(date(2001, 12, 29)).kind is DayKind.MAKEUP
    assert cal.day_info(date(2026, 1, 4)).kind is DayKind.MAKEUP  # Sunday, for New Year 2026


def test_cal3_user_entity_with_expand_false_is_bounded() -> None:
    """CAL-3: a holidays object with expand=False answers only for its years, never silently."""
    from servicepolicy import OutOfRangeError

    entity = holidays.country_holidays("CN", years=2026, expand=False)
    cal = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="Asia/Shanghai", holidays=entity)
    assert cal.is_working_day(date(2026, 10, 10))
    with pytest.raises(OutOfRangeError, match="2026-2026"):
        cal.is_working_day(date(2027, 10, 11))
    assert 2027 not in entity.years


# -- CAL-4: half days and special hours -----------------------------------------------------


def test_cal4_half_day_on_a_festival_eve() -> None:
    """CAL-4: special hours shorten a day; "" closes it."""
    cal = BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00",
        tz="Asia/Shanghai",
        special_hours={date(2026, 12, 31): "09:00-12:00", date(2026, 12, 30): ""},
    )
    assert cal.day_info(date(2026, 12, 31)).kind is DayKind.SPECIAL
    assert cal.add(sh(12, 31, 11), 2 * H) == datetime(2027, 1, 1, 10, tzinfo=SH)
    assert not cal.is_working_day(date(2026, 12, 30))
    assert cal.day_info(date(2026, 12, 30)).kind is DayKind.CLOSURE


def test_cal4_special_hours_on_a_holiday_open_it(desk: BusinessCalendar) -> None:
    """CAL-4: special hours win over a public holiday (an on-duty desk during the festival)."""
    cal = BusinessCalendar(
        hours="mon-fri 09:00-18:00",
        tz="Asia/Shanghai",
        country="CN",
        special_hours={date(2026, 10, 2): "10:00-14:00"},
    )
    assert cal.add(sh(10, 1, 8), 2 * H) == sh(10, 2, 12)


def test_cal4_calendar_with_only_special_hours() -> None:
    """CAL-4: a calendar with no weekly hours works only its special dates, and says so."""
    from servicepolicy import NoWorkingTimeError

    cal = BusinessCalendar(hours="", tz="UTC", special_hours={date(2026, 5, 1): "10:00-12:00"})
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert cal.add(start, H) == datetime(2026, 5, 1, 11, tzinfo=UTC)
    assert cal.add(start, 2 * H) == datetime(2026, 5, 1, 12, tzinfo=UTC)
    with pytest.raises(NoWorkingTimeError):
        cal.add(start, 2 * H + timedelta(microseconds=1))
    with pytest.raises(NoWorkingTimeError):
        cal.add(start, -H)
    assert cal.working_days(date(2000, 1, 1), date(2100, 1, 1)) == 1


# -- CAL-5: time zones ---------------------------------------------------------------------


def test_cal5_results_keep_the_input_zone(desk: BusinessCalendar) -> None:
    """CAL-5: the calendar reads hours in its zone; results carry the input's tzinfo."""
    start = datetime(2026, 11, 24, 1, tzinfo=UTC)  # 09:00 in Shanghai
    due = desk.add(start, H)
    assert due == datetime(2026, 11, 24, 2, tzinfo=UTC)
    assert due.tzinfo is UTC
    assert desk.add(start.astimezone(timezone(timedelta(hours=-5))), H) == due


def test_cal5_spring_forward_day_has_23_hours() -> None:
    """CAL-5: a 24x7 calendar has 23 working hours on 2026-03-08 in New York, 25 on 11-01."""
    cal = BusinessCalendar.always("America/New_York")
    assert cal.working_time(datetime(2026, 3, 8, tzinfo=NY), datetime(2026, 3, 9, tzinfo=NY)) == (
        23 * H
    )
    assert cal.working_time(datetime(2026, 11, 1, tzinfo=NY), datetime(2026, 11, 2, tzinfo=NY)) == (
        25 * H
    )


def test_cal5_night_shift_across_dst_counts_real_time() -> None:
    """CAL-5: a 22:00-06:00 shift is 7 real hours on spring-forward night, 9 on fall-back."""
    cal = BusinessCalendar(hours="daily 22:00-06:00", tz="America/New_York")
    spring = datetime(2026, 3, 7, 22, tzinfo=NY)
    fall = datetime(2026, 10, 31, 22, tzinfo=NY)
    assert cal.working_time(spring, spring + 12 * H) == 7 * H
    assert cal.working_time(fall, fall + 12 * H) == 9 * H


def test_cal5_hours_inside_a_dst_gap_vanish() -> None:
    """CAL-5: wall-clock hours that do not exist (02:00-03:00 on spring-forward day) are not
    working time; the next interval starts when the clocks jump."""
    cal = BusinessCalendar(hours="daily 02:00-02:30,02:30-04:00", tz="America/New_York")
    day = datetime(2026, 3, 8, tzinfo=NY)
    assert cal.working_time(day, day + 24 * H) == H  # 03:00-04:00 EDT only
    assert cal.next_working_time(day) == datetime(2026, 3, 8, 3, tzinfo=NY)


def test_cal5_zone_given_as_zoneinfo() -> None:
    """CAL-5: tz may be a ZoneInfo; equal calendars compare equal."""
    a = BusinessCalendar(hours="mon-fri 09:00-17:00", tz=ZoneInfo("Europe/London"))
    b = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="Europe/London")
    assert a == b
    assert hash(a) == hash(b)


# -- CAL-6: several calendars side by side ---------------------------------------------------


def test_cal6_hotline_and_key_account_desk(desk: BusinessCalendar) -> None:
    """CAL-6: a 24x7 hotline and a Mon-Fri desk answer the same question differently."""
    hotline = BusinessCalendar.always("Asia/Shanghai", name="hotline")
    start = sh(10, 1, 10)
    assert hotline.add(start, 4 * H) == sh(10, 1, 14)
    assert desk.add(start, 4 * H) == sh(10, 8, 14)
    assert hotline.name == "hotline"
    assert hotline == BusinessCalendar.always("Asia/Shanghai")  # the name is only a label


def test_cal6_deadline_explains_itself(desk: BusinessCalendar) -> None:
    """CAL-6/CAL-2/CAL-3: a deadline lists the holidays skipped and make-up days worked."""
    deadline = desk.deadline(sh(9, 30, 17), 12 * H)
    assert deadline.due == sh(10, 9, 12)  # 1 h + 8 h on Oct 8 + 3 h: ends with the morning
    kinds = {info.date: info.kind for info in deadline.days}
    assert kinds[date(2026, 10, 1)] is DayKind.HOLIDAY
    assert date(2026, 10, 4) not in kinds  # an ordinary Sunday is not worth a line
    text = str(deadline)
    assert "National Day" in text and "due 2026-10-09T12:00+08:00" in text


# -- working days --------------------------------------------------------------------------


def test_working_days_count_half_open(desk: BusinessCalendar) -> None:
    """CAL-1..3: working_days counts [start, end): September 2026 has 22 working days
    (21 weekdays after Mid-Autumn on the 25th, plus the make-up Sunday the 20th)."""
    assert desk.working_days(date(2026, 9, 1), date(2026, 10, 1)) == 22
    assert desk.working_days(date(2026, 10, 1), date(2026, 9, 1)) == -22
    assert desk.working_days(date(2026, 9, 1), date(2026, 9, 1)) == 0


def test_add_working_days_conventions(desk: BusinessCalendar) -> None:
    """CAL-1..3: counting starts after the given day, working or not; n=0 rolls forward."""
    assert desk.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert desk.add_working_days(date(2026, 10, 3), 1) == date(2026, 10, 8)
    assert desk.add_working_days(date(2026, 10, 3), -1) == date(2026, 9, 30)
    assert desk.add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 8)
    assert desk.add_working_days(date(2026, 10, 8), 0) == date(2026, 10, 8)


def test_add_working_days_matches_holidays_package(desk: BusinessCalendar) -> None:
    """CAL-2/3: for working days, our counting agrees with holidays.get_nth_working_day."""
    cn = holidays.country_holidays("CN", years=range(2024, 2028))
    day = date(2024, 1, 2)
    while day < date(2026, 12, 1):
        if desk.is_working_day(day):
            for n in (1, 7, 30):
                assert desk.add_working_days(day, n) == cn.get_nth_working_day(day, n)
        day += timedelta(days=11)


def test_lazy_extension_far_in_both_directions(desk: BusinessCalendar) -> None:
    """CAL-2: the calendar extends itself to any year the holiday data covers."""
    assert desk.add(sh(1, 5, 9, year=2090), H) == sh(1, 5, 10, year=2090)
    assert desk.add(sh(1, 5, 9, year=1960), H) == sh(1, 5, 10, year=1960)
    assert desk.working_time(sh(1, 5, 9, year=1960), sh(1, 5, 9, year=2090)) > 200_000 * H


def test_cal6_calendars_pickle_and_copy(desk: BusinessCalendar) -> None:
    """CAL-6: calendars travel to worker processes (pickle) and copy; the copy answers alike."""
    import copy
    import pickle

    cal = BusinessCalendar(
        hours="mon-fri 09:00-18:00",
        tz="Asia/Shanghai",
        country="CN",
        special_hours={date(2026, 9, 30): "09:00-12:00"},
        closures=[date(2026, 12, 31)],
        name="desk",
    )
    for clone in (pickle.loads(pickle.dumps(cal)), copy.deepcopy(cal), copy.copy(cal)):
        assert clone == cal
        assert clone.name == "desk"
        assert clone.add(sh(9, 30, 11), 2 * H) == cal.add(sh(9, 30, 11), 2 * H) == sh(10, 8, 10)


def test_cal2_holiday_names_do_not_depend_on_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """CAL-2: the holidays package translates names by the process locale; the calendar
    fixes the language (en_US by default), so explanations read the same on every machine."""
    monkeypatch.setenv("LANGUAGE", "zh")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    english = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
    chinese = BusinessCalendar(
        hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN", language="zh_CN"
    )
    assert english.day_info(date(2026, 10, 1)).name == "National Day"
    assert chinese.day_info(date(2026, 10, 1)).name == "国庆节"
    assert "language='zh_CN'" in repr(chinese)
