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

The page reads top down in the order a team leader acts: the verdict and what needs
doing first; the violations by severity and rule, each rule with its title and text from
the catalogue and each violation with its local time, what to do (addressed to the role
that acts) and its source record; roll-ups per team, agent and customer tier; the KPIs
(missed first); the SLA picture (rows without breaches folded away); what was read and
rejected; what was not checked.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape

from servicepolicy.report import svg
from servicepolicy.report._html_parts import (
    _BAD,
    _CSP,
    _CSS,
    _PAGE_CSS,
    RULE_AREAS,
    _inputs,
    _kpi_chart,
    _kpi_table,
    _not_checked,
    _plural,
    _severities,
    _sla_by_tier,
    _sla_table,
    _table,
    _text,
    rule_area,
)
from servicepolicy.report.context import Context, local
from servicepolicy.report.report import REPORT_FORMAT, Report
from servicepolicy.rules import Severity, Violation

__all__ = [
    "MAX_ROWS",
    "OPEN_BELOW",
    "ROLES",
    "RULE_AREAS",
    "advice",
    "notebook_html",
    "render_html",
    "rule_area",
]

MAX_ROWS = 200
"""The violations shown per rule (and rejected rows shown) on the page; the rest are
counted, and listed in full by the JSON report."""

OPEN_BELOW = 50
"""Below this many violations, every rule's group is open (and prints so)."""

_TODO = 6  # lines of "what needs doing first"
_AGENTS = 15  # agents in the roll-up; the rest are counted

ROLES = {
    "ATT": "team leader",
    "CAD": "team leader",
    "CONF": "department head",
    "ESC": "team leader",
    "KPI": "team leader",
    "LEAVE": "employee",
    "QA": "team leader",
    "SLA": "agent",
    "SWAP": "employee",
    "TKT": "agent",
    "WAIVER": "team leader",
}
"""The role that acts on a violation of each rule-ID prefix when its suggestion does not
say: the agent owns a ticket (TKT-5); the employee who asked mends a leave or swap
request (LEAVE-5, SWAP-5); the team leader watches attendance, KPIs and cadences;
confidentiality is the department head's."""


def advice(violation: Violation) -> str:
    """The violation's suggestion addressed to the role that acts: as written when it
    names one (``"agent: reply now"``), else prefixed by the rule's :data:`ROLES` entry.

    >>> from servicepolicy.rules import Violation, Severity
    >>> advice(Violation("SWAP-5", Severity.ERROR, "not approved", "A-1", suggestion="ask TL-3"))
    'employee: ask TL-3'
    """
    text = violation.suggestion or ""
    if not text:
        return ""
    head = text.partition(":")[0].strip().lower()
    if head in {*ROLES.values(), "agent", "employee", "centre head", "management"} or any(
        head.endswith(role) for role in ("leader", "head", "manager", "agent")
    ):
        return text
    role = ROLES.get(violation.rule_id.partition("-")[0], "team leader")
    return f"{role}: {text}"


# -- the verdict and what needs doing ------------------------------------------------------


def _when(report: Report) -> str:
    zone = f" ({report.tz})" if report.tz else ""
    return f"<time>{_text(local(report.now, report.tz))}</time>{_text(zone)}"


def _banner(report: Report) -> str:
    why = [_plural(len(report.errors), "error")] if report.errors else []
    why += [_plural(len(report.kpis_missed), "KPI") + " missed"] if report.kpis_missed else []
    why += [_plural(len(report.plugin_failures), "plugin") + " failed"] * bool(
        report.plugin_failures
    )
    counts = [_plural(len(report.violations), "violation")]
    counts[0] += " " + _severities(Counter(v.severity for v in report.violations))
    if report.waived:
        counts.append(f"{len(report.waived):,} waived (not counted)")
    if report.kpis:
        met = sum(1 for row in report.kpis if row.met is True)
        counts.append(f"KPIs: {len(report.kpis_missed)} missed, {met} met of {len(report.kpis)}")
    if report.sla:
        clocks, breached = report.clocks
        counts.append(f"SLA: {breached:,} of {_plural(clocks, 'clock')} breached")
    if report.inputs:
        read = _plural(sum(i.records for i in report.inputs), "record")
        counts.append(f"read: {read}, {sum(i.rejected for i in report.inputs):,} rejected")
    if report.not_checked:
        counts.append(f"not checked: {len(report.not_checked)}")
    verdict = "OK" if report.ok else "NOT OK"
    return (
        f'<header class="banner verdict {"ok" if report.ok else "fail"}" id="verdict"><h1>Policy '
        f"<code>{_text(report.policy)}</code></h1>"
        f'<div><span class="status">{verdict}</span>'
        f"{' — ' + escape(', '.join(why)) if why else ''} · checked at {_when(report)}</div>"
        f'<ul class="counts">{"".join(f"<li>{c}</li>" for c in counts)}</ul>'
        f"{_todo(report)}</header>"
    )


def _by_rule(report: Report) -> list[tuple[str, list[int]]]:
    """Rule IDs with the positions of their violations, the gravest rules first (then
    the most violations, then rule order)."""
    found: dict[str, list[int]] = {}
    for at, violation in enumerate(report.violations):
        found.setdefault(violation.rule_id, []).append(at)
    order = list(report.by_rule())
    return sorted(
        found.items(),
        key=lambda item: (
            -max(report.violations[i].severity for i in item[1]),
            -len(item[1]),
            order.index(item[0]),
        ),
    )


def _todo(report: Report) -> str:
    """What needs doing first: plugin failures, then the gravest rules (with what to do
    about them), missed KPIs and rejected rows."""
    items = [f"Fix the failed plugin: {_text(failure)}" for failure in report.plugin_failures]
    for rule_id, positions in _by_rule(report):
        first = report.violations[positions[0]]
        if first.severity < Severity.WARNING and items:
            continue
        what = advice(first)
        items.append(
            f'<a href="#rule-{_text(rule_id)}"><code>{_text(rule_id)}</code></a> '
            f"{_text(report.title(rule_id))}: {_plural(len(positions), 'case')}"
            + (f' — <span class="who">{_text(what)}</span>' if what else "")
        )
    items += [
        f"{_text(row.name)} missed its target: {_text(row.verdict())}" for row in report.kpis_missed
    ]
    if report.rejected:
        items.append(f'{_plural(len(report.rejected), "input row")} rejected: <a href="#inputs">'
                     "correct them and check again</a>")  # fmt: skip
    if not items:
        return '<p class="muted">Nothing needs doing.</p>'
    more = len(items) - _TODO
    tail = f'<li class="muted">… and {more} more below</li>' if more > 0 else ""
    lines = "".join(f"<li>{item}</li>" for item in items[:_TODO])
    return f'<p><b>What needs doing first</b></p><ol class="todo">{lines}{tail}</ol>'


# -- violations ------------------------------------------------------------------------------


def _facts(facts: Mapping[str, object]) -> str:
    if not facts:
        return ""
    items = "".join(f"<li><b>{_text(k)}</b> {_text(v)}</li>" for k, v in facts.items())
    return f'<ul class="facts">{items}</ul>'


def _who(context: Context) -> str:
    people = [p for p in (context.agent, context.team) if p]
    return _text(" · ".join(people)) if people else "—"


def _violation_rows(
    report: Report, positions: Sequence[int], contexts: Sequence[Context], limit: int
) -> str:
    shown = positions[:limit]
    head = ["Severity", "Subject", "Agent · team", "When", "Message", "What to do", "Source"]
    rows = []
    for at in shown:
        v, c = report.violations[at], contexts[at]
        when = local(c.at, report.tz) if c.at is not None else "—"
        due = f'<br><span class="src">due {_text(local(c.due, report.tz))}</span>' if (
            c.due is not None and c.due != c.at
        ) else ""  # fmt: skip
        rows.append(
            f'<tr class="violation"><td><span class="sev {v.severity.label}">'
            f"{v.severity.label}</span></td><td><code>{_text(v.subject or '—')}</code></td>"
            f'<td>{_who(c)}</td><td class="when">{_text(when)}{due}</td>'
            f"<td>{_text(v.message)}{_facts(v.facts)}</td><td>{_text(advice(v))}</td>"
            f'<td class="src">{_text(c.source or "—")}</td></tr>'
        )
    table = _table("violations", head, rows)
    if len(positions) > limit:
        table += f'<p class="more muted">… and {len(positions) - limit:,} more, not shown.</p>'
    return table


def _violation_groups(report: Report, limit: int, opened: bool) -> str:
    contexts = report.context or (Context(),) * len(report.violations)
    out = []
    for rule_id, positions in _by_rule(report):
        counts = Counter(report.violations[i].severity for i in positions)
        positions = sorted(positions, key=lambda i: -report.violations[i].severity)
        rule = report.rule(rule_id)
        text = f'<p class="rule-text">{_text(rule.text)}</p>' if rule is not None else ""
        out.append(
            f'<details class="rule" id="rule-{_text(rule_id)}"{" open" if opened else ""}>'
            f'<summary><code>{_text(rule_id)}</code> <span class="title">'
            f"{_text(report.title(rule_id))}</span> — "
            f"{_plural(len(positions), 'violation')} {_severities(counts)}</summary>"
            f"{text}{_violation_rows(report, positions, contexts, limit)}</details>"
        )
    return "".join(out) or '<p class="muted">No violations.</p>'


def _waived(report: Report) -> str:
    if not report.waived:
        return ""
    rows = [
        f"<tr><td><code>{_text(w.violation.rule_id)}</code></td>"
        f"<td><code>{_text(w.violation.subject or '—')}</code></td>"
        f"<td>{_text(w.violation.message)}</td><td>{_text(w.reason)}</td>"
        f'<td class="nw">{_text(w.expires or "—")}</td></tr>'
        for w in report.waived
    ]
    head = ["Rule", "Subject", "Message", "Waiver", "Until"]
    return (
        f"<details><summary>{_plural(len(report.waived), 'waived violation')} (listed, not "
        f"counted)</summary>{_table('waived', head, rows)}</details>"
    )


def _rule_chart(report: Report) -> str:
    order = sorted(Severity)
    rows = [
        (rule_id, tuple(counts.get(s, 0) for s in order))
        for rule_id, counts in report.by_rule().items()
    ]
    return svg.stacked_bars("Violations by rule and severity", rows, svg.SEVERITY_SERIES)


# -- roll-ups --------------------------------------------------------------------------------


def _rollup(report: Report, by: str, heading: str, limit: int | None = None) -> str:
    counts = report.rollup(by)
    if not counts or set(counts) == {"—"}:
        return ""
    items = list(counts.items())
    rows = [
        f'<tr><td>{_text(key)}</td><td class="num">{sum(c.values()):,}</td>'
        f'<td class="num"><span{_BAD if c[Severity.ERROR] + c[Severity.CRITICAL] else ""}>'
        f"{c[Severity.ERROR] + c[Severity.CRITICAL]:,}</span></td><td>{_severities(c)}</td></tr>"
        for key, c in items[:limit]
    ]
    more = len(items) - limit if limit is not None and len(items) > limit else 0
    tail = f'<p class="muted">… and {more} more.</p>' if more else ""
    head = [heading, "Violations", "Errors", "By severity"]
    table = _table(f"rollup {by}", head, rows, ["Violations", "Errors"])
    return f"<div><h3>Per {heading.lower()}</h3>{table}{tail}</div>"


def _rollups(report: Report) -> str:
    parts = [
        _rollup(report, "team", "Team"),
        _rollup(report, "agent", "Agent", _AGENTS),
        _rollup(report, "tier", "Tier"),
    ]
    if report.sla:
        parts.append(f"<div><h3>SLA clocks per customer tier</h3>{_sla_by_tier(report)}</div>")
    found = "".join(parts)
    if not found:
        return '<p class="muted">The violations name no team, agent or tier.</p>'
    return f'<div class="rollups">{found}</div>'


def _version() -> str:
    import servicepolicy

    return servicepolicy.__version__


def render_html(report: Report, *, max_rows: int = MAX_ROWS) -> str:
    """``report`` as a self-contained HTML page, in the order of the module: verdict and
    what needs doing, violations by severity and rule (at most ``max_rows`` per rule; all
    groups open below ``OPEN_BELOW`` violations), roll-ups per team, agent and tier,
    KPIs (missed first), SLA, inputs and rejected rows, what was not checked.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The order, rule titles and texts, local times, sources, roll-ups, waivers.
    """
    days = [(d.day, d.clocks, d.breached) for d in report.sla_days]
    title = f"servicepolicy report: {report.policy} at {local(report.now, report.tz)}"
    opened = len(report.violations) < OPEN_BELOW
    clocks, breached = report.clocks
    due = sum(d.clocks for d in report.sla_days)
    sla_note = (
        f'<p class="muted">{breached:,} of {clocks:,} clocks breached; {due:,} of the '
        f"{clocks:,} had fallen due by the check (the chart), the rest are open.</p>"
        if report.sla
        else ""
    )
    sections = [
        (
            "violations",
            "Violations by severity and rule",
            _violation_groups(report, max_rows, opened) + _waived(report) + _rule_chart(report),
        ),
        ("rollups", "Who it concerns", _rollups(report)),
        ("kpis", "KPIs against their targets", _kpi_table(report.kpis) + _kpi_chart(report.kpis)),
        (
            "sla",
            "SLA picture",
            sla_note
            + _sla_table(report)
            + svg.day_columns("SLA clocks due and breached over time", days),
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
    """The notebook view of ``report`` (its ``_repr_html_``): the verdict and what needs
    doing, the violations by rule (the first ``max_rows`` of each), the KPIs (missed
    first), and a hint to :meth:`~servicepolicy.report.Report.to_frame` for the rest.
    Styled so that Jupyter's table defaults (right-aligned cells) do not apply.

    .. versionadded:: 0.1.0
    """
    parts = [_banner(report)]
    if report.violations:
        parts.append(_violation_groups(report, max_rows, True))
    if report.kpis:
        parts.append(_kpi_table(report.kpis))
    if report.not_checked:
        parts.append(f"<p><b>Not checked:</b> {_text('; '.join(report.not_checked))}</p>")
    parts.append(
        '<p class="muted">All rows as DataFrames: <code>report.to_frame()</code> (violations, '
        'with team, agent, at, source columns), <code>report.to_frame("kpis")</code>, '
        '<code>report.to_frame("sla")</code>, <code>report.to_frame("rejected")</code>.</p>'
    )
    return f'<div class="sp-report"><style>{_CSS}</style>{"".join(parts)}</div>'
