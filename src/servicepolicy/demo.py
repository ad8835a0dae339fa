"""``make demo``: the library at work on its built-in example data.

Today this shows the business-calendar engine: a customer-service desk in
Shanghai (Mon-Fri 09:00-12:00 and 13:00-18:00, China's public holidays and
weekend make-up days) promising answers across the National Day week of 2026,
next to a 24x7 hotline (CAL-6).  Each deadline is printed with its explanation.

Run it with ``python -m servicepolicy.demo``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy.calendar import BusinessCalendar

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


def main() -> None:
    """Print a few deadlines and their explanations."""
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


if __name__ == "__main__":
    main()
