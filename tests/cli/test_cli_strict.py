"""``servicepolicy check`` reads strictly (issue 13): exit 2 listing every file's problems
at once, ``--max-rejected`` (and ``[reading] max_rejected``), a report with rejected rows
is not ok in every format, a ticket opened after ``--now`` is one rejected row."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from servicepolicy.cli import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, main

OPENED = (
    '{{"ticket": "{id}", "event": "opened", "at": "{at}", "by": "a", "kind": "inquiry", '
    '"customer": "C", "channel": "email"}}\n'
)


def tickets(path: Path, *opened: str, broken: int = 0) -> Path:
    """Inquiries opened at the instants given, then ``broken`` lines that are not JSON."""
    text = "".join(OPENED.format(id=f"T-{n}", at=at) for n, at in enumerate(opened, 1))
    path.write_text(text + "not json\n" * broken, encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


NOW = "2026-11-23T10:00+08:00"
EARLY = "2026-11-23T09:00+08:00"


def test_every_file_problem_is_listed_at_once_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TKT-6, KPI-1, SWAP-1: a missing file, a directory given as a file, a file whose
    content contradicts its suffix and a missing roster are all reported in one run,
    exit 2, no traceback."""
    csv_as_jsonl = tmp_path / "calls.jsonl"
    csv_as_jsonl.write_text("id,direction,offered\n", encoding="utf-8")
    status, out = run(
        "check",
        "callcentre",
        "--tickets",
        str(tmp_path / "missing.jsonl"),
        "--calls",
        str(csv_as_jsonl),
        "--surveys",
        str(tmp_path),
        "--roster",
        str(tmp_path / "no-roster"),
        "--now",
        NOW,
    )
    assert (status, out) == (EXIT_INVALID, "")
    err = capsys.readouterr().err
    assert "missing.jsonl: expected a data file, got no such file" in err
    assert "calls.jsonl: line 1: expected a JSON object (the name ends in .jsonl)" in err
    assert f"{tmp_path}: expected a data file, got a directory" in err
    assert "no-roster: expected a roster directory" in err
    assert "Traceback" not in err


def test_rejected_rows_over_max_rejected_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TKT-6: by default no row may be rejected (exit 2, every rejected row listed with
    its file and line); ``--max-rejected`` takes a count or a percentage of the file."""
    path = tickets(tmp_path / "tickets.jsonl", *[EARLY] * 9, broken=1)
    base = ["check", "callcentre", "--tickets", str(path), "--now", NOW]
    status, _ = run(*base)
    assert status == EXIT_INVALID
    err = capsys.readouterr().err
    assert "tickets.jsonl: 1 of 10 rows rejected, more than max-rejected 0 allows (0)" in err
    assert "tickets.jsonl: line 10: expected a JSON object" in err
    assert run(*base, "--max-rejected", "5%")[0] == EXIT_INVALID  # 5 % of 10 rows: 0
    for allowance in ("1", "10%"):
        status, out = run(*base, "--max-rejected", allowance)
        assert status == EXIT_VIOLATIONS  # read, judged, and not ok: a row was rejected
        assert "not ok: 1 input row rejected" in out
    assert run(*base, "--max-rejected", "lots")[0] == EXIT_INVALID
    assert "--max-rejected: expected a whole number" in capsys.readouterr().err


def test_the_policy_sets_max_rejected(tmp_path: Path) -> None:
    """TKT-6: ``[reading] max_rejected`` in the policy; ``--max-rejected`` overrides it."""
    path = tickets(tmp_path / "tickets.jsonl", EARLY, broken=1)
    policy = tmp_path / "policy.toml"
    policy.write_text('schema_version = 1\nname = "p"\n[reading]\nmax_rejected = "50%"\n')
    base = ["check", str(policy), "--tickets", str(path), "--now", NOW]
    assert run(*base)[0] == EXIT_VIOLATIONS
    assert run(*base, "--max-rejected", "0")[0] == EXIT_INVALID
    policy.write_text('schema_version = 1\nname = "p"\n[reading]\nmax_rejected = "half"\n')
    assert run(*base)[0] == EXIT_INVALID


@pytest.mark.parametrize("format", ["text", "json", "sarif", "junit"])
def test_a_report_with_rejected_rows_is_not_ok_in_every_format(tmp_path: Path, format: str) -> None:
    """TKT-6: when rows were rejected (here every row), the report is not ok: JSON and
    SARIF say ``"ok": false``, JUnit has an error, text says so; exit 1, never 0."""
    path = tickets(tmp_path / "tickets.jsonl", broken=3)
    status, out = run(
        "check", "callcentre", "--tickets", str(path), "--now", NOW,
        "--max-rejected", "100%", "--format", format,
    )  # fmt: skip
    assert status == EXIT_VIOLATIONS
    if format == "json":
        assert json.loads(out)["ok"] is False
    elif format == "sarif":
        assert json.loads(out)["runs"][0]["properties"]["ok"] is False
    elif format == "junit":
        errors = ET.fromstring(out).findall(".//error")
        assert errors and errors[0].get("message") == "3 rows rejected"
    else:
        assert "not ok: 3 input rows rejected" in out


def test_a_ticket_opened_after_now_is_one_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TKT-6, SLA-1: a ticket opened after ``--now`` does not abort the check: it is a
    rejected row with its file and line; the other tickets are judged."""
    path = tickets(tmp_path / "tickets.jsonl", EARLY, "2026-11-23T11:00+08:00", EARLY)
    base = ["check", "callcentre", "--tickets", str(path), "--now", NOW]
    assert run(*base)[0] == EXIT_INVALID
    assert "tickets.jsonl: line 2: ticket 'T-2': expected a ticket opened by now" in (
        capsys.readouterr().err
    )
    status, out = run(*base, "--max-rejected", "1", "--format", "json")
    report = json.loads(out)
    assert status == EXIT_VIOLATIONS
    assert report["inputs"][0]["records"] == 2
    assert report["inputs"][0]["rejected"] == 1
    assert report["rejected"][0].startswith(f"{path}: line 2: ticket 'T-2'")


def test_clean_data_still_exits_0(tmp_path: Path) -> None:
    """TKT-6: strict reading changes nothing for clean files: exit 0."""
    path = tickets(tmp_path / "tickets.txt", EARLY)  # the content says JSON Lines
    assert run("check", "callcentre", "--tickets", str(path), "--now", NOW)[0] == EXIT_OK
