"""SWAP-7 judged from the time clock and the hand-over log, with shares of responsibility.

Roster (Shanghai): A-01 gave the day shift of 4 November to B-01 and took B-01's night of
3 November in return (swap SW-1, on the record).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Severity
from servicepolicy.workforce import (
    ClockRecord,
    Employee,
    HandOverLog,
    Roster,
    Shift,
    SwapPolicy,
    SwapRequest,
)

SH = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN")


def sh(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


DAY = Shift("D-4", "B-01", sh(4, 8), sh(4, 20))  # A-01's, now B-01's
NIGHT = Shift("N-3", "A-01", sh(3, 20), sh(4, 8))  # B-01's, now A-01's
OTHER = Shift("D-6", "A-01", sh(6, 8), sh(6, 20))
SWAP = SwapRequest("SW-1", "A-01", "B-01", "D-4", "N-3", sh(1, 9))
ROSTER = Roster(
    [Employee("A-01", "T1", "L-1", "hotline"), Employee("B-01", "T1", "L-1", "hotline")],
    [DAY, NIGHT, OTHER],
    CALENDAR,
    swaps=[SWAP],
)


def worked(shift: Shift) -> ClockRecord:
    return ClockRecord(shift.employee, shift.id, shift.start - timedelta(minutes=15), shift.end)


def entry(shift: Shift, by: str) -> HandOverLog:
    return HandOverLog(shift.id, by, "all lines OK", "none", f"swap SW-1: {shift.employee}")


def shares(report: object, shift: str) -> dict[tuple[str, str], Fraction]:
    return {
        (v.subject, str(v.severity)): v.facts["share"]
        for v in report.violations  # type: ignore[attr-defined]
        if v.facts["shift"] == shift
    }


def test_swap_7_worked_and_handed_over_is_clean() -> None:
    """SWAP-7: both swapped shifts worked, each with its hand-over entry: nothing found."""
    report = SwapPolicy().assess_hand_over(
        ROSTER, [worked(DAY), worked(NIGHT)], [entry(DAY, "A-01"), entry(NIGHT, "B-01")]
    )
    assert report.violations == ()
    assert set(report.shifts) == {"D-4", "N-3"}


def test_swap_7_empty_shift_with_hand_over_is_the_takers() -> None:
    """SWAP-7: B-01 took the day of the 4th, was handed it over, and nobody clocked in:
    absenteeism, all of it B-01's (the one who was to work it)."""
    report = SwapPolicy().assess_hand_over(
        ROSTER, [worked(NIGHT)], [entry(DAY, "A-01"), entry(NIGHT, "B-01")]
    )
    assert shares(report, "D-4") == {("B-01", "error"): Fraction(1)}
    (found,) = report.violations
    assert found.facts["role"] == "taker"
    assert "absenteeism" in found.message


def test_swap_7_empty_shift_without_hand_over_is_shared() -> None:
    """SWAP-7: the night of the 3rd left empty and no hand-over entry: an unclear hand-over,
    absenteeism shared half and half by default."""
    report = SwapPolicy().assess_hand_over(ROSTER, [worked(DAY)], [entry(DAY, "A-01")])
    assert shares(report, "N-3") == {
        ("A-01", "error"): Fraction(1, 2),
        ("B-01", "error"): Fraction(1, 2),
    }


def test_swap_7_worked_without_hand_over_entry_is_a_shared_warning() -> None:
    """SWAP-7: worked, but no hand-over entry: a warning, shared."""
    report = SwapPolicy().assess_hand_over(
        ROSTER, [worked(DAY), worked(NIGHT)], [entry(NIGHT, "B-01")]
    )
    assert shares(report, "D-4") == {
        ("B-01", "warning"): Fraction(1, 2),
        ("A-01", "warning"): Fraction(1, 2),
    }
    assert report.disciplinary == ()


@pytest.mark.parametrize(
    ("empty", "unclear", "expected"),
    [
        (0.25, 0.5, {("B-01", "error"): Fraction(3, 4), ("A-01", "error"): Fraction(1, 4)}),
        (1 / 3, 1, {("B-01", "error"): Fraction(2, 3), ("A-01", "error"): Fraction(1, 3)}),
    ],
)
def test_swap_7_apportionment_is_a_parameter(
    empty: float, unclear: float, expected: dict[tuple[str, str], Fraction]
) -> None:
    """SWAP-7: ``empty_shift_giver_share`` apportions an empty, handed-over shift."""
    policy = SwapPolicy(empty_shift_giver_share=empty, unclear_hand_over_giver_share=unclear)
    report = policy.assess_hand_over(ROSTER, [worked(NIGHT)], [entry(DAY, "A-01")])
    assert shares(report, "D-4") == expected


def test_swap_7_all_of_the_unclear_share_on_the_giver() -> None:
    """SWAP-7: with ``unclear_hand_over_giver_share=1`` only the giver is assessed."""
    report = SwapPolicy(unclear_hand_over_giver_share=1).assess_hand_over(ROSTER, [], [])
    assert {v.subject for v in report.violations} == {"A-01", "B-01"}
    assert all(v.facts["role"] == "giver" for v in report.violations)


def test_swap_7_shifts_not_yet_over_are_not_judged() -> None:
    """SWAP-7: with ``until`` before the day shift ends, only the night is judged."""
    report = SwapPolicy().assess_hand_over(ROSTER, [], [], until=sh(4, 12))
    assert report.shifts == ("N-3",)


@pytest.mark.parametrize(
    ("bad", "error"),
    [(-0.1, InvalidArgumentError), (1.5, InvalidArgumentError), ("x", WrongTypeError)],
)
def test_swap_7_shares_are_checked(bad: object, error: type[Exception]) -> None:
    """SWAP-7: a share is a number between 0 and 1."""
    with pytest.raises(error):
        SwapPolicy(empty_shift_giver_share=bad)  # type: ignore[arg-type]


def test_swap_7_records_of_the_wrong_type_are_refused() -> None:
    """SWAP-7: records must be ClockRecord values."""
    with pytest.raises(WrongTypeError):
        SwapPolicy().assess_hand_over(ROSTER, ["D-4"])  # type: ignore[list-item]


@settings(max_examples=50, deadline=None)
@given(
    empty=st.floats(0, 1),
    unclear=st.floats(0, 1),
    clocked=st.sets(st.sampled_from(["D-4", "N-3"])),
    logged=st.sets(st.sampled_from(["D-4", "N-3"])),
)
def test_swap_7_shares_of_a_finding_add_up_to_one(
    empty: float, unclear: float, clocked: set[str], logged: set[str]
) -> None:
    """SWAP-7 (property): for every finding the parties' shares add up to the whole, and
    a shift is empty-absenteeism (ERROR) exactly when nobody clocked in."""
    shifts = {"D-4": DAY, "N-3": NIGHT}
    policy = SwapPolicy(empty_shift_giver_share=empty, unclear_hand_over_giver_share=unclear)
    report = policy.assess_hand_over(
        ROSTER,
        [worked(shifts[s]) for s in sorted(clocked)],
        [entry(shifts[s], "A-01") for s in sorted(logged)],
    )
    for shift in ("D-4", "N-3"):
        found = [v for v in report.violations if v.facts["shift"] == shift]
        if shift in clocked and shift in logged:
            assert found == []
            continue
        assert sum(v.facts["share"] for v in found) == 1
        assert all((v.severity is Severity.ERROR) is (shift not in clocked) for v in found)
