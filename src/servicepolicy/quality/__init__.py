"""Quality inspection: monthly monitoring plans, the scoring form, compliance and
summaries (QA-1, QA-2).

.. versionadded:: 0.1.0
"""

from servicepolicy.quality.compliance import check_monitoring
from servicepolicy.quality.form import Criterion, Evaluation, ScoringForm
from servicepolicy.quality.plan import MonitoringPlan, Sample
from servicepolicy.quality.policy import QualityPolicy
from servicepolicy.quality.summary import QaSummary, summarise

__all__ = [
    "Criterion",
    "Evaluation",
    "MonitoringPlan",
    "QaSummary",
    "QualityPolicy",
    "Sample",
    "ScoringForm",
    "check_monitoring",
    "summarise",
]
