"""A report for the people who act on it (issue 15): words for durations, local times,
titles from the catalogue, roll-ups, to_frame columns, waivers and selection, integer
ticks, progress through tqdm, and Policy.check's explicit keywords."""

from __future__ import annotations

import inspect
import sys
import types
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.policy import load_policy
from servicepolicy.policy._progress import progress_bar
from servicepolicy.policy.sections import Policy
from servicepolicy.policy.waivers import CheckSection, Waiver, apply_waivers, rule_matches
from servicepolicy.report import Report, svg
from servicepolicy.report.context import Context, in_words, local, target_words
from servicepolicy.report.frames import COLUMNS, rule_title
from servicepolicy.report.html import advice, notebook_html
from servicepolicy.rulebook import RULES
from servicepolicy.rules import Severity, Violation
from servicepolicy.sample import month

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 9, tzinfo=SH)


def test_durations_in_words() -> None:
    """SLA-1: lateness and targets read as people write them, two units at most."""
    assert in_words(timedelta(hours=3, minutes=45)) == "3 h 45 min"
    assert in_words(timedelta(days=1, hours=2, minutes=3)) == "1 d 2 h"
    assert in_words(timedelta(seconds=47)) == "47 s"
    assert in_words(timedelta(0)) == "0 min"
    assert target_words(timedelta(hours=4)) == "4-hour"
    assert target_words(timedelta(days=2)) == "2-day"
    assert target_words(timedelta(minutes=30)) == "30-minute"
    assert target_words(timedelta(hours=2, minutes=30)) == "2 h 30 min"


def test_local_times_carry_the_offset() -> None:
    """CAL-5: a UTC instant shown for a Shanghai desk is 8 hours later, with +08:00; in
    New York's summer and winter the offset follows daylight saving."""
    utc = datetime(2026, 11, 2, 6, 5, tzinfo=ZoneInfo("UTC"))
    assert local(utc, "Asia/Shanghai") == "2026-11-02 14:05 +08:00"
    assert local(utc, "America/New_York") == "2026-11-02 01:05 -05:00"
    assert local(datetime(2026, 7, 1, tzinfo=ZoneInfo("UTC")), "America/New_York").endswith(
        "-04:00"
    )
    assert local(utc, None) == "2026-11-02 06:05 +00:00"


def test_rule_titles_come_from_the_catalogue() -> None:
    """Every core rule (ATT-1, SWAP-1, SLA-1 …) has a title: its text's first clause, at
    most 80 characters; an unknown rule is titled by its ID."""
    assert rule_title(RULES["ATT-1"]) == "Arrive 10 minutes before the shift for roll call"
    for rule in RULES.values():
        title = rule_title(rule)
        assert 0 < len(title) <= 80 and rule.text.startswith(title.rstrip("…")[:20])
    assert rule_title(None, "ZZ-9") == "ZZ-9"


def violations_with_context() -> Report:
    v = [
        Violation("SWAP-1", Severity.ERROR, "third swap", "A-1", {"month": "2026-11"}, "ask TL"),
        Violation("SLA-1", Severity.ERROR, "late", "T-1",
                  {"breached_at": datetime(2026, 11, 2, 6, tzinfo=ZoneInfo("UTC"))}),
        Violation("ATT-1", Severity.WARNING, "roll call", "A-1"),
        Violation("KPI-2", Severity.WARNING, "service level"),
    ]  # fmt: skip
    at = datetime(2026, 11, 2, 6, tzinfo=ZoneInfo("UTC"))
    contexts = [
        Context("hotline", "A-1", source_file="swaps.csv", source_line=4),
        Context("hotline", "A-2", "C-9", "key", at, at, "tickets.jsonl", 17),
        Context("outbound", "A-1"),
        Context(),
    ]
    return Report("callcentre", NOW, violations=v, context=contexts, tz="Asia/Shanghai")


def test_to_frame_has_the_analysts_columns() -> None:
    """SLA-1, SWAP-1: to_frame() has the columns first (rule, title, team, agent, times
    in the display zone, source) and the facts flattened; "rejected" is a frame too."""
    pytest.importorskip("pandas")
    report = violations_with_context()
    frame = report.to_frame()
    assert tuple(frame.columns[: len(COLUMNS)]) == COLUMNS
    assert {"fact_month", "fact_breached_at"} <= set(frame.columns)
    sla = frame[frame.rule_id == "SLA-1"].iloc[0]
    assert sla.title.startswith("Each ticket kind has response")
    assert (sla.team, sla.agent, sla.customer, sla.tier) == ("hotline", "A-2", "C-9", "key")
    assert sla["at"].isoformat() == "2026-11-02T14:00:00+08:00"
    assert sla.fact_breached_at.isoformat() == "2026-11-02T14:00:00+08:00"
    assert (sla.source_file, sla.source_line) == ("tickets.jsonl", 17)
    rejected = attrs.evolve(report, rejected=("tickets.jsonl: line 9: kind: unknown 'x'",))
    rows = rejected.to_frame("rejected")
    assert list(rows.columns) == ["source_file", "source_line", "reason"]
    assert rows.iloc[0].tolist() == ["tickets.jsonl", 9, "kind: unknown 'x'"]
    with pytest.raises(InvalidArgumentError):
        report.to_frame("people")


def test_rollups_per_team_agent_and_tier() -> None:
    """Roll-ups count violations per team, agent and tier, the most first, "—" for those
    without one (KPI-2 names no agent)."""
    report = violations_with_context()
    assert {k: c.total() for k, c in report.rollup("team").items()} == {
        "hotline": 2, "outbound": 1, "—": 1,
    }  # fmt: skip
    assert list(report.rollup("agent")) == ["A-1", "A-2", "—"]
    assert report.rollup("tier")["key"][Severity.ERROR] == 1
    with pytest.raises(InvalidArgumentError):
        report.rollup("month")
    with pytest.raises(InvalidArgumentError):
        Report("p", NOW, violations=report.violations, context=report.context[:1])


def test_suggestions_address_the_role_that_acts() -> None:
    """SWAP-5 (the employee asks the team leader), SLA-1 (the agent owns the ticket,
    TKT-5), ATT-2 (the team leader): a suggestion without a role gets the rule's; one
    naming a role keeps it."""
    plain = Violation("SWAP-5", Severity.ERROR, "not approved", "A-1", suggestion="ask TL-3")
    assert advice(plain) == "employee: ask TL-3"
    late = Violation("ATT-2", Severity.ERROR, "late", "A-1", suggestion="talk with A-1")
    assert advice(late) == "team leader: talk with A-1"
    sla = Violation("SLA-1", Severity.ERROR, "late", "T-1", suggestion="reply now")
    assert advice(sla) == "agent: reply now"
    named = attrs.evolve(sla, suggestion="department head: decide")
    assert advice(named) == "department head: decide"
    assert advice(attrs.evolve(sla, suggestion=None)) == ""


def test_notebook_view_is_styled_against_jupyter_defaults() -> None:
    """The notebook view left-aligns its cells against Jupyter's right-aligned tables and
    keeps identifiers whole; it shows the rule's title and the to_frame hint."""
    view = notebook_html(violations_with_context())
    assert ".jp-RenderedHTMLCommon .sp-report" in view and "text-align:left" in view
    assert "word-break:keep-all" in view
    assert "Each person may swap at most 2 times per calendar month" in view
    assert 'report.to_frame("rejected")' in view


@given(st.integers(0, 10_000), st.integers(1, 8))
def test_count_axes_have_integer_ticks(high: int, count: int) -> None:
    """Counts of violations and clocks (SLA-6 chart): integer ticks only, covering 0 … high."""
    ticks = svg.nice_ticks(0, high or 1, count, integer=True)
    assert all(t == int(t) for t in ticks)
    assert ticks[0] <= 0 and ticks[-1] >= high


codes = st.sampled_from(["SWAP", "SWAP-1", "LEAVE", "LEAVE-1", "LEAVE-10", "SLA-5", "ATT"])
rule_ids = st.sampled_from(["SWAP-1", "SWAP-10", "LEAVE-1", "LEAVE-10", "SLA-5", "ATT-2"])


@given(rule_ids, codes)
def test_prefixes_match_whole_parts(rule_id: str, code: str) -> None:
    """A code names a rule when it is the rule's ID or its prefix up to a dash: SWAP names
    SWAP-10, LEAVE-1 does not name LEAVE-10."""
    expected = rule_id == code or rule_id.split("-")[0] == code
    assert rule_matches(rule_id, code) is expected


@given(st.lists(st.tuples(rule_ids, st.sampled_from(["A-1", "A-2", "T-9"])), max_size=12),
       st.lists(st.tuples(codes, st.sampled_from([None, "A-1", "T-*"]),
                          st.sampled_from([None, date(2026, 11, 30), date(2026, 12, 31)])),
                max_size=4))  # fmt: skip
def test_waivers_partition_the_violations(
    found: list[tuple[str, str]], waivers: list[tuple[str, str | None, date | None]]
) -> None:
    """Waivers (SWAP-1 … ATT-2): every violation is kept or waived, never both; a waived
    one matches a live waiver; each expired waiver is one WAIVER-1 warning."""
    violations = [Violation(r, Severity.ERROR, "x", s) for r, s in found]
    given_waivers = [
        Waiver(code, "why", pattern=who if who and "*" in who else None,
               subject=who if who and "*" not in who else None, expires=until)
        for code, who, until in waivers
    ]  # fmt: skip
    today = date(2026, 12, 1)
    kept, waived, expired = apply_waivers(violations, given_waivers, today)
    assert len(kept) + len(waived) == len(violations)
    live = [w for w in given_waivers if not w.expired(today)]
    for w in waived:
        assert any(x.matches(w.violation) for x in live)
    for at in kept:
        assert not any(x.matches(violations[at]) for x in live)
    assert len(expired) == sum(w.expired(today) for w in given_waivers)
    assert all(v.rule_id == "WAIVER-1" and v.severity is Severity.WARNING for v in expired)


def test_check_section_and_waiver_refuse_bad_input() -> None:
    """[check] codes must be rule IDs or prefixes; a waiver names a subject or a pattern,
    not both, and gives a reason."""
    assert CheckSection(select="swap, leave-7").select == ("SWAP", "LEAVE-7")
    with pytest.raises(InvalidArgumentError, match="rule ID or prefix"):
        CheckSection(ignore=("SWAP 1!",))
    with pytest.raises(InvalidArgumentError, match="either a subject or a pattern"):
        Waiver("SWAP-1", "why", subject="A-1", pattern="A-*")
    with pytest.raises(InvalidArgumentError, match="non-empty text"):
        Waiver("SWAP-1", " ")


def test_policy_check_has_explicit_keywords() -> None:
    """Policy.check names its arguments (for help and completion), typed, keyword-only."""
    parameters = inspect.signature(Policy.check).parameters
    assert list(parameters)[1:] == [
        "now", "tickets", "calls", "surveys", "roster", "requests", "attendance",
        "hand_over_logs", "other_inputs", "select", "ignore", "progress",
    ]  # fmt: skip
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(parameters.values())[1:])
    with pytest.raises(TypeError):
        load_policy("callcentre").check(ticketz=[])  # type: ignore[call-arg]


def test_display_zone_and_selection_from_the_policy() -> None:
    """[report] tz shows SLA-1 breaches in that zone (default the KPI zone); [check]
    select keeps only the rules named; the report's counts of clocks agree."""
    data = month(seed=2026)
    tickets = data.tickets[:120]
    policy = load_policy("callcentre")
    assert policy.display_zone == "Asia/Shanghai"
    london = attrs.evolve(
        policy, report=attrs.evolve(policy.report, tz="Europe/London"),
        check=CheckSection(select=("SLA-1",)),
    )  # fmt: skip
    report = london.check(now=data.now, tickets=tickets)
    assert report.tz == "Europe/London" and report.violations
    assert {v.rule_id for v in report.violations} == {"SLA-1"}
    assert all(" +00:00 (" in v.message for v in report.violations)
    assert all(c.at is not None and c.source_file is None for c in report.context)
    clocks, breached = report.clocks
    assert f"SLA: {breached:,} of {clocks:,} clocks breached" in report.summary()
    with pytest.raises(InvalidArgumentError):
        attrs.evolve(policy.report, tz="Mars/Olympus")


def test_progress_through_tqdm_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """progress=True draws a tqdm.auto bar when tqdm is installed, is silent otherwise;
    a function is called as given."""
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # not installed
    assert progress_bar(True) is None and progress_bar(None) is None
    calls: list[tuple[str, int]] = []

    class Bar:
        def __init__(self, total: int, desc: str, unit: str) -> None:
            self.total, self.n = total, 0
            calls.append((desc, total))

        def update(self, by: int) -> None:
            self.n += by
            calls.append(("update", by))

        def close(self) -> None:
            calls.append(("close", self.n))

    fake: Any = types.ModuleType("tqdm.auto")
    fake.tqdm = Bar
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    bar = progress_bar(True)
    assert bar is not None
    bar("tickets", 1000, 2500)
    bar("tickets", 2000, 2500)
    bar("done", 1, 1)
    assert calls == [("tickets", 2500), ("update", 1000), ("update", 1000), ("update", 500),
                     ("close", 2500)]  # fmt: skip
    mine = calls.append
    assert progress_bar(mine) is mine  # type: ignore[arg-type]


def test_every_time_in_a_message_is_in_the_display_zone_tkt_2() -> None:
    """TKT-2 (issue 15): an engine words its message in the data's offset (UTC here); the
    report shows it in the policy's display zone, with the offset."""
    from datetime import UTC, datetime, timedelta

    from servicepolicy.policy import load_policy
    from servicepolicy.testing import make_ticket

    opened = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    ticket = make_ticket("inquiry", channel="email", at=opened)
    ticket = ticket.transition(
        "answered", at=opened + timedelta(hours=1), by="agent-1", channel="phone"
    )
    report = load_policy("callcentre").check(tickets=[ticket], now=opened + timedelta(hours=2))
    tkt2 = [v for v in report.violations if v.rule_id == "TKT-2"]
    assert tkt2 and "2026-11-23 10:00 +08:00" in tkt2[0].message
    assert "+00:00" not in tkt2[0].message
