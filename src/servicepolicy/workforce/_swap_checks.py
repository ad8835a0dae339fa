"""Machinery behind the SWAP rules of :mod:`servicepolicy.workforce.swap` (private).

Looking a request's records up, shift sequences, the month a swap belongs to, staffing
coverage of a slot, colleagues a refusal can suggest, and the wording of explanations.
Nothing here changes a :class:`~servicepolicy.workforce.RosterView`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from servicepolicy.errors import InvalidArgumentError, UnknownRecordError, WrongTypeError
from servicepolicy.rules import Severity
from servicepolicy.workforce.model import Employee, Shift, StaffingRequirement
from servicepolicy.workforce.requests import ApproverRole, SwapRequest
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.swap import SwapPolicy


class Leg(NamedTuple):
    """One direction of a swap: ``giver`` hands ``shift`` to ``taker`` (SWAP-10)."""

    giver: Employee
    taker: Employee
    shift: Shift
    label: str
    """``"shift"`` (the requester's) or ``"return shift"`` (the counterpart's)."""


class Swap(NamedTuple):
    """A swap request with its records looked up."""

    request: SwapRequest
    requester: Employee
    counterpart: Employee
    given: Shift
    """``request.shift``: goes from the requester to the counterpart."""
    returned: Shift
    """``request.return_shift``: goes from the counterpart to the requester."""

    @property
    def legs(self) -> tuple[Leg, Leg]:
        """Both directions: the shift and its return (还班, SWAP-10)."""
        return (
            Leg(self.requester, self.counterpart, self.given, "shift"),
            Leg(self.counterpart, self.requester, self.returned, "return shift"),
        )


def resolve(request: SwapRequest, view: RosterView) -> Swap:
    """The request's employees and shifts; :class:`UnknownRecordError` naming the request."""
    where = f"swap request {request.id}"
    return Swap(
        request,
        view.employee(request.requester, where=where),
        view.employee(request.counterpart, where=where),
        view.shift(request.shift, where=where),
        view.shift(request.return_shift, where=where),
    )


# -- wording ---------------------------------------------------------------------------------

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def ordinal(n: int) -> str:
    """``"third"`` for 3; ``"12th"`` past the eighth."""
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when(shift: Shift, tz: tzinfo) -> str:
    """``"2026-11-05 20:00-08:00"``: local start date and hours."""
    start, end = shift.start.astimezone(tz), shift.end.astimezone(tz)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"


def describe(shift: Shift, tz: tzinfo) -> str:
    """``"S-1 (2026-11-05 08:00-20:00)"``."""
    return f"{shift.id} ({when(shift, tz)})"


def span(start: datetime, end: datetime, tz: tzinfo) -> str:
    """``"2026-11-05 08:00 to 2026-11-06 00:00"`` in local time."""
    return f"{start.astimezone(tz):%Y-%m-%d %H:%M} to {end.astimezone(tz):%Y-%m-%d %H:%M}"


def duration(value: timedelta) -> str:
    """``"8h"``, ``"7h30m"``, ``"0h"``; negative durations are written ``"-1h"``."""
    minutes = int(value.total_seconds() // 60)
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    hours, rest = divmod(minutes, 60)
    return f"{sign}{hours}h{rest}m" if rest else f"{sign}{hours}h"


def times(n: int) -> str:
    """``"not yet"``, ``"swapped once"``, ``"swapped 2 times"``."""
    return "not yet" if n == 0 else "swapped once" if n == 1 else f"swapped {n} times"


def either(names: Sequence[str]) -> str:
    """``"A"``, ``"A or B"``, ``"A, B or C"``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


# -- months (SWAP-1) -------------------------------------------------------------------------


def swap_day(swap: SwapRequest, view: RosterView, month_of: str) -> date:
    """The local date a swap counts on: its given shift's start, or when it was requested."""
    if month_of == "request":
        return swap.requested_at.astimezone(view.tz).date()
    return view.local_date(view.recorded_shift(swap.shift, swap))


def colleagues(
    view: RosterView, like: Employee, tolerance: int, exclude: Collection[str]
) -> Iterator[Employee]:
    """Employees who could stand in for ``like`` under SWAP-4, in roster order (lazy)."""
    for employee in view.employees.values():
        if (
            employee.job_type == like.job_type
            and abs(employee.skill_level - like.skill_level) <= tolerance
            and employee.id not in exclude
        ):
            yield employee


# -- sequences (SWAP-2, SWAP-3) --------------------------------------------------------------


def _start(shift: Shift) -> datetime:
    return shift.start


def around(
    own: Sequence[Shift], at: Shift, skip: Collection[str] = ()
) -> tuple[Shift | None, Shift | None]:
    """The shifts of ``own`` (sorted by start) just before and just after ``at``'s start,
    ignoring ``at`` itself and the IDs in ``skip``."""
    i = bisect_left(own, at.start, key=_start)
    j = i - 1
    while j >= 0 and (own[j].id == at.id or own[j].id in skip):
        j -= 1
    k = i
    while k < len(own) and (own[k].id == at.id or own[k].id in skip):
        k += 1
    return (own[j] if j >= 0 else None), (own[k] if k < len(own) else None)


def given_away(view: RosterView, employee_id: str) -> list[Shift]:
    """Shifts the employee handed to someone else in approved swaps, sorted by start."""
    shifts = []
    for swap in view.swaps_of(employee_id):
        shift_id = swap.shift if swap.requester == employee_id else swap.return_shift
        shift = view.recorded_shift(shift_id, swap)
        if shift.employee != employee_id:  # not swapped back since
            shifts.append(shift)
    return sorted(shifts, key=_start)


def sequence(view: RosterView, employee_id: str) -> list[Shift]:
    """The employee's shifts by start: on the roster, and those of earlier months known
    only from swap records (SWAP-2)."""
    history = view.history_of(employee_id)
    own = view.shifts_of(employee_id)
    return sorted([*own, *history], key=_start) if history else own


def certain(
    view: RosterView, near: tuple[Shift | None, Shift | None], at: Shift, gap: timedelta
) -> tuple[Shift | None, Shift | None]:
    """``near`` without neighbours known only from a swap record that lie more than
    ``gap`` from ``at``: the shifts in between are not on the roster, so whether the two
    are "in a row" is unknown (SWAP-2, ``record_gap``)."""
    before, after = near
    if before is not None and not view.is_rostered(before.id):
        before = before if at.start.astimezone(UTC) - before.end.astimezone(UTC) <= gap else None
    if after is not None and not view.is_rostered(after.id):
        after = after if after.start.astimezone(UTC) - at.end.astimezone(UTC) <= gap else None
    return before, after


def closest(
    first: tuple[Shift | None, Shift | None], second: tuple[Shift | None, Shift | None]
) -> tuple[Shift | None, Shift | None]:
    """Merge two ``(before, after)`` pairs: the latest before, the earliest after."""
    befores = [s for s in (first[0], second[0]) if s is not None]
    afters = [s for s in (first[1], second[1]) if s is not None]
    return (
        max(befores, key=_start) if befores else None,
        min(afters, key=_start) if afters else None,
    )


# -- staffing (SWAP-8) -----------------------------------------------------------------------


class StaffingIndex:
    """Staffing requirements sorted by start, for bisection."""

    def __init__(self, staffing: Sequence[StaffingRequirement]) -> None:
        self.items = sorted(staffing, key=lambda r: (r.start, r.end))
        self.starts = [r.start for r in self.items]

    def within(self, start: datetime, end: datetime) -> list[StaffingRequirement]:
        """The requirements whose slot lies inside ``[start, end)``."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [r for r in self.items[lo:hi] if r.end <= end]


_INDEXES: dict[int, tuple[Sequence[StaffingRequirement], StaffingIndex]] = {}


def staffing_index(staffing: Sequence[StaffingRequirement]) -> StaffingIndex:
    """The index of a roster's staffing tuple, built once and kept for the last few rosters."""
    hit = _INDEXES.get(id(staffing))
    if hit is not None and hit[0] is staffing:
        return hit[1]
    index = StaffingIndex(staffing)
    while len(_INDEXES) >= 8:
        del _INDEXES[next(iter(_INDEXES))]
    _INDEXES[id(staffing)] = (staffing, index)  # keeps staffing alive: its id stays unique
    return index


class Qualified:
    """Whether an employee counts toward a requirement: job type, skill, not on leave."""

    def __init__(self, view: RosterView, requirement: StaffingRequirement) -> None:
        self.view = view
        self.requirement = requirement
        self.known: dict[str, bool] = {}

    def __call__(self, employee_id: str) -> bool:
        found = self.known.get(employee_id)
        if found is None:
            req, employee = self.requirement, self.view.employees.get(employee_id)
            found = self.known[employee_id] = (
                employee is not None
                and employee.job_type == req.job_type
                and employee.skill_level >= req.min_skill
                and not self.view.on_leave(employee_id, req.start, req.end)
            )
        return found


def short_of(
    view: RosterView, qualified: Qualified, moved: Mapping[str, str]
) -> tuple[int, int] | None:
    """``(before, after)``: how many qualified employees are on duty throughout the
    requirement's slot before and after the shifts in ``moved`` (shift ID -> new owner)
    change hands, if ``after`` is below the minimum; ``None`` as soon as it is not."""
    req = qualified.requirement
    if req.minimum <= 0:
        return None
    before: set[str] = set()
    after: set[str] = set()
    # the job type's own shifts, then moved shifts whose current owner has another job type
    on_duty = view.shifts_covering(req.start, req.end, job_type=req.job_type)
    for shift in itertools.chain(on_duty, _moved_in(view, req, moved)):
        owner = moved.get(shift.id, shift.employee)
        if qualified(owner):
            after.add(owner)
            if len(after) >= req.minimum:
                return None
        if qualified(shift.employee):
            before.add(shift.employee)
    return len(before), len(after)


def _moved_in(
    view: RosterView, req: StaffingRequirement, moved: Mapping[str, str]
) -> Iterator[Shift]:
    """The moved shifts covering the slot whose current owner is not of its job type."""
    for shift_id in moved:
        try:
            shift = view.shift(shift_id, "staffing check")
        except UnknownRecordError:
            continue  # an unknown shift is reported by the rule that names it
        owner = view.employees.get(shift.employee)
        if owner is not None and owner.job_type == req.job_type:
            continue  # already among the job type's shifts
        if shift.start <= req.start and shift.end >= req.end:
            yield shift


# -- policy parameters -----------------------------------------------------------------------


def count_validator(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    """An int >= 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(attribute.name, value, "an int")
    if value < 0:
        raise InvalidArgumentError(attribute.name, value, "an int >= 0")


def flag_validator(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    """A bool."""
    if not isinstance(value, bool):
        raise WrongTypeError(attribute.name, value, "a bool")


def month_of_validator(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """``"shift"`` or ``"request"`` (SWAP-1)."""
    if value not in ("shift", "request"):
        raise InvalidArgumentError(attribute.name, value, "'shift' or 'request'")


def severity_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A Severity or None (SWAP-8)."""
    if value is not None and not isinstance(value, Severity):
        raise WrongTypeError(attribute.name, value, "a servicepolicy.rules.Severity or None")


# -- helpers of the rules --------------------------------------------------------------------


def month_start(policy: SwapPolicy, request: SwapRequest, view: RosterView) -> date:
    """The first day of the month ``request`` counts in (SWAP-1, ``month_of``)."""
    return swap_day(request, view, policy.month_of).replace(day=1)


def swaps_used(
    policy: SwapPolicy, view: RosterView, employee_id: str, month: date, exclude: str
) -> list[tuple[date, SwapRequest]]:
    """The approved swaps (other than ``exclude``) that count toward ``employee_id``'s
    SWAP-1 limit in ``month`` (its first day), with the date each counts on."""
    found = []
    for swap in view.swaps_of(employee_id):
        if swap.id == exclude or not (policy.count_counterpart or swap.requester == employee_id):
            continue
        day = swap_day(swap, view, policy.month_of)
        if day.replace(day=1) == month:
            found.append((day, swap))
    return found


def suggest_colleagues(policy: SwapPolicy, view: RosterView, swap: Swap) -> str | None:
    """``"ask A-02 (swapped once in 2026-11) or B-02 (not yet in 2026-11)"``: colleagues who
    could take the requester's shift under SWAP-4 and have swaps left under SWAP-1."""
    if policy.max_suggested == 0:
        return None
    month = month_start(policy, swap.request, view)
    exclude = {swap.requester.id, swap.counterpart.id}
    found: list[str] = []
    for employee in colleagues(view, swap.requester, policy.skill_tolerance, exclude):
        used = len(swaps_used(policy, view, employee.id, month, swap.request.id))
        if used < policy.max_per_month:
            found.append(f"{employee.id} ({times(used)} in {month:%Y-%m})")
            if len(found) >= policy.max_suggested:
                break
    return f"ask {either(found)}" if found else None


def missing_leaders(swap: Swap) -> list[tuple[str, list[str]]]:
    """Team leaders (with their parties) whose SWAP-5 approval is not on the request."""
    leaders: dict[str, list[str]] = {}
    for person in (swap.requester, swap.counterpart):
        leaders.setdefault(person.team_leader, []).append(person.id)
    approved = {a.by for a in swap.request.approvals if a.role is ApproverRole.TEAM_LEADER}
    return [(leader, people) for leader, people in leaders.items() if leader not in approved]
