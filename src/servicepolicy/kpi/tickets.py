"""KPIs from ticket histories: reply on-time rate, complaint resolution success rate,
problem resolution rate and response time (KPI-8, KPI-9).

A :class:`TicketAccumulator` replays each :class:`~servicepolicy.tickets.Ticket`'s
events **up to** ``as_of`` (the instant the report is made, so that a report can be
reproduced later) and counts, per group of the period the ticket was opened in:

* *reply on time* (KPI-8): an inquiry (``reply_kinds``) is due once it has been
  answered (entered a ``reply_states`` state) or its deadline has passed; it is on
  time if answered by the deadline, ``reply_within`` after opening (a duration, or a
  function of the ticket such as an SLA or a promise made to the customer, SLA-4).
  Inquiries neither answered nor due yet are counted apart (``not_yet_due``).
* *complaint resolution success* (KPI-8, "resolution accepted by the customer"): in the
  complaint lifecycle (TKT-3) a complaint reaches ``resolved`` only when the customer
  accepts the negotiated proposal, and ends in ``closed_unaccepted`` when the customer
  never does.  Variant ``accepted/ended`` (the default): complaints accepted over
  complaints that ended (accepted, or in a terminal state); complaints still open are
  not failures, they are reported apart (``still_open``).  ``resolved/opened``:
  complaints resolved over complaints opened, so still-open ones count as failures;
  ``first_proposal/resolved``: resolved complaints whose first proposal was accepted
  (one ``proposed`` state before ``resolved``).
* *problem resolution* (KPI-9): tickets that reached one of ``resolved_states``, over
  tickets opened, leaving out those that ended in ``excluded_states`` (``cancelled``);
  a ticket that ended in one of ``unresolved_states`` (``closed_unaccepted``) is not
  resolved.
* *response time* (KPI-9): from opening to the first response to the customer
  (:func:`servicepolicy.tickets.is_response`: a reply, a change of state told on a
  channel, or the answer itself, entering one of ``reply_states``), as the SLA clocks
  count it (or to the first entry into one of ``response_states``), over the tickets
  responded to.  An inquiry answered on time is therefore always responded to.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.tickets import Ticket
>>> t0 = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> quick = Ticket.open(id="Q-1", kind="inquiry", customer="C-1", channel="phone",
...                     at=t0, by="A-01").transition("answered", at=t0 + timedelta(hours=2),
...                                                  by="A-01")
>>> slow = Ticket.open(id="Q-2", kind="inquiry", customer="C-2", channel="email",
...                    at=t0, by="A-02").transition("referred", at=t0 + timedelta(hours=1),
...                                                 by="A-02")
>>> acc = TicketAccumulator([Kpi("reply_on_time_rate")], as_of=t0 + timedelta(days=3))
>>> print(acc.add_all([quick, slow]).report().row("reply_on_time_rate").explain())
KPI-8 reply_on_time_rate [on_time/due] all: 50 % = 1/2 (due=2, on_time=1, not_yet_due=0); \
no target

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi import _counts as m
from servicepolicy.kpi.definitions import TICKET_KPIS, Kpi
from servicepolicy.kpi.periods import Labeller, grouping, zone_of
from servicepolicy.kpi.records import Direction, epoch_ms
from servicepolicy.kpi.report import KpiReport, check_kpis, group_rows
from servicepolicy.tickets import ANSWER_STATES, EventKind, Ticket, is_answer, is_response

__all__ = ["TICKET_DIMENSIONS", "TicketAccumulator"]

TICKET_DIMENSIONS = ("kind", "channel", "customer", "owner", "opened_by", "priority")
"""The dimensions tickets can be grouped by, besides the period they were opened in;
``owner`` is the owner at ``as_of``, ``opened_by`` whoever took the first contact
(TKT-5)."""

Deadline = timedelta | Callable[[Ticket], datetime]


def _names(argument: str, value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, "a collection of state or kind names")
    return frozenset(value)


class TicketAccumulator:
    """Counts for the ticket KPIs, per group, in one pass over tickets (KPI-8, KPI-9).

    :param kpis: the KPIs (default ``TICKET_KPIS``).
    :param as_of: the instant of the report: later events are ignored, later tickets
        skipped.
    :param by: at most one period and any of ``TICKET_DIMENSIONS``.
    :param zone: the time zone of the periods (required with a period).
    :param reply_within: the reply deadline after opening, or a function returning a
        ticket's deadline.  The manuals say "within the promised time" and give no
        figure; one day is this library's default.
    :param reply_kinds: the ticket kinds whose replies are timed.
    :param reply_states: the states that mean "answered": their entry is the answer, and
        a response (``servicepolicy.tickets.ANSWER_STATES`` by default, as the SLA
        clocks count it).
    :param response_states: the states whose first entry is the response, or ``None``
        for the first response to the customer (a reply, a change of state told on a
        channel, or the answer: :func:`servicepolicy.tickets.is_response`), as the SLA
        clocks count it.
    :param resolved_states: the states that mean "resolved" for the problem resolution
        rate; by default each ticket's lifecycle's resolved and terminal states (as the
        SLA clocks count them).
    :param excluded_states: tickets that reached one of these are left out of the
        problem resolution rate.
    :param unresolved_states: terminal states that end a ticket without resolving it
        (a complaint closed without the customer's acceptance, TKT-3): not resolved for
        the problem resolution rate, ended but not accepted for complaint success.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        kpis: Iterable[Kpi] = TICKET_KPIS,
        *,
        as_of: datetime,
        by: Iterable[str] = (),
        zone: object = None,
        reply_within: Deadline = timedelta(days=1),
        reply_kinds: Collection[str] = ("inquiry",),
        reply_states: Collection[str] = ANSWER_STATES,
        response_states: Collection[str] | None = None,
        resolved_states: Collection[str] | None = None,
        excluded_states: Collection[str] = ("cancelled",),
        unresolved_states: Collection[str] = ("closed_unaccepted",),
    ) -> None:
        self.kpis = check_kpis(kpis, "tickets")
        self.as_of = aware("as_of", as_of)
        self.as_of_ms = epoch_ms(as_of)
        self.period, self.dimensions = grouping(by, TICKET_DIMENSIONS)
        if self.period is not None and zone is None:
            raise InvalidArgumentError("zone", None, f"a time zone to count {self.period}s in")
        self.zone = None if zone is None else zone_of(zone)
        if isinstance(reply_within, timedelta):
            if reply_within < timedelta(0):
                raise InvalidArgumentError("reply_within", reply_within, "a duration >= 0")
        elif not callable(reply_within):
            raise WrongTypeError("reply_within", reply_within, "a timedelta or a function")
        self.reply_within = reply_within
        self.reply_kinds = _names("reply_kinds", reply_kinds)
        self.reply_states = _names("reply_states", reply_states)
        self.response_states = (
            None if response_states is None else _names("response_states", response_states)
        )
        self.resolved_states = (
            None if resolved_states is None else _names("resolved_states", resolved_states)
        )
        self.excluded_states = _names("excluded_states", excluded_states)
        self.unresolved_states = _names("unresolved_states", unresolved_states)
        self._labeller = Labeller(self.zone, self.period) if self.period and self.zone else None
        self._groups: dict[tuple[object, ...], list[int]] = {}
        self.records = 0
        """How many tickets were counted."""
        self.skipped = 0
        """How many tickets were opened after ``as_of`` and skipped."""

    def _deadline_ms(self, ticket: Ticket, opened_ms: int) -> int:
        """The reply deadline: elapsed time after opening, or the function's instant."""
        if isinstance(self.reply_within, timedelta):
            return opened_ms + self.reply_within // timedelta(milliseconds=1)
        deadline = self.reply_within(ticket)
        return epoch_ms(deadline, f"ticket {ticket.id}: reply deadline")

    def add(self, ticket: Ticket) -> None:
        """Count one ticket as it stood at ``as_of``."""
        if not isinstance(ticket, Ticket):
            raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
        # instants are compared in epoch milliseconds: two datetimes of one zone compare by
        # wall time, which is wrong in the hour a daylight-saving change repeats
        as_of, events = self.as_of_ms, ticket.events
        opened = events[0]
        opened_ms = epoch_ms(opened.at)
        if opened_ms > as_of:
            self.skipped += 1
            return
        owner, first_response, replied = opened.owner, None, None
        resolved = excluded = complaint_resolved = ended = False
        proposals = 0
        life = ticket.lifecycle
        resolved_states = (
            (life.resolved | life.terminal) - self.unresolved_states
            if self.resolved_states is None
            else self.resolved_states
        )
        terminal = life.terminal
        for event in events[1:]:
            at = epoch_ms(event.at)
            if at > as_of:
                break
            if event.kind is EventKind.HAND_OVER:
                owner = event.owner
            elif event.kind is EventKind.REPLY:
                if first_response is None and self.response_states is None:
                    first_response = at
            elif event.kind is EventKind.TRANSITION:
                state = event.state
                if first_response is None and (
                    state in self.response_states
                    if self.response_states is not None
                    else is_response(event, self.reply_states)
                ):
                    first_response = at
                if replied is None and is_answer(event, self.reply_states):
                    replied = at
                resolved = resolved or state in resolved_states
                excluded = excluded or state in self.excluded_states
                if state == "proposed" and not complaint_resolved:
                    proposals += 1
                complaint_resolved = complaint_resolved or state == "resolved"
                ended = ended or state in terminal
        values: dict[str, Any] = {
            "kind": ticket.kind,
            "channel": ticket.channel,
            "customer": ticket.customer,
            "owner": owner,
            "opened_by": opened.by,
            "priority": ticket.priority,
        }
        label = None if self._labeller is None else self._labeller.label(opened_ms)
        key = ((label,) if self.period else ()) + tuple(values[d] for d in self.dimensions)
        c = self._groups.get(key)
        if c is None:
            c = self._groups[key] = [0] * m.TICKET_SIZE
        c[m.T_OPENED] += 1
        if not excluded:
            c[m.T_COUNTED] += 1
            c[m.T_RESOLVED] += resolved
        if first_response is not None:
            c[m.T_RESPONDED] += 1
            c[m.T_RESPONSE_MS] += first_response - opened_ms
        if ticket.kind in self.reply_kinds:
            deadline = self._deadline_ms(ticket, opened_ms)
            if replied is not None or deadline < as_of:
                c[m.T_REPLY_DUE] += 1
                c[m.T_REPLY_ON_TIME] += replied is not None and replied <= deadline
            else:
                c[m.T_REPLY_PENDING] += 1
        if ticket.kind == "complaint":
            c[m.T_COMPLAINTS] += 1
            c[m.T_COMPLAINTS_RESOLVED] += complaint_resolved
            c[m.T_FIRST_PROPOSAL] += complaint_resolved and proposals == 1
            c[m.T_COMPLAINTS_ENDED] += complaint_resolved or ended
        self.records += 1

    def add_all(self, tickets: Iterable[Ticket]) -> TicketAccumulator:
        """Add every ticket; returns the accumulator, for chaining."""
        for ticket in tickets:
            self.add(ticket)
        return self

    def _settings(self) -> tuple[object, ...]:
        return (
            self.kpis,
            self.as_of,
            self.period,
            self.dimensions,
            self.zone,
            self.reply_within,
            self.reply_kinds,
            self.reply_states,
            self.response_states,
            self.resolved_states,
            self.excluded_states,
            self.unresolved_states,
        )

    def merge(self, other: TicketAccumulator) -> TicketAccumulator:
        """A new accumulator holding both parts' tickets (exact; in any order)."""
        if not isinstance(other, TicketAccumulator):
            raise WrongTypeError("other", other, "a TicketAccumulator")
        if self._settings() != other._settings():
            raise InvalidArgumentError(
                "other", other, "an accumulator with the same KPIs, as_of, grouping and rules"
            )
        result = object.__new__(TicketAccumulator)
        result.__dict__.update(self.__dict__)
        result._groups = {key: list(counts) for key, counts in self._groups.items()}
        for key, counts in other._groups.items():
            mine = result._groups.setdefault(key, [0] * m.TICKET_SIZE)
            result._groups[key] = [a + b for a, b in zip(mine, counts, strict=True)]
        result.records = self.records + other.records
        result.skipped = self.skipped + other.skipped
        return result

    def __len__(self) -> int:
        """The number of groups."""
        return len(self._groups)

    def report(self) -> KpiReport:
        """Every ticket KPI for every group."""
        names = ((self.period.value,) if self.period else ()) + self.dimensions
        within = self.reply_within
        extra = {
            "as_of": self.as_of.isoformat(),
            "reply_within": str(within) if isinstance(within, timedelta) else "per ticket",
        }
        groups: dict[tuple[object, ...], Mapping[Direction | None, Sequence[int]]] = {
            key: {None: counts} for key, counts in self._groups.items()
        }
        rows = group_rows(names, groups, self.kpis, m.Layout(()), extra)
        return KpiReport(rows, by=names, records=self.records)
