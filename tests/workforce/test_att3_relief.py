"""ATT-3 ("接班人未到机台,交班人不得离台") when relief is late, partial or never comes (issue 14).

A call-centre night team on a 12-hour day/night cycle in Shanghai, over the midnight
between 2026-02-16 and 2026-02-17 (Spring Festival eve, a public holiday), plus a
Berlin desk whose hand-over crosses the end of daylight saving time (2026-10-25).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.io.attendance import read_hand_over_logs
from servicepolicy.rules import Severity, Violation
from servicepolicy.workforce import (
    AttendancePolicy,
    ClockRecord,
    Employee,
    HandOverLog,
    LeaveRequest,
    NoRelief,
    Roster,
    Shift,
)

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
STAY = AttendancePolicy(require_hand_over_log=False)
RELEASE = AttendancePolicy(require_hand_over_log=False, no_relief="release")


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    """2026-02-<day> hour:minute in Shanghai."""
    return datetime(2026, 2, day, tzinfo=SH) + timedelta(hours=hour, minutes=minute)


def night_roster(*, leaves: tuple[LeaveRequest, ...] = ()) -> Roster:
    """Team N: N-1 and N-2 work the night 20:00-08:00 (16th to 17th); D-1, D-2 and D-3
    take over for the day 08:00-20:00 on the 17th; D-3's day shift is the last of the
    day (nobody follows it).  Team O (another team) starts at 08:00 too."""
    employees = [Employee(e, "N", "L-N", "hotline") for e in ("N-1", "N-2", "D-1", "D-2", "D-3")]
    employees.append(Employee("O-1", "O", "L-O", "hotline"))
    return Roster(
        employees=employees,
        shifts=[
            Shift("N1", "N-1", sh(16, 20), sh(17, 8)),
            Shift("N2", "N-2", sh(16, 20), sh(17, 8)),
            Shift("D1", "D-1", sh(17, 8), sh(17, 20)),
            Shift("D2", "D-2", sh(17, 8), sh(17, 20)),
            Shift("D3", "D-3", sh(17, 7, 45), sh(17, 20)),
            Shift("O1", "O-1", sh(17, 8), sh(17, 20)),
        ],
        calendar=BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN"),
        leaves=leaves,
    )


def rec(employee: str, shift: str, clock_in: datetime | None, out: datetime | None = None):
    return ClockRecord(employee, shift, clock_in, out)


def att3(found: list[Violation] | tuple[Violation, ...], subject: str) -> list[Violation]:
    return [v for v in found if v.rule_id == "ATT-3" and v.subject == subject]


def check(*records: ClockRecord, policy: AttendancePolicy = STAY, logs=(), roster=None):
    return policy.check(records, roster or night_roster(), logs).violations


NIGHT_OUT = [rec("N-2", "N2", sh(16, 19, 45), sh(17, 8, 10))]  # N-2 always stays long enough


def test_att3_night_to_day_over_midnight_every_incoming_absent_is_an_error() -> None:
    """ATT-3: N-1 leaves the night shift at 08:05 on the 17th; D-1, D-2 and D-3 never
    clock in (and other teams' arrivals do not count): N-1 was never relieved."""
    records = [
        rec("N-1", "N1", sh(16, 19, 45), sh(17, 8, 5)),
        rec("O-1", "O1", sh(17, 7, 40), sh(17, 20)),
        rec("D-1", "D1", None),
        *NIGHT_OUT,
    ]
    (found,) = att3(check(*records), "N-1")
    assert found.severity is Severity.ERROR
    assert found.facts["incoming_absent"] == "D3, D1, D2"  # by start
    assert found.facts["no_relief"] == "stay"
    assert "never arrived" in found.message and "D-1 (shift D1)" in found.message
    assert found.suggestion and "stay at the post" in found.suggestion


def test_att3_one_of_several_incoming_agents_arriving_relieves_the_post() -> None:
    """ATT-3: of D-1, D-2 and D-3 only D-2 arrives (07:50); N-1 leaving at 08:00 is
    relieved; leaving at 07:49, before D-2 arrived, is the ordinary ATT-3 error."""
    day = [rec("D-2", "D2", sh(17, 7, 50), sh(17, 20)), *NIGHT_OUT]
    assert att3(check(rec("N-1", "N1", sh(16, 19, 45), sh(17, 8)), *day), "N-1") == []
    (early,) = att3(check(rec("N-1", "N1", sh(16, 19, 45), sh(17, 7, 49)), *day), "N-1")
    assert early.facts["incoming_shift"] == "D2" and "incoming_absent" not in early.facts


def test_att3_a_late_relief_is_waited_for() -> None:
    """ATT-3: D-3 arrives 09:30, late; N-1 staying until 09:31 is fine, leaving at 09:00
    is an error with 30 unattended minutes."""
    late = [rec("D-3", "D3", sh(17, 9, 30), sh(17, 20)), *NIGHT_OUT]
    assert att3(check(rec("N-1", "N1", sh(16, 19, 45), sh(17, 9, 31)), *late), "N-1") == []
    (found,) = att3(check(rec("N-1", "N1", sh(16, 19, 45), sh(17, 9)), *late), "N-1")
    assert found.facts["minutes_unattended"] == 30


@pytest.mark.parametrize(
    ("released_by", "flagged"),
    [(None, True), ("L-N", False), ("L-O", True), ("N-2", True)],
)
def test_att3_no_show_with_recorded_release(released_by: str | None, flagged: bool) -> None:
    """ATT-3 with ``no_relief="release"``: the release by N-1's team leader L-N, recorded in
    the hand-over log, relieves the post; none, or one by someone else, does not."""
    log = HandOverLog("N1", "N-1", "ok", "none", "none", released_by=released_by)
    records = [rec("N-1", "N1", sh(16, 19, 45), sh(17, 8, 5)), *NIGHT_OUT]
    found = att3(check(*records, policy=RELEASE, logs=[log]), "N-1")
    assert bool(found) is flagged
    if flagged:
        assert found[0].facts["released_by"] == released_by
        assert found[0].suggestion and "released_by" in found[0].suggestion


def test_att3_a_release_does_not_relieve_under_the_manuals_reading() -> None:
    """ATT-3 with the default ``no_relief="stay"``: even a recorded release leaves the
    exit flagged (the release is kept in the facts)."""
    log = HandOverLog("N1", "N-1", "ok", "none", "none", released_by="L-N")
    records = [rec("N-1", "N1", sh(16, 19, 45), sh(17, 8, 5)), *NIGHT_OUT]
    (found,) = att3(check(*records, logs=[log]), "N-1")
    assert found.facts["released_by"] == "L-N" and STAY.no_relief is NoRelief.STAY


def test_att3_the_last_shift_of_the_day_has_no_incoming_shift() -> None:
    """ATT-3: D-3's day shift ends at 20:00 and no shift of team N follows: leaving at
    20:00 (or earlier, which is not ATT-3's business) is not judged."""
    records = [rec("D-3", "D3", sh(17, 7, 40), sh(17, 19, 55))]
    assert att3(check(*records), "D-3") == []


def test_att3_incoming_on_approved_leave_or_not_yet_due_is_not_a_no_show() -> None:
    """ATT-3: incoming agents on approved leave for their whole shift are not expected;
    incoming shifts not yet over when the review ends (``until``) are not judged yet."""
    leaves = tuple(
        LeaveRequest(f"LV-{e}", e, "sick", sh(17, 8), sh(17, 20), sh(17, 6), e)
        for e, s in (("D-1", "D1"), ("D-2", "D2"))
    )
    roster = night_roster(leaves=leaves)
    out = [rec("N-1", "N1", sh(16, 19, 45), sh(17, 8, 5)), *NIGHT_OUT]
    (found,) = att3(check(*out, roster=roster), "N-1")  # D-3 is still a no-show
    assert found.facts["incoming_absent"] == "D3"
    report = STAY.check(out, night_roster(), until=sh(17, 12))  # the day shifts still run
    assert att3(report.violations, "N-1") == []


def test_att3_hand_over_across_the_end_of_daylight_saving() -> None:
    """ATT-3 on a Berlin desk: the night shift 2026-10-24 22:00 to 25 06:00 lasts 9 hours
    (the clocks go back); the day agent never comes, the night agent leaves at 06:00."""
    cal = BusinessCalendar(hours="24/7", tz="Europe/Berlin", country="DE")
    night = datetime(2026, 10, 24, 22, tzinfo=BERLIN)
    morning = datetime(2026, 10, 25, 6, tzinfo=BERLIN)
    roster = Roster(
        [Employee("B-1", "B", "L-B", "desk"), Employee("B-2", "B", "L-B", "desk")],
        [Shift("BN", "B-1", night, morning), Shift("BD", "B-2", morning, morning.replace(hour=14))],
        cal,
    )
    assert morning.astimezone(UTC) - night.astimezone(UTC) == timedelta(hours=9)
    records = [rec("B-1", "BN", night - timedelta(minutes=15), morning)]
    (found,) = att3(check(*records, roster=roster), "B-1")
    assert found.facts["incoming_absent"] == "BD"


def test_att3_no_relief_parameter_and_released_by_are_checked() -> None:
    """ATT-3: ``no_relief`` accepts only its choices; ``released_by`` a non-empty text."""
    with pytest.raises(ValueError, match="sometimes"):
        AttendancePolicy(no_relief="sometimes")
    with pytest.raises(WrongTypeError, match="released_by"):
        HandOverLog("N1", "N-1", "ok", "none", "none", released_by=7)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="released_by"):
        HandOverLog("N1", "N-1", "ok", "none", "none", released_by=" ")


def test_att3_the_hand_over_log_reader_reads_the_release() -> None:
    """ATT-3: ``released_by`` is an optional column of hand-over logs; empty is ``None``."""
    import io

    text = (
        "shift,by,equipment_state,difficult_cases,staffing_changes,released_by\n"
        "N1,N-1,ok,none,none,L-N\n"
        "N2,N-2,ok,none,none,\n"
    )
    result = read_hand_over_logs(io.StringIO(text), format="csv")
    assert [log.released_by for log in result.records] == ["L-N", None]
    without = "shift,by,equipment_state,difficult_cases,staffing_changes\nN1,N-1,ok,none,none\n"
    (log,) = read_hand_over_logs(io.StringIO(without), format="csv").records
    assert log.released_by is None
