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

import importlib
import os
import re
import tomllib
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs

from servicepolicy._cattrs_hooks import _refuse
from servicepolicy.converter import make_converter, problems_of
from servicepolicy.errors import PolicyFileError, ServicePolicyError
from servicepolicy.policy import _locate
from servicepolicy.policy.checks import consistency_problems, path_of
from servicepolicy.policy.sections import SCHEMA_VERSION, Policy
from servicepolicy.sla import WorkingDays

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


def parse_duration(value: object) -> timedelta:
    """``"8h"``, ``"30min"``, ``"1d 4h"``, ``"90s"`` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return timedelta(seconds=value)
    if isinstance(value, str) and value.strip():
        seconds, at = 0.0, 0
        for match in _DURATION.finditer(value):
            if match.start() != at:
                break
            seconds += float(match.group(1)) * _UNITS[match.group(2)]
            at = match.end()
        else:
            if at == len(value):
                return timedelta(seconds=seconds)
    raise ValueError(f"expected {_DURATION_TEXT}, got {value!r}")


def _converter() -> cattrs.Converter:
    conv = make_converter()

    def duration(value: Any, _: Any) -> timedelta:
        try:
            return parse_duration(value)
        except ValueError:
            raise _refuse(_DURATION_TEXT, value) from None

    def sla_duration(value: Any, _: Any) -> timedelta | WorkingDays:
        if isinstance(value, str) and value.strip().endswith("wd"):  # SLA targets only
            try:
                return WorkingDays.parse(value)
            except ServicePolicyError:
                raise _refuse(f'{_DURATION_TEXT}, or working days like "1wd"', value) from None
        return duration(value, _)

    conv.register_structure_hook(timedelta, duration)
    conv.register_structure_hook_func(lambda t: t == timedelta | WorkingDays, sla_duration)
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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError(str(path), [f"{path}: cannot be read: {error}"]) from None
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
    document, lines = _parse(text, source, format)
    document = migrate(document, source)
    policy, problems, failed = _structure(document)
    if policy is not None:
        problems += consistency_problems(policy, document, failed)
    if problems:
        raise _error(source, lines, problems)
    assert policy is not None
    return policy


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


def _parse(text: str, source: str, format: str) -> tuple[dict[str, Any], _locate.Lines]:
    if format == "yaml":
        return _parse_yaml(text, source)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = f"{source}:{found.group(1)}" if found else source
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise PolicyFileError(source, [f"{where}: invalid TOML: {message}"]) from None
    return document, _locate.toml_lines(text)


def _parse_yaml(text: str, source: str) -> tuple[dict[str, Any], _locate.Lines]:
    try:
        yaml: Any = importlib.import_module("yaml")
    except ModuleNotFoundError:
        raise PolicyFileError(
            source, [f"{source}: YAML policies need PyYAML: pip install 'servicepolicy[yaml]'"]
        ) from None
    loader = _strict_yaml_loader(yaml)
    try:
        node = yaml.compose(text, Loader=loader)
        document = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise PolicyFileError(source, [f"{where}: invalid YAML: {error}"]) from None
    if not isinstance(document, dict):
        raise PolicyFileError(source, [f"{source}: expected a mapping at the top"])
    return document, _locate.yaml_lines(node) if node is not None else {}


def _strict_yaml_loader(yaml: Any) -> Any:
    """``yaml.SafeLoader`` without YAML 1.1's traps: ``no``/``yes``/``on``/``off`` stay
    strings (only ``true``/``false`` are booleans) and ``10:00`` stays a string, not the
    sexagesimal number 600."""

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        pass

    resolvers = {
        first: [(tag, rx) for tag, rx in entries if tag not in _YAML_TRAPS]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.yaml_implicit_resolvers = resolvers
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o[0-7_]+)$"),
        list("-+0123456789"),
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|nan))$"),
        list("-+0123456789."),
    )
    return Loader


_YAML_TRAPS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _error(
    source: str, lines: _locate.Lines, problems: list[tuple[tuple[str, ...], str]]
) -> PolicyFileError:
    def key(item: tuple[tuple[str, ...], str]) -> tuple[int, str]:
        return (_locate.line_of(lines, item[0]) or 0, item[1])

    texts = []
    for path, message in sorted(problems, key=key):
        line = _locate.line_of(lines, path)
        where = f"{source}:{line}" if line is not None else source
        texts.append(f"{where} [{'.'.join(path) or '(top)'}]: {message}")
    return PolicyFileError(source, texts)
