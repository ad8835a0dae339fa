"""Input mappings (issue 13, part 1): every feature of InputMapping through the readers,
rows in = rows read + rows rejected, and the mapped path giving what the own format gives
(CAL-5 for zones, KPI-1 … KPI-7 calls, LEAVE-1 leave kinds, SWAP-5 flags, TIER-2 tiers)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import DataFileError, InvalidArgumentError
from servicepolicy.io.calls import read_calls
from servicepolicy.io.mapping import InputMapping, load_preset, mapping_from_dict, preset_names
from servicepolicy.io.requests import read_leave_requests, read_swap_requests
from servicepolicy.io.roster import read_shifts
from servicepolicy.io.tickets import read_ticket_events
from servicepolicy.workforce import LeaveKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALLS = "direction,offered,answered,talk_seconds,queued\n"


def calls(text: str, **fields: object) -> object:
    return read_calls(io.StringIO(text), mapping=InputMapping(**fields))  # type: ignore[arg-type]


def test_columns_match_headers_whatever_their_case_and_spaces_kpi_1() -> None:
    """KPI-1: ``columns`` names their header; headers match in any case and spacing, and
    our own column names need no entry."""
    text = "CALL TYPE,Offered At,ANSWERED\ninbound,2026-11-03T09:00+08:00,\n"
    result = calls(text, columns={"direction": "call type", "offered": "offeredat"})
    assert len(result.records) == 1 and not result.rejected  # type: ignore[attr-defined]


def test_values_are_normalised_and_unknown_ones_list_the_known_tkt_1() -> None:
    """TKT-1 channels, KPI-1 directions: values are case-folded and stripped before the
    table; an unknown value rejects the row naming our column, theirs and the known values."""
    text = "Dir,offered\n  INBOUND ,2026-11-03T09:00+08:00\nsideways,2026-11-03T09:01+08:00\n\n"
    result = calls(text, columns={"direction": "Dir"}, values={"direction": {"Inbound": "inbound"}})
    assert [c.direction for c in result.records] == ["inbound"]  # type: ignore[attr-defined]
    [row] = result.rejected  # type: ignore[attr-defined]
    assert row.line == 3
    assert row.reason == "direction (column 'Dir'): expected one of 'Inbound', got 'sideways'"


def test_leave_kind_annual_is_mappable_leave_1() -> None:
    """LEAVE-1: the kind ``annual`` was refused; a values table maps any vocabulary."""
    text = (
        "id,employee,kind,start,end,requested_at,requested_by\n"
        "L-1,A-1,Annual,2026-11-10T09:00+08:00,2026-11-10T18:00+08:00,"
        "2026-11-01T09:00+08:00,A-1\n"
    )
    plain = read_leave_requests(io.StringIO(text))
    assert plain.rejected and "kind" in plain.rejected[0].reason
    mapping = InputMapping(values={"kind": {"annual": "personal"}})
    mapped = read_leave_requests(io.StringIO(text), mapping=mapping)
    assert [r.kind for r in mapped.records] == [LeaveKind.PERSONAL]


@pytest.mark.parametrize(
    ("zone", "local", "expected"),
    [
        ("Asia/Shanghai", "2026-11-03 09:00:00", "2026-11-03T09:00:00+08:00"),
        ("Europe/Berlin", "2026-07-01 09:00", "2026-07-01T09:00:00+02:00"),
        ("Europe/Berlin", "2026-12-01 09:00", "2026-12-01T09:00:00+01:00"),
        ("America/New_York", "2027-03-15 08:30", "2027-03-15T08:30:00-04:00"),
    ],
)
def test_tz_reads_naive_times_in_its_zone_cal_5(zone: str, local: str, expected: str) -> None:
    """CAL-5: a naive time is read in the mapping's zone, with that day's offset."""
    result = read_shifts(
        io.StringIO(f"id,employee,start,end\nS-1,A-1,{local},2030-01-01T00:00+00:00\n"),
        mapping=InputMapping(tz=zone),
    )
    assert result.records[0].start.isoformat() == expected


@pytest.mark.parametrize(
    ("zone", "local"),
    [
        ("Europe/Berlin", "2026-03-29 02:30"),  # skipped by the spring change
        ("Europe/Berlin", "2026-10-25 02:30"),  # repeated by the autumn change
        ("America/New_York", "2027-11-07 01:30"),
    ],
)
def test_times_a_dst_change_skips_or_repeats_are_rejected_cal_5(zone: str, local: str) -> None:
    """CAL-5: a local time that does not exist, or exists twice, is not guessed."""
    result = read_shifts(
        io.StringIO(f"id,employee,start,end\nS-1,A-1,{local},2030-01-01T00:00+00:00\n"),
        mapping=InputMapping(tz=zone),
    )
    assert not result.records
    assert "occurs exactly once" in result.rejected[0].reason


def test_naive_times_without_tz_are_still_rejected_cal_5() -> None:
    """CAL-5: a format without an offset and no tz: the row is rejected, naming the column."""
    result = calls(CALLS + "inbound,03/11/2026 09:00,,,\n", formats={"offered": "%d/%m/%Y %H:%M"})
    assert "offered: expected a time with an offset, or tz" in result.rejected[0].reason  # type: ignore[attr-defined]


def test_formats_are_tried_in_order_kpi_2() -> None:
    """KPI-2: each format of the list is tried until one reads the cell."""
    text = CALLS + "inbound,03/11/2026 09:00,2026.11.03 09:00:15,,\n"
    result = calls(
        text,
        tz="Asia/Shanghai",
        formats={"offered": ["%Y-%m-%d", "%d/%m/%Y %H:%M"], "answered": "%Y.%m.%d %H:%M:%S"},
    )
    [call] = result.records  # type: ignore[attr-defined]
    assert call.wait_seconds == 15


@pytest.mark.parametrize(
    ("unit", "cell", "seconds"),
    [
        ("HH:MM:SS", "00:03:05", 185),
        ("HH:MM:SS", "26:00:00", 93_600),
        ("HH:MM:SS", "0:00:01.5", 1.5),
        ("seconds", "185", 185),
        ("minutes", "1.5", 90),
        ("hours", "2", 7200),
    ],
)
def test_durations_in_each_unit_kpi_3(unit: str, cell: str, seconds: float) -> None:
    """KPI-3 handle time: durations written in any supported unit become seconds."""
    text = CALLS + f"inbound,2026-11-03T09:00+08:00,2026-11-03T09:00:05+08:00,{cell},\n"
    result = calls(text, durations={"talk_seconds": unit})
    assert result.records[0].talk_seconds == seconds  # type: ignore[attr-defined]


def test_a_bad_duration_names_its_column_kpi_3() -> None:
    """KPI-3: a cell that is not a duration of the unit rejects the row, naming the column."""
    text = "direction,offered,answered,Talk\n"
    text += "inbound,2026-11-03T09:00+08:00,2026-11-03T09:00:05+08:00,3m\n"
    result = calls(text, columns={"talk_seconds": "Talk"}, durations={"talk_seconds": "HH:MM:SS"})
    assert result.rejected[0].reason.startswith("talk_seconds (column 'Talk'): expected")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("YES", True), ("n", False), ("是", True), ("否", False), ("1", True), ("False", False)],
)
def test_booleans_default_spellings_swap_5(cell: str, value: bool) -> None:
    """SWAP-5/SWAP-7: yes/no cells in every default spelling (YES/NO, Y/N, 是/否, 1/0 …)."""
    text = (
        "id,requester,counterpart,shift,return_shift,requested_at,hand_over_confirmed\n"
        f"W-1,A-1,A-2,S-1,S-2,2026-11-01T09:00+08:00,{cell}\n"
    )
    result = read_swap_requests(io.StringIO(text), mapping=InputMapping())
    assert result.records[0].hand_over_confirmed is value


def test_extra_boolean_spellings_and_unknown_ones_swap_5() -> None:
    """SWAP-5: ``booleans`` adds spellings; anything else rejects the row."""
    head = "id,requester,counterpart,shift,return_shift,requested_at,hand_over_confirmed\n"
    text = head + "W-1,A-1,A-2,S-1,S-2,2026-11-01T09:00+08:00,ja\n"
    text += "W-2,A-1,A-2,S-3,S-4,2026-11-01T09:00+08:00,maybe\n"
    result = read_swap_requests(io.StringIO(text), mapping=InputMapping(booleans={"JA": True}))
    assert [r.id for r in result.records] == ["W-1"]
    assert "hand_over_confirmed: expected yes or no" in result.rejected[0].reason


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encoding_reads_the_file_in_it_tkt_1(tmp_path: Path, encoding: str) -> None:
    """TKT-1: exports in GB18030 or UTF-16 are read with the mapping's encoding."""
    path = tmp_path / "calls.csv"
    path.write_text(
        "direction,offered,queue\ninbound,2026-11-03T09:00+08:00,热线\n", encoding=encoding
    )
    result = read_calls(path, mapping=InputMapping(encoding=encoding))
    assert result.records[0].queue == "热线"


def test_a_wrong_encoding_rejects_the_line_and_names_the_encoding_tkt_1(tmp_path: Path) -> None:
    """TKT-1: a GBK file read as UTF-8 is not a silent loss: the line that does not decode
    is rejected with its number and the encoding that would read it; with that encoding
    in the mapping the row is read."""
    path = tmp_path / "calls.csv"
    path.write_text(
        "direction,offered,queue\ninbound,2026-11-03T09:00+08:00,热线\n", encoding="gbk"
    )
    result = read_calls(path, mapping=InputMapping())
    assert not result.records and [row.line for row in result.rejected] == [2]
    assert "gb18030" in result.rejected[0].reason
    assert len(read_calls(path, mapping=InputMapping(encoding="gb18030")).records) == 1


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed_or_given_kpi_1(delimiter: str) -> None:
    """KPI-1: semicolon, tab and pipe separated exports are read (sniffed by default)."""
    text = f"direction{delimiter}offered\ninbound{delimiter}2026-11-03T09:00+08:00\n"
    assert len(calls(text).records) == 1  # type: ignore[attr-defined]
    assert len(calls(text, delimiter=delimiter).records) == 1  # type: ignore[attr-defined]


def test_ignore_columns_takes_patterns_and_unknown_columns_are_an_error_kpi_1() -> None:
    """KPI-1: an unmapped column is an error for the file unless ignored (patterns, any case)."""
    text = "direction,offered,Custom field 1,Custom field 2\ninbound,2026-11-03T09:00+08:00,x,y\n"
    with pytest.raises(DataFileError, match="unknown columns: 'Custom field 1'"):
        calls(text)
    assert len(calls(text, ignore_columns=["custom field *"]).records) == 1  # type: ignore[attr-defined]


def test_defaults_fill_missing_and_empty_cells_tkt_1() -> None:
    """TKT-1: ``defaults`` supplies a column the export lacks (channel = "email")."""
    text = "ticket,event,at,by,kind,customer\nT-1,opened,2026-11-24T09:30+08:00,a,inquiry,C-1\n"
    mapping = InputMapping(defaults={"channel": "email"})
    result = read_ticket_events(io.StringIO(text), format="csv", mapping=mapping)
    assert result.records[0].channel == "email"
    without_by = text.replace(",by", "").replace(",a,", ",")
    with pytest.raises(DataFileError, match="missing columns: by"):
        read_ticket_events(io.StringIO(without_by), format="csv", mapping=InputMapping())
    by_default = InputMapping(defaults={"channel": "email", "by": "desk"})
    assert read_ticket_events(io.StringIO(without_by), format="csv", mapping=by_default).records


def test_mapping_entries_for_columns_the_reader_lacks_are_an_error_kpi_1() -> None:
    """KPI-1: a typo in a mapping's table (our column) is an error naming it."""
    with pytest.raises(DataFileError, match="not columns of this file: talk_secs"):
        calls(CALLS, durations={"talk_secs": "minutes"})


def test_unknown_tier_in_ticket_data_is_rejected_tier_2() -> None:
    """TIER-2: with the scheme's tiers given, a tier spelled otherwise rejects the ticket."""
    text = (
        "ticket,event,at,by,kind,customer,channel,tier\n"
        "T-1,opened,2026-11-24T09:30+08:00,a,inquiry,C-1,email,Strategic\n"
        "T-2,opened,2026-11-24T09:30+08:00,a,inquiry,C-2,email,strategic\n"
    )
    tiers = ("strategic", "important", "potential")
    result = read_ticket_events(io.StringIO(text), format="csv", tiers=tiers)
    assert [t.id for t in result.records] == ["T-2"]
    assert "tier: expected a tier of the policy's scheme" in result.rejected[0].reason
    mapped = read_ticket_events(
        io.StringIO(text),
        format="csv",
        tiers=tiers,
        mapping=InputMapping(values={"tier": {"strategic": "strategic"}}),
    )
    assert len(mapped.records) == 2


def test_presets_merge_under_explicit_fields_and_unknown_presets_fail_tkt_1() -> None:
    """TKT-1: a preset's tables are merged key by key under the explicit ones."""
    assert "zendesk" in preset_names()
    mapping = InputMapping(preset="zendesk", tz="UTC", values={"channel": {"sms": "chat"}})
    resolved = mapping.resolved()
    assert resolved.tz == "UTC" and resolved.lifecycle == "snapshot"
    assert resolved.values["channel"]["sms"] == "chat"
    assert resolved.values["channel"]["email"] == "email"
    assert resolved.columns == load_preset("zendesk").columns
    with pytest.raises(InvalidArgumentError, match="preset"):
        InputMapping(preset="nope").resolved()


def test_mapping_from_dict_lists_every_problem_with_its_path_tkt_1() -> None:
    """TKT-1: a mapping table's problems all at once, each with its path."""
    mapping, problems = mapping_from_dict(
        {"tz": "Mars/Base", "durations": {"x": "weeks"}, "colums": {}, "delimiter": ";;"},
        ("inputs", "calls"),
    )
    assert mapping is None
    paths = {path for path, _ in problems}
    assert paths == {
        ("inputs", "calls", "tz"),
        ("inputs", "calls", "durations", "x"),
        ("inputs", "calls", "colums"),
        ("inputs", "calls", "delimiter"),
    }


# -- the laws --------------------------------------------------------------------------------

THEIRS = {
    "direction": "Call Direction",
    "offered": "Offered Time",
    "answered": "Answer Time",
    "agent": "Agent Name",
    "talk_seconds": "Talk Time",
    "queued": "Queued?",
}
_WORDS = {"inbound": "IN", "outbound": "OUT"}


@st.composite
def call_rows(draw: st.DrawFn) -> list[dict[str, object]]:
    start = datetime(2026, 11, 1, tzinfo=SHANGHAI)
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        offered = start + timedelta(seconds=draw(st.integers(0, 30 * 86_400)))
        answered = draw(st.booleans())
        rows.append(
            {
                "direction": draw(st.sampled_from(["inbound", "outbound", "sideways"])),
                "offered": offered,
                "answered": offered + timedelta(seconds=draw(st.integers(0, 600)))
                if answered
                else None,
                "agent": draw(st.sampled_from(["A-1", "A-2", ""])),
                "talk_seconds": draw(st.integers(0, 4000))
                if answered
                else draw(st.sampled_from([0, 5])),
                "queued": draw(st.booleans()),
            }
        )
    return rows


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@settings(max_examples=60, deadline=None)
@given(call_rows())
def test_mapped_and_own_format_read_the_same_calls_kpi_1(rows: list[dict[str, object]]) -> None:
    """KPI-1 … KPI-7 (a fast path gives the same answers): a vendor-shaped file read
    through a mapping gives the records and rejected lines the own format gives, and rows
    in = read + rejected."""
    own = ["direction,offered,answered,agent,talk_seconds,queued"]
    theirs = [",".join(THEIRS.values())]
    for row in rows:
        offered, answered = row["offered"], row["answered"]
        assert isinstance(offered, datetime)
        own.append(
            f"{row['direction']},{offered.isoformat()},"
            f"{answered.isoformat() if isinstance(answered, datetime) else ''},"
            f"{row['agent']},{row['talk_seconds']},{str(row['queued']).lower()}"
        )
        direction = _WORDS.get(str(row["direction"]), str(row["direction"]))
        local = "%d/%m/%Y %H:%M:%S"
        theirs.append(
            f"{direction.lower() if row['queued'] else direction},{offered.strftime(local)},"
            f"{answered.strftime(local) if isinstance(answered, datetime) else ''},"
            f"{row['agent']},{_clock(int(row['talk_seconds']))},"  # type: ignore[call-overload]
            f"{'是' if row['queued'] else 'NO'}"
        )
    mapping = InputMapping(
        columns=THEIRS,
        values={"direction": {"in": "inbound", "out": "outbound", "sideways": "sideways"}},
        tz="Asia/Shanghai",
        formats={"offered": "%d/%m/%Y %H:%M:%S", "answered": "%d/%m/%Y %H:%M:%S"},
        durations={"talk_seconds": "HH:MM:SS"},
    )
    mine = read_calls(io.StringIO("\n".join(own) + "\n"))
    mapped = read_calls(io.StringIO("\n".join(theirs) + "\n"), mapping=mapping)
    assert mapped.records == mine.records
    assert [r.line for r in mapped.rejected] == [r.line for r in mine.rejected]
    assert len(mapped.records) + len(mapped.rejected) == len(rows)


def test_rejected_rows_keep_our_column_names_kpi_1() -> None:
    """KPI-1: a rejected row's cells are in our names (the report can show them)."""
    mapping = InputMapping(columns={"direction": "Dir"}, tz="Asia/Shanghai")
    result = read_calls(io.StringIO("Dir,offered\nup,2026-11-03 09:00\n"), mapping=mapping)
    assert dict(result.rejected[0].row) == {
        "direction": "up",
        "offered": "2026-11-03T09:00:00+08:00",
    }


def test_jsonl_rows_are_mapped_too_kpi_1() -> None:
    """KPI-1: JSON Lines keys are mapped like CSV headers; a row with a stray key is rejected."""
    text = (
        '{"Dir": "IN", "offered": "2026-11-03 09:00"}\n'
        '{"Dir": "IN", "offered": "2026-11-03 09:00", "odd": 1}\n'
    )
    mapping = InputMapping(
        columns={"direction": "dir"}, values={"direction": {"in": "inbound"}}, tz="UTC"
    )
    result = read_calls(io.StringIO(text), format="jsonl", mapping=mapping)
    assert result.records[0].direction == "inbound"
    assert result.records[0].offered == datetime(2026, 11, 3, 9, tzinfo=UTC)
    assert [r.line for r in result.rejected] == [2]
