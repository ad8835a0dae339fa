"""The tier schemes of the source manuals: :func:`key_accounts`, :func:`exhibition`, :func:`vip`.

Each function builds a :class:`~servicepolicy.customers.TierScheme` (TIER-2).  The manuals
name the tiers and what distinguishes them, but give no figures, so every threshold is a
keyword parameter; the defaults are this library's choice, documented as such, and a
policy should set its own.  The same goes for the visit plan sizes and value-added
services (TIER-4).

Metric names used by the shipped schemes (pass them to
:meth:`~servicepolicy.customers.TierScheme.classify`):

* ``annual_revenue`` (number): what the customer brought in over the last year, in the
  policy's currency; the manuals' "business volume".
* ``profit_contribution`` (number): the profit the customer contributed over the year.
* ``revenue_growth`` (number): year-on-year revenue growth as a fraction (``0.15`` is
  15 %), a business-development figure of KPI-9.
* ``growth_potential`` (number): the account manager's score of the customer's
  development potential, 0 to 10.
* ``strategic_partner`` (flag): a long-term strategic partnership is agreed.
* ``industry_influence`` (flag): the customer is influential in its industry.
* ``long_term_contract`` (flag): a long-term contract is in force.
* ``events_per_year`` (number): events the customer exhibited at over the year (EXH-4).
* ``purchase_intent`` (flag): a reception or inquiry showed intent, and the customer was
  handed to sales (EXH-3).

>>> scheme = key_accounts()
>>> scheme.names
('strategic', 'important', 'potential')
>>> metrics = {"strategic_partner": True, "annual_revenue": 12_000_000}
>>> print(scheme.classify("C-1", metrics))  # doctest: +NORMALIZE_WHITESPACE
C-1: strategic (key_accounts, TIER-1): strategic_partner is true and annual_revenue >=
10,000,000 (strategic)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping

from servicepolicy.customers import _checks as check
from servicepolicy.customers.conditions import at_least, flag
from servicepolicy.customers.tiers import (
    EXCLUSIVE_OFFERS,
    FREE_TRAINING,
    MAX_VISITS_PER_YEAR,
    NO_TIER,
    PRIORITY_SUPPORT,
    NoTier,
    Tier,
    TierRule,
    TierScheme,
)
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["exhibition", "key_accounts", "vip"]


def _visits(
    scheme: str, defaults: dict[str, int], given: Mapping[str, int] | None
) -> dict[str, int]:
    """The visit plan sizes: ``defaults`` overridden by ``given`` (tier names checked)."""
    if given is None:
        return defaults
    if not isinstance(given, Mapping):
        raise WrongTypeError(f"{scheme}: visits_per_year", given, "a mapping of tier to int")
    result = dict(defaults)
    for tier, visits in given.items():
        if tier not in defaults:
            choices = ", ".join(repr(t) for t in defaults)
            raise InvalidArgumentError(
                f"{scheme}: visits_per_year", tier, f"a tier of {scheme}: one of {choices}"
            )
        result[tier] = check.count(
            f"{scheme}: visits_per_year[{tier!r}]", visits, maximum=MAX_VISITS_PER_YEAR
        )
    return result


def _threshold(scheme: str, name: str, value: float) -> float:
    check.number(f"{scheme}: {name}", value)
    return value


def key_accounts(
    *,
    strategic_revenue: float = 10_000_000,
    strategic_profit: float = 2_000_000,
    important_revenue: float = 5_000_000,
    important_growth: float = 0.15,
    potential_score: float = 7,
    visits_per_year: Mapping[str, int] | None = None,
    default: str | NoTier = NO_TIER,
) -> TierScheme:
    """The key-account manual's classes: strategic, important, potential (TIER-1).

    Source: the key-account (big customer) programme.  Key accounts are customers with
    significant business volume or profit contribution; the manual sorts them into

    * **strategic**: long-term strategic partnership and large volume:
      ``strategic_partner`` and ``annual_revenue >= strategic_revenue``, or
      ``strategic_partner`` and ``profit_contribution >= strategic_profit``;
    * **important**: large scale, influential in its industry, drives growth.  The manual
      lists the traits without saying whether all must hold; this scheme reads "large and
      one of the other two": ``annual_revenue >= important_revenue`` and
      ``industry_influence``, or ``annual_revenue >= important_revenue`` and
      ``revenue_growth >= important_growth``;
    * **potential**: large development potential: ``growth_potential >= potential_score``.

    Key accounts are the customers with significant volume or profit (TIER-1), so a
    customer that matches no rule (all its figures given and low) is **not a key
    account**: by default (``default=NO_TIER``) its classification has ``tier=None`` and
    the reason says that no rule matched.  ``default="potential"`` reads the scheme as
    classifying customers already in the key-account programme, the unmatched ones
    getting the lowest class.  The scheme is monotone (raising a metric never lowers the
    class, nor takes a key account out of the programme).

    Defaults (the manual gives no figures): the thresholds above; visits per year
    strategic 12 (monthly), important 4 (quarterly), potential 2 (half-yearly);
    services: strategic all three of TIER-4 (priority technical support, free training,
    exclusive offers), important the first two, potential free training.

    :param visits_per_year: ``{tier: visits}`` overriding the default plan sizes.
    :param default: what a customer no rule matches is: :data:`NO_TIER` (not a key
        account, the default) or a tier's name.
    :raises servicepolicy.errors.ServicePolicyError: if a threshold is not a finite number,
        ``visits_per_year`` names an unknown tier or an invalid count, or ``default`` is
        not a tier.

    >>> print(key_accounts().classify("C-8", {"strategic_partner": False,
    ...     "annual_revenue": 300_000, "profit_contribution": 20_000, "industry_influence": False,
    ...     "revenue_growth": 0.02, "growth_potential": 3}))  # doctest: +NORMALIZE_WHITESPACE
    C-8: no tier (key_accounts, TIER-1): no rule matched, so the customer is in no tier of
    'key_accounts' (none of strategic, important, potential)

    .. versionadded:: 0.1.0
    """
    name = "key_accounts"
    visits = _visits(name, {"strategic": 12, "important": 4, "potential": 2}, visits_per_year)
    tiers = (
        Tier(
            "strategic",
            1,
            "long-term strategic partnership, large volume",
            (PRIORITY_SUPPORT, FREE_TRAINING, EXCLUSIVE_OFFERS),
            visits["strategic"],
        ),
        Tier(
            "important",
            2,
            "large scale, influential in its industry, drives growth",
            (PRIORITY_SUPPORT, FREE_TRAINING),
            visits["important"],
        ),
        Tier("potential", 3, "large development potential", (FREE_TRAINING,), visits["potential"]),
    )
    large = at_least("annual_revenue", _threshold(name, "important_revenue", important_revenue))
    rules = (
        TierRule(
            "strategic",
            [
                flag("strategic_partner"),
                at_least(
                    "annual_revenue", _threshold(name, "strategic_revenue", strategic_revenue)
                ),
            ],
            rule_id="TIER-1",
        ),
        TierRule(
            "strategic",
            [
                flag("strategic_partner"),
                at_least(
                    "profit_contribution", _threshold(name, "strategic_profit", strategic_profit)
                ),
            ],
            name="strategic: profit contribution",
            rule_id="TIER-1",
        ),
        TierRule(
            "important",
            [large, flag("industry_influence")],
            name="important: industry influence",
            rule_id="TIER-1",
        ),
        TierRule(
            "important",
            [
                large,
                at_least("revenue_growth", _threshold(name, "important_growth", important_growth)),
            ],
            name="important: drives growth",
            rule_id="TIER-1",
        ),
        TierRule(
            "potential",
            [at_least("growth_potential", _threshold(name, "potential_score", potential_score))],
            rule_id="TIER-1",
        ),
    )
    return TierScheme(
        name, tiers, rules, default=default, source="key-account manual", rule_id="TIER-1"
    )


def exhibition(
    *,
    key_revenue: float = 1_000_000,
    key_events: float = 3,
    potential_score: float = 6,
    visits_per_year: Mapping[str, int] | None = None,
) -> TierScheme:
    """The exhibition organiser's classes: key, potential, general (EXH-4, TIER-2).

    Source: the exhibition organiser's manual, which classifies all its customers
    (exhibitors and visitors) as

    * **key**: ``annual_revenue >= key_revenue``, or ``events_per_year >= key_events``
      (a regular exhibitor: performance is recorded per customer per event, EXH-4);
    * **potential**: ``purchase_intent`` (a reception or inquiry handed to sales, EXH-3),
      or ``growth_potential >= potential_score``;
    * **general**: everyone else (the default).

    Defaults (the manual gives no figures): the thresholds above; visits per year key 4,
    potential 1, general 0; services: key gets priority technical support and exclusive
    offers, potential exclusive offers, general none.  The scheme is monotone.

    :param visits_per_year: ``{tier: visits}`` overriding the default plan sizes.
    :raises servicepolicy.errors.ServicePolicyError: if a threshold is not a finite number
        or ``visits_per_year`` names an unknown tier or an invalid count.

    .. versionadded:: 0.1.0
    """
    name = "exhibition"
    visits = _visits(name, {"key": 4, "potential": 1, "general": 0}, visits_per_year)
    tiers = (
        Tier("key", 1, "key customer", (PRIORITY_SUPPORT, EXCLUSIVE_OFFERS), visits["key"]),
        Tier("potential", 2, "potential customer", (EXCLUSIVE_OFFERS,), visits["potential"]),
        Tier("general", 3, "general customer", (), visits["general"]),
    )
    rules = (
        TierRule(
            "key",
            [at_least("annual_revenue", _threshold(name, "key_revenue", key_revenue))],
            name="key: revenue",
            rule_id="EXH-4",
        ),
        TierRule(
            "key",
            [at_least("events_per_year", _threshold(name, "key_events", key_events))],
            name="key: regular exhibitor",
            rule_id="EXH-4",
        ),
        TierRule("potential", [flag("purchase_intent")], name="potential: intent", rule_id="EXH-4"),
        TierRule(
            "potential",
            [at_least("growth_potential", _threshold(name, "potential_score", potential_score))],
            name="potential: growth",
            rule_id="EXH-4",
        ),
    )
    return TierScheme(name, tiers, rules, source="exhibition organiser's manual", rule_id="EXH-4")


def vip(
    *,
    vip_revenue: float = 200_000,
    long_term_contract_qualifies: bool = True,
    visits_per_year: Mapping[str, int] | None = None,
) -> TierScheme:
    """The generic manual's VIP programme: vip, regular (TIER-2).

    Source: the generic service department's manual, which runs a VIP programme without
    stating who qualifies.  This scheme makes a customer **vip** when
    ``annual_revenue >= vip_revenue`` or, if ``long_term_contract_qualifies``, when it
    holds a ``long_term_contract``; everyone else is **regular** (the default).

    Defaults (the manual gives no figures): the threshold above; visits per year vip 2,
    regular 0; services: vip gets priority technical support and exclusive offers.
    The scheme is monotone.

    :param visits_per_year: ``{tier: visits}`` overriding the default plan sizes.
    :raises servicepolicy.errors.ServicePolicyError: if a threshold is not a finite number,
        ``long_term_contract_qualifies`` is not a bool, or ``visits_per_year`` names an
        unknown tier or an invalid count.

    .. versionadded:: 0.1.0
    """
    name = "vip"
    if not isinstance(long_term_contract_qualifies, bool):
        raise WrongTypeError(
            "vip: long_term_contract_qualifies", long_term_contract_qualifies, "a bool"
        )
    visits = _visits(name, {"vip": 2, "regular": 0}, visits_per_year)
    tiers = (
        Tier("vip", 1, "VIP programme member", (PRIORITY_SUPPORT, EXCLUSIVE_OFFERS), visits["vip"]),
        Tier("regular", 2, "regular customer", (), visits["regular"]),
    )
    rules = [
        TierRule(
            "vip",
            [at_least("annual_revenue", _threshold(name, "vip_revenue", vip_revenue))],
            name="vip: revenue",
        )
    ]
    if long_term_contract_qualifies:
        rules.append(TierRule("vip", [flag("long_term_contract")], name="vip: long-term contract"))
    return TierScheme(name, tiers, rules, source="generic service manual")
