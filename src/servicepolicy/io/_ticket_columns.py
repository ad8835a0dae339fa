"""Ticket events as Arrow columns: loading a file, checking rows column by column, and
grouping them into tickets (private; see :mod:`servicepolicy.io.tickets_arrow`).

pyarrow and numpy are imported inside the functions: this module imports without them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from servicepolicy.io._ticket_events import REQUIRED
from servicepolicy.io.csv_records import plain_header, plain_table
from servicepolicy.io.sources import Bad, _header
from servicepolicy.tickets.events import EventKind
from servicepolicy.tickets.lifecycle import LifecycleRegistry

__all__ = ["Columns", "Plan", "Refused", "fast_rows", "load_table"]

_CELL = 65536  # the row reader's longest cell (RecordLimits), in characters
_AT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}$"
_FAST_KINDS = ("opened", "transition", "hand_over", "approval", "note", "reply")
_KIND_CODE = {kind.value: n for n, kind in enumerate(EventKind)}
_CHUNK = 20_000  # tickets whose cells are taken out of Arrow at a time


class Columns:
    """A file's rows as Arrow string columns, and each row's line."""

    def __init__(self, names: list[str], table: Any, first_line: int, csv: bool) -> None:
        import numpy as np

        self.names = names
        self.csv = csv
        self.n = table.num_rows
        self.arrays = {name: table.column(name).combine_chunks() for name in names}
        self.lines = np.arange(first_line, first_line + self.n, dtype=np.int64)
        self._ids: list[str] | None = None
        self._objects: dict[str, tuple[Any, Any]] = {}

    def array(self, name: str) -> Any:
        """The column ``name`` (all nulls when the file has none)."""
        import pyarrow as pa

        found = self.arrays.get(name)
        return pa.nulls(self.n, pa.string()) if found is None else found

    def raw(self, name: str) -> list[Any]:
        """The column's values as Python strings (``None`` for nulls)."""
        return list(self.array(name).to_pylist())

    def ticket_id(self, code: int) -> str:
        """The ticket ID numbered ``code``."""
        assert self._ids is not None
        return str(self._ids[code])

    def objects(self, name: str, rows: Any) -> Any:
        """The values of ``rows`` of column ``name`` as a numpy object array, empty cells
        ``None``; each distinct value is one Python string (dictionary-encoded once)."""
        found = self._objects.get(name)
        if found is None:
            import numpy as np
            import pyarrow.compute as pc

            encoded = pc.dictionary_encode(self.array(name))
            values = [v or None for v in encoded.dictionary.to_pylist()]
            lookup = np.empty(len(values) + 1, dtype=object)
            lookup[: len(values)] = values
            index = pc.fill_null(encoded.indices, len(values)).to_numpy(zero_copy_only=False)
            found = self._objects[name] = (lookup, index)
        return found[0][found[1][rows]]

    def take(self, name: str, rows: Any) -> list[Any]:
        """The values of ``rows`` (indices) of column ``name``."""
        return list(self.array(name).take(rows).to_pylist())


class Plan:
    """Which rows can be built here, grouped into tickets; the rest goes to the row reader.

    ``codes``: each row's ticket number (-1 without an ID), in order of first appearance;
    ``order``: the rows grouped by ticket, each ticket's in line order; ``fast``: per
    ticket, whether all its rows passed; ``events``: each row's event kind (its index in
    :class:`EventKind`)."""

    def __init__(self, codes: Any, order: Any, starts: Any, fast: Any, events: Any) -> None:
        self.codes, self.order, self.starts, self.fast = codes, order, starts, fast
        self.events = events
        self.slow_tickets: list[int] = []

    def chunks(self) -> Iterator[tuple[Any, list[tuple[int, int, int]]]]:
        """The fast tickets, :data:`_CHUNK` at a time: the rows to take (grouped) and, per
        ticket, ``(code, first, stop)`` positions in those rows."""
        import numpy as np

        fast = np.flatnonzero(self.fast)
        for at in range(0, fast.size, _CHUNK):
            codes = fast[at : at + _CHUNK]
            begins = self.starts[codes]
            sizes = self.starts[codes + 1] - begins
            offsets = np.concatenate(([0], np.cumsum(sizes)))
            within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], sizes)
            rows = self.order[np.repeat(begins, sizes) + within]
            spans = zip(codes.tolist(), offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
            yield rows, list(spans)

    def slow_lines(self, lines: Any) -> Any:
        """The lines of the rows the row reader must read: rows of the slow tickets, and
        rows without a ticket ID."""
        import numpy as np

        slow = ~self.fast
        if self.slow_tickets:
            slow = slow.copy()
            slow[np.array(self.slow_tickets, dtype=np.int64)] = True
        on = self.codes < 0
        if slow.size:
            on |= slow[np.maximum(self.codes, 0)] & (self.codes >= 0)
        return lines[on]


def load_table(path: Path, suffix: str, known: frozenset[str]) -> Columns | None:
    """The file's rows as string columns, or ``None`` when the row reader must read it."""
    import pyarrow as pa

    try:
        if suffix == ".parquet":
            return _parquet(path)
        lines = _physical_lines(path)
        if lines is None:
            return None
        if suffix == ".csv":
            found = _csv(path, known)
            return found if found is not None and found.n == lines - 1 else None
        from pyarrow import json

        schema = pa.schema([(name, pa.string()) for name in sorted(known)])
        options = json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
        table = json.read_json(path, parse_options=options)
    except pa.ArrowException:
        return None
    columns = Columns(list(table.column_names), table, 1, False)
    return columns if columns.n == lines else None


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


def _csv(path: Path, known: frozenset[str]) -> Columns | None:

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
    return Columns(header, plain_table(path, header, skip_header=True), 2, True)


def _parquet(path: Path) -> Columns | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    names = list(table.column_names)
    try:
        header = _header(names, REQUIRED, set(names) | {"ticket"})
    except Bad:
        return None
    if header != names or any(
        not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t))
        for t in table.schema.types
    ):
        return None
    table = table.cast(pa.schema([(name, pa.string()) for name in names]))
    return Columns(names, table, 2, True)


def fast_rows(
    columns: Columns, lifecycles: LifecycleRegistry, tiers: Collection[str] | None
) -> Plan:
    """Check every row column by column and group the rows into tickets (see :class:`Plan`)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = columns.n

    def filled(name: str) -> Any:
        col = columns.array(name)
        return pc.fill_null(pc.greater(pc.utf8_length(col), 0), False).to_numpy(
            zero_copy_only=False
        )

    def codes_of(name: str, table: dict[str, int]) -> Any:
        encoded = pc.dictionary_encode(columns.array(name))
        lookup = np.array([table.get(v, -1) for v in encoded.dictionary.to_pylist()] + [-1])
        index = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(
            zero_copy_only=False
        )
        return lookup[index]

    ok = np.ones(n, dtype=bool)
    for name in columns.names:
        col = columns.array(name)
        longest = (pc.max(pc.binary_length(col)).as_py() or 0) if n else 0  # bytes >= chars
        if longest > _CELL and (pc.max(pc.utf8_length(col)).as_py() or 0) > _CELL:
            raise Refused
        if columns.csv:  # the row reader strips cells; a NUL is left to it
            nul = pc.fill_null(pc.match_substring(col, "\x00"), False)
            ok &= ~nul.to_numpy(zero_copy_only=False)
            trimmed = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(col), col), True)
            ok &= trimmed.to_numpy(zero_copy_only=False)
    events = codes_of("event", {k: _KIND_CODE[k] for k in _FAST_KINDS})
    ok &= events >= 0
    ok &= filled("by") & ~filled("due")
    at = pc.fill_null(pc.match_substring_regex(columns.array("at"), _AT), False)
    ok &= at.to_numpy(zero_copy_only=False)
    digits = pc.if_else(at, pc.utf8_slice_codeunits(columns.array("at"), 0, 4), "0000")
    year = pc.cast(digits, pa.int64())
    years = pc.fill_null(year, 0).to_numpy(zero_copy_only=False)
    ok &= (years > 1900) & (years < 2200)
    ids = pc.dictionary_encode(columns.array("ticket"))
    count = len(ids.dictionary)
    codes = pc.fill_null(ids.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes[~filled("ticket")] = -1
    columns._ids = ids.dictionary.to_pylist()
    keys = np.where(codes < 0, count, codes)  # rows without an ID last
    order = np.argsort(keys, kind="stable")
    starts = np.searchsorted(keys[order], np.arange(count + 1), side="left")
    present = starts[1:] > starts[:-1]  # an ID seen only on rows refused as without one: none
    opening = np.zeros(n, dtype=bool)
    opening[order[starts[:-1][present]]] = True
    own = filled("kind") | filled("customer") | filled("priority") | filled("tier")
    ok &= ~own | opening
    ok &= (events == _KIND_CODE["opened"]) == opening
    kinds = codes_of("kind", {k: 1 for k in lifecycles.kinds()})
    ok &= ~opening | ((kinds > 0) & filled("channel") & filled("customer"))
    if tiers is not None:
        allowed = codes_of("tier", {t: 1 for t in tiers})
        ok &= ~filled("tier") | (allowed > 0)
    fast = present.copy()
    bad_codes = codes[~ok]
    fast[bad_codes[bad_codes >= 0]] = False
    return Plan(codes, order, starts, fast, events)


class Refused(Exception):
    """The row reader must read this file."""
