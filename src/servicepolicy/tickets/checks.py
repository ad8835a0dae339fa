"""Rules judged on a ticket's history, returned as violations (TKT-2).

The lifecycle refuses events that cannot happen; these checks flag events that did
happen but break a rule of the manual.  They return values, never raise.

>>> from datetime import datetime, timedelta, timezone
>>> at = datetime(2026, 11, 24, 10, tzinfo=timezone(timedelta(hours=8)))
>>> t = Ticket.open(id="I-7", kind="inquiry", customer="C-1", channel="email", at=at, by="a")
>>> t = t.transition("answered", at=at + timedelta(hours=1), by="a", channel="phone")
>>> [v.rule_id for v in check_ticket(t)]
['TKT-2']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from servicepolicy.rules import Severity, Violation
from servicepolicy.tickets.events import EventKind
from servicepolicy.tickets.responses import ANSWER_STATES, is_answer
from servicepolicy.tickets.ticket import Ticket

__all__ = ["TICKET_RULES", "check_ticket", "tkt_2_reply_channel"]


def tkt_2_reply_channel(ticket: Ticket) -> Iterator[Violation]:
    """TKT-2: the agent replies by the channel the inquiry came in.  An answer is a change
    into an answer state, or a reply to an inquiry (a ticket whose lifecycle implements
    TKT-2); one recorded without a channel is taken to use the ticket's own channel."""
    inquiry = ticket.lifecycle.rule == "TKT-2"
    for number, event in enumerate(ticket.events, 1):
        answer = is_answer(event, ANSWER_STATES)
        if not (answer or (inquiry and event.kind is EventKind.REPLY)):
            continue
        if event.channel is not None and event.channel != ticket.channel:
            yield Violation(
                "TKT-2",
                Severity.ERROR,
                f"ticket {ticket.id} was answered by {event.channel} at "
                f"{event.at.isoformat(timespec='minutes')}, but came in by {ticket.channel}",
                subject=ticket.id,
                facts={
                    "event": number,
                    "answered_by": event.channel,
                    "came_in": ticket.channel,
                    "agent": event.by,
                },
                suggestion=f"reply by {ticket.channel}, the channel the customer used",
            )


TICKET_RULES: tuple[Callable[[Ticket], Iterator[Violation]], ...] = (tkt_2_reply_channel,)
"""The checks :func:`check_ticket` runs, in order."""


def check_ticket(ticket: Ticket) -> tuple[Violation, ...]:
    """Every violation found by the rules of ``TICKET_RULES`` in the ticket's history."""
    return tuple(v for rule in TICKET_RULES for v in rule(ticket))
