"""LOG-4: photo and cause evidence recorded as tagged notes on a ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.testing import T0, make_ticket
from servicepolicy.tickets import EventKind

from servicepolicy_logistics import (
    CAUSE_TAG,
    FORCE_MAJEURE_TAG,
    PHOTOS_TAG,
    causes_of,
    photos_of,
    record_cause,
    record_photos,
)

M = timedelta(minutes=1)


def test_log4_photos_are_a_tagged_note() -> None:
    """LOG-4: ``record_photos`` adds a note ``photos: a, b``; ``photos_of`` reads it back
    with who and when."""
    ticket = record_photos(make_ticket("delivery_damage"), ["a.jpg", "b.jpg"], at=T0 + M, by="d")
    event = ticket.events[-1]
    assert (event.kind, event.note) == (EventKind.NOTE, f"{PHOTOS_TAG} a.jpg, b.jpg")
    (evidence,) = photos_of(ticket)
    assert (evidence.photos, evidence.at, evidence.by) == (("a.jpg", "b.jpg"), T0 + M, "d")


def test_log4_a_tag_may_come_with_any_event() -> None:
    """LOG-4: a tag counts on any event's note, whatever its case and leading spaces; a
    tag with nothing after it is no evidence."""
    ticket = make_ticket("delivery_damage")
    ticket = ticket.transition(
        "customer_contacted", at=T0 + M, by="a", note="  Photos: IMG_9.jpg", channel="phone"
    )
    ticket = ticket.note("photos:  ", at=T0 + 2 * M, by="a")
    ticket = ticket.note("no photos: the driver forgot", at=T0 + 3 * M, by="a")
    assert [p.photos for p in photos_of(ticket)] == [("IMG_9.jpg",)]


def test_log4_causes_are_tagged_and_force_majeure_is_noted() -> None:
    """LOG-4: a delay's cause is a ``cause:`` note, a force-majeure cause a ``force
    majeure:`` note; recorded in a reply, the customer was told it."""
    delay = make_ticket("delivery_delay")
    noted = record_cause(delay, "wrong address on the note", at=T0 + M, by="a")
    told = record_cause(
        noted,
        "road closed by snow",
        at=T0 + 2 * M,
        by="a",
        force_majeure=True,
        tell_customer=True,
        channel="email",
    )
    assert told.events[-2].note == f"{CAUSE_TAG} wrong address on the note"
    assert told.events[-1].note == f"{FORCE_MAJEURE_TAG} road closed by snow"
    assert told.events[-1].channel == "email"
    assert [(c.text, c.force_majeure, c.told) for c in causes_of(told)] == [
        ("wrong address on the note", False, False),
        ("road closed by snow", True, True),
    ]


def test_bad_evidence_is_refused() -> None:
    """No photo, an empty or comma-bearing reference, an empty cause, a channel without a
    message to the customer, and a non-ticket are refused, naming the argument."""
    damage = make_ticket("delivery_damage")
    with pytest.raises(InvalidArgumentError, match="photos"):
        record_photos(damage, [], at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match=r"photos\[1\]"):
        record_photos(damage, ["a.jpg", " "], at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match=r"photos\[0\].*commas"):
        record_photos(damage, ["a,b.jpg"], at=T0, by="a")
    with pytest.raises(WrongTypeError, match="photos"):
        record_photos(damage, "a.jpg", at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match="cause"):
        record_cause(damage, "", at=T0, by="a")
    with pytest.raises(InvalidArgumentError, match="channel"):
        record_cause(damage, "late truck", at=T0, by="a", channel="phone")
    with pytest.raises(WrongTypeError, match="ticket"):
        photos_of("D-1")  # type: ignore[arg-type]
