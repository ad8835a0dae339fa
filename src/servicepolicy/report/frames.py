"""A report's rows as plain records and pandas DataFrames (:meth:`Report.to_frame
<servicepolicy.report.Report.to_frame>`), and rule titles from the catalogue.

The violations' frame has one row per violation, these columns first (always present,
``None`` when unknown), then each fact as a ``fact_<name>`` column:

``rule_id, severity, title, subject, team, agent, customer, tier, at, due, message,
suggestion, source_file, source_line, waived``

``at`` and ``due`` are in the report's display zone.  ``waived`` holds the waiver's reason
for a waived violation (those rows come last), ``None`` otherwise.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.report.context import Context
from servicepolicy.rulebook import Rule
from servicepolicy.rules import Violation

if TYPE_CHECKING:
    from servicepolicy.report.report import Report

__all__ = ["COLUMNS", "FRAMES", "frame", "rejected_rows", "rule_title", "violation_rows"]

COLUMNS = (
    "rule_id",
    "severity",
    "title",
    "subject",
    "team",
    "agent",
    "customer",
    "tier",
    "at",
    "due",
    "message",
    "suggestion",
    "source_file",
    "source_line",
    "waived",
)
"""The first columns of ``to_frame()``, in order."""

FRAMES = ("violations", "kpis", "sla", "rejected")
"""What :meth:`~servicepolicy.report.Report.to_frame` can tabulate."""

_TITLE = 80
_REJECTED = re.compile(r"^(?P<file>.*?): line (?P<line>\d+): (?P<reason>.*)$", re.S)


def rule_title(rule: Rule | None, rule_id: str = "") -> str:
    """A rule's title: the first clause of its text, at most 80 characters
    (``"Arrive 10 minutes before the shift for roll call"``); for a rule the catalogue
    lacks, its ID.

    >>> from servicepolicy.rulebook import RULES
    >>> rule_title(RULES["SWAP-1"])
    'Each person may swap at most 2 times per calendar month'
    """
    if rule is None:
        return _EXTRA.get(rule_id, rule_id)
    first = re.split(r"(?<=[a-z0-9)])[.;:](?:\s|$)", rule.text, maxsplit=1)[0].strip()
    if len(first) > _TITLE:
        first = first[: _TITLE - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return first


_EXTRA = {"WAIVER-1": "A waiver of the policy has expired"}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _row(
    report: Report, v: Violation, context: Context, waived: str | None, plain: bool
) -> dict[str, Any]:
    context = context.localised(report.tz)

    def time(value: datetime | None) -> Any:
        return value.isoformat() if plain and value is not None else value

    row: dict[str, Any] = {
        "rule_id": v.rule_id,
        "severity": v.severity.label,
        "title": report.title(v.rule_id),
        "subject": v.subject,
        "team": context.team,
        "agent": context.agent,
        "customer": context.customer,
        "tier": context.tier,
        "at": time(context.at),
        "due": time(context.due),
        "message": v.message,
        "suggestion": v.suggestion,
        "source_file": context.source_file,
        "source_line": context.source_line,
        "waived": waived,
    }
    return row


def violation_rows(report: Report, *, plain: bool = False) -> list[dict[str, Any]]:
    """One record per violation (the waived ones last), the :data:`COLUMNS` then the
    facts as ``fact_<name>``; with ``plain``, JSON-ready values."""
    contexts = report.context or (Context(),) * len(report.violations)
    items: list[tuple[Violation, Context, str | None]] = [
        (v, c, None) for v, c in zip(report.violations, contexts, strict=True)
    ]
    items += [(w.violation, w.context, w.reason) for w in report.waived]
    rows = []
    for v, context, waived in items:
        row = _row(report, v, context, waived, plain)
        for key, value in v.facts.items():
            if isinstance(value, datetime) and report.tz is not None:
                value = value.astimezone(ZoneInfo(report.tz))
            row[f"fact_{key}"] = _plain(value) if plain else value
        rows.append(row)
    return rows


def rejected_rows(report: Report) -> list[dict[str, Any]]:
    """One record per rejected input row: ``source_file``, ``source_line``, ``reason``."""
    rows: list[dict[str, Any]] = []
    for text in report.rejected:
        found = _REJECTED.match(text)
        if found is None:
            rows.append({"source_file": None, "source_line": None, "reason": text})
        else:
            line = int(found["line"])
            rows.append(
                {"source_file": found["file"], "source_line": line, "reason": found["reason"]}
            )
    return rows


def frame(report: Report, what: str) -> Any:
    """:meth:`~servicepolicy.report.Report.to_frame`."""
    tables: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "violations": lambda: violation_rows(report),
        "kpis": lambda: [row.as_dict() for row in report.kpis],
        "sla": lambda: [rate.as_row() for rate in report.sla],
        "rejected": lambda: rejected_rows(report),
    }
    if what not in tables:
        raise InvalidArgumentError("what", what, "'violations', 'kpis', 'sla' or 'rejected'")
    try:
        pandas = importlib.import_module("pandas")
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "Report.to_frame() needs pandas: pip install 'servicepolicy[pandas]'", name="pandas"
        ) from error
    rows = tables[what]()
    if what == "violations":
        columns = list(COLUMNS) + sorted({k for r in rows for k in r if k not in COLUMNS})
        return pandas.DataFrame(rows, columns=columns)
    if what == "rejected":
        return pandas.DataFrame(rows, columns=["source_file", "source_line", "reason"])
    return pandas.DataFrame(rows)
