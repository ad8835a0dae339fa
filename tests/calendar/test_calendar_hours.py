"""The hours grammar (CAL-1, CAL-4): parsing examples and round-trip properties."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicepolicy.calendar.hours import (
    DAY,
    WeeklyHours,
    format_hours,
    parse_day_hours,
    parse_weekday,
    parse_weekly_hours,
)
from servicepolicy.errors import InvalidCalendarError


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    """Disjoint intervals of one day; the last may cross midnight."""
    cuts = sorted(draw(st.sets(st.integers(0, DAY), min_size=0, max_size=8)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    pairs = [(s, e) for s, e in pairs if s < DAY]
    if pairs and draw(st.booleans()):
        last_start = pairs[-1][0]
        # shorter than 24 h: "00:00:01-00:00:01" would be ambiguous and is rejected
        spill = draw(st.integers(1, last_start - 1)) if last_start > 1 else 0
        if spill:
            pairs[-1] = (last_start, DAY + spill)
    return tuple(pairs)


def test_cal1_manual_examples() -> None:
    """CAL-1: the forms the manuals use parse to the expected seconds."""
    assert parse_weekly_hours("mon-fri 09:00-12:00,13:00-18:00").days[4] == (
        (9 * 3600, 12 * 3600),
        (13 * 3600, 18 * 3600),
    )
    assert parse_weekly_hours("fri-mon 10:00-11:00").days == (
        ((36000, 39600),),
        (),
        (),
        (),
        ((36000, 39600),),
        ((36000, 39600),),
        ((36000, 39600),),
    )
    assert parse_weekly_hours("mon,wed 08:00:30-08:00:45").days[2] == ((28830, 28845),)
    assert parse_weekly_hours("Daily 22:00-06:00").days[6] == ((79200, 108000),)
    assert parse_weekly_hours({0: [(time(22), time(0))]}).days[0] == ((79200, 86400),)
    assert parse_weekday("Sunday") == 6


def test_cal1_24x7_and_empty() -> None:
    """CAL-1: "24/7" is every day whole; "" has no hours at all."""
    always = parse_weekly_hours("24/7")
    assert always.weekly_seconds == 7 * DAY
    assert str(always) == "mon-sun 00:00-24:00"
    assert parse_weekly_hours("").weekly_seconds == 0
    assert str(parse_weekly_hours("")) == ""


def test_cal1_whole_week_of_night_shifts_does_not_overlap_itself() -> None:
    """CAL-1: daily 18:00-06:00 touches but does not overlap the next day's shift."""
    week = parse_weekly_hours("daily 18:00-06:00")
    assert week.weekly_seconds == 7 * 12 * 3600
    with pytest.raises(InvalidCalendarError, match="sun 18:00-06:00 and mon 05:00-07:00"):
        parse_weekly_hours("daily 18:00-06:00; mon 05:00-07:00")


def test_cal4_special_day_hours() -> None:
    """CAL-4: a day's hours as a string, pairs, '' or None."""
    assert parse_day_hours("09:00-12:00") == ((32400, 43200),)
    assert parse_day_hours([("09:00", "12:00"), "13:00-14:00"]) == ((32400, 43200), (46800, 50400))
    assert parse_day_hours("") == parse_day_hours(None) == ()


@given(day_hours())
def test_cal4_format_then_parse_is_identity(hours: tuple[tuple[int, int], ...]) -> None:
    """CAL-1/CAL-4 round trip: parse_day_hours(format_hours(h)) == h."""
    assert parse_day_hours(format_hours(hours)) == hours


@given(st.lists(day_hours(), min_size=7, max_size=7))
def test_cal1_weekly_str_then_parse_is_identity(days: list[tuple[tuple[int, int], ...]]) -> None:
    """CAL-1 round trip: WeeklyHours.parse(str(w)) == w whenever w is a valid week."""
    try:
        week = parse_weekly_hours({i: format_hours(day) for i, day in enumerate(days)})
    except InvalidCalendarError:
        assume(False)  # a night shift ran into the next day's hours: not a valid week
        raise
    assert WeeklyHours.parse(str(week)) == week
