"""Roster sheets (issue 13, part 3): the long layout (one row per shift) and the wide
layout (employees × days with shift codes) give the same shifts; night shifts end the
next day; local times are never guessed (CAL-5); the requests_sheet preset (LEAVE-1,
LEAVE-5) judged against a roster read from a sheet."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preset_fixtures import REQUESTS_SHEET, ROSTER_LONG, ROSTER_WIDE, TZ
from servicepolicy.errors import InvalidArgumentError
from servicepolicy.io.mapping import InputMapping
from servicepolicy.io.requests import LEAVE_COLUMNS, SWAP_COLUMNS, read_leave_requests
from servicepolicy.io.roster_sheets import read_shift_sheet, read_wide_roster
from servicepolicy.policy import load_policy
from servicepolicy.policy.inputs import roster_calendar
from servicepolicy.workforce.model import Employee
from servicepolicy.workforce.roster import Roster

SHANGHAI = ZoneInfo(TZ)


def _key(shifts):  # type: ignore[no-untyped-def]
    return sorted((s.id, s.employee, s.start, s.end) for s in shifts)


def test_the_roster_presets_read_their_fixtures_alike_swap_1() -> None:
    """SWAP-1: the roster_long and roster_wide fixtures hold the same six shifts, read
    with 0 rejected rows; a night shift 20:00-08:00 ends at 08:00 the next day."""
    long = read_shift_sheet(
        io.StringIO(ROSTER_LONG), mapping=InputMapping(preset="roster_long", tz=TZ)
    )
    wide = read_wide_roster(
        io.StringIO(ROSTER_WIDE), mapping=InputMapping(preset="roster_wide", tz=TZ)
    )
    assert not long.rejected and not wide.rejected
    assert len(long.records) == 6
    assert _key(long.records) == _key(wide.records)
    night = next(s for s in long.records if s.employee == "A-5")
    assert night.start == datetime(2026, 11, 24, 20, tzinfo=SHANGHAI)
    assert night.end == datetime(2026, 11, 25, 8, tzinfo=SHANGHAI)
    assert night.end - night.start == timedelta(hours=12)


def test_a_sheet_without_a_zone_is_refused_cal_5() -> None:
    """CAL-5: the zone of a sheet's times is never guessed."""
    with pytest.raises(InvalidArgumentError, match="tz"):
        read_shift_sheet(io.StringIO(ROSTER_LONG), mapping=InputMapping(preset="roster_long"))
    with pytest.raises(InvalidArgumentError, match="tz"):
        read_wide_roster(io.StringIO(ROSTER_WIDE))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        ("2026-03-29", "02:30", "10:00"),
        ("2026-10-25", "02:30", "10:00"),
        ("2026-10-24", "20:00", "02:30"),
    ],
)
def test_a_local_time_a_dst_change_skips_or_repeats_rejects_the_row_cal_5(
    day: str, start: str, end: str
) -> None:
    """CAL-5: 02:30 in Berlin does not exist on 29 March 2026 and occurs twice on
    25 October 2026 (a night shift ending then too): the row is rejected."""
    text = f"employee,date,start,end\nA-1,{day},{start},{end}\nA-2,2026-11-02,08:00,16:00\n"
    result = read_shift_sheet(io.StringIO(text), tz="Europe/Berlin")
    assert [r.line for r in result.rejected] == [2]
    assert "exactly once" in result.rejected[0].reason
    assert [s.employee for s in result.records] == ["A-2"]


def test_an_unknown_code_rejects_the_whole_row_swap_1() -> None:
    """SWAP-1: a cell that is no shift code rejects its employee's row, naming the day
    and the known codes; the other rows are read (rows in = read + rejected)."""
    text = "Employee,2026-11-02,2026-11-03\nA-1,D,X\nA-2,n,d\n"
    result = read_wide_roster(io.StringIO(text), tz=TZ)
    assert [r.line for r in result.rejected] == [2]
    assert "2026-11-03: expected a shift code" in result.rejected[0].reason
    assert _key(result.records) == _key(
        read_shift_sheet(
            io.StringIO(
                "employee,date,start,end\nA-2,2026-11-02,20:00,08:00\nA-2,2026-11-03,08:00,16:00\n"
            ),
            tz=TZ,
        ).records
    )


def test_own_codes_and_a_bad_code_table_swap_1() -> None:
    """SWAP-1: codes are the caller's (an early shift E); hours that cannot be read are an
    argument error naming the code."""
    text = "Employee,02/11/2026\nA-1,E\n"
    result = read_wide_roster(io.StringIO(text), tz=TZ, codes={"E": "06:00-14:00"})
    assert result.records[0].start == datetime(2026, 11, 2, 6, tzinfo=SHANGHAI)
    with pytest.raises(InvalidArgumentError, match="codes"):
        read_wide_roster(io.StringIO(text), tz=TZ, codes={"E": "early"})


CODES = {"D": "08:00-16:00", "N": "20:00-08:00", "L": "12:00-20:00", "-": None}


@settings(max_examples=40, deadline=None)
@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 1)),
    grid=st.lists(
        st.lists(st.sampled_from(["D", "N", "L", "-", ""]), min_size=1, max_size=7),
        min_size=1,
        max_size=5,
    ),
    zone=st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "America/New_York"]),
)
def test_wide_and_long_layouts_give_the_same_shifts_swap_1(
    first: date, grid: list[list[str]], zone: str
) -> None:
    """SWAP-1 (law): for any roster, read as a wide grid or written out one row per shift
    and read as a long sheet, the shifts are the same, rejected rows too."""
    width = max(len(row) for row in grid)
    days = [first + timedelta(days=n) for n in range(width)]
    wide = "Employee," + ",".join(d.isoformat() for d in days) + "\n"
    long = "employee,date,start,end\n"
    for number, row in enumerate(grid):
        cells = row + [""] * (width - len(row))
        wide += f"E-{number}," + ",".join(cells) + "\n"
        for day, code in zip(days, cells, strict=True):
            hours = CODES.get(code)
            if hours:
                start, end = hours.split("-")
                long += f"E-{number},{day.isoformat()},{start},{end}\n"
    from_wide = read_wide_roster(io.StringIO(wide), tz=zone, codes=CODES)
    from_long = read_shift_sheet(io.StringIO(long), tz=zone)
    rejected_wide = {r.row["Employee"] for r in from_wide.rejected}
    rejected_long = {r.row["employee"] for r in from_long.rejected}
    assert rejected_wide == rejected_long
    assert _key(from_wide.records) == _key(
        [s for s in from_long.records if s.employee not in rejected_long]
    )


def test_the_requests_sheet_judged_against_a_sheet_roster_leave_1(tmp_path: Path) -> None:
    """LEAVE-1, LEAVE-5: the requests_sheet fixture is read with 0 rejected rows; by hand:
    L-2 (personal leave asked at 07:00 for the 08:00 shift that day, not the day
    before) misses its lead time, L-4 (personal leave asked by A-5 for A-4) was not asked
    in person; L-1 (annual → personal, four days ahead) and L-3 (sick leave, asked by
    someone else, allowed) break neither rule."""
    mapping = InputMapping(preset="requests_sheet", tz=TZ).restricted(
        LEAVE_COLUMNS, also=SWAP_COLUMNS
    )
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS_SHEET, encoding="utf-8")
    requests = read_leave_requests(path, mapping=mapping)
    assert not requests.rejected
    assert [r.kind.value for r in requests.records] == ["personal", "personal", "sick", "personal"]
    policy = load_policy("callcentre")
    shifts = read_shift_sheet(
        io.StringIO(ROSTER_LONG), mapping=InputMapping(preset="roster_long", tz=TZ)
    )
    people = [Employee(f"A-{n}", "Hotline", "T-1", "agent") for n in range(1, 6)]
    roster = Roster(people, shifts.records, roster_calendar(policy))
    report = policy.check(
        requests=requests, roster=roster, now=datetime(2026, 12, 1, tzinfo=SHANGHAI)
    )
    found = {(v.rule_id, v.subject) for v in report.violations}
    assert {s for rule, s in found if rule == "LEAVE-1"} == {"A-2"}  # L-2
    assert {s for rule, s in found if rule == "LEAVE-5"} == {"A-4"}  # L-4
