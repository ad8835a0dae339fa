"""What binds now and what fires next: :class:`BindingDeadline` and the timeline (SLA-4, SLA-6).

:meth:`SlaPolicy.binding_deadline <servicepolicy.sla.SlaPolicy.binding_deadline>` is the
earliest due instant of a ticket's open clocks: the policy's targets and every promise
not yet kept (SLA-4), so that callers need not take ``min(due)`` themselves.
:meth:`SlaPolicy.next_event <servicepolicy.sla.SlaPolicy.next_event>` is the next warning
or breach (or missed progress update, SLA-5) that will fire if nothing else happens: one
timer per ticket instead of polling.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from servicepolicy.calendar.index import instant_of, tick_of
from servicepolicy.sla._evaluate import outcomes
from servicepolicy.sla.status import SlaState, SlaStatus
from servicepolicy.sla.targets import Metric, _metric
from servicepolicy.sla.timeline import SlaEvent, SlaEventKind
from servicepolicy.tickets import Ticket

if TYPE_CHECKING:
    from servicepolicy.sla.policy import SlaPolicy

__all__ = ["BindingDeadline"]

_ORDER = {m: i for i, m in enumerate(Metric)}
_FIRST_SPAN = timedelta(days=1)
_LAST_SPAN = timedelta(days=366 * 50)  # a calendar closed for longer is closed for good


@attrs.frozen
class BindingDeadline:
    """The deadline that binds a ticket now: the earliest due instant of its open clocks
    (SLA-4: a promise binds even when tighter than the policy's target).

    :param ticket: the ticket's ID.
    :param due: the instant.
    :param metric: the clock it comes from (``promise`` for a promise).
    :param target: the name of the policy's target, ``None`` for a promise.
    :param status: that clock's :class:`SlaStatus` (when the promise was made is its
        ``started_at``).

    .. versionadded:: 0.2.0
    """

    ticket: str
    due: datetime
    metric: Metric
    target: str | None
    status: SlaStatus

    @property
    def rule(self) -> str:
        """``SLA-4`` for a promise, else the target's rule (``SLA-5`` for updates)."""
        return self.status.rule

    @property
    def overdue(self) -> bool:
        """Whether the clock is already breached (the instant has passed, nothing came)."""
        return self.status.state is SlaState.BREACHED

    def __str__(self) -> str:
        source = "a promise" if self.target is None else f"target {self.target!r}"
        late = ", overdue" if self.overdue else ""
        when = self.due.isoformat(timespec="minutes")
        return f"{self.ticket} {self.metric} due {when}, from {source} ({self.rule}){late}"


def binding(
    statuses: Iterable[SlaStatus], metrics: Iterable[Metric | str] | None
) -> BindingDeadline | None:
    """The earliest due instant of the clocks not stopped (nor paused) among ``statuses``."""
    wanted = None if metrics is None else {_metric_or_promise(m) for m in metrics}
    open_ = [
        s
        for s in statuses
        if s.stopped_at is None and s.due is not None and (wanted is None or s.metric in wanted)
    ]
    if not open_:
        return None
    best = min(open_, key=lambda s: (s.due, _ORDER[s.metric]))
    assert best.due is not None
    name = None if best.target is None else best.target.name
    return BindingDeadline(best.ticket, best.due, best.metric, name, best)


def _metric_or_promise(value: Metric | str) -> Metric:
    return Metric.PROMISE if value in (Metric.PROMISE, "promise") else _metric(value)


def events(policy: SlaPolicy, ticket: Ticket, now: datetime, end: int) -> list[SlaEvent]:
    """The warnings and breaches of ``ticket``'s clocks, knowing its events up to ``now``
    and running its clocks on to tick ``end`` (``now`` itself for the timeline)."""
    found = []
    tz = ticket.created_at.tzinfo
    for outcome in outcomes(policy, ticket, now, (*policy.warnings, 1.0), now_tick=end):
        metric, spec, crossed = outcome[0], outcome[7], outcome[11]
        name = "promise" if spec is None else spec.target.name
        for mark, tick in crossed:
            kind = SlaEventKind.BREACH if mark >= 1 else SlaEventKind.WARNING
            found.append(SlaEvent(ticket.id, metric, kind, instant_of(tick, tz), mark, name))
    return sorted(found, key=lambda e: (e.at, e.threshold, e.metric))


def next_event(policy: SlaPolicy, ticket: Ticket, now: datetime) -> SlaEvent | None:
    """The first event of :func:`events` after those that happened by ``now``, if no
    further ticket event comes; ``None`` when no open clock can fire any more."""
    current = outcomes(policy, ticket, now, (*policy.warnings, 1.0))
    if not any(
        o[3] is None  # not stopped
        and o[1] is not SlaState.PAUSED
        and (o[1] is not SlaState.BREACHED or o[0] is Metric.PROGRESS_UPDATE)
        for o in current
    ):
        return None
    happened = set(events(policy, ticket, now, tick_of(now)))
    soon: set[SlaEvent] | None = None

    def ahead(event: SlaEvent) -> bool:
        """After now, or at now but firing as the clock runs past it (a breach due now, a
        promise due the instant it was made); a warning at the very instant a response
        stopped its clock is a projection's artifact and never fires."""
        nonlocal soon
        if event.at > now:
            return True
        if soon is None:
            soon = set(events(policy, ticket, now, tick_of(now) + 1))
        return event in soon

    span = _FIRST_SPAN
    while span <= _LAST_SPAN:
        later = events(policy, ticket, now, tick_of(now + span))
        upcoming = [e for e in later if e not in happened and ahead(e)]
        if upcoming:
            return upcoming[0]
        span *= 4
    return None
