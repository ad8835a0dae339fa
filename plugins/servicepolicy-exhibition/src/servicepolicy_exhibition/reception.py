"""Reception visits: preparation and follow-up (EXH-3).

The exhibition manual prepares every reception visit (the library's ``reception`` ticket
kind: ``scheduled -> prepared -> received -> followed_up -> closed``) with five items:
the **customer profile**, the **purpose** of the visit, the **staff** who receive the
customer, the **venue** and the **materials**.  After the visit, the receiving staff give
**feedback to the specialist** in charge of the customer and, when the customer showed
**purchase intent**, **hand the customer over to sales**.

The facts are written into the ticket's history as tagged notes
(``"[EXH-3 purpose] discuss a 2027 booth"``) by :func:`prepare`, :func:`give_feedback`
and :func:`record_intent`; a hand-over to sales is an ordinary hand-over (TKT-5) to an
owner of the sales team.  The checks read them back:

* :func:`exh_3_preparation`: when the visit is marked ``prepared``, every required item
  has been recorded (an ``error`` naming the missing ones);
* :func:`exh_3_follow_up`: when it is marked ``followed_up``, feedback went to the
  specialist after the visit, and purchase intent recorded by then was handed to sales
  (intent recorded later must be handed over before the reception is closed).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.tickets import Ticket
>>> at = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> t = Ticket.open(id="R-1", kind="reception", customer="C-1", channel="visit",
...                 at=at, by="agent-1")
>>> t = prepare(t, ReceptionPlan(purpose="2027 booth", venue="room 3"), at=at, by="agent-1")
>>> t = t.transition("prepared", at=at + timedelta(hours=1), by="agent-1")
>>> [v.message for v in exh_3_preparation(t)]
['reception R-1 was marked prepared without: profile, staff, materials']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import attrs
from servicepolicy.confidential import confidential
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Severity, Violation
from servicepolicy.tickets import EventKind, Ticket

from servicepolicy_exhibition import _checks as check
from servicepolicy_exhibition._notes import tag, tagged

__all__ = [
    "FEEDBACK",
    "INTENT",
    "PREPARATION_ITEMS",
    "RECEPTION_KINDS",
    "SALES",
    "ReceptionPlan",
    "exh_3_follow_up",
    "exh_3_preparation",
    "give_feedback",
    "plan_of",
    "prepare",
    "record_intent",
]

PREPARATION_ITEMS = ("profile", "purpose", "staff", "venue", "materials")
"""What a reception visit is prepared with (EXH-3), in the manual's order.

.. versionadded:: 0.1.0
"""

FEEDBACK = "feedback"
"""The tag item of feedback to the specialist (EXH-3).

.. versionadded:: 0.1.0
"""

INTENT = "intent"
"""The tag item of purchase intent shown during a visit (EXH-3).

.. versionadded:: 0.1.0
"""

RECEPTION_KINDS = frozenset({"reception"})
"""The ticket kinds judged as reception visits: the library's ``reception``.

.. versionadded:: 0.1.0
"""

SALES = frozenset({"sales"})
"""The owners that count as sales: ``"sales"`` and its members (``"sales-li"``).

.. versionadded:: 0.1.0
"""

_PREPARED, _RECEIVED, _FOLLOWED_UP = "prepared", "received", "followed_up"
_LISTS = frozenset({"staff", "materials"})


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        check.text(f"reception plan: {attribute.name}", value)


def _as_tuple(value: Any) -> Any:
    """A string as a tuple of one, an iterable as a tuple; anything else unchanged, for
    the validator to refuse with the field's name."""
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, Iterable) else value


def _entries(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if not isinstance(value, tuple):
        raise WrongTypeError(
            f"reception plan: {attribute.name}", value, "a string or an iterable of strings"
        )
    for index, item in enumerate(value):
        check.text(f"reception plan: {attribute.name}[{index}]", item)
        if "," in item:
            raise InvalidArgumentError(
                f"reception plan: {attribute.name}[{index}]", item, "a name without a comma"
            )


@attrs.frozen
class ReceptionPlan:
    """The preparation of a reception visit (EXH-3); an item not known yet is ``None``
    (or empty), and :meth:`missing` lists it.

    :param profile: the customer profile read for the visit (a summary or a reference);
        customer information (CONF-1), confidential ``"business"``: masked in ``repr()``.
    :param purpose: the purpose of the visit.
    :param staff: who receives the customer.
    :param venue: where.
    :param materials: what is prepared (brochures, floor plans, samples).
    :raises servicepolicy.errors.ServicePolicyError: if an item is an empty string or of
        the wrong type; the message names the field.

    >>> ReceptionPlan(purpose="2027 booth", staff=["li", "wang"]).missing()
    ('profile', 'venue', 'materials')

    .. versionadded:: 0.1.0
    """

    profile: str | None = confidential("business", default=None, validator=_optional_text)
    purpose: str | None = attrs.field(default=None, validator=_optional_text)
    staff: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, validator=_entries)
    venue: str | None = attrs.field(default=None, validator=_optional_text)
    materials: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, validator=_entries)

    def missing(self, required: Iterable[str] = PREPARATION_ITEMS) -> tuple[str, ...]:
        """The ``required`` items not prepared, in the manual's order."""
        wanted = _items(required)
        return tuple(item for item in PREPARATION_ITEMS if item in wanted and not self._has(item))

    def _has(self, item: str) -> bool:
        return bool(getattr(self, item))

    def notes(self) -> list[str]:
        """The tagged notes recording the prepared items."""
        found = []
        for item in PREPARATION_ITEMS:
            if self._has(item):
                value = getattr(self, item)
                shown = ", ".join(value) if item in _LISTS else value
                found.append(tag("EXH-3", item, shown))
        return found


def _items(required: Iterable[str]) -> frozenset[str]:
    wanted = check.names("required", required)
    unknown = sorted(wanted - set(PREPARATION_ITEMS))
    if unknown:
        raise InvalidArgumentError(
            "required", unknown, "preparation items: " + ", ".join(PREPARATION_ITEMS)
        )
    return wanted


def _ticket(ticket: object) -> Ticket:
    if not isinstance(ticket, Ticket):
        raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
    return ticket


def prepare(ticket: Ticket, plan: ReceptionPlan, *, at: datetime, by: str) -> Ticket:
    """``ticket`` with the items of ``plan`` recorded as notes at ``at`` by ``by``; an
    item recorded again replaces the earlier one.

    .. versionadded:: 0.1.0
    """
    _ticket(ticket)
    if not isinstance(plan, ReceptionPlan):
        raise WrongTypeError("plan", plan, "a ReceptionPlan")
    for note in plan.notes():
        ticket = ticket.note(note, at=at, by=by)
    return ticket


def plan_of(ticket: Ticket, as_of: datetime | None = None) -> ReceptionPlan:
    """The preparation recorded in ``ticket``'s history (up to ``as_of``): the latest
    note of each item.

    .. versionadded:: 0.1.0
    """
    found: dict[str, str] = {}
    for note in tagged(_ticket(ticket), "EXH-3", PREPARATION_ITEMS):
        if as_of is not None and note.at > as_of:
            break
        if note.text:
            found[note.item] = note.text

    def listed(item: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in found.get(item, "").split(",") if part.strip())

    return ReceptionPlan(
        profile=found.get("profile"),
        purpose=found.get("purpose"),
        staff=listed("staff"),
        venue=found.get("venue"),
        materials=listed("materials"),
    )


def give_feedback(ticket: Ticket, *, specialist: str, text: str, at: datetime, by: str) -> Ticket:
    """``ticket`` with feedback on the visit to ``specialist`` recorded (EXH-3).

    .. versionadded:: 0.1.0
    """
    _ticket(ticket)
    check.text("specialist", specialist)
    check.text("text", text)
    if ":" in specialist:
        raise InvalidArgumentError("specialist", specialist, "an ID without a colon")
    return ticket.note(tag("EXH-3", FEEDBACK, f"to {specialist}: {text}"), at=at, by=by)


def record_intent(ticket: Ticket, *, text: str, at: datetime, by: str) -> Ticket:
    """``ticket`` with the customer's purchase intent recorded (EXH-3): it must be handed
    over to sales by the follow-up.

    .. versionadded:: 0.1.0
    """
    _ticket(ticket)
    check.text("text", text)
    return ticket.note(tag("EXH-3", INTENT, text), at=at, by=by)


def _entered(ticket: Ticket, state: str) -> tuple[int, datetime] | None:
    """The event number and instant of the first entry into ``state``."""
    for number, event in enumerate(ticket.events, 1):
        if event.kind in (EventKind.TRANSITION, EventKind.OPENED) and event.state == state:
            return number, event.at
    return None


def exh_3_preparation(
    ticket: Ticket, *, required: Iterable[str] = PREPARATION_ITEMS
) -> Iterator[Violation]:
    """EXH-3: a reception marked ``prepared`` had every ``required`` item recorded by
    then.

    :param required: the items a visit must be prepared with; by default all five of the
        manual (profile, purpose, staff, venue, materials).

    .. versionadded:: 0.1.0
    """
    wanted = _items(required)
    entered = _entered(ticket, _PREPARED)
    if entered is None:
        return
    number, at = entered
    missing = plan_of(ticket, as_of=at).missing(wanted)
    if missing:
        yield Violation(
            "EXH-3",
            Severity.ERROR,
            f"{ticket.kind} {ticket.id} was marked prepared without: {', '.join(missing)}",
            subject=ticket.id,
            facts={"event": number, "prepared_at": at.isoformat(), "missing": list(missing)},
            suggestion="record the missing items with prepare() before marking it prepared",
        )


def exh_3_follow_up(
    ticket: Ticket, now: datetime, *, sales: Iterable[str] = SALES
) -> Iterator[Violation]:
    """EXH-3: a reception marked ``followed_up`` (as of ``now``) gave feedback to the
    specialist after the visit, and handed purchase intent over to sales.

    Intent recorded by the follow-up must be handed to sales by then; intent recorded
    later, by the time the reception is closed.

    :param sales: the owners that count as sales (``"sales"`` matches ``"sales-li"``).

    .. versionadded:: 0.1.0
    """
    check.instant("now", now)
    teams = check.names("sales", sales)
    ticket = ticket.as_of(now)
    followed = _entered(ticket, _FOLLOWED_UP)
    if followed is None:
        return
    number, followed_at = followed
    received = _entered(ticket, _RECEIVED)
    received_at = received[1] if received is not None else ticket.created_at
    feedback = [
        n for n in tagged(ticket, "EXH-3", [FEEDBACK]) if received_at <= n.at <= followed_at
    ]
    if not feedback:
        yield Violation(
            "EXH-3",
            Severity.ERROR,
            f"{ticket.kind} {ticket.id} was followed up without feedback to the specialist",
            subject=ticket.id,
            facts={"event": number, "followed_up_at": followed_at.isoformat()},
            suggestion="give the specialist feedback on the visit with give_feedback()",
        )
    intents = tagged(ticket, "EXH-3", [INTENT])
    if not intents:
        return
    intent = intents[0]
    if intent.at <= followed_at:
        due: datetime | None = followed_at
    else:
        terminal = ticket.lifecycle.terminal
        closed = next((at for at, state in ticket.history_of("state") if state in terminal), None)
        due = None if closed is None else max(closed, intent.at)
    if due is None:
        return
    handed = [
        e
        for e in ticket.events
        if e.kind is EventKind.HAND_OVER and e.owner and check.is_member(e.owner, teams)
    ]
    if not handed or handed[0].at > due:
        late = f", only at {handed[0].at.isoformat(timespec='minutes')}" if handed else ""
        yield Violation(
            "EXH-3",
            Severity.ERROR,
            f"{ticket.kind} {ticket.id}: the customer showed purchase intent, but was not "
            f"handed over to sales by {due.isoformat(timespec='minutes')}{late}",
            subject=ticket.id,
            facts={
                "intent_at": intent.at.isoformat(),
                "due": due.isoformat(),
                "sales": sorted(teams),
                "handed_over_at": handed[0].at.isoformat() if handed else None,
            },
            suggestion="hand the customer over to sales (ticket.hand_over(to='sales-…'))",
        )
