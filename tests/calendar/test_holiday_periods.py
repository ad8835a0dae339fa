"""Public-holiday periods of a calendar (CAL-2 public holidays, CAL-3 make-up days).

An announced period (China's National Day 1-7 October, the Spring Festival week) includes
the weekend days inside it; the holidays package lists only the statutory days off.  The
expected periods below are the ones the State Council announced for those years.
"""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import holidays as holidays_lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.calendar import DayKind, HolidayPeriod
from servicepolicy.errors import InvalidCalendarError, OutOfRangeError, WrongTypeError

CN = BusinessCalendar.always("Asia/Shanghai", country="CN")
DESK = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")

#: (a date inside, first day, last day, a word of the name), as announced.
ANNOUNCED = [
    (date(2024, 2, 12), date(2024, 2, 10), date(2024, 2, 17), "Spring Festival"),
    (date(2025, 2, 1), date(2025, 1, 28), date(2025, 2, 4), "Spring Festival"),
    (date(2026, 2, 21), date(2026, 2, 15), date(2026, 2, 23), "Spring Festival"),
    (date(2024, 10, 6), date(2024, 10, 1), date(2024, 10, 7), "National Day"),
    (date(2025, 10, 4), date(2025, 10, 1), date(2025, 10, 8), "Mid-Autumn"),
    (date(2026, 10, 4), date(2026, 10, 1), date(2026, 10, 7), "National Day"),
    (date(2024, 5, 4), date(2024, 5, 1), date(2024, 5, 5), "Labor Day"),
    (date(2025, 5, 3), date(2025, 5, 1), date(2025, 5, 5), "Labor Day"),
    (date(2026, 5, 3), date(2026, 5, 1), date(2026, 5, 5), "Labor Day"),
    (date(2024, 6, 8), date(2024, 6, 8), date(2024, 6, 10), "Dragon Boat"),
    (date(2025, 6, 1), date(2025, 5, 31), date(2025, 6, 2), "Dragon Boat"),
    (date(2026, 6, 21), date(2026, 6, 19), date(2026, 6, 21), "Dragon Boat"),
    (date(2024, 9, 15), date(2024, 9, 15), date(2024, 9, 17), "Mid-Autumn"),
    (date(2026, 9, 27), date(2026, 9, 25), date(2026, 9, 27), "Mid-Autumn"),
    (date(2024, 4, 6), date(2024, 4, 4), date(2024, 4, 6), "Tomb-Sweeping"),
    (date(2026, 4, 4), date(2026, 4, 4), date(2026, 4, 6), "Tomb-Sweeping"),
    (date(2023, 12, 31), date(2023, 12, 30), date(2024, 1, 1), "New Year"),
    (date(2026, 1, 3), date(2026, 1, 1), date(2026, 1, 3), "New Year"),
    # 2027: the holidays package knows the statutory days but no make-up days yet
    (date(2027, 2, 7), date(2027, 2, 5), date(2027, 2, 10), "Spring Festival"),
    (date(2027, 10, 2), date(2027, 10, 1), date(2027, 10, 5), "National Day"),
    (date(2027, 1, 2), date(2027, 1, 1), date(2027, 1, 3), "New Year"),
]

MAKEUP_DAYS = [
    date(2024, 2, 4),
    date(2024, 2, 18),
    date(2024, 4, 28),
    date(2024, 9, 14),
    date(2024, 9, 29),
    date(2024, 10, 12),
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


@pytest.mark.parametrize(("inside", "first", "last", "word"), ANNOUNCED, ids=str)
@pytest.mark.parametrize("calendar", [CN, DESK], ids=["hotline", "desk"])
def test_derived_period_is_the_announced_period(
    calendar: BusinessCalendar, inside: date, first: date, last: date, word: str
) -> None:
    """CAL-2, CAL-3: the derived period of a date is the announced holiday period, the
    same for a 24×7 hotline and a Monday-Friday desk, and every date of it finds it."""
    period = calendar.holiday_period(inside)
    assert period is not None
    assert (period.start, period.end) == (first, last)
    assert word in period.name
    assert period.source == "derived"
    assert all(calendar.holiday_period(d) == period for d in period.days)
    assert calendar.holiday_period(first - timedelta(days=1)) != period
    assert calendar.holiday_period(last + timedelta(days=1)) != period
    assert set(period.statutory) <= set(period.days)
    assert all(calendar.public_holiday(d) for d in period.statutory)


@pytest.mark.parametrize("day", MAKEUP_DAYS, ids=str)
def test_makeup_day_is_never_in_a_period(day: date) -> None:
    """CAL-3: a make-up working day (调休) breaks a period: it is in none."""
    assert DESK.day_info(day).kind is DayKind.MAKEUP
    assert not DESK.in_holiday_period(day)
    assert DESK.day_info(day).period is None


def test_plain_weekend_is_not_a_period() -> None:
    """CAL-2: a weekend with no public holiday next to it is no holiday period."""
    assert CN.holiday_period(date(2026, 11, 7)) is None
    assert CN.holiday_period(date(2026, 11, 9)) is None  # a plain Monday


@pytest.mark.parametrize(
    ("country", "inside", "first", "last"),
    [
        ("US", date(2026, 5, 23), date(2026, 5, 23), date(2026, 5, 25)),  # Memorial Day
        ("US", date(2026, 7, 5), date(2026, 7, 3), date(2026, 7, 5)),  # Independence Day
        ("US", date(2026, 11, 26), date(2026, 11, 26), date(2026, 11, 26)),  # Thanksgiving
        ("DE", date(2026, 4, 4), date(2026, 4, 3), date(2026, 4, 6)),  # Easter
        ("GB", date(2026, 12, 27), date(2026, 12, 25), date(2026, 12, 28)),  # Christmas
    ],
)
def test_periods_outside_china(country: str, inside: date, first: date, last: date) -> None:
    """CAL-2: elsewhere the derived period is the long weekend around a public holiday."""
    calendar = BusinessCalendar("mon-fri 09:00-17:00", "UTC", country=country)
    period = calendar.holiday_period(inside)
    assert period is not None
    assert (period.start, period.end) == (first, last)


def test_israel_weekend_comes_from_the_holidays_package() -> None:
    """CAL-2: the "standard week" of a country is the holidays package's ``weekend``
    (Friday and Saturday in Israel), not Saturday and Sunday."""
    calendar = BusinessCalendar("sun-thu 09:00-17:00", "Asia/Jerusalem", country="IL")
    entity = holidays_lib.country_holidays("IL", years=[2026])
    assert entity.weekend == {4, 5}
    first = min(d for d in entity if d.weekday() == 3)  # a holiday on a Thursday
    period = calendar.holiday_period(first)
    assert period is not None and first + timedelta(days=2) in period


def test_statutory_mode_adds_no_weekend_days() -> None:
    """CAL-2: with ``holiday_periods="statutory"`` a period is a run of listed days."""
    calendar = BusinessCalendar.always("Asia/Shanghai", country="CN", holiday_periods="statutory")
    assert calendar.holiday_period(date(2026, 10, 4)) is None
    first = calendar.holiday_period(date(2026, 10, 2))
    assert first is not None
    assert (first.start, first.end, first.source) == (
        date(2026, 10, 1),
        date(2026, 10, 3),
        "statutory",
    )


def test_declared_period_replaces_the_derived_ones_it_overlaps() -> None:
    """CAL-2: a declared period wins over the derived periods it overlaps."""
    calendar = BusinessCalendar.always(
        "Asia/Shanghai",
        country="CN",
        declared_periods=[HolidayPeriod("Golden Week", date(2026, 10, 1), date(2026, 10, 5))],
    )
    period = calendar.holiday_period(date(2026, 10, 4))
    assert period is not None and (period.name, period.source) == ("Golden Week", "declared")
    assert calendar.holiday_period(date(2026, 10, 6)) is None  # derived 1-7 is replaced
    assert calendar.public_holiday(date(2026, 10, 6))  # still a listed holiday
    assert calendar.holiday_period(date(2026, 9, 26)) is not None  # Mid-Autumn untouched


def test_declared_period_on_a_calendar_without_holidays() -> None:
    """CAL-2: listed dates and declared periods work without a country."""
    calendar = BusinessCalendar(
        "24/7",
        "UTC",
        holidays=[date(2026, 8, 3)],
        declared_periods=[("Company week", date(2026, 12, 24), date(2026, 12, 31))],
    )
    assert calendar.holiday_period(date(2026, 12, 27)).name == "Company week"  # type: ignore[union-attr]
    period = calendar.holiday_period(date(2026, 8, 1))  # Saturday before the listed Monday
    assert period is not None and (period.start, period.end) == (
        date(2026, 8, 1),
        date(2026, 8, 3),
    )


def test_day_info_says_the_day_is_in_a_period() -> None:
    """CAL-2: ``day_info`` carries the period; its text names it for unlisted days."""
    info = CN.day_info(date(2026, 10, 4))
    assert info.kind is DayKind.WORKDAY and info.hours  # the hotline works it
    assert info.period is not None and info.period.start == date(2026, 10, 1)
    assert "in the National Day holiday period 2026-10-01..2026-10-07" in str(info)
    assert "holiday period" not in str(CN.day_info(date(2026, 10, 1)))


def test_period_names_in_chinese() -> None:
    """CAL-2: period names follow the calendar's language; substituted days off
    ("休息日（由 … 调休）") and "（补假）" do not make names of their own."""
    calendar = BusinessCalendar.always("Asia/Shanghai", country="CN", language="zh_CN")
    assert calendar.holiday_period(date(2026, 10, 4)).name == "国庆节"  # type: ignore[union-attr]
    assert calendar.holiday_period(date(2024, 9, 15)).name == "中秋节"  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None)
@given(st.dates(date(2001, 1, 1), date(2027, 12, 31)))
def test_period_laws(day: date) -> None:
    """CAL-2, CAL-3: laws of derived periods: a period contains its date and a statutory
    holiday, every day of it is a listed holiday or an unlisted weekend day that is no
    make-up day, and the days just outside it are not."""
    period = CN.holiday_period(day)
    if CN.public_holiday(day) is not None:
        assert period is not None
    if period is None:
        return
    assert day in period and period.statutory
    for d in period.days:
        listed = CN.public_holiday(d) is not None
        assert listed or (d.weekday() >= 5 and DESK.day_info(d).kind is not DayKind.MAKEUP)
    for outside in (period.start - timedelta(days=1), period.end + timedelta(days=1)):
        assert CN.public_holiday(outside) is None
        assert outside.weekday() < 5 or DESK.day_info(outside).kind is DayKind.MAKEUP


def test_holiday_period_value() -> None:
    """CAL-2: a HolidayPeriod is a frozen value that checks its arguments."""
    period = HolidayPeriod("National Day", date(2026, 10, 1), date(2026, 10, 7))
    assert len(period.days) == 7 and date(2026, 10, 7) in period and date(2026, 10, 8) not in period
    assert pickle.loads(pickle.dumps(period)) == period
    with pytest.raises(InvalidCalendarError, match="end"):
        HolidayPeriod("x", date(2026, 10, 7), date(2026, 10, 1))
    with pytest.raises(WrongTypeError, match="start"):
        HolidayPeriod("x", "2026-10-01", date(2026, 10, 7))  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="name"):
        HolidayPeriod("", date(2026, 10, 1), date(2026, 10, 7))


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"holiday_periods": "announced"}, InvalidCalendarError, "holiday_periods"),
        ({"declared_periods": "National Day"}, WrongTypeError, "declared_periods"),
        ({"declared_periods": [("x", date(2026, 1, 1))]}, WrongTypeError, "declared_periods"),
        (
            {
                "declared_periods": [
                    ("a", date(2026, 1, 1), date(2026, 1, 5)),
                    ("b", date(2026, 1, 5), date(2026, 1, 9)),
                ]
            },
            InvalidCalendarError,
            "declared_periods",
        ),
        ({"holidays_close": "no"}, WrongTypeError, "holidays_close"),
    ],
)
def test_bad_period_arguments(kwargs: dict[str, object], error: type, argument: str) -> None:
    """CAL-2: bad period arguments raise an error naming the argument."""
    with pytest.raises(error) as info:
        BusinessCalendar("24/7", "UTC", **kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_period_outside_the_data_range_is_refused() -> None:
    """CAL-2: asking for a period where the holidays data ends raises, never guesses."""
    with pytest.raises(OutOfRangeError):
        CN.holiday_period(date(2101, 1, 1))
