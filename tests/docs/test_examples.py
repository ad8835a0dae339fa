"""The examples run: every script in ``examples/`` and the notebook "Validate a policy".

Each script runs in a subprocess with this interpreter, in an empty working directory that
is also its ``TMPDIR``, and must exit 0, print its key lines and leave nothing behind but
its temporary directory.  The notebook's code cells run in order in one namespace, as
Jupyter would run them, with ``IPython.display`` stubbed when IPython is not installed,
once as the environment is and once without pandas and matplotlib, which it must do
without.
"""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from servicepolicy.report import Report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
NOTEBOOK = EXAMPLES / "validate_policy.ipynb"

# One or two lines each example must print; the same with or without the industry plugins.
EXPECTED = {
    "calendar_deadlines.py": [
        "2026-09-30T16:00+08:00 + 4h00 working time on desk (Asia/Shanghai) -> due "
        "2026-10-08T11:00+08:00 (187h00 on the wall clock)",
        "October 2026 has 18 working days on the desk calendar",
    ],
    "leave_and_swaps.py": [
        "8 requests: 3 approved, 5 refused (violations: LEAVE-7 1, LEAVE-9 1, SWAP-1 1, "
        "SWAP-3 2, SWAP-9 2)",
        "SW-3: SWAP-1 third swap in 2026-11, limit 2: 2026-11-04 with A-01, 2026-11-08 with A-02",
    ],
    "tickets_and_sla.py": [
        "T-1 resolution: breached, due 2026-10-08T17:00+08:00, 112 % used",
        "paused 2026-09-29T12:00+08:00 -> 2026-10-08T11:00+08:00 (SLA-3)",
    ],
    "escalation_and_obligations.py": [
        "2026-11-30 12:00+08:00 ESC-2 report the emergency escalation to the skipped "
        "department head [T-1] (agent-7)",
        "CAD-1 [warning] monthly service-quality report due by the end of 2026-11-22 was done "
        "late, at 2026-11-24 11:00 (1 day 11 hours late)",
    ],
    "kpis_and_staffing.py": [
        "KPI-2 sl_answered [A_T/A] team=T1: 80 % = 4/5 (A=5, Ab=2, A_T=4, Ab_T=1); "
        "target ≥ 80 %: met",
        "shrinkage 32 %: exactly 25 on the schedule; float arithmetic says 26",
    ],
    "validate_policy.py": [
        "<tmp>/policy.toml:22 [sla.targets.1.calendar]: expected a calendar of the policy "
        "(hotline), got 'hot-line'",
        "shanghai-hotline at 2026-12-01T09:00+08:00: ",
    ],
}


def run_example(script: Path, directory: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(directory), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_every_example_is_checked() -> None:
    """A new example needs its expected lines here, so that CI notices when it breaks."""
    assert sorted(script.name for script in SCRIPTS) == sorted(EXPECTED)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_example_runs(script: Path, tmp_path: Path) -> None:
    result = run_example(script, tmp_path)
    assert result.returncode == 0, result.stderr
    for line in EXPECTED[script.name]:
        assert line in result.stdout, f"{line!r} not in the output:\n{result.stdout}"
    left = [path.name for path in tmp_path.iterdir()]
    assert all(name.startswith("servicepolicy-example-") for name in left), left
    if script.name == "validate_policy.py":
        check_html_report(result.stdout, tmp_path)


def check_html_report(output: str, directory: Path) -> None:
    """validate_policy.py wrote the HTML report in its temporary directory, and said where."""
    marker = "The whole report, with its charts: "
    (line,) = [line for line in output.splitlines() if line.startswith(marker)]
    html = Path(line.removeprefix(marker))
    assert html.parent.parent == directory
    text = html.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "shanghai-hotline" in text and "<svg" in text


# -- the notebook ------------------------------------------------------------------------------


def test_notebook_is_committed_clean() -> None:
    """nbformat 4, no outputs and no execution counts: a diff shows only what was written."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    cells = notebook["cells"]
    assert {cell["cell_type"] for cell in cells} == {"markdown", "code"}
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith("# Validate a policy")


class _Svg:
    """``IPython.display.SVG`` where IPython is not installed: keeps the markup."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_svg_(self) -> str:
        return self.data


def _rendered(shown: object) -> tuple[str, Any]:
    """What Jupyter would render of a displayed object: its kind and its content."""
    if hasattr(shown, "savefig"):  # a matplotlib figure: Jupyter shows it as a PNG
        png = io.BytesIO()
        shown.savefig(png, format="png")
        return "png", png.getvalue()
    if hasattr(shown, "_repr_svg_"):
        return "svg", shown._repr_svg_()
    if hasattr(shown, "_repr_html_"):
        return "html", shown._repr_html_()
    return "text", repr(shown)


def run_notebook(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], list]:
    """Run the notebook's code cells in order in one namespace; the value of a cell's last
    expression is displayed, as in Jupyter.  Returns the namespace and what was shown."""
    shown: list[object] = []

    def display(*objects: object, **options: object) -> None:
        shown.extend(objects)

    try:
        import IPython.display
    except ModuleNotFoundError:
        package = types.ModuleType("IPython")
        module = types.ModuleType("IPython.display")
        module.SVG = _Svg  # type: ignore[attr-defined]
        module.display = display  # type: ignore[attr-defined]
        package.display = module  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "IPython", package)
        monkeypatch.setitem(sys.modules, "IPython.display", module)
    else:
        monkeypatch.setattr(IPython.display, "display", display)

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        name = f"{path.name}, cell {number}"
        tree = ast.parse("".join(cell["source"]), name)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, name, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
            if value is not None:
                display(value)
    return namespace, [_rendered(obj) for obj in shown]


@pytest.mark.parametrize("optional", ["as installed", "without pandas and matplotlib"])
def test_notebook_runs(
    optional: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if optional != "as installed":
        for module in ("pandas", "matplotlib", "matplotlib.pyplot"):
            monkeypatch.setitem(sys.modules, module, None)  # import raises ModuleNotFoundError
    namespace, shown = run_notebook(NOTEBOOK, monkeypatch)
    printed = capsys.readouterr().out

    report = namespace["report"]
    assert isinstance(report, Report)
    assert report.policy == "callcentre" and report.violations and report.kpis
    assert report.summary() in printed
    kinds = [kind for kind, _ in shown]
    # The report shows itself (its _repr_html_), first of all.
    assert kinds[0] == "html" and "SWAP-1" in shown[0][1] and "KPI" in shown[0][1]
    if namespace["pd"] is None:
        assert "pandas is not installed" in printed
        assert "SWAP-1 " in printed  # the counts and the violations, printed instead
    else:
        table = shown[1][1]
        assert kinds[1] == "html" and "SWAP-1" in table and "error" in table
    # Two plots: KPIs against targets and SLA breaches per day.
    if namespace["plt"] is None:
        charts = [content for kind, content in shown if kind == "svg"]
        assert len(charts) == 2
        assert 'class="chart kpis"' in charts[0] and "service_level" in charts[0]
        assert 'class="chart sla-days"' in charts[1] and 'class="breached"' in charts[1]
    else:
        pngs = [content for kind, content in shown if kind == "png"]
        assert len(pngs) == 2 and all(png.startswith(b"\x89PNG") for png in pngs)
    assert " clocks breached" in printed
