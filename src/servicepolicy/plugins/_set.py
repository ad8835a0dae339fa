"""A set of plugins hooks are called on: every answer checked, every failure named.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import pluggy

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import TierScheme
from servicepolicy.errors import InvalidArgumentError, PluginError, ServicePolicyError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.kpi import Kpi
from servicepolicy.plugins import _manager
from servicepolicy.plugins.builtin import CALENDARS
from servicepolicy.rulebook import Rule
from servicepolicy.rules import Violation
from servicepolicy.sla import SlaTarget
from servicepolicy.tickets.lifecycle import LIFECYCLES, Lifecycle, LifecycleRegistry

if TYPE_CHECKING:
    import cattrs

    from servicepolicy.tickets import Ticket

__all__ = ["OnError", "PluginSet", "kind_of"]

OnError = Literal["raise", "skip"]
"""What a failing plugin does to the caller: ``"raise"`` a
:class:`~servicepolicy.errors.PluginError`, or ``"skip"``: the plugin is recorded in
:attr:`PluginSet.failed` and not asked again (a policy's check goes on without it and
lists its rules as not checked)."""

Impl = tuple[str, Callable[..., Any]]


class _OverBudget(BaseException):
    """Raised inside a plugin's hook when its time budget runs out."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (on the main thread of a POSIX process;
    elsewhere the time is measured after the call returns)."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def kind_of(value: object) -> str:
    """What a value is, without showing it (it may hold personal data)."""
    return "None" if value is None else f"a {type(value).__name__}"


class PluginSet:
    """Plugins that hooks are called on, through typed methods.

    Made by :func:`installed` (every installed plugin) or :func:`scope` (a policy's).

    :param pm: the pluggy manager holding the plugins (the built-in one included).
    :param names: the plugins of the set besides the built-in one.
    :param not_checked: plugins the set was asked for but does not hold, with the reason
        (disabled); their rules are reported as not checked.
    :param on_error: see ``"raise"`` or ``"skip"``.
    :param budget: seconds one hook call of a plugin may take; a plugin over it has
        failed.  ``None``: no limit.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        *,
        names: Iterable[str] = (),
        not_checked: Mapping[str, str] | None = None,
        on_error: OnError = "raise",
        budget: float | None = None,
    ) -> None:
        if on_error not in ("raise", "skip"):
            raise InvalidArgumentError("on_error", on_error, "'raise' or 'skip'")
        if budget is not None and not budget > 0:
            raise InvalidArgumentError("budget", budget, "a number of seconds > 0, or None")
        self._pm = pm
        self.names: tuple[str, ...] = tuple(names)
        self.not_checked: dict[str, str] = dict(not_checked or {})
        self.failed: dict[str, str] = {}
        self.on_error: OnError = on_error
        self.budget = budget
        self._impls: dict[str, list[Impl]] = {}
        self._calendars: dict[str, BusinessCalendar] = {}
        self._rules: dict[str, list[Rule]] | None = None
        self._registry: LifecycleRegistry | None = None

    def __repr__(self) -> str:
        return f"PluginSet(names={self.names!r})"

    # -- calling -------------------------------------------------------------------------

    def impls(self, hook: str, *, failed: bool = False) -> list[Impl]:
        """``(plugin, function)`` of ``hook`` in call order (the built-in one last);
        plugins that failed are left out unless ``failed``."""
        found = self._impls.get(hook)
        if found is None:
            caller = getattr(self._pm.hook, hook)
            found = self._impls[hook] = [
                (impl.plugin_name, impl.function) for impl in reversed(caller.get_hookimpls())
            ]
        return [(name, f) for name, f in found if failed or name not in self.failed]

    def _fail(self, plugin: str, hook: str, message: str, cause: BaseException | None) -> None:
        if plugin == _manager.BUILTIN or self.on_error == "raise":
            raise PluginError(message, plugin=plugin) from cause
        self.failed.setdefault(plugin, message)

    def call(self, plugin: str, hook: str, function: Callable[..., Any], **kwargs: Any) -> Any:
        """One plugin's answer to ``hook``; ``None`` once the plugin has failed (with
        ``on_error="skip"``).  Exceptions are reported naming the plugin."""
        started = time.perf_counter()
        try:
            with _deadline(None if plugin == _manager.BUILTIN else self.budget):
                result = function(**kwargs)
        except _OverBudget:
            self._fail(
                plugin,
                hook,
                f"plugin {plugin!r} did not answer {hook} within its budget of {self.budget:g} s",
                None,
            )
            return None
        except ServicePolicyError as error:
            if plugin == _manager.BUILTIN or isinstance(error, PluginError):
                raise
            error.add_note(f"raised by plugin {plugin!r} in {hook}")
            if self.on_error == "raise":
                raise
            self.failed.setdefault(plugin, f"plugin {plugin!r} failed in {hook}: {error}")
            return None
        except Exception as error:
            self._fail(
                plugin,
                hook,
                f"plugin {plugin!r} failed in {hook}: {type(error).__name__}: {error}",
                error,
            )
            return None
        elapsed = time.perf_counter() - started
        if self.budget is not None and elapsed > self.budget and plugin != _manager.BUILTIN:
            self._fail(
                plugin,
                hook,
                f"plugin {plugin!r} took {elapsed:.1f} s in {hook}, over its budget of "
                f"{self.budget:g} s",
                None,
            )
            return None
        return result

    def _wrong(self, plugin: str, hook: str, value: object, expected: str) -> None:
        self._fail(
            plugin,
            hook,
            f"plugin {plugin!r} returned {kind_of(value)} from {hook}; expected {expected}",
            None,
        )

    def _items(self, plugin: str, hook: str, value: object, kind: type, what: str) -> list[Any]:
        """``value`` as a list of ``kind`` instances, or a failure naming the plugin."""
        if value is None:
            return []
        expected = f"an iterable of {what}"
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            self._wrong(plugin, hook, value, expected)
            return []
        items = list(value)
        for item in items:
            if not isinstance(item, kind):
                self._wrong(plugin, hook, item, f"{expected} (an item was {kind_of(item)})")
                return []
        return items

    def _collect(
        self, hook: str, kind: type, what: str, *, failed: bool = False, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Every plugin's items for ``hook``, with the plugin's name, in call order."""
        found: list[tuple[str, Any]] = []
        for plugin, function in self.impls(hook, failed=failed):
            result = self.call(plugin, hook, function, **kwargs)
            found += [(plugin, item) for item in self._items(plugin, hook, result, kind, what)]
        return found

    # -- the hooks -----------------------------------------------------------------------

    def lifecycles(self) -> list[tuple[str, Lifecycle]]:
        """Every plugin's lifecycles with the plugin's name, the built-in ones last."""
        return self._collect("servicepolicy_lifecycles", Lifecycle, "Lifecycle")

    def registry(self) -> LifecycleRegistry:
        """The ticket kinds of this set: the built-in ones and the plugins'."""
        if self._registry is None:
            self._registry = LIFECYCLES.with_extra(
                lambda: [(p, lc) for p, lc in self.lifecycles() if p != _manager.BUILTIN]
            )
        return self._registry

    def tier_schemes(self) -> dict[str, TierScheme]:
        """Every tier scheme by name; a plugin's replaces a built-in one of the same name."""
        schemes: dict[str, TierScheme] = {}
        hook = "servicepolicy_tier_schemes"
        for plugin, function in reversed(self.impls(hook)):  # built-in first
            result = self.call(plugin, hook, function)
            if result is None:
                continue
            if not isinstance(result, Mapping) or not all(
                isinstance(k, str) and isinstance(v, TierScheme) for k, v in result.items()
            ):
                self._wrong(plugin, hook, result, "a mapping of names to TierScheme")
                continue
            schemes.update(result)
        return schemes

    def tier_scheme(self, name: str) -> TierScheme:
        """The tier scheme ``name``, or an error listing the known ones."""
        schemes = self.tier_schemes()
        try:
            return schemes[name]
        except KeyError:
            raise InvalidArgumentError(
                "scheme", name, "a registered tier scheme: " + ", ".join(sorted(schemes))
            ) from None

    def calendar(self, code: str) -> BusinessCalendar:
        """The calendar the first plugin that knows ``code`` builds (cached: calendars are
        immutable)."""
        found = self._calendars.get(code)
        if found is not None:
            return found
        hook = "servicepolicy_calendar"
        for plugin, function in self.impls(hook):
            result = self.call(plugin, hook, function, code=code)
            if result is None:
                continue
            if not isinstance(result, BusinessCalendar):
                self._wrong(plugin, hook, result, "a BusinessCalendar or None")
                continue
            self._calendars[code] = result
            return result
        raise InvalidArgumentError(
            "calendar code",
            code,
            "a code the library or a plugin defines (built in: " + ", ".join(CALENDARS) + ")",
        )

    def sla_targets(self) -> list[tuple[str, SlaTarget]]:
        """Every plugin's SLA targets, with the plugin's name."""
        return self._collect("servicepolicy_sla_targets", SlaTarget, "SlaTarget")

    def adjust_due(self, ticket: Ticket, metric: str, due: datetime) -> datetime | None:
        """The first plugin's adjusted due instant for one clock of ``ticket``, or ``None``."""
        hook = "servicepolicy_adjust_due"
        for plugin, function in self.impls(hook):
            result = self.call(plugin, hook, function, ticket=ticket, metric=metric, due=due)
            if result is None:
                continue
            if not isinstance(result, datetime) or result.utcoffset() is None:
                self._wrong(plugin, hook, result, "a timezone-aware datetime or None")
                continue
            return result
        return None

    def check_ticket(self, ticket: Ticket, now: datetime) -> list[Violation]:
        """Every plugin's violations for ``ticket``'s history as of ``now``."""
        found = self._collect(
            "servicepolicy_check_ticket", Violation, "Violation", ticket=ticket, now=now
        )
        return [violation for _, violation in found]

    def escalations(self, ticket: Ticket, now: datetime) -> list[EscalationRequired]:
        """The escalations the plugins' rules require for ``ticket`` as of ``now``."""
        found = self._collect(
            "servicepolicy_escalations",
            EscalationRequired,
            "EscalationRequired",
            ticket=ticket,
            now=now,
        )
        return [escalation for _, escalation in found]

    def _vetoes(self, hook: str) -> tuple[Callable[[Any, Any, Any], list[Violation]], ...]:
        def check(plugin: str, function: Callable[..., Any]) -> Callable[..., list[Violation]]:
            def run(policy: Any, request: Any, roster: Any) -> list[Violation]:
                if plugin in self.failed:
                    return []
                result = self.call(
                    plugin, hook, function, policy=policy, request=request, roster=roster
                )
                return self._items(plugin, hook, result, Violation, "Violation")

            run.__qualname__ = f"{plugin}.{hook}"
            return run

        return tuple(check(plugin, function) for plugin, function in self.impls(hook))

    def leave_checks(self) -> tuple[Callable[[Any, Any, Any], list[Violation]], ...]:
        """The plugins' leave vetoes, for ``LeavePolicy(extra_checks=...)``."""
        return self._vetoes("servicepolicy_check_leave")

    def swap_checks(self) -> tuple[Callable[[Any, Any, Any], list[Violation]], ...]:
        """The plugins' swap vetoes, for ``SwapPolicy(extra_checks=...)``."""
        return self._vetoes("servicepolicy_check_swap")

    def kpis(self) -> list[Kpi]:
        """Every KPI definition, the built-in ones first."""
        found = self._collect("servicepolicy_kpis", Kpi, "Kpi")
        return [kpi for plugin, kpi in found if plugin == _manager.BUILTIN] + [
            kpi for plugin, kpi in found if plugin != _manager.BUILTIN
        ]

    def policy_sections(self) -> dict[str, tuple[str, type[Any]]]:
        """Policy-file sections by name, with the plugin that reads each; two plugins
        claiming one name is an error."""
        sections: dict[str, tuple[str, type[Any]]] = {}
        hook = "servicepolicy_policy_sections"
        for plugin, function in reversed(self.impls(hook)):
            result = self.call(plugin, hook, function)
            if result is None:
                continue
            if not isinstance(result, Mapping) or not all(
                isinstance(k, str) and isinstance(v, type) for k, v in result.items()
            ):
                self._wrong(plugin, hook, result, "a mapping of section names to classes")
                continue
            for name, schema in result.items():
                if name in sections:
                    raise PluginError(
                        f"plugins {sections[name][0]!r} and {plugin!r} both define the "
                        f"policy section [{name}]",
                        plugin=plugin,
                    )
                sections[name] = (plugin, schema)
        return sections

    def rules_by_plugin(self) -> dict[str, list[Rule]]:
        """Each plugin's declared rules (the core's under the built-in plugin's name)."""
        if self._rules is None:
            hook = "servicepolicy_rules"
            by_plugin: dict[str, list[Rule]] = {}
            for plugin, rule in self._collect(hook, Rule, "Rule", failed=True):
                by_plugin.setdefault(plugin, []).append(rule)
            for name in self.not_checked:
                by_plugin.setdefault(name, []).extend(_manager.declared_rules(name))
            self._rules = by_plugin
        return self._rules

    def rules(self) -> dict[str, Rule]:
        """The catalogue: every rule of the set by ID, the core's first; an ID declared
        twice is an error naming both declarers."""
        catalogue: dict[str, Rule] = {}
        owner: dict[str, str] = {}
        by_plugin = self.rules_by_plugin()
        order = [_manager.BUILTIN, *sorted(p for p in by_plugin if p != _manager.BUILTIN)]
        for plugin in order:
            for rule in by_plugin.get(plugin, ()):
                if rule.id in catalogue:
                    raise PluginError(
                        f"plugins {owner[rule.id]!r} and {plugin!r} both declare rule {rule.id}",
                        plugin=plugin,
                    )
                catalogue[rule.id], owner[rule.id] = rule, plugin
        return catalogue

    def unchecked_rules(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """``(plugin, reason, rule IDs)`` of each plugin that was disabled or failed."""
        by_plugin = self.rules_by_plugin()
        reasons = {**self.not_checked, **self.failed}
        return [
            (plugin, reason, tuple(rule.id for rule in by_plugin.get(plugin, ())))
            for plugin, reason in sorted(reasons.items())
        ]

    def register_converter_hooks(self, converter: cattrs.Converter) -> None:
        """Let every plugin register its (un)structure hooks on ``converter``."""
        hook = "servicepolicy_converter"
        for plugin, function in self.impls(hook):
            self.call(plugin, hook, function, converter=converter)
