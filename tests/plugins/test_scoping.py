"""Plugins configured and scoped by the policy (issue 12): settings reach the hooks, an
unnamed plugin contributes nothing, plugin targets compete on specificity, plugins'
rules join the catalogue, and disabled or failing plugins are reported, not hidden."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest

from servicepolicy import plugins
from servicepolicy.cli import main
from servicepolicy.errors import PluginError, PolicyFileError
from servicepolicy.hookspecs import hookimpl
from servicepolicy.plugins import PluginSet
from servicepolicy.policy import load_policy_text
from servicepolicy.rulebook import Rule, load_rules
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaTarget
from servicepolicy.testing import T0, make_ticket, registered
from servicepolicy.tickets import Lifecycle, Ticket

H = timedelta(hours=1)

STORM = Lifecycle(
    kind="storm",
    initial="reported",
    transitions={"reported": {"cleared"}, "cleared": {"closed"}, "closed": set()},
    terminal={"closed"},
    resolved={"cleared"},
    rule="WX-1",
)

WX_RULES = load_rules(
    """
[areas]
WX = "Weather desk (test plugin)"

[rules.WX-1]
text = "A storm report is cleared within the plugin's deadline."
parameters = ["plugins.weather.deadline"]
implemented_by = "tests.plugins.test_scoping.Weather.servicepolicy_check_ticket"
example = "A storm report still open after two hours: WX-1 error."
"""
)


@attrs.frozen
class WeatherSettings:
    """The test plugin's settings: how long a storm may stay reported."""

    deadline: timedelta = timedelta(hours=4)


class Weather:
    """A configurable third-party plugin: a kind, a kind-specific target, a rule."""

    def __init__(self, settings: WeatherSettings | None = None) -> None:
        self.settings = settings or WeatherSettings()

    @hookimpl
    def servicepolicy_lifecycles(self) -> list[Lifecycle]:
        return [STORM]

    @hookimpl
    def servicepolicy_sla_targets(self) -> list[SlaTarget]:
        return [SlaTarget("storm-response", "first_response", H / 2, kinds="storm")]

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> list[Violation]:
        late = ticket.kind == "storm" and ticket.state == "reported"
        if late and now - ticket.created_at > self.settings.deadline:
            return [Violation("WX-1", Severity.ERROR, "storm not cleared", subject=ticket.id)]
        return []

    @hookimpl
    def servicepolicy_policy_sections(self) -> dict[str, type]:
        return {"weather": WeatherSettings}

    @hookimpl
    def servicepolicy_configure(self, settings: WeatherSettings) -> Weather:
        return Weather(settings)

    @hookimpl
    def servicepolicy_rules(self) -> tuple[Rule, ...]:
        return WX_RULES


@pytest.fixture
def weather() -> Iterator[str]:
    with registered(Weather(), name="weather") as name:
        yield name


def policy(extra: str = "") -> Any:
    return load_policy_text(
        f"""schema_version = 1
name = "desk"
{extra}

[calendars.desk]
hours = "24/7"
tz = "UTC"

[[sla.targets]]
name = "respond"
metric = "first_response"
within = "4h"
calendar = "desk"
"""
    )


def storm(**kwargs: Any) -> Ticket:
    return make_ticket("storm", lifecycle=STORM, id="S-1", **kwargs)


def rule_ids(report: Any) -> set[str]:
    return {v.rule_id for v in report.violations}


def test_servicepolicy_configure_settings_reach_the_plugin_and_change_its_decision(
    weather: str,
) -> None:
    """``[plugins.weather]`` is validated with the plugin's schema (durations as in the
    core, ``"2h"``) and delivered to its hooks: the same storm is late under a 2-hour
    deadline and on time under the 4-hour default."""
    now = T0 + 3 * H
    strict = policy('[plugins]\nuse = ["weather"]\n[plugins.weather]\ndeadline = "2h"')
    assert strict.plugins.settings["weather"] == WeatherSettings(timedelta(hours=2))
    assert "WX-1" in rule_ids(strict.check(tickets=[storm()], now=now))
    default = policy('plugins = ["weather"]')
    assert "WX-1" not in rule_ids(default.check(tickets=[storm()], now=now))


def test_plugin_settings_are_validated_with_their_line(weather: str) -> None:
    """A settings table is checked by the plugin's schema: an unknown field or a bad
    duration is a load error with its file line; a table for no plugin too."""
    with pytest.raises(PolicyFileError) as caught:
        policy('[plugins]\nuse = ["weather"]\n[plugins.weather]\ndeadline = "soon"\ncolour = 1')
    text = str(caught.value)
    assert "[plugins.weather.deadline]" in text and "[plugins.weather.colour]" in text
    with pytest.raises(PolicyFileError, match=r"no installed plugin reads \[plugins.nowhere\]"):
        policy("[plugins.nowhere]\nx = 1")
    with pytest.raises(PolicyFileError, match="no installed plugin 'nowhere'"):
        policy('plugins = ["nowhere"]')


def test_an_installed_plugin_the_policy_does_not_name_contributes_nothing(weather: str) -> None:
    """Installed is not used: a policy that names no plugin gets neither its rules nor its
    targets; the same data under a policy naming it does."""
    now = T0 + 5 * H
    plain = policy().check(tickets=[storm()], now=now)
    assert "WX-1" not in rule_ids(plain) and plain.plugins == ()
    named = policy('plugins = ["weather"]').check(tickets=[storm()], now=now)
    assert "WX-1" in rule_ids(named) and named.plugins == ("weather",)


def test_servicepolicy_sla_targets_a_plugins_kind_specific_target_beats_a_catch_all(
    weather: str,
) -> None:
    """SLA-1: the plugin's 30-minute storm response (kind-specific) beats the policy's
    4-hour catch-all; other kinds keep the catch-all."""
    now = T0 + H
    report = policy('plugins = ["weather"]').check(tickets=[storm()], now=now)
    breaches = [v for v in report.violations if v.facts.get("metric") == "first_response"]
    assert [v.facts["target"] for v in breaches] == ["storm-response"]
    complaint = make_ticket("complaint", id="C-9")
    report = policy('plugins = ["weather"]').check(tickets=[complaint], now=now)
    assert not [v for v in report.violations if v.facts.get("metric") == "first_response"]


def test_an_equally_specific_policy_target_overrides_the_plugins_and_the_report_says_so(
    weather: str,
) -> None:
    """SLA-1: a policy target as specific as the plugin's replaces it; the report notes it."""
    mine = policy(
        'plugins = ["weather"]\n\n[[sla.targets]]\nname = "storms"\nmetric = "first_response"\n'
        'within = "2h"\nkinds = ["storm"]\ncalendar = "desk"'
    )
    report = mine.check(tickets=[storm()], now=T0 + H)
    assert not [v for v in report.violations if v.facts.get("metric") == "first_response"]
    assert any("'storms'" in note and "'storm-response'" in note for note in report.notes)


def test_servicepolicy_rules_explain_shows_a_third_party_plugins_rule(
    weather: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The catalogue is the core's and the plugins': ``explain`` finds WX-1."""
    assert plugins.rules()["WX-1"].area == "Weather desk (test plugin)"
    assert main(["explain", "wx-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WX-1: Weather desk (test plugin)")
    assert "plugins.weather.deadline" in out


def test_the_example_plugin_under_examples_declares_its_rule(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``servicepolicy explain CB-1`` knows the installed example plugin's rule."""
    monkeypatch.delenv(plugins.DISABLE_VARIABLE)
    plugins.reset()
    try:
        assert main(["explain", "CB-1"]) == 0
        assert "CB-1: Call-back requests (example plugin)" in capsys.readouterr().out
    finally:
        monkeypatch.setenv(plugins.DISABLE_VARIABLE, "*")
        plugins.reset()


def test_a_disabled_plugins_rules_are_listed_as_not_checked() -> None:
    """A policy naming a plugin that ``SERVICEPOLICY_DISABLE_PLUGINS`` disables still
    loads; its report lists the plugin's rules (read from the plugin without loading it)
    as not checked."""
    report = policy('plugins = ["exhibition"]').check(tickets=[], now=T0)
    lines = [line for line in report.not_checked if "exhibition" in line]
    assert lines and lines[0].startswith("EXH-1, EXH-2, EXH-3, EXH-4, EXH-5: plugin")
    assert "disabled (SERVICEPOLICY_DISABLE_PLUGINS)" in lines[0]


class Broken:
    """A plugin whose answers are wrong in the ways the façade must name."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> Any:
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer == "sleep":
            time.sleep(3)
            return []
        return self.answer

    @hookimpl
    def servicepolicy_rules(self) -> tuple[Rule, ...]:
        return load_rules(WX_RULES_TEXT.replace("WX", "BR"))


WX_RULES_TEXT = """
[areas]
WX = "Broken (test plugin)"

[rules.WX-1]
text = "Whatever."
parameters = []
implemented_by = "tests.plugins.test_scoping.Broken"
example = "None."
"""


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (RuntimeError("boom"), "plugin 'broken' failed in servicepolicy_check_ticket: "),
        ("oops", "returned a str from servicepolicy_check_ticket; expected an iterable"),
        ([None], "(an item was None)"),
        ([1], "(an item was a int)"),
    ],
)
def test_a_failing_plugin_is_named_and_its_rules_are_not_checked(answer: Any, message: str) -> None:
    """A plugin that raises or returns garbage is named; in a policy's check the report
    says it failed, lists its rules as not checked and is not ok (the check is
    incomplete); called directly, the façade raises a PluginError naming it."""
    with registered(Broken(answer), name="broken"):
        report = policy('plugins = ["broken"]').check(tickets=[make_ticket("inquiry")], now=T0)
        assert not report.ok
        assert len(report.plugin_failures) == 1 and message in report.plugin_failures[0]
        assert any(line.startswith("BR-1: plugin 'broken' failed") for line in report.not_checked)
        with pytest.raises(PluginError, match="'broken'") as caught:
            plugins.check_ticket(make_ticket("inquiry"), T0)
        assert caught.value.plugin == "broken"


def test_a_naive_due_from_a_plugin_names_the_plugin() -> None:
    """SLA: ``adjust_due`` must return an aware datetime; a naive one is a PluginError
    naming the plugin, never a comparison error deep in the clock."""

    class Naive:
        @hookimpl
        def servicepolicy_adjust_due(self, ticket: Ticket, metric: str, due: datetime) -> Any:
            return due.replace(tzinfo=None)

    with registered(Naive(), name="naive"), pytest.raises(PluginError, match=r"'naive'.*aware"):
        plugins.adjust_due(make_ticket("inquiry"), "first_response", T0)


def test_a_plugin_over_its_time_budget_has_failed() -> None:
    """A plugin's hook call that overruns the policy's ``[plugins] budget`` is stopped
    and reported as failed; the check goes on without it."""
    with registered(Broken("sleep"), name="broken"):
        started = time.monotonic()
        sets: PluginSet = plugins.scope(["broken"], budget=0.2)
        assert sets.check_ticket(make_ticket("inquiry"), T0) == []
        assert time.monotonic() - started < 2.5
        assert "within its budget of 0.2 s" in sets.failed["broken"]
        report = policy('[plugins]\nuse = ["broken"]\nbudget = "0.2s"').check(
            tickets=[make_ticket("inquiry")], now=T0
        )
        assert "budget" in report.plugin_failures[0]


def test_servicepolicy_configure_returning_garbage_is_a_load_error() -> None:
    """A plugin whose configure hook returns something that is no plugin is named."""

    class Bad(Weather):
        @hookimpl
        def servicepolicy_configure(self, settings: WeatherSettings) -> Any:
            return "oops"

    with registered(Bad(), name="bad"), pytest.raises(PolicyFileError, match="'bad' returned"):
        policy('[plugins.bad]\ndeadline = "1h"')


def test_servicepolicy_plugins_command_shows_installed_and_used(
    weather: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """``servicepolicy plugins --policy FILE`` marks the plugins the policy uses."""
    path = tmp_path / "p.toml"
    path.write_text('schema_version = 1\nname = "p"\nplugins = ["weather"]\n', encoding="utf-8")
    assert main(["plugins", "--policy", str(path)]) == 0
    out = capsys.readouterr().out
    assert "policy 'p' uses: weather" in out
    assert any(line.startswith("weather") and line.endswith("[used]") for line in out.splitlines())
