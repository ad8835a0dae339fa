"""Instants of the Arrow bulk path for calls (private): a whole column of ISO 8601
cells with an offset read to epoch milliseconds, and whether the row reader reads each
cell to the same instant.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from typing import Any

from servicepolicy.io._arrow_bytes import fixed_width, string_bytes
from servicepolicy.limits import EARLIEST, LATEST

# the shapes of an instant the bulk path reads: "0" stands for a digit, "+" for a sign
_TEMPLATES = {
    25: "0000-00-00T00:00:00+00:00",
    29: "0000-00-00T00:00:00.000+00:00",
    32: "0000-00-00T00:00:00.000000+00:00",
}
_STRICT_INSTANT = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{3}|\.[0-9]{6})?"
    r"[+-]([01][0-9]|2[0-3]):[0-5][0-9]$"
)
_MS_MIN = int(EARLIEST.timestamp() * 1000)
_MS_MAX = int(LATEST.timestamp() * 1000)


class _Empty:
    """A missing column: every cell empty."""

    def __init__(self, n: int) -> None:
        self.n = n


def _is_empty(col: Any) -> bool:
    return isinstance(col, _Empty)


def _mask(array: Any) -> Any:
    import numpy as np

    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _instant(col: Any, n: int) -> tuple[Any, Any, Any]:
    """Epoch milliseconds (floored), whether the cell is filled, and whether it is
    empty or an instant the row reader reads to the same value.

    A pattern with every field's range checks the shape; Arrow's ISO 8601 cast reads
    the cells that pass.  A cell the pattern lets through and the cast refuses (the
    30th of February) sends the batch to :func:`_instant_bytes`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if _is_empty(col):
        return _instant_bytes(col, n)
    if pa.types.is_timestamp(col.type):  # zoned (see calls_arrow): no text to read
        return _zoned(col)
    data, starts, lengths = string_bytes(col)
    present = lengths > 0
    shaped = _shaped(data, starts, lengths, present)
    if shaped is None:  # cells of several lengths: the pattern decides
        shaped = _mask(pc.match_substring_regex(col, _STRICT_INSTANT))
    filled = pc.if_else(pa.array(shaped), col, "1970-01-01T00:00:00+00:00")
    try:
        micros = pc.cast(filled, pa.timestamp("us", "UTC")).cast(pa.int64()).to_numpy()
    except pa.ArrowInvalid:
        return _instant_bytes(col, n)
    ms = micros // 1000
    ok = shaped & (ms >= _MS_MIN) & (ms < _MS_MAX)
    return ms, present, ok | ~present


def _zoned(col: Any) -> tuple[Any, Any, Any]:
    """:func:`_instant` of a zoned timestamp column: its instants floored to
    milliseconds (as the row reader floors the ISO 8601 text of each), nulls empty."""
    import numpy as np
    import pyarrow as pa

    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[col.type.unit]
    present = _mask(col.is_valid())
    ticks = col.cast(pa.int64()).fill_null(0).to_numpy()
    ms = ticks * 1000 if per_second == 1 else ticks // (per_second // 1000)
    ok = (ms >= _MS_MIN) & (ms < _MS_MAX)
    return ms.astype(np.int64), present, ok | ~present


def _shaped(data: Any, starts: Any, lengths: Any, present: Any) -> Any:
    """When every filled cell has the same length, one of the format's: whether each
    has the format's separators where they belong (``None`` for cells of several
    lengths).  Arrow's ISO 8601 cast then refuses any cell with a non-digit or a field
    out of range where the format has digits; a cell it accepts is the row reader's."""
    import numpy as np

    rows = np.flatnonzero(present)
    if not len(rows):
        return present
    width = int(lengths[rows[0]])
    if width not in _TEMPLATES or not (lengths[rows] == width).all():
        return None
    begin = int(starts[rows[0]])
    cells = data[begin : begin + width * len(rows)].reshape(len(rows), width)
    template = _TEMPLATES[width]
    good = np.ones(len(rows), dtype=bool)
    for at, char in enumerate(template):
        if char not in "0+":
            good &= cells[:, at] == ord(char)
    sign = cells[:, width - 6]
    good &= (sign == ord("+")) | (sign == ord("-"))
    shaped = np.zeros(len(present), dtype=bool)
    shaped[rows] = good
    return shaped


def _instant_bytes(col: Any, n: int) -> tuple[Any, Any, Any]:
    """:func:`_instant`, read from the cells' bytes with numpy: the three lengths the format allows
    (``YYYY-MM-DDTHH:MM:SS±HH:MM``, with ``.fff`` or ``.ffffff``) each as a matrix."""
    import numpy as np

    zeros = np.zeros(n, dtype=np.int64)
    if _is_empty(col):
        return zeros, np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    data, starts, lengths = string_bytes(col)
    present = lengths > 0
    ok = np.zeros(n, dtype=bool)
    fields = {name: zeros.copy() for name in ("y", "mo", "d", "h", "mi", "s", "ms", "oh", "om")}
    sign = np.ones(n, dtype=np.int64)
    fields["y"][:], fields["mo"][:], fields["d"][:] = 1970, 1, 1
    filled_lengths = np.unique(lengths[present])
    for width, fraction in ((25, 0), (29, 3), (32, 6)):
        if width not in filled_lengths:
            continue
        if len(filled_lengths) == 1:  # every filled cell this long: their bytes in a row
            rows = np.flatnonzero(present)
            begin = int(starts[rows[0]])
            cells = data[begin : begin + width * len(rows)].reshape(len(rows), width)
        else:
            rows = np.flatnonzero(lengths == width)
            cells = fixed_width(data, starts, rows, width)
        zone = 19 + (fraction + 1 if fraction else 0)
        template = np.frombuffer(_TEMPLATES[width].encode(), dtype=np.uint8)
        digit = template == ord("0")
        digits = cells - np.uint8(48)
        match = np.where(digit, digits <= 9, cells == template)
        match[:, zone] = (cells[:, zone] == ord("+")) | (cells[:, zone] == ord("-"))
        good = match.all(axis=1)
        parts = {"y": (0, 4), "mo": (5, 2), "d": (8, 2), "h": (11, 2), "mi": (14, 2)}
        parts |= {"s": (17, 2), "oh": (zone + 1, 2), "om": (zone + 4, 2)}
        if fraction:
            parts["ms"] = (20, 3)  # a fraction's first three digits: milliseconds, floored
        for name, (first, count) in parts.items():
            value = digits[:, first].astype(np.int64)
            for at in range(first + 1, first + count):
                value = value * 10 + digits[:, at]
            fields[name][rows] = np.where(good, value, fields[name][rows])
        sign[rows] = np.where(good & (cells[:, zone] == ord("-")), -1, 1)
        ok[rows] = good
    year, month, day = fields["y"], fields["mo"], fields["d"]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    last = month_days[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
    ok &= (fields["h"] <= 23) & (fields["mi"] <= 59) & (fields["s"] <= 59)
    ok &= (fields["oh"] <= 23) & (fields["om"] <= 59)
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146_097 + doe - 719_468
    seconds = (days * 24 + fields["h"]) * 3600 + fields["mi"] * 60 + fields["s"]
    offset = sign * (fields["oh"] * 3600 + fields["om"] * 60)
    ms = (seconds - offset) * 1000 + fields["ms"]
    ok &= (ms >= _MS_MIN) & (ms < _MS_MAX)
    return ms, present, ok | ~present
