"""Quality inspection: monthly monitoring plans, the scoring form, compliance checks and
weekly and monthly summaries (QA-1, QA-2)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import Severity
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.kpi import CallRecord
from servicepolicy.quality import (
    Criterion,
    Evaluation,
    QualityPolicy,
    ScoringForm,
    check_monitoring,
    summarise,
)

SH = ZoneInfo("Asia/Shanghai")
AGENTS = ["A-01", "A-02", "A-03"]
GOOD = {"language": 18, "attitude": 19, "tone": 17, "grasp_of_need": 18, "adaptability": 16}
WEAK = {"language": 14, "attitude": 19, "tone": 15, "grasp_of_need": 10, "adaptability": 16}


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SH)


# -- QA-1: the plan ----------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 5), st.integers(0, 10**6), st.sampled_from(["2026-02", "2026-11", "2027-01"]))
def test_qa1_every_agent_gets_the_minimum_spread_over_the_month(
    minimum: int, seed: int, month: str
) -> None:
    """QA-1: each agent gets `minimum` samples, one per consecutive window of the month,
    and the same seed gives the same plan."""
    policy = QualityPolicy(minimum=minimum, zone=SH, seed=seed)
    plan = policy.plan(AGENTS, month)
    assert plan == policy.plan(AGENTS, month)
    for agent in AGENTS:
        samples = plan.for_agent(agent)
        assert len(samples) == minimum
        windows = [s.window for s in samples]
        assert (
            windows[0][0].day == 1
            and windows[-1][1].month != (windows[-1][1] + timedelta(days=1)).month
        )
        for (_, end), (start, _) in itertools.pairwise(windows):
            assert start == end + timedelta(days=1)  # consecutive, no gap, no overlap
        assert all(s.window[0] <= s.day <= s.window[1] for s in samples)


def test_qa1_plans_are_per_agent_reproducible_and_seed_dependent() -> None:
    """QA-1: adding an agent leaves the others' samples alone; another seed draws anew."""
    policy = QualityPolicy(minimum=4, zone=SH, seed="2026-Q4")
    plan = policy.plan(AGENTS, "2026-11")
    assert policy.plan([*AGENTS, "A-99"], date(2026, 11, 15)).for_agent("A-02") == plan.for_agent(
        "A-02"
    )
    other = QualityPolicy(minimum=4, zone=SH, seed="another").plan(AGENTS, "2026-11")
    assert [s.day for s in other.samples] != [s.day for s in plan.samples]


def test_qa1_plan_over_working_days_only() -> None:
    """QA-1: samples fall on the days given (e.g. the agent's working days)."""
    weekdays = [d for d in (date(2026, 11, 1) + timedelta(n) for n in range(30)) if d.weekday() < 5]
    plan = QualityPolicy(minimum=5, zone=SH).plan(["A-01"], "2026-11", days=weekdays)
    assert all(s.day.weekday() < 5 for s in plan.samples) and len(plan.samples) == 5
    with pytest.raises(InvalidArgumentError, match="days: expected at least minimum"):
        QualityPolicy(minimum=3, zone=SH).plan(["A-01"], "2026-11", days=weekdays[:2])


def calls_of(agent: str, days: list[int]) -> list[CallRecord]:
    return [
        CallRecord("inbound", "q", at(d), answered=at(d), agent=agent, id=f"{agent}-{d}-{h}")
        for d in days
        for h in range(3)
    ]


def test_qa1_plan_picks_actual_calls_one_per_window_order_independent() -> None:
    """QA-1: with the month's calls, one call per window, whatever order they come in;
    a window without calls borrows one elsewhere; too few calls are recorded as short."""
    calls = [
        *calls_of("A-01", [2, 5, 12, 19, 25, 28]),
        *calls_of("A-02", [3, 4]),  # nothing in the 2nd and 3rd windows
        *calls_of("A-03", []),
        CallRecord("inbound", "q", at(5), abandoned=at(5), agent="A-03", id="x"),  # unanswered
        CallRecord("inbound", "q", at(5, month=10), answered=at(5, month=10), agent="A-01", id="y"),
    ]
    policy = QualityPolicy(minimum=3, zone=SH, seed=7)
    plan = policy.plan(AGENTS, "2026-11", calls=calls)
    assert plan == policy.plan(AGENTS, "2026-11", calls=list(reversed(calls)))
    first = plan.for_agent("A-01")
    assert [s.window for s in first] == [
        (date(2026, 11, 1), date(2026, 11, 10)),
        (date(2026, 11, 11), date(2026, 11, 20)),
        (date(2026, 11, 21), date(2026, 11, 30)),
    ]
    assert all(s.window[0] <= s.day <= s.window[1] and s.call for s in first)
    second = plan.for_agent("A-02")
    assert len(second) == 3 and len({s.call for s in second}) == 3
    assert all(s.day.day in (3, 4) for s in second)
    assert plan.for_agent("A-03") == () and dict(plan.short) == {"A-03": 0}
    tuples = [(c.id, c.agent, c.answered) for c in calls if c.answered and c.id != "y"]
    assert policy.plan(AGENTS, "2026-11", calls=tuples).samples == plan.samples


# -- QA-1: the form and the compliance check -------------------------------------------------


def test_qa1_scoring_form_has_the_five_criteria() -> None:
    """QA-1: language, attitude, tone, grasp of need and adaptability, 20 points each."""
    form = ScoringForm()
    assert form.criteria == tuple(Criterion) and form.total == 100
    e = form.evaluate("A-01", at(3), WEAK, call="C-1")
    assert (e.total, e.share, e.weakest) == (74, Fraction(74, 100), ("grasp_of_need",))
    custom = ScoringForm({"language": 10, "attitude": 30}, training_below="70%")
    assert custom.evaluate("A", at(3), {"language": 10, "attitude": 15}).share == Fraction(25, 40)


@pytest.mark.parametrize(
    ("scores", "error", "message"),
    [
        (
            {**GOOD, "tone": 21},
            InvalidArgumentError,
            r"scores\['tone'\]: expected an int from 0 to 20",
        ),
        ({**GOOD, "humour": 5}, InvalidArgumentError, "expected a criterion of the form"),
        (
            {k: v for k, v in GOOD.items() if k != "tone"},
            InvalidArgumentError,
            r"scores for \['tone'\]",
        ),
        ({**GOOD, "tone": 15.5}, InvalidArgumentError, "expected an int from 0 to 20"),
        ([("tone", 1)], WrongTypeError, "scores: expected a mapping"),
    ],
)
def test_qa1_bad_scores(scores: object, error: type[Exception], message: str) -> None:
    """QA-1: scores must cover the form's criteria, within their maximum."""
    with pytest.raises(error, match=message):
        ScoringForm().evaluate("A-01", at(3), scores)  # type: ignore[arg-type]


def test_qa1_naive_instants_and_bad_policies_are_refused() -> None:
    """QA-1, CAL-5: a naive call time is refused; the minimum has no default and is >= 1."""
    with pytest.raises(NaiveDatetimeError):
        ScoringForm().evaluate("A-01", datetime(2026, 11, 3), GOOD)
    with pytest.raises(InvalidArgumentError, match="minimum: expected an int >= 1"):
        QualityPolicy(minimum=0, zone=SH)
    with pytest.raises(TypeError):
        QualityPolicy(zone=SH)  # type: ignore[call-arg]
    with pytest.raises(InvalidArgumentError, match="month: expected a month such as '2026-11'"):
        QualityPolicy(minimum=1, zone=SH).plan(AGENTS, "November")


def test_qa1_under_monitored_agents_are_violations() -> None:
    """QA-1: an agent monitored fewer than `minimum` times in the month is an error;
    the same call scored twice counts once; other months do not count."""
    policy = QualityPolicy(minimum=2, zone=SH)
    evaluations = [
        policy.evaluate("A-01", at(3), GOOD, call="C-1"),
        policy.evaluate("A-01", at(20), GOOD, call="C-2"),
        policy.evaluate("A-02", at(4), GOOD, call="C-3"),
        policy.evaluate("A-02", at(4), WEAK, call="C-3"),  # re-scored: still one call
        policy.evaluate("A-03", at(1, month=12), GOOD, call="C-4"),  # December
        policy.evaluate(
            "A-03", datetime(2026, 10, 31, 17, tzinfo=ZoneInfo("UTC")), GOOD
        ),  # Nov 1 in Shanghai
    ]
    violations = policy.check(evaluations, AGENTS, "2026-11")
    assert [(v.rule_id, v.severity, v.subject, v.facts["monitored"]) for v in violations] == [
        ("QA-1", Severity.ERROR, "A-02", 1),
        ("QA-1", Severity.ERROR, "A-03", 1),
    ]
    assert violations[0].suggestion == "inspect 1 more call of A-02"
    assert check_monitoring(evaluations, ["A-01"], "2026-11", minimum=2, zone=SH) == ()


# -- QA-2: summaries -------------------------------------------------------------------------


def test_qa2_weekly_summaries_with_training_plan_and_monthly() -> None:
    """QA-2: per agent and ISO week, the mean share and a training plan naming the
    criteria below 80 % of their maximum, weakest first; and per month."""
    evaluations = [
        Evaluation("A-01", at(2), GOOD),  # week 45
        Evaluation("A-01", at(4), WEAK),  # week 45
        Evaluation("A-01", at(10), GOOD),  # week 46
        Evaluation("A-02", at(3), WEAK),
    ]
    weekly = summarise(evaluations, period="week", zone=SH)
    assert [(s.agent, s.period, s.evaluations) for s in weekly] == [
        ("A-01", "2026-W45", 2),
        ("A-01", "2026-W46", 1),
        ("A-02", "2026-W45", 1),
    ]
    assert weekly[0].share == Fraction(88 + 74, 200)
    assert weekly[0].criteria["grasp_of_need"] == Fraction(28, 40)
    assert weekly[0].training == ("grasp_of_need",)  # 70 %; tone is 80 %: not below
    assert weekly[2].training == ("grasp_of_need", "language", "tone")
    assert str(weekly[2]) == (
        "A-02 2026-W45: 1 evaluated, 74 %; training: grasp_of_need 50 %, language 70 %, tone 75 %"
    )
    monthly = QualityPolicy(minimum=1, zone=SH).summarise(evaluations, "month")
    assert [(s.agent, s.period, s.evaluations, s.training) for s in monthly] == [
        ("A-01", "2026-11", 3, ("grasp_of_need",)),  # 46 of 60 points
        ("A-02", "2026-11", 1, ("grasp_of_need", "language", "tone")),
    ]


def test_qa2_one_form_per_agent_and_period() -> None:
    """QA-2: evaluations on different forms cannot be averaged together."""
    other = ScoringForm({"language": 50, "attitude": 50})
    mixed = [
        Evaluation("A-01", at(2), GOOD),
        other.evaluate("A-01", at(3), {"language": 1, "attitude": 2}),
    ]
    with pytest.raises(InvalidArgumentError, match=r"evaluations\[1\]\.form"):
        summarise(mixed, period="month", zone=SH)
    with pytest.raises(InvalidArgumentError, match="period: expected 'week' or 'month'"):
        summarise(mixed, period="fortnight", zone=SH)
