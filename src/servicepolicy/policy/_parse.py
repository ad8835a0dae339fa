"""Parsing a policy file's text into a document, refusing hostile input (private).

A policy file may come from anyone: its parsing is bounded.  TOML and YAML are capped in
size (:data:`MAX_BYTES`) and nesting depth (:data:`MAX_DEPTH`); YAML is read without
aliases (so an alias bomb cannot expand), without duplicate keys (a second ``swap:``
would silently replace the first) and with text or date keys only; dates must exist.  A
byte-order mark is accepted, as in data files.  Every refusal is a
:class:`~servicepolicy.errors.PolicyFileError` naming the file and line.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from datetime import date
from typing import Any

from servicepolicy import limits
from servicepolicy.errors import PolicyFileError
from servicepolicy.policy import _locate

__all__ = ["MAX_BYTES", "MAX_DEPTH", "document_problems", "parse"]

MAX_BYTES = 1_000_000
"""The largest policy file read, in characters (the built-in ones are about 5,000)."""

MAX_DEPTH = 32
"""The deepest nesting of tables, lists and mappings a policy file may have."""

Problem = tuple[tuple[str, ...], str]


def parse(text: str, source: str, format: str) -> tuple[dict[str, Any], _locate.Lines]:
    """The document in ``text`` and the line of each of its paths."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise PolicyFileError(
            source,
            [
                f"{source}:1: expected a policy file of at most {MAX_BYTES:,} characters, "
                f"got {len(text):,}"
            ],
        )
    if format == "yaml":
        return _parse_yaml(text, source)
    return _parse_toml(text, source)


# -- TOML -------------------------------------------------------------------------------------

_TOML_TOKEN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]'
)


def _toml_depth(text: str) -> tuple[int, int]:
    """The deepest bracket nesting of ``text`` outside strings and comments, and its line
    (an estimate, enough to refuse a file before ``tomllib`` recurses into it)."""
    depth = deepest = 0
    line = at_line = 1
    for token in _TOML_TOKEN.finditer(text):
        value = token.group()
        if value in "[{":
            depth += 1
            if depth > deepest:
                deepest, at_line = depth, line
        elif value in "]}":
            depth = max(depth - 1, 0)
        else:
            line += value.count("\n")
    return deepest, at_line


def _parse_toml(text: str, source: str) -> tuple[dict[str, Any], _locate.Lines]:
    deepest, line = _toml_depth(text)
    if deepest > MAX_DEPTH:
        raise PolicyFileError(source, [f"{source}:{line}: {_too_deep()}"])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = f"{source}:{found.group(1)}" if found else f"{source}:1"
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise PolicyFileError(source, [f"{where}: invalid TOML: {message}"]) from None
    except (RecursionError, ValueError) as error:  # nesting the scan missed; huge numbers
        why = _too_deep() if isinstance(error, RecursionError) else "a value that cannot be read"
        raise PolicyFileError(source, [f"{source}:1: invalid TOML: {why}"]) from None
    return document, _locate.toml_lines(text)


def _too_deep() -> str:
    return f"expected tables and lists nested at most {MAX_DEPTH} deep, got deeper ones"


# -- YAML -------------------------------------------------------------------------------------


class _Refused(Exception):
    """A YAML construct refused, with the 0-based line it is on."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


_YAML_TRAPS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_KEY_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}


def _parse_yaml(text: str, source: str) -> tuple[dict[str, Any], _locate.Lines]:
    try:
        yaml: Any = importlib.import_module("yaml")
    except ModuleNotFoundError:
        raise PolicyFileError(
            source, [f"{source}: YAML policies need PyYAML: pip install 'servicepolicy[yaml]'"]
        ) from None
    loader = None
    try:
        loader = _strict_yaml_loader(yaml)(text)  # its reader refuses control characters
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except _Refused as refused:
        raise PolicyFileError(source, [f"{source}:{refused.line + 1}: {refused.message}"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else f"{source}:1"
        raise PolicyFileError(source, [f"{where}: invalid YAML: {_yaml_words(error)}"]) from None
    except RecursionError:
        raise PolicyFileError(source, [f"{source}:1: invalid YAML: {_too_deep()}"]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(document, dict):
        raise PolicyFileError(source, [f"{source}:1: expected a mapping at the top"])
    return document, _locate.yaml_lines(node)


def _yaml_words(error: Exception) -> str:
    """PyYAML's message without its quoted context lines."""
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    return " ".join(p for p in (context, problem) if p) or str(error).splitlines()[0]


def _strict_yaml_loader(yaml: Any) -> Any:
    """``yaml.SafeLoader`` without YAML 1.1's traps (``no``/``yes``/``on``/``off`` stay
    strings, ``10:00`` is not the number 600) and hardened against hostile files: no
    aliases, no duplicate keys, keys are text or dates, nesting capped, dates that exist."""

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(
                    f"aliases (*{event.anchor}) are not allowed in policy files: write the "
                    "value out where it is needed",
                    event.start_mark.line,
                )
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise _Refused(_too_deep(), self.peek_event().start_mark.line)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[object, int] = {}
            for key_node, _ in getattr(node, "value", ()):
                line = key_node.start_mark.line
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
                    shown = limits.printable(str(getattr(key_node, "value", "")))[:40]
                    raise _Refused(f"expected a text key, got {shown!r}", line)
                if key_node.value in seen:
                    raise _Refused(
                        f"the key {key_node.value!r} is given twice (first on line "
                        f"{seen[key_node.value] + 1}); a second one would replace the first "
                        "silently: merge them",
                        line,
                    )
                seen[key_node.value] = line
            return super().construct_mapping(node, deep=deep)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError):
                raise _Refused(_unreadable(node), node.start_mark.line) from None

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


def _unreadable(node: Any) -> str:
    value = limits.printable(str(node.value))
    shown = repr(value) if len(value) <= 40 else f"{value[:37]!r}... ({len(value):,} characters)"
    if node.tag.endswith(":timestamp"):
        return f"expected a date (or date and time) that exists, got {shown}"
    if node.tag.endswith(":int"):
        return f"expected an integer of at most {limits.MAX_DIGITS} digits, got {shown}"
    return f"cannot read the value {shown}"


# -- the document -----------------------------------------------------------------------------


def document_problems(document: dict[str, Any]) -> list[Problem]:
    """What no policy may hold, wherever it is: nesting deeper than :data:`MAX_DEPTH`
    (dotted TOML keys nest without brackets), text that is not valid Unicode, numbers out
    of range.  Walked without recursion."""
    problems: list[Problem] = []
    stack: list[tuple[tuple[str, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_DEPTH:
            problems.append((path[:MAX_DEPTH], _too_deep()))
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and (why := limits.text_problem(key)):
                    problems.append((path, f"a key: {why}"))
                    continue
                stack.append(((*path, str(key)), item))
        elif isinstance(value, list):
            stack += [((*path, str(at)), item) for at, item in enumerate(value)]
        elif isinstance(value, str):
            if why := limits.text_problem(value):
                problems.append((path, why))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, int) and abs(value) >= 10**limits.MAX_DIGITS:
                problems.append(
                    (path, f"expected an integer of at most {limits.MAX_DIGITS} digits")
                )
            elif isinstance(value, float) and (why := limits.number_problem(value)):
                problems.append((path, why))
        elif isinstance(value, date) and (why := limits.date_problem(value)):
            problems.append((path, why))
    return sorted(problems)
