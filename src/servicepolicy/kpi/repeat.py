"""First-contact resolution by repeat contacts: the per-customer state it needs (KPI-7).

An answered inbound call counts as resolved on first contact unless the same customer
calls in again (answered or not) within the window (``Kpi.window``, seven days by
default).  Unlike every other count, this needs memory per **customer**, not per
group: for each customer, the time of the last contact and the answered contact still
waiting for its verdict.  The verdict goes to the group of the judged call, whenever
the repeat contact arrives.

Memory is bounded as follows:

* ``max_lateness=None`` (default): no customer is forgotten.  Memory grows with the
  number of distinct customers (two dictionary entries each).  Merging is exact
  whenever every customer's contacts in the left part precede its contacts in the
  right part; a violation is detected and raised.
* ``max_lateness=L``: the input must be in time order up to ``L`` (a record more than
  ``L`` older than the newest one seen is refused).  Customers silent for longer than
  the window (plus ``L``) are forgotten, so memory holds only the customers who
  called within about one window.  For merging, each part also remembers the first
  contact of the customers it saw in its first ``window + L``.  Merging is exact for
  consecutive slices of one stream (merged left to right) and for parts holding
  different customers (split by customer); other splits are refused where detected.

Each customer's contacts must arrive in time order; an earlier contact after a later
one is refused (sort by offered time).  Contacts still within the window when the data
ends count as resolved: their verdict is not known yet.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable

from servicepolicy.errors import InvalidArgumentError

__all__ = ["RepeatContacts"]

Key = Hashable
#: ``failed(key)``: count one repeated (not resolved) contact in the group ``key``.
Failed = Callable[[Key], None]


class RepeatContacts:
    """The per-customer state of the no-repeat first-contact-resolution variant.

    :param window_ms: the repeat window, in milliseconds.
    :param lateness_ms: how far the input may go back in time, or ``None`` to keep
        every customer.
    """

    def __init__(self, window_ms: int, lateness_ms: int | None) -> None:
        self.window, self.lateness = window_ms, lateness_ms
        #: customer -> [last contact ms, pending answered contact ms or -1, its group]
        self.state: dict[Hashable, list[object]] = {}
        #: customer -> first contact ms, for customers first seen before head_limit
        self.heads: dict[Hashable, int] = {}
        self.first = self.newest = self.oldest = 0
        self.seen = False
        self.next_sweep = -math.inf

    @property
    def head_limit(self) -> float:
        if self.lateness is None:
            return math.inf
        return self.first + self.window + self.lateness

    def contact(
        self, customer: Hashable, at: int, key: Key, answered: bool, failed: Failed
    ) -> None:
        """One inbound contact of ``customer`` at ``at`` (epoch ms) in group ``key``."""
        if not self.seen:
            self.seen, self.first, self.newest, self.oldest = True, at, at, at
        if self.lateness is not None and at < self.newest - self.lateness:
            raise InvalidArgumentError(
                "offered",
                at,
                f"a time at most max_lateness ({self.lateness} ms) before the newest record "
                f"({self.newest} ms): the no_repeat first-contact resolution needs input in "
                "time order",
            )
        self.oldest, self.newest = min(self.oldest, at), max(self.newest, at)
        entry = self.state.get(customer)
        if entry is None:
            if at <= self.head_limit and customer not in self.heads:
                self.heads[customer] = at
            entry = self.state[customer] = [at, -1, None]
        else:
            last, pending = entry[0], entry[1]
            assert isinstance(last, int) and isinstance(pending, int)
            if at < last:
                raise InvalidArgumentError(
                    "offered",
                    at,
                    f"a time at or after the previous contact of customer {customer!r} "
                    f"({last} ms): the no_repeat first-contact resolution needs each "
                    "customer's contacts in time order",
                )
            if pending >= 0 and at - pending <= self.window:
                failed(entry[2])
            entry[0], entry[1], entry[2] = at, -1, None
        if answered:
            entry[1], entry[2] = at, key
        if self.lateness is not None and self.newest >= self.next_sweep:
            self.sweep()

    def sweep(self) -> None:
        """Forget the customers whose last contact can no longer be repeated within the
        window by any record the lateness bound still allows."""
        assert self.lateness is not None
        horizon = self.newest - self.lateness - self.window
        self.state = {c: e for c, e in self.state.items() if e[0] >= horizon}  # type: ignore[operator]
        self.next_sweep = self.newest + self.window

    def merged(self, later: RepeatContacts, failed: Failed) -> RepeatContacts:
        """This part followed by ``later``; repeats across the cut go to ``failed``."""
        if (self.window, self.lateness) != (later.window, later.lateness):
            raise InvalidArgumentError(
                "other", (later.window, later.lateness), "the same window and max_lateness"
            )
        if not later.seen:
            return self._copy()
        if not self.seen:
            return later._copy()
        overlap = self.lateness is not None and later.oldest < self.newest - self.lateness
        result = self._copy()
        for customer, entry in self.state.items():
            first = later.heads.get(customer)
            if first is None:
                if overlap and customer in later.state:
                    raise InvalidArgumentError(
                        "other",
                        customer,
                        "parts that are consecutive slices of one time-ordered stream, or "
                        "that hold different customers (this customer is in both and the "
                        "parts overlap in time)",
                    )
                continue
            last, pending = entry[0], entry[1]
            assert isinstance(last, int) and isinstance(pending, int)
            if first < last:
                raise InvalidArgumentError(
                    "other",
                    customer,
                    f"parts merged in input order: customer {customer!r} has a contact at "
                    f"{first} ms in the right part, before its contact at {last} ms in the left",
                )
            if pending >= 0 and first - pending <= self.window:
                failed(entry[2])
            del result.state[customer]  # its later contacts are in `later`
        result.state.update((c, list(e)) for c, e in later.state.items())
        for customer, first in later.heads.items():
            if customer not in result.heads and first <= result.head_limit:
                result.heads[customer] = first
        result.newest = max(self.newest, later.newest)
        result.oldest = min(self.oldest, later.oldest)
        if result.lateness is not None:
            result.sweep()
        return result

    def _copy(self) -> RepeatContacts:
        copy = RepeatContacts(self.window, self.lateness)
        copy.state = {c: list(e) for c, e in self.state.items()}
        copy.heads = dict(self.heads)
        copy.first, copy.newest, copy.oldest, copy.seen = (
            self.first,
            self.newest,
            self.oldest,
            self.seen,
        )
        copy.next_sweep = self.next_sweep
        return copy

    def pending(self) -> dict[Key, int]:
        """Answered contacts still within the window at the end of the data, by group:
        counted as resolved, but provisional."""
        counts: dict[Key, int] = {}
        for _, pending, key in self.state.values():
            assert isinstance(pending, int)
            if pending >= 0 and self.newest - pending <= self.window:
                counts[key] = counts.get(key, 0) + 1
        return counts
