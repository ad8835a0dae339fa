"""Deadlines on two calendars across China's National Day week (CAL-1 … CAL-6).

A key-account desk works Monday to Friday with a lunch break; a night-shift hotline
works 22:00-06:00 every day except public holidays.  The same promises give different
deadlines on each, and every deadline explains itself.

Run: ``.venv/bin/python examples/calendar_deadlines.py``
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy import BusinessCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def main() -> None:
    desk = BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00", tz="Asia/Shanghai", country="CN", name="desk"
    )
    nights = BusinessCalendar(
        hours="daily 22:00-06:00", tz="Asia/Shanghai", country="CN", name="night hotline"
    )
    received = datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI)
    for promise in (timedelta(hours=4), timedelta(hours=12)):
        for cal in (desk, nights):
            print(cal.deadline(received, promise), end="\n\n")

    # Working-day arithmetic (CAL-2, CAL-3): 3 working days after the holiday starts.
    for start in (date(2026, 9, 30), date(2026, 10, 3)):
        print(f"{start} + 3 working days on the desk = {desk.add_working_days(start, 3)}")
    print(
        "October 2026 has",
        desk.working_days(date(2026, 10, 1), date(2026, 11, 1)),
        "working days on the desk calendar",
    )


if __name__ == "__main__":
    main()
