"""Tickets: event-sourced lifecycles, first-contact ownership and hand-overs (TKT-1 … TKT-6).

.. versionadded:: 0.1.0
"""

from servicepolicy.tickets.checks import TICKET_RULES, check_ticket
from servicepolicy.tickets.events import EventKind, TicketEvent
from servicepolicy.tickets.lifecycle import (
    LIFECYCLES,
    Lifecycle,
    LifecycleRegistry,
    builtin_lifecycles,
)
from servicepolicy.tickets.priority import ITIL_MATRIX, PriorityMatrix
from servicepolicy.tickets.responses import (
    ANSWER_STATES,
    first_response,
    is_answer,
    is_response,
    response_channel,
)
from servicepolicy.tickets.ticket import CHANNELS, Ticket

__all__ = [
    "ANSWER_STATES",
    "CHANNELS",
    "ITIL_MATRIX",
    "LIFECYCLES",
    "TICKET_RULES",
    "EventKind",
    "Lifecycle",
    "LifecycleRegistry",
    "PriorityMatrix",
    "Ticket",
    "TicketEvent",
    "builtin_lifecycles",
    "check_ticket",
    "first_response",
    "is_answer",
    "is_response",
    "response_channel",
]
