"""servicepolicy-logistics: the logistics company's rules (LOG-1 … LOG-5) for servicepolicy.

* LOG-1: :class:`Order`, :func:`audit_order`; orders followed as ``logistics_order``
  tickets (:func:`open_order`) with news owed after each milestone (:func:`check_feedback`).
* LOG-2: :func:`recommend_transport` for a :class:`TransportRequest`, with its reasoning.
* LOG-3: :class:`HandOver`, :func:`check_hand_over`.
* LOG-4: the ``delivery_damage``, ``delivery_loss``, ``delivery_delay`` and
  ``delivery_dispute`` ticket kinds, their SLA targets (:func:`exception_targets`),
  escalations (:func:`exception_escalations`) and checks (:func:`check_exception`), with
  evidence recorded as tagged notes (:func:`record_photos`, :func:`record_cause`).
* LOG-5: :func:`survey_obligation`, :func:`check_surveys`.

The hooks (:mod:`servicepolicy_logistics.plugin`) make the ticket kinds, targets, checks and
escalations part of servicepolicy once the distribution is installed.

.. versionadded:: 0.1.0
"""

from servicepolicy_logistics.delivery_exceptions import (
    DAMAGE,
    DAMAGE_KIND,
    DELAY,
    DELAY_KIND,
    DISPUTE,
    DISPUTE_KIND,
    EXCEPTION_KINDS,
    EXCEPTION_LIFECYCLES,
    LOSS,
    LOSS_KIND,
    ExceptionRules,
    exception_escalations,
    exception_targets,
)
from servicepolicy_logistics.evidence import (
    CAUSE_TAG,
    FORCE_MAJEURE_TAG,
    PHOTOS_TAG,
    DelayCause,
    PhotoEvidence,
    causes_of,
    photos_of,
    record_cause,
    record_photos,
)
from servicepolicy_logistics.exception_checks import (
    check_exception,
)
from servicepolicy_logistics.hand_over import (
    CountedLine,
    DeliveryLine,
    Discrepancy,
    DiscrepancyKind,
    HandOver,
    HandOverRules,
    check_hand_over,
)
from servicepolicy_logistics.order_progress import (
    ORDER,
    ORDER_KIND,
    FeedbackRules,
    check_feedback,
    open_order,
)
from servicepolicy_logistics.orders import (
    AUDITED_FIELDS,
    Order,
    OrderChannel,
    OrderRules,
    audit_order,
)
from servicepolicy_logistics.plugin import LogisticsPlugin
from servicepolicy_logistics.recommendation import (
    CriterionCheck,
    ModeAssessment,
    RuledOut,
    TransportRecommendation,
    recommend_transport,
)
from servicepolicy_logistics.settings import (
    SECTION,
    LogisticsSettings,
)
from servicepolicy_logistics.surveys import (
    SurveyRules,
    check_surveys,
    survey_done,
    survey_obligation,
)
from servicepolicy_logistics.transport import (
    MODE_CRITERIA,
    Constraint,
    Criterion,
    GoodsType,
    ModeProfile,
    TransportMode,
    TransportRequest,
    TransportThresholds,
)

__version__ = "0.1.0"

__all__ = [
    "AUDITED_FIELDS",
    "CAUSE_TAG",
    "DAMAGE",
    "DAMAGE_KIND",
    "DELAY",
    "DELAY_KIND",
    "DISPUTE",
    "DISPUTE_KIND",
    "EXCEPTION_KINDS",
    "EXCEPTION_LIFECYCLES",
    "FORCE_MAJEURE_TAG",
    "LOSS",
    "LOSS_KIND",
    "MODE_CRITERIA",
    "ORDER",
    "ORDER_KIND",
    "PHOTOS_TAG",
    "SECTION",
    "Constraint",
    "CountedLine",
    "Criterion",
    "CriterionCheck",
    "DelayCause",
    "DeliveryLine",
    "Discrepancy",
    "DiscrepancyKind",
    "ExceptionRules",
    "FeedbackRules",
    "GoodsType",
    "HandOver",
    "HandOverRules",
    "LogisticsPlugin",
    "LogisticsSettings",
    "ModeAssessment",
    "ModeProfile",
    "Order",
    "OrderChannel",
    "OrderRules",
    "PhotoEvidence",
    "RuledOut",
    "SurveyRules",
    "TransportMode",
    "TransportRecommendation",
    "TransportRequest",
    "TransportThresholds",
    "__version__",
    "audit_order",
    "causes_of",
    "check_exception",
    "check_feedback",
    "check_hand_over",
    "check_surveys",
    "exception_escalations",
    "exception_targets",
    "open_order",
    "photos_of",
    "recommend_transport",
    "record_cause",
    "record_photos",
    "survey_done",
    "survey_obligation",
]
