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

A path's format comes from its suffix (``.csv``; ``.jsonl`` or ``.ndjson``); an open text
file is CSV unless ``format=`` says otherwise (or its ``name`` ends in a known suffix).
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import IO, Any, Generic, Literal, Protocol, TypeGuard, TypeVar

import attrs

from servicepolicy.errors import DataFileError, InvalidArgumentError, ServicePolicyError

__all__ = [
    "BY_ID",
    "FORMATS",
    "Bad",
    "DataFrameLike",
    "Format",
    "ReadResult",
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


class DataFrameLike(Protocol):
    """What the readers use of a pandas DataFrame: its columns and its rows."""

    @property
    def columns(self) -> Any: ...

    def itertuples(self, index: bool = ..., name: str | None = ...) -> Iterable[Any]: ...


#: A path to a CSV or JSON Lines file (read as UTF-8, a byte-order mark allowed), an open
#: text file, or a pandas DataFrame.
Source = str | os.PathLike[str] | IO[str] | DataFrameLike

#: A file format: ``"csv"`` or ``"jsonl"`` (JSON Lines).
Format = Literal["csv", "jsonl"]

#: The file suffixes the formats are recognised by.
FORMATS: Mapping[str, Format] = MappingProxyType(
    {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
)


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

    .. versionadded:: 0.1.0
    """

    records: tuple[T, ...]
    rejected: tuple[RejectedRow, ...] = ()
    what: str = "record"
    source: str | None = None
    lines: tuple[int, ...] = ()

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


class Bad(Exception):
    """A cell that cannot be read; the message is the rejection reason."""


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
    if parsed is None or parsed.tzinfo is None:
        raise Bad(f"{name}: expected an ISO 8601 datetime with offset, got {text!r}")
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
            raise Bad(f"{name}: expected an integer, got {value!r}")
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
            raise Bad(f"{name}: expected a number of seconds >= 0 (185 or 185.5), got {value!r}")
        return int(value) if value.isdigit() else float(value)


R = TypeVar("R")

Rows = Iterator[tuple[int, dict[str, str], str | None]]
"""Data rows as ``(line, cells, problem)``: ``problem`` rejects the row before it is read."""


def _record_id(record: Any) -> str | None:
    value = record.id
    return value if isinstance(value, str) else None


#: What must be unique in a file: the field's name and how to read it off a record
#: (``None``: nothing to compare).
Unique = tuple[str, Callable[[Any], str | None]]

#: Records are unique by their ``id``.
BY_ID: Unique = ("id", _record_id)


def is_frame(source: object) -> TypeGuard[DataFrameLike]:
    """Whether ``source`` is a pandas DataFrame; pandas is not imported to find out: if
    nobody imported it, nothing is a DataFrame."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(source, pandas.DataFrame)


def _name(source: Source) -> str | None:
    if is_frame(source):
        return None
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def source_format(source: Source, format: str | None = None) -> Format | Literal["dataframe"]:
    """How ``source`` is read: ``"dataframe"``, else ``format`` if given, else the format of
    its name's suffix; an open file without a known suffix is CSV.

    :raises InvalidArgumentError: an unknown ``format``, or a path with an unknown suffix.
    """
    if is_frame(source):
        return "dataframe"
    if format is not None:
        if format not in ("csv", "jsonl"):
            raise InvalidArgumentError("format", format, "'csv' or 'jsonl'")
        return "csv" if format == "csv" else "jsonl"
    name = _name(source)
    suffix = os.path.splitext(name)[1].lower() if name else ""
    if suffix in FORMATS:
        return FORMATS[suffix]
    if isinstance(source, str | os.PathLike):
        raise InvalidArgumentError(
            "format",
            format,
            "'csv' or 'jsonl'",
            message=f"format: {name!r} ends in none of {', '.join(FORMATS)}; "
            "pass format='csv' or format='jsonl'",
        )
    return "csv"


@contextlib.contextmanager
def _opened(source: Source) -> Iterator[IO[str]]:
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        assert not is_frame(source)
        yield source  # type: ignore[misc]


def _header(header: list[str], required: tuple[str, ...], known: set[str]) -> list[str]:
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    problems = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    unknown = [c for c in header if c not in known]
    if unknown:
        problems.append(f"unknown columns: {', '.join(map(repr, unknown))} (pass ignore_columns)")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        problems.append(f"columns named twice: {', '.join(twice)}")
    if problems:
        raise Bad("; ".join(problems) + f" (columns: {', '.join(sorted(known))})")
    return header


def _csv_rows(
    handle: IO[str], where: str, name: str | None, check: Callable[..., list[str]]
) -> Rows:
    reader = csv.reader(handle)
    try:
        header = check(next(reader))
        line = reader.line_num
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in fields):
                continue
            cells = dict(zip(header, (cell.strip() for cell in fields), strict=False))
            cells.update({f"column {i + 1}": c for i, c in enumerate(fields) if i >= len(header)})
            count = None
            if len(fields) != len(header):
                count = f"expected {len(header)} fields, got {len(fields)}"
            yield start, cells, count
    except StopIteration:
        raise DataFileError(f"{where}line 1: expected a header, got nothing", source=name) from None
    except Bad as problem:
        raise DataFileError(f"{where}line 1: {problem}", source=name) from None
    except (csv.Error, UnicodeDecodeError) as problem:
        raise DataFileError(f"{where}line {reader.line_num}: {problem}", source=name) from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise Bad(f"keys named twice: {', '.join(map(repr, twice))}")
    return dict(pairs)


def _cell(value: object) -> str:
    """A JSON value or a DataFrame cell as the text a CSV cell would hold (durations in
    seconds); ``TypeError`` for anything but a single value."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if value is None or isinstance(value, bool):
        return {None: "", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(value)


def _json_row(text: str, known: set[str]) -> tuple[dict[str, str], str | None]:
    try:
        value = json.loads(text, object_pairs_hook=_pairs)
    except Bad as problem:
        return {"json": text}, str(problem)
    except json.JSONDecodeError as error:
        why = f"invalid JSON: {error.msg} at column {error.colno}"
        return {"json": text}, f"expected a JSON object, got {why}"
    if not isinstance(value, dict):
        return {"json": text}, f"expected a JSON object, got {type(value).__name__}"
    cells, problems = {}, []
    for key, item in value.items():
        try:
            cells[key] = "" if isinstance(item, float) and not math.isfinite(item) else _cell(item)
        except TypeError:
            cells[key] = json.dumps(item, ensure_ascii=False)
            problems.append(f"{key}: expected a string, number, true, false or null, got {item!r}")
    unknown = [key for key in value if key not in known]
    if unknown:
        problems.insert(0, f"unknown fields {', '.join(map(repr, unknown))} (pass ignore_columns)")
    return cells, "; ".join(problems) or None


def _json_rows(handle: IO[str], where: str, name: str | None, known: set[str]) -> Rows:
    line = 0
    try:
        for line, text in enumerate(handle, 1):
            text = text.strip().lstrip("\ufeff")
            if text:
                yield line, *_json_row(text, known)
    except UnicodeDecodeError as problem:
        message = f"{where}line {line + 1}: not UTF-8 text: {problem}"
        raise DataFileError(message, source=name) from None


def _frame_rows(frame: DataFrameLike, header: list[str]) -> Rows:
    is_na = sys.modules["pandas"].isna  # imported by the caller: ``frame`` is a DataFrame
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        cells, problems = {}, []
        for column, value in zip(header, values, strict=True):
            try:
                if not isinstance(value, str | list | tuple | dict | set) and is_na(value):
                    value = None
                item = getattr(value, "item", None)  # a numpy scalar: its Python value
                cells[column] = _cell(item() if callable(item) else value)
            except (TypeError, ValueError):  # not a single value; is_na of an array
                cells[column] = repr(value)
                problems.append(f"{column}: expected a single value, got {value!r}")
        if any(cells.values()):
            yield position + 2, cells, "; ".join(problems) or None


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
) -> ReadResult[R]:
    """Read ``source`` (CSV, JSON Lines or a DataFrame, see the module) into records.

    :param build: a row to a record; :class:`Bad` or a model error rejects the row.
    :param ignore_columns: columns (keys) that may be present and are not read.
    :param format: ``"csv"`` or ``"jsonl"``; by default from the path's suffix.
    :param unique: the field no two records may share (a later row is rejected).
    :raises DataFileError: the file cannot be read (CSV: no header or a wrong one; bytes
        that are not UTF-8); a DataFrame's columns are wrong.
    """
    how = source_format(source, format)
    name = _name(source)
    where = f"{name}: " if name else ""
    known = {*required, *optional, *ignore_columns}

    def check(header: list[str]) -> list[str]:
        return _header(header, required, known)

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
        else:
            handle = stack.enter_context(_opened(source))
            if how == "jsonl":
                rows = _json_rows(handle, where, name, known)
            else:
                rows = _csv_rows(handle, where, name, check)
        for line, cells, bad in rows:
            try:
                if bad is not None:
                    raise Bad(bad)
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
