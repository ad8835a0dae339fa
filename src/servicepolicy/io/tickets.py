"""Reading ticket histories from JSON Lines or CSV, one event per row; nothing is lost silently.

Each row is one event of one ticket.  Rows are grouped by ``ticket`` in file order (the
events of several tickets may be interleaved, as in an export sorted by time), and each
group is replayed into a :class:`~servicepolicy.tickets.Ticket`, which derives its state
and owner.  Every row ends up in a ticket or in a
:class:`~servicepolicy.io.tabular.RejectedRow` with its line and the reason:

* a row that cannot be read (a bad time, an unknown event kind, broken JSON) is rejected
  with its own reason;
* a ticket is built from all its rows or not at all: when one of its rows is rejected, or
  its lifecycle refuses its history, *every* row of it is rejected, the culprit with the
  reason and the others with ``"ticket 'T-1' not read because of line 9"``.

Columns (CSV header names, or JSON object keys):

==============  ==========================================================================
``ticket``      the ticket ID (required on every row)
``event``       ``opened``, ``transition``, ``hand_over``, ``approval``, ``note``, ``reply``,
                ``promise`` or ``reclassified`` (required)
``at``          ISO 8601 with an offset, ``2026-11-24T09:30+08:00``; naive is refused (CAL-5)
``by``          who did it (required)
``kind``        the ticket kind; required on the ticket's first row, later empty or the same
``customer``    the customer ID; as ``kind``
``priority``    the ticket's priority (``P2``); optional; later rows empty or the same,
                except a ``reclassified`` row, where it is the new priority
``tier``        the customer's tier when the ticket was opened; as ``priority``
``channel``     on the ticket's first row, where it came in (TKT-1), also recorded on the
                opening event; on a later row, where an answer went out (TKT-2)
``state``       the state after an opening or a transition; an opening row may leave it
                empty for the lifecycle's initial state
``source``      the state before a transition, or the owner before a hand-over (optional)
``owner``       the owner after an opening (default: ``by``) or a hand-over
``note``        a note; for a hand-over, the responsibility handed over
``role``        for an approval, the approving role
``due``         for a ``promise``, the instant promised (ISO 8601 with an offset, SLA-4)
==============  ==========================================================================

CSV: a header line names the columns (any order; the four required ones must be there,
unknown ones are an error unless passed in ``ignore_columns``); cells are stripped and an
empty cell means "none".  JSON Lines: one object per line, values strings or ``null``;
a missing key means "none", an unknown key rejects the row unless ignored.  Blank lines
are skipped; line numbers are physical lines, the CSV header being line 1.

>>> import io
>>> text = '''{"ticket": "T-1", "event": "opened", "at": "2026-11-24T09:30+08:00", "by": "a", \\
... "kind": "inquiry", "customer": "C-1", "channel": "email"}
... {"ticket": "T-1", "event": "transition", "at": "2026-11-24T09:40+08:00", "by": "a", \\
... "state": "answered", "channel": "email"}
... {"ticket": "T-2", "event": "opened", "at": "2026-11-24T09:50", "by": "b", \\
... "kind": "inquiry", "customer": "C-2", "channel": "phone"}
... '''
>>> result = read_ticket_events(io.StringIO(text))
>>> [(t.id, t.state) for t in result.records]
[('T-1', 'answered')]
>>> print(result.summary())
read 1 ticket, rejected 1: line 3: at: expected an ISO 8601 datetime with offset, \
got '2026-11-24T09:50'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import gc
import heapq
import itertools
import json
import json.scanner
import os
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from servicepolicy.errors import InvalidArgumentError, ServicePolicyError
from servicepolicy.io._ticket_events import (
    _COMMON,
    _KINDS,
    _PLAIN,
    _TICKET_FIELDS_SET,
    COLUMNS,
    REQUIRED,
    Cells,
    _event,
    _Gatherer,
    _strings,
)
from servicepolicy.io.csv_records import MARKS, RecordLimits, decoding_problem, marked
from servicepolicy.io.sources import (
    FORMATS,
    Bad,
    Opened,
    Source,
    _clean,
    _name,
    _opened,
    content_format,
    is_frame,
)
from servicepolicy.io.tabular import ReadResult, RejectedRow, Row, read
from servicepolicy.limits import text_problem
from servicepolicy.tickets.events import assemble
from servicepolicy.tickets.lifecycle import LIFECYCLES, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = ["COLUMNS", "REQUIRED", "read_ticket_events"]


def _json_rows(opened: Opened, gatherer: _Gatherer, known: frozenset[str]) -> None:
    """Read JSON Lines.  The common row (a change, hand-over, approval, note or reply of a
    ticket already seen, its fields well-formed) takes a short path that does what
    :func:`_event` and :meth:`_Gatherer.add` do for it; every other row takes those."""
    scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
    tickets, plain = gatherer.tickets, _PLAIN.issuperset
    share, kinds, parse = gatherer.share, _KINDS, datetime.fromisoformat
    common, ticket_fields, accepted = _COMMON, _TICKET_FIELDS_SET, known.issuperset
    marks, encoding = opened.marks, opened.encoding
    for line, text in enumerate(opened.lines, 1):
        if MARKS[0] != marks and marked(text):
            text = text.strip()
            reason = decoding_problem(text, encoding)
            gatherer.reject(line, reason, {"json": _clean(text)})
            continue
        try:
            cells, end = scan(text, 0)
            size = len(text)
            if type(cells) is not dict or (
                end < size and (end != size - 1 or text[end] != "\n") and not text[end:].isspace()
            ):
                raise ValueError(text)
        except (StopIteration, ValueError, RecursionError):
            text = text.strip()
            if text:
                gatherer.reject(line, _json_problem(text), {"json": text})
            continue
        if not (accepted(cells) and plain(map(type, cells.values()))):
            gatherer.reject(line, _fields_problem(cells, known), _strings(cells))
            continue
        if "\\u" in text and (why := _unwritable(cells)) is not None:  # an escape
            gatherer.reject(line, why, _strings(cells))
            continue
        get: Callable[[str], Any] = cells.get
        ticket, kind, by, at = get("ticket"), kinds.get(get("event")), get("by"), get("at")
        group = tickets.get(ticket) if ticket else None
        if (
            group is None
            or kind not in common
            or not by
            or group.bad is not None
            or not ticket_fields.isdisjoint(cells)
        ):
            _general_row(gatherer, line, cells)
            continue
        try:
            instant = parse(at)
        except (TypeError, ValueError):
            instant = None
        if instant is None or instant.tzinfo is None or not 1900 < instant.year < 2200:
            _general_row(gatherer, line, cells)  # which says what is wrong
            continue
        state, before = get("state") or None, get("source") or None
        owner, role, channel = get("owner") or None, get("role") or None, get("channel") or None
        group.events.append(
            assemble(
                kind,
                instant,
                share(by, by),
                before and share(before, before),
                state and share(state, state),
                owner and share(owner, owner),
                get("note") or None,
                role and share(role, role),
                channel and share(channel, channel),
            )
        )
        group.lines.append(line)


def _general_row(gatherer: _Gatherer, line: int, cells: dict[str, Any]) -> None:
    """A row off the short path: a ticket's first row, a row with ticket fields or a
    ``due``, a promise or reclassification, or a row with something wrong."""
    try:
        ticket = cells.get("ticket")
        if not ticket:
            raise Bad(f"ticket: expected a non-empty value, got {ticket or ''!r}")
        event = _event(cells, gatherer.lifecycles, gatherer.share)
    except (Bad, ServicePolicyError) as problem:
        gatherer.reject(line, str(problem), _strings(cells))
        return
    gatherer.add(line, cells, event)


def _json_problem(text: str) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return f"expected a JSON object, got invalid JSON: {error.msg} at column {error.colno}"
    except ValueError:  # an integer of more than 4,300 digits
        return "expected a JSON object, got a number too long to read"
    except RecursionError:
        return "expected a JSON object, got values nested too deeply"
    return f"expected a JSON object, got {type(value).__name__} {text[:40]!r}"


def _unwritable(cells: Cells) -> str | None:
    """Why a row's text cannot be written to any output (a lone surrogate escaped)."""
    for name, value in cells.items():
        if isinstance(value, str) and (problem := text_problem(value)) is not None:
            return f"{name}: {problem}"
    return None


def _fields_problem(cells: Cells, known: frozenset[str]) -> str:
    unknown = sorted(set(cells) - known)
    if unknown:
        return f"unknown fields {', '.join(map(repr, unknown))} (pass ignore_columns)"
    name, value = next((k, v) for k, v in cells.items() if type(v) not in _PLAIN)
    return f"{name}: expected a string or null, got {value!r}"


def _csv_rows(
    source: Source,
    gatherer: _Gatherer,
    ignore_columns: Collection[str],
    options: dict[str, Any],
) -> None:
    """Read rows through the shared table reader (CSV, a DataFrame, or any format through a
    mapping in ``options``)."""
    count = itertools.count(1)

    class Parsed:
        """A CSV row read as an event; ``id`` is a counter, as ``read`` refuses a repeated id
        and ticket IDs repeat here."""

        __slots__ = ("cells", "event", "id")

        def __init__(self, row: Row) -> None:
            row.text("ticket")  # required: raises Bad when empty
            self.id, self.cells = str(next(count)), row.cells
            self.event = _event(row.cells, gatherer.lifecycles, gatherer.share)

    optional = tuple(c for c in COLUMNS if c not in REQUIRED)
    result = read(
        source,
        "event",
        REQUIRED,
        optional,
        Parsed,
        ignore_columns,
        instants=("at", "due"),
        **options,
    )
    accepted = zip(result.lines, result.records, strict=True)
    rejected = ((row.line, row) for row in result.rejected)
    rows: Iterable[tuple[int, Parsed | RejectedRow]] = heapq.merge(
        accepted, rejected, key=lambda pair: pair[0]
    )
    for line, item in rows:
        if isinstance(item, RejectedRow):
            gatherer.reject(line, item.reason, item.row)
        else:
            gatherer.add(line, item.cells, item.event)


def read_ticket_events(
    source: Source,
    *,
    format: Literal["jsonl", "csv"] | None = None,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    ignore_columns: Collection[str] = (),
    pause_gc: bool = True,
    mapping: InputMapping | None = None,
    tiers: Collection[str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[Ticket]:
    """Read ticket events, one per row, and replay them into tickets (see the module).

    :param source: a path, an open text file, or a pandas DataFrame (one row per event,
        the columns above; a row's line is its position + 2, as in a CSV file).  A
        ``.parquet`` path is read as a CSV file would be (:mod:`servicepolicy.io.parquet`).
        For large files :func:`~servicepolicy.io.tickets_arrow.read_ticket_events_bulk` gives
        the same result faster.
    :param format: ``"jsonl"`` (JSON Lines) or ``"csv"``; by default from the path's
        suffix (``.csv``; ``.jsonl``, ``.ndjson``), else from the content (a first line
        starting with ``{`` is JSON Lines); an open text file is JSON Lines.
    :param lifecycles: where each ticket's lifecycle is looked up by its kind.
    :param ignore_columns: columns (CSV) or keys (JSON) that may be present and are not read.
    :param pause_gc: pause Python's cyclic garbage collector while reading (and restore it
        after, if it was enabled).  Reading builds millions of objects and no reference
        cycles; the collector's passes over that growing heap find nothing and cost about
        a third of the time.  Pass ``False`` to keep it running.
    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`; its ``lifecycle`` must not be
        ``"snapshot"``: one row per ticket is read by
        :func:`~servicepolicy.io.snapshots.read_ticket_snapshots`).
    :param tiers: the tier names of the policy's tier scheme: a row naming another tier
        is rejected (and its ticket with it); ``None``: any name.
    :param encoding: the file's text encoding (by default its byte-order mark's, else
        UTF-8); a line that does not decode is rejected.
    :param delimiter: the CSV delimiter; by default sniffed from the header.
    :param limits: how far one CSV record may reach
        (:class:`~servicepolicy.io.csv_records.RecordLimits`).
    :returns: the tickets in the order their first rows appear (``lines``: those rows),
        and every rejected row, by line.
    :raises DataFileError: the file cannot be read at all (missing, a directory, no CSV
        header, a wrong header, content that contradicts the suffix).

    .. versionadded:: 0.1.0
    """
    name = _name(source)
    if format not in (None, "jsonl", "csv"):
        raise InvalidArgumentError("format", format, "'jsonl' or 'csv'")
    if mapping is not None and mapping.resolved().lifecycle == "snapshot":
        raise InvalidArgumentError(
            "mapping",
            "lifecycle = 'snapshot'",
            "a mapping of one row per event (read one row per ticket with read_ticket_snapshots)",
        )
    options: dict[str, Any] = {"encoding": encoding, "delimiter": delimiter, "limits": limits}
    known = frozenset(COLUMNS) | frozenset(ignore_columns)
    gatherer = _Gatherer(lifecycles, name, tiers)
    paused = pause_gc and gc.isenabled()
    if paused:
        gc.disable()
    try:
        if mapping is not None:  # any format, through the shared table reader
            mapped = {**options, "mapping": mapping, "format": format}
            _csv_rows(source, gatherer, ignore_columns, mapped)
            return gatherer.result()
        if is_frame(source):  # a DataFrame's rows go through the shared table reader
            _csv_rows(source, gatherer, ignore_columns, {})
            return gatherer.result()
        suffix = os.path.splitext(name or "")[1].lower()
        if suffix == ".parquet" and isinstance(source, str | os.PathLike):  # as a CSV file
            _csv_rows(source, gatherer, ignore_columns, {**options, "format": "parquet"})
            return gatherer.result()
        if format is None and not isinstance(source, str | os.PathLike) and suffix not in FORMATS:
            format = "jsonl"  # an open text file: JSON Lines unless its name says otherwise
        with _opened(source, encoding) as opened:
            how = content_format(source, format, opened.first, known)
            if how == "jsonl":
                _json_rows(opened, gatherer, known)
                return gatherer.result()
        _csv_rows(source, gatherer, ignore_columns, {**options, "format": "csv"})
        return gatherer.result()
    finally:
        if paused:
            gc.enable()
