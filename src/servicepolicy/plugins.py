"""Plugins: discovery, listing, and the one façade through which the library calls hooks.

Plugins are found through the ``servicepolicy`` entry-point group and loaded on first
use, after the library's own plugin (``servicepolicy.builtins``, ``trylast``).  A plugin
whose entry-point name is in the environment variable ``SERVICEPOLICY_DISABLE_PLUGINS``
(a comma-separated list; ``*`` for every one) is not loaded.  A plugin that cannot be
imported, implements a hook that does not exist, or raises inside one is reported as a
:class:`~servicepolicy.errors.PluginError` naming it.

The rest of the library calls hooks only through the functions of this module.

>>> [p.name for p in list_plugins() if p.builtin]
['servicepolicy.builtins']
>>> {"exhibition", "key_accounts", "vip"} <= set(tier_schemes())
True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
import threading
import types
from collections.abc import Iterable, Iterator
from datetime import datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from servicepolicy import hookspecs
from servicepolicy.errors import InvalidArgumentError, PluginError, ServicePolicyError

if TYPE_CHECKING:
    import cattrs

    from servicepolicy.calendar import BusinessCalendar
    from servicepolicy.customers import TierScheme
    from servicepolicy.escalation import EscalationRequired
    from servicepolicy.kpi import Kpi
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
    "adjust_due",
    "calendar",
    "check_leave",
    "check_swap",
    "check_ticket",
    "escalations",
    "kpis",
    "lifecycles",
    "list_plugins",
    "manager",
    "policy_sections",
    "register",
    "register_converter_hooks",
    "reset",
    "sla_targets",
    "tier_scheme",
    "tier_schemes",
    "unregister",
]

BUILTIN = "servicepolicy.builtins"
"""The name the library's own plugin is registered under."""

DISABLE_VARIABLE = "SERVICEPOLICY_DISABLE_PLUGINS"
"""Entry-point names of plugins not to load, comma-separated; ``*`` blocks them all."""


@attrs.frozen
class PluginInfo:
    """A registered plugin: its name, its distribution's version and the hooks it has.

    .. versionadded:: 0.1.0
    """

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool = False

    def __str__(self) -> str:
        where = "built in" if self.builtin else f"version {self.version or 'unknown'}"
        return f"{self.name} ({where}): {', '.join(self.hooks) or 'no hooks'}"


_lock = threading.RLock()
_state: dict[str, Any] = {"manager": None, "versions": {}}


def manager() -> pluggy.PluginManager:
    """The plugin manager, loading the plugins on first use."""
    found = _state["manager"]
    if found is None:
        with _lock:
            found = _state["manager"]
            if found is None:
                found = _state["manager"] = _load()
    return found  # type: ignore[no-any-return]


def reset() -> None:
    """Forget the loaded plugins; the next call loads them again (for tests, or after
    changing :data:`DISABLE_VARIABLE`)."""
    from servicepolicy.tickets.lifecycle import LIFECYCLES

    with _lock:
        _state["manager"] = None
        _state["versions"] = {}
        LIFECYCLES.forget_plugins()


def _disabled() -> set[str]:
    return {name.strip() for name in os.environ.get(DISABLE_VARIABLE, "").split(",") if name}


def _load() -> pluggy.PluginManager:
    from servicepolicy import _builtins

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(_builtins, name=BUILTIN)
    disabled = _disabled()
    versions: dict[str, str | None] = {}
    for point in sorted(metadata.entry_points(group=hookspecs.PROJECT), key=lambda p: p.name):
        if point.name in disabled or "*" in disabled:
            pm.set_blocked(point.name)
            continue
        try:
            plugin = point.load()
            pm.register(plugin, name=point.name)
        except pluggy.PluginValidationError as error:
            raise PluginError(f"plugin {point.name!r}: {error}", plugin=point.name) from error
        except Exception as error:
            raise PluginError(
                f"plugin {point.name!r} ({point.value}) cannot be loaded: "
                f"{type(error).__name__}: {error}",
                plugin=point.name,
            ) from error
        versions[point.name] = point.dist.version if point.dist is not None else None
    _check_pending(pm)
    _state["versions"] = versions
    return pm


def _check_pending(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        name = pm.get_name(error.plugin) or repr(error.plugin)
        raise PluginError(
            f"plugin {name!r} implements a hook servicepolicy does not have: {error} "
            f"(the hooks are listed in servicepolicy.hookspecs)",
            plugin=name,
        ) from error


def register(plugin: object, name: str | None = None) -> str:
    """Register ``plugin`` (a module or object with hook implementations) by hand; its
    hooks are checked at once.  Returns the name it is registered under."""
    pm = manager()
    if name is not None and pm.is_blocked(name):
        raise PluginError(
            f"plugin name {name!r} is disabled ({DISABLE_VARIABLE}); register it under "
            "another name",
            plugin=name,
        )
    try:
        registered = pm.register(plugin, name=name)
    except ValueError as error:
        raise PluginError(f"plugin {name!r}: {error}", plugin=name) from error
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {name!r}: {error}", plugin=name) from error
    assert registered is not None
    _check_pending(pm)
    from servicepolicy.tickets.lifecycle import LIFECYCLES

    LIFECYCLES.forget_plugins()
    return registered


def unregister(name: str) -> None:
    """Remove the plugin registered as ``name``."""
    from servicepolicy.tickets.lifecycle import LIFECYCLES

    manager().unregister(name=name)
    LIFECYCLES.forget_plugins()


def list_plugins() -> list[PluginInfo]:
    """Every registered plugin, the built-in one first, with its version and hooks."""
    pm = manager()
    versions = _state["versions"]
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        version = versions.get(name) or _version_of(plugin)
        infos.append(PluginInfo(name, version, hooks, builtin=name == BUILTIN))
    return sorted(infos, key=lambda p: (not p.builtin, p.name))


def _version_of(plugin: object) -> str | None:
    if isinstance(plugin, types.ModuleType) and plugin.__name__.startswith("servicepolicy."):
        from servicepolicy import __version__

        return __version__
    return getattr(plugin, "__version__", None)


# -- calling hooks -------------------------------------------------------------------------------


def _call(name: str, **kwargs: Any) -> Any:
    """Call hook ``name``; an exception raised by a plugin is reported with its name."""
    hook = getattr(manager().hook, name)
    try:
        return hook(**kwargs)
    except Exception as error:
        plugin = _culprit(hook, error)
        if plugin is None or isinstance(error, PluginError):
            raise
        if isinstance(error, ServicePolicyError):
            error.add_note(f"raised by plugin {plugin!r} in {name}")
            raise
        raise PluginError(
            f"plugin {plugin!r} failed in {name}: {type(error).__name__}: {error}", plugin=plugin
        ) from error


def _culprit(hook: Any, error: BaseException) -> str | None:
    """The plugin whose hook implementation the traceback passes through, if any."""
    codes = {impl.function.__code__: impl.plugin_name for impl in hook.get_hookimpls()}
    tb = error.__traceback__
    found = None
    while tb is not None:
        found = codes.get(tb.tb_frame.f_code, found)
        tb = tb.tb_next
    return found


def _flat(results: Iterable[Iterable[Any] | None]) -> Iterator[Any]:
    for result in results:
        if result is not None:
            yield from result


def _per_plugin(name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Each plugin's answer to hook ``name`` with the plugin's name, the built-in last."""
    found = []
    for impl in reversed(getattr(manager().hook, name).get_hookimpls()):
        function: Any = impl.function
        try:
            found.append((impl.plugin_name, function(**kwargs)))
        except Exception as error:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {name}: {type(error).__name__}: {error}",
                plugin=impl.plugin_name,
            ) from error
    return found[::-1]


def lifecycles() -> list[tuple[str, Lifecycle]]:
    """Every plugin's lifecycles with the plugin's name, the built-in ones last."""
    return [
        (plugin, lifecycle)
        for plugin, contributed in _per_plugin("servicepolicy_lifecycles")
        for lifecycle in contributed or ()
    ]


def tier_schemes() -> dict[str, TierScheme]:
    """Every tier scheme by name; a plugin's replaces a built-in one of the same name."""
    schemes: dict[str, TierScheme] = {}
    for contributed in reversed(_call("servicepolicy_tier_schemes")):  # built-in first
        schemes.update(contributed or {})
    return schemes


def tier_scheme(name: str) -> TierScheme:
    """The tier scheme ``name`` (``key_accounts``, ``exhibition``, ``vip`` or a plugin's)."""
    schemes = tier_schemes()
    try:
        return schemes[name]
    except KeyError:
        raise InvalidArgumentError(
            "scheme", name, "a registered tier scheme: " + ", ".join(sorted(schemes))
        ) from None


def calendar(code: str) -> BusinessCalendar:
    """The calendar a plugin (or the library) builds for ``code``."""
    found = _call("servicepolicy_calendar", code=code)
    if found is None:
        from servicepolicy._builtins import CALENDARS

        raise InvalidArgumentError(
            "calendar code",
            code,
            "a code the library or a plugin defines (built in: " + ", ".join(CALENDARS) + ")",
        )
    return found  # type: ignore[no-any-return]


def sla_targets() -> list[SlaTarget]:
    """Every plugin's SLA targets."""
    return list(_flat(_call("servicepolicy_sla_targets")))


def adjust_due(ticket: Ticket, metric: str, due: datetime) -> datetime | None:
    """A plugin's adjusted due instant for one clock of ``ticket``, or ``None``."""
    return _call("servicepolicy_adjust_due", ticket=ticket, metric=metric, due=due)  # type: ignore[no-any-return]


def check_ticket(ticket: Ticket, now: datetime) -> list[Violation]:
    """Every plugin's violations for ``ticket``'s history as of ``now``."""
    return list(_flat(_call("servicepolicy_check_ticket", ticket=ticket, now=now)))


def escalations(ticket: Ticket, now: datetime) -> list[EscalationRequired]:
    """The escalations the plugins' rules require for ``ticket`` as of ``now``."""
    return list(_flat(_call("servicepolicy_escalations", ticket=ticket, now=now)))


def check_leave(policy: LeavePolicy, request: LeaveRequest, roster: RosterView) -> list[Violation]:
    """The plugins' extra leave checks (after LEAVE-1 … LEAVE-11)."""
    hook = manager().hook.servicepolicy_check_leave
    if not hook.get_hookimpls():
        return []
    return list(
        _flat(_call("servicepolicy_check_leave", policy=policy, request=request, roster=roster))
    )


def check_swap(policy: SwapPolicy, request: SwapRequest, roster: RosterView) -> list[Violation]:
    """The plugins' extra swap checks (after SWAP-1 … SWAP-10)."""
    hook = manager().hook.servicepolicy_check_swap
    if not hook.get_hookimpls():
        return []
    return list(
        _flat(_call("servicepolicy_check_swap", policy=policy, request=request, roster=roster))
    )


def kpis() -> list[Kpi]:
    """Every KPI definition, the built-in ones first."""
    return list(_flat(reversed(_call("servicepolicy_kpis"))))


def policy_sections() -> dict[str, type[Any]]:
    """Policy-file sections by name; two plugins claiming one name is an error."""
    sections: dict[str, type[Any]] = {}
    owners: dict[str, str] = {}
    for plugin, contributed in _per_plugin("servicepolicy_policy_sections"):
        for name, schema in dict(contributed or {}).items():
            if name in sections:
                raise PluginError(
                    f"plugins {owners[name]!r} and {plugin!r} both define the "
                    f"policy section [{name}]",
                    plugin=plugin,
                )
            sections[name], owners[name] = schema, plugin
    return sections


def register_converter_hooks(converter: cattrs.Converter) -> None:
    """Let every plugin register its (un)structure hooks on ``converter``."""
    _call("servicepolicy_converter", converter=converter)
