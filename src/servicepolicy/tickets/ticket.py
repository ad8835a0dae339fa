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

from servicepolicy.checks import trusted_constructor
from servicepolicy.errors import InvalidTransitionError, WrongTypeError
from servicepolicy.tickets._replay import LAST_AT, OWNER, PRIORITY, STATE, TIER, Replayed, replay
from servicepolicy.tickets.events import EventKind, TicketEvent
from servicepolicy.tickets.lifecycle import LIFECYCLES, Lifecycle

__all__ = ["CHANNELS", "Ticket"]

_CHANGES = {
    "state": frozenset({EventKind.OPENED, EventKind.TRANSITION}),
    "owner": frozenset({EventKind.OPENED, EventKind.HAND_OVER}),
    "priority": frozenset({EventKind.RECLASSIFIED}),
    "tier": frozenset({EventKind.RECLASSIFIED}),
}

CHANNELS = frozenset({"phone", "chat", "email", "visit", "survey", "web", "letter"})
"""The contact channels of the manuals (TKT-1, EXH-2); plugins may pass others."""


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
    :param priority: the priority it was opened with, e.g. ``"P2"`` from
        :class:`~servicepolicy.tickets.PriorityMatrix`; a reclassification event changes
        :attr:`current_priority`.
    :param tier: the customer's tier when it was opened (SLA targets may depend on it,
        SLA-1); a reclassification event changes :attr:`current_tier`.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_text)
    kind: str = attrs.field(validator=_text)
    channel: str = attrs.field(validator=_text)
    customer: str = attrs.field(validator=_text)
    events: tuple[TicketEvent, ...] = attrs.field(converter=_events)
    priority: str | None = None
    tier: str | None = None
    _lifecycle: Lifecycle | None = attrs.field(default=None, eq=False, repr=False)
    _replay: Replayed = attrs.field(init=False, eq=False, repr=False)

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
        object.__setattr__(self, "_replay", replay(self.id, self.lifecycle, self.events))

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
        tier: str | None = None,
        note: str | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> Ticket:
        """First contact: ``by`` takes the ticket and owns it to the end (TKT-5)."""
        life = lifecycle or LIFECYCLES.get(kind)
        opened = TicketEvent(
            EventKind.OPENED, at, by, state=life.initial, owner=by, note=note, channel=channel
        )
        return cls(id, kind, channel, customer, (opened,), priority, tier, life)

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

    def reply(
        self, *, at: datetime, by: str, channel: str | None = None, note: str | None = None
    ) -> Ticket:
        """Record a message to the customer: a first response or a progress update
        (SLA-1, SLA-5); ``channel`` defaults to the one the ticket came in on (TKT-2)."""
        event = TicketEvent(EventKind.REPLY, at, by, note=note, channel=channel or self.channel)
        return self._with(event)

    def promise(
        self,
        *,
        due: datetime,
        at: datetime,
        by: str,
        state: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Record a deadline promised to the customer: ``state`` reached by ``due``, or a
        reply by then if no state is named (SLA-4)."""
        return self._with(TicketEvent(EventKind.PROMISE, at, by, state=state, note=note, due=due))

    def reclassify(
        self,
        *,
        at: datetime,
        by: str,
        priority: str | None = None,
        tier: str | None = None,
        note: str | None = None,
    ) -> Ticket:
        """Record a new priority or customer tier; SLA clocks re-target and keep the time
        already used (SLA-1)."""
        event = TicketEvent(EventKind.RECLASSIFIED, at, by, note=note, priority=priority, tier=tier)
        return self._with(event)

    def as_of(self, instant: datetime) -> Ticket:
        """The ticket as it stood at ``instant``: its events up to then (itself if none
        came later)."""
        if self.updated_at <= instant:
            return self
        events = tuple(e for e in self.events if e.at <= instant)
        if not events:
            raise InvalidTransitionError(
                f"ticket {self.id}: as_of", instant, f"an instant from {self.created_at}"
            )
        return attrs.evolve(self, events=events)

    # -- derived -------------------------------------------------------------------------------

    @property
    def lifecycle(self) -> Lifecycle:
        """The lifecycle the ticket's kind follows."""
        assert self._lifecycle is not None
        return self._lifecycle

    @property
    def state(self) -> str:
        """The current state, from the events."""
        return self._replay[STATE]

    @property
    def owner(self) -> str:
        """The one current owner, from the events (TKT-5)."""
        return self._replay[OWNER]

    @property
    def created_at(self) -> datetime:
        """When the ticket was opened (its first event)."""
        return self.events[0].at

    @property
    def updated_at(self) -> datetime:
        """When the last event happened."""
        return self._replay[LAST_AT]

    @property
    def current_priority(self) -> str | None:
        """The priority now, the last reclassification's, else the one it opened with."""
        return self._replay[PRIORITY] or self.priority

    @property
    def current_tier(self) -> str | None:
        """The customer's tier now, the last reclassification's, else the one it opened
        with."""
        return self._replay[TIER] or self.tier

    @property
    def is_closed(self) -> bool:
        """Whether the ticket is in a terminal state."""
        return self.state in self.lifecycle.terminal

    @property
    def is_waiting(self) -> bool:
        """Whether it waits on the customer or a third party (SLA clocks pause, SLA-3)."""
        return self.state in self.lifecycle.waiting

    def history_of(
        self, what: Literal["state", "owner", "priority", "tier"]
    ) -> tuple[tuple[datetime, str], ...]:
        """``(at, value)`` each time the state, the owner, the priority or the tier changed,
        starting with the opening (for priority and tier: if the ticket had one)."""
        kinds = _CHANGES.get(what)
        if kinds is None:
            raise WrongTypeError("what", what, "'state', 'owner', 'priority' or 'tier'")
        opening: tuple[tuple[datetime, str], ...] = ()
        if what in ("priority", "tier") and (value := getattr(self, what)) is not None:
            opening = ((self.created_at, value),)
        return opening + tuple(
            (event.at, value)
            for event in self.events
            if event.kind in kinds and (value := getattr(event, what)) is not None
        )


_fields = trusted_constructor(Ticket)


def build(
    id: str,
    kind: str,
    channel: str,
    customer: str,
    events: tuple[TicketEvent, ...],
    priority: str | None,
    tier: str | None,
    lifecycle: Lifecycle,
) -> Ticket:
    """A :class:`Ticket` of fields already checked, its events replayed (private to the
    library: the readers' hot path; the events are still checked in full)."""
    replayed = replay(id, lifecycle, events)
    return _fields(id, kind, channel, customer, events, priority, tier, lifecycle, replayed)


def trusted(
    id: str,
    kind: str,
    channel: str,
    customer: str,
    events: tuple[TicketEvent, ...],
    priority: str | None,
    tier: str | None,
    lifecycle: Lifecycle,
    state: str,
    owner: str,
) -> Ticket:
    """A :class:`Ticket` whose events were checked elsewhere, column by column, with the
    ``state`` and ``owner`` they lead to (private to the library: the bulk reader, for
    histories without approvals, waits or reclassifications; anything else is built by
    :func:`build`, which replays the events)."""
    replayed: Replayed = (state, owner, events[-1].at, None, (), None, None)
    return _fields(id, kind, channel, customer, events, priority, tier, lifecycle, replayed)
