"""Customer tiers as policy data: :class:`Tier`, :class:`TierRule`, :class:`TierScheme` (TIER-2).

The manuals classify customers differently (key accounts: strategic / important /
potential, TIER-1; the exhibition organiser: key / potential / general, EXH-4; the
generic manual's VIP programme, TIER-2), so a tier is not a fixed enum: a
:class:`TierScheme` declares its tiers in rank order, what each tier is entitled to
(value-added services, an annual visit plan: TIER-4) and the rules that assign a customer
to a tier.  :meth:`TierScheme.classify` returns the tier *and* the reason.

>>> from servicepolicy.customers.conditions import at_least, flag
>>> scheme = TierScheme(
...     "demo",
...     tiers=[Tier("gold", 1, visits_per_year=4), Tier("standard", 2)],
...     rules=[TierRule("gold", [flag("strategic_partner"), at_least("annual_revenue", 1e6)])],
... )
>>> result = scheme.classify("C-1", {"strategic_partner": True, "annual_revenue": 1_500_000})
>>> print(result)
C-1: gold (demo, TIER-2): strategic_partner is true and annual_revenue >= 1,000,000 (gold)
>>> result = scheme.classify("C-2", {"annual_revenue": 1_500_000})
>>> result.tier, result.missing
('standard', ('strategic_partner',))
>>> print(result.reason)  # doctest: +NORMALIZE_WHITESPACE
no rule matched, so the default tier 'standard' applies;
rule 'gold' undecided: missing strategic_partner

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import NoReturn

import attrs

from servicepolicy.customers import _checks as check
from servicepolicy.customers.classification import (
    NO_TIER,
    Classification,
    NoTier,
    category_of,
)
from servicepolicy.customers.conditions import MetricKind, MetricValue, TierRule
from servicepolicy.customers.customer import Customer
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import check_rule_id

__all__ = [
    "EXCLUSIVE_OFFERS",
    "FREE_TRAINING",
    "MAX_VISITS_PER_YEAR",
    "NO_TIER",
    "PRIORITY_SUPPORT",
    "NoTier",
    "Tier",
    "TierRule",
    "TierScheme",
]

PRIORITY_SUPPORT = "priority technical support"
"""A value-added service of key accounts (TIER-4)."""

FREE_TRAINING = "free training"
"""A value-added service of key accounts (TIER-4)."""

EXCLUSIVE_OFFERS = "exclusive offers"
"""A value-added service of key accounts (TIER-4)."""

#: At most one visit a week: a plan spreads its visits at least seven days apart.
MAX_VISITS_PER_YEAR = 52


@attrs.frozen
class Tier:
    """One tier of a scheme and what it is entitled to (TIER-2, TIER-4).

    :param name: the tier's name, e.g. ``"strategic"``; unique within its scheme.
    :param rank: its place in the scheme, ``1`` for the highest; a scheme lists its tiers
        by ascending rank.
    :param description: what the tier means, in the manual's words.
    :param services: the value-added services of the tier (TIER-4), e.g.
        ``PRIORITY_SUPPORT``, ``FREE_TRAINING``, ``EXCLUSIVE_OFFERS``.
    :param visits_per_year: how many visits the annual visit plan gives each customer of
        the tier (TIER-4), ``0`` to ``MAX_VISITS_PER_YEAR``.
    :raises servicepolicy.errors.ServicePolicyError: if a value is empty, out of range or of
        the wrong type.

    >>> Tier("vip", 1, services=[PRIORITY_SUPPORT], visits_per_year=2).services
    ('priority technical support',)

    .. versionadded:: 0.1.0
    """

    name: str
    rank: int
    description: str = ""
    services: tuple[str, ...] = attrs.field(default=(), converter=check.as_tuple)
    visits_per_year: int = 0

    def __attrs_post_init__(self) -> None:
        check.text("tier: name", self.name)
        where = f"tier {self.name!r}"
        if isinstance(self.rank, bool) or not isinstance(self.rank, int):
            raise WrongTypeError(f"{where}: rank", self.rank, "an int")
        if not isinstance(self.description, str):
            raise WrongTypeError(f"{where}: description", self.description, "a str")
        object.__setattr__(self, "services", check.texts(f"{where}: services", self.services))
        check.count(f"{where}: visits_per_year", self.visits_per_year, maximum=MAX_VISITS_PER_YEAR)


def _read_only(value: Mapping[str, str | None]) -> Mapping[str, str | None]:
    if not isinstance(value, Mapping):
        raise WrongTypeError("tier scheme: categories", value, "a mapping of metric to category")
    return types.MappingProxyType(dict(value))


@attrs.frozen
class TierScheme:
    """A policy's tiers, their order and the rules assigning customers to them (TIER-2).

    :param name: the scheme's name, e.g. ``"key_accounts"``.
    :param tiers: the tiers, highest first (ascending ``Tier.rank``).
    :param rules: the rules; :meth:`classify` tries them from the highest tier down
        and, within a tier, in the order given; the first that holds decides.
    :param default: the tier of a customer no rule matches: a tier's name, ``None`` for
        the lowest tier, or :data:`NO_TIER` for none of them (the classification's
        ``tier`` is then ``None``, and its reason says that no rule matched).
    :param source: the manual the scheme comes from, for documentation.
    :param rule_id: the policy rule cited when the default tier applies.
    :param categories: ``{metric: confidential category or None}`` for the figures the
        rules read (CONF-2), over :data:`~servicepolicy.customers.METRIC_CATEGORIES`; a
        metric listed in neither is ``"business"`` data.  ``None`` makes a metric public.
    :raises servicepolicy.errors.ServicePolicyError: if tier names repeat, ranks are not
        ascending, a rule or the default names an unknown tier, or a metric is used both as
        a number and as a flag or text.

    .. versionadded:: 0.1.0
    """

    name: str
    tiers: tuple[Tier, ...] = attrs.field(converter=check.as_tuple)
    rules: tuple[TierRule, ...] = attrs.field(default=(), converter=check.as_tuple)
    default: NoTier | str | None = attrs.field(
        default=None, kw_only=True
    )  # NoTier first: cattrs tries it first
    source: str = attrs.field(default="", kw_only=True)
    rule_id: str = attrs.field(default="TIER-2", kw_only=True)
    categories: Mapping[str, str | None] = attrs.field(
        factory=dict, converter=_read_only, hash=False, kw_only=True
    )
    _order: tuple[TierRule, ...] = attrs.field(init=False, repr=False, eq=False)
    _kinds: Mapping[str, MetricKind] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        check.text("tier scheme: name", self.name)
        where = f"tier scheme {self.name!r}"
        check.items(f"{where}: tiers", self.tiers, Tier, "a Tier")
        check.items(f"{where}: rules", self.rules, TierRule, "a TierRule")
        if not self.tiers:
            raise InvalidArgumentError(f"{where}: tiers", (), "at least one tier")
        names = [t.name for t in self.tiers]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InvalidArgumentError(f"{where}: tiers", repeated, "each tier name once")
        for higher, lower in zip(self.tiers, self.tiers[1:], strict=False):
            if lower.rank <= higher.rank:
                raise InvalidArgumentError(
                    f"{where}: tiers",
                    [(t.name, t.rank) for t in self.tiers],
                    "tiers listed highest first, with strictly ascending ranks (1 = highest)",
                )
        if isinstance(self.default, str):
            self.tier(self.default)
        elif self.default is not None and self.default is not NO_TIER:
            raise WrongTypeError(f"{where}: default", self.default, "a tier name, None or NO_TIER")
        if not isinstance(self.source, str):
            raise WrongTypeError(f"{where}: source", self.source, "a str")
        check_rule_id(self.rule_id)
        for metric, category in self.categories.items():
            check.text(f"{where}: categories key", metric)
            check.optional_text(f"{where}: categories[{metric!r}]", category)
        rank = {name: index for index, name in enumerate(names)}
        for rule in self.rules:
            if rule.tier not in rank:
                self._unknown(rule.tier, f"{where}: rule {rule.name!r}: tier")
        order = sorted(self.rules, key=lambda rule: rank[rule.tier])  # stable within a tier
        object.__setattr__(self, "_order", tuple(order))
        object.__setattr__(self, "_kinds", types.MappingProxyType(self._metric_kinds(where)))

    def _metric_kinds(self, where: str) -> dict[str, MetricKind]:
        kinds: dict[str, MetricKind] = {}
        for rule in self._order:
            for condition in rule.conditions:
                known = kinds.setdefault(condition.metric, condition.kind)
                if known is not condition.kind:
                    raise InvalidArgumentError(
                        f"{where}: rule {rule.name!r}: {condition.metric}",
                        condition.value,
                        f"a threshold of the same kind as in the other rules ({known})",
                    )
        return kinds

    def _unknown(self, name: object, argument: str) -> NoReturn:
        choices = ", ".join(repr(t.name) for t in self.tiers)
        raise InvalidArgumentError(argument, name, f"a tier of {self.name!r}: one of {choices}")

    # -- the tiers ---------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """The tier names, highest first."""
        return tuple(t.name for t in self.tiers)

    @property
    def default_tier(self) -> Tier | None:
        """The tier of a customer that no rule matches (the lowest unless set), or ``None``
        for a scheme whose ``default`` is :data:`NO_TIER`."""
        if self.default is NO_TIER:
            return None
        return self.tiers[-1] if self.default is None else self.tier(self.default)

    def tier(self, name: str) -> Tier:
        """The tier called ``name``.

        :raises servicepolicy.errors.InvalidArgumentError: if the scheme has no such tier;
            the message lists the tiers it has.
        """
        for tier in self.tiers:
            if tier.name == name:
                return tier
        self._unknown(name, "tier")

    def outranks(self, tier: str | None, other: str | None) -> bool:
        """Whether ``tier`` ranks above ``other`` in this scheme; ``None`` (no tier, see
        :data:`~servicepolicy.customers.NO_TIER`) ranks below every tier."""

        def place(name: str | None) -> int:
            return len(self.tiers) if name is None else self.names.index(self.tier(name).name)

        return place(tier) < place(other)

    def rules_for(self, tier: str) -> tuple[TierRule, ...]:
        """The rules assigning ``tier``, in the order they are tried."""
        self.tier(tier)
        return tuple(rule for rule in self._order if rule.tier == tier)

    @property
    def metrics(self) -> Mapping[str, MetricKind]:
        """``{metric: kind}`` for every metric a rule reads, in the order rules are tried."""
        return self._kinds

    @property
    def is_monotone(self) -> bool:
        """Whether raising a metric (or setting a flag) can never lower a customer's tier.

        True when every condition is increasing (``>=``, ``>``, a flag that must be set).
        """
        return all(c.increasing for rule in self.rules for c in rule.conditions)

    # -- classifying -------------------------------------------------------------------

    def classify(
        self, customer: Customer | str, metrics: Mapping[str, MetricValue | None]
    ) -> Classification:
        """The tier of ``customer`` given its ``metrics``, and the reason (TIER-2).

        Rules are tried from the highest tier down; the first whose conditions all hold
        decides.  A rule that needs a metric not given (or given as ``None``) does not
        match, and the metric is listed in ``Classification.missing`` and in the
        reason: nothing is guessed.  A customer no rule matches gets the default tier, or
        no tier (``tier=None``) when the scheme's ``default`` is :data:`NO_TIER`; the
        reason says which.  Metrics no rule reads are ignored.

        :param customer: the customer, or its ID.
        :param metrics: ``{name: value}``; numbers as ``int`` or ``float``, flags as
            ``bool``, texts as ``str``.
        :raises servicepolicy.errors.WrongTypeError: if a metric a rule reads has a value of
            the wrong kind; the message names the customer and the metric.
        :raises servicepolicy.errors.InvalidArgumentError: if a number is NaN or infinite.
        """
        subject = (
            customer.id if isinstance(customer, Customer) else check.text("customer", customer)
        )
        values = self._read(subject, metrics)
        missing: list[str] = []
        undecided: list[str] = []
        for rule in self._order:
            outcome = rule.evaluate(values)
            if outcome is None:
                absent = [m for m in rule.metrics if m not in values]
                missing.extend(m for m in absent if m not in missing)
                undecided.append(f"rule {rule.name!r} undecided: missing {', '.join(absent)}")
            elif outcome:
                facts = {m: values[m] for m in rule.metrics}
                reason = "; ".join([rule.explain(), *undecided])
                return Classification(
                    rule.tier,
                    reason,
                    rule,
                    facts,
                    customer=subject,
                    scheme=self.name,
                    rule_id=rule.rule_id,
                    missing=tuple(missing),
                    categories=self._categories(facts),
                )
        default_tier = self.default_tier
        default = None if default_tier is None else default_tier.name
        if default is None:
            reason = (
                f"no rule matched, so the customer is in no tier of {self.name!r} "
                f"(none of {', '.join(self.names)})"
            )
        else:
            reason = f"no rule matched, so the default tier {default!r} applies"
        return Classification(
            default,
            "; ".join([reason, *undecided]),
            None,
            values,
            customer=subject,
            scheme=self.name,
            rule_id=self.rule_id,
            missing=tuple(missing),
            categories=self._categories(values),
        )

    def _categories(self, facts: Mapping[str, object]) -> dict[str, str | None]:
        return {metric: category_of(metric, self.categories) for metric in facts}

    def _read(
        self, subject: str, metrics: Mapping[str, MetricValue | None]
    ) -> dict[str, MetricValue]:
        """The metrics the rules read, type-checked, without ``None`` values."""
        if not isinstance(metrics, Mapping):
            raise WrongTypeError(f"customer {subject!r}: metrics", metrics, "a mapping")
        values: dict[str, MetricValue] = {}
        for metric, kind in self._kinds.items():
            value = metrics.get(metric)
            if value is None:
                continue
            argument = f"customer {subject!r}: metric {metric}"
            if kind is MetricKind.NUMBER:
                check.number(argument, value)
            elif not isinstance(value, bool if kind is MetricKind.FLAG else str):
                raise WrongTypeError(argument, value, kind.expected)
            values[metric] = value
        return values
