"""Tests of servicepolicy.workforce.attendance, one group per rule ID (ATT-1 … ATT-4)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    UnknownRecordError,
    WrongTypeError,
)
from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import Employee, LeaveRequest, Roster, Shift, SwapRequest
from servicepolicy.workforce.attendance import (
    ATT_RULES,
    AttendancePolicy,
    AttendanceReport,
    AwayMeasure,
    ClockRecord,
    HandOverLog,
    att_3_relief,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar(hours="24/7", tz="Asia/Shanghai")
POLICY = AttendancePolicy(require_hand_over_log=False)


def at(hour: int, minute: int = 0, day: int = 12) -> datetime:
    """2026-10-<day> hour:minute in Shanghai (day 12 is a Monday)."""
    return datetime(2026, 10, day, 0, 0, tzinfo=SH) + timedelta(hours=hour, minutes=minute)


def shift(shift_id: str, employee: str, start: int, end: int, day: int = 12) -> Shift:
    return Shift(shift_id, employee, at(start, day=day), at(end, day=day))


def roster(*, leaves: tuple[LeaveRequest, ...] = ()) -> Roster:
    """Team T1: A-1 08-16 hands over to B-1 16-24; D-1 15:30-23:30; team T2: C-1 08-16."""
    return Roster(
        employees=[
            Employee("A-1", "T1", "L-1", "hotline"),
            Employee("B-1", "T1", "L-1", "hotline"),
            Employee("D-1", "T1", "L-1", "hotline"),
            Employee("C-1", "T2", "L-2", "hotline"),
        ],
        shifts=[
            shift("S-A", "A-1", 8, 16),
            shift("S-B", "B-1", 16, 24),
            Shift("S-D", "D-1", at(15, 30), at(23, 30)),
            shift("S-C", "C-1", 8, 16),
            shift("S-A2", "A-1", 8, 16, day=13),
        ],
        calendar=CAL,
        leaves=leaves,
    )


def leave(start: datetime, end: datetime, employee: str = "A-1") -> LeaveRequest:
    return LeaveRequest(
        "LV-1", employee, "personal", start, end, requested_at=at(9, day=10), requested_by=employee
    )


def rec(
    employee: str,
    shift_id: str,
    clock_in: datetime | None,
    clock_out: datetime | None = None,
    away: tuple[tuple[datetime, datetime], ...] = (),
) -> ClockRecord:
    return ClockRecord(employee, shift_id, clock_in, clock_out, away)


def check(
    *records: ClockRecord,
    policy: AttendancePolicy = POLICY,
    the_roster: Roster | None = None,
    logs: tuple[HandOverLog, ...] = (),
) -> list[Violation]:
    """Violations for the S-A shift day (only shifts on 2026-10-12 are reviewed)."""
    report = policy.check(records, the_roster or roster(), logs, since=at(0), until=at(0, day=13))
    return list(report.violations)


def on_time(*except_ids: str) -> list[ClockRecord]:
    """Everyone on 2026-10-12 clocks in 15 minutes early and out on time, but ``except_ids``."""
    found = [
        rec("A-1", "S-A", at(7, 45), at(16, 5)),
        rec("B-1", "S-B", at(15, 45), at(24)),
        rec("D-1", "S-D", at(15, 15), at(23, 30)),
        rec("C-1", "S-C", at(7, 45), at(16)),
    ]
    return [r for r in found if r.shift not in except_ids]


def ids(violations: list[Violation]) -> list[tuple[str, str | None]]:
    return [(v.rule_id, v.subject) for v in violations]


def test_everyone_on_time_is_clean() -> None:
    """ATT-1 … ATT-4: a day where everyone arrives early and is relieved is clean."""
    assert check(*on_time()) == []


# -- ATT-1: roll call ---------------------------------------------------------------------------


def test_att1_arriving_exactly_at_roll_call_is_allowed() -> None:
    """ATT-1: clocking in exactly 10 minutes before the shift is in time for roll call."""
    assert check(rec("A-1", "S-A", at(7, 50), at(16, 5)), *on_time("S-A")) == []


def test_att1_arriving_after_roll_call_is_a_warning() -> None:
    """ATT-1: 5 minutes before the start misses the roll call 10 minutes before: a warning."""
    (found,) = check(rec("A-1", "S-A", at(7, 55), at(16, 5)), *on_time("S-A"))
    assert (found.rule_id, found.severity, found.subject) == ("ATT-1", Severity.WARNING, "A-1")
    assert found.facts["minutes_after_roll_call"] == 5
    assert "07:50" in found.message and found.suggestion == (
        "team leader: remind A-1 that roll call is 10 minutes before the shift starts"
    )


def test_att1_late_enough_for_att2_is_reported_once() -> None:
    """ATT-1: an arrival ATT-2 reports as late is not reported again as a missed roll call."""
    assert ids(check(rec("A-1", "S-A", at(8, 20), at(16, 5)), *on_time("S-A"))) == [
        ("ATT-2", "A-1")
    ]


def test_att1_roll_call_parameter() -> None:
    """ATT-1: ``roll_call_before`` is a parameter (5 minutes: 07:55 is in time)."""
    policy = AttendancePolicy(roll_call_before=timedelta(minutes=5), require_hand_over_log=False)
    assert check(rec("A-1", "S-A", at(7, 55), at(16, 5)), *on_time("S-A"), policy=policy) == []


# -- ATT-2: lateness, absence, away from the post -----------------------------------------------


def test_att2_late_19_minutes_is_not_disciplinary() -> None:
    """ATT-2: 19 minutes late is below the limit (ATT-1 still warns)."""
    assert ids(check(rec("A-1", "S-A", at(8, 19), at(16, 5)), *on_time("S-A"))) == [
        ("ATT-1", "A-1")
    ]


def test_att2_late_20_minutes_is_an_error() -> None:
    """ATT-2: late by 20 minutes or more without prior leave is a disciplinary violation."""
    (found,) = check(rec("A-1", "S-A", at(8, 20), at(16, 5)), *on_time("S-A"))
    assert (found.rule_id, found.severity) == ("ATT-2", Severity.ERROR)
    assert found.facts["late_minutes"] == 20 and "late for shift S-A by 20 minutes" in found.message


def test_att2_prior_leave_moves_the_due_time() -> None:
    """ATT-2: approved leave 08:00-10:00 excuses the late start; lateness counts from 10:00."""
    excused = roster(leaves=(leave(at(8), at(10)),))
    assert check(rec("A-1", "S-A", at(10, 5), at(16, 5)), *on_time("S-A"), the_roster=excused) == []
    (late,) = check(rec("A-1", "S-A", at(10, 20), at(16, 5)), *on_time("S-A"), the_roster=excused)
    assert late.rule_id == "ATT-2" and late.facts["due"] == at(10).isoformat()


def test_att2_absence_is_an_error() -> None:
    """ATT-2: no clock-in for a rostered shift without leave is absenteeism (旷工)."""
    for records in ([], [rec("A-1", "S-A", None)]):
        (found,) = check(*records, *on_time("S-A"))
        assert (found.rule_id, found.severity, found.subject) == ("ATT-2", Severity.ERROR, "A-1")
        assert "absent (旷工) from shift S-A" in found.message


def test_att2_shift_wholly_on_leave_needs_no_clock_in() -> None:
    """ATT-2: approved leave covering the whole shift is not absence (nor ATT-4's business)."""
    excused = roster(leaves=(leave(at(8), at(16)),))
    assert check(*on_time("S-A"), the_roster=excused) == []


def test_att2_future_shifts_are_not_reviewed() -> None:
    """ATT-2: shifts outside ``since``/``until`` are not reviewed, so not absences."""
    report = POLICY.check(on_time(), roster(), until=at(0, day=13))
    assert "S-A2" not in report.shifts and report.violations == ()


def test_att2_away_under_the_limit_is_allowed() -> None:
    """ATT-2: 19 minutes away from the post is allowed."""
    away = ((at(10), at(10, 19)),)
    assert check(rec("A-1", "S-A", at(7, 45), at(16, 5), away), *on_time("S-A")) == []


def test_att2_away_20_minutes_is_an_error() -> None:
    """ATT-2: away from the post for 20 minutes or more is a disciplinary violation."""
    away = ((at(10), at(10, 20)),)
    (found,) = check(rec("A-1", "S-A", at(7, 45), at(16, 5), away), *on_time("S-A"))
    assert (found.rule_id, found.facts["away_minutes"]) == ("ATT-2", 20)


def test_att2_away_measure_longest_or_total() -> None:
    """ATT-2: 15 + 10 minutes away: allowed when the longest counts, an error when the total
    does; overlapping periods count once in the total."""
    away = ((at(10), at(10, 15)), (at(11), at(11, 10)))
    record = rec("A-1", "S-A", at(7, 45), at(16, 5), away)
    assert check(record, *on_time("S-A")) == []
    total = AttendancePolicy(away_measure="total", require_hand_over_log=False)
    (found,) = check(record, *on_time("S-A"), policy=total)
    assert found.facts["away_minutes"] == 25 and found.facts["away_measure"] == "total"
    overlapping = ((at(10), at(10, 15)), (at(10, 5), at(10, 19)))
    record = rec("A-1", "S-A", at(7, 45), at(16, 5), overlapping)
    assert check(record, *on_time("S-A"), policy=total) == []


# -- ATT-3: stay until relieved -----------------------------------------------------------------


def test_att3_leaving_after_the_incoming_agent_arrived_is_allowed() -> None:
    """ATT-3: A-1 leaves at 16:05, after B-1 (15:45) and D-1 (15:15) arrived."""
    assert check(*on_time()) == []


def test_att3_leaving_before_any_incoming_agent_arrived_is_an_error() -> None:
    """ATT-3: A-1 leaves at 16:00, the incoming agents arrive at 16:10 and 16:12: an error
    naming both A-1 and the first incoming agent."""
    records = [
        rec("A-1", "S-A", at(7, 45), at(16)),
        rec("B-1", "S-B", at(15, 45) + timedelta(minutes=25), at(24)),
        rec("D-1", "S-D", at(16, 12), at(23, 30)),
    ]
    found = [v for v in check(*records, *on_time("S-A", "S-B", "S-D")) if v.rule_id == "ATT-3"]
    assert len(found) == 1
    assert found[0].subject == "A-1" and found[0].severity is Severity.ERROR
    assert found[0].facts["incoming_employee"] == "B-1"
    assert found[0].facts["incoming_shift"] == "S-B"
    assert "before the incoming agent B-1 (shift S-B)" in found[0].message


def test_att3_only_the_same_team_relieves() -> None:
    """ATT-3: C-1 (team T2) has no incoming shift in T2, so leaving at 16:00 is not judged."""
    records = [rec("C-1", "S-C", at(7, 45), at(16)), rec("B-1", "S-B", at(16, 30), at(24))]
    found = check(*records, *on_time("S-C", "S-B"))
    assert ("ATT-3", "C-1") not in ids(found)


def test_att3_absent_incoming_agents_leave_the_outgoing_unrelieved() -> None:
    """ATT-3: if nobody incoming clocked in, the absences are ATT-2's and the outgoing
    agent who left was never relieved: an ATT-3 error too (issue 14)."""
    records = [rec("A-1", "S-A", at(7, 45), at(16))]
    found = check(*records, *on_time("S-A", "S-B", "S-D"))
    assert ("ATT-3", "A-1") in ids(found)
    assert ("ATT-2", "B-1") in ids(found) and ("ATT-2", "D-1") in ids(found)


def test_att3_tolerance_decides_which_shifts_are_incoming() -> None:
    """ATT-3: D-1 starts 30 minutes before S-A ends: incoming with the default tolerance
    (30 min), not with a tolerance of 0."""
    records = [rec("A-1", "S-A", at(7, 45), at(16)), rec("D-1", "S-D", at(16, 10), at(23, 30))]
    context_records = [*records, rec("B-1", "S-B", None)]
    found = check(*context_records, *on_time("S-A", "S-B", "S-D"))
    (left,) = [v for v in found if (v.rule_id, v.subject) == ("ATT-3", "A-1")]
    assert left.facts["incoming_shift"] == "S-D"
    exact = AttendancePolicy(hand_over_tolerance=timedelta(0), require_hand_over_log=False)
    found = check(*context_records, *on_time("S-A", "S-B", "S-D"), policy=exact)
    (left,) = [v for v in found if (v.rule_id, v.subject) == ("ATT-3", "A-1")]
    assert left.facts["incoming_absent"] == "S-B"  # only S-B is incoming, and B-1 is absent


# -- ATT-4: hand-over log -----------------------------------------------------------------------


def log(shift_id: str, *, cases: str = "none") -> HandOverLog:
    return HandOverLog(shift_id, "A-1", "all headsets working", cases, "none")


ALL_LOGS = tuple(log(s) for s in ("S-A", "S-B", "S-D", "S-C"))


def test_att4_complete_logs_are_allowed() -> None:
    """ATT-4: every worked shift has a log recording all three items."""
    assert check(*on_time(), policy=AttendancePolicy(), logs=ALL_LOGS) == []


def test_att4_missing_log_is_a_warning() -> None:
    """ATT-4: a worked shift without a hand-over log is a warning naming the items."""
    (found,) = check(*on_time(), policy=AttendancePolicy(), logs=ALL_LOGS[1:])
    assert (found.rule_id, found.severity, found.subject) == ("ATT-4", Severity.WARNING, "A-1")
    assert found.facts["missing"] == "equipment state, difficult cases, staffing changes"


def test_att4_blank_item_is_a_warning_even_without_requiring_logs() -> None:
    """ATT-4: a log with a blank item is a warning naming the missing item."""
    logs = (log("S-A", cases="  "),)
    (found,) = check(*on_time(), policy=POLICY, logs=logs)
    assert found.rule_id == "ATT-4" and found.facts["missing"] == "difficult cases"
    assert "does not record difficult cases" in found.message


def test_att4_absent_shift_owes_no_log() -> None:
    """ATT-4: a shift nobody clocked in to owes no log (its absence is ATT-2)."""
    found = check(*on_time("S-A"), policy=AttendancePolicy(), logs=ALL_LOGS[1:])
    assert ids(found) == [("ATT-2", "A-1")]


# -- records, policy, report --------------------------------------------------------------------


def test_records_must_be_aware_and_ordered() -> None:
    """CAL-5: naive times, clock-out before clock-in and stray away periods are errors."""
    with pytest.raises(NaiveDatetimeError, match="clock record A-1/S-A: clock_in"):
        ClockRecord("A-1", "S-A", datetime(2026, 10, 12, 8), None)
    with pytest.raises(InvalidArgumentError, match="clock record A-1/S-A: clock_out"):
        ClockRecord("A-1", "S-A", at(8), at(7))
    with pytest.raises(InvalidArgumentError, match=r"away\[0\] end"):
        ClockRecord("A-1", "S-A", at(8), at(16), [(at(10), at(9))])
    with pytest.raises(InvalidArgumentError, match="between clock_in and clock_out"):
        ClockRecord("A-1", "S-A", at(8), at(16), [(at(7), at(9))])
    with pytest.raises(WrongTypeError, match="by"):
        HandOverLog("S-A", "", "ok", "none", "none")


def test_records_must_match_the_roster() -> None:
    """Unknown shifts, someone else's shift and duplicate records are refused."""
    with pytest.raises(UnknownRecordError, match="S-X"):
        POLICY.check([rec("A-1", "S-X", at(8))], roster())
    with pytest.raises(InvalidArgumentError, match="current owner 'A-1'"):
        POLICY.check([rec("B-1", "S-A", at(8))], roster())
    with pytest.raises(InvalidArgumentError, match="one record per shift"):
        POLICY.check([rec("A-1", "S-A", at(8)), rec("A-1", "S-A", at(9))], roster())
    with pytest.raises(InvalidArgumentError, match="one log per shift"):
        POLICY.check([], roster(), [log("S-A"), log("S-A")])


def test_records_follow_approved_swaps() -> None:
    """SWAP-10: after a swap the new owner clocks in for the shift (a view can be passed)."""
    view = roster().view()
    view.apply_swap(SwapRequest("SW-1", "A-1", "C-1", "S-A", "S-C", requested_at=at(9, day=1)))
    records = [
        rec("C-1", "S-A", at(7, 45), at(16, 5)),
        rec("A-1", "S-C", at(7, 45), at(16)),
        *on_time("S-A", "S-C"),
    ]
    assert POLICY.check(records, view, since=at(0), until=at(0, day=13)).violations == ()


def test_policy_parameters_are_validated() -> None:
    """Parameters are non-negative durations; the away measure is a known choice."""
    with pytest.raises(InvalidArgumentError, match="late_limit"):
        AttendancePolicy(late_limit=timedelta(minutes=-1))
    with pytest.raises(WrongTypeError, match="away_limit"):
        AttendancePolicy(away_limit=20)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        AttendancePolicy(away_measure="average")
    assert AttendancePolicy().away_measure is AwayMeasure.LONGEST


def test_report_groups_by_employee() -> None:
    """The report lists the shifts checked and counts violations per employee and rule."""
    report = POLICY.check(
        [rec("A-1", "S-A", at(7, 55), at(16, 5)), *on_time("S-A", "S-C")],
        roster(),
        until=at(0, day=13),
    )
    assert isinstance(report, AttendanceReport)
    assert report.counts() == {"A-1": Counter({"ATT-1": 1}), "C-1": Counter({"ATT-2": 1})}
    assert [v.rule_id for v in report.disciplinary] == ["ATT-2"]
    assert str(report).splitlines()[0] == "attendance: 4 shifts checked, 2 violations"


def test_rules_cite_their_ids() -> None:
    """ATT-1 … ATT-4: each rule is its own function, named and documented by its ID."""
    assert [rule.__name__[:5] for rule in ATT_RULES] == ["att_1", "att_2", "att_3", "att_4"]
    for number, rule in enumerate(ATT_RULES, start=1):
        assert (rule.__doc__ or "").startswith(f"ATT-{number}:")
    report = POLICY.check(on_time("S-A"), roster(), until=at(0, day=13), rules=[att_3_relief])
    assert report.violations == ()


def test_check_arguments_are_validated() -> None:
    """CAL-5: ``since``/``until`` must be aware; the roster must be a Roster or its view."""
    with pytest.raises(NaiveDatetimeError, match="since"):
        POLICY.check([], roster(), since=datetime(2026, 10, 12))
    with pytest.raises(WrongTypeError, match="roster"):
        POLICY.check([], "roster")  # type: ignore[arg-type]
