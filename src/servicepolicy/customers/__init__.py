"""Customers, their tiers and key-account care (TIER-1…TIER-4, EXH-4, CONF-2).

* :class:`Customer` is the customer record (TIER-3); contact persons, contact details,
  special needs and contract terms are confidential and masked in ``repr()`` (CONF-2).
* A :class:`TierScheme` declares tiers as policy data (TIER-2) and classifies a customer
  from its metrics, returning the tier (or none: :data:`NO_TIER`) *and* the reason
  (:class:`Classification`); the figures behind it are confidential (CONF-2).
* :func:`key_accounts`, :func:`exhibition` and :func:`vip` are the schemes of the
  manuals (TIER-1, EXH-4, TIER-2), with documented default thresholds.
* :func:`visit_plan` and :func:`care_actions` plan visits, greetings and gifts (TIER-4).

>>> scheme = vip()
>>> result = scheme.classify(Customer("C-7", "Seven"), {"annual_revenue": 250_000})
>>> result.tier, result.reason
('vip', 'annual_revenue >= 200,000 (vip: revenue)')

.. versionadded:: 0.1.0
"""

from servicepolicy.customers.care import CustomerWithTier, PlannedVisit, spread, visit_plan
from servicepolicy.customers.classification import (
    METRIC_CATEGORIES,
    NO_TIER,
    Classification,
    NoTier,
    category_of,
)
from servicepolicy.customers.conditions import (
    Condition,
    MetricKind,
    MetricValue,
    above,
    at_least,
    at_most,
    below,
    equals,
    flag,
    one_of,
)
from servicepolicy.customers.customer import BIRTHDAY, FOUNDING_DAY, Contact, Customer, SpecialDate
from servicepolicy.customers.greetings import (
    FESTIVAL_ALIASES,
    FESTIVAL_GAP,
    NO_GREETING_FESTIVALS,
    CareAction,
    CareKind,
    FestivalSource,
    anniversaries,
    care_actions,
)
from servicepolicy.customers.schemes import exhibition, key_accounts, vip
from servicepolicy.customers.tiers import (
    EXCLUSIVE_OFFERS,
    FREE_TRAINING,
    MAX_VISITS_PER_YEAR,
    PRIORITY_SUPPORT,
    Tier,
    TierRule,
    TierScheme,
)

__all__ = [
    "BIRTHDAY",
    "EXCLUSIVE_OFFERS",
    "FESTIVAL_ALIASES",
    "FESTIVAL_GAP",
    "FOUNDING_DAY",
    "FREE_TRAINING",
    "MAX_VISITS_PER_YEAR",
    "METRIC_CATEGORIES",
    "NO_GREETING_FESTIVALS",
    "NO_TIER",
    "PRIORITY_SUPPORT",
    "CareAction",
    "CareKind",
    "Classification",
    "Condition",
    "Contact",
    "Customer",
    "CustomerWithTier",
    "FestivalSource",
    "MetricKind",
    "MetricValue",
    "NoTier",
    "PlannedVisit",
    "SpecialDate",
    "Tier",
    "TierRule",
    "TierScheme",
    "above",
    "anniversaries",
    "at_least",
    "at_most",
    "below",
    "care_actions",
    "category_of",
    "equals",
    "exhibition",
    "flag",
    "key_accounts",
    "one_of",
    "spread",
    "vip",
    "visit_plan",
]
