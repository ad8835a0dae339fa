"""The facts of one ticket its SLA clocks need, from one pass over its events (private)."""

from __future__ import annotations

from datetime import datetime

from servicepolicy.calendar.index import tick_of
from servicepolicy.sla._clock import Pause
from servicepolicy.tickets import EventKind, Lifecycle, Ticket, TicketEvent
from servicepolicy.tickets.responses import ANSWER_STATES as _ANSWERS

__all__ = ["Facts"]

_TRANSITION, _REPLY = EventKind.TRANSITION, EventKind.REPLY
_PROMISE, _RECLASSIFIED = EventKind.PROMISE, EventKind.RECLASSIFIED

_ANSWER, _ENDS, _FOLLOWS = 1, 2, 4
"""What entering a state means for the clocks, as bits: an answer to the customer
(TKT-2), the end of the resolution clock (resolved or terminal), the end of the
follow-up clock (a follow-up state, or terminal)."""

_ROLES: dict[tuple[int, int], tuple[Lifecycle, frozenset[str], dict[str, int]]] = {}


def _roles(life: Lifecycle, follow_up: frozenset[str]) -> dict[str, int]:
    """The bits of each state of ``life`` (filled as states come; cached)."""
    found = _ROLES.get((id(life), id(follow_up)))
    if found is None or found[0] is not life or found[1] is not follow_up:
        found = _ROLES[(id(life), id(follow_up))] = (life, follow_up, {})
    return found[2]


def _role(roles: dict[str, int], state: str, life: Lifecycle, follow_up: frozenset[str]) -> int:
    """The bits of ``state`` (see :data:`_ANSWER`), remembered in ``roles``."""
    found = roles[state] = (
        (_ANSWER if state in _ANSWERS else 0)
        | (_ENDS if state in life.resolved or state in life.terminal else 0)
        | (_FOLLOWS if state in follow_up or state in life.terminal else 0)
    )
    return found


class Facts:
    """What the clocks of one ticket need, from one pass over its events up to ``now``.

    The pass keeps what every clock reads (the states seen, the messages, when it was
    resolved and followed up); the list of state entries (:attr:`states`) and the ticks
    of the pauses are built from the events only when a clock asks for them."""

    __slots__ = (
        "_contact_ticks",
        "_spans",
        "_states",
        "_until",
        "changes",
        "contacts",
        "followed",
        "opened",
        "promises",
        "resolved",
        "seen",
        "ticket",
    )

    def __init__(self, ticket: Ticket, now: datetime, follow_up: frozenset[str]) -> None:
        life = ticket.lifecycle
        found = _ROLES.get((id(life), id(follow_up)))
        if found is not None and found[0] is life and found[1] is follow_up:
            roles = found[2]
        else:
            roles = _roles(life, follow_up)
        events = ticket.events
        opened = events[0].at
        seen = {life.initial}
        contacts: list[datetime] = []  # responses: servicepolicy.tickets.is_response
        resolved: datetime | None = None
        followed: datetime | None = None
        changes: list[TicketEvent] | tuple[()] = ()
        promises: list[TicketEvent] | tuple[()] = ()
        later = events[-1].at > now  # then stop at the first event after now
        for event in events[1:]:
            if later and event.at > now:
                break
            kind = event.kind
            if kind is _TRANSITION:
                state = event.state
                assert state is not None
                seen.add(state)
                role = roles.get(state)
                if role is None:
                    role = _role(roles, state, life, follow_up)
                told = event.channel is not None
                if role or told:
                    at = event.at
                    if told or role & _ANSWER:  # told, or answered (TKT-2)
                        contacts.append(at)  # servicepolicy.tickets.is_response, inline
                    if resolved is None:
                        if role & _ENDS:
                            resolved = at
                            if role & _FOLLOWS:  # ended: nothing owed
                                followed = at
                    elif followed is None and role & _FOLLOWS:
                        followed = at
            elif kind is _REPLY:
                contacts.append(event.at)
            elif kind is _RECLASSIFIED:
                changes = [*changes, event]
            elif kind is _PROMISE:
                promises = [*promises, event]
        self.ticket, self.opened, self._until = ticket, opened, now if later else None
        self.seen, self.contacts = seen, contacts
        self.resolved, self.followed = resolved, followed
        self.changes, self.promises = changes, promises
        self._states: list[tuple[datetime, str]] | None = None
        self._spans: dict[frozenset[str], list[Pause]] | None = None
        self._contact_ticks: list[int] | None = None

    @property
    def states(self) -> list[tuple[datetime, str]]:
        """Every state entry up to ``now``: ``(when, state)``, the opening first."""
        found = self._states
        if found is None:
            events, until = self.ticket.events, self._until
            found = [(self.opened, self.ticket.lifecycle.initial)]
            for event in events[1:]:
                if until is not None and event.at > until:
                    break
                if event.kind is _TRANSITION:
                    assert event.state is not None
                    found.append((event.at, event.state))
            self._states = found
        return found

    def contact_ticks(self) -> list[int]:
        """The ticks of :attr:`contacts` (converted once)."""
        found = self._contact_ticks
        if found is None:
            found = self._contact_ticks = [tick_of(at) for at in self.contacts]
        return found

    def spans(self, states: frozenset[str]) -> list[Pause]:
        """Every stay in ``states``, in ticks, the last one's end ``None`` while it lasts
        (converted once per ``states``: the clocks of a ticket share them)."""
        cache = self._spans
        if cache is None:
            cache = self._spans = {}
        found = cache.get(states)
        if found is None:
            found = cache[states] = []
            entries = self.states
            last = len(entries) - 1
            for i, (at, state) in enumerate(entries):
                if state in states:
                    found.append((tick_of(at), tick_of(entries[i + 1][0]) if i < last else None))
        return found

    def pauses(self, states: frozenset[str], start: int, end: int) -> list[Pause]:
        """The time spent in ``states`` within ``[start, end]``, in ticks."""
        if states.isdisjoint(self.seen):
            return []
        found: list[Pause] = []
        for at, finish in self.spans(states):
            begin = at if at > start else start
            if (finish is not None and finish <= start) or begin >= end:
                continue
            found.append((begin, finish if finish is None or finish < end else end))
        return found

    def first_entry(self, state: str, since: datetime) -> datetime | None:
        """When the ticket first entered ``state`` at or after ``since``."""
        return next((at for at, s in self.states if s == state and at >= since), None)
