"""The library's own behaviour, registered as the plugin ``servicepolicy.builtins``.

Every hook here is ``trylast``: an industry plugin answers first and can refine it.  A
policy's plugin set always holds it (datasette's ``DEFAULT_PLUGINS``, tox's internal
plugins): the core uses the same door as an industry plugin.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Moved from ``servicepolicy._builtins``; contributes the core's rule catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from servicepolicy.hookspecs import hookimpl

if TYPE_CHECKING:
    from servicepolicy.calendar import BusinessCalendar
    from servicepolicy.customers import TierScheme
    from servicepolicy.kpi import Kpi
    from servicepolicy.rulebook import Rule
    from servicepolicy.rules import Violation
    from servicepolicy.tickets import Lifecycle, Ticket

CALENDARS = {
    "cn-office": ("mon-fri 09:00-18:00", "Asia/Shanghai", "CN"),
    "cn-hotline": ("mon-sun 08:00-20:00", "Asia/Shanghai", None),
    "always": ("24/7", "UTC", None),
}
"""The calendars the library knows by code: weekly hours, zone, holiday country."""


@hookimpl(trylast=True)
def servicepolicy_lifecycles() -> Iterable[Lifecycle]:
    """The lifecycles of the manuals (TKT-1 … TKT-4)."""
    from servicepolicy.tickets.lifecycle import builtin_lifecycles

    return builtin_lifecycles()


@hookimpl(trylast=True)
def servicepolicy_tier_schemes() -> Mapping[str, TierScheme]:
    """The manuals' schemes: key accounts, exhibition customers, VIP (TIER-1, TIER-2)."""
    from servicepolicy.customers import exhibition, key_accounts, vip

    return {"key_accounts": key_accounts(), "exhibition": exhibition(), "vip": vip()}


@hookimpl(trylast=True)
def servicepolicy_calendar(code: str) -> BusinessCalendar | None:
    """``cn-office`` (Mon–Fri 09:00–18:00 with China's holidays and make-up days),
    ``cn-hotline`` (every day 08:00–20:00) and ``always`` (24/7, UTC)."""
    from servicepolicy.calendar import BusinessCalendar

    spec = CALENDARS.get(code)
    if spec is None:
        return None
    hours, zone, country = spec
    return BusinessCalendar(hours, zone, country=country, name=code)


@hookimpl(trylast=True)
def servicepolicy_check_ticket(ticket: Ticket, now: datetime) -> Iterable[Violation]:
    """TKT-2: answers go out on the channel the ticket came in on (the history up to
    ``now``)."""
    from servicepolicy.tickets.checks import check_ticket

    if now < ticket.created_at:
        return ()  # nothing had happened yet
    return check_ticket(ticket.as_of(now))


@hookimpl(trylast=True)
def servicepolicy_kpis() -> Iterable[Kpi]:
    """The manuals' KPIs with their default targets (KPI-1 … KPI-9)."""
    from servicepolicy.kpi import CALL_KPIS, TICKET_KPIS

    return (*CALL_KPIS, *TICKET_KPIS)


@hookimpl(trylast=True)
def servicepolicy_rules() -> Iterable[Rule]:
    """The core's rule catalogue: every rule of the rule book the library itself checks
    (CAL … QA, CONF), from ``servicepolicy/rulebook.toml``."""
    from servicepolicy.rulebook import RULES

    return tuple(RULES.values())
