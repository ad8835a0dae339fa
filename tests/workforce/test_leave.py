"""Tests for servicepolicy.workforce.leave: LeavePolicy, one group per rule (LEAVE-1 … LEAVE-11).

The roster runs on Shanghai time around National Day 2026 (public holidays Oct 1-3 and
5-7 in the ``holidays`` data): day shifts 08:00-20:00, night shifts 20:00-08:00.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, UnknownRecordError, WrongTypeError
from servicepolicy.rules import Decision, Severity
from servicepolicy.workforce import (
    Approval,
    CertificatePeriod,
    Employee,
    LeaveKind,
    LeaveRequest,
    Roster,
    Shift,
    SwapRequest,
)
from servicepolicy.workforce.leave import LEAVE_RULES, LeavePolicy

SH = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant of 2026 on Shanghai time."""
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


def day_shift(shift_id: str, employee: str, month: int, day: int) -> Shift:
    """A day shift 08:00-20:00."""
    return Shift(shift_id, employee, at(month, day, 8), at(month, day, 20))


def night_shift(shift_id: str, employee: str, month: int, day: int) -> Shift:
    """A night shift 20:00-08:00 the next morning."""
    return Shift(shift_id, employee, at(month, day, 20), at(month, day, 20) + timedelta(hours=12))


CALENDAR = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")
EMPLOYEES = [
    Employee("A-01", "T1", "L-1", "hotline"),
    Employee("B-02", "T1", "L-1", "hotline"),
]
SHIFTS = {
    s.id: s
    for s in [
        day_shift("D0929", "A-01", 9, 29),
        day_shift("D1001", "A-01", 10, 1),  # National Day
        day_shift("D1008", "A-01", 10, 8),
        day_shift("D1009", "A-01", 10, 9),
        night_shift("N1012", "A-01", 10, 12),
        day_shift("D1014", "A-01", 10, 14),  # B-02's, given to A-01 by SW-1
        day_shift("D1016", "B-02", 10, 16),  # A-01's, returned to B-02 by SW-1
        day_shift("D1008B", "B-02", 10, 8),
    ]
}
SWAP = SwapRequest(
    "SW-1", "B-02", "A-01", shift="D1014", return_shift="D1016", requested_at=at(10, 9)
)
ROSTER = Roster(EMPLOYEES, SHIFTS.values(), CALENDAR, swaps=[SWAP])
POLICY = LeavePolicy()

MANAGEMENT = Approval("M-1", "management")
DEPARTMENT_HEAD = Approval("DH-1", "department_head")
CENTRE_HEAD = Approval("CH-1", "centre_head")


def leave(shift: str | None = "D1008", **changes: Any) -> LeaveRequest:
    """A personal leave request of A-01 for ``shift``, made in good time, with ``changes``."""
    fields: dict[str, Any] = {
        "id": "LV-1",
        "employee": "A-01",
        "kind": "personal",
        "requested_at": at(10, 6, 10),
        "requested_by": "A-01",
        "submitted_to": "L-1",
    }
    if shift is not None:
        fields.update(start=SHIFTS[shift].start, end=SHIFTS[shift].end)
    fields.update(changes)
    return LeaveRequest(**fields)


def check(request: LeaveRequest, **policy: Any) -> Decision:
    """The decision of a LeavePolicy with ``policy`` parameters on ROSTER."""
    return LeavePolicy(**policy).check(request, ROSTER)


def only(decision: Decision, rule_id: str) -> Any:
    """The single violation of ``rule_id`` in ``decision``."""
    (found,) = decision.violations_for(rule_id)
    return found


# -- the contract ----------------------------------------------------------------------------


def test_request_in_good_time_is_allowed_for_the_department_head() -> None:
    """A day of personal leave asked two days ahead breaks nothing (LEAVE-1, LEAVE-4)."""
    decision = POLICY.check(leave(), ROSTER)
    assert decision.allowed
    assert decision.violations == ()
    assert decision.approver == "department_head"
    assert decision.subject == "LV-1"
    assert decision.facts["shifts"] == ("D1008",)
    assert decision.facts["length"] == timedelta(days=1)


def test_rules_run_in_order_and_carry_their_ids() -> None:
    """LEAVE_RULES holds one check per rule, LEAVE-1 … LEAVE-11, named and documented by ID."""
    assert len(LEAVE_RULES) == 11
    for number, rule in enumerate(LEAVE_RULES, start=1):
        assert rule.__name__.startswith(f"leave_{number}_")
        assert (rule.__doc__ or "").startswith(f"LEAVE-{number}")


def test_unknown_employee_is_an_error() -> None:
    """A request for someone not on the roster raises UnknownRecordError naming it."""
    with pytest.raises(UnknownRecordError, match="leave request LV-1: unknown employee 'Z-99'"):
        POLICY.check(leave(employee="Z-99"), ROSTER)


def test_check_reads_a_live_view_without_changing_it() -> None:
    """The review loop passes its RosterView; check reads it and applies nothing."""
    view = ROSTER.view()
    before = (list(view.shifts_of("A-01")), list(view.leaves_of("A-01")))
    decision = POLICY.check(leave(), view)
    assert decision == POLICY.check(leave(), ROSTER)
    assert (list(view.shifts_of("A-01")), list(view.leaves_of("A-01"))) == before


def test_check_rejects_wrong_types() -> None:
    """Only a LeaveRequest against a Roster or RosterView can be checked."""
    with pytest.raises(WrongTypeError, match="roster"):
        POLICY.check(leave(), "roster")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="request"):
        POLICY.check(SWAP, ROSTER)  # type: ignore[arg-type]


def test_leave_covering_no_shift_is_allowed_with_a_note() -> None:
    """Leave on a day without shifts is allowed; the decision notes that nothing is missed."""
    decision = POLICY.check(leave(None, start=at(10, 20), end=at(10, 21)), ROSTER)
    assert decision.allowed
    assert decision.facts["shifts"] == ()
    assert "covers no rostered shift of A-01" in decision.notes[0]


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("personal_notice", "week_before", InvalidArgumentError),
        ("personal_notice", timedelta(hours=-1), InvalidArgumentError),
        ("urgent_notice", 1, WrongTypeError),
        ("duration_basis", "hours", InvalidArgumentError),
        ("dates_basis", "weeks", InvalidArgumentError),
        ("night_cutoff", 12, WrongTypeError),
        ("certificate_severity", "error", WrongTypeError),
        ("holiday_duty_special_case", 1, WrongTypeError),
        ("management_roles", ["boss"], ValueError),
    ],
)
def test_policy_parameters_are_validated(name: str, value: object, error: type) -> None:
    """A parameter of the wrong type or outside its choices fails when the policy is built."""
    with pytest.raises(error):
        arguments: dict[str, Any] = {name: value}
        LeavePolicy(**arguments)


def test_explanations_name_rule_facts_and_suggestion() -> None:
    """Every refusal explains itself in one line with facts, and suggests a way forward."""
    decision = POLICY.check(leave(requested_at=at(10, 8, 7)), ROSTER)
    violation = only(decision, "LEAVE-1")
    text = str(violation)
    assert "\n" not in text
    assert text.startswith("LEAVE-1 [error] A-01: personal leave requested at 2026-10-08 07:00")
    assert "shift D1008 at 2026-10-08 08:00" in text
    assert "(facts: requested_at=2026-10-08 07:00:00+08:00" in text
    assert "-> suggestion: ask management to approve the late request (LEAVE-2)" in text


# -- LEAVE-1: in advance ---------------------------------------------------------------------


def test_leave_1_personal_leave_requested_the_day_before_is_allowed() -> None:
    """LEAVE-1: ordinary personal leave asked on the evening before the shift is in time."""
    assert POLICY.check(leave(requested_at=at(10, 7, 23, 59)), ROSTER).allowed


def test_leave_1_personal_leave_requested_on_the_day_is_refused() -> None:
    """LEAVE-1: asked on the morning of the shift, it misses "no later than the day before"
    and, without management's approval, counts as absenteeism (LEAVE-2)."""
    decision = POLICY.check(leave(requested_at=at(10, 8, 7)), ROSTER)
    assert not decision.allowed
    assert decision.rule_ids == ("LEAVE-1",)
    violation = only(decision, "LEAVE-1")
    assert violation.severity is Severity.ERROR
    assert violation.subject == "A-01"
    assert "absenteeism (旷工" in violation.message
    assert violation.facts["deadline"] == at(10, 8) - timedelta(microseconds=1)
    assert violation.facts["shift"] == "D1008"
    assert violation.facts["notice"] == "day_before"


@pytest.mark.parametrize(("minute", "allowed"), [(0, True), (1, False)])
def test_leave_1_urgent_personal_leave_one_hour_before(minute: int, allowed: bool) -> None:
    """LEAVE-1: urgent personal leave is in time up to one hour before the shift starts."""
    request = leave(kind="urgent_personal", requested_at=at(10, 8, 7, minute))
    decision = POLICY.check(request, ROSTER)
    assert decision.allowed is allowed
    assert ("LEAVE-1" in decision.rule_ids) is not allowed


def test_leave_1_lead_time_as_a_duration() -> None:
    """LEAVE-1: ``personal_notice=timedelta(hours=48)`` counts hours before the shift."""
    in_time = leave(requested_at=at(10, 6, 8))
    late = leave(requested_at=at(10, 6, 10))
    assert check(in_time, personal_notice=timedelta(hours=48)).allowed
    violation = only(check(late, personal_notice=timedelta(hours=48)), "LEAVE-1")
    assert violation.facts["deadline"] == at(10, 6, 8)
    assert "at least 2 days before the shift" in violation.message


def test_leave_1_sick_leave_has_no_lead_time() -> None:
    """LEAVE-1: sick leave reported half an hour before the shift needs no notice."""
    request = leave(kind="sick", requested_at=at(10, 8, 7, 30))
    assert "LEAVE-1" not in POLICY.check(request, ROSTER).rule_ids


@settings(max_examples=40, deadline=None)
@given(
    earlier=st.integers(min_value=-600, max_value=4000),
    later=st.integers(min_value=-600, max_value=4000),
    kind=st.sampled_from([LeaveKind.PERSONAL, LeaveKind.URGENT_PERSONAL]),
    notice=st.sampled_from(["day_before", timedelta(hours=30), timedelta(0)]),
)
def test_leave_1_asking_earlier_never_adds_a_violation(
    earlier: int, later: int, kind: LeaveKind, notice: str | timedelta
) -> None:
    """LEAVE-1 (property): moving ``requested_at`` earlier never creates a LEAVE-1 violation."""
    early, late = sorted([earlier, later], reverse=True)  # minutes before the shift starts
    start = SHIFTS["D1008"].start
    policy = LeavePolicy(personal_notice=notice)  # type: ignore[arg-type]
    early_ids = policy.check(
        leave(kind=kind, requested_at=start - timedelta(minutes=early)), ROSTER
    )
    late_ids = policy.check(leave(kind=kind, requested_at=start - timedelta(minutes=late)), ROSTER)
    if "LEAVE-1" in early_ids.rule_ids:
        assert "LEAVE-1" in late_ids.rule_ids


# -- LEAVE-2: late only with management's approval ------------------------------------------


def test_leave_2_late_request_approved_by_management_is_allowed() -> None:
    """LEAVE-2: a late request approved by management is valid: one INFO, no LEAVE-1."""
    decision = check(leave(requested_at=at(10, 8, 7), approvals=[MANAGEMENT, DEPARTMENT_HEAD]))
    assert decision.allowed
    assert decision.rule_ids == ("LEAVE-2",)
    note = only(decision, "LEAVE-2")
    assert note.severity is Severity.INFO
    assert note.message.startswith("accepted as a late request")
    assert note.facts["approved_by"] == ("M-1",)


def test_leave_2_late_request_without_management_is_absenteeism() -> None:
    """LEAVE-2: a department head's approval does not make a late request valid; the one
    violation reported is LEAVE-1's ERROR, which says so and points to LEAVE-2."""
    decision = check(leave(requested_at=at(10, 8, 7), approvals=[DEPARTMENT_HEAD]))
    assert not decision.allowed
    assert decision.rule_ids == ("LEAVE-1",)
    assert "LEAVE-2" in only(decision, "LEAVE-1").suggestion


def test_leave_2_who_counts_as_management_is_a_parameter() -> None:
    """LEAVE-2: with ``management_roles`` including the centre head, its approval suffices."""
    request = leave(requested_at=at(10, 8, 7), approvals=[CENTRE_HEAD])
    assert not check(request).allowed
    assert check(request, management_roles={"management", "centre_head"}).allowed


# -- LEAVE-3: level by level -----------------------------------------------------------------


@pytest.mark.parametrize("submitted_to", ["L-1", None])
def test_leave_3_request_to_own_team_leader_is_allowed(submitted_to: str | None) -> None:
    """LEAVE-3: handed to the employee's own team leader (or not recorded) is fine."""
    assert check(leave(submitted_to=submitted_to)).allowed


def test_leave_3_skipping_the_team_leader_is_refused() -> None:
    """LEAVE-3: handing the request straight to the department head skips a level."""
    violation = only(check(leave(submitted_to="DH-1")), "LEAVE-3")
    assert violation.severity is Severity.ERROR
    assert violation.facts == {"submitted_to": "DH-1", "team_leader": "L-1"}
    assert violation.suggestion == "hand the request to team leader L-1"


# -- LEAVE-4: who approves -------------------------------------------------------------------


def test_leave_4_one_day_goes_to_the_department_head() -> None:
    """LEAVE-4: one shift is one day of leave: the department head approves."""
    decision = check(leave(approvals=[DEPARTMENT_HEAD]))
    assert decision.approver == "department_head"
    assert decision.violations == ()


def test_leave_4_more_than_a_day_awaits_the_centre_head() -> None:
    """LEAVE-4: two shifts go to the centre head; a department head's approval alone
    leaves the request flagged as awaiting the centre head."""
    request = leave(end=SHIFTS["D1009"].end, approvals=[DEPARTMENT_HEAD])
    decision = check(request)
    assert decision.approver == "centre_head"
    warning = only(decision, "LEAVE-4")
    assert warning.severity is Severity.WARNING
    assert warning.facts["required_approver"] == "centre_head"
    assert warning.facts["length"] == timedelta(days=2)
    assert warning.suggestion == "have the centre head approve it"
    assert check(leave(end=SHIFTS["D1009"].end, approvals=[CENTRE_HEAD])).violations == ()


def test_leave_4_a_higher_approver_may_stand_in() -> None:
    """LEAVE-4: the centre head's approval covers a one-day request, unless
    ``higher_may_approve=False``."""
    request = leave(approvals=[CENTRE_HEAD])
    assert check(request).violations == ()
    assert check(request, higher_may_approve=False).rule_ids == ("LEAVE-4",)


@pytest.mark.parametrize(
    ("basis", "length", "approver"),
    [
        ("shift_days", timedelta(days=2), "centre_head"),
        ("shift_hours", timedelta(hours=24), "department_head"),
        ("span", timedelta(hours=36), "centre_head"),
    ],
)
def test_leave_4_duration_basis(basis: str, length: timedelta, approver: str) -> None:
    """LEAVE-4: two 12-hour day shifts are 2 days, 24 hours or a 36-hour span by basis."""
    decision = check(leave(end=SHIFTS["D1009"].end), duration_basis=basis)
    assert decision.facts["length"] == length
    assert decision.approver == approver


def test_leave_4_part_of_a_shift_is_part_of_a_day() -> None:
    """LEAVE-4: leaving 3 hours early from a 12-hour shift is a quarter day."""
    request = leave(start=at(10, 8, 17))
    assert POLICY.length(request, ROSTER) == timedelta(hours=6)


# -- LEAVE-5: in person ----------------------------------------------------------------------


def test_leave_5_sick_leave_may_be_requested_by_someone_else() -> None:
    """LEAVE-5: a colleague may report A-01's sick leave."""
    request = leave(
        kind="sick", requested_by="B-02", certificates=[CertificatePeriod(*[at(10, 8).date()] * 2)]
    )
    assert check(request).allowed


def test_leave_5_personal_leave_by_someone_else_is_refused() -> None:
    """LEAVE-5: personal leave must be requested by the employee in person."""
    violation = only(check(leave(requested_by="B-02")), "LEAVE-5")
    assert violation.severity is Severity.ERROR
    assert violation.facts == {"requested_by": "B-02", "kind": "personal"}
    assert violation.suggestion == "A-01 must hand in the request in person"


def test_leave_5_business_trips_are_in_person_only_when_configured() -> None:
    """LEAVE-5: a trip arranged by the team leader passes by default; the literal reading
    (``in_person_kinds`` with trips) refuses it."""
    request = leave(kind="business_trip", requested_by="L-1", approvals=[CENTRE_HEAD])
    assert check(request).allowed
    kinds = {"personal", "urgent_personal", "business_trip"}
    assert "LEAVE-5" in check(request, in_person_kinds=kinds).rule_ids


# -- LEAVE-6: medical certificates -----------------------------------------------------------


def certificate(first: int, last: int) -> CertificatePeriod:
    """A medical certificate for October ``first`` … ``last``."""
    return CertificatePeriod(at(10, first).date(), at(10, last).date())


@pytest.mark.parametrize(
    "certificates", [[certificate(8, 9)], [certificate(9, 9), certificate(7, 8)]]
)
def test_leave_6_certificates_covering_every_date_are_allowed(
    certificates: list[CertificatePeriod],
) -> None:
    """LEAVE-6: two days of sick leave covered by one certificate or by adjoining ones."""
    request = leave(kind="sick", end=SHIFTS["D1009"].end, certificates=certificates)
    assert check(request).violations_for("LEAVE-6") == ()


def test_leave_6_a_gap_in_the_certificates_is_refused() -> None:
    """LEAVE-6: certificates must cover the whole period; the uncovered date is named."""
    request = leave(kind="sick", end=SHIFTS["D1009"].end, certificates=[certificate(8, 8)])
    violation = only(check(request), "LEAVE-6")
    assert violation.severity is Severity.ERROR
    assert "not covered: 2026-10-09" in violation.message
    assert violation.facts["uncovered"] == ("2026-10-09",)
    assert violation.facts["certificates"] == ("2026-10-08..2026-10-08",)
    assert "2026-10-09" in violation.suggestion


def test_leave_6_less_than_a_day_needs_no_certificate() -> None:
    """LEAVE-6: leaving three hours early, sick, needs no certificate."""
    assert check(leave(kind="sick", start=at(10, 8, 17))).allowed


def test_leave_6_missing_certificates_may_be_a_warning() -> None:
    """LEAVE-6: ``certificate_severity=WARNING`` for reviews before the first day back."""
    decision = check(leave(kind="sick"), certificate_severity=Severity.WARNING)
    assert decision.allowed
    assert only(decision, "LEAVE-6").severity is Severity.WARNING


def test_leave_6_emergency_with_team_leader_phoned_before_the_shift_is_allowed() -> None:
    """LEAVE-6: in an emergency with the team leader phoned, certificates on file covering
    the leave need no exception; without them the emergency flag is an override, allowed
    with a warning that says so."""
    request = leave(kind="sick", emergency=True, phoned_team_leader_at=at(10, 8, 7, 30))
    assert check(attrs.evolve(request, certificates=[certificate(8, 8)])).violations == ()
    decision = check(request)
    assert decision.allowed
    assert only(decision, "LEAVE-6").severity is Severity.WARNING
    assert only(decision, "LEAVE-6").facts["override"] == "emergency"


@pytest.mark.parametrize(("phoned", "text"), [(None, "not phoned"), (at(10, 8, 9), "only at")])
def test_leave_6_emergency_without_a_timely_call_is_refused(
    phoned: datetime | None, text: str
) -> None:
    """LEAVE-6: an emergency excuses the certificate, not the call before the shift."""
    request = leave(
        kind="sick", emergency=True, phoned_team_leader_at=phoned, certificates=[certificate(8, 8)]
    )
    violation = only(check(request), "LEAVE-6")
    assert text in violation.message
    assert violation.facts["shift_start"] == at(10, 8, 8)
    assert violation.suggestion == "phone team leader L-1 before the shift starts"


def test_leave_6_dates_basis_for_a_night_shift() -> None:
    """LEAVE-6: a night shift touches two dates; with ``dates_basis="shifts"`` only the
    date it starts on needs a certificate."""
    request = leave("N1012", kind="sick", certificates=[certificate(12, 12)])
    assert only(check(request), "LEAVE-6").facts["uncovered"] == ("2026-10-13",)
    assert check(request, dates_basis="shifts").violations_for("LEAVE-6") == ()


# -- LEAVE-7: night shifts -------------------------------------------------------------------


def test_leave_7_night_shift_special_case_is_allowed() -> None:
    """LEAVE-7: asked the day before and approved by management, noted as a special case."""
    decision = check(leave("N1012", requested_at=at(10, 11, 9), approvals=[MANAGEMENT]))
    assert decision.allowed
    assert only(decision, "LEAVE-7").severity is Severity.INFO


def test_leave_7_before_noon_of_that_day_is_in_time() -> None:
    """LEAVE-7: "that day" is the date the night shift starts: 11:59 on Oct 12 is in time
    (LEAVE-1's lead time is missed too, and accepted by management: LEAVE-2)."""
    approvals = [MANAGEMENT, DEPARTMENT_HEAD]
    decision = check(leave("N1012", requested_at=at(10, 12, 11, 59), approvals=approvals))
    assert decision.allowed
    assert decision.rule_ids == ("LEAVE-2", "LEAVE-7")


def test_leave_7_noon_of_that_day_is_too_late() -> None:
    """LEAVE-7: at 12:00 of the night shift's date the special case is no longer possible."""
    decision = check(leave("N1012", requested_at=at(10, 12, 12), approvals=[MANAGEMENT]))
    violation = only(decision, "LEAVE-7")
    assert violation.severity is Severity.ERROR
    assert violation.facts["cutoff"] == at(10, 12, 12)
    assert "requested before 2026-10-12 12:00" in violation.suggestion


def test_leave_7_night_shift_without_management_is_refused() -> None:
    """LEAVE-7: in principle no leave on a night shift: in time is not enough."""
    violation = only(check(leave("N1012", requested_at=at(10, 10, 9))), "LEAVE-7")
    assert "not approved by management" in violation.message
    assert (
        violation.suggestion == "ask management to approve the night-shift special case (LEAVE-7)"
    )


def test_leave_7_cutoff_and_kinds_are_parameters() -> None:
    """LEAVE-7: ``night_cutoff`` moves the deadline; ``restricted_kinds`` may exempt sickness."""
    request = leave("N1012", requested_at=at(10, 12, 13), approvals=[MANAGEMENT])
    assert check(request, night_cutoff=time(14)).allowed
    sick = leave("N1012", kind="sick", certificates=[certificate(12, 13)])
    assert "LEAVE-7" in check(sick).rule_ids
    exempt = set(LeaveKind) - {LeaveKind.SICK}
    assert check(sick, restricted_kinds=exempt).allowed


# -- LEAVE-8: public holidays ----------------------------------------------------------------


def test_leave_8_leave_on_a_public_holiday_is_refused() -> None:
    """LEAVE-8: no leave on National Day (Oct 2), even when A-01 has no shift there."""
    request = leave(None, start=at(10, 2), end=at(10, 3), requested_at=at(9, 20))
    violation = only(check(request), "LEAVE-8")
    assert violation.severity is Severity.ERROR
    assert "2026-10-02 National Day" in violation.message
    assert violation.facts["holidays"] == ("2026-10-02",)
    assert violation.facts["deadline"] == at(9, 30)
    assert "special case requested by 2026-09-30 00:00" in violation.suggestion


def test_leave_8_very_special_case_is_allowed() -> None:
    """LEAVE-8: a special case asked two days ahead and approved by management."""
    request = leave(
        None,
        start=at(10, 2),
        end=at(10, 3),
        requested_at=at(9, 29),
        special_case=True,
        approvals=[MANAGEMENT],
    )
    decision = check(request)
    assert decision.allowed
    assert only(decision, "LEAVE-8").severity is Severity.INFO


@pytest.mark.parametrize(
    ("requested_at", "approvals"), [(at(9, 30, 10), [MANAGEMENT]), (at(9, 20), [])]
)
def test_leave_8_special_case_late_or_unapproved_is_refused(
    requested_at: datetime, approvals: list[Approval]
) -> None:
    """LEAVE-8: a special case needs both the two days' notice and management's approval."""
    request = leave(
        None,
        start=at(10, 2),
        end=at(10, 3),
        requested_at=requested_at,
        special_case=True,
        approvals=approvals,
    )
    assert only(check(request, flag_overrides=False), "LEAVE-8").severity is Severity.ERROR
    overridden = only(check(request), "LEAVE-8")
    assert overridden.severity is Severity.WARNING
    assert overridden.facts["override"] == "special_case"
    assert overridden.message.startswith("accepted only on the caller's special_case flag")


# -- LEAVE-9: swapped shifts -----------------------------------------------------------------


def test_leave_9_shift_outside_any_swap_is_allowed() -> None:
    """LEAVE-9: B-02's own shift on Oct 8 is not part of a swap."""
    assert check(leave("D1008B", employee="B-02", requested_by="B-02")).allowed


@pytest.mark.parametrize(
    ("shift", "employee", "role"),
    [("D1014", "A-01", "swapped shift"), ("D1016", "B-02", "return shift")],
)
def test_leave_9_leave_on_a_swapped_or_return_shift_is_refused(
    shift: str, employee: str, role: str
) -> None:
    """LEAVE-9 (SWAP-6): leave on a swapped shift or its return counts as absenteeism."""
    violation = only(check(leave(shift, employee=employee, requested_by=employee)), "LEAVE-9")
    assert violation.severity is Severity.ERROR
    assert violation.facts == {"shift": shift, "swap": "SW-1", "role": role}
    assert "absenteeism" in violation.message
    assert violation.suggestion is not None


# -- LEAVE-10: holiday duty ------------------------------------------------------------------


def holiday_duty(**changes: Any) -> LeaveRequest:
    """A-01's leave from the National Day shift D1001, a perfect LEAVE-8 special case."""
    fields: dict[str, Any] = {
        "requested_at": at(9, 20),
        "special_case": True,
        "approvals": [MANAGEMENT],
    }
    return leave("D1001", **(fields | changes))


def test_leave_10_staff_on_holiday_duty_may_not_take_leave() -> None:
    """LEAVE-10: rostered on Oct 1, A-01 may not take leave, even as a LEAVE-8 special case."""
    decision = check(holiday_duty())
    assert not decision.allowed
    violation = only(decision, "LEAVE-10")
    assert violation.facts == {
        "shift": "D1001",
        "holiday": at(10, 1).date(),
        "holiday_basis": "period",
        "special_case": True,
    }
    assert "rostered on public holiday 2026-10-01 (National Day)" in violation.message
    assert only(decision, "LEAVE-8").severity is Severity.INFO


def test_leave_10_special_case_on_holiday_duty_when_configured() -> None:
    """LEAVE-10: ``holiday_duty_special_case=True`` accepts LEAVE-8's special case there."""
    assert check(holiday_duty(), holiday_duty_special_case=True).allowed
    refused = check(holiday_duty(special_case=False, approvals=[]), holiday_duty_special_case=True)
    assert "LEAVE-8" in only(refused, "LEAVE-10").suggestion


def test_leave_10_ordinary_day_is_not_holiday_duty() -> None:
    """LEAVE-10: the Sep 29 shift is not on a public holiday."""
    assert check(leave("D0929", requested_at=at(9, 20))).allowed


# -- LEAVE-11: business trips and training ---------------------------------------------------


@pytest.mark.parametrize("kind", ["business_trip", "training"])
def test_leave_11_trips_and_training_go_to_the_centre_head(kind: str) -> None:
    """LEAVE-11: even a one-day trip or course is approved by the centre head, and needs
    no LEAVE-1 notice."""
    decision = check(leave(kind=kind, requested_at=at(10, 8, 7), approvals=[CENTRE_HEAD]))
    assert decision.allowed
    assert decision.approver == "centre_head"
    assert decision.violations == ()


def test_leave_11_department_head_approval_is_not_enough() -> None:
    """LEAVE-11: a trip approved only by the department head awaits the centre head."""
    warning = only(check(leave(kind="training", approvals=[DEPARTMENT_HEAD])), "LEAVE-11")
    assert warning.severity is Severity.WARNING
    assert warning.facts["approved_by"] == ("DH-1 (department_head)",)
    assert warning.suggestion == "have the centre head approve it"


# -- all rules together ----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    shift=st.sampled_from(["D0929", "D1001", "D1008", "N1012", "D1014"]),
    kind=st.sampled_from(list(LeaveKind)),
    hours_before=st.integers(min_value=-4, max_value=24 * 12),
    special_case=st.booleans(),
)
def test_management_approval_never_adds_a_refusal(
    shift: str, kind: LeaveKind, hours_before: int, special_case: bool
) -> None:
    """LEAVE-2, LEAVE-7, LEAVE-8 (property): adding management's approval never adds an
    ERROR; it can only lift the late, night-shift and holiday refusals."""
    request = leave(
        shift,
        kind=kind,
        requested_at=SHIFTS[shift].start - timedelta(hours=hours_before),
        special_case=special_case,
    )
    approved = leave(
        shift,
        kind=kind,
        requested_at=request.requested_at,
        special_case=special_case,
        approvals=[MANAGEMENT],
    )

    def errors(decision: Decision) -> set[str]:
        return {v.rule_id for v in decision.violations if v.severity >= Severity.ERROR}

    assert errors(POLICY.check(approved, ROSTER)) <= errors(POLICY.check(request, ROSTER))
