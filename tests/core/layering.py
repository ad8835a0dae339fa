"""The house's layering, read from the imports of ``src/`` (a small AST walk).

Used by ``tests/core/test_layering.py``; kept importable so a maintainer can print the
graph: ``python tests/core/layering.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = "servicepolicy"

# Floors from the top of the house down; arrows may only point down (or sideways,
# without a cycle).  The diagram in docs/architecture.md is this table.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "edges",
        ("policy", "report", "cli", "demo", "sample", "testing", "__main__", "dask", ""),
    ),
    ("io", ("io",)),
    ("plugins", ("plugins",)),
    ("hookspecs", ("hookspecs",)),
    (
        "engines",
        ("sla", "escalation", "obligations", "kpi", "staffing", "quality", "rulebook"),
    ),
    ("domain", ("customers", "tickets", "workforce", "access", "consent")),
    ("core", ("errors", "rules", "checks", "limits", "calendar", "confidential", "deprecation")),
)

# Deprecated import paths kept as thin aliases of their new home (see CHANGELOG): they
# may point up, because nothing in the library imports them.
ALIASES: frozenset[str] = frozenset(
    {
        "servicepolicy.converter",
        "servicepolicy.tickets.readers",
        "servicepolicy.workforce.readers",
        "servicepolicy.workforce.attendance_readers",
        "servicepolicy.kpi.readers",
    }
)


@attrs.frozen
class Import:
    """One ``import`` of a ``servicepolicy`` module by another."""

    importer: str
    imported: str
    line: int
    type_only: bool


def modules() -> dict[str, Path]:
    """Every module under ``src/servicepolicy`` by dotted name."""
    found = {}
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(n) for n in ast.walk(node) if n is not node.test)
    return inside


def imports() -> Iterator[Import]:
    """Every import between two ``servicepolicy`` modules (type-only ones marked)."""
    known = modules()
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        type_only = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                submodules = [f"{module}.{a.name}" for a in node.names]
                submodules = [name for name in submodules if name in known]
                # ``from servicepolicy import checks`` imports the module, not the package
                targets = submodules if len(submodules) == len(node.names) else [module]
                targets += submodules
            for target in targets:
                if target in known and target != name and target.startswith(ROOT):
                    yield Import(name, target, node.lineno, id(node) in type_only)


def package_of(module: str) -> str:
    """The first-level package (or top-level module) a module belongs to: ``sla`` for
    ``servicepolicy.sla._clock``; ``""`` for the root package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def floor_of(module: str) -> int:
    """The floor's index, 0 at the top."""
    package = package_of(module)
    for index, (_, packages) in enumerate(FLOORS):
        if package in packages:
            return index
    raise KeyError(f"{module}: its package {package!r} is on no floor of FLOORS")


def is_private(module: str) -> bool:
    return any(part.startswith("_") and part != "__main__" for part in module.split(".")[1:])


def upward() -> list[Import]:
    """Imports from a lower floor to a higher one (type-only imports included: they name
    types the floor must not know)."""
    return [
        i
        for i in imports()
        if i.importer not in ALIASES and floor_of(i.imported) < floor_of(i.importer)
    ]


def private_across() -> list[Import]:
    """Imports of another package's private module (``servicepolicy.calendar.index``
    from ``sla``, ``servicepolicy.checks`` from anywhere but the root package)."""
    found = []
    for i in imports():
        if not is_private(i.imported) or i.importer in ALIASES:
            continue
        # the private module's own package: everything before its first private part
        parts = i.imported.split(".")
        owner = ".".join(parts[: next(k for k, p in enumerate(parts) if p.startswith("_") and k)])
        if not (i.importer == owner or i.importer.startswith(owner + ".")) or (
            owner == ROOT and package_of(i.importer) != ""
        ):
            found.append(i)
    return found


def package_cycles() -> list[list[str]]:
    """Cycles in the graph of first-level packages (runtime imports only)."""
    graph: dict[str, set[str]] = {}
    for i in imports():
        if i.type_only or i.importer in ALIASES:
            continue
        a, b = package_of(i.importer), package_of(i.imported)
        if a != b and a and b:
            graph.setdefault(a, set()).add(b)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


if __name__ == "__main__":  # pragma: no cover - a maintainer's view
    for i in upward():
        print(
            f"UP      {i.importer}:{i.line} -> {i.imported}{' (type only)' if i.type_only else ''}"
        )
    for i in private_across():
        print(f"PRIVATE {i.importer}:{i.line} -> {i.imported}")
    for cycle in package_cycles():
        print("CYCLE   " + " -> ".join(cycle))
