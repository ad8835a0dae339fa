"""How plugin sets are made: every installed plugin, or the ones a policy names.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pluggy

from servicepolicy.errors import PluginError, ServicePolicyError
from servicepolicy.plugins import _manager
from servicepolicy.plugins._set import OnError, PluginSet, kind_of

__all__ = ["installed", "scope"]


_installed: dict[str, Any] = {"generation": -1, "set": None}


def installed() -> PluginSet:
    """Every installed (and registered) plugin; failures raise."""
    pm = _manager.manager()
    generation = _manager.generation()
    if _installed["generation"] != generation or _installed["set"] is None:
        names = [name for name, plugin in pm.list_name_plugin() if plugin is not None]
        _installed["set"] = PluginSet(pm, names=[n for n in names if n != _manager.BUILTIN])
        _installed["generation"] = generation
    return _installed["set"]  # type: ignore[no-any-return]


def _configured(pm: pluggy.PluginManager, name: str, plugin: object, settings: object) -> object:
    hook = "servicepolicy_configure"
    impls = [i for i in pm.hook.servicepolicy_configure.get_hookimpls() if i.plugin_name == name]
    if not impls:
        raise PluginError(
            f"plugin {name!r} takes no settings ({hook} is not implemented); "
            f"remove its [plugins.{name}] table",
            plugin=name,
        )
    function: Any = impls[0].function
    try:
        configured = function(settings=settings)
    except ServicePolicyError as error:
        error.add_note(f"raised by plugin {name!r} in {hook}")
        raise
    except Exception as error:
        raise PluginError(
            f"plugin {name!r} failed in {hook}: {type(error).__name__}: {error}", plugin=name
        ) from error
    if configured is None:
        return plugin
    if not any(attr.startswith("servicepolicy_") for attr in dir(configured)):
        raise PluginError(
            f"plugin {name!r} returned {kind_of(configured)} from {hook}; expected an object "
            "with hook implementations, or None",
            plugin=name,
        )
    return configured


def scope(
    use: Iterable[str] = (),
    settings: Mapping[str, object] | None = None,
    *,
    on_error: OnError = "skip",
    budget: float | None = None,
) -> PluginSet:
    """The plugins one policy uses: the built-in one and each installed plugin named in
    ``use`` or ``settings``, configured with its settings
    (:func:`~servicepolicy.hookspecs.servicepolicy_configure`).  An installed plugin not
    named contributes nothing.  A named plugin that is disabled is listed in
    ``PluginSet.not_checked``; one that is not installed is an error.

    :param settings: plugin name → its settings, structured with the plugin's schema.
    """
    settings = dict(settings or {})
    installed_pm = _manager.manager()
    pm = _manager.new_manager()
    names: list[str] = []
    not_checked: dict[str, str] = {}
    for name in dict.fromkeys([*use, *settings]):
        if name == _manager.BUILTIN:
            continue
        plugin = installed_pm.get_plugin(name)  # a plugin registered by hand counts
        if plugin is None and _manager.is_disabled(name):
            not_checked[name] = f"disabled ({_manager.DISABLE_VARIABLE})"
            continue
        if plugin is None:
            known = [n for n, p in installed_pm.list_name_plugin() if p is not None]
            shown = ", ".join(n for n in known if n != _manager.BUILTIN) or "none"
            raise PluginError(f"plugin {name!r} is not installed (installed: {shown})", plugin=name)
        if name in settings:
            plugin = _configured(installed_pm, name, plugin, settings[name])
        try:
            pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as error:
            raise PluginError(f"plugin {name!r}: {error}", plugin=name) from error
        names.append(name)
    _manager.check_pending(pm)
    return PluginSet(pm, names=names, not_checked=not_checked, on_error=on_error, budget=budget)
