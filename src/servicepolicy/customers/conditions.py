"""Conditions on a customer's metrics, the building blocks of tier rules (TIER-2).

A :class:`Condition` tests one metric against a threshold: a number (annual revenue,
business volume, profit contribution, a growth-potential score), a flag
(``strategic_partner``, ``long_term_contract``, ``industry_influence``) or a text
(contract type, industry).  Build them with :func:`at_least`, :func:`above`,
:func:`at_most`, :func:`below`, :func:`flag`, :func:`equals` and :func:`one_of`; each
condition says in words what it found, which is how a
:class:`~servicepolicy.customers.Classification` explains itself.

>>> big = at_least("annual_revenue", 10_000_000)
>>> big.holds(12_000_000), big.describe(12_000_000)
(True, 'annual_revenue 12,000,000 >= 10,000,000')
>>> flag("strategic_partner").describe(True)
'strategic_partner is true'
>>> one_of("industry", ["telecom", "energy"]).describe("energy")
"industry 'energy' in {'energy', 'telecom'}"

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from servicepolicy.customers import _checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import check_rule_id

__all__ = [
    "Condition",
    "MetricKind",
    "MetricValue",
    "TierRule",
    "above",
    "at_least",
    "at_most",
    "below",
    "equals",
    "flag",
    "one_of",
]

MetricValue = float | bool | str
"""The value of one metric: a number (``int`` or ``float``), a flag or a text."""


class MetricKind(enum.StrEnum):
    """What kind of value a metric holds; a scheme uses each metric with one kind only.

    .. versionadded:: 0.1.0
    """

    #: An ``int`` or ``float`` (``bool`` is not a number here).
    NUMBER = "number"
    #: A ``bool``.
    FLAG = "flag"
    #: A ``str``.
    TEXT = "text"

    @property
    def expected(self) -> str:
        """The accepted Python types, in words, for error messages."""
        return {"number": "a number (int or float)", "flag": "a bool", "text": "a str"}[self]


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
    "in": lambda value, allowed: value in allowed,
}


def _format(value: object) -> str:
    """A metric value for a reason text: ``12,000,000``, ``0.15``, ``'energy'``, ``true``.

    >>> _format(12_000_000.0), _format(0.15), _format(False)
    ('12,000,000', '0.15', 'false')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, frozenset):
        return "{" + ", ".join(repr(v) for v in sorted(value)) + "}"
    return repr(value)


def _threshold(value: object) -> float | bool | str | frozenset[str]:
    if isinstance(value, set | list | tuple):
        return frozenset(value)
    return value  # type: ignore[return-value]  # checked by Condition


@attrs.frozen
class Condition:
    """``metric op value``: one test of one metric of a customer.

    :param metric: the metric's name, e.g. ``"annual_revenue"``.
    :param op: ``">="``, ``">"``, ``"<="``, ``"<"``, ``"=="`` or ``"!="`` for numbers;
        ``"=="`` for flags; ``"=="``, ``"!="`` or ``"in"`` (a set of texts) for texts.
    :param value: the threshold; its type sets the metric's :class:`MetricKind`.
    :raises servicepolicy.errors.WrongTypeError: if the threshold is of no supported type.
    :raises servicepolicy.errors.InvalidArgumentError: if ``op`` does not suit the threshold.

    .. versionadded:: 0.1.0
    """

    metric: str
    op: str
    value: float | bool | str | frozenset[str] = attrs.field(converter=_threshold)

    def __attrs_post_init__(self) -> None:
        check.text("condition: metric", self.metric)
        where = f"condition on {self.metric}"
        value = self.value
        if isinstance(value, frozenset):
            check.texts(f"{where}: value", value)
            if not value:
                raise InvalidArgumentError(f"{where}: value", value, "at least one text")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            check.number(f"{where}: value", value)
        elif not isinstance(value, bool | str):
            raise WrongTypeError(
                f"{where}: value", value, "a number, a bool, a str or a set of str"
            )
        if isinstance(value, frozenset):
            allowed: tuple[str, ...] = ("in",)
        elif isinstance(value, bool):
            allowed = ("==",)
        elif isinstance(value, str):
            allowed = ("==", "!=")
        else:
            allowed = (">=", ">", "<=", "<", "==", "!=")
        if self.op not in allowed:
            raise InvalidArgumentError(
                f"{where}: op", self.op, "one of " + ", ".join(repr(o) for o in allowed)
            )

    @property
    def kind(self) -> MetricKind:
        """The kind of value the metric must hold, from the threshold's type."""
        if isinstance(self.value, bool):
            return MetricKind.FLAG
        if isinstance(self.value, str | frozenset):
            return MetricKind.TEXT
        return MetricKind.NUMBER

    @property
    def increasing(self) -> bool:
        """Whether raising the metric (or setting the flag) can only turn the condition true.

        Numbers tested with ``>=`` or ``>`` and flags that must be ``True`` are
        increasing; a scheme made only of increasing conditions is monotone.
        """
        if self.kind is MetricKind.NUMBER:
            return self.op in (">=", ">")
        return self.kind is MetricKind.FLAG and self.value is True

    def holds(self, value: MetricValue) -> bool:
        """Whether the condition holds for the metric's ``value`` (already type-checked)."""
        return _COMPARE[self.op](value, self.value)

    @property
    def statement(self) -> str:
        """The test in words, without a customer's value, as a reason gives it where the
        figure is secret (CONF-2), e.g. ``"annual_revenue >= 10,000,000"`` or
        ``"strategic_partner is true"``.

        >>> at_least("annual_revenue", 10_000_000).statement
        'annual_revenue >= 10,000,000'
        """
        if self.kind is MetricKind.FLAG:
            return f"{self.metric} is {_format(self.value)}"
        return f"{self.metric} {self.op} {_format(self.value)}"

    def describe(self, value: MetricValue) -> str:
        """The test, in words, with the value found: ``"annual_revenue 5,000 < 10,000"``.

        The operator shown is the one that is true of the value, so the text reads right
        whether the condition held or not.

        >>> at_least("score", 7).describe(5)
        'score 5 < 7'
        """
        if self.kind is MetricKind.FLAG:
            return f"{self.metric} is {_format(value)}"
        op = self.op if self.holds(value) else _NEGATED[self.op]
        return f"{self.metric} {_format(value)} {op} {_format(self.value)}"


_NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "==", "in": "not in"}


def at_least(metric: str, threshold: float) -> Condition:
    """``metric >= threshold``, e.g. ``at_least("annual_revenue", 10_000_000)``."""
    return Condition(metric, ">=", threshold)


def above(metric: str, threshold: float) -> Condition:
    """``metric > threshold``."""
    return Condition(metric, ">", threshold)


def at_most(metric: str, threshold: float) -> Condition:
    """``metric <= threshold`` (not increasing: a scheme using it is not monotone)."""
    return Condition(metric, "<=", threshold)


def below(metric: str, threshold: float) -> Condition:
    """``metric < threshold`` (not increasing: a scheme using it is not monotone)."""
    return Condition(metric, "<", threshold)


def flag(metric: str, expected: bool = True) -> Condition:
    """The flag ``metric`` is ``expected`` (``True`` by default): ``flag("strategic_partner")``.

    :raises servicepolicy.errors.WrongTypeError: if ``expected`` is not a bool.
    """
    if not isinstance(expected, bool):
        raise WrongTypeError(f"flag {metric}: expected", expected, "a bool")
    return Condition(metric, "==", expected)


def equals(metric: str, value: str) -> Condition:
    """The text ``metric`` equals ``value``, e.g. ``equals("contract_type", "framework")``."""
    return Condition(metric, "==", value)


def one_of(metric: str, values: Iterable[str]) -> Condition:
    """The text ``metric`` is one of ``values``, e.g. ``one_of("industry", ["energy"])``."""
    return Condition(metric, "in", frozenset(check.texts(f"one_of {metric}: values", values)))


@attrs.frozen
class TierRule:
    """A customer belongs to ``tier`` when every condition holds.

    To say "A or B", give the tier two rules; they are tried in the order given.

    :param tier: the name of the tier the rule assigns.
    :param conditions: the tests on the customer's metrics, all of which must hold.
    :param name: the rule's label in reasons, ``tier`` by default.
    :param rule_id: the policy rule the threshold implements, e.g. ``"TIER-1"``.
    :raises servicepolicy.errors.ServicePolicyError: if there is no condition, or a value
        is empty or of the wrong type.

    .. versionadded:: 0.1.0
    """

    tier: str
    conditions: tuple[Condition, ...] = attrs.field(converter=check.as_tuple)
    name: str = attrs.field(
        default=attrs.Factory(lambda self: self.tier, takes_self=True), kw_only=True
    )
    rule_id: str = attrs.field(default="TIER-2", kw_only=True)

    def __attrs_post_init__(self) -> None:
        check.text("tier rule: tier", self.tier)
        where = f"tier rule {self.name!r}"
        check.text(f"{where}: name", self.name)
        check_rule_id(self.rule_id)
        check.items(f"{where}: conditions", self.conditions, Condition, "a Condition")
        if not self.conditions:
            raise InvalidArgumentError(f"{where}: conditions", (), "at least one condition")

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics the rule reads, each once, in the order of its conditions."""
        return tuple(dict.fromkeys(c.metric for c in self.conditions))

    def evaluate(self, values: Mapping[str, MetricValue]) -> bool | None:
        """``True`` if every condition holds, ``False`` if one fails, ``None`` when undecided.

        Undecided means no condition with a value fails but a metric is missing: its
        value could go either way, and the rule is not guessed to hold.
        """
        missing = False
        for condition in self.conditions:
            value = values.get(condition.metric)
            if value is None:
                missing = True
            elif not condition.holds(value):
                return False
        return None if missing else True

    def explain(
        self,
        values: Mapping[str, MetricValue] | None = None,
        *,
        show: Callable[[str], bool] | None = None,
    ) -> str:
        """The conditions joined by "and", then the rule's name.

        A condition on a metric for which ``show(metric)`` is true is written with its
        value from ``values`` (``"annual_revenue 12,000,000 >= 10,000,000"``); the others,
        and all of them when ``show`` is ``None``, as the bare test
        (``"annual_revenue >= 10,000,000"``), so that the text holds no figure (CONF-2).

        >>> rule = TierRule("gold", [at_least("annual_revenue", 1e6)])
        >>> rule.explain({"annual_revenue": 2e6})
        'annual_revenue >= 1,000,000 (gold)'
        >>> rule.explain({"annual_revenue": 2e6}, show=lambda metric: True)
        'annual_revenue 2,000,000 >= 1,000,000 (gold)'
        """
        given = values if values is not None and show is not None else {}
        found = " and ".join(
            c.describe(given[c.metric])
            if c.metric in given and show and show(c.metric)
            else c.statement
            for c in self.conditions
        )
        return f"{found} ({self.name})"
