"""SLA policies: targets on named calendars, evaluated from a ticket's events (SLA-1 … SLA-6).

A policy is evaluated as a pure function of a ticket's events and an instant: the same
ticket at the same instant always gives the same statuses, events after the instant are
not looked at, and a new policy can be replayed over last quarter's tickets.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.calendar import BusinessCalendar
>>> from servicepolicy.tickets import Ticket
>>> hotline = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")
>>> policy = SlaPolicy(
...     [SlaTarget("answer", "first_response", timedelta(hours=2), calendar="hotline")],
...     calendars={"hotline": hotline},
... )
>>> at = datetime(2026, 9, 30, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> t = Ticket.open(id="T-1", kind="inquiry", customer="C-1", channel="phone", at=at, by="a")
>>> (status,) = policy.evaluate(t, now=at + timedelta(hours=1))
>>> print(status)
T-1 first_response: running, due 2026-10-08T10:00+08:00, 50 % used

Two hours of the hotline's time after 17:00 on 30 September fall due on 8 October: the
National Day holidays and the weekend come between.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.calendar.index import tick_of
from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, InvalidPolicyError, WrongTypeError
from servicepolicy.sla._clock import Spec, measures
from servicepolicy.sla._evaluate import outcomes, status
from servicepolicy.sla.deadlines import BindingDeadline, binding, events, next_event
from servicepolicy.sla.report import SlaReport
from servicepolicy.sla.status import SlaStatus
from servicepolicy.sla.targets import (
    Metric,
    SlaTarget,
    WorkingDays,
    check_targets,
    most_specific,
)
from servicepolicy.sla.timeline import SlaEvent
from servicepolicy.tickets import Ticket

__all__ = ["SlaPolicy"]

_ORDER = (Metric.FIRST_RESPONSE, Metric.PROGRESS_UPDATE, Metric.RESOLUTION, Metric.FOLLOW_UP)


def _targets(value: Iterable[SlaTarget]) -> tuple[SlaTarget, ...]:
    return tuple(value)


def _calendars(value: Mapping[str, BusinessCalendar]) -> Mapping[str, BusinessCalendar]:
    if not isinstance(value, Mapping):
        raise WrongTypeError("calendars", value, "a mapping of names to BusinessCalendar")
    for name, calendar in value.items():
        if not isinstance(calendar, BusinessCalendar):
            raise WrongTypeError(f"calendars[{name!r}]", calendar, "a BusinessCalendar")
    return dict(value)


def _states(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _warnings(value: Iterable[float]) -> tuple[float, ...]:
    marks = tuple(value)
    if list(marks) != sorted(set(marks)) or any(not 0 < m < 1 for m in marks):
        raise InvalidArgumentError("warnings", marks, "ascending shares between 0 and 1")
    return marks


@attrs.frozen
class SlaPolicy:
    """Targets and the calendars their clocks run on (SLA-1 … SLA-6).

    :param targets: the :class:`SlaTarget` values; the most specific matching target of
        a metric applies (:meth:`SlaTarget.more_specific_than`).  Two targets of one
        metric that both match some ticket where neither is more specific (and no target
        more specific than both settles it) are refused with
        :class:`~servicepolicy.errors.InvalidPolicyError`, as are unknown calendar names,
        repeated target names and working days without a calendar.
    :param calendars: calendars by name (CAL-6).
    :param defaults: more targets, the plugins' contributions
        (:meth:`servicepolicy.plugins.PluginSet.sla_targets`).  They compete with
        ``targets`` on specificity: a more specific default (an on-site kind's 30 minutes)
        beats a catch-all target of the policy; of two equally specific ones the policy's
        own wins (:meth:`overrides` lists where).  They are checked like ``targets``,
        among themselves.
    :param warnings: shares of a target at which :meth:`timeline` warns (SLA-6).
    :param follow_up_states: states whose entry ends the follow-up clock.
    :param adjust_due: called as ``adjust_due(ticket, metric, due)`` for each clock with
        a due instant; a datetime it returns replaces the due instant (an event-period
        deadline, a customer's cut-off), ``None`` leaves it.  Pass
        :func:`servicepolicy.plugins.adjust_due` to let the installed plugins decide
        (:func:`~servicepolicy.hookspecs.servicepolicy_adjust_due`).

    .. versionadded:: 0.1.0
    """

    targets: tuple[SlaTarget, ...] = attrs.field(converter=_targets)
    calendars: Mapping[str, BusinessCalendar] = attrs.field(
        factory=dict, converter=_calendars, hash=False
    )
    warnings: tuple[float, ...] = attrs.field(default=(0.5, 0.75), converter=_warnings)
    follow_up_states: frozenset[str] = attrs.field(
        default=frozenset({"followed_up"}), converter=_states
    )
    defaults: tuple[SlaTarget, ...] = attrs.field(default=(), converter=_targets)
    adjust_due: Callable[[Ticket, str, datetime], datetime | None] | None = attrs.field(
        default=None, eq=False
    )
    _specs: dict[tuple[object, ...], Spec | None] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )
    _metrics: dict[str, tuple[Metric, ...]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )
    _profiles: dict[tuple[object, ...], tuple[tuple[Metric, Spec | None], ...]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        check_targets(self.targets, self.calendars)
        check_targets(self.defaults, self.calendars)
        if clash := {t.name for t in self.targets} & {t.name for t in self.defaults}:
            raise InvalidPolicyError(
                [f"target {name!r} is both a target and a default" for name in sorted(clash)]
            )

    # -- matching ------------------------------------------------------------------------------

    def overrides(self) -> list[tuple[SlaTarget, SlaTarget]]:
        """``(target, default)`` pairs of one metric, neither more specific than the other,
        that both match some ticket: there the policy's ``target`` replaces the plugin's
        ``default``."""
        return [
            (mine, theirs)
            for theirs in self.defaults
            for mine in self.targets
            if mine.metric is theirs.metric
            and not mine.more_specific_than(theirs)
            and not theirs.more_specific_than(mine)
            and all(
                not a or not b or a & b
                for a, b in zip(mine.selectors(), theirs.selectors(), strict=True)
            )
        ]

    def target_for(
        self, metric: Metric, kind: str, tier: str | None, priority: str | None, channel: str
    ) -> tuple[SlaTarget | None, int]:
        """The most specific target of ``metric`` matching these values, and how many
        matched; ``(None, 0)`` when none does."""
        spec = self.spec_for(metric, kind, tier, priority, channel)
        return (None, 0) if spec is None else (spec.target, spec.matched)

    def spec_for(
        self, metric: Metric, kind: str, tier: str | None, priority: str | None, channel: str
    ) -> Spec | None:
        """:meth:`target_for`, ready to run a clock (cached: a policy is immutable)."""
        key = (metric, kind, tier, priority, channel)
        try:
            return self._specs[key]
        except KeyError:
            pass
        own = [
            t
            for t in self.targets
            if t.metric is metric and t.matches(kind, tier, priority, channel)
        ]
        others = [
            t
            for t in self.defaults
            if t.metric is metric and t.matches(kind, tier, priority, channel)
        ]
        matching = [*own, *others]
        # One competition: a default (a plugin's) wins only where it is more specific
        # than the policy's own best target (SLA-1); else the policy's wins, see overrides().
        mine, theirs = most_specific(own), most_specific(others)
        best = mine
        if mine is None or (theirs is not None and theirs.more_specific_than(mine)):
            best = theirs
        spec = None
        if best is not None:
            calendar = self.calendar_of(best)
            between, after = measures(calendar)
            duration = best.duration
            if isinstance(duration, WorkingDays):
                spec = Spec(best, len(matching), calendar, (0, between, after), duration.days)
            else:
                spec = Spec(best, len(matching), calendar, (_ticks(duration), between, after))
        self._specs[key] = spec
        return spec

    def metrics_for(self, kind: str) -> tuple[Metric, ...]:
        """The metrics some target could apply to tickets of ``kind``, in clock order."""
        found = self._metrics.get(kind)
        if found is None:
            present = {
                t.metric for t in (*self.targets, *self.defaults) if not t.kinds or kind in t.kinds
            }
            found = self._metrics[kind] = tuple(m for m in _ORDER if m in present)
        return found

    def specs_for(self, ticket: Ticket) -> tuple[tuple[Metric, Spec | None], ...]:
        """Each metric that may apply to ``ticket``'s kind, with the spec matching the
        ticket as opened (``None`` when no target does); cached by the ticket's profile."""
        key = (ticket.kind, ticket.tier, ticket.priority, ticket.channel)
        try:
            return self._profiles[key]
        except KeyError:
            pass
        kind, tier, priority, channel = key
        found = self._profiles[key] = tuple(
            (m, self.spec_for(m, kind, tier, priority, channel))
            for m in self.metrics_for(ticket.kind)
        )
        return found

    def calendar_of(self, target: SlaTarget) -> BusinessCalendar | None:
        """The calendar ``target``'s clock runs on; ``None`` for calendar time (SLA-2)."""
        return None if target.calendar is None else self.calendars[target.calendar]

    # -- evaluating ----------------------------------------------------------------------------

    def evaluate(self, ticket: Ticket, now: datetime) -> list[SlaStatus]:
        """Every clock of ``ticket`` at ``now``: first response, progress updates,
        resolution, follow-up (each if a target applies) and each promise (SLA-4)."""
        _check(ticket, now)
        return [status(ticket, outcome) for outcome in outcomes(self, ticket, now)]

    def timeline(self, ticket: Ticket, now: datetime) -> list[SlaEvent]:
        """The warnings and breaches of ``ticket``'s clocks up to ``now``, in time order
        (SLA-6), every missed progress update among them (SLA-5): what escalation rules
        react to (ESC-6)."""
        _check(ticket, now)
        return events(self, ticket, now, tick_of(now))

    def binding_deadline(
        self, ticket: Ticket, now: datetime, *, metrics: Iterable[Metric | str] | None = None
    ) -> BindingDeadline | None:
        """The deadline that binds ``ticket`` at ``now`` (SLA-4): the earliest due instant
        of its clocks not yet stopped, the policy's targets and every promise not yet
        kept, with the clock it comes from; ``None`` when no clock is open (or every open
        one is paused, SLA-3).  A clock already breached still binds: its due instant has
        passed (:attr:`BindingDeadline.overdue`).

        :param metrics: only these clocks (``["resolution", "promise"]``); all by default.

        .. versionadded:: 0.2.0
        """
        return binding(self.evaluate(ticket, now), metrics)

    def next_event(self, ticket: Ticket, now: datetime) -> SlaEvent | None:
        """The next warning or breach (or missed progress update, SLA-5) of ``ticket``'s
        clocks after ``now`` if nothing else happens to the ticket: the one timer an
        application needs per ticket (SLA-6).  ``None`` when nothing more can fire: every
        clock stopped, paused, or breached (a progress clock goes on missing updates).

        :meth:`timeline` at the event's instant lists it (a breach, an instant later: a
        clock stopped exactly at its due instant is met), and at no earlier instant.
        Events recorded on the ticket after ``now`` are not looked at.

        .. versionadded:: 0.2.0
        """
        _check(ticket, now)
        return next_event(self, ticket, now)

    def replay(
        self, tickets: Iterable[Ticket], now: datetime, *, engine: str = "auto"
    ) -> SlaReport:
        """Evaluate every ticket at ``now`` and count the outcomes by kind, current tier
        and metric: a policy tried on last quarter's tickets.

        :param engine: ``"auto"`` (default): in columns when numpy is installed and the
            policy has no ``adjust_due`` (:mod:`servicepolicy.sla.columns`; with the hook
            every outcome is built and the columns are not faster), else ticket by
            ticket; ``"columns"`` or ``"objects"`` to choose.  Both give the same report.

        .. versionchanged:: 0.3.0
           ``engine``; in columns by default when numpy is installed.
        """
        aware("now", now)
        if _in_columns(engine, self.adjust_due is None):
            from servicepolicy.sla.columns import run_columns

            return SlaReport.from_counts(now, run_columns(self, tickets, now, keep=False)[0])
        return SlaReport.from_counts(now, self._count(tickets, now))

    def evaluate_many(
        self, tickets: Iterable[Ticket], now: datetime, *, engine: str = "auto"
    ) -> list[list[SlaStatus]]:
        """:meth:`evaluate` for each ticket, in order.

        :param engine: ``"columns"`` computes the clocks in columns
            (:mod:`servicepolicy.sla.columns`); ``"objects"`` and ``"auto"`` (default)
            ticket by ticket: where every status is built the columns are not faster
            (``benchmarks/bench_sla.py``).  Both give the same statuses.

        .. versionadded:: 0.3.0
        """
        aware("now", now)
        if not _in_columns(engine, False):
            return [self.evaluate(ticket, now) for ticket in tickets]
        from servicepolicy.sla.columns import run_columns

        kept = run_columns(self, tickets, now, keep=True)[1]
        return [[status(ticket, outcome) for outcome in found] for ticket, found in kept]

    def _count(self, tickets: Iterable[Ticket], now: datetime) -> dict[Any, int]:
        """The clocks of ``tickets`` at ``now`` by kind, tier, metric and state."""
        now_tick = tick_of(now)
        counts: dict[Any, int] = {}
        get = counts.get
        for ticket in tickets:
            if type(ticket) is not Ticket:
                _check(ticket, now)
            kind, tier = ticket.kind, ticket.current_tier
            dues = self.adjust_due is not None  # the adjusted due decides the state
            for outcome in outcomes(self, ticket, now, now_tick=now_tick, dues=dues):
                key = (kind, tier, outcome[0], outcome[1])
                counts[key] = get(key, 0) + 1
        return counts


def _ticks(duration: timedelta) -> int:
    return (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds


def _in_columns(engine: str, auto: bool) -> bool:
    """Whether ``engine`` asks for the columnar path (``"auto"``: when ``auto`` and numpy
    is installed)."""
    if engine not in ("auto", "columns", "objects"):
        raise InvalidArgumentError("engine", engine, '"auto", "columns" or "objects"')
    if engine == "objects" or (engine == "auto" and not auto):
        return False
    from servicepolicy.sla.columns import have_numpy

    if have_numpy():
        return True
    if engine == "columns":
        raise InvalidArgumentError(
            "engine", engine, "numpy installed (the extra servicepolicy[arrow]) for columns"
        )
    return False


def _check(ticket: Ticket, now: datetime) -> None:
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    aware("now", now)
