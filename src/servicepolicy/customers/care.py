"""Key-account care (TIER-4): the annual visit plan, and greetings and gifts on special dates.

:func:`visit_plan` gives each customer as many visits as its tier's
``visits_per_year``, spread evenly over the year on
working days, the same every time it is run.  :func:`care_actions` (in
:mod:`servicepolicy.customers.greetings`, imported here too) lists the greetings and gifts
due between two dates: on the customer's special dates (birthdays, founding day: TIER-3)
and on festivals.

>>> from datetime import date
>>> from servicepolicy.customers import Customer, SpecialDate, key_accounts
>>> acme = Customer("C-001", "ACME", tier="important", owner="am-zhang",
...                 special_dates=[SpecialDate("founding_day", date(2003, 6, 18))])
>>> for visit in visit_plan([acme], key_accounts(), 2026):
...     print(visit.date, visit.visitor, visit.purpose)
2026-01-23 am-zhang important account visit 1 of 4
2026-04-23 am-zhang important account visit 2 of 4
2026-07-23 am-zhang important account visit 3 of 4
2026-10-23 am-zhang important account visit 4 of 4
>>> for action in care_actions(acme, (date(2026, 6, 1), date(2026, 10, 31)), "CN"):
...     print(action)
2026-06-18 C-001: greeting on founding_day (23 years)
2026-06-18 C-001: gift on founding_day (23 years)
2026-06-19 C-001: greeting on Dragon Boat Festival
2026-09-25 C-001: greeting on Mid-Autumn Festival
2026-10-01 C-001: greeting on National Day

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

import attrs
from dateutil.rrule import DAILY, MONTHLY, rrule

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import _checks as check
from servicepolicy.customers.classification import Classification
from servicepolicy.customers.customer import Customer
from servicepolicy.customers.greetings import (
    CareAction,
    CareKind,
    FestivalSource,
    anniversaries,
    care_actions,
)
from servicepolicy.customers.tiers import Tier, TierScheme
from servicepolicy.errors import InvalidArgumentError, NoWorkingTimeError, WrongTypeError

__all__ = [
    "CareAction",
    "CareKind",
    "CustomerWithTier",
    "FestivalSource",
    "PlannedVisit",
    "anniversaries",
    "care_actions",
    "spread",
    "visit_plan",
]

#: A customer with the tier to plan for: the record alone uses its ``tier`` field.
CustomerWithTier = Customer | tuple[Customer, str | Tier | Classification]

_KPI_9 = (
    "review of satisfaction, response time, problem resolution rate and business "
    "development: new projects, revenue growth (KPI-9)"
)


@attrs.frozen
class PlannedVisit:
    """One visit of the annual visit plan (TIER-4, CAD-5).

    :param customer: the customer's ID.
    :param date: the day of the visit.
    :param visitor: who visits (the account manager by default).
    :param purpose: why, e.g. ``"important account visit 2 of 4"``.
    :param content: what the visit covers.
    :param tier: the customer's tier, which sized the plan.

    .. versionadded:: 0.1.0
    """

    customer: str
    date: date
    visitor: str
    purpose: str
    content: str
    tier: str


# -- the visit plan ------------------------------------------------------------------------


def _resolve(item: object, scheme: TierScheme) -> tuple[Customer, Tier | None]:
    """The customer and the tier of ``scheme`` to plan it for; ``None`` for a
    classification in no tier (TIER-1: not a key account, no visits)."""
    given: object
    if isinstance(item, Customer):
        customer, given = item, item.tier
    elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Customer):
        customer, given = item
    else:
        raise WrongTypeError("customers item", item, "a Customer or a (Customer, tier) pair")
    argument = f"customer {customer.id!r}: tier"
    if isinstance(given, Classification):
        if given.scheme != scheme.name:
            raise InvalidArgumentError(
                argument, given.scheme, f"a classification by the scheme {scheme.name!r}"
            )
        if given.tier is None:
            return customer, None
        given = given.tier
    elif isinstance(given, Tier):
        given = given.name
    if given is None:
        raise InvalidArgumentError(
            argument, None, f"a tier of {scheme.name!r}; classify the customer first"
        )
    if given not in scheme.names:
        choices = ", ".join(repr(n) for n in scheme.names)
        raise InvalidArgumentError(argument, given, f"a tier of {scheme.name!r}: one of {choices}")
    return customer, scheme.tier(str(given))


def spread(visits: int, year: int, key: str) -> list[date]:
    """``visits`` dates spread evenly over ``year``, staggered by ``key`` (reproducibly).

    A plan that divides the year into whole months (1, 2, 3, 4, 6 or 12 visits) recurs
    monthly with :func:`dateutil.rrule.rrule` (every 12, 6, 4, 3, 2 or 1 months) on a day of
    the month between 1 and 28; other sizes recur every ``365 // visits`` days.  Where in
    the first period the series starts comes from a CRC-32 of ``key`` (the customer ID),
    so customers of a tier are not all visited on the same day, and a re-run gives the
    same dates.

    >>> [d.isoformat() for d in spread(4, 2026, "C-001")]
    ['2026-01-23', '2026-04-23', '2026-07-23', '2026-10-23']
    """
    if visits == 0:
        return []
    stagger = zlib.crc32(key.encode("utf-8"))
    if 12 % visits == 0:
        months = 12 // visits
        start = date(year, 1 + stagger % months, 1 + (stagger // months) % 28)
        series = rrule(MONTHLY, interval=months, count=visits, dtstart=start)
    else:
        days = 365 // visits
        start = date(year, 1, 1) + timedelta(days=stagger % days)
        series = rrule(DAILY, interval=days, count=visits, dtstart=start)
    return [moment.date() for moment in series]


def _working_day(
    day: date, is_working: Callable[[date], bool], taken: set[date], where: str
) -> date:
    """The first free working day from ``day`` on within its year, else the last before."""
    forward = (day + timedelta(days=n) for n in range((date(day.year, 12, 31) - day).days + 1))
    backward = (day - timedelta(days=n) for n in range(1, (day - date(day.year, 1, 1)).days + 1))
    for candidate in itertools.chain(forward, backward):
        if candidate not in taken and is_working(candidate):
            return candidate
    raise NoWorkingTimeError(f"{where}: no free working day in {day.year} for a visit")


def visit_plan(
    customers: Iterable[CustomerWithTier],
    scheme: TierScheme,
    year: int,
    *,
    calendar: BusinessCalendar | None = None,
    visitor: Callable[[Customer, Tier], str] | None = None,
    purposes: Mapping[str, str] | None = None,
    contents: Mapping[str, str] | None = None,
) -> tuple[PlannedVisit, ...]:
    """The annual visit plan of ``customers`` for ``year``, sized by tier (TIER-4, CAD-5).

    Each customer gets its tier's ``visits_per_year`` visits (a tier with ``0`` gets
    none), spread over the year by :func:`~servicepolicy.customers.spread` and moved
    forward to the next working day (back, at the end of the year) not already taken by
    another visit to the same customer.  The plan is sorted by date, then customer ID.

    :param customers: customers whose ``tier`` field names their tier, or
        ``(customer, tier)`` pairs where the tier is a name, a
        :class:`~servicepolicy.customers.Tier` or a
        :class:`~servicepolicy.customers.Classification` by ``scheme``; a classification
        in no tier (``tier=None``, not a key account) gets no visits.
    :param scheme: the tier scheme the tiers belong to.
    :param year: the plan's year.
    :param calendar: visits fall on its working days; Monday to Friday if ``None``.
    :param visitor: who visits a customer of a tier; the customer's ``owner`` (account
        manager) if ``None``.
    :param purposes: ``{tier: purpose}``; by default ``"<tier> account visit <k> of <n>"``.
    :param contents: ``{tier: content}``; by default a review of the KPI-9 figures and the
        tier's value-added services.
    :raises servicepolicy.errors.InvalidArgumentError: if a customer has no tier, a tier
        unknown to ``scheme``, no owner (and no ``visitor`` is given), or appears twice.
    :raises servicepolicy.errors.NoWorkingTimeError: if the calendar leaves no working day.
    """
    if not isinstance(scheme, TierScheme):
        raise WrongTypeError("scheme", scheme, "a TierScheme")
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InvalidArgumentError("year", year, "an int year between 1 and 9999")
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise WrongTypeError("calendar", calendar, "a BusinessCalendar or None")
    is_working = calendar.is_working_day if calendar is not None else _weekday
    purposes, contents = dict(purposes or {}), dict(contents or {})
    for argument, given in (("purposes", purposes), ("contents", contents)):
        for name, text in given.items():
            if name not in scheme.names:
                choices = ", ".join(repr(n) for n in scheme.names)
                raise InvalidArgumentError(argument, name, f"tiers of {scheme.name!r}: {choices}")
            check.text(f"{argument}[{name!r}]", text)
    plan: list[PlannedVisit] = []
    seen: set[str] = set()
    if isinstance(customers, str | bytes | Customer) or not isinstance(customers, Iterable):
        raise WrongTypeError("customers", customers, "an iterable of customers")
    for item in customers:
        customer, tier = _resolve(item, scheme)
        where = f"customer {customer.id!r}"
        if customer.id in seen:
            raise InvalidArgumentError("customers", customer.id, "each customer once")
        seen.add(customer.id)
        if tier is None or not tier.visits_per_year:
            continue
        who = visitor(customer, tier) if visitor is not None else customer.owner
        if who is None:
            raise InvalidArgumentError(
                f"{where}: owner", None, "an account manager to visit, or visitor="
            )
        check.text(f"{where}: visitor", who)
        taken: set[date] = set()
        total = tier.visits_per_year
        for number, planned in enumerate(spread(total, year, customer.id), start=1):
            day = _working_day(planned, is_working, taken, where)
            taken.add(day)
            purpose = purposes.get(tier.name, f"{tier.name} account visit {number} of {total}")
            content = contents.get(tier.name, _default_content(tier))
            plan.append(PlannedVisit(customer.id, day, who, purpose, content, tier.name))
    return tuple(sorted(plan, key=lambda v: (v.date, v.customer)))


def _weekday(day: date) -> bool:
    return day.weekday() < 5


def _default_content(tier: Tier) -> str:
    if not tier.services:
        return _KPI_9
    return f"{_KPI_9}; value-added services: {', '.join(tier.services)}"
