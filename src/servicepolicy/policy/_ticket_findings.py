"""What a check finds in the tickets beside their clocks' states: the clocks a snapshot
cannot show, tickets opened after the instant judged, breaches in words, the daily
picture, and the escalations plugins require (private to the policy edge).

.. versionadded:: 0.2.0
   Split from ``servicepolicy.policy.check``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicepolicy.escalation import EscalationRequired
from servicepolicy.io.figures import HelpDeskFigure
from servicepolicy.io.tabular import NotJudged, ReadResult
from servicepolicy.policy.waivers import CheckSection
from servicepolicy.report import InputSummary, SlaDay
from servicepolicy.report.context import in_words, local, target_words
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaPolicy, SlaState, SlaStatus
from servicepolicy.tickets import Ticket


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
    late = [ticket for ticket in tickets if ticket.created_at > now]
    if not late:
        return tickets
    _reject(
        given,
        [
            (
                ticket,
                f"expected a ticket opened by now ({now.isoformat()}), got one opened at "
                f"{ticket.created_at.isoformat()}",
            )
            for ticket in late
        ],
        inputs,
        rejected,
    )
    skipped = {id(ticket) for ticket in late}
    return [ticket for ticket in tickets if id(ticket) not in skipped]


def _reject(
    given: Any,
    found: list[tuple[Ticket, str]],
    inputs: list[InputSummary],
    rejected: list[str],
) -> None:
    """Each ``(ticket, reason)`` a rejected row of the tickets input, with the ticket's
    first line when it was read from a file; the input's counts move from read to
    rejected."""
    if not found:
        return
    lines: dict[str, int] = {}
    source = "tickets"
    if isinstance(given, ReadResult):
        lines = dict(zip((t.id for t in given.records), given.lines, strict=False))
        source = given.source or source
    for ticket, reason in found:
        line = lines.get(ticket.id)
        where = f"line {line}: " if line is not None else ""
        rejected.append(f"{source}: {where}ticket {ticket.id!r}: {reason}")
    for index, summary in enumerate(inputs):
        if summary.name == "tickets":
            inputs[index] = attrs.evolve(
                summary,
                records=summary.records - len(found),
                rejected=summary.rejected + len(found),
            )


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
            suggestion=f"agent: report the case to the {r.to.replace('_', ' ')}"
            + (" at once (levels may be skipped in an emergency, ESC-2)" if r.emergency else ""),
        )
        for r in required
        if r.at <= now
    ]


def _selection(
    section: CheckSection, select: Iterable[str] | None, ignore: Iterable[str] | None
) -> CheckSection:
    """The policy's ``[check]``, with ``select`` and ``ignore`` replacing its own."""
    return CheckSection(
        section.select if select is None else tuple(select),
        section.ignore if ignore is None else tuple(ignore),
    )


_METRIC_WORDS = {
    "first_response": "first reply",
    "progress_update": "progress update",
    "resolution": "resolution",
    "follow_up": "follow-up visit",
}


def _breach(status: SlaStatus, zone: str, now: datetime) -> Violation:
    """An SLA breach, in the policy's display zone, its lateness in words, with what the
    agent who owns the ticket (and the team leader) can do about it."""
    target = status.target.name if status.target is not None else "promise"
    assert status.breached_at is not None
    metric = str(status.metric)
    what = "promise to the customer" if target == "promise" else _METRIC_WORDS.get(metric, metric)
    late = status.elapsed - status.duration
    over = f"{in_words(late)} over a {target_words(status.duration)} target"
    if target == "promise":
        over = f"{in_words(late)} past the time promised, {local(status.due or now, zone)}"
    message = f"{what} breached at {local(status.breached_at, zone)} ({over})"
    if status.misses and status.misses > 1:
        message += f"; {status.misses} updates missed"
    if metric == "progress_update":
        advice = "agent: send the customer a progress update now and agree the next one"
    elif target == "promise":
        advice = "agent: call the customer now with the new time; team leader: check the promise"
    elif metric == "first_response":
        advice = "agent: reply to the customer now; team leader: reassign if the owner is away"
    elif metric == "follow_up":
        advice = "agent: make the follow-up visit (回访) and record the customer's satisfaction"
    else:
        advice = "agent: resolve or tell the customer the new resolution time; team leader: "
        advice += "escalate if it is beyond the agent's remit"
    return Violation(
        status.rule,
        Severity.ERROR,
        message,
        subject=status.ticket,
        facts={
            "metric": metric,
            "target": target,
            "due": status.due,
            "breached_at": status.breached_at,
            "elapsed": status.elapsed,
            "misses": status.misses,
        },
        suggestion=advice,
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


def _audited(
    figure: HelpDeskFigure, statuses: list[SlaStatus], sla: SlaPolicy, ticket: Ticket
) -> list[Violation]:
    """SLA-2: where the help desk's own figure for a clock disagrees with the clock on the
    policy's calendar, a warning saying by how much and why (the dates the calendars may
    read differently: make-up working days, holidays, closures; pauses)."""
    ours = next((s for s in statuses if str(s.metric) == figure.metric), None)
    if ours is None or ours.target is None:
        return []
    calendar = sla.calendar_of(ours.target)
    kept = ours.state is not SlaState.BREACHED
    disagree = []
    if figure.elapsed is not None and abs(figure.elapsed - ours.elapsed) >= timedelta(minutes=1):
        disagree.append(
            f"the help desk counted {in_words(figure.elapsed) or '0 s'} of business time to the "
            f"{figure.metric.replace('_', ' ')}; on the policy's calendar it took "
            f"{in_words(ours.elapsed) or '0 s'}"
        )
    if figure.met is not None and figure.met != kept:
        said = "within" if figure.met else "outside"
        ours_said = "kept" if kept else "breached"
        disagree.append(f"the help desk says {said} its SLA; the policy's target was {ours_said}")
    if not disagree:
        return []
    why = _reasons(calendar, ticket, ours)
    return [
        Violation(
            "SLA-2",
            Severity.WARNING,
            "; ".join(disagree) + (f" ({'; '.join(why)})" if why else ""),
            subject=ticket.id,
            facts={
                "metric": figure.metric,
                "help_desk_elapsed": figure.elapsed,
                "help_desk_met": figure.met,
                "elapsed": ours.elapsed,
                "state": str(ours.state),
                "calendar": getattr(calendar, "name", None),
            },
            suggestion=(
                "team leader: check the help desk's business-hours schedule against the "
                "policy's calendar (make-up working days, holidays, closures)"
            ),
        )
    ]


def _reasons(calendar: Any, ticket: Ticket, status: SlaStatus) -> list[str]:
    """The dates between the clock's start and its stop that calendars read differently."""
    if calendar is None:
        return []
    end = status.stopped_at or status.due or ticket.updated_at
    start = ticket.created_at
    zone = calendar.tz
    day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    found: list[str] = []
    while day <= last and len(found) < 5:
        info = calendar.day_info(day)
        kind = str(info.kind)
        if kind == "makeup":
            found.append(f"{day} is a make-up working day (调休, CAL-3)")
        elif kind in ("holiday", "closure"):
            found.append(f"{day} is {info.name or 'a ' + kind} (CAL-2)")
        day += timedelta(days=1)
    if any(e.state in ticket.lifecycle.waiting for e in ticket.events if e.state):
        found.append("the clock paused while the ticket waited (SLA-3)")
    return found
