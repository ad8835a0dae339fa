"""Per-show performance and satisfaction, and the tier scheme they feed (EXH-4, TIER-2).

The exhibition manual classifies its customers as **key**, **potential** and
**general**, and records each customer's performance and satisfaction **per show**
(exhibition event).  :class:`ShowRecord` is one such record; :func:`show_metrics` turns
a customer's records into the metrics a :class:`~servicepolicy.customers.TierScheme`
reads, and :func:`classify_customer` classifies the customer with them.

:func:`exhibition_shows` is the scheme the plugin registers (as ``"exhibition_shows"``,
:func:`servicepolicy.plugins.tier_scheme`): the library's
:func:`servicepolicy.customers.exhibition` scheme, unchanged, plus one rule that reads the
recorded satisfaction: a customer who exhibited at ``loyal_shows`` shows in the year
with an average satisfaction of at least ``loyal_satisfaction`` is **potential**.  The
manual records satisfaction without saying what it decides; this rule is the plugin's
choice, and ``loyal_shows=None`` leaves it out.

>>> from datetime import date
>>> records = [
...     ShowRecord("C-1", "expo-2026-spring", date(2026, 4, 14), revenue=40_000, satisfaction=4.5),
...     ShowRecord("C-1", "expo-2026-autumn", date(2026, 11, 24), revenue=60_000, satisfaction=4),
... ]
>>> show_metrics(records, "C-1", as_of=date(2026, 12, 31))["events_per_year"]
2
>>> print(classify_customer("C-1", records, as_of=date(2026, 12, 31)))  # doctest: +ELLIPSIS
C-1: potential (exhibition_shows, EXH-4): events_per_year >= 2 and average_satisfaction >= 4 ...

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal

import attrs
from servicepolicy.confidential import confidential
from servicepolicy.customers import (
    Classification,
    Customer,
    MetricValue,
    TierRule,
    TierScheme,
    at_least,
    exhibition,
)
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

from servicepolicy_exhibition import _checks as check

__all__ = [
    "SATISFACTION_SCALE",
    "SCHEME",
    "ShowRecord",
    "Window",
    "classify_customer",
    "exhibition_shows",
    "show_metrics",
]

SATISFACTION_SCALE = (1.0, 5.0)
"""The satisfaction scale of a :class:`ShowRecord`: 1 (very dissatisfied) to 5 (very
satisfied), the scale of the library's surveys (KPI-7).

.. versionadded:: 0.1.0
"""

SCHEME = "exhibition_shows"
"""The name the plugin registers :func:`exhibition_shows` under.

.. versionadded:: 0.1.0
"""

Window = Literal["rolling", "calendar_year"]
"""Which shows count as "of the year": those of the 365 days up to ``as_of``
(``"rolling"``), or those of ``as_of``'s calendar year up to ``as_of``."""


def _text(instance: ShowRecord, attribute: attrs.Attribute[str], value: object) -> None:
    check.text(f"show record: {attribute.name}", value)


def _day(instance: ShowRecord, attribute: attrs.Attribute[date], value: object) -> None:
    check.day(f"show record: {attribute.name}", value)


def _amount(instance: ShowRecord, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check.number(f"show record {instance.show!r}: {attribute.name}", value, low=0)


def _score(instance: ShowRecord, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is not None:
        low, high = SATISFACTION_SCALE
        check.number(f"show record {instance.show!r}: satisfaction", value, low=low, high=high)


def _flag(instance: ShowRecord, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise WrongTypeError(f"show record {instance.show!r}: {attribute.name}", value, "a bool")


@attrs.frozen
class ShowRecord:
    """One customer's performance and satisfaction at one show (EXH-4).

    :param customer: the customer's ID.
    :param show: the show's code (e.g. ``"expo-2026-autumn"``, see
        :class:`~servicepolicy_exhibition.Show`).
    :param held_on: the show's first day; it decides which year the show counts in.
    :param revenue: what the customer brought the organiser at the show (booth fees,
        services, sponsorship), ``>= 0``, in the policy's currency.
    :param booth_area: the booth's area in square metres, if the customer exhibited.
    :param satisfaction: the customer's satisfaction with the show, on
        :data:`SATISFACTION_SCALE` (1 to 5), if asked.
    :param purchase_intent: whether the customer showed purchase intent at the show
        (and was handed over to sales, EXH-3).
    :raises servicepolicy.errors.ServicePolicyError: on an empty ID, a negative or
        non-finite amount, a score off the scale; the message names the field.

    The revenue (``"finance"``), the booth area (``"business"``) and the purchase intent
    (``"negotiation"``) are key-account secrets (CONF-2): masked in ``repr()`` and by
    :func:`~servicepolicy.access.redact` for a role without the category.

    .. versionadded:: 0.1.0
    """

    customer: str = attrs.field(validator=_text)
    show: str = attrs.field(validator=_text)
    held_on: date = attrs.field(validator=_day)
    revenue: float = confidential("finance", default=0.0, validator=_amount, kw_only=True)
    booth_area: float | None = confidential(
        "business", default=None, validator=_amount, kw_only=True
    )
    satisfaction: float | None = attrs.field(default=None, validator=_score, kw_only=True)
    purchase_intent: bool = confidential(
        "negotiation", default=False, validator=_flag, kw_only=True
    )


def _in_window(held_on: date, as_of: date, window: Window) -> bool:
    if window == "rolling":
        return as_of - timedelta(days=365) < held_on <= as_of
    return held_on.year == as_of.year and held_on <= as_of


def show_metrics(
    records: Iterable[ShowRecord],
    customer: Customer | str,
    *,
    as_of: date,
    window: Window = "rolling",
) -> dict[str, MetricValue]:
    """The tier metrics of ``customer`` from its show records of the year up to ``as_of``
    (EXH-4):

    * ``events_per_year``: the shows it took part in;
    * ``annual_revenue``: the sum of its ``revenue`` at those shows;
    * ``purchase_intent``: whether it showed intent at one of them;
    * ``average_satisfaction``: the mean of its scores, if it gave any;
    * ``total_booth_area``: the sum of its booth areas, if any was recorded.

    :param window: ``"rolling"`` (the 365 days up to ``as_of``, as the library's
        "annual" metrics) or ``"calendar_year"``; the manual does not say.
    :raises servicepolicy.errors.InvalidArgumentError: if a show is recorded twice for the
        customer (records are per customer per show).

    .. versionadded:: 0.1.0
    """
    subject = customer.id if isinstance(customer, Customer) else check.text("customer", customer)
    check.day("as_of", as_of)
    if window not in ("rolling", "calendar_year"):
        raise InvalidArgumentError("window", window, "'rolling' or 'calendar_year'")
    if isinstance(records, ShowRecord | str) or not isinstance(records, Iterable):
        raise WrongTypeError("records", records, "an iterable of ShowRecord")
    seen: set[str] = set()
    counted: list[ShowRecord] = []
    for index, record in enumerate(records):
        if not isinstance(record, ShowRecord):
            raise WrongTypeError(f"records[{index}]", record, "a ShowRecord")
        if record.customer != subject:
            continue
        if record.show in seen:
            raise InvalidArgumentError(
                f"records[{index}]: show",
                record.show,
                f"one record per customer per show (EXH-4); {subject!r} has two",
            )
        seen.add(record.show)
        if _in_window(record.held_on, as_of, window):
            counted.append(record)
    metrics: dict[str, MetricValue] = {
        "events_per_year": len(counted),
        "annual_revenue": sum(r.revenue for r in counted),
        "purchase_intent": any(r.purchase_intent for r in counted),
    }
    scores = [r.satisfaction for r in counted if r.satisfaction is not None]
    if scores:
        metrics["average_satisfaction"] = sum(scores) / len(scores)
    areas = [r.booth_area for r in counted if r.booth_area is not None]
    if areas:
        metrics["total_booth_area"] = sum(areas)
    return metrics


def exhibition_shows(
    *,
    loyal_shows: int | None = 2,
    loyal_satisfaction: float = 4.0,
    key_revenue: float = 1_000_000,
    key_events: float = 3,
    potential_score: float = 6,
    visits_per_year: Mapping[str, int] | None = None,
) -> TierScheme:
    """The exhibition organiser's key / potential / general scheme, fed by show records
    (EXH-4, TIER-2).

    The library's :func:`servicepolicy.customers.exhibition` scheme (its thresholds are
    passed through: ``key_revenue``, ``key_events``, ``potential_score``,
    ``visits_per_year``), plus the rule **potential: satisfied regular**:
    ``events_per_year >= loyal_shows`` and ``average_satisfaction >=
    loyal_satisfaction``.  A customer it matches would otherwise be *general*; a key
    customer stays key (the scheme tries key rules first) and it stays monotone.

    :param loyal_shows: shows in the year that make a satisfied customer potential, or
        ``None`` for the library's scheme alone.
    :param loyal_satisfaction: the average satisfaction (1 to 5) that counts as
        satisfied.
    :raises servicepolicy.errors.ServicePolicyError: if a threshold is out of range.

    .. versionadded:: 0.1.0
    """
    base = exhibition(
        key_revenue=key_revenue,
        key_events=key_events,
        potential_score=potential_score,
        visits_per_year=visits_per_year,
    )
    rules = list(base.rules)
    if loyal_shows is not None:
        if isinstance(loyal_shows, bool) or not isinstance(loyal_shows, int):
            raise WrongTypeError("exhibition_shows: loyal_shows", loyal_shows, "an int or None")
        if loyal_shows < 1:
            raise InvalidArgumentError("exhibition_shows: loyal_shows", loyal_shows, "an int >= 1")
        low, high = SATISFACTION_SCALE
        check.number("exhibition_shows: loyal_satisfaction", loyal_satisfaction, low=low, high=high)
        rules.append(
            TierRule(
                "potential",
                [
                    at_least("events_per_year", loyal_shows),
                    at_least("average_satisfaction", loyal_satisfaction),
                ],
                name="potential: satisfied regular",
                rule_id="EXH-4",
            )
        )
    return attrs.evolve(
        base,
        name=SCHEME,
        rules=tuple(rules),
        source=f"{base.source}, with per-show records (servicepolicy-exhibition)",
    )


def classify_customer(
    customer: Customer | str,
    records: Iterable[ShowRecord],
    *,
    as_of: date,
    scheme: TierScheme | None = None,
    metrics: Mapping[str, MetricValue | None] | None = None,
    window: Window = "rolling",
) -> Classification:
    """The tier of ``customer`` from its show records (:func:`show_metrics`), and why
    (EXH-4).

    :param scheme: the scheme to classify with; by default :func:`exhibition_shows`.
    :param metrics: metrics known otherwise (``growth_potential``, or an
        ``annual_revenue`` from the accounts that includes more than the shows); they
        take precedence over the ones computed from the records.
    :param window: see :func:`show_metrics`.

    .. versionadded:: 0.1.0
    """
    if scheme is not None and not isinstance(scheme, TierScheme):
        raise WrongTypeError("scheme", scheme, "a TierScheme or None")
    if metrics is not None and not isinstance(metrics, Mapping):
        raise WrongTypeError("metrics", metrics, "a mapping of metric names to values")
    found: dict[str, MetricValue | None] = dict(
        show_metrics(records, customer, as_of=as_of, window=window)
    )
    found.update(metrics or {})
    return (scheme or exhibition_shows()).classify(customer, found)
