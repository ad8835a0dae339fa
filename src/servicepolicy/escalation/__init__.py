"""Escalation: the ladder, trigger rules and key-account emergencies (ESC-1 … ESC-6).

* :class:`EscalationLadder` climbs level by level; an emergency may skip levels but owes
  each skipped level a report (ESC-2); a report carries a proposed handling and records
  the superior's instruction (ESC-3).
* :class:`EscalationPolicy` says what must be escalated where: SLA warnings and breaches
  (ESC-6), the cases of ESC-1, company-fault complaints by severity (ESC-4).
* :class:`EmergencyResponse` runs key-account contingency plans and checks the progress
  reports owed until an incident is closed (ESC-5).

.. versionadded:: 0.1.0
"""

from servicepolicy.escalation.cases import Case, CaseCategory, FaultAssessment, FaultSeverity
from servicepolicy.escalation.incidents import (
    ContingencyPlan,
    EmergencyResponse,
    Incident,
    PlanStep,
)
from servicepolicy.escalation.ladder import DEFAULT_LEVELS, KEY_ACCOUNT_LEVELS, EscalationLadder
from servicepolicy.escalation.records import (
    Escalation,
    EscalationRequired,
    EscalationResult,
    Identified,
    Instruction,
    subject_id,
)
from servicepolicy.escalation.triggers import EscalationPolicy

__all__ = [
    "DEFAULT_LEVELS",
    "KEY_ACCOUNT_LEVELS",
    "Case",
    "CaseCategory",
    "ContingencyPlan",
    "EmergencyResponse",
    "Escalation",
    "EscalationLadder",
    "EscalationPolicy",
    "EscalationRequired",
    "EscalationResult",
    "FaultAssessment",
    "FaultSeverity",
    "Identified",
    "Incident",
    "Instruction",
    "PlanStep",
    "subject_id",
]
