"""The timed events of an SLA clock: warnings and breaches (SLA-6).

:meth:`SlaPolicy.timeline <servicepolicy.sla.SlaPolicy.timeline>` lists them for a ticket;
escalation rules (ESC-6) consume them.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from servicepolicy.checks import aware

__all__ = ["SlaEvent", "SlaEventKind"]


class SlaEventKind(enum.StrEnum):
    """What an :class:`SlaEvent` announces.

    .. versionadded:: 0.1.0
    """

    WARNING = "warning"
    """A warning threshold (by default 50 % and 75 % of the target) was crossed."""
    BREACH = "breach"
    """The clock ran out, and the target was missed."""


def _instant(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    aware(f"SLA event: {attribute.name}", value)


@attrs.frozen
class SlaEvent:
    """A threshold of an SLA clock crossed at an instant (SLA-6).

    :param ticket: the ticket's id.
    :param metric: the clock's metric, e.g. ``"resolution"``.
    :param kind: warning or breach.
    :param at: when the threshold was (or will be) crossed.
    :param threshold: the share of the target used at that instant, e.g. ``0.75``; ``1`` for
        a breach.
    :param target: the name of the SLA target whose clock it is.

    .. versionadded:: 0.1.0
    """

    ticket: str
    metric: str
    kind: SlaEventKind = attrs.field(converter=SlaEventKind)
    at: datetime = attrs.field(validator=_instant)
    threshold: float
    target: str
