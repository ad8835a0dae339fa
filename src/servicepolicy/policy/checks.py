"""The consistency of a policy: the checks that span sections (private to the loader).

Each problem is ``(path, message)``, the path in the document (``("sla", "targets", "2")``)
so that the loader can name the file's line.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io.documents import Problem, path_of
from servicepolicy.policy.sections import Policy, SlaTargetSection
from servicepolicy.sla import Metric
from servicepolicy.sla.targets import ambiguities

if TYPE_CHECKING:
    from servicepolicy.plugins import PluginSet

__all__ = ["Problem", "consistency_problems", "path_of"]


def consistency_problems(
    policy: Policy,
    failed: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Every problem of ``policy`` that no single field shows; sections in ``failed``
    (which did not structure) and the checks that need them are skipped."""
    from servicepolicy.plugins import installed

    problems: list[Problem] = []
    # Calendar codes and tier schemes come from the policy's plugins; when those cannot
    # be had, from every installed plugin (so that no name is refused wrongly).
    plugin_set: PluginSet = installed()
    if "plugins" not in failed:
        try:
            plugin_set = policy.plugin_set()
        except ServicePolicyError as error:
            problems.append((("plugins",), str(error)))
    checks: list[tuple[set[str], Callable[[Policy, PluginSet], list[Problem]]]] = [
        ({"calendars"}, _calendars),
        ({"tiers"}, _tiers),
        ({"sla", "calendars"}, _sla),
        ({"sla", "tiers"}, _target_tiers),
        ({"escalation", "calendars"}, _escalation),
        ({"kpis"}, _kpis),
    ]
    for needs, check in checks:
        if not needs & failed:
            problems += check(policy, plugin_set)
    return problems


def _calendars(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
    problems: list[Problem] = []
    for name, section in policy.calendars.items():
        if (section.hours is None) == (section.code is None):
            problems.append((("calendars", name), "expected either hours or a code"))
            continue
        try:
            section.build(name, plugin_set)
        except ServicePolicyError as error:
            field = "code" if section.code is not None else "hours"
            problems.append((("calendars", name, field), str(error)))
    return problems


def _tiers(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
    schemes = plugin_set.tier_schemes()
    if policy.tiers not in schemes:
        known = ", ".join(sorted(schemes))
        return [(("tiers",), f"expected a tier scheme ({known}), got {policy.tiers!r}")]
    return []


def _target_tiers(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
    """SLA targets name tiers of the policy's scheme (TIER-2): a typo would make a key
    account's target silently never apply."""
    scheme = plugin_set.tier_schemes().get(policy.tiers)
    if scheme is None:
        return []  # reported by _tiers
    known = policy_tiers(scheme)
    problems: list[Problem] = []
    for index, target in enumerate(policy.sla.targets):
        for position, tier in enumerate(target.tiers):
            if tier not in known:
                problems.append(
                    (
                        ("sla", "targets", str(index), "tiers", str(position)),
                        f"expected a tier of the scheme {policy.tiers!r} "
                        f"({', '.join(known)}), got {tier!r}",
                    )
                )
    return problems


def policy_tiers(scheme: Any) -> tuple[str, ...]:
    """The tier names of a tier scheme, highest first."""
    return tuple(tier.name for tier in scheme.tiers)


def _sla(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
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


def _escalation(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
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


def _kpis(policy: Policy, plugin_set: PluginSet) -> list[Problem]:
    problems: list[Problem] = []
    for index, measure in enumerate(policy.kpis.measures):
        try:
            measure.build()
        except ServicePolicyError as error:
            problems.append((("kpis", "measures", str(index)), str(error)))
    return problems
