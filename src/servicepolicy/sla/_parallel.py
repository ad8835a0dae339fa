"""Counting SLA outcomes in several processes (private; see :meth:`SlaPolicy.replay`).

The tickets are not sent to the workers: they are forked with them, so that each worker
reads its share from the memory it inherited (copy-on-write) and sends back a few dozen
counts.  This needs the ``fork`` start method (Linux; not Windows, and discouraged on
macOS), and pays off from about a hundred thousand tickets.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from servicepolicy.errors import InvalidArgumentError

__all__ = ["Counts", "count_in_processes"]

Counts = dict[Any, int]
_SHARED: tuple[Callable[[Sequence[Any], datetime], Counts], Sequence[Any], datetime] | None = None


def _count(bounds: tuple[int, int]) -> Counts:
    assert _SHARED is not None
    count, tickets, now = _SHARED
    return count(tickets[bounds[0] : bounds[1]], now)


def count_in_processes(
    count: Callable[[Sequence[Any], datetime], Counts],
    tickets: Sequence[Any],
    now: datetime,
    processes: int,
) -> Counts:
    """``count(tickets, now)`` split over ``processes`` forked workers, the counts added."""
    global _SHARED
    if "fork" not in multiprocessing.get_all_start_methods():
        raise InvalidArgumentError(
            "processes", processes, "1 on this platform (more need the fork start method)"
        )
    size = -(-len(tickets) // processes)
    chunks = [(i, min(i + size, len(tickets))) for i in range(0, len(tickets), size)]
    _SHARED = (count, tickets, now)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(len(chunks), initializer=gc.disable) as pool:
            parts = pool.map(_count, chunks)
    finally:
        _SHARED = None
    total: Counts = {}
    for part in parts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + n
    return total
