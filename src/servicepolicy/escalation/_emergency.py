"""The ESC-5 checks of one incident, step by step (private; see
:meth:`EmergencyResponse.check <servicepolicy.escalation.EmergencyResponse.check>`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation

if TYPE_CHECKING:
    from servicepolicy.escalation.incidents import ContingencyPlan, Incident

__all__ = ["command", "first_report", "plan_start", "progress"]


def _title(level: str) -> str:
    return level.replace("_", " ")


def _open_at(incident: Incident, instant: datetime) -> bool:
    return incident.closed_at is None or incident.closed_at > instant


def _violation(
    incident: Incident,
    severity: Severity,
    message: str,
    due: datetime,
    done: datetime | None,
    fix: str | None,
    **extra: object,
) -> Violation:
    facts: dict[str, object] = {"incident": incident.id, "customer": incident.customer, "due": due}
    if done is not None:
        facts["reported_at"] = done
    facts.update(extra)
    return Violation(
        "ESC-5",
        severity,
        message,
        subject=incident.id,
        facts=facts,
        suggestion=fix or "report at the set interval: set a reminder ahead of the due time",
    )


def _step(
    incident: Incident,
    done: datetime | None,
    deadline: datetime,
    now: datetime,
    missing: str,
    late: str,
    fix: str,
    **extra: object,
) -> list[Violation]:
    """One step owed by ``deadline``: missing at ``now`` (an error), or done late (a
    warning); nothing if the incident was closed before the deadline."""
    if done is not None and done <= now:
        if done <= deadline:
            return []
        message = f"{late} {describe_span(done - deadline)} late"
        return [_violation(incident, Severity.WARNING, message, deadline, None, fix, **extra)]
    if now <= deadline or not _open_at(incident, deadline):
        return []
    return [_violation(incident, Severity.ERROR, missing, deadline, None, fix, **extra)]


def first_report(
    incident: Incident, plan: ContingencyPlan, now: datetime, within: timedelta
) -> list[Violation]:
    """The department head (the plan's ``report_to``) told at once."""
    deadline = incident.at + within
    told = incident.reported_at
    level = _title(plan.report_to)
    if told is not None and told <= now:
        if told <= deadline:
            return []
        late = describe_span(told - deadline)
        message = f"incident {incident.id} reported to the {level} {late} late"
        return [_violation(incident, Severity.WARNING, message, deadline, told, None)]
    if now <= deadline:
        return []
    message = f"incident {incident.id} not reported to the {level}"
    fix = f"report it to the {level} now, then record incident.reported(at)"
    return [_violation(incident, Severity.ERROR, message, deadline, None, fix)]


def plan_start(
    incident: Incident, plan: ContingencyPlan, now: datetime, within: timedelta
) -> list[Violation]:
    """The contingency plan for the incident's type started within ``within``."""
    first = plan.steps[0]
    return _step(
        incident,
        incident.plan_started_at,
        incident.at + within,
        now,
        f"contingency plan {plan.incident_type!r} not started for incident {incident.id}",
        f"contingency plan {plan.incident_type!r} for incident {incident.id} started",
        f"start the plan: {first.action} ({first.owner}); then record incident.plan_started(at)",
        plan=plan.incident_type,
        first_step=first.action,
        owner=first.owner,
    )


def command(
    incident: Incident, plan: ContingencyPlan, now: datetime, within: timedelta
) -> list[Violation]:
    """The emergency group in command within ``within``, by one of its members."""
    group = ", ".join(plan.emergency_group) or "the emergency group"
    found = _step(
        incident,
        incident.command_taken_at,
        incident.at + within,
        now,
        f"no emergency group took command of incident {incident.id}",
        f"the emergency group took command of incident {incident.id}",
        f"{group} take command now; then record incident.command_taken(at, by=...)",
        emergency_group=plan.emergency_group,
    )
    taken, who = incident.command_taken_at, incident.commander
    if (
        taken is not None
        and taken <= now
        and who is not None
        and plan.emergency_group
        and who not in plan.emergency_group
    ):
        found.append(
            _violation(
                incident,
                Severity.WARNING,
                f"command of incident {incident.id} taken by {who}, who is not in the "
                f"emergency group of plan {plan.incident_type!r}",
                incident.at + within,
                None,
                f"hand command to the emergency group: {group}",
                commander=who,
                emergency_group=plan.emergency_group,
            )
        )
    return found


def progress(incident: Incident, plan: ContingencyPlan, now: datetime) -> list[Violation]:
    """A progress report upward every ``report_interval`` until the closing; a run of
    missed intervals is one violation counting them (``facts["missed"]``)."""
    closed = incident.closed_at
    end = now if closed is None or closed > now else closed
    interval = plan.report_interval
    due = incident.at + interval
    found: list[Violation] = []
    for report in incident.progress_reports:
        if report > end:
            break
        if report > due:
            missed = (report - due) // interval + 1
            message = (
                f"progress report on incident {incident.id} came {describe_span(report - due)} late"
            )
            found.append(
                _violation(incident, Severity.WARNING, message, due, report, None, missed=missed)
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
            f"report progress to the {_title(plan.report_to)} now, and every "
            f"{describe_span(interval)} until the incident is closed"
        )
        found.append(_violation(incident, Severity.ERROR, message, due, None, fix, missed=missed))
    return found
