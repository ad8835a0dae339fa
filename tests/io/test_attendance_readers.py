"""Tests of servicepolicy.io.attendance: clock records and hand-over logs from
CSV, JSON Lines and DataFrames (ATT-1 … ATT-4)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError
from servicepolicy.io.roster import ReadResult, read_clock_records, read_hand_over_logs
from servicepolicy.workforce import (
    AttendancePolicy,
    ClockRecord,
    Employee,
    HandOverLog,
    Roster,
    Shift,
)

CST = timezone(timedelta(hours=8))
T = datetime(2026, 11, 2, 8, tzinfo=CST)
HEADER = "employee,shift,clock_in,clock_out,away"


def reasons(result: ReadResult[Any]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]


def text(*rows: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


def test_clock_records_good_and_bad_rows() -> None:
    """An empty clock-in is an absence (kept, not guessed); bad rows are rejected by line."""
    result = read_clock_records(
        text(
            "A-1,S-1,2026-11-02T07:48+08:00,2026-11-02T20:06+08:00,"
            "2026-11-02T12:00+08:00..2026-11-02T12:25+08:00",
            "A-2,S-2,,,",
            "A-3,S-3,2026-11-02T08:25,2026-11-02T20:00+08:00,",
            "A-4,S-4,2026-11-02T08:00+08:00,2026-11-02T07:00+08:00,",
            "A-5,S-5,2026-11-02T08:00+08:00,2026-11-02T20:00+08:00,2026-11-02T12:00+08:00",
            "A-6,S-6,2026-11-02T08:00+08:00,2026-11-02T20:00+08:00,"
            "2026-11-02T12:00+08:00..2026-11-02T11:00+08:00",
            "A-7,S-7,2026-11-02T08:00+08:00,2026-11-02T20:00+08:00,"
            "2026-11-02T07:00+08:00..2026-11-02T07:30+08:00",
            "A-1,S-1,2026-11-02T07:50+08:00,,",
            ",S-9,,,",
        )
    )
    first, absent = result.records
    assert first.away == ((datetime(2026, 11, 2, 12, tzinfo=CST), T.replace(hour=12, minute=25)),)
    assert (absent.employee, absent.clock_in, absent.clock_out) == ("A-2", None, None)
    assert result.lines == (2, 3)
    assert reasons(result)[:5] == [
        (4, "clock_in: expected an ISO 8601 datetime with offset, got '2026-11-02T08:25'"),
        (5, "clock_out: expected a time after 2026-11-02T08:00:00+08:00, "
            "got '2026-11-02T07:00+08:00'"),
        (6, "away: expected periods start..end separated by ';', got '2026-11-02T12:00+08:00'"),
        (7, "away: the period '2026-11-02T12:00+08:00..2026-11-02T11:00+08:00' "
            "ends before it starts"),
        (
            8,
            "clock record A-7/S-7: away[0]: expected a period between clock_in and clock_out, "
            "got [2026-11-02T07:00:00+08:00, 2026-11-02T07:30:00+08:00]",
        ),
    ]  # fmt: skip
    assert reasons(result)[5:] == [
        (9, "shift: 'S-1' is already used on line 2"),
        (10, "employee: expected a non-empty value, got ''"),
    ]


def test_clock_in_and_out_columns_are_required() -> None:
    """An absence must be written down: a file without ``clock_in`` is refused whole."""
    with pytest.raises(DataFileError, match="line 1: missing columns: clock_in, clock_out"):
        read_clock_records(text("A-1,S-1", header="employee,shift"))


def test_hand_over_logs() -> None:
    """Blank items are kept for ATT-4 to report; the writer is required."""
    result = read_hand_over_logs(
        text(
            "S-1,A-1,all headsets working,none,none",
            "S-2,A-2,,,",
            "S-3,,ok,none,none",
            "S-1,A-1,ok,none,none",
            header="shift,by,equipment_state,difficult_cases,staffing_changes",
        )
    )
    assert result.records == (
        HandOverLog("S-1", "A-1", "all headsets working", "none", "none"),
        HandOverLog("S-2", "A-2", "", "", ""),
    )
    assert reasons(result) == [
        (4, "by: expected a non-empty value, got ''"),
        (5, "shift: 'S-1' is already used on line 2"),
    ]


def test_clock_records_from_json_lines_and_a_dataframe() -> None:
    """JSON Lines (``null`` is an empty cell) and a DataFrame (NaT is an empty cell) read the
    same records, and the attendance rules judge them."""
    rows = [
        {"employee": "A-1", "shift": "S-1", "clock_in": "2026-11-02T08:25+08:00",
         "clock_out": "2026-11-02T20:05+08:00"},
        {"employee": "A-2", "shift": "S-2", "clock_in": None, "clock_out": None},
    ]  # fmt: skip
    from_json = read_clock_records(
        io.StringIO("".join(json.dumps(r) + "\n" for r in rows)), format="jsonl"
    ).raise_for_rejected()
    end = T + timedelta(hours=12)
    roster = Roster(
        [Employee("A-1", "T1", "L", "hotline"), Employee("A-2", "T1", "L", "hotline")],
        [Shift("S-1", "A-1", T, end), Shift("S-2", "A-2", T, end)],
        BusinessCalendar(hours="24/7", tz="Asia/Shanghai"),
    )
    report = AttendancePolicy(require_hand_over_log=False).check(from_json.records, roster)
    assert [(v.rule_id, v.subject) for v in report.violations] == [
        ("ATT-2", "A-1"),
        ("ATT-2", "A-2"),
    ]
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(rows)
    frame["clock_in"] = pd.to_datetime(frame["clock_in"])
    assert read_clock_records(frame).records == from_json.records


def test_hand_over_logs_from_json_lines() -> None:
    """JSON Lines: ``null`` items are blank (ATT-4 reports them), unknown keys reject the row."""
    rows = [
        {"shift": "S-1", "by": "A-1", "equipment_state": "ok", "difficult_cases": None,
         "staffing_changes": "none"},
        {"shift": "S-2", "by": "A-2", "equipment_state": "ok", "difficult_cases": "none",
         "staffing_changes": "none", "mood": "fine"},
    ]  # fmt: skip
    text = io.StringIO("".join(json.dumps(r) + "\n" for r in rows))
    result = read_hand_over_logs(text, format="jsonl")
    assert result.records == (HandOverLog("S-1", "A-1", "ok", "", "none"),)
    assert reasons(result) == [(2, "unknown fields 'mood' (pass ignore_columns)")]


stamps = st.integers(0, 600).map(lambda m: T + timedelta(minutes=m))


@st.composite
def clock_records(draw: st.DrawFn) -> ClockRecord:
    clock_in = draw(st.none() | stamps)
    clock_out = draw(st.none() | stamps.filter(lambda t: clock_in is None or t > clock_in))
    away = []
    if (
        clock_in is not None
        and clock_out is not None
        and clock_out - clock_in > timedelta(minutes=2)
    ):
        start = clock_in + timedelta(minutes=1)
        away.append((start, start + timedelta(seconds=draw(st.integers(1, 60)))))
    return ClockRecord(draw(st.sampled_from(["A-1", "A-2"])), draw(st.text("S0123", min_size=1)),
                       clock_in, clock_out, away)  # fmt: skip


def cells(record: ClockRecord) -> list[str]:
    def iso(value: datetime | None) -> str:
        return "" if value is None else value.isoformat()

    away = ";".join(f"{iso(a)}..{iso(b)}" for a, b in record.away)
    return [record.employee, record.shift, iso(record.clock_in), iso(record.clock_out), away]


@settings(max_examples=50, deadline=None)
@given(st.lists(clock_records(), min_size=1, max_size=5, unique_by=lambda r: r.shift))
def test_clock_records_round_trip(records: list[ClockRecord]) -> None:
    """Clock records written to CSV read back equal, on the lines written."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.split(","))
    writer.writerows(map(cells, records))
    result = read_clock_records(io.StringIO(out.getvalue()))
    assert result.rejected == ()
    assert result.records == tuple(records)
    assert result.lines == tuple(range(2, len(records) + 2))
