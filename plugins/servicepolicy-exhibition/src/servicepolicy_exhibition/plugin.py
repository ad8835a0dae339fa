"""The plugin's hook implementations, found through the ``servicepolicy`` entry point
``exhibition`` (EXH-1 … EXH-5).

The module is the installed plugin: its hooks are those of :data:`DEFAULT`, an
:class:`ExhibitionPlugin` with the default :class:`ExhibitionSettings`.  A policy that
uses the plugin configures it in its file; the library then checks that policy with an
``ExhibitionPlugin`` made from those settings (``servicepolicy_configure``)::

    plugins = ["exhibition"]

    [plugins.exhibition]
    hand_over_within = "15min"
    sales = ["sales", "bd"]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from importlib import resources
from typing import Any

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import TierScheme
from servicepolicy.errors import WrongTypeError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.hookspecs import hookimpl
from servicepolicy.rulebook import Rule, load_rules
from servicepolicy.rules import Violation
from servicepolicy.sla import SlaTarget
from servicepolicy.tickets import Lifecycle, Ticket

from servicepolicy_exhibition import __version__
from servicepolicy_exhibition.channels import exh_2_inquiry_channel, exh_2_same_channel
from servicepolicy_exhibition.kinds import EXHIBITION_LIFECYCLES
from servicepolicy_exhibition.on_site import (
    emergency_due,
    exh_5_hand_over,
    on_site_targets,
    operations_escalations,
)
from servicepolicy_exhibition.performance import SCHEME, exhibition_shows
from servicepolicy_exhibition.reception import exh_3_follow_up, exh_3_preparation
from servicepolicy_exhibition.settings import ExhibitionSettings
from servicepolicy_exhibition.shows import CODE_PREFIX, Show

__all__ = [
    "DEFAULT",
    "ExhibitionPlugin",
    "servicepolicy_adjust_due",
    "servicepolicy_calendar",
    "servicepolicy_check_ticket",
    "servicepolicy_configure",
    "servicepolicy_escalations",
    "servicepolicy_lifecycles",
    "servicepolicy_policy_sections",
    "servicepolicy_rules",
    "servicepolicy_sla_targets",
    "servicepolicy_tier_schemes",
]


class ExhibitionPlugin:
    """The exhibition plugin's hooks, run with ``settings`` (EXH-1 … EXH-5).

    :param settings: the plugin's parameters; the defaults if ``None``.

    .. versionadded:: 0.1.0
    """

    __version__ = __version__

    def __init__(self, settings: ExhibitionSettings | None = None) -> None:
        if settings is None:
            settings = ExhibitionSettings()
        elif not isinstance(settings, ExhibitionSettings):
            raise WrongTypeError("settings", settings, "an ExhibitionSettings or None")
        self.settings = settings
        self._calendars: dict[str, BusinessCalendar | None] = {}

    def __repr__(self) -> str:
        return f"ExhibitionPlugin({self.settings!r})"

    @hookimpl
    def servicepolicy_lifecycles(self) -> Iterable[Lifecycle]:
        """EXH-1: booth bookings, exhibitor registrations, on-site service requests."""
        return EXHIBITION_LIFECYCLES

    @hookimpl
    def servicepolicy_tier_schemes(self) -> Mapping[str, TierScheme]:
        """EXH-4: ``exhibition_shows``, the library's exhibition scheme fed by show
        records."""
        s = self.settings
        scheme = exhibition_shows(
            loyal_shows=s.loyal_shows, loyal_satisfaction=s.loyal_satisfaction
        )
        return {SCHEME: scheme}

    @hookimpl
    def servicepolicy_calendar(self, code: str) -> BusinessCalendar | None:
        """EXH-5: the desk calendar of a show given in the settings, or spelled out as
        ``"expo:2026-11-26..2026-11-29"``; ``None`` for other codes."""
        if isinstance(code, str) and code in self._calendars:
            return self._calendars[code]  # built once per code: plugins ask per ticket
        show = self.settings.show(code)
        if show is None and isinstance(code, str) and code.startswith(CODE_PREFIX):
            show = Show.from_code(code)
        found = None if show is None else show.calendar()
        if isinstance(code, str):
            self._calendars[code] = found
        return found

    @hookimpl
    def servicepolicy_sla_targets(self) -> Iterable[SlaTarget]:
        """EXH-5: the short first-response and resolution targets of on-site tickets."""
        s = self.settings
        return on_site_targets(
            response=s.on_site_response,
            resolution=s.on_site_resolution,
            calendar=s.on_site_calendar,
        )

    @hookimpl
    def servicepolicy_adjust_due(
        self, ticket: Ticket, metric: str, due: datetime
    ) -> datetime | None:
        """EXH-5: the tighter first response to an on-site emergency (a safety issue)."""
        s = self.settings
        return emergency_due(
            ticket,
            metric,
            due,
            response=s.emergency_response,
            emergencies=s.emergency_issues,
        )

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> Iterable[Violation]:
        """EXH-2 (channels), EXH-3 (reception preparation and follow-up), EXH-5 (on-site
        issues handed over to operations in time), as of ``now``."""
        s = self.settings
        seen = ticket.as_of(now)
        found = [
            *exh_2_inquiry_channel(seen, channels=s.inquiry_channels, kinds=s.inquiry_kinds),
            *exh_2_same_channel(seen, kinds=s.same_channel_kinds),
        ]
        if seen.kind in s.reception_kinds:
            found += exh_3_preparation(seen, required=s.preparation)
            found += exh_3_follow_up(seen, now, sales=s.sales)
        found += exh_5_hand_over(
            seen,
            now,
            operations=s.operations,
            within=s.hand_over_within,
            issues=s.operations_issues,
            emergencies=s.emergency_issues,
        )
        return found

    @hookimpl
    def servicepolicy_escalations(
        self, ticket: Ticket, now: datetime
    ) -> Iterable[EscalationRequired]:
        """EXH-5: on-site venue, equipment and safety issues go to operations."""
        s = self.settings
        return list(
            operations_escalations(
                ticket,
                now,
                operations=s.operations,
                issues=s.operations_issues,
                emergencies=s.emergency_issues,
            )
        )

    @hookimpl
    def servicepolicy_policy_sections(self) -> Mapping[str, type[Any]]:
        """The ``[plugins.exhibition]`` table of a policy file: :class:`ExhibitionSettings`."""
        return {"exhibition": ExhibitionSettings}

    @hookimpl
    def servicepolicy_configure(self, settings: ExhibitionSettings) -> ExhibitionPlugin:
        """The plugin run with a policy's ``[plugins.exhibition]`` settings."""
        return ExhibitionPlugin(settings)

    @hookimpl
    def servicepolicy_rules(self) -> Iterable[Rule]:
        """EXH-1 … EXH-5, from the plugin's ``rules.toml``."""
        return RULES


RULES = load_rules(resources.files("servicepolicy_exhibition").joinpath("rules.toml"))
"""The plugin's rules, EXH-1 … EXH-5.

.. versionadded:: 0.2.0
"""

DEFAULT = ExhibitionPlugin()
"""The plugin as installed: the default settings.

.. versionadded:: 0.1.0
"""

servicepolicy_lifecycles = DEFAULT.servicepolicy_lifecycles
servicepolicy_tier_schemes = DEFAULT.servicepolicy_tier_schemes
servicepolicy_calendar = DEFAULT.servicepolicy_calendar
servicepolicy_sla_targets = DEFAULT.servicepolicy_sla_targets
servicepolicy_adjust_due = DEFAULT.servicepolicy_adjust_due
servicepolicy_check_ticket = DEFAULT.servicepolicy_check_ticket
servicepolicy_escalations = DEFAULT.servicepolicy_escalations
servicepolicy_policy_sections = DEFAULT.servicepolicy_policy_sections
servicepolicy_configure = DEFAULT.servicepolicy_configure
servicepolicy_rules = DEFAULT.servicepolicy_rules
