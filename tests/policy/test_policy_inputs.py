"""Input mappings in policy files and on the command line (issue 13, parts 1 and 6):
``[inputs.NAME]`` tables validated with their lines, SLA target tiers checked against the
policy's tier scheme (TIER-2, SLA-1), ``--map``/``--tz``/``--encoding``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tests.io.test_snapshots import ZENDESK  # the fixture export

from servicepolicy.cli import EXIT_INVALID, main
from servicepolicy.errors import PolicyFileError
from servicepolicy.io.mapping import preset_names
from servicepolicy.policy import load_policy_text
from servicepolicy.policy.schema import committed_schema, policy_schema

HEAD = 'schema_version = 1\nname = "p"\n'


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyFileError) as caught:
        load_policy_text(HEAD + text, source="p.toml")
    return list(caught.value.problems)


def test_inputs_tables_are_validated_with_their_lines_tkt_1() -> None:
    """TKT-1: every problem of every [inputs.*] table at once, each with its line."""
    found = problems(
        "[inputs.tickets]\n"
        'preset = "zendek"\n'
        'tz = "Asia/Shanghia"\n'
        "[inputs.calls.durations]\n"
        'talk_seconds = "weeks"\n'
        "[inputs.cals]\n"
        'tz = "UTC"\n'
    )
    assert found == [
        f"p.toml:4 [inputs.tickets.preset]: expected one of {', '.join(preset_names())}, "
        "got 'zendek'",
        "p.toml:5 [inputs.tickets.tz]: expected an IANA time zone (Asia/Shanghai), got "
        "'Asia/Shanghia'",
        "p.toml:7 [inputs.calls.durations.talk_seconds]: expected one of HH:MM:SS, seconds, "
        "minutes, hours, got 'weeks'",
        "p.toml:8 [inputs.cals]: expected one of tickets, calls, roster, requests, "
        "attendance, surveys, customers",
    ]


def test_a_valid_inputs_table_is_read_tkt_1() -> None:
    """TKT-1: a preset plus explicit fields become the policy's InputMapping."""
    policy = load_policy_text(
        HEAD + '[inputs.tickets]\npreset = "zendesk"\ntz = "Asia/Shanghai"\n'
        '[inputs.tickets.values.tier]\nVIP = "strategic"\n'
    )
    mapping = policy.inputs["tickets"].resolved()
    assert mapping.lifecycle == "snapshot" and mapping.values["tier"] == {"VIP": "strategic"}


def test_a_target_tier_outside_the_scheme_is_a_load_error_tier_2() -> None:
    """TIER-2, SLA-1: ``tiers = ["stratgic"]`` would silently never apply: a load error."""
    found = problems(
        "[sla]\n"
        "targets = [\n"
        '  { name = "key", metric = "resolution", within = "8h", tiers = ["strategic"] },\n'
        '  { name = "typo", metric = "first_response", within = "1h", tiers = ["stratgic"] },\n'
        "]\n"
    )
    assert len(found) == 1
    # inline arrays: the line of their key (the locator knows no positions inside them)
    assert found[0].startswith("p.toml:4 [sla.targets.1.tiers.0]: expected a tier of the scheme")


def test_the_schema_describes_the_inputs_tables() -> None:
    """The JSON Schema lists the inputs and a mapping's fields; the committed one is current."""
    schema = policy_schema(plugins=False)
    inputs = schema["properties"]["inputs"]
    assert inputs["propertyNames"]["enum"][0] == "tickets"
    fields = inputs["additionalProperties"]["properties"]
    assert {"preset", "columns", "values", "tz", "durations", "lifecycle"} <= set(fields)
    assert committed_schema()["properties"]["inputs"] == inputs


def test_check_reads_a_zendesk_export_with_map_sla_5(tmp_path: Path) -> None:
    """SLA-5: ``--map tickets=zendesk``: 0 rejected rows, the snapshot's limits listed as
    not checked in the JSON report."""
    path = tmp_path / "tickets.csv"
    path.write_text(ZENDESK, encoding="utf-8")
    out = io.StringIO()
    code = main(
        [
            "check",
            "callcentre",
            "--tickets",
            str(path),
            "--map",
            "tickets=zendesk",
            "--now",
            "2026-11-26T00:00+08:00",
            "--format",
            "json",
        ],
        stdout=out,
    )
    assert code in (0, 1)
    report = json.loads(out.getvalue())
    assert report["rejected"] == []
    assert any("progress_update" in line for line in report["not_checked"])


def test_map_file_tz_and_encoding_on_the_command_line_cal_5(tmp_path: Path) -> None:
    """CAL-5: a mapping file, ``--tz`` for naive times and ``--encoding`` for a GB18030
    export; a bad mapping file is exit 2 with its line."""
    export = tmp_path / "tickets.csv"
    export.write_text(ZENDESK.replace(" +0800", "").replace("Li Na", "李娜"), encoding="gb18030")
    mapping = tmp_path / "map.toml"
    mapping.write_text('preset = "zendesk"\n[defaults]\nchannel = "email"\n', encoding="utf-8")
    out = io.StringIO()
    args = [
        "check",
        "callcentre",
        "--tickets",
        str(export),
        "--map",
        f"tickets={mapping}",
        "--now",
        "2026-11-26T00:00+08:00",
        "--format",
        "json",
    ]
    assert main([*args, "--tz", "Asia/Shanghai", "--encoding", "gb18030"], stdout=out) in (0, 1)
    assert json.loads(out.getvalue())["rejected"] == []
    mapping.write_text('preset = "zendesk"\n\n[durations]\non_hold = "weeks"\n', encoding="utf-8")
    assert main([*args, "--tz", "Asia/Shanghai"], stdout=io.StringIO()) == EXIT_INVALID
    assert main([*args[:4], "--map", "tickets=nope"], stdout=io.StringIO()) == EXIT_INVALID
    assert main([*args, "--tz", "Mars/Base"], stdout=io.StringIO()) == EXIT_INVALID
