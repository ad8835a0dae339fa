"""Finding the policy when none is named, as ruff and pytest find their configuration:
``servicepolicy.toml``, or a ``[tool.servicepolicy]`` table in ``pyproject.toml``, in the
working directory or the nearest directory above it.

>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as root:
...     base = pathlib.Path(root)
...     _ = (base / "pyproject.toml").write_text('[project]\\nname = "x"\\n')
...     (base / "deep").mkdir()
...     print(discover(base / "deep"))
None

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from servicepolicy.errors import PolicyFileError
from servicepolicy.policy.loader import load_policy, load_policy_text
from servicepolicy.policy.sections import Policy

__all__ = ["CONFIG_FILES", "discover", "load_discovered"]

CONFIG_FILES = ("servicepolicy.toml", "pyproject.toml")
"""The files looked for in each directory, in this order."""

_TABLE = "tool.servicepolicy"
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")


def _has_table(path: Path) -> bool:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(document.get("tool", {}).get("servicepolicy"), dict)


def discover(start: Path | None = None) -> Path | None:
    """The policy file for ``start`` (default the working directory): the first
    ``servicepolicy.toml``, or ``pyproject.toml`` with a ``[tool.servicepolicy]`` table,
    in ``start`` or a directory above it; ``None`` if there is none."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "servicepolicy.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def pyproject_policy_text(text: str) -> str:
    """The ``[tool.servicepolicy]`` tables of a ``pyproject.toml`` as a policy file of
    their own, on the same lines (other lines blank), so that problems keep their lines."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header is not None:
            name = header.group(2)
            inside = name == _TABLE or name.startswith(_TABLE + ".")
            if inside and name == _TABLE:
                out.append("")
                continue
            if inside:
                line = f"{header.group(1)}{name[len(_TABLE) + 1 :]}{header.group(3)}"
        out.append(line if inside else "")
    return "\n".join(out) + "\n"


def load_discovered(path: Path) -> Policy:
    """The policy in a discovered file (see :func:`discover`)."""
    if path.name != "pyproject.toml":
        return load_policy(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError(str(path), [f"{path}: cannot be read: {error}"]) from None
    return load_policy_text(pyproject_policy_text(text), source=f"{path} [{_TABLE}]")
