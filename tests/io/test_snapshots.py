"""Snapshot tickets (issue 13, part 2): one row per ticket becomes its events on the
permissive snapshot lifecycle (TKT-2 … TKT-4), pauses (SLA-3), and what a snapshot cannot
show (SLA-5 progress updates, follow-ups) listed as not judged; the zendesk preset."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.io.mapping import InputMapping
from servicepolicy.io.snapshots import read_ticket_snapshots, snapshot_lifecycle
from servicepolicy.policy import load_policy
from servicepolicy.tickets.lifecycle import LIFECYCLES

HEAD = (
    "ticket,kind,channel,customer,opened,first_response,on_hold_start,on_hold_end,on_hold,"
    "resolved,closed,status,updated\n"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def read(rows: str, **options: object):  # type: ignore[no-untyped-def]
    return read_ticket_snapshots(io.StringIO(HEAD + rows), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "resolved_state", "closed_state"),
    [
        ("complaint", "resolved", "closed"),
        ("inquiry", "answered", "closed"),
        ("after_sales", "followed_up", "closed"),
        ("feedback", "acknowledged", "closed"),
    ],
)
def test_each_kind_skips_the_states_the_export_does_not_show_tkt_3(
    kind: str, resolved_state: str, closed_state: str
) -> None:
    """TKT-2 … TKT-4: opened, resolved and closed columns reach the kind's resolved and
    terminal states, skipping the states between."""
    rows = (
        f"T-1,{kind},phone,C-1,2026-11-24T09:00+08:00,,,,,2026-11-25T10:00+08:00,,,\n"
        f"T-2,{kind},phone,C-1,2026-11-24T09:00+08:00,,,,,2026-11-25T10:00+08:00,"
        "2026-11-26T10:00+08:00,,\n"
    )
    result = read(rows)
    assert not result.rejected
    assert [t.state for t in result.records] == [resolved_state, closed_state]


def test_a_pause_enters_the_waiting_state_and_returns_sla_3() -> None:
    """SLA-3: on_hold_start/on_hold_end pause the clocks in the kind's waiting state and
    return to the state the pause began in."""
    rows = (
        "T-1,complaint,phone,C-1,2026-11-24T09:00+08:00,2026-11-24T09:10+08:00,"
        "2026-11-24T10:00+08:00,2026-11-24T12:00+08:00,,2026-11-25T10:00+08:00,,,\n"
    )
    [ticket] = read(rows).records
    states = [state for _, state in ticket.history_of("state")]
    assert states == ["accepted", "waiting_on_customer", "accepted", "resolved"]


def test_a_pause_without_its_end_before_the_resolution_is_rejected_sla_3() -> None:
    """SLA-3: the end of a pause is not guessed."""
    rows = (
        "T-1,complaint,phone,C-1,2026-11-24T09:00+08:00,,2026-11-24T10:00+08:00,,,"
        "2026-11-25T10:00+08:00,,,\n"
    )
    result = read(rows)
    assert not result.records and "on hold" in result.rejected[0].reason


def test_status_names_a_phase_entered_at_the_last_update_sla_3() -> None:
    """SLA-3: status ``waiting`` of an open ticket puts it in its waiting state at
    ``updated``, so its clocks are paused now; no ``updated``: the row is rejected."""
    rows = (
        "T-1,after_sales,email,C-1,2026-11-24T09:00+08:00,,,,,,,waiting,2026-11-24T15:00+08:00\n"
        "T-2,after_sales,email,C-1,2026-11-24T09:00+08:00,,,,,,,waiting,\n"
        "T-3,after_sales,email,C-1,2026-11-24T09:00+08:00,,,,,,,limbo,2026-11-24T15:00+08:00\n"
    )
    result = read(rows)
    assert [(t.id, t.is_waiting) for t in result.records] == [("T-1", True)]
    assert [r.line for r in result.rejected] == [3, 4]
    assert result.rejected[0].reason.startswith("updated: expected")
    assert result.rejected[1].reason.startswith("status: expected one of open, waiting")


def test_times_before_the_opening_or_after_now_reject_the_row_tkt_6() -> None:
    """TKT-6: a time before the opening, or after ``now``, rejects that row only."""
    rows = (
        "T-1,inquiry,email,C-1,2026-11-24T09:00+08:00,2026-11-24T08:00+08:00,,,,,,,\n"
        "T-2,inquiry,email,C-1,2026-12-24T09:00+08:00,,,,,,,,\n"
        "T-3,inquiry,email,C-1,2026-11-24T09:00+08:00,,,,,,,,\n"
    )
    result = read(rows, now=datetime(2026, 12, 1, tzinfo=SHANGHAI))
    assert [t.id for t in result.records] == ["T-3"]
    assert [r.reason.split(":")[0] for r in result.rejected] == ["first_response", "opened"]
    assert len(result.records) + len(result.rejected) == 3


def test_what_a_snapshot_cannot_show_is_listed_sla_5() -> None:
    """SLA-5 (no reply history), follow-ups, pauses known as a total, and a resolved
    ticket without a first reply are not judged; the rest is."""
    rows = (
        "T-1,complaint,phone,C-1,2026-11-24T09:00+08:00,2026-11-24T09:10+08:00,,,3600,"
        "2026-11-25T10:00+08:00,,,\n"
        "T-2,inquiry,email,C-2,2026-11-24T09:00+08:00,,,,,2026-11-24T11:00+08:00,,,\n"
    )
    notes = {(n.what, tuple(sorted(n.subjects))) for n in read(rows).not_judged}
    assert ("progress_update", ()) in notes and ("follow_up", ()) in notes
    assert ("resolution", ("T-1",)) in notes
    assert ("first_response", ("T-2",)) in notes
    assert ("first_response", ()) not in notes


def test_a_file_without_first_responses_cannot_judge_them_sla_1() -> None:
    """SLA-1: an export with no first-reply time at all: first responses are not judged."""
    notes = read("T-1,inquiry,email,C-1,2026-11-24T09:00+08:00,,,,,,,,\n").not_judged
    assert any(n.what == "first_response" and not n.subjects for n in notes)


def test_the_snapshot_lifecycle_keeps_states_waiting_and_resolved_tkt_3() -> None:
    """TKT-3: the permissive lifecycle has the kind's states, waiting and resolved states,
    allows every reachable state, and asks for no approval."""
    for kind in LIFECYCLES.kinds():
        life = LIFECYCLES.get(kind)
        snap = snapshot_lifecycle(life)
        assert (snap.states, snap.waiting, snap.resolved, snap.terminal) == (
            life.states,
            life.waiting,
            life.resolved,
            life.terminal,
        )
        for state in life.states:
            assert life.allowed_from(state) <= snap.allowed_from(state)
        assert not snap.approvals


ZENDESK = "".join(
    [
        "Id,Requester,Assignee,Group,Subject,Status,Priority,Via,Ticket type,Created at,"
        "Updated at,Solved at,First reply time in minutes,Agent wait time in minutes,"
        "Satisfaction Score\n",
        "101,C-1,Li Na,Support,Printer broken,Solved,High,Email,Incident,"
        "2026-11-24 09:00:00 +0800,2026-11-25 11:00:00 +0800,2026-11-25 10:00:00 +0800,"
        "20,0,Good\n",
        "102,C-2,,Support,Question,Pending,Normal,Web Form,,2026-11-24 10:00:00 +0800,"
        "2026-11-24 12:00:00 +0800,,30,45,\n",
        "103,C-3,Wang Wei,Support,Price,New,Low,Chat,Question,2026-11-24 11:00:00 +0800,"
        "2026-11-24 11:00:00 +0800,,,,\n",
        "104,C-1,Li Na,Support,Install,Closed,Urgent,Phone call (incoming),Task,"
        "2026-11-20 09:00:00 +0800,2026-11-23 09:00:00 +0800,2026-11-21 09:00:00 +0800,5,"
        "0,\n",
    ]
)


def test_the_zendesk_preset_reads_its_fixture_without_rejections_sla_1(tmp_path: Path) -> None:
    """SLA-1: the Zendesk tickets export is read with 0 rejected rows; kinds, channels,
    priorities and states come from its vocabulary; first replies from minutes."""
    path = tmp_path / "zendesk.csv"
    path.write_text(ZENDESK, encoding="utf-8")
    result = read_ticket_snapshots(path, mapping=InputMapping(preset="zendesk"))
    assert not result.rejected
    found = {t.id: (t.kind, t.channel, t.current_priority, t.state) for t in result.records}
    assert found == {
        "101": ("complaint", "email", "P2", "resolved"),
        "102": ("inquiry", "web", "P3", "received"),
        "103": ("inquiry", "chat", "P4", "received"),
        "104": ("after_sales", "phone", "P1", "closed"),
    }
    replies = [e.at for e in result.records[0].events if e.kind == "reply"]
    assert replies == [datetime(2026, 11, 24, 9, 20, tzinfo=SHANGHAI)]


def test_a_zendesk_export_checked_against_a_policy_sla_1(tmp_path: Path) -> None:
    """SLA-1, SLA-5: the report lists what the snapshot cannot show under not checked and
    judges no progress update; the first-response clock of ticket 101 (20 min) is met."""
    path = tmp_path / "zendesk.csv"
    path.write_text(ZENDESK, encoding="utf-8")
    policy = load_policy("callcentre")
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="zendesk"))
    report = policy.check(tickets=tickets, now=datetime(2026, 11, 26, tzinfo=SHANGHAI))
    assert any("progress_update" in line for line in report.not_checked)
    assert not [v for v in report.violations if v.facts.get("metric") == "progress_update"]
    assert not [
        v
        for v in report.violations
        if v.subject == "101" and v.facts.get("metric") == "first_response"
    ]
