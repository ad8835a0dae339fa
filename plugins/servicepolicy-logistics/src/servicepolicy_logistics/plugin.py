"""The hooks of the logistics plugin, found through the entry point ``logistics``.

The hooks are methods of :class:`LogisticsPlugin`, which carries the
:class:`~servicepolicy_logistics.LogisticsSettings` they apply.  This module, the entry
point, exposes the methods of :data:`DEFAULT` (the documented defaults) as its own hook
functions.  A policy that uses the plugin sets its settings in its file
(``[plugins.logistics]``); its checks then run a ``LogisticsPlugin`` made from them
(``servicepolicy_configure``).

>>> from servicepolicy import plugins
>>> info = next(p for p in plugins.list_plugins() if p.name == "logistics")
>>> "servicepolicy_lifecycles" in info.hooks
True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs
from servicepolicy.errors import WrongTypeError
from servicepolicy.hookspecs import hookimpl
from servicepolicy.rulebook import Rule, load_rules

from servicepolicy_logistics import _checks as check
from servicepolicy_logistics.delivery_exceptions import (
    EXCEPTION_KINDS,
    EXCEPTION_LIFECYCLES,
    exception_escalations,
    exception_targets,
)
from servicepolicy_logistics.exception_checks import check_exception
from servicepolicy_logistics.order_progress import ORDER, ORDER_KIND, check_feedback
from servicepolicy_logistics.settings import SECTION, LogisticsSettings
from servicepolicy_logistics.surveys import check_surveys

if TYPE_CHECKING:
    import cattrs
    from servicepolicy.calendar import BusinessCalendar
    from servicepolicy.escalation import EscalationRequired
    from servicepolicy.rules import Violation
    from servicepolicy.sla import SlaTarget
    from servicepolicy.tickets import Lifecycle, Ticket

__all__ = [
    "DEFAULT",
    "LogisticsPlugin",
    "servicepolicy_check_ticket",
    "servicepolicy_configure",
    "servicepolicy_converter",
    "servicepolicy_escalations",
    "servicepolicy_lifecycles",
    "servicepolicy_policy_sections",
    "servicepolicy_rules",
    "servicepolicy_sla_targets",
]


def _settings(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, LogisticsSettings):
        raise WrongTypeError("settings", value, "a LogisticsSettings")


@attrs.frozen
class LogisticsPlugin:
    """The logistics plugin's hook implementations, applying ``settings``.

    .. versionadded:: 0.1.0
    """

    settings: LogisticsSettings = attrs.field(factory=LogisticsSettings, validator=_settings)
    _calendars: dict[str, tuple[object, BusinessCalendar]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def calendar(self, code: str) -> BusinessCalendar:
        """The calendar ``code`` names, looked up through the plugins once per plugin
        manager and kept: the survey check (LOG-5) asks for it for every order."""
        from servicepolicy import plugins

        manager = plugins.manager()
        found = self._calendars.get(code)
        if found is None or found[0] is not manager:
            found = self._calendars[code] = (manager, plugins.calendar(code))
        return found[1]

    @hookimpl
    def servicepolicy_lifecycles(self) -> Iterable[Lifecycle]:
        """The ticket kinds ``logistics_order`` (LOG-1, LOG-5) and ``delivery_damage``,
        ``delivery_loss``, ``delivery_delay``, ``delivery_dispute`` (LOG-4)."""
        return [ORDER, *EXCEPTION_LIFECYCLES]

    @hookimpl
    def servicepolicy_sla_targets(self) -> Iterable[SlaTarget]:
        """First response, resolution and progress targets of the four delivery
        exceptions (LOG-4), named ``logistics-…``."""
        return exception_targets(self.settings.exceptions)

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> Iterable[Violation]:
        """LOG-1 (news after each milestone of an order), LOG-5 (the survey after a
        completed order, on the settings' calendar) and LOG-4 (damage photographed before
        the remedy is agreed; a delay's cause told at once)."""
        if ticket.kind == ORDER_KIND:
            surveys = self.settings.surveys
            calendar = self.calendar(surveys.calendar)
            return (
                *check_feedback(ticket, now, self.settings.feedback),
                *check_surveys([ticket], calendar, now, working_days=surveys.working_days),
            )
        if ticket.kind in EXCEPTION_KINDS:
            return check_exception(ticket, now, self.settings.exceptions)
        return ()

    @hookimpl
    def servicepolicy_escalations(
        self, ticket: Ticket, now: datetime
    ) -> Iterable[EscalationRequired]:
        """LOG-4: a loss is reported to the company at once; a dispute not settled in time
        goes to a superior."""
        return exception_escalations(ticket, now, self.settings.exceptions)

    @hookimpl
    def servicepolicy_policy_sections(self) -> Mapping[str, type[Any]]:
        """The ``[logistics]`` section, :class:`~servicepolicy_logistics.LogisticsSettings`."""
        return {SECTION: LogisticsSettings}

    @hookimpl
    def servicepolicy_configure(self, settings: LogisticsSettings) -> LogisticsPlugin:
        """The plugin run with a policy's ``[plugins.logistics]`` settings."""
        return LogisticsPlugin(settings)

    @hookimpl
    def servicepolicy_rules(self) -> Iterable[Rule]:
        """LOG-1 … LOG-5, from the plugin's ``rules.toml``."""
        return RULES

    @hookimpl
    def servicepolicy_converter(self, converter: cattrs.Converter) -> None:
        """Amounts (:class:`~decimal.Decimal`, in orders and the order rules) are read from
        a numeric string or an int, never a float, and written as strings."""
        converter.register_structure_hook(Decimal, _structure_decimal)
        converter.register_unstructure_hook(Decimal, str)


def _structure_decimal(value: object, _: object) -> Decimal:
    return check.decimal("amount", value)


RULES = load_rules(resources.files("servicepolicy_logistics").joinpath("rules.toml"))
"""The plugin's rules, LOG-1 … LOG-5.

.. versionadded:: 0.2.0
"""

DEFAULT = LogisticsPlugin()
"""The plugin with the documented default settings: the one the entry point registers."""

servicepolicy_lifecycles = DEFAULT.servicepolicy_lifecycles
servicepolicy_sla_targets = DEFAULT.servicepolicy_sla_targets
servicepolicy_check_ticket = DEFAULT.servicepolicy_check_ticket
servicepolicy_escalations = DEFAULT.servicepolicy_escalations
servicepolicy_policy_sections = DEFAULT.servicepolicy_policy_sections
servicepolicy_converter = DEFAULT.servicepolicy_converter
servicepolicy_configure = DEFAULT.servicepolicy_configure
servicepolicy_rules = DEFAULT.servicepolicy_rules
