"""The example call centre's people and roster: teams, team leaders, shifts, minimum staffing.

A call centre in Shanghai with 40 agents in six teams, each under its team leader:

==============  ===========  ======  ===================================================
team            job type     agents  shifts
==============  ===========  ======  ===================================================
``hotline-1``   hotline      8       12-hour day (08:00-20:00) and night (20:00-08:00)
``hotline-2``   hotline      8       shifts in a four-day cycle: day, night, rest, rest
``hotline-3``   hotline      8       (round the clock, six agents on each shift)
``outbound``    outbound     6       09:00-18:00, Monday to Friday (campaigns, 回访)
``exhibition``  exhibition   5       the exhibition desk: 09:00-18:00 every day, five a week
``logistics``   logistics    5       the logistics desk: 08:30-17:30 Monday to Saturday,
                                     five a week
==============  ===========  ======  ===================================================

Approvals go to the team leaders (``TL-1`` … ``TL-6``), the customer-service department
head ``DH-1``, the centre head ``CH-1`` and management ``MG-1`` (LEAVE-4, LEAVE-7,
LEAVE-11).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.workforce import Employee, Shift, StaffingRequirement

__all__ = [
    "CENTRE_HEAD",
    "DEPARTMENT_HEAD",
    "MANAGEMENT",
    "SHANGHAI",
    "TEAMS",
    "Team",
    "calendar",
    "days",
    "employees",
    "shifts",
    "staffing",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
"""The centre's time zone (CAL-5)."""

DEPARTMENT_HEAD = "DH-1"
"""The customer-service department head, who approves leave of up to one day (LEAVE-4)."""

CENTRE_HEAD = "CH-1"
"""The centre head, who approves longer leave, business trips and training (LEAVE-4, LEAVE-11)."""

MANAGEMENT = "MG-1"
"""Management, who approves late requests and night-shift special cases (LEAVE-2, LEAVE-7)."""

_DAY = timedelta(days=1)


@attrs.frozen
class Team:
    """A team of the example centre and how it is rostered.

    :param name: the team (``"hotline-1"``).
    :param leader: its team leader's employee ID.
    :param job_type: the agents' job type (SWAP-4).
    :param queue: the call queue (and ticket desk) it serves.
    :param hours: ``(start, end)`` local shift hours; ``None`` for the day/night cycle.
    :param weekdays: the weekdays the desk is open (0 is Monday).
    :param shifts_per_week: shifts each agent works a week on a desk (rest days rotate).
    :param minimum: minimum staffing of each shift slot of its job type (SWAP-8).
    :param size: how many agents it has.

    .. versionadded:: 0.1.0
    """

    name: str
    leader: str
    job_type: str
    queue: str
    hours: tuple[time, time] | None
    weekdays: frozenset[int] = frozenset(range(7))
    shifts_per_week: int = 5
    minimum: int = 3
    size: int = 8


TEAMS = (
    Team("hotline-1", "TL-1", "hotline", "hotline", None, minimum=5),
    Team("hotline-2", "TL-2", "hotline", "hotline", None, minimum=5),
    Team("hotline-3", "TL-3", "hotline", "hotline", None, minimum=5),
    Team(
        "outbound",
        "TL-4",
        "outbound",
        "outbound",
        (time(9), time(18)),
        frozenset(range(5)),
        5,
        4,
        size=6,
    ),
    Team("exhibition", "TL-5", "exhibition", "exhibition", (time(9), time(18)), minimum=3, size=5),
    Team(
        "logistics",
        "TL-6",
        "logistics",
        "logistics",
        (time(8, 30), time(17, 30)),
        frozenset(range(6)),
        minimum=3,
        size=5,
    ),
)
"""The six teams, 40 agents."""


def calendar() -> BusinessCalendar:
    """The roster's calendar: round the clock in Shanghai, with China's public holidays
    (LEAVE-8, LEAVE-10, SWAP-9) and weekend make-up days (CAL-3).

    .. versionadded:: 0.1.0
    """
    return BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN", name="call centre")


def days(start: date, end: date) -> Iterator[date]:
    """The dates from ``start`` up to, not including, ``end``.

    .. versionadded:: 0.1.0
    """
    day = start
    while day < end:
        yield day
        day += _DAY


def employees(rng: random.Random) -> tuple[Employee, ...]:
    """The 40 agents ``A-01`` … ``A-40`` (skill levels 1-4) and the six team leaders.

    .. versionadded:: 0.1.0
    """
    found = []
    number = 0
    for team in TEAMS:
        for _ in range(team.size):
            number += 1
            skill = rng.choices((1, 2, 3, 4), weights=(2, 5, 4, 1))[0]
            roles = {"agent", "trainer"} if skill == 4 else {"agent"}
            found.append(
                Employee(f"A-{number:02d}", team.name, team.leader, team.job_type, skill, roles)
            )
    for team in TEAMS:
        found.append(
            Employee(team.leader, team.name, DEPARTMENT_HEAD, team.job_type, 5, {"team_leader"})
        )
    return tuple(found)


def _at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour, SHANGHAI)


def shifts(people: tuple[Employee, ...], start: date, end: date) -> tuple[Shift, ...]:
    """Every agent's shifts starting from ``start`` up to ``end``.

    Hotline agents run the cycle day, night, rest, rest in four phases, two agents of each
    team per phase (six on each shift); desk agents work their desk's hours on
    ``shifts_per_week`` of its open days, rest days staggered across the team.  Shift IDs
    name the employee, the date and ``D`` (day) or ``N`` (night): ``A-03-1102-N``.

    .. versionadded:: 0.1.0
    """
    found = []
    epoch = date(2026, 1, 1)  # the cycles are anchored, so any month continues the last one
    for team in TEAMS:
        agents = [p for p in people if p.team == team.name and "agent" in p.roles]
        for index, person in enumerate(agents):
            for day in days(start, end):
                offset = (day - epoch).days
                if team.hours is None:
                    phase = (offset + index // 2) % 4
                    if phase == 0:
                        found.append(_shift(person, day, time(8), time(20), "D"))
                    elif phase == 1:
                        found.append(_shift(person, day, time(20), time(8), "N"))
                    continue
                if day.weekday() not in team.weekdays:
                    continue
                open_days = sorted(team.weekdays)
                first = index + offset // 7  # rest days rotate week by week
                rest = len(open_days) - team.shifts_per_week
                if day.weekday() in {open_days[(first + i) % len(open_days)] for i in range(rest)}:
                    continue
                found.append(_shift(person, day, *team.hours, "D"))
    return tuple(sorted(found, key=lambda s: (s.start, s.id)))


def _shift(person: Employee, day: date, begin: time, finish: time, kind: str) -> Shift:
    start = _at(day, begin)
    end = _at(day + (_DAY if finish <= begin else timedelta(0)), finish)
    return Shift(f"{person.id}-{day:%m%d}-{kind}", person.id, start, end)


def staffing(start: date, end: date) -> tuple[StaffingRequirement, ...]:
    """The minimum staffing of every shift slot of every team's job type (SWAP-8).

    .. versionadded:: 0.1.0
    """
    found: dict[tuple[datetime, datetime, str], int] = {}
    for team in TEAMS:
        for day in days(start, end):
            if team.hours is None:
                slots = [(time(8), time(20)), (time(20), time(8))]
            elif day.weekday() in team.weekdays:
                slots = [team.hours]
            else:
                slots = []
            for begin, finish in slots:
                slot_end = _at(day + (_DAY if finish <= begin else timedelta(0)), finish)
                key = (_at(day, begin), slot_end, team.job_type)
                found[key] = max(found.get(key, 0), team.minimum)
    return tuple(
        StaffingRequirement(first, last, job_type, minimum)
        for (first, last, job_type), minimum in sorted(found.items())
    )
