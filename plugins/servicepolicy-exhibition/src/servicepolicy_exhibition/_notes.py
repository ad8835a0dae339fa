"""Tagged notes: how the plugin records structured facts in a ticket's history (private).

A ticket's history (TKT-6) holds free-text notes.  The plugin writes the facts it judges
as notes that start with a tag naming the rule and the item, e.g.
``"[EXH-3 purpose] discuss a 2027 booth"`` or ``"[EXH-5 issue] safety: blocked exit"``,
and reads them back from the opening note and the note events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

import attrs
from servicepolicy.tickets import EventKind, Ticket

__all__ = ["Tagged", "tag", "tagged"]

_TAG = re.compile(
    r"\[(?P<rule>[A-Z][A-Z0-9]*-[1-9][0-9]*) (?P<item>[a-z_]+)\][ \t]*(?P<text>.*)", re.S
)


@attrs.frozen
class Tagged:
    """One tagged note: its item, its text, when and by whom, and its event number
    (1 is the opening)."""

    item: str
    text: str
    at: datetime
    by: str
    event: int


def tag(rule_id: str, item: str, text: str) -> str:
    """The note recording ``item`` of ``rule_id``: ``"[EXH-3 purpose] text"``."""
    return f"[{rule_id} {item}] {text}".rstrip()


def tagged(ticket: Ticket, rule_id: str, items: Iterable[str] | None = None) -> list[Tagged]:
    """The notes of ``ticket`` tagged with ``rule_id`` (and one of ``items`` if given), in
    the order of its history: the opening note, then the note events."""
    wanted = None if items is None else frozenset(items)
    found = []
    for number, event in enumerate(ticket.events, 1):
        if event.kind not in (EventKind.OPENED, EventKind.NOTE) or not event.note:
            continue
        match = _TAG.match(event.note)
        if match is None or match["rule"] != rule_id:
            continue
        if wanted is not None and match["item"] not in wanted:
            continue
        found.append(Tagged(match["item"], match["text"].strip(), event.at, event.by, number))
    return found
