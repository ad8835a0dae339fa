"""The quality-inspection scoring form and its filled-in evaluations (QA-1, QA-2).

The manual scores a monitored call on five criteria: language, attitude, tone, grasp
of the customer's need, and adaptability (QA-1).  A :class:`ScoringForm` gives each its
maximum points (20 each by default, 100 in all; the manual gives no weights);
:meth:`ScoringForm.evaluate` fills it in for one call.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> form = ScoringForm()
>>> e = form.evaluate("A-01", datetime(2026, 11, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
...                   {"language": 18, "attitude": 20, "tone": 17, "grasp_of_need": 12,
...                    "adaptability": 15}, call="C-1001", evaluator="QA-2")
>>> e.total, e.share, e.weakest
(82, Fraction(41, 50), ('grasp_of_need',))
>>> form.evaluate("A-01", e.at, {"language": 21})
Traceback (most recent call last):
...
servicepolicy.errors.InvalidArgumentError: evaluation of A-01: scores['language']: expected \
an int from 0 to 20, got 21

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi.targets import exact

__all__ = ["Criterion", "Evaluation", "ScoringForm"]


class Criterion(enum.StrEnum):
    """The manual's five criteria of a monitored call (QA-1).

    .. versionadded:: 0.1.0
    """

    LANGUAGE = "language"
    """Standard, polite wording; no jargon."""
    ATTITUDE = "attitude"
    """Patience, warmth, ownership of the problem."""
    TONE = "tone"
    """The voice's pace, volume and friendliness."""
    GRASP_OF_NEED = "grasp_of_need"
    """Understood what the customer needed, and asked where unclear."""
    ADAPTABILITY = "adaptability"
    """Handling the unexpected, such as a difficult customer or an unusual request."""


def _points(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping) or not value:
        raise WrongTypeError("points", value, "a non-empty mapping of criterion to points")
    for name, points in value.items():
        if not isinstance(name, str) or not name:
            raise WrongTypeError("points key", name, "a criterion name")
        if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
            raise InvalidArgumentError(f"points[{name!r}]", points, "an int > 0")
    return MappingProxyType({str(name): points for name, points in value.items()})


def _share(value: object) -> Fraction:
    share = exact(value, "training_below")
    if not 0 <= share <= 1:
        raise InvalidArgumentError("training_below", value, "a share from 0 to 1, e.g. '80%'")
    return share


@attrs.frozen
class ScoringForm:
    """The per-call evaluation form (QA-1): criteria and their maximum points.

    :param points: each criterion's maximum; by default the five
        :class:`Criterion` values, 20 points each.
    :param training_below: a criterion whose average over a week or month falls below
        this share of its maximum goes on the training plan (QA-2); 80 % by default
        (the manual gives no figure).

    .. versionadded:: 0.1.0
    """

    points: Mapping[str, int] = attrs.field(
        factory=lambda: {str(c): 20 for c in Criterion}, converter=_points
    )
    training_below: Fraction = attrs.field(default=Fraction(4, 5), converter=_share)

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria, in form order."""
        return tuple(self.points)

    @property
    def total(self) -> int:
        """The maximum total."""
        return sum(self.points.values())

    def evaluate(
        self,
        agent: str,
        at: datetime,
        scores: Mapping[str, int],
        *,
        call: str | None = None,
        evaluator: str | None = None,
        comment: str | None = None,
    ) -> Evaluation:
        """Fill in the form for one monitored call of ``agent`` made at ``at``."""
        return Evaluation(agent, at, scores, self, call=call, evaluator=evaluator, comment=comment)


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(f"evaluation: {attribute.name}", value, "a non-empty string")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise WrongTypeError(f"evaluation: {attribute.name}", value, "a string or None")


def _scores(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise WrongTypeError("scores", value, "a mapping of criterion to points")
    return MappingProxyType(dict(value))


@attrs.frozen
class Evaluation:
    """One monitored call, scored on a :class:`ScoringForm` (QA-1, QA-2).

    :param agent: the agent monitored.
    :param at: when the monitored call happened (timezone-aware): it decides the week
        and month the evaluation counts in.
    :param scores: points per criterion; every criterion of the form, within its
        maximum.
    :param form: the form used.
    :param call: the call's ID.
    :param evaluator: who scored it.
    :param comment: the evaluator's remarks.

    .. versionadded:: 0.1.0
    """

    agent: str = attrs.field(validator=_text)
    at: datetime
    scores: Mapping[str, int] = attrs.field(converter=_scores)
    form: ScoringForm = attrs.field(factory=ScoringForm)
    call: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    evaluator: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    comment: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        where = f"evaluation of {self.agent}: "
        aware(f"{where}at", self.at)
        if not isinstance(self.form, ScoringForm):
            raise WrongTypeError(f"{where}form", self.form, "a ScoringForm")
        for name, score in self.scores.items():
            if name not in self.form.points:
                expected = "a criterion of the form: " + ", ".join(self.form.criteria)
                raise InvalidArgumentError(f"{where}scores", name, expected)
            top = self.form.points[name]
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= top:
                raise InvalidArgumentError(
                    f"{where}scores[{name!r}]", score, f"an int from 0 to {top}"
                )
        missing = [name for name in self.form.criteria if name not in self.scores]
        if missing:
            raise InvalidArgumentError(f"{where}scores", dict(self.scores), f"scores for {missing}")

    @property
    def total(self) -> int:
        """The points scored."""
        return sum(self.scores.values())

    @property
    def share(self) -> Fraction:
        """The points scored over the form's maximum."""
        return Fraction(self.total, self.form.total)

    @property
    def weakest(self) -> tuple[str, ...]:
        """The criteria with the lowest share of their maximum (ties all named)."""
        shares = {name: Fraction(s, self.form.points[name]) for name, s in self.scores.items()}
        low = min(shares.values())
        return tuple(name for name in self.form.criteria if shares[name] == low)
