"""servicepolicy: customer-service management policy as tested, explainable code.

The public API is re-exported here; see the documentation for guides.
"""

from servicepolicy.access import AccessPolicy
from servicepolicy.calendar import BusinessCalendar, DayInfo, DayKind, Deadline, WeeklyHours
from servicepolicy.customers import Customer, TierScheme
from servicepolicy.errors import (
    ConsentRequiredError,
    DataFileError,
    InvalidArgumentError,
    InvalidCalendarError,
    InvalidRosterError,
    InvalidTransitionError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    ServicePolicyError,
    UnknownRecordError,
    WrongTypeError,
)
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.tickets import Ticket
from servicepolicy.workforce import (
    AttendancePolicy,
    LeavePolicy,
    Roster,
    SwapPolicy,
    WorkforcePolicy,
)

__version__ = "0.1.0"

__all__ = [
    "AccessPolicy",
    "AttendancePolicy",
    "BusinessCalendar",
    "ConsentRequiredError",
    "Customer",
    "DataFileError",
    "DayInfo",
    "DayKind",
    "Deadline",
    "Decision",
    "InvalidArgumentError",
    "InvalidCalendarError",
    "InvalidRosterError",
    "InvalidTransitionError",
    "LeavePolicy",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "Roster",
    "ServicePolicyError",
    "Severity",
    "SwapPolicy",
    "Ticket",
    "TierScheme",
    "UnknownRecordError",
    "Violation",
    "WeeklyHours",
    "WorkforcePolicy",
    "WrongTypeError",
    "__version__",
]
