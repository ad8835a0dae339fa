"""What counts as a response to the customer: one definition for the SLA clocks and the
KPIs (TKT-2, SLA-1, KPI-8, KPI-9).

The customer *got a response* when the history records a message to them:

* a ``reply`` event (a first response, a progress update; it always names its channel);
* a change of state recorded with the channel the message went out on;
* a change into an *answer state* (``answered`` for an inquiry): the answer itself, on
  the channel recorded or, when none is, on the channel the ticket came in by (TKT-2:
  the agent replies by the channel the inquiry came in).

Any other change of state, such as starting an investigation, is internal work and not
a response.  The SLA first-response and progress-update clocks
(:class:`~servicepolicy.sla.SlaPolicy`), the ticket KPIs
(:class:`~servicepolicy.kpi.TicketAccumulator`: response time and reply on-time rate) and
the TKT-2 channel check all use :func:`is_response` and :func:`is_answer`, so an inquiry
moved to ``answered`` is an on-time reply and a response alike, never one without the
other.

>>> from datetime import datetime, timedelta, timezone
>>> from servicepolicy.tickets import Ticket
>>> at = datetime(2026, 11, 24, 10, tzinfo=timezone(timedelta(hours=8)))
>>> t = Ticket.open(id="I-1", kind="inquiry", customer="C-1", channel="email", at=at, by="a")
>>> t = t.transition("answered", at=at + timedelta(hours=3), by="a")  # no channel recorded
>>> first_response(t) == at + timedelta(hours=3), response_channel(t.events[-1], t)
(True, 'email')

Where the records of a centre differ (an ``answered`` state that only files the case,
the answer being a separate reply), pass ``answer_states=()``: then only replies and
changes recorded with a channel count.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from servicepolicy.tickets.events import EventKind, TicketEvent
from servicepolicy.tickets.ticket import Ticket

__all__ = ["ANSWER_STATES", "first_response", "is_answer", "is_response", "response_channel"]

ANSWER_STATES: frozenset[str] = frozenset({"answered"})
"""States whose entry is the answer to the customer (TKT-2), a response even when no
channel is recorded."""

_TRANSITION, _REPLY = EventKind.TRANSITION, EventKind.REPLY


def is_answer(event: TicketEvent, answer_states: Collection[str] = ANSWER_STATES) -> bool:
    """Whether ``event`` is the answer: a change into one of ``answer_states`` (TKT-2).

    .. versionadded:: 0.1.0
    """
    return event.kind is _TRANSITION and event.state in answer_states


def is_response(event: TicketEvent, answer_states: Collection[str] = ANSWER_STATES) -> bool:
    """Whether the customer got a response with ``event``: a reply, a change of state told
    on a channel, or an answer (:func:`is_answer`).

    .. versionadded:: 0.1.0
    """
    kind = event.kind
    if kind is _REPLY:
        return True
    return kind is _TRANSITION and (event.channel is not None or event.state in answer_states)


def response_channel(event: TicketEvent, ticket: Ticket) -> str:
    """The channel a response went out on: the one recorded, else the ticket's own (TKT-2).

    .. versionadded:: 0.1.0
    """
    return event.channel if event.channel is not None else ticket.channel


def first_response(
    ticket: Ticket,
    *,
    until: datetime | None = None,
    answer_states: Collection[str] = ANSWER_STATES,
) -> datetime | None:
    """When the customer first got a response (:func:`is_response`), up to ``until``
    (every event when ``None``); ``None`` if they have not.

    .. versionadded:: 0.1.0
    """
    # compared in UTC: two datetimes of one zone compare by wall time, which is wrong in
    # the hour a daylight-saving change repeats
    limit = None if until is None else until.astimezone(UTC)
    for event in ticket.events[1:]:
        if limit is not None and event.at.astimezone(UTC) > limit:
            return None
        if is_response(event, answer_states):
            return event.at
    return None
