"""Plugins: the one façade through which the library calls hooks.

Plugins are found through the ``servicepolicy`` entry-point group and loaded on first
use, after the library's own plugin (``servicepolicy.builtins``, ``trylast``).  A plugin
whose entry-point name is in the environment variable ``SERVICEPOLICY_DISABLE_PLUGINS``
(a comma-separated list; ``*`` for every one) is not loaded.

A :class:`PluginSet` is a group of plugins hooks are called on.  :func:`installed` holds
every installed plugin (the module-level functions below use it); a policy checks its
data with :func:`scope`: only the plugins it names (``plugins = ["exhibition"]``), each
configured with the policy's ``[plugins.NAME]`` settings.  Every answer a plugin gives
is checked here: a plugin that raises, returns something of the wrong type or a naive
datetime, or overruns its time budget is named in a
:class:`~servicepolicy.errors.PluginError`; in a policy's check it is reported as failed
and its rules as not checked instead.

The rest of the library reaches hooks only through this module; the engines and the
domain receive what plugins contribute as arguments (``SlaPolicy(defaults=...,
adjust_due=...)``, ``LeavePolicy(extra_checks=...)``, ``LifecycleRegistry(extra=...)``)
and never import it.

>>> [p.name for p in list_plugins() if p.builtin]
['servicepolicy.builtins']
>>> {"exhibition", "key_accounts", "vip"} <= set(tier_schemes())
True
>>> scoped = scope([])  # a policy that names no plugin: the library's own behaviour
>>> scoped.names, "SWAP-1" in scoped.rules()
((), True)

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   A package: :class:`PluginSet`, :func:`scope`, :func:`rules`, settings through
   ``servicepolicy_configure``, checked answers and time budgets.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from servicepolicy.plugins import _manager
from servicepolicy.plugins._manager import (
    BUILTIN,
    DISABLE_VARIABLE,
    PluginInfo,
    installed_names,
    is_disabled,
    list_plugins,
    manager,
    register,
    reset,
    unregister,
)
from servicepolicy.plugins._scope import installed, scope
from servicepolicy.plugins._set import PluginSet
from servicepolicy.tickets.lifecycle import LIFECYCLES

if TYPE_CHECKING:
    import cattrs

    from servicepolicy.calendar import BusinessCalendar
    from servicepolicy.customers import TierScheme
    from servicepolicy.escalation import EscalationRequired
    from servicepolicy.kpi import Kpi
    from servicepolicy.rulebook import Rule
    from servicepolicy.rules import Violation
    from servicepolicy.sla import SlaTarget
    from servicepolicy.tickets import Lifecycle, Ticket
    from servicepolicy.workforce import (
        LeavePolicy,
        LeaveRequest,
        RosterView,
        SwapPolicy,
        SwapRequest,
    )

__all__ = [
    "BUILTIN",
    "DISABLE_VARIABLE",
    "PluginInfo",
    "PluginSet",
    "adjust_due",
    "calendar",
    "check_leave",
    "check_swap",
    "check_ticket",
    "escalations",
    "installed",
    "installed_names",
    "is_disabled",
    "kpis",
    "lifecycles",
    "list_plugins",
    "manager",
    "policy_sections",
    "register",
    "register_converter_hooks",
    "reset",
    "rules",
    "scope",
    "sla_targets",
    "tier_scheme",
    "tier_schemes",
    "unregister",
]

# The default ticket-kind registry learns the installed plugins' kinds from here: the
# tickets package itself knows no plugin.
LIFECYCLES.set_extra(lambda: [(p, lc) for p, lc in installed().lifecycles() if p != BUILTIN])
_manager.on_change(LIFECYCLES.refresh)


def lifecycles() -> list[tuple[str, Lifecycle]]:
    """Every installed plugin's lifecycles with the plugin's name, the built-in ones last."""
    return installed().lifecycles()


def tier_schemes() -> dict[str, TierScheme]:
    """Every tier scheme by name; a plugin's replaces a built-in one of the same name."""
    return installed().tier_schemes()


def tier_scheme(name: str) -> TierScheme:
    """The tier scheme ``name`` (``key_accounts``, ``exhibition``, ``vip`` or a plugin's)."""
    return installed().tier_scheme(name)


def calendar(code: str) -> BusinessCalendar:
    """The calendar a plugin (or the library) builds for ``code``."""
    return installed().calendar(code)


def sla_targets() -> list[SlaTarget]:
    """Every installed plugin's SLA targets."""
    return [target for _, target in installed().sla_targets()]


def adjust_due(ticket: Ticket, metric: str, due: datetime) -> datetime | None:
    """A plugin's adjusted due instant for one clock of ``ticket``, or ``None``."""
    return installed().adjust_due(ticket, metric, due)


def check_ticket(ticket: Ticket, now: datetime) -> list[Violation]:
    """Every installed plugin's violations for ``ticket``'s history as of ``now``."""
    return installed().check_ticket(ticket, now)


def escalations(ticket: Ticket, now: datetime) -> list[EscalationRequired]:
    """The escalations the installed plugins' rules require for ``ticket`` as of ``now``."""
    return installed().escalations(ticket, now)


def check_leave(policy: LeavePolicy, request: LeaveRequest, roster: RosterView) -> list[Violation]:
    """The installed plugins' extra leave checks (after LEAVE-1 … LEAVE-11)."""
    return [v for check in installed().leave_checks() for v in check(policy, request, roster)]


def check_swap(policy: SwapPolicy, request: SwapRequest, roster: RosterView) -> list[Violation]:
    """The installed plugins' extra swap checks (after SWAP-1 … SWAP-10)."""
    return [v for check in installed().swap_checks() for v in check(policy, request, roster)]


def kpis() -> list[Kpi]:
    """Every KPI definition, the built-in ones first."""
    return installed().kpis()


def rules() -> dict[str, Rule]:
    """The whole rule catalogue: the core's rules and every installed plugin's, by ID."""
    return installed().rules()


def policy_sections() -> dict[str, type[Any]]:
    """Policy-file sections by name; two plugins claiming one name is an error."""
    return {name: schema for name, (_, schema) in installed().policy_sections().items()}


def register_converter_hooks(converter: cattrs.Converter) -> None:
    """Let every installed plugin register its (un)structure hooks on ``converter``."""
    installed().register_converter_hooks(converter)
