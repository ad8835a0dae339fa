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
    """What the clocks of one ticket need, from one pass over its events up to ``now``."""

    __slots__ = (
        "changes",
        "contacts",
        "followed",
        "opened",
        "promises",
        "resolved",
        "seen",
        "states",
        "ticket",
        "tz",
    )

    def __init__(self, ticket: Ticket, now: datetime, follow_up: frozenset[str]) -> None:
        life = ticket.lifecycle
        found = _ENDS.get(id(life))
        ends = found[1] if found is not None and found[0] is life else _ends(life)
        terminal = life.terminal
        events = ticket.events
        opened = events[0].at
        states: list[tuple[datetime, str]] = [(opened, life.initial)]
        seen = {life.initial}
        contacts: list[datetime] = []  # responses: servicepolicy.tickets.is_response
        resolved: datetime | None = None
        followed: datetime | None = None
        changes: list[TicketEvent] = []
        promises: list[TicketEvent] = []
        later = ticket.updated_at > now  # then stop at the first event after now
        for event in events[1:]:
            at = event.at
            if later and at > now:
                break
            kind = event.kind
            if kind is _TRANSITION:
                state = event.state
                assert state is not None
                states.append((at, state))
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
                contacts.append(at)
            elif kind is _RECLASSIFIED:
                changes.append(event)
            elif kind is _PROMISE:
                promises.append(event)
        self.ticket, self.opened, self.tz = ticket, opened, opened.tzinfo
        self.states, self.seen, self.contacts = states, seen, contacts
        self.resolved, self.followed = resolved, followed
        self.changes, self.promises = changes, promises

    def pauses(self, states: frozenset[str], start: int, end: int) -> list[Pause]:
        """The time spent in ``states`` within ``[start, end]``, in ticks."""
        if states.isdisjoint(self.seen):
            return []
        found: list[Pause] = []
        entries = self.states
        for i, (at, state) in enumerate(entries):
            if state not in states:
                continue
            begin = max(tick_of(at), start)
            finish = tick_of(entries[i + 1][0]) if i + 1 < len(entries) else None
            if (finish is not None and finish <= start) or begin >= end:
                continue
            found.append((begin, finish if finish is None or finish < end else end))
        return found

    def first_entry(self, state: str, since: datetime) -> datetime | None:
        """When the ticket first entered ``state`` at or after ``since``."""
        return next((at for at, s in self.states if s == state and at >= since), None)
