"""LOG-4: evidence recorded on a delivery-exception ticket, as tagged notes.

A ticket's history (TKT-6) has no event for "photos taken" or "cause of the delay", and a
plugin should not invent event kinds.  The plugin records them as **notes whose text
starts with a tag**, readable by people and by the checks:

* ``photos: IMG_0412.jpg, IMG_0413.jpg``: photo evidence of damage, one or more
  references separated by commas (:func:`record_photos`, :func:`photos_of`);
* ``cause: the truck broke down near Jiaxing``: the cause of a delay;
* ``force majeure: typhoon closed the port``: a cause that is force majeure
  (:func:`record_cause`, :func:`causes_of`).

Tags are matched at the start of the note, ignoring case and leading spaces.  Any event
may carry them: a note, an approval, the transition that records the step, or the reply
that tells the customer (then the customer was told the cause with it).

>>> from datetime import timedelta
>>> from servicepolicy.testing import T0, make_ticket
>>> t = make_ticket("delivery_damage", id="D-1")
>>> t = record_photos(t, ["IMG_0412.jpg", "IMG_0413.jpg"], at=T0 + timedelta(minutes=20),
...                   by="driver-3")
>>> [(p.photos, p.by) for p in photos_of(t)]
[(('IMG_0412.jpg', 'IMG_0413.jpg'), 'driver-3')]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.tickets import EventKind, Ticket, TicketEvent

from servicepolicy_logistics import _checks as check

__all__ = [
    "CAUSE_TAG",
    "FORCE_MAJEURE_TAG",
    "PHOTOS_TAG",
    "DelayCause",
    "PhotoEvidence",
    "causes_of",
    "photos_of",
    "record_cause",
    "record_photos",
]

PHOTOS_TAG = "photos:"
"""The tag of a note recording photo evidence (LOG-4, damage)."""
CAUSE_TAG = "cause:"
"""The tag of a note recording the cause of a delay (LOG-4)."""
FORCE_MAJEURE_TAG = "force majeure:"
"""The tag of a note recording a cause that is force majeure (LOG-4)."""


@attrs.frozen
class PhotoEvidence:
    """Photos recorded on a ticket: their references, when, by whom.

    .. versionadded:: 0.1.0
    """

    photos: tuple[str, ...]
    at: datetime
    by: str


@attrs.frozen
class DelayCause:
    """The cause of a delay as recorded: its text, whether it is force majeure, when, by
    whom, and whether it was recorded in a message to the customer (``told``).

    .. versionadded:: 0.1.0
    """

    text: str
    force_majeure: bool
    at: datetime
    by: str
    told: bool


def _tagged(note: str | None, tag: str) -> str | None:
    """The text after ``tag`` if ``note`` starts with it, else ``None``."""
    if note is None:
        return None
    stripped = note.lstrip()
    if stripped[: len(tag)].lower() != tag:
        return None
    return stripped[len(tag) :].strip()


def _ticket(value: object) -> Ticket:
    if not isinstance(value, Ticket):
        raise WrongTypeError("ticket", value, "a servicepolicy.tickets.Ticket")
    return value


def _told(event: TicketEvent) -> bool:
    return event.kind is EventKind.REPLY or (
        event.kind is EventKind.TRANSITION and event.channel is not None
    )


def record_photos(ticket: Ticket, photos: Iterable[str], *, at: datetime, by: str) -> Ticket:
    """``ticket`` with a note recording ``photos`` (references: file names, URLs), taken
    or filed by ``by`` at ``at``.

    :raises servicepolicy.errors.ServicePolicyError: for no photo, an empty reference,
        or a reference containing a comma.

    .. versionadded:: 0.1.0
    """
    ticket = _ticket(ticket)
    refs = check.items("photos", photos, str, "a photo reference")
    if not refs:
        raise InvalidArgumentError("photos", refs, "at least one photo reference")
    for index, ref in enumerate(refs):
        check.text(f"photos[{index}]", ref)
        if "," in ref:
            raise InvalidArgumentError(f"photos[{index}]", ref, "a reference without commas")
    return ticket.note(f"{PHOTOS_TAG} {', '.join(r.strip() for r in refs)}", at=at, by=by)


def photos_of(ticket: Ticket) -> tuple[PhotoEvidence, ...]:
    """The photo evidence recorded on ``ticket``, in the order of its history.

    .. versionadded:: 0.1.0
    """
    found = []
    for event in _ticket(ticket).events:
        text = _tagged(event.note, PHOTOS_TAG)
        if text is None:
            continue
        refs = tuple(ref.strip() for ref in text.split(",") if ref.strip())
        if refs:
            found.append(PhotoEvidence(refs, event.at, event.by))
    return tuple(found)


def record_cause(
    ticket: Ticket,
    cause: str,
    *,
    at: datetime,
    by: str,
    force_majeure: bool = False,
    tell_customer: bool = False,
    channel: str | None = None,
) -> Ticket:
    """``ticket`` with the cause of its delay recorded: as a reply to the customer (on
    ``channel``, by default the ticket's) if ``tell_customer``, else as a note.

    .. versionadded:: 0.1.0
    """
    ticket = _ticket(ticket)
    tag = FORCE_MAJEURE_TAG if check.flag("force_majeure", force_majeure) else CAUSE_TAG
    note = f"{tag} {check.text('cause', cause).strip()}"
    if check.flag("tell_customer", tell_customer):
        return ticket.reply(at=at, by=by, channel=channel, note=note)
    if channel is not None:
        raise InvalidArgumentError("channel", channel, "None unless tell_customer=True")
    return ticket.note(note, at=at, by=by)


def causes_of(ticket: Ticket) -> tuple[DelayCause, ...]:
    """The causes recorded on ``ticket``, in the order of its history.

    .. versionadded:: 0.1.0
    """
    found = []
    for event in _ticket(ticket).events:
        for tag, force_majeure in ((CAUSE_TAG, False), (FORCE_MAJEURE_TAG, True)):
            text = _tagged(event.note, tag)
            if text:
                found.append(DelayCause(text, force_majeure, event.at, event.by, _told(event)))
    return tuple(found)
