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
from servicepolicy.io._call_columns import (
    _DURATIONS,
    _INSTANTS,
    _column_checks,
    _Empty,
    _instant,
    _seconds,
    _texts,
    _tuples,
)
from servicepolicy.io.calls import CALL_COLUMNS, _call
from servicepolicy.io.csv_records import sniff_delimiter
from servicepolicy.io.sources import _header
from servicepolicy.io.tabular import Bad, RejectedRow, Row, _valid_text
from servicepolicy.kpi.accumulator import CallAccumulator

__all__ = ["BulkCalls", "arrow_available", "read_calls_bulk"]

_REQUIRED = ("direction", "offered")
_CELL = 65536


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
