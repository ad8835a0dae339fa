"""servicepolicy: customer-service management policy as tested, explainable code.

The public API is re-exported here; see the documentation for guides.
"""

from servicepolicy.calendar import BusinessCalendar, DayInfo, DayKind, Deadline, WeeklyHours
from servicepolicy.errors import (
    InvalidArgumentError,
    InvalidCalendarError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    ServicePolicyError,
    WrongTypeError,
)
from servicepolicy.rules import Decision, Severity, Violation

__version__ = "0.1.0"

__all__ = [
    "BusinessCalendar",
    "DayInfo",
    "DayKind",
    "Deadline",
    "Decision",
    "InvalidArgumentError",
    "InvalidCalendarError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "ServicePolicyError",
    "Severity",
    "Violation",
    "WeeklyHours",
    "WrongTypeError",
    "__version__",
]
