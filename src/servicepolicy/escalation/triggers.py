"""Trigger rules: what must be escalated, to which level, and was it (ESC-1, ESC-4, ESC-6).

An :class:`EscalationPolicy` turns facts into :class:`EscalationRequired` findings:

* ESC-6, time: an SLA warning or breach (:class:`~servicepolicy.sla.SlaEvent`) climbs
  the ladder one rung per threshold crossed: by default the 50 % warning to the first
  rung above the agent (team leader), the 75 % warning to the second (department head),
  the breach to the third (centre head, or account manager on the key-account ladder);
  :meth:`EscalationPolicy.on_sla_events` emits every rung in order, so that each finding
  is one the ladder accepts (ESC-2);
* ESC-1, cases: a :class:`Case` in one of the categories that must be reported upward
  (:class:`CaseCategory`) goes to the level above its reporter; an obstructive customer
  is taken over by the team leader;
* ESC-4, company fault: a complaint that is the company's fault is escalated by its
  :class:`FaultSeverity`, and the agent apologises only then (:class:`FaultAssessment`).

:meth:`EscalationPolicy.check` then compares the findings with the escalations made.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

import attrs

from servicepolicy import checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.escalation.cases import (
    Case,
    CaseCategory,
    FaultAssessment,
    FaultSeverity,
    as_categories,
    as_severity,
)
from servicepolicy.escalation.ladder import EscalationLadder
from servicepolicy.escalation.records import (
    Escalation,
    EscalationRequired,
    Identified,
    subject_id,
)
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaEvent, SlaEventKind

__all__ = ["EscalationPolicy"]


def _frozen_map(value: object) -> Mapping[object, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise WrongTypeError("levels", value, "a mapping or None")
    return MappingProxyType(dict(value))


_RUNGS = object()  # a level to be filled in: the threshold's rung, by position


def _thresholds(value: object) -> Mapping[object, object] | None:
    """``sla_warnings``: a mapping of thresholds to levels, or thresholds alone (each
    the next rung up)."""
    if value is None or isinstance(value, Mapping):
        return _frozen_map(value)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongTypeError(
            "sla_warnings", value, "thresholds, or a mapping of thresholds to levels"
        )
    return MappingProxyType(dict.fromkeys(value, _RUNGS))


def _respond(instance: object, attribute: attrs.Attribute[timedelta], value: object) -> None:
    check.duration("respond_within", value)


def _emergency_cases(value: object) -> frozenset[CaseCategory]:
    return frozenset() if not value else as_categories(value)


@attrs.frozen
class EscalationPolicy:
    """Which facts require an escalation, to which level (ESC-1, ESC-4, ESC-6).

    Levels not given default to rungs of ``ladder`` (:meth:`EscalationLadder.rung
    <servicepolicy.escalation.EscalationLadder.rung>`), so that the same policy works on
    the key-account ladder, where the third rung is the account manager.

    :param ladder: the ladder the levels belong to.
    :param sla_warnings: ESC-6, the warning thresholds: ``{threshold: level}``, or the
        thresholds alone (``[0.75]``, or an SLA policy's ``warnings``), each taking the
        next rung up: the first rung 1, the second rung 2…; default ``[0.5, 0.75]``, the
        SLA's default thresholds.  Levels must not descend as thresholds grow.
    :param sla_breach: ESC-6, the level for an SLA breach; default the rung above the
        highest warning's (rung 3 with the default warnings).
    :param case_levels: ESC-1, ``{category: level}``; by default the level above the
        reporter, and rung 1 (the team leader) taking over from an obstructive customer.
    :param emergency_cases: ESC-1 categories urgent enough to skip levels (ESC-2):
        default safety threats and confidentiality leaks.
    :param fault_levels: ESC-4, ``{severity: level}``; default minor rung 1, serious rung
        2, major rung 3.
    :param respond_within: how soon after a finding the escalation must be made for
        :meth:`check`; the manuals say nothing: 1 hour by default.
    :raises servicepolicy.errors.ServicePolicyError: for a level not on the ladder, a
        threshold outside (0, 1), a negative ``respond_within``.

    .. versionadded:: 0.1.0
    """

    ladder: EscalationLadder = attrs.field(factory=EscalationLadder.default)
    sla_warnings: Mapping[float, str] | None = attrs.field(
        default=None, converter=_thresholds, hash=False
    )
    sla_breach: str | None = None
    case_levels: Mapping[CaseCategory, str] | None = attrs.field(
        default=None, converter=_frozen_map, hash=False
    )
    emergency_cases: frozenset[CaseCategory] = attrs.field(
        default=(CaseCategory.SAFETY, CaseCategory.CONFIDENTIALITY_LEAK),
        converter=_emergency_cases,
    )
    fault_levels: Mapping[FaultSeverity, str] | None = attrs.field(
        default=None, converter=_frozen_map, hash=False
    )
    respond_within: timedelta = attrs.field(default=timedelta(hours=1), validator=_respond)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.ladder, EscalationLadder):
            raise WrongTypeError("ladder", self.ladder, "an EscalationLadder")
        rung = self.ladder.rung
        given: Mapping[Any, Any] = (
            dict.fromkeys((0.5, 0.75), _RUNGS) if self.sla_warnings is None else self.sla_warnings
        )
        for threshold in given:
            if isinstance(threshold, bool) or not isinstance(threshold, int | float):
                raise WrongTypeError("sla_warnings: threshold", threshold, "a number")
            if not 0 < threshold < 1:
                raise InvalidArgumentError(
                    "sla_warnings: threshold", threshold, "a share of the target in (0, 1)"
                )
        warnings: dict[float, str] = {}
        for position, threshold in enumerate(sorted(given), 1):
            level = given[threshold]
            warnings[threshold] = rung(position) if level is _RUNGS else level
            self.ladder.rank(warnings[threshold])
        top = max((self.ladder.rank(v) for v in warnings.values()), default=0)
        breach = rung(top + 1) if self.sla_breach is None else self.sla_breach
        steps = [*warnings.values(), breach]
        ranks = [self.ladder.rank(level) for level in steps]
        if ranks != sorted(ranks):
            raise InvalidArgumentError(
                "sla_warnings / sla_breach",
                steps,
                "levels that climb (or stay) as the thresholds grow, the breach highest: "
                "time-based escalation climbs the ladder (ESC-6)",
            )
        cases = dict(self.case_levels or {})
        for category, level in cases.items():
            as_categories((category,))
            self.ladder.rank(level)
        faults = {FaultSeverity.MINOR: rung(1), FaultSeverity.SERIOUS: rung(2)}
        faults[FaultSeverity.MAJOR] = rung(3)
        for severity, level in (self.fault_levels or {}).items():
            self.ladder.rank(level)
            faults[as_severity(severity)] = level
        object.__setattr__(self, "sla_warnings", MappingProxyType(warnings))
        object.__setattr__(self, "sla_breach", breach)
        object.__setattr__(
            self, "case_levels", MappingProxyType({CaseCategory(k): v for k, v in cases.items()})
        )
        object.__setattr__(self, "fault_levels", MappingProxyType(faults))

    # -- ESC-6: SLA events -----------------------------------------------------------------

    def on_sla_event(self, event: SlaEvent) -> EscalationRequired | None:
        """ESC-6: the level an SLA warning or breach calls for by itself (the level of the
        highest threshold it reached), ``None`` for a warning below every threshold of
        ``sla_warnings``.  It may lie several rungs above where the ticket is: to climb
        the ladder one rung at a time, hand the events to :meth:`on_sla_events`."""
        if not isinstance(event, SlaEvent):
            raise WrongTypeError("event", event, "a servicepolicy.sla.SlaEvent")
        steps = self._steps(event)
        if not steps:
            return None
        level, reason = steps[-1]
        return EscalationRequired(event.ticket, level, "ESC-6", reason, event.at)

    def _steps(self, event: SlaEvent) -> list[tuple[str, str]]:
        """The thresholds ``event`` reached, in order, as ``(level, reason)``."""
        assert self.sla_warnings is not None and self.sla_breach is not None
        clock = f"{event.metric} clock"
        steps = []
        for threshold, level in self.sla_warnings.items():
            if threshold <= event.threshold + 1e-9:
                at = f"at {event.threshold:.0%} of its target"
                if abs(threshold - event.threshold) > 1e-9:
                    at += f", past the {threshold:.0%} warning"
                steps.append((level, f"{clock} {at} ({event.target})"))
        if event.kind is SlaEventKind.BREACH:
            again = f", {event.threshold:g} intervals" if event.threshold > 1 else ""
            steps.append((self.sla_breach, f"{clock} breached{again} ({event.target})"))
        return steps

    def on_sla_events(
        self,
        events: Iterable[SlaEvent],
        *,
        now: datetime | None = None,
        current: Mapping[str, str] | None = None,
    ) -> tuple[EscalationRequired, ...]:
        """ESC-6 for every event (up to ``now`` if given), in order of time: each ticket
        climbs one rung per threshold crossed, so that following the findings in order
        (:meth:`EscalationLadder.follow
        <servicepolicy.escalation.EscalationLadder.follow>`, each from the level the
        previous one reached) never skips a level (ESC-2).  An event that crosses several
        thresholds at once (a re-targeted clock, a warning the SLA policy does not have)
        gives a finding for each, in order, at its instant; a threshold whose level lies
        more than one rung above the ticket's gives one per rung in between.  A threshold
        whose level the ticket already reached (from another clock, or an earlier miss of
        its progress updates, SLA-5) gives none.

        :param current: the level each ticket (by ID) is already at; the lowest if not
            named.
        """
        found = check.items("events", events, SlaEvent, "a servicepolicy.sla.SlaEvent")
        limit = None if now is None else check.aware("now", now)
        rank, levels = self.ladder.rank, self.ladder.levels
        reached = {subject: rank(level) for subject, level in (current or {}).items()}
        required: list[EscalationRequired] = []
        for event in sorted(found, key=lambda e: (e.at, e.ticket, e.metric, e.threshold)):
            if limit is not None and event.at > limit:
                continue
            for level, reason in self._steps(event):
                have = reached.get(event.ticket, 0)
                for position in range(have + 1, rank(level) + 1):
                    why = reason if position == rank(level) else f"{reason}; level by level"
                    required.append(
                        EscalationRequired(event.ticket, levels[position], "ESC-6", why, event.at)
                    )
                reached[event.ticket] = max(have, rank(level))
        return tuple(required)

    # -- ESC-1: cases ----------------------------------------------------------------------

    def on_case(self, case: Case) -> EscalationRequired | None:
        """ESC-1: where ``case`` must be reported: the highest level its categories
        require; ``None`` if its reporter is already at or above every such level (a team
        leader facing an obstructive customer handles it)."""
        if not isinstance(case, Case):
            raise WrongTypeError("case", case, "an escalation Case")
        assert self.case_levels is not None
        reporter = self.ladder.lowest if case.level is None else case.level
        own = self.ladder.rank(reporter)
        wanted: dict[CaseCategory, str] = {}
        for category in sorted(case.categories):
            level = self.case_levels.get(category)
            if level is None and category is CaseCategory.OBSTRUCTIVE_CUSTOMER:
                level = self.ladder.rung(1)
            elif level is None:
                level = self.ladder.above(reporter)
            if level is not None and self.ladder.rank(level) > own:
                wanted[category] = level
        if not wanted:
            return None
        best = max(wanted.values(), key=self.ladder.rank)
        names = ", ".join(c.value.replace("_", " ") for c in sorted(case.categories))
        return EscalationRequired(
            case.id,
            best,
            "ESC-1",
            f"must be reported upward: {names}",
            case.at,
            emergency=bool(case.categories & self.emergency_cases),
            take_over=wanted.get(CaseCategory.OBSTRUCTIVE_CUSTOMER) == best,
        )

    # -- ESC-4: company fault --------------------------------------------------------------

    def on_company_fault(
        self,
        complaint: Identified | str,
        *,
        company_at_fault: bool,
        at: datetime,
        severity: FaultSeverity | str | None = None,
    ) -> FaultAssessment:
        """ESC-4: a complaint that is the company's fault goes to the level of its
        ``severity`` and the agent apologises; otherwise neither.

        :raises servicepolicy.errors.InvalidArgumentError: if the company is at fault and
            no (or an unknown) severity is given.
        """
        where = subject_id(complaint, "complaint")
        company_at_fault = check.flag("company_at_fault", company_at_fault)
        at = check.aware("at", at)
        if not company_at_fault:
            return FaultAssessment(where, False, None, False, None)
        grade = as_severity(severity)
        assert self.fault_levels is not None
        level = self.fault_levels[grade]
        required = EscalationRequired(
            where, level, "ESC-4", f"{grade.value} complaint, the company's fault", at
        )
        return FaultAssessment(where, True, grade, True, required)

    # -- was it done? ----------------------------------------------------------------------

    def check(
        self,
        required: Iterable[EscalationRequired],
        escalations: Iterable[Escalation],
        now: datetime,
    ) -> tuple[Violation, ...]:
        """Whether each finding was acted on by ``now``: an escalation of its subject to its
        level or higher, made no later than ``respond_within`` after the finding (an
        earlier one counts).  Missing past the deadline is an error citing the finding's
        rule; made after the deadline, a warning.  Findings and escalations after ``now``
        are ignored."""
        findings = check.items("required", required, EscalationRequired, "an EscalationRequired")
        records = check.items("escalations", escalations, Escalation, "an Escalation")
        now = check.aware("now", now)
        rank = self.ladder.rank
        found: list[Violation] = []
        for finding in sorted(findings, key=lambda r: (r.at, r.subject, r.rule_id)):
            if finding.at > now:
                continue
            deadline = finding.at + self.respond_within
            reached = min(
                (
                    r.at
                    for r in records
                    if r.subject == finding.subject
                    and r.at <= now
                    and rank(r.to) >= rank(finding.to)
                ),
                default=None,
            )
            if reached is not None and reached <= deadline:
                continue
            level = finding.to.replace("_", " ")
            facts: dict[str, object] = {"to": finding.to, "required_at": finding.at}
            if reached is not None:
                facts["escalated_at"] = reached
                message = (
                    f"{finding.subject} reached {level} {describe_span(reached - deadline)} "
                    f"late: the deadline was {describe_span(self.respond_within)} after the "
                    f"trigger ({finding.reason})"
                )
                severity = Severity.WARNING
                fix = f"escalate within {describe_span(self.respond_within)} of the trigger"
            elif now > deadline:
                facts["overdue_by"] = now - deadline
                message = f"{finding.subject} not escalated to {level} ({finding.reason})"
                severity = Severity.ERROR
                fix = f"escalate {finding.subject} to {finding.to} now"
            else:
                continue
            found.append(
                Violation(
                    finding.rule_id,
                    severity,
                    message,
                    subject=finding.subject,
                    facts=facts,
                    suggestion=fix,
                )
            )
        return tuple(found)
