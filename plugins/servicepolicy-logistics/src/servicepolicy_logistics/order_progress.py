"""LOG-1: an order's way from receipt to completion, and the feedback the customer is owed.

An order is followed as a ticket of the kind ``logistics_order`` (:data:`ORDER`):
``received`` → ``audited`` (→ ``waiting_on_customer`` for what the audit found missing,
and back) → ``confirmed`` → ``dispatched`` (passed on to transport) → ``delivered`` →
``completed`` → ``surveyed`` (LOG-5) → ``closed``; an order that cannot be accepted is
``rejected``, with a note saying why.  :func:`open_order` opens it from an
:class:`~servicepolicy_logistics.Order`.

"Progress is fed back to the customer": :func:`check_feedback` wants a message to the
customer after each milestone (by default ``confirmed``, ``dispatched`` and
``delivered``) within :attr:`FeedbackRules.within`.  A message is a reply event, or the
milestone's own transition recorded with the channel the news went out on.

>>> from datetime import timedelta
>>> from servicepolicy.testing import T0, make_ticket
>>> t = make_ticket("logistics_order", "audited", "confirmed", id="O-1")
>>> [v.rule_id for v in check_feedback(t, T0 + timedelta(hours=3))]
['LOG-1']
>>> t = t.reply(at=T0 + timedelta(minutes=30), by="agent-1", note="order confirmed")
>>> check_feedback(t, T0 + timedelta(hours=3))
()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation
from servicepolicy.tickets import EventKind, Lifecycle, Ticket

from servicepolicy_logistics import _checks as check
from servicepolicy_logistics.orders import Order

__all__ = ["ORDER", "ORDER_KIND", "FeedbackRules", "check_feedback", "open_order"]

ORDER_KIND = "logistics_order"
"""The ticket kind an order is followed as."""

ORDER = Lifecycle(
    kind=ORDER_KIND,
    rule="LOG-1",
    initial="received",
    transitions={
        "received": {"audited"},
        "audited": {"confirmed", "waiting_on_customer", "rejected"},
        "waiting_on_customer": {"audited"},
        "confirmed": {"dispatched"},
        "dispatched": {"delivered"},
        "delivered": {"completed"},
        "completed": {"surveyed"},
        "surveyed": {"closed"},
        "rejected": set(),
        "closed": set(),
    },
    terminal={"closed", "rejected"},
    waiting={"waiting_on_customer"},
    notes_required={"rejected"},
    resolved={"completed", "rejected"},
)
"""The lifecycle of an order (LOG-1, LOG-5)."""


def _states(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    names = frozenset(check.items("feedback rules: states", value, str, "a state name"))
    for name in sorted(names):
        if name not in ORDER.states:
            raise InvalidArgumentError(
                "feedback rules: states", name, "a state of " + ", ".join(sorted(ORDER.states))
            )
    return names


@attrs.frozen
class FeedbackRules:
    """When the customer is owed news of an order (LOG-1).

    :param states: the milestones the customer is told of (the manual: confirmed and
        passed on, with progress fed back; by default ``confirmed``, ``dispatched``,
        ``delivered``).
    :param within: how soon after a milestone; the manual gives no figure: 2 hours.

    .. versionadded:: 0.1.0
    """

    states: frozenset[str] = attrs.field(
        default=frozenset({"confirmed", "dispatched", "delivered"}), converter=_states
    )
    within: timedelta = attrs.field(
        default=timedelta(hours=2), validator=check.validator(check.duration)
    )


def open_order(order: Order, *, by: str, at: datetime | None = None) -> Ticket:
    """The ``logistics_order`` ticket of ``order``: same ID, customer and channel, opened
    by ``by`` when the order came in (or at ``at``).

    :raises servicepolicy.errors.InvalidArgumentError: if the order names no customer
        (audit it, and ask the customer first).

    .. versionadded:: 0.1.0
    """
    if not isinstance(order, Order):
        raise WrongTypeError("order", order, "a servicepolicy_logistics.Order")
    if order.customer is None or not order.customer.strip():
        raise InvalidArgumentError(
            "order: customer", order.customer, "the customer's ID (audit the order first)"
        )
    return Ticket.open(
        id=order.id,
        kind=ORDER_KIND,
        customer=order.customer,
        channel=order.channel.value,
        at=order.received_at if at is None else check.aware("at", at),
        by=check.text("by", by),
        lifecycle=ORDER,
    )


def _messages(ticket: Ticket) -> list[datetime]:
    """When the customer was sent news: replies, and changes recorded with a channel."""
    return [
        e.at
        for e in ticket.events
        if e.kind is EventKind.REPLY or (e.kind is EventKind.TRANSITION and e.channel)
    ]


def check_feedback(
    ticket: Ticket, now: datetime, rules: FeedbackRules | None = None
) -> tuple[Violation, ...]:
    """LOG-1: each milestone of ``rules.states`` the order reached by ``now`` was followed by
    news to the customer within ``rules.within``: missing past that time, an error; sent
    late, a warning.  Tickets of other kinds have nothing to check.

    .. versionadded:: 0.1.0
    """
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    now = check.aware("now", now)
    rules = FeedbackRules() if rules is None else rules
    if ticket.kind != ORDER_KIND or ticket.created_at > now:
        return ()
    ticket = ticket.as_of(now)
    messages = _messages(ticket)
    found = []
    for entered, state in ticket.history_of("state"):
        if state not in rules.states:
            continue
        deadline = entered + rules.within
        sent = next((at for at in messages if at >= entered), None)
        facts: dict[str, object] = {"state": state, "entered": entered, "deadline": deadline}
        if sent is None and now > deadline:
            facts["overdue_by"] = now - deadline
            found.append(
                Violation(
                    "LOG-1",
                    Severity.ERROR,
                    f"order {ticket.id} was {state} at {_local(entered)} and the customer "
                    f"has not been told ({describe_span(now - deadline)} overdue)",
                    subject=ticket.id,
                    facts=facts,
                    suggestion=f"tell the customer the order is {state}, by {ticket.channel}",
                )
            )
        elif sent is not None and sent > deadline:
            facts.update(sent=sent, late_by=sent - deadline)
            found.append(
                Violation(
                    "LOG-1",
                    Severity.WARNING,
                    f"order {ticket.id} was {state} at {_local(entered)} and the customer was "
                    f"told {describe_span(sent - deadline)} late",
                    subject=ticket.id,
                    facts=facts,
                    suggestion=f"tell the customer within {describe_span(rules.within)}",
                )
            )
    return tuple(found)


def _local(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%d %H:%M")
