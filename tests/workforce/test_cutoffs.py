"""Cut-offs never lie after the shift's start, in real time (LEAVE-1, LEAVE-7, LEAVE-8, ATT-1).

Night shifts 22:00-06:00, 00:00-08:00 and 20:00-08:00, day shifts, month ends, and the
daylight-saving changes of New York and Berlin.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.rules import Severity
from servicepolicy.workforce import (
    Approval,
    AttendancePolicy,
    ClockRecord,
    Employee,
    LeavePolicy,
    LeaveRequest,
    Roster,
    Shift,
)
from servicepolicy.workforce._cutoffs import at_wall_time

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MINUTE = timedelta(minutes=1)
MANAGEMENT = Approval("M-1", "management")
CALENDARS = {
    "Asia/Shanghai": BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN"),
    "America/New_York": BusinessCalendar(hours="24/7", tz="America/New_York", country="US"),
    "Europe/Berlin": BusinessCalendar(hours="24/7", tz="Europe/Berlin", country="DE"),
}


def roster_of(*shifts: Shift, tz: str = "Asia/Shanghai") -> Roster:
    return Roster([Employee("A-01", "T1", "L-1", "hotline")], shifts, CALENDARS[tz])


def leave_for(shift: Shift, requested_at: datetime, kind: str = "personal", **more: object):
    return LeaveRequest(
        "LV-1",
        "A-01",
        kind,
        shift.start,
        shift.end,
        requested_at,
        requested_by="A-01",
        submitted_to="L-1",
        **more,  # type: ignore[arg-type]
    )


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


# -- the helper ------------------------------------------------------------------------------


def test_wall_time_skipped_by_dst_is_the_instant_of_the_jump() -> None:
    """LEAVE-7, CAL-5: 02:30 does not exist in New York on 2026-03-08; a cut-off there is
    the jump at 02:00 EST = 03:00 EDT; a repeated wall time is its first occurrence."""
    assert utc(at_wall_time(date(2026, 3, 8), time(2, 30), NY)) == datetime(
        2026, 3, 8, 7, tzinfo=UTC
    )
    assert utc(at_wall_time(date(2026, 11, 1), time(1, 30), NY)) == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )
    assert utc(at_wall_time(date(2026, 3, 29), time(2, 15), BERLIN)) == datetime(
        2026, 3, 29, 1, tzinfo=UTC
    )


# -- LEAVE-7 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "cutoff"),
    [
        (datetime(2026, 11, 10, 22, tzinfo=SH), 8, datetime(2026, 11, 10, 12, tzinfo=SH)),
        (datetime(2026, 11, 11, 0, tzinfo=SH), 8, datetime(2026, 11, 11, 0, tzinfo=SH)),
        (datetime(2026, 11, 10, 20, tzinfo=SH), 12, datetime(2026, 11, 10, 12, tzinfo=SH)),
        (datetime(2026, 12, 1, 0, tzinfo=SH), 8, datetime(2026, 12, 1, 0, tzinfo=SH)),
        (datetime(2026, 10, 31, 22, tzinfo=SH), 8, datetime(2026, 10, 31, 12, tzinfo=SH)),
    ],
    ids=["22-06", "00-08", "20-08", "00-08 month end", "22-06 month end"],
)
def test_leave_7_cutoff_is_the_earlier_of_noon_and_the_shift_start(
    start: datetime, hours: int, cutoff: datetime
) -> None:
    """LEAVE-7: "before 12:00 of that day", but never after the night shift started: a
    request a minute before the cut-off with management's approval is a special case, a
    request at the cut-off (or mid-shift) is refused."""
    night = Shift("N-1", "A-01", start, start + timedelta(hours=hours))
    roster = roster_of(night)
    policy = LeavePolicy(personal_notice=timedelta(0))
    in_time = policy.check(leave_for(night, cutoff - MINUTE, approvals=[MANAGEMENT]), roster)
    (accepted,) = in_time.violations_for("LEAVE-7")
    assert accepted.severity is Severity.INFO
    assert accepted.facts["cutoff"] == cutoff
    for late in (cutoff, start + timedelta(hours=2)):
        decision = policy.check(leave_for(night, late, approvals=[MANAGEMENT]), roster)
        (refused,) = decision.violations_for("LEAVE-7")
        assert refused.severity is Severity.ERROR
        assert not decision.allowed


def test_leave_7_mid_shift_request_for_the_00_to_08_night_is_refused() -> None:
    """LEAVE-7 (the issue's example): a 00:00-08:00 night shift, a request at 02:00 on the
    same date, approved by management: refused, the cut-off was the shift's start."""
    night = Shift(
        "N-1", "A-01", datetime(2026, 11, 11, tzinfo=SH), datetime(2026, 11, 11, 8, tzinfo=SH)
    )
    request = leave_for(night, datetime(2026, 11, 11, 2, tzinfo=SH), "sick", approvals=[MANAGEMENT])
    (found,) = LeavePolicy().check(request, roster_of(night)).violations_for("LEAVE-7")
    assert found.severity is Severity.ERROR
    assert "before 2026-11-11 00:00" in found.message


def test_leave_7_cutoff_in_berlin_on_the_night_clocks_go_forward() -> None:
    """LEAVE-7, CAL-5: a 00:00-08:00 night in Berlin on 2026-03-29 lasts 7 hours; its
    cut-off is its start, whatever the offsets."""
    start = datetime(2026, 3, 29, 0, tzinfo=BERLIN)
    night = Shift("N-1", "A-01", start, datetime(2026, 3, 29, 8, tzinfo=BERLIN))
    roster = roster_of(night, tz="Europe/Berlin")
    request = leave_for(night, datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN), "sick")
    (found,) = LeavePolicy().check(request, roster).violations_for("LEAVE-7")
    assert utc(found.facts["cutoff"]) == utc(start)


# -- LEAVE-1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "in_time", "late"),
    [
        # 03:30 EDT on the day clocks go forward: one real hour before is 01:30 EST.
        (
            datetime(2026, 3, 8, 3, 30, tzinfo=NY),
            datetime(2026, 3, 8, 1, 30, tzinfo=NY),
            datetime(2026, 3, 8, 1, 31, tzinfo=NY),
        ),
        # 01:30 EST (second occurrence) on the day they go back: 01:30 EDT is the hour before.
        (
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY),
            datetime(2026, 11, 1, 1, 30, tzinfo=NY),
            datetime(2026, 11, 1, 1, 31, tzinfo=NY),
        ),
        (
            datetime(2026, 11, 10, 8, tzinfo=NY),
            datetime(2026, 11, 10, 7, tzinfo=NY),
            datetime(2026, 11, 10, 7, 1, tzinfo=NY),
        ),
    ],
    ids=["spring forward", "fall back", "ordinary day"],
)
def test_leave_1_urgent_notice_is_an_hour_of_real_time(
    start: datetime, in_time: datetime, late: datetime
) -> None:
    """LEAVE-1: urgent personal leave at least one hour before the shift, counted in real
    time across daylight-saving changes."""
    day = Shift("D-1", "A-01", start, start + timedelta(hours=8))
    roster = roster_of(day, tz="America/New_York")
    ok = LeavePolicy().check(leave_for(day, in_time, "urgent_personal"), roster)
    assert ok.violations_for("LEAVE-1") == ()
    (missed,) = (
        LeavePolicy()
        .check(leave_for(day, late, "urgent_personal"), roster)
        .violations_for("LEAVE-1")
    )
    assert utc(missed.facts["deadline"]) == utc(in_time)


def test_leave_1_day_before_across_a_month_end() -> None:
    """LEAVE-1: ordinary personal leave for a 00:00 shift on 1 December is due by the end
    of 30 November; at midnight it is late."""
    start = datetime(2026, 12, 1, tzinfo=SH)
    night = Shift("N-1", "A-01", start, start + timedelta(hours=8))
    roster = roster_of(night)
    policy = LeavePolicy(restricted_kinds=())
    assert policy.check(leave_for(night, start - MINUTE), roster).violations_for("LEAVE-1") == ()
    assert policy.check(leave_for(night, start), roster).violations_for("LEAVE-1")


# -- LEAVE-8 ---------------------------------------------------------------------------------


def test_leave_8_deadline_counts_from_the_night_shift_running_into_the_holiday() -> None:
    """LEAVE-8: the night 30 September 20:00 to 1 October 08:00 runs into National Day;
    the two days' notice counts from the shift's start, not from midnight."""
    start = datetime(2026, 9, 30, 20, tzinfo=SH)
    night = Shift("N-1", "A-01", start, start + timedelta(hours=12))
    roster = roster_of(night)
    policy = LeavePolicy()
    request = leave_for(night, start - timedelta(days=2), "sick", approvals=[MANAGEMENT])
    (ok,) = policy.check(request, roster).violations_for("LEAVE-8")
    assert ok.severity is Severity.INFO
    assert ok.facts["deadline"] == start - timedelta(days=2)
    late = leave_for(night, start - timedelta(days=2) + MINUTE, "sick", approvals=[MANAGEMENT])
    (refused,) = policy.check(late, roster).violations_for("LEAVE-8")
    assert refused.severity is Severity.ERROR


# -- ATT-1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 3, 8, 3, 5, tzinfo=NY),
        datetime(2026, 3, 29, 3, 5, tzinfo=BERLIN),
        datetime(2026, 11, 1, 1, 5, fold=1, tzinfo=NY),
        datetime(2026, 10, 25, 2, 5, fold=1, tzinfo=BERLIN),
        datetime(2026, 11, 10, 22, tzinfo=NY),
    ],
    ids=["NY spring", "Berlin spring", "NY fall", "Berlin fall", "ordinary"],
)
def test_att_1_roll_call_is_ten_real_minutes_before_the_shift(start: datetime) -> None:
    """ATT-1: roll call is 10 minutes of real time before the start, never after it,
    also when the clocks change just before the shift."""
    tz = str(start.tzinfo)
    shift = Shift("S-1", "A-01", start, start + timedelta(hours=8))
    roster = roster_of(shift, tz=tz)
    policy = AttendancePolicy(require_hand_over_log=False)
    roll_call = utc(start) - timedelta(minutes=10)

    def att_1(clock_in: datetime) -> tuple[str, ...]:
        record = ClockRecord("A-01", "S-1", clock_in.astimezone(start.tzinfo), shift.end)
        return tuple(v.rule_id for v in policy.check([record], roster).violations)

    assert att_1(roll_call) == ()
    assert att_1(roll_call + MINUTE) == ("ATT-1",)
    assert att_1(utc(start) + timedelta(minutes=5)) == ("ATT-1",)
    assert att_1(utc(start) + timedelta(minutes=20)) == ("ATT-2",)


# -- laws ------------------------------------------------------------------------------------

ZONES = st.sampled_from(["Asia/Shanghai", "America/New_York", "Europe/Berlin"])


@settings(max_examples=150, deadline=None)
@given(
    zone=ZONES,
    day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    minute=st.integers(0, 24 * 60 - 1),
    hours=st.integers(4, 12),
    cutoff=st.times(),
    notice=st.integers(0, 48 * 60),
    offset=st.integers(-72 * 60, 12 * 60),
    kind=st.sampled_from(["personal", "urgent_personal", "sick"]),
)
def test_cutoffs_never_lie_after_the_shift_start(
    zone: str,
    day: date,
    minute: int,
    hours: int,
    cutoff: time,
    notice: int,
    offset: int,
    kind: str,
) -> None:
    """LEAVE-1, LEAVE-7 (property): for any shift, zone, cut-off time and notice, every
    deadline lies at or before the shift's start, and a request made at or after the start
    never meets it."""
    tz = ZoneInfo(zone)
    start = (datetime.combine(day, time(0), tz).astimezone(UTC) + minute * MINUTE).astimezone(tz)
    shift = Shift("S-1", "A-01", start, start + timedelta(hours=hours))
    roster = roster_of(shift, tz=zone)
    policy = LeavePolicy(
        night_cutoff=cutoff,
        personal_notice=timedelta(minutes=notice),
        urgent_notice=timedelta(minutes=notice),
    )
    requested = (utc(start) + offset * MINUTE).astimezone(tz)
    request = leave_for(shift, requested, kind, approvals=[MANAGEMENT])
    deadline = policy.notice_deadline(request, roster)
    if deadline is not None:
        assert utc(deadline) <= utc(start)
    decision = policy.check(request, roster)
    for found in decision.violations_for("LEAVE-7"):
        assert utc(found.facts["cutoff"]) <= utc(start)
        if offset >= 0:
            assert found.severity is Severity.ERROR
    if offset > 0 and kind != "sick":
        assert decision.violations_for("LEAVE-2") or decision.violations_for("LEAVE-1")


@settings(max_examples=100, deadline=None)
@given(
    zone=ZONES,
    day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    minute=st.integers(0, 24 * 60 - 1),
    after=st.integers(1, 19 * 60),
)
def test_arriving_after_the_start_always_misses_roll_call(
    zone: str, day: date, minute: int, after: int
) -> None:
    """ATT-1 (property): a clock-in after the shift's start (by less than the ATT-2 limit)
    always misses roll call."""
    tz = ZoneInfo(zone)
    start = (datetime.combine(day, time(0), tz).astimezone(UTC) + minute * MINUTE).astimezone(tz)
    shift = Shift("S-1", "A-01", start, start + timedelta(hours=8))
    clock_in = (utc(start) + timedelta(seconds=after)).astimezone(tz)
    record = ClockRecord("A-01", "S-1", clock_in, shift.end)
    report = AttendancePolicy(require_hand_over_log=False).check(
        [record], roster_of(shift, tz=zone)
    )
    assert [v.rule_id for v in report.violations] == ["ATT-1"]
