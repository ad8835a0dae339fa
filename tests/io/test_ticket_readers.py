"""Tests of servicepolicy.io.tickets: every row ends up in a ticket or in a rejected row."""

from __future__ import annotations

import csv
import gc
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import DataFileError, InvalidArgumentError
from servicepolicy.io.tabular import ReadResult
from servicepolicy.io.tickets import COLUMNS, read_ticket_events
from servicepolicy.tickets import Lifecycle, LifecycleRegistry, Ticket
from strategies import ticket_histories

DATA = Path(__file__).parents[1] / "data" / "tickets"
CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 24, 9, 30, tzinfo=CST)
M = timedelta(minutes=1)


def reasons(result: ReadResult[Any]) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]


def rows_of(ticket: Ticket) -> list[dict[str, str]]:
    """A ticket as rows: the ticket's fields on its first row, ``None`` fields left out."""
    rows = []
    for event in ticket.events:
        row = {"ticket": ticket.id, "event": event.kind.value, "at": event.at.isoformat()}
        for name in ("by", "state", "source", "owner", "note", "role", "channel"):
            if (value := getattr(event, name)) is not None:
                row[name] = value
        for name in ("priority", "tier"):  # a reclassification's
            if (value := getattr(event, name)) is not None:
                row[name] = value
        if event.due is not None:
            row["due"] = event.due.isoformat()
        rows.append(row)
    rows[0].update(kind=ticket.kind, customer=ticket.customer, channel=ticket.channel)
    for name in ("priority", "tier"):
        if (value := getattr(ticket, name)) is not None:
            rows[0][name] = value
    return rows


def jsonl(rows: list[dict[str, Any]]) -> io.StringIO:
    return io.StringIO("".join(json.dumps(row) + "\n" for row in rows))


def csv_text(rows: list[dict[str, Any]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    out.seek(0)
    return out


# -- good files --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["events.jsonl", "events.csv"])
def test_a_good_file_groups_interleaved_rows_into_tickets(name: str) -> None:
    """Interleaved rows are grouped by ticket in file order and replayed: states and owners
    are derived, ``lines`` are each ticket's first row, blank lines are skipped."""
    result = read_ticket_events(DATA / name)
    assert result.rejected == ()
    summary = [(t.id, t.kind, t.state, t.owner, len(t.events)) for t in result.records]
    assert summary == [
        ("C-1", "complaint", "negotiating", "dept-tech", 6),
        ("I-1", "inquiry", "answered", "agent-3", 3),
        ("A-1", "after_sales", "received", "agent-5", 1),
    ]
    complaint = result.records[0]
    assert (complaint.customer, complaint.channel, complaint.priority) == ("CU-1", "phone", "P2")
    assert complaint.events[0].state == "accepted" and complaint.events[0].owner == "agent-7"
    assert result.records[1].events[1].channel == "email"
    header = 1 if name.endswith(".csv") else 0
    assert result.lines == (1 + header, 2 + header, 8 + header)
    assert result.summary() == f"{DATA / name}: read 3 tickets"


def test_jsonl_and_csv_read_the_same_tickets() -> None:
    """The two formats of one export give equal tickets."""
    from_json = read_ticket_events(DATA / "events.jsonl").records
    assert read_ticket_events(DATA / "events.csv").records == from_json
    with (DATA / "events.csv").open(encoding="utf-8") as handle:
        assert read_ticket_events(handle, format="csv").records == from_json


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=6
).filter(lambda s: s == s.strip())


def tickets(number: int) -> st.SearchStrategy[Ticket]:
    """A valid history of a built-in kind, with ID ``T-<number>``."""
    return ticket_histories(id=st.just(f"T-{number}"), people=names, steps=8)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(1, 4))
def test_any_valid_histories_read_back_equal(data: st.DataObject, count: int) -> None:
    """Tickets written one event per row, their rows interleaved at random, read back equal
    from JSON Lines and from CSV."""
    written = [data.draw(tickets(n)) for n in range(count)]
    queues = [rows_of(t) for t in written]
    rows = []
    while any(queues):
        queue = data.draw(st.sampled_from([q for q in queues if q]))
        rows.append(queue.pop(0))
    for source, format in ((jsonl(rows), "jsonl"), (csv_text(rows), "csv")):
        result = read_ticket_events(source, format=format)  # type: ignore[arg-type]
        assert result.rejected == ()
        assert sorted(result.records, key=lambda t: t.id) == written


# -- bad rows ----------------------------------------------------------------------------------


def test_each_kind_of_bad_jsonl_row_is_rejected_with_its_line() -> None:
    """Broken JSON, a non-object, unknown or non-string fields, a missing ticket, an unknown
    event kind, a naive time, no author, a first row without the ticket's fields, a later
    row contradicting them, an unknown ticket kind, impossible histories: every row is
    reported, and a ticket is never built from part of its rows."""
    result = read_ticket_events(DATA / "bad_events.jsonl")
    assert [t.id for t in result.records] == ["OK-2"]
    assert result.lines == (20,)
    assert reasons(result) == [
        (1, "ticket 'OK-1' not read because of line 11"),
        (2, "expected a JSON object, got invalid JSON: Expecting ',' delimiter at column 72"),
        (3, 'expected a JSON object, got list \'["not", "an", "object"]\''),
        (4, "unknown fields 'colour' (pass ignore_columns)"),
        (5, "customer: expected a string or null, got 17"),
        (6, "ticket: expected a non-empty value, got ''"),
        (
            7,
            "event: expected one of opened, transition, hand_over, approval, note, reply, "
            "promise, reclassified, got 'escalated'",
        ),
        (8, "at: expected an ISO 8601 datetime with offset, got '2026-11-24T09:00'"),
        (9, "by: expected a non-empty value, got ''"),
        (10, "kind, customer: expected on the first row of ticket 'X-7'"),
        (11, "kind: expected 'feedback' as on line 1 (or empty), got 'inquiry'"),
        (
            12,
            "ticket 'X-8': kind: expected a registered ticket kind: after_sales, complaint, "
            "feedback, inquiry, reception, got 'grievance'",
        ),
        (13, "ticket 'X-8' not read because of line 12"),
        (14, "ticket 'H-1' not read because of line 16"),
        (15, "ticket 'H-1' not read because of line 16"),
        (
            16,
            "ticket H-1 (inquiry), event 3: expected a state allowed from 'answered': closed, "
            "got 'referred'",
        ),
        (17, "ticket 'H-1' not read because of line 16"),
        (18, "ticket 'G-1' not read because of line 19"),
        (
            19,
            "ticket G-1 (inquiry), event 2: expected an event at or after the previous one "
            "(2026-11-24 09:00:00+08:00), got 2026-11-24T08:00:00+08:00",
        ),
    ]
    assert result.rejected[1].row == {
        "json": '{"ticket": "X-1", "event": "opened", "at": "2026-11-24T09:00:00+08:00" "by": "a"}'
    }
    assert result.rejected[4].row["customer"] == "17"
    assert result.rejected[15].row["state"] == "referred"  # rebuilt from the event


def test_each_kind_of_bad_csv_row_is_rejected_with_its_line() -> None:
    """CSV rows: a wrong number of fields, a naive time, no ticket, a missing author on a
    row spanning two physical lines (reported at its first); the ticket with the bad row
    is not built, and its other rows say why."""
    result = read_ticket_events(DATA / "bad_events.csv")
    assert [(t.id, t.state) for t in result.records] == [("OK-1", "acknowledged")]
    assert reasons(result) == [
        (3, "expected 13 fields, got 14"),
        (4, "at: expected an ISO 8601 datetime with offset, got '2026-11-24 09:00'"),
        (5, "ticket: expected a non-empty value, got ''"),
        (6, "ticket 'X-3' not read because of line 8"),
        (7, "ticket 'X-3' not read because of line 8"),
        (8, "by: expected a non-empty value, got ''"),
    ]
    assert result.rejected[0].row["column 14"] == "extra"
    assert result.summary().startswith(
        f"{DATA / 'bad_events.csv'}: read 1 ticket, rejected 6: line 3: expected 13 fields"
    )


def test_raise_for_rejected_lists_every_line() -> None:
    """raise_for_rejected() raises a DataFileError naming the file and every line."""
    result = read_ticket_events(DATA / "bad_events.csv")
    with pytest.raises(DataFileError) as caught:
        result.raise_for_rejected()
    assert [row.line for row in caught.value.rejected] == [3, 4, 5, 6, 7, 8]
    assert "line 8: by: expected a non-empty value" in str(caught.value)
    good = read_ticket_events(DATA / "events.jsonl")
    assert good.raise_for_rejected() is good


def test_an_impossible_history_rejects_all_rows_of_its_ticket() -> None:
    """A complaint negotiated without the department's approval: the refused row carries
    the lifecycle's reason, the ticket's other rows point at it, other tickets are read."""
    rows = rows_of(
        Ticket.open(id="C", kind="complaint", customer="U", channel="phone", at=T0, by="a")
    )
    other = rows_of(
        Ticket.open(id="F", kind="feedback", customer="U", channel="web", at=T0, by="b")
    )
    for n, state in enumerate(["investigating", "proposed", "negotiating"], 1):
        rows.append({"ticket": "C", "event": "transition", "at": (T0 + n * M).isoformat(),
                     "by": "a", "state": state})  # fmt: skip
    result = read_ticket_events(jsonl([*rows[:2], *other, *rows[2:]]))
    assert [t.id for t in result.records] == ["F"] and result.lines == (3,)
    assert reasons(result) == [
        (1, "ticket 'C' not read because of line 5"),
        (2, "ticket 'C' not read because of line 5"),
        (4, "ticket 'C' not read because of line 5"),
        (
            5,
            "ticket C (complaint), event 4: expected an approval by 'cs_department' recorded "
            "in 'proposed' first (TKT-3), got 'negotiating'",
        ),
    ]


def test_opening_rows_may_leave_state_and_owner_to_the_lifecycle() -> None:
    """An opening row without state or owner opens in the lifecycle's initial state, owned
    by whoever took it (TKT-5), exactly as Ticket.open does."""
    row = {"ticket": "R-1", "event": "opened", "at": T0.isoformat(), "by": "desk",
           "kind": "reception", "customer": "U", "channel": "visit"}  # fmt: skip
    (ticket,) = read_ticket_events(jsonl([row])).records
    expected = Ticket.open(
        id="R-1", kind="reception", customer="U", channel="visit", at=T0, by="desk"
    )
    assert ticket == expected and (ticket.state, ticket.owner) == ("scheduled", "desk")


def test_ignore_columns_and_custom_lifecycles() -> None:
    """Ignored columns (CSV) and keys (JSON) are allowed and not read; a plugin's kinds are
    read with its registry."""
    damage = Lifecycle(
        kind="damage", initial="reported", transitions={"reported": ()}, terminal={"reported"}
    )
    registry = LifecycleRegistry([damage])
    row = {"ticket": "D", "event": "opened", "at": T0.isoformat(), "by": "a", "kind": "damage",
           "customer": "U", "channel": "phone", "crm_id": "x-1"}  # fmt: skip
    result = read_ticket_events(jsonl([row]), lifecycles=registry, ignore_columns={"crm_id"})
    assert [t.state for t in result.records] == ["reported"]
    assert reasons(read_ticket_events(jsonl([row]), lifecycles=registry)) == [
        (1, "unknown fields 'crm_id' (pass ignore_columns)")
    ]
    text = "ticket,kind,channel,customer,event,at,by,crm_id\nD,damage,phone,U,opened,"
    text += f"{T0.isoformat()},a,x-1\n"
    result = read_ticket_events(
        io.StringIO(text), format="csv", lifecycles=registry, ignore_columns={"crm_id"}
    )
    assert [t.id for t in result.records] == ["D"]


def test_whole_file_problems_raise_data_file_error(tmp_path: Path) -> None:
    """A CSV header without the required columns makes the whole file unreadable; a line
    with bytes that are not UTF-8 is rejected with its line (strict reading); a format
    other than jsonl or csv is an argument error."""
    with pytest.raises(DataFileError, match="line 1: missing columns: event, by"):
        read_ticket_events(io.StringIO("ticket,at\nT,2026-11-24T09:00+08:00\n"), format="csv")
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"ticket": "\xff"}\n')
    (row,) = read_ticket_events(broken).rejected
    assert (row.line, row.reason) == (1, "expected utf-8 text, got bytes that do not decode (0xff)")
    with pytest.raises(InvalidArgumentError, match="format: expected 'jsonl' or 'csv'"):
        read_ticket_events(io.StringIO(""), format="xml")  # type: ignore[arg-type]


def test_the_format_follows_the_file_name(tmp_path: Path) -> None:
    """A path ending in .csv is read as CSV, anything else as JSON Lines; an empty JSON
    Lines file reads no tickets."""
    csv_path = tmp_path / "export.CSV"
    csv_path.write_text((DATA / "events.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert len(read_ticket_events(csv_path).records) == 3
    assert read_ticket_events(io.StringIO("\n\n")).summary() == "read 0 tickets"


# -- promises, reclassifications, the collector ------------------------------------------------


def test_promise_and_reclassification_rows() -> None:
    """SLA-4 / SLA-1: a promise row carries ``due``; a reclassified row carries the new
    priority or tier (not compared with the first row's); ``due`` elsewhere, or a naive
    one, rejects the row (and so its ticket)."""
    opened = {"ticket": "T-1", "event": "opened", "at": T0.isoformat(), "by": "a"}
    opened |= {"kind": "complaint", "customer": "C", "channel": "phone", "priority": "P3"}
    opened |= {"tier": "important"}
    later = T0 + M
    rows = [
        opened,
        {"ticket": "T-1", "event": "promise", "at": later.isoformat(), "by": "a"}
        | {"due": (later + 60 * M).isoformat(), "state": "resolved"},
        {"ticket": "T-1", "event": "reclassified", "at": later.isoformat(), "by": "a"}
        | {"priority": "P1", "tier": "strategic"},
        {"ticket": "T-1", "event": "reply", "at": later.isoformat(), "by": "a", "channel": "phone"},
    ]
    for source, format in ((jsonl(rows), "jsonl"), (csv_text(rows), "csv")):
        (ticket,) = read_ticket_events(source, format=format).raise_for_rejected().records  # type: ignore[arg-type]
        assert (ticket.priority, ticket.tier) == ("P3", "important")
        assert (ticket.current_priority, ticket.current_tier) == ("P1", "strategic")
        assert ticket.events[1].due == later + 60 * M
    bad = [opened, {**rows[3], "due": later.isoformat()}, {**rows[1], "due": "2026-11-24T10:00"}]
    result = read_ticket_events(jsonl(bad))
    assert result.records == ()
    assert reasons(result) == [
        (1, "ticket 'T-1' not read because of line 2"),
        (2, f"due: expected only on a promise row, got {later.isoformat()!r}"),
        (3, "due: expected an ISO 8601 datetime with offset, got '2026-11-24T10:00'"),
    ]


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("pause_gc", [True, False])
def test_the_collector_is_paused_while_reading_and_restored(enabled: bool, pause_gc: bool) -> None:
    """The reader pauses the cyclic garbage collector by default (``pause_gc``) and leaves
    it as it found it, also when the file cannot be read."""

    class Watched(io.StringIO):
        seen: ClassVar[list[bool]] = []

        def __iter__(self):  # type: ignore[no-untyped-def]
            self.seen.append(gc.isenabled())
            return super().__iter__()

    rows = rows_of(Ticket.open(id="T", kind="inquiry", customer="C", channel="web", at=T0, by="a"))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        source = Watched("".join(json.dumps(row) + "\n" for row in rows))
        assert len(read_ticket_events(source, pause_gc=pause_gc).records) == 1
        assert Watched.seen == [enabled and not pause_gc]
        assert gc.isenabled() is enabled
        with pytest.raises(DataFileError):
            read_ticket_events(io.StringIO("ticket\n\udcff\n"), format="csv", pause_gc=pause_gc)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
