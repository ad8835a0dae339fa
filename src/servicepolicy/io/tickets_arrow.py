"""Reading ticket events in bulk with Arrow: the answer of ``read_ticket_events``, faster.

:func:`read_ticket_events_bulk` reads a JSON Lines (``.jsonl``, ``.ndjson``), CSV
(``.csv``) or Parquet (``.parquet``) file of ticket events with ``pyarrow`` (the optional
extra ``servicepolicy[arrow]``) and returns exactly what
:func:`~servicepolicy.io.tickets.read_ticket_events` returns for it: the same tickets in
the same order, the same rejected rows with the same lines and reasons.

* The file is parsed by Arrow, every column as text, and each column is checked for all
  rows at once: the ticket ID and ``by`` filled, a known event kind, ``at`` in the plain
  ISO 8601 form with an offset and a year the row reader accepts, the ticket's own fields
  (kind, customer, channel) on its first row only, which is its opening, no ``due``
  (promises), no reclassification, a known tier.
* Rows are grouped into tickets by ID with numpy (a stable sort of the IDs' codes, which
  Arrow numbers in order of first appearance), and each ticket whose rows all pass is
  built from them: its events are replayed through its lifecycle as the row reader does.
* Every other ticket, and every row without a ticket ID, goes through the row reader's
  own code, line by line, so it is read or rejected exactly as there (a ticket whose
  lifecycle refuses its history too).

:func:`read_ticket_events_bulk` returns ``None`` when it cannot promise the row reader's
answer, and the caller reads the file with the row reader: pyarrow is not installed; the
suffix is none of the above; Arrow refuses the file (broken JSON, a number where text is
expected, an unknown key, a lone surrogate escape, bad UTF-8); the lines of the file are
not one row each (blank lines, a byte-order mark, a lone carriage return, a CSV record
over several lines); the CSV header is not a plain comma-separated line of known columns;
a cell longer than the row reader's record limit.  A Parquet row's line is its position
+ 2, as for a CSV file read from Parquet (:mod:`servicepolicy.io.parquet`).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import gc
import heapq
import io
import os
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io._ticket_arrows import REFUSED, TRUSTED, check_arrows
from servicepolicy.io._ticket_columns import Columns, Refused, fast_rows, load_table
from servicepolicy.io._ticket_events import COLUMNS, _Gatherer
from servicepolicy.io.calls_arrow import arrow_available
from servicepolicy.io.sources import _opened
from servicepolicy.io.tabular import ReadResult
from servicepolicy.io.tickets import _csv_rows, _json_rows
from servicepolicy.tickets.events import EventKind, assemble
from servicepolicy.tickets.lifecycle import LIFECYCLES, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket, build, trusted

__all__ = ["BULK_SUFFIXES", "read_ticket_events_bulk"]

BULK_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
"""The suffixes the bulk reader takes."""

_KIND_OF = list(EventKind)
_SHARED = ("by", "state", "source", "owner", "note", "role", "channel")
_CELLS = (
    *("at", "by", "state", "source", "owner", "note", "role", "channel"),
    *("kind", "customer", "priority", "tier"),
)


def read_ticket_events_bulk(
    path: str | os.PathLike[str],
    *,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    ignore_columns: Collection[str] = (),
    tiers: Collection[str] | None = None,
) -> ReadResult[Ticket] | None:
    """Read the ticket events of ``path`` in bulk (see the module); ``None`` if the row
    reader must read this file.  The arguments are those of
    :func:`~servicepolicy.io.tickets.read_ticket_events`.

    .. versionadded:: 0.3.0
    """
    if not arrow_available():
        return None
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in BULK_SUFFIXES or not path.is_file():
        return None
    known = frozenset(COLUMNS) | frozenset(ignore_columns)
    collecting = gc.isenabled()
    gc.disable()  # millions of objects, no cycles (as the row reader does)
    try:
        columns = load_table(path, suffix, known)
        if columns is None:
            return None
        return _read(path, suffix, columns, lifecycles, ignore_columns, tiers, known)
    finally:
        if collecting:
            gc.enable()


def _read(
    path: Path,
    suffix: str,
    columns: Columns,
    lifecycles: LifecycleRegistry,
    ignore_columns: Collection[str],
    tiers: Collection[str] | None,
    known: frozenset[str],
) -> ReadResult[Ticket] | None:
    import numpy as np

    try:
        plan = fast_rows(columns, lifecycles, tiers)
    except Refused:
        return None
    heads = plan.order[np.minimum(plan.starts[:-1], max(columns.n - 1, 0))]
    ticket_kinds = columns.take("kind", heads) if columns.n else []
    arrows = check_arrows(columns, plan, lifecycles, ticket_kinds)
    plan.fast &= arrows.verdict != REFUSED
    name = str(path)
    gatherer = _Gatherer(lifecycles, name, tiers)
    share = gatherer.share
    built: list[tuple[int, Ticket]] = []
    lines = columns.lines
    chunk = _Chunk(columns, plan, lifecycles, arrows)
    for rows, spans in plan.chunks():
        try:
            built += chunk.fast(rows, spans)
        except ValueError:  # a date that does not exist: ticket by ticket, to find whose
            built += chunk.careful(rows, spans, share)
    slow_lines = plan.slow_lines(lines)
    if slow_lines.size:
        wanted = set(slow_lines.tolist())
        if suffix == ".parquet":
            _parquet_slow(path, wanted, gatherer, ignore_columns)
        elif suffix == ".csv":
            _csv_slow(path, wanted, gatherer, ignore_columns)
        else:
            with _opened(path) as opened:
                lines_of = (text if n in wanted else "" for n, text in enumerate(opened.lines, 1))
                _json_rows(opened._replace(lines=lines_of), gatherer, known)
    slow = gatherer.result()
    merged = list(
        heapq.merge(built, zip(slow.lines, slow.records, strict=True), key=lambda p: p[0])
    )
    return ReadResult(
        tuple(t for _, t in merged),
        slow.rejected,
        "ticket",
        name,
        tuple(line for line, _ in merged),
    )


class _Chunk:
    """Builds the tickets of a chunk of rows that passed the checks."""

    def __init__(self, columns: Columns, plan: Any, lifecycles: LifecycleRegistry, arrows: Any):
        self.columns, self.plan, self.lifecycles = columns, plan, lifecycles
        self.verdict, self.states, self.owners = (
            arrows.verdict.tolist(),
            arrows.states,
            arrows.owners,
        )

    def _ticket(self, code: int, life: Any, fields: tuple[Any, ...]) -> Ticket | None:
        try:
            if self.verdict[code] == TRUSTED:
                known: tuple[Any, ...] = (*fields, self.states[code], self.owners[code])
                return trusted(*known)
            return build(*fields)
        except ServicePolicyError:
            self.plan.slow_tickets.append(code)  # the row reader says why, as it would
            return None

    def fast(self, rows: Any, spans: list[tuple[int, int, int]]) -> list[tuple[int, Ticket]]:
        """Every event of the chunk at once (``map``), then each ticket."""
        import numpy as np

        columns = self.columns
        get = {name: columns.objects(name, rows) for name in _SHARED}
        firsts = np.array([begin for _, begin, _ in spans], dtype=np.int64)
        heads = rows[firsts]
        lives = [self.lifecycles.get(k) for k in columns.objects("kind", heads).tolist()]
        state, owner, by = get["state"], get["owner"], get["by"]
        state[firsts] = [s or life.initial for s, life in zip(state[firsts], lives, strict=True)]
        owner[firsts] = [o or b for o, b in zip(owner[firsts], by[firsts], strict=True)]
        kinds = np.empty(len(_KIND_OF), dtype=object)
        kinds[:] = _KIND_OF
        events = list(
            map(
                assemble,
                kinds[self.plan.events[rows]].tolist(),
                map(datetime.fromisoformat, columns.take("at", rows)),
                by.tolist(),
                get["source"].tolist(),
                state.tolist(),
                owner.tolist(),
                get["note"].tolist(),
                get["role"].tolist(),
                get["channel"].tolist(),
            )
        )
        channels = get["channel"][firsts].tolist()
        customers = columns.objects("customer", heads).tolist()
        priorities = columns.objects("priority", heads).tolist()
        tiers = columns.objects("tier", heads).tolist()
        lines = columns.lines[heads].tolist()
        built = []
        for n, (code, begin, stop) in enumerate(spans):
            life = lives[n]
            fields = (
                columns.ticket_id(code),
                life.kind,
                channels[n],
                customers[n],
                tuple(events[begin:stop]),
                priorities[n],
                tiers[n],
                life,
            )
            ticket = self._ticket(code, life, fields)
            if ticket is not None:
                built.append((lines[n], ticket))
        return built

    def careful(
        self, rows: Any, spans: list[tuple[int, int, int]], share: Any
    ) -> list[tuple[int, Ticket]]:
        """Ticket by ticket: one whose events do not build goes to the row reader."""
        columns, lifecycles = self.columns, self.lifecycles
        get = {name: columns.take(name, rows) for name in _CELLS}
        at, by, state, source = get["at"], get["by"], get["state"], get["source"]
        owner, note, role, channel = get["owner"], get["note"], get["role"], get["channel"]
        kinds = self.plan.events[rows].tolist()
        row_lines = columns.lines[rows].tolist()
        built = []
        for code, begin, stop in spans:
            life = lifecycles.get(get["kind"][begin])
            events = []
            try:
                for i in range(begin, stop):
                    who = share(by[i], by[i])
                    s, o = state[i], owner[i]
                    if i == begin:  # the opening: the initial state, owned by whoever took it
                        s, o = s or life.initial, o or who
                    events.append(
                        assemble(
                            _KIND_OF[kinds[i]],
                            datetime.fromisoformat(at[i]),
                            who,
                            (source[i] and share(source[i], source[i])) or None,
                            (s and share(s, s)) or None,
                            (o and share(o, o)) or None,
                            note[i] or None,
                            (role[i] and share(role[i], role[i])) or None,
                            (channel[i] and share(channel[i], channel[i])) or None,
                        )
                    )
            except ValueError:
                self.plan.slow_tickets.append(code)
                continue
            fields = (
                columns.ticket_id(code),
                life.kind,
                share(channel[begin], channel[begin]),
                get["customer"][begin],
                tuple(events),
                get["priority"][begin] or None,
                get["tier"][begin] or None,
                life,
            )
            ticket = self._ticket(code, life, fields)
            if ticket is not None:
                built.append((row_lines[begin], ticket))
        return built


def _csv_slow(
    path: Path, wanted: set[int], gatherer: _Gatherer, ignore_columns: Collection[str]
) -> None:
    """The rows on ``wanted`` lines through the CSV row reader: the file with every other
    line blank (blank lines are skipped; line numbers stay)."""

    def text() -> Iterator[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            for n, line in enumerate(handle, 1):
                yield line if n == 1 or n in wanted else "\n"

    source = io.StringIO("".join(text()))
    _csv_rows(source, gatherer, ignore_columns, {"format": "csv"})


class _Wanted:
    """A gatherer that takes only the rows on ``wanted`` lines (the row reader reads the
    whole file; the other rows were built here)."""

    def __init__(self, gatherer: _Gatherer, wanted: set[int]) -> None:
        self.gatherer, self.wanted = gatherer, wanted
        self.lifecycles, self.share = gatherer.lifecycles, gatherer.share

    def add(self, line: int, cells: Any, event: Any) -> None:
        if line in self.wanted:
            self.gatherer.add(line, cells, event)

    def reject(self, line: int, reason: str, cells: Any) -> None:
        if line in self.wanted:
            self.gatherer.reject(line, reason, cells)


def _parquet_slow(
    path: Path, wanted: set[int], gatherer: _Gatherer, ignore_columns: Collection[str]
) -> None:
    """A Parquet file's rows on ``wanted`` lines through the row reader."""
    only: Any = _Wanted(gatherer, wanted)
    _csv_rows(path, only, ignore_columns, {"format": "parquet"})
