"""Reading the data a policy is checked against, from files (what the command does).

Each input is read by its reader (:mod:`servicepolicy.io.tickets`,
:mod:`servicepolicy.io.calls`, :mod:`servicepolicy.io.roster`), whose rejected
rows go into the report with their line numbers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from servicepolicy import plugins
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError
from servicepolicy.io.rejected import RejectedLimit
from servicepolicy.io.tabular import ReadResult
from servicepolicy.policy.sections import Policy

__all__ = ["read_inputs", "rejected_problems", "roster_calendar"]


def roster_calendar(policy: Policy) -> BusinessCalendar:
    """The calendar a roster is judged on: the policy's first calendar, or the library's
    ``cn-office`` when the policy names none."""
    for name, section in policy.calendars.items():
        return section.build(name)
    return plugins.calendar("cn-office")


def _is_swaps(path: Path) -> bool:
    """Whether a request file holds swaps (a ``counterpart`` column) rather than leave;
    a file that cannot be opened is left to its reader to report."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    if line.lstrip().startswith("{"):
                        try:
                            return "counterpart" in json.loads(line)
                        except ValueError:
                            return False
                    return "counterpart" in re.split(r"[,;\t]", line.replace('"', ""))
    except OSError:
        return False
    return False


def _say(progress: TextIO | None, text: str) -> None:
    if progress is not None:
        print(text, file=progress, flush=True)


def read_inputs(
    policy: Policy,
    *,
    tickets: Path | None = None,
    calls: Path | None = None,
    surveys: Path | None = None,
    roster: Path | None = None,
    requests: Iterable[Path] = (),
    attendance: Path | None = None,
    hand_over_logs: Path | None = None,
    progress: TextIO | None = None,
    max_rejected: RejectedLimit | None = None,
) -> dict[str, Any]:
    """The keyword arguments of :meth:`Policy.check` read from files: ReadResults (so
    that the report lists the rejected rows) and the roster.

    :param roster: a directory holding ``employees`` and ``shifts`` files (``.csv`` or
        ``.jsonl``).
    :param requests: leave or swap request files; a file with a ``counterpart`` column
        holds swaps.
    :param progress: where to say what is being read, if anywhere.
    :param max_rejected: the rejected rows each file may have (``None``: any number).
    :raises DataFileError: listing every problem of every file at once: files missing,
        unreadable or of the wrong format, and files with more rejected rows than
        ``max_rejected`` allows (each rejected row with its file and line).

    .. versionchanged:: 0.3.0
       Every file's problems at once; ``max_rejected``.
    """
    from servicepolicy.io.attendance import (
        read_clock_records,
        read_hand_over_logs,
    )
    from servicepolicy.io.calls import read_calls, read_survey_responses
    from servicepolicy.io.roster import (
        read_leave_requests,
        read_roster,
        read_swap_requests,
    )
    from servicepolicy.io.tickets import read_ticket_events

    found: dict[str, Any] = {}
    problems: list[str] = []
    results: list[ReadResult[Any]] = []

    def attempt(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except DataFileError as error:
            problems.append(str(error))
            return None

    simple: tuple[tuple[str, Path | None, Callable[[Path], ReadResult[Any]]], ...] = (
        ("tickets", tickets, read_ticket_events),
        ("calls", calls, read_calls),
        ("surveys", surveys, read_survey_responses),
        ("attendance", attendance, read_clock_records),
        ("hand_over_logs", hand_over_logs, read_hand_over_logs),
    )
    for name, path, reader in simple:
        if path is not None:
            _say(progress, f"reading {name} from {path}")
            result = attempt(lambda reader=reader, path=path: reader(path))  # type: ignore[misc]
            if result is not None:
                found[name] = result
                results.append(result)
    if roster is not None:
        files = attempt(lambda: _roster_files(roster))
        if files is not None:
            _say(progress, f"reading the roster from {roster}")
            calendar = roster_calendar(policy)
            read = attempt(lambda: read_roster(files[0], files[1], calendar))
            if read is not None:
                found["roster"] = read.roster
                found["other_inputs"] = [("employees", read.employees), ("shifts", read.shifts)]
                results += [read.employees, read.shifts]
    requests = list(requests)
    if requests:
        records: list[Any] = []
        rejected: list[Any] = []
        for path in requests:
            _say(progress, f"reading requests from {path}")
            reader = read_swap_requests if _is_swaps(path) else read_leave_requests
            result = attempt(lambda reader=reader, path=path: reader(path))  # type: ignore[misc]
            if result is not None:
                records += result.records
                rejected += result.rejected
                results.append(result)
        found["requests"] = ReadResult(
            tuple(records), tuple(rejected), "request", ", ".join(map(str, requests))
        )
    if max_rejected is not None:
        problems += rejected_problems(results, max_rejected)
    if problems:
        raise DataFileError(
            "\n".join(problems), rejected=[row for r in results for row in r.rejected]
        )
    return found


def rejected_problems(results: Iterable[ReadResult[Any]], limit: RejectedLimit) -> list[str]:
    """For each result with more rejected rows than ``limit`` allows: a line saying so,
    then every rejected row (``file: line N: reason``).

    .. versionadded:: 0.3.0
    """
    problems = []
    for result in results:
        rows = len(result.records) + len(result.rejected)
        if limit.allows(rejected=len(result.rejected), rows=rows):
            continue
        name = result.source or result.what
        problems.append(
            f"{name}: {len(result.rejected)} of {rows} rows rejected, more than "
            f"max-rejected {limit} allows ({limit.allowed(rows)}):"
        )
        problems += [f"  {row.source or name}: {row}" for row in result.rejected]
    return problems


def _roster_files(directory: Path) -> tuple[Path, Path]:
    def one(stem: str) -> Path:
        for suffix in (".csv", ".jsonl", ".ndjson"):
            candidate = directory / f"{stem}{suffix}"
            if candidate.is_file():
                return candidate
        raise DataFileError(
            f"{directory}: expected a roster directory with {stem}.csv (or .jsonl)",
            source=str(directory),
        )

    if not directory.is_dir():
        raise DataFileError(
            f"{directory}: expected a roster directory with employees.csv and shifts.csv",
            source=str(directory),
        )
    return one("employees"), one("shifts")
