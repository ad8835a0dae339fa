"""Hostile data values: every value out of the supported range is a rejected row with its
line, never an exception from deep inside (instants in year 1 or 9999, 1e308 seconds,
5,000-digit integers, lone surrogates, deep JSON, a directory as a file)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from servicepolicy.cli import EXIT_INVALID, main
from servicepolicy.errors import DataFileError
from servicepolicy.io.calls import read_calls, read_survey_responses
from servicepolicy.io.roster import read_leave_requests
from servicepolicy.io.tickets import read_ticket_events

NOW = "2026-12-01T09:00+08:00"
OUT_OF_RANGE = [
    "0001-01-01T00:00:00+00:00",
    "1899-12-31T23:59:59+00:00",
    "2201-01-01T00:00:00+00:00",
    "9999-12-31T23:00:00-08:00",  # its UTC instant is past year 9999
]


def replace_first(source: Path, target: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def first_data_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[1]


@pytest.mark.parametrize("instant", OUT_OF_RANGE)
def test_a_call_out_of_range_is_a_rejected_row(sample: Path, tmp_path: Path, instant: str) -> None:
    """KPI-1 … KPI-7 inputs: a call offered in year 1 or 9999 is rejected on line 2."""
    line = first_data_line(sample / "calls.csv")
    offered = line.split(",")[3]
    path = replace_first(sample / "calls.csv", tmp_path / "calls.csv", offered, instant)
    result = read_calls(path)
    assert [r.line for r in result.rejected] == [2]
    assert "expected an instant between 1900-01-01 and 2200-12-31" in result.rejected[0].reason


@pytest.mark.parametrize("instant", OUT_OF_RANGE)
def test_a_survey_out_of_range_is_a_rejected_row(
    sample: Path, tmp_path: Path, instant: str
) -> None:
    """KPI-8 survey responses: an answer time out of range is a rejected row."""
    at = first_data_line(sample / "surveys.csv").split(",")[0]
    path = replace_first(sample / "surveys.csv", tmp_path / "surveys.csv", at, instant)
    assert [r.line for r in read_survey_responses(path).rejected] == [2]


@pytest.mark.parametrize("field", ["at", "due"])
@pytest.mark.parametrize("instant", OUT_OF_RANGE)
def test_a_ticket_event_out_of_range_is_rejected(
    sample: Path, tmp_path: Path, field: str, instant: str
) -> None:
    """TKT-6 events and SLA-4 promises (``due``): an instant out of range rejects the row."""
    lines = (sample / "tickets.jsonl").read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(lines) if n > 0 and f'"{field}"' in text)
    event = json.loads(lines[at])
    event[field] = instant
    lines[at] = json.dumps(event)
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_ticket_events(path)
    assert any(r.line == at + 1 and "between 1900-01-01" in r.reason for r in result.rejected)


@pytest.mark.parametrize("instant", OUT_OF_RANGE)
def test_leave_out_of_range_is_a_rejected_row(sample: Path, tmp_path: Path, instant: str) -> None:
    """LEAVE-1 requests: a leave ending in year 9999 is a rejected row, not a calendar crash."""
    end = first_data_line(sample / "leave.csv").split(",")[4]
    path = replace_first(sample / "leave.csv", tmp_path / "leave.csv", end, instant)
    assert [r.line for r in read_leave_requests(path).rejected] == [2]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1e308", "at most 31 days"),
        ("9" * 5000, "at most 15 digits"),
        ("99999999999", "at most 31 days"),
        ("nan", "expected a number of seconds"),
        ("inf", "expected a number of seconds"),
        ("-5", "expected a number of seconds"),
    ],
)
def test_talk_seconds_out_of_range_is_a_rejected_row(
    sample: Path, tmp_path: Path, value: str, words: str
) -> None:
    """KPI-3 handle time: talk seconds of 1e308 or 5,000 digits is a rejected row whose
    reason does not echo the 5,000 digits."""
    line = first_data_line(sample / "calls.csv")
    cells = line.split(",")
    cells[11] = value  # talk_seconds
    path = replace_first(sample / "calls.csv", tmp_path / "calls.csv", line, ",".join(cells))
    (row,) = read_calls(path).rejected
    assert row.line == 2 and words in row.reason and len(row.reason) < 200, row.reason


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"by": "A-\\ud800"', "lone surrogate U+D800"),
        ('"by": "A-\\udfff"', "lone surrogate U+DFFF"),
        ('"by": ' + "9" * 5000, "number too long"),
        ('"by": ' + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_json_values_that_cannot_be_written_back_are_rejected(
    sample: Path, tmp_path: Path, text: str, words: str
) -> None:
    """TKT-6: an escaped lone surrogate (which no output can encode), a 5,000-digit number
    or deep nesting in a JSON line rejects that line only."""
    path = replace_first(sample / "tickets.jsonl", tmp_path / "t.jsonl", '"by": "A-01"', text)
    result = read_ticket_events(path)
    assert any(r.line == 1 and words in r.reason for r in result.rejected), result.rejected[:2]


@pytest.mark.parametrize("option", ["--calls", "--tickets", "--surveys", "--attendance"])
def test_a_directory_as_an_input_file_exits_2_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    """A directory given as an input file (CAL-5's data, any reader): exit 2, one line."""
    folder = tmp_path / ("in.jsonl" if option == "--tickets" else "in.csv")
    folder.mkdir()
    status = main(["check", "callcentre", option, str(folder), "--now", NOW], stdout=io.StringIO())
    assert status == EXIT_INVALID
    assert "expected a data file, got a directory" in capsys.readouterr().err


def test_a_directory_as_a_file_is_a_data_file_error(tmp_path: Path) -> None:
    """The readers raise DataFileError (a ValueError), not IsADirectoryError."""
    (tmp_path / "calls.csv").mkdir()
    with pytest.raises(DataFileError, match="got a directory"):
        read_calls(tmp_path / "calls.csv")


@pytest.mark.parametrize(
    "now", ["0001-01-01T00:00+00:00", "9999-12-31T23:00+00:00", "1850-06-01T00:00+08:00"]
)
def test_now_out_of_range_names_the_range(
    sample: Path, capsys: pytest.CaptureFixture[str], now: str
) -> None:
    """``--now`` in year 1 is said to be out of 1900-2200 (not "needs 9999"), exit 2."""
    args = ["check", "callcentre", "--tickets", str(sample / "tickets.jsonl"), "--now", now]
    assert main(args, stdout=io.StringIO()) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "expected an instant between 1900-01-01 and 2200-12-31" in err
    assert "9999" not in err or now.startswith("9999")


def test_a_ticket_beyond_the_calendars_holiday_data_is_a_rejected_row_cal_2() -> None:
    """CAL-2 (issue 16): a ticket whose clocks reach past the years the calendar's holiday
    data covers (2150, China's data ends in 2100) is a rejected row naming it; the other
    tickets are still judged, and the report is not ok."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from servicepolicy.policy import load_policy_text
    from servicepolicy.testing import make_ticket

    policy = load_policy_text(
        'schema_version = 1\nname = "p"\n\n[calendars.office]\nhours = "mon-fri 09:00-18:00"\n'
        'tz = "Asia/Shanghai"\ncountry = "CN"\n\n[[sla.targets]]\nname = "respond"\n'
        'metric = "first_response"\nwithin = "8h"\ncalendar = "office"\n'
    )
    tz = ZoneInfo("Asia/Shanghai")
    far = make_ticket("inquiry", id="FAR", at=datetime(2150, 3, 2, 9, tzinfo=tz))
    near = make_ticket("inquiry", id="NEAR", at=datetime(2026, 3, 2, 9, tzinfo=tz))
    near = near.reply(at=datetime(2026, 3, 3, 9, tzinfo=tz), by="agent-1", channel="phone")
    report = policy.check(tickets=[near, far], now=datetime(2150, 3, 3, 9, tzinfo=tz))
    assert len(report.rejected) == 1 and "ticket 'FAR'" in report.rejected[0]
    assert "2100" in report.rejected[0]
    assert report.inputs[0].records == 1  # NEAR judged: its clock stopped in 2026
    assert not report.ok
