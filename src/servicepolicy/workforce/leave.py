"""Leave requests (请假) checked against the roster: every rule LEAVE-1 … LEAVE-11.

:class:`LeavePolicy` holds the manual's figures as parameters and runs the rule checks in
``LEAVE_RULES``, one small function per rule (``leave_7_night_shift`` is LEAVE-7),
returning a :class:`~servicepolicy.rules.Decision` that names who must approve.

"Affected shifts" are the employee's shifts sharing time with the leave ``[start, end)``;
leave that covers none is allowed, with a note.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

import attrs

from servicepolicy.checks import RUNTIME_ONLY, callables, non_negative_duration
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce import _leave_facts as facts
from servicepolicy.workforce._leave_checks import (
    leave_1_advance_notice,
    leave_2_late_request,
    leave_3_level_by_level,
    leave_4_approval_authority,
    leave_5_in_person,
    leave_6_medical_certificate,
    leave_7_night_shift,
    leave_8_public_holiday,
    leave_9_swapped_shift,
    leave_10_holiday_duty,
    leave_11_centre_head_kinds,
)
from servicepolicy.workforce.requests import ApproverRole, LeaveKind, LeaveRequest
from servicepolicy.workforce.roster import (
    HolidayBasis,
    Roster,
    RosterView,
    holiday_basis_validator,
    view_of,
)

__all__ = ["LEAVE_RULES", "LeavePolicy", "LeaveRule"]

#: A rule check: ``(policy, request, view)`` to the violations it finds.
LeaveRule = Callable[["LeavePolicy", LeaveRequest, RosterView], Iterator[Violation]]

#: The checks :meth:`~servicepolicy.workforce.LeavePolicy.check` runs, in this order
#: (LEAVE-1 … LEAVE-11).
LEAVE_RULES: tuple[LeaveRule, ...] = (
    leave_1_advance_notice,
    leave_2_late_request,
    leave_3_level_by_level,
    leave_4_approval_authority,
    leave_5_in_person,
    leave_6_medical_certificate,
    leave_7_night_shift,
    leave_8_public_holiday,
    leave_9_swapped_shift,
    leave_10_holiday_duty,
    leave_11_centre_head_kinds,
)

_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)
_Validator = Callable[[object, "attrs.Attribute[Any]", object], None]


def _personal_notice(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value != "day_before" and (not isinstance(value, timedelta) or value < timedelta(0)):
        raise InvalidArgumentError(attribute.name, value, "'day_before' or a timedelta >= 0")


def _one_of(*choices: str) -> _Validator:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise InvalidArgumentError(attribute.name, value, " or ".join(map(repr, choices)))

    return validate


def _instance_of(kind: type) -> _Validator:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise WrongTypeError(attribute.name, value, f"a {kind.__module__}.{kind.__name__}")

    return validate


def _optional_severity(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Severity):
        raise WrongTypeError(attribute.name, value, "a servicepolicy.rules.Severity or None")


def _roles(value: Iterable[ApproverRole | str]) -> frozenset[ApproverRole]:
    return frozenset(ApproverRole(role) for role in value)


def _kinds(value: Iterable[LeaveKind | str]) -> frozenset[LeaveKind]:
    return frozenset(LeaveKind(kind) for kind in value)


def _extra_checks(value: object) -> tuple[Callable[..., Iterable[Violation]], ...]:
    return callables("extra_checks", value)


@attrs.frozen
class LeavePolicy:
    """The leave rules LEAVE-1 … LEAVE-11 with the manual's figures as defaults.

    :param personal_notice: LEAVE-1 lead time of ordinary personal leave.  The manual's
        "一般事假需在一天提出" is read as ``"day_before"``: the request's local date is
        before the local date of the first affected shift.  A :class:`~datetime.timedelta`
        means "at least this long before the first affected shift starts".
    :param urgent_notice: LEAVE-1 lead time of urgent personal leave (1 hour).
    :param management_roles: who counts as the "manager"/"management" whose approval
        makes a late request valid (LEAVE-2) and allows the night-shift and holiday
        special cases (LEAVE-7, LEAVE-8).  Default: only ``ApproverRole.MANAGEMENT``.
    :param one_day: LEAVE-4: leave up to this long goes to the department head, longer
        leave to the centre head (1 day).
    :param duration_basis: how the leave's length is measured (LEAVE-4, LEAVE-6):
        ``"shift_days"`` (default) counts each affected shift as one day, in proportion
        to the part of it the leave covers (a whole 12-hour shift is 1 day, 3 hours of
        it a quarter day); ``"shift_hours"`` is the rostered time missed (two 12-hour
        shifts make 1 day); ``"span"`` is ``end - start`` whatever the roster says.
    :param higher_may_approve: LEAVE-4: an approval by the centre head also satisfies
        leave the department head may approve (no "awaiting" warning).
    :param in_person_kinds: LEAVE-5: kinds the employee must request in person.
        Default: personal and urgent personal leave.  The manual says "only sick leave
        may be requested by someone else"; business trips and training are assignments
        a superior usually arranges, so they are left out by default; add them for the
        literal reading.
    :param certificate_from: LEAVE-6: sick leave at least this long (on
        ``duration_basis``) needs certificates, "a full day or more" (1 day).
    :param certificate_severity: LEAVE-6: how missing certificates count.  ERROR by
        default; certificates are "handed in on the first day back", so a review made
        before the leave may use WARNING.
    :param dates_basis: which local dates "the dates of the leave" are (LEAVE-6
        certificates, LEAVE-8 holidays): ``"leave"`` (default), every date that
        ``[start, end)`` touches; ``"shifts"``, the dates the affected shifts start on.
    :param night_cutoff: LEAVE-7: a night-shift special case is requested before this
        time of the local date the night shift starts on (12:00).
    :param holiday_notice: LEAVE-8: a public-holiday special case is requested at least
        this long before the leave starts on the holiday (2 days).
    :param restricted_kinds: the kinds LEAVE-7, LEAVE-8, LEAVE-9 and LEAVE-10 restrict.
        The manual makes no exception, so every kind by default; remove ``"sick"`` to
        let sick leave through on night shifts, holidays and swapped shifts.
    :param holiday_duty_special_case: LEAVE-10 forbids leave to staff rostered on a
        public holiday without exception, while LEAVE-8 excepts very special cases.
        ``False`` (default): LEAVE-10 wins; ``True``: LEAVE-8's special case is accepted
        on holiday duty too.
    :param holiday_basis: LEAVE-8, LEAVE-10: what "a public holiday" is.  ``"period"``
        (default): every date of a public-holiday period as announced (Sunday 4 October
        2026 lies in National Day's 1-7 October); ``"statutory"``: only the dates the
        holiday data lists.  See :meth:`BusinessCalendar.holiday_period
        <servicepolicy.calendar.BusinessCalendar.holiday_period>`.
    :param flag_overrides: LEAVE-6 and LEAVE-8 are decided from the data (certificates on
        file; a holiday request made ``holiday_notice`` ahead and approved by
        management).  ``True`` (default): the caller's ``emergency`` / ``special_case``
        flag still accepts what the data do not show, as a WARNING naming the override;
        ``False``: the flags are ignored and the data decide.
    :param unrecorded_submission: LEAVE-3 cannot be checked when ``submitted_to`` is not
        recorded: it says so at this severity (INFO by default; ``None``: silently).
    :param extra_checks: more checks run after LEAVE-1 … LEAVE-11, each called as
        ``check(policy, request, roster_view)`` and returning violations; an ``ERROR``
        among them refuses the request.  This is how plugins' vetoes arrive
        (``servicepolicy_check_leave``): the policy edge passes
        ``PluginSet.leave_checks()``; the workforce package knows no plugin.

    A missed lead time (LEAVE-1) is reported once: a LEAVE-1 ERROR when management has
    not approved the late request, a LEAVE-2 INFO when it has.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from servicepolicy.calendar import BusinessCalendar
    >>> from servicepolicy.workforce import Employee, LeaveRequest, Roster, Shift
    >>> tz = ZoneInfo("Asia/Shanghai")
    >>> calendar = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")
    >>> night = Shift("N-12", "A-01", datetime(2026, 10, 12, 20, tzinfo=tz),
    ...               datetime(2026, 10, 13, 8, tzinfo=tz))
    >>> roster = Roster([Employee("A-01", "T1", "L-1", "hotline")], [night], calendar)
    >>> request = LeaveRequest("LV-1", "A-01", "personal", night.start, night.end,
    ...                        datetime(2026, 10, 10, 9, tzinfo=tz), requested_by="A-01",
    ...                        submitted_to="L-1")
    >>> decision = LeavePolicy().check(request, roster)
    >>> decision.allowed, decision.rule_ids, decision.approver, decision.approvals_owed
    (False, ('LEAVE-7',), 'department_head', ('department_head',))
    >>> decision.violations[0].suggestion
    'ask management to approve the night-shift special case (LEAVE-7)'

    .. versionadded:: 0.1.0
    """

    personal_notice: Literal["day_before"] | timedelta = attrs.field(
        default="day_before", validator=_personal_notice
    )
    urgent_notice: timedelta = attrs.field(
        default=timedelta(hours=1), validator=non_negative_duration
    )
    management_roles: frozenset[ApproverRole] = attrs.field(
        default=frozenset({ApproverRole.MANAGEMENT}), converter=_roles
    )
    one_day: timedelta = attrs.field(default=timedelta(days=1), validator=non_negative_duration)
    duration_basis: Literal["shift_days", "shift_hours", "span"] = attrs.field(
        default="shift_days", validator=_one_of("shift_days", "shift_hours", "span")
    )
    higher_may_approve: bool = attrs.field(default=True, validator=_instance_of(bool))
    in_person_kinds: frozenset[LeaveKind] = attrs.field(
        default=frozenset({LeaveKind.PERSONAL, LeaveKind.URGENT_PERSONAL}), converter=_kinds
    )
    certificate_from: timedelta = attrs.field(
        default=timedelta(days=1), validator=non_negative_duration
    )
    certificate_severity: Severity = attrs.field(
        default=Severity.ERROR, validator=_instance_of(Severity)
    )
    dates_basis: Literal["leave", "shifts"] = attrs.field(
        default="leave", validator=_one_of("leave", "shifts")
    )
    night_cutoff: time = attrs.field(default=time(12), validator=_instance_of(time))
    holiday_notice: timedelta = attrs.field(
        default=timedelta(days=2), validator=non_negative_duration
    )
    restricted_kinds: frozenset[LeaveKind] = attrs.field(
        default=frozenset(LeaveKind), converter=_kinds
    )
    holiday_duty_special_case: bool = attrs.field(default=False, validator=_instance_of(bool))
    holiday_basis: HolidayBasis = attrs.field(default="period", validator=holiday_basis_validator)
    flag_overrides: bool = attrs.field(default=True, validator=_instance_of(bool))
    unrecorded_submission: Severity | None = attrs.field(
        default=Severity.INFO, validator=_optional_severity
    )
    extra_checks: tuple[Callable[..., Iterable[Violation]], ...] = attrs.field(
        default=(),
        converter=_extra_checks,
        metadata=RUNTIME_ONLY,
    )

    def length(self, request: LeaveRequest, roster: Roster | RosterView) -> timedelta:
        """How long the leave is, on ``duration_basis`` (LEAVE-4, LEAVE-6)."""
        if self.duration_basis == "span":
            return request.end - request.start
        total = timedelta(0)
        for shift in facts.affected_shifts(request, view_of(roster)):
            missed = min(shift.end, request.end) - max(shift.start, request.start)
            by_days = self.duration_basis == "shift_days"
            total += _DAY * (missed / shift.duration) if by_days else missed
        return total

    def dates(self, request: LeaveRequest, roster: Roster | RosterView) -> list[date]:
        """The local dates of the leave, on ``dates_basis`` (LEAVE-6, LEAVE-8)."""
        view = view_of(roster)
        if self.dates_basis == "shifts":
            return sorted({view.local_date(s) for s in facts.affected_shifts(request, view)})
        first = request.start.astimezone(view.tz).date()
        last = (request.end - _TICK).astimezone(view.tz).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def notice_deadline(
        self, request: LeaveRequest, roster: Roster | RosterView
    ) -> datetime | None:
        """The last instant ``request`` may be made to meet its LEAVE-1 lead time, or
        ``None`` for kinds without one (sick leave, business trips, training).

        ``"day_before"`` gives the last microsecond of the local day before the first
        affected shift; a :class:`~datetime.timedelta` notice, that much real time before
        its start (daylight-saving changes in between count as they are).  The deadline
        never lies after the start of the first affected shift.

        .. versionchanged:: 0.2.0 measured in real time, never after the shift's start.
        """
        view = view_of(roster)
        shifts = facts.affected_shifts(request, view)
        start = shifts[0].start if shifts else request.start
        if request.kind is LeaveKind.URGENT_PERSONAL:
            own = cut.before(start, self.urgent_notice, view.tz)
        elif request.kind is not LeaveKind.PERSONAL:
            return None
        elif isinstance(self.personal_notice, timedelta):
            own = cut.before(start, self.personal_notice, view.tz)
        else:
            midnight = cut.at_wall_time(start.astimezone(view.tz).date(), time(0), view.tz)
            own = cut.before(midnight, _TICK, view.tz)
        return cut.cutoff(own, start, view.tz)

    def holiday_special_case(
        self, request: LeaveRequest, roster: Roster | RosterView, holiday: date
    ) -> tuple[bool, datetime]:
        """LEAVE-8's exception for leave on ``holiday``: whether the data show a very special
        case (requested ``holiday_notice`` before the leave starts on that date, and
        approved by management), and the last instant it could be requested.

        The leave "starts on that date" at its own start or the holiday's first instant,
        whichever is later, or at the start of the shift already running then: the
        deadline never lies after the start of the shift it protects.  The caller's
        ``special_case`` flag is not needed; it is an override (see ``flag_overrides``).

        .. versionchanged:: 0.2.0 decided from the data; the deadline counts from the
           shift's start and in real time.
        """
        view = view_of(roster)
        midnight = cut.at_wall_time(holiday, time(0), view.tz)
        begins = request.start if cut.not_after(midnight, request.start) else midnight
        for shift in facts.affected_shifts(request, view):
            if cut.earlier(shift.start, begins) and cut.earlier(begins, shift.end):
                begins = shift.start
        deadline = cut.before(begins, self.holiday_notice, view.tz)
        met = cut.not_after(request.requested_at, deadline)
        return met and bool(self.management_approvers(request)), deadline

    def uncovered_dates(
        self, request: LeaveRequest, roster: Roster | RosterView
    ) -> tuple[date, ...]:
        """The ``dates()`` of ``request`` no medical certificate covers (LEAVE-6)."""
        covered = {
            c.first_day + timedelta(days=i)
            for c in request.certificates
            for i in range((c.last_day - c.first_day).days + 1)
        }
        return tuple(d for d in self.dates(request, roster) if d not in covered)

    def management_approvers(self, request: LeaveRequest) -> tuple[str, ...]:
        """Who approved ``request`` in one of ``management_roles`` (LEAVE-2, 7, 8)."""
        return tuple(a.by for a in request.approvals if a.role in self.management_roles)

    def awaits(self, request: LeaveRequest, role: ApproverRole) -> bool:
        """Whether ``request`` carries approvals but none by ``role`` (nor, with
        ``higher_may_approve``, by the centre head for a department-head role)."""
        roles = {role}
        if self.higher_may_approve and role is ApproverRole.DEPARTMENT_HEAD:
            roles.add(ApproverRole.CENTRE_HEAD)
        return bool(request.approvals) and not request.approved_by(*roles)

    def required_approver(self, request: LeaveRequest, roster: Roster | RosterView) -> ApproverRole:
        """Who approves ``request``: the centre head for business trips and training
        (LEAVE-11), otherwise by ``length()`` (LEAVE-4): the department head up to
        ``one_day``, the centre head beyond."""
        if request.kind in facts.CENTRE_HEAD_KINDS:
            return ApproverRole.CENTRE_HEAD
        length = self.length(request, roster)
        return ApproverRole.DEPARTMENT_HEAD if length <= self.one_day else ApproverRole.CENTRE_HEAD

    def approvals_owed(
        self, request: LeaveRequest, roster: Roster | RosterView
    ) -> tuple[ApproverRole, ...]:
        """The approvals ``request`` still owes by the approval authority (LEAVE-4,
        LEAVE-11): ``required_approver()``, unless it (or, with ``higher_may_approve``,
        the centre head for department-head leave) has approved.  Empty when approved.

        .. versionadded:: 0.2.0
        """
        required = self.required_approver(request, roster)
        roles = {required}
        if self.higher_may_approve and required is ApproverRole.DEPARTMENT_HEAD:
            roles.add(ApproverRole.CENTRE_HEAD)
        return () if request.approved_by(*roles) else (required,)

    def check(self, request: LeaveRequest, roster: Roster | RosterView) -> Decision:
        """Decide ``request`` against ``roster`` by running ``LEAVE_RULES`` in order.

        The decision says whether the rules allow the leave (``allowed``) and, apart from
        that, which approvals it still owes (``facts["approvals_owed"]``, the roles;
        :attr:`~servicepolicy.rules.Decision.approved` is allowed with nothing owed).
        LEAVE-4 and LEAVE-11 never refuse a request: leave taken without the approvals
        is what a review reports (:meth:`~servicepolicy.workforce.WorkforcePolicy.review`).

        :param roster: a :class:`~servicepolicy.workforce.Roster`, or the live
            :class:`~servicepolicy.workforce.RosterView` of a review (read, never changed).
        :raises servicepolicy.errors.UnknownRecordError: the employee is not on the roster.
        :raises servicepolicy.errors.WrongTypeError: an argument has the wrong type.

        .. versionchanged:: 0.2.0 ``facts["approvals_owed"]``; flag overrides reported.
        """
        if not isinstance(request, LeaveRequest):
            raise WrongTypeError("request", request, "a servicepolicy.workforce.LeaveRequest")
        view = view_of(roster)
        view.employee(request.employee, where=f"leave request {request.id}")
        violations = [v for rule in LEAVE_RULES for v in rule(self, request, view)]
        violations = [self._override(request, v) for v in violations]
        for extra in self.extra_checks:  # any plugin can veto
            violations += extra(self, request, view)
        shifts = facts.affected_shifts(request, view)
        required = str(self.required_approver(request, view))
        notes = []
        if not shifts:
            notes.append(
                f"the leave ({facts.local(request.start, view)} to "
                f"{facts.local(request.end, view)}) covers no rostered shift of "
                f"{request.employee}: nobody needs to cover it"
            )
        return Decision.from_violations(
            violations,
            subject=request.id,
            required_approver=required,
            facts={
                "employee": request.employee,
                "kind": str(request.kind),
                "shifts": tuple(s.id for s in shifts),
                "length": self.length(request, view),
                "duration_basis": self.duration_basis,
                "required_approver": required,
                "approvals_owed": tuple(str(r) for r in self.approvals_owed(request, view)),
            },
            notes=notes,
        )

    def _override(self, request: LeaveRequest, violation: Violation) -> Violation:
        """LEAVE-8's holiday refusal (and LEAVE-10's, with ``holiday_duty_special_case``)
        accepted on the caller's ``special_case`` flag, as a warning naming the override."""
        rules = {"LEAVE-8", "LEAVE-10"} if self.holiday_duty_special_case else {"LEAVE-8"}
        if self.flag_overrides and request.special_case and violation.rule_id in rules:
            return facts.overridden(violation, "special_case")
        return violation
