"""Attendance and hand-over: roll call, lateness, absence, staying until relieved (ATT-1…ATT-4).

Clock records and hand-over logs are checked against a roster (its current owners, after
approved swaps, and its approved leave).  Each rule is a function named after its ID,
collected in ``ATT_RULES``; :meth:`AttendancePolicy.check` runs them and returns an
:class:`AttendanceReport`.

>>> from datetime import datetime, timedelta, timezone
>>> from servicepolicy.calendar import BusinessCalendar
>>> from servicepolicy.workforce import Employee, Roster, Shift
>>> cst = timezone(timedelta(hours=8))
>>> roster = Roster(
...     employees=[Employee("A-1", "T1", "L-1", "hotline")],
...     shifts=[Shift("S-1", "A-1", datetime(2026, 10, 12, 8, tzinfo=cst),
...                   datetime(2026, 10, 12, 16, tzinfo=cst))],
...     calendar=BusinessCalendar(hours="24/7", tz="Asia/Shanghai"),
... )
>>> clocked = ClockRecord("A-1", "S-1", datetime(2026, 10, 12, 8, 25, tzinfo=cst),
...                       datetime(2026, 10, 12, 16, 5, tzinfo=cst))
>>> report = AttendancePolicy(require_hand_over_log=False).check([clocked], roster)
>>> print(report)  # doctest: +NORMALIZE_WHITESPACE
attendance: 1 shift checked, 1 violation
  ATT-2 [error] A-1: late for shift S-1 by 25 minutes (arrived 2026-10-12 08:25,
  due 2026-10-12 08:00); 20 minutes or more without prior leave is a disciplinary violation
  (facts: shift=S-1, due=2026-10-12T08:00:00+08:00, clock_in=2026-10-12T08:25:00+08:00,
  late_minutes=25) -> suggestion: team leader: talk with the agent; agent: request leave in
  advance when arrival will be late

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

import attrs

from servicepolicy.checks import aware, non_negative_duration
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce._attendance_base import AttendanceContext, minutes
from servicepolicy.workforce._attendance_base import violation as _violation
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.relief import NoRelief, att_3_relief
from servicepolicy.workforce.roster import Roster, RosterView, view_of

__all__ = [
    "ATT_RULES",
    "AttendanceContext",
    "AttendancePolicy",
    "AttendanceReport",
    "AttendanceRule",
    "AwayMeasure",
    "att_1_roll_call",
    "att_2_discipline",
    "att_3_relief",
    "att_4_hand_over_log",
]


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise WrongTypeError(attribute.name, value, "a bool")


class AwayMeasure(enum.StrEnum):
    """How ATT-2 measures "away from the post for 20 minutes or more": the manual is silent.

    .. versionadded:: 0.1.0
    """

    LONGEST = "longest"
    """The longest single away period counts (the default, one continuous absence)."""
    TOTAL = "total"
    """All away periods of the shift add up (overlaps counted once)."""


#: How an ATT rule is called, ``rule(policy, context)``, yielding its violations.
AttendanceRule = Callable[["AttendancePolicy", AttendanceContext], Iterator[Violation]]


def att_1_roll_call(policy: AttendancePolicy, context: AttendanceContext) -> Iterator[Violation]:
    """ATT-1: arrive ``roll_call_before`` (10 minutes) before the shift for roll call.

    A clock-in later than ``roll_call_before`` of real time before the start (never after
    the start, daylight-saving changes counted as they are) is a WARNING.  Not reported here:
    shifts whose start is covered by approved leave (no roll call to attend), absences, and
    arrivals late enough for ATT-2 (reported there, once, as the graver breach).
    """
    for shift in context.shifts:
        record = context.records.get(shift.id)
        if record is None or record.clock_in is None or context.due(shift) != shift.start:
            continue
        roll_call = cut.cutoff(
            cut.before(shift.start, policy.roll_call_before, context.view.tz),
            shift.start,
            context.view.tz,
        )
        late = cut.elapsed(shift.start, record.clock_in)
        if cut.not_after(record.clock_in, roll_call) or late >= policy.late_limit:
            continue
        yield _violation(
            "ATT-1",
            Severity.WARNING,
            shift,
            f"missed roll call for shift {shift.id}: arrived {context.local(record.clock_in)}, "
            f"roll call was at {context.local(roll_call)} "
            f"({minutes(policy.roll_call_before)} minutes before the shift)",
            f"team leader: remind {record.employee} that roll call is "
            f"{minutes(policy.roll_call_before)} minutes before the shift starts",
            roll_call=roll_call,
            clock_in=record.clock_in,
            minutes_after_roll_call=cut.elapsed(roll_call, record.clock_in),
        )


def _away_time(measure: AwayMeasure, away: tuple[tuple[datetime, datetime], ...]) -> timedelta:
    if measure is AwayMeasure.LONGEST:
        return max((end - start for start, end in away), default=timedelta(0))
    total, reached = timedelta(0), None
    for start, end in sorted(away):  # the union's length: overlaps count once
        begin = start if reached is None else max(start, reached)
        total += max(end - begin, timedelta(0))
        reached = end if reached is None else max(reached, end)
    return total


def att_2_discipline(policy: AttendancePolicy, context: AttendanceContext) -> Iterator[Violation]:
    """ATT-2: late by ``late_limit`` (20 minutes) or more without prior leave, away from the
    post for ``away_limit`` (20 minutes) or more, or absent (旷工): each an ERROR.

    Lateness counts from :meth:`AttendanceContext.due` (approved leave covering the start
    moves it).  A shift with no clock-in that is not wholly on approved leave is absence.
    Away time is measured as ``away_measure`` says.
    """
    for shift in context.shifts:
        record, due = context.records.get(shift.id), context.due(shift)
        if record is None or record.clock_in is None:
            if due < shift.end:
                yield _violation(
                    "ATT-2",
                    Severity.ERROR,
                    shift,
                    f"absent (旷工) from shift {shift.id} ({context.local(shift.start)} to "
                    f"{context.local(shift.end)}): no clock-in and no approved leave",
                    "team leader: record the clock-in if the agent was present, or the approved "
                    "leave; otherwise the absence stands as absenteeism (旷工)",
                    due=due,
                    end=shift.end,
                )
            continue
        late = cut.elapsed(due, record.clock_in)
        if late >= policy.late_limit:
            yield _violation(
                "ATT-2",
                Severity.ERROR,
                shift,
                f"late for shift {shift.id} by {minutes(late)} minutes (arrived "
                f"{context.local(record.clock_in)}, due {context.local(due)}); "
                f"{minutes(policy.late_limit)} minutes or more without prior leave is a "
                "disciplinary violation",
                "team leader: talk with the agent; agent: request leave in advance when "
                "arrival will be late",
                due=due,
                clock_in=record.clock_in,
                late_minutes=late,
            )
        away = _away_time(policy.away_measure, record.away)
        if record.away and away >= policy.away_limit:
            yield _violation(
                "ATT-2",
                Severity.ERROR,
                shift,
                f"away from the post during shift {shift.id} for {minutes(away)} minutes "
                f"({policy.away_measure.value}); {minutes(policy.away_limit)} minutes or more "
                "is a disciplinary violation",
                "agent: ask the team leader to cover before leaving the post for long",
                away_minutes=away,
                away_measure=policy.away_measure.value,
                away_periods=len(record.away),
            )


_LOG_ITEMS = {
    "equipment_state": "equipment state",
    "difficult_cases": "difficult cases",
    "staffing_changes": "staffing changes",
}


def att_4_hand_over_log(
    policy: AttendancePolicy, context: AttendanceContext
) -> Iterator[Violation]:
    """ATT-4: each worked shift's hand-over log records equipment state, difficult cases and
    staffing changes: a missing log (if ``require_hand_over_log``) or blank item is a WARNING.

    Shifts nobody clocked in to (absence, leave) owe no log.
    """
    for shift in context.shifts:
        record, log = context.records.get(shift.id), context.logs.get(shift.id)
        if record is None or record.clock_in is None:
            continue
        if log is None:
            if policy.require_hand_over_log:
                yield _violation(
                    "ATT-4",
                    Severity.WARNING,
                    shift,
                    f"no hand-over log for shift {shift.id}",
                    "write the hand-over log: " + ", ".join(_LOG_ITEMS.values()),
                    missing=", ".join(_LOG_ITEMS.values()),
                )
            continue
        missing = ", ".join(v for k, v in _LOG_ITEMS.items() if not getattr(log, k).strip())
        if missing:
            yield _violation(
                "ATT-4",
                Severity.WARNING,
                shift,
                f"hand-over log of shift {shift.id} by {log.by} does not record {missing}",
                'fill in every item; write "none" when there is nothing to report',
                by=log.by,
                missing=missing,
            )


#: The ATT rules in order, each ``rule(policy, context) -> Iterator[Violation]``.
ATT_RULES: tuple[AttendanceRule, ...] = (
    att_1_roll_call,
    att_2_discipline,
    att_3_relief,
    att_4_hand_over_log,
)


@attrs.frozen
class AttendanceReport:
    """The outcome of :meth:`AttendancePolicy.check`.

    :param violations: every violation, rule by rule, shift by shift.
    :param shifts: the IDs of the shifts reviewed.

    .. versionadded:: 0.1.0
    """

    violations: tuple[Violation, ...]
    shifts: tuple[str, ...]

    @property
    def disciplinary(self) -> tuple[Violation, ...]:
        """The violations of ERROR severity or worse (ATT-2, ATT-3)."""
        return tuple(v for v in self.violations if v.severity >= Severity.ERROR)

    def by_employee(self) -> dict[str, tuple[Violation, ...]]:
        """The violations grouped by employee (the violation's subject)."""
        grouped: dict[str, list[Violation]] = {}
        for violation in self.violations:
            grouped.setdefault(violation.subject or "", []).append(violation)
        return {employee: tuple(found) for employee, found in grouped.items()}

    def counts(self) -> dict[str, Counter[str]]:
        """Per employee, how many violations of each rule: ``{"A-1": Counter({"ATT-1": 2})}``."""
        return {
            employee: Counter(v.rule_id for v in found)
            for employee, found in self.by_employee().items()
        }

    def __str__(self) -> str:
        shifts, found = len(self.shifts), len(self.violations)
        head = f"attendance: {shifts} shift{'s'[: shifts != 1]} checked, "
        head += f"{found} violation{'s'[: found != 1]}"
        return "\n".join([head, *(f"  {v}" for v in self.violations)])


@attrs.frozen
class AttendancePolicy:
    """The attendance and hand-over rules (ATT-1…ATT-4) with the manual's figures.

    :param roll_call_before: arrive this long before the shift for roll call (ATT-1).
    :param late_limit: lateness of this much or more is disciplinary (ATT-2).
    :param away_limit: away from the post this long or more is disciplinary (ATT-2).
    :param away_measure: the longest single away period, or their total (ATT-2).
    :param hand_over_tolerance: an incoming shift of the team starting up to this long
        before an outgoing shift ends still relieves it (ATT-3); 0 means "exactly at its end".
    :param require_hand_over_log: a worked shift without a log is reported (ATT-4).
    :param no_relief: when no incoming agent arrives, whether leaving is always a breach
        (``"stay"``, the manual) or the team leader's recorded release relieves the post
        (``"release"``), ATT-3; see :class:`~servicepolicy.workforce.NoRelief`.

    .. versionadded:: 0.1.0
    """

    roll_call_before: timedelta = attrs.field(
        default=timedelta(minutes=10), validator=non_negative_duration
    )
    late_limit: timedelta = attrs.field(
        default=timedelta(minutes=20), validator=non_negative_duration
    )
    away_limit: timedelta = attrs.field(
        default=timedelta(minutes=20), validator=non_negative_duration
    )
    away_measure: AwayMeasure = attrs.field(default=AwayMeasure.LONGEST, converter=AwayMeasure)
    hand_over_tolerance: timedelta = attrs.field(
        default=timedelta(minutes=30), validator=non_negative_duration
    )
    require_hand_over_log: bool = attrs.field(default=True, validator=_flag)
    no_relief: NoRelief = attrs.field(default=NoRelief.STAY, converter=NoRelief)

    def check(
        self,
        records: Iterable[ClockRecord],
        roster: Roster | RosterView,
        logs: Iterable[HandOverLog] = (),
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        rules: Iterable[AttendanceRule] = ATT_RULES,
    ) -> AttendanceReport:
        """Review the shifts that start at or after ``since`` and end by ``until`` (default:
        every shift on the roster; pass ``until=now`` so that future shifts are not absences).

        :param records: clock records; at most one per shift, by the shift's current owner.
        :param roster: a :class:`~servicepolicy.workforce.Roster` or its view.
        :param logs: hand-over logs, at most one per shift (ATT-4).
        :param rules: the rules to run (default ``ATT_RULES``).
        :raises servicepolicy.errors.UnknownRecordError: a record or log names an unknown shift.
        :raises servicepolicy.errors.InvalidArgumentError: two records or logs for one shift,
            or a record by someone other than the shift's owner.
        """
        context = _context(records, roster, logs, since, until)
        found = [v for rule in rules for v in rule(self, context)]
        return AttendanceReport(tuple(found), tuple(s.id for s in context.shifts))


def _context(
    records: Iterable[ClockRecord],
    roster: Roster | RosterView,
    logs: Iterable[HandOverLog],
    since: datetime | None,
    until: datetime | None,
) -> AttendanceContext:
    view = view_of(roster)
    by_shift: dict[str, ClockRecord] = {}
    for record in records:
        if not isinstance(record, ClockRecord):
            raise WrongTypeError("records", record, "a ClockRecord")
        where = f"clock record {record.employee}/{record.shift}"
        owner = view.shift(record.shift, where).employee
        if record.employee != owner:
            raise InvalidArgumentError(
                f"{where}: employee", record.employee, f"the shift's current owner {owner!r}"
            )
        if record.shift in by_shift:
            raise InvalidArgumentError(f"{where}: shift", record.shift, "one record per shift")
        by_shift[record.shift] = record
    by_log: dict[str, HandOverLog] = {}
    for log in logs:
        if not isinstance(log, HandOverLog):
            raise WrongTypeError("logs", log, "a HandOverLog")
        view.shift(log.shift, f"hand-over log by {log.by}")
        if log.shift in by_log:
            raise InvalidArgumentError(
                f"hand-over log by {log.by}: shift", log.shift, "one log per shift"
            )
        by_log[log.shift] = log
    first = aware("since", since) if since is not None else None
    last = aware("until", until) if until is not None else None
    every = view.shifts()
    if not every:
        return AttendanceContext(view, (), by_shift, by_log)
    lo, hi = first or every[0].start, last or max(s.end for s in every)
    chosen = tuple(s for s in view.shifts_between(lo, hi) if lo <= s.start and s.end <= hi)
    return AttendanceContext(view, chosen, by_shift, by_log)
