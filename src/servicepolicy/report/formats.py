"""A :class:`~servicepolicy.report.Report` as text, JUnit XML and SARIF 2.1.0, and
:data:`FORMATS`, the renderer of each ``--format`` of ``servicepolicy check``.

**Findings** (:func:`findings`): the text and SARIF renderings list the report's
violations, then one per KPI that missed its target and is not already among them (as
:meth:`servicepolicy.kpi.KpiReport.violations` words it: the KPI's rule ID, the group as
subject, severity ``warning``), so that a missed KPI, which makes a report not ``ok``,
always shows.  JUnit shows every KPI figure as a testcase instead.

**JUnit** (read by GitLab, Jenkins, Azure DevOps, GitHub test-report actions):

- ``<testsuites>`` named ``servicepolicy: POLICY``, with the totals;
- a ``<testsuite>`` ``rules`` with the policy, instant and report format as properties,
  and in it **one ``<testcase>`` per rule** (``classname`` ``servicepolicy.POLICY``, named
  ``RULE-ID title``): every rule of the ``catalogue`` given (the command gives the whole
  catalogue, so a clean rule shows as a passed test), and every rule with findings or KPI
  figures.  A rule with findings fails: one ``<failure>`` whose ``type`` is the gravest
  severity, its message the count, its text a line per violation (subject, message,
  source, what to do) and per missed KPI figure; a rule whose only KPI figures have no
  target or data is skipped;
- a suite ``inputs``: a testcase per input read, with an ``<error>`` listing its rejected
  rows when it had any; a suite ``not checked``: a skipped testcase per reason (each suite
  only when it has testcases).

**SARIF**: one ``run`` of the tool ``servicepolicy``; ``rules`` are the rule IDs present,
each with its title (``shortDescription``), text (``fullDescription``) and ``helpUri`` to
the docs' rule page; a ``result`` per finding, its ``level`` from the severity (critical
and error → ``error``, warning → ``warning``, info → ``note``, the severity itself kept in
``properties``), its logical location the subject and, when the report knows the record
judged, a ``physicalLocation`` (the data file, relative to the working directory when
inside it, and the line) so that code-scanning UIs show it; what was not checked and the
rejected rows are the invocation's notifications.

>>> from datetime import datetime, timezone
>>> from servicepolicy.report import Report
>>> from servicepolicy.rules import Severity, Violation
>>> report = Report("callcentre", datetime(2026, 12, 1, tzinfo=timezone.utc),
...                 violations=[Violation("SWAP-1", Severity.ERROR, "3 swaps", "agent-7")])
>>> print(render_text(report))
SWAP-1 agent-7: 3 swaps
<BLANKLINE>
callcentre at 2026-12-01T00:00+00:00: 1 violation (1 error)
  SWAP-1 error 1
>>> sorted(FORMATS)
['html', 'json', 'junit', 'sarif', 'text']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from types import MappingProxyType
from typing import Any

from servicepolicy.kpi import KpiReport, KpiRow
from servicepolicy.limits import printable
from servicepolicy.report.context import Context
from servicepolicy.report.html import render_html, rule_area
from servicepolicy.report.report import REPORT_FORMAT, Report
from servicepolicy.rulebook import Rule
from servicepolicy.rules import Severity, Violation

__all__ = [
    "DOCS_URL",
    "FORMATS",
    "SARIF_SCHEMA",
    "findings",
    "help_uri",
    "render_junit",
    "render_sarif",
    "render_text",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
"""The ``$schema`` a SARIF log names."""

DOCS_URL = "https://servicepolicy.readthedocs.io/en/latest/"
"""Where the documentation lives; a rule's help is its area's page."""

_PAGES = {
    "ATT": "workforce", "LEAVE": "workforce", "SWAP": "workforce", "SLA": "sla",
    "ESC": "escalation", "KPI": "kpi", "CAL": "calendars", "TKT": "tickets", "TIER": "tickets",
    "CAD": "obligations", "QA": "obligations", "CONF": "policy", "WAIVER": "ci",
}  # fmt: skip

_TEXT_REJECTED = 20  # the rejected rows render_text lists; the rest are counted

_LEVEL = {
    Severity.INFO: "note",
    Severity.WARNING: "warning",
    Severity.ERROR: "error",
    Severity.CRITICAL: "error",
}
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _rule_order(rule_id: str) -> tuple[str, int]:
    prefix, _, number = rule_id.partition("-")
    return (prefix, int(number) if number.isdigit() else 0)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def help_uri(rule_id: str) -> str:
    """The docs page of a rule's area, anchored at the rule (plugins' rules: the
    plugins page).

    >>> help_uri("SWAP-1")
    'https://servicepolicy.readthedocs.io/en/latest/workforce.html#swap-1'
    """
    page = _PAGES.get(rule_id.partition("-")[0], "plugins")
    return f"{DOCS_URL}{page}.html#{rule_id.lower()}"


def findings(report: Report) -> tuple[Violation, ...]:
    """The report's violations, then a violation per missed KPI not already among them
    (same rule ID, subject and message).

    .. versionadded:: 0.1.0
    """
    seen = {(v.rule_id, v.subject, v.message) for v in report.violations}
    missed = KpiReport(report.kpis).violations() if report.kpis_missed else ()
    extra = tuple(v for v in missed if (v.rule_id, v.subject, v.message) not in seen)
    return report.violations + extra


def render_text(report: Report) -> str:
    """What ``servicepolicy check`` prints: a line ``RULE-ID subject: message`` per
    finding, a blank line, the summary, and the first rejected input rows.  Control
    characters from the data (ANSI escapes, bidi overrides) are written as ``\\x1b`` …,
    so that a ticket ID cannot drive the terminal.

    .. versionadded:: 0.1.0
    """
    lines = [
        f"{v.rule_id} {_one_line(v.subject)}: {_one_line(v.message)}"
        if v.subject is not None
        else f"{v.rule_id}: {_one_line(v.message)}"
        for v in findings(report)
    ]
    if lines:
        lines.append("")
    lines.append(report.summary())
    lines += [f"  rejected: {row}" for row in report.rejected[:_TEXT_REJECTED]]
    if len(report.rejected) > _TEXT_REJECTED:
        more = len(report.rejected) - _TEXT_REJECTED
        lines.append(f"  ... and {more} more rejected rows (--format json lists them all)")
    return printable("\n".join(lines))


# -- JUnit -----------------------------------------------------------------------------------


def _xml(text: object) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def _detail(v: Violation) -> str:
    lines = [f"{v.rule_id} [{v.severity.label}] {v.subject or '-'}: {v.message}"]
    lines += [f"  {key}: {value}" for key, value in v.facts.items()]
    if v.suggestion:
        lines.append(f"suggestion: {v.suggestion}")
    return _xml("\n".join(lines))


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=_xml(classname), name=_xml(name), time="0")


def _suite(root: ET.Element, name: str, report: Report, stamp: str) -> ET.Element:
    suite = ET.SubElement(root, "testsuite", name=_xml(name), timestamp=stamp, time="0")
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("policy", report.policy),
        ("now", report.now.isoformat()),
        ("format", REPORT_FORMAT),
    ):
        ET.SubElement(properties, "property", name=key, value=_xml(value))
    return suite


def _tally(element: ET.Element, cases: Sequence[ET.Element]) -> None:
    element.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(case.find(kind) is not None for case in cases)))


def _rule_cases(root: ET.Element, report: Report, stamp: str, catalogue: Sequence[Rule]) -> None:
    """One testcase per rule: the catalogue's and every rule with findings or KPI figures
    (a violation that only restates a missed KPI is left to the KPI's line)."""
    restated = {(v.rule_id, v.subject, v.message) for v in KpiReport(report.kpis).violations()}
    contexts = report.context or (Context(),) * len(report.violations)
    found: dict[str, list[tuple[Violation, Context]]] = {}
    for v, c in zip(report.violations, contexts, strict=True):
        if (v.rule_id, v.subject, v.message) not in restated:
            found.setdefault(v.rule_id, []).append((v, c))
    kpis: dict[str, list[KpiRow]] = {}
    for row in report.kpis:
        kpis.setdefault(row.rule_id, []).append(row)
    rule_ids = dict.fromkeys([*(r.id for r in catalogue), *found, *kpis])
    suite = _suite(root, "rules", report, stamp)
    classname = f"servicepolicy.{report.policy}"
    for rule_id in sorted(rule_ids, key=_rule_order):
        case = _case(suite, classname, f"{rule_id} {report.title(rule_id)}")
        cases, rows = found.get(rule_id, []), kpis.get(rule_id, [])
        missed = [r for r in rows if r.met is False]
        if cases or missed:
            gravest = max((v.severity for v, _ in cases), default=Severity.WARNING)
            count = f"{len(cases)} violation{'' if len(cases) == 1 else 's'}"
            count += f", {len(missed)} KPI figure{'' if len(missed) == 1 else 's'} missed"
            failure = ET.SubElement(case, "failure", message=_xml(count), type=gravest.label)
            lines = [_case_line(v, c) for v, c in cases]
            lines += [f"{r.verdict()}: {r.explain()}" for r in missed]
            failure.text = _xml("\n".join(lines))
        elif rows and all(r.met is None for r in rows):
            ET.SubElement(case, "skipped", message=_xml(rows[0].verdict()))


def _case_line(v: Violation, c: Context) -> str:
    line = f"[{v.severity.label}] {v.subject or '-'}: {_one_line(v.message)}"
    line += f" ({c.source})" if c.source else ""
    return line + (f" -> {_one_line(v.suggestion)}" if v.suggestion else "")


def render_junit(report: Report, *, catalogue: Sequence[Rule] = ()) -> str:
    """``report`` as JUnit XML, mapped as the module describes; ``catalogue`` lists the
    rules that get a testcase even without findings.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       One testcase per rule; ``catalogue``.
    """
    stamp = report.now.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    root = ET.Element("testsuites", name=_xml(f"servicepolicy: {report.policy}"), time="0")
    _rule_cases(root, report, stamp, catalogue)
    suite = _suite(root, "inputs", report, stamp) if report.inputs else root
    for summary in report.inputs:
        case = _case(suite, f"servicepolicy.{report.policy}.inputs", f"read {summary.name}")
        if summary.rejected:
            error = ET.SubElement(case, "error", message=f"{summary.rejected} rows rejected")
            starts = tuple(s for s in (summary.source, summary.name) if s)
            error.text = _xml("\n".join(r for r in report.rejected if r.startswith(starts)))
    suite = _suite(root, "not checked", report, stamp) if report.not_checked else root
    for reason in report.not_checked:
        case = _case(suite, f"servicepolicy.{report.policy}.not-checked", reason)
        ET.SubElement(case, "skipped", message=_xml(reason))
    for suite in root.findall("testsuite"):
        _tally(suite, suite.findall("testcase"))
    _tally(root, root.findall("testsuite/testcase"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# -- SARIF -----------------------------------------------------------------------------------


def _fingerprint(v: Violation) -> str:
    text = "\x1f".join((v.rule_id, v.subject or "", v.message))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _plain(value: object) -> Any:
    return json.loads(json.dumps(value, default=str))


def render_sarif(
    report: Report, *, describe: Callable[[str], str | None] | None = None, indent: int = 2
) -> str:
    """``report`` as a SARIF 2.1.0 log, mapped as the module describes.  ``describe``
    gives a rule's text by its ID (``None`` if unknown), for the rules' full descriptions.

    .. versionadded:: 0.1.0
    """
    found = findings(report)
    plain = report.to_dict()["violations"]
    rule_ids = sorted({v.rule_id for v in found}, key=_rule_order)
    index = {rule_id: at for at, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        area = rule_area(rule_id)
        rule: dict[str, Any] = {
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": report.title(rule_id)},
            "helpUri": help_uri(rule_id),
        }
        known = report.rule(rule_id)
        text = describe(rule_id) if describe is not None else None
        text = text or (known.text if known is not None else None)
        if text:
            rule["fullDescription"] = {"text": text}
        if area:
            rule["properties"] = {"tags": [area]}
        rules.append(rule)
    results = []
    contexts = report.context or (Context(),) * len(report.violations)
    for at, v in enumerate(found):
        result: dict[str, Any] = {
            "ruleId": v.rule_id,
            "ruleIndex": index[v.rule_id],
            "level": _LEVEL[v.severity],
            "message": {"text": v.message},
            "partialFingerprints": {"servicepolicy/v1": _fingerprint(v)},
            "properties": {
                "severity": v.severity.label,
                "facts": plain[at]["facts"] if at < len(plain) else _plain(dict(v.facts)),
            },
        }
        where: dict[str, Any] = {}
        if v.subject is not None:
            location = {"name": v.subject, "fullyQualifiedName": f"{report.policy}/{v.subject}"}
            where["logicalLocations"] = [location]
        context = contexts[at] if at < len(contexts) else Context()
        if context.source_file is not None and context.source_file != "DataFrame":
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(context.source_file)}}
            if context.source_line is not None:
                physical["region"] = {"startLine": context.source_line}
            where["physicalLocation"] = physical
        if where:
            result["locations"] = [where]
        if v.suggestion is not None:
            result["properties"]["suggestion"] = v.suggestion
        results.append(result)
    notes = [
        {"level": "note", "message": {"text": f"not checked: {r}"}} for r in report.not_checked
    ]
    notes += [{"level": "warning", "message": {"text": f"rejected: {r}"}} for r in report.rejected]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "servicepolicy", "version": _version(), "rules": rules}
                },
                "invocations": [invocation],
                "results": results,
                "properties": {
                    "policy": report.policy,
                    "now": report.now.isoformat(),
                    "ok": report.ok,
                    "format": REPORT_FORMAT,
                },
            }
        ],
    }
    return json.dumps(log, indent=indent, ensure_ascii=False)


def _uri(path: str) -> str:
    """A file's URI for SARIF: relative to the working directory (forward slashes) when
    inside it, as code-scanning UIs expect; else absolute."""
    from pathlib import Path

    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_uri()


def _version() -> str:
    import servicepolicy

    return servicepolicy.__version__


FORMATS: Mapping[str, Callable[[Report], str]] = MappingProxyType(
    {
        "text": render_text,
        "json": Report.to_json,
        "html": render_html,
        "junit": render_junit,
        "sarif": render_sarif,
    }
)
"""The renderer of each output format by name, that is ``text``, ``json``
(:meth:`Report.to_json <servicepolicy.report.Report.to_json>`), ``html``, ``junit`` and
``sarif``.

.. versionadded:: 0.1.0
"""
