"""LOG-4: the rules judged on a delivery-exception ticket's history.

* Damage: photo evidence (a ``photos:`` note, :mod:`~servicepolicy_logistics.evidence`)
  must be on the ticket before it enters ``remedy_agreed`` (an error otherwise), and is
  taken "at once": within :attr:`ExceptionRules.photo_within` of the report (missing past
  that, an error; taken later, a warning).
* Delay: the customer is told the cause "at once": a message to the customer (a reply, or
  a change recorded with a channel) at or after a recorded cause, within
  :attr:`ExceptionRules.inform_within` of the report (missing past that, an error; told
  later, a warning).  A force-majeure cause is named as such in the violation's facts.

Loss and dispute have no history rule of their own: their "report at once" and "escalate
if needed" are escalations (:func:`~servicepolicy_logistics.exception_escalations`),
checked against the escalations made with
:meth:`servicepolicy.escalation.EscalationPolicy.check`.

>>> from datetime import timedelta
>>> from servicepolicy.testing import T0, make_ticket
>>> t = make_ticket("delivery_damage", "customer_contacted", "remedy_agreed", id="D-2")
>>> [(v.rule_id, v.severity.label) for v in check_exception(t, T0 + timedelta(minutes=30))]
[('LOG-4', 'error')]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime

from servicepolicy.errors import WrongTypeError
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Severity, Violation
from servicepolicy.tickets import EventKind, Ticket

from servicepolicy_logistics import _checks as check
from servicepolicy_logistics.delivery_exceptions import (
    DAMAGE_KIND,
    DELAY_KIND,
    ExceptionRules,
)
from servicepolicy_logistics.evidence import causes_of, photos_of

__all__ = ["check_exception"]

REMEDY_AGREED = "remedy_agreed"


def check_exception(
    ticket: Ticket, now: datetime, rules: ExceptionRules | None = None
) -> tuple[Violation, ...]:
    """The LOG-4 violations in ``ticket``'s history as of ``now``; none for other kinds.

    .. versionadded:: 0.1.0
    """
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    now = check.aware("now", now)
    rules = ExceptionRules() if rules is None else rules
    if not isinstance(rules, ExceptionRules):
        raise WrongTypeError("rules", rules, "an ExceptionRules or None")
    if ticket.created_at > now:
        return ()
    ticket = ticket.as_of(now)
    if ticket.kind == DAMAGE_KIND:
        return _damage(ticket, now, rules)
    if ticket.kind == DELAY_KIND:
        return _delay(ticket, now, rules)
    return ()


def _violation(
    ticket: Ticket, severity: Severity, message: str, fix: str, **facts: object
) -> Violation:
    return Violation(
        "LOG-4",
        severity,
        message,
        subject=ticket.id,
        facts={"kind": ticket.kind, **facts},
        suggestion=fix,
    )


def _damage(ticket: Ticket, now: datetime, rules: ExceptionRules) -> tuple[Violation, ...]:
    photos = photos_of(ticket)
    first = photos[0].at if photos else None
    deadline = ticket.created_at + rules.photo_within
    agreed = next(
        (
            e.at
            for e in ticket.events
            if e.kind is EventKind.TRANSITION and e.state == REMEDY_AGREED
        ),
        None,
    )
    if agreed is not None and (first is None or first > agreed):
        return (
            _violation(
                ticket,
                Severity.ERROR,
                f"damage {ticket.id}: the remedy was agreed at {_local(agreed)} without "
                "photo evidence of the damage",
                "photograph the damage and record the photos before agreeing a remedy",
                remedy_agreed=agreed,
                photos_at=first,
            ),
        )
    if first is None and now > deadline:
        return (
            _violation(
                ticket,
                Severity.ERROR,
                f"damage {ticket.id}: no photo of the damage "
                f"{describe_span(now - ticket.created_at)} after it was reported",
                "photograph the damage now and record the photos on the ticket",
                deadline=deadline,
                overdue_by=now - deadline,
            ),
        )
    if first is not None and first > deadline:
        return (
            _violation(
                ticket,
                Severity.WARNING,
                f"damage {ticket.id}: photographed {describe_span(first - deadline)} later "
                f"than the {describe_span(rules.photo_within)} allowed",
                "photograph damage at once, as soon as it is reported",
                deadline=deadline,
                photos_at=first,
                late_by=first - deadline,
            ),
        )
    return ()


def _delay(ticket: Ticket, now: datetime, rules: ExceptionRules) -> tuple[Violation, ...]:
    causes = causes_of(ticket)
    deadline = ticket.created_at + rules.inform_within
    first_cause = causes[0].at if causes else None
    told = None
    if first_cause is not None:
        told = next(
            (
                e.at
                for e in ticket.events
                if e.at >= first_cause
                and (
                    e.kind is EventKind.REPLY
                    or (e.kind is EventKind.TRANSITION and e.channel is not None)
                )
            ),
            None,
        )
    facts: dict[str, object] = {"deadline": deadline}
    if causes:
        facts.update(cause=causes[-1].text, force_majeure=causes[-1].force_majeure)
    if told is None and now > deadline:
        what = "the cause was not recorded" if not causes else "the customer was not told it"
        return (
            _violation(
                ticket,
                Severity.ERROR,
                f"delay {ticket.id}: the customer has not been told the cause of the delay "
                f"{describe_span(now - ticket.created_at)} after it was reported ({what})",
                "record the cause (noting force majeure) and tell the customer now",
                overdue_by=now - deadline,
                **facts,
            ),
        )
    if told is not None and told > deadline:
        return (
            _violation(
                ticket,
                Severity.WARNING,
                f"delay {ticket.id}: the customer was told the cause "
                f"{describe_span(told - deadline)} later than the "
                f"{describe_span(rules.inform_within)} allowed",
                "tell the customer the cause of a delay at once",
                told_at=told,
                late_by=told - deadline,
                **facts,
            ),
        )
    return ()


def _local(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%d %H:%M")
