"""The answer of :meth:`~servicepolicy.customers.TierScheme.classify`: a tier and why (TIER-2).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from servicepolicy.customers.tiers import TierRule

__all__ = ["Classification"]


def _freeze(facts: Mapping[str, object]) -> Mapping[str, object]:
    return types.MappingProxyType(dict(facts))


@attrs.frozen
class Classification:
    """A customer's tier and why (TIER-2), as
    :meth:`~servicepolicy.customers.TierScheme.classify` returns it.

    :param tier: the tier's name.
    :param reason: why, in words: the threshold that decided it, or that no rule matched
        and the scheme's default tier applies; rules left undecided by missing metrics are
        named too.
    :param rule: the rule that matched, or ``None`` for the default tier.
    :param facts: the metric values the decision rests on (read-only; not hashed).
    :param customer: the customer's ID.
    :param scheme: the scheme's name.
    :param rule_id: the policy rule that decided: the matching rule's, or the scheme's.
    :param missing: metrics that were not given although a rule of a higher (or the same)
        tier needed them; giving them could change the tier.

    .. versionadded:: 0.1.0
    """

    tier: str
    reason: str
    rule: TierRule | None
    facts: Mapping[str, object] = attrs.field(converter=_freeze, hash=False)
    customer: str = attrs.field(kw_only=True)
    scheme: str = attrs.field(kw_only=True)
    rule_id: str = attrs.field(kw_only=True)
    missing: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    @property
    def is_default(self) -> bool:
        """Whether no rule matched and the scheme's default tier was given."""
        return self.rule is None

    def __str__(self) -> str:
        return f"{self.customer}: {self.tier} ({self.scheme}, {self.rule_id}): {self.reason}"

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        """Support :mod:`pickle` and :mod:`copy` despite the read-only facts view."""
        return _rebuild, (self.tier, self.reason, self.rule, dict(self.facts), self._keywords())

    def _keywords(self) -> dict[str, object]:
        return {
            "customer": self.customer,
            "scheme": self.scheme,
            "rule_id": self.rule_id,
            "missing": self.missing,
        }


def _rebuild(
    tier: str, reason: str, rule: TierRule | None, facts: dict[str, object], kw: dict[str, Any]
) -> Classification:
    return Classification(tier, reason, rule, facts, **kw)
