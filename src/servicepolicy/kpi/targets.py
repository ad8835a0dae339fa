"""Targets: at least, at most, or within a range, with exact bounds (KPI-1 … KPI-8).

>>> sl = Target.at_least("80%")
>>> sl.met(Fraction(41, 50)), sl.shortfall(Fraction(3, 4))
(True, Fraction(1, 20))
>>> aht = Target.within(210, 330)
>>> aht.met(Fraction(345)), aht.shortfall(Fraction(345)), aht.describe("seconds")
(False, Fraction(15, 1), '210–330 s')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import math
from decimal import Decimal
from fractions import Fraction

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["Goal", "Target", "exact", "format_value"]


class Goal(enum.StrEnum):
    """Which way a KPI should go: its "direction" in the manuals' sense.

    (Called *goal* here, so that it does not clash with a call's inbound or outbound
    direction.)

    .. versionadded:: 0.1.0
    """

    AT_LEAST = "at least"
    """Higher is better (service level, connection rate, first-contact resolution)."""
    AT_MOST = "at most"
    """Lower is better (queue time, abandonment)."""
    WITHIN = "within"
    """Inside a range (handle time 210–330 s, 2–3 rings)."""


def exact(value: object, argument: str = "value") -> Fraction:
    """``value`` as an exact ``Fraction``: ints, Fractions and Decimals as
    they are, floats by their shortest decimal text (``0.8`` is 4/5), strings such as
    ``"0.8"``, ``"4/5"`` or ``"80%"``.

    >>> exact(0.8), exact("85%"), exact(20)
    (Fraction(4, 5), Fraction(17, 20), Fraction(20, 1))

    .. versionadded:: 0.1.0
    """
    if isinstance(value, bool):
        raise WrongTypeError(argument, value, "a number or a string such as '80%'")
    if isinstance(value, int | Fraction | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise InvalidArgumentError(argument, value, "a finite number")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(argument, value, "a finite number")
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        scale = Fraction(1, 100) if text.endswith("%") else Fraction(1)
        try:
            return Fraction(text.removesuffix("%").strip()) * scale
        except (ValueError, ZeroDivisionError):
            pass
        raise InvalidArgumentError(argument, value, "a number such as '0.8', '4/5' or '80%'")
    raise WrongTypeError(argument, value, "a number or a string such as '80%'")


_UNIT_SUFFIX = {"seconds": " s", "rings": " rings", "points": " points", "score": "", "count": ""}


def format_value(value: Fraction | None, unit: str) -> str:
    """``value`` for display: ratios as percentages with one decimal, seconds and the
    rest with up to two decimals.

    >>> format_value(Fraction(823, 1000), "ratio"), format_value(Fraction(4711, 20), "seconds")
    ('82.3 %', '235.55 s')
    >>> format_value(Fraction(4, 5), "ratio")
    '80 %'

    .. versionadded:: 0.1.0
    """
    if value is None:
        return "n/a"
    if unit == "ratio":
        return f"{float(value * 100):.1f}".removesuffix(".0") + " %"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text + _UNIT_SUFFIX.get(unit, "")


@attrs.frozen
class Target:
    """A KPI's target: a goal and its bound or bounds, kept exactly.

    Build one with :meth:`at_least`, :meth:`at_most` or :meth:`within`; bounds are
    given as numbers or strings (``"80%"``) and kept as exact fractions.

    :param goal: at least, at most, or within.
    :param low: the lower bound (at least, within).
    :param high: the upper bound (at most, within).

    .. versionadded:: 0.1.0
    """

    goal: Goal = attrs.field(converter=Goal)
    low: Fraction | None = None
    high: Fraction | None = None

    def __attrs_post_init__(self) -> None:
        needs_low = self.goal is not Goal.AT_MOST
        needs_high = self.goal is not Goal.AT_LEAST
        for name, needed in (("low", needs_low), ("high", needs_high)):
            bound = getattr(self, name)
            if needed != (bound is not None):
                expected = "a bound" if needed else "None"
                raise InvalidArgumentError(f"target {self.goal}: {name}", bound, expected)
            if bound is not None and not isinstance(bound, Fraction):
                raise WrongTypeError(f"target: {name}", bound, "a fractions.Fraction")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InvalidArgumentError("target: high", self.high, f"at least low ({self.low})")

    @classmethod
    def at_least(cls, value: object) -> Target:
        """A floor: met when the value is ``>= value``."""
        return cls(Goal.AT_LEAST, low=exact(value, "target"))

    @classmethod
    def at_most(cls, value: object) -> Target:
        """A ceiling: met when the value is ``<= value``."""
        return cls(Goal.AT_MOST, high=exact(value, "target"))

    @classmethod
    def within(cls, low: object, high: object) -> Target:
        """A range: met when ``low <= value <= high``."""
        return cls(Goal.WITHIN, low=exact(low, "target low"), high=exact(high, "target high"))

    def met(self, value: Fraction) -> bool:
        """Whether ``value`` meets the target (bounds included)."""
        return not self.shortfall(value)

    def shortfall(self, value: Fraction) -> Fraction:
        """How far ``value`` is from the target: zero when met, else the distance to the
        nearest bound (always positive)."""
        if self.low is not None and value < self.low:
            return self.low - value
        if self.high is not None and value > self.high:
            return value - self.high
        return Fraction(0)

    def describe(self, unit: str = "ratio") -> str:
        """The target in words, e.g. ``"≥ 80 %"``, ``"≤ 20 s"``, ``"210–330 s"``."""
        if self.goal is Goal.AT_LEAST:
            return f"≥ {format_value(self.low, unit)}"
        if self.goal is Goal.AT_MOST:
            return f"≤ {format_value(self.high, unit)}"
        low, high = format_value(self.low, unit), format_value(self.high, unit)
        suffix = _UNIT_SUFFIX.get(unit, "") if unit != "ratio" else " %"
        return f"{low.removesuffix(suffix)}–{high}"

    def __str__(self) -> str:
        """As a percentage when every bound is a share (at most 1), else as plain numbers:
        a target does not know its KPI's unit, which :meth:`describe` takes."""
        bounds = [b for b in (self.low, self.high) if b is not None]
        return self.describe("ratio" if all(abs(b) <= 1 for b in bounds) else "number")
