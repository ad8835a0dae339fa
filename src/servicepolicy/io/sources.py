"""Where tabular rows come from: CSV files, JSON Lines files and DataFrames (private).

:func:`servicepolicy.io.tabular.read` turns each source into the same data rows,
``(line, cells, problem)``; see that module for the formats.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import IO, Any, Literal, Protocol, TypeGuard

from servicepolicy.errors import DataFileError, InvalidArgumentError
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


#: A path to a CSV or JSON Lines file (read as UTF-8, a byte-order mark allowed), an open
#: text file, or a pandas DataFrame.
Source = str | os.PathLike[str] | IO[str] | DataFrameLike

#: A file format: ``"csv"`` or ``"jsonl"`` (JSON Lines).
Format = Literal["csv", "jsonl"]

#: The file suffixes the formats are recognised by.
FORMATS: Mapping[str, Format] = MappingProxyType(
    {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
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
        try:
            handle = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as error:
            raise DataFileError(
                f"{os.fspath(source)}: cannot be read: {os_reason(error)}",
                source=os.fspath(source),
            ) from None
        with handle:
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
    handle: IO[str],
    where: str,
    name: str | None,
    check: Callable[..., list[str]],
    *,
    delimiter: str = ",",
) -> Rows:
    reader = csv.reader(handle, delimiter=delimiter)
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
    except ValueError:  # an integer of more than 4,300 digits
        return {"json": text}, "expected a JSON object, got a number too long to read"
    except RecursionError:
        return {"json": text}, "expected a JSON object, got values nested too deeply"
    if not isinstance(value, dict):
        return {"json": text}, f"expected a JSON object, got {type(value).__name__}"
    cells, problems = {}, []
    for key, item in value.items():
        try:
            cells[key] = "" if isinstance(item, float) and not math.isfinite(item) else _cell(item)
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
