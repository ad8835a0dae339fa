# mypy: disable-error-code="empty-body"
"""The hooks a plugin may implement: every one is prefixed ``servicepolicy_``.

A plugin is a module (or any object) with functions named after these hooks and marked
with :data:`hookimpl`; it is found through the ``servicepolicy`` entry-point group (see
the "Writing a plugin" guide).  The library's own behaviour is registered the same way,
as the plugin ``servicepolicy.builtins`` (``trylast``), so a plugin can refine it.

Hooks that *contribute* (kinds, schemes, targets, checks) collect every plugin's answer;
hooks that *decide one thing* (a calendar by code, a due instant) are ``firstresult``:
the first plugin that answers (not ``None``) wins.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pluggy

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

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "servicepolicy"
"""The pluggy project name, and the entry-point group plugins are found in."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (in this module only)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's hook implementation, as ``@hookimpl`` or ``@hookimpl(trylast=True)``."""


@hookspec
def servicepolicy_lifecycles() -> Iterable[Lifecycle]:
    """Contribute ticket kinds, each as its :class:`~servicepolicy.tickets.Lifecycle`
    (TKT-1).  They join ``servicepolicy.tickets.LIFECYCLES``, so ``Ticket.open`` and the
    readers know them.  A kind two plugins define is an error naming both.

    Example::

        @hookimpl
        def servicepolicy_lifecycles():
            return [Lifecycle(kind="booth_booking", initial="requested", ...)]
    """


@hookspec
def servicepolicy_tier_schemes() -> Mapping[str, TierScheme]:
    """Contribute customer tier schemes by name (TIER-1, TIER-2); look them up with
    :func:`servicepolicy.plugins.tier_scheme`.

    Example::

        @hookimpl
        def servicepolicy_tier_schemes():
            return {"exhibition-events": exhibition_scheme()}
    """


@hookspec(firstresult=True)
def servicepolicy_calendar(code: str) -> BusinessCalendar | None:
    """The calendar named ``code`` (CAL-6), or ``None`` if this plugin does not know it;
    the first plugin that answers wins.  Look calendars up with
    :func:`servicepolicy.plugins.calendar`.

    Example::

        @hookimpl
        def servicepolicy_calendar(code):
            if code == "expo-2026":
                return BusinessCalendar("mon-sun 08:00-20:00", "Asia/Shanghai")
            return None
    """


@hookspec
def servicepolicy_sla_targets() -> Iterable[SlaTarget]:
    """Contribute SLA targets, typically for the plugin's own ticket kinds (SLA-1); the
    targets a policy is built from by default (:func:`servicepolicy.plugins.sla_targets`).

    Example::

        @hookimpl
        def servicepolicy_sla_targets():
            return [SlaTarget("on-site", "resolution", timedelta(minutes=30),
                              kinds="on_site_service")]
    """


@hookspec(firstresult=True)
def servicepolicy_adjust_due(ticket: Ticket, metric: str, due: datetime) -> datetime | None:
    """Move the due instant of one of ``ticket``'s clocks (an event-period deadline, a
    customer-specific cut-off), or ``None`` to leave it; the first plugin that answers wins.

    Example::

        @hookimpl
        def servicepolicy_adjust_due(ticket, metric, due):
            if ticket.kind == "on_site_service":
                return min(due, ticket.created_at + timedelta(minutes=30))
            return None
    """


@hookspec
def servicepolicy_check_ticket(ticket: Ticket, now: datetime) -> Iterable[Violation]:
    """Judge a ticket's history as of ``now`` (TKT-2, EXH-2, LOG-3 …): the violations
    found, each naming its rule.

    Example::

        @hookimpl
        def servicepolicy_check_ticket(ticket, now):
            if ticket.kind == "delivery_damage" and not has_photos(ticket):
                yield Violation("LOG-4", Severity.ERROR, "no photo of the damage", ...)
    """


@hookspec
def servicepolicy_escalations(ticket: Ticket, now: datetime) -> Iterable[EscalationRequired]:
    """The escalations ``ticket`` requires as of ``now`` under the plugin's rules
    (ESC-1, ESC-4, LOG-4: a loss is reported to the company at once).

    Example::

        @hookimpl
        def servicepolicy_escalations(ticket, now):
            if ticket.kind == "delivery_loss":
                yield EscalationRequired(ticket.id, "department_head", "LOG-4",
                                         "goods lost: report at once", ticket.created_at)
    """


@hookspec
def servicepolicy_check_leave(
    policy: LeavePolicy, request: LeaveRequest, roster: RosterView
) -> Iterable[Violation]:
    """Extra checks of a leave request, run after LEAVE-1 … LEAVE-11; any plugin can veto
    by returning an ``ERROR`` violation.

    Example::

        @hookimpl
        def servicepolicy_check_leave(policy, request, roster):
            if overlaps_show_days(request):
                yield Violation("EXH-5", Severity.ERROR, "no leave during the show", ...)
    """


@hookspec
def servicepolicy_check_swap(
    policy: SwapPolicy, request: SwapRequest, roster: RosterView
) -> Iterable[Violation]:
    """Extra checks of a shift swap, run after SWAP-1 … SWAP-10; any plugin can veto.

    Example::

        @hookimpl
        def servicepolicy_check_swap(policy, request, roster):
            return []
    """


@hookspec
def servicepolicy_kpis() -> Iterable[Kpi]:
    """Contribute KPI definitions (KPI-1 … KPI-11 style): name, variant, unit, target.

    Example::

        @hookimpl
        def servicepolicy_kpis():
            return [Kpi(...)]
    """


@hookspec
def servicepolicy_policy_sections() -> Mapping[str, type[Any]]:
    """Policy-file sections the plugin reads: section name → the attrs class that is its
    schema (structured with the library's converter).

    Example::

        @hookimpl
        def servicepolicy_policy_sections():
            return {"logistics": LogisticsSettings}
    """


@hookspec
def servicepolicy_converter(converter: cattrs.Converter) -> None:
    """Register (un)structure hooks for the plugin's own models on a new converter.

    Example::

        @hookimpl
        def servicepolicy_converter(converter):
            converter.register_structure_hook(Weight, lambda v, _: Weight.parse(v))
    """


@hookspec
def servicepolicy_rules() -> Iterable[Rule]:
    """Declare the rules the plugin checks, each a :class:`~servicepolicy.rulebook.Rule`
    (ID, area, text, parameters, the code that checks it, an example).  They join the
    core's in one catalogue (:func:`servicepolicy.plugins.rules`) that
    ``servicepolicy explain`` and the reports read; when the plugin is disabled or fails,
    the report lists them as not checked.  A rule ID two plugins declare is an error.

    Read them from a TOML file shipped with the plugin, in the core's format, with
    :func:`servicepolicy.rulebook.load_rules`.

    Example::

        @hookimpl
        def servicepolicy_rules():
            return load_rules(resources.files("my_plugin").joinpath("rules.toml"))
    """


@hookspec(firstresult=True)
def servicepolicy_configure(settings: Any) -> object | None:
    """Configure the plugin for one policy: ``settings`` is the policy's
    ``[plugins.NAME]`` table, already structured with the schema the plugin declares
    through :func:`servicepolicy_policy_sections` (durations written as in the core:
    ``"2h"``).  Return an object with hook implementations (typically a new instance of
    the plugin's class made with ``settings``): it takes the plugin's place in that
    policy's checks, so two policies can run one plugin with different settings.  Only
    the plugin that owns the section is asked.

    Example::

        @hookimpl
        def servicepolicy_configure(settings):
            return ExhibitionPlugin(settings)
    """
