"""Checking a policy against data: every rule, every KPI, every SLA clock, one report.

:func:`check_policy` (also :meth:`Policy.check <servicepolicy.policy.Policy>`) judges the
data given at one instant.  What cannot be checked because data is missing is said in the
report (its ``not_checked``), never skipped silently.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.checks import aware
from servicepolicy.escalation import EscalationRequired
from servicepolicy.io.tabular import NotJudged, ReadResult
from servicepolicy.kpi import CallAccumulator, Kpi, KpiReport, KpiRow, TicketAccumulator
from servicepolicy.policy.sections import Policy
from servicepolicy.report import InputSummary, Report, SlaDay
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaPolicy, SlaState, SlaStatus, SlaTally
from servicepolicy.tickets import Ticket
from servicepolicy.workforce import Roster, WorkforcePolicy
from servicepolicy.workforce.attendance import ATT_RULES, att_4_hand_over_log

__all__ = ["check_policy", "sla_policy"]

T = TypeVar("T")


def sla_policy(policy: Policy) -> SlaPolicy:
    """The :class:`~servicepolicy.sla.SlaPolicy` of ``policy``: its targets (and its
    plugins' when ``sla.plugin_targets``, competing on specificity) on its calendars;
    its plugins may move due instants."""
    plugin_set = policy.plugin_set()
    targets = [section.build() for section in policy.sla.targets]
    defaults = [t for _, t in plugin_set.sla_targets()] if policy.sla.plugin_targets else []
    return SlaPolicy(
        targets,
        defaults=defaults,
        calendars=calendars_of(policy),
        warnings=policy.sla.warnings,
        follow_up_states=frozenset(policy.sla.follow_up_states),
        adjust_due=plugin_set.adjust_due if plugin_set.impls("servicepolicy_adjust_due") else None,
    )


def calendars_of(policy: Policy) -> dict[str, BusinessCalendar]:
    """The policy's calendars by name (codes looked up in the policy's plugins)."""
    plugin_set = policy.plugin_set()
    return {name: section.build(name, plugin_set) for name, section in policy.calendars.items()}


def _records(name: str, data: Any, inputs: list[InputSummary], rejected: list[str]) -> list[Any]:
    if isinstance(data, ReadResult):
        inputs.append(InputSummary(name, len(data.records), len(data.rejected), data.source))
        rejected += [f"{row.source or data.source or name}: {row}" for row in data.rejected]
        return list(data.records)
    records = list(data)
    inputs.append(InputSummary(name, len(records)))
    return records


def check_policy(
    policy: Policy,
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
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Judge the data against every rule of ``policy`` at ``now``.

    :param now: the instant to judge at; by default the latest instant in the data (so
        that the same data always gives the same report).
    :param tickets: tickets (SLA clocks, ticket rules, ticket KPIs).
    :param calls: call records (call KPIs).
    :param surveys: survey responses (satisfaction, first-contact resolution by survey).
    :param roster: the roster (needed for requests and attendance).
    :param requests: leave and swap requests, decided in the order they were made.
    :param attendance: clock records (ATT-1 … ATT-4).
    :param hand_over_logs: the shift hand-over logs (ATT-4).
    :param progress: called as ``progress(what, done, total)`` while the tickets' clocks
        are evaluated (every 1,000 tickets), for a progress bar on large inputs.
    :param other_inputs: ``(name, ReadResult)`` of other files read (the roster's
        employees and shifts), listed in the report with their rejected rows.

    Each data argument may be records or the ``ReadResult`` of a reader, whose
    rejected rows are then listed in the report.
    """
    inputs: list[InputSummary] = []
    rejected: list[str] = []
    not_checked: list[str] = []
    notes: list[str] = []
    violations: list[Violation] = []
    plugin_set = policy.plugin_set()

    def read(name: str, data: Any) -> list[Any] | None:
        return None if data is None else _records(name, data, inputs, rejected)

    ticket_list, call_list = read("tickets", tickets), read("calls", calls)
    survey_list, request_list = read("surveys", surveys), read("requests", requests)
    clock_list = read("attendance", attendance)
    log_list = read("hand-over logs", hand_over_logs)
    for name, result in other_inputs:
        read(name, result)
    if now is None:
        now = _latest(ticket_list, call_list, request_list)
    aware("now", now)
    if ticket_list is not None:
        ticket_list = _opened_by(now, ticket_list, tickets, inputs, rejected)

    sla_rates: tuple[Any, ...] = ()
    days: tuple[SlaDay, ...] = ()
    if ticket_list is None:
        not_checked.append("SLA clocks and ticket rules: no tickets given")
    else:
        # one evaluation per ticket feeds the violations, the rates and the daily picture
        unjudged = _not_judged(tickets, not_checked)
        sla = sla_policy(policy)
        notes += [
            f"SLA target {mine.name!r} of the policy replaces {theirs.name!r} of a plugin "
            "(equally specific)"
            for mine, theirs in sla.overrides()
        ]
        tally, daily = SlaTally(), _SlaDays(policy.kpis.tz, now)
        for number, ticket in enumerate(ticket_list, 1):
            if progress is not None and number % 1000 == 0:
                progress("tickets", number, len(ticket_list))
            found = sla.evaluate(ticket, now)
            if unjudged:
                found = [s for s in found if not unjudged(s)]
            tally.add(ticket, found)
            daily.add(found)
            violations += [_breach(s) for s in found if s.state is SlaState.BREACHED]
            violations += plugin_set.check_ticket(ticket, now)
            violations += _escalations(plugin_set.escalations(ticket, now), ticket, now)
        sla_rates = tally.report(now).rates
        if unjudged:
            sla_rates = tuple(r for r in sla_rates if not unjudged.all_of(str(r.metric)))
        days = daily.days()

    if roster is None:
        not_checked.append("leave, swap and attendance rules: no roster given")
    else:
        if request_list is None:
            not_checked.append("leave and swap rules: no requests given")
        else:
            leave = attrs.evolve(
                policy.leave, extra_checks=(*policy.leave.extra_checks, *plugin_set.leave_checks())
            )
            swap = attrs.evolve(
                policy.swap, extra_checks=(*policy.swap.extra_checks, *plugin_set.swap_checks())
            )
            review = WorkforcePolicy(leave, swap).review(roster, request_list)
            for _, decision in review:
                violations += decision.violations
            roster = review.roster  # approved swaps moved, approved leave recorded
        if clock_list is None:
            not_checked.append("attendance rules (ATT-1 … ATT-4): no clock records given")
        else:
            rules = ATT_RULES
            if log_list is None:
                rules = tuple(r for r in ATT_RULES if r is not att_4_hand_over_log)
                not_checked.append("ATT-4 (hand-over logs): no hand-over logs given")
            attendance_report = policy.attendance.check(
                clock_list, roster, log_list or (), until=now, rules=rules
            )
            violations += attendance_report.violations

    kpis: list[KpiRow] = []
    for kpi_report in _kpis(
        policy, call_list, survey_list, ticket_list, now, not_checked, plugin_set.kpis
    ):
        kpis += kpi_report.rows
        violations += kpi_report.violations()
    for plugin, reason, rule_ids in plugin_set.unchecked_rules():
        shown = ", ".join(rule_ids) if rule_ids else "its rules"
        not_checked.append(f"{shown}: plugin {plugin!r} {_reason(reason)}")
    return Report(
        policy=policy.name,
        now=now,
        violations=sorted(violations, key=_order),
        kpis=kpis,
        sla=sla_rates,
        sla_days=days,
        inputs=inputs,
        rejected=rejected,
        not_checked=not_checked,
        notes=notes,
        plugins=plugin_set.names,
        plugin_failures=tuple(sorted(plugin_set.failed.values())),
    )


class _Unjudged:
    """The SLA clocks the ticket data cannot show (a snapshot export's ``not_judged``)."""

    def __init__(self, notes: Iterable[NotJudged]) -> None:
        self.everywhere = {n.what for n in notes if not n.subjects}
        self.some = {(n.what, ticket) for n in notes for ticket in n.subjects}

    def __bool__(self) -> bool:
        return bool(self.everywhere or self.some)

    def all_of(self, metric: str) -> bool:
        return metric in self.everywhere

    def __call__(self, status: SlaStatus) -> bool:
        metric = str(status.metric)
        return metric in self.everywhere or (metric, status.ticket) in self.some


def _not_judged(tickets: Any, not_checked: list[str]) -> _Unjudged:
    """What the tickets' file cannot show, listed as not checked (and skipped)."""
    notes = tickets.not_judged if isinstance(tickets, ReadResult) else ()
    where = f"{tickets.source}: " if isinstance(tickets, ReadResult) and tickets.source else ""
    not_checked += [f"{where}{note}" for note in notes]
    return _Unjudged(notes)


def _opened_by(
    now: datetime,
    tickets: list[Ticket],
    given: Any,
    inputs: list[InputSummary],
    rejected: list[str],
) -> list[Ticket]:
    """The tickets opened by ``now``; each ticket opened later is a rejected row (with its
    first line when it was read from a file), never an error that stops the check."""
    late = [at for at, ticket in enumerate(tickets) if ticket.created_at > now]
    if not late:
        return tickets
    lines = given.lines if isinstance(given, ReadResult) else ()
    source = (given.source if isinstance(given, ReadResult) else None) or "tickets"
    for at in late:
        ticket = tickets[at]
        where = f"line {lines[at]}" if at < len(lines) else f"ticket {ticket.id!r}"
        rejected.append(
            f"{source}: {where}: ticket {ticket.id!r}: expected a ticket opened by now "
            f"({now.isoformat()}), got one opened at {ticket.created_at.isoformat()}"
        )
    for index, summary in enumerate(inputs):
        if summary.name == "tickets":
            inputs[index] = attrs.evolve(
                summary, records=summary.records - len(late), rejected=summary.rejected + len(late)
            )
    skipped = set(late)
    return [ticket for at, ticket in enumerate(tickets) if at not in skipped]


def _reason(reason: str) -> str:
    """``"disabled (...)"`` as is; a failure's message after "failed: "."""
    return reason if reason.startswith("disabled") else f"failed: {reason}"


def _escalations(
    required: list[EscalationRequired], ticket: Ticket, now: datetime
) -> list[Violation]:
    """The escalations a plugin's rules require of an open ticket, as warnings to act on
    (the data holds no escalation records to check them against)."""
    if not required or ticket.as_of(now).is_closed:
        return []
    return [
        Violation(
            r.rule_id,
            Severity.WARNING,
            f"escalation to {r.to.replace('_', ' ')} required: {r.reason}",
            subject=r.subject,
            facts={"to": r.to, "required_at": r.at, "emergency": r.emergency},
            suggestion=f"report the case to the {r.to.replace('_', ' ')}"
            + (" at once (levels may be skipped in an emergency, ESC-2)" if r.emergency else ""),
        )
        for r in required
        if r.at <= now
    ]


def _latest(*groups: Sequence[Any] | None) -> datetime:
    instants = []
    for group in groups:
        for record in group or ():
            for name in ("updated_at", "ended_at", "answered_at", "offered_at", "requested_at"):
                value = getattr(record, name, None)
                if isinstance(value, datetime):
                    instants.append(value)
                    break
    if not instants:
        from servicepolicy.errors import InvalidArgumentError

        raise InvalidArgumentError("now", None, "an instant to judge at (there is no data)")
    return max(instants)


def _breach(status: SlaStatus) -> Violation:
    target = status.target.name if status.target is not None else "promise"
    assert status.breached_at is not None
    return Violation(
        status.rule,
        Severity.ERROR,
        f"{status.metric} breached at {status.breached_at.isoformat(timespec='minutes')} "
        f"({status.percent:.0f} % of {status.duration} used)",
        subject=status.ticket,
        facts={
            "metric": str(status.metric),
            "target": target,
            "due": status.due,
            "breached_at": status.breached_at,
            "elapsed": status.elapsed,
            "misses": status.misses,
        },
        suggestion=f"explain with SlaPolicy.evaluate(ticket, now); target {target!r}",
    )


class _SlaDays:
    """The clocks that fell due on each local day up to ``now``, and how many of them
    were breached (clocks due later are not counted yet), counted ticket by ticket."""

    def __init__(self, zone: str, now: datetime) -> None:
        self.tz = ZoneInfo(zone)
        self.today = now.astimezone(self.tz).date()
        self.due: Counter[date] = Counter()
        self.breached: Counter[date] = Counter()

    def add(self, statuses: Iterable[SlaStatus]) -> None:
        for status in statuses:
            if status.due is None:
                continue
            day = status.due.astimezone(self.tz).date()
            if day > self.today:
                continue
            self.due[day] += 1
            self.breached[day] += status.state is SlaState.BREACHED

    def days(self) -> tuple[SlaDay, ...]:
        return tuple(SlaDay(day, self.due[day], self.breached[day]) for day in sorted(self.due))


def _kpis(
    policy: Policy,
    calls: list[Any] | None,
    surveys: list[Any] | None,
    tickets: list[Ticket] | None,
    now: datetime,
    not_checked: list[str],
    plugin_kpis: Callable[[], list[Kpi]],
) -> list[KpiReport]:
    section = policy.kpis
    kpis: list[Kpi] = [m.build() for m in section.measures] or plugin_kpis()
    by = (section.period, *section.by)
    call_kpis = [k for k in kpis if k.spec.source == "calls"]
    ticket_kpis = [k for k in kpis if k.spec.source == "tickets"]
    reports: list[KpiReport] = []
    if call_kpis:
        if calls is None and surveys is None:
            not_checked.append("call KPIs (KPI-1 … KPI-7): no call records given")
        else:
            accumulator = CallAccumulator(call_kpis, by=by, zone=section.tz)
            accumulator.add_all([*(calls or ()), *(surveys or ())])
            reports.append(accumulator.report())
    if ticket_kpis:
        if tickets is None:
            not_checked.append("ticket KPIs (KPI-8, KPI-9): no tickets given")
        else:
            dimensions = [d for d in section.by if d not in ("team", "agent", "queue")]
            ticket_acc = TicketAccumulator(
                ticket_kpis, as_of=now, by=(section.period, *dimensions), zone=section.tz
            )
            reports.append(ticket_acc.add_all(tickets).report())
    return reports


def _order(violation: Violation) -> tuple[str, int, str]:
    prefix, _, number = violation.rule_id.partition("-")
    return (prefix, int(number) if number.isdigit() else 0, violation.subject or "")
