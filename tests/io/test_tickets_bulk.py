"""The Arrow bulk reader of ticket events, and its table (``read_ticket_table``: each
ticket's ID, kind, state, owner and line from columns, tickets built on demand), give
``read_ticket_events``'s answer exactly:
the same tickets in the same order, the same rejected rows with the same lines and
reasons, from JSON Lines, CSV and Parquet, malformed rows and refused histories included."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicepolicy.io.ticket_table import read_ticket_table
from servicepolicy.io.tickets import COLUMNS, read_ticket_events
from servicepolicy.io.tickets_arrow import read_ticket_events_bulk
from servicepolicy.sample.files import event_rows
from servicepolicy.tickets import LIFECYCLES
from strategies import ticket_histories

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

NY = ZoneInfo("America/New_York")


BREAKS = [
    ("at", "2026-11-24T09:30"),  # naive
    ("at", "tomorrow"),
    ("at", "2026-11-24 09:30:00+08:00"),  # another ISO form: the row reader reads it
    ("at", "2026-11-24T09:30:00.5+08:00"),
    ("at", "1850-01-01T00:00:00+00:00"),
    ("at", "2026-02-29T10:00:00+08:00"),  # no such day
    ("at", "2028-02-29T10:00:00+08:00"),  # a leap day: read
    ("at", "2026-11-24T24:00:00+08:00"),
    ("at", "2026-11-24T09:60:00+08:00"),
    ("at", "2026-11-24T09:30:60+08:00"),
    ("at", "2026-11-24T09:30:00+24:00"),
    ("at", "2026-11-24T09:30:00+23:59"),  # the widest offset: read
    ("at", "2026-11-24T09:30:00.000001-00:00"),
    ("event", "escalated"),
    ("event", ""),
    ("by", ""),
    ("ticket", ""),
    ("state", "nowhere"),
    ("state", "closed"),
    ("kind", "complaint"),
    ("kind", "gadget"),
    ("customer", "someone-else"),
    ("tier", "gold"),
    ("due", "2026-11-30T00:00:00+08:00"),
    ("channel", ""),
    ("owner", " padded "),
    ("owner", ""),
    ("note", ""),
]


LATE_EVENTS = ["transition", "hand_over", "note", "reply", "approval"]
STATES = sorted({s for kind in LIFECYCLES.kinds() for s in LIFECYCLES.get(kind).states})


@st.composite
def exports(draw):
    """Rows of a few tickets, interleaved by time, some broken, some with an event after
    their history (after a terminal state, a move the lifecycle has no arrow for, from
    another state, a hand-over to the owner: TKT-2, TKT-5)."""
    zone = st.sampled_from([NY, ZoneInfo("Asia/Shanghai"), timezone(timedelta(hours=-3))])
    openings = st.datetimes(datetime(2026, 3, 1), datetime(2026, 11, 1), timezones=zone)
    ids = st.sampled_from([f"T-{n}" for n in range(12)])
    tickets = draw(
        st.lists(
            ticket_histories(id=ids, instants=openings, steps=6),
            max_size=6,
            unique_by=lambda t: t.id,
        )
    )
    rows = sorted((r for t in tickets for r in event_rows(t)), key=lambda r: r[:3])
    cells = [dict(r[3]) for r in rows]
    for n in range(draw(st.integers(0, 2)) if tickets else 0):  # a later event, any
        ticket = draw(st.sampled_from(tickets))
        late = {"ticket": ticket.id, "at": f"2026-12-0{n + 1}T10:00:00+08:00", "by": "zed"}
        late["event"] = draw(st.sampled_from(LATE_EVENTS))
        late |= {"state": draw(st.sampled_from(STATES))} if draw(st.booleans()) else {}
        late |= {"source": draw(st.sampled_from(STATES))} if draw(st.booleans()) else {}
        late |= {"owner": draw(st.sampled_from(["zed", ticket.owner]))}
        late |= {"note": "why"} if draw(st.booleans()) else {}
        cells.append(late)
    for _ in range(draw(st.integers(0, 3))):
        if not cells:
            break
        i = draw(st.integers(0, len(cells) - 1))
        name, value = draw(st.sampled_from(BREAKS))
        if value:
            cells[i][name] = value
        else:
            cells[i].pop(name, None)
    if len(cells) > 2 and draw(st.booleans()):  # out of order
        i = draw(st.integers(0, len(cells) - 2))
        cells[i], cells[i + 1] = cells[i + 1], cells[i]
    return cells


def write(folder: Path, cells: list[dict[str, str]], suffix: str) -> Path:
    path = folder / f"events{suffix}"
    if suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as file:
            file.writelines(json.dumps(c, ensure_ascii=False) + "\n" for c in cells)
    elif suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows([[c.get(name, "") for name in COLUMNS] for c in cells])
    else:
        columns = {name: pa.array([c.get(name) for c in cells], pa.string()) for name in COLUMNS}
        pq.write_table(pa.table(columns), path)
    return path


def assert_same(path: Path) -> None:
    expected = read_ticket_events(path)
    found = read_ticket_events_bulk(path)
    assert found is not None
    assert found.records == expected.records
    assert found.lines == expected.lines
    assert found.rejected == expected.rejected
    assert found.source == expected.source
    table = read_ticket_table(path)  # without the replayed tickets kept
    assert table is not None
    assert len(table) == len(expected.records)
    assert table.ids == tuple(t.id for t in expected.records)
    assert table.kinds == tuple(t.kind for t in expected.records)
    assert table.states == tuple(t.state for t in expected.records)
    assert table.owners == tuple(t.owner for t in expected.records)
    assert table.lines == expected.lines
    assert table.rejected == expected.rejected
    assert tuple(table.tickets()) == expected.records


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exports(), st.sampled_from([".jsonl", ".csv", ".parquet"]))
def test_bulk_reads_what_the_row_reader_reads(tmp_path, cells, suffix):
    if suffix == ".jsonl" and not cells:
        return  # an empty file: the row reader's own answer (the bulk reader declines)
    assert_same(write(tmp_path, cells, suffix))


def test_a_file_arrow_refuses_goes_to_the_row_reader(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"ticket": "T-1"\n', encoding="utf-8")
    assert read_ticket_events_bulk(path) is None
    path.write_text('{"ticket": 1}\n', encoding="utf-8")
    assert read_ticket_events_bulk(path) is None
    blank = tmp_path / "blank.jsonl"  # a blank line: line numbers could not be kept
    blank.write_text('{"ticket": "T-1"}\n\n{"ticket": "T-2"}\n', encoding="utf-8")
    assert read_ticket_events_bulk(blank) is None
    other = tmp_path / "events.txt"
    other.write_text("", encoding="utf-8")
    assert read_ticket_events_bulk(other) is None


def test_good_tickets_are_built_here_and_bad_ones_rejected_as_by_the_row_reader(tmp_path):
    rows = [
        {"ticket": "T-1", "event": "opened", "at": "2026-11-24T09:30:00+08:00", "by": "a"}
        | {"kind": "inquiry", "customer": "C-1", "channel": "email"},
        {"ticket": "T-2", "event": "opened", "at": "2026-11-24T09:31:00+08:00", "by": "b"}
        | {"kind": "inquiry", "customer": "C-2", "channel": "phone"},
        {"ticket": "T-1", "event": "transition", "at": "2026-11-24T09:40:00+08:00", "by": "a"}
        | {"state": "answered", "channel": "email"},
        {"ticket": "T-2", "event": "transition", "at": "2026-11-24T09:41:00+08:00", "by": "b"}
        | {"state": "closed"},
    ]
    for suffix in (".jsonl", ".csv", ".parquet"):
        path = write(tmp_path, rows, suffix)
        assert_same(path)
        found = read_ticket_events_bulk(path)
        assert [t.id for t in found.records] == ["T-1"]
        assert [r.line for r in found.rejected] == ([2, 4] if suffix == ".jsonl" else [3, 5])


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_hand_overs_and_orders_checked_in_columns(tmp_path, suffix):
    """TKT-5: a hand-over to the owner, or without a reason, refuses its ticket; so does
    an event before the previous one (TKT-6); the others are built from the columns."""

    def opened(ticket: str) -> dict[str, str]:
        return {"ticket": ticket, "event": "opened", "at": "2026-11-24T09:00:00+08:00"} | {
            "by": "a",
            "kind": "inquiry",
            "customer": "C",
            "channel": "email",
        }

    def hand(ticket: str, to: str, note: str, at: str = "10:00") -> dict[str, str]:
        row = {"ticket": ticket, "event": "hand_over", "at": f"2026-11-24T{at}:00+08:00"}
        return row | {"by": "a", "owner": to} | ({"note": note} if note else {})

    rows = [
        opened("T-1"),
        opened("T-2"),
        opened("T-3"),
        opened("T-4"),
        hand("T-1", "b", "second level"),
        hand("T-2", "a", "to myself"),
        hand("T-3", "b", ""),
        hand("T-4", "b", "second level", at="08:00"),
    ]
    path = write(tmp_path, rows, suffix)
    assert_same(path)
    found = read_ticket_events_bulk(path)
    assert [(t.id, t.owner) for t in found.records] == [("T-1", "b")]
    assert len(found.rejected) == 6


def test_line_breaks_the_row_reader_counts_differently_decline(tmp_path):
    """A lone carriage return is a line break to the row reader: the bulk reader, which
    could not keep the lines, declines; CRLF line ends are read."""
    row = '{"ticket": "T-1", "event": "opened", "at": "2026-11-24T09:00:00+08:00", "by": "a"}'
    lone = tmp_path / "lone.jsonl"
    lone.write_bytes((row + "\r" + row + "\n").encode())
    assert read_ticket_events_bulk(lone) is None
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes((row + "\r\n" + row + "\r\n").encode())
    assert_same(crlf)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize(
    "late",
    [
        {"event": "reply"},
        {"event": "hand_over", "owner": "c", "note": "after hours"},
        {"event": "transition", "state": "answered"},
        {"event": "note", "note": "customer called back"},  # a note is still taken
    ],
)
def test_only_notes_after_a_terminal_state_in_columns(tmp_path, suffix, late):
    """TKT-6: a closed ticket's history takes notes only; anything else refuses the
    ticket, in columns as in the row reader (the table and the built tickets)."""
    rows = [
        {"ticket": "T-1", "event": "opened", "at": "2026-11-24T09:31:00+08:00", "by": "b"}
        | {"kind": "inquiry", "customer": "C-2", "channel": "phone"},
        {"ticket": "T-1", "event": "transition", "at": "2026-11-24T09:41:00+08:00", "by": "b"}
        | {"state": "answered"},
        {"ticket": "T-1", "event": "transition", "at": "2026-11-24T09:42:00+08:00", "by": "b"}
        | {"state": "closed"},
        {"ticket": "T-1", "at": "2026-11-24T09:43:00+08:00", "by": "b"} | late,
    ]
    path = write(tmp_path, rows, suffix)
    assert_same(path)
    table = read_ticket_table(path)
    assert table.states == (("closed",) if late["event"] == "note" else ())
