"""Workforce rules: rosters, leave requests, shift swaps and attendance (LEAVE, SWAP, ATT).

.. versionadded:: 0.1.0
"""

from servicepolicy.workforce.model import Employee, Shift, ShiftKind, StaffingRequirement
from servicepolicy.workforce.requests import (
    Approval,
    ApproverRole,
    CertificatePeriod,
    LeaveKind,
    LeaveRequest,
    SwapRequest,
)
from servicepolicy.workforce.roster import Roster, RosterView

__all__ = [
    "Approval",
    "ApproverRole",
    "CertificatePeriod",
    "Employee",
    "LeaveKind",
    "LeaveRequest",
    "Roster",
    "RosterView",
    "Shift",
    "ShiftKind",
    "StaffingRequirement",
    "SwapRequest",
]
