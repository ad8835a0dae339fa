"""Tests of servicepolicy.sample: the generated example month is reproducible, realistic
enough to exercise every rule, and written as files the readers read back."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from servicepolicy.errors import DataFileError, WrongTypeError
from servicepolicy.hookspecs import hookimpl
from servicepolicy.io.calls import read_calls
from servicepolicy.kpi import CallAccumulator
from servicepolicy.sample import FILES, SampleMonth, month
from servicepolicy.sample.tickets import path
from servicepolicy.testing import registered
from servicepolicy.tickets import (
    LIFECYCLES,
    EventKind,
    Lifecycle,
    LifecycleRegistry,
    builtin_lifecycles,
    check_ticket,
)
from servicepolicy.workforce import AttendancePolicy, ShiftKind, WorkforcePolicy

BUILT_IN = {"complaint", "inquiry", "after_sales", "reception", "feedback"}
BOOTH = Lifecycle(
    kind="booth_booking",
    initial="requested",
    transitions={
        "requested": {"quoted", "declined"},
        "quoted": {"waiting_on_customer", "confirmed", "withdrawn"},
        "waiting_on_customer": {"quoted"},
        "confirmed": {"closed", "withdrawn"},
        "closed": set(),
        "declined": set(),
        "withdrawn": set(),
    },
    terminal={"closed", "declined", "withdrawn"},
    waiting={"waiting_on_customer"},
    notes_required={"declined", "withdrawn"},
)


@pytest.fixture(scope="module")
def data() -> SampleMonth:
    return month()


def test_same_seed_same_month_other_seed_other_month(data: SampleMonth) -> None:
    """Reproducible from the seed: equal data for an equal seed, other data for another."""
    again = month(2026, date(2026, 11, 1))
    assert again == data
    other = month(seed=1)
    assert other.tickets != data.tickets and other.calls != data.calls
    assert (other.start, other.end) == (data.start, data.end)


def test_arguments_are_checked() -> None:
    """A seed that is not an int, or a start that is not a date, is refused by name."""
    with pytest.raises(WrongTypeError, match="seed: expected an int"):
        month(seed="2026")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"start: expected a datetime\.date"):
        month(start=datetime(2026, 11, 1))


def test_people_and_roster(data: SampleMonth) -> None:
    """40 agents in six teams with their team leaders; day and night shifts; minimum staffing
    that the plan meets."""
    agents = [e for e in data.employees if "agent" in e.roles]
    leaders = {e.id for e in data.employees if "team_leader" in e.roles}
    assert len(agents) == 40 and len({e.team for e in agents}) == 6
    assert {e.team_leader for e in agents} == leaders
    view = data.roster.view()
    kinds = Counter(view.kind(s) for s in data.shifts)
    assert kinds[ShiftKind.NIGHT] > 150 and kinds[ShiftKind.DAY] > 400
    assert all(data.start <= view.local_date(s) < data.end for s in data.shifts)
    for slot in data.staffing:
        on_duty = [s for s in view.shifts_covering(slot.start, slot.end)
                   if data.roster.employees[s.employee].job_type == slot.job_type]  # fmt: skip
        assert len(on_duty) >= slot.minimum


def test_requests_mostly_in_order_a_handful_refused(data: SampleMonth) -> None:
    """Most leave and swap requests are allowed; a realistic handful break LEAVE and SWAP
    rules, and the review refuses each for the rule it breaks."""
    review = WorkforcePolicy().review(data.roster, data.requests)
    assert 35 <= len(review) <= 60
    refused = [decision for _, decision in review.refused]
    assert 6 <= len(refused) <= 15
    rules = {rule for decision in refused for rule in decision.rule_ids}
    assert {"LEAVE-1", "LEAVE-3", "LEAVE-5", "LEAVE-6", "LEAVE-7"} <= rules
    assert {"SWAP-1", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-7"} <= rules
    assert {r.kind for r in data.leave_requests} >= {"personal", "sick", "training"}
    assert any(r.emergency for r in data.leave_requests)


def test_attendance_a_few_late_or_missing(data: SampleMonth) -> None:
    """Clock records belong to the shifts' owners after the approved swaps; a few agents
    miss roll call, fewer are late or absent (ATT-1, ATT-2)."""
    review = WorkforcePolicy().review(data.roster, data.requests)
    report = AttendancePolicy().check(
        data.clock_records, review.roster, data.hand_over_logs, until=data.now
    )
    counts = Counter(v.rule_id for v in report.violations)
    worked = len(report.shifts)
    assert worked > 600
    assert 0.01 * worked < counts["ATT-1"] < 0.1 * worked
    assert 2 <= counts["ATT-2"] < 0.05 * worked
    assert counts["ATT-4"] < 0.05 * worked
    assert any(r.clock_in is None for r in data.clock_records)


def test_customers_in_tiers(data: SampleMonth) -> None:
    """About 200 customers: key accounts (strategic, important, potential) with owners and
    special dates, and general customers."""
    tiers = Counter(c.tier for c in data.customers)
    assert sum(tiers.values()) == 200
    assert set(tiers) == {"strategic", "important", "potential", "general"}
    assert tiers["strategic"] < tiers["important"] < tiers["potential"] < tiers["general"]
    key = [c for c in data.customers if c.tier != "general"]
    assert all(c.owner and c.special_dates and c.contacts for c in key)
    assert len({c.id for c in data.customers}) == len({c.name for c in data.customers}) == 200


def test_tickets_of_every_kind_with_realistic_histories(data: SampleMonth) -> None:
    """Tickets of every built-in kind (plugins are disabled in the core suite), histories
    with replies, waits, hand-overs, approvals, promises and reclassifications; a few
    still open at ``now``, none with an event after it."""
    kinds = Counter(t.kind for t in data.tickets)
    assert set(kinds) == BUILT_IN
    assert 1000 < len(data.tickets) < 2000
    events = Counter(e.kind for t in data.tickets for e in t.events)
    for kind in EventKind:
        assert events[kind] > 0, kind
    assert events[EventKind.HAND_OVER] > 200 and events[EventKind.PROMISE] > 50
    assert all(e.at <= data.now for t in data.tickets for e in t.events)
    assert all(e.at.tzinfo is not None for t in data.tickets for e in t.events)
    open_at_now = [t for t in data.tickets if not t.is_closed]
    assert 10 < len(open_at_now) < 0.2 * len(data.tickets)
    waited = [
        t for t in data.tickets if any(s in t.lifecycle.waiting for _, s in t.history_of("state"))
    ]
    assert len(waited) > 50
    tkt_2 = [v for t in data.tickets for v in check_ticket(t)]
    assert 0 < len(tkt_2) < 30
    ids = [t.id for t in data.tickets]
    assert ids == sorted(ids) and [t.created_at for t in data.tickets] == sorted(
        t.created_at for t in data.tickets
    )
    customers = {c.id for c in data.customers}
    assert all(t.customer in customers for t in data.tickets)


def test_calls_surveys_and_agent_time(data: SampleMonth) -> None:
    """About 20,000 calls, inbound and outbound, answered, abandoned and unanswered, with
    rings and talk, hold and wrap-up times; KPIs in the industry's ranges."""
    assert 18_000 < len(data.calls) < 22_000
    directions = Counter(str(c.direction) for c in data.calls)
    assert directions["inbound"] > 5 * directions["outbound"] > 5_000
    assert any(c.abandoned is not None for c in data.calls)
    assert any(c.direction == "outbound" and c.answered is None for c in data.calls)
    assert all(c.offered.tzinfo is not None for c in data.calls)
    assert len(data.surveys) > 1000 and len(data.agent_time) > 600
    kpis = CallAccumulator().add_all([*data.calls, *data.surveys, *data.agent_time]).report()
    values = {row.name: row.value for row in kpis.rows}
    assert 0.8 < values["connection_rate"] < 0.97
    assert 0.55 < values["connection_rate_outbound"] < 0.7
    assert 210 <= values["average_handle_time"] <= 330


def test_write_and_read_back_equal(data: SampleMonth, tmp_path: Path) -> None:
    """Every input is written as a file the readers read back, nothing rejected: the same
    month."""
    paths = data.write(tmp_path / "month")
    assert {name: p.name for name, p in paths.items()} == FILES
    assert all(p.exists() for p in paths.values())
    assert SampleMonth.read(tmp_path / "month") == data
    head = paths["tickets"].read_text(encoding="utf-8").splitlines()[0]
    assert '"event": "opened"' in head and '"kind": ' in head


def test_read_back_reports_a_broken_file(data: SampleMonth, tmp_path: Path) -> None:
    """A row broken after writing is reported with its file and line, not lost."""
    paths = data.write(tmp_path)
    lines = paths["shifts"].read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("+08:00", "", 1)
    paths["shifts"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"shifts\.csv: read \d+ shifts, rejected 1: line 4"):
        SampleMonth.read(tmp_path)


def test_read_without_a_manifest(tmp_path: Path) -> None:
    """A directory that was not written by ``write()`` is a file error naming the manifest."""
    with pytest.raises(DataFileError, match=r"month\.json: expected the manifest"):
        SampleMonth.read(tmp_path)


def test_calls_read_from_a_dataframe(data: SampleMonth, tmp_path: Path) -> None:
    """The calls file loaded with pandas reads into the same calls."""
    pd = pytest.importorskip("pandas")
    paths = data.write(tmp_path)
    frame = pd.read_csv(paths["calls"], dtype=str, keep_default_na=False)
    assert read_calls(frame).raise_for_rejected().records == data.calls


def test_plugin_kinds_when_registered() -> None:
    """The exhibition kinds get tickets only when registered: from a registry passed in, or
    from a plugin registered as if installed."""
    assert "booth_booking" not in LIFECYCLES
    registry = LifecycleRegistry([*builtin_lifecycles(), BOOTH])
    with_booth = month(seed=3, lifecycles=registry)
    booths = [t for t in with_booth.tickets if t.kind == "booth_booking"]
    assert len(booths) > 10
    assert {t.state for t in booths} & {"declined", "withdrawn", "closed"}
    assert month(seed=3).tickets != with_booth.tickets

    class Exhibition:
        @hookimpl
        def servicepolicy_lifecycles(self) -> list[Lifecycle]:
            return [BOOTH]

    with registered(Exhibition(), name="exhibition-test"):
        assert "booth_booking" in LIFECYCLES
        assert month(seed=3).tickets == with_booth.tickets


def test_path_walks_any_lifecycle() -> None:
    """The lifecycle walk ends in a terminal state and returns from every wait to where it
    began, for each built-in kind and many draws."""
    import random

    rng = random.Random(5)
    for life in [*builtin_lifecycles(), BOOTH]:
        for _ in range(200):
            states = [life.initial, *path(rng, life)]
            assert states[-1] in life.terminal
            for i, state in enumerate(states[1:-1], 1):
                assert states[i + 1] in life.allowed_from(state)
                if state in life.waiting:
                    assert states[i + 1] == states[i - 1]


def test_everything_is_timezone_aware(data: SampleMonth) -> None:
    """CAL-5: every instant of every record carries a zone."""
    tz = ZoneInfo("Asia/Shanghai")
    assert data.now == datetime(2026, 12, 1, 9, tzinfo=tz)
    for name in ("shifts", "leave_requests", "swap_requests", "clock_records", "surveys",
                 "agent_time", "staffing"):  # fmt: skip
        for record in getattr(data, name):
            for field in attrs.fields(type(record)):
                value = getattr(record, field.name)
                if isinstance(value, datetime):
                    assert value.tzinfo is not None, (name, field.name)
