"""What a file says besides its records: what it cannot show, and the help desk's own
SLA figures (issue 13).

:class:`NotJudged` is a clock or rule the data cannot show, which a check lists as not
checked.

A help-desk export may say how long the first reply took in business time (Zendesk's
"First reply time in minutes within business hours") or whether it was within the SLA
(Freshdesk's "First response status").  The snapshot reader keeps these figures beside
the tickets it builds, so that a check can compare them with its own clock on the
policy's calendar and say where, and why, they disagree: no help desk models China's
make-up working days (调休) or the policy's own closures.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import attrs

__all__ = ["HelpDeskFigure", "NotJudged"]


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


def _subjects(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class NotJudged:
    """Something a file cannot show: a clock or a rule a check must list as not checked.

    :param what: the SLA metric (``"progress_update"``) or rule ID concerned.
    :param reason: why the data cannot show it.
    :param subjects: the records concerned (ticket IDs); empty for all of the file's.

    .. versionadded:: 0.2.0
    """

    what: str
    reason: str
    subjects: frozenset[str] = attrs.field(default=frozenset(), converter=_subjects)

    def __str__(self) -> str:
        shown = sorted(self.subjects)
        whom = "" if not shown else f" for {len(shown)} of them ({', '.join(shown[:5])}"
        if shown:
            whom += ", …)" if len(shown) > 5 else ")"
        return f"{self.what}{whom}: {self.reason}"
