"""A schedule of obligations: what falls due between two instants, and what was missed.

:class:`Obligations` holds recurring :class:`~servicepolicy.obligations.Cadence` values
and one-off :class:`~servicepolicy.obligations.Obligation` items (visits, follow-ups,
reports an escalation owes), in one time zone and, optionally, on a business calendar.
:meth:`Obligations.due` lists what falls due; :meth:`Obligations.check` returns a
:class:`~servicepolicy.rules.Violation` for each obligation missed or done late.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.obligations import all_agents_meeting, quality_report
>>> SH = ZoneInfo("Asia/Shanghai")
>>> schedule = Obligations([quality_report(), all_agents_meeting()],
...                        since=datetime(2026, 11, 1, tzinfo=SH), tz=SH)
>>> for o in schedule.due(datetime(2026, 11, 1, tzinfo=SH), datetime(2026, 12, 1, tzinfo=SH)):
...     print(o)
2026-11-20 CAD-2 all-agents meeting
2026-11-22 CAD-1 monthly service-quality report (team leaders)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

import attrs

from servicepolicy import checks as check
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, NoWorkingTimeError, WrongTypeError
from servicepolicy.obligations.cadence import Cadence
from servicepolicy.obligations.obligation import DoneRecord, Obligation, check_obligations
from servicepolicy.rules import Violation

__all__ = ["MAX_ROLL", "Obligations"]

#: The farthest a due day may roll to a working day; a calendar with a longer stretch of
#: days off in a row is refused (:class:`~servicepolicy.errors.NoWorkingTimeError`).
MAX_ROLL = timedelta(days=62)


def _cadences(value: object) -> tuple[Cadence, ...]:
    return check.items("cadences", value, Cadence, "a Cadence")


def _items(value: object) -> tuple[Obligation, ...]:
    return check.items("items", value, Obligation, "an Obligation")


def _since(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    check.aware("since", value)


def _calendar(
    instance: object, attribute: attrs.Attribute[BusinessCalendar | None], value: object
) -> None:
    if value is not None and not isinstance(value, BusinessCalendar):
        raise WrongTypeError("calendar", value, "a BusinessCalendar or None")


def _zone(value: object) -> tzinfo | None:
    return None if value is None else check.zone("tz", value)


@attrs.frozen
class Obligations:
    """Recurring and one-off obligations in one time zone (CAD-1 … CAD-5, TIER-4, ESC-2).

    :param cadences: the recurring obligations
        (:func:`~servicepolicy.obligations.quality_report` …).
    :param since: the schedule starts here: nothing due before it is listed or checked.
    :param tz: the zone whose local days the cadences fall due in; by default the
        calendar's.
    :param calendar: a business calendar for cadences that ``roll`` off days that are not
        working days; ``None``: no day rolls.
    :param items: one-off obligations: visits
        (:func:`~servicepolicy.obligations.visit_obligations`), follow-ups
        (:func:`~servicepolicy.obligations.follow_up_visit`), reports owed after an
        emergency escalation…
    :raises servicepolicy.errors.ServicePolicyError: if neither ``tz`` nor ``calendar`` is
        given, they disagree, two cadences share a name, two items share a key, or an item's
        key could be a cadence's.

    .. versionadded:: 0.1.0
    """

    cadences: tuple[Cadence, ...] = attrs.field(converter=_cadences)
    since: datetime = attrs.field(kw_only=True, validator=_since)
    tz: tzinfo = attrs.field(default=None, kw_only=True, converter=_zone)
    calendar: BusinessCalendar | None = attrs.field(default=None, kw_only=True, validator=_calendar)
    items: tuple[Obligation, ...] = attrs.field(default=(), kw_only=True, converter=_items)

    def __attrs_post_init__(self) -> None:
        if self.tz is None:
            if self.calendar is None:
                raise InvalidArgumentError(
                    "tz", None, "a time zone for the cadences' days, or a calendar"
                )
            object.__setattr__(self, "tz", self.calendar.tz)
        elif self.calendar is not None and str(self.calendar.tz) != str(self.tz):
            raise InvalidArgumentError("tz", self.tz, f"the calendar's zone {self.calendar.tz}")
        check.unique("cadences: name", (c.name for c in self.cadences))
        check.unique("items: key", (o.key for o in self.items))
        names = {c.name for c in self.cadences}
        for item in self.items:
            if item.key.partition("@")[0] in names:
                raise InvalidArgumentError(
                    "items: key", item.key, "a key other than those of the cadences"
                )

    def with_items(self, items: Iterable[Obligation]) -> Obligations:
        """A copy with ``items`` added to the one-off obligations."""
        return attrs.evolve(self, items=(*self.items, *_items(items)))

    def due(self, start: datetime, end: datetime) -> tuple[Obligation, ...]:
        """The obligations due in ``[start, end)`` (and not before ``since``), by due instant
        and then key.  Each occurrence of a cadence is listed once, with the day it falls
        due after rolling; its key keeps the day the recurrence gave.

        :raises servicepolicy.errors.InvalidArgumentError: if an instant is naive or
            ``end`` is before ``start``.
        :raises servicepolicy.errors.NoWorkingTimeError: if a day should roll farther than
            ``MAX_ROLL``.
        """
        start, end = check.aware("start", start), check.aware("end", end)
        if end < start:
            raise InvalidArgumentError("end", end, f"an instant at or after start ({start})")
        low = max(start, self.since)
        found = [o for o in self.items if low <= o.due < end]
        if low < end:
            for cadence in self.cadences:
                found.extend(self._occurrences(cadence, low, end))
        return tuple(sorted(found, key=lambda o: (o.due, o.key)))

    def check(self, done_records: Iterable[DoneRecord], now: datetime) -> tuple[Violation, ...]:
        """The violations at ``now``: each obligation due from ``since`` to ``now`` that was
        missed (an ERROR) or done late (a WARNING), citing its rule (CAD-1 …).

        Obligations are matched with records by key; records dated after ``now`` are
        ignored, so a past ``now`` replays what was known then.  See
        :func:`~servicepolicy.obligations.check_obligations`.
        """
        now = check.aware("now", now)
        owed = self.due(self.since, now) if now > self.since else ()
        return check_obligations(owed, done_records, now)

    # -- occurrences -----------------------------------------------------------------------

    def _occurrences(self, cadence: Cadence, start: datetime, end: datetime) -> list[Obligation]:
        tz = self.tz
        margin = MAX_ROLL if self._rolls(cadence) else timedelta(0)
        first = start.astimezone(tz).date() - margin
        last = end.astimezone(tz).date() + margin
        found = []
        for nominal in cadence.days(first, last):
            day = self._rolled(cadence, nominal)
            due = check.end_of_day(day, tz)
            if start <= due < end:
                found.append(
                    Obligation(
                        cadence.key(nominal),
                        cadence.rule_id,
                        cadence.title,
                        due,
                        owner=cadence.owner,
                        day=day,
                    )
                )
        return found

    def _rolls(self, cadence: Cadence) -> bool:
        return self.calendar is not None and cadence.roll != "none"

    def _rolled(self, cadence: Cadence, day: date) -> date:
        calendar = self.calendar
        if calendar is None or cadence.roll == "none" or calendar.is_working_day(day):
            return day
        moved = calendar.add_working_days(day, -1 if cadence.roll == "backward" else 0)
        if abs(moved - day) > MAX_ROLL:
            raise NoWorkingTimeError(
                f"{cadence.name}: the due day {day} would roll {cadence.roll} to {moved}, "
                f"farther than {MAX_ROLL.days} days; use roll='none' or a calendar with "
                "working days nearby"
            )
        return moved
