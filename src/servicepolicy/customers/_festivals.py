"""Where festival dates for care actions come from (TIER-4): private helpers of ``care``.

A festival source is one of: ``None`` (no festivals), a country code for
:func:`holidays.country_holidays`, a :class:`holidays.HolidayBase`, a
:class:`~servicepolicy.calendar.BusinessCalendar` (its country or holidays object) or a
mapping ``{date: name}``.  Days that are merely days off in lieu of a festival (China's
"Day off (substituted from …)", 调休; "… (observed)") are not festivals and are left out
of a holidays object's dates.

A festival of several days is one occasion: its days' names are made one by
:data:`FESTIVAL_ALIASES` (the Spring Festival's eve, its extension, a second day of
Chuseok…), and days of one festival no more than :data:`FESTIVAL_GAP` apart are one
festival, greeted on its first day.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import holidays as holidays_lib

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import _checks as check
from servicepolicy.errors import InvalidArgumentError, OutOfRangeError, WrongTypeError

FestivalSource = str | holidays_lib.HolidayBase | BusinessCalendar | Mapping[date, str] | None
"""What :func:`~servicepolicy.customers.care_actions` accepts as ``calendar_or_holidays``."""

_ARGUMENT = "calendar_or_holidays"

_SPRING = "Chinese New Year (Spring Festival)"
FESTIVAL_ALIASES: Mapping[str, str] = types.MappingProxyType(
    {
        # China (en_US, zh_CN, zh_TW names of the holidays package)
        "Chinese New Year's Eve": _SPRING,
        "Chinese New Year Extended Holiday": _SPRING,
        "农历除夕": "春节",
        "春节延长假期": "春节",
        "農曆除夕": "春節",
        "春節延長假期": "春節",
        # Taiwan, Hong Kong, Singapore, Malaysia: the same festival, one name
        "Chinese New Year": _SPRING,
        "The second day of Chinese New Year": _SPRING,
        "The third day of Chinese New Year": _SPRING,
        "The fourth day of Chinese New Year": _SPRING,
        "Chinese New Year (Second Day)": _SPRING,
        "The Day following Mid-Autumn Festival": "Mid-Autumn Festival",
        # South Korea
        "The day preceding Korean New Year": "Korean New Year",
        "The second day of Korean New Year": "Korean New Year",
        "The day preceding Chuseok": "Chuseok",
        "The second day of Chuseok": "Chuseok",
        # Vietnam
        "Lunar New Year's Eve": "Lunar New Year",
        "Second Day of Lunar New Year": "Lunar New Year",
        "Third Day of Lunar New Year": "Lunar New Year",
        "Fourth Day of Lunar New Year": "Lunar New Year",
        "Fifth Day of Lunar New Year": "Lunar New Year",
    }
)
"""Holiday names that are days of another festival → that festival's name (TIER-4): the
eve, the second and third days and the extensions of the Lunar New Year, Chuseok and the
Mid-Autumn Festival, as the holidays package names them.  Extend it with
``care_actions(aliases=...)``."""

NO_GREETING_FESTIVALS: frozenset[str] = frozenset(
    {
        "Tomb-Sweeping Day",
        "清明节",
        "清明節",
        "Memorial Day",
        "Remembrance Day",
        "Peace Memorial Day",
    }
)
"""Public holidays that are days of remembrance, not occasions for a greeting (TIER-4):
Tomb-Sweeping Day (清明节, when families honour their dead), Memorial Day, Remembrance
Day, Taiwan's Peace Memorial Day.  The default of ``care_actions(no_greeting=...)``."""

FESTIVAL_GAP = timedelta(days=7)
"""Days of one festival at most this far apart are one festival (National Day's days
around a weekend, the Spring Festival and its 2020 extension).  Unnamed holidays (a
calendar's list of dates) are one festival only on consecutive days."""

_UNNAMED = "public holiday"


def _country(code: str, subdiv: str | None, language: str | None) -> holidays_lib.HolidayBase:
    try:
        return holidays_lib.country_holidays(
            code.strip().upper(), subdiv=subdiv, language=language, observed=False
        )
    except NotImplementedError as exc:
        raise InvalidArgumentError(
            _ARGUMENT, code, "a country code the holidays package supports, e.g. 'CN', 'US'"
        ) from exc


def _label_patterns(entity: holidays_lib.HolidayBase) -> list[tuple[str, str]]:
    """``(prefix, suffix)`` of the names of observed days and substituted days off (调休).

    The holidays package writes them from labels such as ``"%s (observed)"`` and ``"Day
    off (substituted from %s)"``, translated into the entity's language.
    """
    translate: Any = getattr(entity, "tr", str)
    patterns = []
    for attribute in ("observed_label", "substituted_label"):
        label = getattr(entity, attribute, None)
        if isinstance(label, str) and "%s" in label:
            prefix, _, suffix = str(translate(label)).partition("%s")
            if prefix.strip() or suffix.strip():
                patterns.append((prefix, suffix if attribute == "observed_label" else ""))
    return patterns


def _entity_names(
    entity: holidays_lib.HolidayBase, since: date, last: date, first: date
) -> Iterator[tuple[date, str]]:
    if since.year < first.year and not entity.expand and since.year not in entity.years:
        since = date(first.year, 1, 1)  # look back only as far as the object holds
    for year in range(since.year, last.year + 1):
        if not entity.expand and year not in entity.years:
            raise OutOfRangeError(
                f"{_ARGUMENT}: the holidays object holds the years {sorted(entity.years)}; "
                f"care actions up to {last} need {year} (build it with that year, or with "
                "expand=True)",
                argument=_ARGUMENT,
                value=year,
                expected="a holidays object covering every year of the range",
            )
        _ = date(year, 1, 1) in entity  # lets an expanding object populate the year
    patterns = _label_patterns(entity)
    for day in sorted(d for d in entity if since <= d <= last):
        for name in map(str, entity.get_list(day)):
            if not any(name.startswith(p) and name.endswith(s) for p, s in patterns):
                yield day, name


def festival_days(
    source: FestivalSource,
    first: date,
    last: date,
    aliases: Mapping[str, str] = FESTIVAL_ALIASES,
) -> list[tuple[date, str]]:
    """``(date, festival name)`` of the festivals starting between ``first`` and ``last``
    (inclusive), names made one by ``aliases``.

    A festival lasting several days (National Day, the Spring Festival with its eve) is
    given once, on its first day; days of one festival at most :data:`FESTIVAL_GAP` apart
    belong together, so a festival already running before ``first`` is not given again.

    :raises servicepolicy.errors.ServicePolicyError: for an unsupported source, country
        code or mapping entry, or a holidays object that does not cover the range.
    """
    if source is None:
        return []
    found = _named_days(source, first, last)
    started: dict[str, date] = {}  # festival -> the last day seen of it
    result = []
    for day, name in sorted((d, aliases.get(n, n)) for d, n in found):
        previous = started.get(name)
        started[name] = day
        gap = timedelta(days=1) if name == _UNNAMED else FESTIVAL_GAP
        if previous is not None and day - previous <= gap:
            continue  # a later day of a festival already started
        if day >= first:
            result.append((day, name))
    return result


def _named_days(source: FestivalSource, first: date, last: date) -> list[tuple[date, str]]:
    """Every ``(date, name)`` of ``source`` up to ``last``, from :data:`FESTIVAL_GAP`
    before ``first`` on (to tell a festival's first day from a later one)."""
    days: list[tuple[date, str]]
    since = first - FESTIVAL_GAP
    if isinstance(source, str):
        days = list(_entity_names(_country(source, None, "en_US"), since, last, first))
    elif isinstance(source, holidays_lib.HolidayBase):
        days = list(_entity_names(source, since, last, first))
    elif isinstance(source, BusinessCalendar):
        if source.country is not None:
            entity = _country(source.country, source.subdiv, source.language)
            days = list(_entity_names(entity, since, last, first))
        elif isinstance(source.holidays, holidays_lib.HolidayBase):
            days = list(_entity_names(source.holidays, since, last, first))
        else:
            listed = source.holidays or frozenset()
            days = [(d, _UNNAMED) for d in sorted(listed) if since <= d <= last]
    elif isinstance(source, Mapping):
        days = []
        for day, name in source.items():
            check.day(f"{_ARGUMENT} key", day)
            check.text(f"{_ARGUMENT}[{day}]", name)
            if since <= day <= last:
                days.append((day, name))
        days.sort()
    else:
        raise WrongTypeError(
            _ARGUMENT,
            source,
            "None, a country code, a holidays.HolidayBase, a BusinessCalendar "
            "or a mapping of date to festival name",
        )
    return days
