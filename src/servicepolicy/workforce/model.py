"""Who works when: employees, shifts and minimum staffing (the model behind LEAVE, SWAP, ATT).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["Employee", "Shift", "ShiftKind", "StaffingRequirement"]


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(attribute.name, value, "a non-empty string")


def _roles(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


class ShiftKind(enum.StrEnum):
    """Day or night, derived from a shift's hours and the roster's night window (LEAVE-7).

    .. versionadded:: 0.1.0
    """

    DAY = "day"
    NIGHT = "night"


@attrs.frozen
class Employee:
    """An agent: the rules compare job types and skill levels (SWAP-4) and route
    requests to the team leader (LEAVE-3, SWAP-5).

    :param id: the employee ID (``"A-07"``).
    :param team: the team the employee belongs to.
    :param team_leader: the employee ID or name of the team leader.
    :param job_type: e.g. ``"hotline"``, ``"outbound"``; swaps need the same (SWAP-4).
    :param skill_level: a number where higher is more skilled (SWAP-4, SWAP-8).
    :param roles: e.g. ``{"agent"}``; free-form labels.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_text)
    team: str = attrs.field(validator=_text)
    team_leader: str = attrs.field(validator=_text)
    job_type: str = attrs.field(validator=_text)
    skill_level: int = 1
    roles: frozenset[str] = attrs.field(default=frozenset(), converter=_roles)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.skill_level, bool) or not isinstance(self.skill_level, int):
            raise WrongTypeError(f"employee {self.id}: skill_level", self.skill_level, "an int")


@attrs.frozen
class Shift:
    """One rostered shift of one employee, ``[start, end)``.

    Whether it is a night shift and whether it falls on a public holiday are not stored:
    the :class:`~servicepolicy.workforce.Roster` derives them from its night window and
    its calendar.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_text)
    employee: str = attrs.field(validator=_text)
    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        aware(f"shift {self.id}: start", self.start)
        aware(f"shift {self.id}: end", self.end)
        if self.end <= self.start:
            raise InvalidArgumentError(
                f"shift {self.id}: end", self.end, f"an end after the start {self.start}"
            )

    @property
    def duration(self) -> timedelta:
        """How long the shift lasts (real elapsed time)."""
        return self.end - self.start

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether the shift shares any time with ``[start, end)``."""
        return self.start < end and start < self.end


@attrs.frozen
class StaffingRequirement:
    """The minimum staffing of a time slot (SWAP-8): at least ``minimum`` employees of
    ``job_type`` with a skill level of at least ``min_skill`` on duty throughout
    ``[start, end)``.

    .. versionadded:: 0.1.0
    """

    start: datetime
    end: datetime
    job_type: str = attrs.field(validator=_text)
    minimum: int = 1
    min_skill: int = 0

    def __attrs_post_init__(self) -> None:
        aware("staffing: start", self.start)
        aware("staffing: end", self.end)
        if self.end <= self.start:
            raise InvalidArgumentError("staffing: end", self.end, "an end after the start")
        if isinstance(self.minimum, bool) or not isinstance(self.minimum, int) or self.minimum < 0:
            raise InvalidArgumentError("staffing: minimum", self.minimum, "an int >= 0")
