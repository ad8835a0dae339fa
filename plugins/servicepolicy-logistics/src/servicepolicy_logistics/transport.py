"""LOG-2: the transport modes, the goods, and the parameters of choosing between them.

The manual says what each mode is for: **road** (short distance, urgent, flexible),
**rail** (long distance, bulk, stable), **air** (high value, time-critical) and **sea**
(bulk, low value, long distance): :data:`MODE_CRITERIA`.  A :class:`TransportRequest`
says what is shipped, how far, how soon and for how much; :class:`TransportThresholds`
holds every figure the choice needs (the manual gives none), and
:func:`~servicepolicy_logistics.recommend_transport` makes the choice.

>>> TransportThresholds().profile("rail").transit(1000)
datetime.timedelta(days=3)
>>> TransportRequest("bulk", weight_t=500, distance_km=1000,
...                  time_allowed=timedelta(days=10), value=250_000).value_per_kg
0.5

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import timedelta
from types import MappingProxyType

import attrs
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

from servicepolicy_logistics import _checks as check

__all__ = [
    "MODE_CRITERIA",
    "Constraint",
    "Criterion",
    "GoodsType",
    "ModeProfile",
    "TransportMode",
    "TransportRequest",
    "TransportThresholds",
]


class TransportMode(enum.StrEnum):
    """The four modes of LOG-2, in the order ties between them are broken.

    .. versionadded:: 0.1.0
    """

    ROAD = "road"
    RAIL = "rail"
    AIR = "air"
    SEA = "sea"


class GoodsType(enum.StrEnum):
    """What is shipped.  ``bulk`` goods count as bulk whatever their weight, ``high_value``
    goods as high value whatever their declared value, ``perishable`` goods as urgent;
    ``dangerous`` goods are refused by the modes :attr:`TransportThresholds.forbidden`
    names (air, by default).

    .. versionadded:: 0.1.0
    """

    GENERAL = "general"
    BULK = "bulk"
    PERISHABLE = "perishable"
    DANGEROUS = "dangerous"
    HIGH_VALUE = "high_value"


class Criterion(enum.StrEnum):
    """The manual's words for what a mode suits (LOG-2).

    .. versionadded:: 0.1.0
    """

    SHORT_DISTANCE = "short distance"
    LONG_DISTANCE = "long distance"
    URGENT = "urgent"
    FLEXIBLE = "flexible"
    BULK = "bulk"
    STABLE = "stable"
    HIGH_VALUE = "high value"
    LOW_VALUE = "low value"


class Constraint(enum.StrEnum):
    """What can rule a mode out.

    .. versionadded:: 0.1.0
    """

    ROUTE = "route"
    GOODS = "goods type"
    TIME = "time requirement"
    BUDGET = "budget"


_C = Criterion
MODE_CRITERIA: Mapping[TransportMode, tuple[Criterion, ...]] = MappingProxyType(
    {
        TransportMode.ROAD: (_C.SHORT_DISTANCE, _C.URGENT, _C.FLEXIBLE),
        TransportMode.RAIL: (_C.LONG_DISTANCE, _C.BULK, _C.STABLE),
        TransportMode.AIR: (_C.HIGH_VALUE, _C.URGENT),
        TransportMode.SEA: (_C.BULK, _C.LOW_VALUE, _C.LONG_DISTANCE),
    }
)
"""What each mode suits, as LOG-2 lists it (air's "time-critical" is :attr:`Criterion.URGENT`)."""


_POSITIVE = check.validator(check.number)
_NON_NEGATIVE = check.validator(check.number, positive=False)


@attrs.frozen
class ModeProfile:
    """How fast and how dear a mode is, for the estimates of
    :func:`~servicepolicy_logistics.recommend_transport`.

    :param km_per_day: distance covered per day once moving.
    :param handling: time added once per shipment (loading, transfers, customs).
    :param fixed_cost: cost added once per shipment, in the budget's currency.
    :param cost_per_tonne_km: cost per tonne and kilometre.

    .. versionadded:: 0.1.0
    """

    km_per_day: float = attrs.field(validator=_POSITIVE)
    handling: timedelta = attrs.field(validator=check.validator(check.duration, positive=False))
    fixed_cost: float = attrs.field(validator=_NON_NEGATIVE)
    cost_per_tonne_km: float = attrs.field(validator=_NON_NEGATIVE)

    def transit(self, distance_km: float) -> timedelta:
        """The estimated door-to-door time over ``distance_km``."""
        return self.handling + timedelta(days=distance_km / self.km_per_day)

    def cost(self, weight_t: float, distance_km: float) -> float:
        """The estimated cost of ``weight_t`` tonnes over ``distance_km``."""
        return self.fixed_cost + self.cost_per_tonne_km * weight_t * distance_km


def _forbidden(value: object) -> Mapping[GoodsType, frozenset[TransportMode]]:
    if not isinstance(value, Mapping):
        raise WrongTypeError(
            "transport thresholds: forbidden", value, "a mapping of goods to modes"
        )
    result = {}
    for goods, modes in value.items():
        key = check.member("transport thresholds: forbidden", goods, GoodsType)
        where = f"transport thresholds: forbidden[{key.value!r}]"
        if isinstance(modes, str | TransportMode):
            modes = (modes,)
        if not isinstance(modes, Iterable):
            raise WrongTypeError(where, modes, "modes (road, rail, air, sea)")
        result[key] = frozenset(check.member(where, mode, TransportMode) for mode in modes)
    return MappingProxyType(result)


def _goods(value: GoodsType | str) -> GoodsType:
    return check.member("transport request: goods", value, GoodsType)


@attrs.frozen
class TransportThresholds:
    """The parameters of LOG-2; the manual names the criteria but gives no figures.

    :param short_km: up to this distance a trip is *short* (road).
    :param long_km: from this distance a trip is *long* (rail, sea).
    :param urgent_within: a time requirement this tight or tighter is *urgent* (road,
        air's "time-critical").
    :param bulk_tonnes: from this weight a shipment is *bulk* (rail, sea).
    :param high_value_per_kg: from this declared value per kilogram goods are *high value*
        (air).
    :param low_value_per_kg: up to this value per kilogram goods are *low value* (sea).
    :param road: speed and cost of road transport (a truck: 600 km a day, 4 hours handling).
    :param rail: of rail (500 km a day, a day of handling and marshalling).
    :param air: of air (10 000 km a day, 12 hours to and from the airports).
    :param sea: of sea (500 km a day, 3 days in the ports).
    :param forbidden: modes that may not carry a goods type; by default dangerous goods do
        not fly.

    .. versionadded:: 0.1.0
    """

    short_km: float = attrs.field(default=300.0, validator=_POSITIVE)
    long_km: float = attrs.field(default=800.0, validator=_POSITIVE)
    urgent_within: timedelta = attrs.field(
        default=timedelta(days=2), validator=check.validator(check.duration)
    )
    bulk_tonnes: float = attrs.field(default=20.0, validator=_POSITIVE)
    high_value_per_kg: float = attrs.field(default=200.0, validator=_POSITIVE)
    low_value_per_kg: float = attrs.field(default=10.0, validator=_POSITIVE)
    road: ModeProfile = ModeProfile(600, timedelta(hours=4), 300, 0.5)
    rail: ModeProfile = ModeProfile(500, timedelta(days=1), 1_500, 0.15)
    air: ModeProfile = ModeProfile(10_000, timedelta(hours=12), 800, 6.0)
    sea: ModeProfile = ModeProfile(500, timedelta(days=3), 5_000, 0.03)
    forbidden: Mapping[GoodsType, frozenset[TransportMode]] = attrs.field(
        factory=lambda: {GoodsType.DANGEROUS: frozenset({TransportMode.AIR})},
        converter=_forbidden,
        hash=False,
    )

    def __attrs_post_init__(self) -> None:
        if self.long_km < self.short_km:
            raise InvalidArgumentError(
                "transport thresholds: long_km", self.long_km, f">= short_km ({self.short_km:g})"
            )
        if self.high_value_per_kg < self.low_value_per_kg:
            raise InvalidArgumentError(
                "transport thresholds: high_value_per_kg",
                self.high_value_per_kg,
                f">= low_value_per_kg ({self.low_value_per_kg:g})",
            )
        for mode in TransportMode:
            if not isinstance(self.profile(mode), ModeProfile):
                raise WrongTypeError(
                    f"transport thresholds: {mode.value}", self.profile(mode), "a ModeProfile"
                )

    def profile(self, mode: TransportMode | str) -> ModeProfile:
        """The speed and cost of ``mode``."""
        found: ModeProfile = getattr(self, check.member("mode", mode, TransportMode).value)
        return found


@attrs.frozen
class TransportRequest:
    """What is to be shipped, how far, how soon, for how much (LOG-2).

    :param goods: the :class:`GoodsType` (or its value).
    :param weight_t: weight in tonnes (> 0).
    :param distance_km: distance in kilometres (> 0).
    :param time_allowed: the time requirement: delivered within this long.
    :param budget: the most the transport may cost, or ``None`` for no limit.
    :param value: the goods' declared value (same currency), or ``None`` if unknown;
        value per kilogram decides *high* and *low value*.
    :param door_to_door: pick-up and delivery at the customer's doors are needed (road's
        *flexible*).
    :param needs_reliability: a dependable schedule whatever the weather is needed (rail's
        *stable*).
    :param land_route: road and rail can reach the destination.
    :param sea_route: both ends are served by sea ports.
    :param air_route: both ends are served by airports.

    .. versionadded:: 0.1.0
    """

    goods: GoodsType = attrs.field(converter=_goods)
    weight_t: float = attrs.field(validator=_POSITIVE)
    distance_km: float = attrs.field(validator=_POSITIVE)
    time_allowed: timedelta = attrs.field(validator=check.validator(check.duration))
    budget: float | None = attrs.field(
        default=None,
        validator=check.validator(check.optional(check.number)),
    )
    value: float | None = attrs.field(
        default=None,
        validator=check.validator(check.optional(check.number, positive=False)),
    )
    door_to_door: bool = attrs.field(default=False, validator=check.validator(check.flag))
    needs_reliability: bool = attrs.field(default=False, validator=check.validator(check.flag))
    land_route: bool = attrs.field(default=True, validator=check.validator(check.flag))
    sea_route: bool = attrs.field(default=False, validator=check.validator(check.flag))
    air_route: bool = attrs.field(default=True, validator=check.validator(check.flag))

    @property
    def value_per_kg(self) -> float | None:
        """The declared value per kilogram, if the value is known."""
        return None if self.value is None else self.value / (self.weight_t * 1000)
