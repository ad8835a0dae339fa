"""Reading calls in Arrow record batches straight into a KPI accumulator (KPI-1 … KPI-7).

The bulk path of ``servicepolicy.io.read_calls``, for files of millions of
calls: a CSV file (``.csv``) or a Parquet file (``.parquet``) is read in record batches
with ``pyarrow`` (the optional extra ``servicepolicy[arrow]``), every column is checked
at once for a whole batch (instants ISO 8601 with an offset and in range, durations
non-negative and bounded, known directions and flags, instants in order), and

* the rows that pass are turned into plain :class:`~servicepolicy.kpi.CallRow` tuples and
  counted with :meth:`~servicepolicy.kpi.CallAccumulator.add_call_rows`, batch by batch,
  so memory stays flat;
* every other row goes through the row reader's own code (``servicepolicy.io.calls``),
  so it is read or rejected with exactly the reason and line it has there.

The check is conservative: a row is counted on the fast path only if the row reader
would read it to the same values; anything unusual (a ``Z`` offset, four decimals, padding
blanks, ``+5`` rings) simply takes the row path.  Call IDs must be unique across the file,
as with the row reader.

:func:`read_calls_bulk` returns ``None`` when it cannot promise the row reader's answer,
and the caller reads the file with ``servicepolicy.io.read_calls``: pyarrow is
not installed, the suffix is neither ``.csv`` nor ``.parquet``, the CSV header is not a
plain UTF-8 comma-separated line of known columns, or a record spans several lines or has
the wrong number of cells (line numbers could not be kept).  A Parquet row's line is its
position + 2, as for a DataFrame.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import csv as csv_module
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io.calls import CALL_COLUMNS, _call
from servicepolicy.io.csv_records import sniff_delimiter
from servicepolicy.io.sources import _header
from servicepolicy.io.tabular import Bad, RejectedRow, Row, _valid_text
from servicepolicy.kpi.accumulator import CallAccumulator
from servicepolicy.kpi.records import Direction
from servicepolicy.limits import EARLIEST, LATEST, MAX_SECONDS

__all__ = ["BulkCalls", "arrow_available", "read_calls_bulk"]

_REQUIRED = ("direction", "offered")
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
_CELL = 65536
_MS_MIN = int(EARLIEST.timestamp() * 1000)
_MS_MAX = int(LATEST.timestamp() * 1000)
_DIRECTIONS = {d.value: d for d in Direction}


def arrow_available() -> bool:
    """Whether pyarrow and numpy can be imported (the extra ``servicepolicy[arrow]``)."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


@attrs.frozen(eq=False)
class BulkCalls:
    """Calls read in bulk: counted, not kept.

    :param accumulator: the accumulator the valid calls were added to, in file order.
    :param records: how many calls were read.
    :param rejected: the rejected rows, by line, as the row reader rejects them.
    :param source: the file's name.

    .. versionadded:: 0.3.0
    """

    accumulator: CallAccumulator
    records: int
    rejected: tuple[RejectedRow, ...]
    source: str | None
    what: str = "call"


class _Unsafe(Exception):
    """The batch cannot be read with the row reader's line numbers."""


def read_calls_bulk(
    path: str | os.PathLike[str],
    accumulator: Callable[[], CallAccumulator],
    *,
    batch_bytes: int = 1 << 20,
) -> BulkCalls | None:
    """Read the calls of ``path`` in Arrow batches into a new ``accumulator()`` (see the
    module); ``None`` if the row reader must read this file.

    :param batch_bytes: how much of a CSV file one batch holds (a Parquet file is read
        65,536 rows at a time); memory grows with it, not with the file.

    .. versionadded:: 0.3.0
    """
    if not arrow_available():
        return None
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet") or not path.is_file():
        return None
    batches = _csv_batches(path, batch_bytes) if suffix == ".csv" else _parquet_batches(path)
    if batches is None:
        return None
    header, stream = batches
    reader = _Reader(accumulator(), header, str(path))
    try:
        for batch in stream:
            reader.batch(batch)
    except _Unsafe:
        return None
    except Exception as error:  # pyarrow's own errors: a malformed record, bad UTF-8
        if type(error).__module__.startswith("pyarrow"):
            return None
        raise
    return BulkCalls(reader.acc, reader.read, tuple(reader.rejected), str(path))


def _checked_header(cells: list[str]) -> list[str] | None:
    try:
        return _header(cells, _REQUIRED, set(CALL_COLUMNS))
    except Bad:
        return None


def _csv_batches(path: Path, batch_bytes: int) -> tuple[list[str], Iterator[Any]] | None:
    import pyarrow as pa
    from pyarrow import csv

    with path.open("rb") as file:
        first = file.readline(1 << 16)
    try:
        text = first.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    if not text or text.startswith("\ufeff") or "\r" in text:
        return None
    if sniff_delimiter(text, set(CALL_COLUMNS)) != ",":
        return None
    raw = next(csv_module.reader([text]), [])
    header = _checked_header(raw)
    if header is None or header != raw:
        return None
    read = csv.ReadOptions(skip_rows=1, column_names=header, block_size=batch_bytes)
    parse = csv.ParseOptions(delimiter=",", newlines_in_values=False, ignore_empty_lines=False)
    convert = csv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )

    def batches() -> Iterator[Any]:  # opened here: opening reads (and checks) a block
        yield from csv.open_csv(path, read, parse, convert)

    return header, batches()


def _parquet_batches(path: Path) -> tuple[list[str], Iterator[Any]] | None:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception:
        return None
    names = list(file.schema_arrow.names)
    header = _checked_header(names)
    if header is None or header != names:
        return None
    return header, file.iter_batches(batch_size=65_536)


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


class _Reader:
    """The state of one file's reading: the accumulator, IDs seen, rows rejected."""

    def __init__(self, acc: CallAccumulator, header: list[str], source: str) -> None:
        self.acc, self.header, self.source = acc, header, source
        self.read, self.start = 0, 0
        self.rejected: list[RejectedRow] = []
        self.first_line: dict[str, int] = {}

    def batch(self, batch: Any) -> None:
        import numpy as np
        import pyarrow.compute as pc

        n = batch.num_rows
        cols = {name: _texts(batch.column(name)) for name in self.header}
        for col in cols.values():
            if pc.any(pc.match_substring_regex(col, "[\r\n]")).as_py():
                raise _Unsafe  # a record over several lines: its line is unknown
            longest = pc.max(pc.binary_length(col)).as_py() or 0  # bytes >= characters
            if longest > _CELL and (pc.max(pc.utf8_length(col)).as_py() or 0) > _CELL:
                raise _Unsafe  # the row reader's record limits decide this file
        empty = _Empty(n)

        def get(name: str) -> Any:
            return cols.get(name, empty)

        fast = _column_checks(get, n)
        ms = {name: _instant(get(name), n) for name in _INSTANTS}
        durations = {name: _seconds(get(name), n) for name in _DURATIONS}
        for name, (_, present, valid) in ms.items():
            fast &= valid & (present if name == "offered" else True)
        for _, valid in durations.values():
            fast &= valid
        offered = ms["offered"][0]
        answered, has_answer = ms["answered"][:2]
        abandoned, has_abandon = ms["abandoned"][:2]
        ended, has_end = ms["ended"][:2]
        fast &= ~has_answer | (answered >= offered)
        fast &= ~has_abandon | (abandoned >= offered)
        fast &= ~has_end | (ended >= offered)
        fast &= ~(has_answer & has_abandon)
        settled = np.where(has_answer, answered, abandoned)
        fast &= ~(has_end & (has_answer | has_abandon)) | (ended >= settled)
        busy = (durations["talk_seconds"][0] | durations["hold_seconds"][0]) | durations[
            "acw_seconds"
        ][0]
        fast &= has_answer | (busy == 0)
        rows = _tuples(get, n, ms, durations)
        ids = get("id")
        id_list = ids.to_pylist() if "id" in cols else None
        out: list[tuple[Any, ...]] = []
        if id_list is None and fast.all():
            out = rows
        else:
            keys = id_list if id_list is not None else [None] * n
            seen, base = self.first_line, self.start + 2
            for i, (ok, key) in enumerate(zip(fast.tolist(), keys, strict=True)):
                line = base + i
                if ok:
                    if key:
                        if key in seen:
                            reason = f"id: {key!r} is already used on line {seen[key]}"
                            self.rejected.append(
                                RejectedRow(line, reason, self._cells(cols, i), self.source)
                            )
                            continue
                        seen[key] = line
                    out.append(rows[i])
                else:
                    found = self._slow(cols, i, line)
                    if found is not None:
                        out.append(found)
        self.acc.add_call_rows(out)
        self.read += len(out)
        self.start += n

    def _cells(self, cols: dict[str, Any], i: int) -> dict[str, str]:
        return {name: str(cols[name][i].as_py()).strip() for name in self.header}

    def _slow(self, cols: dict[str, Any], i: int, line: int) -> tuple[Any, ...] | None:
        """One row through the row reader's code: its record's row, or ``None``."""
        cells = self._cells(cols, i)
        if not any(cells.values()):
            return None  # a blank row, skipped as the row reader skips it
        try:
            _valid_text(cells)
            record = _call(Row(cells))
            key = record.id
            if key is not None:
                if key in self.first_line:
                    raise Bad(f"id: {key!r} is already used on line {self.first_line[key]}")
                self.first_line[key] = line
        except (Bad, ServicePolicyError) as reason:
            self.rejected.append(RejectedRow(line, str(reason), cells, self.source))
            return None
        return tuple(record.row())


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
