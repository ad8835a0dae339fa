"""Policy files: loading, every problem at once with file and line, built-ins, schema."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from servicepolicy.errors import PolicyFileError
from servicepolicy.policy import (
    BUILTIN_POLICIES,
    MIGRATIONS,
    SCHEMA_VERSION,
    builtin_policy_text,
    load_policy,
    load_policy_text,
    loader,
    parse_duration,
)
from servicepolicy.policy.schema import committed_schema, policy_schema
from servicepolicy.testing import T0, make_ticket

HEADER = 'schema_version = 1\nname = "t"\n'


def problems(text: str, format: str = "toml") -> list[str]:
    with pytest.raises(PolicyFileError) as raised:
        load_policy_text(text, source="p.toml" if format == "toml" else "p.yaml", format=format)
    return list(raised.value.problems)


@pytest.mark.parametrize("name", BUILTIN_POLICIES)
def test_the_builtin_policies_load_and_print(name: str) -> None:
    """The built-in policies load by name, and print as TOML that loads again."""
    policy = load_policy(name)
    assert policy.name == name and policy.schema_version == SCHEMA_VERSION
    assert load_policy_text(builtin_policy_text(name)) == policy


def test_a_policy_file_is_read_from_disk(tmp_path: Path) -> None:
    """A path loads its file; a missing one is a PolicyFileError naming it."""
    path = tmp_path / "mine.toml"
    path.write_text(builtin_policy_text("callcentre").replace('"callcentre"', '"mine"', 1))
    assert load_policy(path).name == "mine"
    with pytest.raises(PolicyFileError, match=r"missing\.toml: cannot be read"):
        load_policy(tmp_path / "missing.toml")


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    """Wrong types, unknown fields and bad durations in several sections: all reported,
    each with file:line and the path, in the order of the file."""
    text = (
        HEADER
        + """
[swap]
max_per_month = "two"

[leave]
urgent_notice = "an hour"
colour = "red"

[[sla.targets]]
name = "r"
metric = "resolution"
within = "8h"
calendar = "nowhere"
"""
    )
    assert problems(text) == [
        "p.toml:5 [swap.max_per_month]: expected an integer, got str 'two'",
        'p.toml:8 [leave.urgent_notice]: expected a duration like "8h", "30min" or '
        "\"1d 4h\", got str 'an hour'",
        "p.toml:9 [leave.colour]: unknown fields colour (known: personal_notice, urgent_notice, "
        "management_roles, one_day, duration_basis, higher_may_approve, in_person_kinds, "
        "certificate_from, certificate_severity, dates_basis, night_cutoff, holiday_notice, "
        "restricted_kinds, holiday_duty_special_case, holiday_basis, flag_overrides, "
        "unrecorded_submission)",
        "p.toml:15 [sla.targets.0.calendar]: expected a calendar of the policy (none), got "
        "'nowhere'",
    ]


def test_invalid_toml_names_the_line() -> None:
    """Bad TOML: one problem with the line tomllib reports."""
    assert problems(HEADER + "[sla\nwarnings = [0.5]\n") == [
        "p.toml:3: invalid TOML: Expected ']' at the end of a table declaration"
    ]


def test_consistency_errors() -> None:
    """SLA-1, ESC-2: two equally specific targets, a response target longer than the
    resolution target for the same tickets, an escalation to an undefined level, an
    unknown tier scheme, an unknown plugin section."""
    text = (
        HEADER
        + """tiers = "gold"
[[sla.targets]]
name = "a"
metric = "resolution"
within = "8h"
kinds = ["complaint"]
[[sla.targets]]
name = "b"
metric = "resolution"
within = "4h"
tiers = ["vip"]
[[sla.targets]]
name = "answer"
metric = "first_response"
within = "9h"
kinds = ["complaint"]
[escalation]
sla_breach = "ceo"
[plugins.weather]
rain = true
"""
    )
    found = problems(text)
    assert found[0] == (
        "p.toml:3 [tiers]: expected a tier scheme (exhibition, key_accounts, vip), got 'gold'"
    )
    assert (
        "p.toml:4 [sla.targets]: targets 'a' and 'b' (resolution) both match kind=complaint, "
        "tier=vip and neither is more specific" in found[1]
    )
    assert found[2] == (
        "p.toml:17 [sla.targets.2.within]: the response target 'answer' (9:00:00) is longer "
        "than the resolution target 'a' (8:00:00) for the same tickets"
    )
    assert found[3].startswith("p.toml:20 [escalation.sla_breach]: expected one of the ")
    assert found[4].startswith("p.toml:21 [plugins.weather]: no installed plugin reads")


def test_yaml_traps_are_not_silent() -> None:
    """YAML 1.1's traps: ``no`` is not false (a bool field refuses it, clearly), and
    ``10:00`` is not 600 seconds: a time reads as 10:00, a duration refuses it."""
    text = """schema_version: 1
name: t
swap:
  require_approvals: no
leave:
  night_cutoff: 10:00
sla:
  targets:
    - {name: r, metric: resolution, within: 10:00}
"""
    assert problems(text, "yaml") == [
        "p.yaml:4 [swap.require_approvals]: expected true or false, got str 'no'",
        'p.yaml:9 [sla.targets.0.within]: expected a duration like "8h", "30min" or '
        "\"1d 4h\", got str '10:00'",
    ]
    good = text.replace("no", "false").replace("within: 10:00", "within: 10h")
    policy = load_policy_text(good, format="yaml")
    assert (policy.leave.night_cutoff.hour, policy.swap.require_approvals) == (10, False)


def test_schema_version_is_required_and_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing or newer schema_version is refused; an older one is migrated step by
    step through MIGRATIONS."""
    assert problems('name = "t"\n') == [
        "p.toml [schema_version]: expected a whole number, got None"
    ]
    newer = problems(f'schema_version = {SCHEMA_VERSION + 1}\nname = "t"\n')
    assert "is newer than this servicepolicy reads" in newer[0]
    monkeypatch.setattr(loader, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION, lambda d: {**d, "renamed": True})
    assert loader.migrate({"schema_version": SCHEMA_VERSION}) == {
        "schema_version": SCHEMA_VERSION + 1,
        "renamed": True,
    }


def test_every_schema_version_before_this_one_has_a_migration() -> None:
    """A bump of SCHEMA_VERSION comes with a migration from the previous version."""
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_durations() -> None:
    """Durations: units d, h, min (m), s, combined; numbers are seconds; others refused."""
    assert parse_duration("1d 4h 30min") == timedelta(days=1, hours=4, minutes=30)
    assert parse_duration("90s") == parse_duration(90) == timedelta(seconds=90)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    for bad in ("8 hours", "", "-1h", True, -5):
        with pytest.raises(ValueError, match="expected a duration"):
            parse_duration(bad)


def test_the_committed_schema_is_in_sync_with_the_model() -> None:
    """``policy.schema.json`` is what the model generates (regenerate it with
    ``servicepolicy schema --core``)."""
    assert committed_schema() == json.loads(json.dumps(policy_schema(plugins=False)))


def test_a_policy_checks_data_into_a_report() -> None:
    """The main job: a policy judges tickets at an instant; what it could not check (no
    roster, no calls) is said, not skipped."""
    policy = load_policy("callcentre")
    late = make_ticket("complaint", "investigating", tier="strategic")
    report = policy.check(tickets=[late], now=T0 + timedelta(days=3))
    assert not report.ok
    assert {v.rule_id for v in report.violations} == {"SLA-1", "SLA-5"}
    assert report.not_checked == (
        "leave, swap and attendance rules: no roster given",
        "call KPIs (KPI-1 … KPI-7): no call records given",
    )
    fine = make_ticket("inquiry").reply(at=T0 + timedelta(minutes=5), by="agent-1")
    assert policy.check(tickets=[fine], now=T0 + timedelta(hours=1)).ok
