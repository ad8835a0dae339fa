"""What happened to a ticket: the append-only event history (TKT-5, TKT-6, SLA-4).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from servicepolicy.checks import aware, trusted_constructor
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

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
    REPLY = "reply"
    """A message to the customer on a channel, a first response or a progress update
    (SLA-1, SLA-5)."""
    PROMISE = "promise"
    """A deadline promised to the customer, ``due``; with a ``state``, the state promised
    by then, else a reply (SLA-4)."""
    RECLASSIFIED = "reclassified"
    """A new ``priority`` or customer ``tier``: SLA clocks re-target (SLA-1)."""


_KINDS = {kind.value: kind for kind in EventKind}


def _kind(value: object) -> EventKind:
    if type(value) is EventKind:
        return value
    if not isinstance(value, str):
        raise WrongTypeError("event: kind", value, "an EventKind or its value")
    kind = _KINDS.get(value)
    if kind is None:
        raise InvalidArgumentError("event: kind", value, "one of " + ", ".join(_KINDS))
    return kind


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(f"event: {attribute.name}", value, "a non-empty string")


def _instant(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    if type(value) is not datetime or value.tzinfo is None:  # the fast path, then the rest
        aware(f"event: {attribute.name}", value)


def _optional_instant(
    instance: object, attribute: attrs.Attribute[datetime], value: object
) -> None:
    if value is not None:
        _instant(instance, attribute, value)


@attrs.frozen
class TicketEvent:
    """One entry of a ticket's history (TKT-6): who, when, from, to, note.

    :param kind: what happened.
    :param at: when (timezone-aware).
    :param by: who did it.
    :param source: the state (transition) or owner (hand-over) before the event.
    :param state: the state after an opening or a transition; for a promise, the state
        promised by ``due``.
    :param owner: the owner after an opening or a hand-over.
    :param note: a note; for a hand-over, the responsibility handed over (its reason).
    :param role: for an approval, the approving role.
    :param channel: where an answer or a reply went out (TKT-2).
    :param due: for a promise, the instant promised (SLA-4).
    :param priority: for a reclassification, the new priority.
    :param tier: for a reclassification, the customer's new tier.

    .. versionadded:: 0.1.0
    """

    kind: EventKind = attrs.field(converter=_kind)
    at: datetime = attrs.field(validator=_instant)
    by: str = attrs.field(validator=_text)
    source: str | None = None
    state: str | None = None
    owner: str | None = None
    note: str | None = None
    role: str | None = None
    channel: str | None = None
    due: datetime | None = attrs.field(default=None, validator=_optional_instant)
    priority: str | None = None
    tier: str | None = None

    def __str__(self) -> str:
        when = self.at.isoformat(timespec="minutes")
        what = {
            EventKind.OPENED: f"opened in {self.state}, owner {self.owner}",
            EventKind.TRANSITION: f"{self.source} -> {self.state}",
            EventKind.HAND_OVER: f"handed over {self.source} -> {self.owner}",
            EventKind.APPROVAL: f"approved by {self.role}",
            EventKind.NOTE: "note",
            EventKind.REPLY: f"replied on {self.channel}" if self.channel else "replied",
            EventKind.PROMISE: f"promised {self.state or 'a reply'} by "
            + (self.due.isoformat(timespec="minutes") if self.due else "?"),
            EventKind.RECLASSIFIED: "reclassified "
            + ", ".join(
                f"{name} {value}"
                for name, value in (("priority", self.priority), ("tier", self.tier))
                if value
            ),
        }[self.kind]
        return f"{when} {self.by}: {what}" + (f" ({self.note})" if self.note else "")


assemble = trusted_constructor(TicketEvent, required=9)
"""A :class:`TicketEvent` of values already checked, in field order (private to the
library: the readers' hot path; see :func:`~servicepolicy.checks.trusted_constructor`)."""
