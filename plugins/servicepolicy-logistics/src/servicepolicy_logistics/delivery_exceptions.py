"""LOG-4: the delivery-exception ticket kinds, their deadlines and their escalations.

Each exception has its own handling in the manual, and so its own lifecycle:

* ``delivery_damage`` (:data:`DAMAGE`): photograph at once, contact the customer, agree
  a remedy: ``reported`` → ``customer_contacted`` (⇄ ``waiting_on_customer``) →
  ``remedy_agreed`` → ``remedied`` → ``closed``.  Photo evidence
  (:func:`~servicepolicy_logistics.record_photos`) must be on the ticket before the
  remedy is agreed.
* ``delivery_loss`` (:data:`LOSS`): report to the company at once, investigate:
  ``reported`` → ``investigating`` (⇄ ``waiting_on_third_party``) → ``recovered`` or
  ``confirmed_lost`` → ``compensated`` → ``closed`` with the investigation's findings.
  The report is an escalation required from the moment the loss is reported.
* ``delivery_delay`` (:data:`DELAY`): tell the customer the cause at once, noting force
  majeure: ``reported`` → ``customer_informed`` → ``delivered`` (or ``cancelled``) →
  ``closed``.
* ``delivery_dispute`` (:data:`DISPUTE`), a hand-over dispute: ``reported`` →
  ``negotiating`` (⇄ ``waiting_on_third_party``, an arbiter or surveyor) → ``settled``
  (with a note of the settlement) → ``closed``; a dispute not settled in time is
  escalated to a superior.

:class:`ExceptionRules` holds the figures (the manual says "at once" and "if needed");
:func:`exception_targets` turns them into SLA targets and :func:`exception_escalations`
into the escalations a ticket requires.

>>> from datetime import timedelta
>>> from servicepolicy.testing import T0, make_ticket
>>> lost = make_ticket("delivery_loss", id="L-1")
>>> (report,) = exception_escalations(lost, T0)
>>> report.to, report.at == lost.created_at, report.emergency, report.reason
('department_head', True, True, 'goods lost in delivery: report to the company at once')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
from servicepolicy.errors import WrongTypeError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.obligations import describe_span
from servicepolicy.sla import SlaTarget
from servicepolicy.tickets import Lifecycle, Ticket

from servicepolicy_logistics import _checks as check

__all__ = [
    "DAMAGE",
    "DAMAGE_KIND",
    "DELAY",
    "DELAY_KIND",
    "DISPUTE",
    "DISPUTE_KIND",
    "EXCEPTION_KINDS",
    "EXCEPTION_LIFECYCLES",
    "LOSS",
    "LOSS_KIND",
    "ExceptionRules",
    "exception_escalations",
    "exception_targets",
]

DAMAGE_KIND = "delivery_damage"
LOSS_KIND = "delivery_loss"
DELAY_KIND = "delivery_delay"
DISPUTE_KIND = "delivery_dispute"
EXCEPTION_KINDS = (DAMAGE_KIND, LOSS_KIND, DELAY_KIND, DISPUTE_KIND)
"""The delivery-exception ticket kinds (LOG-4)."""

DAMAGE = Lifecycle(
    kind=DAMAGE_KIND,
    rule="LOG-4",
    initial="reported",
    transitions={
        "reported": {"customer_contacted"},
        "customer_contacted": {"remedy_agreed", "waiting_on_customer"},
        "waiting_on_customer": {"customer_contacted"},
        "remedy_agreed": {"remedied"},
        "remedied": {"closed"},
        "closed": set(),
    },
    terminal={"closed"},
    waiting={"waiting_on_customer"},
    resolved={"remedied"},
)
"""Damaged goods: photograph, contact the customer, agree a remedy (LOG-4)."""

LOSS = Lifecycle(
    kind=LOSS_KIND,
    rule="LOG-4",
    initial="reported",
    transitions={
        "reported": {"investigating"},
        "investigating": {"recovered", "confirmed_lost", "waiting_on_third_party"},
        "waiting_on_third_party": {"investigating"},
        "recovered": {"closed"},
        "confirmed_lost": {"compensated"},
        "compensated": {"closed"},
        "closed": set(),
    },
    terminal={"closed"},
    waiting={"waiting_on_third_party"},
    notes_required={"closed"},
    resolved={"recovered", "compensated"},
)
"""Lost goods: report to the company at once, investigate internally (LOG-4); the
ticket closes with the investigation's findings."""

DELAY = Lifecycle(
    kind=DELAY_KIND,
    rule="LOG-4",
    initial="reported",
    transitions={
        "reported": {"customer_informed"},
        "customer_informed": {"delivered", "cancelled"},
        "delivered": {"closed"},
        "cancelled": {"closed"},
        "closed": set(),
    },
    terminal={"closed"},
    resolved={"delivered", "cancelled"},
)
"""A late delivery: tell the customer the cause at once, force majeure noted (LOG-4)."""

DISPUTE = Lifecycle(
    kind=DISPUTE_KIND,
    rule="LOG-4",
    initial="reported",
    transitions={
        "reported": {"negotiating"},
        "negotiating": {"settled", "waiting_on_third_party"},
        "waiting_on_third_party": {"negotiating"},
        "settled": {"closed"},
        "closed": set(),
    },
    terminal={"closed"},
    waiting={"waiting_on_third_party"},
    notes_required={"settled"},
    resolved={"settled"},
)
"""A hand-over dispute: negotiate, refer to a third party if needed, settle (LOG-4)."""

EXCEPTION_LIFECYCLES = (DAMAGE, LOSS, DELAY, DISPUTE)
"""The lifecycles of the four kinds, in the order of :data:`EXCEPTION_KINDS`."""


_DURATION = check.validator(check.duration)
_LEVEL = check.validator(check.text)


@attrs.frozen
class ExceptionRules:
    """The figures of LOG-4.  The manual says "at once" and "if needed"; the defaults are
    the plugin's reading, every one a parameter.

    :param first_response: damage, loss, dispute: the customer hears from us within this
        (SLA first response).  1 hour.
    :param photo_within: damage: the photos are taken within this of the report ("at
        once").  1 hour.
    :param inform_within: delay: the customer is told the cause within this ("at once");
        also the delay's first-response target.  1 hour.
    :param progress_every: while open, the customer gets news at this interval (SLA-5);
        ``None`` for no such target.  24 hours.
    :param damage_resolution: the remedy carried out within this.  3 days.
    :param loss_resolution: the goods recovered or compensated within this.  7 days.
    :param delay_resolution: the goods delivered (or the order cancelled) within this.
        2 days.
    :param dispute_resolution: the dispute settled within this.  3 days.
    :param calendar: the calendar (by its name in the SLA policy) the targets run on;
        ``None`` for calendar time: deliveries run every day.
    :param loss_report_to: the level that is "the company" a loss is reported to at once
        (a level of the escalation ladder).  ``department_head``.
    :param loss_emergency: whether the loss report may skip levels (ESC-2: the skipped
        levels are owed a report afterwards).  ``True``: "at once".
    :param dispute_escalate_after: a dispute not settled within this "needs" a superior.
        24 hours.
    :param dispute_escalate_to: that superior's level.  ``team_leader``.

    .. versionadded:: 0.1.0
    """

    first_response: timedelta = attrs.field(default=timedelta(hours=1), validator=_DURATION)
    photo_within: timedelta = attrs.field(default=timedelta(hours=1), validator=_DURATION)
    inform_within: timedelta = attrs.field(default=timedelta(hours=1), validator=_DURATION)
    progress_every: timedelta | None = attrs.field(
        default=timedelta(hours=24), validator=check.validator(check.optional(check.duration))
    )
    damage_resolution: timedelta = attrs.field(default=timedelta(days=3), validator=_DURATION)
    loss_resolution: timedelta = attrs.field(default=timedelta(days=7), validator=_DURATION)
    delay_resolution: timedelta = attrs.field(default=timedelta(days=2), validator=_DURATION)
    dispute_resolution: timedelta = attrs.field(default=timedelta(days=3), validator=_DURATION)
    calendar: str | None = attrs.field(default=None, validator=check.validator(check.optional_text))
    loss_report_to: str = attrs.field(default="department_head", validator=_LEVEL)
    loss_emergency: bool = attrs.field(default=True, validator=check.validator(check.flag))
    dispute_escalate_after: timedelta = attrs.field(
        default=timedelta(hours=24), validator=_DURATION
    )
    dispute_escalate_to: str = attrs.field(default="team_leader", validator=_LEVEL)


def _rules(rules: ExceptionRules | None) -> ExceptionRules:
    if rules is None:
        return ExceptionRules()
    if not isinstance(rules, ExceptionRules):
        raise WrongTypeError("rules", rules, "an ExceptionRules or None")
    return rules


def exception_targets(rules: ExceptionRules | None = None) -> tuple[SlaTarget, ...]:
    """The SLA targets of the four kinds (LOG-4, SLA-1, SLA-5), named ``logistics-…``.

    .. versionadded:: 0.1.0
    """
    r = _rules(rules)
    respond = {
        DAMAGE_KIND: r.first_response,
        LOSS_KIND: r.first_response,
        DELAY_KIND: r.inform_within,
        DISPUTE_KIND: r.first_response,
    }
    resolve = {
        DAMAGE_KIND: r.damage_resolution,
        LOSS_KIND: r.loss_resolution,
        DELAY_KIND: r.delay_resolution,
        DISPUTE_KIND: r.dispute_resolution,
    }
    targets = []
    for kind in EXCEPTION_KINDS:
        short = kind.removeprefix("delivery_")
        targets += [
            SlaTarget(
                f"logistics-{short}-response",
                "first_response",
                respond[kind],
                kinds=kind,
                calendar=r.calendar,
                rule="LOG-4",
            ),
            SlaTarget(
                f"logistics-{short}-resolution",
                "resolution",
                resolve[kind],
                kinds=kind,
                calendar=r.calendar,
                rule="LOG-4",
            ),
        ]
        if r.progress_every is not None:
            targets.append(
                SlaTarget(
                    f"logistics-{short}-progress",
                    "progress_update",
                    r.progress_every,
                    kinds=kind,
                    calendar=r.calendar,
                    rule="LOG-4",
                )
            )
    return tuple(targets)


def exception_escalations(
    ticket: Ticket, now: datetime, rules: ExceptionRules | None = None
) -> tuple[EscalationRequired, ...]:
    """The escalations ``ticket`` requires by ``now`` under LOG-4: a loss is reported to
    ``rules.loss_report_to`` from the moment it is reported; a dispute not settled
    ``rules.dispute_escalate_after`` after it was reported goes to
    ``rules.dispute_escalate_to``.  Other kinds require none.

    .. versionadded:: 0.1.0
    """
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    now = check.aware("now", now)
    r = _rules(rules)
    if ticket.created_at > now:
        return ()
    if ticket.kind == LOSS_KIND:
        return (
            EscalationRequired(
                ticket.id,
                r.loss_report_to,
                "LOG-4",
                "goods lost in delivery: report to the company at once",
                ticket.created_at,
                emergency=r.loss_emergency,
            ),
        )
    if ticket.kind == DISPUTE_KIND:
        due = ticket.created_at + r.dispute_escalate_after
        settled = [
            at for at, state in ticket.history_of("state") if state in ticket.lifecycle.resolved
        ]
        if now >= due and not (settled and settled[0] <= due):
            return (
                EscalationRequired(
                    ticket.id,
                    r.dispute_escalate_to,
                    "LOG-4",
                    f"hand-over dispute not settled within "
                    f"{describe_span(r.dispute_escalate_after)}: escalate to a superior "
                    "(or refer it to a third party)",
                    due,
                ),
            )
    return ()
