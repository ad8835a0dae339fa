"""The HTML renderings of a report (servicepolicy.report.html and .svg): the page, the
notebook view, the SVG charts, escaping, empty and big reports, and what headless Chromium
actually renders of a realistic report."""

from __future__ import annotations

import html
import itertools
import json
import math
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.kpi import KpiRow, Target
from servicepolicy.report import InputSummary, Report, SlaDay, svg
from servicepolicy.report.html import notebook_html, render_html, rule_area
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import BreachRate, Metric

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=SH)
CHROMIUM = "/usr/bin/chromium"
XSS = "<script>alert('x')</script>"


# -- building reports by hand --------------------------------------------------------------


def kpi(
    name: str,
    rule_id: str,
    variant: str,
    unit: str,
    value: Fraction | None,
    target: Target | None,
    **group: object,
) -> KpiRow:
    """A KPI row as the KPI module would build it: met and shortfall from the target."""
    met = shortfall = None
    if target is not None and value is not None:
        met, shortfall = target.met(value), target.shortfall(value)
    return KpiRow(
        group, name, rule_id, variant, unit, value, target, met, shortfall,
        numerator=412, denominator=515, counts={"A": 412, "Ab": 31}, components={},
        parameters={},
    )  # fmt: skip


def realistic_report() -> Report:
    """A month of a call centre: 44 violations in 6 rules, 10 KPI rows (met, missed, no
    target, no data), SLA outcomes, 29 SLA days with a gap, inputs with rejected rows."""
    violations = [
        *(
            Violation(
                "SWAP-1",
                Severity.ERROR,
                f"3 swaps in 2026-11 exceed the limit of 2 (agent {n})",
                f"agent-{n}",
                {"swaps": 3, "limit": 2, "month": "2026-11"},
                "refuse the third swap or move it to 2026-12",
            )
            for n in range(5)
        ),
        *(
            Violation(
                "LEAVE-2",
                Severity.WARNING,
                "annual leave requested 2 days ahead; the lead time is 5 working days",
                f"agent-{n}",
                {"requested": date(2026, 11, n + 1), "lead_days": 5},
            )
            for n in range(8)
        ),
        *(
            Violation(
                "SLA-1",
                Severity.ERROR if n % 3 else Severity.WARNING,
                f"resolution due {NOW - timedelta(days=n):%Y-%m-%d %H:%M} was missed by {n + 1} h",
                f"T-2026-{1000 + n}",
                {"kind": "complaint", "tier": "key", "late_hours": n + 1},
                "escalate to the team lead (ESC-1)",
            )
            for n in range(15)
        ),
        Violation("ESC-3", Severity.CRITICAL, "safety complaint not escalated within 1 h", "T-9"),
        Violation("ESC-3", Severity.CRITICAL, "outage not escalated to the centre head", "INC-2"),
        *(
            Violation("ATT-1", Severity.INFO, "arrived 5 minutes before roll call", f"agent-{n}")
            for n in range(12)
        ),
        Violation("TKT-5", Severity.WARNING, "handed over without a note", XSS, {XSS: XSS}, XSS),
    ]
    at_least_80 = Target.at_least("80%")
    aht = Target.within(210, 330)
    kpis = [
        *(
            kpi("service_level", "KPI-2", "A_T/(A+Ab)", "ratio", v, at_least_80, month="2026-11",
                team=t)
            for t, v in (("T1", Fraction(84, 100)), ("T2", Fraction(72, 100)),
                         ("T3", Fraction(4, 5)))
        ),
        *(
            kpi("average_handle_time", "KPI-3", "(talk+hold+acw)/A", "seconds", v, aht,
                month="2026-11", team=t)
            for t, v in (("T1", Fraction(250)), ("T2", Fraction(345)), ("T3", Fraction(200)))
        ),
        kpi("average_queue_time", "KPI-5", "(wait_A+wait_Ab)/(A+Ab)", "seconds", Fraction(18),
            Target.at_most(20), month="2026-11"),
        kpi("abandon_rate", "KPI-1", "Ab/N", "ratio", Fraction(6, 100), None, month="2026-11"),
        kpi("first_contact_resolution", "KPI-7", "agent_flag", "ratio", None,
            Target.at_least("85%"), month="2026-11"),
        kpi("nps", "KPI-8", "promoters-detractors", "points", Fraction(-12), None,
            month="2026-11"),
    ]  # fmt: skip
    sla = [
        BreachRate(kind, tier, metric, clocks, breached, clocks - breached - 2)
        for kind, tier, metric, clocks, breached in (
            ("complaint", "key", Metric.FIRST_RESPONSE, 120, 3),
            ("complaint", "key", Metric.RESOLUTION, 118, 11),
            ("complaint", "general", Metric.RESOLUTION, 260, 9),
            ("inquiry", None, Metric.FIRST_RESPONSE, 1480, 0),
        )
    ]
    days = [
        SlaDay(date(2026, 11, d), 40 + (d * 7) % 30, (d * 5) % 7)
        for d in range(1, 31)
        if d != 15  # a day without clocks: a gap on the chart
    ]
    return Report(
        policy="callcentre",
        now=NOW,
        violations=violations,
        kpis=kpis,
        sla=sla,
        sla_days=days,
        inputs=[
            InputSummary("tickets", 1240, 3, "tickets.jsonl"),
            InputSummary("calls", 18500, 0, "calls.csv"),
            InputSummary("roster", 42, 0, "roster.csv"),
        ],
        rejected=[
            "tickets.jsonl: line 9: 'opened' is not an ISO 8601 instant",
            "tickets.jsonl: line 88: unknown kind 'complain'",
            f"tickets.jsonl: line 120: unknown tier {XSS!r}",
        ],
        not_checked=("QA-1: no inspection records given",),
    )


EMPTY = Report("callcentre", NOW)


def count(page: str, css: str, tag: str = r"\w+") -> int:
    """How many elements of ``tag`` carry the class ``css``."""
    return len(re.findall(rf'<{tag}\b[^>]*\bclass="(?:[^"]* )?(?:{css})(?: [^"]*)?"', page))


def svg_of(page: str, kind: str) -> str:
    """The one chart of ``kind`` in ``page``."""
    found = re.findall(rf'<svg class="chart {kind}".*?</svg>', page, re.S)
    assert len(found) == 1, kind
    return found[0]


class Balance(HTMLParser):
    """Checks that every non-void element is closed, in order."""

    VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"]
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def balanced(page: str) -> None:
    parser = Balance()
    parser.feed(page)
    parser.close()
    assert parser.stack == []


def text_of(page: str) -> str:
    """The page's text, tags removed, entities kept."""
    return re.sub(r"<[^>]+>", " ", page)


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit PNG (greyscale,
    RGB, grey+alpha or RGBA, not interlaced): enough to see what Chromium painted."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, [], b""
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        chunk = data[at + 8 : at + 8 + length]
        assert zlib.crc32(kind + chunk) == struct.unpack(">I", data[at + 8 + length :][:4])[0]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat.append(chunk)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour in (0, 2, 4, 6), (depth, colour, interlace)
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    rows, previous = [], bytes(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + (left + previous[i]) // 2) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        previous = bytes(line)
        rows.append(previous)
    return width, height, bpp, rows


def colours(rows: list[bytes], bpp: int) -> set[bytes]:
    """The distinct RGB colours of the rows."""
    found: set[bytes] = set()
    for row in rows:
        found.update(row[i : i + 3] for i in range(0, len(row), bpp))
    return found


# -- the page --------------------------------------------------------------------------------


def test_page_is_self_contained() -> None:
    """No script, stylesheet link, image, font or URL to fetch; a policy forbids loading
    anything; the only links are anchors within the page."""
    page = render_html(realistic_report())
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for needle in ("<script", "<link", "<img", "@import", "url(", "@font-face"):
        assert needle not in page, needle
    links = set(re.findall(r'\b(?:href|src)="([^"]*)"', page))
    assert {link for link in links if not link.startswith("#rule-")} == {
        "#kpis", "#sla", "#violations", "#rollups", "#inputs", "#not-checked"
    }  # fmt: skip
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}


def test_page_and_notebook_are_well_formed() -> None:
    """Every element is closed, in order, for a realistic, an empty and a big report."""
    for report in (realistic_report(), EMPTY, big_report()):
        balanced(render_html(report))
        balanced(notebook_html(report))


def xss_report() -> Report:
    """A report whose every text is markup."""
    return Report(
        policy=XSS,
        now=NOW,
        violations=[Violation("SWAP-1", Severity.ERROR, XSS, XSS, {XSS: XSS}, XSS)],
        kpis=[kpi(XSS, "KPI-2", XSS, "ratio", Fraction(1, 2), Target.at_least("80%"), team=XSS)],
        sla=[BreachRate(XSS, XSS, Metric.RESOLUTION, 3, 1, 2)],
        sla_days=[SlaDay(date(2026, 11, 3), 3, 1)],
        inputs=[InputSummary(XSS, 3, 1, XSS)],
        rejected=[XSS],
        not_checked=[XSS],
    )


@pytest.mark.parametrize("render", [render_html, notebook_html])
def test_every_text_is_escaped(render: Callable[[Report], str]) -> None:
    """A subject, message, fact, suggestion, KPI, group, SLA kind, input, rejected row,
    not-checked reason or policy name holding ``<script>`` is shown as text, never as
    markup."""
    for report in (xss_report(), realistic_report()):
        page = render(report)
        assert "<script" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    page = render(xss_report())
    escaped = page.count("&lt;script&gt;")
    # policy, subject, message, fact key and value, suggestion, KPI name, variant, group...
    assert escaped >= (14 if render is render_html else 8), escaped


def test_banner_says_what_was_found() -> None:
    """The banner names the policy and instant, says NOT OK and why, and counts
    violations by severity, KPIs met, SLA clocks breached and what was read."""
    page = render_html(realistic_report())
    banner = text_of(re.search(r"<header.*?</header>", page, re.S).group(0))  # type: ignore[union-attr]
    words = " ".join(banner.split())
    for expected in (
        "Policy callcentre",
        "NOT OK — 17 errors, 3 KPIs missed",
        "checked at 2026-12-01 09:00 +08:00",
        "43 violations 2 critical 15 error 14 warning 12 info",
        "KPIs: 3 missed, 4 met of 10",
        "SLA: 23 of 1,978 clocks breached",
        "read: 19,782 records, 3 rejected",
        "not checked: 1",
    ):
        assert expected in words, (expected, words)
    assert '<header class="banner verdict fail" id="verdict">' in page
    assert '<header class="banner verdict ok" id="verdict">' in render_html(EMPTY)


def test_empty_report() -> None:
    """An empty report renders: OK, no violations, and each chart says it has no data."""
    page = render_html(EMPTY)
    assert "OK" in text_of(page) and "0 violations" in page
    for kind, message in (
        ("kpis", "No KPI figures in this report."),
        ("sla-days", "No SLA clocks fell due in this report."),
        ("by-rule", "No violations in this report."),
    ):
        chart = svg_of(page, kind)
        assert 'class="empty"' in chart and message in chart
        assert count(chart, "bar|clocks|seg") == 0
    assert "<table" not in page and "<details" not in page
    assert "Nothing was reported as not checked." in page


def big_report(per_rule: int = 3000) -> Report:
    """Thousands of violations: ``per_rule`` SLA-1 errors and twice as many SWAP-2
    warnings, plus one ESC-1."""
    violations = [
        Violation("SLA-1", Severity.ERROR, f"resolution missed by {n} min", f"T-{n}", {"n": n})
        for n in range(per_rule)
    ]
    violations += [
        Violation("SWAP-2", Severity.WARNING, "swap not approved", f"agent-{n}")
        for n in range(2 * per_rule)
    ]
    violations.append(Violation("ESC-1", Severity.CRITICAL, "not escalated", "T-1"))
    return Report("callcentre", NOW, violations=violations)


def test_big_report_caps_the_rows_shown_per_rule() -> None:
    """Thousands of violations: at most ``max_rows`` rows per rule, the number left out
    said, the groups closed, the chart counting them all."""
    page = render_html(big_report())
    groups = re.findall(r'<details class="rule".*?</details>', page, re.S)
    rows = [g.count('<tr class="violation">') for g in groups]
    assert rows == [1, 200, 200]  # ESC-1 (critical), then SLA-1 and SWAP-2
    assert (
        {"… and 5,800 more, not shown.", "… and 2,800 more, not shown."}
        == {
            re.search(r"… and [\d,]+ more, not shown\.", g).group(0)  # type: ignore[union-attr]
            for g in groups[1:]
        }
    )
    assert all('<details class="rule" id="rule-' in g and " open>" not in g for g in groups)
    chart = svg_of(page, "by-rule")
    assert re.findall(r'<text class="value"[^>]*>(\d+)</text>', chart) == ["1", "3000", "6000"]
    assert len(page) < 600_000
    small = render_html(big_report(), max_rows=10)
    assert "… and 2,990 more, not shown." in small


def test_small_reports_open_every_group() -> None:
    """Below OPEN_BELOW violations, every rule's group is open (so that it prints)."""
    page = render_html(realistic_report())
    assert page.count('<details class="rule"') == 6
    assert len(re.findall(r'<details class="rule" id="rule-[\w-]+" open>', page)) == 6


def test_violations_grouped_by_rule() -> None:
    """A group per rule, the gravest rules first (then the most violations), its summary
    with the rule's title and counting by severity, the most severe first, the rule's text,
    facts and suggestions (addressed to a role) shown."""
    page = render_html(realistic_report())
    ids = re.findall(r'<details class="rule" id="rule-([\w-]+)"', page)
    assert ids == ["ESC-3", "SLA-1", "SWAP-1", "LEAVE-2", "TKT-5", "ATT-1"]
    sla = re.search(r'id="rule-SLA-1".*?</details>', page, re.S).group(0)  # type: ignore[union-attr]
    assert '<code>SLA-1</code> <span class="title">Each ticket kind has response' in sla
    assert "— 15 violations" in sla and '<p class="rule-text">Each ticket kind' in sla
    assert (
        '<span class="sev error">10 error</span> <span class="sev warning">5 warning</span>' in sla
    )
    severities = re.findall(r'<td><span class="sev (\w+)">', sla)
    assert severities == ["error"] * 10 + ["warning"] * 5
    assert "<b>late_hours</b> 3" in sla and "agent: escalate to the team lead (ESC-1)" in sla
    leave = re.search(r'id="rule-LEAVE-2".*?</details>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "<b>requested</b> 2026-11-03" in leave


def test_kpi_table_against_targets() -> None:
    """A row per KPI figure: group, KPI, rule, variant, value, target, and met or missed
    by how much; the missed ones first (KPI-2, KPI-3)."""
    page = render_html(realistic_report())
    table = re.search(r'<table class="kpis">.*?</table>', page, re.S).group(0)  # type: ignore[union-attr]
    rows = [
        [" ".join(text_of(cell).split()) for cell in re.findall(r"<td.*?</td>", row, re.S)]
        for row in re.findall(r"<tr class.*?</tr>", table, re.S)
    ]
    assert rows[0] == [
        "month=2026-11, team=T2", "service_level", "KPI-2", "A_T/(A+Ab)", "72 %", "≥ 80 %",
        "missed by 8 %",
    ]  # fmt: skip
    assert [r[-1] for r in rows] == [
        "missed by 8 %", "missed by 15 s", "missed by 10 s", "met", "met", "met", "met",
        "no target", "no data", "no target",
    ]  # fmt: skip
    assert rows[1][4:6] == ["345 s", "210–330 s"]
    assert table.count('<tr class="missed"') == 3 and table.count('<tr class="met"') == 4


def test_kpi_chart_one_panel_per_kpi() -> None:
    """A panel per KPI with its rule, variant and target; a bar per figure with a value,
    coloured by its verdict; a target mark per figure with a target."""
    chart = svg_of(render_html(realistic_report()), "kpis")
    titles = re.findall(r'<text class="panel-title"[^>]*>([^<]*)</text>', chart)
    month = " · month=2026-11"  # the same for every team: in the title, not the labels
    assert titles[0] == "service_level · KPI-2 · A_T/(A+Ab) · target ≥ 80 %" + month
    assert titles[1] == "average_handle_time · KPI-3 · (talk+hold+acw)/A · target 210–330 s" + month
    assert titles[3] == "abandon_rate · KPI-1 · Ab/N · no target"  # one row: nothing to factor
    assert len(titles) == 6
    assert count(chart, "bar", "rect") == 9  # first_contact_resolution has no value
    assert (count(chart, "met", "rect"), count(chart, "missed", "rect")) == (4, 3)
    assert count(chart, "none", "rect") == 2
    assert count(chart, "target", "g") == 8
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', chart)
    assert values[:3] == ["84 %", "72 %", "80 %"] and "n/a" in values and "-12 points" in values
    assert ">team=T2</text>" in chart and ">month=2026-11</text>" in chart


def test_sla_chart_and_table() -> None:
    """A column per day (a gap for a day without clocks) and the breach rates by kind,
    tier and metric (SLA-1), the most breached first, rows without breaches folded away."""
    page = render_html(realistic_report())
    chart = svg_of(page, "sla-days")
    assert count(chart, "clocks", "rect") == count(chart, "breached", "rect") == 29
    assert "day (2026-11-01 … 2026-11-30)" in chart
    assert "day 2026-11-03: 61 clocks due, 1 breached (2%)" in chart
    table, clean = re.findall(r'<table class="sla">.*?</table>', page, re.S)
    cells = [" ".join(text_of(r).split()) for r in re.findall(r"<tr><td.*?</tr>", table, re.S)]
    assert cells == [
        "complaint key resolution 118 11 (9.3%) 105 2",
        "complaint general resolution 260 9 (3.5%) 249 2",
        "complaint key first_response 120 3 (2.5%) 115 2",
    ]
    assert '<details class="clean"><summary>1 row without breaches (1,480 clocks)' in page
    assert "inquiry" in clean and "first_response" in clean


def test_inputs_and_not_checked() -> None:
    """What was read from each input, the rejected rows, and what was not checked."""
    page = render_html(realistic_report())
    inputs = re.search(r'<section id="inputs">.*?</section>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "<td>tickets</td><td>tickets.jsonl</td>" in inputs and ">1,240</td>" in inputs
    assert "3 rejected rows</summary>" in inputs and "line 88: unknown kind" in inputs
    assert "<li>QA-1: no inspection records given</li>" in page


def test_notebook_view() -> None:
    """The notebook view: the banner, the KPI table, each rule's first rows, and the
    hint to to_frame(); it is the report's _repr_html_ and leaves the notebook's own
    page style alone."""
    report = realistic_report()
    view = notebook_html(report)
    assert report._repr_html_() == view
    assert "NOT OK" in view and '<table class="kpis">' in view
    assert "<svg" not in view and "body{" not in view and "<!DOCTYPE" not in view
    sla = re.search(r'id="rule-SLA-1".*?</details>', view, re.S).group(0)  # type: ignore[union-attr]
    assert sla.count('<tr class="violation">') == 5 and "… and 10 more, not shown." in sla
    assert "report.to_frame()" in view
    assert "Not checked:</b> QA-1" in view
    big = notebook_html(big_report())
    assert big.count('<tr class="violation">') <= 3 * 5


def test_rule_area() -> None:
    """Rule IDs name their area by prefix; an unknown prefix names none."""
    assert rule_area("SWAP-10") == "shift swaps" and rule_area("KPI-2") == "KPI targets"
    assert rule_area("ZZZ-1") == ""


# -- the SVG helpers -------------------------------------------------------------------------


def numbers(element: str, name: str) -> list[float]:
    return [float(v) for v in re.findall(rf'\b{name}="(-?[\d.]+)"', element)]


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0, 1e6, allow_nan=False),
    st.integers(1, 10),
)
def test_nice_ticks_cover_the_range_in_round_steps(low: float, span: float, n: int) -> None:
    """The ticks start at or below ``low``, end at or above ``high``, in equal steps of
    1, 2 or 5 times a power of ten, about ``count`` of them; no range gets a unit one."""
    high = low + span
    ticks = svg.nice_ticks(low, high, n)
    step = ticks[1] - ticks[0]
    slack = 1e-9 * max(1, abs(low), abs(high))
    assert ticks[0] <= low + slack and ticks[-1] >= high - slack
    assert all(abs((b - a) - step) <= 1e-6 * step for a, b in itertools.pairwise(ticks))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-6 for m in (1, 2, 5, 10)), step
    assert 2 <= len(ticks) <= 2 * n + 3
    if span <= slack:
        assert ticks[-1] >= low + 1 - slack


def test_target_bars_geometry() -> None:
    """A bar's length is its value on the panel's scale; the target line sits at the
    target; a range draws a band and two lines; no value draws no bar."""
    fmt = svg.Panel("x", ()).fmt
    chart = svg.target_bars(
        "KPIs",
        [
            svg.Panel(
                "service level",
                (
                    svg.Bar("T1", 0.5, "50 %", low=0.8, status="missed"),
                    svg.Bar("T2", None, "n/a", low=0.8),
                ),
            ),
            svg.Panel("handle time", (svg.Bar("all", 250, "250 s", 210, 330, "met"),)),
        ],
    )
    assert fmt(0.5) == "0.5"
    panels = re.findall(r'<g class="panel">.*?</g></g>(?=<g class="panel">|</svg>)', chart, re.S)
    assert len(panels) == 2
    left, plot = 210, svg.WIDTH - 210 - 90
    bar = re.search(r'<rect class="bar missed"[^>]*>', panels[0]).group(0)  # type: ignore[union-attr]
    assert numbers(bar, "x") == [left] and numbers(bar, "width") == [0.5 * plot]  # ticks 0 … 1
    lines = re.findall(r'<g class="target">.*?</g>', panels[0])
    assert len(lines) == 2 and all(numbers(g, "x1") == [left + 0.8 * plot] for g in lines)
    assert count(panels[0], "bar", "rect") == 1 and ">n/a</text>" in panels[0]
    band = re.search(r'<g class="target">.*?</g>', panels[1]).group(0)  # type: ignore[union-attr]
    assert numbers(band, "x1") == [left + 210 / 400 * plot, left + 330 / 400 * plot]  # 0 … 400
    assert '<rect x="' in band and "fill-opacity" in band
    axis = re.findall(
        r'<text x="[\d.]+" y="[\d.]+" text-anchor="middle"[^>]*>([^<]*)</text>', panels[1]
    )
    assert axis == ["0", "100", "200", "300", "400"]


def test_target_bars_negative_values_and_escaping() -> None:
    """A negative value draws leftwards from zero; labels are escaped; no bars at all
    says so."""
    chart = svg.target_bars("NPS", [svg.Panel("<nps>", (svg.Bar("<all>", -12, "-12", None),))])
    bar = re.search(r'<rect class="bar none"[^>]*>', chart).group(0)  # type: ignore[union-attr]
    zero = re.search(r'<line class="grid" x1="([\d.]+)"[^>]*/><text[^>]*>0</text>', chart)
    assert zero is not None
    assert numbers(bar, "x")[0] + numbers(bar, "width")[0] == pytest.approx(float(zero.group(1)))
    assert "&lt;nps&gt;" in chart and "&lt;all&gt;" in chart and "<nps>" not in chart
    assert 'class="empty"' in svg.target_bars("KPIs", [svg.Panel("empty", ())])


def test_stacked_bars() -> None:
    """A row per label, a segment per non-zero count, widths adding up to the total on
    one scale, the total written, a legend entry per series."""
    chart = svg.stacked_bars(
        "Violations", [("SLA-1", (0, 5, 10, 0)), ("ESC-1", (0, 0, 0, 1))], svg.SEVERITY_SERIES
    )
    assert count(chart, "row", "g") == 2 and count(chart, "seg", "rect") == 3
    widths = [numbers(s, "width")[0] for s in re.findall(r'<rect class="seg[^>]*>', chart)]
    plot = svg.WIDTH - 210 - 90
    assert widths == pytest.approx([5 / 15 * plot, 10 / 15 * plot, 1 / 15 * plot], abs=0.1)
    assert re.findall(r'<text class="value"[^>]*>(\d+)</text>', chart) == ["15", "1"]
    for name, _ in svg.SEVERITY_SERIES:
        assert f">{name}</text>" in chart
    assert 'class="empty"' in svg.stacked_bars("Violations", [], svg.SEVERITY_SERIES)


def test_day_columns_one_day_and_zero() -> None:
    """One day draws one column; a day with no clocks draws empty columns, never
    dividing by zero."""
    one = svg.day_columns("SLA", [(date(2026, 11, 3), 4, 1)])
    assert count(one, "clocks", "rect") == 1 and "day (2026-11-03)" in one
    assert ">1/4</text>" in one
    zero = svg.day_columns("SLA", [(date(2026, 11, 3), 0, 0)])
    assert numbers(re.search(r'<rect class="clocks"[^>]*>', zero).group(0), "height") == [0]  # type: ignore[union-attr]
    assert 'class="empty"' in svg.day_columns("SLA", [])


def test_day_columns_heights_and_gaps() -> None:
    """Column heights are proportional to the counts; days are placed by date, so a
    missing day leaves a gap; the same day twice is summed."""
    days = [(date(2026, 11, 1), 40, 10), (date(2026, 11, 3), 20, 0), (date(2026, 11, 3), 20, 5)]
    chart = svg.day_columns("SLA", days)
    clocks = re.findall(r'<rect class="clocks"[^>]*>', chart)
    breached = re.findall(r'<rect class="breached"[^>]*>', chart)
    assert len(clocks) == len(breached) == 2
    heights = [numbers(c, "height")[0] for c in clocks]
    assert heights[0] == heights[1] > 0
    assert numbers(breached[0], "height")[0] == pytest.approx(heights[0] / 4, abs=0.1)
    xs = [numbers(c, "x")[0] for c in clocks]
    slot = (svg.WIDTH - 56 - 16) / 3
    assert xs[1] - xs[0] == pytest.approx(2 * slot, abs=0.1)


def test_day_columns_become_weeks_over_three_months() -> None:
    """Over more than three months, days are summed into weeks (from Monday), the counts
    kept."""
    start = date(2026, 1, 1)
    days = [(start + timedelta(days=n), 10, n % 2) for n in range(365)]
    chart = svg.day_columns("SLA", days)
    assert "per week" in chart and "week (2025-12-29 … 2026-12-28)" in chart
    titles = re.findall(r"<title>week \S+: (\d+) clocks due, (\d+) breached", chart)
    assert len(titles) == 53 == count(chart, "clocks", "rect")
    assert sum(int(c) for c, _ in titles) == 3650
    assert sum(int(b) for _, b in titles) == 182


# -- what a browser renders ------------------------------------------------------------------


def chromium() -> str:
    """The Chromium binary; skipped without it, except on CI, which installs it."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run must apt-get install chromium")
    pytest.skip(f"the headless-browser test needs {CHROMIUM} (apt-get install chromium)")


def run_chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *arguments,
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=180, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


PROBE = """<script nonce="probe">
const out = {charts: {}};
for (const chart of document.querySelectorAll("svg.chart")) {
  const box = chart.getBoundingClientRect();
  const shown = (css, wide = true) => [...chart.querySelectorAll(css)].filter((e) => {
    const r = e.getBoundingClientRect(); return (r.width > 0 || !wide) && r.height > 0; }).length;
  out.charts[chart.classList[1]] = {width: box.width, height: box.height,
    bars: shown("rect.bar"), targets: shown("g.target", false), clocks: shown("rect.clocks"),
    breached: shown("rect.breached"), segments: shown("rect.seg")};
}
const banner = document.querySelector("header.banner");
out.banner = banner.innerText;
out.bannerColour = getComputedStyle(banner).backgroundColor;
out.overflow = document.documentElement.scrollWidth - window.innerWidth;
out.details = document.querySelectorAll("details[open]").length;
const probe = document.createElement("pre");
probe.id = "probe";
probe.textContent = JSON.stringify(out);
document.body.append(probe);
</script>"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """What Chromium made of the realistic report: the DOM after rendering, the layout
    measured by a probe script at 1280 and 800 pixels wide, and a 1280 × 2000 screenshot."""
    chromium()
    tmp = tmp_path_factory.mktemp("browser")
    page = render_html(realistic_report())
    (tmp / "report.html").write_text(page, encoding="utf-8")
    # The same page with a measuring script, which only its nonce lets run.
    probed = page.replace("default-src 'none';", "default-src 'none'; script-src 'nonce-probe';")
    (tmp / "probe.html").write_text(probed.replace("</body>", PROBE + "</body>"), "utf-8")
    wide, narrow = "--window-size=1280,2000", "--window-size=800,1000"
    report, probe = (tmp / "report.html").as_uri(), (tmp / "probe.html").as_uri()
    found = {
        "dom": run_chromium(tmp, wide, "--dump-dom", report).stdout,
        "probe": measure(run_chromium(tmp, wide, "--dump-dom", probe).stdout),
        "narrow": measure(run_chromium(tmp, narrow, "--dump-dom", probe).stdout),
    }
    run_chromium(tmp, wide, f"--screenshot={tmp / 'page.png'}", report)
    yield {**found, "png": tmp / "page.png"}
    shutil.rmtree(tmp, ignore_errors=True)


def measure(dom: str) -> dict[str, Any]:
    """What the probe script measured, from the DOM it wrote it into."""
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def test_browser_dom_has_banner_and_charts(rendered: dict[str, object]) -> None:
    """After rendering, the DOM holds the banner, the three charts with a bar per KPI
    figure with a value, a column pair per SLA day and a segment per rule and severity,
    every violation group, and no script (the <script> subject stayed text)."""
    dom = str(rendered["dom"])
    assert "NOT OK" in dom and "<code>callcentre</code>" in dom
    assert len(re.findall(r'<svg class="chart ', dom)) == 3
    assert count(svg_of(dom, "kpis"), "bar", "rect") == 9
    assert count(svg_of(dom, "sla-days"), "clocks", "rect") == 29
    assert count(svg_of(dom, "by-rule"), "seg", "rect") == 7
    assert dom.count('<details class="rule"') == 6
    assert "<script" not in dom and "&lt;script&gt;" in dom


def test_browser_lays_out_the_charts(rendered: dict[str, object]) -> None:
    """Chromium lays the charts out at a readable size with the expected number of
    visible bars, columns and segments; the banner is styled; nothing overflows."""
    probe = rendered["probe"]
    assert isinstance(probe, dict)
    charts = probe["charts"]
    assert set(charts) == {"kpis", "sla-days", "by-rule"}
    for chart in charts.values():
        assert chart["width"] == svg.WIDTH and chart["height"] >= 100
    assert (charts["kpis"]["bars"], charts["kpis"]["targets"]) == (9, 8)
    assert charts["sla-days"]["clocks"] == 29
    assert charts["sla-days"]["breached"] == 25  # the days with a breach
    assert charts["by-rule"]["segments"] == 7
    assert "NOT OK" in probe["banner"] and "43 violations" in probe["banner"]
    assert probe["bannerColour"] == "rgb(255, 235, 233)"
    assert probe["overflow"] <= 0 and probe["details"] == 6 + 1  # 6 rules, rejected rows
    narrow = rendered["narrow"]
    assert isinstance(narrow, dict)
    assert narrow["overflow"] <= 0  # 800 px wide: the tables wrap, the charts shrink
    assert 600 <= narrow["charts"]["kpis"]["width"] < svg.WIDTH


def test_browser_screenshot_is_not_blank(rendered: dict[str, object]) -> None:
    """The screenshot is a 1280 × 2000 PNG of many colours, among them the banner's
    and the severity badges' (the violations come first)."""
    png = rendered["png"]
    assert isinstance(png, Path) and png.stat().st_size > 20_000
    width, height, bpp, rows = png_pixels(png.read_bytes())
    assert (width, height) == (1280, 2000)
    seen = colours(rows, bpp)
    assert len(seen) > 100
    for colour in ("ffebe9", "cf222e", "9a6700", "82071e"):
        assert bytes.fromhex(colour) in seen, colour


def test_kpi_chart_draws_the_groups_furthest_from_target() -> None:
    """A KPI with a hundred groups draws 30 bars, the missed ones first, furthest first,
    and says so; the table keeps all hundred."""
    target = Target.at_least("80%")
    rows = [
        kpi("service_level", "KPI-2", "A_T/(A+Ab)", "ratio", Fraction(70 + n % 20, 100), target,
            agent=f"A-{n:03}")
        for n in range(100)
    ]  # fmt: skip
    page = render_html(Report("callcentre", NOW, kpis=rows))
    chart = svg_of(page, "kpis")
    assert count(chart, "bar", "rect") == 30
    assert count(chart, "missed", "rect") == 30  # 50 groups missed: the 30 furthest drawn
    assert "30 of 100 groups, the furthest from target" in chart
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', chart)
    assert values[:5] == ["70 %"] * 5 and values[-1] == "75 %"
    assert page.count("<tr class=") == 100
