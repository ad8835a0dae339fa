"""A KPI report that explains itself: every figure with its rule, variant, counts and
target (KPI-1 … KPI-11).

Each :class:`KpiRow` is plain data: the group (``{"month": "2026-11", "team": "T1"}``),
the KPI's name, rule ID and variant, the exact value (a ``Fraction``; ``None`` when
nothing was counted), the target, whether
it was met and by how much it was missed, and the numerator, denominator and named
counts behind it.  :meth:`KpiReport.violations` turns misses into
:class:`~servicepolicy.rules.Violation` values citing the KPI's rule ID;
:meth:`KpiReport.to_frame` gives a pandas DataFrame.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi._counts import Layout
from servicepolicy.kpi.definitions import Kpi
from servicepolicy.kpi.records import Direction
from servicepolicy.kpi.targets import Target, format_value
from servicepolicy.rules import Severity, Violation

__all__ = ["KpiReport", "KpiRow"]


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _group_text(group: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items()) or "all"


@attrs.frozen
class KpiRow:
    """One KPI for one group.

    :param group: the group's dimensions and values, in the order of ``by``.
    :param name: the KPI's name.
    :param rule_id: the rule it implements (``"KPI-2"``).
    :param variant: the formula used (KPI-11).
    :param unit: ``"ratio"``, ``"seconds"``, ``"rings"``, ``"score"`` or ``"points"``.
    :param value: the exact value, or ``None`` if the denominator is zero.
    :param target: the target, or ``None``.
    :param met: whether the target is met; ``None`` without a target or a value.
    :param shortfall: how far the value is from the target (zero when met), or ``None``.
    :param numerator: the formula's numerator (milliseconds for times).
    :param denominator: the formula's denominator.
    :param counts: the named counts behind the figure (``{"A": 412, "Ab": 31, ...}``).
    :param components: parts reported beside the value, such as AHT's talk, hold and
        after-call work in seconds per call.
    :param parameters: the parameters of the formula (``{"threshold_s": 20}``).

    .. versionadded:: 0.1.0
    """

    group: Mapping[str, object] = attrs.field(converter=_frozen)
    name: str
    rule_id: str
    variant: str
    unit: str
    value: Fraction | None
    target: Target | None
    met: bool | None
    shortfall: Fraction | None
    numerator: int
    denominator: int
    counts: Mapping[str, int] = attrs.field(converter=_frozen)
    components: Mapping[str, Fraction] = attrs.field(converter=_frozen)
    parameters: Mapping[str, object] = attrs.field(converter=_frozen)

    def explain(self) -> str:
        """One line: rule, KPI, variant, group, value = numerator / denominator, the
        counts, and the verdict against the target."""
        value = format_value(self.value, self.unit)
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        text = (
            f"{self.rule_id} {self.name} [{self.variant}] {_group_text(self.group)}: "
            f"{value} = {self.numerator}/{self.denominator} ({counts})"
        )
        if self.components:
            parts = ", ".join(
                f"{k} {format_value(v, self.unit)}" for k, v in self.components.items()
            )
            text += f"; per call: {parts}"
        return text + f"; {self.verdict()}"

    def verdict(self) -> str:
        """``"target ≥ 80 %: met"``, ``"... missed by 4.2 %"``, ``"no target"``,
        ``"no data"``."""
        if self.target is None:
            return "no target"
        target = f"target {self.target.describe(self.unit)}"
        if self.met is None or self.shortfall is None:
            return f"{target}: no data"
        if self.met:
            return f"{target}: met"
        return f"{target}: missed by {format_value(self.shortfall, self.unit)}"

    def as_dict(self) -> dict[str, object]:
        """Plain data: the group's values, then the figure (``value`` and
        ``shortfall`` as floats, the target in words)."""
        return {
            **self.group,
            "kpi": self.name,
            "rule_id": self.rule_id,
            "variant": self.variant,
            "unit": self.unit,
            "value": None if self.value is None else float(self.value),
            "target": None if self.target is None else self.target.describe(self.unit),
            "met": self.met,
            "shortfall": None if self.shortfall is None else float(self.shortfall),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "counts": dict(self.counts),
        }


def _rows(value: Iterable[KpiRow]) -> tuple[KpiRow, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class KpiReport:
    """The rows of a report, sorted by group and then in the order of the KPIs.

    :param rows: the rows.
    :param by: the grouping dimensions, in order.
    :param records: how many records were counted.

    .. versionadded:: 0.1.0
    """

    rows: tuple[KpiRow, ...] = attrs.field(converter=_rows)
    by: tuple[str, ...] = attrs.field(default=(), converter=_names)
    records: int = 0

    def __iter__(self) -> Iterator[KpiRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def for_kpi(self, name: str) -> tuple[KpiRow, ...]:
        """The rows of the KPI named ``name``, one per group."""
        return tuple(row for row in self.rows if row.name == name)

    def row(self, name: str, **group: object) -> KpiRow:
        """The one row of KPI ``name`` for the group with these values
        (``report.row("service_level", team="T1", month="2026-11")``)."""
        found = [
            r
            for r in self.rows
            if r.name == name and all(r.group.get(k) == v for k, v in group.items())
        ]
        if len(found) != 1:
            expected = f"a KPI name and group values matching exactly one row, not {len(found)}"
            raise InvalidArgumentError("row", {"kpi": name, **group}, expected)
        return found[0]

    def missed(self) -> tuple[KpiRow, ...]:
        """The rows that miss their target."""
        return tuple(row for row in self.rows if row.met is False)

    def violations(self, severity: Severity = Severity.WARNING) -> tuple[Violation, ...]:
        """A :class:`~servicepolicy.rules.Violation` per missed target, citing the KPI's
        rule ID, its subject the group, its facts the figure and its counts."""
        if not isinstance(severity, Severity):
            raise WrongTypeError("severity", severity, "a servicepolicy.rules.Severity")
        return tuple(
            Violation(
                row.rule_id,
                severity,
                f"{row.name} [{row.variant}] {format_value(row.value, row.unit)}: " + row.verdict(),
                subject=_group_text(row.group),
                facts={
                    "kpi": row.name,
                    "variant": row.variant,
                    "value": format_value(row.value, row.unit),
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    **row.counts,
                },
            )
            for row in self.missed()
        )

    def as_dicts(self) -> list[dict[str, object]]:
        """Every row as plain data (:meth:`KpiRow.as_dict`)."""
        return [row.as_dict() for row in self.rows]

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame, one column per field of :meth:`KpiRow.as_dict`.

        :raises ModuleNotFoundError: if pandas is not installed (``pip install pandas``).
        """
        try:
            pandas = importlib.import_module("pandas")
        except ModuleNotFoundError as error:
            raise ModuleNotFoundError(
                "KpiReport.to_frame() needs pandas: pip install pandas "
                "(or the servicepolicy[pandas] extra)",
                name="pandas",
            ) from error
        columns = [*self.by, *_COLUMNS]
        return pandas.DataFrame(self.as_dicts(), columns=columns)

    def __str__(self) -> str:
        header = [*self.by, "kpi", "variant", "value", "target", "met"]
        lines = [
            [
                *(str(row.group.get(name)) for name in self.by),
                row.name,
                row.variant,
                format_value(row.value, row.unit),
                row.target.describe(row.unit) if row.target is not None else "-",
                {True: "yes", False: "no", None: "-"}[row.met],
            ]
            for row in self.rows
        ]
        widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in [header, *lines]
        )


_COLUMNS = (
    "kpi",
    "rule_id",
    "variant",
    "unit",
    "value",
    "target",
    "met",
    "shortfall",
    "numerator",
    "denominator",
    "counts",
)


def check_kpis(kpis: Iterable[Kpi], source: str) -> tuple[Kpi, ...]:
    """``kpis`` as a tuple, each a :class:`Kpi` of ``source``, names unique."""
    if isinstance(kpis, Kpi) or not isinstance(kpis, Iterable):
        raise WrongTypeError("kpis", kpis, "an iterable of servicepolicy.kpi.Kpi")
    found = tuple(kpis)
    names: set[str] = set()
    for kpi in found:
        if not isinstance(kpi, Kpi):
            raise WrongTypeError("kpis item", kpi, "a servicepolicy.kpi.Kpi")
        if kpi.spec.source != source:
            raise InvalidArgumentError(
                "kpis",
                kpi.name,
                f"a KPI computed from {source} (this one is from "
                f"{kpi.spec.source}; use the other accumulator)",
            )
        if kpi.name in names:
            raise InvalidArgumentError("kpis", kpi.name, "KPI names that are unique (pass name=)")
        names.add(kpi.name)
    if not found:
        raise InvalidArgumentError("kpis", found, "at least one KPI")
    return found


def _sort_key(group: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, str(value)) for value in group)


def group_rows(
    names: Sequence[str],
    groups: Mapping[tuple[object, ...], Mapping[Direction | None, Sequence[int]]],
    kpis: Sequence[Kpi],
    layout: Layout,
    extra: Mapping[str, object] | None = None,
) -> tuple[KpiRow, ...]:
    """The rows for every group and KPI.  ``groups`` maps a group's values to its counts
    by direction (``None`` for tickets).  When ``direction`` is a dimension, a KPI of
    one direction gets rows only for groups of that direction."""
    at = names.index("direction") if "direction" in names else None
    rows = []
    for group in sorted(groups, key=_sort_key):
        parts = groups[group]
        for kpi in kpis:
            if at is not None and kpi.direction is not None and group[at] != kpi.direction:
                continue
            chosen = [c for d, c in parts.items() if kpi.direction is None or d == kpi.direction]
            counts = [sum(column) for column in zip(*chosen, strict=True)] if chosen else None
            figure = kpi.formula.compute(counts or [0] * layout.size, kpi, layout)
            target, value = kpi.target, figure.value
            met, shortfall = None, None
            if target is not None and value is not None:
                met, shortfall = target.met(value), target.shortfall(value)
            rows.append(
                KpiRow(
                    dict(zip(names, group, strict=True)),
                    kpi.name,
                    kpi.rule_id,
                    kpi.variant,
                    kpi.unit,
                    value,
                    target,
                    met,
                    shortfall,
                    figure.numerator,
                    figure.denominator,
                    figure.counts,
                    figure.components,
                    {**kpi.parameters(), **(extra or {})},
                )
            )
    return tuple(rows)
