"""A ticket: its identity and its events; state and owner are derived (TKT-1 … TKT-6).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> t = Ticket.open(id="T-1", kind="complaint", customer="C-1", channel="phone",
...                 at=at, by="agent-7")
>>> t.state, t.owner
('accepted', 'agent-7')
>>> t = t.transition("investigating", at=at + timedelta(minutes=5), by="agent-7")
>>> t = t.hand_over(to="dept-tech", at=at + timedelta(hours=1), by="agent-7",
...                 reason="fault analysis of the installed unit")
>>> t.state, t.owner
('investigating', 'dept-tech')
>>> [owner for _, owner in t.history_of("owner")]
['agent-7', 'dept-tech']
>>> t.transition("closed", at=at + timedelta(hours=2), by="dept-tech")
Traceback (most recent call last):
...
servicepolicy.errors.InvalidTransitionError: ticket T-1 (complaint), event 4: expected a state \
allowed from 'investigating': proposed, waiting_on_customer, got 'closed'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

import attrs

from servicepolicy.errors import InvalidTransitionError, WrongTypeError
from servicepolicy.tickets.events import EventKind, TicketEvent
from servicepolicy.tickets.lifecycle import LIFECYCLES, Lifecycle

__all__ = ["CHANNELS", "Ticket"]

CHANNELS = frozenset({"phone", "chat", "email", "visit", "survey", "web", "letter"})
"""The contact channels of the manuals (TKT-1, EXH-2); plugins may pass others."""


@attrs.frozen
class _Replay:
    """What the events add up to: the state, the owner, and what guards need."""

    state: str
    owner: str
    last_at: datetime
    return_to: str | None  # the state a waiting state returns to
    approvals: frozenset[str]  # roles that approved while in the current state


def _events(value: Iterable[TicketEvent]) -> tuple[TicketEvent, ...]:
    return tuple(value)


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(f"ticket: {attribute.name}", value, "a non-empty string")


@attrs.frozen
class Ticket:
    """A customer's request and everything that happened to it (TKT-1 … TKT-6).

    ``state`` and ``owner`` are derived by replaying ``events``, never stored apart; a
    ticket whose events its lifecycle does not allow cannot be built.  Use
    :meth:`open` for first contact, then :meth:`transition`, :meth:`hand_over`,
    :meth:`approve` and :meth:`note`, each returning a new ticket.

    :param kind: a kind registered in the lifecycle registry (``complaint``,
        ``inquiry``, ``after_sales``, ``reception``, ``feedback``, or a plugin's).
    :param channel: where the customer came in (TKT-1); answers go out on it (TKT-2).
    :param priority: e.g. ``"P2"`` from :class:`~servicepolicy.tickets.PriorityMatrix`.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_text)
    kind: str = attrs.field(validator=_text)
    channel: str = attrs.field(validator=_text)
    customer: str = attrs.field(validator=_text)
    events: tuple[TicketEvent, ...] = attrs.field(converter=_events)
    priority: str | None = None
    _lifecycle: Lifecycle | None = attrs.field(default=None, eq=False, repr=False)
    _replay: _Replay = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self._lifecycle is None:
            object.__setattr__(self, "_lifecycle", LIFECYCLES.get(self.kind))
        elif self._lifecycle.kind != self.kind:
            raise InvalidTransitionError(
                f"ticket {self.id}: lifecycle",
                self._lifecycle.kind,
                f"the lifecycle of {self.kind}",
            )
        if not self.events:
            raise InvalidTransitionError(
                f"ticket {self.id}: events", (), "at least the opening event"
            )
        object.__setattr__(self, "_replay", self._replay_events())

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: str,
        kind: str,
        customer: str,
        channel: str,
        at: datetime,
        by: str,
        priority: str | None = None,
        note: str | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> Ticket:
        """First contact: ``by`` takes the ticket and owns it to the end (TKT-5)."""
        life = lifecycle or LIFECYCLES.get(kind)
        opened = TicketEvent(
            EventKind.OPENED, at, by, state=life.initial, owner=by, note=note, channel=channel
        )
        return cls(id, kind, channel, customer, (opened,), priority, life)

    def _with(self, event: TicketEvent) -> Ticket:
        return attrs.evolve(self, events=(*self.events, event))

    def transition(
        self, to: str, *, at: datetime, by: str, note: str | None = None, channel: str | None = None
    ) -> Ticket:
        """Move to state ``to`` (allowed by the lifecycle); ``channel`` records where an
        answer went out (TKT-2)."""
        event = TicketEvent(
            EventKind.TRANSITION, at, by, source=self.state, state=to, note=note, channel=channel
        )
        return self._with(event)

    def hand_over(self, *, to: str, at: datetime, by: str, reason: str) -> Ticket:
        """Hand the ticket to a new owner, naming the responsibility handed over (TKT-5)."""
        return self._with(
            TicketEvent(EventKind.HAND_OVER, at, by, source=self.owner, owner=to, note=reason)
        )

    def approve(self, *, role: str, at: datetime, by: str, note: str | None = None) -> Ticket:
        """Record an approval by ``role`` (TKT-3: the department approves a proposal)."""
        return self._with(TicketEvent(EventKind.APPROVAL, at, by, role=role, note=note))

    def note(self, text: str, *, at: datetime, by: str) -> Ticket:
        """Add a note to the history."""
        return self._with(TicketEvent(EventKind.NOTE, at, by, note=text))

    # -- derived -------------------------------------------------------------------------------

    @property
    def lifecycle(self) -> Lifecycle:
        """The lifecycle the ticket's kind follows."""
        assert self._lifecycle is not None
        return self._lifecycle

    @property
    def state(self) -> str:
        """The current state, from the events."""
        return self._replay.state

    @property
    def owner(self) -> str:
        """The one current owner, from the events (TKT-5)."""
        return self._replay.owner

    @property
    def created_at(self) -> datetime:
        """When the ticket was opened (its first event)."""
        return self.events[0].at

    @property
    def updated_at(self) -> datetime:
        """When the last event happened."""
        return self._replay.last_at

    @property
    def is_closed(self) -> bool:
        """Whether the ticket is in a terminal state."""
        return self.state in self.lifecycle.terminal

    @property
    def is_waiting(self) -> bool:
        """Whether it waits on the customer or a third party (SLA clocks pause, SLA-3)."""
        return self.state in self.lifecycle.waiting

    def history_of(self, what: Literal["state", "owner"]) -> tuple[tuple[datetime, str], ...]:
        """``(at, value)`` each time the state or the owner changed, starting with the
        opening."""
        if what not in ("state", "owner"):
            raise WrongTypeError("what", what, "'state' or 'owner'")
        return tuple(
            (event.at, value)
            for event in self.events
            if (value := getattr(event, what)) is not None
        )

    # -- replay ----------------------------------------------------------------------------------

    def _refuse(self, number: int, expected: str, got: object) -> InvalidTransitionError:
        error = InvalidTransitionError(
            f"ticket {self.id} ({self.kind}), event {number}", got, expected
        )
        error.event = number  # which event the lifecycle refused (1 is the opening)
        return error

    def _replay_events(self) -> _Replay:
        """Replay every event, checking each (TKT-3 … TKT-6); the hot path of reading
        tickets, so the state is kept in local variables."""
        life, events = self.lifecycle, self.events
        first = events[0]
        if not isinstance(first, TicketEvent):
            raise WrongTypeError(f"ticket {self.id}: events[0]", first, "a TicketEvent")
        if first.kind is not EventKind.OPENED or first.state != life.initial:
            raise self._refuse(1, f"an opening event in state {life.initial!r}", first)
        if not first.owner:
            raise self._refuse(1, "an owner: whoever took the first contact", None)
        state, owner, last_at = life.initial, first.owner, first.at
        return_to: str | None = None
        approvals: frozenset[str] = frozenset()
        terminal = life.terminal
        for number, event in enumerate(events[1:], 2):
            if not isinstance(event, TicketEvent):
                raise WrongTypeError(
                    f"ticket {self.id}: events[{number - 1}]", event, "a TicketEvent"
                )
            kind = event.kind
            if event.at < last_at:
                raise self._refuse(
                    number, f"an event at or after the previous one ({last_at})", event.at
                )
            if kind is EventKind.OPENED:
                raise self._refuse(number, "one opening event, the first", kind)
            if state in terminal and kind is not EventKind.NOTE:
                raise self._refuse(number, f"only notes after the terminal state {state!r}", kind)
            last_at = event.at
            if kind is EventKind.TRANSITION:
                target = self._check_transition(state, return_to, approvals, event, number)
                return_to = state if target in life.waiting else None
                state, approvals = target, frozenset()
            elif kind is EventKind.HAND_OVER:
                if not event.owner or event.owner == owner:
                    raise self._refuse(number, f"a new owner other than {owner!r}", event.owner)
                if not event.note:
                    raise self._refuse(
                        number, "the responsibility handed over (a reason)", event.note
                    )
                owner = event.owner
            elif kind is EventKind.APPROVAL:
                if not event.role:
                    raise self._refuse(number, "the approving role", event.role)
                approvals = approvals | {event.role}
        return _Replay(state, owner, last_at, return_to, approvals)

    def _check_transition(
        self,
        current: str,
        return_to: str | None,
        approvals: frozenset[str],
        event: TicketEvent,
        number: int,
    ) -> str:
        life, target = self.lifecycle, event.state
        if event.source is not None and event.source != current:
            raise self._refuse(number, f"a change from the current state {current!r}", event.source)
        allowed = life.allowed_from(current)
        if target not in allowed:
            choices = ", ".join(sorted(allowed)) or "none (terminal)"
            raise self._refuse(number, f"a state allowed from {current!r}: {choices}", target)
        assert target is not None
        if current in life.waiting and return_to and target != return_to:
            raise self._refuse(number, f"a return to {return_to!r}, where the wait began", target)
        role = life.approval_for(current, target)
        if role is not None and role not in approvals:
            raise self._refuse(
                number, f"an approval by {role!r} recorded in {current!r} first (TKT-3)", target
            )
        if target in life.notes_required and not event.note:
            raise self._refuse(number, f"a note when entering {target!r} (TKT-3)", event.note)
        return target
