"""The sections of a policy file, as frozen attrs classes (the policy's schema).

A policy file is a TOML document with a top-level ``schema_version``; each table is one of
the sections below.  The leave, swap and attendance sections are the rule engines' own
parameter classes (:class:`~servicepolicy.workforce.LeavePolicy` …), so every parameter
of a rule can be set in the file.  Durations are written ``"8h"``, ``"30min"``,
``"1d 4h"`` (or a number of seconds); times of day ``"12:00"``; dates ``2026-10-01``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.escalation import DEFAULT_LEVELS, EscalationLadder
from servicepolicy.io.mapping import InputMapping
from servicepolicy.kpi import Kpi, Target
from servicepolicy.policy.waivers import CheckSection, Waiver
from servicepolicy.report import Report
from servicepolicy.sla import SlaTarget, WorkingDays
from servicepolicy.workforce import AttendancePolicy, LeavePolicy, SwapPolicy

if TYPE_CHECKING:
    from servicepolicy.io.tabular import ReadResult
    from servicepolicy.plugins import PluginSet
    from servicepolicy.tickets import Ticket
    from servicepolicy.workforce import Roster

__all__ = [
    "SCHEMA_VERSION",
    "CalendarSection",
    "CheckSection",
    "EscalationSection",
    "KpiMeasure",
    "KpiSection",
    "PluginsSection",
    "Policy",
    "ReadingSection",
    "ReportSection",
    "SlaSection",
    "SlaTargetSection",
    "Waiver",
]

SCHEMA_VERSION = 1
"""The version of the policy-file layout this library writes and reads."""


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)  # type: ignore[arg-type]


@attrs.frozen
class CalendarSection:
    """A named business calendar (CAL-1 … CAL-6): weekly ``hours`` in a zone, or the
    ``code`` of a calendar the library or a plugin defines (``"cn-office"``).

    :param hours: weekly hours, ``"mon-fri 09:00-12:00,13:00-18:00"``.
    :param tz: the IANA zone.
    :param country: public holidays of this country (``"CN"``), with make-up days.
    :param subdiv: the country's subdivision, if any.
    :param closures: company closed dates.
    :param extra_workdays: company extra working days.
    :param special_hours: date → hours (``""`` closes the date).
    :param makeup_weekday: the weekday (0 = Monday) whose hours a make-up day is worked with.
    :param code: instead of the fields above, a calendar by code.
    """

    hours: str | None = None
    tz: str = "Asia/Shanghai"
    country: str | None = None
    subdiv: str | None = None
    closures: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()
    special_hours: Mapping[date, str] = attrs.field(factory=dict)
    makeup_weekday: int = 0
    code: str | None = None

    def build(self, name: str, plugins: PluginSet | None = None) -> BusinessCalendar:
        """The calendar, named ``name`` in explanations; a ``code`` is looked up in
        ``plugins`` (by default every installed plugin)."""
        if self.code is not None:
            if plugins is None:
                from servicepolicy.plugins import installed

                plugins = installed()
            return plugins.calendar(self.code)
        assert self.hours is not None
        return BusinessCalendar(
            self.hours,
            self.tz,
            country=self.country,
            subdiv=self.subdiv,
            closures=self.closures,
            extra_workdays=self.extra_workdays,
            special_hours=dict(self.special_hours),
            makeup_weekday=self.makeup_weekday,
            name=name,
        )


@attrs.frozen
class SlaTargetSection:
    """One SLA target (SLA-1 … SLA-3); see :class:`~servicepolicy.sla.SlaTarget`.

    :param name: unique in the policy.
    :param metric: ``first_response``, ``progress_update``, ``resolution`` or ``follow_up``.
    :param within: the time allowed, ``"8h"``, or working days of the target's calendar,
        ``"1wd"`` (:class:`~servicepolicy.sla.WorkingDays`).
    :param kinds: ticket kinds (empty: all).
    :param tiers: customer tiers (empty: all).
    :param priorities: priorities (empty: all).
    :param channels: channels (empty: all).
    :param calendar: the name of a calendar of the policy; none for calendar time.
    :param pause_states: states that pause the clock; none for the lifecycle's waiting ones.
    """

    name: str
    metric: str
    within: timedelta | WorkingDays
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_names)
    tiers: tuple[str, ...] = attrs.field(default=(), converter=_names)
    priorities: tuple[str, ...] = attrs.field(default=(), converter=_names)
    channels: tuple[str, ...] = attrs.field(default=(), converter=_names)
    calendar: str | None = None
    pause_states: tuple[str, ...] | None = None

    def build(self) -> SlaTarget:
        """The :class:`~servicepolicy.sla.SlaTarget`."""
        return SlaTarget(
            self.name,
            self.metric,
            self.within,
            kinds=self.kinds,
            tiers=self.tiers,
            priorities=self.priorities,
            channels=self.channels,
            calendar=self.calendar,
            pause_states=self.pause_states,
        )


@attrs.frozen
class SlaSection:
    """The SLA targets (SLA-1 … SLA-6).

    :param targets: the targets.
    :param warnings: shares of a target at which a warning is raised (SLA-6).
    :param follow_up_states: states whose entry ends the follow-up clock.
    :param plugin_targets: also use the targets the policy's plugins contribute; they
        compete with the policy's own on specificity (a policy target as specific as a
        plugin's replaces it, and the report says so).
    """

    targets: tuple[SlaTargetSection, ...] = ()
    warnings: tuple[float, ...] = (0.5, 0.75)
    follow_up_states: tuple[str, ...] = ("followed_up",)
    plugin_targets: bool = True


@attrs.frozen
class EscalationSection:
    """The escalation ladder (ESC-2, ESC-6).

    :param levels: lowest first.
    :param report_within: when an emergency skip must be reported to the skipped levels.
    :param calendar: count ``report_within`` on this calendar of the policy's.
    :param sla_warning: the level an SLA warning goes to (SLA-6, ESC-6).
    :param sla_breach: the level an SLA breach goes to.
    """

    levels: tuple[str, ...] = DEFAULT_LEVELS
    report_within: timedelta = timedelta(hours=24)
    calendar: str | None = None
    sla_warning: str = "team_leader"
    sla_breach: str = "centre_head"

    def ladder(self, calendar: BusinessCalendar | None = None) -> EscalationLadder:
        """The :class:`~servicepolicy.escalation.EscalationLadder`."""
        return EscalationLadder(self.levels, "policy", self.report_within, calendar)


@attrs.frozen
class KpiMeasure:
    """One KPI (KPI-1 … KPI-11): the measure, its variant and its target.

    :param measure: the measure's name (``service_level``).
    :param variant: the formula variant (KPI-11); none for the default.
    :param target: ``">= 80%"``, ``"<= 20"``, ``"210..330"``; none for the manual's default.
    :param direction: ``inbound`` or ``outbound`` calls, if the measure counts calls.
    :param threshold: the service level's answer time, seconds.
    """

    measure: str
    variant: str | None = None
    target: str | None = None
    direction: str | None = None
    threshold: float = 20

    def build(self) -> Kpi:
        """The :class:`~servicepolicy.kpi.Kpi`."""
        fields: dict[str, Any] = {"threshold": self.threshold}
        if self.variant is not None:
            fields["variant"] = self.variant
        if self.target is not None:
            fields["target"] = parse_target(self.target)
        if self.direction is not None:
            fields["direction"] = self.direction
        return Kpi(self.measure, **fields)


def parse_target(text: str) -> Target:
    """``">= 80%"`` (at least), ``"<= 20"`` (at most), ``"210..330"`` (within)."""
    from servicepolicy.errors import InvalidArgumentError

    value = text.strip()
    if value.startswith(">="):
        return Target.at_least(value[2:].strip())
    if value.startswith("<="):
        return Target.at_most(value[2:].strip())
    low, dots, high = value.partition("..")
    if dots and low.strip() and high.strip():
        return Target.within(low.strip(), high.strip())
    raise InvalidArgumentError("target", text, 'a target like ">= 80%", "<= 20" or "210..330"')


@attrs.frozen
class KpiSection:
    """The KPIs and how they are grouped.

    :param measures: the KPIs; none for the manuals' defaults.
    :param period: ``day``, ``week`` or ``month`` (in ``tz``).
    :param by: grouping dimensions of the call KPIs (``team``, ``agent``, ``queue``…).
    :param tz: the zone periods are cut in.
    """

    measures: tuple[KpiMeasure, ...] = ()
    period: Literal["day", "week", "month", "quarter", "year"] = "month"
    by: tuple[str, ...] = ("team",)
    tz: str = "Asia/Shanghai"


def _zone_name(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        from servicepolicy.checks import zone

        zone("report.tz", value)


@attrs.frozen
class ReportSection:
    """How the report shows what it found (``[report]``).

    :param tz: the IANA zone every time is shown in, with its offset; none for the KPI
        zone (``[kpis] tz``).

    .. versionadded:: 0.3.0
    """

    tz: str | None = attrs.field(default=None, validator=_zone_name)


def _plugin_names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)  # type: ignore[arg-type]


@attrs.frozen
class PluginsSection:
    """The plugins a policy uses, and their settings.

    In a policy file: ``plugins = ["exhibition"]``, or a ``[plugins]`` table with
    ``use = [...]``, an optional ``budget`` and a ``[plugins.NAME]`` table of settings per
    plugin (validated with the schema the plugin declares; durations as in the core,
    ``"2h"``).  A plugin with a settings table is used even when ``use`` does not name it.
    An installed plugin the policy does not name contributes nothing to its check.

    :param use: the plugins' names (their entry-point names).
    :param settings: plugin name → its settings (an instance of the plugin's schema).
    :param budget: how long one hook call of a plugin may take before the plugin counts as
        failed (its rules are then listed as not checked).

    .. versionadded:: 0.2.0
    """

    use: tuple[str, ...] = attrs.field(default=(), converter=_plugin_names)
    settings: Mapping[str, Any] = attrs.field(factory=dict)
    budget: timedelta = timedelta(seconds=30)

    @property
    def names(self) -> tuple[str, ...]:
        """Every plugin the policy uses: ``use``, then those with settings."""
        return tuple(dict.fromkeys([*self.use, *self.settings]))


def _plugins_section(value: object) -> PluginsSection:
    """A :class:`PluginsSection` from itself or from plugin names."""
    if isinstance(value, PluginsSection):
        return value
    if isinstance(value, Mapping):
        return PluginsSection(settings=value)
    return PluginsSection(use=_plugin_names(value))


def _max_rejected(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from servicepolicy.io.rejected import RejectedLimit

    RejectedLimit.parse(value, "reading.max_rejected")


@attrs.frozen
class ReadingSection:
    """How strictly a check reads its input files (``[reading]`` in a policy file).

    :param max_rejected: the rejected rows each input file may have before the command
        refuses the data (exit 2): a number of rows (``0``, the default) or a
        percentage of the file's rows (``"5%"``); ``--max-rejected`` overrides it.  A
        report with any rejected row is not ``ok``.

    .. versionadded:: 0.3.0
    """

    max_rejected: int | str = attrs.field(default=0, validator=_max_rejected)


@attrs.frozen
class Policy:
    """A whole policy, as read from a policy file (see the module).

    ``inputs`` maps each input (``tickets``, ``calls``, ``roster``, ``requests``,
    ``attendance``, ``surveys``, ``customers``) to the
    :class:`~servicepolicy.io.mapping.InputMapping` its files are read with
    (``[inputs.tickets]`` tables in a policy file).

    ``[check]`` (``select``/``ignore``) is the field ``checking`` (``check`` names the
    method); ``[report]`` and ``[[waivers]]`` are ``report`` and ``waivers``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``inputs``, ``reading``, ``report``, ``checking`` (``[check]``) and ``waivers``.
    """

    name: str
    schema_version: int = SCHEMA_VERSION
    description: str = ""
    calendars: Mapping[str, CalendarSection] = attrs.field(factory=dict)
    tiers: str = "key_accounts"
    sla: SlaSection = SlaSection()
    escalation: EscalationSection = EscalationSection()
    leave: LeavePolicy = attrs.field(factory=LeavePolicy)
    swap: SwapPolicy = attrs.field(factory=SwapPolicy)
    attendance: AttendancePolicy = attrs.field(factory=AttendancePolicy)
    kpis: KpiSection = KpiSection()
    plugins: PluginsSection = attrs.field(factory=PluginsSection, converter=_plugins_section)
    inputs: Mapping[str, InputMapping] = attrs.field(factory=dict)
    reading: ReadingSection = ReadingSection()
    report: ReportSection = ReportSection()
    checking: CheckSection = attrs.field(default=CheckSection(), alias="check")
    waivers: tuple[Waiver, ...] = ()
    _plugin_set: list[Any] = attrs.field(init=False, factory=list, eq=False, repr=False, hash=False)

    def plugin_set(self) -> PluginSet:
        """The plugins this policy uses, configured with its settings (built once):
        :func:`servicepolicy.plugins.scope`."""
        if not self._plugin_set:
            from servicepolicy import plugins

            section = self.plugins
            self._plugin_set.append(
                plugins.scope(
                    section.names, section.settings, budget=section.budget.total_seconds()
                )
            )
        return self._plugin_set[0]  # type: ignore[no-any-return]

    @property
    def display_zone(self) -> str:
        """The zone the report shows times in, ``[report] tz`` else ``[kpis] tz``."""
        return self.report.tz or self.kpis.tz

    def check(
        self,
        *,
        now: datetime | None = None,
        tickets: Iterable[Ticket] | ReadResult[Ticket] | None = None,
        calls: Iterable[Any] | ReadResult[Any] | None = None,
        surveys: Iterable[Any] | ReadResult[Any] | None = None,
        roster: Roster | None = None,
        requests: Iterable[Any] | ReadResult[Any] | None = None,
        attendance: Iterable[Any] | ReadResult[Any] | None = None,
        hand_over_logs: Iterable[Any] | ReadResult[Any] | None = None,
        other_inputs: Iterable[tuple[str, ReadResult[Any]]] = (),
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        progress: Callable[[str, int, int], None] | bool | None = None,
    ) -> Report:
        """Judge data against the policy at ``now`` (by default the end of the data: its
        latest instant).  Each data argument is optional; what it would have checked is
        listed as not checked.  See :func:`~servicepolicy.policy.check.check_policy`.

        .. versionchanged:: 0.3.0
           Explicit keyword arguments; ``select``, ``ignore``; ``progress=True``.
        """
        from servicepolicy.policy.check import check_policy

        return check_policy(
            self,
            now=now,
            tickets=tickets,
            calls=calls,
            surveys=surveys,
            roster=roster,
            requests=requests,
            attendance=attendance,
            hand_over_logs=hand_over_logs,
            other_inputs=other_inputs,
            select=select,
            ignore=ignore,
            progress=progress,
        )
