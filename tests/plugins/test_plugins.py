"""The plugin system: hooks, the façade, discovery, errors naming the plugin, testing helpers.

Each hook of servicepolicy.hookspecs has a test here naming it (the meta-test at the end
checks that, and that the hook reference documents each one with its signature).
"""

from __future__ import annotations

import re
import types
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest

from servicepolicy import hookspecs, plugins
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import TierScheme, key_accounts
from servicepolicy.errors import InvalidArgumentError, PluginError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.hookspecs import hookimpl
from servicepolicy.io.converter import make_converter
from servicepolicy.kpi import Kpi
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaPolicy, SlaTarget
from servicepolicy.testing import (
    T0,
    assert_no_violation,
    assert_violation,
    make_roster,
    make_ticket,
    registered,
)
from servicepolicy.tickets import LIFECYCLES, Lifecycle, Ticket
from servicepolicy.workforce import LeaveKind, LeavePolicy, LeaveRequest, SwapPolicy, SwapRequest

ROOT = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)

REPAIR = Lifecycle(
    kind="repair",
    initial="booked",
    transitions={"booked": {"fixed"}, "fixed": {"closed"}, "closed": set()},
    terminal={"closed"},
    rule="TKT-1",
)


class Repairs:
    """A plugin as a class: a ticket kind, a calendar, targets, checks, escalations."""

    @hookimpl
    def servicepolicy_lifecycles(self) -> list[Lifecycle]:
        return [REPAIR]

    @hookimpl
    def servicepolicy_calendar(self, code: str) -> BusinessCalendar | None:
        return BusinessCalendar("mon-sun 07:00-23:00", "Asia/Shanghai") if code == "depot" else None

    @hookimpl
    def servicepolicy_sla_targets(self) -> list[SlaTarget]:
        return [SlaTarget("repair", "resolution", 4 * H, kinds="repair")]

    @hookimpl
    def servicepolicy_adjust_due(self, ticket: Ticket, metric: str, due: datetime) -> Any:
        return ticket.created_at + H if ticket.kind == "repair" else None

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> list[Violation]:
        if ticket.kind == "repair" and ticket.state == "booked" and now - ticket.created_at > H:
            return [Violation("REP-1", Severity.ERROR, "not fixed within an hour", ticket.id)]
        return []

    @hookimpl
    def servicepolicy_escalations(self, ticket: Ticket, now: datetime) -> list[Any]:
        if ticket.kind != "repair":
            return []
        return [
            EscalationRequired(ticket.id, "team_leader", "REP-2", "a repair", ticket.created_at)
        ]

    @hookimpl
    def servicepolicy_check_leave(self, policy: Any, request: Any, roster: Any) -> list[Violation]:
        return [Violation("REP-3", Severity.ERROR, "depot closed for leave", request.id)]

    @hookimpl
    def servicepolicy_check_swap(self, policy: Any, request: Any, roster: Any) -> list[Violation]:
        return [Violation("REP-4", Severity.WARNING, "swaps are noted", request.id)]

    @hookimpl
    def servicepolicy_tier_schemes(self) -> dict[str, TierScheme]:
        return {"depot": key_accounts()}

    @hookimpl
    def servicepolicy_kpis(self) -> list[Kpi]:
        return [Kpi("average_handle_time")]

    @hookimpl
    def servicepolicy_policy_sections(self) -> dict[str, type]:
        return {"repairs": Settings}

    @hookimpl
    def servicepolicy_converter(self, converter: cattrs.Converter) -> None:
        converter.register_structure_hook(Part, lambda value, _: Part(str(value).upper()))


@attrs.frozen
class Settings:
    depot: str = "depot"


@attrs.frozen
class Part:
    code: str


# -- contributing hooks ----------------------------------------------------------------------


def test_servicepolicy_lifecycles_adds_kinds_to_the_default_registry() -> None:
    """TKT-1: a registered plugin's ticket kinds are known to Ticket.open with no other
    code, and gone once it is unregistered."""
    assert "repair" not in LIFECYCLES
    with registered(Repairs(), name="repairs"):
        assert "repair" in LIFECYCLES.kinds()
        t = make_ticket("repair", "fixed")
        assert (t.state, t.lifecycle.rule) == ("fixed", "TKT-1")
    assert "repair" not in LIFECYCLES


def test_servicepolicy_lifecycles_two_plugins_defining_one_kind_is_an_error() -> None:
    """TKT-1: a kind two plugins define is an error naming both; a plugin's lifecycle of
    a built-in kind refines it."""
    other = types.SimpleNamespace(servicepolicy_lifecycles=hookimpl(lambda: [REPAIR]))
    clash = pytest.raises(PluginError, match="both define the ticket kind 'repair'")
    with registered(Repairs(), name="repairs"), registered(other, name="copycat"), clash:
        LIFECYCLES.get("repair")
    plain = Lifecycle(
        kind="feedback", initial="received", transitions={"received": set()}, terminal={"received"}
    )
    refine = types.SimpleNamespace(servicepolicy_lifecycles=hookimpl(lambda: [plain]))
    with registered(refine, name="refine"):
        assert LIFECYCLES.get("feedback") is plain
    assert LIFECYCLES.get("feedback") is not plain


def test_servicepolicy_calendar_first_answer_wins_and_builtins_answer_last() -> None:
    """CAL-6: calendars by code; the built-in plugin knows cn-office, cn-hotline, always."""
    assert plugins.calendar("cn-office").country == "CN"
    with registered(Repairs(), name="repairs"):
        assert str(plugins.calendar("depot").tz) == "Asia/Shanghai"
    with pytest.raises(InvalidArgumentError, match="built in: cn-office, cn-hotline, always"):
        plugins.calendar("depot")


def test_servicepolicy_sla_targets_and_servicepolicy_adjust_due() -> None:
    """SLA-1: plugins contribute targets, and may move a due instant."""
    with registered(Repairs(), name="repairs"):
        (target,) = plugins.sla_targets()
        sla = SlaPolicy(plugins.sla_targets(), adjust_due=plugins.adjust_due)
        (status,) = sla.evaluate(make_ticket("repair"), T0 + 2 * H)
        assert (target.name, status.due, status.state) == ("repair", T0 + H, "breached")


def test_servicepolicy_check_ticket_and_servicepolicy_escalations() -> None:
    """Plugins judge ticket histories and require escalations; the built-in plugin checks
    TKT-2 (the answer goes out on the channel the ticket came in on)."""
    with registered(Repairs(), name="repairs"):
        repair = make_ticket("repair")
        assert_violation(plugins.check_ticket(repair, T0 + 2 * H), "REP-1")
        assert_no_violation(plugins.check_ticket(repair, T0 + H / 2), "REP-1")
        (required,) = plugins.escalations(repair, T0)
        assert (required.to, required.rule_id) == ("team_leader", "REP-2")
    inquiry = make_ticket("inquiry", channel="email")
    inquiry = inquiry.transition("answered", at=T0 + H, by="agent-1", channel="phone")
    assert_violation(plugins.check_ticket(inquiry, T0 + 2 * H), "TKT-2")
    assert_no_violation(plugins.check_ticket(inquiry, T0 + H / 2), "TKT-2")  # not yet answered


def test_servicepolicy_check_leave_and_servicepolicy_check_swap_can_veto() -> None:
    """LEAVE / SWAP: plugin checks run after the built-in rules; any plugin can veto.  The
    workforce engines know no plugin: the vetoes reach them as ``extra_checks``."""
    roster = make_roster(
        [
            ("agent-1", T0 + 24 * H, T0 + 33 * H),
            ("agent-2", T0 + 48 * H, T0 + 57 * H),
            ("agent-1", T0 + 72 * H, T0 + 81 * H),
        ]
    )
    leave = LeaveRequest(
        "L-1", "agent-1", LeaveKind.PERSONAL, T0 + 24 * H, T0 + 33 * H, T0, "agent-1"
    )
    swap = SwapRequest("W-1", "agent-1", "agent-2", "S-1", "S-2", requested_at=T0)
    assert_no_violation(LeavePolicy().check(leave, roster), "REP-3")
    with registered(Repairs(), name="repairs"):
        assert_no_violation(LeavePolicy().check(leave, roster), "REP-3")  # not handed over
        vetoes = plugins.installed()
        decision = LeavePolicy(extra_checks=vetoes.leave_checks()).check(leave, roster)
        assert not decision and assert_violation(decision, "REP-3", severity="error")
        swaps = SwapPolicy(extra_checks=vetoes.swap_checks())
        assert_violation(swaps.check(swap, roster), "REP-4", severity="warning")


def test_servicepolicy_tier_schemes_servicepolicy_kpis_servicepolicy_policy_sections() -> None:
    """TIER, KPI and policy sections: collected from every plugin, the built-in first;
    two plugins claiming one section is an error naming both."""
    assert {"key_accounts", "exhibition", "vip"} <= set(plugins.tier_schemes())
    builtin = len(plugins.kpis())
    with registered(Repairs(), name="repairs"):
        assert plugins.tier_scheme("depot").name == key_accounts().name
        assert len(plugins.kpis()) == builtin + 1
        assert plugins.policy_sections() == {"repairs": Settings}
        clash = types.SimpleNamespace(
            servicepolicy_policy_sections=hookimpl(lambda: {"repairs": dict})
        )
        refused = pytest.raises(PluginError, match="both define the policy section \\[repairs\\]")
        with registered(clash, name="clash"), refused:
            plugins.policy_sections()
    with pytest.raises(InvalidArgumentError, match="a registered tier scheme"):
        plugins.tier_scheme("depot")


def test_servicepolicy_converter_registers_hooks_for_plugin_models() -> None:
    """A plugin registers (un)structure hooks for its own models on new converters."""
    with registered(Repairs(), name="repairs"):
        assert make_converter().structure("ab-1", Part) == Part("AB-1")
    assert make_converter(plugins=False).structure({"code": "ab-1"}, Part) == Part("ab-1")


# -- discovery, listing, errors --------------------------------------------------------------


def test_list_plugins_names_versions_and_hooks() -> None:
    """list_plugins() shows the built-in plugin first, then each plugin's hooks."""
    with registered(Repairs(), name="repairs"):
        builtin, repairs = plugins.list_plugins()
    assert (builtin.name, builtin.builtin, builtin.version) == (
        "servicepolicy.builtins",
        True,
        "0.1.0",
    )
    assert "servicepolicy_lifecycles" in builtin.hooks
    assert repairs.name == "repairs" and len(repairs.hooks) == 12
    assert str(repairs).startswith("repairs (version unknown): servicepolicy_adjust_due, ")


class FakePoint:
    """An entry point of the ``servicepolicy`` group, as importlib.metadata lists it."""

    def __init__(self, name: str, plugin: object) -> None:
        self.name, self.value, self.plugin = name, f"fake_{name}:plugin", plugin
        self.dist = types.SimpleNamespace(version="9.9")

    def load(self) -> object:
        if isinstance(self.plugin, Exception):
            raise self.plugin
        return self.plugin


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Install fake entry points (and re-enable plugins, which the core suite disables)."""
    installed: list[FakePoint] = []
    monkeypatch.setattr(metadata, "entry_points", lambda group: installed)
    monkeypatch.delenv(plugins.DISABLE_VARIABLE)
    plugins.reset()
    yield installed
    monkeypatch.undo()
    plugins.reset()


def test_plugins_are_discovered_through_entry_points_and_can_be_disabled(
    entry_points: list[FakePoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The servicepolicy entry-point group; SERVICEPOLICY_DISABLE_PLUGINS blocks by name
    (a comma list), or every plugin with ``*``."""
    entry_points += [FakePoint("repairs", Repairs()), FakePoint("other", types.SimpleNamespace())]
    assert [(p.name, p.version) for p in plugins.list_plugins()] == [
        ("servicepolicy.builtins", "0.1.0"),
        ("other", "9.9"),
        ("repairs", "9.9"),
    ]
    assert "repair" in LIFECYCLES
    for disabled, left in (("repairs, other", []), ("*", []), ("other", ["repairs"])):
        monkeypatch.setenv(plugins.DISABLE_VARIABLE, disabled)
        plugins.reset()
        assert [p.name for p in plugins.list_plugins() if not p.builtin] == left
    assert "repair" in LIFECYCLES


def test_a_broken_plugin_is_reported_with_its_name(entry_points: list[FakePoint]) -> None:
    """A plugin that cannot be imported, or misspells a hook, is a PluginError naming it."""
    entry_points.append(FakePoint("broken", ImportError("No module named 'fake_broken'")))
    with pytest.raises(PluginError, match="plugin 'broken' \\(fake_broken:plugin\\) cannot be "):
        plugins.manager()
    entry_points[:] = [
        FakePoint("typo", types.SimpleNamespace(servicepolicy_lifecycle=hookimpl(lambda: [])))
    ]
    plugins.reset()
    with pytest.raises(PluginError, match="plugin 'typo' implements a hook servicepolicy does"):
        plugins.manager()


def test_a_plugin_failing_inside_a_hook_is_named() -> None:
    """An exception in a plugin's hook is a PluginError naming the plugin and the hook; a
    ServicePolicyError it raises keeps its type and gains a note naming the plugin."""

    def fails(ticket: Ticket, now: datetime) -> list[Violation]:
        return [1 / 0]  # type: ignore[list-item]

    def refuses(ticket: Ticket, now: datetime) -> list[Violation]:
        raise InvalidArgumentError("ticket", ticket.id, "a repair")

    bad = types.SimpleNamespace(servicepolicy_check_ticket=hookimpl(fails))
    failed = pytest.raises(PluginError, match="plugin 'bad' failed in servicepolicy_check_ticket: ")
    with registered(bad, "bad"), failed:
        plugins.check_ticket(make_ticket("inquiry"), T0)
    with registered(types.SimpleNamespace(servicepolicy_check_ticket=hookimpl(refuses)), "picky"):
        with pytest.raises(InvalidArgumentError) as raised:
            plugins.check_ticket(make_ticket("inquiry"), T0)
        assert raised.value.__notes__ == ["raised by plugin 'picky' in servicepolicy_check_ticket"]


def test_assert_violation_lists_what_was_found() -> None:
    """servicepolicy.testing.assert_violation fails with the violations it did find."""
    found = [Violation("LOG-3", Severity.WARNING, "unsigned", "D-1")]
    with pytest.raises(AssertionError, match="expected a LOG-4 violation, found:\n  LOG-3"):
        assert_violation(found, "LOG-4")
    with pytest.raises(AssertionError, match="expected a LOG-3 violation"):
        assert_violation(found, "LOG-3", severity="error")
    with pytest.raises(AssertionError, match="expected no LOG-3 violation"):
        assert_no_violation(found, "LOG-3")


# -- meta-tests ------------------------------------------------------------------------------

HOOKS = sorted(name for name in vars(hookspecs) if name.startswith("servicepolicy_"))


def test_every_hook_has_a_test_here() -> None:
    """Each hook of servicepolicy.hookspecs is named by a test of tests/plugins/."""
    here = Path(__file__).parent
    tests = re.findall(
        r"^def (test_\w+)",
        "".join(path.read_text(encoding="utf-8") for path in sorted(here.glob("test_*.py"))),
        re.M,
    )
    untested = [hook for hook in HOOKS if not any(hook in test for test in tests)]
    assert len(HOOKS) == 14 and untested == []


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_signature(hook: str) -> None:
    """The hook reference has a heading for each hook and renders its signature."""
    text = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert re.search(rf"^## `{hook}`", text, re.M), f"no heading for {hook} in docs/hooks.md"
    assert f".. autofunction:: servicepolicy.hookspecs.{hook}" in text


def test_a_kind_conflict_is_reported_at_every_lookup() -> None:
    """TKT-1: two plugins defining one kind is reported again at the next lookup, not
    turned into "unknown kind"."""
    other = types.SimpleNamespace(servicepolicy_lifecycles=hookimpl(lambda: [REPAIR]))
    with registered(Repairs(), name="repairs"), registered(other, name="copycat"):
        for _ in range(2):
            with pytest.raises(PluginError, match="both define the ticket kind 'repair'"):
                LIFECYCLES.get("repair")


def test_registering_under_a_disabled_name_is_a_clear_error(
    entry_points: list[FakePoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name SERVICEPOLICY_DISABLE_PLUGINS blocks cannot be registered by hand either."""
    entry_points.append(FakePoint("repairs", Repairs()))
    monkeypatch.setenv(plugins.DISABLE_VARIABLE, "repairs")
    plugins.reset()
    with pytest.raises(PluginError, match="plugin name 'repairs' is disabled"):
        plugins.register(Repairs(), name="repairs")
    assert plugins.register(Repairs(), name="repairs-configured") == "repairs-configured"


def test_builtin_ticket_checks_before_the_opening_find_nothing() -> None:
    """The built-in TKT-2 check at an instant before the ticket was opened finds nothing
    (rather than failing)."""
    assert plugins.check_ticket(make_ticket("inquiry"), T0 - H) == []
