"""Reading calls in Arrow record batches straight into a KPI accumulator (KPI-1 … KPI-7).

The bulk path of ``servicepolicy.io.read_calls``, for files of millions of
calls: a CSV file (``.csv``) or a Parquet file (``.parquet``) is read in record batches
with ``pyarrow`` (the optional extra ``servicepolicy[arrow]``), every column is checked
at once for a whole batch (instants ISO 8601 with an offset and in range, durations
non-negative and bounded, known directions and flags, instants in order), and

* the rows that pass are counted a whole batch at a time with numpy
  (:meth:`~servicepolicy.kpi.CallAccumulator.add_call_columns`), so memory stays flat and
  no Python object is made per row;
* every other row goes through the row reader's own code (``servicepolicy.io.calls``),
  so it is read or rejected with exactly the reason and line it has there.

The check is conservative: a row is counted on the fast path only if the row reader
would read it to the same values; anything unusual (a ``Z`` offset, four decimals, padding
blanks, ``+5`` rings) simply takes the row path.  Call IDs must be unique across the file,
as with the row reader: they are kept as 64-bit keys (:mod:`servicepolicy.io.call_ids`),
and a file with repeated IDs is read once more, its IDs only, to name the line each
repeat was first read on (and to tell a repeat from two IDs sharing a hash).

A CSV file is read in chunks of whole lines (``batch_bytes``), each parsed by pyarrow on
every core while the chunk before is counted.

:func:`read_calls_bulk` returns ``None`` when it cannot promise the row reader's answer,
and the caller reads the file with ``servicepolicy.io.read_calls``: pyarrow is
not installed, the suffix is neither ``.csv`` nor ``.parquet``, the CSV header is not a
plain UTF-8 comma-separated line of known columns, or a record spans several lines or has
the wrong number of cells (line numbers could not be kept).  A Parquet row's line is its
position + 2, as for a DataFrame.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io._call_columns import (
    _INSTANTS,
    _checked,
    _columns,
    _consistent,
    _texts,
    _tuples,
    _unpadded,
    facts,
)
from servicepolicy.io._call_instants import _Empty, _instant
from servicepolicy.io._call_sources import LineTooLong, line_break, open_batches
from servicepolicy.io.call_ids import CallIds, Repeats, call_id_keys, is_exact
from servicepolicy.io.calls import CALL_COLUMNS, _call
from servicepolicy.io.parquet import value_text
from servicepolicy.io.sources import _header, cell_text
from servicepolicy.io.tabular import Bad, RejectedRow, Row, _valid_text
from servicepolicy.kpi.accumulator import CallAccumulator

__all__ = ["BulkCalls", "arrow_available", "count_call_batches", "read_calls_bulk"]

_REQUIRED = ("direction", "offered")
_ID = 15  # where a row read by the row reader carries its call's ID
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


def _column(name: str, column: Any) -> Any:
    """A batch's column as the checks take it: text, except a zoned timestamp holding
    an instant (read as epoch milliseconds, without going through text)."""
    import pyarrow as pa

    kind = column.type
    if name in _INSTANTS and pa.types.is_timestamp(kind) and kind.tz:
        return column
    plain = (pa.types.is_string, pa.types.is_large_string, pa.types.is_integer)
    more = (pa.types.is_floating, pa.types.is_boolean, pa.types.is_null)
    if not any(test(kind) for test in (*plain, *more)):
        raise _Unsafe  # a decimal, a list, a zoned time elsewhere: the row reader decides
    return _texts(column)


class _Unsafe(Exception):
    """The batch cannot be read with the row reader's line numbers."""


def read_calls_bulk(
    path: str | os.PathLike[str],
    accumulator: Callable[[], CallAccumulator],
    *,
    batch_bytes: int = 2 << 20,
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
    opened = _open(path, batch_bytes)
    if opened is None:
        return None
    header, stream = opened

    def again() -> Iterable[Any]:
        reopened = _open(path, batch_bytes)
        if reopened is None:
            raise _Unsafe
        return reopened[1]

    return count_call_batches(stream, header, accumulator(), source=str(path), again=again)


def count_call_batches(
    batches: Iterable[Any],
    header: Sequence[str],
    accumulator: CallAccumulator,
    *,
    source: str | None = None,
    first_line: int = 2,
    ids: CallIds | None = None,
    again: Callable[[], Iterable[Any]] | None = None,
) -> BulkCalls | None:
    """Count Arrow record batches of calls (columns named as in
    ``servicepolicy.io.calls.CALL_COLUMNS``) into ``accumulator``: the engine of
    :func:`read_calls_bulk`, for callers that have the batches already (a Parquet part
    of a Dask partition, an Arrow table).  ``None`` if a row's line could not be kept
    (a cell with a line break, a cell over 65,536 characters, a record pyarrow could
    not parse) or repeated IDs could not be resolved: read those rows with the row
    reader.

    :param header: the columns of the batches, checked as a calls file's header.
    :param first_line: the line of the first batch's first row (a file's header is line 1).
    :param ids: the call IDs read before (added to); a new
        :class:`~servicepolicy.io.call_ids.CallIds` if ``None``.
    :param again: gives the same batches once more, for files with repeated IDs (to
        name the line each was first read on); if ``None``, ``batches`` itself is read
        again when it is a collection (a list, an Arrow table), else ``None`` is
        returned for such a file.

    .. versionadded:: 0.3.0
    """
    names = list(header)
    if _checked_header(names) != names:
        return None
    reader = _Reader(accumulator, names, source, CallIds() if ids is None else ids)
    reader.first = first_line
    try:
        for batch in batches:
            reader.count(reader.prepare(batch))
        if reader.repeats:
            if again is None and isinstance(batches, Iterator):
                return None
            rejected = {row.line for row in reader.rejected}
            found = reader.repeats.resolve(
                again() if again is not None else batches, rejected, reader.id_keys, first_line
            )
            if found is None:
                return None  # two IDs share a hash: the row reader decides
            reader.name_first_reads(found)
    except (_Unsafe, LineTooLong):
        return None
    except Exception as error:  # pyarrow's own errors: a malformed record, bad UTF-8
        if type(error).__module__.startswith("pyarrow"):
            return None
        raise
    rejected_rows = tuple(sorted(reader.rejected, key=lambda row: row.line))
    return BulkCalls(reader.acc, reader.read, rejected_rows, source)


def _open(path: Path, batch_bytes: int) -> tuple[list[str], Iterator[Any]] | None:
    return open_batches(path, batch_bytes, _checked_header, set(CALL_COLUMNS))


def _checked_header(cells: list[str]) -> list[str] | None:
    try:
        return _header(cells, _REQUIRED, set(CALL_COLUMNS))
    except Bad:
        return None


@attrs.frozen(eq=False)
class _Prepared:
    """A batch made ready for counting (see :meth:`_Reader.prepare`)."""

    n: int
    base: int  # the line of its first row
    cols: dict[str, Any]  # the columns as the checks take them
    batch: Any  # the record batch itself: a row's values for the row reader
    fast: Any  # the rows checked column-wise
    slow: dict[int, tuple[Any, ...]]  # the other rows the row reader read: call rows
    rejected: list[RejectedRow]
    id_rows: Any  # the rows with an ID (checked or read), in line order, and their keys
    id_keys: Any
    columns: Any  # the checked rows as CallColumns, or None
    rows: list[tuple[Any, ...]] | None  # every row as a call row (repeat contacts)


class _Reader:
    """The state of one file's reading: the accumulator, IDs seen, rows rejected."""

    def __init__(
        self, acc: CallAccumulator, header: list[str], source: str | None, ids: CallIds
    ) -> None:
        self.acc, self.header, self.source, self.ids = acc, header, source, ids
        self.read, self.start, self.first, self.prepared = 0, 0, 2, 0
        self.rejected: list[RejectedRow] = []
        self.repeats = Repeats()  # rows rejected for a repeated ID: their reasons wait
        self.waiting: dict[int, tuple[str, dict[str, str]]] = {}  # line: (ID, cells)
        self.columnar = acc.columnar

    def prepare(self, batch: Any) -> _Prepared:
        """Everything of a batch that needs no other batch: cells checked, instants and
        durations read, failing rows through the row reader, ID keys.  Called in file
        order (it numbers the lines), possibly on another thread than :meth:`count`."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        n = batch.num_rows
        cols = {name: _column(name, batch.column(name)) for name in self.header}
        for col in cols.values():
            if not pa.types.is_string(col.type):
                continue  # a zoned timestamp, read as it is
            if line_break(col):
                raise _Unsafe  # a record over several lines: its line is unknown
            longest = pc.max(pc.binary_length(col)).as_py() or 0  # bytes >= characters
            if longest > _CELL and (pc.max(pc.utf8_length(col)).as_py() or 0) > _CELL:
                raise _Unsafe  # the row reader's record limits decide this file
        empty = _Empty(n)

        def get(name: str) -> Any:
            return cols.get(name, empty)

        judged = facts(get, n)
        fast = _checked(get, n, judged)
        ms = {name: _instant(get(name), n) for name in _INSTANTS}
        fast &= _consistent(ms, judged)
        base = self.first + self.prepared
        self.prepared += n
        rejected: list[RejectedRow] = []
        slow = {}  # row -> its call row tuple, for the rows the row reader read
        for i in np.flatnonzero(~fast).tolist():
            found = self._slow(batch, i, base + i, rejected)
            if found is not None:
                slow[i] = found
        id_rows = id_keys = np.zeros(0, dtype=np.int64)
        if "id" in cols:
            ids = cols["id"]
            filled = fast & ~np.asarray(pc.equal(ids, "").to_numpy(zero_copy_only=False), bool)
            id_rows = np.flatnonzero(filled)
            id_keys = call_id_keys(ids.filter(pa.array(filled)))
            texts = {i: row[_ID] for i, row in slow.items() if row[_ID]}
            if texts:
                id_rows = np.concatenate([id_rows, np.fromiter(texts, dtype=np.int64)])
                extra = call_id_keys(pa.array(list(texts.values())))
                id_keys = np.concatenate([id_keys, extra])
                order = np.argsort(id_rows, kind="stable")  # in line order
                id_rows, id_keys = id_rows[order], id_keys[order]
        if self.columnar:
            columns, rows = _columns(get, fast, ms, judged, self.acc.dimensions), None
        else:
            columns, rows = None, _tuples(get, n, ms, judged)
        return _Prepared(
            n, base, cols, batch, fast, slow, rejected, id_rows, id_keys, columns, rows
        )

    def count(self, ready: _Prepared) -> None:
        """Reject the repeated IDs of a prepared batch and count the rest, in file order."""
        import numpy as np

        self.rejected.extend(ready.rejected)
        keep = ready.fast.copy()
        slow = dict(ready.slow)
        if len(ready.id_rows):
            for i in self._repeated(ready):
                keep[i] = False
                slow.pop(i, None)
        if self.columnar:
            columns = ready.columns
            if not keep[ready.fast].all():  # repeated IDs among the checked rows
                columns = columns.take(keep[ready.fast])
            self.acc.add_call_columns(columns)
            self.acc.add_call_rows(slow.values())
        else:  # order matters (repeat contacts): every row in file order
            rows = ready.rows or []
            in_order = [slow.get(i) or rows[i] for i in range(ready.n) if keep[i] or i in slow]
            self.acc.add_call_rows(in_order)
        self.read += int(np.count_nonzero(keep)) + len(slow)
        self.start += ready.n

    def _repeated(self, ready: _Prepared) -> list[int]:
        """The rows of the batch whose ID was read before: rejected, their reasons
        written once the line of each first read is known."""
        import numpy as np

        order = np.argsort(ready.id_keys, kind="stable")  # equal keys stay in line order
        keys, rows = ready.id_keys[order], ready.id_rows[order]
        lines = ready.base + rows
        seen = self.ids.seen(keys, ordered=True)
        first_of_run = np.r_[True, keys[1:] != keys[:-1]]
        first = np.maximum.accumulate(np.where(first_of_run, np.arange(len(keys)), 0))
        again = seen | ~first_of_run
        self.ids.add(keys[~again], ordered=True)
        exact = is_exact(keys)
        repeated = []
        for j in np.flatnonzero(again).tolist():
            i, line = int(rows[j]), int(lines[j])
            text = self._id_text(ready, i)
            earlier = -1 if seen[j] else int(lines[first[j]])
            if earlier >= 0 and not exact[j] and self._id_text(ready, int(rows[first[j]])) != text:
                raise _Unsafe  # two IDs of the batch share a hash: the row reader decides
            self.repeats.add(line, int(keys[j]), text, earlier)
            self.waiting[line] = (text, self._cells(ready.batch, i))
            repeated.append(i)
        return repeated

    def _id_text(self, ready: _Prepared, i: int) -> str:
        return ready.slow[i][_ID] if i in ready.slow else str(ready.cols["id"][i].as_py())

    def id_keys(self, batch: Any, base: int) -> tuple[Any, Any, Callable[[int], str]]:
        """A batch read again: the lines and keys of its rows with an ID, and each one's
        ID (as :meth:`prepare` reads it: padded cells stripped)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = _texts(batch.column("id"))
        filled = ~np.asarray(pc.equal(ids, "").to_numpy(zero_copy_only=False), bool)
        rows = np.flatnonzero(filled)
        keys = call_id_keys(ids.filter(pa.array(filled)))
        padded = ~_unpadded(ids)
        for j in np.flatnonzero(padded[rows]).tolist():  # as the row reader's strip()
            text = str(ids[int(rows[j])].as_py()).strip()
            keys[j] = call_id_keys(pa.array([text]))[0]  # "" is key 0: never wanted

        def text_of(j: int) -> str:
            return str(ids[int(rows[j])].as_py()).strip()

        return base + rows, keys, text_of

    def name_first_reads(self, first: dict[int, int]) -> None:
        """Write the rejections of the repeated IDs, naming each one's first read."""
        for line, earlier in first.items():
            text, cells = self.waiting.pop(line)
            reason = f"id: {text!r} is already used on line {earlier}"
            self.rejected.append(RejectedRow(line, reason, cells, self.source))

    def _cells(self, batch: Any, i: int) -> dict[str, str]:
        """Row ``i``'s cells as the row reader reads them: each value of the batch as
        its text (``cell_text``, as for a Parquet file or a DataFrame)."""
        return {name: value_text(batch.column(name)[i].as_py(), cell_text) for name in self.header}

    def _slow(
        self, batch: Any, i: int, line: int, rejected: list[RejectedRow]
    ) -> tuple[Any, ...] | None:
        """One row through the row reader's code: its call row, or ``None`` (blank or
        rejected); its ID is checked with the others of the batch."""
        cells = self._cells(batch, i)
        if not any(cells.values()):
            return None  # a blank row, skipped as the row reader skips it
        try:
            _valid_text(cells)
            record = _call(Row(cells))
        except (Bad, ServicePolicyError) as reason:
            rejected.append(RejectedRow(line, str(reason), cells, self.source))
            return None
        return (*record.row(), record.id)
