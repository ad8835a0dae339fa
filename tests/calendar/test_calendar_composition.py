"""Composed calendars: ``a | b``, ``a & b`` and overlays (CAL-6 several calendars; CAL-2).

The laws of plain calendars (``test_calendar_laws.py``) must hold for composed ones, and
a composition must be exactly the union / intersection of its operands' working instants:
checked against the operands' own interval lists (exact to the microsecond) and, for
small windows, minute by minute.
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.calendar import DayKind
from servicepolicy.errors import InvalidCalendarError, WrongTypeError
from strategies import ZONES, calendars, durations, instants, local_dates

SH = ZoneInfo("Asia/Shanghai")
ZERO = timedelta(0)
OPERATIONS = ("union", "intersection", "overlay")


def laws(n: int):
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def compose(operation: str, a: BusinessCalendar, b: BusinessCalendar) -> BusinessCalendar:
    if operation == "union":
        return a | b
    if operation == "intersection":
        return a & b
    return BusinessCalendar.overlay(hours=a, holidays=b)


@st.composite
def pairs(draw, operations=OPERATIONS):
    """Two calendars in one zone, an operation, and an instant near the first's anchor."""
    tz = draw(st.sampled_from(ZONES))
    spec_a = draw(calendars(zones=(tz,)))
    spec_b = draw(calendars(zones=(tz,)))
    operation = draw(st.sampled_from(operations))
    note(f"{operation}: {spec_a!r} / {spec_b!r}")
    a, b = spec_a.build(), spec_b.build()
    return operation, a, b, compose(operation, a, b), spec_a


def utc(x: datetime) -> datetime:
    return x.astimezone(UTC)


def merged(pairs_) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for s, e in sorted((utc(s), utc(e)) for s, e in pairs_):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        elif s < e:
            out.append((s, e))
    return out


def intersected(xs, ys) -> list[tuple[datetime, datetime]]:
    return merged(
        (max(s1, s2), min(e1, e2)) for s1, e1 in xs for s2, e2 in ys if max(s1, s2) < min(e1, e2)
    )


# -- exactness against the operands ---------------------------------------------------------


@laws(60)
@given(pairs(), st.data())
def test_working_intervals_are_the_set_operation(args, data) -> None:
    """CAL-6: the working intervals of ``a | b`` are the union of the operands', of
    ``a & b`` their intersection, of an overlay the hours calendar's: exact reference."""
    operation, a, b, c, spec = args
    t = data.draw(instants(spec, days=10))
    end = t + timedelta(days=data.draw(st.integers(0, 4)), minutes=data.draw(st.integers(0, 999)))
    xs, ys = merged(a.working_intervals(t, end)), merged(b.working_intervals(t, end))
    expected = {
        "union": lambda: merged([*xs, *ys]),
        "intersection": lambda: intersected(xs, ys),
        "overlay": lambda: xs,
    }[operation]()
    assert merged(c.working_intervals(t, end)) == expected
    assert c.working_time(t, end) == sum((e - s for s, e in expected), ZERO)


@laws(30)
@given(pairs(), st.data())
def test_minute_by_minute_reference(args, data) -> None:
    """CAL-6: brute force over the minutes of a small window: the composition is working
    time exactly when the operands say so (or / and), and its working time is the count
    of working minutes (all boundaries lie on whole minutes)."""
    operation, a, b, c, spec = args
    start = data.draw(instants(spec, days=10, whole_minutes=True)).replace(second=0, microsecond=0)
    minutes = [utc(start) + timedelta(minutes=m) for m in range(0, 36 * 60, 7)]
    for m in minutes:
        want = {
            "union": a.is_working_time(m) or b.is_working_time(m),
            "intersection": a.is_working_time(m) and b.is_working_time(m),
            "overlay": a.is_working_time(m),
        }[operation]
        assert c.is_working_time(m) == want, m
    end = utc(start) + timedelta(hours=6)
    count = sum(c.is_working_time(utc(start) + timedelta(minutes=i)) for i in range(360))
    assert c.working_time(start, end) == timedelta(minutes=count)


@laws(50)
@given(pairs(operations=("union", "intersection")), st.data())
def test_inclusion_exclusion(args, data) -> None:
    """CAL-6: W(a | b) + W(a & b) == W(a) + W(b); W(a | b) >= each; W(a & b) <= each."""
    _operation, a, b, _c, spec = args
    t = data.draw(instants(spec, days=10))
    u = data.draw(instants(spec, days=10))
    wa, wb = a.working_time(t, u), b.working_time(t, u)
    wu, wi = (a | b).working_time(t, u), (a & b).working_time(t, u)
    assert wu + wi == wa + wb
    if utc(t) <= utc(u):
        assert wu >= max(wa, wb) and wi <= min(wa, wb)


# -- the laws of plain calendars ------------------------------------------------------------


@laws(60)
@given(pairs(), st.data())
def test_add_and_working_time_laws(args, data) -> None:
    """CAL-6 (CAL-1 laws): working_time(t, add(t, d)) == d and its mirror, add(t, 0) == t,
    additivity and antisymmetry hold for composed calendars."""
    _operation, _a, _b, c, spec = args
    t = data.draw(instants(spec, days=10))
    u = data.draw(instants(spec, days=10))
    d = data.draw(durations(spec, weeks=0.5))
    assume(d <= c.working_time(t, t + timedelta(days=28)))  # an intersection may be sparse
    assume(d <= c.working_time(t - timedelta(days=28), t))
    assert utc(c.add(t, ZERO)) == utc(t)
    due = c.add(t, d)
    assert c.working_time(t, due) == d
    back = c.add(t, -d)
    assert c.working_time(back, t) == d
    assert c.working_time(t, u) == -c.working_time(u, t)
    assert c.working_time(t, due) + c.working_time(due, u) == c.working_time(t, u)
    if d > ZERO:
        assert c.is_working_time(utc(due) - timedelta(microseconds=1))
        assert c.is_working_time(back)
    if c.working_time(t, t + timedelta(days=28)) > ZERO:  # an intersection may be empty
        following = c.next_working_time(t)
        assert c.is_working_time(following) and c.working_time(t, following) == ZERO


@laws(40)
@given(pairs(), st.data())
def test_working_day_laws(args, data) -> None:
    """CAL-6 (CAL-2): working days of a composed calendar are its days with hours;
    working_days(d, add_working_days(d, n)) == n from a working day."""
    _operation, _a, _b, c, spec = args
    day = data.draw(local_dates(spec, days=10))
    n = data.draw(st.integers(0, 6))
    assume(any(c.is_working_day(day + timedelta(days=i)) for i in range(60)))
    first = c.add_working_days(day, 0)
    assert c.is_working_day(first)
    assume(sum(c.is_working_day(first + timedelta(days=i)) for i in range(120)) > n)
    later = c.add_working_days(first, n)
    assert c.working_days(first, later) == n
    assert c.is_working_day(day) == bool(c.day_info(day).hours)


@laws(40)
@given(pairs(), st.data())
def test_idempotence(args, data) -> None:
    """CAL-6: ``a | a`` and ``a & a`` behave exactly like ``a`` (instants and days)."""
    _operation, a, _b, _c, spec = args
    t = data.draw(instants(spec, days=10))
    d = data.draw(durations(spec, weeks=0.5))
    day = data.draw(local_dates(spec, days=10))
    for same in (a | a, a & a, a.with_holidays_of(a)):
        assert utc(same.add(t, d)) == utc(a.add(t, d))
        assert utc(same.add(t, -d)) == utc(a.add(t, -d))
        assert same.working_time(t, t + timedelta(days=3)) == a.working_time(
            t, t + timedelta(days=3)
        )
        assert same.is_working_day(day) == a.is_working_day(day)
        assert same.add_working_days(day, 3) == a.add_working_days(day, 3)


@laws(30)
@given(pairs(operations=("overlay",)), st.data())
def test_overlay_knows_the_holidays_of_its_holidays_calendar(args, data) -> None:
    """CAL-2, CAL-6: an overlay's public holidays and periods are those of its holidays
    calendar; its hours are those of its hours calendar."""
    _operation, a, b, c, spec = args
    day = data.draw(local_dates(spec, days=10))
    assert c.public_holiday(day) == b.public_holiday(day)
    assert c.holiday_period(day) == b.holiday_period(day)
    assert c.day_info(day).hours == a.day_info(day).hours


# -- examples ---------------------------------------------------------------------------------


DESK = BusinessCalendar("mon-fri 09:00-12:00,13:00-18:00", "Asia/Shanghai", country="CN")
NIGHTS = BusinessCalendar("daily 22:00-06:00", "Asia/Shanghai")
ALWAYS = BusinessCalendar.always("Asia/Shanghai")


def test_hotline_from_one_calendar() -> None:
    """CAL-6: ``overlay(hours=always, holidays=desk)`` is a 24×7 clock that knows China's
    holidays and periods: one calendar for SLAs and for the LEAVE and SWAP rules."""
    hotline = BusinessCalendar.overlay(hours=ALWAYS, holidays=DESK)
    start = datetime(2026, 10, 1, tzinfo=SH)
    assert hotline.working_time(start, start + timedelta(days=7)) == timedelta(days=7)
    assert hotline.day_info(date(2026, 10, 1)).kind is DayKind.HOLIDAY
    assert hotline.public_holiday(date(2026, 10, 5)) == "National Day (observed)"
    assert hotline.holiday_period(date(2026, 10, 4)) == DESK.holiday_period(date(2026, 10, 4))
    assert hotline.country == "CN"  # for code that reads the calendar's country


def test_union_covers_desk_and_nights() -> None:
    """CAL-6: a desk staffed when either team works: the day desk or the night team."""
    both = DESK | NIGHTS
    start = datetime(2026, 11, 2, 17, tzinfo=SH)  # a Monday
    assert both.add(start, timedelta(hours=2)) == datetime(2026, 11, 2, 23, tzinfo=SH)
    assert both.working_time(start, start + timedelta(days=1)) == timedelta(hours=8 + 8)
    assert both.is_working_day(date(2026, 10, 1))  # the night team works the holiday
    assert both.day_info(date(2026, 10, 1)).kind is DayKind.WORKDAY


def test_intersection_keeps_a_night_on_the_day_it_starts() -> None:
    """CAL-6 (CAL-1): in ``nights & always`` the night of Monday 22:00-06:00 stays one
    interval of Monday, so ``a & always`` is ``a`` day by day."""
    nights = NIGHTS & ALWAYS
    assert nights.day_info(date(2026, 11, 2)).hours == ((79200, 108000),)
    assert nights.working_days(date(2026, 11, 2), date(2026, 11, 9)) == 7
    assert (DESK & NIGHTS).working_time(
        datetime(2026, 11, 1, tzinfo=SH), datetime(2026, 12, 1, tzinfo=SH)
    ) == ZERO


def test_intersection_across_midnight() -> None:
    """CAL-6: a night 22:00-06:00 intersected with early hours of the next day counts
    the overlap after midnight, on the day the night starts."""
    early = BusinessCalendar("daily 05:00-09:00", "Asia/Shanghai")
    overlap = NIGHTS & early
    start = datetime(2026, 11, 2, tzinfo=SH)
    assert overlap.working_intervals(start, start + timedelta(days=1)) is not None
    assert overlap.working_time(start, start + timedelta(days=1)) == timedelta(hours=1)
    assert overlap.day_info(date(2026, 11, 2)).hours == ((86400 + 5 * 3600, 86400 + 6 * 3600),)


def test_composed_calendars_are_values() -> None:
    """CAL-6: composed calendars compare, hash and pickle like plain ones."""
    union = DESK | NIGHTS
    assert union == DESK | NIGHTS and hash(union) == hash(DESK | NIGHTS)
    assert union != NIGHTS | DESK or union.day_info(date(2026, 10, 1)) is not None
    assert pickle.loads(pickle.dumps(union)) == union
    assert "|" in repr(union) and "overlay" in repr(ALWAYS.with_holidays_of(DESK))


def test_operands_must_share_a_zone() -> None:
    """CAL-6: composing calendars of different zones is refused: working days and
    holidays are counted on one local date."""
    london = BusinessCalendar("mon-fri 09:00-17:00", "Europe/London")
    with pytest.raises(InvalidCalendarError, match="same time zone") as info:
        _ = DESK | london
    assert info.value.argument == "other"
    with pytest.raises(InvalidCalendarError) as info:
        BusinessCalendar.overlay(hours=DESK, holidays=london)
    assert info.value.argument == "holidays"


def test_bad_operands() -> None:
    """CAL-6: only calendars compose; a composed calendar takes no exceptions of its own."""
    with pytest.raises(TypeError):
        _ = DESK | "24/7"  # type: ignore[operator]
    with pytest.raises(WrongTypeError):
        BusinessCalendar.overlay(hours="24/7", holidays=DESK)  # type: ignore[arg-type]
    with pytest.raises(InvalidCalendarError, match="composed"):
        BusinessCalendar(
            "24/7",
            "Asia/Shanghai",
            closures=[date(2026, 1, 1)],
            composition=(DESK | NIGHTS).composition,
        )
