"""Ticket-event rows read a batch at a time into compact columns (private; see
:mod:`servicepolicy.io.ticket_table`).

Each batch of the file (Arrow, every column as text) is checked row by row in columns,
then kept as numbers: every cell of the short columns (``by``, ``state``, ``owner``,
``kind``, ``customer`` …) as the number of its text in one interned list, ``at`` as
integer microseconds since the epoch and its offset in minutes (the row reader's
datetime, with its offset, is rebuilt from them exactly), ``note`` as text.  The batch's
Arrow table is then dropped, so a file costs about 60 bytes a row plus its notes, not
its whole parsed table.

A row's checks here are those that need only the row (filled cells, a known event kind,
``at`` in the plain ISO 8601 form with an offset and an existing date, no promise);
those that need its ticket's other rows are made once the rows are grouped
(:mod:`servicepolicy.io._ticket_columns`).

pyarrow and numpy are imported inside the functions: this module imports without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from servicepolicy.io._ticket_events import REQUIRED
from servicepolicy.io.csv_records import plain_batches, plain_header
from servicepolicy.io.sources import Bad, _header
from servicepolicy.tickets.events import EventKind

__all__ = ["CELL", "Events", "Refused", "Strings", "load_events"]

CELL = 65536  # the row reader's longest cell (RecordLimits), in characters
_AT = r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{6})?[+-]([01]\d|2[0-3]):[0-5]\d$"
_FAST_KINDS = ("opened", "transition", "hand_over", "approval", "note", "reply")
_KIND_CODE = {kind.value: n for n, kind in enumerate(EventKind)}
_ROWS = 1 << 16  # rows a batch of a CSV or Parquet file
_BLOCK = 1 << 22  # bytes a batch of a JSON Lines file
_ANY_ROW = ("by", "owner", "state", "source", "role", "channel")
_OPENING = ("kind", "customer", "priority", "tier")
_CODED = (*_ANY_ROW, *_OPENING)  # columns kept as numbers of interned texts


class Refused(Exception):
    """The row reader must read this file."""


class Strings:
    """Each distinct text once, numbered in order of first appearance."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def column(self, np: Any, pc: Any, array: Any) -> Any:
        """The numbers of ``array``'s cells (int32); -1 for a null or empty cell."""
        encoded = pc.dictionary_encode(array, null_encoding="encode")  # null: a value
        setdefault, codes = self.codes.setdefault, self.codes
        table = [setdefault(v, len(codes)) if v else -1 for v in encoded.dictionary.to_pylist()]
        return np.array(table, dtype=np.int32)[_numbers(np, encoded.indices)]

    def values(self) -> list[str]:
        """The texts by number."""
        return list(self.codes)


def _numbers(np: Any, array: Any) -> Any:
    """An Arrow array without nulls as numpy."""
    return np.asarray(array.to_numpy(zero_copy_only=False))


class Events:
    """Every row of a file in compact columns (numpy arrays, one entry a row).

    ``ok``: the row passed its own checks; ``ticket``: the number of its ticket ID in
    ``ids`` (-1 without one); ``event``: its :class:`EventKind`'s index (-1 for one the
    columns do not build); ``ticks`` and ``offset``: ``at`` in microseconds since the
    epoch and its offset in minutes (0 unless ``ok``); ``has_note``; and per coded column
    (``by``, ``state`` …) the number of its text in ``strings`` (-1 when empty).
    ``note`` keeps its texts (an Arrow chunked array).  ``first_line``: the line of the
    first row.
    """

    def __init__(self, first_line: int, rows: int) -> None:
        import numpy as np

        self.first_line, self.n = first_line, 0
        self.ids = Strings()
        self.strings = Strings()
        self.notes: list[Any] = []
        types = {"ok": bool, "has_note": bool, "event": np.int8, "ticks": np.int64}
        types["offset"] = np.int16
        self.columns: dict[str, Any] = {
            name: np.zeros(rows, dtype=types.get(name, np.int32))
            for name in ("ok", "has_note", "event", "ticks", "offset", "ticket", *_CODED)
        }

    def put(self, name: str, values: Any) -> None:
        """Set column ``name`` for the rows of the batch being added."""
        self.columns[name][self.n : self.n + len(values)] = values

    def done(self) -> None:
        """Join the batches' notes into one column."""
        import pyarrow as pa

        self.columns["note"] = pa.chunked_array(self.notes, pa.string())
        self.notes = []

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def lines(self, rows: Any) -> Any:
        """The lines of ``rows`` (positions)."""
        return rows + self.first_line

    def notes_of(self, rows: Any) -> list[str | None]:
        """The notes of ``rows``, ``None`` where empty."""
        import pyarrow as pa

        return [v or None for v in self.columns["note"].take(pa.array(rows)).to_pylist()]


def load_events(path: Path, suffix: str, known: frozenset[str]) -> Events | None:
    """The rows of ``path`` in compact columns, or ``None`` when the row reader must
    read the file (see :func:`~servicepolicy.io.ticket_table.read_ticket_table`).

    :raises Refused: a cell longer than the row reader takes.
    """
    import pyarrow as pa

    try:
        if suffix == ".parquet":
            found = _parquet(path)
        else:
            lines = _physical_lines(path)
            if lines is None:
                return None
            found = _csv(path, known, lines) if suffix == ".csv" else _json(path, known, lines)
        if found is None:
            return None
        rows, batches = found
        tabular = suffix in (".csv", ".parquet")  # rows as the CSV row reader reads them
        events = Events(2 if tabular else 1, rows)
        for batch in batches:
            if events.n + batch.num_rows > rows:
                return None  # a line of several rows
            _compact(events, batch, tabular)
    except pa.ArrowException:
        return None
    if events.n != rows:
        return None  # a row over several lines, or blank lines: not one row a line
    events.done()
    pa.default_memory_pool().release_unused()  # the batches' memory, back to the system
    return events


def _physical_lines(path: Path) -> int | None:
    """The file's lines, or ``None`` if they may not be its rows: an empty file, a
    byte-order mark, a lone carriage return (a line break to the row reader)."""
    count, last, pending = 0, b"\n", False
    with path.open("rb") as file:
        head = file.read(4)
        if not head or head.startswith(b"\xef\xbb\xbf"):
            return None
        file.seek(0)
        while block := file.read(1 << 22):
            count += block.count(b"\n")
            returns = block.count(b"\r")
            if returns or pending:
                if pending and not block.startswith(b"\n"):
                    return None
                pending = block.endswith(b"\r")
                if returns != block.count(b"\r\n") + pending:
                    return None
            last = block[-1:]
    return None if pending else count + (last != b"\n")


Found = tuple[int, Iterator[Any]]  # the rows to expect, and the batches


def _json(path: Path, known: frozenset[str], lines: int) -> Found | None:
    import pyarrow as pa
    from pyarrow import json

    schema = pa.schema([(name, pa.string()) for name in sorted(known)])
    parse = json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    return lines, iter(json.open_json(path, json.ReadOptions(block_size=_BLOCK), parse))


def _csv(path: Path, known: frozenset[str], lines: int) -> Found | None:
    plain = plain_header(path, known)
    if plain is None:
        return None
    raw = plain[0]
    try:
        header = _header(raw, REQUIRED, set(known))
    except Bad:
        return None
    if header != raw:
        return None
    return lines - 1, iter(plain_batches(path, header, skip_header=True))


def _parquet(path: Path) -> Found | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    names = list(file.schema_arrow.names)
    try:
        header = _header(names, REQUIRED, set(names) | {"ticket"})
    except Bad:
        return None
    if header != names or any(
        not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t))
        for t in file.schema_arrow.types
    ):
        return None
    text = pa.schema([(name, pa.string()) for name in names])
    rows = file.metadata.num_rows
    return rows, (batch.cast(text) for batch in file.iter_batches(batch_size=_ROWS))


def _compact(events: Events, batch: Any, csv: bool) -> None:
    """Check ``batch``'s rows on their own and add them to ``events`` (see :class:`Events`)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = batch.num_rows
    names = set(batch.schema.names)

    def column(name: str) -> Any:
        return batch.column(name) if name in names else pa.nulls(n, pa.string())

    def filled(name: str) -> Any:
        return _numbers(np, pc.fill_null(pc.greater(pc.utf8_length(column(name)), 0), False))

    ok = np.ones(n, dtype=bool)
    for name in names:
        col = batch.column(name)
        longest = (pc.max(pc.binary_length(col)).as_py() or 0) if n else 0  # bytes >= chars
        if longest > CELL and (pc.max(pc.utf8_length(col)).as_py() or 0) > CELL:
            raise Refused
        if csv:  # the row reader strips cells; a NUL is left to it
            ok &= ~_numbers(np, pc.fill_null(pc.match_substring(col, "\x00"), False))
            same = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(col), col), True)
            ok &= _numbers(np, same)
    encoded = pc.dictionary_encode(column("event"), null_encoding="encode")
    table = [_KIND_CODE[k] if k in _FAST_KINDS else -1 for k in encoded.dictionary.to_pylist()]
    event = np.array(table, dtype=np.int8)[_numbers(np, encoded.indices)]
    ok &= event >= 0
    ok &= ~filled("due")
    at = column("at")
    shaped = _numbers(np, pc.fill_null(pc.match_substring_regex(at, _AT), False))
    digits = pc.if_else(pa.array(shaped), pc.utf8_slice_codeunits(at, 0, 4), "0000")
    years = _numbers(np, pc.fill_null(pc.cast(digits, pa.int64()), 0))
    shaped &= (years > 1900) & (years < 2200)
    ok &= shaped
    shaped_at = pc.if_else(pa.array(ok), at, "1970-01-01T00:00:00+00:00")
    ticks = _ticks(np, pa, pc, shaped_at, ok)
    events.put("offset", _offsets(np, pa, pc, shaped_at))
    events.put("event", event)
    events.put("ticks", ticks)
    events.put("has_note", filled("note"))
    ticket = events.ids.column(np, pc, column("ticket"))
    events.put("ticket", ticket)
    for name in _CODED:
        codes = events.strings.column(np, pc, column(name))
        if name == "by":
            ok &= codes >= 0  # filled
        events.put(name, codes)
    events.put("ok", ok)
    note = column("note")
    events.notes.extend(note.chunks if isinstance(note, pa.ChunkedArray) else [note])
    events.n += n


def _offsets(np: Any, pa: Any, pc: Any, at: Any) -> Any:
    """The offsets of ``at`` (shaped cells: ``…+hh:mm``) in minutes."""

    def number(start: int, stop: int) -> Any:
        part = pc.utf8_slice_codeunits(at, start, stop)
        return _numbers(np, pc.cast(part, pa.int16()))

    minutes = number(-5, -3) * 60 + number(-2, 2**31 - 1)
    west = _numbers(np, pc.equal(pc.utf8_slice_codeunits(at, -6, -5), "-"))
    return np.where(west, -minutes, minutes)


def _ticks(np: Any, pa: Any, pc: Any, at: Any, ok: Any) -> Any:
    """``at`` (shaped cells) in microseconds since the epoch; a cell naming a date that
    does not exist (February 30) is no longer ``ok`` (the row reader says why)."""
    try:
        return _numbers(np, pc.cast(at, pa.timestamp("us", tz="UTC")).cast(pa.int64()))
    except pa.ArrowInvalid:
        from datetime import UTC, datetime, timedelta

        epoch, tick = datetime(1970, 1, 1, tzinfo=UTC), timedelta(microseconds=1)
        ticks = np.zeros(len(at), dtype=np.int64)
        for i in np.flatnonzero(ok).tolist():
            try:
                when = datetime.fromisoformat(at[i].as_py())
            except ValueError:
                ok[i] = False
                continue
            ticks[i] = (when - epoch) // tick
        return ticks
