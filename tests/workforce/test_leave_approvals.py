"""Allowed by the rules is not approved: the approvals a leave request owes (LEAVE-4,
LEAVE-11), taken leave without them (review), LEAVE-3 not checked, and the LEAVE-6 /
LEAVE-8 special cases decided from the data with the flags as reported overrides.

Roster: Shanghai, 24/7 with China's holidays; A-01 on day shifts 08:00-20:00 in
September-October 2026 and on 1-2 January 2027 (New Year's Day is a holiday).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import NaiveDatetimeError
from servicepolicy.rules import Decision, Severity
from servicepolicy.workforce import (
    Approval,
    CertificatePeriod,
    Employee,
    LeavePolicy,
    LeaveRequest,
    Roster,
    Shift,
    WorkforcePolicy,
)

SH = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")
DAYS = [date(2026, 9, 20) + timedelta(days=i) for i in range(45)] + [
    date(2027, 1, 1),
    date(2027, 1, 2),
]
SHIFTS = {
    d: Shift(f"A-{d:%m%d}", "A-01", datetime(d.year, d.month, d.day, 8, tzinfo=SH),
             datetime(d.year, d.month, d.day, 20, tzinfo=SH))
    for d in DAYS
}  # fmt: skip
ROSTER = Roster([Employee("A-01", "T1", "L-1", "hotline")], SHIFTS.values(), CALENDAR)
DEPARTMENT_HEAD = Approval("DH-1", "department_head")
CENTRE_HEAD = Approval("CH-1", "centre_head")
MANAGEMENT = Approval("M-1", "management")


def sh(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SH)


def leave(first: date, days: int = 1, **changes: Any) -> LeaveRequest:
    """Personal leave of A-01 for ``days`` day shifts from ``first``, asked a week ahead."""
    fields: dict[str, Any] = {
        "id": "LV-1",
        "employee": "A-01",
        "kind": "personal",
        "start": SHIFTS[first].start,
        "end": SHIFTS[first + timedelta(days=days - 1)].end,
        "requested_at": SHIFTS[first].start - timedelta(days=7),
        "requested_by": "A-01",
        "submitted_to": "L-1",
    }
    return LeaveRequest(**(fields | changes))


# -- LEAVE-4, LEAVE-11: approvals owed -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "days", "approvals", "owed"),
    [
        ("personal", 1, [], ("department_head",)),
        ("personal", 1, [DEPARTMENT_HEAD], ()),
        ("personal", 1, [CENTRE_HEAD], ()),
        ("personal", 2, [DEPARTMENT_HEAD], ("centre_head",)),
        ("personal", 3, [], ("centre_head",)),
        ("business_trip", 1, [], ("centre_head",)),
        ("training", 1, [DEPARTMENT_HEAD], ("centre_head",)),
        ("training", 2, [CENTRE_HEAD], ()),
    ],
)
def test_leave_4_and_11_decision_names_the_approvals_owed(
    kind: str, days: int, approvals: list[Approval], owed: tuple[str, ...]
) -> None:
    """LEAVE-4 (department head up to a day, centre head above) and LEAVE-11 (centre head
    for trips and training): never a refusal; the decision says what is still owed."""
    decision = LeavePolicy().check(
        leave(date(2026, 10, 12), days, kind=kind, approvals=approvals), ROSTER
    )
    assert decision.allowed
    assert decision.facts["approvals_owed"] == owed
    assert decision.approvals_owed == owed
    assert decision.approved is (owed == ())


def test_leave_4_higher_may_approve_off_means_the_centre_head_does_not_do() -> None:
    """LEAVE-4: with ``higher_may_approve=False`` the department head's approval is owed
    even when the centre head approved a one-day leave."""
    request = leave(date(2026, 10, 12), approvals=[CENTRE_HEAD])
    decision = LeavePolicy(higher_may_approve=False).check(request, ROSTER)
    assert decision.approvals_owed == ("department_head",)


@settings(max_examples=60, deadline=None)
@given(
    roles=st.lists(
        st.sampled_from(["team_leader", "department_head", "centre_head", "management"]),
        max_size=4,
    ),
    days=st.integers(1, 4),
    kind=st.sampled_from(["personal", "sick", "business_trip", "training"]),
)
def test_approvals_never_change_allowed_only_what_is_owed(
    roles: list[str], days: int, kind: str
) -> None:
    """LEAVE-4, LEAVE-11 (property): adding the owed approval empties ``approvals_owed``,
    and approvals by the authority never turn an allowed decision into a refusal."""
    approvals = [Approval(f"X-{i}", role) for i, role in enumerate(roles)]
    request = leave(date(2026, 10, 12), days, kind=kind, approvals=approvals)
    decision = LeavePolicy().check(request, ROSTER)
    if decision.approvals_owed:
        extra = [Approval("Y", role) for role in decision.approvals_owed]
        fixed = LeavePolicy().check(leave(date(2026, 10, 12), days, kind=kind,
                                          approvals=[*approvals, *extra]), ROSTER)  # fmt: skip
        assert fixed.approvals_owed == ()
        assert fixed.allowed or not decision.allowed


# -- the review: leave taken without its approvals -------------------------------------------


def test_review_refuses_leave_taken_without_approval() -> None:
    """LEAVE-4 in a review: with ``now`` after the start, leave without the department
    head's approval was taken without approval: an ERROR, refused, not applied."""
    request = leave(date(2026, 10, 12))
    review = WorkforcePolicy().review(ROSTER, [request], now=sh(2026, 10, 13))
    decision = review.decision("LV-1")
    assert not decision.allowed
    (found,) = decision.violations_for("LEAVE-4")
    assert found.severity is Severity.ERROR
    assert found.facts["approvals_owed"] == ("department_head",)
    assert "absenteeism" in found.message
    assert review.roster.leaves == ()


def test_review_before_the_leave_starts_lists_it_as_pending() -> None:
    """LEAVE-4: before the leave starts the request is allowed and pending approval."""
    request = leave(date(2026, 10, 12))
    review = WorkforcePolicy().review(ROSTER, [request], now=sh(2026, 10, 12, 7))
    assert review.decision("LV-1").allowed
    assert [r.id for r, _ in review.pending] == ["LV-1"]
    assert review.violations == ()


def test_review_reports_leave_on_record_without_approval() -> None:
    """LEAVE-11: a training day on the roster's record that the centre head never approved
    is reported in ``review.violations``; an approved one is not."""
    trained = leave(date(2026, 10, 14), id="LV-T", kind="training", approvals=[DEPARTMENT_HEAD])
    approved = leave(date(2026, 10, 16), id="LV-OK", approvals=[DEPARTMENT_HEAD])
    roster = Roster(ROSTER.employees, ROSTER.shifts, CALENDAR, leaves=[trained, approved])
    review = WorkforcePolicy().review(roster, [])
    (found,) = review.violations
    assert (found.rule_id, found.severity, found.facts["leave"]) == (
        "LEAVE-11",
        Severity.ERROR,
        "LV-T",
    )
    assert "taken without approval" in review.summary()


def test_review_rejects_a_naive_now() -> None:
    """CAL-5: ``now`` must be timezone-aware."""
    with pytest.raises(NaiveDatetimeError):
        WorkforcePolicy().review(ROSTER, [], now=datetime(2026, 10, 1))


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(range(4)), hour=st.integers(0, 24 * 20))
def test_review_of_taken_leave_does_not_depend_on_input_order(order: list[int], hour: int) -> None:
    """LEAVE-4 (property): the review's decisions do not depend on the order of requests."""
    requests = [
        leave(date(2026, 10, 5 + 3 * i), id=f"LV-{i}", approvals=[DEPARTMENT_HEAD] * (i % 2))
        for i in range(4)
    ]
    now = sh(2026, 10, 1) + timedelta(hours=hour)
    first = WorkforcePolicy().review(ROSTER, requests, now=now)
    again = WorkforcePolicy().review(ROSTER, [requests[i] for i in order], now=now)
    assert [(r.id, d) for r, d in first] == [(r.id, d) for r, d in again]


# -- LEAVE-3: not checked --------------------------------------------------------------------


def test_leave_3_without_submitted_to_says_it_was_not_checked() -> None:
    """LEAVE-3: an unrecorded ``submitted_to`` is an INFO "not checked", not silence."""
    decision = LeavePolicy().check(
        leave(date(2026, 10, 12), submitted_to=None, approvals=[DEPARTMENT_HEAD]), ROSTER
    )
    (found,) = decision.violations_for("LEAVE-3")
    assert found.severity is Severity.INFO
    assert found.facts["checked"] is False
    assert found.message.startswith("not checked")
    assert decision.allowed


@pytest.mark.parametrize(("severity", "allowed"), [(Severity.ERROR, False), (None, True)])
def test_leave_3_unrecorded_submission_is_a_parameter(
    severity: Severity | None, allowed: bool
) -> None:
    """LEAVE-3: ``unrecorded_submission`` sets the severity (ERROR: the record is required;
    ``None``: silent)."""
    decision = LeavePolicy(unrecorded_submission=severity).check(
        leave(date(2026, 10, 12), submitted_to=None), ROSTER
    )
    assert decision.allowed is allowed
    assert bool(decision.violations_for("LEAVE-3")) is (severity is not None)


# -- LEAVE-6: certificates on file, the emergency flag an override ----------------------------


def sick(first: date, days: int, **changes: Any) -> LeaveRequest:
    return leave(first, days, kind="sick", requested_at=SHIFTS[first].start, **changes)


def test_leave_6_certificates_covering_the_period_decide_without_flags() -> None:
    """LEAVE-6: certificates covering every date without gaps are enough, emergency or not."""
    covered = [CertificatePeriod(date(2026, 10, 12), date(2026, 10, 14))]
    for emergency in (False, True):
        request = sick(
            date(2026, 10, 12),
            3,
            certificates=covered,
            emergency=emergency,
            phoned_team_leader_at=sh(2026, 10, 12, 7),
        )
        assert LeavePolicy().check(request, ROSTER).violations_for("LEAVE-6") == ()


def test_leave_6_gap_in_certificates_is_refused_and_emergency_is_an_override() -> None:
    """LEAVE-6: a gap (the 13th) refuses the leave; the caller's ``emergency`` flag accepts
    it only as a reported override, and ``flag_overrides=False`` ignores the flag."""
    gappy = [
        CertificatePeriod(date(2026, 10, 12), date(2026, 10, 12)),
        CertificatePeriod(date(2026, 10, 14), date(2026, 10, 14)),
    ]
    plain = sick(date(2026, 10, 12), 3, certificates=gappy)
    (refused,) = LeavePolicy().check(plain, ROSTER).violations_for("LEAVE-6")
    assert (refused.severity, refused.facts["uncovered"]) == (Severity.ERROR, ("2026-10-13",))
    flagged = sick(
        date(2026, 10, 12),
        3,
        certificates=gappy,
        emergency=True,
        phoned_team_leader_at=sh(2026, 10, 12, 7),
    )
    (override,) = LeavePolicy().check(flagged, ROSTER).violations_for("LEAVE-6")
    assert (override.severity, override.facts["override"]) == (Severity.WARNING, "emergency")
    strict = LeavePolicy(flag_overrides=False).check(flagged, ROSTER)
    assert not strict.allowed


# -- LEAVE-8: the very special case from the data --------------------------------------------


@pytest.mark.parametrize(
    ("first", "requested_at", "approvals", "severity"),
    [
        (date(2026, 10, 1), sh(2026, 9, 29, 8), [MANAGEMENT], Severity.INFO),
        (date(2026, 10, 1), sh(2026, 9, 29, 8, ) + timedelta(minutes=1), [MANAGEMENT],
         Severity.ERROR),
        (date(2026, 10, 1), sh(2026, 9, 20), [], Severity.ERROR),
        (date(2027, 1, 1), sh(2026, 12, 30, 8), [MANAGEMENT], Severity.INFO),
        (date(2027, 1, 1), sh(2026, 12, 31, 8), [MANAGEMENT], Severity.ERROR),
    ],
)  # fmt: skip
def test_leave_8_special_case_is_decided_from_the_data_without_the_flag(
    first: date, requested_at: datetime, approvals: list[Approval], severity: Severity
) -> None:
    """LEAVE-8: leave on National Day or New Year's Day, requested at least two days before
    the leave starts on the holiday and approved by management, is a very special case:
    no flag needed (holiday_duty_special_case lets LEAVE-10 follow it)."""
    request = leave(first, requested_at=requested_at, approvals=[DEPARTMENT_HEAD, *approvals])
    policy = LeavePolicy(holiday_duty_special_case=True)
    (found,) = policy.check(request, ROSTER).violations_for("LEAVE-8")
    assert found.severity is severity
    assert "override" not in found.facts


def test_leave_8_special_case_flag_is_a_reported_override() -> None:
    """LEAVE-8: the caller's ``special_case`` flag on a late, unapproved holiday request is
    accepted only as an override, reported as a warning (LEAVE-10 too, when configured)."""
    request = leave(date(2027, 1, 1), requested_at=sh(2026, 12, 31), special_case=True)
    policy = LeavePolicy(holiday_duty_special_case=True)
    decision = policy.check(request, ROSTER)
    assert decision.allowed
    found = {v.rule_id: v for v in decision.violations}
    assert found["LEAVE-8"].severity is Severity.WARNING
    assert found["LEAVE-10"].facts["override"] == "special_case"
    assert not LeavePolicy(holiday_duty_special_case=True, flag_overrides=False).check(
        request, ROSTER
    )


def test_decision_approved_reads_the_owed_facts() -> None:
    """LEAVE-4: ``Decision.approved`` is allowed and owing nothing."""
    assert Decision(allowed=True).approved
    assert not Decision(allowed=False).approved
