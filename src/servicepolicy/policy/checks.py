"""The consistency of a policy: the checks that span sections (private to the loader).

Each problem is ``(path, message)``, the path in the document (``("sla", "targets", "2")``)
so that the loader can name the file's line.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from typing import Any

import cattrs

from servicepolicy.errors import ServicePolicyError
from servicepolicy.policy.sections import Policy, SlaTargetSection
from servicepolicy.sla import Metric
from servicepolicy.sla.targets import ambiguities

__all__ = ["consistency_problems", "path_of"]


def path_of(where: str) -> tuple[str, ...]:
    """``"$.sla.targets[0].within"`` → ``("sla", "targets", "0", "within")``."""
    return tuple(p for p in re.split(r"[.\[\]]+", where.removeprefix("$")) if p)


Problem = tuple[tuple[str, ...], str]


def consistency_problems(
    policy: Policy,
    document: dict[str, Any],
    failed: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Every problem of ``policy`` that no single field shows; sections in ``failed``
    (which did not structure) and the checks that need them are skipped."""
    checks = [
        ({"calendars"}, _calendars),
        ({"tiers"}, _tiers),
        ({"sla", "calendars"}, _sla),
        ({"escalation", "calendars"}, _escalation),
        ({"kpis"}, _kpis),
    ]
    problems: list[Problem] = []
    for needs, check in checks:
        if not needs & failed:
            problems += check(policy)
    if "plugins" not in failed:
        problems += _plugin_sections(policy, document)
    return problems


def _calendars(policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    for name, section in policy.calendars.items():
        if (section.hours is None) == (section.code is None):
            problems.append((("calendars", name), "expected either hours or a code"))
            continue
        try:
            section.build(name)
        except ServicePolicyError as error:
            field = "code" if section.code is not None else "hours"
            problems.append((("calendars", name, field), str(error)))
    return problems


def _tiers(policy: Policy) -> list[Problem]:
    from servicepolicy import plugins

    schemes = plugins.tier_schemes()
    if policy.tiers not in schemes:
        known = ", ".join(sorted(schemes))
        return [(("tiers",), f"expected a tier scheme ({known}), got {policy.tiers!r}")]
    return []


def _sla(policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    targets = policy.sla.targets
    built = []
    seen: dict[str, int] = {}
    for index, section in enumerate(targets):
        where = ("sla", "targets", str(index))
        if section.name in seen:
            problems.append(((*where, "name"), f"a second target named {section.name!r}"))
        seen.setdefault(section.name, index)
        if section.calendar is not None and section.calendar not in policy.calendars:
            known = ", ".join(policy.calendars) or "none"
            problems.append(
                (
                    (*where, "calendar"),
                    f"expected a calendar of the policy ({known}), got {section.calendar!r}",
                )
            )
        try:
            built.append(section.build())
        except ServicePolicyError as error:
            problems.append((where, str(error)))
    for message in ambiguities(built):
        problems.append((("sla", "targets"), message))
    problems += _response_longer_than_resolution(targets)
    return problems


def _selectors(target: SlaTargetSection) -> tuple[frozenset[str], ...]:
    return tuple(
        frozenset(values)
        for values in (target.kinds, target.tiers, target.priorities, target.channels)
    )


def _response_longer_than_resolution(targets: tuple[SlaTargetSection, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for index, response in enumerate(targets):
        if response.metric != Metric.FIRST_RESPONSE:
            continue
        for other in targets:
            same = other.metric == Metric.RESOLUTION and _selectors(other) == _selectors(response)
            comparable = type(response.within) is type(other.within)  # hours, or working days
            if same and comparable and response.within > other.within:  # type: ignore[operator]
                problems.append(
                    (
                        ("sla", "targets", str(index), "within"),
                        f"the response target {response.name!r} ({response.within}) is "
                        f"longer than the resolution target {other.name!r} "
                        f"({other.within}) for the same tickets",
                    )
                )
    return problems


def _escalation(policy: Policy) -> list[Problem]:
    section = policy.escalation
    problems: list[Problem] = []
    levels = ", ".join(section.levels)
    for name in ("sla_warning", "sla_breach"):
        level = getattr(section, name)
        if level not in section.levels:
            problems.append(
                (
                    ("escalation", name),
                    f"expected one of the escalation levels {levels}, got {level!r}",
                )
            )
    if section.calendar is not None and section.calendar not in policy.calendars:
        problems.append(
            (
                ("escalation", "calendar"),
                f"expected a calendar of the policy, got {section.calendar!r}",
            )
        )
    try:
        section.ladder()
    except ServicePolicyError as error:
        problems.append((("escalation", "levels"), str(error)))
    return problems


def _kpis(policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    for index, measure in enumerate(policy.kpis.measures):
        try:
            measure.build()
        except ServicePolicyError as error:
            problems.append((("kpis", "measures", str(index)), str(error)))
    return problems


def _plugin_sections(policy: Policy, document: dict[str, Any]) -> list[Problem]:
    from servicepolicy import plugins
    from servicepolicy.converter import make_converter, problems_of

    problems: list[Problem] = []
    sections = plugins.policy_sections()
    raw = document.get("plugins", {})
    converter: cattrs.Converter | None = None
    for name in policy.plugins:
        schema = sections.get(name)
        if schema is None:
            known = ", ".join(sorted(sections)) or "none are installed"
            problems.append(
                (
                    ("plugins", name),
                    f"no installed plugin reads the section [plugins.{name}] (sections: {known})",
                )
            )
            continue
        converter = converter or make_converter()
        try:
            converter.structure(raw[name], schema)
        except Exception as error:
            for problem in problems_of(error):
                where, _, message = problem.partition(": ")
                problems.append((("plugins", name, *path_of(where)), message))
    return problems
