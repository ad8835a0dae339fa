"""The roster: employees, their shifts, minimum staffing, and what was approved (SWAP, LEAVE).

:class:`Roster` is the value a user builds and gets back.  Rule checks read it through a
:class:`RosterView`: indexes by employee, by shift and by time, which
:meth:`RosterView.apply_swap` and :meth:`RosterView.apply_leave` update in place, so a
month of requests is reviewed without rebuilding anything.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Literal

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import (
    InvalidArgumentError,
    InvalidRosterError,
    UnknownRecordError,
    WrongTypeError,
)
from servicepolicy.workforce._shift_index import ShiftIndex
from servicepolicy.workforce.model import Employee, Shift, ShiftKind, StaffingRequirement
from servicepolicy.workforce.requests import LeaveRequest, SwapRequest

__all__ = ["HolidayBasis", "Roster", "RosterView", "holiday_basis_validator", "view_of"]

HolidayBasis = Literal["period", "statutory"]
"""What "a public holiday" is for LEAVE-8, LEAVE-10 and SWAP-9: ``"period"``, every date of
a public-holiday period (the Sunday of Golden Week too), or ``"statutory"``, only the dates
the holiday data lists.

.. versionadded:: 0.2.0
"""


def holiday_basis_validator(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """``"period"`` or ``"statutory"`` (LEAVE-8, LEAVE-10, SWAP-9)."""
    if value not in ("period", "statutory"):
        raise InvalidArgumentError(attribute.name, value, "'period' or 'statutory'")


def _employees(value: Iterable[Employee] | Mapping[str, Employee]) -> Mapping[str, Employee]:
    items = value.values() if isinstance(value, Mapping) else value
    table: dict[str, Employee] = {}
    for employee in items:
        if not isinstance(employee, Employee):
            raise WrongTypeError("employees", employee, "servicepolicy.workforce.Employee")
        if employee.id in table:
            raise InvalidRosterError("employees", employee.id, "each employee ID once")
        table[employee.id] = employee
    return MappingProxyType(table)


def _shifts(value: Iterable[Shift]) -> tuple[Shift, ...]:
    shifts = tuple(value)
    for shift in shifts:
        if not isinstance(shift, Shift):
            raise WrongTypeError("shifts", shift, "servicepolicy.workforce.Shift")
    return tuple(sorted(shifts, key=lambda s: (s.start, s.id)))


def _staffing(value: Iterable[StaffingRequirement]) -> tuple[StaffingRequirement, ...]:
    return tuple(value)


def _swaps(value: Iterable[SwapRequest]) -> tuple[SwapRequest, ...]:
    return tuple(value)


def _leaves(value: Iterable[LeaveRequest]) -> tuple[LeaveRequest, ...]:
    return tuple(value)


@attrs.frozen
class Roster:
    """Employees, their shifts and the minimum staffing of each slot, on a calendar.

    :param employees: the employees (an iterable, or a mapping by ID).
    :param shifts: every rostered shift; two shifts of one employee may not overlap.
    :param calendar: the business calendar whose public holidays count (LEAVE-8,
        LEAVE-10, SWAP-9) and whose zone defines calendar months (SWAP-1) and "the day".
    :param staffing: minimum staffing per time slot (SWAP-8).
    :param night_window: local hours that make a shift a night shift: a shift with any
        time in the window is a night shift (LEAVE-7).  Default 22:00-06:00.
    :param swaps: approved swaps so far: the swap record of SWAP-5, counted by SWAP-1
        and SWAP-2.  Records of earlier months may name shifts no longer on the roster if
        they carry the shifts' times (``SwapRequest.shift_start`` …).
    :param leaves: approved leave so far (LEAVE-9, SWAP-6).

    Shifts reflect the current assignment: an approved swap has already moved them.

    .. versionadded:: 0.1.0
    """

    employees: Mapping[str, Employee] = attrs.field(converter=_employees, hash=False)
    shifts: tuple[Shift, ...] = attrs.field(converter=_shifts)
    calendar: BusinessCalendar
    staffing: tuple[StaffingRequirement, ...] = attrs.field(default=(), converter=_staffing)
    night_window: tuple[time, time] = (time(22), time(6))
    swaps: tuple[SwapRequest, ...] = attrs.field(default=(), converter=_swaps)
    leaves: tuple[LeaveRequest, ...] = attrs.field(default=(), converter=_leaves)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        last: dict[str, Shift] = {}
        for shift in self.shifts:  # sorted by start
            if shift.id in seen:
                raise InvalidRosterError("shifts", shift.id, "each shift ID once")
            seen.add(shift.id)
            if shift.employee not in self.employees:
                raise UnknownRecordError("employee", shift.employee, f"shift {shift.id}")
            previous = last.get(shift.employee)
            if previous is not None and previous.end > shift.start:
                raise InvalidRosterError(
                    "shifts",
                    f"{previous.id} and {shift.id}",
                    f"shifts of employee {shift.employee} that do not overlap",
                )
            last[shift.employee] = shift

    def view(self) -> RosterView:
        """A fresh working index over this roster (see :class:`RosterView`)."""
        return RosterView(self)


class RosterView:
    """Indexes over a roster for rule checks, updated in place as requests are approved.

    Shift times never change; swaps change owners.  Everything a rule needs is one
    dictionary lookup or one bisection away.

    .. versionadded:: 0.1.0
    """

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.calendar = roster.calendar
        self.tz = roster.calendar.tz
        self.employees = roster.employees
        self._shifts: dict[str, Shift] = {s.id: s for s in roster.shifts}
        self._by_start = list(roster.shifts)
        self._all = ShiftIndex(roster.shifts)
        self._of: dict[str, list[Shift]] = defaultdict(list)
        by_team: dict[str, list[Shift]] = defaultdict(list)
        by_job: dict[str, list[Shift]] = defaultdict(list)
        for shift in roster.shifts:
            self._of[shift.employee].append(shift)
            owner = self.employees[shift.employee]
            by_team[owner.team].append(shift)
            by_job[owner.job_type].append(shift)
        self._teams = {team: ShiftIndex(found) for team, found in by_team.items()}
        self._jobs = {job: ShiftIndex(found) for job, found in by_job.items()}
        self._swaps: list[SwapRequest] = []
        self._swaps_of: dict[str, list[SwapRequest]] = defaultdict(list)
        self._swap_of_shift: dict[str, SwapRequest] = {}
        self._leaves: list[LeaveRequest] = []
        self._leaves_of: dict[str, list[LeaveRequest]] = defaultdict(list)
        self._holiday: dict[tuple[date, str], str | None] = {}
        self._history: dict[str, Shift] = {}
        for swap in roster.swaps:
            self._record_swap(swap)
        for leave in roster.leaves:
            self._record_leave(leave)

    # -- records -----------------------------------------------------------------------------

    def employee(self, employee_id: str, where: str) -> Employee:
        """The employee, or :class:`~servicepolicy.errors.UnknownRecordError` naming
        ``where`` it was asked for."""
        try:
            return self.employees[employee_id]
        except KeyError:
            raise UnknownRecordError("employee", employee_id, where) from None

    def shift(self, shift_id: str, where: str) -> Shift:
        """The shift (with its current owner), or
        :class:`~servicepolicy.errors.UnknownRecordError`."""
        try:
            return self._shifts[shift_id]
        except KeyError:
            raise UnknownRecordError("shift", shift_id, where) from None

    def is_rostered(self, shift_id: str) -> bool:
        """Whether the shift is on the roster (not only known from a swap record)."""
        return shift_id in self._shifts

    def recorded_shift(self, shift_id: str, swap: SwapRequest) -> Shift:
        """A shift named by the swap record ``swap``: the roster's, or, for a shift of an
        earlier month no longer on the roster, the one the record itself dates
        (``shift_start``/``return_start`` …), with its owner after the recorded swaps.

        :raises servicepolicy.errors.UnknownRecordError: neither knows the shift.

        .. versionadded:: 0.2.0
        """
        found = self._shifts.get(shift_id) or self._history.get(shift_id)
        if found is None:
            raise UnknownRecordError(
                "shift",
                shift_id,
                f"swap record {swap.id} (neither on the roster nor dated by the record's "
                "shift_start/shift_end or return_start/return_end)",
            )
        return found

    def history_of(self, employee_id: str) -> list[Shift]:
        """Shifts known only from swap records (earlier months) that ``employee_id`` holds
        after those swaps, by start (SWAP-2).

        .. versionadded:: 0.2.0
        """
        return sorted(
            (s for s in self._history.values() if s.employee == employee_id),
            key=lambda s: s.start,
        )

    def shifts(self) -> list[Shift]:
        """Every shift with its current owner, by start."""
        return [self._shifts[s.id] for s in self._by_start]

    def shifts_of(self, employee_id: str) -> list[Shift]:
        """The employee's shifts, by start (read-only: do not modify the list)."""
        return self._of.get(employee_id, [])

    def neighbours(self, shift: Shift) -> tuple[Shift | None, Shift | None]:
        """The owner's shift before and after ``shift``."""
        own = self.shifts_of(shift.employee)
        i = bisect_left([s.start for s in own], shift.start)
        before = own[i - 1] if i > 0 else None
        after = own[i + 1] if i + 1 < len(own) else None
        return before, after

    def _index(self, team: str | None, job_type: str | None) -> ShiftIndex:
        if team is not None and job_type is not None:
            raise InvalidArgumentError("job_type", job_type, "None when a team is given")
        if team is not None:
            return self._teams.get(team) or ShiftIndex()
        if job_type is not None:
            return self._jobs.get(job_type) or ShiftIndex()
        return self._all

    def shifts_between(
        self,
        start: datetime,
        end: datetime,
        *,
        team: str | None = None,
        job_type: str | None = None,
    ) -> Iterator[Shift]:
        """Every shift (current owners) sharing time with ``[start, end)``, by start; only
        those whose owner is of ``team`` or of ``job_type`` when one is given.

        Lazy, so a caller that has seen enough (a staffing count that reached its
        minimum) stops without visiting the rest.  One bisection in a per-team (or
        per-job-type) index: the cost grows with the answer, not with the roster.
        """
        shifts = self._shifts
        for shift_id in self._index(team, job_type).overlapping(start, end):
            yield shifts[shift_id]

    def shifts_starting(
        self,
        first: datetime,
        last: datetime,
        *,
        team: str | None = None,
        job_type: str | None = None,
    ) -> list[Shift]:
        """The shifts (current owners) starting from ``first`` to ``last`` inclusive, by
        start; only those of ``team`` or of ``job_type`` when one is given (ATT-3: who
        takes over from a shift ending then)."""
        shifts = self._shifts
        return [shifts[i] for i in self._index(team, job_type).starting(first, last)]

    def shifts_covering(
        self,
        start: datetime,
        end: datetime,
        *,
        team: str | None = None,
        job_type: str | None = None,
    ) -> Iterator[Shift]:
        """Every shift (current owners) on duty throughout ``[start, end)``, latest start
        first (lazy: staffing counts stop as soon as they have enough, SWAP-8); only those
        of ``team`` or of ``job_type`` when one is given."""
        shifts = self._shifts
        for shift_id in self._index(team, job_type).covering(start, end):
            yield shifts[shift_id]

    # -- derived facts -----------------------------------------------------------------------

    def kind(self, shift: Shift) -> ShiftKind:
        """Night if any part of the shift lies in the night window, else day (LEAVE-7)."""
        begin, finish = self.roster.night_window
        local_start, local_end = shift.start.astimezone(self.tz), shift.end.astimezone(self.tz)
        day = local_start.date() - timedelta(days=1)
        while day <= local_end.date():
            window_start = datetime.combine(day, begin, self.tz)
            window_end = datetime.combine(
                day + timedelta(days=1) if finish <= begin else day, finish, self.tz
            )
            if shift.overlaps(window_start, window_end):
                return ShiftKind.NIGHT
            day += timedelta(days=1)
        return ShiftKind.DAY

    def local_date(self, shift: Shift) -> date:
        """The local date a shift belongs to: the day it starts (CAL-1)."""
        return shift.start.astimezone(self.tz).date()

    def holiday_of(self, day: date, basis: HolidayBasis = "period") -> str | None:
        """The public holiday ``day`` belongs to, for messages, or ``None``.

        A date the holiday data lists gives its name (``"National Day"``), whatever the
        calendar's hours on it; with ``basis="period"`` a date inside a public-holiday
        period gives the period (``"National Day holiday period 2026-10-01..2026-10-07"``):
        the Sunday of Golden Week is a public holiday too (LEAVE-8, LEAVE-10, SWAP-9).
        """
        key = (day, basis)
        if key in self._holiday:
            return self._holiday[key]
        found = self.calendar.public_holiday(day)
        if found is None and basis == "period":
            period = self.calendar.holiday_period(day)
            if period is not None:
                found = f"{period.name} holiday period {period.start}..{period.end}"
        self._holiday[key] = found
        return found

    def on_public_holiday(self, shift: Shift, basis: HolidayBasis = "period") -> bool:
        """Whether the shift belongs to a public holiday (:meth:`holiday_of` the local date
        it starts on; SWAP-9, LEAVE-10)."""
        return self.holiday_of(self.local_date(shift), basis) is not None

    def is_public_holiday(self, day: date, basis: HolidayBasis = "period") -> bool:
        """Whether ``day`` is a public holiday (:meth:`holiday_of`; LEAVE-8)."""
        return self.holiday_of(day, basis) is not None

    # -- what was approved -------------------------------------------------------------------

    def swaps_of(self, employee_id: str) -> list[SwapRequest]:
        """Approved swaps the employee took part in (either side), in order of approval."""
        return self._swaps_of.get(employee_id, [])

    def swap_records(self) -> list[SwapRequest]:
        """Every approved swap on record, the roster's and those applied since, in order.

        .. versionadded:: 0.2.0
        """
        return list(self._swaps)

    def swap_of_shift(self, shift_id: str) -> SwapRequest | None:
        """The approved swap that moved this shift (as the shift or its return), if any."""
        return self._swap_of_shift.get(shift_id)

    def leaves_of(self, employee_id: str) -> list[LeaveRequest]:
        """Approved leave of the employee."""
        return self._leaves_of.get(employee_id, [])

    def on_leave(self, employee_id: str, start: datetime, end: datetime) -> bool:
        """Whether approved leave of the employee shares time with ``[start, end)``."""
        return any(lv.start < end and start < lv.end for lv in self.leaves_of(employee_id))

    # -- applying approved requests ----------------------------------------------------------

    def _record_swap(self, swap: SwapRequest) -> None:
        legs = (
            (swap.shift, swap.counterpart, swap.shift_start, swap.shift_end),
            (swap.return_shift, swap.requester, swap.return_start, swap.return_end),
        )
        for shift_id, owner, start, end in legs:
            if shift_id not in self._shifts and start is not None and end is not None:
                self._history[shift_id] = Shift(shift_id, owner, start, end)
        self._swaps.append(swap)
        self._swaps_of[swap.requester].append(swap)
        self._swaps_of[swap.counterpart].append(swap)
        self._swap_of_shift[swap.shift] = swap
        self._swap_of_shift[swap.return_shift] = swap

    def _record_leave(self, leave: LeaveRequest) -> None:
        self._leaves.append(leave)
        self._leaves_of[leave.employee].append(leave)

    def _move(self, shift_id: str, to: str) -> None:
        shift = self._shifts[shift_id]
        moved = attrs.evolve(shift, employee=to)
        self._shifts[shift_id] = moved
        before, after = self.employees.get(shift.employee), self.employees.get(to)
        if before is not None and after is not None:  # the indexes follow the new owner
            if before.team != after.team:
                self._teams[before.team].remove(shift)
                self._teams.setdefault(after.team, ShiftIndex()).add(moved)
            if before.job_type != after.job_type:
                self._jobs[before.job_type].remove(shift)
                self._jobs.setdefault(after.job_type, ShiftIndex()).add(moved)
        self._of[shift.employee] = [s for s in self._of[shift.employee] if s.id != shift_id]
        own = self._of[to]
        own.insert(bisect_left([s.start for s in own], moved.start), moved)

    def apply_swap(self, swap: SwapRequest) -> None:
        """Move both shifts to their new owners and keep the swap record (SWAP-5, SWAP-10),
        dated with both shifts' times so that it still counts once they leave the roster."""
        given, returned = self._shifts[swap.shift], self._shifts[swap.return_shift]
        self._move(swap.shift, swap.counterpart)
        self._move(swap.return_shift, swap.requester)
        self._record_swap(
            attrs.evolve(
                swap,
                shift_start=given.start,
                shift_end=given.end,
                return_start=returned.start,
                return_end=returned.end,
            )
        )

    def apply_leave(self, leave: LeaveRequest) -> None:
        """Record approved leave (LEAVE-9 and staffing read it)."""
        self._record_leave(leave)

    def to_roster(self) -> Roster:
        """The roster as it stands now: shifts with their current owners, the records."""
        return attrs.evolve(
            self.roster,
            shifts=tuple(self._shifts.values()),
            swaps=tuple(self._swaps),
            leaves=tuple(self._leaves),
        )


def view_of(roster: Roster | RosterView) -> RosterView:
    """What rule checks read: a fresh view of a :class:`Roster`, or a live
    :class:`RosterView` itself (as a review passes it; checks never change it)."""
    if isinstance(roster, Roster):
        return roster.view()
    if isinstance(roster, RosterView):
        return roster
    raise WrongTypeError("roster", roster, "a servicepolicy.workforce.Roster or RosterView")
