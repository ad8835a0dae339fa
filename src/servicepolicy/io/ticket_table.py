"""Ticket events read in bulk into a table: each ticket's state and owner from columns,
its :class:`~servicepolicy.tickets.Ticket` built only when asked for.

:func:`read_ticket_table` reads a JSON Lines (``.jsonl``, ``.ndjson``), CSV (``.csv``) or
Parquet (``.parquet``) file of ticket events with ``pyarrow`` (the optional extra
``servicepolicy[arrow]``), a batch at a time, into compact columns (about 60 bytes a
row, plus the texts of ``at`` and ``note``), and replays every ticket's lifecycle there:

* every column is checked for all rows of a batch at once: the ticket ID and ``by``
  filled, a known event kind, ``at`` in the plain ISO 8601 form with an offset, on a date
  that exists and a year the row reader accepts, no ``due`` (promises);
* rows are grouped into tickets with numpy and checked per ticket: the ticket's own
  fields (kind, customer, channel, priority, tier) on its first row only, which is its
  opening, a known kind and tier, no reclassification;
* the lifecycles are replayed in columns: each ticket's state and owner after every row,
  events in time order, transitions the lifecycle has, hand-overs with a new owner and a
  note, nothing but notes after a terminal state.  A ticket whose history enters or
  leaves a guarded state (an approval, a required note, a wait) is replayed in Python,
  once, while the file is read, to know whether it is read and its state;
* every other ticket, and every row without a ticket ID, goes through the row reader's
  own code (:func:`~servicepolicy.io.tickets.read_ticket_events`), line by line, so it is
  read or rejected exactly as there.

The table answers what the row reader's result answers, without holding a ``Ticket`` a
ticket: :attr:`TicketTable.ids`, :attr:`~TicketTable.kinds`, :attr:`~TicketTable.states`,
:attr:`~TicketTable.owners`, :attr:`~TicketTable.lines` (per ticket, in file order) and
:attr:`~TicketTable.rejected`.  :meth:`TicketTable.tickets` builds the tickets a chunk
at a time (memory stays flat when they are not kept), and :meth:`TicketTable.result` is
exactly what :func:`~servicepolicy.io.tickets.read_ticket_events` returns for the file.

:func:`read_ticket_table` returns ``None`` when it cannot promise the row reader's answer,
and the caller reads the file with the row reader: pyarrow is not installed; the suffix
is none of the above; Arrow refuses the file (broken JSON, a number where text is
expected, an unknown key, a lone surrogate escape, bad UTF-8); the lines of the file are
not one row each (blank lines, a byte-order mark, a lone carriage return, a CSV record
over several lines); the CSV header is not a plain comma-separated line of known columns;
a Parquet column that is not text; a cell longer than the row reader's record limit.  A
Parquet row's line is its position + 2, as for a CSV file read from Parquet
(:mod:`servicepolicy.io.parquet`).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Collection, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from servicepolicy.io._ticket_arrows import PYTHON, REFUSED, check_arrows
from servicepolicy.io._ticket_batches import Events, Refused, load_events
from servicepolicy.io._ticket_build import Builder, spans
from servicepolicy.io._ticket_columns import Plan, plan_tickets
from servicepolicy.io._ticket_events import COLUMNS, _Gatherer
from servicepolicy.io.calls_arrow import arrow_available
from servicepolicy.io.sources import _opened
from servicepolicy.io.tabular import ReadResult, RejectedRow
from servicepolicy.io.tickets import _csv_rows, _json_rows
from servicepolicy.tickets.lifecycle import LIFECYCLES, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket

__all__ = ["BULK_SUFFIXES", "CHUNK", "TicketTable", "read_ticket_table"]

BULK_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
"""The suffixes the bulk reader takes."""

CHUNK = 20_000
"""How many tickets :meth:`TicketTable.tickets` builds at a time."""


class TicketTable:
    """The tickets of a file of ticket events, in columns (see the module).

    Per ticket, in file order (the line of its first row): :attr:`ids`, :attr:`kinds`,
    :attr:`states`, :attr:`owners`, :attr:`lines`; the rows not read: :attr:`rejected`.

    .. versionadded:: 0.3.0
    """

    def __init__(
        self,
        events: Events,
        plan: Plan,
        builder: Builder,
        kinds: list[str],
        slow: ReadResult[Ticket],
        kept: dict[int, Ticket],
    ) -> None:
        import numpy as np

        self._plan, self._builder = plan, builder
        codes = np.flatnonzero(plan.fast)
        heads = plan.order[plan.starts[:-1][codes]]
        lines = np.concatenate((events.lines(heads), np.array(slow.lines, dtype=np.int64)))
        which = np.concatenate((codes, np.arange(-1, -len(slow.records) - 1, -1)))
        order = np.argsort(lines, kind="stable")
        self._lines, self._which = lines[order], which[order]  # code; -1 - n: slow ticket n
        self._slow, self._kinds, self._kept = slow.records, kinds, kept
        self.rejected: tuple[RejectedRow, ...] = slow.rejected
        """The rows not read, by line, with the row reader's reasons."""
        self.source: str | None = slow.source
        """The file's name."""

    def __len__(self) -> int:
        return len(self._which)

    def __repr__(self) -> str:
        return (
            f"TicketTable({self.source!r}: {len(self):,} tickets, "
            f"{len(self.rejected):,} rows rejected)"
        )

    def _per_ticket(self, columnar: list[str], attribute: str) -> tuple[str, ...]:
        slow = self._slow
        return tuple(
            columnar[code] if code >= 0 else getattr(slow[-1 - code], attribute)
            for code in self._which.tolist()
        )

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Each ticket's ID."""
        return self._per_ticket(self._builder.ids, "id")

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Each ticket's kind."""
        return self._per_ticket(self._kinds, "kind")

    @cached_property
    def states(self) -> tuple[str, ...]:
        """Each ticket's state after its last event."""
        return self._per_ticket(self._builder.states, "state")

    @cached_property
    def owners(self) -> tuple[str, ...]:
        """Each ticket's owner after its last event."""
        return self._per_ticket(self._builder.owners, "owner")

    @cached_property
    def lines(self) -> tuple[int, ...]:
        """The line of each ticket's first row."""
        return tuple(self._lines.tolist())

    def tickets(self) -> Iterator[Ticket]:
        """Every ticket, in file order, built :data:`CHUNK` at a time (the same tickets
        :func:`~servicepolicy.io.tickets.read_ticket_events` reads)."""
        import numpy as np

        plan, slow, kept = self._plan, self._slow, self._kept
        for at in range(0, len(self._which), CHUNK):
            part = self._which[at : at + CHUNK]
            wanted = np.array([c for c in part.tolist() if c >= 0 and c not in kept], np.int64)
            built = dict(self._builder.build(*spans(np, plan.order, plan.starts, wanted)))
            for code in part.tolist():
                ticket = (built.get(code) or kept[code]) if code >= 0 else slow[-1 - code]
                assert ticket is not None  # refused tickets went to the row reader
                yield ticket

    def result(self) -> ReadResult[Ticket]:
        """What :func:`~servicepolicy.io.tickets.read_ticket_events` returns for the file."""
        collecting = gc.isenabled()
        gc.disable()  # millions of objects, no cycles (as the row reader does)
        try:
            records = tuple(self.tickets())
        finally:
            if collecting:
                gc.enable()
        return ReadResult(records, self.rejected, "ticket", self.source, self.lines)


def read_ticket_table(
    path: str | os.PathLike[str],
    *,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    ignore_columns: Collection[str] = (),
    tiers: Collection[str] | None = None,
    keep_replayed: bool = False,
) -> TicketTable | None:
    """Read the ticket events of ``path`` into a :class:`TicketTable` (see the module);
    ``None`` if the row reader must read this file.  The other arguments are those of
    :func:`~servicepolicy.io.tickets.read_ticket_events`.

    :param keep_replayed: keep the tickets replayed in Python while reading (those with
        guarded states), so that :meth:`TicketTable.tickets` does not build them again:
        faster when every ticket will be built, but they stay in memory.

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
    gc.disable()  # the Python replays make objects without cycles
    try:
        try:
            events = load_events(path, suffix, known)
        except Refused:
            return None
        if events is None:
            return None
        return _table(path, suffix, events, lifecycles, tiers, ignore_columns, keep_replayed)
    finally:
        if collecting:
            gc.enable()


def _table(
    path: Path,
    suffix: str,
    events: Events,
    lifecycles: LifecycleRegistry,
    tiers: Collection[str] | None,
    ignore_columns: Collection[str],
    keep: bool,
) -> TicketTable:
    import numpy as np

    plan = plan_tickets(events, lifecycles, tiers)
    heads = plan.order[np.minimum(plan.starts[:-1], max(events.n - 1, 0))]
    strings = [*events.strings.values(), ""]
    kinds = [strings[k] for k in events.kind[heads].tolist()] if events.n else []
    arrows = check_arrows(events, plan, lifecycles, kinds)
    plan.fast &= arrows.verdict != REFUSED
    states, owners = arrows.states, arrows.owners
    builder = Builder(events, lifecycles, arrows.verdict, states, owners)
    replayed = np.flatnonzero(plan.fast & (arrows.verdict == PYTHON))
    kept: dict[int, Ticket] = {}
    for at in range(0, replayed.size, CHUNK):  # replayed once, to know state and owner
        codes = replayed[at : at + CHUNK]
        for code, ticket in builder.build(*spans(np, plan.order, plan.starts, codes)):
            if ticket is None:
                plan.slow_tickets.append(code)
            else:
                states[code], owners[code] = ticket.state, ticket.owner
                if keep:
                    kept[code] = ticket
    if plan.slow_tickets:
        plan.fast[np.array(plan.slow_tickets, dtype=np.int64)] = False
    gatherer = _Gatherer(lifecycles, str(path), tiers)
    wanted = set(plan.slow_lines(events).tolist())
    if wanted:
        if suffix == ".parquet":
            _parquet_slow(path, wanted, gatherer, ignore_columns)
        elif suffix == ".csv":
            _csv_slow(path, wanted, gatherer, ignore_columns)
        else:
            known = frozenset(COLUMNS) | frozenset(ignore_columns)
            with _opened(path) as opened:
                lines_of = (t if n in wanted else "" for n, t in enumerate(opened.lines, 1))
                _json_rows(opened._replace(lines=lines_of), gatherer, known)
    return TicketTable(events, plan, builder, kinds, gatherer.result(), kept)


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
    whole file; the other rows were read in columns)."""

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
