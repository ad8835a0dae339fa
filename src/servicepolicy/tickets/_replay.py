"""Replaying a ticket's events through its lifecycle, checking each one (private).

The hot path of reading tickets: :func:`replay` keeps its state in local variables and
returns a plain tuple, and only the rarer checks (guarded changes, promises) leave the
loop for a function call.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from servicepolicy.errors import InvalidTransitionError, WrongTypeError
from servicepolicy.tickets.events import EventKind, TicketEvent
from servicepolicy.tickets.lifecycle import Lifecycle

__all__ = [
    "APPROVALS",
    "LAST_AT",
    "OWNER",
    "PRIORITY",
    "RETURN_TO",
    "STATE",
    "TIER",
    "Replayed",
    "refuse",
    "replay",
]

_OPENED, _TRANSITION, _NOTE = EventKind.OPENED, EventKind.TRANSITION, EventKind.NOTE
_HAND_OVER, _APPROVAL, _REPLY = EventKind.HAND_OVER, EventKind.APPROVAL, EventKind.REPLY
_PROMISE, _RECLASSIFIED = EventKind.PROMISE, EventKind.RECLASSIFIED
_NONE: frozenset[str] = frozenset()


Replayed = tuple[str, str, datetime, str | None, tuple[str, ...], str | None, str | None]
"""What the events add up to, a plain tuple (the cheapest to build, and untracked by the
cyclic garbage collector): the state, the owner, the last event's instant, the state a
waiting state returns to, the roles that approved in the current state, and the last
reclassification's priority and tier."""
STATE: Final = 0
OWNER: Final = 1
LAST_AT: Final = 2
RETURN_TO: Final = 3
APPROVALS: Final = 4
PRIORITY: Final = 5
TIER: Final = 6


def refuse(where: str, number: int, expected: str, got: object) -> InvalidTransitionError:
    """The error for event ``number`` (1 is the opening) of the ticket ``where``."""
    error = InvalidTransitionError(f"{where}, event {number}", got, expected)
    error.event = number
    return error


def replay(ticket: str, life: Lifecycle, events: Sequence[TicketEvent]) -> Replayed:
    """Replay the events of ``ticket`` (its ID) through ``life``, refusing the first one it
    does not allow (TKT-2 … TKT-6)."""
    where = f"ticket {ticket} ({life.kind})"
    first = events[0]
    if not isinstance(first, TicketEvent):
        raise WrongTypeError(f"{where}: events[0]", first, "a TicketEvent")
    if first.kind is not _OPENED or first.state != life.initial:
        raise refuse(where, 1, f"an opening event in state {life.initial!r}", first)
    if not first.owner:
        raise refuse(where, 1, "an owner: whoever took the first contact", None)
    state, owner, last_at = life.initial, first.owner, first.at
    return_to: str | None = None
    approvals: tuple[str, ...] = ()
    priority = tier = None
    arrows, terminal, waiting = life.transitions, life.terminal, life.waiting
    guarded = life.guarded
    for number in range(2, len(events) + 1):
        event = events[number - 1]
        if type(event) is not TicketEvent and not isinstance(event, TicketEvent):
            raise WrongTypeError(f"{where}: events[{number - 1}]", event, "a TicketEvent")
        at, kind = event.at, event.kind
        if at < last_at:
            raise refuse(where, number, f"an event at or after the previous one ({last_at})", at)
        last_at = at
        if kind is _NOTE:
            continue
        if state in terminal:
            raise refuse(where, number, f"only notes after the terminal state {state!r}", kind)
        if kind is _TRANSITION:
            target = event.state
            source = event.source
            if (
                target not in arrows.get(state, _NONE)
                or (source is not None and source != state)
                or state in guarded
                or target in guarded
            ):
                _check_transition(where, life, state, return_to, approvals, event, number)
            assert target is not None
            return_to = state if target in waiting else None
            state, approvals = target, ()
        elif kind is _HAND_OVER:
            new = event.owner
            if not new or new == owner:
                raise refuse(where, number, f"a new owner other than {owner!r}", new)
            if not event.note:
                raise refuse(where, number, "the responsibility handed over (a reason)", event.note)
            owner = new
        elif kind is _APPROVAL:
            role = event.role
            if not role:
                raise refuse(where, number, "the approving role", role)
            if role not in approvals:
                approvals = (*approvals, role)
        elif kind is _REPLY:
            pass
        elif kind is _PROMISE:
            _check_promise(where, life, event, number)
        elif kind is _RECLASSIFIED:
            if not (event.priority or event.tier):
                raise refuse(where, number, "a new priority or tier", None)
            priority, tier = event.priority or priority, event.tier or tier
        else:
            raise refuse(where, number, "one opening event, the first", kind)
    return (state, owner, last_at, return_to, approvals, priority, tier)


def _check_transition(
    where: str,
    life: Lifecycle,
    current: str,
    return_to: str | None,
    approvals: tuple[str, ...],
    event: TicketEvent,
    number: int,
) -> None:
    target = event.state
    if event.source is not None and event.source != current:
        raise refuse(where, number, f"a change from the current state {current!r}", event.source)
    allowed = life.allowed_from(current)
    if target not in allowed:
        choices = ", ".join(sorted(allowed)) or "none (terminal)"
        raise refuse(where, number, f"a state allowed from {current!r}: {choices}", target)
    assert target is not None
    if current in life.waiting and return_to and target != return_to:
        raise refuse(where, number, f"a return to {return_to!r}, where the wait began", target)
    role = life.approval_for(current, target)
    if role is not None and role not in approvals:
        raise refuse(
            where, number, f"an approval by {role!r} recorded in {current!r} first (TKT-3)", target
        )
    if target in life.notes_required and not event.note:
        raise refuse(where, number, f"a note when entering {target!r} (TKT-3)", event.note)


def _check_promise(where: str, life: Lifecycle, event: TicketEvent, number: int) -> None:
    """SLA-4: a promise names the instant promised, not before it was made, and, if it
    promises a state, one of the lifecycle's."""
    if event.due is None or event.due < event.at:
        raise refuse(where, number, "a promise due at or after it was made (SLA-4)", event.due)
    if event.state is not None and event.state not in life.states:
        states = ", ".join(sorted(life.states))
        raise refuse(where, number, f"a promised state of the lifecycle: {states}", event.state)
