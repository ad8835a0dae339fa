"""What the time clock and the hand-over log recorded (the facts ATT-1 … ATT-4 judge).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from servicepolicy.checks import aware, optional_text
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["ClockRecord", "HandOverLog"]


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(attribute.name, value, "a non-empty string")


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    optional_text(f"hand-over log: {attribute.name}", value)


def _away(value: Iterable[tuple[datetime, datetime]]) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(tuple(period) for period in value)  # type: ignore[misc]


@attrs.frozen
class ClockRecord:
    """What the time clock saw of one employee on one shift (ATT-1, ATT-2, ATT-3).

    :param employee: the employee ID: the shift's current owner (after approved swaps).
    :param shift: the shift ID on the roster.
    :param clock_in: arrival, or ``None``: did not clock in (absent, ATT-2).
    :param clock_out: departure, or ``None``: not recorded (ATT-3 cannot judge it).
    :param away: ``(start, end)`` periods away from the post during the shift (ATT-2).

    All instants are timezone-aware (CAL-5); ``clock_out`` is after ``clock_in`` and each
    away period ends after it starts and lies between them.

    .. versionadded:: 0.1.0
    """

    employee: str = attrs.field(validator=_text)
    shift: str = attrs.field(validator=_text)
    clock_in: datetime | None
    clock_out: datetime | None
    away: tuple[tuple[datetime, datetime], ...] = attrs.field(default=(), converter=_away)

    def __attrs_post_init__(self) -> None:
        name = f"clock record {self.employee}/{self.shift}"
        if self.clock_in is not None:
            aware(f"{name}: clock_in", self.clock_in)
        if self.clock_out is not None:
            aware(f"{name}: clock_out", self.clock_out)
            if self.clock_in is not None and self.clock_out <= self.clock_in:
                raise InvalidArgumentError(
                    f"{name}: clock_out", self.clock_out, f"a time after clock_in {self.clock_in}"
                )
        for i, period in enumerate(self.away):
            if len(period) != 2:
                raise WrongTypeError(f"{name}: away[{i}]", period, "a (start, end) pair")
            start = aware(f"{name}: away[{i}] start", period[0])
            end = aware(f"{name}: away[{i}] end", period[1])
            if end <= start:
                raise InvalidArgumentError(f"{name}: away[{i}] end", end, f"a time after {start}")
            if (self.clock_in is not None and start < self.clock_in) or (
                self.clock_out is not None and end > self.clock_out
            ):
                raise InvalidArgumentError(
                    f"{name}: away[{i}]", period, "a period between clock_in and clock_out"
                )


@attrs.frozen
class HandOverLog:
    """The hand-over log written at the end of a shift (ATT-4).

    :param shift: the ID of the shift handed over.
    :param by: who wrote it.
    :param equipment_state: the state of the equipment.
    :param difficult_cases: open difficult cases handed on (write ``"none"`` if there are none).
    :param staffing_changes: staffing changes (write ``"none"`` if there are none).
    :param released_by: the team leader who released the outgoing agent because no
        incoming agent arrived (ATT-3, read when ``AttendancePolicy.no_relief`` is
        ``"release"``); ``None`` when nobody did.

    An empty (or blank) field is allowed here and reported by the ATT-4 check
    (``att_4_hand_over_log``).

    .. versionadded:: 0.1.0
    """

    shift: str = attrs.field(validator=_text)
    by: str = attrs.field(validator=_text)
    equipment_state: str = attrs.field(validator=attrs.validators.instance_of(str))
    difficult_cases: str = attrs.field(validator=attrs.validators.instance_of(str))
    staffing_changes: str = attrs.field(validator=attrs.validators.instance_of(str))
    released_by: str | None = attrs.field(default=None, validator=_optional_text)
