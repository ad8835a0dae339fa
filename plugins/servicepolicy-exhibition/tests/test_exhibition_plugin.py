"""The plugin as installed: discovery, listing, the disable switch, configuration."""

import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, PluginError
from servicepolicy.io.converter import structure, unstructure
from servicepolicy.testing import T0, make_ticket, registered
from servicepolicy.tickets import LIFECYCLES, Ticket

import servicepolicy_exhibition
from servicepolicy_exhibition import ExhibitionPlugin, ExhibitionSettings, Show
from servicepolicy_exhibition import plugin as installed

HOOKS = {
    "servicepolicy_adjust_due",
    "servicepolicy_calendar",
    "servicepolicy_check_ticket",
    "servicepolicy_configure",
    "servicepolicy_escalations",
    "servicepolicy_lifecycles",
    "servicepolicy_policy_sections",
    "servicepolicy_rules",
    "servicepolicy_sla_targets",
    "servicepolicy_tier_schemes",
}


def _exhibition() -> plugins.PluginInfo:
    return next(p for p in plugins.list_plugins() if p.name == "exhibition")


def test_list_plugins_shows_exhibition_with_its_version_and_hooks() -> None:
    """EXH-1 … EXH-5: the installed plugin is listed by its entry-point name, with the
    distribution's version and every hook it implements."""
    info = _exhibition()
    assert info.version == servicepolicy_exhibition.__version__ == "0.1.0"
    assert set(info.hooks) == HOOKS
    assert not info.builtin
    assert str(info).startswith("exhibition (version 0.1.0): servicepolicy_adjust_due")


def test_exh_1_a_new_process_opens_a_booth_booking_with_no_other_code() -> None:
    """EXH-1: once installed, ``Ticket.open(kind="booth_booking")`` works in a program
    that never imports the plugin: importing the library's plugin façade (as the command,
    the readers and a policy's check do) teaches the default registry the installed
    plugins' kinds; the tickets package itself knows no plugin."""
    program = textwrap.dedent(
        """
        from datetime import datetime, timezone
        import servicepolicy.plugins
        from servicepolicy.tickets import Ticket
        t = Ticket.open(id="B-1", kind="booth_booking", customer="C-1", channel="email",
                        at=datetime(2026, 11, 2, 9, tzinfo=timezone.utc), by="agent-1")
        print(t.state)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != plugins.DISABLE_VARIABLE}
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "requested"), done.stderr


@pytest.mark.parametrize("switch", ["exhibition", "logistics, exhibition", "*"])
def test_disable_switch_blocks_the_plugin(monkeypatch: pytest.MonkeyPatch, switch: str) -> None:
    """SERVICEPOLICY_DISABLE_PLUGINS (a comma list, or ``*``) keeps the plugin out: its
    kinds, calendars, schemes and targets are gone; back once the switch is cleared."""
    monkeypatch.setenv(plugins.DISABLE_VARIABLE, switch)
    plugins.reset()
    try:
        assert "exhibition" not in [p.name for p in plugins.list_plugins()]
        with pytest.raises(InvalidArgumentError) as error:
            Ticket.open(
                id="B-1", kind="booth_booking", customer="C", channel="email", at=T0, by="a"
            )
        assert error.value.argument == "kind"
        with pytest.raises(InvalidArgumentError):
            plugins.calendar("expo:2026-11-26..2026-11-29")
        assert "exhibition_shows" not in plugins.tier_schemes()
        assert not [t for t in plugins.sla_targets() if t.name.startswith("exh-")]
    finally:
        monkeypatch.delenv(plugins.DISABLE_VARIABLE)
        plugins.reset()
    assert _exhibition().hooks
    assert LIFECYCLES.get("booth_booking").initial == "requested"


def test_the_installed_module_runs_the_default_settings() -> None:
    """The entry point's module is the plugin; its hooks are those of ``DEFAULT``, an
    ``ExhibitionPlugin`` with the default settings."""
    assert installed.DEFAULT.settings == ExhibitionSettings()
    assert installed.servicepolicy_lifecycles() == installed.DEFAULT.servicepolicy_lifecycles()


def test_a_configured_plugin_replaces_the_installed_one() -> None:
    """EXH-5: registered in place of the installed plugin, an ``ExhibitionPlugin`` made
    with settings answers with them (a show known by its own code, other sales owners)."""
    show = Show("ciie-2026", date(2026, 11, 5), date(2026, 11, 10), desk_hours="09:00-17:00")
    plugins.unregister("exhibition")
    plugins.register(ExhibitionPlugin(ExhibitionSettings(shows=[show])), name="exhibition")
    desk = plugins.calendar("ciie-2026")
    assert desk.is_working_day(date(2026, 11, 8))  # a Sunday of the show
    assert not desk.is_working_day(date(2026, 11, 11))
    info = _exhibition()
    assert (info.version, set(info.hooks)) == ("0.1.0", HOOKS)


def test_two_exhibition_plugins_are_an_error_naming_both() -> None:
    """EXH-1: a ticket kind defined twice (the installed plugin and a second instance)
    is a PluginError naming both plugins, not a silent override."""
    with registered(ExhibitionPlugin(), name="exhibition-again"):
        with pytest.raises(PluginError) as error:
            LIFECYCLES.get("booth_booking")
        assert "'exhibition'" in str(error.value)
        assert "'exhibition-again'" in str(error.value)


def test_plugin_settings_must_be_exhibition_settings() -> None:
    """Bad input: the plugin's settings are an ``ExhibitionSettings``."""
    with pytest.raises(TypeError) as error:
        ExhibitionPlugin({"sales": ["bd"]})  # type: ignore[arg-type]
    assert "settings" in str(error.value)


def test_policy_section_exhibition_is_the_settings_schema() -> None:
    """The ``[exhibition]`` policy section is structured into ``ExhibitionSettings``
    with the library's converter, and round-trips."""
    assert plugins.policy_sections()["exhibition"] is ExhibitionSettings
    settings = ExhibitionSettings(
        sales=["sales", "bd"],
        operations_issues=["venue", "safety"],
        shows=[Show("ciie-2026", date(2026, 11, 5), date(2026, 11, 10))],
    )
    assert structure(unstructure(settings), ExhibitionSettings) == settings


def test_a_bad_calendar_code_names_the_code_and_the_plugin() -> None:
    """EXH-5, bad input: a malformed ``expo:`` code raises an InvalidArgumentError
    naming the code and showing the format; the note names the plugin."""
    with pytest.raises(InvalidArgumentError) as error:
        plugins.calendar("expo:2026-11-31")
    assert error.value.argument == "calendar code"
    assert "expo:YYYY-MM-DD" in str(error.value)
    assert "raised by plugin 'exhibition' in servicepolicy_calendar" in error.value.__notes__


def test_check_ticket_reports_every_plugin_rule_of_one_ticket() -> None:
    """The façade collects the plugin's violations with the library's own: a booth
    booking by letter answered by phone breaks EXH-2 twice (channel, reply)."""
    ticket = make_ticket("booth_booking", channel="letter")
    ticket = ticket.reply(at=T0.replace(hour=10), by="agent-1", channel="phone")
    found = [v.rule_id for v in plugins.check_ticket(ticket, T0.replace(hour=11))]
    assert found == ["EXH-2", "EXH-2"]
