"""One-off obligations from plans and tickets (TIER-4, CAD-4, CAD-5, TKT-3).

* :func:`visit_obligations` turns the key-account visit plan of
  :func:`~servicepolicy.customers.visit_plan` (sized by tier) into obligations (TIER-4,
  CAD-5); :func:`care_obligations` does the same for the greetings and gifts of
  :func:`~servicepolicy.customers.care_actions` (TIER-4).
* :func:`follow_up_visit` is the follow-up visit owed a number of working days after a
  complaint is resolved (CAD-5, TKT-3); :func:`follow_up_done` reads from the ticket's
  history whether it was made.  :func:`survey_after` is the satisfaction survey owed after
  a completed complaint or order (CAD-4).

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy import BusinessCalendar, Ticket
>>> SH = ZoneInfo("Asia/Shanghai")
>>> office = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
>>> t = Ticket.open(id="T-7", kind="complaint", customer="C-1", channel="phone",
...                 at=datetime(2026, 9, 28, 9, tzinfo=SH), by="agent-7")
>>> for state in ("investigating", "proposed"):
...     t = t.transition(state, at=datetime(2026, 9, 29, 10, tzinfo=SH), by="agent-7")
>>> t = t.approve(role="cs_department", at=datetime(2026, 9, 29, 11, tzinfo=SH), by="head")
>>> for state in ("negotiating", "resolved"):
...     t = t.transition(state, at=datetime(2026, 9, 30, 15, tzinfo=SH), by="agent-7")
>>> print(follow_up_visit(t, office, working_days=3))
2026-10-10 CAD-5 follow-up visit after the complaint was resolved [T-7] (agent-7)

Resolved on 30 September, the eve of the National Day holidays: the three working days
are 8 and 9 October and Saturday 10 October, a make-up working day (调休, CAL-3).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from servicepolicy import checks as check
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import CareAction, PlannedVisit
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations.obligation import DoneRecord, Obligation
from servicepolicy.tickets import EventKind, Ticket

__all__ = [
    "care_obligations",
    "follow_up_done",
    "follow_up_visit",
    "survey_after",
    "visit_obligations",
]


def visit_obligations(plan: Iterable[PlannedVisit], tz: tzinfo | str) -> tuple[Obligation, ...]:
    """The visits of a key-account visit plan as obligations (TIER-4, CAD-5).

    Each :class:`~servicepolicy.customers.PlannedVisit` is owed by its visitor by the end
    of its day in ``tz``, under the key ``"visit:<customer>@<date>"``.

    .. versionadded:: 0.1.0
    """
    visits = check.items("plan", plan, PlannedVisit, "a PlannedVisit")
    zone = check.zone("tz", tz)
    return tuple(
        Obligation.by_end_of(
            visit.date,
            zone,
            key=f"visit:{visit.customer}@{visit.date.isoformat()}",
            rule_id="TIER-4",
            title=f"key-account visit ({visit.purpose})",
            owner=visit.visitor,
            subject=visit.customer,
        )
        for visit in visits
    )


def care_obligations(
    actions: Iterable[CareAction], tz: tzinfo | str, *, owner: str | None = None
) -> tuple[Obligation, ...]:
    """The greetings and gifts of :func:`~servicepolicy.customers.care_actions` as
    obligations (TIER-4), owed by ``owner`` (the account manager) by the end of their
    day, under the key ``"<action>:<customer>:<occasion>@<date>"``.

    .. versionadded:: 0.1.0
    """
    found = check.items("actions", actions, CareAction, "a CareAction")
    zone = check.zone("tz", tz)
    owner = check.optional_text("owner", owner)
    return tuple(
        Obligation.by_end_of(
            action.date,
            zone,
            key=f"{action.action}:{action.customer}:{action.occasion}@{action.date.isoformat()}",
            rule_id="TIER-4",
            title=f"{action.action} on {action.occasion}",
            owner=owner,
            subject=action.customer,
        )
        for action in found
    )


def _entered(ticket: Ticket, state: str) -> tuple[Ticket, str]:
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    check.text("state", state)
    if state not in ticket.lifecycle.states:
        states = ", ".join(sorted(ticket.lifecycle.states))
        raise InvalidArgumentError(
            "state", state, f"a state of the {ticket.kind} lifecycle: {states}"
        )
    return ticket, state


def _after(
    ticket: Ticket,
    calendar: BusinessCalendar,
    working_days: int,
    state: str,
    *,
    name: str,
    rule_id: str,
    title: str,
    owner: str | None,
) -> Obligation | None:
    ticket, state = _entered(ticket, state)
    if not isinstance(calendar, BusinessCalendar):
        raise WrongTypeError("calendar", calendar, "a BusinessCalendar")
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
        raise InvalidArgumentError("working_days", working_days, "an int >= 0")
    owner = check.optional_text("owner", owner)
    entries = [at for at, value in ticket.history_of("state") if value == state]
    if not entries:
        return None
    day = calendar.add_working_days(entries[-1].astimezone(calendar.tz).date(), working_days)
    return Obligation.by_end_of(
        day,
        calendar.tz,
        key=f"{name}:{ticket.id}",
        rule_id=rule_id,
        title=title,
        owner=owner if owner is not None else ticket.owner,
        subject=ticket.id,
    )


def follow_up_visit(
    ticket: Ticket,
    calendar: BusinessCalendar,
    *,
    working_days: int = 3,
    state: str = "resolved",
    owner: str | None = None,
) -> Obligation | None:
    """The follow-up visit (回访) owed ``working_days`` working days after the ticket was
    resolved (CAD-5, TKT-3), or ``None`` while it has not been.

    The days are counted on ``calendar`` from the local day the ticket last entered
    ``state`` (``"resolved"`` for complaints; the manuals give no figure: 3 by default);
    the visit is due by the end of that working day, owed by ``owner`` (by default the
    ticket's owner), under the key ``"follow_up_visit:<ticket id>"``.

    :raises servicepolicy.errors.ServicePolicyError: if ``state`` is not a state of the
        ticket's lifecycle or ``working_days`` is negative.

    .. versionadded:: 0.1.0
    """
    ticket, state = _entered(ticket, state)
    return _after(
        ticket,
        calendar,
        working_days,
        state,
        name="follow_up_visit",
        rule_id="CAD-5",
        title=f"follow-up visit after the {ticket.kind} was {state}",
        owner=owner,
    )


def follow_up_done(ticket: Ticket, *, state: str = "followed_up") -> DoneRecord | None:
    """The record that the follow-up visit of :func:`follow_up_visit` was made: the first
    time the ticket entered ``state``, by whoever recorded it; ``None`` if it never did.

    .. versionadded:: 0.1.0
    """
    ticket, state = _entered(ticket, state)
    for event in ticket.events:
        if event.kind is EventKind.TRANSITION and event.state == state:
            return DoneRecord(f"follow_up_visit:{ticket.id}", event.at, by=event.by)
    return None


def survey_after(
    ticket: Ticket,
    calendar: BusinessCalendar,
    *,
    working_days: int = 1,
    state: str | None = None,
    owner: str | None = None,
    rule_id: str = "CAD-4",
    title: str = "satisfaction survey after completion",
) -> Obligation | None:
    """The satisfaction survey owed after a completed complaint or order (CAD-4), or
    ``None`` while it is not completed; ``rule_id`` and ``title`` let a plugin cite its
    own rule (LOG-5: a survey after each completed order).

    Completed means entering ``state``: by default ``"resolved"`` where the lifecycle
    has it (a complaint asks for satisfaction when resolved, TKT-3), else ``"closed"``.
    The survey is due ``working_days`` working days later (default 1), under the key
    ``"survey:<ticket id>"``.

    .. versionadded:: 0.1.0
    """
    if state is None and isinstance(ticket, Ticket):
        state = "resolved" if "resolved" in ticket.lifecycle.states else "closed"
    return _after(
        ticket,
        calendar,
        working_days,
        state if state is not None else "closed",
        name="survey",
        rule_id=rule_id,
        title=title,
        owner=owner,
    )
