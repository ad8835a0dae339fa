"""Where an SLA clock stands: :class:`SlaStatus` and :class:`SlaState` (SLA-1 … SLA-5).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.checks import trusted_constructor
from servicepolicy.sla.targets import Metric, SlaTarget

__all__ = ["SlaState", "SlaStatus"]


class SlaState(enum.StrEnum):
    """The state of an SLA clock at the evaluation instant.

    .. versionadded:: 0.1.0
    """

    RUNNING = "running"
    """Counting, not yet due."""
    PAUSED = "paused"
    """Stopped while the ticket waits on the customer or a third party (SLA-3)."""
    MET = "met"
    """Stopped at or before the due instant."""
    BREACHED = "breached"
    """Ran on past the due instant (or, for progress updates, missed one, SLA-5)."""


def _when(instant: datetime | None) -> str:
    return "-" if instant is None else instant.isoformat(timespec="minutes")


@attrs.frozen
class SlaStatus:
    """One clock of one ticket at one instant, and why it stands there.

    :param ticket: the ticket's ID.
    :param metric: what the clock measures.
    :param state: running, paused, met or breached.
    :param started_at: when the clock started (for progress updates, the last message).
    :param due: when it falls (or fell) due; ``None`` while paused and not yet breached.
    :param stopped_at: when it stopped (the response, resolution, follow-up or kept
        promise), if it did by the evaluation instant.
    :param breached_at: the instant it was breached, if it was.
    :param elapsed: the time counted, without pauses, on the clock's calendar.
    :param remaining: the time left before the due instant (zero once breached).
    :param duration: the time allowed by the target (by the promise).
    :param target: the target whose clock it is; ``None`` for a promise (SLA-4).
    :param calendar: the calendar the time is counted on; ``None`` for calendar time.
    :param matched: how many targets of the metric matched the ticket (the most specific
        won).
    :param pauses: the pauses counted out, ``(begin, end)``, ``end`` ``None`` while it
        lasts (SLA-3).
    :param retargeted: ``(instant, target name)`` each time a reclassification changed
        the target, keeping the time already used (SLA-1).
    :param misses: for progress updates, how many updates were missed (SLA-5).

    .. versionadded:: 0.1.0
    """

    ticket: str
    metric: Metric
    state: SlaState
    started_at: datetime
    due: datetime | None
    stopped_at: datetime | None
    breached_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    duration: timedelta
    target: SlaTarget | None
    calendar: BusinessCalendar | None = attrs.field(eq=False)
    matched: int = 1
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    retargeted: tuple[tuple[datetime, str], ...] = ()
    misses: int = 0

    @property
    def used(self) -> float:
        """The share of the allowed time used, ``elapsed / duration`` (may exceed 1)."""
        if not self.duration:  # a promise due the instant it was made
            return 1.0 if self.state is SlaState.BREACHED else 0.0
        return self.elapsed / self.duration

    @property
    def percent(self) -> float:
        """:attr:`used` as a percentage."""
        return 100 * self.used

    @property
    def rule(self) -> str:
        """The rule the clock implements, the target's, or ``SLA-4`` for a promise and
        ``SLA-5`` for progress updates."""
        if self.target is None:
            return "SLA-4"
        return "SLA-5" if self.metric is Metric.PROGRESS_UPDATE else self.target.rule

    def __str__(self) -> str:
        return (
            f"{self.ticket} {self.metric}: {self.state}, due {_when(self.due)}, "
            f"{self.percent:.0f} % used"
        )

    def explain(self) -> str:
        """Which target matched and why, which calendar, and what was counted: the pauses
        and the days on the way that are not ordinary working days (holidays, make-up days,
        half days)."""
        lines = [f"{self} ({self.rule})"]
        if self.target is None:
            lines.append(f"  a promise made to the customer at {_when(self.started_at)}")
        else:
            also = f", the most specific of {self.matched} matching" if self.matched > 1 else ""
            lines.append(f"  target {self.target.describe()}{also}")
        for instant, name in self.retargeted:
            lines.append(f"  re-targeted to {name!r} at {_when(instant)}, time used kept")
        label = self.calendar.name or str(self.calendar.tz) if self.calendar else None
        lines.append(
            f"  counted on {'calendar ' + repr(label) if label else 'calendar time'}: "
            f"{self.elapsed} of {self.duration} from {_when(self.started_at)}"
            + (f" to {_when(self.stopped_at)}" if self.stopped_at else "")
        )
        for begin, end in self.pauses:
            lines.append(f"  paused {_when(begin)} -> {_when(end) if end else 'now'} (SLA-3)")
        if self.calendar is not None:
            last = self.stopped_at or self.due or self.started_at
            tz = self.calendar.tz
            days = self.calendar.explain(
                self.started_at.astimezone(tz).date(), last.astimezone(tz).date()
            )
            lines += [f"  {day}" for day in days]
        if self.misses:
            lines.append(
                f"  {self.misses} progress update(s) missed, the first at {_when(self.breached_at)}"
            )
        return "\n".join(lines)


build = trusted_constructor(SlaStatus)
"""An :class:`SlaStatus` from every field in order, unchecked (the evaluation's own)."""
