"""Inquiry channels and the same-channel reply rule (EXH-2, TKT-2).

The exhibition manual takes inquiries by **hotline**, **website chat** and **email**,
and the answer goes back by the channel the inquiry came in on (TKT-2).  In the
library's channel names (:data:`servicepolicy.tickets.CHANNELS`) those are ``phone``,
``chat`` and ``email``.

* :func:`exh_2_inquiry_channel`: a booth booking or an exhibitor registration that
  came in by another channel is a warning (the manual lists the channels; it does not
  forbid others, so the plugin flags rather than refuses).
* :func:`exh_2_same_channel`: every message to the customer on one of the plugin's
  kinds (a reply, or a change of state recorded with the channel it went out on) must use
  the ticket's own channel.  The library's TKT-2 check already judges answers that enter
  an ``answered`` state on any kind; those are left to it, so no message is reported
  twice.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.tickets import Ticket
>>> at = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> t = Ticket.open(id="B-1", kind="booth_booking", customer="C-1", channel="email",
...                 at=at, by="agent-1")
>>> t = t.reply(at=at + timedelta(hours=1), by="agent-1", channel="phone")
>>> [v.rule_id for v in exh_2_same_channel(t)]
['EXH-2']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from servicepolicy.rules import Severity, Violation
from servicepolicy.tickets import EventKind, Ticket
from servicepolicy.tickets.checks import tkt_2_reply_channel

from servicepolicy_exhibition.kinds import BOOTH_BOOKING, EXHIBITION_KINDS, EXHIBITOR_REGISTRATION

__all__ = [
    "CHANNEL_NAMES",
    "INQUIRY_CHANNELS",
    "INQUIRY_KINDS",
    "exh_2_inquiry_channel",
    "exh_2_same_channel",
]

CHANNEL_NAMES = {"phone": "hotline", "chat": "website chat", "email": "email"}
"""The library's channel names of the manual's inquiry channels, and the manual's words
for them (EXH-2).

.. versionadded:: 0.1.0
"""

INQUIRY_CHANNELS = frozenset(CHANNEL_NAMES)
"""The channels the exhibition organiser takes inquiries on: hotline (``phone``), website
chat (``chat``), email (EXH-2).

.. versionadded:: 0.1.0
"""

INQUIRY_KINDS = frozenset({BOOTH_BOOKING, EXHIBITOR_REGISTRATION})
"""The kinds expected to come in by an inquiry channel; an on-site request comes in at
the show's desk (EXH-2, EXH-5).

.. versionadded:: 0.1.0
"""


def _named(channel: str) -> str:
    manual = CHANNEL_NAMES.get(channel)
    return f"{channel} ({manual})" if manual and manual != channel else channel


def exh_2_inquiry_channel(
    ticket: Ticket,
    *,
    channels: Iterable[str] = INQUIRY_CHANNELS,
    kinds: Iterable[str] = INQUIRY_KINDS,
) -> Iterator[Violation]:
    """EXH-2: a ticket of one of ``kinds`` came in by one of ``channels``; a warning
    otherwise.

    :param channels: the inquiry channels (library names), by default hotline, website
        chat and email.
    :param kinds: the ticket kinds the rule applies to.

    .. versionadded:: 0.1.0
    """
    allowed = frozenset(channels)
    if ticket.kind not in frozenset(kinds) or ticket.channel in allowed:
        return
    listed = ", ".join(_named(c) for c in sorted(allowed))
    yield Violation(
        "EXH-2",
        Severity.WARNING,
        f"{ticket.kind} {ticket.id} came in by {ticket.channel}, which is not an inquiry "
        f"channel of the exhibition organiser ({listed})",
        subject=ticket.id,
        facts={"channel": ticket.channel, "inquiry_channels": sorted(allowed)},
        suggestion=f"take {ticket.kind} inquiries by {listed}",
    )


def exh_2_same_channel(
    ticket: Ticket, *, kinds: Iterable[str] = EXHIBITION_KINDS
) -> Iterator[Violation]:
    """EXH-2 (TKT-2): every message to the customer on a ticket of one of ``kinds`` goes
    out by the channel the ticket came in on.

    Messages are reply events and changes of state recorded with a channel; those the
    library's TKT-2 check judges (answers entering ``answered``) are left to it.

    :param kinds: the ticket kinds the rule applies to; by default the plugin's three.
        Adding ``"inquiry"`` extends the rule to the replies of the library's inquiries.

    .. versionadded:: 0.1.0
    """
    if ticket.kind not in frozenset(kinds):
        return
    judged = {v.facts.get("event") for v in tkt_2_reply_channel(ticket)}
    for number, event in enumerate(ticket.events, 1):
        if event.kind not in (EventKind.REPLY, EventKind.TRANSITION) or event.channel is None:
            continue
        if number in judged or event.channel == ticket.channel:
            continue
        what = "replied" if event.kind is EventKind.REPLY else f"moved to {event.state}"
        yield Violation(
            "EXH-2",
            Severity.ERROR,
            f"{ticket.kind} {ticket.id} {what} by {_named(event.channel)} at "
            f"{event.at.isoformat(timespec='minutes')}, but came in by "
            f"{_named(ticket.channel)}",
            subject=ticket.id,
            facts={
                "event": number,
                "replied_by": event.channel,
                "came_in": ticket.channel,
                "agent": event.by,
            },
            suggestion=f"reply by {_named(ticket.channel)}, the channel the customer used",
        )
