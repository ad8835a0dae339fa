"""Validate a policy: a policy file written down once, checked against a month of data
(the library's main job; SLA-1 … SLA-6, TKT-2, LEAVE-*, SWAP-*, ATT-1 … ATT-4, KPI-1 …
KPI-7).

A draft policy for a Shanghai hotline is written to a temporary directory.  Loading
it reports every problem at once, each with its file, line and path (a misspelt key, a
response target longer than the resolution target); the corrected file loads and is
checked against the built-in example month (``servicepolicy.sample.month(seed=2026)``):
its tickets' SLA clocks, the leave and swap requests, the time clock and hand-over logs,
and the call KPIs against this policy's stricter targets.  The summary is printed, and the
whole report goes to a self-contained HTML file in the temporary directory, whose path
is printed.

Run: ``.venv/bin/python examples/validate_policy.py``
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from servicepolicy.errors import PolicyFileError
from servicepolicy.kpi.targets import format_value
from servicepolicy.policy import load_policy
from servicepolicy.report import render_html
from servicepolicy.sample import month

POLICY = """\
schema_version = 1
name = "shanghai-hotline"
description = "Stricter response times and service level than the manuals' defaults"
tiers = "key_accounts"

[calendars.hotline]
hours = "mon-fri 09:00-12:00,13:00-18:00"
tz = "Asia/Shanghai"
country = "CN"

[[sla.targets]]
name = "respond"
metric = "first_response"
within = "2h"
calendar = "hotline"

[[sla.targets]]
name = "resolve-complaints"
metric = "resolution"
within = "2d"
kinds = ["complaint"]
calendar = "hotline"

[[sla.targets]]
name = "update-complaints"
metric = "progress_update"
within = "1d"
kinds = ["complaint"]
calendar = "hotline"

[swap]
max_per_month = 2

[kpis]
period = "month"
by = ["queue"]
tz = "Asia/Shanghai"

[[kpis.measures]]
measure = "service_level"
target = ">= 90%"
threshold = 20

[[kpis.measures]]
measure = "average_queue_time"
target = "<= 10"

[[kpis.measures]]
measure = "first_contact_resolution"
target = ">= 85%"
"""

# The first draft: a calendar never defined, a misspelt key, a target that does not parse.
DRAFT = (
    POLICY.replace(
        'kinds = ["complaint"]\ncalendar = "hotline"',
        'kinds = ["complaint"]\ncalendar = "hot-line"',
        1,
    )
    .replace("max_per_month = 2", "max_per_moth = 2")
    .replace('target = ">= 90%"', 'target = "at least 90%"')
)


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="servicepolicy-example-"))
    path = directory / "policy.toml"

    path.write_text(DRAFT, encoding="utf-8")
    try:
        load_policy(path)
    except PolicyFileError as error:
        print(f"The draft is refused, with every problem at once ({len(error.problems)}):")
        for problem in error.problems:
            print(f"  {str(problem).replace(str(directory), '<tmp>')}")
    else:
        raise SystemExit("the draft policy should have been refused")

    path.write_text(POLICY, encoding="utf-8")
    policy = load_policy(path)
    data = month(seed=2026)
    print(f"\nThe corrected policy {policy.name!r} loads; the example month:")
    print(data.summary())
    report = policy.check(
        now=data.now,
        tickets=data.tickets,
        calls=data.calls,
        surveys=data.surveys,
        roster=data.roster,
        requests=data.requests,
        attendance=data.clock_records,
        hand_over_logs=data.hand_over_logs,
    )
    print()
    print(report.summary())
    print("\nKPIs against this policy's targets:")
    for row in report.kpis:
        if row.value is not None:
            value = format_value(row.value, row.unit)
            print(f"  {row.group['queue']:<11} {row.name:<25} {value:>8}  {row.verdict()}")

    html = directory / "report.html"
    html.write_text(render_html(report), encoding="utf-8")
    print(f"\nThe whole report, with its charts: {html}")


if __name__ == "__main__":
    main()
