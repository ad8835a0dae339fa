"""Tests of servicepolicy.io.calls: calls, survey responses and agent time from CSV, JSON
Lines and DataFrames, every row a record or a rejected row with its line and reason."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import DataFileError
from servicepolicy.io.calls import (
    AGENT_TIME_COLUMNS,
    CALL_COLUMNS,
    SURVEY_COLUMNS,
    read_agent_time,
    read_calls,
    read_survey_responses,
)
from servicepolicy.io.roster import ReadResult
from servicepolicy.kpi import (
    AgentTime,
    CallRecord,
    SurveyResponse,
)

CST = timezone(timedelta(hours=8))
T = datetime(2026, 11, 3, 9, 0, tzinfo=CST)


def reasons(result: ReadResult[Any]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]


def csv_text(header: str, *rows: str) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


# -- calls ----------------------------------------------------------------------------------------

HEADER = "id,direction,queue,offered,answered,abandoned,agent,rings,talk_seconds,hold_seconds"


def test_calls_good_and_bad_rows() -> None:
    """Each bad call row is rejected with its line and a reason naming the column."""
    result = read_calls(
        csv_text(
            HEADER,
            "K-1,inbound,hotline,2026-11-03T09:00:00+08:00,2026-11-03T09:00:12+08:00,,A-1,2,185.5,20",
            "K-2,outbound,campaign,2026-11-03T09:01:00+08:00,,,A-2,,,",
            "K-3,inward,hotline,2026-11-03T09:02:00+08:00,,,,,,",
            "K-4,inbound,hotline,2026-11-03 09:03,,,,,,",
            "K-5,inbound,hotline,2026-11-03T09:04:00+08:00,2026-11-03T09:04:09+08:00,,A-1,-1,60,",
            "K-6,inbound,hotline,2026-11-03T09:05:00+08:00,2026-11-03T09:05:09+08:00,,A-1,1,3:05,",
            "K-7,inbound,hotline,2026-11-03T09:06:00+08:00,,,,,30,",
            "K-8,inbound,hotline,2026-11-03T09:07:00+08:00,2026-11-03T09:06:00+08:00,,A-1,1,9,",
            "K-1,inbound,hotline,2026-11-03T09:08:00+08:00,,,,,,",
            ",inbound,hotline,2026-11-03T09:09:00+08:00,,2026-11-03T09:09:30+08:00,,,,",
            ",inbound,hotline,2026-11-03T09:10:00+08:00,,2026-11-03T09:10:30+08:00,,,,",
        )
    )
    assert [c.id for c in result.records] == ["K-1", "K-2", None, None]
    assert result.lines == (2, 3, 11, 12)
    first = result.records[0]
    assert (first.wait_seconds, first.handle_seconds, first.rings) == (12.0, 205.5, 2)
    assert first.queued is True and first.resolved_first_contact is None
    assert reasons(result) == [
        (4, "direction: expected 'inbound' or 'outbound', got 'inward'"),
        (5, "offered: expected an ISO 8601 datetime with offset, got '2026-11-03 09:03'"),
        (6, "rings: expected an integer >= 0, got '-1'"),
        (7, "talk_seconds: expected a number of seconds >= 0 (185 or 185.5), got '3:05'"),
        (8, "call K-7: talk_seconds: expected 0 for a call nobody answered, got 30"),
        (
            9,
            "call K-8: answered: expected an instant at or after offered "
            "(2026-11-03 09:07:00+08:00), got 2026-11-03T09:06:00+08:00",
        ),
        (10, "id: 'K-1' is already used on line 2"),
    ]
    assert str(result.summary(limit=1)).startswith("read 4 calls, rejected 7: line 4: direction")


def test_calls_flags_and_whole_file_problems() -> None:
    """``queued`` defaults to true, an empty ``resolved_first_contact`` is "not recorded";
    a missing required column is an error for the whole file."""
    text = csv_text(
        "direction,offered,queued,resolved_first_contact",
        "inbound,2026-11-03T09:00:00+08:00,no,",
        "inbound,2026-11-03T09:00:00+08:00,,yes",
        "inbound,2026-11-03T09:00:00+08:00,maybe,",
    )
    result = read_calls(text)
    assert [(c.queued, c.resolved_first_contact) for c in result.records] == [
        (False, None),
        (True, True),
    ]
    assert reasons(result) == [(4, "queued: expected true, false, yes, no, 1 or 0, got 'maybe'")]
    with pytest.raises(DataFileError, match="line 1: missing columns: offered"):
        read_calls(csv_text("direction,queue", "inbound,hotline"))
    with pytest.raises(DataFileError, match="unknown columns: 'wait'"):
        read_calls(csv_text("direction,offered,wait", "inbound,2026-11-03T09:00:00+08:00,3"))


def test_calls_from_json_lines_with_numbers(tmp_path: Path) -> None:
    """JSON numbers and booleans are read as their values; a nested value is rejected."""
    path = tmp_path / "calls.jsonl"
    rows = [
        {
            "id": "K-1",
            "direction": "inbound",
            "offered": "2026-11-03T09:00:00+08:00",
            "answered": "2026-11-03T09:00:05+08:00",
            "rings": 1,
            "talk_seconds": 185.25,
            "acw_seconds": 30,
            "queued": True,
            "resolved_first_contact": False,
        },
        {"id": "K-2", "direction": "inbound", "offered": "2026-11-03T09:00:00+08:00", "rings": [1]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = read_calls(path)
    (call,) = result.records
    assert (call.talk_seconds, call.acw_seconds, call.rings) == (185.25, 30, 1)
    assert call.resolved_first_contact is False
    assert reasons(result) == [
        (2, "rings: expected a string, number, true, false or null, got [1]")
    ]


def test_calls_from_a_dataframe_with_timedeltas() -> None:
    """A DataFrame with datetime and timedelta columns (durations read in seconds) and gaps."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "direction": ["inbound", "inbound"],
            "offered": pd.to_datetime(["2026-11-03T09:00:00+08:00", "2026-11-03T09:10:00+08:00"]),
            "answered": pd.to_datetime(["2026-11-03T09:00:07+08:00", None]),
            "abandoned": pd.to_datetime([None, "2026-11-03T09:10:20+08:00"]),
            "talk_seconds": pd.to_timedelta(["3min 5.5s", None]),
            "rings": [2, None],
        }
    )
    result = read_calls(frame).raise_for_rejected()
    answered, abandoned = result.records
    assert (answered.talk_seconds, answered.rings, answered.wait_seconds) == (185.5, 2, 7.0)
    assert (abandoned.talk_seconds, abandoned.rings, abandoned.wait_seconds) == (0, None, 20.0)
    assert result.lines == (2, 3)


# -- surveys --------------------------------------------------------------------------------------


def test_survey_responses() -> None:
    """csat_scale defaults to 5; out-of-range scores are rejected with the model's reason."""
    result = read_survey_responses(
        csv_text(
            "at,direction,agent,csat,csat_scale,nps,resolved",
            "2026-11-03T09:00:00+08:00,inbound,A-1,5,,9,yes",
            "2026-11-03T09:00:00+08:00,inbound,A-1,7,10,,",
            "2026-11-03T09:00:00+08:00,inbound,A-1,6,,,",
            "2026-11-03T09:00:00+08:00,outbound,A-1,,,11,",
            "2026-11-03T09:00:00,outbound,A-1,,,,",
        )
    )
    assert [(r.csat, r.csat_scale, r.nps, r.resolved) for r in result.records] == [
        (5, 5, 9, True),
        (7, 10, None, None),
    ]
    assert [line for line, _ in reasons(result)] == [4, 5, 6]
    assert "survey: csat: expected an int from 1 to 5, got 6" in result.rejected[0].reason
    assert "nps" in result.rejected[1].reason
    assert result.rejected[2].reason.startswith("at: expected an ISO 8601 datetime with offset")


def test_survey_responses_from_json_lines_and_a_dataframe() -> None:
    """JSON numbers and booleans, and a DataFrame with a gap (NaN) in an int column, give the
    same responses as CSV would."""
    row = {"at": "2026-11-03T09:00:00+08:00", "direction": "inbound", "csat": 4, "nps": 8,
           "resolved": True, "agent": "A-1"}  # fmt: skip
    gap = {**row, "csat": None, "resolved": None}
    text = io.StringIO(json.dumps(row) + "\n" + json.dumps(gap) + "\n")
    from_json = read_survey_responses(text, format="jsonl").raise_for_rejected().records
    assert [(r.csat, r.nps, r.resolved) for r in from_json] == [(4, 8, True), (None, 8, None)]
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([row, gap])
    frame["at"] = pd.to_datetime(frame["at"])
    assert read_survey_responses(frame).raise_for_rejected().records == from_json


# -- agent time -----------------------------------------------------------------------------------


def test_agent_time() -> None:
    """The durations of agent time are required (an empty one is rejected); aux defaults to 0."""
    result = read_agent_time(
        csv_text(
            "start,agent,direction,handling_seconds,available_seconds,paid_seconds,aux_seconds",
            "2026-11-03T08:00:00+08:00,A-1,outbound,30000,6000,43200,",
            "2026-11-03T08:00:00+08:00,A-2,outbound,,6000,43200,3600",
        )
    )
    assert [(a.agent, a.aux_seconds) for a in result.records] == [("A-1", 0)]
    assert reasons(result) == [
        (3, "handling_seconds: expected a number of seconds >= 0 (185 or 185.5), got ''")
    ]


# -- round trips ----------------------------------------------------------------------------------


def cells(record: CallRecord | SurveyResponse | AgentTime, columns: tuple[str, ...]) -> list[str]:
    """A record's cells, as an export would write them."""
    found = []
    for name in columns:
        value = getattr(record, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        found.append("" if value is None else str(value))
    return found


def written(records: list[Any], columns: tuple[str, ...]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(cells(r, columns) for r in records)
    return io.StringIO(out.getvalue())


seconds = st.integers(0, 3600) | st.floats(0, 3600, allow_nan=False).map(lambda s: round(s, 3))
names = st.none() | st.sampled_from(["A-1", "A-2", "hotline", "T1", "C-9"])


@st.composite
def calls(draw: st.DrawFn) -> CallRecord:
    offered = T + timedelta(seconds=draw(st.integers(0, 10**6)))
    outcome = draw(st.sampled_from(["answered", "abandoned", "neither"]))
    wait = timedelta(seconds=draw(st.integers(0, 300)))
    answered = outcome == "answered"
    return CallRecord(
        draw(st.sampled_from(["inbound", "outbound"])),
        draw(names),
        offered,
        answered=offered + wait if answered else None,
        abandoned=offered + wait if outcome == "abandoned" else None,
        agent=draw(names),
        team=draw(names),
        customer=draw(names),
        rings=draw(st.none() | st.integers(0, 9)),
        talk_seconds=draw(seconds) if answered else 0,
        hold_seconds=draw(seconds) if answered else 0,
        acw_seconds=draw(seconds) if answered else 0,
        resolved_first_contact=draw(st.none() | st.booleans()),
        queued=draw(st.booleans()),
        id=draw(st.none() | st.sampled_from(["K-1"])),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(calls(), min_size=1, max_size=6, unique_by=lambda c: c.id or object()))
def test_calls_round_trip(records: list[CallRecord]) -> None:
    """Calls written to CSV read back equal, with the same rows (what the KPIs count)."""
    result = read_calls(written(records, CALL_COLUMNS))
    assert result.rejected == ()
    assert result.records == tuple(records)
    assert [r.row() for r in result.records] == [r.row() for r in records]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.builds(
            SurveyResponse,
            st.just(T),
            direction=st.sampled_from(["inbound", "outbound"]),
            csat=st.none() | st.integers(1, 5),
            nps=st.none() | st.integers(0, 10),
            resolved=st.none() | st.booleans(),
            agent=names,
            customer=names,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_survey_responses_round_trip(records: list[SurveyResponse]) -> None:
    """Survey responses written to CSV read back equal."""
    result = read_survey_responses(written(records, SURVEY_COLUMNS))
    assert result.rejected == () and result.records == tuple(records)


def test_agent_time_round_trip() -> None:
    """Agent time written to CSV reads back equal."""
    records = [
        AgentTime(
            T,
            agent="A-1",
            direction="outbound",
            handling_seconds=30000.5,
            available_seconds=6000,
            paid_seconds=43200,
            aux_seconds=3600,
            team="T1",
        )
    ]
    result = read_agent_time(written(records, AGENT_TIME_COLUMNS))
    assert result.rejected == () and result.records == tuple(records)
