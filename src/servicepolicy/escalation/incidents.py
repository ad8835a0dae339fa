"""Emergency response for key accounts: contingency plans and progress reports (ESC-5).

An incident at a key account is reported to the department head at once, the
:class:`ContingencyPlan` for its type starts (steps and their owners), an emergency group
takes command, and progress is reported upward every ``report_interval`` until the
incident is closed.  :meth:`EmergencyResponse.check` returns a violation for each report
missed or late at ``now``.

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
>>> [v.rule_id for v in response.check([incident], at + timedelta(hours=3))]
['ESC-5']
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
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation

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

    def __attrs_post_init__(self) -> None:
        check.text("incident: id", self.id)
        where = f"incident {self.id}"
        for name in ("incident_type", "customer", "by"):
            check.text(f"{where}: {name}", getattr(self, name))
        check.aware(f"{where}: at", self.at)
        for name in ("reported_at", "closed_at"):
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

    .. versionadded:: 0.1.0
    """

    plans: Mapping[str, ContingencyPlan] = attrs.field(converter=_plans, hash=False)
    report_within: timedelta = attrs.field(default=timedelta(minutes=30))

    def __attrs_post_init__(self) -> None:
        check.duration("report_within", self.report_within)

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
        """ESC-5 at ``now``: for each incident, a violation if the department head was not
        told within ``report_within`` (an error; a warning if told late), and one for each
        progress report missed while it was open (an error if none came, a warning if it
        came late).  The interval counts from the previous report, so an early report
        resets it.  What happens after ``now`` is ignored."""
        found = check.items("incidents", incidents, Incident, "an Incident")
        now = check.aware("now", now)
        check.unique("incidents: id", (i.id for i in found))
        violations: list[Violation] = []
        for incident in sorted(found, key=lambda i: (i.at, i.id)):
            if incident.at > now:
                continue
            plan = self.plan_for(incident)
            violations.extend(self._first_report(incident, plan, now))
            violations.extend(self._progress(incident, plan, now))
        return tuple(violations)

    def _first_report(
        self, incident: Incident, plan: ContingencyPlan, now: datetime
    ) -> list[Violation]:
        deadline = incident.at + self.report_within
        told = incident.reported_at
        level = plan.report_to.replace("_", " ")
        if told is not None and told <= now:
            if told <= deadline:
                return []
            late = describe_span(told - deadline)
            message = f"incident {incident.id} reported to the {level} {late} late"
            return [self._violation(incident, Severity.WARNING, message, deadline, told, None)]
        if now <= deadline:
            return []
        message = f"incident {incident.id} not reported to the {level}"
        fix = f"report it to the {level} now, then record incident.reported(at)"
        return [self._violation(incident, Severity.ERROR, message, deadline, None, fix)]

    def _progress(
        self, incident: Incident, plan: ContingencyPlan, now: datetime
    ) -> list[Violation]:
        end = now if incident.closed_at is None or incident.closed_at > now else incident.closed_at
        interval = plan.report_interval
        due = incident.at + interval
        found: list[Violation] = []
        for report in incident.progress_reports:
            if report > end:
                break
            if report > due:
                message = (
                    f"progress report on incident {incident.id} came "
                    f"{describe_span(report - due)} late"
                )
                found.append(
                    self._violation(incident, Severity.WARNING, message, due, report, None)
                )
            due = report + interval
        if end > due:
            missed = (end - due) // interval + 1
            message = (
                f"no progress report on incident {incident.id} since it was due "
                f"({missed} interval{'s' if missed != 1 else ''} of {describe_span(interval)} "
                "missed)"
            )
            fix = (
                f"report progress to the {plan.report_to.replace('_', ' ')} now, and every "
                f"{describe_span(interval)} until the incident is closed"
            )
            found.append(self._violation(incident, Severity.ERROR, message, due, None, fix))
        return found

    @staticmethod
    def _violation(
        incident: Incident,
        severity: Severity,
        message: str,
        due: datetime,
        done: datetime | None,
        fix: str | None,
    ) -> Violation:
        facts: dict[str, object] = {
            "incident": incident.id,
            "customer": incident.customer,
            "due": due,
        }
        if done is not None:
            facts["reported_at"] = done
        return Violation(
            "ESC-5",
            severity,
            message,
            subject=incident.id,
            facts=facts,
            suggestion=fix or "report at the set interval: set a reminder ahead of the due time",
        )
