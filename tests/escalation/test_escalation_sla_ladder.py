"""ESC-6 agrees with the ladder: time-based escalation climbs one rung per threshold (ESC-2)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.escalation import (
    DEFAULT_LEVELS,
    EscalationLadder,
    EscalationPolicy,
    EscalationRequired,
)
from servicepolicy.sla import SlaEvent, SlaEventKind, SlaPolicy, SlaTarget
from servicepolicy.tickets import Ticket

SH = ZoneInfo("Asia/Shanghai")
H, M = timedelta(hours=1), timedelta(minutes=1)
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=SH)
WARN, BREACH = SlaEventKind.WARNING, SlaEventKind.BREACH


def event(threshold: float, at: datetime = T0, ticket: str = "T-1", metric: str = "resolution"):
    kind = BREACH if threshold >= 1 else WARN
    return SlaEvent(ticket, metric, kind, at, threshold, "resolve")


def follow_all(ladder: EscalationLadder, required: tuple[EscalationRequired, ...]) -> list[str]:
    """Follow each finding from the level the previous one reached; every one must be
    allowed without an ESC-2 violation.  Returns the levels reached."""
    at: dict[str, str] = {}
    reached = []
    for finding in required:
        result = ladder.follow(
            finding, by="agent-7", current=at.get(finding.subject), proposed_handling="call back"
        )
        assert result, result.decision
        assert not [v for v in result.decision.violations if v.rule_id == "ESC-2"]
        at[finding.subject] = finding.to
        reached.append(finding.to)
    return reached


def test_esc6_one_sla_warning_no_longer_skips_a_level() -> None:
    """ESC-6 / ESC-2: with a single SLA warning at 75 %, the default policy's finding at the
    warning named the department head, which the ladder refused as a skip; now the event
    climbs the team leader then the department head, and the breach the centre head."""
    sla = SlaPolicy([SlaTarget("resolve", "resolution", 8 * H)], warnings=(0.75,))  # calendar time
    t = Ticket.open(id="T-1", kind="complaint", customer="C", channel="phone", at=T0, by="a")
    events = sla.timeline(t, T0 + 9 * H)
    assert [(e.kind, e.threshold) for e in events] == [(WARN, 0.75), (BREACH, 1.0)]
    required = EscalationPolicy().on_sla_events(events)
    assert [(r.to, r.at) for r in required] == [
        ("team_leader", T0 + 6 * H),
        ("department_head", T0 + 6 * H),
        ("centre_head", T0 + 8 * H),
    ]
    assert (
        required[0].reason
        == "resolution clock at 75% of its target, past the 50% warning (resolve)"
    )
    ladder = EscalationLadder.default()
    assert follow_all(ladder, required) == ["team_leader", "department_head", "centre_head"]
    # the same thresholds on both sides: one rung per warning, the breach the next
    aligned = EscalationPolicy(sla_warnings=sla.warnings).on_sla_events(events)
    assert [r.to for r in aligned] == ["team_leader", "department_head"]
    assert follow_all(ladder, aligned) == ["team_leader", "department_head"]


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        ([0.75], ["team_leader", "department_head"]),
        ([0.5, 0.75], ["team_leader", "department_head", "centre_head"]),
        ([0.25, 0.5, 0.75], ["team_leader", "department_head", "centre_head", "leadership"]),
    ],
)
def test_esc6_one_rung_per_threshold(thresholds: list[float], expected: list[str]) -> None:
    """ESC-6: 1, 2 or 3 warning thresholds and the breach climb one rung each, in order,
    whether the events come one by one or the breach alone crosses them all."""
    policy = EscalationPolicy(sla_warnings=thresholds)
    one_by_one = [event(t, T0 + i * H) for i, t in enumerate([*thresholds, 1.0])]
    assert [r.to for r in policy.on_sla_events(one_by_one)] == expected
    at_once = policy.on_sla_events([event(1.0)])
    assert [r.to for r in at_once] == expected and {r.at for r in at_once} == {T0}
    assert follow_all(EscalationLadder.default(), at_once) == expected


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (("agent", "supervisor"), ["supervisor"]),
        (("agent", "team_leader", "manager"), ["team_leader", "manager"]),
        (DEFAULT_LEVELS, ["team_leader", "department_head", "centre_head"]),
        (
            ("agent", "team_leader", "department_head", "account_manager", "centre_head", "ceo"),
            ["team_leader", "department_head", "account_manager"],
        ),
    ],
)
def test_esc6_ladders_of_different_lengths(levels: tuple[str, ...], expected: list[str]) -> None:
    """ESC-6: on a short ladder the rungs stop at the top (no finding twice); on a long one
    the default thresholds reach rung 3 and no higher."""
    ladder = EscalationLadder(levels, name="x")
    policy = EscalationPolicy(ladder=ladder)
    events = [event(0.5), event(0.75, T0 + H), event(1.0, T0 + 2 * H), event(2.0, T0 + 6 * H)]
    required = policy.on_sla_events(events)
    assert [r.to for r in required] == expected
    assert follow_all(ladder, required) == expected


def test_esc6_a_ticket_climbs_once_whichever_clock_crosses() -> None:
    """ESC-6: the ladder position is the ticket's: a second clock reaching a rung the ticket
    already reached gives nothing; other tickets climb on their own; ``current`` says where
    tickets already are; ``now`` ignores later events."""
    policy = EscalationPolicy()
    events = [
        event(0.5, T0, metric="first_response"),
        event(0.5, T0 + H),  # resolution: the ticket is already with the team leader
        event(0.75, T0 + 2 * H),
        event(0.5, T0 + 2 * H, ticket="T-2"),
        event(1.0, T0 + 3 * H, metric="first_response"),
        event(2.0, T0 + 9 * H, metric="progress_update"),  # a second miss in a row
    ]
    assert [(r.subject, r.to) for r in policy.on_sla_events(events)] == [
        ("T-1", "team_leader"),
        ("T-1", "department_head"),
        ("T-2", "team_leader"),
        ("T-1", "centre_head"),
    ]
    later = policy.on_sla_events(events, current={"T-1": "department_head"}, now=T0 + 2 * H)
    assert [(r.subject, r.to) for r in later] == [("T-2", "team_leader")]


def test_esc6_custom_levels_are_filled_in_and_must_climb() -> None:
    """ESC-6 / ESC-2: a threshold mapped two rungs up is reached through the rung between
    (both findings at the event's instant); levels that descend as thresholds grow are
    refused, naming the parameter."""
    policy = EscalationPolicy(sla_warnings={0.75: "department_head"})
    required = policy.on_sla_events([event(0.8), event(1.0, T0 + H)])
    assert [(r.to, r.reason.endswith("level by level")) for r in required] == [
        ("team_leader", True),
        ("department_head", False),
        ("centre_head", False),
    ]
    assert follow_all(EscalationLadder.default(), required)
    assert policy.on_sla_event(event(0.8)).to == "department_head"  # type: ignore[union-attr]
    with pytest.raises(InvalidArgumentError, match="sla_warnings / sla_breach"):
        EscalationPolicy(sla_warnings={0.5: "department_head", 0.75: "team_leader"})
    with pytest.raises(InvalidArgumentError, match="climb"):
        EscalationPolicy(sla_breach="team_leader")
    with pytest.raises(InvalidArgumentError, match=r"\(0, 1\)"):
        EscalationPolicy(sla_warnings=[0.5, 1.5])


@settings(max_examples=150, deadline=None)
@given(
    thresholds=st.lists(st.sampled_from([0.2, 0.4, 0.5, 0.6, 0.75, 0.9]), unique=True, max_size=4),
    size=st.integers(2, 7),
    shares=st.lists(st.floats(0.05, 3.0), min_size=1, max_size=8),
)
def test_esc6_law_findings_always_climb_one_rung_at_a_time(
    thresholds: list[float], size: int, shares: list[float]
) -> None:
    """ESC-6 law: for any thresholds, ladder and events, each ticket's findings climb
    exactly one rung at a time from the bottom, so the ladder accepts every one followed
    in order (ESC-2)."""
    ladder = EscalationLadder([f"l{i}" for i in range(size)], name="x")
    policy = EscalationPolicy(ladder=ladder, sla_warnings=thresholds)
    events = [event(s, T0 + i * M) for i, s in enumerate(shares)]
    required = policy.on_sla_events(events)
    ranks = [ladder.rank(r.to) for r in required]
    assert ranks == list(range(1, len(ranks) + 1))
    follow_all(ladder, required)
