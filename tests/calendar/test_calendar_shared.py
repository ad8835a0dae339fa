"""Calendars with equal specifications share their holidays and interval index (CAL-1 …
CAL-6): building the same calendar again is cheap and answers the same."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.calendar._shared import SharedParts

SH = ZoneInfo("Asia/Shanghai")


def test_cal2_equal_specs_share_their_index_and_names_do_not_matter() -> None:
    """CAL-2 / CAL-6: two ``cn-office`` calendars (different names) share the index; a
    different zone, closure or special day gets its own."""
    a = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN", name="a")
    b = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN", name="b")
    assert a._coverage is b._coverage and a._source is b._source
    others = [
        BusinessCalendar("mon-fri 09:00-18:00", "Asia/Taipei", country="CN"),
        BusinessCalendar(
            "mon-fri 09:00-18:00", "Asia/Shanghai", country="CN", closures=[date(2026, 2, 2)]
        ),
        BusinessCalendar(
            "mon-fri 09:00-18:00",
            "Asia/Shanghai",
            country="CN",
            special_hours={date(2026, 2, 2): "09:00-12:00"},
        ),
        BusinessCalendar("mon-fri 09:00-17:00", "Asia/Shanghai", country="CN"),
    ]
    assert all(other._coverage is not a._coverage for other in others)
    assert len({id(other._coverage) for other in others}) == len(others)


def test_cal2_a_holidays_object_is_never_shared() -> None:
    """CAL-2: a calendar given a (mutable) ``holidays`` object builds its own parts."""
    days = holidays.China(years=2026)
    a = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", holidays=days)
    b = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", holidays=days)
    assert a._coverage is not b._coverage


def test_cal1_the_cache_is_bounded_least_recently_used_first() -> None:
    """CAL-1: the shared parts keep at most ``limit`` specifications, dropping the least
    recently used."""
    cache: SharedParts[str] = SharedParts(limit=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("c", "C")
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
    assert len(cache) == 2 and cache.hits == 3 and cache.misses == 1
    cache.clear()
    assert len(cache) == 0


@settings(max_examples=60, deadline=None)
@given(
    offset=st.integers(0, 3 * 365 * 24 * 60),
    minutes=st.integers(-60 * 24 * 30, 60 * 24 * 30),
    first_built=st.booleans(),
)
def test_cal3_a_shared_calendar_answers_as_a_fresh_one(
    offset: int, minutes: int, first_built: bool
) -> None:
    """CAL-3 / CAL-5: deadlines on a calendar that reuses another's index (built over
    other years first, or not) equal those of a calendar that built its own."""
    start = datetime(2025, 1, 1, tzinfo=SH) + timedelta(minutes=offset)
    shared = BusinessCalendar("mon-fri 09:00-12:00,13:00-18:00", "Asia/Shanghai", country="CN")
    if first_built:
        shared.add(datetime(2031, 6, 1, tzinfo=SH), timedelta(hours=1))  # widens the index
    alone = BusinessCalendar(
        "mon-fri 09:00-12:00,13:00-18:00",
        "Asia/Shanghai",
        holidays=holidays.China(years=range(2024, 2033)),
    )
    duration = timedelta(minutes=minutes)
    assert shared.add(start, duration) == alone.add(start, duration)
    later = start + timedelta(days=9)
    assert shared.working_time(start, later) == alone.working_time(start, later)


def test_calendars_differing_only_in_holiday_periods_or_closing_do_not_share() -> None:
    """CAL-2, CAL-6: the shared parts are keyed by every field that changes an answer:
    a statutory-only calendar built after a derived-period one (and a 24x7 calendar that
    keeps working on holidays) answer as if built alone."""
    from datetime import date

    from servicepolicy.calendar import BusinessCalendar

    derived = BusinessCalendar("24/7", "Asia/Shanghai", country="CN")
    statutory = BusinessCalendar("24/7", "Asia/Shanghai", country="CN", holiday_periods="statutory")
    sunday = date(2026, 10, 4)  # inside National Day's period, not a listed holiday
    assert derived.in_holiday_period(sunday)
    assert not statutory.in_holiday_period(sunday)
    open_ = BusinessCalendar("24/7", "Asia/Shanghai", country="CN", holidays_close=False)
    assert not derived.is_working_day(date(2026, 10, 1))
    assert open_.is_working_day(date(2026, 10, 1))
