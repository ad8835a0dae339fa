"""Emergency response for key accounts: contingency plans and progress reports (ESC-5).

An incident at a key account is reported to the department head at once, the
:class:`ContingencyPlan` for its type starts (steps and their owners), an emergency group
takes command, and progress is reported upward every ``report_interval`` until the
incident is closed.  :meth:`EmergencyResponse.check` returns a violation for each of these
steps missed or late at ``now``.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> outage = ContingencyPlan(
...     "service_outage",
...     [PlanStep("switch the customer to the standby line", "duty engineer"),
...      PlanStep("call the customer's contact person", "account manager")],
...     report_interval=timedelta(hours=2),
... )
>>> response = EmergencyResponse([outage])
>>> incident = Incident("INC-1", "service_outage", "C-001", at, by="am-zhang")
>>> incident = incident.reported(at + timedelta(minutes=10))
>>> incident = incident.plan_started(at + timedelta(minutes=15))
>>> for violation in response.check([incident], at + timedelta(hours=3)):
...     print(violation.message)
no emergency group took command of incident INC-1
no progress report on incident INC-1 since it was due (1 interval of 2 hours missed)
>>> response.next_report_due(incident)
datetime.datetime(2026, 11, 24, 11, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

import attrs

from servicepolicy import checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.escalation._emergency import command, first_report, plan_start, progress
from servicepolicy.rules import Violation

__all__ = ["ContingencyPlan", "EmergencyResponse", "Incident", "PlanStep"]


@attrs.frozen
class PlanStep:
    """One step of a contingency plan and who carries it out (ESC-5).

    .. versionadded:: 0.1.0
    """

    action: str
    owner: str

    def __attrs_post_init__(self) -> None:
        check.text("plan step: action", self.action)
        check.text(f"plan step {self.action!r}: owner", self.owner)


def _steps(value: object) -> tuple[PlanStep, ...]:
    return check.items("contingency plan: steps", value, PlanStep, "a PlanStep")


def _names(value: object) -> tuple[str, ...]:
    names = check.items("contingency plan: emergency_group", value, str, "a name")
    for name in names:
        check.text("contingency plan: emergency_group", name)
    return names


@attrs.frozen
class ContingencyPlan:
    """What to do when an incident of one type strikes a key account (ESC-5).

    :param incident_type: the type it answers, e.g. ``"service_outage"``.
    :param steps: the steps, in order, each with its owner.
    :param report_interval: progress is reported upward at least this often until the
        incident is closed.
    :param emergency_group: who takes command (names or roles).
    :param report_to: the level told at once and kept informed; the manual says the
        department head.

    .. versionadded:: 0.1.0
    """

    incident_type: str
    steps: tuple[PlanStep, ...] = attrs.field(converter=_steps)
    report_interval: timedelta = attrs.field(kw_only=True)
    emergency_group: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)
    report_to: str = attrs.field(default="department_head", kw_only=True)

    def __attrs_post_init__(self) -> None:
        check.text("contingency plan: incident_type", self.incident_type)
        where = f"contingency plan {self.incident_type!r}"
        if not self.steps:
            raise InvalidArgumentError(f"{where}: steps", (), "at least one step")
        check.positive_duration(f"{where}: report_interval", self.report_interval)
        check.text(f"{where}: report_to", self.report_to)


def _instants(value: object) -> tuple[datetime, ...]:
    found = check.items("incident: progress_reports", value, datetime, "a datetime")
    for instant in found:
        check.aware("incident: progress_reports", instant)
    return tuple(sorted(found))


@attrs.frozen
class Incident:
    """An emergency at a key account and what was reported about it (ESC-5).

    :param id: the incident's ID.
    :param incident_type: its type, which selects the contingency plan.
    :param customer: the key account's ID.
    :param at: when it was declared.
    :param by: who declared it.
    :param reported_at: when the department head was told, ``None`` while not yet.
    :param progress_reports: when progress was reported upward.
    :param closed_at: when it was closed, ``None`` while open.
    :param plan_started_at: when the contingency plan for its type was started.
    :param command_taken_at: when the emergency group took command.
    :param commander: who took command for the group (a name or role of the plan's
        ``emergency_group``).
    :raises servicepolicy.errors.ServicePolicyError: for naive instants, or a report or
        the closing before ``at``.

    .. versionadded:: 0.1.0
    """

    id: str
    incident_type: str
    customer: str
    at: datetime
    by: str = attrs.field(kw_only=True)
    reported_at: datetime | None = attrs.field(default=None, kw_only=True)
    progress_reports: tuple[datetime, ...] = attrs.field(
        default=(), converter=_instants, kw_only=True
    )
    closed_at: datetime | None = attrs.field(default=None, kw_only=True)
    plan_started_at: datetime | None = attrs.field(default=None, kw_only=True)
    command_taken_at: datetime | None = attrs.field(default=None, kw_only=True)
    commander: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        check.text("incident: id", self.id)
        where = f"incident {self.id}"
        for name in ("incident_type", "customer", "by"):
            check.text(f"{where}: {name}", getattr(self, name))
        check.optional_text(f"{where}: commander", self.commander)
        check.aware(f"{where}: at", self.at)
        for name in ("reported_at", "closed_at", "plan_started_at", "command_taken_at"):
            value = getattr(self, name)
            if value is not None and check.aware(f"{where}: {name}", value) < self.at:
                raise InvalidArgumentError(
                    f"{where}: {name}", value, f"an instant at or after {self.at.isoformat()}"
                )
        if self.progress_reports and self.progress_reports[0] < self.at:
            raise InvalidArgumentError(
                f"{where}: progress_reports",
                self.progress_reports[0],
                f"instants at or after {self.at.isoformat()}",
            )

    def reported(self, at: datetime) -> Incident:
        """A copy recording that the department head was told at ``at``."""
        return attrs.evolve(self, reported_at=at)

    def progress(self, at: datetime) -> Incident:
        """A copy with a progress report at ``at`` added."""
        return attrs.evolve(self, progress_reports=(*self.progress_reports, at))

    def close(self, at: datetime) -> Incident:
        """A copy closed at ``at``."""
        return attrs.evolve(self, closed_at=at)

    def plan_started(self, at: datetime) -> Incident:
        """A copy recording that the contingency plan was started at ``at``.

        .. versionadded:: 0.2.0
        """
        return attrs.evolve(self, plan_started_at=at)

    def command_taken(self, at: datetime, *, by: str | None = None) -> Incident:
        """A copy recording that the emergency group took command at ``at`` (``by``: who,
        for the group).

        .. versionadded:: 0.2.0
        """
        return attrs.evolve(self, command_taken_at=at, commander=by)

    def is_open(self, now: datetime) -> bool:
        """Whether the incident was declared and not yet closed at ``now``."""
        return self.at <= now and (self.closed_at is None or self.closed_at > now)


def _plans(value: object) -> Mapping[str, ContingencyPlan]:
    plans = check.items("plans", value, ContingencyPlan, "a ContingencyPlan")
    check.unique("plans: incident_type", (p.incident_type for p in plans))
    return MappingProxyType({p.incident_type: p for p in plans})


@attrs.frozen
class EmergencyResponse:
    """The key-account emergency response: plans by incident type and reporting (ESC-5).

    :param plans: one contingency plan per incident type.
    :param report_within: "at once", as a figure: the department head must be told this
        soon after the incident is declared (default 30 minutes).
    :param plan_within: how soon after the declaration the plan for the incident's type
        must be started; the manual gives no figure: 30 minutes, as "at once".  ``None``
        does not check it.
    :param command_within: how soon the emergency group must take command; 30 minutes by
        default, ``None`` does not check it.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``plan_within`` and ``command_within``.
    """

    plans: Mapping[str, ContingencyPlan] = attrs.field(converter=_plans, hash=False)
    report_within: timedelta = attrs.field(default=timedelta(minutes=30))
    plan_within: timedelta | None = attrs.field(default=timedelta(minutes=30), kw_only=True)
    command_within: timedelta | None = attrs.field(default=timedelta(minutes=30), kw_only=True)

    def __attrs_post_init__(self) -> None:
        check.duration("report_within", self.report_within)
        for name in ("plan_within", "command_within"):
            if getattr(self, name) is not None:
                check.duration(name, getattr(self, name))

    def plan_for(self, incident: Incident | str) -> ContingencyPlan:
        """The plan for an incident or an incident type.

        :raises servicepolicy.errors.InvalidArgumentError: for a type without a plan; the
            message lists the types that have one.
        """
        kind = incident.incident_type if isinstance(incident, Incident) else incident
        try:
            return self.plans[kind]
        except (KeyError, TypeError):
            raise InvalidArgumentError(
                "incident_type", kind, "a type with a plan: " + ", ".join(sorted(self.plans))
            ) from None

    def next_report_due(self, incident: Incident) -> datetime | None:
        """When the next progress report is due: one ``report_interval`` after the last
        report (or the declaration); ``None`` once closed."""
        if not isinstance(incident, Incident):
            raise WrongTypeError("incident", incident, "an Incident")
        if incident.closed_at is not None:
            return None
        last = incident.progress_reports[-1] if incident.progress_reports else incident.at
        return last + self.plan_for(incident).report_interval

    def check(self, incidents: Iterable[Incident], now: datetime) -> tuple[Violation, ...]:
        """ESC-5 at ``now``, for each incident, each step missed (an error) or late (a
        warning): the department head told within ``report_within``; the plan for its
        type started within ``plan_within``; the emergency group in command within
        ``command_within`` (a warning if someone outside the plan's group took it); a
        progress report every ``report_interval`` of the plan while it was open, each run
        of missed intervals one violation that counts them.  The interval counts from the
        previous report, so an early report resets it.  A step whose deadline came after
        the closing is not owed; what happens after ``now`` is ignored."""
        found = check.items("incidents", incidents, Incident, "an Incident")
        now = check.aware("now", now)
        check.unique("incidents: id", (i.id for i in found))
        violations: list[Violation] = []
        for incident in sorted(found, key=lambda i: (i.at, i.id)):
            if incident.at > now:
                continue
            plan = self.plan_for(incident)
            violations.extend(first_report(incident, plan, now, self.report_within))
            if self.plan_within is not None:
                violations.extend(plan_start(incident, plan, now, self.plan_within))
            if self.command_within is not None:
                violations.extend(command(incident, plan, now, self.command_within))
            violations.extend(progress(incident, plan, now))
        return tuple(violations)
