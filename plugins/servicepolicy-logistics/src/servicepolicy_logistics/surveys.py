"""LOG-5: the satisfaction survey owed after each completed order.

Built on :mod:`servicepolicy.obligations`: :func:`survey_obligation` is
:func:`~servicepolicy.obligations.survey_after` (CAD-4) for an order ticket entering
``completed``, citing LOG-5; :func:`survey_done` reads from the ticket whether the survey
was made (its entry into ``surveyed``); :func:`check_surveys` hands both to
:func:`~servicepolicy.obligations.check_obligations`: missed is an error, late a warning.

>>> from datetime import timedelta
>>> from servicepolicy import plugins
>>> from servicepolicy.testing import T0, make_ticket
>>> office = plugins.calendar("cn-office")
>>> t = make_ticket("logistics_order", "audited", "confirmed", "dispatched", "delivered",
...                 "completed", id="O-7")
>>> print(survey_obligation(t, office))
2026-11-24 LOG-5 satisfaction survey after the completed order [O-7] (agent-1)
>>> [v.rule_id for v in check_surveys([t], office, now=T0 + timedelta(days=3))]
['LOG-5']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import DoneRecord, Obligation, check_obligations, survey_after
from servicepolicy.rules import Violation
from servicepolicy.tickets import EventKind, Ticket

from servicepolicy_logistics import _checks as check
from servicepolicy_logistics.order_progress import ORDER_KIND

__all__ = ["SurveyRules", "check_surveys", "survey_done", "survey_obligation"]

COMPLETED = "completed"
SURVEYED = "surveyed"


@attrs.frozen
class SurveyRules:
    """When the survey after a completed order is due (LOG-5).

    :param working_days: working days after completion (CAD-4's default: 1).
    :param calendar: the code of the calendar the days are counted on, looked up with
        :func:`servicepolicy.plugins.calendar` (by default ``cn-office``: Mon–Fri with
        China's holidays and make-up days).

    .. versionadded:: 0.1.0
    """

    working_days: int = attrs.field(default=1, validator=check.validator(check.count))
    calendar: str = attrs.field(default="cn-office", validator=check.validator(check.text))


def _order(ticket: object) -> Ticket:
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    if ticket.kind != ORDER_KIND:
        raise InvalidArgumentError("ticket: kind", ticket.kind, f"a {ORDER_KIND} ticket")
    return ticket


def survey_obligation(
    ticket: Ticket, calendar: BusinessCalendar, *, working_days: int = 1, owner: str | None = None
) -> Obligation | None:
    """The survey owed after the order ``ticket`` was completed (LOG-5), ``working_days``
    working days on ``calendar`` after it entered ``completed``, owed by ``owner`` (by
    default the ticket's owner) under the key ``"survey:<order id>"``; ``None`` while the
    order is not completed.

    :raises servicepolicy.errors.ServicePolicyError: if ``ticket`` is not a
        ``logistics_order`` ticket, or ``working_days`` is negative.

    .. versionadded:: 0.1.0
    """
    return survey_after(
        _order(ticket),
        calendar,
        working_days=working_days,
        state=COMPLETED,
        owner=owner,
        rule_id="LOG-5",
        title="satisfaction survey after the completed order",
    )


def survey_done(ticket: Ticket) -> DoneRecord | None:
    """The record that the survey of :func:`survey_obligation` was made: the order's first
    entry into ``surveyed``; ``None`` if it never did.

    .. versionadded:: 0.1.0
    """
    for event in _order(ticket).events:
        if event.kind is EventKind.TRANSITION and event.state == SURVEYED:
            return DoneRecord(f"survey:{ticket.id}", event.at, by=event.by)
    return None


def check_surveys(
    tickets: Iterable[Ticket],
    calendar: BusinessCalendar,
    now: datetime,
    *,
    working_days: int = 1,
) -> tuple[Violation, ...]:
    """LOG-5 for each order ticket as it stood at ``now``: a survey due before ``now`` and
    not made is an error, one made late a warning (see
    :func:`~servicepolicy.obligations.check_obligations`).  Other kinds of ticket are
    skipped.

    .. versionadded:: 0.1.0
    """
    now = check.aware("now", now)
    listed = check.items("tickets", tickets, Ticket, "a servicepolicy.tickets.Ticket")
    owed: list[Obligation] = []
    done: list[DoneRecord] = []
    for ticket in listed:
        if ticket.kind != ORDER_KIND or ticket.created_at > now:
            continue
        current = ticket.as_of(now)
        obligation = survey_obligation(current, calendar, working_days=working_days)
        if obligation is not None:
            owed.append(obligation)
        record = survey_done(current)
        if record is not None:
            done.append(record)
    return check_obligations(owed, done, now)
