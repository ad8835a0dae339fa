"""The columnar SLA path (``engine="columns"``) gives the object path's answers exactly:
the same outcomes for every clock, the same replay report, the same statuses."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError
from servicepolicy.sla import SlaPolicy, SlaTarget, WorkingDays
from servicepolicy.sla._evaluate import outcomes
from servicepolicy.sla.columns import have_numpy, run_columns
from strategies import refuse_imports, ticket_histories

H = timedelta(hours=1)
ZONES = [ZoneInfo(z) for z in ("America/New_York", "Europe/London", "Asia/Shanghai")]
CALENDARS = {
    "ny": BusinessCalendar("mon-fri 09:00-17:00", "America/New_York", country="US"),
    "london": BusinessCalendar("mon-fri 22:00-06:00", "Europe/London", country="GB"),
    "hotline": BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN"),
    "always": BusinessCalendar.always("Europe/London"),
}


def _on_site(ticket, metric, due):
    """An ``adjust_due`` hook: complaints' resolutions are due a day later; P1 by noon."""
    if metric == "resolution" and ticket.kind == "complaint":
        return due + timedelta(days=1)
    if ticket.priority == "P1":
        return due.replace(hour=12, minute=0, second=0, microsecond=0)
    return None


SPECIFIC = [
    {"kinds": "complaint"},
    {"kinds": ("complaint", "after_sales")},
    {"priorities": "P1"},
    {"tiers": "potential"},
    {"kinds": "complaint", "priorities": "P1"},
]


@st.composite
def policies(draw):
    names = sorted(CALENDARS)
    pick = st.sampled_from([*names, None])
    pauses = st.sampled_from(
        [
            None,
            None,
            frozenset(),
            frozenset({"waiting_on_customer"}),
            frozenset({"investigating", "assigned", "received", "prepared"}),
            frozenset({"negotiating", "classified", "answered", "acknowledged", "scheduled"}),
        ]
    )

    def duration(hours):
        if draw(st.integers(0, 5)) == 0:
            return WorkingDays(draw(st.integers(1, 3)))
        return timedelta(minutes=draw(st.integers(1, hours * 60)))

    targets = []
    for metric, hours in (
        ("first_response", 8),
        ("progress_update", 12),
        ("resolution", 60),
        ("follow_up", 100),
    ):
        for n in range(draw(st.integers(1, 2))):
            calendar = draw(pick)
            length = duration(hours)
            if isinstance(length, WorkingDays) and calendar is None:
                calendar = "hotline"
            # the first target of a metric catches all, the second is more specific
            selectors = {} if n == 0 else draw(st.sampled_from(SPECIFIC))
            targets.append(
                SlaTarget(
                    f"{metric}-{n}",
                    metric,
                    length,
                    calendar=calendar,
                    pause_states=draw(pauses),
                    **selectors,
                )
            )
    adjust = _on_site if draw(st.booleans()) else None
    return SlaPolicy(targets, calendars=CALENDARS, adjust_due=adjust)


openings = st.datetimes(
    datetime(2026, 3, 1), datetime(2026, 11, 20), timezones=st.sampled_from(ZONES)
)
tickets = st.lists(
    ticket_histories(
        id=st.integers(0, 999).map(lambda n: f"T-{n}"),
        instants=openings,
        steps=10,
        max_gap=timedelta(hours=30),
    ),
    max_size=6,
)
nows = st.datetimes(datetime(2026, 3, 1), datetime(2026, 12, 31), timezones=st.sampled_from(ZONES))


@settings(max_examples=60)
@given(policies(), tickets, nows)
def test_columns_give_the_object_paths_outcomes(policy, found, now):
    _, kept, stats = run_columns(policy, found, now, keep=True)
    assert [t for t, _ in kept] == found
    assert stats.tickets == len(found)
    expected = [outcomes(policy, t, now) for t in found]
    assert [o for _, o in kept] == expected
    assert stats.clocks == sum(map(len, expected))


@settings(max_examples=60)
@given(policies(), tickets, nows)
def test_replay_and_evaluate_many_agree_across_engines(policy, found, now):
    assert policy.replay(found, now, engine="columns") == policy.replay(
        found, now, engine="objects"
    )
    assert policy.evaluate_many(found, now, engine="columns") == [
        policy.evaluate(t, now) for t in found
    ]


def test_fallbacks_are_counted():
    hotline = CALENDARS["hotline"]
    policy = SlaPolicy(
        [
            SlaTarget("resolve", "resolution", 8 * H, calendar="hotline"),
            SlaTarget("resolve-p1", "resolution", 2 * H, priorities="P1", calendar="hotline"),
        ],
        calendars={"hotline": hotline},
    )
    from servicepolicy.tickets import Ticket

    at = datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    plain = Ticket.open(id="T-1", kind="inquiry", customer="c", channel="phone", at=at, by="a")
    moved = plain.reclassify(at=at + H, by="a", priority="P1")  # two targets: object path
    counts, _, stats = run_columns(policy, [plain, moved], at + 5 * H)
    assert stats.fallbacks == 1
    assert stats.clocks == 2
    assert sum(counts.values()) == 2


def _without_numpy(monkeypatch):
    refuse_imports(monkeypatch, "numpy")


def test_without_numpy_replay_takes_the_object_path(monkeypatch):
    policy = SlaPolicy(
        [SlaTarget("resolve", "resolution", 8 * H, calendar="hotline")], calendars=CALENDARS
    )
    from servicepolicy.tickets import Ticket

    at = datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    t = Ticket.open(id="T-1", kind="inquiry", customer="c", channel="phone", at=at, by="a")
    expected = policy.replay([t], at + 10 * H, engine="objects")
    _without_numpy(monkeypatch)
    assert not have_numpy()
    assert policy.replay([t], at + 10 * H) == expected
    with pytest.raises(InvalidArgumentError, match="numpy"):
        policy.replay([t], at + 10 * H, engine="columns")


def test_engine_is_checked():
    policy = SlaPolicy([], calendars=CALENDARS)
    with pytest.raises(InvalidArgumentError, match="engine"):
        policy.replay([], datetime(2026, 1, 1, tzinfo=ZONES[0]), engine="fast")


# -- on the half hour: working time equal to a target, exactly -----------------------------

SH = ZoneInfo("Asia/Shanghai")
HALF = timedelta(minutes=30)


@st.composite
def half_hour_tickets(draw):
    """Tickets whose events fall on the half hour: clocks that use up their target exactly
    (at a closing time, or when a pause starts) are common."""
    from servicepolicy.tickets import LIFECYCLES, Ticket

    kind = draw(st.sampled_from(["after_sales", "complaint", "inquiry"]))
    life = LIFECYCLES.get(kind)
    at = datetime(2026, 9, 7, 8, tzinfo=SH) + HALF * draw(st.integers(0, 30))
    t = Ticket.open(
        id=f"T-{draw(st.integers(0, 99))}",
        kind=kind,
        customer="c",
        channel="phone",
        at=at,
        by="a",
        priority=draw(st.sampled_from([None, "P1"])),
    )
    for _ in range(draw(st.integers(0, 7))):
        at = t.updated_at + HALF * draw(st.integers(0, 10))
        action = draw(st.sampled_from(["move", "move", "reply", "note"]))
        if t.is_closed or action == "note":
            t = t.note("called", at=at, by=t.owner)
        elif action == "reply":
            t = t.reply(at=at, by=t.owner)
        else:
            allowed = sorted(life.allowed_from(t.state))
            if t.is_waiting:
                allowed = [t.history_of("state")[-2][1]]
            target = draw(st.sampled_from(allowed))
            if role := life.approval_for(t.state, target):
                t = t.approve(role=role, at=at, by="head")
            t = t.transition(target, at=at, by=t.owner, note="because")
    return t


@st.composite
def half_hour_policies(draw):
    calendar = st.sampled_from(["hotline", "always", None])
    pauses = st.sampled_from([None, frozenset({"in_service", "investigating", "received"})])
    targets = [
        SlaTarget(
            f"{metric}-{n}",
            metric,
            HALF * draw(st.integers(1, 20)),
            calendar=draw(calendar),
            pause_states=draw(pauses),
            **({} if n == 0 else {"priorities": "P1"}),
        )
        for metric in ("first_response", "progress_update", "resolution", "follow_up")
        for n in range(draw(st.integers(1, 2)))
    ]
    return SlaPolicy(targets, calendars=CALENDARS)


@settings(max_examples=80)
@given(half_hour_policies(), st.lists(half_hour_tickets(), max_size=5), st.integers(0, 120))
def test_columns_agree_on_the_half_hour(policy, found, halves):
    now = datetime(2026, 9, 7, 8, tzinfo=SH) + HALF * halves
    _, kept, _ = run_columns(policy, found, now, keep=True)
    assert [o for _, o in kept] == [outcomes(policy, t, now) for t in found]
    assert policy.replay(found, now, engine="columns") == policy.replay(
        found, now, engine="objects"
    )


@pytest.mark.parametrize(
    ("now_hour", "state", "fallbacks"), [(12, "running", 0), (13, "paused", 1)]
)
@pytest.mark.parametrize("calendar", ["always", None])
def test_a_paused_clock_that_used_up_its_target_exactly(now_hour, state, fallbacks, calendar):
    """Two hours worked, then waiting on the customer: the clock is paused (not breached)
    with no time left; the columns hand this case to the object path, and count it.  At
    the instant the pause starts it is running, with no time left."""
    from servicepolicy.tickets import Ticket

    at = datetime(2026, 9, 7, 10, tzinfo=SH)
    t = Ticket.open(id="T-1", kind="after_sales", customer="c", channel="phone", at=at, by="a")
    for step in ("classified", "assigned", "in_service"):
        t = t.transition(step, at=at, by="a", note="because")
    t = t.transition("waiting_on_customer", at=at + 2 * H, by="a", note="because")
    policy = SlaPolicy(
        [SlaTarget("fix", "resolution", 2 * H, calendar=calendar)], calendars=CALENDARS
    )
    now = at.replace(hour=now_hour)
    (expected,) = policy.evaluate(t, now)
    assert expected.state == state
    counts, _, stats = run_columns(policy, [t], now)
    assert list(counts.items()) == [(("after_sales", None, "resolution", state), 1)]
    assert stats.fallbacks == fallbacks
    assert policy.replay([t], now, engine="columns") == policy.replay([t], now, engine="objects")
