"""HTML renderings of a :class:`~servicepolicy.report.Report`: a self-contained page
(:func:`render_html`) and the notebook view (:func:`notebook_html`).

The page needs no network: its style is inline, its charts are inline SVG
(:mod:`servicepolicy.report.svg`), it runs no script, and a content security policy forbids
it to load anything.  Every text from the report is escaped.

>>> from datetime import datetime, timezone
>>> from servicepolicy.report import Report
>>> page = render_html(Report("callcentre", datetime(2026, 12, 1, tzinfo=timezone.utc)))
>>> page.startswith("<!DOCTYPE html>"), page.count("<svg")
(True, 3)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from servicepolicy.kpi.targets import exact, format_value
from servicepolicy.report import svg
from servicepolicy.report.report import REPORT_FORMAT, Report
from servicepolicy.rules import Severity, Violation

if TYPE_CHECKING:
    from servicepolicy.kpi import KpiRow

__all__ = ["MAX_ROWS", "RULE_AREAS", "notebook_html", "render_html", "rule_area"]

MAX_ROWS = 200
"""The violations shown per rule (and rejected rows shown) on the page; the rest are
counted, and listed in full by the JSON report."""

_KPI_BARS = 30  # bars per KPI chart panel (the groups furthest from target); the table has all
_OPEN_LIMIT = 100  # up to this many violations, every rule's group is open (and prints so)

RULE_AREAS = {
    "ATT": "attendance",
    "CAD": "recurring obligations",
    "CAL": "business calendars",
    "CONF": "confidentiality",
    "ESC": "escalation",
    "EXH": "exhibition desk",
    "KPI": "KPI targets",
    "LEAVE": "leave",
    "LOG": "logistics desk",
    "QA": "quality inspection",
    "SLA": "service levels",
    "SWAP": "shift swaps",
    "TIER": "customer tiers",
    "TKT": "tickets",
}
"""The area each rule-ID prefix names, as the policy manuals group their rules."""

_CSS = """
.sp-report{color:#1f2328;background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",
 Roboto,"Liberation Sans",Arial,sans-serif}
.sp-report h1{font-size:22px;margin:0 0 4px}.sp-report h1 code{font-size:inherit}
.sp-report h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
.sp-report .banner{border-left:8px solid #cf222e;background:#ffebe9;border-radius:6px;
 padding:12px 16px;margin:0 0 12px}
.sp-report .banner.ok{border-color:#2da44e;background:#dafbe1}.sp-report .status{font-weight:700}
.sp-report .counts{margin:4px 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;
 gap:4px 18px}
.sp-report nav a{margin-right:14px}.sp-report .muted{color:#57606a}
.sp-report table{border-collapse:collapse;width:100%;margin:6px 0 10px}
.sp-report th,.sp-report td{padding:4px 8px;border-bottom:1px solid #d8dee4;text-align:left;
 vertical-align:top}.sp-report td code{overflow-wrap:anywhere}.sp-report .nw{white-space:nowrap}
.sp-report th{background:#f6f8fa;font-weight:600}.sp-report tr.met td.verdict{color:#1a7f37}
.sp-report td.num,.sp-report th.num{text-align:right;font-variant-numeric:tabular-nums;
 white-space:nowrap}
.sp-report tr.missed td.verdict,.sp-report .bad{color:#cf222e;font-weight:600}
.sp-report .sev{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;color:#fff;
 background:#8c959f;margin-right:4px}
.sp-report .sev.warning{background:#9a6700}.sp-report .sev.error{background:#cf222e}
.sp-report .sev.critical{background:#82071e}.sp-report ul.facts b{font-weight:600;color:#57606a}
.sp-report details{border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:0 10px}
.sp-report summary{cursor:pointer;padding:8px 0;font-weight:600}
.sp-report ul.facts{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:0 12px}
.sp-report table.violations td:nth-child(1){width:80px}.sp-report table.violations td:nth-child(2){
 width:16%}
.sp-report code{font-family:ui-monospace,"Liberation Mono",monospace;font-size:13px}
.sp-report svg.chart{width:100%;max-width:1040px;height:auto;display:block;margin:8px 0 16px}
.sp-report footer{margin-top:32px;color:#57606a;font-size:12px}
@media print{.sp-report nav{display:none}.sp-report svg,.sp-report tr{break-inside:avoid}
 .sp-report .banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

_BAD = ' class="bad"'
_PAGE_CSS = "body{margin:0}main.sp-report{max-width:1100px;margin:0 auto;padding:24px}"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def rule_area(rule_id: str) -> str:
    """The area a rule ID's prefix names (``"SWAP-1"`` → ``"shift swaps"``), or ``""``.

    >>> rule_area("LEAVE-4"), rule_area("ZZ-1")
    ('leave', '')
    """
    return RULE_AREAS.get(rule_id.partition("-")[0], "")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _text(value: object) -> str:
    return escape(str(value))


def _group(group: Mapping[str, object], skip: Iterable[str] = ()) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items() if k not in set(skip)) or "all"


def _table(css: str, head: Iterable[str], rows: Iterable[str], numeric: Iterable[str] = ()) -> str:
    """A table of ``rows`` under ``head``, the ``numeric`` columns' headings right-aligned."""
    ths = "".join(f'<th class="num">{h}</th>' if h in numeric else f"<th>{h}</th>" for h in head)
    return (
        f'<table class="{css}"><thead><tr>{ths}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _severities(counts: Mapping[Severity, int]) -> str:
    return " ".join(
        f'<span class="sev {s.label}">{n:,} {s.label}</span>'
        for s, n in sorted(counts.items(), reverse=True)
    )


# -- the banner ------------------------------------------------------------------------------


def _banner(report: Report) -> str:
    why = [_plural(len(report.errors), "error")] if report.errors else []
    why += [_plural(len(report.kpis_missed), "KPI") + " missed"] if report.kpis_missed else []
    counts = [_plural(len(report.violations), "violation")]
    counts[0] += " " + _severities(Counter(v.severity for v in report.violations))
    if report.kpis:
        met = sum(1 for row in report.kpis if row.met is True)
        counts.append(f"KPIs: {met} met, {len(report.kpis_missed)} missed of {len(report.kpis)}")
    if report.sla:
        clocks = _plural(sum(r.clocks for r in report.sla), "clock")
        counts.append(f"SLA: {sum(r.breached for r in report.sla):,} of {clocks} breached")
    if report.inputs:
        read = _plural(sum(i.records for i in report.inputs), "record")
        counts.append(f"read: {read}, {sum(i.rejected for i in report.inputs):,} rejected")
    if report.not_checked:
        counts.append(f"not checked: {len(report.not_checked)}")
    verdict = "OK" if report.ok else "NOT OK"
    return (
        f'<header class="banner {"ok" if report.ok else "fail"}"><h1>Policy '
        f"<code>{_text(report.policy)}</code></h1>"
        f'<div><span class="status">{verdict}</span>'
        f"{' — ' + escape(', '.join(why)) if why else ''} · checked at "
        f"<time>{_text(report.now.isoformat(' ', 'minutes'))}</time></div>"
        f'<ul class="counts">{"".join(f"<li>{c}</li>" for c in counts)}</ul></header>'
    )


# -- KPIs ------------------------------------------------------------------------------------


def _kpi_table(kpis: Sequence[KpiRow]) -> str:
    if not kpis:
        return ""
    grouped = any(row.group for row in kpis)
    head = ["Group"] if grouped else []
    head += ["KPI", "Rule", "Variant", "Value", "Target", "Verdict"]
    lines = []
    for row in kpis:
        status = {True: "met", False: "missed", None: "none"}[row.met]
        verdict = row.verdict().rpartition(": ")[2]  # "met", "missed by 4 %", "no data"...
        cells = [f"<td>{_text(_group(row.group))}</td>"] if grouped else []
        cells += [
            f'<td><code>{_text(row.name)}</code></td><td class="nw">{_text(row.rule_id)}</td>',
            f"<td><code>{_text(row.variant)}</code></td>",
            f'<td class="num" title="= {row.numerator:,} / {row.denominator:,}">'
            f"{_text(format_value(row.value, row.unit))}</td>",
            f'<td class="nw">{_text(row.target.describe(row.unit) if row.target else "—")}</td>',
            f'<td class="verdict nw">{_text(verdict)}</td>',
        ]
        tds = "".join(cells)
        lines.append(f'<tr class="{status}" title="{_text(row.explain())}">{tds}</tr>')
    return _table("kpis", head, lines, ["Value"])


def _tick(value: float, unit: str) -> str:
    return format_value(exact(value), unit)


def _kpi_chart(kpis: Sequence[KpiRow]) -> str:
    panels: dict[tuple[str, str, str, str], list[KpiRow]] = {}
    for row in kpis:
        panels.setdefault((row.rule_id, row.name, row.variant, row.unit), []).append(row)
    out = []
    for (rule_id, name, variant, unit), rows in panels.items():
        same = [k for k in rows[0].group if len({str(r.group.get(k)) for r in rows}) == 1]
        target = rows[0].target
        title = f"{name} · {rule_id} · {variant} · "
        title += f"target {target.describe(unit)}" if target is not None else "no target"
        if same and len(rows) > 1:
            title += " · " + _group(rows[0].group, [k for k in rows[0].group if k not in same])
        if len(rows) > _KPI_BARS:  # the groups furthest from their target
            title += f" · {_KPI_BARS} of {len(rows)} groups, the furthest from target"
            rows = sorted(rows, key=lambda r: (r.met is not False, -(r.shortfall or 0)))
            rows = rows[:_KPI_BARS]
        bars = tuple(
            svg.Bar(
                _group(r.group, same if len(rows) > 1 else ()),
                None if r.value is None else float(r.value),
                format_value(r.value, r.unit),
                None if r.target is None or r.target.low is None else float(r.target.low),
                None if r.target is None or r.target.high is None else float(r.target.high),
                {True: "met", False: "missed", None: "none"}[r.met],
                r.explain(),
            )
            for r in rows
        )
        out.append(svg.Panel(title, bars, functools.partial(_tick, unit=unit)))
    return svg.target_bars("KPIs against their targets", out)


# -- SLA -------------------------------------------------------------------------------------


def _sla_table(report: Report) -> str:
    if not report.sla:
        return ""
    numbers = ["Clocks", "Breached", "Met", "Open"]
    lines = []
    for r in sorted(report.sla, key=lambda rate: rate.sort_key()):
        open_ = r.clocks - r.breached - r.met
        rate = f"{r.rate:.1%}" if r.clocks else "—"
        lines.append(
            f"<tr><td>{_text(r.kind)}</td><td>{_text(r.tier or '—')}</td>"
            f'<td><code>{_text(r.metric)}</code></td><td class="num">{r.clocks:,}</td>'
            f'<td class="num"><span{_BAD if r.breached else ""}>{r.breached:,}</span> '
            f'<span class="muted">({rate})</span></td><td class="num">{r.met:,}</td>'
            f'<td class="num">{open_:,}</td></tr>'
        )
    return _table("sla", ["Kind", "Tier", "Metric", *numbers], lines, numbers)


# -- violations ------------------------------------------------------------------------------


def _facts(facts: Mapping[str, object]) -> str:
    if not facts:
        return ""
    items = "".join(f"<li><b>{_text(k)}</b> {_text(v)}</li>" for k, v in facts.items())
    return f'<ul class="facts">{items}</ul>'


def _violation_rows(violations: Sequence[Violation], limit: int) -> str:
    shown = sorted(violations, key=lambda v: -v.severity)[:limit]
    facts = any(v.facts for v in shown)
    suggestions = any(v.suggestion for v in shown)
    head = ["Severity", "Subject", "Message"] + ["Facts"] * facts + ["Suggestion"] * suggestions
    rows = [
        f'<tr><td><span class="sev {v.severity.label}">{v.severity.label}</span></td>'
        f"<td>{_text(v.subject or '—')}</td><td>{_text(v.message)}</td>"
        + (f"<td>{_facts(v.facts)}</td>" if facts else "")
        + (f"<td>{_text(v.suggestion or '')}</td>" if suggestions else "")
        + "</tr>"
        for v in shown
    ]
    table = _table("violations", head, rows)
    if len(violations) > limit:
        table += f'<p class="more muted">… and {len(violations) - limit:,} more, not shown.</p>'
    return table


def _violation_groups(report: Report, limit: int, opened: bool) -> str:
    found: dict[str, list[Violation]] = {}
    for violation in report.violations:
        found.setdefault(violation.rule_id, []).append(violation)
    out = []
    for rule_id, counts in report.by_rule().items():
        area = rule_area(rule_id)
        out.append(
            f'<details class="rule" id="rule-{_text(rule_id)}"{" open" if opened else ""}>'
            f"<summary><code>{_text(rule_id)}</code>{' · ' + _text(area) if area else ''} — "
            f"{_plural(sum(counts.values()), 'violation')} {_severities(counts)}</summary>"
            f"{_violation_rows(found[rule_id], limit)}</details>"
        )
    return "".join(out)


def _rule_chart(report: Report) -> str:
    order = sorted(Severity)
    rows = [
        (rule_id, tuple(counts.get(s, 0) for s in order))
        for rule_id, counts in report.by_rule().items()
    ]
    return svg.stacked_bars("Violations by rule and severity", rows, svg.SEVERITY_SERIES)


# -- inputs and the rest ---------------------------------------------------------------------


def _inputs(report: Report, limit: int) -> str:
    if not report.inputs and not report.rejected:
        return '<p class="muted">No inputs were recorded.</p>'
    rows = [
        f"<tr><td>{_text(i.name)}</td><td>{_text(i.source or '—')}</td>"
        f'<td class="num">{i.records:,}</td>'
        f'<td class="num"><span{_BAD if i.rejected else ""}>{i.rejected:,}</span></td></tr>'
        for i in report.inputs
    ]
    numbers = ["Records read", "Rejected"]
    out = _table("inputs", ["Input", "Source", *numbers], rows, numbers)
    if report.rejected:
        items = "".join(f"<li><code>{_text(line)}</code></li>" for line in report.rejected[:limit])
        more = len(report.rejected) - limit
        tail = f'<p class="muted">… and {more:,} more.</p>' if more > 0 else ""
        out += (
            f"<details{' open' if len(report.rejected) <= 20 else ''}><summary>"
            f"{_plural(len(report.rejected), 'rejected row')}</summary>"
            f"<ul>{items}</ul>{tail}</details>"
        )
    return out


def _not_checked(report: Report) -> str:
    lines = [
        *(f"plugin failed: {failure}" for failure in report.plugin_failures),
        *report.not_checked,
        *(f"note: {note}" for note in report.notes),
    ]
    if not lines:
        return '<p class="muted">Nothing was reported as not checked.</p>'
    return "<ul>" + "".join(f"<li>{_text(line)}</li>" for line in lines) + "</ul>"


def _version() -> str:
    import servicepolicy

    return servicepolicy.__version__


def render_html(report: Report, *, max_rows: int = MAX_ROWS) -> str:
    """``report`` as a self-contained HTML page: a banner, the KPIs against their targets
    (a chart and a table), the SLA breaches over time and by kind, tier and metric, the
    violations by rule (a chart, then each rule's violations with their facts and
    suggestions, at most ``max_rows`` per rule), what was read and rejected, and what was
    not checked.

    .. versionadded:: 0.1.0
    """
    days = [(d.day, d.clocks, d.breached) for d in report.sla_days]
    title = f"servicepolicy report: {report.policy} at {report.now.isoformat(timespec='minutes')}"
    sections = [
        ("kpis", "KPIs against their targets", _kpi_chart(report.kpis) + _kpi_table(report.kpis)),
        (
            "sla",
            "SLA breaches",
            svg.day_columns("SLA clocks due and breached over time", days) + _sla_table(report),
        ),
        (
            "violations",
            "Violations by rule",
            _rule_chart(report)
            + _violation_groups(report, max_rows, len(report.violations) <= _OPEN_LIMIT),
        ),
        ("inputs", "What was read", _inputs(report, max_rows)),
        ("not-checked", "What was not checked", _not_checked(report)),
    ]
    nav = "".join(f'<a href="#{key}">{heading}</a>' for key, heading, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{heading}</h2>{content}</section>'
        for key, heading, content in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="servicepolicy {_version()}">'
        f"<title>{escape(title)}</title><style>{_PAGE_CSS}{_CSS}</style></head>"
        f'<body><main class="sp-report">{_banner(report)}<nav>{nav}</nav>{body}'
        f"<footer>Generated by servicepolicy {_version()} (report format "
        f"<code>{REPORT_FORMAT}</code>). Every violation, with its facts, is in the JSON "
        "report: <code>servicepolicy check … --format json</code>.</footer></main></body></html>\n"
    )


def notebook_html(report: Report, *, max_rows: int = 5) -> str:
    """The notebook view of ``report`` (its ``_repr_html_``): the banner, the KPIs against
    their targets, the violations grouped by rule (the first ``max_rows`` of each), and
    a hint to :meth:`~servicepolicy.report.Report.to_frame` for the rest.

    .. versionadded:: 0.1.0
    """
    parts = [_banner(report)]
    if report.kpis:
        parts.append(_kpi_table(report.kpis))
    if report.violations:
        parts.append(_violation_groups(report, max_rows, True))
    if report.not_checked:
        parts.append(f"<p><b>Not checked:</b> {_text('; '.join(report.not_checked))}</p>")
    parts.append(
        '<p class="muted">All rows as DataFrames: <code>report.to_frame()</code> (violations), '
        '<code>report.to_frame("kpis")</code>, <code>report.to_frame("sla")</code>.</p>'
    )
    return f'<div class="sp-report"><style>{_CSS}</style>{"".join(parts)}</div>'
