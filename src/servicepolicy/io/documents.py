"""Structuring policy documents: the cattrs side of the policy loader.

A policy document (parsed TOML or YAML) becomes the attrs classes of
:mod:`servicepolicy.policy` here, field by field, so that every problem of every
section is found at once, each with its path in the document; durations are written as
``"8h"``, ``"30min"``, ``"1d 4h"`` (or seconds) everywhere, plugins' settings included.

>>> parse_duration("1d 4h")
datetime.timedelta(days=1, seconds=14400)

.. versionadded:: 0.2.0
   Moved here from ``servicepolicy.policy.loader`` (only :mod:`servicepolicy.io`
   imports cattrs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import attrs
import cattrs

from servicepolicy import limits
from servicepolicy.errors import ServicePolicyError
from servicepolicy.io._cattrs_hooks import _Invalid, _refuse
from servicepolicy.io.converter import make_converter, problems_of
from servicepolicy.sla import WorkingDays

__all__ = [
    "DURATION_TEXT",
    "Problem",
    "parse_duration",
    "path_of",
    "policy_converter",
    "structure_fields",
    "structure_value",
]

Problem = tuple[tuple[str, ...], str]
"""``(path in the document, message)``: ``(("sla", "targets", "2", "within"), "...")``."""

_UNITS = {"d": 86_400, "h": 3_600, "min": 60, "m": 60, "s": 1}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(d|h|min|m|s)\s*")
DURATION_TEXT = 'a duration like "8h", "30min" or "1d 4h"'


class _TooLong(ValueError):
    """A duration that parses but lies outside the range the library supports."""


def _bounded(seconds: float) -> timedelta:
    problem = limits.duration_problem(seconds, limits.MAX_DURATION.total_seconds())
    if problem is not None:
        raise _TooLong(problem)
    return timedelta(seconds=seconds)


def parse_duration(value: object) -> timedelta:
    """``"8h"``, ``"30min"``, ``"1d 4h"``, ``"90s"`` or a number of seconds, at most
    about ten years (``servicepolicy.limits.MAX_DURATION``).

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
    raise ValueError(f"expected {DURATION_TEXT}, got {value!r}")


def policy_converter() -> cattrs.Converter:
    """The library's converter with policy-file durations (``"2h"``; SLA targets also
    take working days, ``"1wd"``)."""
    conv = make_converter()

    def duration(value: Any, _: Any) -> timedelta:
        try:
            return parse_duration(value)
        except _TooLong as error:
            raise _Invalid(str(error)) from None
        except (ValueError, OverflowError):
            raise _refuse(DURATION_TEXT, value) from None

    def sla_duration(value: Any, _: Any) -> timedelta | WorkingDays:
        if isinstance(value, str) and value.strip().endswith("wd"):  # SLA targets only
            try:
                return WorkingDays.parse(value)
            except ServicePolicyError:
                raise _refuse(f'{DURATION_TEXT}, or working days like "1wd"', value) from None
        return duration(value, _)

    conv.register_structure_hook(timedelta, duration)
    conv.register_structure_hook_func(lambda t: t == timedelta | WorkingDays, sla_duration)
    return conv


def path_of(where: str) -> tuple[str, ...]:
    """``"$.sla.targets[0].within"`` → ``("sla", "targets", "0", "within")``."""
    return tuple(p for p in re.split(r"[.\[\]]+", where.removeprefix("$")) if p)


def structure_value(
    conv: cattrs.Converter, value: object, kind: Any, where: tuple[str, ...] = ()
) -> tuple[Any, list[Problem]]:
    """``value`` structured as ``kind``, or ``None`` and every problem with its path."""
    try:
        return conv.structure(value, kind), []
    except Exception as error:
        problems: list[Problem] = []
        for problem in problems_of(error):
            at, _, message = problem.partition(": ")
            path = (*where, *path_of(at))
            unknown = re.match(r"unknown fields (\w+)", message)
            if unknown:  # on the line of the (first) unknown key
                path = (*path, unknown.group(1))
            problems.append((path, message))
        return None, problems


def structure_fields(
    document: Mapping[str, Any],
    cls: type,
    conv: cattrs.Converter,
    special: Mapping[str, Callable[[object], tuple[Any, list[Problem]]]] | None = None,
) -> tuple[dict[str, Any], list[Problem], set[str]]:
    """Each field of the attrs class ``cls`` structured on its own from ``document``
    (``special`` structures the fields it names), so that every problem is found at once.

    :returns: the values structured, every problem, and the fields that failed.
    """
    special = special or {}
    fields = {f.alias or f.name: f for f in attrs.fields(attrs.resolve_types(cls)) if f.init}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for name in document:
        if name not in fields:
            problems.append(((name,), f"unknown section or field (known: {', '.join(fields)})"))
    for name, field in fields.items():
        if name not in document:
            continue
        if name in special:
            value, found = special[name](document[name])
        else:
            value, found = structure_value(conv, document[name], field.type or Any, (name,))
        if found:
            failed.add(name)
            problems += found
        else:
            values[name] = value
    return values, problems, failed
