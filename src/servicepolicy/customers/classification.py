"""The answer of :meth:`~servicepolicy.customers.TierScheme.classify`: a tier and why (TIER-2).

The figures a tier decision rests on (revenue, profit, growth, a strategic partnership,
contract terms…) are key-account secrets (CONF-2): a :class:`Classification` keeps them in
``facts``, each under its category (:data:`METRIC_CATEGORIES`), masked in ``repr()`` and
``str()`` and by :func:`~servicepolicy.access.redact` for a role without the category;
its ``reason`` states the tests that decided, never the figures.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import types
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from servicepolicy.confidential import DEFAULT_ENTRY_CATEGORY, MASK, confidential_entries

if TYPE_CHECKING:
    from servicepolicy.customers.conditions import MetricValue, TierRule

__all__ = ["METRIC_CATEGORIES", "NO_TIER", "Classification", "NoTier", "category_of"]


class NoTier(enum.Enum):
    """The type of :data:`NO_TIER`.

    .. versionadded:: 0.1.0
    """

    NO_TIER = "no tier"

    def __repr__(self) -> str:
        return "NO_TIER"


NO_TIER = NoTier.NO_TIER
"""``TierScheme(default=NO_TIER)``: a customer no rule matches is in none of the scheme's
tiers (TIER-1: a customer with low figures is not a key account); its
:class:`~servicepolicy.customers.Classification` has ``tier=None`` and says why."""


METRIC_CATEGORIES: Mapping[str, str | None] = types.MappingProxyType(
    {
        "annual_revenue": "finance",
        "profit_contribution": "finance",
        "revenue_growth": "finance",
        "business_volume": "business",
        "events_per_year": "business",
        "industry_influence": "business",
        "growth_potential": "strategy",
        "strategic_partner": "strategy",
        "long_term_contract": "contract",
        "contract_type": "contract",
        "purchase_intent": "negotiation",
        "technology_partner": "technology",
    }
)
"""The confidential category (CONF-2) of each metric the shipped schemes read, and of a
few more: revenue, profit and growth are ``"finance"``, volume and standing
``"business"``, partnership and potential ``"strategy"``, contracts ``"contract"``,
purchase intent (a deal in the making) ``"negotiation"``, a technology partnership
``"technology"``.  A metric not listed here nor in a scheme's ``categories`` is
``"business"`` (:data:`~servicepolicy.confidential.DEFAULT_ENTRY_CATEGORY`): hidden too."""


def category_of(metric: str, categories: Mapping[str, str | None] | None = None) -> str | None:
    """The confidential category of ``metric``: from ``categories`` (a scheme's), else
    :data:`METRIC_CATEGORIES`, else ``"business"``; ``None`` means not confidential.

    >>> category_of("annual_revenue"), category_of("nps"), category_of("nps", {"nps": None})
    ('finance', 'business', None)
    """
    for source in (categories or {}, METRIC_CATEGORIES):
        if metric in source:
            return source[metric]
    return DEFAULT_ENTRY_CATEGORY


def _freeze(facts: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(facts))


@attrs.frozen
class Classification:
    """A customer's tier and why (TIER-2), as
    :meth:`~servicepolicy.customers.TierScheme.classify` returns it.

    :param tier: the tier's name, or ``None`` when no rule matched and the scheme's
        ``default`` is :data:`~servicepolicy.customers.NO_TIER` (TIER-1: not a key account).
    :param reason: why, in words: the threshold that decided it, or that no rule matched
        and the scheme's default tier (or no tier) applies; rules left undecided by
        missing metrics are named too.
    :param rule: the rule that matched, or ``None`` for the default tier or no tier.
    :param facts: the metric values the decision rests on (read-only; not hashed).  They
        are confidential, each of its ``categories`` entry (CONF-2): ``repr()`` and
        ``str()`` never show them, and :func:`~servicepolicy.access.redact` masks those a
        role may not read.
    :param customer: the customer's ID.
    :param scheme: the scheme's name.
    :param rule_id: the policy rule that decided: the matching rule's, or the scheme's.
    :param missing: metrics that were not given although a rule of a higher (or the same)
        tier needed them; giving them could change the tier.
    :param categories: ``{metric: category}`` of the facts (``None``: not confidential); a
        fact not listed is ``"business"`` data.  Read-only; not hashed.

    >>> from servicepolicy.customers import key_accounts
    >>> result = key_accounts().classify("C-1", {"strategic_partner": True,
    ...                                          "annual_revenue": 12_000_000})
    >>> print(result)  # doctest: +NORMALIZE_WHITESPACE
    C-1: strategic (key_accounts, TIER-1): strategic_partner is true and annual_revenue >=
    10,000,000 (strategic)
    >>> result.facts["annual_revenue"], dict(result.categories)
    (12000000, {'strategic_partner': 'strategy', 'annual_revenue': 'finance'})
    >>> result.explain({"finance"})
    'strategic_partner is true and annual_revenue 12,000,000 >= 10,000,000 (strategic)'

    .. versionadded:: 0.1.0
    """

    tier: str | None
    reason: str
    rule: TierRule | None
    facts: Mapping[str, object] = confidential_entries("categories", converter=_freeze, hash=False)
    customer: str = attrs.field(kw_only=True)
    scheme: str = attrs.field(kw_only=True)
    rule_id: str = attrs.field(kw_only=True)
    missing: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    categories: Mapping[str, str | None] = attrs.field(
        factory=dict, converter=_freeze, hash=False, kw_only=True
    )

    @property
    def is_default(self) -> bool:
        """Whether no rule matched and the scheme's default tier (or no tier) was given."""
        return self.rule is None

    @property
    def has_tier(self) -> bool:
        """Whether the customer is in a tier of the scheme (``False``: in none, TIER-1)."""
        return self.tier is not None

    def category(self, metric: str) -> str | None:
        """The confidential category of the fact ``metric`` (``None``: not confidential)."""
        return self.categories.get(metric, DEFAULT_ENTRY_CATEGORY)

    def explain(self, readable: Collection[str] = ()) -> str:
        """The reason, with the figures of the ``readable`` categories written in.

        ``readable`` is what the reader may see, e.g.
        ``DEFAULT_POLICY.categories("account_manager")`` (``"*"`` for every category);
        facts of other categories stay out, as in ``reason``.
        """
        if self.rule is None:
            return self.reason

        def show(metric: str) -> bool:
            if self.facts.get(metric) == MASK:  # a redacted copy
                return False
            category = self.category(metric)
            return category is None or "*" in readable or category in readable

        figures = cast("Mapping[str, MetricValue]", self.facts)
        bare = self.rule.explain()
        return self.rule.explain(figures, show=show) + self.reason.removeprefix(bare)

    def __str__(self) -> str:
        tier = "no tier" if self.tier is None else self.tier
        return f"{self.customer}: {tier} ({self.scheme}, {self.rule_id}): {self.reason}"

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        """Support :mod:`pickle` and :mod:`copy` despite the read-only facts view."""
        return _rebuild, (self.tier, self.reason, self.rule, dict(self.facts), self._keywords())

    def _keywords(self) -> dict[str, object]:
        return {
            "customer": self.customer,
            "scheme": self.scheme,
            "rule_id": self.rule_id,
            "missing": self.missing,
            "categories": dict(self.categories),
        }


def _rebuild(
    tier: str | None,
    reason: str,
    rule: TierRule | None,
    facts: dict[str, object],
    kw: dict[str, Any],
) -> Classification:
    return Classification(tier, reason, rule, facts, **kw)
