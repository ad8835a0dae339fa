"""Where in a policy file a value is: the line of a TOML key or a YAML node (private).

``tomllib`` gives values without positions, so :func:`toml_lines` scans the text for table
headers (``[a.b]``, ``[[a.b]]``) and keys (``key = ...``), and maps each dotted path
(array-of-tables items by their index) to its line.  A path not found falls back to its
nearest parent: an error is always reported on some line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["Lines", "line_of", "toml_lines", "yaml_lines"]

Lines = Mapping[tuple[str, ...], int]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+)\s*=""")


def _parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', dotted):
        parts.append(part.strip("\"'"))
    return tuple(parts)


def toml_lines(text: str) -> dict[tuple[str, ...], int]:
    """Dotted path → 1-based line, for every table header and key of ``text``."""
    lines: dict[tuple[str, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string = False
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.count('"""') % 2 or raw.count("'''") % 2:
            in_string = not in_string
            if not in_string:
                continue
        if in_string:
            continue
        header = _HEADER.match(raw)
        if header:
            path = _parts(header.group(2))
            if header.group(1) == "[[":
                index = counts.get(path, -1) + 1
                counts[path] = index
                lines.setdefault(path, number)
                path = (*path, str(index))
            table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(raw)
        if key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
    return lines


def yaml_lines(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Dotted path → 1-based line, for every node of a composed YAML document."""
    lines = {path: node.start_mark.line + 1}
    value = getattr(node, "value", None)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, tuple):  # a mapping's (key, value) pair
                key, child = item
                lines.update(yaml_lines(child, (*path, str(key.value))))
                lines[(*path, str(key.value))] = key.start_mark.line + 1
            else:
                lines.update(yaml_lines(item, (*path, str(index))))
    return lines


def line_of(lines: Lines, path: tuple[str, ...]) -> int | None:
    """The line of ``path``, or of its nearest parent that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
