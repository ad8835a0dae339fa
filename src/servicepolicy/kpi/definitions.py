"""A KPI: a measure with its variant, the calls it counts, its parameters and its target
(KPI-1 … KPI-11).

The manuals' figures are the defaults: ``Kpi("service_level")`` is KPI-2, 80 % of
inbound calls answered within 20 seconds, in the variant A_T/(A+Ab_Q) (every call
abandoned in the queue counts against; calls that ended in the IVR never waited for an
agent and are left out).  Anything can be changed, and the variant is always named
(KPI-11):

>>> sl = Kpi("service_level")
>>> sl.rule_id, sl.variant, sl.threshold, str(sl.target)
('KPI-2', 'A_T/(A+Ab_Q)', 20, '≥ 80 %')
>>> Kpi("service_level", variant="A_T/A", threshold=30, target=Target.at_least("90%")).describe()
'KPI-2 service_level [A_T/A] inbound, T=30 s: target ≥ 90 %'
>>> Kpi("connection_rate", direction="outbound").describe()
'KPI-1 connection_rate_outbound [A/Q] outbound: target ≥ 60 %'
>>> Kpi("service_level", variant="A/N")
Traceback (most recent call last):
...
servicepolicy.errors.InvalidArgumentError: service_level: variant: expected one of \
'A_T/(A+Ab_Q)', '(A_T+Ab_T)/(A+Ab)', 'A_T/A', 'A_T/(A+Ab)', 'A_T/(A+Ab-Ab_T)', \
'A_T/(A+Ab-Ab_S)' (KPI-11), got 'A/N'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi.measures import MEASURES, Measure, Variant
from servicepolicy.kpi.records import Direction, direction, seconds_to_ms
from servicepolicy.kpi.targets import Goal, Target, format_value

__all__ = ["ATTITUDE_KPIS", "BUSINESS_KPIS", "CALL_KPIS", "TICKET_KPIS", "Kpi"]


_SOURCE_NAMES = {"tickets": "ticket", "complaints": "complaint", "business": "business"}


def _measure(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in MEASURES:
        raise InvalidArgumentError("measure", value, "one of " + ", ".join(sorted(MEASURES)))


def _default_direction(self: Kpi) -> Direction | None:
    measure = MEASURES.get(self.measure)
    return None if measure is None else measure.default_direction


def _default_name(self: Kpi) -> str:
    measure = MEASURES.get(self.measure)
    if measure is None or self.direction == measure.default_direction:
        return str(self.measure)
    return f"{self.measure}_{self.direction or 'all'}"


def _default_variant(self: Kpi) -> str:
    measure = MEASURES.get(self.measure)
    return "" if measure is None else measure.default_variant


def _default_target(self: Kpi) -> Target | None:
    measure = MEASURES.get(self.measure)
    return None if measure is None else measure.targets.get(self.direction)


def _optional_direction(value: object) -> Direction | None:
    return None if value is None else direction(value)


def _positive_seconds(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if seconds_to_ms(attribute.name, value) <= 0:
        raise InvalidArgumentError(attribute.name, value, "a number of seconds > 0")


def _window(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta):
        raise WrongTypeError("window", value, "a datetime.timedelta")
    if value <= timedelta(0):
        raise InvalidArgumentError("window", value, "a duration > 0")


@attrs.frozen
class Kpi:
    """A KPI: what is measured, by which formula, over which calls, against which target.

    Only ``measure`` is required; every other field defaults to the manuals' figure for
    that measure (see ``MEASURES`` for the variants).

    :param measure: a key of ``MEASURES``, e.g. ``"service_level"``.
    :param name: the KPI's name in reports, unique within one report; by default the
        measure, with ``_inbound``/``_outbound``/``_all`` added when the calls counted
        differ from the measure's default.
    :param direction: the calls (or agent time) counted: ``"inbound"``, ``"outbound"``,
        or ``None`` for both; ticket measures take ``None``.
    :param variant: the formula (KPI-11); the measure's default if not given.
    :param target: the target, or ``None`` for none; by default the manuals' figure for
        the measure and direction (KPI-1 … KPI-7), none where the manuals leave it open
        ("≥ [X] %", KPI-8).
    :param threshold: the service-level threshold T in seconds (KPI-2's 20 s).
    :param short_abandon: S, the longest wait in seconds of a *short* abandon, for
        the variants that leave short abandons out.
    :param window: for first-contact resolution by repeat contacts: a contact counts
        as resolved if the same customer does not call again within this window.
    :raises servicepolicy.errors.InvalidArgumentError: for an unknown measure or
        variant (naming the known ones), or a direction on a ticket measure.

    .. versionadded:: 0.1.0
    """

    measure: str = attrs.field(validator=_measure)
    direction: Direction | None = attrs.field(
        default=attrs.Factory(_default_direction, takes_self=True),
        converter=_optional_direction,
        kw_only=True,
    )
    variant: str = attrs.field(
        default=attrs.Factory(_default_variant, takes_self=True), kw_only=True
    )
    target: Target | None = attrs.field(
        default=attrs.Factory(_default_target, takes_self=True), kw_only=True
    )
    threshold: float = attrs.field(default=20, kw_only=True, validator=_positive_seconds)
    short_abandon: float = attrs.field(default=5, kw_only=True, validator=_positive_seconds)
    window: timedelta = attrs.field(default=timedelta(days=7), kw_only=True, validator=_window)
    name: str = attrs.field(default=attrs.Factory(_default_name, takes_self=True), kw_only=True)

    def __attrs_post_init__(self) -> None:
        measure = self.spec
        if self.variant not in measure.variants:
            choices = ", ".join(map(repr, measure.variants))
            raise InvalidArgumentError(
                f"{self.measure}: variant", self.variant, f"one of {choices} (KPI-11)"
            )
        if not isinstance(self.name, str) or not self.name:
            raise WrongTypeError(f"{self.measure}: name", self.name, "a non-empty string")
        if self.target is not None and not isinstance(self.target, Target):
            raise WrongTypeError(
                f"{self.name}: target", self.target, "a servicepolicy.kpi.Target or None"
            )
        if measure.source != "calls" and self.direction is not None:
            raise InvalidArgumentError(
                f"{self.name}: direction",
                self.direction,
                f"None for a {_SOURCE_NAMES[measure.source]} measure",
            )

    # -- what it is -----------------------------------------------------------------------

    @property
    def spec(self) -> Measure:
        """The :class:`~servicepolicy.kpi.Measure` it computes."""
        return MEASURES[self.measure]

    @property
    def formula(self) -> Variant:
        """The :class:`~servicepolicy.kpi.Variant` (formula) it uses."""
        return self.spec.variants[self.variant]

    @property
    def rule_id(self) -> str:
        """The rule of the manuals it implements, e.g. ``"KPI-2"``."""
        return self.spec.rule_id

    @property
    def unit(self) -> str:
        """``"ratio"`` (0–1), ``"seconds"``, ``"rings"``, ``"score"`` or ``"points"``."""
        return self.formula.unit

    @property
    def goal(self) -> Goal:
        """The target's goal (at least, at most, within), else the measure's."""
        return self.target.goal if self.target is not None else self.spec.goal

    @property
    def threshold_ms(self) -> int:
        """T in milliseconds."""
        return seconds_to_ms("threshold", self.threshold)

    @property
    def short_abandon_ms(self) -> int:
        """S in milliseconds."""
        return seconds_to_ms("short_abandon", self.short_abandon)

    @property
    def window_ms(self) -> int:
        """The repeat-contact window in milliseconds."""
        return self.window // timedelta(milliseconds=1)

    def parameters(self) -> dict[str, object]:
        """The parameters its formula reads, e.g. ``{"threshold_s": 20}``."""
        found: dict[str, object] = {}
        if self.measure == "service_level":
            found["threshold_s"] = self.threshold
        if "Ab_S" in self.variant:
            found["short_abandon_s"] = self.short_abandon
        if self.variant == "no_repeat":
            found["window"] = str(self.window)
        return found

    def thresholds_ms(self) -> set[int]:
        """The wait thresholds (milliseconds) an accumulator must count for it."""
        found = {self.threshold_ms} if self.measure == "service_level" else set()
        if "Ab_S" in self.variant:
            found.add(self.short_abandon_ms)
        return found

    def describe(self) -> str:
        """One line: rule, name, variant, calls, parameters and target."""
        text = f"{self.rule_id} {self.name} [{self.variant}]"
        if self.direction is not None:
            text += f" {self.direction}"
        params = [
            f"T={format_value(Fraction(self.threshold_ms, 1000), 'seconds')}"
            if key == "threshold_s"
            else f"S={format_value(Fraction(self.short_abandon_ms, 1000), 'seconds')}"
            if key == "short_abandon_s"
            else f"window={value}"
            for key, value in self.parameters().items()
        ]
        if params:
            text += ", " + ", ".join(params)
        target = self.target.describe(self.unit) if self.target is not None else "none"
        return f"{text}: target {target}"


CALL_KPIS: tuple[Kpi, ...] = (
    Kpi("connection_rate"),
    Kpi("connection_rate", direction=Direction.OUTBOUND),
    Kpi("service_level"),
    Kpi("abandon_rate"),
    Kpi("average_handle_time"),
    Kpi("average_rings"),
    Kpi("average_queue_time"),
    Kpi("occupancy"),
    Kpi("utilisation"),
    Kpi("first_contact_resolution"),
    Kpi("csat"),
    Kpi("nps"),
)
"""The manuals' call-centre KPIs with their default variants and targets (KPI-1 … KPI-8)."""

TICKET_KPIS: tuple[Kpi, ...] = (
    Kpi("reply_on_time_rate"),
    Kpi("complaint_resolution_rate"),
    Kpi("problem_resolution_rate"),
    Kpi("average_response_time"),
)
"""The ticket KPIs (KPI-8, KPI-9); their targets are open in the manuals ("≥ [X] %")."""

ATTITUDE_KPIS: tuple[Kpi, ...] = (Kpi("attitude_complaints"),)
"""Service attitude per agent: no complaints about the agent, target at most 0 (KPI-8)."""

BUSINESS_KPIS: tuple[Kpi, ...] = (Kpi("new_projects"), Kpi("revenue_growth"))
"""Key-account business development (KPI-9); the manuals give no targets."""
