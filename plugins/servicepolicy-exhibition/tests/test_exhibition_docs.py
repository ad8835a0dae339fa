"""The examples in the plugin's docstrings run, and its public API is documented."""

import doctest
import importlib
import inspect
import re
from pathlib import Path

import pytest

import servicepolicy_exhibition

MODULES = [
    "servicepolicy_exhibition",
    "servicepolicy_exhibition.channels",
    "servicepolicy_exhibition.kinds",
    "servicepolicy_exhibition.on_site",
    "servicepolicy_exhibition.performance",
    "servicepolicy_exhibition.plugin",
    "servicepolicy_exhibition.reception",
    "servicepolicy_exhibition.settings",
    "servicepolicy_exhibition.shows",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """Every ``>>>`` example of the module gives the output shown."""
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0


def test_the_examples_are_there() -> None:
    """The domain modules each carry runnable examples."""
    for name in MODULES[1:]:
        if name.endswith(".plugin"):
            continue
        finder = doctest.DocTestFinder()
        examples = sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        assert examples >= 2, name


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps ``__all__`` in: constants, classes, the rest."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def _constant_doc(name: str, value: object) -> str:
    """The docstring that follows a module-level constant in its module's source."""
    for module_name in MODULES[1:]:
        module = importlib.import_module(module_name)
        if getattr(module, name, None) is value and f"\n{name} = " in inspect.getsource(module):
            source = inspect.getsource(module)
            start = source.index(f"\n{name} = ")
            opening = source.index('"""', start)
            return source[opening : source.index('"""', opening + 3)]
    raise AssertionError(f"{name} is not defined in the package's modules")


def test_all_is_sorted() -> None:
    """``__all__`` lists the public API once, in ruff's isort-style order."""
    names = servicepolicy_exhibition.__all__
    assert names == sorted(set(names), key=_isort_style)


@pytest.mark.parametrize(
    "name", [n for n in servicepolicy_exhibition.__all__ if n != "__version__"]
)
def test_the_public_api_is_documented(name: str) -> None:
    """Everything exported has a docstring saying when it was added."""
    value = getattr(servicepolicy_exhibition, name)
    if inspect.isclass(value) or inspect.isfunction(value):
        doc = inspect.getdoc(value) or ""
    else:
        doc = _constant_doc(name, value)
    assert ".. versionadded:: 0.1.0" in doc, name


def test_the_readme_examples_run() -> None:
    """The ``pycon`` examples of the README give the output shown (with the installed
    plugin, as a reader would run them)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", readme, re.S)
    assert len(blocks) >= 4
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0
