"""The vendor presets (issue 13, part 3): freshdesk and jira_sm (ticket snapshots) and
genesys (calls) read their fixtures with 0 rejected rows, and the figures of the report
are those computed by hand from the rows (SLA-1, SLA-2, KPI-1, KPI-2)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from preset_fixtures import FRESHDESK, GENESYS, JIRA_SM, TZ
from servicepolicy.io.calls import read_calls
from servicepolicy.io.mapping import InputMapping, load_preset
from servicepolicy.io.snapshots import read_ticket_snapshots
from servicepolicy.policy import load_policy

SHANGHAI = ZoneInfo(TZ)
NOW = datetime(2026, 12, 1, tzinfo=SHANGHAI)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _breached(report, metric: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {v.subject for v in report.violations if v.facts.get("metric") == metric}


@pytest.mark.parametrize("name", ["freshdesk", "jira_sm", "genesys"])
def test_each_vendor_preset_cites_its_column_list_and_loads(name: str) -> None:
    """SLA-1: a preset is a valid mapping and its comment names the vendor page."""
    from importlib import resources

    text = resources.files("servicepolicy.io").joinpath("presets", f"{name}.toml").read_text()
    assert "https://" in text
    assert load_preset(name).columns


def test_freshdesk_first_responses_on_the_policy_calendar_sla_1(tmp_path: Path) -> None:
    """SLA-1: first responses on the hotline calendar (mon-fri 09-12, 13-18), 4h target.

    By hand: 1001 09:00 → 14:30 is 3h + 1.5h = 4.5h (breached); 1002 10:00 → 14:00 is
    2h + 1h = 3h; 1003 Fri 16:00 → Mon 10:30 is 2h + 1.5h = 3.5h (66.5h on the wall
    clock, met); 1004 11:30 → next day 09:30 is 0.5h + 5h + 0.5h = 6h (breached); 1005
    09:00 → 09:45. So 2 of 5 first responses breached: 1001 and 1004."""
    path = _write(tmp_path, "freshdesk.csv", FRESHDESK)
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="freshdesk", tz=TZ))
    assert not tickets.rejected
    assert len(tickets.records) == 5
    kinds = {t.id: (t.kind, t.channel, t.current_priority) for t in tickets.records}
    assert kinds["1001"] == ("complaint", "email", "P2")
    assert kinds["1002"] == ("inquiry", "web", "P3")
    assert kinds["1005"] == ("inquiry", "email", "P3")  # no type: the preset's default
    report = load_policy("callcentre").check(tickets=tickets, now=NOW)
    assert _breached(report, "first_response") == {"1001", "1004"}
    assert not _breached(report, "progress_update")  # SLA-5: not judged from a snapshot


def test_freshdesk_without_tz_rejects_naive_times_cal_5(tmp_path: Path) -> None:
    """CAL-5: Freshdesk writes naive times; without tz every row is rejected, not guessed."""
    path = _write(tmp_path, "freshdesk.csv", FRESHDESK)
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="freshdesk"))
    assert len(tickets.rejected) == 5


def test_jira_sm_resolutions_on_the_policy_calendar_sla_2(tmp_path: Path) -> None:
    """SLA-2: resolution targets (complaints 3d = 72h, others 5d = 120h of the hotline
    calendar's working time, 8h a working day).

    By hand: SD-1 (incident → complaint) Mon 2 Nov 09:00 → Fri 13 Nov 17:00 is 9 working
    days (72h, to Thu 12 Nov 18:00) + 7h = 79h (breached); SD-2 (incident) → Tue 3 Nov
    09:00 is 8h (met); SD-3 (service request → inquiry) → Mon 23 Nov 10:00 is 15 working
    days (120h) + 1h = 121h (breached); SD-4 waits, unresolved. 2 of 3 breached."""
    path = _write(tmp_path, "jira.csv", JIRA_SM)
    tickets = read_ticket_snapshots(path, mapping=InputMapping(preset="jira_sm", tz=TZ))
    assert not tickets.rejected
    assert [t.id for t in tickets.records] == ["SD-1", "SD-2", "SD-3", "SD-4"]
    assert [t.kind for t in tickets.records] == ["complaint", "complaint", "inquiry", "inquiry"]
    assert any(str(n).startswith("first_response") for n in tickets.not_judged)
    report = load_policy("callcentre").check(tickets=tickets, now=NOW)
    assert _breached(report, "resolution") == {"SD-1", "SD-3"}
    assert not _breached(report, "first_response")  # not in the export: not judged


def test_genesys_calls_abandoned_and_answered_kpi_1(tmp_path: Path) -> None:
    """KPI-1, KPI-2: durations HH:MM:SS, YES/NO abandoned, answer = start + time in queue.

    By hand: 5 inbound calls offered, 2 abandoned (c-3, c-5), 3 answered after 10s, 45s
    and 15s: 2 of 3 within 20 seconds; talk time 185 + 300 + 120 = 605 seconds."""
    path = _write(tmp_path, "interactions.csv", GENESYS)
    calls = read_calls(path, mapping=InputMapping(preset="genesys", tz=TZ))
    assert not calls.rejected
    inbound = [c for c in calls.records if c.direction.value == "inbound"]
    assert len(inbound) == 5
    assert sorted(c.id for c in inbound if c.abandoned is not None) == ["c-3", "c-5"]
    answered = [c for c in inbound if c.answered is not None]
    assert [c.wait_seconds for c in answered] == [10.0, 45.0, 15.0]
    assert sum(1 for c in answered if c.wait_seconds <= 20) == 2
    assert sum(c.talk_seconds for c in answered) == 605
    first = calls.records[0]
    assert first.answered == datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI) + timedelta(seconds=10)
    outbound = calls.records[-1]
    assert outbound.answered == outbound.offered  # no time in queue, talked to


@pytest.mark.parametrize(
    ("wait", "abandoned", "talk", "expected"),
    [
        ("00:00:30", "YES", "00:00:00", "abandoned"),
        ("00:00:30", "NO", "00:01:00", "answered"),
        ("00:00:30", "NO", "00:00:00", "neither"),
        ("", "NO", "00:01:00", "rejected"),  # talk time without an answer: not guessed
    ],
)
def test_queue_columns_give_the_answer_or_the_hang_up_kpi_2(
    tmp_path: Path, wait: str, abandoned: str, talk: str, expected: str
) -> None:
    """KPI-2: the answer or the hang-up from the time in queue and the abandoned flag."""
    text = GENESYS.splitlines()[0] + "\n"
    text += (
        f"x,11/24/2026 10:00:00 AM,Inbound,Hotline,,,{abandoned},{wait},{talk},00:00:00,"
        "00:00:00,11/24/2026 10:05:00 AM\n"
    )
    calls = read_calls(
        _write(tmp_path, "c.csv", text), mapping=InputMapping(preset="genesys", tz=TZ)
    )
    if expected == "rejected":
        assert [r.line for r in calls.rejected] == [2]
        return
    assert not calls.rejected
    call = calls.records[0]
    found = "abandoned" if call.abandoned else "answered" if call.answered else "neither"
    assert found == expected
