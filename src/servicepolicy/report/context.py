"""What a report knows about each violation besides the violation itself
(:class:`Context`: team, agent, customer, tier, when, due, and the input record it judged),
and how the report writes times and durations for people.

>>> from datetime import timedelta
>>> in_words(timedelta(hours=3, minutes=45)), in_words(timedelta(days=2, hours=1))
('3 h 45 min', '2 d 1 h')
>>> target_words(timedelta(hours=4)), target_words(timedelta(minutes=90))
('4-hour', '1 h 30 min')

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from servicepolicy.rules import Violation

__all__ = ["Context", "Waived", "in_words", "local", "target_words"]


@attrs.frozen
class Context:
    """Who and what a violation is about, for roll-ups and the analyst's columns.

    :param team: the team of the agent concerned.
    :param agent: the agent (employee) concerned: the subject of a workforce rule, the
        owner of a ticket.
    :param customer: the ticket's customer.
    :param tier: the customer's tier.
    :param at: when it happened (the breach, the late arrival, the request).
    :param due: the deadline it concerns, if any.
    :param source_file: the input file (or ``"DataFrame"``) of the record judged.
    :param source_line: its line in that file (a DataFrame row's position + 2).

    .. versionadded:: 0.3.0
    """

    team: str | None = None
    agent: str | None = None
    customer: str | None = None
    tier: str | None = None
    at: datetime | None = None
    due: datetime | None = None
    source_file: str | None = None
    source_line: int | None = None

    @property
    def source(self) -> str | None:
        """``"tickets.jsonl:42"``, the file alone, or ``None``."""
        if self.source_file is None:
            return None
        return self.source_file + ("" if self.source_line is None else f":{self.source_line}")

    def localised(self, zone: str | None) -> Context:
        """The same context with its times in ``zone`` (unchanged without one)."""
        if zone is None:
            return self
        tz = ZoneInfo(zone)
        return attrs.evolve(
            self,
            at=None if self.at is None else self.at.astimezone(tz),
            due=None if self.due is None else self.due.astimezone(tz),
        )


@attrs.frozen
class Waived:
    """A violation a waiver covers (``[[waivers]]``): listed in the report with the
    waiver's reason and end, not counted.

    .. versionadded:: 0.3.0
    """

    violation: Violation
    reason: str
    expires: date | None = None
    context: Context = Context()


def local(instant: datetime, zone: str | None) -> str:
    """``instant`` as ``"2026-11-02 14:00 +08:00"`` in ``zone`` (its own offset without)."""
    if zone is not None:
        instant = instant.astimezone(ZoneInfo(zone))
    offset = instant.strftime("%z")
    return f"{instant:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


_ISO_INSTANT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b"
)


def localised_text(text: str, zone: str | None) -> str:
    """``text`` with every ISO 8601 instant that carries an offset written as
    :func:`local` writes it in ``zone``: engines and plugins word their messages in the
    data's own offsets; a report shows one zone (issue 15).

    >>> localised_text("answered at 2026-11-23T02:00+00:00, late", "Asia/Shanghai")
    'answered at 2026-11-23 10:00 +08:00, late'
    """
    if zone is None or not text:
        return text

    def one(found: re.Match[str]) -> str:
        try:
            instant = datetime.fromisoformat(found.group(0).replace("Z", "+00:00"))
        except ValueError:
            return found.group(0)
        return local(instant, zone)

    return _ISO_INSTANT.sub(one, text)


def in_words(span: timedelta) -> str:
    """``span`` as people write it: ``"3 h 45 min"``, ``"2 d 1 h"``, ``"40 s"``; the two
    largest units, rounded down."""
    seconds = int(abs(span.total_seconds()))
    parts = []
    for size, unit in ((86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}")
    return " ".join(parts[:2]) or "0 min"


def target_words(span: timedelta) -> str:
    """A target's length for "over a 4-hour target": whole hours or days as
    ``"4-hour"``, ``"2-day"``; otherwise :func:`in_words`."""
    seconds = int(span.total_seconds())
    if seconds and seconds % 86_400 == 0:
        return f"{seconds // 86_400}-day"
    if seconds and seconds % 3_600 == 0:
        return f"{seconds // 3_600}-hour"
    if seconds and seconds % 60 == 0 and seconds < 3_600:
        return f"{seconds // 60}-minute"
    return in_words(span)
