"""What headless Chromium renders of a report checked from files (issue 15): the verdict
before the KPIs, violations open when fewer than 50, and each violation row showing its
rule's title, its source (file:line) and its local time."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_report_html import chromium, colours, png_pixels, run_chromium

from servicepolicy.policy import load_policy
from servicepolicy.policy.inputs import read_inputs
from servicepolicy.report import Report, render_html
from servicepolicy.sample import month


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The example month's tickets, roster, requests and time clock, read from files and
    checked for the swap, leave and ticket rules (fewer than 50 violations)."""
    where = tmp_path_factory.mktemp("month")
    month(seed=2026).write(where)
    policy = load_policy("callcentre")
    inputs = read_inputs(
        policy,
        tickets=where / "tickets.jsonl",
        roster=where,
        requests=[where / "leave.csv", where / "swaps.csv"],
        attendance=where / "attendance.csv",
        hand_over_logs=where / "handover.csv",
    )
    return policy.check(select=["SWAP", "LEAVE", "TKT"], **inputs)


@pytest.fixture(scope="module")
def browser(
    checked: Report, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, object]]:
    """Chromium's DOM of the page and a 1280 px wide screenshot."""
    chromium()
    tmp = tmp_path_factory.mktemp("chromium")
    (tmp / "report.html").write_text(render_html(checked), encoding="utf-8")
    uri = (tmp / "report.html").as_uri()
    dom = run_chromium(tmp, "--window-size=1280,1600", "--dump-dom", uri).stdout
    run_chromium(tmp, "--window-size=1280,1600", f"--screenshot={tmp / 'page.png'}", uri)
    yield {"dom": dom, "png": tmp / "page.png"}
    shutil.rmtree(tmp, ignore_errors=True)


def test_verdict_comes_before_the_kpis(browser: dict[str, object]) -> None:
    """The verdict (and what needs doing) comes first, then violations, roll-ups, KPIs
    (KPI-8/9 from the tickets), SLA, inputs: the order a team leader acts in."""
    dom = str(browser["dom"])
    order = [
        dom.index(marker)
        for marker in ('id="verdict"', "What needs doing first", 'id="violations"',
                       'id="rollups"', 'id="kpis"', 'id="sla"', 'id="inputs"')
    ]  # fmt: skip
    assert order == sorted(order)


def test_violations_are_open_below_50(browser: dict[str, object], checked: Report) -> None:
    """SWAP, LEAVE and TKT rules: fewer than 50 violations, every rule's group open."""
    assert 0 < len(checked.violations) < 50
    dom = str(browser["dom"])
    groups = re.findall(r'<details class="rule" id="rule-[\w-]+"( open(?:="")?)?>', dom)
    assert groups and all(groups), groups


def test_violation_rows_show_title_source_and_local_time(
    browser: dict[str, object], checked: Report
) -> None:
    """A SWAP-1 row sits under its rule's title from the catalogue and shows the request's
    file and line and the local time with its offset; a TKT-2 row shows the ticket's."""
    dom = str(browser["dom"])
    swap = re.search(r'id="rule-SWAP-1".*?</details>', dom, re.S)
    assert swap is not None
    group = swap.group(0)
    assert "Each person may swap at most 2 times per calendar month" in group
    row = re.search(r'<tr class="violation">.*?</tr>', group, re.S)
    assert row is not None
    assert re.search(r'<td class="src">[^<]*swaps\.csv:\d+</td>', row.group(0))
    assert re.search(r"2026-1\d-\d\d \d\d:\d\d \+08:00", row.group(0))
    assert "employee: " in row.group(0)
    tkt = re.search(r'id="rule-TKT-2".*?</details>', dom, re.S)
    assert tkt is not None and re.search(r"tickets\.jsonl:\d+</td>", tkt.group(0))


def test_screenshot_at_1280(browser: dict[str, object]) -> None:
    """The 1280 px screenshot is painted: the banner's red (NOT OK) and the error badges
    of the SWAP and LEAVE rows."""
    png = browser["png"]
    assert isinstance(png, Path)
    width, height, bpp, rows = png_pixels(png.read_bytes())
    assert (width, height) == (1280, 1600)
    seen = colours(rows, bpp)
    for colour in ("ffebe9", "cf222e"):
        assert bytes.fromhex(colour) in seen, colour
