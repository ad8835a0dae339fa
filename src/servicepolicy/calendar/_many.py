"""Batch working-time arithmetic: ``add_many`` and ``working_time_many`` (private).

With numpy installed the batch is answered from the calendar's interval index
(:class:`~servicepolicy.calendar.index.Index`) with :func:`numpy.searchsorted`: the index is
first widened to cover the batch's span, then every ``W(x)`` (working time accumulated up
to ``x``) and every "where ``W`` reaches ``w``" is one vectorised search.  Results that
fall beyond the index (a long duration) are answered by the scalar arithmetic, which widens
the index, and the rest of the batch is retried on the wider index.  Without numpy each
element goes through :meth:`~servicepolicy.calendar.BusinessCalendar.add` (or
``working_time``): the answers are identical, only slower.

numpy is imported inside the functions: the module imports without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from servicepolicy.calendar import _arguments as args
from servicepolicy.calendar.index import Index, instant_of, tick_of, ticks_in
from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError

if TYPE_CHECKING:
    from servicepolicy.calendar._arithmetic import WorkingTime

__all__ = ["add_many", "between_ticks", "have_numpy", "shift_ticks", "working_time_many"]

_INT64_MAX = 2**63 - 1


def have_numpy() -> bool:
    """Whether numpy can be imported (the batch path then uses it)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _same_length(first: str, a: Sequence[Any], second: str, b: Sequence[Any]) -> None:
    if len(a) != len(b):
        raise InvalidArgumentError(
            second, f"{len(b)} values", f"as many values as {first} ({len(a)})"
        )


def _instant_ticks(argument: str, values: Sequence[Any]) -> list[int]:
    ticks = []
    for i, value in enumerate(values):
        try:
            ticks.append(tick_of(value))
        except TypeError:
            args.raise_for_instant(f"{argument}[{i}]", value)
    return ticks


def _duration_ticks(values: Sequence[Any]) -> list[int]:
    found = []
    for i, value in enumerate(values):
        if not isinstance(value, timedelta):
            raise WrongTypeError(f"durations[{i}]", value, "a datetime.timedelta of working time")
        found.append(ticks_in(value))
    return found


def _array_ticks(np: Any, argument: str, values: Any, unit: str) -> tuple[Any, str]:
    """int64 microseconds of a numpy array, and what it held: ``"datetime64"``,
    ``"timedelta64"`` or ``"int"``."""
    kind = values.dtype.kind
    if kind == "M" and unit == "M":
        ticks, held = values.astype("datetime64[us]").view("int64"), "datetime64"
    elif kind == "m" and unit == "m":
        ticks, held = values.astype("timedelta64[us]").view("int64"), "timedelta64"
    elif kind in "iu":
        ticks, held = values.astype("int64"), "int"
    else:
        expected = "datetime64" if unit == "M" else "timedelta64"
        raise WrongTypeError(
            argument, f"an array of {values.dtype}", f"a {expected} or int64 (µs) array"
        )
    if kind in "Mm" and np.isnat(values).any():
        raise InvalidArgumentError(argument, "NaT", "no missing values (NaT)")
    return ticks, held


def _columns(np: Any, index: Index) -> tuple[Any, Any, Any, Any, Any]:
    """The index as numpy arrays (built once per index snapshot): ``starts`` and ``cum``
    padded with one sentinel interval, ``ends``, ``cum_end`` and the unpadded ``cum``."""
    found = index.columns
    if found is None:
        total = index.cum_end[-1] if index.cum_end else 0
        starts = np.array([*index.starts, _INT64_MAX], dtype=np.int64)
        cum = np.array([*index.cum, total], dtype=np.int64)
        ends = np.array(index.ends, dtype=np.int64)
        cum_end = np.array(index.cum_end, dtype=np.int64)
        found = index.columns = (starts, cum, ends, cum_end, cum[:-1])
    return found  # type: ignore[return-value]


def _accumulated(np: Any, columns: tuple[Any, ...], ticks: Any) -> Any:
    starts, cum, ends = columns[0], columns[1], columns[2]
    i = np.searchsorted(ends, ticks, side="right")
    return cum[i] + np.maximum(ticks - starts[i], 0)


def shift_ticks(calendar: WorkingTime, ticks: Any, amounts: Any) -> Any:
    """``calendar._tick_after`` over int64 arrays (zero amounts give the tick itself)."""
    np = _numpy()
    result = ticks.copy()
    todo = np.flatnonzero(amounts != 0)
    while todo.size:
        where, by = ticks[todo], amounts[todo]
        index = calendar._coverage.covering(int(where.min()), int(where.max()))
        columns = _columns(np, index)
        target = _accumulated(np, columns, where) + by
        forward = by > 0
        fits = np.where(forward, target <= index.w_hi, target >= index.w_lo)
        ahead, back = fits & forward, fits & ~forward
        starts, cum, cum_end, bare = columns[0], columns[1], columns[3], columns[4]
        j = np.searchsorted(cum_end, target[ahead], side="left")
        result[todo[ahead]] = starts[j] + target[ahead] - cum[j]
        j = np.searchsorted(bare, target[back], side="right") - 1
        result[todo[back]] = starts[j] + target[back] - cum[j]
        todo = todo[~fits]
        if todo.size:  # beyond the index: the scalar path widens it (or raises)
            k = int(todo[0])
            result[k] = calendar._tick_after(int(ticks[k]), int(amounts[k]))
            todo = todo[1:]
    return result


def between_ticks(calendar: WorkingTime, a: Any, b: Any) -> Any:
    """``calendar._ticks_between`` over int64 arrays."""
    np = _numpy()
    if not a.size:
        return np.zeros(0, dtype=np.int64)
    low = int(min(a.min(), b.min()))
    high = int(max(a.max(), b.max()))
    columns = _columns(np, calendar._coverage.covering(low, high))
    return _accumulated(np, columns, b) - _accumulated(np, columns, a)


def add_many(calendar: WorkingTime, starts: Any, durations: Any) -> Any:
    """See :meth:`~servicepolicy.calendar.BusinessCalendar.add_many`."""
    np = _numpy()
    if np is not None and isinstance(starts, np.ndarray):
        ticks, held = _array_ticks(np, "starts", starts, "M")
        if isinstance(durations, np.ndarray):
            amounts, _ = _array_ticks(np, "durations", durations, "m")
        else:
            amounts = np.array(_duration_ticks(durations), dtype=np.int64)
        _same_length("starts", ticks, "durations", amounts)
        found = shift_ticks(calendar, ticks, amounts)
        return found.view("datetime64[us]") if held == "datetime64" else found
    starts, durations = list(starts), list(durations)
    _same_length("starts", starts, "durations", durations)
    if np is None:
        return [calendar.add(s, d) for s, d in zip(starts, durations, strict=True)]
    ticks = _instant_ticks("starts", starts)
    amounts = _duration_ticks(durations)
    try:
        shifted = shift_ticks(
            calendar, np.array(ticks, dtype=np.int64), np.array(amounts, dtype=np.int64)
        ).tolist()
    except ServicePolicyError:  # the first element that fails raises its own error
        return [calendar.add(s, d) for s, d in zip(starts, durations, strict=True)]
    return [
        s if not n else instant_of(t, s.tzinfo)
        for s, n, t in zip(starts, amounts, shifted, strict=True)
    ]


def working_time_many(calendar: WorkingTime, starts: Any, ends: Any) -> Any:
    """See :meth:`~servicepolicy.calendar.BusinessCalendar.working_time_many`."""
    np = _numpy()
    if np is not None and isinstance(starts, np.ndarray) and isinstance(ends, np.ndarray):
        a, held = _array_ticks(np, "starts", starts, "M")
        b, _ = _array_ticks(np, "ends", ends, "M")
        _same_length("starts", a, "ends", b)
        found = between_ticks(calendar, a, b)
        return found.view("timedelta64[us]") if held == "datetime64" else found
    starts, ends = list(starts), list(ends)
    _same_length("starts", starts, "ends", ends)
    if np is None:
        return [calendar.working_time(s, e) for s, e in zip(starts, ends, strict=True)]
    a = _instant_ticks("starts", starts)
    b = _instant_ticks("ends", ends)
    try:
        found = between_ticks(
            calendar, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
        ).tolist()
    except ServicePolicyError:
        return [calendar.working_time(s, e) for s, e in zip(starts, ends, strict=True)]
    return [timedelta(microseconds=n) for n in found]
