"""Leave requests and shift-swap requests, as the employee hands them in (LEAVE, SWAP).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, date, datetime

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "Approval",
    "ApproverRole",
    "CertificatePeriod",
    "LeaveKind",
    "LeaveRequest",
    "SwapRequest",
]


class LeaveKind(enum.StrEnum):
    """The kinds of leave the manual distinguishes (LEAVE-1, LEAVE-5, LEAVE-6, LEAVE-11).

    .. versionadded:: 0.1.0
    """

    PERSONAL = "personal"
    URGENT_PERSONAL = "urgent_personal"
    SICK = "sick"
    BUSINESS_TRIP = "business_trip"
    TRAINING = "training"


class ApproverRole(enum.StrEnum):
    """Who approves what (LEAVE-2, LEAVE-4, LEAVE-7, LEAVE-8, LEAVE-11, SWAP-5).

    .. versionadded:: 0.1.0
    """

    TEAM_LEADER = "team_leader"
    DEPARTMENT_HEAD = "department_head"
    """The customer-service department head, who approves leave up to one day (LEAVE-4)."""
    CENTRE_HEAD = "centre_head"
    """Leave beyond one day, business trips and training (LEAVE-4, LEAVE-11)."""
    MANAGEMENT = "management"
    """Late requests, night-shift and holiday special cases (LEAVE-2, LEAVE-7, LEAVE-8)."""


@attrs.frozen
class Approval:
    """An approval given by someone in a role, at an instant.

    .. versionadded:: 0.1.0
    """

    by: str
    role: ApproverRole = attrs.field(converter=ApproverRole)
    at: datetime | None = None


@attrs.frozen
class CertificatePeriod:
    """The dates a medical certificate covers, inclusive (LEAVE-6).

    .. versionadded:: 0.1.0
    """

    first_day: date
    last_day: date

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise InvalidArgumentError(
                "certificate: last_day", self.last_day, f"a date on or after {self.first_day}"
            )


def _certificates(value: Iterable[CertificatePeriod]) -> tuple[CertificatePeriod, ...]:
    return tuple(value)


def _approvals(value: Iterable[Approval]) -> tuple[Approval, ...]:
    return tuple(value)


def _request_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(attribute.name, value, "a non-empty string")


@attrs.frozen
class LeaveRequest:
    """A request for leave from ``start`` to ``end`` (LEAVE-1 … LEAVE-11).

    :param requested_by: who handed it in; personal leave must be requested by the
        employee in person, sick leave may be requested by someone else (LEAVE-5).
    :param submitted_to: the person it was handed to; requests go level by level, to
        the employee's own team leader (LEAVE-3).  ``None``: not recorded.
    :param certificates: medical certificate periods for sick leave (LEAVE-6).
    :param emergency: sick leave in an emergency (LEAVE-6: no certificate needed, but
        the team leader must be phoned before the shift, ``phoned_team_leader_at``).
    :param special_case: a very special case of leave on a public holiday (LEAVE-8).

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_request_id)
    employee: str
    kind: LeaveKind = attrs.field(converter=LeaveKind)
    start: datetime
    end: datetime
    requested_at: datetime
    requested_by: str
    submitted_to: str | None = None
    certificates: tuple[CertificatePeriod, ...] = attrs.field(default=(), converter=_certificates)
    approvals: tuple[Approval, ...] = attrs.field(default=(), converter=_approvals)
    emergency: bool = False
    phoned_team_leader_at: datetime | None = None
    special_case: bool = False

    def __attrs_post_init__(self) -> None:
        for name in ("start", "end", "requested_at"):
            aware(f"leave request {self.id}: {name}", getattr(self, name))
        if self.phoned_team_leader_at is not None:
            aware(f"leave request {self.id}: phoned_team_leader_at", self.phoned_team_leader_at)
        if self.end <= self.start:
            raise InvalidArgumentError(
                f"leave request {self.id}: end", self.end, f"an end after the start {self.start}"
            )

    def approved_by(self, *roles: ApproverRole) -> bool:
        """Whether an approval by one of ``roles`` is on the request."""
        return any(approval.role in roles for approval in self.approvals)


@attrs.frozen
class SwapRequest:
    """A shift swap (换班): the requester gives ``shift`` to the counterpart, and takes
    the counterpart's ``return_shift`` in exchange: the swap is paid back (还班, SWAP-10).

    :param approvals: both parties' team leaders must approve (SWAP-5).
    :param hand_over_confirmed: both parties confirmed a clear hand-over (SWAP-7).
    :param shift_start: when ``shift`` starts, kept on the swap record (with
        ``shift_end``, ``return_start``, ``return_end``) so that a record of an earlier
        month still counts for SWAP-1 and SWAP-2 when its shifts are no longer on the
        roster.  ``None``: read from the roster.  A review fills them in when it applies
        the swap.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``shift_start``, ``shift_end``, ``return_start``, ``return_end``.
    """

    id: str = attrs.field(validator=_request_id)
    requester: str
    counterpart: str
    shift: str
    return_shift: str
    requested_at: datetime
    approvals: tuple[Approval, ...] = attrs.field(default=(), converter=_approvals)
    hand_over_confirmed: bool = True
    shift_start: datetime | None = None
    shift_end: datetime | None = None
    return_start: datetime | None = None
    return_end: datetime | None = None

    def __attrs_post_init__(self) -> None:
        aware(f"swap request {self.id}: requested_at", self.requested_at)
        for first, last in (("shift_start", "shift_end"), ("return_start", "return_end")):
            start, end = getattr(self, first), getattr(self, last)
            if (start is None) != (end is None):
                raise InvalidArgumentError(
                    f"swap request {self.id}: {last if end is None else first}",
                    None,
                    f"both {first} and {last}, or neither",
                )
            if start is not None:
                aware(f"swap request {self.id}: {first}", start)
                aware(f"swap request {self.id}: {last}", end)
                if end.astimezone(UTC) <= start.astimezone(UTC):
                    raise InvalidArgumentError(
                        f"swap request {self.id}: {last}", end, f"an end after {first} {start}"
                    )
        if self.requester == self.counterpart:
            raise InvalidArgumentError(
                f"swap request {self.id}: counterpart", self.counterpart, "another employee"
            )
        if self.shift == self.return_shift:
            raise InvalidArgumentError(
                f"swap request {self.id}: return_shift", self.return_shift, "another shift"
            )
