"""Priority from impact and urgency, through a configurable matrix (ITIL's 3×3 default).

A policy can then say "P1 complaint" without guessing what P1 means.

>>> PriorityMatrix().priority("high", "medium")
'P2'
>>> PriorityMatrix().priority("low", "low")
'P5'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from servicepolicy.errors import InvalidArgumentError

__all__ = ["ITIL_MATRIX", "PriorityMatrix"]

ITIL_MATRIX: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("high", "high"): "P1",
        ("high", "medium"): "P2",
        ("medium", "high"): "P2",
        ("high", "low"): "P3",
        ("medium", "medium"): "P3",
        ("low", "high"): "P3",
        ("medium", "low"): "P4",
        ("low", "medium"): "P4",
        ("low", "low"): "P5",
    }
)
"""The common ITIL 3×3 matrix: ``(impact, urgency)`` → P1 (highest) … P5."""


def _matrix(value: Mapping[tuple[str, str], str]) -> Mapping[tuple[str, str], str]:
    return MappingProxyType(dict(value))


@attrs.frozen
class PriorityMatrix:
    """``(impact, urgency)`` → priority; every pair of the declared levels must be mapped.

    .. versionadded:: 0.1.0
    """

    matrix: Mapping[tuple[str, str], str] = attrs.field(
        default=ITIL_MATRIX, converter=_matrix, hash=False
    )

    def __attrs_post_init__(self) -> None:
        impacts = {impact for impact, _ in self.matrix}
        urgencies = {urgency for _, urgency in self.matrix}
        missing = sorted((i, u) for i in impacts for u in urgencies if (i, u) not in self.matrix)
        if missing:
            raise InvalidArgumentError("matrix", missing, "a priority for every impact x urgency")

    @property
    def levels(self) -> tuple[list[str], list[str]]:
        """The impact and urgency levels the matrix knows."""
        return (
            sorted({impact for impact, _ in self.matrix}),
            sorted({urgency for _, urgency in self.matrix}),
        )

    def priority(self, impact: str, urgency: str) -> str:
        """The priority of a request with this impact and urgency."""
        try:
            return self.matrix[(impact, urgency)]
        except KeyError:
            impacts, urgencies = self.levels
            raise InvalidArgumentError(
                "impact, urgency",
                (impact, urgency),
                f"an impact among {impacts} and an urgency among {urgencies}",
            ) from None
