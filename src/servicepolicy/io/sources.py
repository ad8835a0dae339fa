"""Where tabular rows come from: CSV files, JSON Lines files and DataFrames (private).

:func:`servicepolicy.io.tabular.read` turns each source into the same data rows,
``(line, cells, problem)``; see that module for the formats.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import IO, Any, Literal, NamedTuple, Protocol, TypeGuard

from servicepolicy.errors import DataFileError, InvalidArgumentError
from servicepolicy.io.csv_records import (
    ERRORS,
    MARKS,
    RecordLimits,
    bom_encoding,
    csv_records,
    decoding_problem,
    marked,
    resolve_encoding,
    sniff_delimiter,
)
from servicepolicy.limits import os_reason

__all__ = [
    "FORMATS",
    "Bad",
    "DataFrameLike",
    "Format",
    "Rows",
    "Source",
    "is_frame",
    "source_format",
]


class Bad(Exception):
    """A cell that cannot be read; the message is the rejection reason."""


class DataFrameLike(Protocol):
    """What the readers use of a pandas DataFrame: its columns and its rows."""

    @property
    def columns(self) -> Any: ...

    def itertuples(self, index: bool = ..., name: str | None = ...) -> Iterable[Any]: ...


#: A path to a CSV or JSON Lines file (read as UTF-8 unless a byte-order mark or the
#: reader's ``encoding`` says otherwise), an open text file, or a pandas DataFrame.
Source = str | os.PathLike[str] | IO[str] | DataFrameLike

#: A file format: ``"csv"``, ``"jsonl"`` (JSON Lines) or ``"parquet"`` (with pyarrow).
Format = Literal["csv", "jsonl", "parquet"]

#: The file suffixes the formats are recognised by.
FORMATS: Mapping[str, Format] = MappingProxyType(
    {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
)


Rows = Iterator[tuple[int, dict[str, str], str | None]]
"""Data rows as ``(line, cells, problem)``: ``problem`` rejects the row before it is read."""


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


def source_format(
    source: Source, format: str | None = None, *, sniff: bool = False
) -> Format | Literal["dataframe"] | None:
    """How ``source`` is read: ``"dataframe"``, else ``format`` if given, else the format of
    its name's suffix; an open file without a known suffix is CSV.  With ``sniff``, a path
    with an unknown suffix is ``None``: its content decides (``content_format``).

    :raises InvalidArgumentError: an unknown ``format``, or (without ``sniff``) a path
        with an unknown suffix.
    """
    if is_frame(source):
        return "dataframe"
    if format is not None:
        if format not in ("csv", "jsonl", "parquet"):
            raise InvalidArgumentError("format", format, "'csv', 'jsonl' or 'parquet'")
        return "csv" if format == "csv" else "jsonl" if format == "jsonl" else "parquet"
    name = _name(source)
    suffix = os.path.splitext(name)[1].lower() if name else ""
    if suffix in FORMATS:
        return FORMATS[suffix]
    if sniff and isinstance(source, str | os.PathLike):
        return None
    if isinstance(source, str | os.PathLike):
        raise InvalidArgumentError(
            "format",
            format,
            "'csv', 'jsonl' or 'parquet'",
            message=f"format: {name!r} ends in none of {', '.join(FORMATS)}; "
            "pass format='csv', format='jsonl' or format='parquet'",
        )
    return "csv"


class Opened(NamedTuple):
    """An open source: its physical lines, the encoding they were decoded with, and its
    first non-blank line and that line's number (``None`` for an open text file, which is
    not peeked at)."""

    lines: Iterator[str]
    encoding: str
    first: tuple[int, str] | None = None
    marks: int = 0  # MARKS before the file was decoded: when it moved, look for marks


_LIMITS = RecordLimits()
_BOM_NEEDED = frozenset({"utf-16", "utf-32"})  # codecs that cannot tell the byte order
_HEAD = 1 << 16  # the bytes read ahead to sniff a file's format
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _unopenable(name: str, error: OSError) -> DataFileError:
    if isinstance(error, FileNotFoundError):
        why = "expected a data file, got no such file"
    elif isinstance(error, IsADirectoryError):
        why = "expected a data file, got a directory"
    elif isinstance(error, PermissionError):
        why = "expected a readable file, got permission denied"
    else:
        why = f"cannot be read: {os_reason(error)}"
    return DataFileError(f"{name}: {why}", source=name)


def _first_line(head: bytes, encoding: str) -> tuple[int, str] | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head, final=False)
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if line.strip().lstrip("\ufeff"):
            return number, line
    return None


@contextlib.contextmanager
def _opened(source: Source, encoding: str | None = None) -> Iterator[Opened]:
    """``source``'s lines, decoded with ``encoding`` (a byte-order mark sniffed when it is
    ``None``); bytes that do not decode are marked, see :mod:`~servicepolicy.io.csv_records`.

    :raises DataFileError: the file is missing, a directory, or cannot be read.
    """
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            raw = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise _unopenable(name, error) from None
        with raw:
            try:
                head = raw.read(_HEAD)
                raw.seek(0)
            except OSError as error:
                raise _unopenable(name, error) from None
            codec = resolve_encoding(encoding, head)
            if head and codecs.lookup(codec).name in _BOM_NEEDED and bom_encoding(head) is None:
                raise DataFileError(
                    f"{name}: line 1: expected a byte-order mark (encoding={encoding!r}), got "
                    f"none; pass encoding='{codecs.lookup(codec).name}-le' or '-be'",
                    source=name,
                )
            marks = MARKS[0]
            with io.TextIOWrapper(raw, encoding=codec, errors=ERRORS, newline="") as handle:
                yield Opened(handle, codec, _first_line(head, codec), marks)
    else:
        assert not is_frame(source)
        text: IO[str] = source  # type: ignore[assignment]
        yield Opened(text, getattr(text, "encoding", None) or "utf-8", None, MARKS[0])


def content_format(
    source: Source,
    format: str | None,
    first: tuple[int, str] | None,
    known: Collection[str],
) -> Format:
    """How an opened file is read: ``format`` if given; else by its name's suffix, unless
    its first non-blank line contradicts the suffix (a :class:`DataFileError`); else by
    that line (``{``: JSON Lines, else CSV)."""
    found = source_format(source, format, sniff=True)
    declared: Format | None = None
    if found == "jsonl":
        declared = "jsonl"
    elif found is not None:  # CSV; a DataFrame or Parquet file is not opened as text
        declared = "csv"
    name = _name(source) or "the file"
    if format is not None or first is None:
        return declared or "csv"
    number, text = first
    looks: Format = "jsonl" if text.lstrip().lstrip("\ufeff").startswith("{") else "csv"
    if declared is None:
        return looks
    if declared == "csv" and looks == "jsonl":
        got = "a JSON object"
    elif declared == "jsonl" and looks == "csv" and _is_header(text, known):
        got = f"a CSV header {text.strip()[:60]!r}"
    else:
        return declared
    other = "jsonl" if declared == "csv" else "csv"
    expected = "a CSV header" if declared == "csv" else "a JSON object"
    raise DataFileError(
        f"{name}: line {number}: expected {expected}"
        f" (the name ends in {os.path.splitext(name)[1]}), got {got}; "
        f"rename the file or pass format={other!r}",
        source=_name(source),
    )


def _is_header(text: str, known: Collection[str]) -> bool:
    import csv

    cells = next(csv.reader([text], delimiter=sniff_delimiter(text, known)), [])
    return any(cell.strip().lstrip("\ufeff") in known for cell in cells)


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


def _clean(text: str) -> str:
    """``text`` with the marks of undecodable bytes replaced by U+FFFD (for a rejected
    row's cells, which reports write out)."""
    return "".join("\ufffd" if marked(c) else c for c in text) if marked(text) else text


def _csv_rows(
    opened: Opened,
    where: str,
    name: str | None,
    check: Callable[[list[str]], list[str]],
    known: Collection[str],
    delimiter: str | None = None,
    limits: RecordLimits = _LIMITS,
) -> Rows:
    """The data rows of a CSV file: its first physical line is the header; each record is
    bounded by ``limits`` (:func:`~servicepolicy.io.csv_records.csv_records`)."""
    numbered = enumerate(opened.lines, 1)
    first = next(numbered, None)
    if first is None:
        raise DataFileError(f"{where}line 1: expected a header, got nothing", source=name)
    text = first[1]
    if marked(text):
        problem = decoding_problem(text, opened.encoding)
        raise DataFileError(f"{where}line 1: {problem}", source=name)
    delimiter = delimiter or sniff_delimiter(text, known)
    _, fields, bad = next(csv_records(iter([first]), delimiter, None, limits))
    if bad is not None:
        raise DataFileError(f"{where}line 1: the header: {bad}", source=name)
    try:
        header = check(fields)
    except Bad as problem:
        raise DataFileError(f"{where}line 1: {problem}", source=name) from None
    marks = opened.marks
    for start, fields, bad in csv_records(numbered, delimiter, len(header), limits):
        if MARKS[0] != marks and any(map(marked, fields)):
            bad = decoding_problem("".join(fields), opened.encoding)
            fields = [_clean(cell) for cell in fields]
        if bad is None and not any(cell.strip() for cell in fields):
            continue
        cells = dict(zip(header, (cell.strip() for cell in fields), strict=False))
        cells.update({f"column {i + 1}": c for i, c in enumerate(fields) if i >= len(header)})
        if bad is None and len(fields) != len(header):
            bad = f"expected {len(header)} fields, got {len(fields)}"
        yield start, cells, bad


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise Bad(f"keys named twice: {', '.join(map(repr, twice))}")
    return dict(pairs)


def cell_text(value: object) -> str:
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
    except ValueError:  # an integer of more than 4,300 digits
        return {"json": text}, "expected a JSON object, got a number too long to read"
    except RecursionError:
        return {"json": text}, "expected a JSON object, got values nested too deeply"
    if not isinstance(value, dict):
        return {"json": text}, f"expected a JSON object, got {type(value).__name__}"
    cells, problems = {}, []
    for key, item in value.items():
        try:
            cells[key] = (
                "" if isinstance(item, float) and not math.isfinite(item) else cell_text(item)
            )
        except ValueError:  # an int of more than 4,300 digits cannot be written out
            cells[key] = ""
            problems.append(f"{key}: expected a number of at most 15 digits, got a longer one")
        except TypeError:
            cells[key] = json.dumps(item, ensure_ascii=False)
            problems.append(f"{key}: expected a string, number, true, false or null, got {item!r}")
    unknown = [key for key in value if key not in known]
    if unknown:
        problems.insert(0, f"unknown fields {', '.join(map(repr, unknown))} (pass ignore_columns)")
    return cells, "; ".join(problems) or None


def _json_rows(opened: Opened, known: set[str]) -> Rows:
    marks = opened.marks
    for line, text in enumerate(opened.lines, 1):
        text = text.strip().lstrip("\ufeff")
        if not text:
            continue
        if MARKS[0] != marks and marked(text):
            yield line, {"json": _clean(text)}, decoding_problem(text, opened.encoding)
            continue
        yield line, *_json_row(text, known)


def _frame_rows(frame: DataFrameLike, header: list[str]) -> Rows:
    is_na = sys.modules["pandas"].isna  # imported by the caller: ``frame`` is a DataFrame
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        cells, problems = {}, []
        for column, value in zip(header, values, strict=True):
            try:
                if not isinstance(value, str | list | tuple | dict | set) and is_na(value):
                    value = None
                item = getattr(value, "item", None)  # a numpy scalar: its Python value
                cells[column] = cell_text(item() if callable(item) else value)
            except (TypeError, ValueError):  # not a single value; is_na of an array
                cells[column] = repr(value)
                problems.append(f"{column}: expected a single value, got {value!r}")
        if any(cells.values()):
            yield position + 2, cells, "; ".join(problems) or None
