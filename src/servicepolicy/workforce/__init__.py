"""Workforce rules: rosters, leave requests, shift swaps and attendance (LEAVE, SWAP, ATT).

.. versionadded:: 0.1.0
"""

from servicepolicy.deprecation import moved_names
from servicepolicy.workforce.attendance import (
    ATT_RULES,
    AttendancePolicy,
    AttendanceReport,
    AwayMeasure,
)
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.leave import LEAVE_RULES, LeavePolicy
from servicepolicy.workforce.model import Employee, Shift, ShiftKind, StaffingRequirement
from servicepolicy.workforce.relief import NoRelief
from servicepolicy.workforce.requests import (
    Approval,
    ApproverRole,
    CertificatePeriod,
    LeaveKind,
    LeaveRequest,
    SwapRequest,
)
from servicepolicy.workforce.review import Review, WorkforcePolicy
from servicepolicy.workforce.roster import HolidayBasis, Roster, RosterView
from servicepolicy.workforce.swap import SWAP_RULES, SwapPolicy

__all__ = [
    "ATT_RULES",
    "LEAVE_RULES",
    "SWAP_RULES",
    "Approval",
    "ApproverRole",
    "AttendancePolicy",
    "AttendanceReport",
    "AwayMeasure",
    "CertificatePeriod",
    "ClockRecord",
    "Employee",
    "HandOverLog",
    "HolidayBasis",
    "LeaveKind",
    "LeavePolicy",
    "LeaveRequest",
    "NoRelief",
    "Review",
    "Roster",
    "RosterView",
    "Shift",
    "ShiftKind",
    "StaffingRequirement",
    "SwapPolicy",
    "SwapRequest",
    "WorkforcePolicy",
]

# The readers moved to servicepolicy.io (0.2.0); the old names still work, with a warning.
__getattr__ = moved_names(
    "servicepolicy.workforce",
    {
        "ReadResult": "servicepolicy.io.roster",
        "RejectedRow": "servicepolicy.io.roster",
        "RosterRead": "servicepolicy.io.roster",
        "read_clock_records": "servicepolicy.io.attendance",
        "read_employees": "servicepolicy.io.roster",
        "read_hand_over_logs": "servicepolicy.io.attendance",
        "read_leave_requests": "servicepolicy.io.roster",
        "read_roster": "servicepolicy.io.roster",
        "read_shifts": "servicepolicy.io.roster",
        "read_staffing_requirements": "servicepolicy.io.roster",
        "read_swap_requests": "servicepolicy.io.roster",
    },
)
