"""Run the ``pycon`` examples in the documentation and the README as doctests.

Every fenced code block whose info string is ``pycon`` is a ``>>>`` session.  The
blocks of one file run in order in one shared namespace, so a later block can use
names defined by an earlier one.  Failures are reported with the file and line.
"""

from __future__ import annotations

import doctest
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: An opening or closing code fence: indentation, ``` or ~~~ (3 or more), info string.
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def documentation_files() -> list[Path]:
    """README.md and every Markdown file under docs/ (build output excluded)."""
    docs = ROOT / "docs"
    files = [ROOT / "README.md"]
    files += sorted(p for p in docs.rglob("*.md") if "_build" not in p.relative_to(docs).parts)
    return [p for p in files if p.is_file()]


def pycon_blocks(text: str) -> list[tuple[int, str]]:
    """Return ``(first_line, source)`` for each ``pycon`` fenced block in *text*.

    ``first_line`` is the 0-based index of the block's first content line; the
    fence's indentation is removed from the content lines.
    """
    blocks: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        i += 1
        if not opening:
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        info = opening["info"].strip().split()
        start = i
        while i < len(lines):
            closing = FENCE.match(lines[i])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            i += 1
        body = [line[indent:] if line[:indent].isspace() else line for line in lines[start:i]]
        i += 1  # past the closing fence
        if info and info[0] == "pycon":
            blocks.append((start, "\n".join(body) + "\n"))
    return blocks


def doctest_for(path: Path) -> doctest.DocTest | None:
    """One DocTest holding every pycon example of *path*, or None if it has none."""
    parser = doctest.DocTestParser()
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    examples: list[doctest.Example] = []
    for first_line, source in pycon_blocks(path.read_text(encoding="utf-8")):
        for example in parser.get_examples(source, name):
            example.lineno += first_line  # 0-based line in the file
            examples.append(example)
    if not examples:
        return None
    globs: dict[str, object] = {"__name__": "__main__"}
    return doctest.DocTest(examples, globs, name, str(path), 0, None)


FILES = documentation_files()


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_pycon_examples(path: Path) -> None:
    """The pycon examples of one documentation file run and print what they show."""
    test = doctest_for(path)
    if test is None:
        pytest.skip("no pycon examples")
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    try:
        result = runner.run(test, out=out.write, clear_globs=True)
    finally:
        test.globs.clear()
    if result.failed:
        pytest.fail(
            f"{result.failed} of {result.attempted} examples failed in {test.name}:\n"
            + out.getvalue(),
            pytrace=False,
        )


def test_documentation_has_examples() -> None:
    """At least one file has pycon examples, so the test above cannot silently test nothing."""
    assert any(doctest_for(path) is not None for path in FILES)


def test_pycon_blocks_parser() -> None:
    """Only pycon fences are taken, with their line numbers, indentation and longer fences."""
    text = "\n".join(
        [
            "# Title",  # 0
            "```python",  # 1
            ">>> 1 / 0",  # 2: not pycon
            "```",  # 3
            "```pycon",  # 4
            ">>> 1 + 1",  # 5
            "2",  # 6
            "```",  # 7
            "  ````pycon",  # 8: indented, longer fence
            "  >>> print('```')",  # 9
            "  ```",  # 10
            "  ````",  # 11
            "~~~ pycon title",  # 12
            ">>> x = 3",  # 13
            "~~~",  # 14
        ]
    )
    assert pycon_blocks(text) == [
        (5, ">>> 1 + 1\n2\n"),
        (9, ">>> print('```')\n```\n"),
        (13, ">>> x = 3\n"),
    ]


def test_failures_name_file_and_line(tmp_path: Path) -> None:
    """A failing example is reported with its file and its line in that file."""
    page = tmp_path / "page.md"
    page.write_text("Intro\n\n```pycon\n>>> x = 1\n>>> x + 1\n3\n```\n", encoding="utf-8")
    test = doctest_for(page)
    assert test is not None
    out = io.StringIO()
    result = doctest.DocTestRunner(optionflags=OPTIONFLAGS).run(test, out=out.write)
    assert (result.failed, result.attempted) == (1, 2)
    assert f'File "{page}", line 5' in out.getvalue()
