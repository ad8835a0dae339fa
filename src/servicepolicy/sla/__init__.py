"""SLA clocks: targets, deadlines, pauses, promises, warnings and breaches (SLA-1 … SLA-6).

.. versionadded:: 0.1.0
"""

from servicepolicy.sla.deadlines import BindingDeadline
from servicepolicy.sla.policy import SlaPolicy
from servicepolicy.sla.report import BreachRate, OutcomeChange, SlaReport, SlaTally, compare
from servicepolicy.sla.status import SlaState, SlaStatus
from servicepolicy.sla.targets import Metric, SlaTarget, WorkingDays
from servicepolicy.sla.timeline import SlaEvent, SlaEventKind

__all__ = [
    "BindingDeadline",
    "BreachRate",
    "Metric",
    "OutcomeChange",
    "SlaEvent",
    "SlaEventKind",
    "SlaPolicy",
    "SlaReport",
    "SlaState",
    "SlaStatus",
    "SlaTally",
    "SlaTarget",
    "WorkingDays",
    "compare",
]
