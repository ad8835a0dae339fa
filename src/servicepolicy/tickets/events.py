"""What happened to a ticket: the append-only event history (TKT-5, TKT-6).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from servicepolicy._checks import aware
from servicepolicy.errors import WrongTypeError

__all__ = ["EventKind", "TicketEvent"]


class EventKind(enum.StrEnum):
    """The kinds of ticket event.

    .. versionadded:: 0.1.0
    """

    OPENED = "opened"
    """Opened at the first contact; whoever took it owns it (TKT-5)."""
    TRANSITION = "transition"
    """A change of state along the lifecycle (TKT-2 … TKT-4)."""
    HAND_OVER = "hand_over"
    """An explicit change of owner, with the responsibility handed over (TKT-5)."""
    APPROVAL = "approval"
    """An approval recorded by a role, e.g. of a complaint's proposal (TKT-3)."""
    NOTE = "note"
    """A note, without any change."""


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(f"event: {attribute.name}", value, "a non-empty string")


def _instant(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    aware(f"event: {attribute.name}", value)


@attrs.frozen
class TicketEvent:
    """One entry of a ticket's history (TKT-6): who, when, from, to, note.

    :param kind: what happened.
    :param at: when (timezone-aware).
    :param by: who did it.
    :param source: the state (transition) or owner (hand-over) before the event.
    :param state: the state after an opening or a transition.
    :param owner: the owner after an opening or a hand-over.
    :param note: a note; for a hand-over, the responsibility handed over (its reason).
    :param role: for an approval, the approving role.
    :param channel: for an answer, the channel it went out on (TKT-2).

    .. versionadded:: 0.1.0
    """

    kind: EventKind = attrs.field(converter=EventKind)
    at: datetime = attrs.field(validator=_instant)
    by: str = attrs.field(validator=_text)
    source: str | None = None
    state: str | None = None
    owner: str | None = None
    note: str | None = None
    role: str | None = None
    channel: str | None = None

    def __str__(self) -> str:
        when = self.at.isoformat(timespec="minutes")
        what = {
            EventKind.OPENED: f"opened in {self.state}, owner {self.owner}",
            EventKind.TRANSITION: f"{self.source} -> {self.state}",
            EventKind.HAND_OVER: f"handed over {self.source} -> {self.owner}",
            EventKind.APPROVAL: f"approved by {self.role}",
            EventKind.NOTE: "note",
        }[self.kind]
        return f"{when} {self.by}: {what}" + (f" ({self.note})" if self.note else "")
