"""The command follows the conventions of linters (issue 15): each violation's source file
and line, SARIF locations, --select/--ignore, waivers, config discovery, explain --all,
--now keywords, roster-only and requests-only runs."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from servicepolicy.cli import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, main
from servicepolicy.hookspecs import hookimpl
from servicepolicy.policy import builtin_policy_text
from servicepolicy.rulebook import Rule, load_rules
from servicepolicy.sample import month
from servicepolicy.testing import registered


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example month written as files."""
    where = tmp_path_factory.mktemp("sample")
    month(seed=2026).write(where)
    return where


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def data(sample: Path) -> list[str]:
    return [
        "--tickets", str(sample / "tickets.jsonl"),
        "--roster", str(sample),
        "--requests", str(sample / "leave.csv"),
        "--requests", str(sample / "swaps.csv"),
        "--attendance", str(sample / "attendance.csv"),
        "--hand-over-logs", str(sample / "handover.csv"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def checked(sample: Path) -> dict[str, object]:
    """The example month checked, as JSON."""
    status, out = run("check", "callcentre", *data(sample), "--format", "json")
    assert status == EXIT_VIOLATIONS
    found: dict[str, object] = json.loads(out)
    return found


def test_every_violation_names_the_record_it_judged(
    checked: dict[str, object], sample: Path
) -> None:
    """SLA-1, TKT-2, ATT-1, LEAVE-1 and SWAP-1 violations name the file and line of the
    ticket, clock record or request they judged; that line holds the subject."""
    violations = checked["violations"]
    contexts = checked["context"]
    assert isinstance(violations, list) and isinstance(contexts, list)
    seen: set[str] = set()
    for v, c in zip(violations, contexts, strict=True):
        assert c["source_file"] is not None, v
        path = Path(c["source_file"])
        line = path.read_text(encoding="utf-8").splitlines()[c["source_line"] - 1]
        assert v["subject"] in line, (v, line)
        seen.add(v["rule_id"].partition("-")[0])
    assert {"SLA", "TKT", "ATT", "LEAVE", "SWAP"} <= seen


def test_times_are_local_and_durations_in_words(checked: dict[str, object]) -> None:
    """SLA-1, SLA-4: breaches are said in the display zone (+08:00 for the Shanghai
    desk) with the lateness in words; suggestions address a role and never name a
    library call."""
    violations = checked["violations"]
    assert isinstance(violations, list)
    sla1 = [v for v in violations if v["rule_id"] == "SLA-1"]
    pattern = r"breached at 2026-\d\d-\d\d \d\d:\d\d \+08:00 \(\d+ (d|h|min|s).* over a "
    assert all(re.search(pattern, v["message"]) for v in sla1), sla1[0]["message"]
    assert all(v["suggestion"].startswith("agent: ") for v in sla1)
    sla4 = next(v for v in violations if v["rule_id"] == "SLA-4")
    assert "past the time promised, 2026-" in sla4["message"]
    for v in violations:
        assert not re.search(r"\w+\.\w+\(|\w+=", v["suggestion"] or ""), v["suggestion"]
        assert ":00:00 used" not in v["message"]
    assert checked["tz"] == "Asia/Shanghai"


def test_sarif_results_point_at_the_data_file_and_line(sample: Path) -> None:
    """SARIF (SLA-1): a physicalLocation with the file and its line, rule metadata with
    title, text and the docs' help URI."""
    status, out = run("check", "callcentre", *data(sample), "--format", "sarif")
    assert status == EXIT_VIOLATIONS
    sarif = json.loads(out)["runs"][0]
    result = next(r for r in sarif["results"] if r["ruleId"] == "SLA-1")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("tickets.jsonl")
    assert physical["region"]["startLine"] > 1
    rule = next(r for r in sarif["tool"]["driver"]["rules"] if r["id"] == "SLA-1")
    assert rule["shortDescription"]["text"].startswith("Each ticket kind has response")
    assert "within the specified time" in rule["fullDescription"]["text"]
    assert rule["helpUri"].endswith("sla.html#sla-1")


def test_select_and_ignore_take_rule_ids_and_prefixes(sample: Path) -> None:
    """--select SWAP,LEAVE-7 reports only those rules (LEAVE-7, not LEAVE-1); --ignore
    SLA,ATT drops them; the report says which rules it reports."""
    status, out = run(
        "check", "callcentre", *data(sample), "--format", "json", "--select", "SWAP,LEAVE-7"
    )
    assert status == EXIT_VIOLATIONS
    report = json.loads(out)
    rules = {v["rule_id"] for v in report["violations"]}
    assert rules and all(r.startswith("SWAP-") or r == "LEAVE-7" for r in rules), rules
    assert "rules reported: select SWAP, LEAVE-7" in report["notes"]
    _, out = run("check", "callcentre", *data(sample), "--format", "json",
                      "--ignore", "SLA,ATT")  # fmt: skip
    rules = {v["rule_id"] for v in json.loads(out)["violations"]}
    assert rules and not any(r.startswith(("SLA-", "ATT-")) for r in rules)


def policy_with(extra: str) -> str:
    return builtin_policy_text("callcentre") + "\n" + extra


def test_waivers_list_not_count_and_expire(sample: Path, tmp_path: Path) -> None:
    """[[waivers]]: SWAP-1 for A-17 is waived (listed with its reason, not counted); a
    pattern waives SLA-5 for T-000* tickets; an expired waiver waives nothing and is a
    WAIVER-1 warning."""
    policy = tmp_path / "p.toml"
    policy.write_text(
        policy_with(
            '[[waivers]]\nrule = "SWAP-1"\nsubject = "A-17"\nreason = "pilot rota"\n'
            'expires = 2027-01-31\n\n[[waivers]]\nrule = "SLA-5"\npattern = "T-000*"\n'
            'reason = "migration"\n\n[[waivers]]\nrule = "ATT"\nreason = "old"\n'
            "expires = 2026-10-31\n"
        ),
        encoding="utf-8",
    )
    _, out = run("check", str(policy), *data(sample), "--format", "json")
    report = json.loads(out)
    waived = {(w["rule_id"], w["subject"]): w["reason"] for w in report["waived"]}
    assert waived[("SWAP-1", "A-17")] == "pilot rota"
    assert all(s.startswith("T-000") for r, s in waived if r == "SLA-5")
    live = [(v["rule_id"], v["subject"]) for v in report["violations"]]
    assert ("SWAP-1", "A-17") not in live
    assert not any(r == "SLA-5" and s.startswith("T-000") for r, s in live)
    assert any(r.startswith("ATT-") for r, _ in live)  # the expired waiver waives nothing
    expired = [v for v in report["violations"] if v["rule_id"] == "WAIVER-1"]
    assert len(expired) == 1 and expired[0]["severity"] == "warning"
    assert "expired on 2026-10-31" in expired[0]["message"]


def test_policy_discovered_upwards(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """Without a policy argument, check uses [tool.servicepolicy] of the nearest
    pyproject.toml above the working directory, or a servicepolicy.toml nearer, and says
    which (a roster-only run, LEAVE rules not checked)."""
    text = builtin_policy_text("callcentre")
    table = re.sub(r"^\[(\[?)", r"[\1tool.servicepolicy.", text, flags=re.M)
    table = table.replace("schema_version", "[tool.servicepolicy]\nschema_version", 1)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "desk"\n\n' + table, "utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    status, out = run("check", "--roster", str(sample))
    assert status == EXIT_OK and "0 violations" in out
    assert f"using the policy in {tmp_path / 'pyproject.toml'}" in capsys.readouterr().err
    (tmp_path / "a" / "servicepolicy.toml").write_text(text, "utf-8")
    status, out = run("check", "--roster", str(sample))
    assert f"using the policy in {tmp_path / 'a' / 'servicepolicy.toml'}" in (
        capsys.readouterr().err
    )
    monkeypatch.chdir(Path("/"))
    status, _ = run("check", "--roster", str(sample))
    assert status == EXIT_INVALID
    assert "servicepolicy.toml" in capsys.readouterr().err


def test_roster_only_and_requests_only_runs(sample: Path) -> None:
    """A roster alone is judged at its last shift's end (what it cannot check is said);
    requests without a roster run too (LEAVE/SWAP rules not checked)."""
    status, out = run("check", "callcentre", "--roster", str(sample), "--format", "json")
    report = json.loads(out)
    assert status == EXIT_OK and report["now"].startswith("2026-12-01T08:00")
    assert "leave and swap rules: no requests given" in report["not_checked"]
    status, out = run("check", "callcentre", "--requests", str(sample / "leave.csv"))
    assert status == EXIT_OK and "no roster given" in out


def test_now_keywords_and_help(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--now end-of-data is the default (the latest instant in the data, said in a note
    when tickets are still open); --now today judges at the present; --help explains."""
    args = ("check", "callcentre", "--tickets", str(sample / "tickets.jsonl"), "--format", "json")
    _, out = run(*args)
    default = json.loads(out)
    _, out = run(*args, "--now", "end-of-data")
    assert json.loads(out)["now"] == default["now"]
    assert any(n.startswith("judged at the end of the data") for n in default["notes"])
    _, out = run(*args, "--now", "today")
    today = json.loads(out)
    assert today["now"] > default["now"]  # the present is after the example month
    assert not any(n.startswith("judged at the end") for n in today["notes"])
    status, _ = run(*args, "--now", "tomorrow")
    assert status == EXIT_INVALID
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "'end-of-data' (the default: the latest instant in the data" in text
    assert "'today' (the present instant" in text and "--select RULES" in text


class Desk:
    """A plugin with one rule of its own, DESK-1."""

    @hookimpl
    def servicepolicy_rules(self) -> tuple[Rule, ...]:
        return load_rules(
            '[areas]\nDESK = "Front desk (plugin)"\n[rules.DESK-1]\n'
            'text = "Visitors sign in at the desk. Always."\nparameters = []\n'
            'implemented_by = "desk.sign_in"\nexample = "A visitor without a badge."\n'
        )


def test_explain_all_lists_core_and_plugin_rules() -> None:
    """explain --all: a table of every rule (SWAP-1 and a plugin's DESK-1) with titles;
    --format json; explain of a plugin's rule."""
    with registered(Desk(), name="desk"):
        _check_explain()


def _check_explain() -> None:
    status, out = run("explain", "--all")
    assert status == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split() == ["RULE", "AREA", "TITLE"]
    swap = next(line for line in lines if line.startswith("SWAP-1 "))
    assert "Each person may swap at most 2 times per calendar month" in swap
    desk = next(line for line in lines if line.startswith("DESK-1 "))
    assert "Front desk (plugin)" in desk and desk.endswith("Visitors sign in at the desk")
    status, out = run("explain", "--all", "--format", "json")
    rules = {r["id"]: r for r in json.loads(out)}
    assert rules["SWAP-1"]["help"].endswith("workforce.html#swap-1")
    assert rules["DESK-1"]["area"] == "Front desk (plugin)"
    status, out = run("explain", "desk-1")
    assert status == EXIT_OK and out.startswith("DESK-1")
    status, out = run("explain", "DESK-1", "--format", "json")
    assert json.loads(out)["title"] == "Visitors sign in at the desk"
    assert run("explain")[0] == EXIT_INVALID
