"""Agent time: how an agent's time was spent, the source of occupancy and utilisation
(KPI-6).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import WrongTypeError
from servicepolicy.kpi.records import (
    Direction,
    direction_field,
    epoch_ms,
    optional_text,
    seconds_field,
    seconds_to_ms,
)

__all__ = ["AgentTime", "AgentTimeRow"]


class AgentTimeRow(NamedTuple):
    """Agent time as plain values (see :meth:`AgentTime.row`).

    .. versionadded:: 0.1.0
    """

    start_ms: int
    direction: str
    queue: str | None
    team: str | None
    agent: str | None
    handling_ms: int
    available_ms: int
    aux_ms: int
    paid_ms: int


@attrs.frozen
class AgentTime:
    """How an agent's time was spent over an interval (a shift, an hour), as the ACD's
    agent-state report gives it: the source of occupancy and utilisation (KPI-6).

    Call records say how long calls took, not how long an agent sat waiting for one,
    so occupancy needs these figures.

    :param start: the start of the interval (timezone-aware); it decides the period.
    :param agent: the agent.
    :param direction: the work: inbound (hotline) or outbound (campaigns).
    :param handling_seconds: talking, on hold or in after-call work.
    :param available_seconds: logged in, ready, waiting for a call.
    :param aux_seconds: logged in but not ready (breaks, training, meetings).
    :param paid_seconds: the paid (scheduled) time of the interval.
    :param team: the agent's team.
    :param queue: the queue or campaign, if the agent served one.

    .. versionadded:: 0.1.0
    """

    start: datetime
    agent: str = attrs.field(kw_only=True, validator=optional_text)
    direction: Direction = attrs.field(converter=direction_field, kw_only=True)
    handling_seconds: float = attrs.field(kw_only=True, validator=seconds_field)
    available_seconds: float = attrs.field(kw_only=True, validator=seconds_field)
    paid_seconds: float = attrs.field(kw_only=True, validator=seconds_field)
    aux_seconds: float = attrs.field(default=0, kw_only=True, validator=seconds_field)
    team: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    queue: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        aware("agent time: start", self.start)
        if self.agent is None:
            raise WrongTypeError("agent", None, "a non-empty string")

    def row(self) -> AgentTimeRow:
        """The interval as an :class:`AgentTimeRow`."""
        return AgentTimeRow(
            epoch_ms(self.start),
            self.direction,
            self.queue,
            self.team,
            self.agent,
            seconds_to_ms("handling_seconds", self.handling_seconds),
            seconds_to_ms("available_seconds", self.available_seconds),
            seconds_to_ms("aux_seconds", self.aux_seconds),
            seconds_to_ms("paid_seconds", self.paid_seconds),
        )
