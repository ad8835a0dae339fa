"""SLA targets: what must happen within how long, for which tickets (SLA-1, SLA-2, SLA-3).

A :class:`SlaTarget` names a :class:`Metric`, a duration, the calendar its clock runs on
(or calendar time), and the tickets it applies to by kind, customer tier, priority and
channel.  An empty selector applies to every value.  When several targets of a metric
match a ticket, the most specific wins: the one with the most selectors set.

>>> from datetime import timedelta
>>> t = SlaTarget("complaint-vip", "resolution", timedelta(hours=8), kinds="complaint",
...               tiers=["strategic", "important"], calendar="hotline")
>>> t.specificity, t.matches("complaint", "strategic", "P3", "phone")
(2, True)
>>> t.matches("complaint", "potential", "P3", "phone")
False

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Sequence
from datetime import timedelta

import attrs

from servicepolicy.errors import InvalidArgumentError, InvalidPolicyError, WrongTypeError

__all__ = ["SELECTORS", "Metric", "SlaTarget", "ambiguities"]


class Metric(enum.StrEnum):
    """What an SLA clock measures.

    .. versionadded:: 0.1.0
    """

    FIRST_RESPONSE = "first_response"
    """From the opening to the first message to the customer, which is a reply, or a
    change of state recorded with the channel the answer went out on (SLA-1, TKT-2)."""
    PROGRESS_UPDATE = "progress_update"
    """From each message to the customer to the next, while the ticket is not resolved:
    an update is owed every interval (SLA-5)."""
    RESOLUTION = "resolution"
    """From the opening to the first entry into a resolved (or terminal) state (SLA-1)."""
    FOLLOW_UP = "follow_up"
    """From the resolution to the follow-up (a ``followed_up`` state, TKT-3, CAD-5)."""
    PROMISE = "promise"
    """From a promise to the customer to its due instant, set by the ticket's events,
    never by a target (SLA-4)."""


SELECTORS = ("kinds", "tiers", "priorities", "channels")
"""The fields of a target that select tickets, in the order of :meth:`SlaTarget.matches`."""


def _selector(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    values = frozenset(value)
    for item in values:
        if not isinstance(item, str) or not item:
            raise WrongTypeError("SLA target selector", item, "non-empty strings")
    return values


def _optional_states(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else _selector(value)


def _metric(value: object) -> Metric:
    try:
        metric = Metric(str(value)) if isinstance(value, str) else Metric(value)  # type: ignore[arg-type]
    except ValueError:
        names = ", ".join(m.value for m in Metric if m is not Metric.PROMISE)
        raise InvalidArgumentError("SLA target: metric", value, f"one of {names}") from None
    if metric is Metric.PROMISE:
        raise InvalidArgumentError(
            "SLA target: metric", value, "a metric other than promise (promises are events)"
        )
    return metric


def _positive(instance: SlaTarget, attribute: attrs.Attribute[timedelta], value: object) -> None:
    if not isinstance(value, timedelta):
        raise WrongTypeError(f"SLA target {instance.name!r}: duration", value, "a timedelta")
    if value <= timedelta(0):
        raise InvalidArgumentError(f"SLA target {instance.name!r}: duration", value, "> 0")


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError("SLA target: name", value, "a non-empty string")


@attrs.frozen
class SlaTarget:
    """A target of an SLA policy (SLA-1 … SLA-3).

    :param name: unique in its policy; explanations and reports cite it.
    :param metric: what the clock measures (not ``promise``: promises are events).
    :param duration: the time allowed; for ``progress_update``, the interval.
    :param kinds: ticket kinds it applies to (empty: all).
    :param tiers: customer tiers it applies to (empty: all).
    :param priorities: ticket priorities it applies to (empty: all).
    :param channels: channels the ticket came in on (empty: all).
    :param calendar: the name of a calendar of the policy the clock runs on, or ``None``
        for calendar time (SLA-2).
    :param pause_states: states in which the clock stops (SLA-3); ``None`` for the waiting
        states of the ticket's lifecycle, an empty set to never pause.
    :param rule: the rule the target implements, for explanations.

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=_name)
    metric: Metric = attrs.field(converter=_metric)
    duration: timedelta = attrs.field(validator=_positive)
    kinds: frozenset[str] = attrs.field(default=None, converter=_selector)
    tiers: frozenset[str] = attrs.field(default=None, converter=_selector)
    priorities: frozenset[str] = attrs.field(default=None, converter=_selector)
    channels: frozenset[str] = attrs.field(default=None, converter=_selector)
    calendar: str | None = None
    pause_states: frozenset[str] | None = attrs.field(default=None, converter=_optional_states)
    rule: str = "SLA-1"

    @property
    def specificity(self) -> int:
        """How many selectors are set; the most specific matching target wins."""
        return sum(1 for name in SELECTORS if getattr(self, name))

    def matches(self, kind: str, tier: str | None, priority: str | None, channel: str) -> bool:
        """Whether the target applies to a ticket with these values."""
        return all(
            not chosen or value in chosen
            for chosen, value in zip(self.selectors(), (kind, tier, priority, channel), strict=True)
        )

    def selectors(self) -> tuple[frozenset[str], ...]:
        """``kinds``, ``tiers``, ``priorities``, ``channels``."""
        return (self.kinds, self.tiers, self.priorities, self.channels)

    def describe(self) -> str:
        """``"'vip' (resolution within 8:00:00, kinds complaint, tiers strategic)"``."""
        chosen = [
            f"{name} {', '.join(sorted(values))}"
            for name, values in zip(SELECTORS, self.selectors(), strict=True)
            if values
        ]
        parts = [f"{self.metric} within {self.duration}", *chosen]
        return f"{self.name!r} ({'; '.join(parts)})"


def ambiguities(targets: Sequence[SlaTarget]) -> list[str]:
    """Pairs of equally specific targets of one metric that both match some ticket no more
    specific target settles; an SLA policy refuses them (Zammad silently takes the first
    by name).  Each problem names both targets and a ticket profile they share."""
    problems = []
    for a, b in itertools.combinations(targets, 2):
        if a.metric is not b.metric or a.specificity != b.specificity:
            continue
        shared = [_meet(x, y) for x, y in zip(a.selectors(), b.selectors(), strict=True)]
        if any(values == frozenset() for values in shared):
            continue  # disjoint on some selector: no ticket matches both
        for profile in _profiles(shared):
            stronger = [
                t
                for t in targets
                if t.metric is a.metric
                and t.specificity > a.specificity
                and all(_covers(c, v) for c, v in zip(t.selectors(), profile, strict=True))
            ]
            if not stronger:
                shown = ", ".join(
                    f"{name}={value}"
                    for name, value in zip(
                        ("kind", "tier", "priority", "channel"), profile, strict=True
                    )
                    if value is not None
                )
                problems.append(
                    f"targets {a.name!r} and {b.name!r} ({a.metric}) both match "
                    f"{shown or 'every ticket'} with the same specificity; make one more "
                    "specific, or add a more specific target for those tickets"
                )
                break
    return problems


def _meet(x: frozenset[str], y: frozenset[str]) -> frozenset[str] | None:
    """The values both selectors accept; ``None`` for "any"."""
    if not x and not y:
        return None
    if not x:
        return y
    if not y:
        return x
    return x & y


def _profiles(shared: list[frozenset[str] | None]) -> Iterable[tuple[str | None, ...]]:
    """Every combination of the shared values (``None`` where any value is shared)."""
    choices = [[None] if values is None else sorted(values) for values in shared]
    return itertools.product(*choices)


def _covers(chosen: frozenset[str], value: str | None) -> bool:
    return not chosen or (value is not None and value in chosen)


def check_targets(targets: Sequence[SlaTarget], calendars: Iterable[str]) -> None:
    """Raise :class:`InvalidPolicyError` listing every problem of a policy's targets."""
    known = set(calendars)
    problems = []
    seen: set[str] = set()
    for target in targets:
        if not isinstance(target, SlaTarget):
            raise WrongTypeError("SLA policy: targets", target, "SlaTarget values")
        if target.name in seen:
            problems.append(f"two targets are named {target.name!r}")
        seen.add(target.name)
        if target.calendar is not None and target.calendar not in known:
            names = ", ".join(sorted(known)) or "none"
            problems.append(
                f"target {target.name!r} runs on the unknown calendar {target.calendar!r} "
                f"(known: {names})"
            )
    problems += ambiguities(targets)
    if problems:
        raise InvalidPolicyError(problems)
