"""Applying an input mapping to rows: the per-file plan and the cell conversions (private).

:func:`build_plan` looks at a file's header once and returns a :class:`Plan`, whose
:meth:`~Plan.apply` turns each row into a row in the reader's own column names and
formats.  Columns that need no conversion are copied by one dict comprehension; only the
columns with a value table, a zone, a format, a duration unit or yes/no spellings call a
function.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from servicepolicy.io.sources import Bad

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = ["DEFAULT_BOOLEANS", "DURATION_FORMATS", "Plan", "build_plan"]

DEFAULT_BOOLEANS: Mapping[str, bool] = {
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "是": True,
    "否": False,
}
"""The yes/no spellings every mapping reads (compared case-folded)."""

DURATION_FORMATS = ("HH:MM:SS", "seconds", "minutes", "hours")
"""How a mapping's durations may be written."""

Convert = Callable[[str], str]
_CLOCK = re.compile(r"(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)")
_NUMBER = re.compile(r"\+?(?:\d+(?:\.\d*)?|\.\d+)")


def normal(header: str) -> str:
    """A header as compared: case-folded, without any whitespace."""
    return "".join(header.split()).casefold()


class Plan:
    """One file's way from its rows to ours (built by :func:`build_plan`)."""

    __slots__ = ("converted", "plain", "sources")

    def __init__(
        self,
        plain: list[tuple[str, str | None, str]],
        converted: list[tuple[str, str | None, str, Convert, str]],
    ) -> None:
        self.plain = plain
        self.converted = converted
        self.sources = {our: source for our, source, *_ in (*plain, *converted)}

    def apply(self, cells: Mapping[str, str]) -> tuple[dict[str, str], str | None]:
        """Our row from theirs, and what was wrong (``None``: nothing).  A cell that
        cannot be converted is kept as it was, its problem named by our column and theirs."""
        get = cells.get
        row = {
            our: (get(source) or default) if source else default
            for our, source, default in self.plain
        }
        problems = None
        for our, source, default, convert, label in self.converted:
            value = get(source) if source else None
            if not value:
                row[our] = default
                continue
            try:
                row[our] = convert(value)
            except Bad as problem:
                row[our] = value
                problems = [*(problems or ()), f"{label}: {problem}"]
        return row, "; ".join(problems) if problems else None


def _memo(convert: Convert, size: int = 4096) -> Convert:
    """``convert`` remembering its answers for the first ``size`` cells seen (a column of
    a few distinct values, a status or a yes/no, is converted once per value)."""
    seen: dict[str, str] = {}
    get = seen.get

    def remembered(value: str) -> str:
        found = get(value)
        if found is None:
            found = convert(value)
            if len(seen) < size:
                seen[value] = found
        return found

    return remembered


def _values(table: Mapping[str, str]) -> Convert:
    folded = {key.strip().casefold(): value for key, value in table.items()}
    known = ", ".join(repr(key) for key in table)

    def convert(value: str) -> str:
        found = folded.get(value.strip().casefold())
        if found is None:
            raise Bad(f"expected one of {known}, got {value[:40]!r}")
        return found

    return _memo(convert)


def _localise(parsed: datetime, zone: ZoneInfo, text: str) -> str:
    first, second = parsed.replace(tzinfo=zone), parsed.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise Bad(
            f"expected a local time that occurs exactly once in {zone.key} (a daylight-saving "
            f"change skips or repeats it), got {text!r}"
        )
    return first.isoformat()


def _instants(zone: ZoneInfo | None, formats: tuple[str, ...]) -> Convert:
    parse, strptime = datetime.fromisoformat, datetime.strptime
    naive = "an offset, or tz in the mapping for naive times (CAL-5)"

    iso_first = all(form.startswith("%Y-%m-%d") for form in formats)

    def convert(value: str) -> str:
        parsed = None
        if formats and iso_first:  # the formats read ISO dates the same way: try it first
            try:
                parsed = parse(value)
                if parsed.tzinfo is not None:
                    return value
            except ValueError:
                try:
                    parsed = parse(value.replace(" +", "+").replace(" -", "-"))
                except ValueError:
                    parsed = None
        if formats and parsed is None:
            for form in formats:
                try:
                    parsed = strptime(value, form)
                    break
                except ValueError:
                    continue
            if parsed is None:
                raise Bad(f"expected a time like {' or '.join(formats)}, got {value!r}")
        else:
            try:
                parsed = parse(value)
            except ValueError:
                raise Bad(f"expected an ISO 8601 datetime, got {value!r}") from None
            if parsed.tzinfo is not None:
                return value
        if parsed.tzinfo is not None:
            return parsed.isoformat()
        if zone is None:
            raise Bad(f"expected a time with {naive}, got {value!r}")
        return _localise(parsed, zone, value)

    return convert


def _seconds(value: float) -> str:
    value = round(value, 6)
    return str(int(value)) if value == int(value) else repr(value)


def _durations(unit: str) -> Convert:
    def clock(value: str) -> str:
        found = _CLOCK.fullmatch(value.strip())
        if found is None:
            raise Bad(f"expected a duration HH:MM:SS, got {value!r}")
        hours, minutes, seconds = found.groups()
        return _seconds(int(hours) * 3600 + int(minutes) * 60 + float(seconds))

    factor = {"minutes": 60, "hours": 3600}.get(unit, 1)

    def scaled(value: str) -> str:
        if not _NUMBER.fullmatch(value.strip()):
            raise Bad(f"expected a number of {unit} >= 0, got {value!r}")
        return _seconds(float(value) * factor)

    return _memo(clock if unit == "HH:MM:SS" else scaled)


def _flags(extra: Mapping[str, bool]) -> Convert:
    table = {**DEFAULT_BOOLEANS, **{key.strip().casefold(): value for key, value in extra.items()}}
    spellings = "/".join(table)

    def convert(value: str) -> str:
        found = table.get(value.strip().casefold())
        if found is None:
            raise Bad(f"expected yes or no ({spellings}), got {value[:20]!r}")
        return "true" if found else "false"

    return _memo(convert)


def _chain(first: Convert | None, second: Convert | None) -> Convert | None:
    if first is None or second is None:
        return first or second
    return lambda value: second(first(value))


def _ignored(header: str, patterns: list[str]) -> bool:
    folded = header.casefold()
    return any(fnmatch.fnmatchcase(folded, pattern) for pattern in patterns)


def build_plan(
    mapping: InputMapping,
    header: list[str],
    columns: tuple[str, ...],
    required: tuple[str, ...],
    ignore_columns: tuple[str, ...],
    instants: frozenset[str],
    durations: frozenset[str],
    flags: frozenset[str],
) -> Plan:
    """The plan of ``mapping`` (its preset merged) for a file whose header is ``header``;
    :class:`Bad` lists every problem of the header at once."""
    problems: list[str] = []
    ours = set(columns)
    tables = {
        "columns": mapping.columns,
        "values": mapping.values,
        "formats": mapping.formats,
        "durations": mapping.durations,
        "defaults": mapping.defaults,
    }
    for name, table in tables.items():
        strange = [key for key in table if key not in ours]
        if strange:
            problems.append(f"mapping {name}: not columns of this file: {', '.join(strange)}")
    for name, table, kinds in (
        ("formats", mapping.formats, instants),
        ("durations", mapping.durations, durations),
    ):
        wrong = [key for key in table if key in ours and key not in kinds]
        if wrong:
            problems.append(
                f"mapping {name}: these columns hold no {name[:-1]}: {', '.join(wrong)}"
            )
    index: dict[str, str] = {}
    twice: set[str] = set()
    for cell in header:
        key = normal(cell)
        if key in index:
            twice.add(key)
        index.setdefault(key, cell)
    used: dict[str, str] = {}
    zone = ZoneInfo(mapping.tz) if mapping.tz else None
    plain: list[tuple[str, str | None, str]] = []
    converted: list[tuple[str, str | None, str, Convert, str]] = []
    missing = []
    # A header mapped onto one of our columns is not also read as the column of ours it
    # is named like (Genesys' "Abandoned", a yes/no, is not our ``abandoned`` instant).
    claimed = {
        normal(theirs) for our, theirs in mapping.columns.items() if normal(our) != normal(theirs)
    }
    for our in columns:
        theirs = mapping.columns.get(our, our)
        if our not in mapping.columns and normal(our) in claimed:
            theirs = "\0"  # matches no header
        source = index.get(normal(theirs))
        default = mapping.defaults.get(our, "")
        if source is None:
            if our in required and not default:
                missing.append(our if theirs == our else f"{theirs!r} ({our})")
            if default:
                plain.append((our, None, default))
            continue
        if normal(theirs) in twice:
            problems.append(f"columns named twice: {source!r}")
        used[normal(source)] = our
        convert = _values(mapping.values[our]) if our in mapping.values else None
        if our in instants and (zone is not None or our in mapping.formats):
            formats = tuple(mapping.formats.get(our, ()))
            convert = _chain(convert, _instants(zone, formats))
        elif our in durations and mapping.durations.get(our, "seconds") != "seconds":
            convert = _chain(convert, _durations(mapping.durations[our]))
        elif our in flags:
            convert = _chain(convert, _flags(mapping.booleans))
        label = our if normal(source) == normal(our) else f"{our} (column {source!r})"
        if convert is None:
            plain.append((our, source, default))
        else:
            converted.append((our, source, default, convert, label))
    if missing:
        problems.insert(0, f"missing columns: {', '.join(missing)}")
    patterns = [p.casefold() for p in (*mapping.ignore_columns, *ignore_columns)]
    unknown = [c for c in header if normal(c) not in used and not _ignored(c, patterns)]
    if unknown:
        problems.append(
            f"unknown columns: {', '.join(map(repr, unknown))} (map them in columns, or add "
            "them to ignore_columns)"
        )
    if problems:
        raise Bad("; ".join(problems) + f" (columns: {', '.join(columns)})")
    return Plan(plain, converted)
