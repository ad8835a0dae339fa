"""Checking a policy against data: every rule, every KPI, every SLA clock, one report.

:func:`check_policy` (also :meth:`Policy.check <servicepolicy.policy.Policy>`) judges the
data given at one instant.  What cannot be checked because data is missing is said in the
report (its ``not_checked``), never skipped silently.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.checks import aware
from servicepolicy.errors import OutOfRangeError
from servicepolicy.io.calls_arrow import BulkCalls
from servicepolicy.io.tabular import ReadResult
from servicepolicy.kpi import CallAccumulator, Kpi, KpiReport, KpiRow, TicketAccumulator
from servicepolicy.policy import _context
from servicepolicy.policy._progress import progress_bar
from servicepolicy.policy._ticket_findings import (
    _audited,
    _breach,
    _escalations,
    _not_judged,
    _opened_by,
    _reject,
    _selection,
    _SlaDays,
)
from servicepolicy.policy.sections import Policy
from servicepolicy.policy.waivers import apply_waivers
from servicepolicy.report import InputSummary, Report, SlaDay
from servicepolicy.report.context import Context, local, localised_text
from servicepolicy.rules import Violation
from servicepolicy.sla import SlaPolicy, SlaState, SlaTally
from servicepolicy.tickets import Ticket
from servicepolicy.workforce import Roster, WorkforcePolicy
from servicepolicy.workforce.attendance import ATT_RULES, att_4_hand_over_log

__all__ = ["call_accumulator", "check_policy", "sla_policy"]

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


def _records(
    name: str,
    data: Any,
    inputs: list[InputSummary],
    rejected: list[str],
    sources: _context.Sources | None = None,
) -> list[Any]:
    if isinstance(data, list | tuple) and data and all(isinstance(d, ReadResult) for d in data):
        return [r for part in data for r in _records(name, part, inputs, rejected, sources)]
    if isinstance(data, BulkCalls):  # counted while read: no records to keep
        inputs.append(InputSummary(name, data.records, len(data.rejected), data.source))
        rejected += [f"{row.source or data.source or name}: {row}" for row in data.rejected]
        return []
    if isinstance(data, ReadResult):
        inputs.append(InputSummary(name, len(data.records), len(data.rejected), data.source))
        rejected += [f"{row.source or data.source or name}: {row}" for row in data.rejected]
        if sources is not None:
            sources.add(data)
        return list(data.records)
    records = list(data)
    inputs.append(InputSummary(name, len(records)))
    return records


def check_policy(
    policy: Policy,
    *,
    now: datetime | str | None = None,
    tickets: Iterable[Ticket] | ReadResult[Ticket] | None = None,
    calls: Iterable[Any] | ReadResult[Any] | None = None,
    surveys: Iterable[Any] | ReadResult[Any] | None = None,
    roster: Roster | None = None,
    requests: Iterable[Any] | ReadResult[Any] | Sequence[ReadResult[Any]] | None = None,
    attendance: Iterable[Any] | ReadResult[Any] | None = None,
    hand_over_logs: Iterable[Any] | ReadResult[Any] | None = None,
    other_inputs: Iterable[tuple[str, ReadResult[Any]]] = (),
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    progress: Callable[[str, int, int], None] | bool | None = None,
) -> Report:
    """Judge the data against every rule of ``policy`` at ``now``.

    :param now: the instant to judge at: an aware datetime; ``"today"``, the present
        instant; ``"end-of-data"`` (the default), the latest instant in the data (so that
        the same data always gives the same report; a ticket still open is judged as it
        stood at the last event).  A roster alone ends at its last shift.
    :param tickets: tickets (SLA clocks, ticket rules, ticket KPIs).
    :param calls: call records (call KPIs), or calls already counted by
        :func:`~servicepolicy.io.calls_arrow.read_calls_bulk` into
        :func:`call_accumulator` (a :class:`~servicepolicy.io.calls_arrow.BulkCalls`).
    :param surveys: survey responses (satisfaction, first-contact resolution by survey).
    :param roster: the roster (needed for requests and attendance).
    :param requests: leave and swap requests, decided in the order they were made.
    :param attendance: clock records (ATT-1 … ATT-4).
    :param hand_over_logs: the shift hand-over logs (ATT-4).
    :param progress: called as ``progress(what, done, total)`` while the tickets' clocks
        are evaluated (every 1,000 tickets), for a progress bar on large inputs; ``True``
        for a ``tqdm.auto`` bar (terminal or Jupyter) when tqdm is installed, silent
        otherwise.
    :param select: rule IDs or prefixes to report (``"SWAP"``, ``"LEAVE-7"``); none for
        the policy's ``[check] select``.
    :param ignore: rule IDs or prefixes not to report; none for ``[check] ignore``.
    :param other_inputs: ``(name, ReadResult)`` of other files read (the roster's
        employees and shifts), listed in the report with their rejected rows.

    Each data argument may be records or the ``ReadResult`` of a reader, whose
    rejected rows are then listed in the report and whose records' files and lines are
    each violation's source (``requests`` may be several ``ReadResult``).  Violations a
    ``[[waivers]]`` entry covers are listed as waived, not counted.

    .. versionchanged:: 0.3.0
       ``now`` keywords, ``select``, ``ignore``, ``progress=True``; sources and context.
    """
    inputs: list[InputSummary] = []
    rejected: list[str] = []
    not_checked: list[str] = []
    notes: list[str] = []
    violations: list[Violation] = []
    plugin_set = policy.plugin_set()
    sources = _context.Sources()
    bar = progress_bar(progress)

    def read(name: str, data: Any) -> list[Any] | None:
        return None if data is None else _records(name, data, inputs, rejected, sources)

    ticket_list, call_list = read("tickets", tickets), read("calls", calls)
    survey_list, request_list = read("surveys", surveys), read("requests", requests)
    clock_list = read("attendance", attendance)
    log_list = read("hand-over logs", hand_over_logs)
    for name, result in other_inputs:
        read(name, result)
    end = _context.latest(ticket_list, call_list, request_list, clock_list, roster=roster)
    at_end = now is None or now == "end-of-data"
    now = _context.resolve_now(now, end)
    aware("now", now)
    if ticket_list is not None:
        ticket_list = _opened_by(now, ticket_list, tickets, inputs, rejected)
    zone = policy.display_zone
    contexts = _context.Contexts(sources, now)
    contexts.add_tickets(ticket_list or ())
    if roster is not None:
        contexts.add_roster(roster)
    contexts.add_clocks(clock_list or (), log_list or ())
    if at_end and ticket_list and any(not t.as_of(now).is_closed for t in ticket_list):
        notes.append(
            f"judged at the end of the data ({local(now, zone)}): open tickets' clocks stop "
            "there; --now today (or now=) judges them at the present"
        )

    sla_rates: tuple[Any, ...] = ()
    days: tuple[SlaDay, ...] = ()
    if ticket_list is None:
        not_checked.append("SLA clocks and ticket rules: no tickets given")
    else:
        # one evaluation per ticket feeds the violations, the rates and the daily picture
        unjudged = _not_judged(tickets, not_checked)
        figures = {f.ticket: f for f in tickets.figures} if isinstance(tickets, ReadResult) else {}
        sla = sla_policy(policy)
        notes += [
            f"SLA target {mine.name!r} of the policy replaces {theirs.name!r} of a plugin "
            "(equally specific)"
            for mine, theirs in sla.overrides()
        ]
        tally, daily = SlaTally(), _SlaDays(policy.kpis.tz, now)
        beyond: list[tuple[Ticket, str]] = []  # CAL-2: rejected rows, not the end of the check
        for number, ticket in enumerate(ticket_list, 1):
            if bar is not None and number % 1000 == 0:
                bar("tickets", number, len(ticket_list))
            try:
                found = sla.evaluate(ticket, now)
            except OutOfRangeError as error:  # beyond the calendar's holiday data: a row
                beyond.append((ticket, str(error)))
                continue
            figure = figures.get(ticket.id)
            if figure is not None:
                violations += _audited(figure, found, sla, ticket)
            if unjudged:
                found = [s for s in found if not unjudged(s)]
            tally.add(ticket, found)
            daily.add(found)
            violations += [_breach(s, zone, now) for s in found if s.state is SlaState.BREACHED]
            violations += plugin_set.check_ticket(ticket, now)
            violations += _escalations(plugin_set.escalations(ticket, now), ticket, now)
        _reject(tickets, beyond, inputs, rejected)
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
            for request, decision in review:
                violations += decision.violations
                contexts.from_record(decision.violations, request)
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
    bulk = calls if isinstance(calls, BulkCalls) else None
    for kpi_report in _kpis(
        policy, call_list, survey_list, ticket_list, now, not_checked, plugin_set.kpis, bulk
    ):
        kpis += kpi_report.rows
        violations += kpi_report.violations()
    for plugin, reason, rule_ids in plugin_set.unchecked_rules():
        shown = ", ".join(rule_ids) if rule_ids else "its rules"
        not_checked.append(f"{shown}: plugin {plugin!r} {_reason(reason)}")
    if bar is not None:
        bar("done", 1, 1)
    ordered = sorted(violations, key=_order)
    where = [contexts(v) for v in ordered]  # by the engines' own objects
    ordered = [_in_zone(v, zone) for v in ordered]
    chosen = _selection(policy.checking, select, ignore)
    if chosen.describe() is not None:
        notes.append(f"rules reported: {chosen.describe()}")
        where = [c for v, c in zip(ordered, where, strict=True) if chosen.selects(v.rule_id)]
        ordered = [v for v in ordered if chosen.selects(v.rule_id)]
    today = now.astimezone(ZoneInfo(zone)).date()
    kept, waived, expired = apply_waivers(ordered, policy.waivers, today)
    context_of = {id(v): c for v, c in zip(ordered, where, strict=True)}
    waived = [
        attrs.evolve(w, context=context_of.get(id(w.violation)) or contexts(w.violation))
        for w in waived
    ]
    ordered = [*(ordered[i] for i in kept), *expired]
    where = [*(where[i] for i in kept), *(Context() for _ in expired)]
    catalogue = plugin_set.rules()
    named = {v.rule_id for v in ordered} | {w.violation.rule_id for w in waived}
    named |= {row.rule_id for row in kpis}
    return Report(
        policy=policy.name,
        now=now,
        violations=ordered,
        context=where,
        waived=waived,
        tz=zone,
        rules=[catalogue[r] for r in sorted(named) if r in catalogue],
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


def _in_zone(violation: Violation, zone: str) -> Violation:
    """The violation with the instants of its message and suggestion in the display zone."""
    message = localised_text(violation.message, zone)
    suggestion = localised_text(violation.suggestion, zone) if violation.suggestion else None
    if message == violation.message and suggestion == violation.suggestion:
        return violation
    return attrs.evolve(violation, message=message, suggestion=suggestion)


def _reason(reason: str) -> str:
    """``"disabled (...)"`` as is; a failure's message after "failed: "."""
    return reason if reason.startswith("disabled") else f"failed: {reason}"


def _kpis(
    policy: Policy,
    calls: list[Any] | None,
    surveys: list[Any] | None,
    tickets: list[Ticket] | None,
    now: datetime,
    not_checked: list[str],
    plugin_kpis: Callable[[], list[Kpi]],
    bulk: BulkCalls | None = None,
) -> list[KpiReport]:
    section = policy.kpis
    kpis: list[Kpi] = [m.build() for m in section.measures] or plugin_kpis()
    call_kpis = [k for k in kpis if k.spec.source == "calls"]
    ticket_kpis = [k for k in kpis if k.spec.source == "tickets"]
    reports: list[KpiReport] = []
    if call_kpis:
        if calls is None and surveys is None:
            not_checked.append("call KPIs (KPI-1 … KPI-7): no call records given")
        else:
            accumulator = _call_accumulator(policy, call_kpis)
            if bulk is not None:  # the calls come first, as in one pass over the records
                accumulator = bulk.accumulator.merge(accumulator)
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


def _call_accumulator(policy: Policy, call_kpis: list[Kpi]) -> CallAccumulator:
    section = policy.kpis
    return CallAccumulator(call_kpis, by=(section.period, *section.by), zone=section.tz)


def call_accumulator(policy: Policy) -> CallAccumulator | None:
    """A new, empty accumulator of the call KPIs :func:`check_policy` reports for
    ``policy`` (``None`` if it reports none): what calls read in bulk are counted into.

    .. versionadded:: 0.3.0
    """
    section = policy.kpis
    kpis: list[Kpi] = [m.build() for m in section.measures] or policy.plugin_set().kpis()
    call_kpis = [k for k in kpis if k.spec.source == "calls"]
    return _call_accumulator(policy, call_kpis) if call_kpis else None


def _order(violation: Violation) -> tuple[str, int, str]:
    prefix, _, number = violation.rule_id.partition("-")
    return (prefix, int(number) if number.isdigit() else 0, violation.subject or "")
