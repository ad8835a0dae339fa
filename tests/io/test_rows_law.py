"""The law of strict reading, for every reader: rows in the file = rows read + rows
rejected, for arbitrary bytes mutated into valid files (issue 13).

Valid files are the first rows of the example month's files (and the ticket-event CSV
fixture); Hypothesis mutates their bytes (quotes inserted, delimiters deleted, line breaks
injected, random bytes, another encoding).  Nothing but a ``DataFileError`` (a whole-file
problem: the header broken) may escape.  "Rows in the file" is counted by an oracle that
knows only physical lines: with ``RecordLimits(lines=1)`` every non-blank physical line
after the header is one row; with the default limits, every read or rejected row starts
on a distinct non-blank line.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicepolicy.errors import DataFileError
from servicepolicy.io import (
    read_agent_time,
    read_calls,
    read_clock_records,
    read_employees,
    read_hand_over_logs,
    read_leave_requests,
    read_shifts,
    read_staffing_requirements,
    read_survey_responses,
    read_swap_requests,
    read_ticket_events,
)
from servicepolicy.io.csv_records import ERRORS, RecordLimits, resolve_encoding
from servicepolicy.sample import month
from servicepolicy.tickets import Ticket

DATA = Path(__file__).parent.parent / "data"

#: reader, the valid file it reads, the rule whose data it carries.
READERS: dict[str, tuple[Callable[..., Any], str, str]] = {
    "tickets": (read_ticket_events, "tickets.jsonl", "TKT-6"),
    "ticket CSV": (read_ticket_events, "events.csv", "TKT-6"),
    "calls": (read_calls, "calls.csv", "KPI-1"),
    "surveys": (read_survey_responses, "surveys.csv", "KPI-8"),
    "agent time": (read_agent_time, "agent_time.csv", "KPI-6"),
    "employees": (read_employees, "employees.csv", "SWAP-4"),
    "shifts": (read_shifts, "shifts.csv", "SWAP-3"),
    "staffing": (read_staffing_requirements, "staffing.csv", "SWAP-8"),
    "leave requests": (read_leave_requests, "leave.csv", "LEAVE-1"),
    "swap requests": (read_swap_requests, "swaps.csv", "SWAP-1"),
    "clock records": (read_clock_records, "attendance.csv", "ATT-1"),
    "hand-over logs": (read_hand_over_logs, "handover.csv", "ATT-4"),
}

_BREAK = re.compile(r"\r\n|\r|\n")


@cache
def _sample() -> Path:
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="rows-law-"))
    month(seed=2026).write(where)
    return where


def valid_lines(file: str) -> list[bytes]:
    path = DATA / "tickets" / file if file == "events.csv" else _sample() / file
    return path.read_bytes().splitlines(keepends=True)


@st.composite
def mutated(draw: st.DrawFn, file: str) -> tuple[bytes, str | None]:
    """A valid file's header and first rows, with some bytes mutated; and the encoding
    to read it with (``None``: sniffed)."""
    lines = valid_lines(file)
    rows = draw(st.integers(1, min(12, len(lines) - 1)))
    data = bytearray(b"".join(lines[: rows + 1]))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["quote", "delete", "newline", "crlf", "byte", "delim"]))
        if kind == "delete" and at < len(data):
            del data[at]
        elif kind == "byte":
            data[at:at] = bytes([draw(st.integers(0, 255))])
        else:
            text = {"quote": b'"', "newline": b"\n", "crlf": b"\r\n", "delim": b","}
            data[at:at] = text.get(kind, b'"')
    encoding = draw(st.sampled_from([None, None, "utf-8", "gb18030", "utf-16"]))
    written = draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16"]))
    raw = bytes(data)
    if written != "utf-8":  # another encoding: what was written is not what is read
        raw = raw.decode("utf-8", errors="replace").encode(written)
    return raw, encoding


def _complete(line: str) -> bool:
    """Whether ``line`` is a CSV record on its own (no quote left open)."""
    asked = []

    def lines() -> Any:
        yield line
        asked.append(True)

    next(csv.reader(lines()), None)
    return not asked


def rows_in(raw: bytes, encoding: str | None, is_json: bool) -> list[int]:
    """The oracle: the non-blank physical lines after the header (CSV) or of the file
    (JSON Lines); with one line per record, each is one row."""
    codec = resolve_encoding(encoding, raw[:4])
    text = codecs.decode(raw, codec, errors=ERRORS)
    found = []
    for number, line in enumerate(_BREAK.split(text), 1):
        if is_json:
            blank = not line.strip().lstrip("\ufeff")
        elif number == 1:
            continue
        else:
            cells = next(csv.reader([line]), [])
            blank = not line.strip() or (_complete(line) and not any(c.strip() for c in cells))
        if not blank:
            found.append(number)
    return found


def rows_out(result: Any) -> list[int]:
    """The lines of every row read (a ticket's: one per event) and rejected."""
    if result.what == "ticket":
        read = sum(len(ticket.events) for ticket in result.records)
        assert all(isinstance(t, Ticket) for t in result.records)
        return [*range(read), *(row.line for row in result.rejected)]
    return [*result.lines, *(row.line for row in result.rejected)]


def _read(name: str, path: Path, encoding: str | None, limits: RecordLimits) -> Any:
    reader = READERS[name][0]
    return reader(path, encoding=encoding, delimiter=",", limits=limits)


@pytest.mark.parametrize("name", sorted(READERS))
def test_the_valid_files_read_without_rejections(name: str, tmp_path: Path) -> None:
    """Each reader's valid file reads whole (the starting point of the law)."""
    file = READERS[name][1]
    raw = b"".join(valid_lines(file)[:13])
    path = tmp_path / file
    path.write_bytes(raw)
    result = _read(name, path, None, RecordLimits(lines=1))
    assert result.rejected == ()
    assert len(rows_out(result)) == len(rows_in(raw, None, file.endswith(".jsonl"))) >= 9


@pytest.mark.parametrize("name", sorted(READERS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_rows_in_equal_rows_read_plus_rows_rejected(
    name: str, data: st.DataObject, tmp_path: Path
) -> None:
    """The law, for the data of every rule the readers carry (TKT-6, KPI-1, KPI-6, KPI-8,
    SWAP-1, SWAP-3, SWAP-4, SWAP-8, LEAVE-1, ATT-1, ATT-4): one record per physical line,
    every non-blank line is a row read or a row rejected; nothing escapes but a
    DataFileError."""
    file = READERS[name][1]
    raw, encoding = data.draw(mutated(file))
    path = tmp_path / file
    path.write_bytes(raw)
    try:
        result = _read(name, path, encoding, RecordLimits(lines=1))
    except DataFileError:
        return
    expected = rows_in(raw, encoding, is_json=file.endswith(".jsonl"))
    out = rows_out(result)
    assert len(out) == len(expected), (result.rejected, expected)
    if result.what != "ticket":
        assert sorted(out) == expected


@pytest.mark.parametrize("name", sorted(READERS))
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_with_multi_line_records_no_row_is_counted_twice(
    name: str, data: st.DataObject, tmp_path: Path
) -> None:
    """With the default limits (quoted cells may span lines): every row read or rejected
    starts on its own non-blank line, and no more rows come out than lines went in."""
    file = READERS[name][1]
    raw, encoding = data.draw(mutated(file))
    path = tmp_path / file
    path.write_bytes(raw)
    try:
        result = _read(name, path, encoding, RecordLimits())
    except DataFileError:
        return
    expected = rows_in(raw, encoding, is_json=file.endswith(".jsonl"))
    out = rows_out(result)
    assert len(out) <= len(expected)
    if result.what != "ticket":
        assert len(set(out)) == len(out)
        assert set(out) <= set(expected)
