"""Where festival dates for care actions come from (TIER-4): private helpers of ``care``.

A festival source is one of: ``None`` (no festivals), a country code for
:func:`holidays.country_holidays`, a :class:`holidays.HolidayBase`, a
:class:`~servicepolicy.calendar.BusinessCalendar` (its country or holidays object) or a
mapping ``{date: name}``.  Days that are merely days off in lieu of a festival (China's
"Day off (substituted from …)", 调休; "… (observed)") are not festivals and are left out
of a holidays object's dates.
"""

from __future__ import annotations

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
    entity: holidays_lib.HolidayBase, first: date, last: date
) -> Iterator[tuple[date, str]]:
    for year in range(first.year, last.year + 1):
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
    for day in sorted(d for d in entity if first <= d <= last):
        for name in map(str, entity.get_list(day)):
            if not any(name.startswith(p) and name.endswith(s) for p, s in patterns):
                yield day, name


def festival_days(source: FestivalSource, first: date, last: date) -> list[tuple[date, str]]:
    """``(date, festival name)`` of the festivals between ``first`` and ``last`` (inclusive).

    A festival lasting several days in a row (National Day, Spring Festival) is given once,
    on its first day; a festival already running the day before ``first`` (within the
    same year) is not given again.

    :raises servicepolicy.errors.ServicePolicyError: for an unsupported source, country
        code or mapping entry, or a holidays object that does not cover the range.
    """
    days: list[tuple[date, str]]
    if source is None:
        return []
    # Look one day back (within the year) to tell a festival's first day from its second.
    since = first - timedelta(days=1) if (first.month, first.day) > (1, 1) else first
    if isinstance(source, str):
        days = list(_entity_names(_country(source, None, "en_US"), since, last))
    elif isinstance(source, holidays_lib.HolidayBase):
        days = list(_entity_names(source, since, last))
    elif isinstance(source, BusinessCalendar):
        if source.country is not None:
            entity = _country(source.country, source.subdiv, source.language)
            days = list(_entity_names(entity, since, last))
        elif isinstance(source.holidays, holidays_lib.HolidayBase):
            days = list(_entity_names(source.holidays, since, last))
        else:
            listed = source.holidays or frozenset()
            days = [(d, "public holiday") for d in sorted(listed) if since <= d <= last]
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
    seen = set(days)
    return [(d, n) for d, n in days if d >= first and (d - timedelta(days=1), n) not in seen]
