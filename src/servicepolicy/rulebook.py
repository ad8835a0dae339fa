"""The rule catalogue: every rule of the rule book, its parameters, its code and an example.

The rule book that servicepolicy turns into code is not shipped with the library, so the
library carries its own catalogue: :data:`RULES`, read from the package data file
``rulebook.toml``.  Each :class:`Rule` says what the rule asks (in the rule book's figures
and terms), which policy parameters hold its open figures, which function or class checks
it, and what the library says about a case that breaks it.  :func:`explain` is the text
``servicepolicy explain RULE-ID`` prints:

>>> print(explain("swap-1"))
SWAP-1: Shift swaps
  Each person may swap at most 2 times per calendar month.
Policy parameters:
  swap.max_per_month = 2
  swap.count_counterpart = true
  swap.month_of = "shift"
Implemented by:
  servicepolicy.workforce._swap_rules.swap_1_monthly_limit
For example:
  A third swap in November: SWAP-1 error, "third swap in 2026-11, limit 2: 2026-11-04 with
  A-01, 2026-11-08 with A-02".

>>> try:
...     rule("SWAP-11")
... except InvalidArgumentError as error:
...     print(error)
rule_id: unknown rule 'SWAP-11'; did you mean SWAP-1, SWAP-10?

Parameter names come in three forms: a key of the policy file (``leave.personal_notice``,
``sla.targets[].calendar`` for a field of each ``[[sla.targets]]`` entry,
``kpis.measures[service_level].target`` for the entry of that measure, ``<name>`` for any
calendar); a field of an engine class a policy file does not reach
(``QualityPolicy.minimum``); a keyword argument of an engine function
(``quality_report(day)``).  :func:`parameter_default` gives a parameter's default.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import inspect
import os
import pkgutil
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "NO_DEFAULT",
    "RULES",
    "Rule",
    "explain",
    "load_rules",
    "parameter_default",
    "rule",
]


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Rule:
    """One rule of the rule book.

    :param id: the rule's ID, ``"SWAP-1"``.
    :param area: the rule book's section, ``"Shift swaps"``.
    :param text: the rule in one or two sentences, with the rule book's figures and terms.
    :param parameters: the policy parameters that hold its open figures (see the module).
    :param implemented_by: the dotted path of the function or class that checks it.
    :param example: a case that breaks it, and what the library says.

    .. versionadded:: 0.1.0
    """

    id: str
    area: str
    text: str
    parameters: tuple[str, ...] = attrs.field(converter=_names)
    implemented_by: str
    example: str


class _NoDefault(enum.Enum):
    NO_DEFAULT = "no default"


NO_DEFAULT: Final = _NoDefault.NO_DEFAULT
"""What :func:`parameter_default` returns for a parameter every policy must set.

.. versionadded:: 0.1.0
"""


def _flat(text: str) -> str:
    return " ".join(text.split())


def _parse(data: Mapping[str, Any], where: str) -> tuple[dict[str, Rule], dict[str, str]]:
    """The rules and parameter sources of a catalogue file's data."""
    areas: Mapping[str, str] = data.get("areas", {})
    rules: dict[str, Rule] = {}
    for rule_id, entry in data.get("rules", {}).items():
        area = areas.get(rule_id.partition("-")[0])
        if area is None:
            raise InvalidArgumentError(
                f"{where}: rules.{rule_id}", rule_id, "a rule ID whose prefix [areas] names"
            )
        try:
            rules[rule_id] = Rule(
                rule_id,
                area,
                _flat(entry["text"]),
                entry["parameters"],
                entry["implemented_by"],
                _flat(entry["example"]),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise InvalidArgumentError(
                f"{where}: rules.{rule_id}",
                None,
                "text, parameters, implemented_by and example (see servicepolicy/rulebook.toml)",
            ) from error
    return rules, dict(data.get("sources", {}))


def _load() -> tuple[Mapping[str, Rule], dict[str, str]]:
    text = resources.files("servicepolicy").joinpath("rulebook.toml").read_text(encoding="utf-8")
    rules, sources = _parse(tomllib.loads(text), "rulebook.toml")
    return MappingProxyType(rules), sources


RULES: Mapping[str, Rule]
"""Every rule of the core's rule book by ID, in the rule book's order (read-only); the
plugins' rules are added by :func:`servicepolicy.plugins.rules`.

.. versionadded:: 0.1.0
"""
RULES, _SOURCES = _load()


def load_rules(source: Any) -> tuple[Rule, ...]:
    """The rules of a catalogue file in the core's format (``servicepolicy/rulebook.toml``:
    ``[areas]``, optional ``[sources]``, a ``[rules.ID]`` table per rule): how a plugin
    declares its rules (:func:`~servicepolicy.hookspecs.servicepolicy_rules`).

    :param source: a ``resources.files(...)`` traversable or a path of the file, or its
        TOML text.  The file's ``[sources]`` let :func:`explain` show the defaults of the
        plugin's parameters.
    :raises servicepolicy.errors.InvalidArgumentError: a rule without its fields, or of
        an area the file does not name.

    .. versionadded:: 0.2.0
    """
    where, text = "rules", source
    if isinstance(source, os.PathLike):
        source = Path(source)
    if hasattr(source, "read_text"):
        where, text = str(source), source.read_text(encoding="utf-8")
    if not isinstance(text, str):
        raise WrongTypeError("source", source, "TOML text, a path or a traversable")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidArgumentError(where, None, f"a TOML rule catalogue ({error})") from None
    rules, sources = _parse(data, where)
    for pattern, path in sources.items():
        _SOURCES.setdefault(pattern, path)
    return tuple(rules.values())


def _close(key: str, candidate: str) -> float:
    return difflib.SequenceMatcher(None, key, candidate).ratio()


def rule(rule_id: str, catalogue: Mapping[str, Rule] | None = None) -> Rule:
    """The rule with this ID; case and surrounding blanks do not matter (``"swap-1"``).

    :param catalogue: the rules to look in: by default the core's :data:`RULES`; pass
        :func:`servicepolicy.plugins.rules` for the plugins' too.

    :raises servicepolicy.errors.InvalidArgumentError: for an unknown ID, naming the
        closest IDs of the catalogue.
    :raises servicepolicy.errors.WrongTypeError: if *rule_id* is not a string.

    .. versionadded:: 0.1.0
    """
    if not isinstance(rule_id, str):
        raise WrongTypeError("rule_id", rule_id, "str")
    rules = RULES if catalogue is None else catalogue
    key = rule_id.strip().upper()
    if key in rules:
        return rules[key]
    area = [r for r in rules if r.partition("-")[0] == key.rstrip("-")]
    close = difflib.get_close_matches(key, rules, n=3, cutoff=0.6)
    best = max((_close(key, c) for c in close), default=0.0)
    close = [c for c in rules if c in close and _close(key, c) >= best - 0.1]
    areas = ", ".join(dict.fromkeys(r.partition("-")[0] for r in rules))
    if area:
        hint = f"the {key.rstrip('-')} rules are {area[0]} … {area[-1]}"
    elif close:
        hint = f"did you mean {', '.join(close)}?"
    else:
        hint = f"rule IDs start with {areas}"
    raise InvalidArgumentError(
        "rule_id",
        rule_id,
        "a rule ID of the rule book",
        message=f"rule_id: unknown rule {rule_id!r}; {hint}",
    )


# -- parameters ------------------------------------------------------------------------------

_CALL = re.compile(r"(?P<owner>[A-Za-z_][\w.]*)\((?P<argument>\w+)\)")
_ITEM = re.compile(r"(?P<name>\w+)\[(?P<key>[^\]]+)\]")


def _unknown(name: str) -> InvalidArgumentError:
    return InvalidArgumentError("parameter", name, "a parameter named in the rule catalogue")


def _match(pattern: str, parts: list[str]) -> tuple[int, str | None] | None:
    """How many of ``parts`` the source ``pattern`` covers and the ``[*]`` key, or None."""
    wanted = pattern.split(".") if pattern else []
    if len(wanted) > len(parts):
        return None
    key = None
    for want, part in zip(wanted, parts, strict=False):
        item = _ITEM.fullmatch(part)
        if want.endswith("[*]") and item is not None and item["name"] == want[:-3]:
            key = item["key"]
        elif want != part and want != "<name>":
            return None
    return len(wanted), key


def _field(value: Any, name: str, parameter: str) -> Any:
    """The attrs field ``name`` of an instance, or the default of a class's field."""
    cls = value if isinstance(value, type) else type(value)
    if not attrs.has(cls) or name not in attrs.fields_dict(cls):
        raise _unknown(parameter)
    if isinstance(value, type):
        try:
            value = value()
        except (TypeError, ValueError):  # required fields: read the field's default
            default: Any = attrs.fields_dict(cls)[name].default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                return NO_DEFAULT if default.takes_self else default.factory()
            return NO_DEFAULT if default is attrs.NOTHING else default
    return getattr(value, name)


def _resolve(name: str) -> tuple[Any, Any]:
    """The default of parameter ``name`` and the object it belongs to."""
    call = _CALL.fullmatch(name)
    if call is not None:
        if call["owner"] not in _SOURCES:
            raise _unknown(name)
        owner = pkgutil.resolve_name(_SOURCES[call["owner"]])
        found = inspect.signature(owner).parameters.get(call["argument"])
        if found is None:
            raise _unknown(name)
        return (NO_DEFAULT if found.default is inspect.Parameter.empty else found.default), None
    parts = name.split(".")
    matches = [(m, p) for p in _SOURCES if (m := _match(p, parts)) is not None]
    (covered, key), pattern = max(matches, key=lambda found: found[0][0])
    value = pkgutil.resolve_name(_SOURCES[pattern])
    value = value if key is None else value(key)
    parent = None
    for part in parts[covered:]:
        if value is NO_DEFAULT:
            break
        parent, value = value, _field(value, part, name)
    return value, parent


def parameter_default(name: str) -> object:
    """The default of the parameter ``name`` (as in a rule's ``parameters``), or
    :data:`NO_DEFAULT` when every policy must set it.

    >>> parameter_default("leave.urgent_notice"), parameter_default("QualityPolicy.minimum")
    (datetime.timedelta(seconds=3600), <_NoDefault.NO_DEFAULT: 'no default'>)

    :raises servicepolicy.errors.InvalidArgumentError: for a name that is no parameter.
    :raises ImportError: when the parameter belongs to a plugin that is not installed.

    .. versionadded:: 0.1.0
    """
    return _resolve(name)[0]


def _duration(span: dt.timedelta) -> str:
    seconds = int(span.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    parts = zip((days, hours, minutes, seconds), ("d", "h", "min", "s"), strict=True)
    return " ".join(f"{n}{unit}" for n, unit in parts if n) or "0s"


def _key(key: object) -> str:
    text = str(key.value if isinstance(key, enum.Enum) else key)
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else f'"{text}"'


def _format(value: object, parent: object = None) -> str:
    """``value`` as a policy file writes it: ``"1h"``, ``true``, ``[...]``, ``">= 80%"``."""
    from servicepolicy.kpi.targets import Goal, Target

    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return f'"{getattr(value, "label", value.value)}"'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dt.timedelta):
        return f'"{_duration(value)}"'
    if isinstance(value, dt.time):
        return f'"{value.isoformat(timespec="minutes")}"'
    if isinstance(value, Fraction):
        return f"{float(value):g}"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Target):
        ratio = getattr(parent, "unit", "ratio") == "ratio"

        def bound(x: Fraction | None) -> str:
            return f"{float(x or 0) * 100:g}%" if ratio else f"{float(x or 0):g}"

        if value.goal is Goal.WITHIN:
            return f'"{bound(value.low)}..{bound(value.high)}"'
        low = value.goal is Goal.AT_LEAST
        return f'"{">=" if low else "<="} {bound(value.low if low else value.high)}"'
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_format(v)}" for k, v in value.items()) + "}"
    if isinstance(value, set | frozenset):
        return "[" + ", ".join(sorted(_format(v) for v in value)) + "]"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    return str(value)


def _parameter(name: str) -> str:
    try:
        value, parent = _resolve(name)
    except ImportError as error:
        return f"{name} (default unknown: {error.name or 'a plugin'} is not installed)"
    except InvalidArgumentError:
        if not name.startswith("plugins."):
            raise
        return f"{name} (default unknown: its plugin's rules.toml gives no [sources] for it)"
    if value is NO_DEFAULT:
        return f"{name} (no default: the policy sets it)"
    return f"{name} = {_format(value, parent)}"


def _columns(text: str) -> int:
    """The terminal columns ``text`` takes: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int = 90) -> list[str]:
    """``text`` in lines of at most ``width`` columns, indented by two spaces."""
    lines = ["  "]
    for word in text.split():
        line = lines[-1]
        if line.strip() and _columns(line) + 1 + _columns(word) > width:
            lines.append("  " + word)
        else:
            lines[-1] = (line + " " + word) if line.strip() else line + word
    return lines


def explain(rule_id: str, catalogue: Mapping[str, Rule] | None = None) -> str:
    """What ``servicepolicy explain RULE-ID`` prints: the rule's ID and area, its text, its
    parameters with their defaults, the code that implements it and an example.

    :param catalogue: as for :func:`rule` (the command passes the plugins' rules too).

    :raises servicepolicy.errors.InvalidArgumentError: for an unknown ID (see :func:`rule`).

    .. versionadded:: 0.1.0
    """
    found = rule(rule_id, catalogue)
    lines = [f"{found.id}: {found.area}", *_wrap(found.text)]
    lines.append("Policy parameters:" if found.parameters else "Policy parameters: none")
    lines += [f"  {_parameter(name)}" for name in found.parameters]
    lines += ["Implemented by:", f"  {found.implemented_by}", "For example:", *_wrap(found.example)]
    return "\n".join(lines)
