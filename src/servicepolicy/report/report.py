"""The result of checking a policy against data: :class:`Report`.

A report holds every violation found (each naming its rule), the KPI figures against their
targets, the SLA outcomes, what was read and rejected from each input, and what could not
be checked because data was missing.  It renders as text, JSON (stable and versioned), a
DataFrame, HTML in a notebook, and a self-contained HTML page.

>>> from datetime import datetime, timezone
>>> from servicepolicy.rules import Severity, Violation
>>> report = Report(
...     policy="callcentre",
...     now=datetime(2026, 12, 1, tzinfo=timezone.utc),
...     violations=(Violation("SWAP-1", Severity.ERROR, "3 swaps in 2026-11", "agent-7"),),
...     inputs=(InputSummary("requests", 12, 0),),
...     not_checked=("KPIs: no call records given",),
... )
>>> report.ok
False
>>> print(report.summary())
callcentre at 2026-12-01T00:00+00:00: 1 violation (1 error)
  SWAP-1 error 1
  read: requests 12
  not checked: KPIs: no call records given

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from servicepolicy.checks import aware, zone
from servicepolicy.errors import InvalidArgumentError, ServicePolicyError
from servicepolicy.kpi import KpiRow
from servicepolicy.report.context import Context, Waived
from servicepolicy.rulebook import RULES, Rule
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import BreachRate

__all__ = ["REPORT_FORMAT", "InputSummary", "PolicyViolationError", "Report", "SlaDay"]

REPORT_FORMAT = "servicepolicy.report/1"
"""The name and version of the JSON layout :meth:`Report.to_json` writes."""


class PolicyViolationError(ServicePolicyError, AssertionError):
    """:meth:`Report.raise_for_violations` found violations at or above a severity;
    ``violations`` holds them.

    .. versionadded:: 0.1.0
    """

    def __init__(self, violations: tuple[Violation, ...], floor: Severity) -> None:
        lines = "".join(f"\n  {v}" for v in violations[:20])
        more = f"\n  and {len(violations) - 20} more" if len(violations) > 20 else ""
        super().__init__(
            f"{len(violations)} violation(s) at or above {floor.label}:{lines}{more}",
            argument="violations",
            value=len(violations),
            expected=f"none at or above {floor.label}",
        )
        self.violations = violations


@attrs.frozen
class InputSummary:
    """What was read from one input: ``name`` (``"tickets"``, ``"calls"`` …), how many
    records were read and how many rows were rejected, and from where.

    .. versionadded:: 0.1.0
    """

    name: str
    records: int
    rejected: int = 0
    source: str | None = None


@attrs.frozen
class SlaDay:
    """The SLA clocks that fell due on one local day: how many, and how many breached.

    .. versionadded:: 0.1.0
    """

    day: date
    clocks: int
    breached: int


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _zone(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        zone("tz", value)


def _now(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    aware("now", value)


@attrs.frozen
class Report:
    """Everything a check found (see the module).

    :param policy: the name of the policy checked.
    :param now: the instant the data was judged at.
    :param violations: every violation, each naming its rule.
    :param kpis: the KPI figures, each against its target (KPI-1 … KPI-11).
    :param sla: SLA outcomes by ticket kind, tier and metric.
    :param sla_days: SLA clocks due and breached per day, for the chart of breaches over
        time.
    :param inputs: what was read from each input.
    :param rejected: the rejected input rows, as ``"tickets.jsonl: line 9: ..."`` lines.
    :param not_checked: what could not be checked, and why (data that was not given; a
        plugin's rules when the plugin was disabled or failed).
    :param notes: choices the check made that a reader should know (a policy target
        that replaces a plugin's).
    :param plugins: the plugins the policy used.
    :param plugin_failures: each failed plugin's error, naming it; a report with a
        failure is not :attr:`ok` (the check is incomplete).
    :param context: for each violation (same order), its team, agent, customer, tier,
        times and the input record judged; empty when not known.
    :param waived: the violations a waiver covers: listed, not counted.
    :param tz: the IANA zone times are shown in (the policy's ``[report] tz``).
    :param rules: the catalogue entries of the rules the report names (their titles and
        texts); the core's rule book is consulted for the others.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``notes``, ``plugins`` and ``plugin_failures``.
    .. versionchanged:: 0.3.0
       ``context``, ``waived``, ``tz`` and ``rules``.
    """

    policy: str
    now: datetime = attrs.field(validator=_now)
    violations: tuple[Violation, ...] = attrs.field(default=(), converter=_tuple)
    kpis: tuple[KpiRow, ...] = attrs.field(default=(), converter=_tuple)
    sla: tuple[BreachRate, ...] = attrs.field(default=(), converter=_tuple)
    sla_days: tuple[SlaDay, ...] = attrs.field(default=(), converter=_tuple)
    inputs: tuple[InputSummary, ...] = attrs.field(default=(), converter=_tuple)
    rejected: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    not_checked: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    plugins: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    plugin_failures: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    context: tuple[Context, ...] = attrs.field(default=(), converter=_tuple)
    waived: tuple[Waived, ...] = attrs.field(default=(), converter=_tuple)
    tz: str | None = attrs.field(default=None, validator=_zone)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        if self.context and len(self.context) != len(self.violations):
            raise InvalidArgumentError(
                "context", len(self.context), f"one per violation ({len(self.violations)})"
            )

    @property
    def ok(self) -> bool:
        """No violation of ``ERROR`` or above, no KPI that missed its target, no plugin
        that failed, and no input row rejected (what was not read was not judged).

        .. versionchanged:: 0.3.0
           Rejected input rows make a report not ok.
        """
        return (
            not self.errors
            and not self.kpis_missed
            and not self.plugin_failures
            and not self.rejected_rows
        )

    @property
    def rejected_rows(self) -> int:
        """How many input rows were rejected (by the inputs' counts, or the rows listed).

        .. versionadded:: 0.3.0
        """
        return max(sum(i.rejected for i in self.inputs), len(self.rejected))

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The violations of severity ``ERROR`` or ``CRITICAL``."""
        return tuple(v for v in self.violations if v.severity >= Severity.ERROR)

    @property
    def kpis_missed(self) -> tuple[KpiRow, ...]:
        """The KPI figures that missed their target."""
        return tuple(row for row in self.kpis if row.met is False)

    def by_rule(self) -> dict[str, Counter[Severity]]:
        """Violations counted per rule ID and severity, rules in order."""
        counts: dict[str, Counter[Severity]] = {}
        for violation in self.violations:
            counts.setdefault(violation.rule_id, Counter())[violation.severity] += 1
        return dict(sorted(counts.items(), key=lambda item: _rule_order(item[0])))

    def summary(self) -> str:
        """Counts per rule and severity, what was read, and what could not be checked."""
        severities = Counter(v.severity for v in self.violations)
        parts = ", ".join(f"{n} {s.label}" for s, n in sorted(severities.items(), reverse=True))
        total = len(self.violations)
        head = f"{self.policy} at {self._when()}: "
        head += f"{total} violation{'' if total == 1 else 's'}" + (f" ({parts})" if parts else "")
        if self.kpis:
            met = sum(1 for row in self.kpis if row.met is True)
            nodata = sum(1 for row in self.kpis if row.met is None)
            head += f"; KPIs: {met} met, {len(self.kpis_missed)} missed"
            head += f", {nodata} without target or data" if nodata else ""
        if self.sla:
            clocks, breached = self.clocks
            head += f"; SLA: {breached:,} of {clocks:,} clocks breached"
        lines = [head]
        if self.waived:
            lines.append(f"  waived: {len(self.waived)} (listed, not counted)")
        for rule, counts in self.by_rule().items():
            detail = ", ".join(f"{s.label} {n}" for s, n in sorted(counts.items(), reverse=True))
            lines.append(f"  {rule} {detail}")
        if self.inputs:
            read = ", ".join(
                f"{i.name} {i.records}" + (f" ({i.rejected} rejected)" if i.rejected else "")
                for i in self.inputs
            )
            lines.append(f"  read: {read}")
        if self.rejected_rows:
            rows = self.rejected_rows
            lines.append(f"  not ok: {rows} input row{'' if rows == 1 else 's'} rejected")
        if self.plugins:
            lines.append(f"  plugins: {', '.join(self.plugins)}")
        lines += [f"  plugin failed: {failure}" for failure in self.plugin_failures]
        lines += [f"  not checked: {reason}" for reason in self.not_checked]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

    def _when(self) -> str:
        if self.tz is None:
            return self.now.isoformat(timespec="minutes")
        from zoneinfo import ZoneInfo

        return self.now.astimezone(ZoneInfo(self.tz)).isoformat(timespec="minutes")

    def __str__(self) -> str:
        return "\n".join([*map(str, self.violations), "", self.summary()])

    def raise_for_violations(self, min_severity: Severity | str = Severity.ERROR) -> Report:
        """``self`` when no violation reaches ``min_severity``; else a
        :class:`PolicyViolationError` holding them."""
        floor = (
            min_severity
            if isinstance(min_severity, Severity)
            else Severity.from_label(str(min_severity))
        )
        found = tuple(v for v in self.violations if v.severity >= floor)
        if found:
            raise PolicyViolationError(found, floor)
        return self

    # -- plain data ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, in the layout ``REPORT_FORMAT`` names."""
        return {
            "format": REPORT_FORMAT,
            "policy": self.policy,
            "now": self.now.isoformat(),
            "ok": self.ok,
            "tz": self.tz,
            "violations": [_violation(v) for v in self.violations],
            "context": [_plain(attrs.asdict(c)) for c in self.context],
            "waived": [
                {
                    **_violation(w.violation),
                    "reason": w.reason,
                    "expires": _plain(w.expires),
                    "context": _plain(attrs.asdict(w.context)),
                }
                for w in self.waived
            ],
            "kpis": [_plain(row.as_dict()) for row in self.kpis],
            "sla": [_plain(rate.as_row()) for rate in self.sla],
            "sla_days": [
                {"day": d.day.isoformat(), "clocks": d.clocks, "breached": d.breached}
                for d in self.sla_days
            ],
            "inputs": [attrs.asdict(i) for i in self.inputs],
            "rejected": list(self.rejected),
            "not_checked": list(self.not_checked),
            "notes": list(self.notes),
            "plugins": list(self.plugins),
            "plugin_failures": list(self.plugin_failures),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text, keys in a stable order."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_frame(self, what: str = "violations") -> Any:
        """A pandas DataFrame of ``"violations"`` (columns
        :data:`~servicepolicy.report.frames.COLUMNS`, then the facts as ``fact_<name>``;
        times in the display zone), ``"kpis"``, ``"sla"`` or ``"rejected"`` (input rows
        rejected: ``source_file``, ``source_line``, ``reason``).

        :raises ModuleNotFoundError: if pandas is not installed (the ``pandas`` extra).

        .. versionchanged:: 0.3.0
           The violations' columns; ``"rejected"``.
        """
        from servicepolicy.report.frames import frame

        return frame(self, what)

    # -- for the people who act on it ----------------------------------------------------------

    def rule(self, rule_id: str) -> Rule | None:
        """The catalogue entry of ``rule_id`` (the report's own, else the core's), if any."""
        for found in self.rules:
            if found.id == rule_id:
                return found
        return RULES.get(rule_id)

    def title(self, rule_id: str) -> str:
        """The rule's title (:func:`~servicepolicy.report.frames.rule_title`)."""
        from servicepolicy.report.frames import rule_title

        return rule_title(self.rule(rule_id), rule_id)

    def rollup(self, by: str) -> dict[str, Counter[Severity]]:
        """Violations counted per ``"team"``, ``"agent"``, ``"customer"`` or ``"tier"``
        (from ``context``) and severity, the most first; ``"—"`` for those without one.
        """
        if by not in ("team", "agent", "customer", "tier"):
            raise InvalidArgumentError("by", by, "'team', 'agent', 'customer' or 'tier'")
        counts: dict[str, Counter[Severity]] = {}
        contexts = self.context or (Context(),) * len(self.violations)
        for violation, context in zip(self.violations, contexts, strict=True):
            key = getattr(context, by) or "—"
            counts.setdefault(key, Counter())[violation.severity] += 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1].total(), item[0])))

    @property
    def clocks(self) -> tuple[int, int]:
        """The SLA clocks judged and how many breached, the one count every rendering
        shows (from ``sla``)."""
        return sum(r.clocks for r in self.sla), sum(r.breached for r in self.sla)

    def _repr_html_(self) -> str:
        """The notebook view: a banner, the KPIs against their targets, the violations
        grouped by rule (the first rows of each), and a hint to ``to_frame()``."""
        from servicepolicy.report.html import notebook_html

        return notebook_html(self)


def _violation(v: Violation) -> dict[str, Any]:
    return {
        "rule_id": v.rule_id,
        "severity": v.severity.label,
        "subject": v.subject,
        "message": v.message,
        "facts": _plain(dict(v.facts)),
        "suggestion": v.suggestion,
    }


def _plain(value: Any) -> Any:
    """JSON-ready: datetimes and dates as ISO 8601, enums as values, the rest as text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _rule_order(rule_id: str) -> tuple[str, int]:
    prefix, _, number = rule_id.partition("-")
    return (prefix, int(number) if number.isdigit() else 0)
