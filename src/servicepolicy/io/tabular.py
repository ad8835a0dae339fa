"""Reading tabular data row by row, so that nothing is lost silently (private).

Every data row becomes a record or a :class:`RejectedRow` with its line number and the
reason.  The machinery is shared by every reader of the library (rosters, requests,
attendance, tickets, calls, surveys): a reader declares its columns and a function from a
row to a record, and :func:`read` does the rest, whatever the source:

* a CSV file (a header line names the columns; the header is line 1);
* a JSON Lines file (one object per line, keys are the columns; values strings, numbers,
  ``true``/``false`` or ``null``; a missing key or ``null`` is an empty cell; a line that
  is not such an object is rejected, its text kept as the cell ``json``);
* a pandas DataFrame (its columns are the header; a row's "line" is its position + 2,
  the line it would have in a CSV file written with a header).  pandas is imported only
  by the caller: it is never required.

A path's format comes from its suffix (``.csv``; ``.jsonl`` or ``.ndjson``), or from its
content when the suffix is another (a first line starting with ``{`` is JSON Lines); an
open text file is CSV unless ``format=`` says otherwise (or its ``name`` ends in a known
suffix).  Files are decoded, CSV records bounded and delimiters sniffed as
:mod:`servicepolicy.io.csv_records` describes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from servicepolicy import limits
from servicepolicy.errors import DataFileError, ServicePolicyError
from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.figures import HelpDeskFigure, NotJudged
from servicepolicy.io.parquet import parquet_rows
from servicepolicy.io.sources import (
    FORMATS,
    Bad,
    DataFrameLike,
    Format,
    Rows,
    Source,
    _csv_rows,
    _frame_rows,
    _header,
    _json_rows,
    _name,
    _opened,
    cell_text,
    content_format,
    is_frame,
    source_format,
)

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping, Plan

__all__ = [
    "BY_ID",
    "FORMATS",
    "Bad",
    "DataFrameLike",
    "Format",
    "NotJudged",
    "ReadResult",
    "RecordLimits",
    "RejectedRow",
    "Row",
    "Source",
    "Unique",
    "is_frame",
    "parse_instant",
    "read",
    "rejected_error",
    "source_format",
]

T = TypeVar("T")


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen
class RejectedRow:
    """A data row that did not become a record.

    :param line: its first physical line in the file (a CSV header is line 1; a DataFrame
        row's line is its position + 2, as if written to CSV with a header).
    :param reason: what was wrong, ``"start: expected ..., got '...'"``.
    :param row: its cells by column name (extra cells as ``"column 5"`` …).
    :param source: the file's name, if known.

    .. versionadded:: 0.1.0
    """

    line: int
    reason: str
    row: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen, eq=False)
    source: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@attrs.frozen
class ReadResult(Generic[T]):
    """The records read from a file and the rows rejected, with the reasons.

    :param records: the records, in file order.
    :param rejected: the rejected rows, by line.
    :param what: the record noun for :meth:`summary` (``"shift"``).
    :param source: the file's name, if known.
    :param lines: the line each record was read from (``lines[i]`` for ``records[i]``).
    :param figures: the help desk's own SLA figures, where the export carries them
        (:class:`~servicepolicy.io.figures.HelpDeskFigure`), for a check to audit.
    :param not_judged: what the data cannot show, so that a check lists it as not
        checked instead of guessing (a snapshot export of tickets holds no reply history:
        :class:`NotJudged`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``not_judged``.
    """

    records: tuple[T, ...]
    rejected: tuple[RejectedRow, ...] = ()
    what: str = "record"
    source: str | None = None
    lines: tuple[int, ...] = ()
    not_judged: tuple[NotJudged, ...] = ()
    figures: tuple[HelpDeskFigure, ...] = ()

    def summary(self, limit: int | None = None) -> str:
        """One line: ``"shifts.csv: read 98 shifts, rejected 2: line 7: ...; line 9: ..."``;
        with ``limit``, the first ``limit`` rejected rows and how many more there are."""
        text = f"{self.source}: " if self.source else ""
        text += f"read {_plural(len(self.records), self.what)}"
        if self.rejected:
            shown = self.rejected if limit is None else self.rejected[:limit]
            text += f", rejected {len(self.rejected)}: " + "; ".join(map(str, shown))
            if len(shown) < len(self.rejected):
                text += f"; and {len(self.rejected) - len(shown)} more (see .rejected)"
        return text

    def raise_for_rejected(self) -> ReadResult[T]:
        """``self`` if no row was rejected, else a
        :class:`~servicepolicy.errors.DataFileError` holding every one in ``rejected``
        (its message shows the first 20 of each file)."""
        if self.rejected:
            raise rejected_error([self])
        return self


def rejected_error(results: Iterable[ReadResult[Any]]) -> DataFileError:
    failed = [r for r in results if r.rejected]
    return DataFileError(
        "\n".join(r.summary(limit=20) for r in failed),
        source=", ".join(r.source for r in failed if r.source) or None,
        rejected=[row for r in failed for row in r.rejected],
    )


_INTEGER = re.compile(r"[+-]?[0-9]+")
_SECONDS = re.compile(r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def parse_instant(name: str, text: str) -> datetime:
    """An aware datetime from ISO 8601 with an offset; a naive time is refused, never
    guessed (CAL-5).  Raises :class:`Bad` naming the column."""
    try:
        parsed: datetime | None = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.utcoffset() is None:
        raise Bad(f"{name}: expected an ISO 8601 datetime with offset, got {text!r}")
    problem = limits.instant_problem(parsed)
    if problem is not None:
        raise Bad(f"{name}: {problem}")
    return parsed


class Row:
    """Typed access to one row's cells; each getter raises :class:`Bad` with the reason."""

    def __init__(self, cells: Mapping[str, str]) -> None:
        self.cells = cells

    def text(self, name: str) -> str:
        value = self.cells.get(name, "")
        if not value:
            raise Bad(f"{name}: expected a non-empty value, got ''")
        return value

    def optional_text(self, name: str) -> str | None:
        return self.cells.get(name) or None

    def integer(self, name: str) -> int:
        value = self.cells.get(name, "")
        if not _INTEGER.fullmatch(value):
            raise Bad(f"{name}: expected an integer, got {_short(value)}")
        problem = limits.integer_problem(value)
        if problem is not None:
            raise Bad(f"{name}: {problem}")
        return int(value)

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.cells.get(name, "")
        if not value and default is not None:
            return default
        if value.lower() not in _BOOLEANS:
            raise Bad(f"{name}: expected true, false, yes, no, 1 or 0, got {value!r}")
        return _BOOLEANS[value.lower()]

    def instant(self, name: str, after: datetime | None = None) -> datetime:
        value = self.cells.get(name, "")
        parsed = parse_instant(name, value)
        if after is not None and parsed <= after:
            raise Bad(f"{name}: expected a time after {after.isoformat()}, got {value!r}")
        return parsed

    def optional_instant(self, name: str) -> datetime | None:
        return self.instant(name) if self.cells.get(name) else None

    def items(self, name: str) -> list[str]:
        return [item.strip() for item in self.cells.get(name, "").split(";") if item.strip()]

    def optional_integer(self, name: str, low: int | None = None) -> int | None:
        if not self.cells.get(name):
            return None
        value = self.integer(name)
        if low is not None and value < low:
            raise Bad(f"{name}: expected an integer >= {low}, got {self.cells[name]!r}")
        return value

    def optional_flag(self, name: str) -> bool | None:
        return self.flag(name) if self.cells.get(name) else None

    def seconds(self, name: str, default: int | None = 0) -> int | float:
        """A number of seconds >= 0, ``185`` or ``185.5`` (an int when written whole);
        ``default`` for an empty cell (``None``: a value is required)."""
        value = self.cells.get(name, "")
        if not value and default is not None:
            return default
        if not _SECONDS.fullmatch(value):
            raise Bad(
                f"{name}: expected a number of seconds >= 0 (185 or 185.5), got {_short(value)}"
            )
        whole = value.lstrip("+")
        if whole.isdigit() and (problem := limits.integer_problem(whole)) is not None:
            raise Bad(f"{name}: {problem}")
        number = int(whole) if whole.isdigit() else float(value)
        problem = limits.duration_problem(number)
        if problem is not None:
            raise Bad(f"{name}: {problem}")
        return number


def _short(value: str, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters (a 5,000-digit cell is not echoed)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 4]}...' ({len(value):,} characters)"


R = TypeVar("R")


def _record_id(record: Any) -> str | None:
    value = record.id
    return value if isinstance(value, str) else None


#: What must be unique in a file, the field's name and how to read it off a record
#: (``None``: nothing to compare).
Unique = tuple[str, Callable[[Any], str | None]]

#: Records are unique by their ``id``.
BY_ID: Unique = ("id", _record_id)


def _valid_text(cells: Mapping[str, str]) -> None:
    """Refuse a row whose cells hold text no output encoding can write (a lone
    surrogate, from a JSON escape ``\\ud800`` or a DataFrame)."""
    if limits.text_problem("".join(cells.values())) is None:
        return
    for column, value in cells.items():
        problem = limits.text_problem(value)
        if problem is not None:
            raise Bad(f"{column}: {problem}")


class _Anything(set[str]):
    """Every key is known (JSON rows read through a mapping: the plan checks them)."""

    def __contains__(self, key: object) -> bool:
        return True


def read(
    source: Source,
    what: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    build: Callable[[Row], R],
    ignore_columns: Collection[str],
    *,
    format: str | None = None,
    unique: Unique | None = BY_ID,
    mapping: InputMapping | None = None,
    instants: Collection[str] = (),
    durations: Collection[str] = (),
    flags: Collection[str] = (),
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[R]:
    """Read ``source`` (CSV, JSON Lines or a DataFrame, see the module) into records.

    :param build: a row to a record; :class:`Bad` or a model error rejects the row.
    :param ignore_columns: columns (keys) that may be present and are not read.
    :param format: ``"csv"`` or ``"jsonl"``; by default from the path's suffix, or from
        the content when the suffix is none of ``FORMATS``.
    :param unique: the field no two records may share (a later row is rejected).
    :param mapping: how the file's columns and cells map onto ours
        (:class:`~servicepolicy.io.mapping.InputMapping`): each row is turned into a row
        of ours before ``build`` sees it; a rejected row keeps the cells in our names.
    :param instants: our columns holding instants, ``durations`` seconds and ``flags``
        yes or no: what the mapping's zone, formats, units and spellings apply to.
    :param encoding: the file's text encoding; by default the mapping's, else its
        byte-order mark's, else UTF-8.
    :param delimiter: the CSV delimiter; by default the mapping's, else sniffed from the
        header.
    :param limits: how far one CSV record may reach (:class:`RecordLimits`).
    :raises DataFileError: the file cannot be read (missing, a directory; CSV: no header
        or a wrong one; content that contradicts the suffix); a DataFrame's columns are
        wrong.
    """
    source_format(source, format, sniff=True)  # an unknown format is refused up front
    name = _name(source)
    where = f"{name}: " if name else ""
    known: Collection[str] = {*required, *optional, *ignore_columns}
    plans: dict[tuple[str, ...], Plan] = {}
    fixed: list[Plan] = []  # the plan of a CSV header or a DataFrame's columns
    if mapping is not None:
        mapping = mapping.resolved()
        kinds = (frozenset(instants), frozenset(durations), frozenset(flags))

        def plan(header: list[str]) -> Plan:
            key = tuple(header)
            found = plans.get(key)
            if found is None:
                assert mapping is not None
                found = plans[key] = mapping.plan(
                    header,
                    (*required, *optional),
                    required,
                    ignore_columns=tuple(ignore_columns),
                    instants=kinds[0],
                    durations=kinds[1],
                    flags=kinds[2],
                )
            return found

    def check(header: list[str]) -> list[str]:
        if mapping is None:
            return _header(header, required, set(known))
        header = [cell.strip().lstrip("\ufeff") for cell in header]
        fixed.append(plan(header))
        return header

    records: list[R] = []
    lines: list[int] = []
    rejected: list[RejectedRow] = []
    first_line: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        rows: Rows
        if is_frame(source):
            try:
                header = check([str(column) for column in source.columns])
            except Bad as problem:
                raise DataFileError(f"DataFrame columns: {problem}") from None
            rows = _frame_rows(source, header)
        elif source_format(source, format, sniff=True) == "parquet":
            try:
                rows = parquet_rows(source, check, cell_text)  # type: ignore[arg-type]
            except Bad as problem:
                raise DataFileError(f"{where}{problem}", source=name) from None
        else:
            if mapping is not None:
                encoding = encoding or mapping.encoding
                delimiter = delimiter or mapping.delimiter
            headers: set[str] = set(known) if mapping is None else _Anything()
            opened = stack.enter_context(_opened(source, encoding))
            if content_format(source, format, opened.first, known) == "jsonl":
                rows = _json_rows(opened, headers)
            else:
                rows = _csv_rows(
                    opened, where, name, check, headers, delimiter, limits or RecordLimits()
                )
        for line, cells, bad in rows:
            try:
                if mapping is not None:
                    try:
                        current = fixed[0] if fixed else plan(list(cells))
                        cells, wrong = current.apply(cells)
                    except Bad as problem:  # a JSON object's keys that do not fit
                        wrong = str(problem)
                    bad = bad or wrong
                if bad is not None:
                    raise Bad(bad)
                _valid_text(cells)
                record = build(Row(cells))
                key = unique[1](record) if unique is not None else None
                if key is not None and unique is not None:
                    if key in first_line:
                        raise Bad(f"{unique[0]}: {key!r} is already used on line {first_line[key]}")
                    first_line[key] = line
            except (Bad, ServicePolicyError) as reason:
                rejected.append(RejectedRow(line, str(reason), cells, name))
                continue
            records.append(record)
            lines.append(line)
    return ReadResult(tuple(records), tuple(rejected), what, name, tuple(lines))
