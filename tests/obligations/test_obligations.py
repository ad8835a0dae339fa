"""Recurring obligations: cadences, schedules, visits and follow-ups (CAD-1 … CAD-5, TIER-4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import MONTHLY, TU, WEEKLY, rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar, Severity, Ticket
from servicepolicy.customers import Customer, SpecialDate, care_actions, key_accounts, visit_plan
from servicepolicy.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    WrongTypeError,
)
from servicepolicy.obligations import (
    EPOCH,
    Cadence,
    DoneRecord,
    Obligation,
    Obligations,
    all_agents_meeting,
    annual_summary,
    care_obligations,
    check_obligations,
    describe_span,
    follow_up_done,
    follow_up_visit,
    half_yearly_summary,
    quality_report,
    satisfaction_survey,
    survey_after,
    team_meeting,
    visit_obligations,
)

SH = ZoneInfo("Asia/Shanghai")
OFFICE = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
SINCE = datetime(2026, 1, 1, tzinfo=SH)


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def schedule(*cadences: Cadence, calendar: BusinessCalendar | None = None) -> Obligations:
    if calendar is not None:
        return Obligations(cadences, since=SINCE, calendar=calendar)
    return Obligations(cadences, since=SINCE, tz=SH)


def days(found: tuple[Obligation, ...]) -> list[str]:
    return [o.when for o in found]


# -- CAD-1 ---------------------------------------------------------------------------------


def test_cad1_quality_report_is_due_by_the_22nd() -> None:
    """CAD-1: team leaders' monthly service-quality report is due by the 22nd, every month."""
    found = schedule(quality_report()).due(SINCE, sh(2027, 1, 1))
    assert days(found) == [f"2026-{m:02d}-22" for m in range(1, 13)]
    first = found[0]
    assert (first.key, first.rule_id, first.owner, first.day) == (
        "quality_report@2026-01-22",
        "CAD-1",
        "team leaders",
        date(2026, 1, 22),
    )
    assert first.due == datetime(2026, 1, 22, 23, 59, 59, 999999, tzinfo=SH)
    assert str(first) == "2026-01-22 CAD-1 monthly service-quality report (team leaders)"


def test_cad1_missed_late_and_on_time_reports() -> None:
    """CAD-1: a report done by the end of the 22nd is on time; later is a warning; none by
    ``now`` is an error naming the key to record it under."""
    plan = schedule(quality_report())
    now = sh(2026, 4, 1)
    done = [
        DoneRecord("quality_report@2026-01-22", sh(2026, 1, 22, 23, 59), by="L-1"),
        DoneRecord("quality_report@2026-02-22", sh(2026, 2, 24, 9), by="L-1"),
    ]
    late, missed = plan.check(done, now)
    assert (late.rule_id, late.severity) == ("CAD-1", Severity.WARNING)
    assert late.facts["late_by"] == timedelta(days=1, hours=9)
    assert late.facts["due"] == date(2026, 2, 22) and late.facts["done_by"] == "L-1"
    assert (missed.rule_id, missed.severity, missed.subject) == (
        "CAD-1",
        Severity.ERROR,
        "team leaders",
    )
    assert missed.facts["key"] == "quality_report@2026-03-22"
    assert missed.suggestion is not None and "quality_report@2026-03-22" in missed.suggestion
    assert "9 days overdue" in missed.message
    # a record after now has not happened yet; the earliest record counts
    again = [*done, DoneRecord("quality_report@2026-03-22", sh(2026, 4, 2))]
    assert len(plan.check(again, now)) == 2
    twice = [*done, DoneRecord("quality_report@2026-02-22", sh(2026, 2, 20))]
    assert len(plan.check(twice, now)) == 1


def test_cad1_a_weekend_22nd_rolls_only_when_asked() -> None:
    """CAD-1: 22 November 2026 is a Sunday: it stays the deadline, unless ``roll`` with a
    calendar moves it back to Friday the 20th; the key keeps the 22nd."""
    week = (sh(2026, 11, 16), sh(2026, 11, 23))
    assert days(schedule(quality_report(), calendar=OFFICE).due(*week)) == ["2026-11-22"]
    (rolled,) = schedule(quality_report(roll="backward"), calendar=OFFICE).due(*week)
    assert (rolled.when, rolled.key) == ("2026-11-20", "quality_report@2026-11-22")
    (forward,) = schedule(quality_report(roll="forward"), calendar=OFFICE).due(
        sh(2026, 11, 16), sh(2026, 11, 30)
    )
    assert forward.when == "2026-11-23"
    assert days(schedule(quality_report(roll="backward")).due(*week)) == ["2026-11-22"]


# -- CAD-2 ---------------------------------------------------------------------------------


def test_cad2_all_agents_meeting_on_the_friday_before_the_25th() -> None:
    """CAD-2: the all-agents meeting is on the Friday before the 25th; when the 25th is a
    Friday (December 2026), "before" is strict: the 18th; ``inclusive=True`` reads "on or
    before"."""
    strict = schedule(all_agents_meeting()).due(sh(2026, 9, 1), sh(2027, 1, 1))
    assert days(strict) == ["2026-09-18", "2026-10-23", "2026-11-20", "2026-12-18"]
    assert {o.rule_id for o in strict} == {"CAD-2"}
    inclusive = schedule(all_agents_meeting(inclusive=True)).due(sh(2026, 12, 1), sh(2027, 1, 1))
    assert days(inclusive) == ["2026-12-25"]


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_cad2_law_one_meeting_a_month_on_the_last_friday_before_the_25th(
    year: int, month: int
) -> None:
    """CAD-2 law: every month has exactly one all-agents meeting, a Friday from the 18th to
    the 24th, so that the next Friday is the 25th or later."""
    (meeting,) = all_agents_meeting().days(date(year, month, 1), date(year, month, 28))
    assert meeting.weekday() == 4 and 18 <= meeting.day <= 24


def test_cad2_a_holiday_friday_moves_back_to_the_previous_working_day() -> None:
    """CAD-2: on a calendar, a Friday that is a public holiday (the Dragon Boat Festival,
    19 June 2026) moves back to Thursday, still before the 25th."""
    (meeting,) = schedule(all_agents_meeting(), calendar=OFFICE).due(sh(2026, 6, 1), sh(2026, 7, 1))
    assert (meeting.when, meeting.key) == ("2026-06-18", "all_agents_meeting@2026-06-19")


def test_cad2_weekly_team_meetings() -> None:
    """CAD-2: team meetings are weekly (Monday unless given); on a calendar a Monday off
    moves forward: 5 October 2026 (National Day week) to Thursday the 8th."""
    found = schedule(team_meeting()).due(sh(2026, 11, 1), sh(2026, 12, 1))
    assert days(found) == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]
    tuesday = schedule(team_meeting(weekday=TU)).due(sh(2026, 11, 1), sh(2026, 11, 8))
    assert days(tuesday) == ["2026-11-03"]
    assert days(schedule(team_meeting(weekday=1)).due(sh(2026, 11, 1), sh(2026, 11, 8))) == [
        "2026-11-03"
    ]
    holiday = schedule(team_meeting(), calendar=OFFICE).due(sh(2026, 10, 1), sh(2026, 10, 13))
    assert [(o.when, o.key) for o in holiday] == [
        ("2026-10-08", "team_meeting@2026-10-05"),
        ("2026-10-12", "team_meeting@2026-10-12"),
    ]
    spring = schedule(team_meeting(), calendar=OFFICE).due(sh(2026, 2, 16), sh(2026, 2, 25))
    assert [(o.when, o.key) for o in spring] == [
        ("2026-02-24", "team_meeting@2026-02-16"),
        ("2026-02-24", "team_meeting@2026-02-23"),
    ]


# -- CAD-3, CAD-4 --------------------------------------------------------------------------


def test_cad3_half_yearly_and_annual_summaries() -> None:
    """CAD-3: the half-yearly summary (by 15 July) and the annual summary (by 15 January)."""
    found = schedule(half_yearly_summary(), annual_summary()).due(SINCE, sh(2028, 1, 1))
    assert [(o.when, o.rule_id, o.title) for o in found] == [
        ("2026-01-15", "CAD-3", "annual summary"),
        ("2026-07-15", "CAD-3", "half-yearly summary"),
        ("2027-01-15", "CAD-3", "annual summary"),
        ("2027-07-15", "CAD-3", "half-yearly summary"),
    ]
    custom = schedule(annual_summary(month=12, day=28, owner="centre head")).due(
        SINCE, sh(2027, 1, 1)
    )
    assert [(o.when, o.owner) for o in custom] == [("2026-12-28", "centre head")]


def test_cad4_quarterly_and_annual_surveys() -> None:
    """CAD-4: satisfaction surveys are due by the last day of each quarter, or of the year."""
    quarterly = schedule(satisfaction_survey()).due(SINCE, sh(2027, 1, 1))
    assert days(quarterly) == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    assert quarterly[0].key == "quarterly_survey@2026-03-31" and quarterly[0].rule_id == "CAD-4"
    yearly = schedule(satisfaction_survey(every="year")).due(SINCE, sh(2028, 1, 1))
    assert days(yearly) == ["2026-12-31", "2027-12-31"]


def complaint(resolved: datetime | None = None, followed: datetime | None = None) -> Ticket:
    at = sh(2026, 11, 2, 9)
    t = Ticket.open(id="T-7", kind="complaint", customer="C-1", channel="phone", at=at, by="a-7")
    t = t.transition("investigating", at=at + timedelta(hours=1), by="a-7")
    t = t.transition("proposed", at=at + timedelta(hours=2), by="a-7")
    t = t.approve(role="cs_department", at=at + timedelta(hours=3), by="head")
    t = t.transition("negotiating", at=at + timedelta(hours=4), by="a-7")
    if resolved is not None:
        t = t.transition("resolved", at=resolved, by="a-7")
    if followed is not None:
        t = t.transition("followed_up", at=followed, by="a-9")
    return t


def test_cad4_a_survey_after_each_completed_complaint() -> None:
    """CAD-4: a survey is owed after each completed complaint: by default one working day
    after it is resolved (TKT-3: satisfaction is asked then)."""
    assert survey_after(complaint(), OFFICE) is None
    survey = survey_after(complaint(resolved=sh(2026, 11, 6, 16)), OFFICE)  # a Friday
    assert survey is not None
    assert (survey.key, survey.rule_id, survey.when, survey.owner) == (
        "survey:T-7",
        "CAD-4",
        "2026-11-09",
        "a-7",
    )
    inquiry = Ticket.open(id="Q-1", kind="inquiry", customer="C", channel="chat", at=SINCE, by="a")
    answered = inquiry.transition("answered", at=SINCE, by="a")
    assert survey_after(answered, OFFICE) is None  # an inquiry completes when closed
    closed = answered.transition("closed", at=sh(2026, 1, 5, 10), by="a")
    assert survey_after(closed, OFFICE).when == "2026-01-06"  # type: ignore[union-attr]
    cited = survey_after(closed, OFFICE, rule_id="LOG-5", title="survey after the order")
    assert (cited.rule_id, cited.title) == ("LOG-5", "survey after the order")  # type: ignore[union-attr]


# -- CAD-5, TIER-4 -------------------------------------------------------------------------


def test_cad5_follow_up_visit_n_working_days_after_resolution() -> None:
    """CAD-5 with TKT-3: the follow-up visit is due N working days (default 3) after the
    complaint is resolved; the ticket's ``followed_up`` state records it."""
    resolved = sh(2026, 11, 6, 16)  # Friday
    visit = follow_up_visit(complaint(resolved=resolved), OFFICE)
    assert visit is not None
    assert (visit.key, visit.rule_id, visit.when, visit.subject, visit.owner) == (
        "follow_up_visit:T-7",
        "CAD-5",
        "2026-11-11",
        "T-7",
        "a-7",
    )
    assert follow_up_visit(complaint(resolved=resolved), OFFICE, working_days=0).when == (  # type: ignore[union-attr]
        "2026-11-06"
    )
    assert follow_up_visit(complaint(), OFFICE) is None
    assert follow_up_done(complaint(resolved=resolved)) is None
    made = complaint(resolved=resolved, followed=sh(2026, 11, 10, 15))
    record = follow_up_done(made)
    assert record == DoneRecord("follow_up_visit:T-7", sh(2026, 11, 10, 15), by="a-9")
    assert check_obligations([visit], [record], sh(2026, 12, 1)) == ()
    (missed,) = check_obligations([visit], [], sh(2026, 11, 12, 9))
    assert (missed.rule_id, missed.subject, missed.severity) == ("CAD-5", "T-7", Severity.ERROR)
    assert missed.facts["overdue_by"] == timedelta(hours=9) and missed.facts["owner"] == "a-7"


def test_cad5_follow_up_across_national_day() -> None:
    """CAD-5: working days skip public holidays and count make-up working days (调休):
    resolved on 30 September 2026, three working days later is Saturday 10 October."""
    at = sh(2026, 9, 28, 9)
    t = Ticket.open(id="T-8", kind="complaint", customer="C-1", channel="phone", at=at, by="a")
    t = t.transition("investigating", at=at, by="a").transition("proposed", at=at, by="a")
    t = t.approve(role="cs_department", at=at, by="head").transition("negotiating", at=at, by="a")
    t = t.transition("resolved", at=sh(2026, 9, 30, 15), by="a")
    assert follow_up_visit(t, OFFICE).when == "2026-10-10"  # type: ignore[union-attr]


def test_tier4_visit_plans_sized_by_tier_become_obligations() -> None:
    """TIER-4 with CAD-5: the visit plan of :func:`visit_plan` (strategic 12, important 4,
    potential 2 visits a year) becomes obligations owed by the account manager."""
    customers = [
        Customer("C-1", "One", tier="strategic", owner="am-1"),
        Customer("C-2", "Two", tier="important", owner="am-2"),
        Customer("C-3", "Three", tier="potential", owner="am-3"),
    ]
    plan = visit_plan(customers, key_accounts(), 2026, calendar=OFFICE)
    visits = visit_obligations(plan, SH)
    assert [sum(o.subject == c.id for o in visits) for c in customers] == [12, 4, 2]
    first = next(o for o in visits if o.subject == "C-2")
    assert first.rule_id == "TIER-4" and first.owner == "am-2"
    assert first.key == f"visit:C-2@{first.day}" and "important account visit 1 of 4" in first.title
    yearly = Obligations([], since=SINCE, tz=SH, items=visits)
    assert len(yearly.due(SINCE, sh(2027, 1, 1))) == 18
    assert len(yearly.check([], sh(2027, 1, 1))) == 18
    done = [o.done(o.due - timedelta(hours=20)) for o in visits]
    assert yearly.check(done, sh(2027, 1, 1)) == ()


def test_tier4_care_actions_become_obligations() -> None:
    """TIER-4: greetings and gifts on special dates and festivals are owed by the account
    manager on their day."""
    acme = Customer(
        "C-001",
        "ACME",
        owner="am-zhang",
        special_dates=[SpecialDate("founding_day", date(2003, 6, 18))],
    )
    actions = care_actions(acme, (date(2026, 6, 1), date(2026, 6, 30)), "CN")
    owed = care_obligations(actions, SH, owner=acme.owner)
    assert [(o.when, o.title) for o in owed] == [
        ("2026-06-18", "greeting on founding_day"),
        ("2026-06-18", "gift on founding_day"),
        ("2026-06-19", "greeting on Dragon Boat Festival"),
    ]
    assert {(o.rule_id, o.owner, o.subject) for o in owed} == {("TIER-4", "am-zhang", "C-001")}
    assert owed[1].key == "gift:C-001:founding_day@2026-06-18"


# -- laws ------------------------------------------------------------------------------------

CADENCES = [
    quality_report(),
    quality_report(day=1),
    all_agents_meeting(),
    team_meeting(weekday=4),
    half_yearly_summary(),
    annual_summary(),
    satisfaction_survey(),
    Cadence("biweekly", "CAD-2", "biweekly review", rrule(WEEKLY, interval=2, dtstart=EPOCH)),
]
instants = st.integers(min_value=0, max_value=3 * 366 * 24).map(
    lambda hours: datetime(2025, 12, 1, tzinfo=SH) + timedelta(hours=hours)
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CADENCES),
    st.lists(instants, min_size=3, max_size=3).map(sorted),
    st.booleans(),
)
def test_cad_law_every_occurrence_in_the_range_is_listed_once(
    cadence: Cadence, bounds: list[datetime], on_calendar: bool
) -> None:
    """CAD law: every occurrence due in ``[start, end)`` is listed exactly once: splitting
    the range at any instant lists the same obligations, keys are unique, and without a
    calendar the days are exactly the recurrence's."""
    a, b, c = bounds
    plan = schedule(cadence, calendar=OFFICE if on_calendar else None)
    whole = plan.due(a, c)
    assert plan.due(a, b) + plan.due(b, c) == whole
    assert len({o.key for o in whole}) == len(whole)
    assert all(max(a, SINCE) <= o.due < c for o in whole)
    if not on_calendar:
        low = max(a, SINCE)
        expected = [
            d
            for d in cadence.days(low.date() - timedelta(days=1), c.date())
            if low <= datetime.combine(d, datetime.max.time(), SH) < c
        ]
        assert [o.day for o in whole] == expected


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CADENCES[:7]), instants, st.data())
def test_cad_law_done_on_time_is_never_a_violation(
    cadence: Cadence, now: datetime, data: st.DataObject
) -> None:
    """CAD law: with a record on time for some obligations, the violations at ``now`` are
    exactly the others due before ``now``, each an error citing the cadence's rule."""
    plan = schedule(cadence)
    owed = plan.due(SINCE, max(now, SINCE))
    kept = data.draw(st.lists(st.sampled_from(owed), unique=True)) if owed else []
    records = [o.done(o.due) for o in kept]
    found = plan.check(records, now)
    assert [v.facts["key"] for v in found] == [o.key for o in owed if o not in kept]
    assert {(v.rule_id, v.severity) for v in found} <= {(cadence.rule_id, Severity.ERROR)}


# -- obligations and records -------------------------------------------------------------------


def test_obligations_one_off_items_and_keys() -> None:
    """One-off items are listed with the cadences, sorted by due instant; ``since`` bounds
    both; an item's key may not collide with a cadence's."""
    escalation_report = Obligation(
        "skip_report:T-1:team_leader@x",
        "ESC-2",
        "report to the team leader",
        sh(2026, 3, 1, 9),
        owner="agent-7",
    )
    plan = schedule(quality_report()).with_items([escalation_report])
    assert [o.key for o in plan.due(sh(2026, 2, 20), sh(2026, 3, 2))] == [
        "quality_report@2026-02-22",
        "skip_report:T-1:team_leader@x",
    ]
    assert str(escalation_report) == (
        "2026-03-01 09:00+08:00 ESC-2 report to the team leader (agent-7)"
    )
    assert plan.due(sh(2025, 1, 1), SINCE) == ()
    with pytest.raises(InvalidArgumentError, match="a key other than those of the cadences"):
        plan.with_items([Obligation("quality_report@2026-01-22", "CAD-1", "x", SINCE)])
    with pytest.raises(InvalidArgumentError, match="each value once"):
        plan.with_items([escalation_report])


def test_due_lists_the_half_open_range() -> None:
    """``due(start, end)`` is half-open: an obligation due exactly at ``end`` is left for
    the next range, one due exactly at ``start`` is listed; ``check`` owes nothing due
    exactly at ``now`` yet."""
    plan = schedule(quality_report())
    (first,) = plan.due(SINCE, sh(2026, 2, 1))
    assert plan.due(SINCE, first.due) == ()
    assert plan.due(first.due, sh(2026, 2, 1)) == (first,)
    assert plan.check([], first.due) == ()
    assert len(plan.check([], first.due + timedelta(microseconds=1))) == 1


def test_describe_span() -> None:
    """Durations in messages read as people write them."""
    assert describe_span(timedelta(days=1, minutes=1)) == "1 day 1 minute"
    assert describe_span(timedelta(seconds=5)) == "less than a minute"
    assert describe_span(-timedelta(hours=2)) == "2 hours"


def test_obligations_bad_input_raises() -> None:
    """Bad input raises with the argument named: naive instants, reversed ranges, a
    missing or contradictory zone, repeated names, malformed cadences and records."""
    plan = schedule(quality_report())
    with pytest.raises(NaiveDatetimeError, match="start"):
        plan.due(datetime(2026, 1, 1), sh(2026, 2, 1))
    with pytest.raises(NaiveDatetimeError, match="now"):
        plan.check([], datetime(2026, 1, 1))
    with pytest.raises(InvalidArgumentError, match="end: expected an instant at or after start"):
        plan.due(sh(2026, 2, 1), sh(2026, 1, 1))
    with pytest.raises(NaiveDatetimeError, match="since"):
        Obligations([], since=datetime(2026, 1, 1), tz=SH)
    with pytest.raises(InvalidArgumentError, match="a time zone for the cadences' days"):
        Obligations([], since=SINCE)
    with pytest.raises(InvalidArgumentError, match="an IANA time zone name"):
        Obligations([], since=SINCE, tz="Mars/Olympus")
    with pytest.raises(InvalidArgumentError, match="the calendar's zone"):
        Obligations([], since=SINCE, tz="Europe/Paris", calendar=OFFICE)
    with pytest.raises(InvalidArgumentError, match="each value once"):
        Obligations([quality_report(), quality_report(day=1)], since=SINCE, tz=SH)
    with pytest.raises(WrongTypeError, match="cadences\\[0\\]"):
        Obligations(["quality_report"], since=SINCE, tz=SH)  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="without '@'"):
        Cadence("a@b", "CAD-1", "x", rrule(MONTHLY, dtstart=EPOCH))
    with pytest.raises(InvalidArgumentError, match="a naive dtstart"):
        Cadence("x", "CAD-1", "x", rrule(MONTHLY, dtstart=SINCE))
    with pytest.raises(WrongTypeError, match="recurrence"):
        Cadence("x", "CAD-1", "x", "FREQ=MONTHLY")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="rule_id"):
        Cadence("x", "cad 1", "x", rrule(MONTHLY, dtstart=EPOCH))
    with pytest.raises(InvalidArgumentError, match="roll"):
        Cadence("x", "CAD-1", "x", rrule(MONTHLY, dtstart=EPOCH), roll="sideways")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="from 1 to 28"):
        quality_report(day=31)
    with pytest.raises(InvalidArgumentError, match="from 8 to 28"):
        all_agents_meeting(before=3)
    with pytest.raises(InvalidArgumentError, match="weekday"):
        team_meeting(weekday=7)
    with pytest.raises(InvalidArgumentError, match="month"):
        annual_summary(month=13)
    with pytest.raises(InvalidArgumentError, match="'quarter' or 'year'"):
        satisfaction_survey(every="month")  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError):
        DoneRecord("quality_report@2026-01-22", datetime(2026, 1, 22))
    with pytest.raises(WrongTypeError, match="done_records\\[0\\]"):
        plan.check([("quality_report@2026-01-22", sh(2026, 1, 22))], sh(2026, 2, 1))  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="each value once"):
        o = Obligation("k", "CAD-1", "x", SINCE)
        check_obligations([o, o], [], sh(2026, 2, 1))
    with pytest.raises(InvalidArgumentError, match="working_days"):
        follow_up_visit(complaint(), OFFICE, working_days=-1)
    with pytest.raises(InvalidArgumentError, match="a state of the complaint lifecycle"):
        follow_up_visit(complaint(), OFFICE, state="done")
    with pytest.raises(WrongTypeError, match="ticket"):
        follow_up_visit("T-7", OFFICE)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="calendar"):
        follow_up_visit(complaint(), "office")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="plan"):
        visit_obligations("visits", SH)  # type: ignore[arg-type]


def test_a_calendar_without_working_days_nearby_refuses_to_roll() -> None:
    """A due day that would roll farther than ``MAX_ROLL`` is refused, not silently moved."""
    closed = BusinessCalendar(
        hours="mon-fri 09:00-18:00",
        tz="Asia/Shanghai",
        closures=[date(2026, 3, 1) + timedelta(days=n) for n in range(120)],
    )
    plan = schedule(quality_report(roll="backward"), calendar=closed)
    with pytest.raises(NoWorkingTimeError, match="farther than 62 days"):
        plan.due(sh(2026, 5, 1), sh(2026, 6, 1))
