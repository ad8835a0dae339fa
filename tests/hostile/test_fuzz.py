"""Fuzz: mutated policy files and data files from the example month never end in a
traceback: ``servicepolicy check`` exits 0, 1 or 2, and every data row is read or
rejected (rows in = read + rejected)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicepolicy.cli import main
from servicepolicy.errors import DataFileError
from servicepolicy.io.calls import read_calls
from servicepolicy.io.tickets import read_ticket_events
from servicepolicy.policy import builtin_policy_text

NASTY = [
    "",
    "\x00",
    "\x1b[2J",
    "\\ud800",
    "\ud800",
    "\ufeff",
    "9" * 400,
    "1e308",
    "-1",
    "nan",
    "inf",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59-12:00",
    "2026-02-30",
    "[[[[",
    "{",
    '"',
    "*a",
    "&a",
    "<<:",
    "\n[sla]\n",
    "\u202e",
    "Li Wei 13800138000",
    ",",
    "\r",
    "true",
    "null",
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with up to four edits: a line dropped, doubled or cut, or a nasty value
    inserted at a random point."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "cut", "insert", "insert"]))
        if action == "drop":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            where = draw(st.integers(0, len(lines[at])))
            nasty = draw(st.sampled_from(NASTY) | st.text(max_size=8))
            lines[at] = lines[at][:where] + nasty + lines[at][where:]
    return "".join(lines)


def run(*argv: str) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv), stdout=io.StringIO())


POLICY = builtin_policy_text("callcentre")
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(text=mutated(POLICY), yaml=st.booleans())
def test_a_mutated_policy_exits_0_1_or_2(tmp_path_factory: object, text: str, yaml: bool) -> None:
    """SLA-1 … KPI-11 policy files, mutated: the command exits 0, 1 or 2, never raises."""
    import tempfile

    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / ("p.yaml" if yaml else "p.toml")
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert run("check", str(path), "--now", "2026-12-01T09:00+08:00") in (0, 1, 2)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _csv_lines(text: str) -> int:
    """The physical lines after the header (how the strict reader bounds records)."""
    return max(0, len(io.StringIO(text, newline="").readlines()) - 1)


def _jsonl_rows(text: str) -> int:
    """The non-blank lines of a JSON Lines file read in text mode (``\\r`` ends a line,
    ``\\x85`` does not)."""
    return sum(1 for line in io.StringIO(text, newline=None) if line.strip().lstrip("\ufeff"))


@FUZZ
@given(data=st.data())
def test_mutated_data_files_are_read_or_rejected_row_by_row(
    sample: Path, data: st.DataObject
) -> None:
    """KPI-1 … KPI-7 calls and TKT-6 ticket events, mutated: nothing is counted twice
    (calls: each row read or rejected starts on a line of its own, the exact law with
    bounded records is tests/io/test_rows_law.py; tickets: rows in = events read +
    rejected), and ``check`` on them exits 0, 1 or 2."""
    import tempfile

    calls_text = "\n".join(_lines(sample / "calls.csv")[:40])
    tickets_text = "\n".join(_lines(sample / "tickets.jsonl")[:60])
    calls_text = data.draw(mutated(calls_text + "\n"))
    tickets_text = data.draw(mutated(tickets_text + "\n"))
    with tempfile.TemporaryDirectory() as where:
        calls, tickets = Path(where) / "calls.csv", Path(where) / "tickets.jsonl"
        calls.write_text(calls_text, encoding="utf-8", errors="surrogatepass")
        tickets.write_text(tickets_text, encoding="utf-8", errors="surrogatepass")
        try:
            read = read_calls(calls)
        except DataFileError:  # a broken header: the whole file is refused, in words
            read = None
        if read is not None:  # each row read or rejected starts on a line of its own
            starts = [*read.lines, *(row.line for row in read.rejected)]
            assert len(starts) == len(set(starts)) <= _csv_lines(calls_text)
        try:
            events = read_ticket_events(tickets)
        except DataFileError:  # bytes that are not UTF-8: the whole file is refused
            events = None
        if events is not None:
            counted = sum(len(t.events) for t in events.records) + len(events.rejected)
            assert counted == _jsonl_rows(tickets_text)
        status = run(
            "check",
            "callcentre",
            "--calls",
            str(calls),
            "--tickets",
            str(tickets),
            "--now",
            "2026-12-01T09:00+08:00",
        )
        assert status in (0, 1, 2)
