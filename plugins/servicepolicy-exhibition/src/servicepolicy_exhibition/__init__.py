"""servicepolicy for exhibition organisers: booth bookings, exhibitor registrations,
on-site service, show calendars, reception visits and per-show tiers (EXH-1 … EXH-5).

Installed, the plugin is found through the ``servicepolicy`` entry point
``exhibition``; nothing needs importing for ``Ticket.open(kind="booth_booking", ...)``,
``servicepolicy.plugins.calendar("expo:2026-11-26..2026-11-29")`` or
``servicepolicy.plugins.tier_scheme("exhibition_shows")`` to work.  This package holds
the models and rules behind those hooks.

.. versionadded:: 0.1.0
"""

__version__ = "0.1.0"

from servicepolicy_exhibition.channels import (
    CHANNEL_NAMES,
    INQUIRY_CHANNELS,
    INQUIRY_KINDS,
    exh_2_inquiry_channel,
    exh_2_same_channel,
)
from servicepolicy_exhibition.kinds import (
    BOOTH_BOOKING,
    EXHIBITION_KINDS,
    EXHIBITION_LIFECYCLES,
    EXHIBITOR_REGISTRATION,
    ON_SITE_SERVICE,
)
from servicepolicy_exhibition.on_site import (
    OnSiteIssue,
    emergency_due,
    exh_5_hand_over,
    issue_of,
    on_site_targets,
    operations_escalations,
    reclassify_issue,
    report_issue,
)
from servicepolicy_exhibition.performance import (
    SATISFACTION_SCALE,
    ShowRecord,
    classify_customer,
    exhibition_shows,
    show_metrics,
)
from servicepolicy_exhibition.plugin import ExhibitionPlugin
from servicepolicy_exhibition.reception import (
    PREPARATION_ITEMS,
    ReceptionPlan,
    exh_3_follow_up,
    exh_3_preparation,
    give_feedback,
    plan_of,
    prepare,
    record_intent,
)
from servicepolicy_exhibition.settings import ExhibitionSettings
from servicepolicy_exhibition.shows import Show

__all__ = [
    "BOOTH_BOOKING",
    "CHANNEL_NAMES",
    "EXHIBITION_KINDS",
    "EXHIBITION_LIFECYCLES",
    "EXHIBITOR_REGISTRATION",
    "INQUIRY_CHANNELS",
    "INQUIRY_KINDS",
    "ON_SITE_SERVICE",
    "PREPARATION_ITEMS",
    "SATISFACTION_SCALE",
    "ExhibitionPlugin",
    "ExhibitionSettings",
    "OnSiteIssue",
    "ReceptionPlan",
    "Show",
    "ShowRecord",
    "__version__",
    "classify_customer",
    "emergency_due",
    "exh_2_inquiry_channel",
    "exh_2_same_channel",
    "exh_3_follow_up",
    "exh_3_preparation",
    "exh_5_hand_over",
    "exhibition_shows",
    "give_feedback",
    "issue_of",
    "on_site_targets",
    "operations_escalations",
    "plan_of",
    "prepare",
    "reclassify_issue",
    "record_intent",
    "report_issue",
    "show_metrics",
]
