"""Policy files: a whole policy written down once, validated at once, and checked against
data (the library's main job).

.. versionadded:: 0.1.0
"""

from servicepolicy.policy.loader import (
    BUILTIN_POLICIES,
    MIGRATIONS,
    builtin_policy_text,
    load_policy,
    load_policy_text,
    migrate,
    parse_duration,
)
from servicepolicy.policy.sections import (
    SCHEMA_VERSION,
    CalendarSection,
    EscalationSection,
    KpiMeasure,
    KpiSection,
    Policy,
    SlaSection,
    SlaTargetSection,
)

__all__ = [
    "BUILTIN_POLICIES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CalendarSection",
    "EscalationSection",
    "KpiMeasure",
    "KpiSection",
    "Policy",
    "SlaSection",
    "SlaTargetSection",
    "builtin_policy_text",
    "load_policy",
    "load_policy_text",
    "migrate",
    "parse_duration",
]
