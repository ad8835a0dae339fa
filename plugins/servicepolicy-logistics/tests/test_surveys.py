"""LOG-5: the satisfaction survey after each completed order, built on
servicepolicy.obligations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import survey_after
from servicepolicy.rules import Severity
from servicepolicy.testing import T0, assert_no_violation, assert_violation, make_ticket
from servicepolicy.tickets import Ticket

from servicepolicy_logistics import (
    ORDER_KIND,
    SurveyRules,
    check_surveys,
    survey_done,
    survey_obligation,
)

M = timedelta(minutes=1)
DAY = timedelta(days=1)
OFFICE = plugins.calendar("cn-office")
STEPS = ("audited", "confirmed", "dispatched", "delivered")


def completed(id: str = "O-1") -> Ticket:
    """An order completed on Monday 23 November 2026 at 09:50."""
    return make_ticket(ORDER_KIND, *STEPS, "completed", id=id)


def test_log5_a_survey_is_owed_after_each_completed_order() -> None:
    """LOG-5: completing an order creates a survey obligation, due the next working day,
    owed by the order's owner, citing LOG-5."""
    owed = survey_obligation(completed(), OFFICE)
    assert owed is not None
    assert (owed.key, owed.rule_id, owed.day, owed.owner, owed.subject) == (
        "survey:O-1",
        "LOG-5",
        date(2026, 11, 24),
        "agent-1",
        "O-1",
    )


def test_log5_builds_on_the_core_survey_obligation() -> None:
    """LOG-5 is CAD-4's ``survey_after`` on entering ``completed``, with its own rule ID:
    same key, due day and owner."""
    core = survey_after(completed(), OFFICE, state="completed")
    ours = survey_obligation(completed(), OFFICE)
    assert core is not None and ours is not None
    assert (ours.key, ours.due, ours.owner) == (core.key, core.due, core.owner)
    assert (core.rule_id, ours.rule_id) == ("CAD-4", "LOG-5")


def test_log5_nothing_is_owed_before_completion() -> None:
    """LOG-5: an order not completed owes no survey."""
    assert survey_obligation(make_ticket(ORDER_KIND, *STEPS), OFFICE) is None
    assert check_surveys([make_ticket(ORDER_KIND, *STEPS)], OFFICE, T0 + 30 * DAY) == ()


def test_log5_working_days_follow_the_calendar() -> None:
    """LOG-5: the survey falls on working days: completed on a Friday, one working day
    later is Monday; the number of days is a parameter."""
    friday = T0 + 4 * DAY
    order = make_ticket(ORDER_KIND, *STEPS, "completed", at=friday)
    assert survey_obligation(order, OFFICE).day == date(2026, 11, 30)  # type: ignore[union-attr]
    assert survey_obligation(order, OFFICE, working_days=3).day == date(2026, 12, 2)  # type: ignore[union-attr]


def test_log5_a_missed_survey_is_an_error_and_a_late_one_a_warning() -> None:
    """LOG-5: no survey by the due day is an error; one made after it, a warning; one
    made in time, nothing."""
    order = completed()
    missed = assert_violation(check_surveys([order], OFFICE, T0 + 3 * DAY), "LOG-5")
    assert missed.severity is Severity.ERROR and missed.subject == "O-1"
    late = order.transition("surveyed", at=T0 + 2 * DAY, by="agent-1")
    assert_violation(check_surveys([late], OFFICE, T0 + 3 * DAY), "LOG-5", severity="warning")
    on_time = order.transition("surveyed", at=T0 + DAY, by="agent-1")
    assert check_surveys([on_time], OFFICE, T0 + 3 * DAY) == ()
    record = survey_done(on_time)
    assert record is not None and (record.key, record.at) == ("survey:O-1", T0 + DAY)


def test_log5_is_judged_as_of_now() -> None:
    """LOG-5: a survey made after ``now`` has not happened yet at ``now``."""
    order = completed().transition("surveyed", at=T0 + 5 * DAY, by="agent-1")
    assert_violation(check_surveys([order], OFFICE, T0 + 3 * DAY), "LOG-5", severity="error")
    assert check_surveys([order], OFFICE, T0 + M) == ()


def test_log5_runs_through_the_plugin() -> None:
    """LOG-5: ``plugins.check_ticket`` reports the missed survey of an order ticket, on the
    calendar the settings name."""
    assert_violation(plugins.check_ticket(completed(), T0 + 3 * DAY), "LOG-5")
    assert_no_violation(plugins.check_ticket(completed(), T0 + 30 * M), "LOG-5")


def test_log5_only_orders_are_surveyed_here() -> None:
    """LOG-5 concerns orders: other kinds are skipped by the check and refused by the
    obligation."""
    complaint = make_ticket("complaint", "investigating")
    assert check_surveys([complaint], OFFICE, T0 + 30 * DAY) == ()
    with pytest.raises(InvalidArgumentError, match="logistics_order"):
        survey_obligation(complaint, OFFICE)
    with pytest.raises(WrongTypeError, match="ticket"):
        survey_done("O-1")  # type: ignore[arg-type]


def test_log5_settings_are_checked() -> None:
    """The survey settings refuse negative days and empty calendar codes."""
    with pytest.raises(InvalidArgumentError, match="survey rules: working_days"):
        SurveyRules(working_days=-1)
    with pytest.raises(WrongTypeError, match="survey rules: calendar"):
        SurveyRules(calendar=None)  # type: ignore[arg-type]
