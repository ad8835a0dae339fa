"""servicepolicy: customer-service management policy as tested, explainable code.

The public API is re-exported here; see the documentation for guides.
"""

from servicepolicy.calendar import BusinessCalendar, DayInfo, DayKind, Deadline, WeeklyHours
from servicepolicy.errors import (
    DataFileError,
    InvalidArgumentError,
    InvalidCalendarError,
    InvalidRosterError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    ServicePolicyError,
    UnknownRecordError,
    WrongTypeError,
)
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.workforce import (
    AttendancePolicy,
    LeavePolicy,
    Roster,
    SwapPolicy,
    WorkforcePolicy,
)

__version__ = "0.1.0"

__all__ = [
    "AttendancePolicy",
    "BusinessCalendar",
    "DataFileError",
    "DayInfo",
    "DayKind",
    "Deadline",
    "Decision",
    "InvalidArgumentError",
    "InvalidCalendarError",
    "InvalidRosterError",
    "LeavePolicy",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "Roster",
    "ServicePolicyError",
    "Severity",
    "SwapPolicy",
    "UnknownRecordError",
    "Violation",
    "WeeklyHours",
    "WorkforcePolicy",
    "WrongTypeError",
    "__version__",
]
