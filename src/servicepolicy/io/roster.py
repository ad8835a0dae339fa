"""Reading employees, shifts, leave and swap requests; nothing is lost silently.

(The leave and swap request readers live in :mod:`servicepolicy.io.requests` and are
importable from here too.)

Each reader takes a CSV file, a JSON Lines file or a pandas DataFrame (pandas is never
required):

* a path: the format comes from its suffix, ``.csv``, or ``.jsonl`` / ``.ndjson``;
* an open text file: CSV, unless ``format="jsonl"`` (or its name ends in ``.jsonl``);
* a DataFrame: its columns are the header; a row's line is its position + 2, the line it
  would have in a CSV file written with a header.

Every data row becomes a record or a :class:`RejectedRow` with its physical line number (the
CSV header is line 1) and the reason; blank lines are skipped.  A CSV header (or a
DataFrame's columns) that lacks a required column, names an unknown one or names one twice
is an error for the whole file (:class:`~servicepolicy.errors.DataFileError`); in JSON
Lines, each object's keys are its columns: a missing key or ``null`` is an empty cell, and
an unknown key rejects the row.  Cells are stripped of surrounding whitespace; JSON
numbers and ``true``/``false`` are read as their text.  Formats:

* instants: ISO 8601 with an offset, ``2026-10-01T08:00+08:00``; a naive time is rejected,
  never guessed (CAL-5);
* booleans: ``true``/``false``/``yes``/``no``/``1``/``0``, any case;
* lists: items separated by ``;`` (roles), approvals ``role:by;role:by``, certificates
  ``2026-10-01..2026-10-03;2026-10-05`` (a single date is a one-day certificate).

An empty cell of an optional column takes the field's default, which never grants an
exemption (``emergency`` and ``special_case`` default to false); ``hand_over_confirmed``
is therefore a required column.

>>> import io
>>> text = '''id,employee,start,end
... S-1,A-1,2026-10-01T08:00+08:00,2026-10-01T16:00+08:00
... S-2,A-1,2026-10-01 16:00,2026-10-02T00:00+08:00
... '''
>>> result = read_shifts(io.StringIO(text))
>>> [shift.id for shift in result.records]
['S-1']
>>> print(result.summary())  # doctest: +NORMALIZE_WHITESPACE
read 1 shift, rejected 1: line 3: start: expected an ISO 8601 datetime with offset,
got '2026-10-01 16:00'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import time
from typing import TYPE_CHECKING, Any

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError
from servicepolicy.io.attendance import read_clock_records, read_hand_over_logs
from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.requests import read_leave_requests, read_swap_requests
from servicepolicy.io.tabular import (
    Format,
    ReadResult,
    RejectedRow,
    Row,
    Source,
    read,
    rejected_error,
)
from servicepolicy.workforce.model import Employee, Shift, StaffingRequirement
from servicepolicy.workforce.roster import Roster

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = [
    "DataFileError",
    "ReadResult",
    "RejectedRow",
    "RosterRead",
    "Source",
    "read_clock_records",
    "read_employees",
    "read_hand_over_logs",
    "read_leave_requests",
    "read_roster",
    "read_shifts",
    "read_staffing_requirements",
    "read_swap_requests",
]


def read_employees(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[Employee]:
    """Read employees: ``id, team, team_leader, job_type, skill_level`` and optional ``roles``
    (``agent;trainer``).

    :param source: a path, an open text file or a DataFrame (see the module).
    :param format: ``"csv"`` or ``"jsonl"``, for an open file (default: from the name).
    :param ignore_columns: columns the file may have that are not read (e.g. ``"notes"``).
    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises DataFileError: the file cannot be read or its header is wrong.
    """

    def build(row: Row) -> Employee:
        return Employee(
            id=row.text("id"),
            team=row.text("team"),
            team_leader=row.text("team_leader"),
            job_type=row.text("job_type"),
            skill_level=row.integer("skill_level"),
            roles=row.items("roles"),
        )

    required = ("id", "team", "team_leader", "job_type", "skill_level")
    return read(
        source,
        "employee",
        required,
        ("roles",),
        build,
        ignore_columns,
        format=format,
        mapping=mapping,
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


_EMPLOYEE_COLUMNS = ("id", "team", "team_leader", "job_type", "skill_level", "roles")
_SHIFT_COLUMNS = ("id", "employee", "start", "end")


def _shift(row: Row) -> Shift:
    start = row.instant("start")
    return Shift(row.text("id"), row.text("employee"), start, row.instant("end", after=start))


def read_shifts(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[Shift]:
    """Read shifts: ``id, employee, start, end`` (instants with offsets).

    Whether the employees exist and whether shifts overlap is checked by :func:`read_roster`.

    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises DataFileError: the file cannot be read or its header is wrong.
    """
    columns = ("id", "employee", "start", "end")
    return read(
        source,
        "shift",
        columns,
        (),
        _shift,
        ignore_columns,
        format=format,
        mapping=mapping,
        instants=("start", "end"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _staffing(row: Row) -> StaffingRequirement:
    start = row.instant("start")
    min_skill = row.optional_integer("min_skill")
    return StaffingRequirement(
        start,
        row.instant("end", after=start),
        row.text("job_type"),
        row.integer("minimum"),
        0 if min_skill is None else min_skill,
    )


def read_staffing_requirements(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[StaffingRequirement]:
    """Read minimum staffing (SWAP-8): ``start, end, job_type, minimum`` and optional
    ``min_skill`` (default 0): at least ``minimum`` employees of ``job_type`` with that
    skill on duty throughout ``[start, end)``.  Pass the records to :func:`read_roster`'s
    ``staffing``.

    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises DataFileError: the file cannot be read or its header is wrong.
    """
    required = ("start", "end", "job_type", "minimum")
    return read(
        source,
        "staffing requirement",
        required,
        ("min_skill",),
        _staffing,
        ignore_columns,
        format=format,
        unique=None,
        mapping=mapping,
        instants=("start", "end"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


@attrs.frozen
class RosterRead:
    """A roster built from an employees file and a shifts file, and what each rejected.

    :param roster: the roster of every accepted employee and shift.
    :param employees: the employees read.
    :param shifts: the shifts read; rows naming an unknown (or rejected) employee and rows
        whose shifts overlap another of the same employee are rejected here.

    .. versionadded:: 0.1.0
    """

    roster: Roster
    employees: ReadResult[Employee]
    shifts: ReadResult[Shift]

    def summary(self) -> str:
        """Both files' summaries, one per line."""
        return f"{self.employees.summary()}\n{self.shifts.summary()}"

    def raise_for_rejected(self) -> RosterRead:
        """``self`` if no row of either file was rejected, else one
        :class:`~servicepolicy.errors.DataFileError`."""
        if self.employees.rejected or self.shifts.rejected:
            raise rejected_error([self.employees, self.shifts])
        return self


def _overlaps(shifts: list[tuple[int, Shift]]) -> dict[int, str]:
    """Reasons by line for shifts (with lines) of one employee that overlap another."""
    reasons: dict[int, list[str]] = {}
    ordered = sorted(shifts, key=lambda pair: (pair[1].start, pair[0]))
    for i, (line, shift) in enumerate(ordered):
        for other_line, other in ordered[i + 1 :]:
            if other.start >= shift.end:
                break
            reasons.setdefault(line, []).append(f"{other.id} (line {other_line})")
            reasons.setdefault(other_line, []).append(f"{shift.id} (line {line})")
    return {
        line: f"overlaps shift {', '.join(found)} of employee {dict(shifts)[line].employee}"
        for line, found in reasons.items()
    }


def read_roster(
    employees: Source,
    shifts: Source,
    calendar: BusinessCalendar,
    *,
    staffing: Iterable[StaffingRequirement] = (),
    night_window: tuple[time, time] | None = None,
    format: Format | None = None,
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> RosterRead:
    """Read employees and shifts and build a :class:`~servicepolicy.workforce.Roster`.

    Shift rows that would make the roster invalid are rejected with their lines: an unknown
    employee, or shifts of one employee that overlap (every row of an overlapping group is
    rejected, each naming the others: which one is wrong is not guessed).  Approved leave
    and swaps are added afterwards: ``attrs.evolve(read.roster, leaves=...)``.

    :param staffing: minimum staffing (SWAP-8), passed to the roster.
    :param night_window: passed to the roster if given (LEAVE-7).
    :param format: the format of both sources, if they are open files (see the module).
    :param mapping: how both files map onto ours; each file uses the mapping's entries
        for its own columns (:meth:`~servicepolicy.io.mapping.InputMapping.restricted`).
    :param encoding: the text encoding of both files (by default the mapping's, else a
        byte-order mark's, else UTF-8).
    :param delimiter: the CSV delimiter of both (by default sniffed from each header).
    :param limits: how far one CSV record may reach.
    :raises DataFileError: a file cannot be read or its header is wrong.
    """
    read_options: dict[str, Any] = {"encoding": encoding, "delimiter": delimiter, "limits": limits}
    people_map = shifts_map = None
    if mapping is not None:
        people_map = mapping.restricted(_EMPLOYEE_COLUMNS, also=_SHIFT_COLUMNS)
        shifts_map = mapping.restricted(_SHIFT_COLUMNS, also=_EMPLOYEE_COLUMNS)
    people = read_employees(employees, format=format, mapping=people_map, **read_options)
    rows = read_shifts(shifts, format=format, mapping=shifts_map, **read_options)
    known = {e.id for e in people.records}
    dropped = {r.row.get("id", ""): r.line for r in people.rejected}
    at_line = dict(zip(rows.lines, rows.records, strict=True))
    reasons: dict[int, str] = {}
    by_employee: dict[str, list[tuple[int, Shift]]] = {}
    for line, shift in at_line.items():
        if shift.employee in known:
            by_employee.setdefault(shift.employee, []).append((line, shift))
        else:
            reasons[line] = f"employee: unknown employee {shift.employee!r}"
            if shift.employee in dropped:
                reasons[line] += f" (its row, line {dropped[shift.employee]}, was rejected)"
    for own in by_employee.values():
        reasons.update(_overlaps(own))
    rejected = [*rows.rejected]
    rejected += [RejectedRow(n, why, _cells(at_line[n]), rows.source) for n, why in reasons.items()]
    kept = [line for line in rows.lines if line not in reasons]
    shifts_read = ReadResult(
        tuple(at_line[line] for line in kept),
        tuple(sorted(rejected, key=lambda row: row.line)),
        "shift",
        rows.source,
        tuple(kept),
    )
    options: dict[str, Any] = {} if night_window is None else {"night_window": night_window}
    roster = Roster(people.records, shifts_read.records, calendar, staffing=staffing, **options)
    return RosterRead(roster, people, shifts_read)


def _cells(shift: Shift) -> dict[str, str]:
    return {
        "id": shift.id,
        "employee": shift.employee,
        "start": shift.start.isoformat(),
        "end": shift.end.isoformat(),
    }
