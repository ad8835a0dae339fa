"""``servicepolicy map FILE``: a mapping to start from, for a file as it was exported.

The command reads the file's header and first rows, recognises a preset by its columns
(the preset whose mapped columns the header holds, most of them first) or else guesses
which input the file is and which of its columns is which of ours (our names and a few
synonyms, whatever their case and spaces), and prints the mapping as TOML.  What it
could not place is flagged in TOML comments (``# CHECK: ...``): a column none of ours
fits (put in ``ignore_columns``, to be read or dropped knowingly), a required column of
ours it did not find, and times without an offset when no ``--tz`` names their zone (the
zone is never guessed, CAL-5).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from servicepolicy.errors import DataFileError

__all__ = ["PRESET_INPUTS", "SYNONYMS", "guess_mapping", "map_command"]

EXIT_OK = 0

PRESET_INPUTS = {
    "zendesk": "tickets",
    "freshdesk": "tickets",
    "jira_sm": "tickets",
    "genesys": "calls",
    "roster_long": "roster",
    "roster_wide": "roster",
    "requests_sheet": "requests",
}
"""The input (``--map INPUT=...``) each preset maps."""

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "ticket": ("id", "ticket id", "ticket number", "number", "issue key", "key", "case id"),
    "opened": ("created", "created at", "created time", "creation date", "opened at", "date"),
    "resolved": ("solved at", "resolved at", "resolved time", "resolution date", "solved"),
    "closed": ("closed at", "closed time", "close date"),
    "updated": ("updated at", "last update time", "last updated", "modified"),
    "first_response": ("first reply", "first reply at", "first response at", "responded at"),
    "customer": ("requester", "reporter", "contact", "contact id", "customer id", "client"),
    "by": ("assignee", "agent", "owner", "handled by"),
    "status": ("state",),
    "priority": ("severity", "urgency"),
    "kind": ("type", "ticket type", "issue type", "category"),
    "channel": ("source", "via", "medium"),
    "offered": ("start time", "started", "call start", "start"),
    "answered": ("answer time", "answered at"),
    "ended": ("end time", "ended at", "call end"),
    "direction": ("call type", "inbound/outbound"),
    "talk_seconds": ("talk time", "talk", "total talk"),
    "hold_seconds": ("hold time", "hold", "total hold"),
    "acw_seconds": ("acw", "wrap up", "after call work"),
    "wait_seconds": ("queue time", "wait time", "total queue"),
    "was_abandoned": ("abandoned",),
    "employee": ("agent", "name", "staff", "employee id", "employee name"),
    "team": ("group", "team name"),
    "date": ("day", "shift date"),
}
"""Their usual names for our columns, tried after our own names."""

_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")
_DATETIME = re.compile(r"\d{1,4}[-/.]\w{1,3}[-/.]\d{1,4}[ T]\d{1,2}:\d\d")


def _normal(text: str) -> str:
    return "".join(text.split()).casefold()


def _head(
    path: Path, rows: int, encoding: str | None = None
) -> tuple[list[str], list[dict[str, str]], str]:
    """The header, the first ``rows`` rows (as header → cell) and the delimiter."""
    try:
        with path.open(encoding=encoding or "utf-8-sig", errors="replace", newline="") as handle:
            lines = [line for _, line in zip(range(rows + 1), handle, strict=False)]
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read: {error.strerror}", source=str(path)) from None
    except LookupError:
        raise DataFileError(f"{path}: unknown encoding {encoding!r}", source=str(path)) from None
    if not lines:
        raise DataFileError(f"{path}: line 1: expected a header, got nothing", source=str(path))
    delimiter = max(",;\t|", key=lambda d: lines[0].count(d))
    table = list(csv.reader(io.StringIO("".join(lines)), delimiter=delimiter))
    header = [cell.strip() for cell in table[0]]
    return header, [dict(zip(header, row, strict=False)) for row in table[1:]], delimiter


def _is_date(text: str) -> bool:
    from datetime import datetime

    from servicepolicy.io.roster_sheets import DATE_FORMATS

    for form in DATE_FORMATS:
        try:
            datetime.strptime(text.strip(), form)
        except ValueError:
            continue
        return True
    return False


def _recognise(header: list[str]) -> tuple[str, int, int] | None:
    """The preset whose mapped columns the header holds (at least two thirds of them),
    with how many it found of how many."""
    from servicepolicy.io.mapping import load_preset, preset_names

    have = {_normal(cell) for cell in header}
    dated = sum(_is_date(cell) for cell in header)
    best: tuple[float, int, str, int] | None = None
    for name in preset_names():
        columns = load_preset(name).columns
        wanted = {_normal(theirs) for theirs in columns.values()}
        if name == "roster_wide" and not dated:
            continue
        if name == "requests_sheet":  # a leave sheet or a swap sheet
            from servicepolicy.io.requests import LEAVE_COLUMNS, SWAP_COLUMNS

            wanted = max(
                (
                    {_normal(columns[c]) for c in kind if c in columns}
                    for kind in (LEAVE_COLUMNS, SWAP_COLUMNS)
                ),
                key=lambda w: len(w & have),
            )
        found = len(wanted & have)
        score = (found / len(wanted), found, name, len(wanted))
        if found / len(wanted) >= 2 / 3 and (best is None or score[:2] > best[:2]):
            best = score
    return None if best is None else (best[2], best[1], best[3])


def _naive_times(rows: list[dict[str, str]], columns: list[str]) -> str | None:
    """A sample cell among ``columns`` holding a date and time without an offset."""
    for row in rows:
        for column in columns:
            cell = (row.get(column) or "").strip()
            if _DATETIME.match(cell) and not _OFFSET.search(cell):
                return cell
    return None


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def guess_mapping(header: list[str]) -> tuple[str, dict[str, str], list[str], list[str]]:
    """Which input a header is, its columns (ours → theirs), the columns not placed and
    the required columns of ours not found."""
    from servicepolicy.io.calls import CALL_COLUMNS, QUEUE_COLUMNS
    from servicepolicy.io.requests import LEAVE_COLUMNS, SWAP_COLUMNS
    from servicepolicy.io.roster_sheets import SHEET_COLUMNS
    from servicepolicy.io.snapshots import SNAPSHOT_COLUMNS, SNAPSHOT_REQUIRED

    inputs = {
        "tickets": (SNAPSHOT_COLUMNS, SNAPSHOT_REQUIRED),
        "calls": ((*CALL_COLUMNS, *QUEUE_COLUMNS), ("direction", "offered")),
        "roster": (SHEET_COLUMNS, SHEET_COLUMNS[:4]),
        "requests": (LEAVE_COLUMNS, LEAVE_COLUMNS[:7]),
        "swaps": (SWAP_COLUMNS, SWAP_COLUMNS[:7]),
    }
    best: tuple[int, str, dict[str, str]] | None = None
    for name, (columns, _) in inputs.items():
        placed: dict[str, str] = {}
        taken: set[str] = set()
        for rounds in ((lambda our: (our,)), (lambda our: SYNONYMS.get(our, ()))):
            for our in columns:
                if our in placed:
                    continue
                for word in rounds(our):
                    cell = next(
                        (c for c in header if _normal(c) == _normal(word) and c not in taken),
                        None,
                    )
                    if cell is not None:
                        placed[our] = cell
                        taken.add(cell)
                        break
        if best is None or len(placed) > best[0]:
            best = (len(placed), name, placed)
    assert best is not None
    _, name, placed = best
    columns, required = inputs[name]
    unplaced = [c for c in header if c not in placed.values()]
    missing = [our for our in required if our not in placed]
    return ("requests" if name == "swaps" else name), placed, unplaced, missing


def map_command(args: argparse.Namespace, out: TextIO) -> int:
    """Print a mapping to start from for ``args.file`` (see the module)."""
    from servicepolicy.io.mapping import load_preset

    path: Path = args.file
    header, rows, delimiter = _head(path, args.rows, args.encoding)
    lines = [f"# servicepolicy map {path.name}: {len(header)} columns, delimiter {delimiter!r}"]
    found = _recognise(header)
    if found is not None:
        preset, hits, total = found
        mapping = load_preset(preset)
        use = PRESET_INPUTS.get(preset, "INPUT")
        lines.append(f"# recognised: the {preset} preset ({hits} of its {total} columns found)")
        if use == "roster":  # `check --roster` reads a directory of employees and shifts
            reader = "read_wide_roster" if preset == "roster_wide" else "read_shift_sheet"
            lines.append(
                f"# use: servicepolicy.io.roster_sheets.{reader}(FILE, mapping=load_mapping("
                "THIS_FILE.toml)); check --roster reads a directory (employees, shifts)"
            )
        else:
            lines.append(f"# use: --map {use}=THIS_FILE.toml (or --map {use}={preset})")
        lines.append(f"preset = {_toml(preset)}")
        instants = [
            c for c in header if _normal(c) in {_normal(v) for v in mapping.columns.values()}
        ]
        from fnmatch import fnmatch

        mapped = {_normal(v) for v in mapping.columns.values()}
        unplaced = [
            c
            for c in header
            if _normal(c) not in mapped
            and not (preset == "roster_wide" and _is_date(c))
            and not any(fnmatch(_normal(c), _normal(p)) for p in mapping.ignore_columns)
        ]
        missing: list[str] = []
        columns: dict[str, str] = {}
    else:
        use, columns, unplaced, missing = guess_mapping(header)
        lines += [
            f"# no preset recognised: guessed as {use} (our column = their column)",
            f"# use: --map {use}=THIS_FILE.toml",
        ]
        if use == "tickets":
            lines.append('lifecycle = "snapshot"  # one row per ticket')
        instants = list(columns.values())
    zone_sample = _naive_times(rows, instants)
    if args.encoding is not None:
        lines.append(f"encoding = {_toml(args.encoding)}")
    if args.tz is not None:
        lines.append(f"tz = {_toml(args.tz)}")
    elif zone_sample is not None:
        lines.append(
            f"# CHECK: times without an offset ({zone_sample!r}): name their zone, "
            'tz = "Area/City" or --tz (CAL-5: never guessed)'
        )
    if unplaced:
        lines.append(f"# CHECK: not placed, read by no column of ours: {', '.join(unplaced)}")
        lines.append(f"ignore_columns = [{', '.join(_toml(c) for c in unplaced)}]")
    for our in missing:
        lines.append(f"# CHECK: no column found for {our} (required): add it to [columns]")
    if columns:
        lines.append("")
        lines.append("[columns]")
        lines += [f"{our} = {_toml(theirs)}" for our, theirs in columns.items()]
    print("\n".join(lines), file=out)
    return EXIT_OK
