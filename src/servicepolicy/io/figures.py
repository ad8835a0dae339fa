"""The help desk's own SLA figures, as an export carries them (issue 13).

A help-desk export may say how long the first reply took in business time (Zendesk's
"First reply time in minutes within business hours") or whether it was within the SLA
(Freshdesk's "First response status").  The snapshot reader keeps these figures beside
the tickets it builds, so that a check can compare them with its own clock on the
policy's calendar and say where, and why, they disagree: no help desk models China's
make-up working days (调休) or the policy's own closures.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from datetime import timedelta

import attrs

__all__ = ["HelpDeskFigure"]


@attrs.frozen
class HelpDeskFigure:
    """What the help desk says of one clock of one ticket.

    :param ticket: the ticket's ID.
    :param metric: the SLA metric (``"first_response"``).
    :param elapsed: the business time the help desk counted, if the export gives it.
    :param met: whether the help desk says the clock kept its target, if given.
    """

    ticket: str
    metric: str
    elapsed: timedelta | None = None
    met: bool | None = None
