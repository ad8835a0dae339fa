"""The column checks of the Arrow bulk path for calls (private): each function takes a
whole batch's column (strings) and says, row by row, whether the row reader would read
the cell to the same value, and what that value is.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from typing import Any

from servicepolicy.io._arrow_bytes import edge_bytes, string_bytes
from servicepolicy.io._call_instants import _is_empty, _mask
from servicepolicy.kpi.records import Direction
from servicepolicy.limits import MAX_SECONDS

_INSTANTS = ("offered", "answered", "abandoned", "ended")
_DURATIONS = ("talk_seconds", "hold_seconds", "acw_seconds")
_FLAGS = {"true", "yes", "1", "false", "no", "0"}
_TRUE = {"true", "yes", "1"}
_SECONDS = r"^[0-9]{1,7}(\.[0-9]{1,3})?$"
_RINGS = r"^[0-9]{1,9}$"
# what str.strip() removes is a subset of this: such a cell takes the row path
_PADDED = r"^[\s\p{Z}\x00-\x20\x7f-\x9f]|[\s\p{Z}\x00-\x20\x7f-\x9f]$"
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
    return pc.fill_null(column, "") if column.null_count else column


class Judged:
    """A column judged value by value: each distinct cell once, with the row reader's
    rule, then spread to its rows through the column's dictionary codes.

    :param ok: per row, whether the row reader reads the cell to ``values``.
    :param values: per row, the cell's value (int64).
    :param codes: per row, the code of its cell in ``cells`` (``None`` for a column
        not in the file).
    """

    def __init__(self, ok: Any, values: Any, codes: Any, cells: list[str]) -> None:
        self.ok, self.values, self.codes, self.cells = ok, values, codes, cells


def _judged(col: Any, n: int, judge: Callable[[str], int | None], empty: int) -> Judged | None:
    """``col`` judged cell by distinct cell (``judge`` gives a cell's value, ``None`` if
    the row reader would not read it as is); ``None`` if it has too many distinct cells
    for that to pay."""
    import numpy as np

    if _is_empty(col):
        return Judged(np.ones(n, bool), np.full(n, empty, np.int64), None, [""])
    encoded = col.dictionary_encode()
    cells = encoded.dictionary.to_pylist()
    if len(cells) > max(256, n // 8):
        return None
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    found = [empty if cell == "" else judge(cell) for cell in cells]
    ok = np.array([value is not None for value in found], dtype=bool)
    values = np.array([0 if value is None else value for value in found], dtype=np.int64)
    return Judged(ok[codes], values[codes], codes, cells)


@functools.lru_cache(maxsize=1 << 16)
def _direction(cell: str) -> int | None:
    return {"inbound": 0, "outbound": 1}.get(cell)


@functools.lru_cache(maxsize=1 << 16)
def _flag(cell: str) -> int | None:
    lower = cell.lower() if cell.isascii() else cell
    return 1 if lower in _TRUE else 0 if lower in _FLAGS else None


@functools.lru_cache(maxsize=1 << 16)
def _rings(cell: str) -> int | None:
    return int(cell) if re.fullmatch(r"[0-9]{1,9}", cell) else None


@functools.lru_cache(maxsize=1 << 16)
def _duration(cell: str) -> int | None:
    if not re.fullmatch(r"[0-9]{1,7}(\.[0-9]{1,3})?", cell):
        return None
    ms = round(float(cell) * 1000)  # half to even, as numpy.rint
    return ms if ms <= MAX_SECONDS * 1000 else None


@functools.lru_cache(maxsize=1 << 16)
def _name(cell: str) -> int | None:
    return 0 if cell == cell.strip() else None


def facts(get: Callable[[str], Any], n: int) -> dict[str, Judged]:
    """The columns with few distinct cells, judged (see :class:`Judged`): direction,
    flags, rings, durations and names; a column with many (durations, names) is judged
    with whole-column operations instead."""
    import numpy as np

    found: dict[str, Judged] = {}
    rules = {
        "direction": (_direction, -1),
        "resolved_first_contact": (_flag, -1),
        "queued": (_flag, 1),
        "rings": (_rings, -1),
        **{name: (_duration, 0) for name in _DURATIONS},
        **{name: (_name, 0) for name in ("queue", "team", "agent")},
    }
    for name, (judge, empty) in rules.items():
        judged = _judged(get(name), n, judge, empty)
        if judged is None and name in _DURATIONS:
            values, ok = _seconds(get(name), n)
            judged = Judged(ok, values, None, [])
        elif judged is None:  # a name column with many distinct names
            ok = _unpadded(get(name))
            judged = Judged(ok, np.zeros(n, np.int64), None, [])
        found[name] = judged
    found["direction"].ok &= found["direction"].values >= 0
    return found


def _checked(get: Callable[[str], Any], n: int, judged: dict[str, Judged]) -> Any:
    """Rows whose direction, flags, rings, durations and names the row reader reads as
    they are (instants are checked apart)."""
    fast = judged["direction"].ok.copy()
    for column in judged.values():
        fast &= column.ok
    for name in ("id", "customer"):
        col = get(name)
        if not _is_empty(col):
            fast &= _unpadded(col)
    return fast


def _consistent(ms: dict[str, tuple[Any, Any, Any]], judged: dict[str, Judged]) -> Any:
    """Rows whose instants and durations are each valid and agree with one another."""
    import numpy as np

    offered, present, fast = ms["offered"]
    fast = fast & present
    for name in _INSTANTS[1:]:
        fast &= ms[name][2]
    answered, has_answer = ms["answered"][:2]
    abandoned, has_abandon = ms["abandoned"][:2]
    ended, has_end = ms["ended"][:2]
    fast &= ~has_answer | (answered >= offered)
    fast &= ~has_abandon | (abandoned >= offered)
    fast &= ~has_end | (ended >= offered)
    fast &= ~(has_answer & has_abandon)
    settled = np.where(has_answer, answered, abandoned)
    fast &= ~(has_end & (has_answer | has_abandon)) | (ended >= settled)
    busy = judged["talk_seconds"].values | judged["hold_seconds"].values
    fast &= has_answer | ((busy | judged["acw_seconds"].values) == 0)
    return fast


def _seconds(col: Any, n: int) -> tuple[Any, Any]:
    """Whole milliseconds (empty: 0) and whether the row reader reads the same: whole
    seconds are cast at once, only cells with a fraction go through the pattern."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if _is_empty(col):
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    whole = _mask(pc.and_(pc.ascii_is_decimal(col), pc.less_equal(pc.binary_length(col), 7)))
    ms = pc.cast(pc.if_else(pa.array(whole), col, "0"), "int64").to_numpy() * 1000
    ok = whole | _mask(pc.equal(col, ""))
    rest = np.flatnonzero(~ok)
    if len(rest):
        cells = col.take(pa.array(rest))
        match = pc.match_substring_regex(cells, _SECONDS)
        filled = pc.if_else(match, cells, "0")
        parsed = np.rint(pc.cast(filled, "float64").to_numpy() * 1000).astype(np.int64)
        ms[rest] = parsed
        ok[rest] = _mask(match) & (parsed <= MAX_SECONDS * 1000)
    ok &= ms <= MAX_SECONDS * 1000
    return ms, ok


def _unpadded(col: Any) -> Any:
    """Cells that ``str.strip()`` leaves as they are: the first and last byte are not
    ASCII blanks or controls; a cell starting or ending with a non-ASCII character goes
    through the pattern."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    data, starts, lengths = string_bytes(col)
    first, last = edge_bytes(data, starts, lengths)
    blank = (first <= 0x20) | (first == 0x7F) | (last <= 0x20) | (last == 0x7F)
    ok = (lengths == 0) | ~blank
    wide = np.flatnonzero(ok & ((first >= 0x80) | (last >= 0x80)))
    if len(wide):
        ok[wide] = ~_mask(pc.match_substring_regex(col.take(pa.array(wide)), _PADDED))
    return ok


def _tuples(
    get: Callable[[str], Any],
    n: int,
    ms: dict[str, tuple[Any, Any, Any]],
    judged: dict[str, Judged],
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
            judged["talk_seconds"].values.tolist(),
            judged["hold_seconds"].values.tolist(),
            judged["acw_seconds"].values.tolist(),
            flags("resolved_first_contact", None),
            flags("queued", True),
            [None] * n,
            strict=True,
        )
    )


def _columns(
    get: Callable[[str], Any],
    keep: Any,
    ms: dict[str, tuple[Any, Any, Any]],
    judged: dict[str, Judged],
    names: Collection[str],
) -> Any:
    """The rows of ``keep`` (checked) as :class:`~servicepolicy.kpi.columns.CallColumns`,
    with the names of ``names`` only (what the accumulator groups by)."""
    from servicepolicy.kpi.columns import CallColumns, Categories

    def categories(name: str) -> Categories:
        column = judged[name]
        if column.codes is None:  # many names, or the column is not in the file
            column = _judged(get(name), len(keep), _name, 0) or _encoded(get(name))
        if column.codes is None:
            return Categories(column.values[keep], (None,))
        return Categories(column.codes[keep], [cell or None for cell in column.cells])

    offered = ms["offered"][0]
    rings = judged["rings"].values
    fcr = judged["resolved_first_contact"].values
    return CallColumns(
        offered=offered[keep],
        direction=judged["direction"].values[keep],
        **{name: categories(name) for name in ("queue", "team", "agent") if name in names},
        answered=ms["answered"][1][keep],
        answer=(ms["answered"][0] - offered)[keep],
        abandoned=ms["abandoned"][1][keep],
        abandon=(ms["abandoned"][0] - offered)[keep],
        has_rings=(rings >= 0)[keep],
        rings=rings[keep],
        talk=judged["talk_seconds"].values[keep],
        hold=judged["hold_seconds"].values[keep],
        acw=judged["acw_seconds"].values[keep],
        fcr=fcr[keep],
        queued=(judged["queued"].values != 0)[keep],
    )


def _encoded(col: Any) -> Judged:
    """Every distinct cell of ``col`` with its code (any number of them)."""
    import numpy as np

    encoded = col.dictionary_encode()
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return Judged(None, None, codes, encoded.dictionary.to_pylist())
