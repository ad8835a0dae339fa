"""The private interval index: exact conversions and wall-clock mapping (CAL-5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.calendar.index import (
    EPOCH,
    FAST_LIMIT,
    TICK,
    instant_of,
    merge,
    tick_of,
    wall_tick,
)

ZONES = [ZoneInfo(name) for name in ("Asia/Shanghai", "America/New_York", "Australia/Lord_Howe")]


@given(st.integers(min_value=-(2**55), max_value=2**55), st.sampled_from([*ZONES, UTC]))
def test_instant_of_is_exact(tick: int, zone: ZoneInfo) -> None:
    """CAL-5: converting ticks to datetimes (fast float path included) loses no microsecond."""
    instant = instant_of(tick, zone)
    assert instant == EPOCH + TICK * tick
    assert tick_of(instant) == tick


def test_fast_path_boundaries_are_exact() -> None:
    """CAL-5: the float shortcut is exact right up to its limit, where the slow path takes over."""
    for tick in (0, 1, FAST_LIMIT - 1, FAST_LIMIT, FAST_LIMIT - 999_999, 2**52 - 1, 2**31 * 10**6):
        assert instant_of(tick, UTC) == EPOCH + TICK * tick


def test_wall_tick_gap_and_fold() -> None:
    """CAL-5: a wall time in a DST gap maps to the jump; one in a fold to its first pass."""
    ny = ZoneInfo("America/New_York")
    spring = date(2026, 3, 8).toordinal()
    jump = datetime(2026, 3, 8, 7, tzinfo=UTC)
    assert instant_of(wall_tick(spring, 2 * 3600 + 1800, ny), UTC) == jump
    fall = date(2026, 11, 1).toordinal()
    assert instant_of(wall_tick(fall, 3600 + 1800, ny), UTC) == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )
    # Lord Howe moves its clocks by 30 minutes
    lh = ZoneInfo("Australia/Lord_Howe")
    day = date(2026, 10, 4).toordinal()
    assert wall_tick(day, 2 * 3600 + 15 * 60, lh) == wall_tick(day, 2 * 3600 + 30 * 60, lh)


def test_merge_joins_overlapping_and_adjacent() -> None:
    """CAL-1: overlapping and touching intervals merge; empty ones (swallowed by DST) vanish."""
    assert merge([(0, 5), (5, 7), (6, 9), (10, 10), (11, 12)]) == ([0, 11], [9, 12])


def test_tick_of_matches_timedelta_division() -> None:
    """CAL-5: the attribute arithmetic equals exact timedelta division."""
    instant = datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
    assert tick_of(instant) == (instant - EPOCH) // TICK == -1
    assert (
        tick_of(instant + timedelta(days=20_000))
        == (instant + timedelta(days=20_000) - EPOCH) // TICK
    )
