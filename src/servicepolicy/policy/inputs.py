"""Reading the data a policy is checked against, from files (what the command does).

Each input is read by its reader (:mod:`servicepolicy.io.tickets`,
:mod:`servicepolicy.io.calls`, :mod:`servicepolicy.io.roster`), whose rejected
rows go into the report with their line numbers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import attrs

from servicepolicy import plugins
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import DataFileError, PolicyFileError
from servicepolicy.io.mapping import INPUTS, InputMapping, load_preset, mapping_from_dict
from servicepolicy.io.rejected import RejectedLimit
from servicepolicy.io.tabular import ReadResult
from servicepolicy.policy import _locate
from servicepolicy.policy.checks import policy_tiers
from servicepolicy.policy.sections import Policy

__all__ = [
    "input_mappings",
    "load_mapping",
    "read_inputs",
    "rejected_problems",
    "roster_calendar",
]


def roster_calendar(policy: Policy) -> BusinessCalendar:
    """The calendar a roster is judged on: the policy's first calendar, or the library's
    ``cn-office`` when the policy names none."""
    for name, section in policy.calendars.items():
        return section.build(name)
    return plugins.calendar("cn-office")


def _is_swaps(path: Path, mapping: InputMapping | None = None) -> bool:
    """Whether a request file holds swaps (a ``counterpart`` column, or the column the
    mapping names for it) rather than leave."""
    column, encoding = "counterpart", "utf-8-sig"
    if mapping is not None:
        resolved = mapping.resolved()
        column = resolved.columns.get("counterpart", column)
        encoding = resolved.encoding or encoding
    wanted = "".join(column.split()).casefold()
    if path.suffix.lower() == ".parquet":
        return wanted in {"".join(k.split()).casefold() for k in _parquet_columns(path)}
    try:
        handle = path.open(encoding=encoding, errors="replace")
    except (OSError, LookupError):
        return False  # its reader reports the file
    with handle:
        for line in handle:
            if line.strip():
                if path.suffix.lower() in (".jsonl", ".ndjson"):
                    try:
                        keys = list(json.loads(line))
                    except (ValueError, TypeError):
                        return False
                else:
                    keys = re.split(r"[,;\t|]", line)
                return wanted in {"".join(k.strip('" ').split()).casefold() for k in keys}
    return False


def _parquet_columns(path: Path) -> list[str]:
    """A Parquet file's column names (none if it cannot be read: its reader reports it)."""
    try:
        import pyarrow.parquet as pq

        return [str(name) for name in pq.ParquetFile(path).schema_arrow.names]
    except Exception:  # no pyarrow, not Parquet: the reader says which
        return []


def _say(progress: TextIO | None, text: str) -> None:
    if progress is not None:
        print(text, file=progress, flush=True)


def load_mapping(where: str | os.PathLike[str]) -> InputMapping:
    """A mapping file (TOML, the fields of an ``[inputs.NAME]`` table at the top) or, for
    a name that is not a file, the preset of that name.

    :raises PolicyFileError: the file cannot be read, or every problem with its line.
    :raises InvalidArgumentError: no such file and no such preset.

    .. versionadded:: 0.2.0
    """
    path = Path(where)
    if not path.suffix and not path.exists():
        load_preset(str(where))  # raises, naming the presets, for an unknown one
        return InputMapping(preset=str(where))
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PolicyFileError(source, [f"{source}: cannot be read: {error}"]) from None
    mapping, problems = mapping_from_dict(document)
    if mapping is None:
        lines = _locate.toml_lines(text)
        texts = []
        for at, message in problems:
            line = _locate.line_of(lines, at)
            texts.append(f"{source}:{line or 1} [{'.'.join(at)}]: {message}")
        raise PolicyFileError(source, texts)
    return mapping


def input_mappings(
    policy: Policy,
    overrides: Mapping[str, InputMapping] | None = None,
    *,
    tz: str | None = None,
    encoding: str | None = None,
) -> dict[str, InputMapping]:
    """The mapping of each input: the policy's ``[inputs.NAME]`` tables, replaced by
    ``overrides`` (the command's ``--map``); ``tz`` and ``encoding`` (``--tz``,
    ``--encoding``) set on every input's mapping.

    .. versionadded:: 0.2.0
    """
    found = {**policy.inputs, **(overrides or {})}
    if tz is not None or encoding is not None:
        fields: dict[str, Any] = {
            k: v for k, v in (("tz", tz), ("encoding", encoding)) if v is not None
        }
        for name in INPUTS:
            found[name] = attrs.evolve(found.get(name, InputMapping()), **fields)
    return found


def _tiers(policy: Policy) -> tuple[str, ...] | None:
    scheme = policy.plugin_set().tier_schemes().get(policy.tiers)
    return None if scheme is None else policy_tiers(scheme)


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
    mappings: Mapping[str, InputMapping] | None = None,
    now: datetime | None = None,
    check_tiers: bool | None = None,
    max_rejected: RejectedLimit | None = None,
    bulk: bool = True,
) -> dict[str, Any]:
    """The keyword arguments of :meth:`Policy.check` read from files: ReadResults (so
    that the report lists the rejected rows) and the roster.

    :param roster: a directory holding ``employees`` and ``shifts`` files (``.csv`` or
        ``.jsonl``).
    :param requests: leave or swap request files; a file with a ``counterpart`` column
        holds swaps.
    :param progress: where to say what is being read, if anywhere.
    :param mappings: the mapping of each input (default: the policy's ``inputs``); a
        tickets mapping with ``lifecycle = "snapshot"`` reads one row per ticket
        (:func:`~servicepolicy.io.snapshots.read_ticket_snapshots`).  Tiers in the
        tickets are checked against the policy's tier scheme.
    :param now: the instant of the check: a snapshot row with a later time is rejected.
    :param check_tiers: reject ticket rows whose tier is not a tier of the policy's
        scheme (TIER-2); ``None`` (the default): only for tickets read through a mapping,
        whose ``values`` table turns a vendor's spellings into the scheme's names.  Own-format
        files are not checked by default because the library's sample month gives its
        ordinary customers the tier ``general``, outside the ``key_accounts`` scheme.

    :param max_rejected: the rejected rows each file may have (``None``: any number).
    :param bulk: read a calls file without a mapping in Arrow batches straight into the
        call KPIs' counts when pyarrow is installed
        (:func:`~servicepolicy.io.calls_arrow.read_calls_bulk`): the same report, in a
        fraction of the time and flat memory; and read an own-format ticket events file
        (JSON Lines, CSV, Parquet) in bulk
        (:func:`~servicepolicy.io.tickets_arrow.read_ticket_events_bulk`), the same
        tickets and rejected rows; ``False`` for the row readers.
    :raises DataFileError: listing every problem of every file at once: files missing,
        unreadable or of the wrong format, and files with more rejected rows than
        ``max_rejected`` allows (each rejected row with its file and line).

    .. versionchanged:: 0.2.0
       ``mappings``, ``now`` and ``max_rejected``; every file's problems at once.
    """
    from servicepolicy.io.attendance import read_clock_records, read_hand_over_logs
    from servicepolicy.io.calls import read_calls, read_survey_responses
    from servicepolicy.io.requests import LEAVE_COLUMNS, SWAP_COLUMNS
    from servicepolicy.io.roster import read_leave_requests, read_roster, read_swap_requests
    from servicepolicy.io.snapshots import read_ticket_snapshots
    from servicepolicy.io.tickets import read_ticket_events

    maps = dict(policy.inputs if mappings is None else mappings)
    found: dict[str, Any] = {}
    problems: list[str] = []
    results: list[Any] = []  # ReadResults, and BulkCalls for calls counted in bulk

    def attempt(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except DataFileError as error:
            problems.append(str(error))
            return None

    if tickets is not None:
        _say(progress, f"reading tickets from {tickets}")
        mapping = maps.get("tickets")
        check = mapping is not None if check_tiers is None else check_tiers
        tiers = _tiers(policy) if check else None
        if mapping is not None and mapping.resolved().lifecycle == "snapshot":
            result = attempt(
                lambda: read_ticket_snapshots(tickets, mapping=mapping, now=now, tiers=tiers)
            )
        else:
            result = None
            if bulk and mapping is None:
                result = _bulk_tickets(tickets, tiers)
            if result is None:
                result = attempt(lambda: read_ticket_events(tickets, mapping=mapping, tiers=tiers))
        if result is not None:
            found["tickets"] = result
            results.append(result)
    simple: tuple[tuple[str, Path | None, Any], ...] = (
        ("calls", calls, read_calls),
        ("surveys", surveys, read_survey_responses),
        ("attendance", attendance, read_clock_records),
        ("hand_over_logs", hand_over_logs, read_hand_over_logs),
    )
    for name, path, reader in simple:
        if path is not None:
            _say(progress, f"reading {name} from {path}")
            result = None
            if name == "calls" and bulk and maps.get(name) is None:
                result = _bulk_calls(policy, path)
            if result is None:
                result = attempt(functools.partial(reader, path, mapping=maps.get(name)))
            if result is not None:
                found[name] = result
                results.append(result)
    if roster is not None:
        files = attempt(lambda: _roster_files(roster))
        if files is not None:
            _say(progress, f"reading the roster from {roster}")
            calendar = roster_calendar(policy)
            read = attempt(
                lambda: read_roster(files[0], files[1], calendar, mapping=maps.get("roster"))
            )
            if read is not None:
                found["roster"] = read.roster
                found["other_inputs"] = [("employees", read.employees), ("shifts", read.shifts)]
                results += [read.employees, read.shifts]
    requests = list(requests)
    if requests:
        per_file: list[ReadResult[Any]] = []
        request_map = maps.get("requests")
        for path in requests:
            _say(progress, f"reading requests from {path}")
            swaps = _is_swaps(path, request_map)
            mapping = None
            if request_map is not None:
                mine, other = (
                    (SWAP_COLUMNS, LEAVE_COLUMNS) if swaps else (LEAVE_COLUMNS, SWAP_COLUMNS)
                )
                mapping = request_map.restricted(mine, also=other)
            reader = read_swap_requests if swaps else read_leave_requests
            result = attempt(functools.partial(reader, path, mapping=mapping))
            if result is not None:
                per_file.append(result)
                results.append(result)
        # One ReadResult per file, so that each request keeps its file and line.
        if per_file:
            found["requests"] = per_file[0] if len(per_file) == 1 else per_file
    if max_rejected is not None:
        problems += rejected_problems(results, max_rejected)
    if problems:
        raise DataFileError(
            "\n".join(problems), rejected=[row for r in results for row in r.rejected]
        )
    return found


def _bulk_tickets(path: Path, tiers: Any) -> Any:
    """The ticket events of ``path`` read in bulk, or ``None`` (the row reader reads them):
    the same result (:func:`~servicepolicy.io.tickets_arrow.read_ticket_events_bulk`)."""
    from servicepolicy.io.tickets_arrow import read_ticket_events_bulk

    return read_ticket_events_bulk(path, tiers=tiers)


def _bulk_calls(policy: Policy, path: Path) -> Any:
    """The calls of ``path`` counted in bulk, or ``None`` (the row reader reads them)."""
    from servicepolicy.io.calls_arrow import read_calls_bulk
    from servicepolicy.policy.check import call_accumulator

    accumulator = call_accumulator(policy)
    if accumulator is None:
        return None
    return read_calls_bulk(path, lambda: call_accumulator(policy) or accumulator)


def rejected_problems(results: Iterable[ReadResult[Any]], limit: RejectedLimit) -> list[str]:
    """For each result with more rejected rows than ``limit`` allows: a line saying so,
    then every rejected row (``file: line N: reason``).

    .. versionadded:: 0.3.0
    """
    problems = []
    for result in results:
        rows = _rows(result.records) + len(result.rejected)
        if limit.allows(rejected=len(result.rejected), rows=rows):
            continue
        name = result.source or result.what
        problems.append(
            f"{name}: {len(result.rejected)} of {rows} rows rejected, more than "
            f"max-rejected {limit} allows ({limit.allowed(rows)}):"
        )
        problems += [f"  {row.source or name}: {row}" for row in result.rejected]
    return problems


def _rows(records: Any) -> int:
    return records if isinstance(records, int) else len(records)


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
