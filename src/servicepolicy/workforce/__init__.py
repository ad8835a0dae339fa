"""Workforce rules: rosters, leave requests, shift swaps and attendance (LEAVE, SWAP, ATT).

.. versionadded:: 0.1.0
"""

from servicepolicy.workforce.attendance import (
    ATT_RULES,
    AttendancePolicy,
    AttendanceReport,
    AwayMeasure,
)
from servicepolicy.workforce.attendance_readers import read_clock_records, read_hand_over_logs
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.leave import LEAVE_RULES, LeavePolicy
from servicepolicy.workforce.model import Employee, Shift, ShiftKind, StaffingRequirement
from servicepolicy.workforce.readers import (
    ReadResult,
    RejectedRow,
    RosterRead,
    read_employees,
    read_leave_requests,
    read_roster,
    read_shifts,
    read_staffing_requirements,
    read_swap_requests,
)
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
from servicepolicy.workforce.roster import Roster, RosterView
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
    "LeaveKind",
    "LeavePolicy",
    "LeaveRequest",
    "NoRelief",
    "ReadResult",
    "RejectedRow",
    "Review",
    "Roster",
    "RosterRead",
    "RosterView",
    "Shift",
    "ShiftKind",
    "StaffingRequirement",
    "SwapPolicy",
    "SwapRequest",
    "WorkforcePolicy",
    "read_clock_records",
    "read_employees",
    "read_hand_over_logs",
    "read_leave_requests",
    "read_roster",
    "read_shifts",
    "read_staffing_requirements",
    "read_swap_requests",
]
