"""Hostile outputs and faults: ``--output`` over an input, the policy or a symlink; an
unwritable or full target; an encoding failure; Ctrl-C; control characters in the text
format.  Nothing is lost: the previous report and the inputs survive."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from servicepolicy.cli import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_VIOLATIONS, main
from servicepolicy.errors import OutputFileError
from servicepolicy.policy import builtin_policy_text
from servicepolicy.report import output
from servicepolicy.report.formats import render_text
from servicepolicy.report.report import Report
from servicepolicy.rules import Severity, Violation

NOW = "2026-12-01T09:00+08:00"


def check(sample: Path, output: Path, *extra: str, policy: str = "callcentre") -> int:
    args = ["check", policy, "--tickets", str(sample / "tickets.jsonl"), "--now", NOW]
    return main([*args, "--output", str(output), *extra], stdout=io.StringIO())


def test_output_over_the_input_file_is_refused(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--output tickets.jsonl`` would destroy the SLA-1 data: refused, exit 2, intact."""
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_bytes((sample / "tickets.jsonl").read_bytes())
    before = tickets.read_bytes()
    args = ["check", "callcentre", "--tickets", str(tickets), "--now", NOW]
    assert main([*args, "--output", str(tickets)], stdout=io.StringIO()) == EXIT_INVALID
    assert "is the input file" in capsys.readouterr().err
    assert tickets.read_bytes() == before


def test_output_through_a_symlink_to_the_policy_is_refused(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symlink pointing at the policy file (SLA-1 targets) is not followed: exit 2."""
    policy = tmp_path / "policy.toml"
    policy.write_text(builtin_policy_text("callcentre"), encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(policy)
    assert check(sample, link, policy=str(policy)) == EXIT_INVALID
    assert "symbolic link" in capsys.readouterr().err
    assert policy.read_text(encoding="utf-8") == builtin_policy_text("callcentre")


def test_any_symlink_is_refused_unless_forced(sample: Path, tmp_path: Path) -> None:
    """Even a link to an unrelated file is refused; ``--force`` replaces the link itself
    and leaves its target untouched (SLA-1 report)."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    assert check(sample, link) == EXIT_INVALID
    assert check(sample, link, "--force") == EXIT_VIOLATIONS
    assert not link.is_symlink() and "SLA-" in link.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_output_over_the_policy_by_another_path_is_refused(sample: Path, tmp_path: Path) -> None:
    """``dir/../policy.toml`` is the policy all the same."""
    policy = tmp_path / "policy.toml"
    policy.write_text(builtin_policy_text("callcentre"), encoding="utf-8")
    (tmp_path / "dir").mkdir()
    assert check(sample, tmp_path / "dir" / ".." / "policy.toml", policy=str(policy)) == 2
    assert policy.read_text(encoding="utf-8") == builtin_policy_text("callcentre")


@pytest.mark.parametrize(
    ("where", "words"),
    [("missing/report.txt", "no such file"), ("adir", "it is a directory")],
)
def test_an_unwritable_target_is_exit_2_in_words(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, words: str
) -> None:
    """A missing directory or a directory as target: one line, exit 2, no OSError trace."""
    (tmp_path / "adir").mkdir()
    assert check(sample, tmp_path / where) == EXIT_INVALID
    err = capsys.readouterr().err
    assert words in err and "Errno" not in err and "Traceback" not in err


def test_a_full_disk_keeps_the_previous_report(
    sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ENOSPC while writing: exit 2, "no space left", the previous report is whole and
    no temporary file is left behind (SLA-1 report)."""
    report = tmp_path / "report.html"
    report.write_text("the previous report", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    assert check(sample, report, "--format", "html") == EXIT_INVALID
    assert "no space left on the disk" in capsys.readouterr().err
    assert report.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_an_encoding_failure_leaves_no_empty_file(tmp_path: Path) -> None:
    """Text that cannot be encoded is refused before the disk is touched: no 0-byte file."""
    target = tmp_path / "report.txt"
    with pytest.raises(OutputFileError, match="not valid Unicode"):
        output.write_report(target, "ticket T-\ud800")
    assert list(tmp_path.iterdir()) == []


def test_a_write_replaces_the_report_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    """The atomic rename replaces the file in one step and keeps its permissions."""
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    output.write_report(target, "new report")
    assert target.read_text(encoding="utf-8") == "new report"
    assert target.stat().st_mode & 0o777 == 0o640


def test_ctrl_c_exits_130_with_one_line_and_no_file(
    sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C while writing: exit 130, one line on stderr, no partial or temporary file."""

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    assert check(sample, tmp_path / "report.json", "--format", "json") == EXIT_INTERRUPTED
    err = capsys.readouterr().err.strip()
    assert err == "servicepolicy check: interrupted (Ctrl-C); no report was written"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_checking_exits_130(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C during the SLA-1 evaluation: no KeyboardInterrupt traceback."""
    from servicepolicy.policy.sections import Policy

    def interrupted(self: Policy, **data: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Policy, "check", interrupted)
    args = ["check", "callcentre", "--tickets", str(sample / "tickets.jsonl"), "--now", NOW]
    assert main(args, stdout=io.StringIO()) == EXIT_INTERRUPTED
    assert "KeyboardInterrupt" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "nasty",
    ["\x1b[31mRED\x1b[0m", "\x1b]0;pwned\x07", "A\u202eevil", "T\x9b2J", "\x00\x08\x7f"],
)
def test_text_output_escapes_control_characters(nasty: str) -> None:
    """ANSI escapes, OSC titles, bidi overrides and C1 controls in a subject or message
    are written as escapes (SWAP-1 violation text), never raw to the terminal."""
    now = __import__("datetime").datetime(2026, 12, 1, tzinfo=__import__("datetime").UTC)
    report = Report("p", now, violations=[Violation("SWAP-1", Severity.ERROR, nasty, nasty)])
    text = render_text(report)
    assert not any(c in text for c in nasty if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)
    assert "\u202e" not in text
    assert "SWAP-1 " in text


def test_a_ticket_id_with_ansi_escapes_is_escaped_end_to_end(sample: Path, tmp_path: Path) -> None:
    """TKT-6 data with ``\\u001b`` in a ticket ID reaches the text report escaped."""
    text = (sample / "tickets.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "tickets.jsonl"
    path.write_text(text.replace('"T-0', '"\\u001b[31mT-0'), encoding="utf-8")
    out = io.StringIO()
    args = ["check", "callcentre", "--tickets", str(path), "--now", NOW]
    assert main(args, stdout=out) == EXIT_VIOLATIONS
    assert "\x1b" not in out.getvalue()
    assert "\\x1b[31mT-0" in out.getvalue()  # the IDs are there, escaped


def test_refuse_target_allows_a_fresh_path(tmp_path: Path) -> None:
    """A new path, not an input, is fine; the same path as an input is not."""
    given = tmp_path / "in.csv"
    given.write_text("x", encoding="utf-8")
    output.refuse_target(tmp_path / "out.txt", [given])
    with pytest.raises(OutputFileError, match="is the input file"):
        output.refuse_target(Path(os.path.relpath(given)), [given])
