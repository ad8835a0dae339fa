"""Small inline SVG charts for the HTML report: bars against targets, stacked bars, and
columns over days.

Each function returns one ``<svg>`` element as text: every label escaped, sized by its
``viewBox`` so that it scales to the page and prints, no script, no external font.  Each
copes with no data (it says so), one data point, and many.

>>> chart = stacked_bars("Violations", [("SWAP-1", (0, 2, 1, 0))], SEVERITY_SERIES)
>>> chart.count('class="seg '), "SWAP-1" in chart
(2, True)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape

import attrs

__all__ = [
    "SEVERITY_SERIES",
    "WIDTH",
    "Bar",
    "Panel",
    "day_columns",
    "nice_ticks",
    "stacked_bars",
    "target_bars",
]

WIDTH = 1040
"""The width of every chart's viewBox, in SVG user units (it scales to the page)."""

SEVERITY_SERIES = (
    ("info", "#8c959f"),
    ("warning", "#d4a72c"),
    ("error", "#cf222e"),
    ("critical", "#82071e"),
)
"""The severities in order of gravity, each with its colour."""

_STATUS_COLOUR = {"met": "#2da44e", "missed": "#cf222e", "none": "#8c959f"}
_LABEL_W = 210  # the left margin holding the row labels
_RIGHT_W = 90  # the right margin holding the values
_ROW_H = 22
_DAY_LIMIT = 92  # above this many days, columns are weeks


def _text(value: float) -> str:
    return f"{value:g}"


def _num(value: float) -> str:
    """A coordinate, short: ``12.5``, ``40``."""
    return f"{value:.1f}".removesuffix(".0")


def _clip(label: str, size: int = 30) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


@attrs.frozen
class Bar:
    """One bar: its label, its value (``None``: no data) and the value as shown, the
    target's bounds, and whether the target was ``"met"``, ``"missed"`` or ``"none"``.

    .. versionadded:: 0.1.0
    """

    label: str
    value: float | None
    text: str
    low: float | None = None
    high: float | None = None
    status: str = "none"
    note: str = ""


@attrs.frozen
class Panel:
    """Bars sharing one scale (one KPI, a bar per group), under a title; ``fmt`` writes
    the axis's tick values.

    .. versionadded:: 0.1.0
    """

    title: str
    bars: tuple[Bar, ...]
    fmt: Callable[[float], str] = _text


def nice_ticks(low: float, high: float, count: int = 5, *, integer: bool = False) -> list[float]:
    """About ``count`` round ticks (steps of 1, 2 or 5 × 10ⁿ) covering ``low`` … ``high``;
    with ``integer`` (an axis of counts) the step is at least 1.

    >>> nice_ticks(0, 1, integer=True)
    [0.0, 1.0]

    >>> nice_ticks(0, 0.87)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> nice_ticks(0, 7, 4)
    [0.0, 2.0, 4.0, 6.0, 8.0]
    >>> nice_ticks(-30, 60)
    [-40.0, -20.0, 0.0, 20.0, 40.0, 60.0]
    """
    if not high - low > 1e-9 * max(1.0, abs(low), abs(high)):
        high = low + 1  # no range (or a rounding error's): a unit one
    raw = (high - low) / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0) if integer else step
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [float(f"{i * step:.12g}") + 0.0 for i in range(first, last + 1)]


def _svg(label: str, height: float, body: list[str], kind: str) -> str:
    return (
        f'<svg class="chart {kind}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" width="{WIDTH}" height="{_num(height)}" '
        f'font-family="system-ui, sans-serif" font-size="12" fill="#1f2328">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _empty(label: str, message: str, kind: str) -> str:
    body = [
        f'<text class="empty" x="{WIDTH / 2:g}" y="34" text-anchor="middle" '
        f'fill="#57606a">{escape(message)}</text>'
    ]
    return _svg(label, 56, body, kind)


def _legend(entries: Sequence[tuple[str, str]], x: float = _LABEL_W) -> str:
    """A row of swatches with their names at the top of a chart: ``(name, colour)``; a
    colour with ``|`` after it draws a line (a target) rather than a square."""
    out = []
    for name, colour in entries:
        line = colour.endswith("|")
        out.append(
            f'<rect x="{_num(x + 5 * line)}" y="7" width="{2 if line else 12}" height="14" '
            f'fill="{colour.rstrip("|")}"/><text x="{_num(x + 16)}" y="18">{escape(name)}</text>'
        )
        x += 30 + 6.5 * len(name)
    return '<g class="legend">' + "".join(out) + "</g>"


def _axis(
    x: Callable[[float], float],
    ticks: list[float],
    top: float,
    bottom: float,
    fmt: Callable[[float], str],
) -> list[str]:
    out = []
    for tick in ticks:
        at = _num(x(tick))
        out.append(
            f'<line class="grid" x1="{at}" x2="{at}" y1="{_num(top)}" y2="{_num(bottom)}" '
            f'stroke="#d8dee4" stroke-width="1"/>'
            f'<text x="{at}" y="{_num(bottom + 14)}" text-anchor="middle" fill="#57606a" '
            f'font-size="11">{escape(fmt(tick))}</text>'
        )
    return out


def _target(x: Callable[[float], float], bar: Bar, y: float) -> str:
    top, bottom = _num(y - 3), _num(y + _ROW_H - 3)
    marks = []
    if bar.low is not None and bar.high is not None:
        left, right = x(bar.low), x(bar.high)
        marks.append(
            f'<rect x="{_num(left)}" y="{top}" width="{_num(max(right - left, 1))}" '
            f'height="{_ROW_H}" fill="#2da44e" fill-opacity="0.12"/>'
        )
    for bound in (bar.low, bar.high):
        if bound is not None:
            at = _num(x(bound))
            marks.append(
                f'<line x1="{at}" x2="{at}" y1="{top}" y2="{bottom}" stroke="#1f2328" '
                f'stroke-width="2"/>'
            )
    return '<g class="target">' + "".join(marks) + "</g>" if marks else ""


def _bar_row(x: Callable[[float], float], bar: Bar, y: float) -> str:
    zero = x(0.0)
    out = [
        f'<g class="row"><title>{escape(bar.note or bar.label)}</title>'
        f'<text x="{_LABEL_W - 8}" y="{_num(y + 12)}" text-anchor="end">'
        f"{escape(_clip(bar.label))}</text>"
    ]
    end = zero
    if bar.value is not None:
        start, end = sorted((zero, x(bar.value)))
        out.append(
            f'<rect class="bar {escape(bar.status)}" x="{_num(start)}" y="{_num(y)}" '
            f'width="{_num(max(end - start, 1))}" height="{_ROW_H - 6}" '
            f'fill="{_STATUS_COLOUR.get(bar.status, "#8c959f")}"/>'
        )
    out.append(_target(x, bar, y))
    right = max(end, zero, *(x(b) for b in (bar.low, bar.high) if b is not None))
    out.append(
        f'<text class="value" x="{_num(right + 6)}" y="{_num(y + 12)}">'
        f"{escape(bar.text)}</text></g>"
    )
    return "".join(out)


def target_bars(label: str, panels: Sequence[Panel]) -> str:
    """Horizontal bars against their targets: a panel per KPI (its own scale, so that
    seconds and percentages never share an axis), a bar per group coloured by whether
    it met its target, the value written after it, and the target drawn across it (a
    line per bound, and a band for a range).

    .. versionadded:: 0.1.0
    """
    panels = [panel for panel in panels if panel.bars]
    if not panels:
        return _empty(label, "No KPI figures in this report.", "kpis")
    legend = [("met", _STATUS_COLOUR["met"]), ("missed", _STATUS_COLOUR["missed"])]
    legend += [("no target or no data", _STATUS_COLOUR["none"]), ("target", "#1f2328|")]
    legend += [("target range", "#d5edd9")]
    body = [_legend(legend, 8)]
    y = 36.0
    plot_w = WIDTH - _LABEL_W - _RIGHT_W
    for panel in panels:
        numbers = [0.0]
        for bar in panel.bars:
            numbers += [n for n in (bar.value, bar.low, bar.high) if n is not None]
        ticks = nice_ticks(min(numbers), max(numbers) * 1.05 if max(numbers) > 0 else 0)
        lo, hi = ticks[0], ticks[-1]

        def x(value: float, lo: float = lo, hi: float = hi) -> float:
            return _LABEL_W + (value - lo) / (hi - lo) * plot_w

        body.append(
            f'<g class="panel"><text class="panel-title" x="8" y="{_num(y + 12)}" '
            f'font-weight="600" font-size="13">{escape(panel.title)}</text>'
        )
        y += 22
        top = y
        rows: list[str] = []
        for bar in panel.bars:
            rows.append(_bar_row(x, bar, y))
            y += _ROW_H
        body += [*_axis(x, ticks, top - 4, y, panel.fmt), *rows, "</g>"]
        y += 30
    return _svg(label, y, body, "kpis")


def stacked_bars(
    label: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    *,
    empty: str = "No violations in this report.",
) -> str:
    """Horizontal stacked bars on one count axis: a row per label, a segment per series
    (``(name, colour)``, in the order of each row's counts), the total written after it,
    and a legend.

    .. versionadded:: 0.1.0
    """
    if not rows:
        return _empty(label, empty, "by-rule")
    top = 34.0
    plot_w = WIDTH - _LABEL_W - _RIGHT_W
    ticks = nice_ticks(0, max(sum(counts) for _, counts in rows) or 1, integer=True)
    hi = ticks[-1]

    def x(value: float) -> float:
        return _LABEL_W + value / hi * plot_w

    y = top
    body = [_legend(series), *_axis(x, ticks, top - 4, top + len(rows) * _ROW_H, _text)]
    for row_label, counts in rows:
        total = sum(counts)
        body.append(f'<g class="row"><title>{escape(row_label)}: {total}</title>')
        body.append(
            f'<text x="{_LABEL_W - 8}" y="{_num(y + 12)}" text-anchor="end">'
            f"{escape(_clip(row_label))}</text>"
        )
        start = 0
        for (name, colour), count in zip(series, counts, strict=True):
            if count:
                body.append(
                    f'<rect class="seg {escape(name)}" x="{_num(x(start))}" y="{_num(y)}" '
                    f'width="{_num(max(x(start + count) - x(start), 1))}" '
                    f'height="{_ROW_H - 6}" fill="{colour}"><title>{escape(row_label)} '
                    f"{escape(name)}: {count}</title></rect>"
                )
                start += count
        body.append(
            f'<text class="value" x="{_num(x(total) + 6)}" y="{_num(y + 12)}">{total}</text></g>'
        )
        y += _ROW_H
    return _svg(label, y + 24, body, "by-rule")


def _buckets(days: Sequence[tuple[date, int, int]]) -> tuple[list[tuple[date, int, int]], str]:
    """The days, summed into weeks (starting on Monday) when they span more than
    :data:`_DAY_LIMIT` days; and the unit."""
    ordered = sorted(days)
    if (ordered[-1][0] - ordered[0][0]).days < _DAY_LIMIT:
        merged: dict[date, list[int]] = {}
        unit = "day"
        for day, clocks, breached in ordered:
            pair = merged.setdefault(day, [0, 0])
            pair[0] += clocks
            pair[1] += breached
    else:
        merged, unit = {}, "week"
        for day, clocks, breached in ordered:
            pair = merged.setdefault(day - timedelta(days=day.weekday()), [0, 0])
            pair[0] += clocks
            pair[1] += breached
    return [(day, pair[0], pair[1]) for day, pair in merged.items()], unit


def day_columns(label: str, days: Sequence[tuple[date, int, int]]) -> str:
    """Columns over time, one per ``(day, clocks, breached)``: the clocks that fell due
    (grey) with the breached ones over them (red), on a date axis (a gap where a day has
    no data); weeks instead of days over more than three months.

    .. versionadded:: 0.1.0
    """
    if not days:
        return _empty(label, "No SLA clocks fell due in this report.", "sla-days")
    columns, unit = _buckets(days)
    step = 7 if unit == "week" else 1
    first, last = columns[0][0], columns[-1][0]
    slots = (last - first).days // step + 1
    left, right, top, height = 56.0, 16.0, 34.0, 220.0
    slot_w = (WIDTH - left - right) / slots
    ticks = nice_ticks(0, max(c for _, c, _ in columns) or 1, 4, integer=True)
    hi = ticks[-1]

    def y(value: float) -> float:
        return top + height - value / hi * height

    body = [
        _legend([("clocks due", "#afb8c1"), ("breached", "#cf222e")], left),
        f'<text x="{WIDTH - right:g}" y="18" text-anchor="end" fill="#57606a">per {unit}</text>',
    ]
    for tick in ticks:
        at = _num(y(tick))
        body.append(
            f'<line class="grid" x1="{left:g}" x2="{WIDTH - right:g}" y1="{at}" y2="{at}" '
            f'stroke="#d8dee4"/><text x="{left - 6:g}" y="{at}" dy="4" text-anchor="end" '
            f'fill="#57606a" font-size="11">{_text(tick)}</text>'
        )
    gap = min(slot_w * 0.2, 4)
    show_values = len(columns) <= 31
    for day, clocks, breached in columns:
        x0 = left + (day - first).days // step * slot_w + gap / 2
        width = _num(max(slot_w - gap, 0.5))
        rate = f" ({breached / clocks:.0%})" if clocks else ""
        body.append(
            f'<g class="col"><title>{unit} {day.isoformat()}: {clocks} clocks due, '
            f"{breached} breached{rate}</title>"
            f'<rect class="clocks" x="{_num(x0)}" y="{_num(y(clocks))}" width="{width}" '
            f'height="{_num(height + top - y(clocks))}" fill="#afb8c1"/>'
            f'<rect class="breached" x="{_num(x0)}" y="{_num(y(breached))}" width="{width}" '
            f'height="{_num(height + top - y(breached))}" fill="#cf222e"/>'
        )
        if show_values and breached:
            body.append(
                f'<text class="value" x="{_num(x0 + (slot_w - gap) / 2)}" '
                f'y="{_num(y(clocks) - 4)}" text-anchor="middle" font-size="10">'
                f"{breached}/{clocks}</text>"
            )
        body.append("</g>")
    every = max(1, math.ceil(len(columns) / 12))
    for index, (day, _, _) in enumerate(columns):
        if index % every == 0:
            centre = left + (day - first).days // step * slot_w + slot_w / 2
            body.append(
                f'<text x="{_num(centre)}" y="{_num(top + height + 16)}" text-anchor="middle" '
                f'fill="#57606a" font-size="11">{day.strftime("%m-%d")}</text>'
            )
    span = f"{first.isoformat()} … {last.isoformat()}" if last != first else first.isoformat()
    body.append(
        f'<text x="{WIDTH / 2:g}" y="{_num(top + height + 34)}" text-anchor="middle" '
        f'fill="#57606a">{unit} ({span})</text>'
        f'<text transform="translate(14 {_num(top + height / 2)}) rotate(-90)" '
        f'text-anchor="middle" fill="#57606a">clocks</text>'
    )
    return _svg(label, top + height + 44, body, "sla-days")
