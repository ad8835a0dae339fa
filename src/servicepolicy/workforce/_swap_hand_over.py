"""SWAP-7 judged from what happened: the time clock and the hand-over log (private).

Both parties of a swap hand over clearly; a swapped shift left empty, or handed over
without a hand-over entry, is the parties' responsibility, each assessed by a share
(:meth:`~servicepolicy.workforce.SwapPolicy.assess_hand_over`).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import _cutoffs as cut
from servicepolicy.workforce.attendance import AttendanceReport
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.roster import RosterView

if TYPE_CHECKING:
    from servicepolicy.workforce.swap import SwapPolicy

__all__ = ["assess", "exact", "share_validator"]


def share_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A share of responsibility: a number between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(attribute.name, value, "a number between 0 and 1")
    if not 0 <= value <= 1:
        raise InvalidArgumentError(attribute.name, value, "a share between 0 and 1")


def exact(value: float) -> Fraction:
    """A share as an exact fraction (``0.5`` is ``1/2``), so that shares add up to 1."""
    return Fraction(value).limit_denominator(1000)


def _percent(value: Fraction) -> str:
    return f"{float(value * 100):.3g}%"


def assess(
    policy: SwapPolicy,
    view: RosterView,
    records: Iterable[ClockRecord],
    logs: Iterable[HandOverLog],
    until: datetime | None,
) -> AttendanceReport:
    """Every leg of every swap on the view's record whose shift is on the roster and has
    ended by ``until``: empty (nobody clocked in) or without a hand-over entry."""
    clocked: dict[str, ClockRecord] = {}
    for record in records:
        if not isinstance(record, ClockRecord):
            raise WrongTypeError("records", record, "a ClockRecord")
        clocked[record.shift] = record
    entries: set[str] = set()
    for log in logs:
        if not isinstance(log, HandOverLog):
            raise WrongTypeError("logs", log, "a HandOverLog")
        entries.add(log.shift)
    last = None if until is None else aware("until", until)
    found: list[Violation] = []
    judged: list[str] = []
    for swap in view.swap_records():
        legs = (
            (swap.shift, swap.requester, swap.counterpart),
            (swap.return_shift, swap.counterpart, swap.requester),
        )
        for shift_id, giver, taker in legs:
            if not view.is_rostered(shift_id):
                continue
            shift = view.shift(shift_id, where=f"swap record {swap.id}")
            if last is not None and cut.earlier(last, shift.end):
                continue
            judged.append(shift_id)
            clock = clocked.get(shift_id)
            worked = clock is not None and clock.clock_in is not None
            found += _findings(policy, view, swap.id, shift_id, giver, taker, worked, entries)
    return AttendanceReport(tuple(found), tuple(judged))


def _findings(
    policy: SwapPolicy,
    view: RosterView,
    swap_id: str,
    shift_id: str,
    giver: str,
    taker: str,
    worked: bool,
    entries: set[str],
) -> Iterator[Violation]:
    entry = shift_id in entries
    if worked and entry:
        return
    if worked:
        giver_share, severity = exact(policy.unclear_hand_over_giver_share), Severity.WARNING
        cause = "was worked, but no hand-over entry records the swap"
    elif entry:
        giver_share, severity = exact(policy.empty_shift_giver_share), Severity.ERROR
        cause = "was left empty (nobody clocked in) although handed over: absenteeism (旷工)"
    else:
        giver_share, severity = exact(policy.unclear_hand_over_giver_share), Severity.ERROR
        cause = (
            "was left empty (nobody clocked in) with no hand-over entry: an unclear "
            "hand-over, absenteeism (旷工)"
        )
    for party, role, part in ((taker, "taker", 1 - giver_share), (giver, "giver", giver_share)):
        if part == 0:
            continue
        yield Violation(
            "SWAP-7",
            severity,
            f"shift {shift_id} of swap {swap_id} ({giver} to {taker}) {cause}; {party}, the "
            f"{role}, bears {_percent(part)} of the responsibility",
            subject=party,
            facts={
                "swap": swap_id,
                "shift": shift_id,
                "role": role,
                "share": part,
                "worked": worked,
                "hand_over_entry": entry,
            },
            suggestion=(
                f"{giver} writes a hand-over entry for {shift_id} before handing it to {taker}"
                if not entry
                else f"{taker} works the shift taken over, or asks for leave in advance"
            ),
        )
