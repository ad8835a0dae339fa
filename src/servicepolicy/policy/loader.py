"""Loading a policy file: every problem at once, each with its file and line.

>>> policy = load_policy("callcentre")
>>> policy.name, policy.sla.targets[0].name
('callcentre', 'respond')
>>> try:
...     load_policy_text('''
... schema_version = 1
... name = "broken"
... [sla]
... targets = [{ name = "x", metric = "resolution", within = "eight hours" }]
... [escalation]
... sla_breach = "ceo"
... ''', source="broken.toml")
... except PolicyFileError as error:
...     for problem in error.problems:
...         print(problem)  # doctest: +ELLIPSIS
broken.toml:5 [sla.targets.0.within]: expected a duration like "8h", ..., got str 'eight hours'
broken.toml:7 [escalation.sla_breach]: expected one of the escalation levels agent, ..., got 'ceo'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from servicepolicy import limits
from servicepolicy.errors import PolicyFileError
from servicepolicy.io.documents import (
    Problem,
    parse_duration,
    policy_converter,
    structure_fields,
    structure_value,
)
from servicepolicy.io.mapping import INPUTS, InputMapping, mapping_from_dict
from servicepolicy.policy import _locate, _parse
from servicepolicy.policy.checks import consistency_problems
from servicepolicy.policy.sections import SCHEMA_VERSION, PluginsSection, Policy

__all__ = [
    "BUILTIN_POLICIES",
    "MIGRATIONS",
    "builtin_policy_text",
    "load_policy",
    "load_policy_text",
    "migrate",
    "parse_duration",
]

BUILTIN_POLICIES = ("callcentre", "exhibition", "logistics", "key-accounts")
"""The policies shipped with the library, with the manuals' figures as defaults."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""``version → function`` turning a document of that ``schema_version`` into one of the
next version.  Every bump of ``SCHEMA_VERSION`` adds one."""


def migrate(document: dict[str, Any], source: str = "policy") -> dict[str, Any]:
    """``document`` brought to ``SCHEMA_VERSION`` by ``MIGRATIONS``, step by step."""
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PolicyFileError(
            source, [f"{source} [schema_version]: expected a whole number, got {version!r}"]
        )
    if version > SCHEMA_VERSION:
        raise PolicyFileError(
            source,
            [
                f"{source} [schema_version]: version {version} is newer than this "
                f"servicepolicy reads ({SCHEMA_VERSION}); upgrade servicepolicy"
            ],
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise PolicyFileError(
                source, [f"{source} [schema_version]: no migration from version {version}"]
            )
        document = step(document)
        version = document["schema_version"] = version + 1
    return document


def load_policy(where: str | os.PathLike[str]) -> Policy:
    """The policy in a TOML (or YAML) file, or a built-in policy by name
    (``BUILTIN_POLICIES``).

    :raises PolicyFileError: listing every problem with its file and line: bad TOML or
        YAML, wrong types, unknown fields, durations that do not parse, and the
        consistency errors (an unknown calendar, two equally specific SLA targets, a
        response target longer than its resolution target, an escalation to an undefined
        level …).
    """
    if isinstance(where, str) and where in BUILTIN_POLICIES:
        return load_policy_text(builtin_policy_text(where), source=f"{where}.toml")
    path = Path(where)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        reason = limits.os_reason(error)
        raise PolicyFileError(str(path), [f"{path}: cannot be read: {reason}"]) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        byte = error.object[error.start]
        raise PolicyFileError(
            str(path), [f"{path}:{line}: expected UTF-8 text, got the byte {byte:#04x}"]
        ) from None
    yaml = path.suffix.lower() in (".yaml", ".yml")
    return load_policy_text(text, source=str(path), format="yaml" if yaml else "toml")


def builtin_policy_text(name: str) -> str:
    """The TOML text of a built-in policy, to print and start from."""
    if name not in BUILTIN_POLICIES:
        raise PolicyFileError(name, [f"no built-in policy {name!r}: {', '.join(BUILTIN_POLICIES)}"])
    return (
        resources.files("servicepolicy.policy")
        .joinpath(f"builtin/{name}.toml")
        .read_text(encoding="utf-8")
    )


def load_policy_text(text: str, *, source: str = "policy", format: str = "toml") -> Policy:
    """:func:`load_policy` on text already read."""
    document, lines = _parse.parse(text, source, format)
    problems = _parse.document_problems(document)
    if problems:
        raise _error(source, lines, problems)
    document = migrate(document, source)
    policy, problems, failed = _structure(document)
    if policy is not None:
        problems += _value_problems(policy, failed)
        try:
            problems += consistency_problems(policy, failed)
        except Exception as error:  # a check that did not expect such values
            problems.append(((), f"cannot check the policy's consistency: {error}"))
    if problems:
        raise _error(source, lines, problems)
    assert policy is not None
    return policy


def _value_problems(policy: Policy, failed: set[str]) -> list[tuple[tuple[str, ...], str]]:
    """The values the sections accept but the engines would refuse only when a policy is
    checked: found at load time, with their line."""
    from zoneinfo import ZoneInfo

    problems: list[tuple[tuple[str, ...], str]] = []
    if "sla" not in failed:
        marks = policy.sla.warnings
        if list(marks) != sorted(set(marks)) or any(not 0 < m < 1 for m in marks):
            shown = ", ".join(f"{m:g}" for m in marks)
            problems.append(
                (
                    ("sla", "warnings"),
                    "expected ascending shares of the target between 0 and 1, like "
                    f"[0.5, 0.75] (SLA-6), got [{shown}]",
                )
            )
    zones = [(("kpis", "tz"), policy.kpis.tz)] if "kpis" not in failed else []
    if "calendars" not in failed:
        for name, section in policy.calendars.items():
            if section.hours is not None and not section.hours.strip():
                problems.append(
                    (
                        ("calendars", name, "hours"),
                        'expected weekly hours like "mon-fri 09:00-12:00,13:00-18:00", got '
                        f"{section.hours!r} (CAL-1)",
                    )
                )
    for path, zone in zones:
        try:
            ZoneInfo(zone)
        except (KeyError, ValueError, OSError):
            expected = 'expected an IANA time zone like "Asia/Shanghai"'
            problems.append((path, f"{expected}, got {zone!r}"))
    return problems


def _structure(
    document: dict[str, Any],
) -> tuple[Policy | None, list[Problem], set[str]]:
    """Each section structured on its own, so that the problems of every section are found
    at once; the sections that failed are left at their defaults (and named)."""
    conv = policy_converter()
    values, problems, failed = structure_fields(
        document,
        Policy,
        conv,
        special={"plugins": lambda raw: _plugins(conv, raw), "inputs": _inputs},
    )
    if "name" not in values:
        if "name" not in failed:
            problems.append(((), "the policy's name is missing (name = ...)"))
        return None, problems, failed
    return Policy(**values), problems, failed


def _inputs(raw: object) -> tuple[dict[str, InputMapping] | None, list[Problem]]:
    """The ``[inputs.NAME]`` tables: a mapping each, every problem with its path."""
    if not isinstance(raw, dict):
        return None, [(("inputs",), f"expected a table of [inputs.NAME] tables, got {raw!r}")]
    found: dict[str, InputMapping] = {}
    problems: list[Problem] = []
    for name, table in raw.items():
        if name not in INPUTS:
            problems.append((("inputs", name), f"expected one of {', '.join(INPUTS)}"))
            continue
        mapping, wrong = mapping_from_dict(table, ("inputs", name))
        problems += wrong
        if mapping is not None:
            found[name] = mapping
    return (None, problems) if problems else (found, [])


_PLUGINS_TEXT = (
    'a list of plugin names (plugins = ["exhibition"]), or a [plugins] table with '
    "use = [...] and a [plugins.NAME] table of settings per plugin"
)


def _plugins(conv: Any, raw: object) -> tuple[PluginsSection | None, list[Problem]]:
    """The ``plugins`` entry: names checked against the installed plugins, each settings
    table structured with the schema its plugin declares."""
    from servicepolicy.plugins import installed, installed_names, is_disabled

    if isinstance(raw, list | tuple):
        raw = {"use": raw}
    if not isinstance(raw, dict):
        return None, [(("plugins",), f"expected {_PLUGINS_TEXT}, got {type(raw).__name__}")]
    use, problems = structure_value(conv, raw.get("use", []), tuple[str, ...], ("plugins", "use"))
    budget, found = structure_value(conv, raw.get("budget", 30), timedelta, ("plugins", "budget"))
    problems += found
    known = set(installed_names()) | set(installed().names)
    shown = ", ".join(sorted(known)) or "none are installed"
    for index, name in enumerate(use or ()):
        if name not in known:
            problems.append(
                (("plugins", "use", str(index)), f"no installed plugin {name!r} ({shown})")
            )
    sections = installed().policy_sections()
    settings: dict[str, Any] = {}
    for name, table in raw.items():
        if name in ("use", "budget"):
            continue
        where = ("plugins", name)
        if name not in known:
            problems.append((where, f"no installed plugin reads [plugins.{name}] ({shown})"))
            continue
        if is_disabled(name) and name not in installed().names:
            settings[name] = table  # not loaded: not used, not validated
            continue
        owned = {section: schema for section, (owner, schema) in sections.items() if owner == name}
        schema = owned.get(name) or (next(iter(owned.values())) if len(owned) == 1 else None)
        if schema is None:
            problems.append((where, f"plugin {name!r} reads no settings"))
            continue
        settings[name], found = structure_value(conv, table, schema, where)
        problems += found
    if problems:
        return None, problems
    return PluginsSection(use=use, settings=settings, budget=budget), []


def _first_below(lines: _locate.Lines, path: tuple[str, ...]) -> int | None:
    """The first line of a path below ``path`` (a problem cut short at a depth)."""
    below = [line for key, line in lines.items() if key[: len(path)] == path and path]
    return min(below, default=None)


def _error(
    source: str, lines: _locate.Lines, problems: list[tuple[tuple[str, ...], str]]
) -> PolicyFileError:
    def key(item: tuple[tuple[str, ...], str]) -> tuple[int, str]:
        return (_locate.line_of(lines, item[0]) or 0, item[1])

    texts = []
    for path, message in sorted(problems, key=key):
        line = _locate.line_of(lines, path) or _first_below(lines, path)
        where = f"{source}:{line}" if line is not None else source
        texts.append(f"{where} [{'.'.join(path) or '(top)'}]: {message}")
    return PolicyFileError(source, texts)
