"""Per-agent summaries of the evaluations, weekly with a training plan, and monthly (QA-2).

One pass; memory per agent and period, not per evaluation.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from fractions import Fraction
from types import MappingProxyType

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi.periods import Period, period_label
from servicepolicy.kpi.targets import format_value
from servicepolicy.quality.form import Evaluation, ScoringForm

__all__ = ["QaSummary", "summarise"]


def _shares(value: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return MappingProxyType(dict(value))


@attrs.frozen
class QaSummary:
    """One agent's evaluations over one week or month (QA-2).

    :param agent: the agent.
    :param period: the week (``"2026-W45"``) or month (``"2026-11"``).
    :param evaluations: how many evaluations.
    :param share: the mean score as a share of the form's maximum.
    :param criteria: per criterion, the mean share of its maximum.
    :param training: the training plan: criteria whose mean share is below the form's
        ``training_below``, weakest first.

    .. versionadded:: 0.1.0
    """

    agent: str
    period: str
    evaluations: int
    share: Fraction
    criteria: Mapping[str, Fraction] = attrs.field(converter=_shares)
    training: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = (
            f"{self.agent} {self.period}: {self.evaluations} evaluated, "
            f"{format_value(self.share, 'ratio')}"
        )
        if self.training:
            needs = ", ".join(
                f"{c} {format_value(self.criteria[c], 'ratio')}" for c in self.training
            )
            text += f"; training: {needs}"
        return text


def summarise(
    evaluations: Iterable[Evaluation], *, period: Period | str, zone: tzinfo
) -> tuple[QaSummary, ...]:
    """Summaries per agent and week or month, sorted by agent then period (QA-2).

    :param evaluations: the evaluations; one agent's evaluations in one period must use
        the same form.
    :param period: ``"week"`` (ISO weeks) or ``"month"``.
    :param zone: the zone the weeks and months are counted in.

    .. versionadded:: 0.1.0
    """
    try:
        period = Period(period)
    except ValueError:
        raise InvalidArgumentError("period", period, "'week' or 'month'") from None
    sums: dict[tuple[str, str], tuple[ScoringForm, list[int]]] = {}
    for n, evaluation in enumerate(evaluations):
        if not isinstance(evaluation, Evaluation):
            raise WrongTypeError(f"evaluations[{n}]", evaluation, "an Evaluation")
        key = (evaluation.agent, period_label(evaluation.at.astimezone(zone).date(), period))
        form = evaluation.form
        found = sums.get(key)
        if found is None:
            found = sums[key] = (form, [0] * (len(form.points) + 1))
        elif found[0] != form:
            raise InvalidArgumentError(
                f"evaluations[{n}].form", form, f"the form of the other evaluations of {key}"
            )
        totals = found[1]
        totals[0] += 1
        for i, name in enumerate(form.criteria, 1):
            totals[i] += evaluation.scores[name]
    summaries = []
    for (agent, label), (form, totals) in sorted(sums.items()):
        count = totals[0]
        criteria = {
            name: Fraction(totals[i], count * form.points[name])
            for i, name in enumerate(form.criteria, 1)
        }
        share = Fraction(sum(totals[1:]), count * form.total)
        weak = sorted(
            (s, form.criteria.index(c), c) for c, s in criteria.items() if s < form.training_below
        )
        summaries.append(
            QaSummary(agent, label, count, share, criteria, tuple(c for _, _, c in weak))
        )
    return tuple(summaries)
