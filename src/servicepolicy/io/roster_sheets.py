"""Rosters as spreadsheets keep them: one row per shift, or employees × days with codes.

Two layouts give the same :class:`~servicepolicy.workforce.Shift` records:

* **long** (:func:`read_shift_sheet`, preset ``roster_long``): one row per shift,
  ``employee, team, date, start, end`` with local wall-clock times (``08:00``); a shift
  whose end is not after its start ends the next day (a night shift, ``20:00``–``08:00``);
* **wide** (:func:`read_wide_roster`, preset ``roster_wide``): one row per employee, one
  column per day (the header is the date), each cell a shift code (``D``, ``N``, ``-``)
  that ``codes`` turns into its hours.

A shift's id is ``EMPLOYEE-DATE-HHMM`` (its start) unless the long sheet has an ``id``
column.  Times are local: ``tz`` (or the mapping's) names the zone, never guessed (CAL-5);
a local time a daylight-saving change skips or repeats rejects the row.

>>> import io
>>> wide = '''Employee,Team,2026-11-02,2026-11-03
... A-1,Hotline,D,N
... A-2,Hotline,-,D
... '''
>>> result = read_wide_roster(io.StringIO(wide), tz="Asia/Shanghai")
>>> for shift in result.records:
...     print(shift.id, shift.start.strftime("%d %H:%M"), shift.end.strftime("%d %H:%M"))
A-1-2026-11-02-0800 02 08:00 02 16:00
A-1-2026-11-03-2000 03 20:00 04 08:00
A-2-2026-11-03-0800 03 08:00 03 16:00

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.io._mapping_plan import normal
from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.sources import Bad, _csv_rows, _opened
from servicepolicy.io.tabular import Format, ReadResult, RejectedRow, Row, Source, read
from servicepolicy.workforce.model import Shift

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = [
    "DATE_FORMATS",
    "DEFAULT_CODES",
    "SHEET_COLUMNS",
    "read_shift_sheet",
    "read_wide_roster",
    "shift_times",
]

SHEET_COLUMNS = ("employee", "date", "start", "end", "team", "id")
"""The columns of a long roster sheet; the first four are required."""

DEFAULT_CODES: Mapping[str, str | None] = {"D": "08:00-16:00", "N": "20:00-08:00", "-": None}
"""The shift codes of a wide roster by default (a day shift, a night shift, a day off)."""

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y")
"""How a sheet's dates may be written (day first where the order is ambiguous)."""

_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")


def _zone(tz: str | None, mapping: InputMapping | None) -> ZoneInfo:
    name = tz or (mapping.resolved().tz if mapping is not None else None)
    if name is None:
        raise InvalidArgumentError("tz", None, "the IANA zone of the sheet's times (CAL-5)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgumentError("tz", name, "an IANA time zone (Asia/Shanghai)") from None


def _date(name: str, text: str) -> date:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise Bad(f"{name}: expected a date ({', '.join(DATE_FORMATS)}), got {text[:40]!r}")


def _clock(name: str, text: str) -> time:
    found = _CLOCK.fullmatch(text.strip())
    if found is None:
        raise Bad(f"{name}: expected a time of day HH:MM, got {text[:40]!r}")
    return time(int(found[1]), int(found[2]), int(found[3] or 0))


def _local(day: date, at: time, zone: ZoneInfo, name: str) -> datetime:
    first = datetime.combine(day, at, tzinfo=zone)
    if first.utcoffset() != first.replace(fold=1).utcoffset():
        raise Bad(
            f"{name}: expected a local time that occurs exactly once in {zone.key} (a "
            f"daylight-saving change skips or repeats it), got {day} {at}"
        )
    return first


def shift_times(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A shift's start and end: ``end`` on the next day when it is not after ``start``.

    :raises Bad: a local time skipped or repeated by a DST change (the row is rejected).
    """
    until = day + timedelta(days=1) if end <= start else day
    return _local(day, start, zone, "start"), _local(until, end, zone, "end")


def _shift_id(employee: str, start: datetime) -> str:
    return f"{employee}-{start.date().isoformat()}-{start:%H%M}"


def read_shift_sheet(
    source: Source,
    *,
    tz: str | None = None,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[Shift]:
    """Read a long roster sheet: one row per shift, ``employee, date, start, end`` (and
    ``team``, ``id``), times of day in ``tz`` (see the module).

    :param tz: the zone of the sheet's times; by default the mapping's ``tz``.
    :param mapping: how the sheet's columns map onto these (the ``roster_long`` preset).
    :raises InvalidArgumentError: no zone given, or an unknown one.
    :raises DataFileError: the file cannot be read or its header is wrong.
    """
    zone = _zone(tz, mapping)

    def build(row: Row) -> Shift:
        employee = row.text("employee")
        day = _date("date", row.cells.get("date", ""))
        start, end = shift_times(
            day, _clock("start", row.cells["start"]), _clock("end", row.cells["end"]), zone
        )
        return Shift(row.optional_text("id") or _shift_id(employee, start), employee, start, end)

    return read(
        source,
        "shift",
        SHEET_COLUMNS[:4],
        SHEET_COLUMNS[4:],
        build,
        ignore_columns,
        format=format,
        mapping=mapping,
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _codes(codes: Mapping[str, str | None]) -> dict[str, tuple[time, time] | None]:
    found: dict[str, tuple[time, time] | None] = {}
    for code, hours in codes.items():
        if hours is None:
            found[code.strip().casefold()] = None
            continue
        start, _, end = hours.partition("-")
        try:
            found[code.strip().casefold()] = (_clock("start", start), _clock("end", end))
        except Bad:
            raise InvalidArgumentError(
                f"codes[{code!r}]", hours, "hours HH:MM-HH:MM, or None for a day off"
            ) from None
    return found


def read_wide_roster(
    source: Source,
    *,
    codes: Mapping[str, str | None] = DEFAULT_CODES,
    tz: str | None = None,
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[Shift]:
    """Read a wide roster: one CSV row per employee, one column per day (the header is
    the date, :data:`DATE_FORMATS`), each cell a shift code of ``codes`` (see the module).

    A row with an unknown code or a bad time is rejected whole, with its line and every
    problem (its shifts are not half read); an empty cell is no shift.  Columns other than
    the employee's, ``team`` and the days must be in the mapping's ``ignore_columns``.

    :param codes: shift code → ``"HH:MM-HH:MM"`` (ending the next day when the end is not
        after the start) or ``None`` (a day off); compared case-folded.
    :param tz: the zone of the times; by default the mapping's ``tz``.
    :param mapping: its ``columns`` may name the employee's column (``employee = "Agent"``)
        and ``team``; its ``ignore_columns``, ``encoding`` and ``delimiter`` apply.
    :raises InvalidArgumentError: no zone, or a code whose hours cannot be read.
    :raises DataFileError: the file cannot be read, or its header has no employee column,
        no day, or a column that is neither.
    """
    from fnmatch import fnmatch

    zone = _zone(tz, mapping)
    table = _codes(codes)
    resolved = mapping.resolved() if mapping is not None else None
    names = {"employee": "employee", "team": "team"}
    ignore: tuple[str, ...] = ()
    if resolved is not None:
        names.update({k: v for k, v in resolved.columns.items() if k in names})
        ignore = resolved.ignore_columns
        encoding = encoding or resolved.encoding
        delimiter = delimiter or resolved.delimiter
    days: dict[str, date] = {}

    def check(header: list[str]) -> list[str]:
        wanted = {normal(v): k for k, v in names.items()}
        problems = []
        for cell in header:
            if normal(cell) in wanted:
                continue
            try:
                days[cell] = _date("day", cell)
            except Bad:
                if not any(fnmatch(normal(cell), normal(p)) for p in ignore):
                    problems.append(cell)
        if "employee" not in {wanted.get(normal(c)) for c in header}:
            raise Bad(f"expected an employee column {names['employee']!r}, got {header}")
        if problems or not days:
            raise Bad(f"expected dates as the other columns ({DATE_FORMATS[0]}), got {problems}")
        return header

    records: list[Shift] = []
    lines: list[int] = []
    rejected: list[RejectedRow] = []
    name = str(source) if isinstance(source, str | os.PathLike) else None
    with _opened(source, encoding) as opened:
        where = f"{name}: " if name else ""
        rows = _csv_rows(opened, where, name, check, (), delimiter, limits or RecordLimits())
        for line, cells, bad in rows:
            shifts, problems = _row_shifts(cells, names, days, table, zone)
            if bad is not None or problems:
                reason = bad if bad is not None else "; ".join(problems)
                rejected.append(RejectedRow(line, reason, cells, name))
                continue
            records += shifts
            lines += [line] * len(shifts)
    return ReadResult(tuple(records), tuple(rejected), "shift", name, tuple(lines))


def _row_shifts(
    cells: Mapping[str, str],
    names: Mapping[str, str],
    days: Mapping[str, date],
    table: Mapping[str, tuple[time, time] | None],
    zone: ZoneInfo,
) -> tuple[list[Shift], list[str]]:
    by_normal = {normal(k): v for k, v in cells.items()}
    employee = by_normal.get(normal(names["employee"]), "")
    if not employee:
        return [], ["employee: expected a value, got an empty cell"]
    shifts, problems = [], []
    for column, day in days.items():
        code = cells.get(column, "").strip()
        if not code:
            continue
        if code.casefold() not in table:
            known = ", ".join(repr(c) for c in table)
            problems.append(f"{column}: expected a shift code ({known}), got {code[:20]!r}")
            continue
        hours = table[code.casefold()]
        if hours is None:
            continue
        try:
            start, end = shift_times(day, hours[0], hours[1], zone)
        except Bad as problem:
            problems.append(f"{column}: {problem}")
            continue
        shifts.append(Shift(_shift_id(employee, start), employee, start, end))
    return shifts, problems
