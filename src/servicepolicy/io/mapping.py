"""Input mappings: the exports people already have, read as the library's own files.

An :class:`InputMapping` says how a file of a help desk, a telephony system or a
spreadsheet maps onto a reader's columns: which of its columns is which of ours, how its
values, times, durations and yes/no cells are written, its encoding and delimiter.  Every
reader takes one (``mapping=``); a policy file holds them in ``[inputs.tickets]``,
``[inputs.calls]`` … tables; a preset (``preset = "zendesk"``) is a mapping shipped with
the library as a TOML file (:func:`load_preset`), under which the explicit fields are
merged.

The mapping is applied to each row before the reader sees it (one transformation point,
:meth:`InputMapping.plan`): a row becomes a row in our column names and formats, or is
rejected naming the column and what was expected.

>>> import io
>>> from servicepolicy.io.calls import read_calls
>>> mapping = InputMapping(
...     columns={"offered": "Start Time", "answered": "Answer Time", "talk_seconds": "Talk Time",
...              "direction": "Type"},
...     values={"direction": {"Inbound": "inbound", "Outbound": "outbound"}},
...     tz="Asia/Shanghai",
...     durations={"talk_seconds": "HH:MM:SS"},
...     ignore_columns=("Notes",),
... )
>>> text = '''Type,Start Time,Answer Time,Talk Time,Notes
... INBOUND,2026-11-03 09:00:00,2026-11-03 09:00:12,00:03:05,
... sideways,2026-11-03 09:05:00,2026-11-03 09:05:09,00:01:00,
... '''
>>> result = read_calls(io.StringIO(text), mapping=mapping)
>>> call = result.records[0]
>>> call.wait_seconds, call.talk_seconds
(12.0, 185)
>>> print(result.rejected[0])
line 3: direction (column 'Type'): expected one of 'Inbound', 'Outbound', got 'sideways'

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

import attrs

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.io._mapping_plan import DEFAULT_BOOLEANS, DURATION_FORMATS, Plan, build_plan

__all__ = [
    "DEFAULT_BOOLEANS",
    "DURATION_FORMATS",
    "INPUTS",
    "PRESETS",
    "InputMapping",
    "Plan",
    "load_preset",
    "mapping_from_dict",
    "preset_names",
]

INPUTS = ("tickets", "calls", "roster", "requests", "attendance", "surveys", "customers")
"""The inputs a policy file may map (``[inputs.NAME]``)."""

PRESETS = "presets"
"""The folder of :mod:`servicepolicy.io` holding the presets, one ``NAME.toml`` each."""

DurationFormat = Literal["HH:MM:SS", "seconds", "minutes", "hours"]
Lifecycle = Literal["strict", "snapshot"]


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)  # type: ignore[arg-type]


def _formats(value: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    return {name: _texts(formats) for name, formats in value.items()}


def _tables(value: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return {name: dict(table) for name, table in value.items()}


@attrs.frozen
class InputMapping:
    """How one input file maps onto a reader's columns (see the module).

    :param preset: the name of a preset (:func:`preset_names`) merged under the fields
        given here (a field given here replaces the preset's; tables are merged key by key).
    :param columns: our column → their column header; headers match whatever their case
        and spaces (``"Created at"`` matches ``CREATED AT`` and ``CreatedAt``).
        A column of ours the file names itself needs no entry.
    :param values: our column → {their value → our value}; their values are compared
        case-folded and stripped; a value not in the table rejects the row with the list
        of known ones (an empty cell stays empty).  This makes any vendor vocabulary
        readable: statuses, priorities, channels, ticket kinds, tiers, leave kinds
        (``annual = "personal"``).
    :param tz: the IANA zone of naive timestamps (CAL-5: without it a naive time is
        rejected, never guessed); a local time that a daylight-saving change skips or
        repeats is rejected.
    :param formats: our column → a ``strptime`` format, or a list tried in order
        (``"%d/%m/%Y %H:%M"``); by default ISO 8601.
    :param durations: our column → ``"HH:MM:SS"``, ``"seconds"``, ``"minutes"`` or
        ``"hours"`` (our files hold seconds).
    :param booleans: extra spellings of yes and no, ``{"ja": true, "nein": false}``, added
        to ``DEFAULT_BOOLEANS`` (``YES/NO``, ``Y/N``, ``TRUE/FALSE``, ``1/0``, ``是/否``).
    :param encoding: the file's text encoding (``utf-8-sig``, ``gb18030``, ``utf-16``);
        by default UTF-8 with an optional byte-order mark.
    :param delimiter: the CSV delimiter; by default sniffed from the header line among
        ``,`` ``;`` tab and ``|``.
    :param ignore_columns: their columns that are not read; ``fnmatch`` patterns, any case
        (``"Custom field *"``; ``"*"`` ignores every column not mapped).
    :param lifecycle: for tickets, ``"strict"`` (one row per event, the full lifecycle)
        or ``"snapshot"`` (one row per ticket, :mod:`servicepolicy.io.snapshots`); by
        default strict.
    :param defaults: our column → a constant for rows where it is empty or the file has
        no such column (``channel = "email"``).

    .. versionadded:: 0.2.0
    """

    preset: str | None = None
    columns: Mapping[str, str] = attrs.field(factory=dict, converter=dict)
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_tables)
    tz: str | None = None
    formats: Mapping[str, str | tuple[str, ...]] = attrs.field(factory=dict, converter=_formats)
    durations: Mapping[str, DurationFormat] = attrs.field(factory=dict, converter=dict)
    booleans: Mapping[str, bool] = attrs.field(factory=dict, converter=dict)
    encoding: str | None = None
    delimiter: str | None = None
    ignore_columns: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    lifecycle: Lifecycle | None = None
    defaults: Mapping[str, str] = attrs.field(factory=dict, converter=dict)

    def resolved(self) -> InputMapping:
        """This mapping with its preset merged under it (itself if it names none).

        :raises InvalidArgumentError: an unknown preset.
        """
        if self.preset is None:
            return self
        return merge(load_preset(self.preset).resolved(), self)

    def restricted(self, columns: tuple[str, ...], also: tuple[str, ...] = ()) -> InputMapping:
        """This mapping (its preset merged) without the table entries for the columns in
        ``also`` that are not in ``columns``: one mapping for two files read together
        (employees and shifts), each file taking its own entries; an entry for neither
        is kept, so that it is still refused."""
        mapping = self.resolved()
        drop = set(also) - set(columns)

        def keep(table: Mapping[str, Any]) -> dict[str, Any]:
            return {key: value for key, value in table.items() if key not in drop}

        return attrs.evolve(
            mapping,
            columns=keep(mapping.columns),
            values=keep(mapping.values),
            formats=keep(mapping.formats),
            durations=keep(mapping.durations),
            defaults=keep(mapping.defaults),
        )

    def plan(
        self,
        header: list[str],
        columns: tuple[str, ...],
        required: tuple[str, ...],
        *,
        ignore_columns: tuple[str, ...] = (),
        instants: frozenset[str] = frozenset(),
        durations: frozenset[str] = frozenset(),
        flags: frozenset[str] = frozenset(),
    ) -> Plan:
        """How to turn each row with ``header`` into a row in our ``columns`` (computed once
        per file, then applied to every row with :meth:`Plan.apply`).

        :param columns: every column of the reader; ``required`` those it needs.
        :param instants: our columns holding instants (``tz`` and ``formats`` apply).
        :param durations: our columns holding seconds (``durations`` applies).
        :param flags: our columns holding yes or no (``booleans`` applies).
        :raises servicepolicy.io.sources.Bad: the header does not fit (a required column
            missing, an unknown column, a mapping naming a column the reader lacks).
        """
        return build_plan(
            self.resolved(), header, columns, required, ignore_columns, instants, durations, flags
        )


def merge(base: InputMapping, over: InputMapping) -> InputMapping:
    """``over`` with the fields it leaves unset taken from ``base`` (tables key by key)."""
    fields: dict[str, Any] = {"preset": None}
    for field in attrs.fields(InputMapping):
        name = field.name
        if name == "preset":
            continue
        mine, theirs = getattr(over, name), getattr(base, name)
        if name == "values":
            tables = {k: dict(v) for k, v in theirs.items()}
            for key, table in mine.items():
                tables[key] = {**tables.get(key, {}), **table}
            fields[name] = tables
        elif isinstance(mine, Mapping):
            fields[name] = {**theirs, **mine}
        elif name == "ignore_columns":
            fields[name] = (*theirs, *mine)
        else:
            fields[name] = theirs if mine is None else mine
    return InputMapping(**fields)


def preset_names() -> list[str]:
    """The presets shipped with the library, sorted."""
    folder = resources.files("servicepolicy.io").joinpath(PRESETS)
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_preset(name: str) -> InputMapping:
    """The preset ``name`` (the TOML file ``servicepolicy/io/presets/NAME.toml``).

    :raises InvalidArgumentError: no such preset, or a preset that does not validate.
    """
    known = preset_names()
    if name not in known:
        raise InvalidArgumentError("preset", name, f"one of {', '.join(known)}")
    where = resources.files("servicepolicy.io").joinpath(PRESETS, f"{name}.toml")
    text = where.read_text(encoding="utf-8")
    mapping, problems = mapping_from_dict(tomllib.loads(text), allow_preset=False)
    if mapping is None:
        shown = "; ".join(f"{'.'.join(path)}: {message}" for path, message in problems)
        raise InvalidArgumentError("preset", name, f"a valid mapping ({shown})")
    return mapping


Problem = tuple[tuple[str, ...], str]

_SCALARS = ("tz", "encoding", "delimiter")


def _check_table(
    raw: Mapping[str, Any], name: str, kind: type | tuple[type, ...], what: str
) -> list[Problem]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        return [((name,), f"expected a table of {what}, got {type(value).__name__}")]
    return [
        ((name, str(key)), f"expected {what}, got {type(item).__name__} {item!r}")
        for key, item in value.items()
        if not isinstance(item, kind) or isinstance(item, bool) is not (kind is bool)
    ]


def mapping_from_dict(
    raw: object, where: tuple[str, ...] = (), *, allow_preset: bool = True
) -> tuple[InputMapping | None, list[Problem]]:
    """An :class:`InputMapping` from a parsed TOML (or YAML) table, or ``None`` and every
    problem with its path below ``where`` (so that a policy file names the line)."""
    if not isinstance(raw, Mapping):
        return None, [(where, f"expected a mapping table, got {type(raw).__name__}")]
    problems: list[Problem] = []
    known = [f.name for f in attrs.fields(InputMapping)]
    for key in raw:
        if key not in known or (key == "preset" and not allow_preset):
            problems.append(((key,), f"unknown field (known: {', '.join(known)})"))
    preset = raw.get("preset")
    if preset is not None:
        names = preset_names()
        if not isinstance(preset, str) or preset not in names:
            problems.append((("preset",), f"expected one of {', '.join(names)}, got {preset!r}"))
    for name in _SCALARS:
        if name in raw and not isinstance(raw[name], str):
            problems.append(((name,), f"expected a string, got {raw[name]!r}"))
    tz = raw.get("tz")
    if isinstance(tz, str):
        problems += _zone_problems(tz)
    encoding = raw.get("encoding")
    if isinstance(encoding, str):
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            problems.append((("encoding",), f"expected a text encoding, got {encoding!r}"))
    delimiter = raw.get("delimiter")
    if isinstance(delimiter, str) and len(delimiter) != 1:
        problems.append((("delimiter",), f"expected one character, got {delimiter!r}"))
    problems += _check_table(raw, "columns", str, "a column header (a string)")
    problems += _check_table(raw, "defaults", str, "a string")
    problems += _check_table(raw, "booleans", bool, "true or false")
    problems += _check_table(raw, "values", Mapping, "a table {their value = our value}")
    for field, table in (raw.get("values") or {}).items():
        if isinstance(table, Mapping):
            problems += [
                (("values", field, str(key)), f"expected our value (a string), got {item!r}")
                for key, item in table.items()
                if not isinstance(item, str)
            ]
            folded = [str(key).strip().casefold() for key in table]
            twice = sorted({key for key in folded if folded.count(key) > 1})
            if twice:
                problems.append(
                    (("values", field), f"values that differ only in case or spaces: {twice}")
                )
    problems += _check_table(raw, "formats", (str, list), "a strptime format or a list of them")
    for field, formats in (raw.get("formats") or {}).items():
        if isinstance(formats, list) and not all(isinstance(f, str) for f in formats):
            problems.append((("formats", field), f"expected strptime formats, got {formats!r}"))
    problems += _check_table(raw, "durations", str, f"one of {', '.join(DURATION_FORMATS)}")
    for field, unit in (raw.get("durations") or {}).items():
        if isinstance(unit, str) and unit not in DURATION_FORMATS:
            shown = ", ".join(DURATION_FORMATS)
            problems.append((("durations", field), f"expected one of {shown}, got {unit!r}"))
    ignore = raw.get("ignore_columns", ())
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list | tuple) or not all(isinstance(c, str) for c in ignore):
        problems.append((("ignore_columns",), f"expected a list of column names, got {ignore!r}"))
    lifecycle = raw.get("lifecycle")
    if lifecycle is not None and lifecycle not in ("strict", "snapshot"):
        problems.append((("lifecycle",), f"expected 'strict' or 'snapshot', got {lifecycle!r}"))
    problems = [((*where, *path), message) for path, message in problems]
    if problems:
        return None, problems
    fields = {key: value for key, value in raw.items() if key in known}
    fields["ignore_columns"] = tuple(ignore)
    return InputMapping(**fields), []


def _zone_problems(tz: str) -> list[Problem]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return [(("tz",), f"expected an IANA time zone (Asia/Shanghai), got {tz!r}")]
    return []
