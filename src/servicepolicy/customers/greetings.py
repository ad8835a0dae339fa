"""Greetings and gifts on special dates and festivals (TIER-4).

:func:`care_actions` lists the care actions due to a customer between two dates: a
greeting (and, for the ``gift_occasions``, a gift) on each anniversary of its special
dates (birthdays, founding day: TIER-3) and on the festivals of a holiday source.

* A festival of several days is **one** occasion, greeted on its first day: the Spring
  Festival with its eve (and 2020's extension), National Day's week, a Chuseok of three
  days.  Days whose names differ are one festival by :data:`FESTIVAL_ALIASES` (extend it
  with ``aliases=``); days of one festival at most :data:`FESTIVAL_GAP` apart belong
  together.
* Which festivals are greeting occasions is a parameter: by default every public holiday
  except days of remembrance (:data:`NO_GREETING_FESTIVALS`: Tomb-Sweeping Day…);
  ``festivals=`` names exactly the ones wanted.
* Festivals starting on the same day (National Day and the Mid-Autumn Festival on
  1 October 2020) get one greeting naming both.

>>> from datetime import date
>>> from servicepolicy.customers import Customer
>>> acme = Customer("C-001", "ACME")
>>> for action in care_actions(acme, (date(2026, 1, 1), date(2026, 4, 30)), "CN"):
...     print(action)
2026-01-01 C-001: greeting on New Year's Day
2026-02-16 C-001: greeting on Chinese New Year (Spring Festival)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Literal

import attrs
from dateutil.rrule import YEARLY, rrule

from servicepolicy.confidential import confidential
from servicepolicy.customers import _checks as check
from servicepolicy.customers._festivals import (
    FESTIVAL_ALIASES,
    FESTIVAL_GAP,
    NO_GREETING_FESTIVALS,
    FestivalSource,
    festival_days,
)
from servicepolicy.customers.customer import BIRTHDAY, FOUNDING_DAY, Customer, SpecialDate
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "FESTIVAL_ALIASES",
    "FESTIVAL_GAP",
    "NO_GREETING_FESTIVALS",
    "CareAction",
    "CareKind",
    "FestivalSource",
    "anniversaries",
    "care_actions",
]

CareKind = Literal["greeting", "gift"]
"""What a care action is: a greeting, or a gift (TIER-4)."""


@attrs.frozen
class CareAction:
    """A greeting or a gift due on a special date or a festival (TIER-4).

    :param customer: the customer's ID.
    :param date: the day it is due.
    :param action: ``"greeting"`` or ``"gift"``.
    :param occasion: the special date's kind (``"birthday"``) or the festival's name.
    :param person: whose birthday it is (confidential ``"contact"``), or ``None``.
    :param festival: whether the occasion is a festival rather than a special date.
    :param years: for a special date, how many years since the original date.

    .. versionadded:: 0.1.0
    """

    customer: str
    date: date
    action: CareKind
    occasion: str
    person: str | None = confidential("contact", default=None)
    festival: bool = False
    years: int | None = None

    def __str__(self) -> str:
        text = f"{self.date.isoformat()} {self.customer}: {self.action} on {self.occasion}"
        if self.person is not None:
            text += " (for a contact person)"
        if self.years is not None:
            text += f" ({self.years} years)"
        return text


def anniversaries(special: SpecialDate, first: date, last: date) -> list[date]:
    """The anniversaries of ``special.date`` between ``first`` and ``last`` (inclusive).

    Uses :func:`dateutil.rrule.rrule`; a 29 February is kept on 28 February in other
    years.  Only anniversaries count: the original date itself (the birth, the founding)
    and anything before it are not returned.

    >>> from datetime import date
    >>> leap = SpecialDate("birthday", date(1980, 2, 29))
    >>> [d.isoformat() for d in anniversaries(leap, date(2027, 1, 1), date(2028, 12, 31))]
    ['2027-02-28', '2028-02-29']
    """
    original = special.date
    if (original.month, original.day) == (2, 29):
        series = rrule(YEARLY, bymonth=2, bymonthday=(28, 29), bysetpos=-1, dtstart=original)
    else:
        series = rrule(YEARLY, bymonth=original.month, bymonthday=original.day, dtstart=original)
    after, before = (
        datetime.combine(first, datetime.min.time()),
        datetime.combine(last, datetime.min.time()),
    )
    found = (moment.date() for moment in series.between(after, before, inc=True))
    return [day for day in found if day > original]


def care_actions(
    customer: Customer,
    between: tuple[date, date],
    calendar_or_holidays: FestivalSource = None,
    *,
    gift_occasions: Collection[str] = (BIRTHDAY, FOUNDING_DAY),
    festivals: Collection[str] | None = None,
    no_greeting: Collection[str] = NO_GREETING_FESTIVALS,
    aliases: Mapping[str, str] | None = None,
) -> tuple[CareAction, ...]:
    """The greetings and gifts due to ``customer`` between two dates (TIER-4).

    Every special date (recurring yearly) and every greeting festival in the range gets
    a greeting; occasions listed in ``gift_occasions`` get a gift as well.  The manual
    names both actions without saying which occasion gets which: by default birthdays
    and founding days get a gift and festivals a greeting.  A festival of several days
    gets one greeting, on its first day (the Spring Festival's eve where that is a public
    holiday); festivals starting on the same day get one greeting naming them all.
    Actions are sorted by date; special dates first.

    :param customer: the customer.
    :param between: ``(first, last)`` days, both included.
    :param calendar_or_holidays: where festivals come from: ``None`` (no festivals), a
        country code (``"CN"``, names in English), a :class:`holidays.HolidayBase`, a
        :class:`~servicepolicy.calendar.BusinessCalendar` (its public holidays) or a
        mapping ``{date: festival name}``.  Days off in lieu (调休) are not festivals.
    :param gift_occasions: special-date kinds and festival names that also get a gift.
    :param festivals: the greeting festivals, by name: exactly these (``no_greeting``
        plays no part).  ``None`` (default): every festival of the source except
        ``no_greeting``.
    :param no_greeting: public holidays that are no occasion for a greeting when
        ``festivals`` is ``None``: by default :data:`NO_GREETING_FESTIVALS`, days of
        remembrance such as Tomb-Sweeping Day; ``()`` greets on every public holiday.
    :param aliases: ``{holiday name: festival name}`` added to
        :data:`FESTIVAL_ALIASES`, for the days of one festival that a source names
        differently.  Names in ``festivals``, ``no_greeting`` and ``gift_occasions`` are
        read through the aliases too.
    :raises servicepolicy.errors.ServicePolicyError: if the range or a source is invalid.
    """
    if not isinstance(customer, Customer):
        raise WrongTypeError("customer", customer, "a Customer")
    if not isinstance(between, tuple) or len(between) != 2:
        raise WrongTypeError("between", between, "a (first, last) pair of dates")
    first, last = check.day("between[0]", between[0]), check.day("between[1]", between[1])
    if last < first:
        raise InvalidArgumentError("between", between, "a first day on or before the last day")
    names = _aliases(aliases)
    gifts = frozenset(names.get(n, n) for n in check.texts("gift_occasions", gift_occasions))
    wanted = None if festivals is None else _names("festivals", festivals, names)
    skipped = _names("no_greeting", no_greeting, names)
    found: list[tuple[tuple[date, int, str, bool], CareAction]] = []
    for index, special in enumerate(customer.special_dates):
        for day in anniversaries(special, first, last):
            years = day.year - special.date.year
            for action in _actions(special.kind in gifts):
                entry = CareAction(
                    customer.id, day, action, special.kind, special.person, years=years
                )
                found.append(((day, 0, f"{index:09d}", action == "gift"), entry))
    greeted: dict[date, list[str]] = {}
    for day, name in festival_days(calendar_or_holidays, first, last, names):
        greets = (name in wanted) if wanted is not None else (name not in skipped)
        if greets and name not in greeted.setdefault(day, []):
            greeted[day].append(name)
    for day, festival_names in greeted.items():
        occasion = " and ".join(festival_names)
        for action in _actions(any(n in gifts for n in festival_names)):
            entry = CareAction(customer.id, day, action, occasion, festival=True)
            found.append(((day, 1, occasion, action == "gift"), entry))
    return tuple(entry for _, entry in sorted(found, key=lambda pair: pair[0]))


def _aliases(given: Mapping[str, str] | None) -> Mapping[str, str]:
    if given is None:
        return FESTIVAL_ALIASES
    if not isinstance(given, Mapping):
        raise WrongTypeError("aliases", given, "a mapping of holiday name to festival name")
    merged = dict(FESTIVAL_ALIASES)
    for name, festival in given.items():
        merged[check.text("aliases key", name)] = check.text(f"aliases[{name!r}]", festival)
    return merged


def _names(argument: str, given: Collection[str], aliases: Mapping[str, str]) -> frozenset[str]:
    return frozenset(aliases.get(n, n) for n in check.texts(argument, given))


def _actions(with_gift: bool) -> tuple[CareKind, ...]:
    return ("greeting", "gift") if with_gift else ("greeting",)
