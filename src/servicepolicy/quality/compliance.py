"""Was every agent monitored enough this month? (QA-1)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.quality.form import Evaluation
from servicepolicy.quality.plan import parse_month
from servicepolicy.rules import Severity, Violation

__all__ = ["check_monitoring"]


def check_monitoring(
    evaluations: Iterable[Evaluation],
    agents: Iterable[str],
    month: object,
    *,
    minimum: int,
    zone: tzinfo,
) -> tuple[Violation, ...]:
    """A QA-1 :class:`~servicepolicy.rules.Violation` (error) for each agent monitored
    fewer than ``minimum`` times in ``month``, in the order of ``agents``.

    An evaluation counts in the month its call happened in (local time in ``zone``);
    two evaluations of the same call count once.

    .. versionadded:: 0.1.0
    """
    year, number = parse_month(month)
    label = f"{year:04d}-{number:02d}"
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise InvalidArgumentError("minimum", minimum, "an int >= 1 (QA-1: 1-5 a month)")
    if isinstance(agents, str) or not isinstance(agents, Iterable):
        raise WrongTypeError("agents", agents, "an iterable of agent IDs")
    monitored: dict[str, set[object]] = {agent: set() for agent in agents}
    for n, evaluation in enumerate(evaluations):
        if not isinstance(evaluation, Evaluation):
            raise WrongTypeError(f"evaluations[{n}]", evaluation, "an Evaluation")
        local = evaluation.at.astimezone(zone)
        if (local.year, local.month) == (year, number) and evaluation.agent in monitored:
            monitored[evaluation.agent].add(evaluation.call or ("evaluation", n))
    violations = []
    for agent, calls in monitored.items():
        missing = minimum - len(calls)
        if missing > 0:
            violations.append(
                Violation(
                    "QA-1",
                    Severity.ERROR,
                    f"{len(calls)} of the {minimum} monitored calls required in {label}",
                    subject=agent,
                    facts={"month": label, "monitored": len(calls), "minimum": minimum},
                    suggestion=f"inspect {missing} more call{'s' * (missing > 1)} of {agent}",
                )
            )
    return tuple(violations)
