"""A KPI's value and the counts behind it, and the helpers formulas build it with
(private; :class:`Figure` is public as ``servicepolicy.kpi.Figure``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from servicepolicy.kpi import _counts as k

if TYPE_CHECKING:
    from servicepolicy.kpi.definitions import Kpi

__all__ = ["Figure", "Formula", "ratio", "seconds"]


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


def _parts(value: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Figure:
    """A KPI's value and the counts behind it.

    :param numerator: the formula's numerator (milliseconds for times).
    :param denominator: its denominator; the value is ``None`` when it is zero.
    :param value: the value in the KPI's unit (seconds for times, 0–1 for ratios).
    :param counts: the named counts the formula used (``{"A": 120, "Ab": 8, ...}``).
    :param components: parts reported beside the value (AHT's talk, hold and wrap).

    .. versionadded:: 0.1.0
    """

    numerator: int
    denominator: int
    value: Fraction | None
    counts: Mapping[str, int] = attrs.field(factory=dict, converter=_counts)
    components: Mapping[str, Fraction] = attrs.field(factory=dict, converter=_parts)


def ratio(num: int, den: int, counts: dict[str, int], scale: int = 1) -> Figure:
    return Figure(num, den, Fraction(num * scale, den) if den else None, counts)


def seconds(ms: int, den: int, counts: dict[str, int], parts: dict[str, int]) -> Figure:
    components = {k: Fraction(v, den * 1000) for k, v in parts.items()} if den else {}
    return Figure(ms, den, Fraction(ms, den * 1000) if den else None, counts, components)


Formula = Callable[[Sequence[int], "Kpi", k.Layout], Figure]
