"""Survey responses: satisfaction, recommendation and "solved on this contact?" (KPI-7,
KPI-8, CAD-4).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import attrs

from servicepolicy.checks import aware
from servicepolicy.kpi.records import (
    Direction,
    check_count,
    direction_field,
    epoch_ms,
    optional_bool,
    optional_text,
)

__all__ = ["SurveyResponse", "SurveyRow"]


class SurveyRow(NamedTuple):
    """A survey response as plain values (see :meth:`SurveyResponse.row`).

    .. versionadded:: 0.1.0
    """

    at_ms: int
    direction: str
    queue: str | None
    team: str | None
    agent: str | None
    customer: str | None
    csat: int | None
    csat_scale: int
    nps: int | None
    resolved: bool | None


@attrs.frozen
class SurveyResponse:
    """A customer's answers to a satisfaction survey after a contact (KPI-7, KPI-8, CAD-4).

    :param at: when the surveyed contact happened (timezone-aware); it decides the period.
    :param direction: the direction of the surveyed contact.
    :param csat: the satisfaction score, 1 … ``csat_scale``, if asked.
    :param csat_scale: the top of the satisfaction scale (5 for a 1–5 scale).
    :param nps: the answer to "how likely are you to recommend us", 0 … 10, if asked.
    :param resolved: the customer's answer to "was your problem solved on this contact?"
        (first-contact resolution by survey, KPI-7), if asked.
    :param queue: the queue of the surveyed contact.
    :param team: the team of the agent surveyed.
    :param agent: the agent surveyed.
    :param customer: who answered.

    .. versionadded:: 0.1.0
    """

    at: datetime
    direction: Direction = attrs.field(converter=direction_field, kw_only=True)
    csat: int | None = attrs.field(default=None, kw_only=True)
    csat_scale: int = attrs.field(default=5, kw_only=True)
    nps: int | None = attrs.field(default=None, kw_only=True)
    resolved: bool | None = attrs.field(default=None, kw_only=True, validator=optional_bool)
    queue: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    team: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    agent: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    customer: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        aware("survey: at", self.at)
        check_count("survey: csat_scale", self.csat_scale, 2)
        if self.csat is not None:
            check_count("survey: csat", self.csat, 1, self.csat_scale)
        if self.nps is not None:
            check_count("survey: nps", self.nps, 0, 10)

    def row(self) -> SurveyRow:
        """The response as a :class:`SurveyRow`."""
        return SurveyRow(
            epoch_ms(self.at),
            self.direction,
            self.queue,
            self.team,
            self.agent,
            self.customer,
            self.csat,
            self.csat_scale,
            self.nps,
            self.resolved,
        )
