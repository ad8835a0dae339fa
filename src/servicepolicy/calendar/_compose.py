"""Composed calendars: union, intersection and overlay of two calendars (CAL-6; private).

A composed calendar's working time is computed day by day from its operands' days, in
wall-clock seconds of their shared zone; converting to instants is monotonic, so the
result is exactly the union or intersection of the operands' working instants.

* **union** ``a | b``: day ``d`` has ``a``'s and ``b``'s hours of ``d``, merged.
* **intersection** ``a & b``: day ``d`` has what both calendars work of ``a``'s and
  ``b``'s hours of ``d``, plus the overlaps of a night of ``d`` with the other
  calendar's hours of ``d + 1``: a stretch belongs to the earlier of the two days it
  comes from, so a night shift stays on the day it starts (CAL-1) and ``a & a`` is ``a``.
* **overlay**: the hours of one calendar, the public holidays of another.

Public holidays and holiday periods of a union or intersection are those of the left
operand, then of the right; an overlay's are those of its holidays calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, cast

import attrs

from servicepolicy.calendar.days import DayInfo, DayKind
from servicepolicy.calendar.hours import DAY, DayHours, WeeklyHours
from servicepolicy.errors import InvalidCalendarError, WrongTypeError

if TYPE_CHECKING:
    from servicepolicy.calendar.business import BusinessCalendar

__all__ = [
    "Composable",
    "Composition",
    "Operation",
    "combine_days",
    "intersect",
    "merge_hours",
    "summary",
]

Operation = Literal["union", "intersection", "overlay"]
_SYMBOL = {"union": "|", "intersection": "&"}


def merge_hours(intervals: list[tuple[int, int]]) -> DayHours:
    """Sorted, disjoint, non-touching intervals covering the same seconds."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _overlap(a: DayHours, b: DayHours, shift_b: int = 0) -> list[tuple[int, int]]:
    return [
        (max(s1, s2 + shift_b), min(e1, e2 + shift_b))
        for s1, e1 in a
        for s2, e2 in b
        if max(s1, s2 + shift_b) < min(e1, e2 + shift_b)
    ]


def intersect(a: DayHours, b: DayHours, a_next: DayHours, b_next: DayHours) -> DayHours:
    """Day ``d`` of an intersection from both calendars' hours of ``d`` and ``d + 1``."""
    pieces = _overlap(a, b) + _overlap(a, b_next, DAY) + _overlap(b, a_next, DAY)
    return merge_hours(pieces)


def summary(operation: Operation, left: WeeklyHours, right: WeeklyHours) -> WeeklyHours:
    """The weekly pattern of a composition: what it works in an ordinary week."""
    if operation == "overlay":
        return left
    days = []
    for weekday in range(7):
        after = (weekday + 1) % 7
        if operation == "union":
            hours = merge_hours([*left.days[weekday], *right.days[weekday]])
        else:
            a, b = left.days, right.days
            hours = intersect(a[weekday], b[weekday], a[after], b[after])
        days.append(hours)
    return WeeklyHours(tuple(days))


def _explaining(infos: tuple[DayInfo, DayInfo], *, open_day: bool) -> DayInfo:
    """The operand's day that explains the composed day: one that is open (or closed)
    like the result, preferring one a rule decided over the weekly pattern."""
    alike = [i for i in infos if bool(i.hours) == open_day] or list(infos)
    return next((i for i in alike if not i.is_ordinary), alike[0])


def combine_days(operation: Operation, left: DayInfo, right: DayInfo, hours: DayHours) -> DayInfo:
    """The :class:`DayInfo` of a composed day with ``hours``, explained by an operand."""
    if operation == "overlay":
        if left.is_ordinary and right.kind in (DayKind.HOLIDAY, DayKind.MAKEUP):
            return attrs.evolve(right, hours=hours)
        return attrs.evolve(left, hours=hours)
    return attrs.evolve(_explaining((left, right), open_day=bool(hours)), hours=hours)


@attrs.frozen
class Composition:
    """How a composed calendar was made: ``left | right``, ``left & right``, or the
    hours of ``left`` with the public holidays of ``right`` (overlay)."""

    operation: Operation
    left: BusinessCalendar
    right: BusinessCalendar

    @property
    def holidays_from(self) -> tuple[BusinessCalendar, ...]:
        """The calendars whose public holidays the composition knows, in order."""
        if self.operation == "overlay":
            return (self.right,)
        return (self.left, self.right)

    def __str__(self) -> str:
        if self.operation == "overlay":
            return f"BusinessCalendar.overlay(hours={self.left!r}, holidays={self.right!r})"
        return f"({self.left!r} {_SYMBOL[self.operation]} {self.right!r})"


def check_operands(argument: str, left: object, right: object) -> None:
    """Both operands are calendars in the same zone (their days must be the same days)."""
    for name, value in (("self", left), (argument, right)):
        if not isinstance(value, Composable):
            raise WrongTypeError(name, value, "a servicepolicy.BusinessCalendar")
    left_tz, right_tz = getattr(left, "tz", None), getattr(right, "tz", None)
    if str(left_tz) != str(right_tz):
        raise InvalidCalendarError(
            argument,
            f"a calendar in {right_tz}",
            f"a calendar in the same time zone as the other ({left_tz}): composed "
            "calendars count working days and holidays on one local date",
        )


class Composable:
    """The composition operators of :class:`~servicepolicy.calendar.BusinessCalendar`."""

    def _may_open(self) -> bool:
        """Whether a date may have hours that the weekly pattern does not give it."""
        cal = cast("BusinessCalendar", self)
        comp = cal.composition
        if comp is None:
            makeup = cal._source.has_makeup_days and cal.holidays_close
            return bool(cal.special_hours or cal.extra_workdays or makeup)
        return comp.left._may_open() or comp.right._may_open()

    def _only_dates(self) -> Mapping[date, DayHours] | None:
        """When the calendar works only on some dates, their hours; else ``None``."""
        cal = cast("BusinessCalendar", self)
        comp = cal.composition
        if comp is None:
            return None if cal.hours.weekly_seconds else cal.special_hours
        if not cal.hours.weekly_seconds and not cal._may_open():
            return {}
        left, right = comp.left._only_dates(), comp.right._only_dates()
        if comp.operation == "overlay":
            return left
        if comp.operation == "union":
            candidates = None if left is None or right is None else {*left, *right}
        else:
            dates = [set(d) for d in (left, right) if d is not None]
            candidates = set.union(*dates) if dates else None
            if candidates is not None:
                candidates |= {d - timedelta(days=1) for d in candidates if d > date.min}
        if candidates is None:
            return None
        years = range(cal.first_year, cal.last_year + 1)
        return {d: cal._day(d).hours for d in sorted(candidates) if d.year in years}

    def _compose(
        self, operation: Operation, other: BusinessCalendar, argument: str
    ) -> BusinessCalendar:
        check_operands(argument, self, other)
        cal = cast("BusinessCalendar", self)
        comp = Composition(operation, cal, other)
        knows = next((c for c in comp.holidays_from if c._source.has_data), comp.holidays_from[0])
        return type(cal)(
            hours=summary(operation, cal.hours, other.hours),
            tz=cal.tz,
            country=knows.country,
            subdiv=knows.subdiv,
            holidays=knows.holidays,
            language=knows.language,
            composition=comp,
        )

    def __or__(self, other: BusinessCalendar) -> BusinessCalendar:
        """The union: working time when either calendar works (a desk staffed when
        either team works; CAL-6).  Both calendars must share a zone.

        .. versionadded:: 0.2.0
        """
        if not isinstance(other, Composable):
            return NotImplemented
        return self._compose("union", other, "other")

    def __and__(self, other: BusinessCalendar) -> BusinessCalendar:
        """The intersection: working time when both calendars work (CAL-6).  Both
        calendars must share a zone.

        .. versionadded:: 0.2.0
        """
        if not isinstance(other, Composable):
            return NotImplemented
        return self._compose("intersection", other, "other")

    def with_holidays_of(self, other: BusinessCalendar) -> BusinessCalendar:
        """This calendar's hours with ``other``'s public holidays and holiday periods:
        ``BusinessCalendar.overlay(hours=self, holidays=other)``.

        .. versionadded:: 0.2.0
        """
        return self._compose("overlay", other, "other")

    @staticmethod
    def overlay(*, hours: BusinessCalendar, holidays: BusinessCalendar) -> BusinessCalendar:
        """A calendar with the working time of ``hours`` and the public holidays (and
        holiday periods) of ``holidays``, for the LEAVE and SWAP rules and
        :meth:`day_info` (CAL-2, CAL-6).  Both calendars must share a zone.

        .. versionadded:: 0.2.0
        """
        if not isinstance(hours, Composable):
            raise WrongTypeError("hours", hours, "a servicepolicy.BusinessCalendar")
        return hours._compose("overlay", holidays, "holidays")
