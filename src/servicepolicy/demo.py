"""``make demo`` (``servicepolicy demo``): the library's main job on its built-in example.

A generated month of a call centre in Shanghai (:mod:`servicepolicy.sample`) is checked
against the built-in ``callcentre`` policy: every ticket's SLA clocks, the ticket rules,
the month's leave and swap requests decided in order, the time clock and hand-over logs,
and the KPIs by team.  The terminal shows what was found, rule by rule, with the first
cases of each; the whole report goes to a self-contained HTML file whose path is printed.

Run it with ``servicepolicy demo`` or ``python -m servicepolicy demo``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from servicepolicy.policy import load_policy
from servicepolicy.report import Report
from servicepolicy.report.html import render_html
from servicepolicy.report.output import write_report
from servicepolicy.sample import SampleMonth, month

__all__ = ["SEED", "check_sample", "run", "write_data"]

SEED = 2026
"""The seed of the example month: the demo is the same every time."""

SHOWN = 3
"""How many cases of each rule the terminal shows."""


def check_sample(data: SampleMonth | None = None) -> Report:
    """The ``callcentre`` policy checked against the example month (by default the
    month of :data:`SEED`)."""
    data = data or month(seed=SEED)
    return load_policy("callcentre").check(
        now=data.now,
        tickets=data.tickets,
        calls=data.calls,
        surveys=data.surveys,
        roster=data.roster,
        requests=data.requests,
        attendance=data.clock_records,
        hand_over_logs=data.hand_over_logs,
    )


def run(out: TextIO = sys.stdout, html: Path | None = None) -> int:
    """Run the demo, printing to ``out`` and writing the HTML report to ``html`` (default
    ``servicepolicy-demo.html`` in the working directory); returns the exit status 0."""
    data = month(seed=SEED)
    print("servicepolicy demo: the callcentre policy against one month of example data", file=out)
    print(data.summary(), file=out)
    report = check_sample(data)
    print("", file=out)
    for rule_id, counts in report.by_rule().items():
        cases = [v for v in report.violations if v.rule_id == rule_id]
        print(f"{rule_id}: {sum(counts.values())} case(s)", file=out)
        for violation in cases[:SHOWN]:
            print(f"  {violation.subject}: {violation.message}", file=out)
        if len(cases) > SHOWN:
            print(f"  ... and {len(cases) - SHOWN} more", file=out)
    if report.kpis:
        print("", file=out)
        print("KPIs by queue (KPIs without data left out):", file=out)
        for row in report.kpis:
            if row.value is None:
                continue
            group = " ".join(f"{v}" for v in row.group.values())
            print(f"  {group:<22} {row.name:<28} {row.verdict()}", file=out)
    print("", file=out)
    print(report.summary(), file=out)
    path = html or Path("servicepolicy-demo.html")
    write_report(path, render_html(report))
    print(f"\nThe whole report, with its charts: {path.resolve()}", file=out)
    return 0


def write_data(directory: Path, out: TextIO = sys.stdout) -> int:
    """Write the example month's input files (:data:`servicepolicy.sample.files.FILES`:
    tickets, calls, surveys, the roster, leave and swap requests, attendance, hand-over
    logs …) to ``directory``, each in the shape its reader expects, and say how to check
    them; returns the exit status 0.

    .. versionadded:: 0.3.0
    """
    data = month(seed=SEED)
    paths = data.write(directory)
    print(
        f"servicepolicy demo: the example month's files, in {Path(directory).resolve()}", file=out
    )
    for name, path in paths.items():
        print(f"  {name:<15} {path.name}", file=out)
    where = Path(directory)
    print(
        "\nCheck them: servicepolicy check callcentre "
        f"--tickets {where / 'tickets.jsonl'} --calls {where / 'calls.csv'} "
        f"--surveys {where / 'surveys.csv'} --roster {where} --requests {where / 'leave.csv'} "
        f"--requests {where / 'swaps.csv'} --attendance {where / 'attendance.csv'} "
        f"--hand-over-logs {where / 'handover.csv'} "
        f"--now {data.now.isoformat()}",
        file=out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
