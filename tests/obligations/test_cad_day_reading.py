"""How "N日前" is read: CAD-1 "by the 22nd" and CAD-2 "on the Friday before the 25th".

Both cadences take ``inclusive=``, with one meaning: whether day N itself counts.  The
defaults follow the rule book's wording ("by" a deadline: inclusive; "before" a day:
strict).
"""

from __future__ import annotations

import calendar as cal
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import DoneRecord, Obligations, all_agents_meeting, quality_report

SH = ZoneInfo("Asia/Shanghai")


def month_days(cadence_days: list[date]) -> list[int]:
    return [d.day for d in cadence_days]


@pytest.mark.parametrize(
    ("year", "month"), [(2025, 2), (2026, 3), (2026, 11), (2027, 6), (2028, 2)]
)
def test_cad1_the_22nd_itself_is_on_time_by_default(year: int, month: int) -> None:
    """CAD-1: "by the 22nd" includes the 22nd, in any month (February of a leap year
    too); ``inclusive=False`` ("before the 22nd") makes the 21st the last day."""
    last = date(year, month, cal.monthrange(year, month)[1])
    assert month_days(quality_report().days(date(year, month, 1), last)) == [22]
    assert month_days(quality_report(inclusive=False).days(date(year, month, 1), last)) == [21]
    assert month_days(quality_report(day=10, inclusive=False).days(date(year, month, 1), last)) == [
        9
    ]


def test_cad1_a_report_handed_in_on_the_22nd_is_on_time_only_when_inclusive() -> None:
    """CAD-1: a report handed in during the 22nd is on time under the default reading and
    late under the strict one (due by the end of the 21st)."""
    since = datetime(2026, 5, 1, tzinfo=SH)
    now = datetime(2026, 5, 30, tzinfo=SH)
    handed_in = datetime(2026, 5, 22, 16, tzinfo=SH)
    by_22 = Obligations([quality_report()], since=since, tz=SH)
    assert by_22.check([DoneRecord("quality_report@2026-05-22", handed_in)], now=now) == ()
    before_22 = Obligations([quality_report(inclusive=False)], since=since, tz=SH)
    (late,) = before_22.check([DoneRecord("quality_report@2026-05-21", handed_in)], now=now)
    assert (late.rule_id, late.severity.label) == ("CAD-1", "warning")
    assert late.facts["due"] == date(2026, 5, 21)


# Months whose 25th is a Friday: the two readings of CAD-2 differ there and only there.
FRIDAY_25THS = [(2026, 9), (2026, 12), (2027, 6), (2028, 2), (2029, 5), (2030, 10)]


@pytest.mark.parametrize(("year", "month"), FRIDAY_25THS)
def test_cad2_a_friday_25th_is_the_meeting_only_when_inclusive(year: int, month: int) -> None:
    """CAD-2: when the 25th is a Friday, "before the 25th" read strictly (default) gives
    the 18th, "on or before" (``inclusive=True``) the 25th itself."""
    assert date(year, month, 25).weekday() == 4
    first, last = date(year, month, 1), date(year, month, 28)
    assert month_days(all_agents_meeting().days(first, last)) == [18]
    assert month_days(all_agents_meeting(inclusive=True).days(first, last)) == [25]


@given(
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=8, max_value=28),
    st.booleans(),
)
def test_cad1_cad2_law_inclusive_means_the_same_in_both(
    year: int, month: int, n: int, inclusive: bool
) -> None:
    """CAD-1, CAD-2 law: with the same ``inclusive``, both cadences have the same last
    allowed day (N, or N-1 when strict): the report is due on it, and the meeting is the
    last Friday on or before it."""
    last_allowed = n if inclusive else n - 1
    first, end = date(year, month, 1), date(year, month, 28)
    (report,) = quality_report(day=n, inclusive=inclusive).days(first, end)
    (meeting,) = all_agents_meeting(before=n, inclusive=inclusive).days(first, end)
    assert report.day == last_allowed
    assert meeting.weekday() == 4
    assert last_allowed - 7 < meeting.day <= last_allowed


def test_cad1_reading_bad_input_raises() -> None:
    """CAD-1: ``inclusive`` must be a bool, and a strict reading needs a day after the 1st."""
    with pytest.raises(WrongTypeError, match="inclusive"):
        quality_report(inclusive="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="from 2 to 28"):
        quality_report(day=1, inclusive=False)
    assert month_days(quality_report(day=1).days(date(2026, 1, 1), date(2026, 1, 31))) == [1]
