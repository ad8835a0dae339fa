"""Calendars with equal specifications share their holidays and interval index (private).

Building a :class:`~servicepolicy.calendar.BusinessCalendar` looks up the holiday data and,
on first use, builds a year index; a plugin that asks for "the same calendar" once per
ticket would rebuild both every time.  :class:`SharedParts` keeps the parts of the last
:data:`LIMIT` specifications built, least recently used dropped first: a calendar whose
specification is equal to one kept reuses its parts.  The parts depend only on the
specification (never on the calendar's ``name``), and the index is widened under its own
lock, so sharing changes no answer.

A calendar given a :class:`holidays.HolidayBase` object is never shared: that object is
mutable and compared by identity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import holidays as holidays_lib

__all__ = ["LIMIT", "SharedParts", "spec_key"]

LIMIT = 64
"""How many specifications' parts are kept."""

P = TypeVar("P")


class SharedParts(Generic[P]):
    """A bounded, thread-safe least-recently-used map from a specification to its parts."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._parts: OrderedDict[Hashable, P] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> P | None:
        """The parts kept for ``key``, or ``None``."""
        with self._lock:
            found = self._parts.get(key)
            if found is None:
                self.misses += 1
                return None
            self._parts.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, parts: P) -> None:
        """Keep ``parts`` for ``key``, dropping the least recently used beyond the limit."""
        with self._lock:
            self._parts[key] = parts
            self._parts.move_to_end(key)
            while len(self._parts) > self.limit:
                self._parts.popitem(last=False)

    def clear(self) -> None:
        """Forget every specification (tests use it)."""
        with self._lock:
            self._parts.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._parts)


def spec_key(calendar: Any) -> tuple[object, ...] | None:
    """What a calendar's holidays and index depend on (every field but its ``name``), as
    a hashable key; ``None`` when the calendar cannot share them."""
    if isinstance(calendar.holidays, holidays_lib.HolidayBase):
        return None
    key = (
        calendar.hours,
        calendar.tz,
        calendar.country,
        calendar.subdiv,
        calendar.holidays,
        calendar.extra_workdays,
        calendar.closures,
        tuple(sorted(calendar.special_hours.items())),
        calendar.makeup_weekday,
        calendar.language,
        calendar.holidays_close,
        calendar.holiday_periods,
        calendar.declared_periods,
        calendar.composition,
    )
    try:
        hash(key)
    except TypeError:  # a time zone object that cannot be hashed
        return None
    return key
