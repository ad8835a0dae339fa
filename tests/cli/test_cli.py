"""The ``servicepolicy`` command: each sub-command, each format, each exit status."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from servicepolicy.cli import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, main
from servicepolicy.sample import month


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example month written as files."""
    where = tmp_path_factory.mktemp("sample")
    month(seed=2026).write(where)
    return where


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def check_args(sample: Path, *extra: str) -> list[str]:
    return [
        "check",
        "callcentre",
        "--tickets",
        str(sample / "tickets.jsonl"),
        "--calls",
        str(sample / "calls.csv"),
        "--surveys",
        str(sample / "surveys.csv"),
        "--roster",
        str(sample),
        "--requests",
        str(sample / "leave.csv"),
        "--requests",
        str(sample / "swaps.csv"),
        "--attendance",
        str(sample / "attendance.csv"),
        "--hand-over-logs",
        str(sample / "handover.csv"),
        "--now",
        "2026-12-01T09:00+08:00",
        *extra,
    ]


def test_check_prints_one_line_per_violation_and_exits_1(sample: Path) -> None:
    """``check`` on the example month: ``RULE-ID subject: message`` lines, the summary,
    exit status 1 (violations)."""
    status, out = run(*check_args(sample))
    assert status == EXIT_VIOLATIONS
    lines = out.splitlines()
    assert lines[0].startswith("ATT-1 A-01: missed roll call")
    assert any(line.startswith("SWAP-1 ") for line in lines)
    assert "callcentre at 2026-12-01T09:00+08:00:" in out
    assert "read: tickets 1384, calls 20134" in out


def test_check_exits_0_on_clean_data(tmp_path: Path) -> None:
    """Exit status 0 when the data keeps the policy."""
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        json.dumps(
            {
                "ticket": "T-1",
                "event": "opened",
                "at": "2026-11-23T09:00+08:00",
                "by": "a",
                "kind": "inquiry",
                "customer": "C",
                "channel": "email",
            }
        )
        + "\n"
        + json.dumps(
            {
                "ticket": "T-1",
                "event": "transition",
                "at": "2026-11-23T09:10+08:00",
                "by": "a",
                "state": "answered",
                "channel": "email",
            }
        )
        + "\n"
    )
    status, out = run("check", "callcentre", "--tickets", str(tickets))
    assert status == EXIT_OK, out
    assert "0 violations" in out and "not checked: call KPIs" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'schema_version = 1\nname = "x"\n[swap]\nmax_per_month = "two"\n',
            "p.toml:4 [swap.max_per_month]: expected an integer",
        ),
        ('schema_version = 1\nname = "x"\n[sla\n', "p.toml:3: invalid TOML"),
        (
            'schema_version = 1\nname = "x"\n[escalation]\nsla_breach = "ceo"\n',
            "p.toml:4 [escalation.sla_breach]: expected one of the escalation levels",
        ),
    ],
)
def test_an_invalid_policy_exits_2_with_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    """Exit status 2 for a policy that cannot be used: bad types, bad TOML, unknown
    references; the problems go to stderr with file:line."""
    path = tmp_path / "p.toml"
    path.write_text(text)
    status, _ = run("check", str(path))
    assert status == EXIT_INVALID
    assert expected in capsys.readouterr().err.replace(str(tmp_path) + "/", "")


def test_yaml_traps_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML's ``no`` and ``10:00`` traps are errors, not silent values: exit status 2."""
    path = tmp_path / "p.yaml"
    path.write_text("schema_version: 1\nname: x\nswap:\n  require_approvals: no\n")
    assert run("check", str(path))[0] == EXIT_INVALID
    assert "p.yaml:4 [swap.require_approvals]: expected true or false, got str 'no'" in (
        capsys.readouterr().err
    )


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A data file that cannot be read, or a naive --now, is exit status 2."""
    assert run("check", "callcentre", "--roster", str(tmp_path))[0] == EXIT_INVALID
    assert "expected a roster directory with employees.csv" in capsys.readouterr().err
    assert run("check", "callcentre", "--now", "2026-12-01T09:00")[0] == EXIT_INVALID
    assert "--now" in capsys.readouterr().err


@pytest.mark.parametrize("format", ["json", "html", "junit", "sarif"])
def test_every_format_writes_the_report(sample: Path, tmp_path: Path, format: str) -> None:
    """``--format`` json, html, junit and sarif with ``--output``: the file is written,
    parses, and the terminal gets the summary."""
    output = tmp_path / f"report.{format}"
    status, out = run(*check_args(sample, "--format", format, "--output", str(output)))
    assert status == EXIT_VIOLATIONS and f"report written to {output}" in out
    text = output.read_text()
    if format == "json":
        assert json.loads(text)["format"] == "servicepolicy.report/1"
    elif format == "junit":
        assert ET.fromstring(text).tag == "testsuites"
    elif format == "sarif":
        log = json.loads(text)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        swap = next(r for r in rules if r["id"] == "SWAP-1")
        assert "at most 2 times per calendar month" in swap["fullDescription"]["text"]
    else:
        assert text.startswith("<!DOCTYPE html>") and "<svg" in text


def test_explain_schema_plugins_policy() -> None:
    """``explain``, ``schema``, ``plugins`` and ``policy`` print what they promise."""
    status, out = run("explain", "SWAP-1")
    assert status == EXIT_OK and out.startswith("SWAP-1")
    assert run("explain", "SWAP-99")[0] == EXIT_INVALID
    status, out = run("schema", "--core")
    assert json.loads(out)["properties"]["schema_version"] == {"const": 1}
    assert run("plugins")[1].startswith("servicepolicy.builtins (built in)")
    assert run("policy", "key-accounts")[1].startswith("# Key-account service")
    assert run("policy", "nope")[0] == EXIT_INVALID


def test_demo_prints_the_report_and_writes_the_html(tmp_path: Path) -> None:
    """``servicepolicy demo`` (what ``make demo`` runs): the full check on the example
    month, rule by rule, the KPIs, the summary, and the HTML report's path."""
    output = tmp_path / "demo.html"
    status, out = run("demo", "--output", str(output))
    assert status == EXIT_OK
    assert "SWAP-1: 2 case(s)" in out and "SLA-1:" in out
    assert "KPIs by queue" in out and "service_level" in out
    assert out.rstrip().endswith(f"The whole report, with its charts: {output}")
    assert "<svg" in output.read_text()
