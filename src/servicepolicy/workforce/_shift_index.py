"""Shifts sorted by start, for "who is on shift then" in O(log n) (private).

A :class:`ShiftIndex` holds shift IDs in ``(start, id)`` order with their starts, so that
the shifts starting in a window, or sharing time with one, are a bisection away.  A
:class:`~servicepolicy.workforce.RosterView` keeps one for the whole roster and one per
team and per job type (ATT-3 asks "who of this team starts then", SWAP-8 "who of this job
type is on duty then"), built once per roster and updated when a swap moves a shift.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from servicepolicy.workforce.model import Shift

__all__ = ["ShiftIndex"]


class ShiftIndex:
    """Shift IDs by ``(start, id)``; ``longest`` bounds how far back an overlap can start.

    ``longest`` never shrinks when a shift leaves the index: a larger bound only makes a
    query look a little further back, never miss a shift.
    """

    __slots__ = ("ends", "ids", "longest", "starts")

    def __init__(self, shifts: Iterable[Shift] = ()) -> None:
        ordered = sorted(shifts, key=lambda s: (s.start, s.id))
        self.starts: list[datetime] = [s.start for s in ordered]
        self.ids: list[str] = [s.id for s in ordered]
        self.ends: list[datetime] = [s.end for s in ordered]
        self.longest = max((s.end - s.start for s in ordered), default=timedelta(0))

    def __len__(self) -> int:
        return len(self.ids)

    def _position(self, shift: Shift) -> int:
        i = bisect_left(self.starts, shift.start)
        while i < len(self.ids) and self.starts[i] == shift.start and self.ids[i] < shift.id:
            i += 1
        return i

    def add(self, shift: Shift) -> None:
        """Insert ``shift`` at its place."""
        i = self._position(shift)
        self.starts.insert(i, shift.start)
        self.ids.insert(i, shift.id)
        self.ends.insert(i, shift.end)
        self.longest = max(self.longest, shift.end - shift.start)

    def remove(self, shift: Shift) -> None:
        """Take ``shift`` out (it must be in the index)."""
        i = self._position(shift)
        if i >= len(self.ids) or self.ids[i] != shift.id:
            raise KeyError(shift.id)
        del self.starts[i], self.ids[i], self.ends[i]

    def starting(self, first: datetime, last: datetime) -> Iterator[str]:
        """The IDs of shifts starting in ``[first, last]`` (both ends included), by start."""
        lo = bisect_left(self.starts, first)
        hi = bisect_right(self.starts, last)
        return iter(self.ids[lo:hi])

    def overlapping(self, start: datetime, end: datetime) -> Iterator[str]:
        """The IDs of shifts sharing time with ``[start, end)``, by start (lazy)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        ids, ends = self.ids, self.ends
        for i in range(lo, hi):
            if ends[i] > start:
                yield ids[i]

    def covering(self, start: datetime, end: datetime) -> Iterator[str]:
        """The IDs of shifts running throughout ``[start, end)``, latest start first (lazy)."""
        first = bisect_left(self.starts, start - self.longest)
        ids, ends = self.ids, self.ends
        for i in range(bisect_right(self.starts, start) - 1, first - 1, -1):
            if ends[i] >= end:
                yield ids[i]
