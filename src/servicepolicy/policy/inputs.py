"""Reading the data a policy is checked against, from files (what the command does).

Each input is read by its reader (:mod:`servicepolicy.io.tickets`,
:mod:`servicepolicy.io.calls`, :mod:`servicepolicy.io.roster`), whose rejected
rows go into the report with their line numbers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from servicepolicy import plugins
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError
from servicepolicy.io.tabular import ReadResult
from servicepolicy.policy.sections import Policy

__all__ = ["read_inputs", "roster_calendar"]


def roster_calendar(policy: Policy) -> BusinessCalendar:
    """The calendar a roster is judged on: the policy's first calendar, or the library's
    ``cn-office`` when the policy names none."""
    for name, section in policy.calendars.items():
        return section.build(name)
    return plugins.calendar("cn-office")


def _is_swaps(path: Path) -> bool:
    """Whether a request file holds swaps (a ``counterpart`` column) rather than leave."""
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                if path.suffix.lower() in (".jsonl", ".ndjson"):
                    try:
                        return "counterpart" in json.loads(line)
                    except ValueError:
                        return False
                return "counterpart" in line.split(",")
                break
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
) -> dict[str, Any]:
    """The keyword arguments of :meth:`Policy.check` read from files: ReadResults (so
    that the report lists the rejected rows) and the roster.

    :param roster: a directory holding ``employees`` and ``shifts`` files (``.csv`` or
        ``.jsonl``).
    :param requests: leave or swap request files; a file with a ``counterpart`` column
        holds swaps.
    :param progress: where to say what is being read, if anywhere.
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
    simple = (
        ("tickets", tickets, read_ticket_events),
        ("calls", calls, read_calls),
        ("surveys", surveys, read_survey_responses),
        ("attendance", attendance, read_clock_records),
        ("hand_over_logs", hand_over_logs, read_hand_over_logs),
    )
    for name, path, reader in simple:
        if path is not None:
            _say(progress, f"reading {name} from {path}")
            found[name] = reader(path)
    if roster is not None:
        employees, shifts = _roster_files(roster)
        _say(progress, f"reading the roster from {roster}")
        read = read_roster(employees, shifts, roster_calendar(policy))
        found["roster"] = read.roster
        found["other_inputs"] = [("employees", read.employees), ("shifts", read.shifts)]
    requests = list(requests)
    if requests:
        results: list[ReadResult[Any]] = []
        for path in requests:
            _say(progress, f"reading requests from {path}")
            results.append(
                read_swap_requests(path) if _is_swaps(path) else read_leave_requests(path)
            )
        # One ReadResult per file, so that each request keeps its file and line.
        found["requests"] = results[0] if len(results) == 1 else results
    return found


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
