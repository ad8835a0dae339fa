"""Tests of servicepolicy.io.roster: every CSV row becomes a record or a rejected row."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import ServicePolicyError
from servicepolicy.io.roster import (
    DataFileError,
    ReadResult,
    read_employees,
    read_leave_requests,
    read_roster,
    read_shifts,
    read_swap_requests,
)
from servicepolicy.workforce import (
    Approval,
    ApproverRole,
    CertificatePeriod,
    Employee,
    LeaveKind,
    LeaveRequest,
    Shift,
    SwapRequest,
)

DATA = Path(__file__).parents[1] / "data" / "workforce"
CST = timezone(timedelta(hours=8))
CAL = BusinessCalendar(hours="24/7", tz="Asia/Shanghai")


def reasons(result: ReadResult[Any]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]


# -- employees ----------------------------------------------------------------------------------


def test_employees_good_and_bad_rows() -> None:
    """Good rows become employees; each bad row is rejected with its line and reason."""
    result = read_employees(DATA / "employees.csv")
    assert [e.id for e in result.records] == ["A-1", "B-1"]
    roles = frozenset({"agent", "trainer"})
    assert attrs.astuple(result.records[0]) == ("A-1", "T1", "L-1", "hotline", 3, roles)
    assert result.lines == (2, 3)
    assert reasons(result) == [
        (4, "skill_level: expected an integer, got 'high'"),
        (5, "id: 'A-1' is already used on line 2"),
        (6, "team: expected a non-empty value, got ''"),
        (7, "expected 6 fields, got 5"),
    ]
    assert result.rejected[0].row["skill_level"] == "high"
    assert result.source is not None and result.source.endswith("employees.csv")


# -- shifts -------------------------------------------------------------------------------------


def test_shifts_naive_times_are_rejected_not_guessed() -> None:
    """CAL-5: a start without offset is rejected with the brief's wording; blank lines count."""
    result = read_shifts(DATA / "shifts.csv")
    assert [s.id for s in result.records] == ["S-1", "S-2", "S-5", "S-6", "S-7", "S-8"]
    assert reasons(result) == [
        (4, "start: expected an ISO 8601 datetime with offset, got '2026-10-12 16:00'"),
        (6, "end: expected a time after 2026-10-13T08:00:00+08:00, got '2026-10-13T07:00+08:00'"),
        (11, "id: 'S-1' is already used on line 2"),
    ]


def test_summary_text() -> None:
    """The summary counts records and lists every rejected row with its line."""
    text = "id,employee,start,end\nS-1,A-1,2026-10-01T08:00+08:00,2026-10-01T16:00+08:00\n"
    assert read_shifts(io.StringIO(text)).summary() == "read 1 shift"
    text += "S-2,A-1,2026-10-01 08:00,2026-10-01T16:00+08:00\nS-3,A-1,x,y\n"
    assert read_shifts(io.StringIO(text)).summary() == (
        "read 1 shift, rejected 2: "
        "line 3: start: expected an ISO 8601 datetime with offset, got '2026-10-01 08:00'; "
        "line 4: start: expected an ISO 8601 datetime with offset, got 'x'"
    )
    summary = read_shifts(DATA / "shifts.csv").summary()
    assert summary.startswith(str(DATA / "shifts.csv") + ": read 6 shifts, rejected 3: line 4: ")


def test_line_numbers_are_physical_lines() -> None:
    """A quoted cell spanning lines shifts the following rows' line numbers."""
    text = (
        "id,team,team_leader,job_type,skill_level\n"
        '"A-1",T1,"L-1\nsecond line",hotline,1\n'
        "B-1,T1,L-1,hotline,x\n"
    )
    result = read_employees(io.StringIO(text))
    assert result.records[0].team_leader == "L-1\nsecond line"
    assert result.lines == (2,) and reasons(result) == [
        (4, "skill_level: expected an integer, got 'x'")
    ]


def test_utc_z_and_whitespace() -> None:
    """``Z`` is UTC; cells are stripped of surrounding whitespace; the end must be later than
    the start as an instant (08:00+08:00 is 00:00Z)."""
    text = "id , employee,start,end\n S-1 ,A-1, 2026-10-01T00:00Z ,2026-10-01T09:00+08:00\n"
    (found,) = read_shifts(io.StringIO(text)).records
    assert found.id == "S-1" and found.start == datetime(2026, 10, 1, tzinfo=UTC)
    same = text.replace("T09:00", "T08:00")
    assert reasons(read_shifts(io.StringIO(same))) == [
        (2, "end: expected a time after 2026-10-01T00:00:00+00:00, got '2026-10-01T08:00+08:00'")
    ]


# -- headers and broken files -------------------------------------------------------------------


def test_missing_columns_are_one_error_naming_them() -> None:
    """A header without required columns fails the whole file, naming every missing column."""
    with pytest.raises(DataFileError, match="line 1: missing columns: start, end") as raised:
        read_shifts(io.StringIO("id,employee\nS-1,A-1\n"))
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, ServicePolicyError)


def test_unknown_and_duplicate_columns() -> None:
    """Unknown columns would be lost silently: an error unless ignored; duplicates too."""
    text = "id,employee,start,end,notes\nS-1,A-1,2026-10-01T08:00+08:00,2026-10-01T16:00+08:00,x\n"
    with pytest.raises(DataFileError, match="unknown columns: 'notes'"):
        read_shifts(io.StringIO(text))
    assert len(read_shifts(io.StringIO(text), ignore_columns={"notes"}).records) == 1
    with pytest.raises(DataFileError, match="columns named twice: end"):
        read_shifts(io.StringIO("id,employee,start,end,end\n"))


def test_empty_and_undecodable_files(tmp_path: Path) -> None:
    """An empty file is a file error naming the file; so is a header that is not UTF-8;
    a data row that is not UTF-8 is rejected with its line (strict reading)."""
    with pytest.raises(DataFileError, match="expected a header"):
        read_shifts(io.StringIO(""))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"id,employee,start,end\n\xff\xfe\n")
    (row,) = read_shifts(broken).rejected
    why = "expected utf-8 text, got bytes that do not decode (0xff 0xfe)"
    assert (row.line, row.reason) == (2, why)
    broken.write_bytes(b"id,employee,\xffstart,end\n")
    with pytest.raises(DataFileError, match=r"broken\.csv: line 1: expected utf-8 text"):
        read_shifts(broken)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A file saved by a spreadsheet with a UTF-8 byte-order mark reads normally."""
    path = tmp_path / "shifts.csv"
    row = "S-1,A-1,2026-10-01T08:00+08:00,2026-10-01T16:00+08:00"
    path.write_text(f"id,employee,start,end\n{row}\n", encoding="utf-8-sig")
    assert read_shifts(path).lines == (2,)


def test_raise_for_rejected() -> None:
    """``raise_for_rejected`` returns the result when clean, else one error listing all rows."""
    text = "id,employee,start,end\nS-1,A-1,2026-10-01T08:00+08:00,2026-10-01T16:00+08:00\n"
    clean = read_shifts(io.StringIO(text))
    assert clean.raise_for_rejected() is clean
    with pytest.raises(DataFileError) as raised:
        read_shifts(DATA / "shifts.csv").raise_for_rejected()
    assert [row.line for row in raised.value.rejected] == [4, 6, 11]
    assert "line 4: start" in str(raised.value) and "line 11: id" in str(raised.value)


# -- leave and swap requests --------------------------------------------------------------------


def test_leave_requests() -> None:
    """LEAVE: approvals, certificates and booleans are parsed; bad cells are rejected."""
    result = read_leave_requests(DATA / "leave_requests.csv")
    sick, personal = result.records
    assert sick.kind is LeaveKind.SICK and sick.emergency and not sick.special_case
    assert sick.requested_by == "B-1" and sick.submitted_to == "L-1"
    assert sick.approvals == (
        Approval("L-1", ApproverRole.TEAM_LEADER),
        Approval("H-1", ApproverRole.CENTRE_HEAD),
    )
    assert sick.certificates == (CertificatePeriod(date(2026, 10, 12), date(2026, 10, 13)),)
    assert personal.submitted_to is None and personal.approvals == ()
    assert personal.certificates == ()
    assert not personal.emergency and personal.phoned_team_leader_at is None
    assert [line for line, _ in reasons(result)] == [4, 5, 6, 7]
    assert reasons(result)[0][1].startswith("kind: expected one of personal, urgent_personal")
    assert reasons(result)[1][1] == "emergency: expected true, false, yes, no, 1 or 0, got 'maybe'"
    assert "approvals: expected role:by items" in reasons(result)[2][1]
    assert (
        reasons(result)[3][1]
        == "certificates: the period '2026-10-15..2026-10-14' ends before it starts"
    )


def test_swap_requests() -> None:
    """SWAP: an empty ``hand_over_confirmed`` is rejected (never assumed); model errors become
    reasons."""
    result = read_swap_requests(DATA / "swap_requests.csv")
    (swap,) = result.records
    assert swap.hand_over_confirmed and len(swap.approvals) == 2
    assert reasons(result) == [
        (3, "hand_over_confirmed: expected true, false, yes, no, 1 or 0, got ''"),
        (4, "swap request SW-3: counterpart: expected another employee, got 'A-1'"),
    ]


# -- rosters ------------------------------------------------------------------------------------


def test_read_roster_reports_unknown_employees_and_overlaps() -> None:
    """Roster problems are rejected rows with line numbers, not tracebacks."""
    read = read_roster(DATA / "employees.csv", DATA / "shifts.csv", CAL)
    assert [s.id for s in read.roster.shifts] == ["S-1", "S-2"]
    assert sorted(read.roster.employees) == ["A-1", "B-1"]
    assert reasons(read.shifts)[2:] == [
        (7, "employee: unknown employee 'X-9'"),
        (8, "employee: unknown employee 'C-1' (its row, line 4, was rejected)"),
        (9, "overlaps shift S-8 (line 10) of employee A-1"),
        (10, "overlaps shift S-7 (line 9) of employee A-1"),
        (11, "id: 'S-1' is already used on line 2"),
    ]
    assert read.shifts.lines == (2, 3)
    with pytest.raises(DataFileError) as raised:
        read.raise_for_rejected()
    assert len(raised.value.rejected) == 4 + 7
    assert (
        read.summary()
        .splitlines()[1]
        .endswith(
            "read 2 shifts, rejected 7: line 4: start: expected an ISO 8601 datetime with offset, "
            "got '2026-10-12 16:00'; line 6: end: expected a time after 2026-10-13T08:00:00+08:00, "
            "got '2026-10-13T07:00+08:00'; line 7: employee: unknown employee 'X-9'; line 8: "
            "employee: unknown employee 'C-1' (its row, line 4, was rejected); line 9: overlaps "
            "shift S-8 (line 10) of employee A-1; line 10: overlaps shift S-7 (line 9) of employee "
            "A-1; line 11: id: 'S-1' is already used on line 2"
        )
    )


def test_read_roster_clean_files_and_options() -> None:
    """Clean files give a roster; the night window is passed on."""
    employees = io.StringIO("id,team,team_leader,job_type,skill_level\nA-1,T1,L-1,hotline,1\n")
    shifts = io.StringIO(
        "id,employee,start,end\nS-1,A-1,2026-10-12T08:00+08:00,2026-10-12T16:00+08:00\n"
    )
    read = read_roster(employees, shifts, CAL, night_window=(time(21), time(7)))
    assert read.raise_for_rejected() is read
    assert read.roster.night_window == (time(21), time(7)) and len(read.roster.shifts) == 1


# -- round trip ---------------------------------------------------------------------------------

ZONES = [UTC, CST, timezone(timedelta(hours=-5, minutes=-30)), ZoneInfo("Asia/Shanghai")]
words = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters=";"
    )
    | st.just("\n"),
    min_size=1,
    max_size=8,
).filter(lambda s: s == s.strip())
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from(ZONES)
)
spans = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3))


def iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "0"
    return "" if value is None else str(value)


employees = st.builds(
    Employee, words, words, words, words, st.integers(-(10**6), 10**6), st.frozensets(words)
)


@st.composite
def shifts(draw: st.DrawFn) -> Shift:
    start = draw(instants)
    return Shift(draw(words), draw(words), start, start + draw(spans))


approvals = st.lists(st.builds(Approval, words, st.sampled_from(ApproverRole)), max_size=3)


@st.composite
def leave_requests(draw: st.DrawFn) -> LeaveRequest:
    start, first = draw(instants), draw(st.dates())
    certificates = [CertificatePeriod(first, first + timedelta(days=draw(st.integers(0, 9))))]
    return LeaveRequest(
        draw(words),
        draw(words),
        draw(st.sampled_from(LeaveKind)),
        start,
        start + draw(spans),
        draw(instants),
        draw(words),
        draw(st.none() | words),
        draw(st.sampled_from([(), certificates])),
        draw(approvals),
        draw(st.booleans()),
        draw(st.none() | instants),
        draw(st.booleans()),
    )


@st.composite
def swap_requests(draw: st.DrawFn) -> SwapRequest:
    requester, shift = draw(words), draw(words)
    counterpart = draw(words.filter(lambda w: w != requester))
    return SwapRequest(
        draw(words),
        requester,
        counterpart,
        shift,
        draw(words.filter(lambda w: w != shift)),
        draw(instants),
        draw(approvals),
        draw(st.booleans()),
    )


def cells(record: Any) -> dict[str, str]:
    """The CSV cells of a record, as a user's export would write them."""
    found = {}
    for name in type(record).__attrs_attrs__:
        value = getattr(record, name.name)
        if name.name == "roles":
            value = ";".join(sorted(value))
        elif name.name == "approvals":
            value = ";".join(f"{a.role}:{a.by}" for a in value)
        elif name.name == "certificates":
            value = ";".join(f"{c.first_day}..{c.last_day}" for c in value)
        found[name.name] = iso(value)
    return found


def round_trip(records: Sequence[Any], read: Callable[[io.StringIO], ReadResult[Any]]) -> None:
    """Write ``records`` as CSV, read them back: the same records, on the lines written."""
    out = io.StringIO()
    header = list(cells(records[0]))
    writer = csv.DictWriter(out, header)
    writer.writeheader()
    lines = []
    for record in records:
        lines.append(out.getvalue().count("\n") + 1)
        writer.writerow(cells(record))
    result = read(io.StringIO(out.getvalue()))
    assert result.rejected == ()
    assert result.records == tuple(records)
    assert result.lines == tuple(lines)


unique = {"unique_by": lambda record: record.id, "min_size": 1, "max_size": 4}


@settings(max_examples=40, deadline=None)
@given(st.lists(employees, **unique))  # type: ignore[arg-type]
def test_employees_round_trip(records: list[Employee]) -> None:
    """Employees written to CSV read back unchanged."""
    round_trip(records, read_employees)


@settings(max_examples=40, deadline=None)
@given(st.lists(shifts(), **unique))  # type: ignore[arg-type]
def test_shifts_round_trip(records: list[Shift]) -> None:
    """Shifts written to CSV read back unchanged (instants keep their offsets)."""
    round_trip(records, read_shifts)


@settings(max_examples=40, deadline=None)
@given(st.lists(leave_requests(), **unique))  # type: ignore[arg-type]
def test_leave_requests_round_trip(records: list[LeaveRequest]) -> None:
    """Leave requests written to CSV read back unchanged."""
    round_trip(records, read_leave_requests)


@settings(max_examples=40, deadline=None)
@given(st.lists(swap_requests(), **unique))  # type: ignore[arg-type]
def test_swap_requests_round_trip(records: list[SwapRequest]) -> None:
    """Swap requests written to CSV read back unchanged."""
    round_trip(records, read_swap_requests)
