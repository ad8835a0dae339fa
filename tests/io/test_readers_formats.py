"""Tests of the shared reading machinery (servicepolicy.io.tabular): CSV, JSON Lines and pandas
DataFrames through every reader, each row a record or a rejected row with its line."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError, InvalidArgumentError
from servicepolicy.io.roster import (
    ReadResult,
    read_employees,
    read_leave_requests,
    read_roster,
    read_shifts,
    read_staffing_requirements,
    read_swap_requests,
)
from servicepolicy.io.tabular import is_frame, source_format
from servicepolicy.io.tickets import read_ticket_events
from servicepolicy.workforce import Approval, Employee, LeaveRequest, Shift

CST = timezone(timedelta(hours=8))
CAL = BusinessCalendar(hours="24/7", tz="Asia/Shanghai")
DATA = Path(__file__).parents[1] / "data"


def reasons(result: ReadResult[Any]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]


def jsonl(*rows: object) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


SHIFT = {"id": "S-1", "employee": "A-1", "start": "2026-11-02T08:00+08:00"}
SHIFT["end"] = "2026-11-02T20:00+08:00"


# -- choosing the format ------------------------------------------------------------------------


def test_format_from_suffix_and_argument(tmp_path: Path) -> None:
    """A path's suffix decides (.csv, .jsonl, .ndjson, any case); an open file is CSV unless
    told otherwise or named so; an unknown suffix or format is an error naming the choices."""
    assert source_format("x.CSV") == "csv"
    assert source_format(Path("x.jsonl")) == "jsonl"
    assert source_format("x.ndjson") == "jsonl"
    assert source_format(io.StringIO()) == "csv"
    assert source_format(io.StringIO(), "jsonl") == "jsonl"
    assert source_format("x.txt", "csv") == "csv"
    with pytest.raises(InvalidArgumentError, match=r"'x\.txt' ends in none of \.csv, \.jsonl"):
        source_format("x.txt")
    with pytest.raises(
        InvalidArgumentError, match="format: expected 'csv', 'jsonl' or 'parquet', got 'xls'"
    ):
        read_shifts(io.StringIO(), format="xls")  # type: ignore[arg-type]
    path = tmp_path / "shifts.jsonl"
    path.write_text(jsonl(SHIFT), encoding="utf-8")
    with path.open(encoding="utf-8") as handle:  # an open file named .jsonl
        assert [s.id for s in read_shifts(handle).records] == ["S-1"]


# -- JSON Lines -----------------------------------------------------------------------------------


def test_json_lines_good_and_bad_rows(tmp_path: Path) -> None:
    """Each line is one object; bad lines are rejected with their physical line and reason,
    blank lines are skipped but counted."""
    path = tmp_path / "employees.jsonl"
    path.write_text(
        jsonl(
            {"id": "A-1", "team": "T1", "team_leader": "L-1", "job_type": "hotline",
             "skill_level": 3, "roles": "agent;trainer"},
            "",
            {"id": "A-2", "team": "T1", "team_leader": "L-1", "job_type": "hotline",
             "skill_level": "high"},
            '{"id": "A-3", "team": ',
            '["A-4", "T1"]',
            {"id": "A-5", "team": "T1", "team_leader": "L-1", "job_type": "hotline",
             "skill_level": 2, "notes": "x"},
            {"id": "A-6", "team": ["T1"], "team_leader": "L-1", "job_type": "hotline",
             "skill_level": 2},
            '{"id": "A-7", "id": "A-8", "team": "T1"}',
            {"id": "A-1", "team": "T2", "team_leader": "L-2", "job_type": "hotline",
             "skill_level": 1},
            {"id": "A-9", "team": "T1", "team_leader": "L-1", "job_type": "hotline",
             "skill_level": None},
        ),
        encoding="utf-8",
    )  # fmt: skip
    result = read_employees(path)
    assert [(e.id, e.skill_level, sorted(e.roles)) for e in result.records] == [
        ("A-1", 3, ["agent", "trainer"])
    ]
    assert result.lines == (1,)
    assert reasons(result) == [
        (3, "skill_level: expected an integer, got 'high'"),
        (4, "expected a JSON object, got invalid JSON: Expecting value at column 22"),
        (5, "expected a JSON object, got list"),
        (6, "unknown fields 'notes' (pass ignore_columns)"),
        (7, "team: expected a string, number, true, false or null, got ['T1']"),
        (8, "keys named twice: 'id'"),
        (9, "id: 'A-1' is already used on line 1"),
        (10, "skill_level: expected an integer, got ''"),
    ]
    assert result.rejected[0].row["skill_level"] == "high"
    assert result.rejected[1].row == {"json": '{"id": "A-3", "team":'}
    assert result.source == str(path)
    assert read_employees(path, ignore_columns={"notes"}).lines == (1, 6)


def test_json_lines_values_are_read_as_their_text() -> None:
    """Numbers, booleans and null become the cells a CSV file would hold; a missing key is an
    empty cell, so a missing required value is reported by name."""
    text = jsonl(
        {"id": "W-1", "requester": "A", "counterpart": "B", "shift": "S-1", "return_shift": "S-2",
         "requested_at": "2026-11-01T09:00+08:00", "hand_over_confirmed": True,
         "approvals": "team_leader:L-1"},
        {"id": "W-2", "requester": "A", "counterpart": "B", "shift": "S-3", "return_shift": "S-4",
         "requested_at": "2026-11-01T09:00+08:00", "hand_over_confirmed": None},
        {"id": "W-3", "requester": "A", "counterpart": "B", "shift": "S-5",
         "requested_at": "2026-11-01T09:00+08:00", "hand_over_confirmed": 0},
    )  # fmt: skip
    result = read_swap_requests(io.StringIO(text), format="jsonl")
    assert [(s.id, s.hand_over_confirmed, s.approvals) for s in result.records] == [
        ("W-1", True, (Approval("L-1", "team_leader"),))
    ]
    assert reasons(result) == [
        (2, "hand_over_confirmed: expected true, false, yes, no, 1 or 0, got ''"),
        (3, "return_shift: expected a non-empty value, got ''"),
    ]


def test_json_lines_naive_times_are_rejected() -> None:
    """CAL-5 holds in JSON Lines too: a time without offset is rejected, never guessed."""
    naive = {**SHIFT, "id": "S-2", "start": "2026-11-02T08:00"}
    result = read_shifts(io.StringIO(jsonl(SHIFT, naive)), format="jsonl")
    assert reasons(result) == [
        (2, "start: expected an ISO 8601 datetime with offset, got '2026-11-02T08:00'")
    ]


def test_json_lines_file_problems(tmp_path: Path) -> None:
    """An empty JSON Lines file has no records (it needs no header); a line holding bytes
    that are not UTF-8 is rejected with its line, and the other lines are read."""
    empty = tmp_path / "shifts.ndjson"
    empty.write_text("\n\n", encoding="utf-8")
    assert read_shifts(empty) == ReadResult((), (), "shift", str(empty), ())
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(jsonl(SHIFT).encode() + b'{"id": "\xff"}\n')
    result = read_shifts(broken)
    assert [s.id for s in result.records] == ["S-1"]
    assert reasons(result) == [(2, "expected utf-8 text, got bytes that do not decode (0xff)")]


def test_roster_from_json_lines() -> None:
    """read_roster reads open files in the format given for both."""
    people = jsonl({"id": "A-1", "team": "T1", "team_leader": "L", "job_type": "h",
                    "skill_level": 1})  # fmt: skip
    read = read_roster(io.StringIO(people), io.StringIO(jsonl(SHIFT)), CAL, format="jsonl")
    assert [s.id for s in read.roster.shifts] == ["S-1"]
    assert read.summary() == "read 1 employee\nread 1 shift"


def test_staffing_requirements() -> None:
    """Minimum staffing rows: ``min_skill`` defaults to 0; a slot ending before it starts and
    a minimum that is not a whole number are rejected."""
    result = read_staffing_requirements(
        io.StringIO(
            "start,end,job_type,minimum,min_skill\n"
            "2026-11-02T08:00+08:00,2026-11-02T20:00+08:00,hotline,5,\n"
            "2026-11-02T20:00+08:00,2026-11-03T08:00+08:00,hotline,4,2\n"
            "2026-11-02T20:00+08:00,2026-11-02T08:00+08:00,hotline,4,\n"
            "2026-11-02T08:00+08:00,2026-11-02T20:00+08:00,hotline,many,\n"
        )
    )
    assert [(r.minimum, r.min_skill) for r in result.records] == [(5, 0), (4, 2)]
    assert [line for line, _ in reasons(result)] == [4, 5]
    assert reasons(result)[1] == (5, "minimum: expected an integer, got 'many'")


# -- DataFrames ----------------------------------------------------------------------------------


def test_is_frame_without_pandas_imported() -> None:
    """Nothing is a DataFrame when pandas was never imported; no import is forced."""
    assert not is_frame(io.StringIO())
    assert not is_frame([["id"], ["S-1"]])


def test_dataframe_rows_and_lines() -> None:
    """A DataFrame row's line is its position + 2, as if written to CSV with a header;
    missing values are empty cells, aware timestamps keep their offset, naive ones are
    refused (CAL-5), list cells are rejected."""
    pd = pytest.importorskip("pandas")
    tz = ZoneInfo("Asia/Shanghai")
    start, end = datetime(2026, 11, 2, 8, tzinfo=tz), datetime(2026, 11, 2, 20, tzinfo=tz)
    frame = pd.DataFrame(
        {
            "id": ["S-1", "S-2", "S-3", None, "S-5"],
            "employee": ["A-1", "A-1", "A-2", "A-3", ["A-4"]],
            "start": [start, start, "2026-11-02T08:00", start, start],
            "end": [end] * 5,
        }
    )
    result = read_shifts(frame)
    assert [(s.id, s.start) for s in result.records] == [
        ("S-1", datetime(2026, 11, 2, 8, tzinfo=tz)),
        ("S-2", datetime(2026, 11, 2, 8, tzinfo=tz)),
    ]
    assert result.source is None and result.lines == (2, 3)
    assert reasons(result) == [
        (4, "start: expected an ISO 8601 datetime with offset, got '2026-11-02T08:00'"),
        (5, "id: expected a non-empty value, got ''"),
        (6, "employee: expected a single value, got ['A-4']"),
    ]
    naive = pd.DataFrame({**{k: [v] for k, v in SHIFT.items()}, "start": [datetime(2026, 11, 2)]})
    assert reasons(read_shifts(naive)) == [
        (2, "start: expected an ISO 8601 datetime with offset, got '2026-11-02T00:00:00'")
    ]


def test_dataframe_numbers_booleans_and_missing_values() -> None:
    """numpy integers, floats that are whole (an int column with a gap), booleans and NaN are
    read as a CSV cell would be; an all-empty row is skipped like a blank line."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "id": ["A-1", "A-2", None, "A-4"],
            "team": ["T1", "T1", None, "T2"],
            "team_leader": ["L-1", "L-1", None, "L-2"],
            "job_type": ["hotline", "hotline", None, "hotline"],
            "skill_level": [3, None, None, 2.5],
            "roles": ["agent;trainer", float("nan"), None, pd.NA],
        }
    )
    result = read_employees(frame)
    assert [(e.id, e.skill_level, sorted(e.roles)) for e in result.records] == [
        ("A-1", 3, ["agent", "trainer"])
    ]
    assert reasons(result) == [
        (3, "skill_level: expected an integer, got ''"),
        (5, "skill_level: expected an integer, got '2.5'"),
    ]
    flags = pd.DataFrame(
        {
            "id": ["W-1"],
            "requester": ["A"],
            "counterpart": ["B"],
            "shift": ["S-1"],
            "return_shift": ["S-2"],
            "requested_at": [pd.Timestamp("2026-11-01T09:00+08:00")],
            "hand_over_confirmed": [False],
        }
    )
    (swap,) = read_swap_requests(flags).raise_for_rejected().records
    assert swap.hand_over_confirmed is False


def test_dataframe_columns_are_checked() -> None:
    """Wrong columns are an error for the whole DataFrame, naming each problem."""
    pd = pytest.importorskip("pandas")
    with pytest.raises(DataFileError, match="DataFrame columns: missing columns: start, end"):
        read_shifts(pd.DataFrame({"id": ["S-1"], "employee": ["A-1"]}))
    frame = pd.DataFrame({**{k: [v] for k, v in SHIFT.items()}, "note": ["x"]})
    with pytest.raises(DataFileError, match="unknown columns: 'note'"):
        read_shifts(frame)
    assert len(read_shifts(frame, ignore_columns={"note"}).records) == 1
    assert read_shifts(frame.iloc[0:0], ignore_columns={"note"}).records == ()


def test_dataframe_of_ticket_events() -> None:
    """The ticket reader takes a DataFrame through the shared reader: one row per event."""
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(DATA / "tickets" / "events.csv", dtype=str, keep_default_na=False)
    from_frame = read_ticket_events(frame)
    from_file = read_ticket_events(DATA / "tickets" / "events.csv")
    assert from_frame.records == from_file.records
    assert from_frame.source is None
    first_rows = [frame.index[frame["ticket"] == t.id][0] + 2 for t in from_frame.records]
    assert list(from_frame.lines) == first_rows  # the file's blank line is not in the frame
    bad = frame.copy()
    bad.loc[1, "at"] = "2026-11-24 09:40"
    result = read_ticket_events(bad)
    assert result.rejected[0].line == 3
    assert "at: expected an ISO 8601 datetime with offset" in result.rejected[0].reason


# -- round trips ---------------------------------------------------------------------------------

# zones without daylight saving: an instant in a DST gap never equals one of another zone
ZONES = [UTC, CST, timezone(timedelta(hours=-5, minutes=-30)), ZoneInfo("Asia/Shanghai")]
words = st.text(st.characters(codec="utf-8", exclude_characters=";:\r\n"), min_size=1)
words = words.map(str.strip).filter(bool)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from(ZONES)
)


@st.composite
def shifts(draw: st.DrawFn) -> Shift:
    start = draw(instants)
    return Shift(
        draw(words), draw(words), start, start + timedelta(minutes=draw(st.integers(1, 10**4)))
    )


def shift_cells(shift: Shift) -> dict[str, str]:
    return {"id": shift.id, "employee": shift.employee, "start": shift.start.isoformat(),
            "end": shift.end.isoformat()}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(shifts(), min_size=1, max_size=5, unique_by=lambda s: s.id))
def test_shifts_round_trip_through_json_lines(records: list[Shift]) -> None:
    """Shifts written as JSON Lines read back equal, on the lines written."""
    result = read_shifts(io.StringIO(jsonl(*map(shift_cells, records))), format="jsonl")
    assert result.rejected == ()
    assert result.records == tuple(records)
    assert result.lines == tuple(range(1, len(records) + 1))


@settings(max_examples=25, deadline=None)
@given(st.lists(shifts(), min_size=1, max_size=5, unique_by=lambda s: s.id))
def test_shifts_round_trip_through_a_dataframe(records: list[Shift]) -> None:
    """Shifts in a DataFrame (as a user builds one) read back equal, each on position + 2;
    the same rows written to CSV have the same lines."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([shift_cells(s) for s in records])
    result = read_shifts(frame)
    assert result.rejected == () and result.records == tuple(records)
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_ALL)
    assert read_shifts(io.StringIO(out.getvalue())).lines == result.lines


@settings(max_examples=25, deadline=None)
@given(instants, st.integers(1, 72), words, st.booleans())
def test_leave_request_round_trip_through_json_lines(
    start: datetime, hours: int, who: str, emergency: bool
) -> None:
    """A leave request with booleans, approvals and certificates survives JSON Lines."""
    request = LeaveRequest(
        "R-1", who, "sick", start, start + timedelta(hours=hours), start - timedelta(days=1),
        "L-1", approvals=[Approval("L-1", "team_leader")], emergency=emergency,
    )  # fmt: skip
    row = {
        "id": "R-1", "employee": who, "kind": "sick", "start": start.isoformat(),
        "end": request.end.isoformat(), "requested_at": request.requested_at.isoformat(),
        "requested_by": "L-1", "approvals": "team_leader:L-1", "emergency": emergency,
    }  # fmt: skip
    result = read_leave_requests(io.StringIO(jsonl(row)), format="jsonl")
    assert result.records == (request,)


def test_employee_record_read_from_all_three_sources_is_equal(tmp_path: Path) -> None:
    """The same row as CSV, JSON Lines and a DataFrame gives the same employee."""
    pd = pytest.importorskip("pandas")
    row = {"id": "A-1", "team": "T1", "team_leader": "L-1", "job_type": "hotline",
           "skill_level": 3, "roles": "agent"}  # fmt: skip
    (tmp_path / "e.csv").write_text(
        ",".join(row) + "\n" + ",".join(map(str, row.values())) + "\n", encoding="utf-8"
    )
    (tmp_path / "e.jsonl").write_text(jsonl(row), encoding="utf-8")
    expected = (Employee("A-1", "T1", "L-1", "hotline", 3, {"agent"}),)
    assert read_employees(tmp_path / "e.csv").records == expected
    assert read_employees(tmp_path / "e.jsonl").records == expected
    assert read_employees(pd.DataFrame([row])).records == expected
