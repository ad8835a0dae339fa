"""Swap records of earlier months count for SWAP-1 and SWAP-2 without their shifts on the
roster: a record carries the times it needs.

November 2026 roster, Shanghai: A-01 and A-02 on day shifts 08:00-20:00 on even dates,
B-01 and B-02 on nights 20:00-08:00 on odd dates.  The swap register reaches back into
September and October, whose shifts are not on the roster.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, UnknownRecordError
from servicepolicy.rules import Severity
from servicepolicy.workforce import (
    Approval,
    Employee,
    Roster,
    Shift,
    SwapPolicy,
    SwapRequest,
    WorkforcePolicy,
)

SH = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")
EMPLOYEES = [Employee(e, "T1", "L-1", "hotline", 3) for e in ("A-01", "A-02", "B-01", "B-02")]
LEADER = (Approval("L-1", "team_leader"),)


def sh(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SH)


def day(employee: str, month: int, d: int) -> Shift:
    return Shift(f"{employee}-{month:02d}{d:02d}D", employee, sh(month, d, 8), sh(month, d, 20))


def night(employee: str, month: int, d: int) -> Shift:
    start = sh(month, d, 20)
    return Shift(f"{employee}-{month:02d}{d:02d}N", employee, start, start + timedelta(hours=12))


def month_of_shifts(month: int, days: int) -> list[Shift]:
    shifts = []
    for d in range(1, days + 1):
        for employee in ("A-01", "A-02") if d % 2 == 0 else ("B-01", "B-02"):
            shifts.append((day if d % 2 == 0 else night)(employee, month, d))
    return shifts


NOVEMBER = month_of_shifts(11, 30)
OCTOBER = {s.id: s for s in month_of_shifts(10, 31)}
SEPTEMBER = {s.id: s for s in month_of_shifts(9, 30)}


def record(swap_id: str, given: Shift, returned: Shift, dated: bool = True) -> SwapRequest:
    """The record of an approved swap: ``given``'s owner gave it for ``returned``."""
    times = {}
    if dated:
        times = {
            "shift_start": given.start,
            "shift_end": given.end,
            "return_start": returned.start,
            "return_end": returned.end,
        }
    return SwapRequest(
        swap_id,
        given.employee,
        returned.employee,
        given.id,
        returned.id,
        given.start - timedelta(days=5),
        approvals=LEADER,
        **times,  # type: ignore[arg-type]
    )


def roster(*swaps: SwapRequest) -> Roster:
    return Roster(EMPLOYEES, NOVEMBER, CALENDAR, swaps=swaps)


def swap(swap_id: str, requester: str, d: int, counterpart: str) -> SwapRequest:
    """``requester`` (A) gives the day shift of November ``d`` for ``counterpart``'s night
    before it: the clean swap of this roster."""
    return SwapRequest(
        swap_id,
        requester,
        counterpart,
        f"{requester}-11{d:02d}D",
        f"{counterpart}-11{d - 1:02d}N",
        sh(11, 1),
        approvals=LEADER,
    )


# -- SWAP-1 ----------------------------------------------------------------------------------


def test_swap_1_last_months_records_do_not_raise_and_do_not_count() -> None:
    """SWAP-1 (the issue's example): two October swaps of A-01 on the register, their
    shifts not on November's roster: a November swap is decided, and allowed."""
    register = (
        record("SW-O1", OCTOBER["A-01-1010D"], OCTOBER["B-01-1009N"]),
        record("SW-O2", OCTOBER["A-01-1020D"], OCTOBER["B-02-1019N"]),
    )
    decision = SwapPolicy().check(swap("SW-N1", "A-01", 10, "B-01"), roster(*register))
    assert decision.allowed, decision


def test_swap_1_counts_a_register_spanning_three_months() -> None:
    """SWAP-1: September, October and two November swaps of A-01: the third November swap
    is refused, and only November's are listed."""
    register = (
        record("SW-S1", SEPTEMBER["A-01-0910D"], SEPTEMBER["B-01-0909N"]),
        record("SW-O1", OCTOBER["A-01-1010D"], OCTOBER["B-01-1009N"]),
        record("SW-N1", day("A-01", 11, 4), night("B-01", 11, 3)),
        record("SW-N2", day("A-01", 11, 16), night("B-02", 11, 15)),
    )
    applied = roster().view()
    for item in register[2:]:
        applied.apply_swap(item)
    november = Roster(EMPLOYEES, applied.to_roster().shifts, CALENDAR, swaps=register)
    decision = SwapPolicy().check(swap("SW-N3", "A-01", 26, "B-02"), november)
    (found,) = [v for v in decision.violations_for("SWAP-1") if v.subject == "A-01"]
    assert found.facts["earlier"] == ("SW-N1", "SW-N2")
    assert found.facts["month"] == "2026-11"


@pytest.mark.parametrize(
    ("start", "month"),
    [
        (sh(10, 31, 20), "2026-10"),  # a night into November belongs to October 31
        (datetime(2026, 10, 31, 16, 30, tzinfo=UTC), "2026-11"),  # 00:30 on 1 Nov in Shanghai
    ],
)
def test_swap_1_record_counts_in_the_local_month_of_its_shift(start: datetime, month: str) -> None:
    """SWAP-1: the calendar month of a recorded shift is that of its local start date,
    also when the record's times are in another zone."""
    given = Shift("X-1", "A-01", start, start + timedelta(hours=8))
    returned = Shift("X-2", "B-01", start - timedelta(days=3), start - timedelta(days=3, hours=-8))
    register = (
        record("SW-1", given, returned),
        record("SW-2", day("A-01", 11, 20), night("B-02", 11, 19)),
    )
    view = roster().view()
    view.apply_swap(register[1])
    november = Roster(EMPLOYEES, view.to_roster().shifts, CALENDAR, swaps=register)
    decision = SwapPolicy().check(swap("SW-3", "A-01", 10, "B-01"), november)
    refused = any(v.subject == "A-01" for v in decision.violations_for("SWAP-1"))
    assert refused is (month == "2026-11")


def test_swap_record_of_an_unknown_undated_shift_is_bad_input() -> None:
    """SWAP-1: a record naming a shift neither on the roster nor dated is bad input, and
    the error says what would make it usable."""
    register = (record("SW-O1", OCTOBER["A-01-1010D"], OCTOBER["B-01-1009N"], dated=False),)
    with pytest.raises(UnknownRecordError, match="shift_start/shift_end"):
        SwapPolicy().check(swap("SW-N1", "A-01", 10, "B-01"), roster(*register))


def test_swap_record_times_come_in_pairs() -> None:
    """SWAP-1: ``shift_start`` without ``shift_end`` is refused at construction."""
    with pytest.raises(InvalidArgumentError, match="shift_end"):
        SwapRequest("S", "A-01", "B-01", "X", "Y", sh(11, 1), shift_start=sh(10, 1))


# -- SWAP-2 ----------------------------------------------------------------------------------


def month_end_register() -> tuple[SwapRequest, ...]:
    """A-01 took B-01's night of 31 October (ends 1 November 08:00) for the day of the 30th."""
    return (record("SW-O1", OCTOBER["A-01-1030D"], OCTOBER["B-01-1031N"]),)


def test_swap_2_consecutive_swaps_across_the_month_end() -> None:
    """SWAP-2: A-01's next shift after the night taken over on 31 October is the day of
    2 November; giving that away too is two swaps in a row, across the month end."""
    decision = SwapPolicy().check(swap("SW-N1", "A-01", 2, "B-02"), roster(*month_end_register()))
    (found,) = decision.violations_for("SWAP-2")
    assert found.severity is Severity.ERROR
    assert found.facts == {"shift": "A-01-1102D", "neighbour": "B-01-1031N", "swap": "SW-O1"}


def test_swap_2_record_far_from_the_roster_is_not_judged_in_a_row() -> None:
    """SWAP-2: with ``record_gap`` shorter than the 24 hours between them the shifts in
    between are unknown, so no finding; a later shift is not next to it anyway."""
    register = month_end_register()
    tight = SwapPolicy(record_gap=timedelta(hours=12))
    assert not tight.check(swap("SW-N1", "A-01", 2, "B-02"), roster(*register)).violations_for(
        "SWAP-2"
    )
    later = SwapPolicy().check(swap("SW-N1", "A-01", 6, "B-02"), roster(*register))
    assert later.violations_for("SWAP-2") == ()


def test_review_record_carries_over_to_next_month() -> None:
    """SWAP-1, SWAP-2: October's review keeps dated records; November's roster, holding
    only November's shifts, reads them: A-01's November swap is judged against them."""
    october_shifts = [*OCTOBER.values(), *NOVEMBER]
    october = Roster(EMPLOYEES, october_shifts, CALENDAR)
    given = SwapRequest(
        "SW-O1", "A-01", "B-01", "A-01-1030D", "B-01-1031N", sh(10, 20), approvals=LEADER
    )
    touching = WorkforcePolicy(swap=SwapPolicy(min_rest=timedelta(0)))  # SWAP-3 aside
    review = touching.review(october, [given])
    assert review.decision("SW-O1").allowed
    november = Roster(EMPLOYEES, NOVEMBER, CALENDAR, swaps=review.roster.swaps)
    decision = SwapPolicy().check(swap("SW-N1", "A-01", 2, "B-02"), november)
    assert decision.rule_ids == ("SWAP-2",)


# -- laws ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.integers(0, 89), min_size=0, max_size=6, unique=True),
    order=st.randoms(use_true_random=False),
)
def test_swap_1_counts_exactly_the_records_of_the_month_in_any_order(
    days: list[int], order: object
) -> None:
    """SWAP-1 (property): over a register spanning September to November, A-01's new
    November swap is refused exactly when two or more records fall in November, whatever
    the order of the register."""
    records = []
    for i, offset in enumerate(days):
        start = sh(9, 1, 8) + timedelta(days=offset)
        given = Shift(f"H-{i}", "A-01", start, start + timedelta(hours=4))
        back = Shift(f"R-{i}", "B-02", start + timedelta(hours=5), start + timedelta(hours=9))
        records.append(record(f"SW-{i}", given, back))
    order.shuffle(records)  # type: ignore[attr-defined]
    in_november = sum(r.shift_start is not None and r.shift_start.month == 11 for r in records)
    decision = SwapPolicy().check(swap("SW-NEW", "A-01", 10, "B-01"), roster(*records))
    refused = any(v.subject == "A-01" for v in decision.violations_for("SWAP-1"))
    assert refused is (in_november >= 2)
