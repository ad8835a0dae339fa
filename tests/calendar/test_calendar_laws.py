"""Property-based tests of the algebraic laws of ``servicepolicy.BusinessCalendar``.

Independent of the implementation: written from the public specification.
Rule IDs: CAL-1 weekly hours, CAL-2 holidays, CAL-3 make-up days, CAL-4 special
hours, CAL-5 time zones / naive rejection, CAL-6 multiple calendars.

All instants are compared in UTC: two datetimes sharing one ``tzinfo`` compare
(and subtract) by wall clock, ignoring ``fold``, which is wrong around DST.

The number of examples per test can be raised with the environment variable
``SERVICEPOLICY_LAW_EXAMPLES`` (a multiplier, default 1).
"""

from __future__ import annotations

import functools
import itertools
import os
import time as _time
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.errors import (
    InvalidCalendarError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
)
from strategies import (
    DAY,
    ZONES,
    CalendarSpec,
    calendars,
    durations,
    hours_string,
    instants,
    local_dates,
    naive_datetimes,
    weekly_schedules,
)

UTC = UTC
US = timedelta(microseconds=1)
ZERO = timedelta(0)

_SCALE = float(os.environ.get("SERVICEPOLICY_LAW_EXAMPLES", "1"))


def laws(n: int = 60):
    return settings(
        max_examples=max(1, int(n * _SCALE)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def utc(x: datetime) -> datetime:
    return x.astimezone(UTC)


def shift(x: datetime, delta: timedelta) -> datetime:
    """``x + delta`` in real (elapsed) time, expressed in x's zone.  Plain
    ``x + delta`` is wall-clock arithmetic and drops ``fold``."""
    return (utc(x) + delta).astimezone(x.tzinfo)


@st.composite
def cal_and(draw, *parts, **cal_kwargs):
    """Draw a calendar spec, build it, then draw ``parts(spec)``."""
    spec = draw(calendars(**cal_kwargs))
    cal = spec.build()
    return (spec, cal, *tuple(draw(p(spec)) for p in parts))


# ==========================================================================
# Reference implementation (brute force, from first principles)
#
# Each local day contributes its model ranges (strategies.CalendarSpec.day_ranges).
# A range runs from the instant its start wall time first occurs (fold=0) to the
# instant its end wall time first occurs; a wall time inside a spring-forward
# gap is the instant the clocks jump.  Intervals are half-open [start, end).


@functools.lru_cache(maxsize=200_000)
def wall_instant(tzname: str, day: date, minute: int) -> datetime:
    """UTC instant of ``day`` 00:00 + ``minute`` wall time in ``tzname``."""
    tz = ZoneInfo(tzname)
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first  # exists; fold=0 is the first occurrence of an ambiguous time
    # nonexistent: find the jump, i.e. the first instant whose wall time >= naive
    other = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    lo, hi = min(first, other), max(first, other)
    lo_s, hi_s = 0, int((hi - lo).total_seconds())
    while lo_s < hi_s:
        mid = (lo_s + hi_s) // 2
        if (lo + timedelta(seconds=mid)).astimezone(tz).replace(tzinfo=None) >= naive:
            hi_s = mid
        else:
            lo_s = mid + 1
    return lo + timedelta(seconds=lo_s)


def local_date(spec: CalendarSpec, t: datetime) -> date:
    return t.astimezone(ZoneInfo(spec.tz)).date()


def ref_intervals(spec: CalendarSpec, first_day: date, last_day: date) -> list:
    """Non-empty UTC intervals of the ranges of local days first_day..last_day."""
    out = []
    d = first_day
    while d <= last_day:
        for s, e in spec.day_ranges(d):
            a, b = wall_instant(spec.tz, d, s), wall_instant(spec.tz, d, e)
            if a < b:
                out.append((a, b))
        d += timedelta(days=1)
    out.sort()
    for (_, e1), (s2, _) in itertools.pairwise(out):
        assert e1 <= s2, "reference: strategy produced overlapping intervals"
    return out


def ref_working_time(spec: CalendarSpec, a: datetime, b: datetime) -> timedelta:
    a, b = utc(a), utc(b)
    if b < a:
        return -ref_working_time(spec, b, a)
    total = ZERO
    for s, e in ref_intervals(spec, local_date(spec, a) - timedelta(days=1), local_date(spec, b)):
        total += max(ZERO, min(e, b) - max(s, a))
    return total


def ref_add(spec: CalendarSpec, t: datetime, d: timedelta, max_days: int = 6000) -> datetime:
    t = utc(t)
    if d == ZERO:
        return t
    chunk = timedelta(days=14)
    if d > ZERO:
        remaining = d
        first = local_date(spec, t) - timedelta(days=1)
        while first - local_date(spec, t) < timedelta(days=max_days):
            for s, e in ref_intervals(spec, first, first + chunk - timedelta(days=1)):
                if e <= t:
                    continue
                s2 = max(s, t)
                if e - s2 >= remaining:
                    return s2 + remaining
                remaining -= e - s2
            first += chunk
    else:
        remaining = -d
        last = local_date(spec, t)
        while local_date(spec, t) - last < timedelta(days=max_days):
            for s, e in reversed(ref_intervals(spec, last - chunk + timedelta(days=1), last)):
                if s >= t:
                    continue
                e2 = min(e, t)
                if e2 - s >= remaining:
                    return e2 - remaining
                remaining -= e2 - s
            last -= chunk
    raise LookupError("reference: no working time within max_days")


def ref_is_working_time(spec: CalendarSpec, t: datetime) -> bool:
    t = utc(t)
    day = local_date(spec, t)
    return any(s <= t < e for s, e in ref_intervals(spec, day - timedelta(days=1), day))


def ref_next_working_time(spec: CalendarSpec, t: datetime) -> datetime:
    t = utc(t)
    if ref_is_working_time(spec, t):
        return t
    first = local_date(spec, t)
    for _ in range(200):
        for s, _e in ref_intervals(spec, first, first + timedelta(days=13)):
            if s > t:
                return s
        first += timedelta(days=14)
    raise LookupError("reference: no working time ahead")


def merge(intervals) -> list:
    out: list = []
    for s, e in sorted((utc(s), utc(e)) for s, e in intervals):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def ref_working_intervals(spec: CalendarSpec, a: datetime, b: datetime) -> list:
    a, b = utc(a), utc(b)
    ivs = ref_intervals(spec, local_date(spec, a) - timedelta(days=1), local_date(spec, b))
    return merge((max(s, a), min(e, b)) for s, e in ivs if min(e, b) > max(s, a))


def ref_working_days(spec: CalendarSpec, d1: date, d2: date) -> int:
    if d2 < d1:
        return -ref_working_days(spec, d2, d1)
    n, d = 0, d1
    while d < d2:
        n += spec.is_working_day(d)
        d += timedelta(days=1)
    return n


def ref_add_working_days(spec: CalendarSpec, d: date, n: int) -> date:
    one = timedelta(days=1)
    if n == 0:
        while not spec.is_working_day(d):
            d += one
        return d
    step = one if n > 0 else -one
    k = abs(n)
    while k:
        d += step
        k -= spec.is_working_day(d)
    return d


# ==========================================================================
# CAL-1 / CAL-2 / CAL-3 / CAL-4 / CAL-5: agreement with the reference


@laws(80)
@given(
    cal_and(
        lambda s: instants(s, days=6),
        lambda s: st.integers(0, 4 * DAY * 60).map(lambda x: timedelta(seconds=x)),
        lambda s: st.integers(0, 10**6 - 1).map(lambda x: timedelta(microseconds=x)),
    )
)
def test_working_time_matches_reference(args):
    """Reference (CAL-1..CAL-5): working_time(a, b) equals the brute-force sum of
    interval overlaps, over spans of up to four days, in both directions."""
    spec, cal, a, span, frac = args
    b = shift(a, span + frac)
    expected = ref_working_time(spec, a, b)
    assert cal.working_time(a, b) == expected
    assert cal.working_time(b, a) == -expected


@laws(80)
@given(cal_and(lambda s: instants(s, days=6), lambda s: durations(s, weeks=1.0)), st.booleans())
def test_add_matches_reference(args, backwards):
    """Reference (CAL-1..CAL-5): add(t, d) and add(t, -d) equal the brute-force walk
    over the intervals (earliest u >= t / latest u <= t)."""
    spec, cal, t, d = args
    if backwards:
        d = -d
    expected = ref_add(spec, t, d)
    got = cal.add(t, d)
    assert utc(got) == expected, (got, expected)


@laws(60)
@given(cal_and(lambda s: instants(s, days=6)))
def test_point_queries_match_reference(args):
    """Reference (CAL-1..CAL-5): is_working_time(t) and next_working_time(t) agree
    with the brute-force interval list (intervals are half-open [start, end))."""
    spec, cal, t = args
    assert cal.is_working_time(t) == ref_is_working_time(spec, t)
    assert utc(cal.next_working_time(t)) == ref_next_working_time(spec, t)


@laws(50)
@given(
    cal_and(
        lambda s: instants(s, days=6),
        lambda s: st.integers(0, 3 * DAY).map(lambda x: timedelta(minutes=x)),
    )
)
def test_working_intervals_match_reference(args):
    """Reference (CAL-1..CAL-5): working_intervals(a, b), merged where touching,
    equals the reference intervals clipped to [a, b]."""
    spec, cal, a, span = args
    b = shift(a, span)
    got = list(cal.working_intervals(a, b))
    assert merge(got) == ref_working_intervals(spec, a, b)


@laws(60)
@given(cal_and(local_dates, lambda s: local_dates(s, days=12)))
def test_day_queries_match_reference(args):
    """Reference (CAL-2 holidays, CAL-3 make-up days, CAL-4 special hours):
    is_working_day and working_days agree with the day-level model."""
    spec, cal, d1, d2 = args
    assert cal.is_working_day(d1) == spec.is_working_day(d1)
    assert cal.working_days(d1, d2) == ref_working_days(spec, d1, d2)


@laws(60)
@given(cal_and(local_dates), st.integers(-8, 8))
def test_add_working_days_matches_reference(args, n):
    """Reference (CAL-2, CAL-3, CAL-4): add_working_days(d, n) is the n-th working
    day after (n > 0) / before (n < 0) d, or the next working day for n = 0."""
    spec, cal, d = args
    assert cal.add_working_days(d, n) == ref_add_working_days(spec, d, n)


# ==========================================================================
# CAL-1 .. CAL-5: algebraic laws of add / working_time


@laws(60)
@given(cal_and(instants))
def test_add_zero_is_identity(args):
    """Law add(t, 0) == t, same tzinfo (CAL-1, CAL-5)."""
    _spec, cal, t = args
    u = cal.add(t, ZERO)
    assert utc(u) == utc(t)
    assert u.tzinfo == t.tzinfo


@laws(80)
@given(cal_and(instants, durations))
def test_working_time_of_add_is_duration(args):
    """Law working_time(t, add(t, d)) == d for d >= 0 (CAL-1, CAL-2, CAL-5)."""
    _spec, cal, t, d = args
    u = cal.add(t, d)
    assert utc(u) >= utc(t)
    assert cal.working_time(t, u) == d


@laws(80)
@given(cal_and(instants, durations))
def test_negative_add_mirrors(args):
    """Law working_time(add(t, -d), t) == d for d >= 0 (CAL-1, CAL-2, CAL-5)."""
    _spec, cal, t, d = args
    u = cal.add(t, -d)
    assert utc(u) <= utc(t)
    assert cal.working_time(u, t) == d


@laws(60)
@given(cal_and(instants, durations))
def test_add_result_keeps_input_tzinfo(args):
    """Law: add and next_working_time return datetimes with the input's tzinfo (CAL-5)."""
    _spec, cal, t, d = args
    assert cal.add(t, d).tzinfo == t.tzinfo
    assert cal.add(t, -d).tzinfo == t.tzinfo
    assert cal.next_working_time(t).tzinfo == t.tzinfo


@laws(60)
@given(cal_and(instants, durations, durations), st.booleans())
def test_add_composes(args, backwards):
    """Law add(add(t, a), b) == add(t, a + b) for a, b of the same sign (CAL-1)."""
    _spec, cal, t, a, b = args
    if backwards:
        a, b = -a, -b
    assert utc(cal.add(cal.add(t, a), b)) == utc(cal.add(t, a + b))


@laws(60)
@given(cal_and(instants, instants, durations), st.booleans())
def test_add_monotonic_in_instant(args, backwards):
    """Law t1 <= t2  =>  add(t1, d) <= add(t2, d) (CAL-1)."""
    _spec, cal, t1, t2, d = args
    if utc(t2) < utc(t1):
        t1, t2 = t2, t1
    if backwards:
        d = -d
    assert utc(cal.add(t1, d)) <= utc(cal.add(t2, d))


@laws(60)
@given(cal_and(instants, durations, durations), st.booleans(), st.booleans())
def test_add_monotonic_in_duration(args, neg1, neg2):
    """Law d1 <= d2  =>  add(t, d1) <= add(t, d2), over both signs (CAL-1)."""
    _spec, cal, t, d1, d2 = args
    d1, d2 = (-d1 if neg1 else d1), (-d2 if neg2 else d2)
    if d2 < d1:
        d1, d2 = d2, d1
    assert utc(cal.add(t, d1)) <= utc(cal.add(t, d2))


@laws(60)
@given(cal_and(instants, instants, instants))
def test_working_time_is_additive(args):
    """Law working_time(a, b) + working_time(b, c) == working_time(a, c) (CAL-1)."""
    _spec, cal, a, b, c = args
    assert cal.working_time(a, b) + cal.working_time(b, c) == cal.working_time(a, c)


@laws(60)
@given(cal_and(instants, instants))
def test_working_time_is_antisymmetric(args):
    """Law working_time(a, b) == -working_time(b, a); working_time(a, a) == 0;
    0 <= working_time(a, b) <= b - a for a <= b (CAL-1)."""
    _spec, cal, a, b = args
    w = cal.working_time(a, b)
    assert w == -cal.working_time(b, a)
    assert cal.working_time(a, a) == ZERO
    if utc(a) <= utc(b):
        assert ZERO <= w <= utc(b) - utc(a)


@laws(80)
@given(cal_and(instants, durations))
def test_add_lands_in_working_time_or_at_interval_end(args):
    """Law: for d > 0, u = add(t, d) satisfies is_working_time(u) or
    is_working_time(u - 1us); u is the *earliest* such instant, so in fact
    is_working_time(u - 1us) and working_time(t, u - 1us) < d; mirrored for
    d < 0: is_working_time(u) and working_time(u + 1us, t) < -d (CAL-1, CAL-5)."""
    _spec, cal, t, d = args
    assume(d > ZERO)
    u = cal.add(t, d)
    assert cal.is_working_time(u) or cal.is_working_time(shift(u, -US))
    assert cal.is_working_time(shift(u, -US)), "add() did not stop at the earliest instant"
    assert cal.working_time(t, shift(u, -US)) < d
    v = cal.add(t, -d)
    assert cal.is_working_time(v)
    assert cal.working_time(shift(v, US), t) < d


@laws(80)
@given(cal_and(instants))
def test_next_working_time_fixed_point(args):
    """Law is_working_time(t) iff next_working_time(t) == t; next_working_time(t)
    is working time, not before t, and no working time lies in between (CAL-1)."""
    _spec, cal, t = args
    n = cal.next_working_time(t)
    assert cal.is_working_time(t) == (utc(n) == utc(t))
    assert utc(n) >= utc(t)
    assert cal.is_working_time(n)
    assert cal.working_time(t, n) == ZERO


@laws(60)
@given(cal_and(instants, instants))
def test_working_intervals_sum_to_working_time(args):
    """Law: the lengths of working_intervals(a, b) sum to working_time(a, b); the
    intervals are ordered, disjoint, inside [a, b] and working (CAL-1)."""
    _spec, cal, a, b = args
    if utc(b) < utc(a):
        a, b = b, a
    ivs = [(utc(s), utc(e)) for s, e in cal.working_intervals(a, b)]
    assert sum((e - s for s, e in ivs), ZERO) == cal.working_time(a, b)
    prev = utc(a)
    for s, e in ivs:
        assert prev <= s < e <= utc(b)
        assert cal.is_working_time(s) and cal.is_working_time(e - US)
        prev = e


# ==========================================================================
# CAL-2 / CAL-3: working days


@laws(60)
@given(cal_and(local_dates), st.integers(0, 15))
def test_working_days_inverts_add_working_days(args, n):
    """Law working_days(d, add_working_days(d, n)) == n for a working day d and
    n >= 0, and working_days(add_working_days(d, -n), d) == n (CAL-2, CAL-3)."""
    _spec, cal, d = args
    d = cal.add_working_days(d, 0)  # the next working day
    assert cal.is_working_day(d)
    assert cal.working_days(d, cal.add_working_days(d, n)) == n
    assert cal.working_days(cal.add_working_days(d, -n), d) == n
    if n:
        assert cal.is_working_day(cal.add_working_days(d, n))
        assert cal.is_working_day(cal.add_working_days(d, -n))


@laws(60)
@given(cal_and(local_dates, local_dates, local_dates))
def test_working_days_additive_and_antisymmetric(args):
    """Law working_days(a, b) + working_days(b, c) == working_days(a, c) and
    working_days(a, b) == -working_days(b, a) (CAL-2)."""
    _spec, cal, a, b, c = args
    assert cal.working_days(a, b) + cal.working_days(b, c) == cal.working_days(a, c)
    assert cal.working_days(a, b) == -cal.working_days(b, a)


# ==========================================================================
# CAL-5: time zones, 24/7 calendars, DST


def test_24_7_new_york_dst_days():
    """CAL-5: a "24/7" calendar in America/New_York has 23 working hours on
    2026-03-08 (spring forward) and 25 on 2026-11-01 (fall back)."""
    ny = ZoneInfo("America/New_York")
    cal = BusinessCalendar(hours="24/7", tz="America/New_York", country=None)

    def day_hours(d: date) -> timedelta:
        return cal.working_time(
            datetime.combine(d, time(), ny), datetime.combine(d + timedelta(days=1), time(), ny)
        )

    assert day_hours(date(2026, 3, 8)) == timedelta(hours=23)
    assert day_hours(date(2026, 11, 1)) == timedelta(hours=25)
    assert day_hours(date(2026, 3, 9)) == timedelta(hours=24)


@laws(60)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(["24/7", "daily 00:00-24:00"]),
    st.datetimes(datetime(2000, 1, 1), datetime(2060, 1, 1), timezones=st.just(UTC)),
    st.integers(-(10**12), 10**12).map(lambda us: timedelta(microseconds=us)),
    st.sampled_from([UTC, ZoneInfo("America/New_York"), ZoneInfo("Australia/Lord_Howe")]),
)
def test_24_7_working_time_is_elapsed_time(tzname, hours, a, delta, out):
    """CAL-5: for a 24/7 calendar, working_time(a, b) == b - a (real elapsed time)
    and add(t, d) == t + d, in every zone including DST zones."""
    cal = BusinessCalendar(hours=hours, tz=tzname, country=None)
    a = a.astimezone(out)
    b = utc(a) + delta
    assert cal.working_time(a, b) == delta
    assert utc(cal.add(a, delta)) == utc(a) + delta
    assert cal.is_working_time(a)


def test_lord_howe_half_hour_shift():
    """CAL-5: Australia/Lord_Howe moves its clocks by 30 minutes; a 24/7 day has
    23.5 h in spring (2025-10-05) and 24.5 h in autumn (2025-04-06)."""
    lh = ZoneInfo("Australia/Lord_Howe")
    cal = BusinessCalendar(hours="24/7", tz="Australia/Lord_Howe", country=None)
    for d, hours in [(date(2025, 10, 5), 23.5), (date(2025, 4, 6), 24.5)]:
        a = datetime.combine(d, time(), lh)
        b = datetime.combine(d + timedelta(days=1), time(), lh)
        assert cal.working_time(a, b) == timedelta(hours=hours)


def test_dst_interval_uses_first_occurrence_and_jump():
    """CAL-5: 01:00-02:00 on the fall-back day runs from the first 01:00 (EDT) to
    the first 02:00 (EST), i.e. 2 h; 02:00-03:00 on the spring-forward day is
    empty (02:00 is the jump instant = 03:00 EDT); 01:30-03:30 on that day is 1 h."""
    ny = ZoneInfo("America/New_York")
    cal = BusinessCalendar(hours="sun 01:00-02:00", tz="America/New_York", country=None)
    fall = date(2026, 11, 1)
    a = datetime.combine(fall, time(), ny)
    assert cal.working_time(a, a + timedelta(days=1)) == timedelta(hours=2)
    spring = date(2026, 3, 8)
    cal2 = BusinessCalendar(hours="sun 02:00-03:00", tz="America/New_York", country=None)
    a = datetime.combine(spring, time(), ny)
    assert cal2.working_time(a, a + timedelta(days=1)) == ZERO
    cal3 = BusinessCalendar(hours="sun 01:30-03:30", tz="America/New_York", country=None)
    assert cal3.working_time(a, a + timedelta(days=1)) == timedelta(hours=1)


_INSTANT_METHODS = (
    "is_working_time",
    "next_working_time",
    "add",
    "working_time_a",
    "working_time_b",
    "working_intervals",
)


@laws(60)
@given(cal_and(instants), naive_datetimes(), st.sampled_from(_INSTANT_METHODS))
def test_naive_datetimes_always_rejected(args, naive, method):
    """CAL-5: every instant-taking method rejects naive datetimes with
    NaiveDatetimeError (a ValueError) - the zone is never guessed."""
    _spec, cal, aware = args
    calls = {
        "is_working_time": lambda: cal.is_working_time(naive),
        "next_working_time": lambda: cal.next_working_time(naive),
        "add": lambda: cal.add(naive, timedelta(hours=1)),
        "working_time_a": lambda: cal.working_time(naive, aware),
        "working_time_b": lambda: cal.working_time(aware, naive),
        "working_intervals": lambda: list(cal.working_intervals(naive, aware)),
    }
    with pytest.raises(NaiveDatetimeError) as info:
        calls[method]()
    assert isinstance(info.value, ValueError)


@laws(40)
@given(cal_and(instants, durations), st.sampled_from((*ZONES, "Asia/Kolkata")))
def test_results_independent_of_input_zone(args, other):
    """CAL-5 / CAL-6: the same instant expressed in another zone gives the same
    answers (results differ only in tzinfo)."""
    _spec, cal, t, d = args
    t2 = t.astimezone(ZoneInfo(other))
    assert cal.is_working_time(t) == cal.is_working_time(t2)
    assert utc(cal.add(t, d)) == utc(cal.add(t2, d))
    assert utc(cal.add(t, -d)) == utc(cal.add(t2, -d))
    assert utc(cal.next_working_time(t)) == utc(cal.next_working_time(t2))


_EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday


def _office_utc_elapsed(x: datetime) -> timedelta:
    """Closed form: working time of UTC "mon-fri 09:00-17:00" from _EPOCH to x."""
    weeks, rest = divmod(utc(x) - _EPOCH, timedelta(days=7))
    total = weeks * timedelta(hours=40)
    day = 0
    while rest > ZERO:
        if day < 5:
            total += min(max(rest - timedelta(hours=9), ZERO), timedelta(hours=8))
        rest -= timedelta(days=1)
        day += 1
    return total


@laws(30)
@given(
    st.datetimes(datetime(2000, 1, 3), datetime(2060, 1, 1), timezones=st.just(UTC)),
    st.datetimes(datetime(2000, 1, 3), datetime(2060, 1, 1), timezones=st.just(UTC)),
    st.integers(0, 40 * 52 * 20 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
)
def test_long_spans_are_exact(a, b, d):
    """CAL-1: working time is exact over decades (no float drift): a UTC
    "mon-fri 09:00-17:00" calendar matches a closed form for working_time over
    spans of up to 60 years and for add of up to 20 years of working time."""
    cal = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", country=None)
    assert cal.working_time(a, b) == _office_utc_elapsed(b) - _office_utc_elapsed(a)
    u = cal.add(a, d)
    assert _office_utc_elapsed(u) - _office_utc_elapsed(a) == d
    if d > ZERO:
        assert _office_utc_elapsed(u - US) - _office_utc_elapsed(a) < d


# ==========================================================================
# CAL-1: examples from the specification


def test_deadline_at_interval_end_is_friday_evening():
    """CAL-1: a deadline that uses up an interval exactly is that interval's end
    (Friday 18:00, not Monday 09:00); 1 us more is Monday 09:00:00.000001."""
    sh = ZoneInfo("Asia/Shanghai")
    cal = BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00", tz="Asia/Shanghai", country=None
    )
    fri = datetime(2025, 3, 7, 17, 0, tzinfo=sh)
    assert cal.add(fri, timedelta(hours=1)) == datetime(2025, 3, 7, 18, 0, tzinfo=sh)
    assert cal.add(fri, timedelta(hours=1, microseconds=1)) == datetime(
        2025, 3, 10, 9, 0, 0, 1, tzinfo=sh
    )
    assert cal.add(datetime(2025, 3, 7, 18, 0, tzinfo=sh), ZERO) == datetime(
        2025, 3, 7, 18, 0, tzinfo=sh
    )
    # backwards: using up Monday's first interval exactly ends at its start
    mon = datetime(2025, 3, 10, 12, 0, tzinfo=sh)
    assert cal.add(mon, -timedelta(hours=3)) == datetime(2025, 3, 10, 9, 0, tzinfo=sh)
    assert cal.working_time(fri, mon) == timedelta(hours=4)
    assert not cal.is_working_time(datetime(2025, 3, 7, 18, 0, tzinfo=sh))
    assert cal.is_working_time(datetime(2025, 3, 7, 17, 59, 59, 999999, tzinfo=sh))


def test_overnight_interval_belongs_to_start_day():
    """CAL-1: "22:00-06:00" belongs to the day it starts; "22:00-00:00" equals
    "22:00-24:00"."""
    utc_ = UTC
    cal = BusinessCalendar(hours="fri 22:00-06:00", tz="UTC", country=None)
    assert cal.is_working_time(datetime(2025, 3, 8, 5, 59, tzinfo=utc_))  # Saturday morning
    assert not cal.is_working_time(datetime(2025, 3, 7, 5, 0, tzinfo=utc_))  # Friday morning
    assert cal.is_working_day(date(2025, 3, 7)) and not cal.is_working_day(date(2025, 3, 8))
    a = BusinessCalendar(hours="mon 22:00-00:00", tz="UTC", country=None)
    b = BusinessCalendar(hours="mon 22:00-24:00", tz="UTC", country=None)
    t = datetime(2025, 3, 1, tzinfo=utc_)
    assert a.add(t, timedelta(hours=5)) == b.add(t, timedelta(hours=5))


# ==========================================================================
# CAL-2 / CAL-3 / CAL-4: examples


def test_china_make_up_day_and_holiday():
    """CAL-2 / CAL-3: with country="CN", Monday 2024-02-12 (Spring Festival) is
    off and Sunday 2024-02-04 (调休 make-up day) works with makeup_weekday's hours."""
    sh = ZoneInfo("Asia/Shanghai")
    cal = BusinessCalendar(
        hours="mon 09:00-12:00; tue-fri 09:00-18:00", tz="Asia/Shanghai", country="CN"
    )
    assert not cal.is_working_day(date(2024, 2, 12))
    assert cal.is_working_day(date(2024, 2, 4))
    day = datetime(2024, 2, 4, tzinfo=sh)
    assert cal.working_time(day, day + timedelta(days=1)) == timedelta(hours=3)
    cal_wed = BusinessCalendar(
        hours="mon 09:00-12:00; tue-fri 09:00-18:00",
        tz="Asia/Shanghai",
        country="CN",
        makeup_weekday="wed",
    )
    assert cal_wed.working_time(day, day + timedelta(days=1)) == timedelta(hours=9)


def test_extra_workday_special_hours_and_closure():
    """CAL-2 / CAL-4: an extra workday on a Saturday uses makeup_weekday's hours, a
    special half day replaces the weekday's hours, "" closes the day, and a
    closure removes the day."""
    z = UTC
    cal = BusinessCalendar(
        hours="mon-fri 09:00-17:00",
        tz="UTC",
        country=None,
        extra_workdays=[date(2025, 3, 8)],
        closures=[date(2025, 3, 10)],
        special_hours={date(2025, 3, 11): "09:00-12:00", date(2025, 3, 12): ""},
    )

    def hours(d):
        a = datetime.combine(d, time(), z)
        return cal.working_time(a, a + timedelta(days=1))

    assert hours(date(2025, 3, 8)) == timedelta(hours=8)
    assert hours(date(2025, 3, 10)) == ZERO
    assert hours(date(2025, 3, 11)) == timedelta(hours=3)
    assert hours(date(2025, 3, 12)) == ZERO
    assert not cal.is_working_day(date(2025, 3, 12))
    assert cal.working_days(date(2025, 3, 8), date(2025, 3, 15)) == 4


# ==========================================================================
# CAL-6: multiple calendars


@laws(40)
@given(cal_and(instants, durations), cal_and(instants, durations))
def test_calendars_are_independent(first, second):
    """CAL-6: interleaving queries on two calendars gives the same answers as
    asking fresh instances (no shared state or cache between calendars)."""
    spec1, cal1, t1, d1 = first
    spec2, cal2, t2, d2 = second
    week = timedelta(days=7)

    def answers(cal, t, d):
        return (
            utc(cal.add(t, d)),
            utc(cal.add(t, -d)),
            cal.working_time(t, shift(t, week)),
            cal.is_working_time(t),
            cal.add_working_days(t.date(), 3),
        )

    r1 = answers(cal1, t1, d1)
    r2 = answers(cal2, t2, d2)
    r1_again = answers(cal1, t1, d1)
    fresh1, fresh2 = spec1.build(), spec2.build()
    assert answers(fresh2, t2, d2) == r2
    assert answers(fresh1, t1, d1) == r1 == r1_again


@laws(40)
@given(
    cal_and(instants, durations, exceptions=False, countries=(None,), allow_247=False),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_equivalent_hours_spellings_agree(args, grouped, use_daily, use_runs, zero):
    """CAL-1 / CAL-6: calendars whose hours strings spell the same schedule
    differently (grouped or not, "daily", "mon-fri" vs "mon,tue,...",
    "22:00-00:00" vs "22:00-24:00", group order) behave identically."""
    spec, cal, t, d = args
    other_hours = hours_string(
        spec.weekly,
        grouped=grouped,
        use_daily=use_daily,
        use_runs=use_runs,
        midnight_as_zero=zero,
        reverse_groups=True,
    )
    note(f"other spelling: {other_hours!r}")
    other = BusinessCalendar(**{**spec.kwargs(), "hours": other_hours})
    assert utc(other.add(t, d)) == utc(cal.add(t, d))
    assert utc(other.add(t, -d)) == utc(cal.add(t, -d))
    assert other.is_working_time(t) == cal.is_working_time(t)


# ==========================================================================
# Bad input


_BAD_HOURS = [
    "mon-fri 25:00-26:00",
    "mon 09:60-10:00",
    "mun 09:00-10:00",
    "mon 09:00",
    "mon 09:00-",
    "09:00-17:00",
    "mon-fri 9-17",
    "mon 09:00-12:00,11:00-13:00",  # overlap
    "mon 09:00-12:00; mon 11:00-13:00",  # overlap across groups
    "sun 22:00-06:00; mon 05:00-07:00",  # overnight overlaps next day (wraps the week)
    "mon 24:00-24:00",
    "mon 10:00-10:00",
    "mon 24:30-01:00",
]


@pytest.mark.parametrize("hours", _BAD_HOURS)
def test_malformed_hours_rejected(hours):
    """CAL-1: malformed or overlapping hours raise InvalidCalendarError (a ValueError)."""
    with pytest.raises(InvalidCalendarError) as info:
        BusinessCalendar(hours=hours, tz="UTC", country=None)
    assert isinstance(info.value, ValueError)


@laws(40)
@given(weekly_schedules(), st.data())
def test_random_overlapping_hours_rejected(weekly, data):
    """CAL-1: adding a range that overlaps an existing one (same day, or an
    overnight range running into the next day's range) is InvalidCalendarError."""
    days = [wd for wd, r in enumerate(weekly) if r]
    assume(days)
    wd = data.draw(st.sampled_from(days))
    s, e = data.draw(st.sampled_from(weekly[wd]))
    if s > DAY - 3 or data.draw(st.booleans()):
        # same day: a one-minute range starting inside [s, e)
        ns = data.draw(st.integers(s, min(e, DAY) - 1))
        new_wd = wd
        new = tuple(sorted([*list(weekly[wd]), (ns, ns + 1)]))
    else:
        # previous day: an overnight range whose morning part ends inside (s, e)
        end = data.draw(st.integers(s + 1, min(e, DAY - 2)))
        ps = data.draw(st.integers(end + 1, DAY - 1))
        new_wd = (wd - 1) % 7
        new = tuple(sorted([*list(weekly[new_wd]), (ps, DAY + end)]))
    changed = tuple(new if i == new_wd else r for i, r in enumerate(weekly))
    hours = hours_string(changed, grouped=False)
    note(hours)
    with pytest.raises(InvalidCalendarError):
        BusinessCalendar(hours=hours, tz="UTC", country=None)


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "Asia/Beijing", "", "UTC+8", "../etc/passwd"])
def test_unknown_time_zone_rejected(tz):
    """CAL-5: unknown time zone names raise InvalidCalendarError (a ValueError)."""
    with pytest.raises(InvalidCalendarError):
        BusinessCalendar(hours="mon-fri 09:00-17:00", tz=tz, country=None)


@pytest.mark.parametrize("country", ["XX", "ZZ", "China", "QQ"])
def test_unknown_country_rejected(country):
    """CAL-2: unknown country codes raise InvalidCalendarError (a ValueError)."""
    with pytest.raises(InvalidCalendarError):
        BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", country=country)


def test_closure_that_is_also_extra_workday_rejected():
    """CAL-2: the same date both a closure and an extra working day is contradictory
    (errors.InvalidCalendarError docstring)."""
    with pytest.raises(InvalidCalendarError):
        BusinessCalendar(
            hours="mon-fri 09:00-17:00",
            tz="UTC",
            country=None,
            closures=[date(2025, 3, 8)],
            extra_workdays=[date(2025, 3, 8)],
        )


@laws(20)
@given(
    st.sampled_from(ZONES),
    st.datetimes(datetime(2000, 1, 1), datetime(2060, 1, 1), timezones=st.just(UTC)),
    st.integers(1, 10**9).map(lambda s: timedelta(seconds=s)),
)
def test_no_working_time_raises_quickly(tzname, t, d):
    """CAL-1: a calendar without working time (hours="") raises NoWorkingTimeError
    from add(t, d > 0) and add(t, -d) within a second instead of hanging."""
    cal = BusinessCalendar(hours="", tz=tzname, country=None)
    for dd in (d, -d):
        started = _time.perf_counter()
        with pytest.raises(NoWorkingTimeError):
            cal.add(t, dd)
        assert _time.perf_counter() - started < 1.0


def test_special_hours_only_calendar():
    """CAL-4: with hours="" and one special date, add works before that date and
    raises NoWorkingTimeError (quickly) after it."""
    cal = BusinessCalendar(
        hours="", tz="UTC", country=None, special_hours={date(2030, 5, 6): "09:00-12:00"}
    )
    before = datetime(2030, 1, 1, tzinfo=UTC)
    assert cal.add(before, timedelta(hours=2)) == datetime(2030, 5, 6, 11, tzinfo=UTC)
    after = datetime(2030, 6, 1, tzinfo=UTC)
    started = _time.perf_counter()
    with pytest.raises(NoWorkingTimeError):
        cal.add(after, timedelta(minutes=1))
    with pytest.raises(NoWorkingTimeError):
        cal.add(before, timedelta(hours=4))
    assert _time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "hours, start, d",
    [
        ("24/7", datetime(9999, 12, 30, tzinfo=UTC), timedelta(days=5)),
        ("mon-fri 09:00-17:00", datetime(9999, 12, 1, tzinfo=UTC), timedelta(hours=8 * 40)),
        ("24/7", datetime(1, 1, 3, tzinfo=UTC), -timedelta(days=5)),
    ],
)
def test_results_beyond_range_raise_out_of_range(hours, start, d):
    """CAL-5: a result beyond datetime's range raises OutOfRangeError (an
    OverflowError), not a bare OverflowError/ValueError from datetime."""
    cal = BusinessCalendar(hours=hours, tz="UTC", country=None)
    with pytest.raises(OutOfRangeError) as info:
        cal.add(start, d)
    assert isinstance(info.value, OverflowError)


def test_add_working_days_beyond_range_raises_out_of_range():
    """CAL-2: add_working_days past date.max raises OutOfRangeError."""
    cal = BusinessCalendar(hours="mon-fri 09:00-17:00", tz="UTC", country=None)
    with pytest.raises(OutOfRangeError):
        cal.add_working_days(date(9999, 12, 20), 30)
