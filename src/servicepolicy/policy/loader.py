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
import re
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs

from servicepolicy import _limits
from servicepolicy._cattrs_hooks import _Invalid, _refuse
from servicepolicy.converter import make_converter, problems_of
from servicepolicy.errors import PolicyFileError
from servicepolicy.policy import _locate, _parse
from servicepolicy.policy.checks import consistency_problems, path_of
from servicepolicy.policy.sections import SCHEMA_VERSION, Policy

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

_UNITS = {"d": 86_400, "h": 3_600, "min": 60, "m": 60, "s": 1}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(d|h|min|m|s)\s*")
_DURATION_TEXT = 'a duration like "8h", "30min" or "1d 4h"'


class _TooLong(ValueError):
    """A duration that parses but lies outside the range the library supports."""


def _bounded(seconds: float) -> timedelta:
    problem = _limits.duration_problem(seconds, _limits.MAX_DURATION.total_seconds())
    if problem is not None:
        raise _TooLong(problem)
    return timedelta(seconds=seconds)


def parse_duration(value: object) -> timedelta:
    """``"8h"``, ``"30min"``, ``"1d 4h"``, ``"90s"`` or a number of seconds, at most
    about ten years (``servicepolicy._limits.MAX_DURATION``).

    :raises ValueError: naming what was expected.
    """
    if isinstance(value, timedelta):
        return _bounded(value.total_seconds())
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return _bounded(float(value))
    if isinstance(value, str) and value.strip():
        seconds, at = 0.0, 0
        for match in _DURATION.finditer(value):
            if match.start() != at:
                break
            seconds += float(match.group(1)) * _UNITS[match.group(2)]
            at = match.end()
        else:
            if at == len(value):
                return _bounded(seconds)
    raise ValueError(f"expected {_DURATION_TEXT}, got {value!r}")


def _converter() -> cattrs.Converter:
    conv = make_converter()

    def duration(value: Any, _: Any) -> timedelta:
        try:
            return parse_duration(value)
        except _TooLong as error:
            raise _Invalid(str(error)) from None
        except ValueError:
            raise _refuse(_DURATION_TEXT, value) from None

    conv.register_structure_hook(timedelta, duration)
    return conv


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
        reason = _limits.os_reason(error)
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
            problems += consistency_problems(policy, document, failed)
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
) -> tuple[Policy | None, list[tuple[tuple[str, ...], str]], set[str]]:
    """Each section structured on its own, so that the problems of every section are found
    at once; the sections that failed are left at their defaults (and named)."""
    conv = _converter()
    problems: list[tuple[tuple[str, ...], str]] = []
    fields = {field.name: field for field in attrs.fields(attrs.resolve_types(Policy))}
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for name in document:
        if name not in fields:
            known = ", ".join(fields)
            problems.append(((name,), f"unknown section or field (known: {known})"))
    for name, field in fields.items():
        if name not in document:
            continue
        try:
            values[name] = conv.structure(document[name], field.type or Any)
        except Exception as error:
            failed.add(name)
            for problem in problems_of(error):
                where, _, message = problem.partition(": ")
                path = (name, *path_of(where))
                unknown = re.match(r"unknown fields (\w+)", message)
                if unknown:  # on the line of the (first) unknown key
                    path = (*path, unknown.group(1))
                problems.append((path, message))
    if "name" not in values:
        if "name" not in failed:
            problems.append(((), "the policy's name is missing (name = ...)"))
        return None, problems, failed
    return Policy(**values), problems, failed


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
