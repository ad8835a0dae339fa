"""``make demo``: the library at work on its built-in example data.

First the business-calendar engine: a customer-service desk in Shanghai (Mon-Fri
09:00-12:00 and 13:00-18:00, China's public holidays and weekend make-up days)
promising answers across the National Day week of 2026, next to a 24x7 hotline
(CAL-6).  Then the workforce rules: a small call centre's leave and swap requests
for that week, decided in the order they were made (LEAVE, SWAP).  Every deadline
and every decision is printed with its explanation.

Run it with ``python -m servicepolicy.demo``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.workforce import (
    Approval,
    Employee,
    LeaveRequest,
    Roster,
    Shift,
    SwapRequest,
    WorkforcePolicy,
)

__all__ = ["main"]

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: (what the customer asked, when, the working time promised)
REQUESTS = (
    ("Inquiry on the hotline, reply promised within 8 working hours", (9, 30, 17, 0), 8),
    ("Complaint before the holiday, resolution within 2 working days (18 h)", (9, 29, 10, 0), 18),
    ("Email during the holiday, first response within 4 working hours", (10, 3, 11, 0), 4),
    ("After-sales request late Friday, on-site within 3 working hours", (10, 9, 16, 30), 3),
)


def desk() -> BusinessCalendar:
    """The example key-account desk calendar."""
    return BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00",
        tz="Asia/Shanghai",
        country="CN",
        special_hours={date(2026, 9, 30): "09:00-12:00,13:00-17:30"},  # holiday eve: leave early
        name="key-account desk",
    )


def centre() -> Roster:
    """Four agents on day (08-20) and night (20-08) shifts after National Day 2026,
    and two on holiday duty on 2 October."""
    employees = [
        Employee(name, "T1", "Lin", "hotline", skill)
        for name, skill in (("Ann", 2), ("Bo", 2), ("Chen", 1), ("Dai", 2))
    ]
    plan = {"Ann": (8, 8), "Bo": (9, 8), "Chen": (8, 20), "Dai": (9, 20)}
    shifts = [
        Shift(f"{who}-{day:02d}", who, start, start + timedelta(hours=12))
        for who, (first, hour) in plan.items()
        for day in range(first, first + 6, 2)
        for start in [datetime(2026, 10, day, hour, tzinfo=SHANGHAI)]
    ]
    on_duty = datetime(2026, 10, 2, 20, tzinfo=SHANGHAI)
    shifts.append(Shift("Chen-02", "Chen", on_duty, on_duty + timedelta(hours=12)))
    return Roster(employees, shifts, BusinessCalendar.always("Asia/Shanghai", country="CN"))


def _at(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def requests() -> list[LeaveRequest | SwapRequest]:
    """The week's requests; the review decides them in the order they were made."""
    lin = [Approval("Lin", "team_leader")]

    def leave(rid: str, who: str, start: datetime, made: datetime) -> LeaveRequest:
        end = start + timedelta(hours=12)
        return LeaveRequest(rid, who, "personal", start, end, made, who, submitted_to="Lin")

    return [
        SwapRequest("swap-1", "Ann", "Bo", "Ann-10", "Bo-11", _at(9, 25, 10), lin),
        SwapRequest("swap-2", "Ann", "Bo", "Ann-12", "Bo-13", _at(9, 26, 10), lin),
        SwapRequest("swap-3", "Chen", "Dai", "Chen-02", "Dai-09", _at(9, 27, 10), lin),
        leave("leave-1", "Bo", _at(10, 13, 8), _at(9, 28, 9)),
        leave("leave-2", "Bo", _at(10, 10, 8), _at(9, 29, 9)),
        leave("leave-3", "Dai", _at(10, 11, 20), _at(10, 11, 15)),
    ]


def main() -> None:
    """Print a few deadlines and decisions, each with its explanation."""
    cal = desk()
    hotline = BusinessCalendar.always("Asia/Shanghai", name="24x7 hotline")
    print(f"Calendar: {cal!r}\n")
    for what, (month, day, hour, minute), hours in REQUESTS:
        start = datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)
        promised = timedelta(hours=hours)
        print(what)
        print(cal.deadline(start, promised))
        print(f"  (on the {hotline.name}: due {hotline.add(start, promised):%a %Y-%m-%d %H:%M})\n")
    sep = cal.working_days(date(2026, 9, 1), date(2026, 10, 1))
    octo = cal.working_days(date(2026, 10, 1), date(2026, 11, 1))
    print(f"Working days: September 2026 has {sep}, October 2026 has {octo}.")
    print(f"5 working days after 2026-09-30: {cal.add_working_days(date(2026, 9, 30), 5)}")

    print("\nLeave and swap requests for National Day week, in the order they were made:\n")
    review = WorkforcePolicy().review(centre(), requests())
    for _, decision in review:
        print(decision, end="\n\n")
    print(review.summary())


if __name__ == "__main__":
    main()
