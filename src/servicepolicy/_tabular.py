"""Reading tabular data files row by row, so that nothing is lost silently (private).

Every data row becomes a record or a :class:`RejectedRow` with its physical line number
and the reason.  The machinery is shared by every reader of the library (rosters and
requests now; tickets, calls and surveys later): a reader declares its columns and a
function from a row to a record, and :func:`read` does the rest.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import IO, Any, Generic, Protocol, TypeVar

import attrs

from servicepolicy.errors import DataFileError, ServicePolicyError

__all__ = [
    "Bad",
    "ReadResult",
    "RejectedRow",
    "Row",
    "Source",
    "parse_instant",
    "read",
    "rejected_error",
]

T = TypeVar("T")

#: A path to a CSV file (read as UTF-8, a byte-order mark allowed) or an open text file.
Source = str | os.PathLike[str] | IO[str]


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen
class RejectedRow:
    """A data row that did not become a record.

    :param line: its first physical line in the file (the header is line 1).
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


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)


def _name(source: Source) -> str | None:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


@contextlib.contextmanager
def _opened(source: Source) -> Iterator[IO[str]]:
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        yield source


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


def read(
    source: Source,
    what: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    build: Callable[[Row], R],
    ignore_columns: Collection[str],
) -> ReadResult[R]:
    name = _name(source)
    where = f"{name}: " if name else ""
    records: list[R] = []
    lines: list[int] = []
    rejected: list[RejectedRow] = []
    first_line: dict[str, int] = {}
    with _opened(source) as handle:
        reader = csv.reader(handle)
        try:
            header = _header(next(reader), required, {*required, *optional, *ignore_columns})
            line = reader.line_num
            for fields in reader:
                start, line = line + 1, reader.line_num
                if not any(cell.strip() for cell in fields):
                    continue
                cells = dict(zip(header, (cell.strip() for cell in fields), strict=False))
                cells.update(
                    {f"column {i + 1}": c for i, c in enumerate(fields) if i >= len(header)}
                )
                try:
                    if len(fields) != len(header):
                        raise Bad(f"expected {len(header)} fields, got {len(fields)}")
                    record = build(Row(cells))
                    if record.id in first_line:
                        raise Bad(
                            f"id: {record.id!r} is already used on line {first_line[record.id]}"
                        )
                except (Bad, ServicePolicyError) as problem:
                    rejected.append(RejectedRow(start, str(problem), cells, name))
                    continue
                first_line[record.id] = start
                records.append(record)
                lines.append(start)
        except StopIteration:
            raise DataFileError(
                f"{where}line 1: expected a header, got nothing", source=name
            ) from None
        except Bad as problem:
            raise DataFileError(f"{where}line 1: {problem}", source=name) from None
        except (csv.Error, UnicodeDecodeError) as problem:
            raise DataFileError(f"{where}line {reader.line_num}: {problem}", source=name) from None
    return ReadResult(tuple(records), tuple(rejected), what, name, tuple(lines))
