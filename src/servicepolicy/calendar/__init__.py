"""Business calendars: working hours, holidays, make-up days and deadlines (CAL-1…CAL-6).

.. versionadded:: 0.1.0
"""

from servicepolicy.calendar.business import BusinessCalendar
from servicepolicy.calendar.days import DayInfo, DayKind, Deadline
from servicepolicy.calendar.holiday_source import HolidaySource
from servicepolicy.calendar.hours import WeeklyHours, parse_day_hours, parse_weekly_hours
from servicepolicy.calendar.periods import HolidayPeriod

__all__ = [
    "BusinessCalendar",
    "DayInfo",
    "DayKind",
    "Deadline",
    "HolidayPeriod",
    "HolidaySource",
    "WeeklyHours",
    "parse_day_hours",
    "parse_weekly_hours",
]
