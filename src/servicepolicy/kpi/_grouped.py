"""Per-group integer counts for the record accumulators that are not calls or tickets
(private): agent complaints (KPI-8) and business development (KPI-9).

A :class:`Grouped` keeps one list of ints per group ``(period label, dimension values)``;
merging adds the lists, so it is exact and does not depend on the order of the parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi.periods import Labeller, Period, grouping, zone_of

__all__ = ["Grouped"]

Key = tuple[object, ...]


class Grouped:
    """Counts per group; subclasses add records and build the report.

    :param size: the length of each group's list of counts.
    :param by: at most one period and any of ``dimensions``.
    :param dimensions: the dimensions records can be grouped by.
    :param zone: the zone periods are counted in.
    :param required: dimensions (and ``"period"``) ``by`` must name.
    """

    size: int
    period: Period | None
    dimensions: tuple[str, ...]

    def __init__(
        self,
        size: int,
        by: Iterable[str],
        dimensions: tuple[str, ...],
        zone: object,
        required: tuple[str, ...] = (),
    ) -> None:
        self.size = size
        self.period, self.dimensions = grouping(by, dimensions)
        for name in required:
            found = self.period is not None if name == "period" else name in self.dimensions
            if not found:
                what = "a period (month, quarter, year …)" if name == "period" else repr(name)
                raise InvalidArgumentError("by", tuple(by), f"a grouping that names {what}")
        if self.period is not None and zone is None:
            raise InvalidArgumentError("zone", None, f"a time zone to count {self.period}s in")
        self.zone = None if zone is None else zone_of(zone)
        self._labeller = Labeller(self.zone, self.period) if self.period and self.zone else None
        self._groups: dict[Key, list[int]] = {}
        self.records = 0
        """How many records were counted."""

    def counts(self, at_ms: int, values: dict[str, Any]) -> list[int]:
        """The counts of the group of a record at ``at_ms`` with these dimension values."""
        label = None if self._labeller is None else self._labeller.label(at_ms)
        key = ((label,) if self.period else ()) + tuple(values[d] for d in self.dimensions)
        found = self._groups.get(key)
        if found is None:
            found = self._groups[key] = [0] * self.size
        return found

    def settings(self) -> tuple[object, ...]:
        """What two accumulators must share to merge."""
        return (self.period, self.dimensions, self.zone)

    def merged(self, other: object) -> Any:
        """A copy of ``self`` holding both parts' counts (neither is changed)."""
        if type(other) is not type(self):
            raise WrongTypeError("other", other, f"a {type(self).__name__}")
        assert isinstance(other, Grouped)
        if self.settings() != other.settings():
            raise InvalidArgumentError(
                "other", other, "an accumulator with the same KPIs, grouping, zone and settings"
            )
        result = object.__new__(type(self))
        result.__dict__.update(self.__dict__)
        result._groups = {key: list(counts) for key, counts in self._groups.items()}
        for key, counts in other._groups.items():
            mine = result._groups.setdefault(key, [0] * self.size)
            result._groups[key] = [a + b for a, b in zip(mine, counts, strict=True)]
        result.records = self.records + other.records
        return result

    def names(self) -> tuple[str, ...]:
        """The report's grouping: the period's name, then the dimensions."""
        return ((self.period.value,) if self.period else ()) + self.dimensions

    def __len__(self) -> int:
        """The number of groups."""
        return len(self._groups)
