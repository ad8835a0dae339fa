"""Tests for servicepolicy.workforce.swap: SwapPolicy, one group per rule ID (SWAP-1 … SWAP-10).

The roster: two teams in Asia/Shanghai on a 24/7 calendar with China's public holidays.
Team 1 (leader L-1) works day shifts 08:00-20:00 every third day from 2026-11-02, team 2
(leader L-2) night shifts 20:00-08:00 every third day from 2026-11-01, from late September
(National Day, October 1-7, in the middle) to the end of December.  A night of team 2 ends
as the next day of team 1 begins, so swapping day ``d`` for the night ``d - 1`` before it
is the clean swap; other pairs easily end up back to back (SWAP-3).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar, Severity
from servicepolicy.errors import InvalidArgumentError, UnknownRecordError, WrongTypeError
from servicepolicy.workforce import (
    Approval,
    ApproverRole,
    Employee,
    LeaveKind,
    LeaveRequest,
    Roster,
    RosterView,
    Shift,
    StaffingRequirement,
    SwapRequest,
)
from servicepolicy.workforce.swap import (
    SWAP_RULES,
    SwapPolicy,
    swap_4_same_job_and_skill,
    swap_10_paid_back,
)

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
CALENDAR = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")
TEAM_1 = ("A-01", "A-02", "A-03", "A-04")
TEAM_2 = ("B-01", "B-02", "B-03", "B-04")
BOTH = (Approval("L-1", ApproverRole.TEAM_LEADER), Approval("L-2", ApproverRole.TEAM_LEADER))
FIRST, LAST = date(2026, 9, 26), date(2026, 12, 31)


def sh(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SH)


def dates() -> list[date]:
    return [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def D(employee: str, month: int, day: int) -> str:
    """The ID of an employee's day shift."""
    return f"{employee}-{month:02d}{day:02d}D"


def N(employee: str, month: int, day: int) -> str:
    """The ID of an employee's night shift (starting on that date)."""
    return f"{employee}-{month:02d}{day:02d}N"


@functools.cache
def roster(team_2_leader: str = "L-2", staffing: tuple[StaffingRequirement, ...] = ()) -> Roster:
    """The two-team roster (see the module docstring)."""
    skills = {"A-01": 3, "A-02": 3, "A-03": 2, "B-01": 3, "B-02": 2, "B-03": 1}
    employees = [
        Employee(
            e,
            "T1" if e in TEAM_1 else "T2",
            "L-1" if e in TEAM_1 else team_2_leader,
            "outbound" if e.endswith("-04") else "hotline",
            skills.get(e, 3),
        )
        for e in TEAM_1 + TEAM_2
    ]
    shifts = []
    for d in dates():
        if (d - date(2026, 11, 2)).days % 3 == 0:
            start = datetime(d.year, d.month, d.day, 8, tzinfo=SH)
            shifts += [Shift(D(e, d.month, d.day), e, start, start + 12 * H) for e in TEAM_1]
        if (d - date(2026, 11, 1)).days % 3 == 0:
            start = datetime(d.year, d.month, d.day, 20, tzinfo=SH)
            shifts += [Shift(N(e, d.month, d.day), e, start, start + 12 * H) for e in TEAM_2]
    return Roster(employees, shifts, CALENDAR, staffing=staffing)


def swap(
    rid: str,
    requester: str,
    counterpart: str,
    shift: str,
    return_shift: str,
    approvals: tuple[Approval, ...] = BOTH,
    requested_at: datetime | None = None,
    **changes: bool,
) -> SwapRequest:
    """A swap request, approved by both team leaders unless told otherwise."""
    made = requested_at or sh(10, 20, 9)
    return SwapRequest(
        rid, requester, counterpart, shift, return_shift, made, approvals=approvals, **changes
    )


def clean(rid: str = "R-9", requester: str = "A-01", counterpart: str = "B-01") -> SwapRequest:
    """Day 2026-11-05 for the night of 2026-11-04: breaks no rule."""
    return swap(rid, requester, counterpart, D(requester, 11, 5), N(counterpart, 11, 4))


def request_ids() -> tuple[str, str, str, str]:
    """Requester, counterpart, shift and return shift of the clean swap."""
    return ("A-01", "B-01", D("A-01", 11, 5), N("B-01", 11, 4))


def live(*approved: SwapRequest, base: Roster | None = None) -> RosterView:
    """A live view with ``approved`` swaps applied, as a review leaves it."""
    view = (base or roster()).view()
    for request in approved:
        view.apply_swap(request)
    return view


def leave(rid: str, employee: str, start: datetime, end: datetime) -> LeaveRequest:
    return LeaveRequest(rid, employee, LeaveKind.PERSONAL, start, end, sh(10, 1), employee)


def owners(view: RosterView) -> dict[str, str]:
    return {s.id: s.employee for s in view.to_roster().shifts}


# -- the policy as a whole -------------------------------------------------------------------


def test_clean_swap_is_allowed_with_facts() -> None:
    """SWAP-1 … SWAP-10: the clean swap breaks no rule; the decision names the swap."""
    decision = SwapPolicy().check(clean(), roster())
    assert decision.allowed and decision.violations == ()
    assert decision.subject == "R-9" and decision.required_approver is None
    assert decision.facts["shift"] == "A-01-1105D"
    assert decision.facts["return_time"] == "2026-11-04 20:00-08:00"


def test_check_reads_a_view_without_changing_it() -> None:
    """check accepts a Roster or a live RosterView and never changes the view."""
    view = live(swap("R-1", "A-02", "B-02", D("A-02", 11, 5), N("B-02", 11, 4)))
    before = owners(view)
    assert SwapPolicy().check(clean(), view) == SwapPolicy().check(clean(), view)
    assert owners(view) == before and len(view.swaps_of("A-01")) == 0
    assert SwapPolicy().check(clean(), roster()).allowed


def test_unknown_records_are_errors_naming_the_request() -> None:
    """A request naming an unknown shift or employee is bad input, not a decision."""
    with pytest.raises(UnknownRecordError, match="swap request R-9: unknown shift 'X'"):
        SwapPolicy().check(swap("R-9", "A-01", "B-01", "X", N("B-01", 11, 4)), roster())
    with pytest.raises(UnknownRecordError, match="swap request R-9: unknown employee 'Z-9'"):
        SwapPolicy().check(swap("R-9", "A-01", "Z-9", D("A-01", 11, 5), N("B-01", 11, 4)), roster())


def test_wrong_types_and_parameters_are_rejected() -> None:
    """check takes a SwapRequest and a Roster or RosterView; parameters are validated."""
    with pytest.raises(WrongTypeError):
        SwapPolicy().check("R-9", roster())  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError):
        SwapPolicy().check(clean(), roster().shifts)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        SwapPolicy(max_per_month=-1)
    with pytest.raises(InvalidArgumentError):
        SwapPolicy(month_of="week")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError):
        SwapPolicy(min_rest=8)  # type: ignore[arg-type]


def test_every_rule_is_named_after_its_id() -> None:
    """SWAP_RULES holds SWAP-1 … SWAP-10 in order; each function's name and docstring
    carry its rule ID."""
    assert len(SWAP_RULES) == 10
    for n, rule in enumerate(SWAP_RULES, start=1):
        assert rule.__name__.startswith(f"swap_{n}_")
        assert (rule.__doc__ or "").startswith(f"SWAP-{n}")


# -- SWAP-1: at most 2 swaps per calendar month ----------------------------------------------

R1 = swap("R-1", "A-01", "B-02", D("A-01", 11, 8), N("B-02", 11, 7))
R2 = swap("R-2", "A-01", "B-03", D("A-01", 11, 14), N("B-03", 11, 13))
THIRD = swap("R-3", "A-01", "B-01", D("A-01", 11, 20), N("B-01", 11, 19), requested_at=sh(11, 1))


def test_swap_1_third_swap_of_the_month_is_refused() -> None:
    """SWAP-1: the requester's third swap in November is refused, listing the other two."""
    decision = SwapPolicy().check(THIRD, live(R1, R2))
    assert not decision.allowed and decision.rule_ids == ("SWAP-1",)
    (v,) = decision.violations
    assert v.severity is Severity.ERROR and v.subject == "A-01"
    assert v.message == "third swap in 2026-11, limit 2: 2026-11-08 with B-02, 2026-11-14 with B-03"
    assert v.facts["earlier"] == ("R-1", "R-2") and v.facts["limit"] == 2
    assert v.suggestion == "A-01 has no swaps left in 2026-11: swap a shift of another month"


def test_swap_1_second_swap_is_allowed() -> None:
    """SWAP-1: a second swap in the month is within the limit."""
    assert SwapPolicy().check(THIRD, live(R1)).allowed


def test_swap_1_counterpart_at_the_limit_gets_colleagues_suggested() -> None:
    """SWAP-1: the swap counts for the counterpart too; the suggestion names colleagues of
    the requester's job type and comparable skill who have swaps left (not B-03, whose
    skill is too far from A-01's), at most max_suggested of them."""
    view = live(
        swap("R-1", "A-02", "B-01", D("A-02", 11, 8), N("B-01", 11, 7)),
        swap("R-2", "A-03", "B-01", D("A-03", 11, 14), N("B-01", 11, 13)),
    )
    (v,) = SwapPolicy().check(THIRD, view).violations
    assert v.rule_id == "SWAP-1" and v.subject == "B-01"
    assert v.message == "third swap in 2026-11, limit 2: 2026-11-08 with A-02, 2026-11-14 with A-03"
    assert v.suggestion == (
        "ask A-02 (swapped once in 2026-11), A-03 (swapped once in 2026-11) "
        "or B-02 (not yet in 2026-11)"
    )
    (w,) = SwapPolicy(max_suggested=1).check(THIRD, view).violations
    assert w.suggestion == "ask A-02 (swapped once in 2026-11)"
    assert SwapPolicy(count_counterpart=False).check(THIRD, view).allowed


def test_swap_1_month_of_request() -> None:
    """SWAP-1 with month_of="request": swaps count in the month they were requested in
    (the earlier two in October, so a November request is the first of its month)."""
    policy = SwapPolicy(month_of="request")
    assert policy.check(THIRD, live(R1, R2)).allowed
    october = swap("R-3", "A-01", "B-01", D("A-01", 11, 20), N("B-01", 11, 19))
    (v,) = policy.check(october, live(R1, R2)).violations
    assert v.message.startswith("third swap in 2026-10, limit 2: 2026-10-20 with B-02")
    assert v.suggestion == "A-01 can request the next swap from 2026-11-01"


def test_swap_1_month_is_the_calendar_zone_month() -> None:
    """SWAP-1: a shift starting 2026-12-01 07:00 in Shanghai (still November in UTC)
    belongs to December."""
    people = [Employee("X-1", "T", "L", "hotline"), Employee("X-2", "T", "L", "hotline")]
    early = [
        Shift("E-1", "X-1", sh(12, 1, 7), sh(12, 1, 11)),
        Shift("E-2", "X-2", sh(12, 2, 7), sh(12, 2, 11)),
    ]
    small = Roster(people, early, CALENDAR)
    request = SwapRequest(
        "R-1", "X-1", "X-2", "E-1", "E-2", sh(11, 1), [Approval("L", "team_leader")]
    )
    mine, theirs = SwapPolicy(max_per_month=0).check(request, small).violations
    assert mine.message == theirs.message == "first swap in 2026-12, limit 0"
    assert mine.facts["month"] == "2026-12"


# -- SWAP-2: no consecutive swaps ------------------------------------------------------------

FIRST_SWAP = clean("R-1")  # A-01 gives 11-05 day, takes B-01's 11-04 night
NEXT_TO_IT = swap("R-2", "A-01", "B-02", D("A-01", 11, 8), N("B-02", 11, 7))


def test_swap_2_swapping_the_next_shift_is_refused() -> None:
    """SWAP-2: A-01's next shift after a swapped one may not be swapped too; the nearest
    earlier shift is the one A-01 gave away (or, in the current sequence only, the one
    A-01 took over)."""
    decision = SwapPolicy().check(NEXT_TO_IT, live(FIRST_SWAP))
    assert decision.rule_ids == ("SWAP-2",)
    (v,) = decision.violations
    assert v.subject == "A-01"
    assert v.message == (
        "two swaps in a row: the shift A-01-1108D (2026-11-08 08:00-20:00) comes right after "
        "A-01-1105D (2026-11-05 08:00-20:00), which A-01 gave away in swap R-1 with B-01"
    )
    assert v.facts == {"shift": "A-01-1108D", "neighbour": "A-01-1105D", "swap": "R-1"}
    assert v.suggestion == "choose a shift of A-01 that is not next to a swapped shift"
    current_only = SwapPolicy(consecutive_includes_given_away=False)
    (w,) = current_only.check(NEXT_TO_IT, live(FIRST_SWAP)).violations
    assert "B-01-1104N (2026-11-04 20:00-08:00), which A-01 took over in swap R-1" in w.message


def test_swap_2_a_shift_further_away_is_allowed() -> None:
    """SWAP-2: a shift not next to the swapped one may be swapped."""
    later = swap("R-2", "A-01", "B-02", D("A-01", 11, 14), N("B-02", 11, 13))
    assert SwapPolicy().check(later, live(FIRST_SWAP)).allowed


def test_swap_2_given_away_shift_counts_only_if_told() -> None:
    """SWAP-2 ambiguity: after giving away 11-05 (for a night far away), swapping 11-08 is
    two swaps in a row only when given-away shifts count."""
    far = swap("R-1", "A-01", "B-01", D("A-01", 11, 5), N("B-01", 11, 22))
    assert SwapPolicy().check(NEXT_TO_IT, live(far)).rule_ids == ("SWAP-2",)
    assert SwapPolicy(consecutive_includes_given_away=False).check(NEXT_TO_IT, live(far))


def test_swap_2_return_shift_of_the_counterpart() -> None:
    """SWAP-2 and SWAP-10: the counterpart may not return the shift right after one they
    took over in an earlier swap, unless counterpart_too is off."""
    request = swap("R-2", "A-02", "B-01", D("A-02", 11, 8), N("B-01", 11, 7))
    (v,) = SwapPolicy().check(request, live(FIRST_SWAP)).violations
    assert v.rule_id == "SWAP-2" and v.subject == "B-01"
    assert "return shift B-01-1107N" in v.message and "B-01 took over in swap R-1" in v.message
    assert SwapPolicy(counterpart_too=False).check(request, live(FIRST_SWAP)).allowed


# -- SWAP-3: no shifts back to back (连班) ----------------------------------------------------

BACK_TO_BACK = swap("R-9", "A-01", "B-01", D("A-01", 11, 2), N("B-01", 11, 4))


def test_swap_3_back_to_back_after_swap_and_return_is_refused() -> None:
    """SWAP-3: A-01 would work the 11-04 night and the 11-05 day back to back, B-01 the
    11-01 night and the 11-02 day: both parties are named."""
    decision = SwapPolicy().check(BACK_TO_BACK, roster())
    assert decision.rule_ids == ("SWAP-3",)
    first, second = decision.violations
    assert first.subject == "A-01" and second.subject == "B-01"
    assert first.message == (
        "taking over the return shift B-01-1104N means working B-01-1104N "
        "(2026-11-04 20:00-08:00) and A-01-1105D (2026-11-05 08:00-20:00) back to back (连班): "
        "0h rest, minimum 8h"
    )
    assert second.facts == {
        "first": "B-01-1101N",
        "second": "A-01-1102D",
        "rest": "0h",
        "min_rest": "8h",
    }
    assert first.suggestion == "choose a return shift at least 8h away from A-01's other shifts"


def test_swap_3_enough_rest_is_allowed() -> None:
    """SWAP-3: the clean swap leaves 48h before and after; min_rest is a parameter, and
    timedelta(0) allows shifts that touch."""
    assert SwapPolicy().check(clean(), roster()).allowed
    (v, *_) = SwapPolicy(min_rest=49 * H).check(clean(), roster()).violations
    assert v.rule_id == "SWAP-3" and "48h rest, minimum 49h" in v.message
    assert SwapPolicy(min_rest=timedelta(0)).check(BACK_TO_BACK, roster()).allowed


def test_swap_3_overlapping_shifts_are_refused() -> None:
    """SWAP-3: taking over a shift at the time of one's own is an overlap, for both."""
    request = swap("R-9", "A-01", "A-02", D("A-01", 11, 5), D("A-02", 11, 8))
    decision = SwapPolicy().check(request, roster())
    assert [v.rule_id for v in decision.violations] == ["SWAP-3", "SWAP-3"]
    assert "they overlap" in decision.violations[0].message
    assert decision.violations[0].facts["rest"] == "-12h"


# -- SWAP-4: same job type, comparable skill -------------------------------------------------


def test_swap_4_other_job_type_is_refused() -> None:
    """SWAP-4: outbound A-04 cannot swap with hotline B-01; B-04 is suggested."""
    (v,) = SwapPolicy().check(clean(requester="A-04"), roster()).violations
    assert v.rule_id == "SWAP-4" and v.subject == "B-01"
    assert v.message == "job types differ: A-04 is outbound, B-01 is hotline"
    assert v.suggestion == "ask B-04 (not yet in 2026-11)"


def test_swap_4_skill_too_far_apart_is_refused() -> None:
    """SWAP-4: skill 3 and skill 1 are not comparable with tolerance 1; colleagues of
    comparable skill are suggested."""
    (v,) = SwapPolicy().check(clean(counterpart="B-03"), roster()).violations
    assert v.message == "skill levels not comparable: A-01 3, B-03 1, 2 apart, tolerance 1"
    assert v.facts == {"skill_levels": (3, 1), "tolerance": 1}
    assert v.suggestion == (
        "ask A-02 (not yet in 2026-11), A-03 (not yet in 2026-11) or B-01 (not yet in 2026-11)"
    )


def test_swap_4_comparable_skill_is_allowed() -> None:
    """SWAP-4: skill 3 and 2 are comparable; 3 and 1 too with skill_tolerance=2."""
    assert SwapPolicy().check(clean(counterpart="B-02"), roster()).allowed
    assert SwapPolicy(skill_tolerance=2).check(clean(counterpart="B-03"), roster()).allowed


# -- SWAP-5: both team leaders approve -------------------------------------------------------


def test_swap_5_missing_approval_is_refused() -> None:
    """SWAP-5: without L-2's approval (an approval by L-2 in another role, or by another
    team leader, does not count) the swap is refused; the decision names L-2."""
    approvals = (
        Approval("L-1", ApproverRole.TEAM_LEADER),
        Approval("L-2", ApproverRole.DEPARTMENT_HEAD),
        Approval("L-9", ApproverRole.TEAM_LEADER),
    )
    request = swap("R-9", "A-01", "B-01", D("A-01", 11, 5), N("B-01", 11, 4), approvals)
    decision = SwapPolicy().check(request, roster())
    (v,) = decision.violations
    assert v.rule_id == "SWAP-5" and v.severity is Severity.ERROR and v.subject == "B-01"
    assert v.message == "not approved by L-2, team leader of B-01"
    assert v.facts["approved_by"] == ("L-1", "L-9")
    assert decision.required_approver == "L-2" and not decision.allowed


def test_swap_5_before_approval_is_a_warning() -> None:
    """SWAP-5 with require_approvals=False: the request is checked before it goes to the
    leaders; missing approvals are warnings naming who must approve."""
    request = swap("R-9", "A-01", "B-01", D("A-01", 11, 5), N("B-01", 11, 4), approvals=())
    decision = SwapPolicy(require_approvals=False).check(request, roster())
    assert decision.allowed and decision.required_approver == "L-1, L-2"
    assert [v.message for v in decision.violations] == [
        "needs approval by L-1, team leader of A-01",
        "needs approval by L-2, team leader of B-01",
    ]
    assert {v.severity for v in decision.violations} == {Severity.WARNING}


def test_swap_5_one_approval_when_both_share_a_leader() -> None:
    """SWAP-5: parties with the same team leader need that one approval."""
    shared = roster(team_2_leader="L-1")
    one = (Approval("L-1", ApproverRole.TEAM_LEADER),)
    request = swap("R-9", "A-01", "B-01", D("A-01", 11, 5), N("B-01", 11, 4), one)
    assert SwapPolicy().check(request, shared).allowed
    (v,) = SwapPolicy().check(swap("R-9", *request_ids(), approvals=()), shared).violations
    assert v.message == "not approved by L-1, team leader of A-01 and B-01"


# -- SWAP-6: no leave on a swapped shift -----------------------------------------------------


def test_swap_6_counterpart_on_leave_is_refused() -> None:
    """SWAP-6: B-01 is on leave the day they would take over; that would be absenteeism."""
    view = live()
    view.apply_leave(leave("L-9", "B-01", sh(11, 5, 8), sh(11, 5, 20)))
    (v,) = SwapPolicy().check(clean(), view).violations
    assert v.rule_id == "SWAP-6" and v.subject == "B-01"
    assert v.message == (
        "on approved personal leave L-9 (2026-11-05 08:00 to 2026-11-05 20:00) during the "
        "shift A-01-1105D (2026-11-05 08:00-20:00) to take over: that would be absenteeism"
    )
    assert v.suggestion == "choose a shift outside B-01's leave"


def test_swap_6_requester_on_leave_during_the_return_shift_is_refused() -> None:
    """SWAP-6 and SWAP-10: the return shift is checked too."""
    view = live()
    view.apply_leave(leave("L-9", "A-01", sh(11, 4, 18), sh(11, 5, 6)))
    (v,) = SwapPolicy().check(clean(), view).violations
    assert v.rule_id == "SWAP-6" and v.subject == "A-01" and "return shift" in v.message


def test_swap_6_giving_away_a_shift_with_own_leave_is_refused() -> None:
    """SWAP-6: a shift carrying the giver's approved leave may not be swapped (the leave
    would sit on a swapped shift) unless giver_leave_blocks is off."""
    view = live()
    view.apply_leave(leave("L-9", "A-01", sh(11, 5, 8), sh(11, 5, 20)))
    (v,) = SwapPolicy().check(clean(), view).violations
    assert v.rule_id == "SWAP-6" and v.subject == "A-01"
    assert v.message.endswith("to give away: a swapped shift may not carry leave")
    assert v.suggestion == "cancel leave L-9 before swapping the shift"
    assert SwapPolicy(giver_leave_blocks=False).check(clean(), view).allowed


def test_swap_6_leave_on_another_day_is_allowed() -> None:
    """SWAP-6: leave that does not touch either swapped shift does not matter."""
    view = live()
    view.apply_leave(leave("L-9", "B-01", sh(11, 6), sh(11, 7)))
    assert SwapPolicy().check(clean(), view).allowed


# -- SWAP-7: clear hand-over -----------------------------------------------------------------


def test_swap_7_unconfirmed_hand_over_is_refused() -> None:
    """SWAP-7: both parties must confirm the hand-over."""
    request = swap("R-9", *request_ids(), hand_over_confirmed=False)
    (v,) = SwapPolicy().check(request, roster()).violations
    assert v.rule_id == "SWAP-7" and v.subject == "A-01"
    assert "absenteeism for both, by share of responsibility" in v.message
    assert v.facts == {"hand_over_confirmed": False, "counterpart": "B-01"}


def test_swap_7_confirmed_hand_over_is_allowed() -> None:
    """SWAP-7: a confirmed hand-over (the default) passes."""
    assert SwapPolicy().check(swap("R-9", *request_ids(), hand_over_confirmed=True), roster())


# -- SWAP-8: staffing ------------------------------------------------------------------------


def staffed(minimum: int, min_skill: int, start: datetime) -> Roster:
    """The roster with one hotline requirement for the 12-hour slot from ``start``."""
    return roster(
        staffing=(StaffingRequirement(start, start + 12 * H, "hotline", minimum, min_skill),)
    )


def test_swap_8_slot_dropping_below_minimum_is_refused() -> None:
    """SWAP-8: two hotline agents of skill 3 are needed on the 11-05 day; B-02 (skill 2)
    replacing A-01 leaves one."""
    decision = SwapPolicy().check(clean(counterpart="B-02"), staffed(2, 3, sh(11, 5, 8)))
    (v,) = decision.violations
    assert v.rule_id == "SWAP-8" and v.severity is Severity.ERROR and v.subject == "A-01"
    assert v.message == (
        "hotline slot 2026-11-05 08:00 to 2026-11-05 20:00 would drop to 1 of 2 required "
        "(skill >= 3), from 2: B-02 (skill 2) would replace A-01 on A-01-1105D"
    )
    assert v.facts["before"] == 2 and v.facts["after"] == 1
    assert v.suggestion == "swap with a hotline colleague of skill >= 3 who is free then"


def test_swap_8_equal_skill_keeps_the_slot_staffed() -> None:
    """SWAP-8: B-01 (skill 3) replacing A-01 keeps two."""
    assert SwapPolicy().check(clean(), staffed(2, 3, sh(11, 5, 8))).violations == ()


def test_swap_8_return_shift_slot_is_checked() -> None:
    """SWAP-8 and SWAP-10: A-03 (skill 2) taking B-01's night leaves it without skill 3."""
    (v,) = SwapPolicy().check(clean(requester="A-03"), staffed(1, 3, sh(11, 4, 20))).violations
    assert v.rule_id == "SWAP-8" and v.subject == "B-01" and "A-03 (skill 2)" in v.message


def test_swap_8_already_understaffed_slot_is_only_noted() -> None:
    """SWAP-8: a slot already below its minimum that the swap does not lower is a warning
    (the swap is not to blame), or nothing with already_understaffed=None."""
    understaffed = staffed(3, 3, sh(11, 5, 8))
    decision = SwapPolicy().check(clean(), understaffed)
    (v,) = decision.violations
    assert decision.allowed and v.severity is Severity.WARNING
    assert v.message == (
        "hotline slot 2026-11-05 08:00 to 2026-11-05 20:00 is already understaffed: "
        "2 of 3 required (skill >= 3); the swap leaves it so"
    )
    assert SwapPolicy(already_understaffed=None).check(clean(), understaffed).violations == ()


# -- SWAP-9: no swaps on public holidays -----------------------------------------------------


def test_swap_9_holiday_shifts_are_refused() -> None:
    """SWAP-9: the 10-03 day and the 10-02 night are National Day holidays: both parties
    are on duty on a public holiday."""
    request = swap("R-9", "A-01", "B-01", D("A-01", 10, 3), N("B-01", 10, 2))
    decision = SwapPolicy().check(request, roster())
    assert decision.rule_ids == ("SWAP-9",)
    mine, theirs = decision.violations
    assert (mine.subject, theirs.subject) == ("A-01", "B-01")
    assert mine.message == (
        "the shift A-01-1003D (2026-10-03 08:00-20:00) is on a public holiday "
        "(National Day): staff on duty on a public holiday may not swap"
    )
    assert mine.facts == {"shift": "A-01-1003D", "date": "2026-10-03", "holiday": "National Day"}
    assert mine.suggestion is None
    assert theirs.suggestion == "choose a return shift on a working day"


def test_swap_9_return_shift_on_a_holiday_is_refused() -> None:
    """SWAP-9 and SWAP-10: a working-day shift returned by a holiday night is refused
    (min_rest 0 so that only the holiday matters here)."""
    request = swap("R-9", "A-01", "B-01", D("A-01", 10, 9), N("B-01", 10, 5))
    (v,) = SwapPolicy(min_rest=timedelta(0)).check(request, roster()).violations
    assert v.rule_id == "SWAP-9" and v.subject == "B-01" and "return shift" in v.message


def test_swap_9_after_the_holiday_week_is_allowed() -> None:
    """SWAP-9: 10-08 and 10-09 are working days again."""
    request = swap("R-9", "A-01", "B-01", D("A-01", 10, 9), N("B-01", 10, 8))
    assert SwapPolicy().check(request, roster()).allowed


# -- SWAP-10: the swap is paid back ----------------------------------------------------------


def test_swap_10_return_at_the_same_time_is_refused() -> None:
    """SWAP-10: a return shift overlapping the shift given pays nothing back."""
    request = swap("R-9", "A-01", "A-02", D("A-01", 11, 5), D("A-02", 11, 5))
    decision = SwapPolicy().check(request, roster())
    (v,) = decision.violations
    assert v.rule_id == "SWAP-10" and v.subject == "A-01"
    assert v.message == (
        "the return shift A-02-1105D (2026-11-05 08:00-20:00) overlaps the shift "
        "A-01-1105D (2026-11-05 08:00-20:00): nothing would be paid back"
    )
    assert v.suggestion == "choose a return shift of A-02 at another time"


def test_swap_10_shift_no_longer_owned_is_refused() -> None:
    """SWAP-10: in a live review, a shift moved by an earlier swap is not the requester's
    to give any more: a refusal naming the swap, not an error."""
    again = swap("R-2", "A-01", "B-02", D("A-01", 11, 5), N("B-02", 11, 7))
    decision = SwapPolicy().check(again, live(clean("R-1")))
    (v,) = decision.violations_for("SWAP-10")
    assert v.subject == "A-01" and not decision.allowed
    assert v.message == (
        "the shift A-01-1105D (2026-11-05 08:00-20:00) is not A-01's: it is B-01's since swap R-1"
    )
    assert v.facts == {"shift": "A-01-1105D", "owner": "B-01", "moved_by": "R-1"}


def test_swap_10_return_at_another_time_is_allowed() -> None:
    """SWAP-10: the clean swap returns a shift at another time, each party's own."""
    assert list(swap_10_paid_back(SwapPolicy(), clean(), roster().view())) == []


# -- properties ------------------------------------------------------------------------------

team_1 = st.sampled_from(TEAM_1[:3])
team_2 = st.sampled_from(TEAM_2[:3])
days_1 = st.sampled_from([d for d in dates() if (d - date(2026, 11, 2)).days % 3 == 0])
nights_2 = st.sampled_from([d for d in dates() if (d - date(2026, 11, 1)).days % 3 == 0])


@settings(max_examples=40, deadline=None)
@given(team_1, team_2, days_1, nights_2)
def test_swap_10_swapping_back_restores_every_owner(a: str, b: str, day: date, night: date) -> None:
    """SWAP-10: after a swap, its mirror (the counterpart gives the shift back for the
    return shift) names each party's own shifts, and applying it restores every owner."""
    base = roster()
    request = swap("R-1", a, b, D(a, day.month, day.day), N(b, night.month, night.day))
    view = live(request)
    mirror = swap("R-2", b, a, request.shift, request.return_shift)
    assert [v for v in swap_10_paid_back(SwapPolicy(), mirror, view) if "owner" in v.facts] == []
    view.apply_swap(mirror)
    assert owners(view) == {s.id: s.employee for s in base.shifts}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["hotline", "outbound"]),
    st.sampled_from(["hotline", "outbound"]),
    st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 3),
)
def test_swap_4_is_symmetric(job_a: str, job_b: str, skill_a: int, skill_b: int, tol: int) -> None:
    """SWAP-4: whether two employees may swap does not depend on who asks."""
    people = [Employee("X", "T", "L", job_a, skill_a), Employee("Y", "T", "L", job_b, skill_b)]
    shifts = [
        Shift("S-X", "X", sh(11, 5, 8), sh(11, 5, 20)),
        Shift("S-Y", "Y", sh(11, 6, 8), sh(11, 6, 20)),
    ]
    view = Roster(people, shifts, CALENDAR).view()
    policy = SwapPolicy(skill_tolerance=tol)
    forth = list(swap_4_same_job_and_skill(policy, swap("R", "X", "Y", "S-X", "S-Y"), view))
    back = list(swap_4_same_job_and_skill(policy, swap("R", "Y", "X", "S-Y", "S-X"), view))
    assert [v.message.split(":")[0] for v in forth] == [v.message.split(":")[0] for v in back]
    assert bool(forth) == (job_a != job_b or abs(skill_a - skill_b) > tol)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(TEAM_1 + TEAM_2),
    st.sampled_from(TEAM_1 + TEAM_2),
    st.sampled_from([s.id for s in roster().shifts]),
    st.sampled_from([s.id for s in roster().shifts]),
    st.booleans(),
    st.sets(st.sampled_from(["L-1", "L-2"])),
)
def test_check_is_a_pure_function_of_request_and_view(
    a: str, b: str, shift: str, back: str, hand_over: bool, leaders: set[str]
) -> None:
    """SWAP-1 … SWAP-10: on any request between two employees, check neither raises nor
    changes the live view, gives the same decision twice, and refuses exactly when an
    ERROR is among the violations."""
    assume(a != b and shift != back)
    approvals = tuple(Approval(x, ApproverRole.TEAM_LEADER) for x in sorted(leaders))
    request = swap("R-9", a, b, shift, back, approvals, hand_over_confirmed=hand_over)
    view = live(clean("R-1"))
    before = owners(view)
    first, second = SwapPolicy().check(request, view), SwapPolicy().check(request, view)
    assert first == second and owners(view) == before
    assert first.allowed == all(v.severity < Severity.ERROR for v in first.violations)
