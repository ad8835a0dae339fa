"""One direction through the house: the layering of ``src/`` (docs/architecture.md).

edges → io → plugins → hookspecs → engines → domain → core; nothing below the plugin
façade imports it; only ``io/`` imports cattrs; no package imports another's private
module; no import cycle between packages; modules stay under ~450 lines.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from layering import (
    ALIASES,
    FLOORS,
    SRC,
    floor_of,
    imports,
    modules,
    package_cycles,
    private_across,
    upward,
)

MAX_LINES = 450


def test_no_import_points_up() -> None:
    """Every import goes down the floors (type-only imports included)."""
    assert [f"{i.importer}:{i.line} -> {i.imported}" for i in upward()] == []


def test_no_package_imports_another_packages_private_module() -> None:
    """What is shared is public (``servicepolicy.checks``, ``servicepolicy.calendar.index``)."""
    assert [f"{i.importer}:{i.line} -> {i.imported}" for i in private_across()] == []


def test_no_private_name_is_imported_across_packages() -> None:
    """``from servicepolicy.consent import _text`` in ``access`` was such a leak."""
    leaks = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "servicepolicy"
            ):
                continue
            source = node.module or ""
            same = source.split(".")[:2] == name.split(".")[:2]
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__") and not same:
                    leaks.append(f"{name}:{node.lineno} imports {source}.{alias.name}")
    assert leaks == []


def test_no_import_cycle_between_packages() -> None:
    """The packages' graph (runtime imports) has no cycle."""
    assert package_cycles() == []


def test_only_io_imports_cattrs() -> None:
    """cattrs is the converter's business (type-only imports in hook signatures aside)."""
    found = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            cattrs = any(n.split(".")[0] == "cattrs" for n in names)
            if cattrs and id(node) not in guarded and not name.startswith("servicepolicy.io"):
                found.append(f"{name}:{node.lineno}")
    assert found == []


def test_every_package_is_on_a_floor() -> None:
    """A new package must be placed in the diagram before it is used."""
    for name in modules():
        if name not in ALIASES:
            floor_of(name)  # raises KeyError naming the package otherwise


def test_modules_stay_small() -> None:
    """No module over ~450 lines: split by concept, not by kind of code."""
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_layering_test_sees_an_upward_import(tmp_path: Path) -> None:
    """The walk itself works: the façade imports the domain (down), never the reverse."""
    edges = {(i.importer, i.imported) for i in imports()}
    assert ("servicepolicy.plugins", "servicepolicy.tickets.lifecycle") in edges
    assert not any(
        a.startswith("servicepolicy.tickets") and b.startswith("servicepolicy.plugins")
        for a, b in edges
    )
    assert FLOORS[0][0] == "edges"


BELOW_THE_FACADE = sorted(
    name
    for name in modules()
    if name not in ALIASES and floor_of(name) > floor_of("servicepolicy.plugins")
)


@pytest.mark.parametrize(
    "chunk", [BELOW_THE_FACADE[i::4] for i in range(4)], ids=["a", "b", "c", "d"]
)
def test_importing_the_domain_and_engines_does_not_import_the_plugins(
    chunk: list[str],
) -> None:
    """In a fresh interpreter, importing any domain or engine module (and the package's
    root) leaves ``servicepolicy.plugins`` unimported."""
    code = (
        "import importlib, sys\n"
        f"for name in {chunk!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = sorted(m for m in sys.modules if m.startswith('servicepolicy.plugins')"
        " or m.startswith('servicepolicy.io') or m == 'cattrs')\n"
        "    if bad:\n"
        "        raise SystemExit(f'{name} imported {bad}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr + done.stdout
