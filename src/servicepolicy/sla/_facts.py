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

_ENDS: dict[int, tuple[Lifecycle, frozenset[str]]] = {}


def _ends(life: Lifecycle) -> frozenset[str]:
    """The states that stop the resolution clock: resolved or terminal (cached)."""
    found = _ENDS.get(id(life))
    if found is None or found[0] is not life:
        found = _ENDS[id(life)] = (life, life.resolved | life.terminal)
    return found[1]


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
        found = _ENDS.get(id(life))
        ends = found[1] if found is not None and found[0] is life else _ends(life)
        terminal = life.terminal
        events = ticket.events
        opened = events[0].at
        seen = {life.initial}
        contacts: list[datetime] = []  # responses: servicepolicy.tickets.is_response
        resolved: datetime | None = None
        followed: datetime | None = None
        changes: list[TicketEvent] | tuple[()] = ()
        promises: list[TicketEvent] | tuple[()] = ()
        later = ticket.updated_at > now  # then stop at the first event after now
        for event in events[1:]:
            if later and event.at > now:
                break
            kind = event.kind
            if kind is _TRANSITION:
                at = event.at
                state = event.state
                assert state is not None
                seen.add(state)
                if event.channel is not None or state in _ANSWERS:  # told, or answered (TKT-2)
                    contacts.append(at)  # servicepolicy.tickets.is_response, inline
                if resolved is None:
                    if state in ends:
                        resolved = at
                        if state in follow_up or state in terminal:  # ended: nothing owed
                            followed = at
                elif followed is None and (state in follow_up or state in terminal):
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
