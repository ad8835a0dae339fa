"""KPIs from call, survey, agent-time, ticket, complaint and business records, each with
its variant named, in one pass and flat memory, merged exactly (KPI-1 … KPI-11).

.. versionadded:: 0.1.0
"""

from servicepolicy.deprecation import moved_names
from servicepolicy.kpi.accumulator import CALL_DIMENSIONS, CallAccumulator
from servicepolicy.kpi.agent_time import AgentTime, AgentTimeRow
from servicepolicy.kpi.attitude import ATTITUDE_SUBJECTS, AgentComplaint, AttitudeAccumulator
from servicepolicy.kpi.business import BUSINESS_DIMENSIONS, BusinessAccumulator, BusinessRecord
from servicepolicy.kpi.definitions import ATTITUDE_KPIS, BUSINESS_KPIS, CALL_KPIS, TICKET_KPIS, Kpi
from servicepolicy.kpi.measures import MEASURES, Figure, Measure, Variant
from servicepolicy.kpi.periods import Period, period_label
from servicepolicy.kpi.records import CallRecord, CallRow, Direction, IvrOutcome, epoch_ms
from servicepolicy.kpi.report import KpiReport, KpiRow
from servicepolicy.kpi.surveys import SurveyResponse, SurveyRow
from servicepolicy.kpi.targets import Goal, Target
from servicepolicy.kpi.tickets import TICKET_DIMENSIONS, TicketAccumulator

__all__ = [
    "ATTITUDE_KPIS",
    "ATTITUDE_SUBJECTS",
    "BUSINESS_DIMENSIONS",
    "BUSINESS_KPIS",
    "CALL_DIMENSIONS",
    "CALL_KPIS",
    "MEASURES",
    "TICKET_DIMENSIONS",
    "TICKET_KPIS",
    "AgentComplaint",
    "AgentTime",
    "AgentTimeRow",
    "AttitudeAccumulator",
    "BusinessAccumulator",
    "BusinessRecord",
    "CallAccumulator",
    "CallRecord",
    "CallRow",
    "Direction",
    "Figure",
    "Goal",
    "IvrOutcome",
    "Kpi",
    "KpiReport",
    "KpiRow",
    "Measure",
    "Period",
    "SurveyResponse",
    "SurveyRow",
    "Target",
    "TicketAccumulator",
    "Variant",
    "epoch_ms",
    "period_label",
]

# The readers moved to servicepolicy.io (0.2.0); the old names still work, with a warning.
__getattr__ = moved_names(
    "servicepolicy.kpi",
    {
        "AGENT_TIME_COLUMNS": "servicepolicy.io.calls",
        "CALL_COLUMNS": "servicepolicy.io.calls",
        "SURVEY_COLUMNS": "servicepolicy.io.calls",
        "read_agent_time": "servicepolicy.io.calls",
        "read_calls": "servicepolicy.io.calls",
        "read_survey_responses": "servicepolicy.io.calls",
    },
)
