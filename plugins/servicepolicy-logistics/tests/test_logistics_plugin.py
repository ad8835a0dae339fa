"""The plugin as servicepolicy sees it: discovered by its entry point, listed with its
version and hooks, blocked by the disable switch, configurable through its section."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from importlib import metadata

import pytest
from servicepolicy import plugins
from servicepolicy.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    PluginError,
    StructureError,
)
from servicepolicy.io.converter import structure, unstructure
from servicepolicy.testing import T0, assert_violation, make_ticket
from servicepolicy.tickets import LIFECYCLES, Ticket

import servicepolicy_logistics
from servicepolicy_logistics import (
    EXCEPTION_KINDS,
    ORDER_KIND,
    ExceptionRules,
    LogisticsPlugin,
    LogisticsSettings,
    Order,
    OrderRules,
    record_photos,
)
from servicepolicy_logistics import plugin as entry_point

HOOKS = (
    "servicepolicy_check_ticket",
    "servicepolicy_configure",
    "servicepolicy_converter",
    "servicepolicy_escalations",
    "servicepolicy_lifecycles",
    "servicepolicy_policy_sections",
    "servicepolicy_rules",
    "servicepolicy_sla_targets",
)


@pytest.fixture
def disabled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The logistics entry point blocked for one test; loaded again afterwards."""
    monkeypatch.setenv(plugins.DISABLE_VARIABLE, "logistics")
    plugins.reset()
    yield
    monkeypatch.delenv(plugins.DISABLE_VARIABLE)
    plugins.reset()


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every entry point blocked and the logistics plugin registered by hand: the plugin
    on its own, whatever else is installed."""
    monkeypatch.setenv(plugins.DISABLE_VARIABLE, "*")
    plugins.reset()
    plugins.register(LogisticsPlugin(), name="logistics-configured")
    yield
    monkeypatch.delenv(plugins.DISABLE_VARIABLE)
    plugins.reset()


def test_the_plugin_is_listed_with_its_version_and_hooks() -> None:
    """``list_plugins`` shows the entry point ``logistics``, the distribution's version and
    exactly the hooks the plugin implements."""
    (info,) = [p for p in plugins.list_plugins() if p.name == "logistics"]
    assert info.version == metadata.version("servicepolicy-logistics") == "0.1.0"
    assert info.version == servicepolicy_logistics.__version__
    assert info.hooks == HOOKS
    assert not info.builtin
    assert str(info).startswith("logistics (version 0.1.0): servicepolicy_check_ticket")


def test_the_entry_point_names_the_plugin_module() -> None:
    """The distribution declares ``logistics = servicepolicy_logistics.plugin`` in the group
    ``servicepolicy``."""
    (point,) = [p for p in metadata.entry_points(group="servicepolicy") if p.name == "logistics"]
    assert point.value == "servicepolicy_logistics.plugin"
    assert point.load() is entry_point


def test_log4_ticket_kinds_open_with_no_other_code() -> None:
    """LOG-4, TKT-1: once installed, ``Ticket.open`` knows the delivery-exception kinds
    and the order kind, from the default registry."""
    for kind in (*EXCEPTION_KINDS, ORDER_KIND):
        assert kind in LIFECYCLES
        ticket = Ticket.open(id="X-1", kind=kind, customer="C-1", channel="phone", at=T0, by="a")
        assert ticket.state == LIFECYCLES.get(kind).initial


def test_the_disable_switch_blocks_the_plugin(disabled: None) -> None:
    """``SERVICEPOLICY_DISABLE_PLUGINS=logistics`` keeps the plugin out: not listed, its
    kinds unknown, its targets and checks absent."""
    assert "logistics" not in {p.name for p in plugins.list_plugins()}
    assert "delivery_damage" not in LIFECYCLES
    with pytest.raises(InvalidArgumentError, match="delivery_damage"):
        Ticket.open(
            id="D-1", kind="delivery_damage", customer="C-1", channel="phone", at=T0, by="a"
        )
    assert not [t for t in plugins.sla_targets() if t.name.startswith("logistics-")]
    assert "logistics" not in plugins.policy_sections()


def test_the_plugin_is_back_after_the_switch_is_cleared() -> None:
    """After a reset without the switch the plugin loads again (the fixture's clean-up)."""
    plugins.reset()
    assert "logistics" in {p.name for p in plugins.list_plugins()}
    assert "delivery_loss" in LIFECYCLES


def test_the_hooks_run_through_the_facade() -> None:
    """Targets, checks, escalations and the policy section all come through
    ``servicepolicy.plugins``."""
    names = {t.name for t in plugins.sla_targets()}
    assert {"logistics-damage-response", "logistics-loss-resolution"} <= names
    assert plugins.policy_sections()["logistics"] is LogisticsSettings
    lost = make_ticket("delivery_loss", id="L-1")
    (required,) = [e for e in plugins.escalations(lost, T0) if e.rule_id == "LOG-4"]
    assert required.subject == "L-1"
    agreed = make_ticket("delivery_damage", "customer_contacted", "remedy_agreed", id="D-1")
    assert_violation(plugins.check_ticket(agreed, T0 + timedelta(hours=1)), "LOG-4")


def test_a_configured_plugin_applies_its_settings(disabled: None) -> None:
    """Registered by hand with other settings (the entry point blocked), the hooks apply
    those settings: here a longer time to photograph damage."""
    relaxed = LogisticsSettings(exceptions=ExceptionRules(photo_within=timedelta(hours=4)))
    ticket = make_ticket("delivery_damage", lifecycle=servicepolicy_logistics.DAMAGE)
    plugins.register(LogisticsPlugin(relaxed), name="logistics-configured")
    try:
        assert plugins.check_ticket(ticket, T0 + timedelta(hours=3)) == []
        assert_violation(plugins.check_ticket(ticket, T0 + timedelta(hours=5)), "LOG-4")
        targets = {t.name: t for t in plugins.sla_targets()}
        assert targets["logistics-damage-response"].duration == timedelta(hours=1)
    finally:
        plugins.unregister("logistics-configured")


def test_two_copies_of_the_plugin_are_refused() -> None:
    """Registering a second logistics plugin next to the installed one is a PluginError
    naming both (they define the same ticket kinds)."""
    plugins.register(LogisticsPlugin(), name="logistics-copy")
    try:
        with pytest.raises(PluginError, match="logistics"):
            LIFECYCLES.get("delivery_damage")
    finally:
        plugins.unregister("logistics-copy")
    assert LIFECYCLES.get("delivery_damage").kind == "delivery_damage"


def test_settings_structure_from_a_policy_section_and_back() -> None:
    """The ``[logistics]`` section: structured with servicepolicy's converter (amounts from
    strings through the plugin's converter hook), unstructured back to the same data."""
    data = {
        "orders": {"amount_tolerance": "0.50", "required": ["customer", "amount"]},
        "exceptions": {"photo_within": 1800, "loss_report_to": "centre_head"},
        "transport": {"short_km": 250, "forbidden": {"dangerous": ["air", "sea"]}},
    }
    settings = structure(data, LogisticsSettings)
    assert settings.orders == OrderRules(
        required={"customer", "amount"}, amount_tolerance=Decimal("0.50")
    )
    assert settings.exceptions.photo_within == timedelta(minutes=30)
    assert settings.transport.forbidden["dangerous"] == {"air", "sea"}  # type: ignore[index]
    assert structure(unstructure(settings), LogisticsSettings) == settings
    assert unstructure(settings)["orders"]["amount_tolerance"] == "0.50"


def test_bad_settings_name_the_field() -> None:
    """A bad value in the section is reported with its path and what was wrong."""
    with pytest.raises(StructureError, match=r"\$\.orders\.amount_tolerance") as caught:
        structure({"orders": {"amount_tolerance": 0.5}}, LogisticsSettings)
    assert "float" in str(caught.value)
    with pytest.raises(StructureError, match=r"\$\.surveys: survey rules: working_days"):
        structure({"surveys": {"working_days": -1}}, LogisticsSettings)


def test_orders_round_trip_through_the_converter() -> None:
    """An :class:`Order` (Decimal amounts, channel, date) unstructures to JSON-ready data
    and structures back equal."""
    order = Order("O-1", "ecommerce", T0, customer="C-1", amount=Decimal("12.50"), quantity=1)
    data = unstructure(order)
    assert data["amount"] == "12.50" and data["channel"] == "ecommerce"
    assert structure(data, Order) == order


def test_bad_input_to_a_hook_names_the_plugin(alone: None) -> None:
    """A naive ``now`` given to the plugin's check is refused (CAL-5) with an error that
    names the argument, and servicepolicy notes which plugin raised it."""
    ticket = make_ticket("delivery_damage", id="D-9")
    ticket = record_photos(ticket, ["a.jpg"], at=T0, by="x")
    with pytest.raises(NaiveDatetimeError, match="now: expected a timezone-aware") as caught:
        plugins.check_ticket(ticket, T0.replace(tzinfo=None))
    assert (
        "raised by plugin 'logistics-configured' in servicepolicy_check_ticket"
        in caught.value.__notes__
    )
