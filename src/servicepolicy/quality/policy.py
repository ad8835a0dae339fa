"""A quality-inspection policy: plan, score, check and summarise a month (QA-1, QA-2).

>>> from datetime import datetime
>>> policy = QualityPolicy(minimum=3, zone="Asia/Shanghai", seed=2026)
>>> plan = policy.plan(["A-01", "A-02"], "2026-11")
>>> [(s.window[0].day, s.window[1].day) for s in plan.for_agent("A-01")]
[(1, 10), (11, 20), (21, 30)]
>>> [s.day.isoformat() for s in plan.for_agent("A-01")]
['2026-11-01', '2026-11-11', '2026-11-23']
>>> policy.plan(["A-01", "A-02"], "2026-11") == plan  # same seed, same plan
True
>>> policy.plan(["A-01", "A-09"], "2026-11").for_agent("A-01") == plan.for_agent("A-01")
True
>>> at = datetime(2026, 11, 5, 10, tzinfo=policy.zone)
>>> scores = {"language": 18, "attitude": 19, "tone": 16, "grasp_of_need": 12,
...           "adaptability": 14}
>>> done = [policy.evaluate("A-01", at, scores, call="C-1")]
>>> for v in policy.check(done, ["A-01", "A-02"], "2026-11"):
...     print(v)
QA-1 [error] A-01: 1 of the 3 monitored calls required in 2026-11 (facts: month=2026-11, \
monitored=1, minimum=3) -> suggestion: inspect 2 more calls of A-01
QA-1 [error] A-02: 0 of the 3 monitored calls required in 2026-11 (facts: month=2026-11, \
monitored=0, minimum=3) -> suggestion: inspect 3 more calls of A-02
>>> for summary in policy.summarise(done, "week"):
...     print(summary)
A-01 2026-W45: 1 evaluated, 79 %; training: grasp_of_need 60 %, adaptability 70 %

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi.periods import Period, zone_of
from servicepolicy.quality.compliance import check_monitoring
from servicepolicy.quality.form import Evaluation, ScoringForm
from servicepolicy.quality.plan import MonitoringPlan
from servicepolicy.quality.summary import QaSummary, summarise
from servicepolicy.rules import Violation

__all__ = ["QualityPolicy"]


def _minimum(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError("minimum", value, "an int")
    if value < 1:
        raise InvalidArgumentError("minimum", value, "an int >= 1 (QA-1: 1-5 a month)")


def _seed(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise WrongTypeError("seed", value, "an int or a string")


def _form(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ScoringForm):
        raise WrongTypeError("form", value, "a servicepolicy.quality.ScoringForm")


@attrs.frozen
class QualityPolicy:
    """The quality-inspection rules of a call centre (QA-1, QA-2).

    :param minimum: calls monitored per agent per month at least.  The manual says
        "不少于1-5次" (no fewer than 1–5 times), which fixes no single figure, so it has
        no default.
    :param zone: the zone months and weeks are counted in (an IANA name, a ZoneInfo
        or a BusinessCalendar).
    :param form: the scoring form.
    :param seed: the seed of the monitoring plans.

    .. versionadded:: 0.1.0
    """

    minimum: int = attrs.field(validator=_minimum)
    zone: tzinfo = attrs.field(converter=zone_of)
    form: ScoringForm = attrs.field(factory=ScoringForm, validator=_form)
    seed: int | str = attrs.field(default=0, validator=_seed)

    def plan(
        self,
        agents: Iterable[str],
        month: object,
        *,
        days: Iterable[date] | None = None,
        calls: Iterable[Any] | None = None,
    ) -> MonitoringPlan:
        """The month's monitoring plan (QA-1): see :class:`MonitoringPlan`."""
        return MonitoringPlan.draw(
            agents, month, minimum=self.minimum, seed=self.seed, zone=self.zone, days=days,
            calls=calls,
        )  # fmt: skip

    def evaluate(
        self, agent: str, at: datetime, scores: Mapping[str, int], **details: str | None
    ) -> Evaluation:
        """Score one monitored call on the policy's form (``call``, ``evaluator`` and
        ``comment`` may be given)."""
        return self.form.evaluate(agent, at, scores, **details)

    def check(
        self, evaluations: Iterable[Evaluation], agents: Iterable[str], month: object
    ) -> tuple[Violation, ...]:
        """QA-1 violations for agents monitored fewer than ``minimum`` times."""
        return check_monitoring(evaluations, agents, month, minimum=self.minimum, zone=self.zone)

    def summarise(
        self, evaluations: Iterable[Evaluation], period: Period | str = Period.WEEK
    ) -> tuple[QaSummary, ...]:
        """Per-agent summaries per week (with the training plan) or month (QA-2)."""
        return summarise(evaluations, period=period, zone=self.zone)
