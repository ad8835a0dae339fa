"""Cut-offs: "N before the shift" and "by time T of that day", in real time (private).

Python subtracts a :class:`~datetime.timedelta` from an aware datetime on the wall clock,
and compares two datetimes of one ``tzinfo`` by their wall times: across a daylight-saving
change both are off by the change.  The rules' cut-offs are computed here in UTC, and a
cut-off never lies after the start of the shift it protects (LEAVE-1, LEAVE-7, LEAVE-8,
ATT-1): a request made, or an arrival, once the shift has begun is never "in time".

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["at_wall_time", "before", "cutoff", "earlier", "elapsed", "not_after", "utc"]

_SECOND = timedelta(seconds=1)


def utc(instant: datetime) -> datetime:
    """``instant`` in UTC, so that arithmetic and comparisons are in real time."""
    return instant.astimezone(UTC)


def earlier(first: datetime, second: datetime) -> bool:
    """Whether ``first`` is strictly before ``second`` in real time."""
    return utc(first) < utc(second)


def not_after(first: datetime, second: datetime) -> bool:
    """Whether ``first`` is at or before ``second`` in real time."""
    return utc(first) <= utc(second)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The real time from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    return utc(end) - utc(start)


def before(instant: datetime, lead: timedelta, tz: tzinfo) -> datetime:
    """The instant ``lead`` of real time before ``instant``, on the clock of ``tz``."""
    return (utc(instant) - lead).astimezone(tz)


def at_wall_time(day: date, wall: time, tz: tzinfo) -> datetime:
    """The first instant the clocks of ``tz`` show ``wall`` on ``day``.

    A wall time repeated when the clocks go back is its first occurrence; a wall time
    skipped when they go forward is the instant of the jump (the first instant at or after
    which the clocks are past it).
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    first, second = utc(naive.replace(tzinfo=tz, fold=0)), utc(naive.replace(tzinfo=tz, fold=1))
    low, high = min(first, second), max(first, second)
    if low.astimezone(tz).replace(tzinfo=None) == naive:
        return low.astimezone(tz)
    # In a gap: the offset changes somewhere in (low, high]; find that instant.
    while high - low > _SECOND:
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(tz).replace(tzinfo=None) < naive:
            low = middle
        else:
            high = middle
    return high.astimezone(tz)


def cutoff(own: datetime, shift_start: datetime, tz: tzinfo) -> datetime:
    """The earlier, in real time, of a rule's own cut-off and the shift's start: a
    cut-off never lies after the shift it protects has begun."""
    return (own if not_after(own, shift_start) else shift_start).astimezone(tz)
