"""Where a calendar's public holidays and make-up working days come from (CAL-2, CAL-3).

A :class:`HolidaySource` answers, one year at a time, "which dates are public
holidays (and what are they called)" and "which weekend dates are worked as
make-up days (调休)".  It wraps one of:

* a country code, through :func:`holidays.country_holidays`;
* a :class:`holidays.HolidayBase` the caller built (its ``expand`` setting is
  respected: with ``expand=False`` only the years it holds are known);
* a plain iterable of dates (no make-up days);
* nothing (a calendar without public holidays, e.g. a 24×7 hotline).

Two details of the :mod:`holidays` package are handled here:

* ``expand=True`` silently populates any year that is looked up.  The source
  populates years explicitly and only reads what it populated.
* China's make-up days can fall in the year before the holiday they pay for
  (a Saturday late in December bridging New Year's Day).  Year ``Y``'s make-up
  days are therefore collected from the objects of years ``Y`` and ``Y + 1``.

Outside the years the holiday data covers (``start_year``..``end_year`` of the
:mod:`holidays` entity, or the years of a non-expanding object), the source
raises :class:`~servicepolicy.errors.OutOfRangeError` instead of answering
"no holidays".

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from datetime import date

import holidays as holidays_lib

from servicepolicy.errors import InvalidCalendarError, OutOfRangeError, WrongTypeError

__all__ = ["HolidaySource", "YearHolidays"]

YearHolidays = tuple[dict[date, str], frozenset[date]]
"""One year's ``({date: holiday name}, make-up working days)``."""

_NO_LIMIT = (1, 9999)
_SAT_SUN = frozenset({5, 6})


def _pattern(entity: holidays_lib.HolidayBase, attribute: str) -> re.Pattern[str] | None:
    label = getattr(entity, attribute, None)
    if not isinstance(label, str) or "%s" not in label:
        return None
    text = str(entity.tr(label))
    head, _, tail = text.partition("%s")
    return re.compile(f"{re.escape(head)}(.+?){re.escape(tail)}")


def _label_patterns(
    entity: holidays_lib.HolidayBase | None,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Patterns of the entity's "Day off (substituted from %s)" and "%s (observed)"
    names, in its language."""
    if entity is None:
        return None, None
    return _pattern(entity, "substituted_label"), _pattern(entity, "observed_label")


@functools.cache
def _country_codes() -> frozenset[str]:
    """The ISO 3166 codes the holidays package supports, from its registry (importing
    every country's module, as ``list_supported_countries`` does, takes 0.1 s)."""
    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes(include_aliases=True))
    except (ImportError, AttributeError, TypeError):  # another version: the slow way
        return frozenset(holidays_lib.list_supported_countries())


def _country_entity(
    country: str, subdiv: str | None, language: str | None
) -> holidays_lib.HolidayBase:
    if not isinstance(country, str):
        raise WrongTypeError("country", country, "an ISO 3166 country code such as 'CN'")
    code = country.strip().upper()
    if code not in _country_codes():  # without importing every country's module
        raise InvalidCalendarError(
            "country",
            country,
            "a country code supported by the holidays package, e.g. 'CN', 'US', 'DE'",
        )
    try:
        return holidays_lib.country_holidays(
            code, subdiv=subdiv, years=(), expand=False, language=language
        )
    except NotImplementedError as exc:
        supported = holidays_lib.list_supported_countries()
        choices = ", ".join(supported[code][:12]) or "none"
        raise InvalidCalendarError(
            "subdiv", subdiv, f"a subdivision of {code} ({choices}...)", message=None
        ) from exc


class HolidaySource:
    """Public holidays and make-up working days, year by year (CAL-2, CAL-3).

    >>> source = HolidaySource.from_spec(country="CN")
    >>> names, makeup = source.year(2026)
    >>> names[date(2026, 10, 1)]
    'National Day'
    >>> sorted(d for d in makeup if d.month >= 9)
    [datetime.date(2026, 9, 20), datetime.date(2026, 10, 10)]
    >>> source.describe()
    "holidays.country_holidays('CN')"
    """

    def __init__(
        self,
        *,
        entity: holidays_lib.HolidayBase | None = None,
        dates: frozenset[date] = frozenset(),
        owned: bool = False,
        label: str = "no public holidays",
        language: str | None = None,
    ) -> None:
        self._entity = entity
        self._language = language
        self._dates = dates
        self._owned = owned  # we created the entity: we may populate any year in range
        self._label = label
        self._years: dict[int, YearHolidays] = {}
        self._lock = threading.Lock()
        self._substituted, self._observed = _label_patterns(entity)
        self.weekend = frozenset(getattr(entity, "weekend", None) or _SAT_SUN)
        """The weekdays of the country's standard weekend (Saturday and Sunday by default)."""
        if entity is None:
            self.first_year, self.last_year = _NO_LIMIT
        elif owned or entity.expand:
            self.first_year = max(1, int(getattr(entity, "start_year", 1)))
            self.last_year = min(9999, int(getattr(entity, "end_year", 9999)))
        else:
            years = sorted(entity.years)
            self.first_year, self.last_year = (years[0], years[-1]) if years else (1, 0)

    @classmethod
    def from_spec(
        cls,
        *,
        country: str | None = None,
        subdiv: str | None = None,
        holidays: holidays_lib.HolidayBase | Iterable[date] | None = None,
        language: str | None = "en_US",
    ) -> HolidaySource:
        """Build the source a :class:`~servicepolicy.calendar.BusinessCalendar` was given.

        ``language`` is the language of the holiday names of a ``country``.  The
        holidays package would otherwise pick it from the process's locale, so the same
        calendar would explain itself in English on one machine and in Chinese on
        another; ``None`` means the country's own default language.  A language the
        country does not offer gives the names as the package writes them.
        """
        if language is not None and not isinstance(language, str):
            raise WrongTypeError("language", language, "a language code such as 'en_US'")
        if country is not None and holidays is not None:
            raise InvalidCalendarError(
                "holidays",
                holidays,
                "either country= or holidays=, not both (add company dates with closures=)",
            )
        if subdiv is not None and country is None:
            raise InvalidCalendarError("subdiv", subdiv, "subdiv= only together with country=")
        if country is not None:
            entity = _country_entity(country, subdiv, language)
            language = language or entity.default_language
            label = f"holidays.country_holidays({country.strip().upper()!r}"
            label += f", subdiv={subdiv!r})" if subdiv else ")"
            return cls(entity=entity, owned=True, label=label, language=language)
        if holidays is None:
            return cls()
        if isinstance(holidays, holidays_lib.HolidayBase):
            return cls(entity=holidays, label=f"{type(holidays).__name__} object")
        if isinstance(holidays, str | bytes) or not isinstance(holidays, Iterable):
            raise WrongTypeError(
                "holidays", holidays, "a holidays.HolidayBase or an iterable of dates"
            )
        dates = frozenset(holidays)
        for day in dates:
            if not isinstance(day, date) or hasattr(day, "hour"):
                raise WrongTypeError("holidays", day, "datetime.date values")
        return cls(dates=dates, label=f"{len(dates)} listed dates")

    @property
    def has_data(self) -> bool:
        """Whether any public holiday can come from this source."""
        return self._entity is not None or bool(self._dates)

    @property
    def has_makeup_days(self) -> bool:
        """Whether this source can name make-up working days (a holidays entity can)."""
        return self._entity is not None

    def statutory_names(self, name: str) -> tuple[str, ...]:
        """The holiday names a listed date's ``name`` stands for, without "(observed)";
        nothing for a substituted day off ("Day off (substituted from ...)").

        >>> source = HolidaySource.from_spec(country="CN")
        >>> source.statutory_names("National Day (observed)")
        ('National Day',)
        >>> source.statutory_names("Day off (substituted from 10/10/2026)")
        ()
        """
        names: list[str] = []
        for part in name.split("; "):
            if self._substituted is not None and self._substituted.fullmatch(part):
                continue
            observed = self._observed.fullmatch(part) if self._observed else None
            base = observed[1] if observed else part
            if base not in names:
                names.append(base)
        return tuple(names)

    def describe(self) -> str:
        """Where the holidays come from, for explanations."""
        return self._label

    def check_year(self, year: int) -> None:
        """Raise :class:`~servicepolicy.errors.OutOfRangeError` unless the data covers ``year``."""
        if not self.first_year <= year <= self.last_year:
            raise OutOfRangeError(
                f"the calendar's holidays ({self._label}) cover the years "
                f"{self.first_year}-{self.last_year}; the computation needs {year}. "
                "Answers outside that range would silently ignore public holidays.",
                argument="year",
                value=year,
                expected=f"a year within {self.first_year}-{self.last_year}",
            )

    def year(self, year: int) -> YearHolidays:
        """Return the holidays (date → name) and make-up days of ``year``."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        self.check_year(year)
        with self._lock:
            cached = self._years.get(year)
            if cached is None:
                cached = self._years[year] = self._load(year)
        return cached

    def _load(self, year: int) -> YearHolidays:
        if self._entity is None:
            return {d: "holiday" for d in self._dates if d.year == year}, frozenset()
        entity = self._entity
        if self._owned:
            entity = holidays_lib.country_holidays(
                entity.country,
                subdiv=entity.subdiv,
                years=[y for y in (year, year + 1) if y <= self.last_year],
                expand=False,
                language=self._language,
            )
        elif entity.expand:
            for y in (year, year + 1):
                if y <= self.last_year:
                    _ = date(y, 1, 1) in entity  # lets the object populate the year
        names = {d: str(entity.get(d)) for d in entity if d.year == year}
        makeup = getattr(entity, "weekend_workdays", None) or ()
        return names, frozenset(d for d in makeup if d.year == year)
