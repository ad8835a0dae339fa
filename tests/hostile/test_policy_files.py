"""Hostile policy files: alias bombs, deep nesting, duplicate keys, impossible dates,
integer keys, huge numbers, byte-order marks, and values only the engines used to refuse.

Every refusal is a PolicyFileError (an InvalidPolicyError) naming the file and line.  The
bomb and nesting cases run in a subprocess with a generous timeout: they must not hang.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from servicepolicy.errors import InvalidPolicyError, PolicyFileError
from servicepolicy.policy import load_policy, load_policy_text

YAML_HEAD = "schema_version: 1\nname: t\n"
TOML_HEAD = 'schema_version = 1\nname = "t"\n'


def refused(text: str, format: str = "toml") -> list[str]:
    """The problems of a policy text that must be refused."""
    source = f"p.{format}"
    with pytest.raises(InvalidPolicyError) as raised:
        load_policy_text(text, source=source, format=format)
    assert isinstance(raised.value, PolicyFileError)
    problems = list(raised.value.problems)
    assert all(re.match(rf"{re.escape(source)}:\d+", p) for p in problems), problems
    return problems


def alias_bomb(levels: int) -> str:
    """The "billion laughs": each level nine aliases of the one before."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    return YAML_HEAD + "\n".join(lines) + "\n"


def loads_in_subprocess(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    """``servicepolicy check`` on a policy file, in a subprocess that must end in 20 s."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    now = "2026-12-01T09:00+08:00"
    command = [sys.executable, "-m", "servicepolicy", "check", str(path), "--now", now]
    return subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)


@pytest.mark.parametrize("levels", [3, 9, 12])
def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, levels: int) -> None:
    """An alias bomb (9 levels reached 1.5 GB) is refused on the alias's line, exit 2,
    no traceback; CONF-3's "protected storage" starts with not being knocked over."""
    done = loads_in_subprocess(tmp_path, "bomb.yaml", alias_bomb(levels))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"bomb\.yaml:4: aliases \(\*a0\) are not allowed", done.stderr)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.yaml", YAML_HEAD + "a: " + "[" * 900 + "]" * 900 + "\n"),
        ("deep-block.yaml", YAML_HEAD + "".join("  " * i + f"k{i}:\n" for i in range(900))),
        ("deep.toml", TOML_HEAD + "a = " + "[" * 900 + "]" * 900 + "\n"),
        ("deep-inline.toml", TOML_HEAD + "a = " + "{b = " * 900 + "1" + "}" * 900 + "\n"),
        ("deep-dotted.toml", TOML_HEAD + ".".join(["p"] * 900) + " = 1\n"),
    ],
)
def test_deep_nesting_is_refused_without_recursing(tmp_path: Path, name: str, text: str) -> None:
    """Tables, lists or mappings nested ~900 deep: refused with the file and line, exit 2,
    well within the timeout (no RecursionError, no traceback)."""
    done = loads_in_subprocess(tmp_path, name, text)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(rf"{re.escape(name)}:\d+.*nested at most 32 deep", done.stderr)


def test_a_recursive_alias_is_refused() -> None:
    """``a: &a [*a]`` (a list containing itself) is an alias like any other."""
    (problem,) = refused(YAML_HEAD + "a: &a [*a]\n", "yaml")
    assert problem.startswith("p.yaml:3: aliases (*a)")


def test_a_merge_key_is_an_alias_too() -> None:
    """``<<: *base`` copies a mapping by alias: refused, the line named."""
    text = YAML_HEAD + "base: &base {max_per_month: 2}\nswap:\n  <<: *base\n"
    (problem,) = refused(text, "yaml")
    assert problem.startswith("p.yaml:5: aliases (*base)")


@pytest.mark.parametrize("section", ["swap", "leave", "sla"])
def test_a_duplicate_section_is_refused_not_replaced(section: str) -> None:
    """A second ``swap:`` used to replace the first, so SWAP-1's ``max_per_month`` went
    back to its default silently; now both lines are named."""
    text = YAML_HEAD + f"{section}: {{}}\n{section}: {{}}\n"
    (problem,) = refused(text, "yaml")
    assert problem.startswith(f"p.yaml:4: the key '{section}' is given twice (first on line 3)")


def test_a_duplicate_key_inside_a_section_is_refused() -> None:
    """Duplicate keys are refused at any depth (SWAP-1's limit given twice)."""
    text = YAML_HEAD + "swap:\n  max_per_month: 2\n  max_per_month: 5\n"
    (problem,) = refused(text, "yaml")
    assert problem.startswith("p.yaml:5: the key 'max_per_month' is given twice")


@pytest.mark.parametrize("day", ["2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01"])
def test_a_date_that_does_not_exist_is_refused(day: str) -> None:
    """A YAML closure date that does not exist (CAL-2) is a problem on its line."""
    text = YAML_HEAD + f"calendars:\n  x:\n    hours: mon 09:00-10:00\n    closures: [{day}]\n"
    problems = refused(text, "yaml")
    assert problems[0].startswith("p.yaml:6:"), problems


@pytest.mark.parametrize("key", ["1", "1.5", "true", "null", "[a, b]", "{a: 1}"])
def test_a_key_that_is_not_text_is_refused(key: str) -> None:
    """Keys are text (or dates, for ``special_hours``): an integer key is refused."""
    (problem,) = refused(YAML_HEAD + f"? {key}\n: x\n", "yaml")
    assert problem.startswith("p.yaml:3: expected a text key")


def test_date_keys_stay_allowed_for_special_hours() -> None:
    """CAL-4 special hours are keyed by date: that key is not refused."""
    text = YAML_HEAD + (
        "calendars:\n  x:\n    hours: mon-fri 09:00-18:00\n"
        "    special_hours:\n      2026-09-30: 09:00-12:00\n"
    )
    policy = load_policy_text(text, source="p.yaml", format="yaml")
    assert list(policy.calendars["x"].special_hours) == [__import__("datetime").date(2026, 9, 30)]


def test_a_5000_digit_integer_is_refused() -> None:
    """An integer of 5,000 digits (Python cannot even print it) is a problem, its length
    given instead of its digits (SWAP-1's ``max_per_month``)."""
    (problem,) = refused(YAML_HEAD + "swap:\n  max_per_month: " + "9" * 5000 + "\n", "yaml")
    assert problem.startswith("p.yaml:4: expected an integer of at most 15 digits")
    assert len(problem) < 200


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ("[sla]\nwarnings = [1.5, -0.2]\n", "sla.warnings", "between 0 and 1"),
        ("[sla]\nwarnings = [0.75, 0.5]\n", "sla.warnings", "ascending"),
        ("[sla]\nwarnings = [nan]\n", "sla.warnings.0", "finite"),
        ('[kpis]\ntz = "Mars/Olympus"\n', "kpis.tz", "IANA time zone"),
        ('[calendars.x]\nhours = ""\n', "calendars.x.hours", "weekly hours"),
        ('[calendars.x]\nhours = "   "\n', "calendars.x.hours", "weekly hours"),
        ("[escalation]\nreport_within = 1e308\n", "escalation.report_within", "at most"),
        ('[escalation]\nreport_within = "9999999999d"\n', "escalation.report_within", "at most"),
        ("[swap]\nmax_per_month = 9223372036854775807\n", "swap.max_per_month", "15 digits"),
        (
            '[calendars.x]\nhours = "mon 09:00-10:00"\nclosures = [0001-01-01]\n',
            "calendars.x.closures.0",
            "between 1900-01-01 and 2200-12-31",
        ),
    ],
)
def test_values_are_checked_when_the_policy_loads(body: str, where: str, words: str) -> None:
    """SLA-6 warnings, the KPI zone, CAL-1 hours, durations, counts and dates are refused
    at load time with their line, not when the policy is first checked."""
    (problem,) = refused(TOML_HEAD + body)
    assert f"[{where}]" in problem and words in problem, problem
    assert re.match(r"p\.toml:[345] ", problem), problem


@pytest.mark.parametrize("format", ["toml", "yaml"])
def test_a_byte_order_mark_is_accepted(tmp_path: Path, format: str) -> None:
    """A policy file saved with a BOM (Windows Notepad) loads, as data files do."""
    head = TOML_HEAD if format == "toml" else YAML_HEAD
    path = tmp_path / f"bom.{format}"
    swap = "[swap]\nmax_per_month = 3\n" if format == "toml" else "swap:\n  max_per_month: 3\n"
    path.write_bytes(b"\xef\xbb\xbf" + (head + swap).encode())
    assert load_policy(path).swap.max_per_month == 3


def test_a_huge_file_is_refused_before_parsing() -> None:
    """A policy file over 1,000,000 characters is refused on its first line."""
    (problem,) = refused(TOML_HEAD + "#" * 1_100_000 + "\n")
    assert "at most 1,000,000 characters" in problem


@pytest.mark.parametrize(
    ("text", "format"),
    [
        (YAML_HEAD + 'description: "\\ud800"\n', "yaml"),
        (YAML_HEAD + "x: !!python/object/apply:os.system [ls]\n", "yaml"),
        ("- 1\n- 2\n", "yaml"),
        (YAML_HEAD + "---\n" + YAML_HEAD, "yaml"),
        (TOML_HEAD + "x = [1, 2\n", "toml"),
    ],
)
def test_other_hostile_documents_are_refused_with_a_line(text: str, format: str) -> None:
    """Lone surrogates, Python tags, a list at the top, two documents, broken TOML."""
    assert refused(text, format)


def test_a_directory_or_a_missing_file_as_policy_is_a_policy_error(tmp_path: Path) -> None:
    """A directory given as the policy is said in words, not as ``IsADirectoryError``."""
    (tmp_path / "p.toml").mkdir()
    with pytest.raises(PolicyFileError, match="it is a directory, expected a file"):
        load_policy(tmp_path / "p.toml")
    with pytest.raises(PolicyFileError, match="no such file"):
        load_policy(tmp_path / "none.toml")


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    """Latin-1 bytes in a policy are refused on their line."""
    path = tmp_path / "latin.toml"
    path.write_bytes(TOML_HEAD.encode() + b'description = "caf\xe9"\n')
    with pytest.raises(PolicyFileError, match=r"latin\.toml:3: expected UTF-8 text"):
        load_policy(path)


def test_text_of_the_issue_still_loads_when_valid() -> None:
    """The hardened loaders still read a normal YAML policy (anchors without aliases are
    harmless and allowed)."""
    text = textwrap.dedent(
        """\
        schema_version: 1
        name: fine
        swap: &swap
          max_per_month: 3
        sla:
          warnings: [0.5, 0.75]
        """
    )
    assert load_policy_text(text, source="p.yaml", format="yaml").swap.max_per_month == 3
