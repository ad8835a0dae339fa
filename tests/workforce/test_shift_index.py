"""The roster's per-team and per-job-type shift indexes answer as a scan of every shift
would (ATT-3 "who takes over then", SWAP-8 "who of this job type is on duty then")."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError
from servicepolicy.workforce import Employee, Roster, Shift, SwapRequest
from servicepolicy.workforce._shift_index import ShiftIndex

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar(hours="24/7", tz="Asia/Shanghai")
BASE = datetime(2026, 11, 1, tzinfo=SH)
TEAMS = ("T1", "T2", "T3")
JOBS = {"T1": "hotline", "T2": "hotline", "T3": "outbound"}


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    """Up to 8 employees in three teams (two job types), each with non-overlapping shifts
    of 1 to 14 hours (some starting at the same instant) over two weeks."""
    employees = [
        Employee(f"E-{i}", team, "L", JOBS[team])
        for i, team in enumerate(draw(st.lists(st.sampled_from(TEAMS), min_size=1, max_size=8)))
    ]
    shifts = []
    for person in employees:
        at = BASE + timedelta(hours=draw(st.integers(0, 12)))
        for n in range(draw(st.integers(0, 6))):
            length = timedelta(hours=draw(st.integers(1, 14)))
            shifts.append(Shift(f"{person.id}-{n}", person.id, at, at + length))
            at += length + timedelta(minutes=30 * draw(st.integers(0, 40)))
    return Roster(employees, shifts, CAL)


instants = st.integers(-24, 24 * 16).map(lambda h: BASE + timedelta(hours=h))
spans = st.tuples(instants, st.integers(0, 30).map(lambda h: timedelta(hours=h)))


def brute_between(roster_shifts: list[Shift], start: datetime, end: datetime) -> list[Shift]:
    return [s for s in roster_shifts if s.start < end and s.end > start]


@settings(max_examples=150, deadline=None)
@given(roster=rosters(), span=spans, team=st.sampled_from((None, *TEAMS)))
def test_att3_shifts_between_via_the_index_equals_a_scan(
    roster: Roster, span: tuple[datetime, timedelta], team: str | None
) -> None:
    """ATT-3 / SWAP-8: ``shifts_between`` (all, or one team's) lists exactly the shifts a
    scan of every shift finds sharing time with ``[start, end)``, by start."""
    view = roster.view()
    start, end = span[0], span[0] + span[1]
    every = view.shifts()
    expected = [
        s
        for s in brute_between(every, start, end)
        if team is None or roster.employees[s.employee].team == team
    ]
    found = list(view.shifts_between(start, end, team=team))
    assert sorted(found, key=lambda s: s.id) == sorted(expected, key=lambda s: s.id)
    assert [s.start for s in found] == sorted(s.start for s in found)


@settings(max_examples=150, deadline=None)
@given(roster=rosters(), span=spans, data=st.data())
def test_att3_and_swap8_lookups_follow_swaps(
    roster: Roster, span: tuple[datetime, timedelta], data: st.DataObject
) -> None:
    """ATT-3 / SWAP-8: after swaps move shifts between teams and job types, the starting,
    overlapping and covering lookups by team and by job type still equal a scan."""
    view = roster.view()
    shifts = view.shifts()
    for n in range(data.draw(st.integers(0, 3))):
        if len(shifts) < 2 or len(roster.employees) < 2:
            break
        first, second = data.draw(st.permutations(shifts))[:2]
        if first.employee == second.employee:
            continue
        swap = SwapRequest(f"SW-{n}", first.employee, second.employee, first.id, second.id, BASE)
        view.apply_swap(swap)
        shifts = view.shifts()
    start, end = span[0], span[0] + span[1]
    for team in TEAMS:
        of_team = [s for s in shifts if roster.employees[s.employee].team == team]
        assert view.shifts_starting(start, end, team=team) == [
            s for s in sorted(of_team, key=lambda s: (s.start, s.id)) if start <= s.start <= end
        ]
        assert set(view.shifts_between(start, end, team=team)) == set(
            brute_between(of_team, start, end)
        )
    for job in set(JOBS.values()):
        of_job = [s for s in shifts if roster.employees[s.employee].job_type == job]
        covering = list(view.shifts_covering(start, end, job_type=job))
        assert set(covering) == {s for s in of_job if s.start <= start and s.end >= end}
        assert [s.start for s in covering] == sorted((s.start for s in covering), reverse=True)


def test_att3_index_rejects_a_team_and_a_job_type_together() -> None:
    """ATT-3 / SWAP-8: a lookup is by team or by job type, not both at once."""
    view = Roster([Employee("E-1", "T1", "L", "hotline")], [], CAL).view()
    with pytest.raises(InvalidArgumentError, match="job_type"):
        view.shifts_starting(BASE, BASE, team="T1", job_type="hotline")
    assert view.shifts_starting(BASE, BASE, team="nobody") == []


def test_att3_shift_index_remove_of_a_missing_shift_raises_key_error() -> None:
    """ATT-3: the index refuses to remove a shift it does not hold (a bookkeeping bug)."""
    index = ShiftIndex([Shift("S-1", "E-1", BASE, BASE + timedelta(hours=8))])
    with pytest.raises(KeyError):
        index.remove(Shift("S-2", "E-1", BASE, BASE + timedelta(hours=8)))
    assert len(index) == 1
