"""Reading what the time clock and the hand-over log recorded (ATT-1 … ATT-4).

The readers take a CSV file, a JSON Lines file or a pandas DataFrame, like every reader of
:mod:`servicepolicy.io.roster` (which re-exports them): each data row becomes a
record or a rejected row with its line and the reason, and a wrong header is an error for
the whole file.

Clock records, one per shift (``clock_records.csv``):

===============  ===========================================================================
``employee``     who worked the shift: its current owner, after approved swaps
``shift``        the shift ID on the roster; a second row for one shift is rejected
``clock_in``     arrival, ISO 8601 with an offset; **empty: did not clock in** (absent, ATT-2)
``clock_out``    departure; empty: not recorded (ATT-3 cannot judge it)
``away``         optional: periods away from the post, ``start..end`` separated by ``;``
===============  ===========================================================================

``clock_in`` and ``clock_out`` are required columns even though a cell may be empty: an
absence must be written down, never inferred from a column nobody exported.

Hand-over logs, one per shift: ``shift, by, equipment_state, difficult_cases,
staffing_changes``; the three items may be empty (ATT-4 reports a blank item).

>>> import io
>>> text = '''employee,shift,clock_in,clock_out
... A-1,S-1,2026-11-02T07:48+08:00,2026-11-02T20:06+08:00
... A-2,S-2,,
... A-3,S-3,2026-11-02 08:25,2026-11-02T20:00+08:00
... '''
>>> result = read_clock_records(io.StringIO(text))
>>> [(r.shift, r.clock_in is None) for r in result.records]
[('S-1', False), ('S-2', True)]
>>> print(result.rejected[0])
line 4: clock_in: expected an ISO 8601 datetime with offset, got '2026-11-02 08:25'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.tabular import Bad, Format, ReadResult, Row, Source, parse_instant, read
from servicepolicy.workforce.clock import ClockRecord, HandOverLog

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = ["read_clock_records", "read_hand_over_logs"]


def _shift_of(record: ClockRecord | HandOverLog) -> str:
    return record.shift


def _periods(row: Row, name: str) -> tuple[tuple[datetime, datetime], ...]:
    found = []
    for item in row.items(name):
        first, dots, last = (part.strip() for part in item.partition(".."))
        if not dots:
            raise Bad(f"{name}: expected periods start..end separated by ';', got {item!r}")
        start, end = parse_instant(f"{name} start", first), parse_instant(f"{name} end", last)
        if end <= start:
            raise Bad(f"{name}: the period {item!r} ends before it starts")
        found.append((start, end))
    return tuple(found)


def _clock_record(row: Row) -> ClockRecord:
    clock_in = row.optional_instant("clock_in")
    clock_out = row.optional_instant("clock_out")
    if clock_in is not None and clock_out is not None and clock_out <= clock_in:
        got = row.cells["clock_out"]
        raise Bad(f"clock_out: expected a time after {clock_in.isoformat()}, got {got!r}")
    return ClockRecord(
        row.text("employee"), row.text("shift"), clock_in, clock_out, _periods(row, "away")
    )


def read_clock_records(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[ClockRecord]:
    """Read clock records: ``employee, shift, clock_in, clock_out`` and optional ``away``
    (see the module); at most one per shift.

    Whether the shifts exist and belong to the employee is checked against the roster by
    :meth:`~servicepolicy.workforce.AttendancePolicy.check`.

    :param source: a path, an open text file or a DataFrame.
    :param format: ``"csv"`` or ``"jsonl"``, for an open file (default: from the name).
    :param ignore_columns: columns the file may have that are not read.
    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.1.0
    """
    required = ("employee", "shift", "clock_in", "clock_out")
    return read(
        source,
        "clock record",
        required,
        ("away",),
        _clock_record,
        ignore_columns,
        format=format,
        unique=("shift", _shift_of),
        mapping=mapping,
        instants=("clock_in", "clock_out"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _hand_over_log(row: Row) -> HandOverLog:
    return HandOverLog(
        row.text("shift"),
        row.text("by"),
        row.cells.get("equipment_state", ""),
        row.cells.get("difficult_cases", ""),
        row.cells.get("staffing_changes", ""),
        row.optional_text("released_by"),
    )


def read_hand_over_logs(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[HandOverLog]:
    """Read hand-over logs: ``shift, by, equipment_state, difficult_cases,
    staffing_changes`` (ATT-4) and optional ``released_by`` (ATT-3); at most one per
    shift.  An empty item is read as empty and reported by the ATT-4 check, not here.

    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.1.0
    """
    required = ("shift", "by", "equipment_state", "difficult_cases", "staffing_changes")
    return read(
        source,
        "hand-over log",
        required,
        ("released_by",),
        _hand_over_log,
        ignore_columns,
        format=format,
        unique=("shift", _shift_of),
        mapping=mapping,
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )
