"""Reading leave and swap requests (LEAVE-1 … LEAVE-11, SWAP-1 … SWAP-10); nothing is lost
silently.  The formats are those of :mod:`servicepolicy.io.roster` (which re-exports these
readers).

.. versionadded:: 0.2.0
   Split from :mod:`servicepolicy.io.roster`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING

from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.tabular import Bad, Format, ReadResult, Row, Source, read
from servicepolicy.workforce.requests import (
    Approval,
    ApproverRole,
    CertificatePeriod,
    LeaveKind,
    LeaveRequest,
    SwapRequest,
)

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = ["LEAVE_COLUMNS", "SWAP_COLUMNS", "read_leave_requests", "read_swap_requests"]

LEAVE_COLUMNS = (
    *("id", "employee", "kind", "start", "end", "requested_at", "requested_by"),
    *("submitted_to", "emergency", "special_case", "approvals", "certificates"),
    "phoned_team_leader_at",
)
"""Every column of a leave-request file (the first seven required).

.. versionadded:: 0.2.0
"""

SWAP_COLUMNS = (
    *("id", "requester", "counterpart", "shift", "return_shift", "requested_at"),
    *("hand_over_confirmed", "approvals", "shift_start", "shift_end", "return_start"),
    "return_end",
)
"""Every column of a swap-request file (the first seven required).

.. versionadded:: 0.2.0
"""


def _kind(row: Row, name: str) -> LeaveKind:
    value = row.cells.get(name, "")
    if value not in LeaveKind._value2member_map_:
        raise Bad(f"{name}: expected one of {', '.join(LeaveKind)}, got {value!r}")
    return LeaveKind(value)


def _approvals(row: Row, name: str) -> tuple[Approval, ...]:
    found = []
    for item in row.items(name):
        role, _, by = (part.strip() for part in item.partition(":"))
        if role not in ApproverRole._value2member_map_ or not by:
            raise Bad(
                f"{name}: expected role:by items separated by ';' with a role among "
                f"{', '.join(ApproverRole)}, got {item!r}"
            )
        found.append(Approval(by, ApproverRole(role)))
    return tuple(found)


def _certificates(row: Row, name: str) -> tuple[CertificatePeriod, ...]:
    found = []
    for item in row.items(name):
        first, _, last = (part.strip() for part in item.partition(".."))
        try:
            period = (date.fromisoformat(first), date.fromisoformat(last or first))
        except ValueError:
            raise Bad(
                f"{name}: expected periods YYYY-MM-DD..YYYY-MM-DD separated by ';', got {item!r}"
            ) from None
        if period[1] < period[0]:
            raise Bad(f"{name}: the period {item!r} ends before it starts")
        found.append(CertificatePeriod(*period))
    return tuple(found)


def _leave(row: Row) -> LeaveRequest:
    start = row.instant("start")
    return LeaveRequest(
        id=row.text("id"),
        employee=row.text("employee"),
        kind=_kind(row, "kind"),
        start=start,
        end=row.instant("end", after=start),
        requested_at=row.instant("requested_at"),
        requested_by=row.text("requested_by"),
        submitted_to=row.optional_text("submitted_to"),
        certificates=_certificates(row, "certificates"),
        approvals=_approvals(row, "approvals"),
        emergency=row.flag("emergency", default=False),
        phoned_team_leader_at=row.optional_instant("phoned_team_leader_at"),
        special_case=row.flag("special_case", default=False),
    )


def read_leave_requests(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[LeaveRequest]:
    """Read leave requests: ``id, employee, kind, start, end, requested_at, requested_by``
    and optional ``submitted_to, emergency, special_case, approvals, certificates,
    phoned_team_leader_at`` (LEAVE-1 … LEAVE-11).

    ``kind`` is a :class:`~servicepolicy.workforce.LeaveKind` value (``personal``, ``sick``
    …); approvals are read without their instant (``Approval.at`` is ``None``).

    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises DataFileError: the file cannot be read or its header is wrong.
    """
    required = ("id", "employee", "kind", "start", "end", "requested_at", "requested_by")
    optional: tuple[str, ...] = ("submitted_to", "emergency", "special_case", "approvals")
    optional += ("certificates", "phoned_team_leader_at")
    return read(
        source,
        "leave request",
        required,
        optional,
        _leave,
        ignore_columns,
        format=format,
        mapping=mapping,
        instants=("start", "end", "requested_at", "phoned_team_leader_at"),
        flags=("emergency", "special_case"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _swap(row: Row) -> SwapRequest:
    return SwapRequest(
        id=row.text("id"),
        requester=row.text("requester"),
        counterpart=row.text("counterpart"),
        shift=row.text("shift"),
        return_shift=row.text("return_shift"),
        requested_at=row.instant("requested_at"),
        approvals=_approvals(row, "approvals"),
        hand_over_confirmed=row.flag("hand_over_confirmed"),
        shift_start=row.optional_instant("shift_start"),
        shift_end=row.optional_instant("shift_end"),
        return_start=row.optional_instant("return_start"),
        return_end=row.optional_instant("return_end"),
    )


def read_swap_requests(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[SwapRequest]:
    """Read swap requests: ``id, requester, counterpart, shift, return_shift, requested_at,
    hand_over_confirmed`` and optional ``approvals`` and the record's shift times
    ``shift_start, shift_end, return_start, return_end`` (SWAP-1, SWAP-2, SWAP-5, SWAP-7,
    SWAP-10).

    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises DataFileError: the file cannot be read or its header is wrong.
    """
    required: tuple[str, ...] = ("id", "requester", "counterpart", "shift", "return_shift")
    required += ("requested_at", "hand_over_confirmed")
    optional = ("approvals", "shift_start", "shift_end", "return_start", "return_end")
    return read(
        source,
        "swap request",
        required,
        optional,
        _swap,
        ignore_columns,
        format=format,
        mapping=mapping,
        instants=("requested_at", "shift_start", "shift_end", "return_start", "return_end"),
        flags=("hand_over_confirmed",),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )
