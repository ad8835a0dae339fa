"""The text, JUnit and SARIF renderings of a report and the FORMATS table
(servicepolicy.report.formats).  The reports are built by hand in test_report_html."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from test_report_html import EMPTY, NOW, XSS, big_report, kpi, realistic_report, xss_report

from servicepolicy.kpi import KpiReport, Target
from servicepolicy.report import (
    FORMATS,
    InputSummary,
    Report,
    render_html,
    render_junit,
    render_sarif,
    render_text,
)
from servicepolicy.report.formats import SARIF_SCHEMA, findings
from servicepolicy.rulebook import RULES
from servicepolicy.rules import Severity, Violation

# -- text ------------------------------------------------------------------------------------


def test_text_is_a_line_per_violation_then_the_summary() -> None:
    """``RULE-ID subject: message`` per violation, one line each, then a blank line and
    the summary."""
    report = Report(
        "callcentre",
        NOW,
        violations=[
            Violation("SWAP-1", Severity.ERROR, "3 swaps\nin 2026-11", "agent 7\n(night)"),
            Violation("CAL-2", Severity.WARNING, "no calendar for 2027"),
        ],
    )
    lines = render_text(report).splitlines()
    assert lines[:3] == [
        "SWAP-1 agent 7 (night): 3 swaps in 2026-11",
        "CAL-2: no calendar for 2027",
        "",
    ]
    assert "\n".join(lines[3:]) == report.summary()
    assert render_text(EMPTY) == EMPTY.summary()


def test_text_lists_missed_kpis_once() -> None:
    """A KPI that missed its target is a line too, in the words of
    KpiReport.violations(), unless the violations already hold it."""
    report = realistic_report()
    lines = render_text(report).splitlines()
    expected = "KPI-2 month=2026-11, team=T2: service_level [A_T/(A+Ab)] 72 %: "
    assert expected + "target ≥ 80 %: missed by 8 %" in lines
    assert sum(line.startswith("KPI-") for line in lines) == 3
    restated = Report(
        "callcentre", NOW, violations=KpiReport(report.kpis).violations(), kpis=report.kpis
    )
    assert sum(line.startswith("KPI-") for line in render_text(restated).splitlines()) == 3
    assert len(findings(restated)) == 3 and len(findings(report)) == 43 + 3


def test_text_lists_the_first_rejected_rows() -> None:
    """The first 20 rejected rows follow the summary; the rest are counted."""
    rejected = [f"calls.csv: line {n}: no queue" for n in range(2, 32)]
    report = Report("callcentre", NOW, inputs=[InputSummary("calls", 70, 30)], rejected=rejected)
    lines = render_text(report).splitlines()
    assert lines[-21] == "  rejected: calls.csv: line 2: no queue"
    assert lines[-2] == "  rejected: calls.csv: line 21: no queue"
    assert lines[-1] == "  ... and 10 more rejected rows (--format json lists them all)"


def test_formats_table() -> None:
    """Every --format of servicepolicy check has its renderer; json is Report.to_json."""
    assert list(FORMATS) == ["text", "json", "html", "junit", "sarif"]
    report = realistic_report()
    assert FORMATS["json"](report) == report.to_json()
    assert FORMATS["text"](report) == render_text(report)
    assert FORMATS["html"](report) == render_html(report)
    assert FORMATS["junit"](report) == render_junit(report)
    assert FORMATS["sarif"](report) == render_sarif(report)
    with pytest.raises(TypeError):
        FORMATS["csv"] = render_text  # type: ignore[index]


# -- JUnit -----------------------------------------------------------------------------------


def suites(xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    return {suite.attrib["name"]: suite for suite in root.findall("testsuite")}


def test_junit_parses_and_counts_add_up() -> None:
    """The XML parses; each suite counts its testcases, failures, errors and skips, and
    the root adds them up."""
    xml = render_junit(realistic_report())
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(xml)
    for key, child in (
        ("tests", None),
        ("failures", "failure"),
        ("errors", "error"),
        ("skipped", "skipped"),
    ):
        total = 0
        for suite in root.findall("testsuite"):
            cases = suite.findall("testcase")
            found = len(cases) if child is None else sum(c.find(child) is not None for c in cases)
            assert suite.attrib[key] == str(found), (suite.attrib["name"], key)
            total += found
        assert root.attrib[key] == str(total), key
    assert root.attrib["name"] == "servicepolicy: callcentre"
    assert (root.attrib["tests"], root.attrib["failures"]) == ("16", "8")
    assert (root.attrib["errors"], root.attrib["skipped"]) == ("1", "4")


def test_junit_one_testcase_per_rule() -> None:
    """One suite of rules, then inputs and not checked; one testcase per rule (issue 15),
    in rule order, named by ID and title: failed with the gravest severity and a line per
    violation (SWAP-1, KPI-2) and per missed KPI figure; passed for a catalogue rule
    without findings; skipped when its KPI figures have no target or data (KPI-7)."""
    catalogue = [RULES["SWAP-1"], RULES["SWAP-2"]]
    found = suites(render_junit(realistic_report(), catalogue=catalogue))
    assert list(found) == ["rules", "inputs", "not checked"]
    cases = {c.attrib["name"].split()[0]: c for c in found["rules"].findall("testcase")}
    assert list(cases) == [
        "ATT-1", "ESC-3", "KPI-1", "KPI-2", "KPI-3", "KPI-5", "KPI-7", "KPI-8", "LEAVE-2",
        "SLA-1", "SWAP-1", "SWAP-2", "TKT-5",
    ]  # fmt: skip
    swap = cases["SWAP-1"]
    assert swap.attrib == {
        "classname": "servicepolicy.callcentre",
        "name": "SWAP-1 Each person may swap at most 2 times per calendar month",
        "time": "0",
    }
    failure = swap.find("failure")
    assert failure is not None and failure.attrib["type"] == "error"
    assert failure.attrib["message"] == "5 violations, 0 KPI figures missed"
    assert failure.text is not None and len(failure.text.splitlines()) == 5
    assert failure.text.startswith("[error] agent-0: 3 swaps in 2026-11 exceed the limit of 2")
    assert "-> refuse the third swap or move it to 2026-12" in failure.text
    assert list(cases["SWAP-2"]) == []  # in the catalogue, no finding: passed
    kpi2 = cases["KPI-2"].find("failure")
    assert kpi2 is not None and "target ≥ 80 %: missed by 8 %" in (kpi2.text or "")
    assert cases["KPI-5"].find("failure") is None and cases["KPI-5"].find("skipped") is None
    skipped = cases["KPI-7"].find("skipped")
    assert skipped is not None and skipped.attrib["message"] == "target ≥ 85 %: no data"
    properties = {p.attrib["name"]: p.attrib["value"] for p in found["rules"].iter("property")}
    assert properties == {
        "policy": "callcentre",
        "now": "2026-12-01T09:00:00+08:00",
        "format": "servicepolicy.report/1",
    }
    assert found["rules"].attrib["timestamp"] == "2026-12-01T01:00:00"


def test_junit_kpi_restated_as_violation_is_not_repeated() -> None:
    """KPI-2: a violation that only restates a missed KPI figure is not listed twice."""
    report = realistic_report()
    restated = Report(
        "callcentre", NOW, violations=KpiReport(report.kpis).violations(), kpis=report.kpis
    )
    for xml in (render_junit(report), render_junit(restated)):
        case = next(
            c for c in suites(xml)["rules"].findall("testcase")
            if c.attrib["name"].startswith("KPI-3 ")
        )  # fmt: skip
        failure = case.find("failure")
        assert failure is not None
        assert failure.attrib["message"].endswith("2 KPI figures missed")
        assert len((failure.text or "").splitlines()) == 2


def test_junit_inputs_and_not_checked() -> None:
    """A testcase per input read, an error listing its rejected rows; a skipped testcase
    per reason something was not checked."""
    found = suites(render_junit(realistic_report()))
    cases = found["inputs"].findall("testcase")
    assert [c.attrib["name"] for c in cases] == ["read tickets", "read calls", "read roster"]
    error = cases[0].find("error")
    assert error is not None and error.attrib["message"] == "3 rows rejected"
    assert error.text is not None and error.text.count("tickets.jsonl: line") == 3
    assert cases[1].find("error") is None
    skipped = found["not checked"].find("testcase/skipped")
    assert skipped is not None and skipped.attrib["message"] == "QA-1: no inspection records given"


def test_junit_empty_escaped_and_big() -> None:
    """An empty report has no testcases; markup and characters XML cannot hold survive as
    text; thousands of violations are all there (SWAP-1)."""
    empty = ET.fromstring(render_junit(EMPTY))
    assert empty.attrib["tests"] == "0" and empty.findall("testsuite/testcase") == []
    tricky = Report(
        "callcentre",
        NOW,
        violations=[Violation("SWAP-1", Severity.ERROR, f"{XSS} \x00\x1b ]]> &", f"{XSS}\x07")],
    )
    failure = ET.fromstring(render_junit(tricky)).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.text == f"[error] {XSS}\ufffd: {XSS} \ufffd\ufffd ]]> &"
    ET.fromstring(render_junit(xss_report()))
    big = ET.fromstring(render_junit(big_report()))
    assert big.attrib["tests"] == big.attrib["failures"] == "3"
    texts = [f.text or "" for f in big.iter("failure")]
    assert sorted(len(t.splitlines()) for t in texts) == [1, 3000, 6000]


# -- SARIF -----------------------------------------------------------------------------------

# The objects of the SARIF 2.1.0 schema this log uses: their required properties and all
# the properties they allow (the schema forbids others), from sarif-schema-2.1.0.json.
SARIF: Mapping[str, tuple[set[str], set[str]]] = {
    "sarifLog": (
        {"version", "runs"},
        {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    ),
    "run": (
        {"tool"},
        {
            "tool", "invocations", "conversion", "language", "versionControlProvenance",
            "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
            "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
            "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
            "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
            "translations", "policies", "webRequests", "webResponses", "specialLocations",
            "properties",
        },
    ),
    "tool": ({"driver"}, {"driver", "extensions", "properties"}),
    "toolComponent": (
        {"name"},
        {
            "guid", "name", "organization", "product", "productSuite", "shortDescription",
            "fullDescription", "fullName", "version", "semanticVersion",
            "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
            "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language",
            "contents", "isComprehensive", "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
            "translationMetadata", "supportedTaxonomies", "properties",
        },
    ),
    "reportingDescriptor": (
        {"id"},
        {
            "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
            "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
            "helpUri", "help", "relationships", "properties",
        },
    ),
    "multiformatMessageString": ({"text"}, {"text", "markdown", "properties"}),
    "message": (set(), {"text", "markdown", "id", "arguments", "properties"}),
    "result": (
        {"message"},
        {
            "guid", "correlationGuid", "ruleId", "ruleIndex", "rule", "kind", "level",
            "message", "analysisTarget", "locations", "hostedViewerUri", "fingerprints",
            "partialFingerprints", "codeFlows", "graphs", "graphTraversals", "stacks",
            "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
            "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse",
            "properties",
        },
    ),
    "location": (
        set(),
        {"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships",
         "properties"},
    ),
    "logicalLocation": (
        set(),
        {"name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind",
         "properties"},
    ),
    "invocation": (
        {"executionSuccessful"},
        {
            "commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc",
            "exitCode", "ruleConfigurationOverrides", "notificationConfigurationOverrides",
            "toolExecutionNotifications", "toolConfigurationNotifications",
            "exitCodeDescription", "exitSignalName", "exitSignalNumber",
            "processStartFailureMessage", "executionSuccessful", "machine", "account",
            "processId", "executableLocation", "workingDirectory", "environmentVariables",
            "stdin", "stdout", "stderr", "stdoutStderr", "properties",
        },
    ),
    "notification": (
        {"message"},
        {"locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
         "associatedRule", "properties"},
    ),
}  # fmt: skip
LEVELS = {"none", "note", "warning", "error"}


def check(value: Any, kind: str, path: str = "$") -> None:
    """Raise AssertionError, naming the path, unless ``value`` is a valid SARIF ``kind``
    as far as the required and allowed properties, types and enumerations go."""
    assert isinstance(value, dict), f"{path}: expected an object"
    required, allowed = SARIF[kind]
    assert required <= value.keys(), f"{path}: missing {sorted(required - value.keys())}"
    assert value.keys() <= allowed, f"{path}: not allowed {sorted(value.keys() - allowed)}"
    if "properties" in value:
        bag = value["properties"]
        assert isinstance(bag, dict), f"{path}.properties: expected an object"
        tags = bag.get("tags", [])
        assert isinstance(tags, list) and all(isinstance(t, str) for t in tags)
        assert len(set(tags)) == len(tags), f"{path}.properties.tags: not unique"
    children = {
        "sarifLog": {"runs": "run"},
        "run": {"tool": "tool", "invocations": "invocation", "results": "result"},
        "tool": {"driver": "toolComponent"},
        "toolComponent": {
            "rules": "reportingDescriptor",
            "shortDescription": "multiformatMessageString",
        },
        "reportingDescriptor": {
            "shortDescription": "multiformatMessageString",
            "fullDescription": "multiformatMessageString",
        },
        "result": {"message": "message", "locations": "location"},
        "location": {"logicalLocations": "logicalLocation"},
        "invocation": {"toolExecutionNotifications": "notification"},
        "notification": {"message": "message"},
    }.get(kind, {})
    for key, child in children.items():
        if key not in value:
            continue
        items = value[key]
        if isinstance(items, list):
            for at, item in enumerate(items):
                check(item, child, f"{path}.{key}[{at}]")
        else:
            check(items, child, f"{path}.{key}")
    strings = {
        "sarifLog": ["$schema"],
        "reportingDescriptor": ["id", "name"],
        "toolComponent": ["name", "version", "informationUri"],
        "multiformatMessageString": ["text", "markdown"],
        "message": ["text", "markdown", "id"],
        "result": ["ruleId"],
        "logicalLocation": ["name", "fullyQualifiedName", "decoratedName", "kind"],
    }.get(kind, [])
    for key in strings:
        assert isinstance(value.get(key, ""), str), f"{path}.{key}: expected a string"
    if kind == "sarifLog":
        assert value["version"] == "2.1.0" and isinstance(value["runs"], list)
    if kind == "message":
        assert "text" in value or "id" in value, f"{path}: needs text or id"
    if kind in ("result", "notification"):
        assert value.get("level", "warning") in LEVELS, f"{path}.level: {value.get('level')}"
    if kind == "result":
        index = value.get("ruleIndex", -1)
        assert isinstance(index, int) and index >= -1, f"{path}.ruleIndex"
        prints = value.get("partialFingerprints", {})
        assert all(isinstance(v, str) for v in prints.values()), f"{path}.partialFingerprints"
    if kind == "invocation":
        assert isinstance(value["executionSuccessful"], bool)


def test_sarif_checker_catches_what_the_schema_forbids() -> None:
    """The structural check fails on a missing required property, a property the schema
    does not allow, an unknown level and a message with neither text nor id."""
    good = json.loads(render_sarif(realistic_report()))
    check(good, "sarifLog")
    broken: list[tuple[str, Any]] = []
    for path, change in (
        ("no version", lambda log: log.pop("version")),
        ("no tool", lambda log: log["runs"][0].pop("tool")),
        ("rule without id", lambda log: log["runs"][0]["tool"]["driver"]["rules"][0].pop("id")),
        ("result without message", lambda log: log["runs"][0]["results"][0].pop("message")),
        ("unknown property", lambda log: log["runs"][0]["results"][0].update(severity="error")),
        ("bad level", lambda log: log["runs"][0]["results"][0].update(level="critical")),
        ("empty message", lambda log: log["runs"][0]["results"][0].update(message={})),
        ("bad version", lambda log: log.update(version="2.0.0")),
    ):
        log = json.loads(json.dumps(good))
        change(log)
        broken.append((path, log))
    for path, log in broken:
        with pytest.raises(AssertionError):
            check(log, "sarifLog")
            pytest.fail(f"the check accepted a log with {path}")


@pytest.mark.parametrize("build", [realistic_report, xss_report, big_report, lambda: EMPTY])
def test_sarif_is_valid(build: Any) -> None:
    """The log is SARIF 2.1.0 for every kind of report; every result's ruleIndex points
    at its rule, and rule IDs are unique."""
    log = json.loads(render_sarif(build()))
    check(log, "sarifLog")
    assert log["$schema"] == SARIF_SCHEMA
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_maps_the_report() -> None:
    """The tool is servicepolicy; rules are the rule IDs present (missed KPIs too), each
    described; a result per finding, its level from the severity, the subject its
    logical location, the facts and suggestion its properties; what was not checked and
    the rejected rows are notifications."""
    report = realistic_report()
    run = json.loads(render_sarif(report))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "servicepolicy" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == [
        "ATT-1", "ESC-3", "KPI-2", "KPI-3", "LEAVE-2", "SLA-1", "SWAP-1", "TKT-5",
    ]  # fmt: skip
    swap_rule = driver["rules"][-2]
    assert swap_rule["shortDescription"] == {
        "text": "Each person may swap at most 2 times per calendar month"
    }
    assert swap_rule["fullDescription"] == {"text": RULES["SWAP-1"].text}
    assert swap_rule["helpUri"].endswith("/workforce.html#swap-1")
    assert driver["rules"][-2]["properties"] == {"tags": ["shift swaps"]}
    results = run["results"]
    assert len(results) == 43 + 3
    levels = {}
    for violation, result in zip(findings(report), results, strict=True):
        levels[violation.severity.label] = result["level"]
        assert result["message"]["text"] == violation.message
        assert result["properties"]["severity"] == violation.severity.label
    assert levels == {"info": "note", "warning": "warning", "error": "error", "critical": "error"}
    swap = next(r for r in results if r["ruleId"] == "SWAP-1")
    assert swap["locations"] == [
        {"logicalLocations": [{"name": "agent-0", "fullyQualifiedName": "callcentre/agent-0"}]}
    ]
    assert swap["properties"]["facts"] == {"swaps": 3, "limit": 2, "month": "2026-11"}
    assert swap["properties"]["suggestion"] == "refuse the third swap or move it to 2026-12"
    leave = next(r for r in results if r["ruleId"] == "LEAVE-2")
    assert leave["properties"]["facts"]["requested"] == "2026-11-01"
    assert "suggestion" not in leave["properties"]
    kpi2 = next(r for r in results if r["ruleId"] == "KPI-2")
    assert kpi2["level"] == "warning" and kpi2["properties"]["facts"]["value"] == "72 %"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0] == {
        "level": "note",
        "message": {"text": "not checked: QA-1: no inspection records given"},
    }
    assert len(notes) == 1 + 3 and notes[1]["level"] == "warning"
    assert run["properties"] == {
        "policy": "callcentre",
        "now": "2026-12-01T09:00:00+08:00",
        "ok": False,
        "format": "servicepolicy.report/1",
    }


def test_sarif_descriptions_and_fingerprints() -> None:
    """``describe`` gives the rules' full descriptions; a result's fingerprint depends on
    its rule, subject and message only; a violation without subject has no location."""
    report = Report(
        "callcentre",
        NOW,
        violations=[
            Violation("SWAP-1", Severity.ERROR, "3 swaps", "agent-7", {"at": date(2026, 11, 3)}),
            Violation("SWAP-1", Severity.WARNING, "3 swaps", "agent-7", {"other": "facts"}),
            Violation("SWAP-1", Severity.ERROR, "3 swaps", "agent-8"),
            Violation("ZZ-1", Severity.INFO, "plugin rule"),
        ],
    )
    texts = {"SWAP-1": "At most two shift swaps per calendar month."}
    run = json.loads(render_sarif(report, describe=texts.get))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert rules[0]["fullDescription"] == {"text": texts["SWAP-1"]}
    assert rules[1] == {
        "id": "ZZ-1",
        "name": "ZZ-1",
        "shortDescription": {"text": "ZZ-1"},
        "helpUri": "https://servicepolicy.readthedocs.io/en/latest/plugins.html#zz-1",
    }
    prints = [r["partialFingerprints"]["servicepolicy/v1"] for r in run["results"]]
    assert prints[0] == prints[1] != prints[2] and len(set(prints)) == 3
    assert "locations" not in run["results"][3]
    assert "toolExecutionNotifications" not in run["invocations"][0]
    assert json.loads(render_sarif(xss_report()))["runs"][0]["results"][0]["message"]["text"] == XSS


def test_findings_only_add_missed_kpis_not_already_violations() -> None:
    """A missed KPI becomes a finding with the KPI's rule ID unless a violation with the
    same rule, subject and message is there; met KPIs never are."""
    met = kpi(
        "service_level", "KPI-2", "A_T/(A+Ab)", "ratio", Fraction(9, 10), Target.at_least("80%")
    )
    missed = kpi(
        "service_level", "KPI-2", "A_T/(A+Ab)", "ratio", Fraction(1, 2), Target.at_least("80%")
    )
    assert findings(Report("p", NOW, kpis=[met])) == ()
    (found,) = findings(Report("p", NOW, kpis=[missed]))
    assert (found.rule_id, found.subject, found.severity) == ("KPI-2", "all", Severity.WARNING)
    again = Report("p", NOW, violations=[found], kpis=[missed])
    assert findings(again) == (found,)
