"""SLA targets: what must happen within how long, for which tickets (SLA-1, SLA-2, SLA-3).

A :class:`SlaTarget` names a :class:`Metric`, a duration, the calendar its clock runs on
(or calendar time), and the tickets it applies to by kind, customer tier, priority and
channel.  An empty selector applies to every value.  When several targets of a metric
match a ticket, the most specific wins (:meth:`SlaTarget.more_specific_than`): a target
is more specific than another when, in every selector, it accepts a subset of the
other's values (an empty selector accepts every value) and, in at least one, a strict
subset.

>>> from datetime import timedelta
>>> key = SlaTarget("key-accounts", "resolution", timedelta(hours=8), kinds="complaint",
...                 tiers=["strategic", "important"], calendar="hotline")
>>> strategic = SlaTarget("strategic", "resolution", timedelta(hours=4), kinds="complaint",
...                       tiers="strategic", calendar="hotline")
>>> key.matches("complaint", "strategic", "P3", "phone"), strategic.more_specific_than(key)
(True, True)
>>> key.matches("complaint", "potential", "P3", "phone")
False

A duration may be a number of working days of the target's calendar
(:class:`WorkingDays`):

>>> SlaTarget("answer", "first_response", WorkingDays(1), calendar="hotline").describe()
"'answer' (first_response within 1 working day)"

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta

import attrs

from servicepolicy.errors import InvalidArgumentError, InvalidPolicyError, WrongTypeError

__all__ = ["SELECTORS", "Metric", "SlaTarget", "WorkingDays", "ambiguities"]


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

_WD = re.compile(r"\s*(\d+)\s*wd\s*")


def _days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError("working days", value, "a whole number of working days")
    if value <= 0:
        raise InvalidArgumentError("working days", value, "> 0")


@attrs.frozen(order=True)
class WorkingDays:
    """A duration in working days of a calendar, whatever its hours (SLA-1, SLA-2).

    ``n`` working days from an instant run to the same clock time on the ``n``-th
    working day after it (:meth:`BusinessCalendar.add_working_days
    <servicepolicy.calendar.BusinessCalendar.add_working_days>`), counted from the first
    working instant at or after it.  Where that clock time is not working time (a half
    day, a shift that ends earlier), the due instant is the end of the working time
    before it.  A clock counts the working time of its calendar in between: pauses
    (SLA-3) stop it as they stop any clock.

    >>> WorkingDays(2), str(WorkingDays(1)), WorkingDays.parse("3wd")
    (WorkingDays(days=2), '1 working day', WorkingDays(days=3))

    .. versionadded:: 0.2.0
    """

    days: int = attrs.field(validator=_days)

    def __str__(self) -> str:
        return f"{self.days} working day{'s' if self.days != 1 else ''}"

    @classmethod
    def parse(cls, text: str) -> WorkingDays:
        """``"1wd"``, ``"3 wd"``: working days as written in a policy file.

        :raises servicepolicy.errors.InvalidArgumentError: for anything else.
        """
        match = _WD.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidArgumentError("working days", text, 'a whole number and "wd", "1wd"')
        return cls(int(match.group(1)))


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


def _positive(
    instance: SlaTarget, attribute: attrs.Attribute[timedelta | WorkingDays], value: object
) -> None:
    if isinstance(value, WorkingDays):
        return
    if not isinstance(value, timedelta):
        raise WrongTypeError(
            f"SLA target {instance.name!r}: duration", value, "a timedelta or WorkingDays"
        )
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
    :param duration: the time allowed; for ``progress_update``, the interval: a
        :class:`~datetime.timedelta` of the calendar's working time (of calendar time
        without a calendar), or :class:`WorkingDays` of the calendar (which needs one).
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
    duration: timedelta | WorkingDays = attrs.field(validator=_positive)
    kinds: frozenset[str] = attrs.field(default=None, converter=_selector)
    tiers: frozenset[str] = attrs.field(default=None, converter=_selector)
    priorities: frozenset[str] = attrs.field(default=None, converter=_selector)
    channels: frozenset[str] = attrs.field(default=None, converter=_selector)
    calendar: str | None = None
    pause_states: frozenset[str] | None = attrs.field(default=None, converter=_optional_states)
    rule: str = "SLA-1"

    @property
    def specificity(self) -> int:
        """How many selectors are set (a summary for reports; which target wins is
        :meth:`more_specific_than`'s)."""
        return sum(1 for name in SELECTORS if getattr(self, name))

    def more_specific_than(self, other: SlaTarget) -> bool:
        """Whether this target is more specific than ``other`` (SLA-1): in every selector
        it accepts a subset of ``other``'s values, in at least one a strict subset.  A
        selector left open accepts every value, so it is the least specific; naming
        fewer values is more specific.  Neither of two targets with the same selectors
        is more specific than the other.

        .. versionadded:: 0.2.0
        """
        strict = False
        for mine, theirs in zip(self.selectors(), other.selectors(), strict=True):
            if not theirs:
                strict = strict or bool(mine)
            elif not mine or not mine <= theirs:
                return False
            else:
                strict = strict or mine < theirs
        return strict

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
    """Pairs of targets of one metric that both match some ticket where neither is more
    specific than the other (:meth:`SlaTarget.more_specific_than`) and no matching target
    is more specific than both; an SLA policy refuses them (Zammad silently takes the
    first by name).  Each problem names both targets and a ticket profile they share.

    Without such a pair, the targets matching any ticket have exactly one most specific
    target, more specific than every other one (SLA-1)."""
    problems = []
    for a, b in itertools.combinations(targets, 2):
        if a.metric is not b.metric or a.more_specific_than(b) or b.more_specific_than(a):
            continue
        shared = [_meet(x, y) for x, y in zip(a.selectors(), b.selectors(), strict=True)]
        if any(values == frozenset() for values in shared):
            continue  # disjoint on some selector: no ticket matches both
        for profile in _profiles(shared):
            stronger = [
                t
                for t in targets
                if t.metric is a.metric
                and t.more_specific_than(a)
                and t.more_specific_than(b)
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
                    f"{shown or 'every ticket'} and neither is more specific; make one "
                    "select a subset of the other's values, or add a target more specific "
                    "than both for those tickets"
                )
                break
    return problems


def most_specific(matching: Sequence[SlaTarget]) -> SlaTarget | None:
    """The target of ``matching`` more specific than every other one (the first of the
    most specific, should the policy not have refused a tie)."""
    best = None
    for target in matching:
        if best is None or target.more_specific_than(best):
            best = target
    return best


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
        if isinstance(target.duration, WorkingDays) and target.calendar is None:
            problems.append(
                f"target {target.name!r} allows {target.duration} but names no calendar: "
                "working days are a calendar's; name one (calendar=...)"
            )
        if target.calendar is not None and target.calendar not in known:
            names = ", ".join(sorted(known)) or "none"
            problems.append(
                f"target {target.name!r} runs on the unknown calendar {target.calendar!r} "
                f"(known: {names})"
            )
    problems += ambiguities(targets)
    if problems:
        raise InvalidPolicyError(problems)
