"""The rule catalogue (servicepolicy.rulebook) against the rule book and the code."""

from __future__ import annotations

import inspect
import pkgutil
import re
import sys
from pathlib import Path

import pytest

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rulebook import (
    NO_DEFAULT,
    RULES,
    Rule,
    explain,
    load_rules,
    parameter_default,
    rule,
)

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT.parent / "shared" / "domain.md"
SOURCES = [ROOT / "src", *sorted((ROOT / "plugins").glob("*/src"))]
PLUGIN_MODULES = ("servicepolicy_exhibition", "servicepolicy_logistics")

#: The rule book's IDs, area by area, as domain.md lists them.
BOOK_COUNTS = {
    "CAL": 6,
    "TIER": 4,
    "TKT": 6,
    "SLA": 6,
    "ESC": 6,
    "LEAVE": 11,
    "SWAP": 10,
    "ATT": 4,
    "KPI": 11,
    "QA": 2,
    "CAD": 5,
    "CONF": 3,
    "EXH": 5,
    "LOG": 5,
}
BOOK_IDS = [f"{prefix}-{n}" for prefix, count in BOOK_COUNTS.items() for n in range(1, count + 1)]

needs_book = pytest.mark.skipif(
    not BOOK.exists(),
    reason=f"the rule book {BOOK} is not beside the repository (a clean clone without shared/)",
)


def read_book() -> tuple[dict[str, str], dict[str, str]]:
    """The rule book's rules (ID → text, continuation lines joined) and area headings."""
    rules: dict[str, str] = {}
    areas: dict[str, str] = {}
    current = None
    for line in BOOK.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"## ([A-Z]+): (.+)", line):
            areas[heading[1]], current = heading[2], None
        elif item := re.match(r"- ([A-Z]+-\d+) (.*)", line):
            current = item[1]
            rules[current] = item[2]
        elif current is not None and line.startswith("  ") and line.strip():
            rules[current] += " " + line.strip()
        else:
            current = None
    return rules, areas


def plugin_rules() -> dict[str, Rule]:
    """The rules the two plugin distributions declare (their ``rules.toml``), read without
    loading the plugins (the core suite runs with them disabled)."""
    found: dict[str, Rule] = {}
    for module in PLUGIN_MODULES:
        package = pytest.importorskip(module)
        found.update({r.id: r for r in load_rules(Path(package.__file__).parent / "rules.toml")})
    return found


#: The whole catalogue: the core's rules, then the plugins' (EXH, LOG).
CATALOGUE = {**RULES, **plugin_rules()}


def resolve(path: str) -> object:
    """The object at a dotted path, skipping the test if its plugin is not installed."""
    if path.startswith(PLUGIN_MODULES):
        pytest.importorskip(path.partition(".")[0])
    return pkgutil.resolve_name(path)


# -- the catalogue against the rule book --------------------------------------------------------


def test_catalogue_lists_the_rule_books_ids_in_order() -> None:
    assert list(CATALOGUE) == BOOK_IDS
    assert all(isinstance(r, Rule) and r.id == rule_id for rule_id, r in CATALOGUE.items())
    assert not [r for r in RULES if r.startswith(("EXH-", "LOG-"))]  # in their plugins


@needs_book
def test_catalogue_lists_every_rule_of_the_rule_book() -> None:
    book, _ = read_book()
    assert list(book) == BOOK_IDS  # the hard-coded list is still the rule book's
    assert list(CATALOGUE) == list(book)


@needs_book
def test_areas_are_the_rule_books_headings() -> None:
    _, headings = read_book()
    assert set(headings) == set(BOOK_COUNTS)
    for rule_id, found in CATALOGUE.items():
        heading = re.sub(r"\s*\([^)]*[\u3400-\u9fff][^)]*\)", "", headings[rule_id.split("-")[0]])
        assert found.area == heading[0].upper() + heading[1:], rule_id


@needs_book
def test_texts_keep_the_rule_books_figures_and_chinese_terms() -> None:
    book, _ = read_book()
    problems = []
    for rule_id, text in book.items():
        mine = CATALOGUE[rule_id].text
        figures = set(re.findall(r"\d+", text)) - set(re.findall(r"\d+", mine))
        terms = [t for t in re.findall(r"[\u3400-\u9fff]+", text) if t not in mine]
        if figures or terms:
            problems.append(f"{rule_id}: missing {sorted(figures)} {terms}")
    assert not problems


def test_every_rule_is_described() -> None:
    for rule_id, found in CATALOGUE.items():
        assert found.text.endswith("."), rule_id
        assert found.example.endswith("."), rule_id
        assert "  " not in found.text + found.example, rule_id
        assert len(found.parameters) == len(set(found.parameters)), rule_id


def test_catalogue_is_read_only() -> None:
    with pytest.raises(TypeError):
        RULES["SWAP-1"] = RULES["SWAP-2"]  # type: ignore[index]


# -- the catalogue against the code -------------------------------------------------------------


def cited_ids() -> dict[str, set[str]]:
    """Rule IDs the code cites, with the files citing them: every ID with a rule book
    prefix (docstrings, messages, comments), and every string passed as a rule ID."""
    prefixes = "|".join(BOOK_COUNTS)
    any_id = re.compile(rf"\b(?:{prefixes})-\d+\b")
    as_rule = re.compile(
        r"(?:Violation\(\s*|\brule(?:_id)?\s*(?::\s*str\s*)?=\s*)\"([A-Z][A-Z0-9]*-\d+)\""
    )
    found: dict[str, set[str]] = {}
    for source in SOURCES:
        for path in source.rglob("*.py"):
            if path.name == "rulebook.py":  # its examples cite unknown IDs on purpose
                continue
            text = path.read_text(encoding="utf-8")
            for rule_id in [*any_id.findall(text), *as_rule.findall(text)]:
                found.setdefault(rule_id, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_rule_id_the_code_cites_is_in_the_catalogue() -> None:
    cited = cited_ids()
    assert len(cited) > 60  # the scan found the code's citations
    assert {rule_id: files for rule_id, files in cited.items() if rule_id not in CATALOGUE} == {}


def mentions(source: str, rule_id: str) -> bool:
    """Whether ``source`` cites ``rule_id`` or a range ``P-a … P-b`` that covers it."""
    prefix, _, number = rule_id.partition("-")
    if re.search(rf"\b{rule_id}\b", source):
        return True
    ranges = re.findall(rf"\b{prefix}-(\d+)\s*(?:…|\.\.\.|to)\s*{prefix}-(\d+)\b", source)
    return any(int(low) <= int(number) <= int(high) for low, high in ranges)


@pytest.mark.parametrize("rule_id", list(CATALOGUE))
def test_implemented_by_imports_and_cites_the_rule(rule_id: str) -> None:
    found = resolve(CATALOGUE[rule_id].implemented_by)
    assert callable(found)
    module = sys.modules[found.__module__]
    assert mentions(inspect.getsource(module), rule_id)


# -- parameters ---------------------------------------------------------------------------------

PARAMETERS = sorted({name for r in CATALOGUE.values() for name in r.parameters})


@pytest.mark.parametrize("name", PARAMETERS)
def test_every_parameter_exists(name: str) -> None:
    if name.startswith(("plugins.exhibition", "plugins.logistics")):
        pytest.importorskip("servicepolicy_" + name.split(".")[1])
    parameter_default(name)  # raises for a name that is no parameter


def test_parameter_defaults_are_the_engines() -> None:
    from datetime import time, timedelta

    from servicepolicy.kpi import Target

    assert parameter_default("leave.personal_notice") == "day_before"
    assert parameter_default("leave.night_cutoff") == time(12)
    assert parameter_default("swap.max_per_month") == 2
    assert parameter_default("attendance.late_limit") == timedelta(minutes=20)
    assert parameter_default("calendars.<name>.tz") == "Asia/Shanghai"
    assert parameter_default("sla.targets[].calendar") is None
    assert parameter_default("sla.targets[].within") is NO_DEFAULT
    assert parameter_default("kpis.measures[average_handle_time].target") == Target.within(210, 330)
    assert parameter_default("kpis.measures[csat].target") is None  # KPI-8 leaves it open
    assert parameter_default("kpis.measures[service_level].threshold") == 20
    assert parameter_default("QualityPolicy.minimum") is NO_DEFAULT
    assert parameter_default("quality_report(day)") == 22
    assert parameter_default("EscalationPolicy.sla_breach") == "centre_head"


@pytest.mark.parametrize(
    "name",
    [
        "leave.check",  # a method, not a field
        "leave.no_such_field",
        "quality_report(month)",
        "no_such_engine(day)",
        "kpis.measures[service_level].no_such_field",
    ],
)
def test_unknown_parameters_are_refused(name: str) -> None:
    with pytest.raises(InvalidArgumentError, match="parameter"):
        parameter_default(name)


def test_policy_file_defaults_read_back() -> None:
    """Each ``section.field`` default, written as explain() writes it, is a valid policy-file
    value that loads as the same default."""
    from servicepolicy.policy.loader import load_policy_text
    from servicepolicy.rulebook import _format

    checked = 0
    for name in PARAMETERS:
        section, _, field = name.partition(".")
        default = parameter_default(name)
        written = _format(default)
        if section not in ("leave", "swap", "attendance", "sla", "escalation", "kpis"):
            continue
        if "." in field or "[" in field or default is None or written in ("[]", "{}"):
            continue
        text = f'schema_version = 1\nname = "t"\n[{section}]\n{field} = {written}\n'
        policy = load_policy_text(text, source="t.toml")
        assert getattr(getattr(policy, section), field) == default, name
        checked += 1
    assert checked > 30


# -- explain and look-up ------------------------------------------------------------------------


def test_explain_leave_1() -> None:
    assert explain("LEAVE-1") == (
        "LEAVE-1: Leave requests\n"
        "  Personal leave is requested in advance: ordinary personal leave one day ahead\n"
        '  ("一般事假需在一天提出", read as no later than the day before, a parameter), urgent\n'
        "  personal leave at least one hour before the shift starts.\n"
        "Policy parameters:\n"
        '  leave.personal_notice = "day_before"\n'
        '  leave.urgent_notice = "1h"\n'
        "Implemented by:\n"
        "  servicepolicy.workforce._leave_checks.leave_1_advance_notice\n"
        "For example:\n"
        "  Personal leave for the 08:00 shift of 12 November asked for at 07:00 that day: LEAVE-1\n"
        '  error, "personal leave requested at 2026-11-12 07:00, missing the deadline (by\n'
        '  2026-11-11 23:59) for shift A-01-1112D …".'
    )


def test_explain_qa_1_and_tier_3() -> None:
    assert explain("qa-1").splitlines()[:7] == [
        "QA-1: Quality inspection",
        '  Each agent\'s calls are monitored 1–5 times a month ("不少于1-5次": the minimum is a',
        "  parameter) and scored on language, attitude, tone, grasp of the customer's need and",
        "  adaptability.",
        "Policy parameters:",
        "  QualityPolicy.minimum (no default: the policy sets it)",
        "  QualityPolicy.form.points = {language = 20, attitude = 20, tone = 20, grasp_of_need = "
        "20, adaptability = 20}",
    ]
    assert explain("TIER-3").splitlines()[4:7] == [
        "Policy parameters: none",
        "Implemented by:",
        "  servicepolicy.customers.customer.Customer",
    ]


def test_explain_kpi_targets_are_written_as_in_a_policy_file() -> None:
    text = explain("KPI-3")
    assert 'kpis.measures[average_handle_time].target = "210..330"' in text
    assert 'kpis.measures[service_level].target = ">= 80%"' in explain("KPI-2")


def test_explain_without_the_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.startswith("servicepolicy_exhibition"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "servicepolicy_exhibition", None)
    text = explain("EXH-2", CATALOGUE)
    assert (
        "  plugins.exhibition.inquiry_channels (default unknown: servicepolicy_exhibition is not "
        "installed)" in text.splitlines()
    )
    assert "servicepolicy_exhibition.channels.exh_2_same_channel" in text


@pytest.mark.parametrize(
    ("asked", "hint"),
    [
        ("SWAP-11", "did you mean SWAP-1, SWAP-10?"),
        ("swp1", "did you mean SWAP-1, SWAP-10?"),
        ("LEAVE-12", "did you mean LEAVE-1, LEAVE-2, LEAVE-11?"),
        ("KPI-0", "did you mean KPI-10?"),
        ("SLA", "the SLA rules are SLA-1 … SLA-6"),
        ("ZZ-9", "rule IDs start with CAL, TIER, TKT, SLA, ESC, LEAVE, SWAP, ATT, KPI, QA, "),
    ],
)
def test_unknown_ids_name_close_matches(asked: str, hint: str) -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        rule(asked)
    assert str(raised.value).startswith(f"rule_id: unknown rule {asked!r}; {hint}")
    assert raised.value.argument == "rule_id"
    assert raised.value.value == asked
    with pytest.raises(InvalidArgumentError):
        explain(asked)


def test_lookup_ignores_case_and_blanks() -> None:
    assert rule(" swap-1 ") is RULES["SWAP-1"]
    with pytest.raises(WrongTypeError):
        rule(1)  # type: ignore[arg-type]
