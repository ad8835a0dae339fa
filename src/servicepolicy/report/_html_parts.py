"""The parts of the HTML report that are tables and charts of figures: the style, the
KPIs against their targets, the SLA outcomes, the inputs read and what was not checked.

Private to :mod:`servicepolicy.report.html`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from servicepolicy.kpi.targets import exact, format_value
from servicepolicy.report import svg
from servicepolicy.report.report import Report
from servicepolicy.rules import Severity

if TYPE_CHECKING:
    from servicepolicy.kpi import KpiRow
    from servicepolicy.sla import BreachRate

_KPI_BARS = 30  # bars per KPI chart panel (the groups furthest from target); the table has all

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
 vertical-align:top}.sp-report td code{overflow-wrap:normal}.sp-report .nw{white-space:nowrap}
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
.sp-report ul.facts{margin:2px 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;
 gap:0 12px;font-size:12px;color:#57606a}
.sp-report table.violations td:nth-child(1){width:64px}.sp-report td.when{min-width:96px}
.sp-report code{font-family:ui-monospace,"Liberation Mono",monospace;font-size:13px}
.sp-report svg.chart{width:100%;max-width:1040px;height:auto;display:block;margin:8px 0 16px}
.sp-report footer{margin-top:32px;color:#57606a;font-size:12px}
.sp-report .todo{margin:6px 0 0 18px;padding:0}.sp-report .todo li{margin:2px 0}
.sp-report p.rule-text{margin:4px 0 8px;color:#3d444d;max-width:900px}
.sp-report .who{font-weight:600}.sp-report .src{font-size:12px;color:#57606a}
.sp-report .rollups{display:flex;flex-wrap:wrap;gap:0 24px}.sp-report .rollups>div{flex:1 1 300px}
.sp-report h3{font-size:15px;margin:14px 0 4px}
.sp-report table,.sp-report th,.sp-report td{text-align:left!important}
.sp-report td.num,.sp-report th.num{text-align:right!important}
.sp-report td code{word-break:keep-all}.sp-report table.kpis td code{overflow-wrap:anywhere}
.jp-RenderedHTMLCommon .sp-report table,.rendered_html .sp-report table{table-layout:auto;
 display:table;font-size:13px}
.jp-RenderedHTMLCommon .sp-report td,.rendered_html .sp-report td,.jp-RenderedHTMLCommon
 .sp-report th,.rendered_html .sp-report th{text-align:left;white-space:normal;max-width:none}
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


# -- KPIs ------------------------------------------------------------------------------------


def _kpi_table(kpis: Sequence[KpiRow]) -> str:
    if not kpis:
        return ""
    grouped = any(row.group for row in kpis)
    head = ["Group"] if grouped else []
    head += ["KPI", "Rule", "Variant", "Value", "Target", "Verdict"]
    lines = []
    for row in sorted(kpis, key=lambda r: {False: 0, True: 1, None: 2}[r.met]):
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


def _sla_line(r: BreachRate) -> str:
    open_ = r.clocks - r.breached - r.met
    rate = f"{r.rate:.1%}" if r.clocks else "—"
    return (
        f"<tr><td>{_text(r.kind)}</td><td>{_text(r.tier or '—')}</td>"
        f'<td><code>{_text(r.metric)}</code></td><td class="num">{r.clocks:,}</td>'
        f'<td class="num"><span{_BAD if r.breached else ""}>{r.breached:,}</span> '
        f'<span class="muted">({rate})</span></td><td class="num">{r.met:,}</td>'
        f'<td class="num">{open_:,}</td></tr>'
    )


def _sla_table(report: Report) -> str:
    """Kinds, tiers and metrics with breaches, the most first; those without any folded
    into a closed list below."""
    if not report.sla:
        return ""
    numbers = ["Clocks", "Breached", "Met", "Open"]
    head = ["Kind", "Tier", "Metric", *numbers]
    rates = sorted(report.sla, key=lambda rate: rate.sort_key())
    breached = sorted((r for r in rates if r.breached), key=lambda r: -r.breached)
    clean = [r for r in rates if not r.breached]
    out = _table("sla", head, map(_sla_line, breached), numbers) if breached else ""
    if clean:
        clocks = sum(r.clocks for r in clean)
        out += (
            f'<details class="clean"><summary>{_plural(len(clean), "row")} without breaches '
            f"({clocks:,} clocks)</summary>{_table('sla', head, map(_sla_line, clean), numbers)}"
            "</details>"
        )
    return out


def _sla_by_tier(report: Report) -> str:
    """SLA clocks and breaches per customer tier (the roll-up per tier)."""
    tiers: dict[str, list[int]] = {}
    for r in report.sla:
        counts = tiers.setdefault(r.tier or "—", [0, 0])
        counts[0] += r.clocks
        counts[1] += r.breached
    rows = [
        f'<tr><td>{_text(tier)}</td><td class="num">{clocks:,}</td>'
        f'<td class="num"><span{_BAD if breached else ""}>{breached:,}</span></td></tr>'
        for tier, (clocks, breached) in sorted(tiers.items(), key=lambda t: -t[1][1])
    ]
    return _table("tiers", ["Tier", "Clocks", "Breached"], rows, ["Clocks", "Breached"])


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
