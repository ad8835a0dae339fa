"""The column checks of the Arrow bulk path for calls (private): each function takes a
whole batch's column (strings) and says, row by row, whether the row reader would read
the cell to the same value, and what that value is.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicepolicy.kpi.records import Direction
from servicepolicy.limits import EARLIEST, LATEST, MAX_SECONDS

_INSTANTS = ("offered", "answered", "abandoned", "ended")
_DURATIONS = ("talk_seconds", "hold_seconds", "acw_seconds")
_TEXTS = ("id", "queue", "agent", "team", "customer")
_FLAGS = {"true", "yes", "1", "false", "no", "0"}
_TRUE = {"true", "yes", "1"}
_INSTANT = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]{3}|\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}$"
)
_SECONDS = r"^[0-9]{1,7}(\.[0-9]{1,3})?$"
_RINGS = r"^[0-9]{1,9}$"
# what str.strip() removes is a subset of this: such a cell takes the row path
_PADDED = r"^[\s\p{Z}\x00-\x20\x7f-\x9f]|[\s\p{Z}\x00-\x20\x7f-\x9f]$"
_MS_MIN = int(EARLIEST.timestamp() * 1000)
_MS_MAX = int(LATEST.timestamp() * 1000)
_DIRECTIONS = {d.value: d for d in Direction}


def _texts(column: Any) -> Any:
    """A column as strings, empty for null; aware timestamps as ISO 8601 in UTC."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_timestamp(column.type) and column.type.tz is not None:
        text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
        column = pc.binary_join_element_wise(text, "+00:00", "")
    elif pa.types.is_boolean(column.type):
        column = pc.if_else(column, "true", "false")
    elif not pa.types.is_string(column.type):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "")


class _Empty:
    """A missing column: every cell empty."""

    def __init__(self, n: int) -> None:
        self.n = n


def _is_empty(col: Any) -> bool:
    return isinstance(col, _Empty)


def _column_checks(get: Callable[[str], Any], n: int) -> Any:
    """Direction, flags, rings and text cells the row reader reads as they are."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def mask(array: Any) -> Any:
        return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)

    fast = mask(pc.is_in(get("direction"), pa.array(list(_DIRECTIONS))))
    for name in ("resolved_first_contact", "queued"):
        col = get(name)
        if not _is_empty(col):
            lower = pc.ascii_lower(col)
            fast &= mask(pc.or_(pc.equal(col, ""), pc.is_in(lower, pa.array(sorted(_FLAGS)))))
    rings = get("rings")
    if not _is_empty(rings):
        fast &= mask(pc.or_(pc.equal(rings, ""), pc.match_substring_regex(rings, _RINGS)))
    for name in _TEXTS:
        col = get(name)
        if not _is_empty(col):
            fast &= ~mask(pc.match_substring_regex(col, _PADDED))
    return fast


def _instant(col: Any, n: int) -> tuple[Any, Any, Any]:
    """Epoch milliseconds (floored), whether the cell is filled, and whether it is
    empty or an instant the row reader reads to the same value."""
    import numpy as np
    import pyarrow.compute as pc

    if _is_empty(col):
        zeros = np.zeros(n, dtype=np.int64)
        return zeros, np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    present = ~np.asarray(pc.equal(col, "").to_numpy(zero_copy_only=False), dtype=bool)
    match = pc.match_substring_regex(col, _INSTANT)
    filled = pc.if_else(match, col, "1970-01-01T00:00:00+00:00")

    def part(start: int, stop: int | None) -> Any:
        piece = pc.utf8_slice_codeunits(filled, start, stop)
        return pc.cast(piece, "int64").to_numpy()

    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    hour, minute, second = part(11, 13), part(14, 16), part(17, 19)
    off_h, off_m = part(-5, -3), part(-2, None)
    sign = np.where(
        np.asarray(pc.equal(pc.utf8_slice_codeunits(filled, -6, -5), "-"), dtype=bool), -1, 1
    )
    # a fraction's first three digits are its milliseconds (floored, as epoch_ms does)
    has_fraction = pc.equal(pc.utf8_slice_codeunits(filled, 19, 20), ".")
    fraction = pc.if_else(has_fraction, pc.utf8_slice_codeunits(filled, 20, 23), "0")
    millis = pc.cast(fraction, "int64").to_numpy()
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    last = month_days[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok = np.asarray(match.to_numpy(zero_copy_only=False), dtype=bool)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59) & (off_h <= 23) & (off_m <= 59)
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146_097 + doe - 719_468
    local = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
    ms = local - sign * (off_h * 3_600_000 + off_m * 60_000)
    ok &= (ms >= _MS_MIN) & (ms < _MS_MAX)
    return ms, present, ok | ~present


def _seconds(col: Any, n: int) -> tuple[Any, Any]:
    """Whole milliseconds (empty: 0) and whether the row reader reads the same."""
    import numpy as np
    import pyarrow.compute as pc

    if _is_empty(col):
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    match = pc.match_substring_regex(col, _SECONDS)
    filled = pc.if_else(match, col, "0")
    ms = np.rint(pc.cast(filled, "float64").to_numpy() * 1000).astype(np.int64)
    empty = np.asarray(pc.equal(col, "").to_numpy(zero_copy_only=False), dtype=bool)
    ok = np.asarray(match.to_numpy(zero_copy_only=False), dtype=bool) & (ms <= MAX_SECONDS * 1000)
    return ms, ok | empty


def _tuples(
    get: Callable[[str], Any],
    n: int,
    ms: dict[str, tuple[Any, Any, Any]],
    durations: dict[str, tuple[Any, Any]],
) -> list[tuple[Any, ...]]:
    """Every row as a CallRow tuple (meaningful only where the checks passed)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def texts(name: str) -> list[Any]:
        col = get(name)
        if _is_empty(col):
            return [None] * n
        return pc.if_else(pc.equal(col, ""), None, col).to_pylist()  # type: ignore[no-any-return]

    def optional(values: Any, present: Any) -> list[Any]:
        return pa.array(values, mask=~present).to_pylist()  # type: ignore[no-any-return]

    def flags(name: str, default: bool | None) -> list[Any]:
        col = get(name)
        if _is_empty(col):
            return [default] * n
        lower = pc.ascii_lower(col).to_pylist()
        return [default if not v else v in _TRUE for v in lower]

    offered = ms["offered"][0]
    answer = optional(ms["answered"][0] - offered, ms["answered"][1])
    abandon = optional(ms["abandoned"][0] - offered, ms["abandoned"][1])
    rings_col = get("rings")
    if _is_empty(rings_col):
        rings: list[Any] = [None] * n
    else:
        filled = pc.if_else(pc.match_substring_regex(rings_col, _RINGS), rings_col, None)
        rings = pc.cast(filled, "int64").to_pylist()
    direction = [_DIRECTIONS.get(d) for d in get("direction").to_pylist()]
    return list(
        zip(
            offered.tolist(),
            direction,
            texts("queue"),
            texts("team"),
            texts("agent"),
            texts("customer"),
            answer,
            abandon,
            rings,
            durations["talk_seconds"][0].tolist(),
            durations["hold_seconds"][0].tolist(),
            durations["acw_seconds"][0].tolist(),
            flags("resolved_first_contact", None),
            flags("queued", True),
            [None] * n,
            strict=True,
        )
    )
