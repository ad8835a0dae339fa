"""The installed plugins: pluggy's manager, entry-point discovery and the disable switch.

This module knows pluggy, the hook specifications and the errors, and no engine: what
the hooks return is checked by the façade (:mod:`servicepolicy.plugins`).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import os
import threading
import types
from importlib import metadata
from typing import Any

import attrs
import pluggy

from servicepolicy import hookspecs
from servicepolicy.errors import PluginError

__all__ = [
    "BUILTIN",
    "DISABLE_VARIABLE",
    "PluginInfo",
    "declared_rules",
    "disabled",
    "entry_point",
    "installed_names",
    "list_plugins",
    "manager",
    "new_manager",
    "register",
    "reset",
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
_state: dict[str, Any] = {"manager": None, "versions": {}, "generation": 0}
_listeners: list[Any] = []


def manager() -> pluggy.PluginManager:
    """The manager of every installed plugin, loading them on first use."""
    found = _state["manager"]
    if found is None:
        with _lock:
            found = _state["manager"]
            if found is None:
                found = _state["manager"] = _load()
    return found  # type: ignore[no-any-return]


def generation() -> int:
    """A number that changes whenever the set of registered plugins changes (so that
    what was derived from them can be recomputed)."""
    return _state["generation"]  # type: ignore[no-any-return]


def on_change(listener: Any) -> None:
    """Call ``listener()`` whenever plugins are registered, unregistered or reset."""
    _listeners.append(listener)


def _changed() -> None:
    _state["generation"] += 1
    for listener in _listeners:
        listener()


def reset() -> None:
    """Forget the loaded plugins; the next call loads them again (for tests, or after
    changing ``SERVICEPOLICY_DISABLE_PLUGINS``)."""
    with _lock:
        _state["manager"] = None
        _state["versions"] = {}
        _changed()


def disabled() -> set[str]:
    """The names ``SERVICEPOLICY_DISABLE_PLUGINS`` disables (``"*"`` for every one)."""
    return {name.strip() for name in os.environ.get(DISABLE_VARIABLE, "").split(",") if name}


def is_disabled(name: str) -> bool:
    """Whether the plugin ``name`` is disabled by ``SERVICEPOLICY_DISABLE_PLUGINS``."""
    off = disabled()
    return name != BUILTIN and (name in off or "*" in off)


def entry_point(name: str) -> metadata.EntryPoint | None:
    """The installed entry point ``name`` of the ``servicepolicy`` group, if any."""
    for point in metadata.entry_points(group=hookspecs.PROJECT):
        if point.name == name:
            return point
    return None


def installed_names() -> list[str]:
    """The names of every installed plugin (entry point), disabled ones included."""
    return sorted({point.name for point in metadata.entry_points(group=hookspecs.PROJECT)})


def new_manager() -> pluggy.PluginManager:
    """An empty manager that knows the hook specifications, with the library's own plugin
    registered."""
    from servicepolicy.plugins import builtin

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name=BUILTIN)
    return pm


def load_entry_point(point: metadata.EntryPoint) -> object:
    """The plugin object of ``point``; a failure is a :class:`PluginError` naming it."""
    try:
        return point.load()
    except Exception as error:
        raise PluginError(
            f"plugin {point.name!r} ({point.value}) cannot be loaded: "
            f"{type(error).__name__}: {error}",
            plugin=point.name,
        ) from error


def _load() -> pluggy.PluginManager:
    pm = new_manager()
    versions: dict[str, str | None] = {}
    for point in sorted(metadata.entry_points(group=hookspecs.PROJECT), key=lambda p: p.name):
        if is_disabled(point.name):
            pm.set_blocked(point.name)
            continue
        plugin = load_entry_point(point)
        try:
            pm.register(plugin, name=point.name)
        except pluggy.PluginValidationError as error:
            raise PluginError(f"plugin {point.name!r}: {error}", plugin=point.name) from error
        versions[point.name] = point.dist.version if point.dist is not None else None
    check_pending(pm)
    _state["versions"] = versions
    return pm


def check_pending(pm: pluggy.PluginManager) -> None:
    """Refuse a plugin that implements a hook the library does not have."""
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
    except (ValueError, pluggy.PluginValidationError) as error:
        raise PluginError(f"plugin {name!r}: {error}", plugin=name) from error
    assert registered is not None
    check_pending(pm)
    _changed()
    return registered


def unregister(name: str) -> None:
    """Remove the plugin registered as ``name``."""
    manager().unregister(name=name)
    _changed()


def list_plugins() -> list[PluginInfo]:
    """Every registered plugin, the built-in one first, with its version and hooks."""
    pm = manager()
    versions = _state["versions"]
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        version = versions.get(name) or version_of(plugin)
        infos.append(PluginInfo(name, version, hooks, builtin=name == BUILTIN))
    return sorted(infos, key=lambda p: (not p.builtin, p.name))


def version_of(plugin: object) -> str | None:
    """A plugin object's version: its distribution's, or its ``__version__``."""
    if isinstance(plugin, types.ModuleType) and plugin.__name__.startswith("servicepolicy."):
        try:
            return metadata.version("servicepolicy")
        except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
            return None
    return getattr(plugin, "__version__", None)


def declared_rules(name: str) -> list[Any]:
    """The rules an installed plugin that is not loaded (disabled) declares, read from its
    entry point without registering it; none if that fails."""
    point = entry_point(name)
    if point is None:
        return []
    try:
        plugin = point.load()
        found = list(plugin.servicepolicy_rules())
    except Exception:
        return []
    from servicepolicy.rulebook import Rule

    return [rule for rule in found if isinstance(rule, Rule)]
