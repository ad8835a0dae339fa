"""Reporting periods and grouping dimensions (KPI-10).

A period is a day, an ISO week, a month, a quarter or a year **in one time zone** (a
call at 23:30 UTC on 31 October is a November call in Shanghai).  Periods are labelled
with sortable strings: ``"2026-11-03"``, ``"2026-W45"``, ``"2026-11"``, ``"2026-Q4"``,
``"2026"``.

>>> from datetime import date
>>> [period_label(date(2026, 11, 3), p) for p in Period]
['2026-11-03', '2026-W45', '2026-11', '2026-Q4', '2026']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["Period", "period_label"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Instants are labelled by 15-minute buckets; every zone offset in use today is a
#: multiple of 15 minutes, and a bucket that a period boundary or an offset change
#: splits is never cached, so the labels are exact for any zone.
BUCKET_MS = 900_000  # labels are cached per quarter hour (15 min)
#: At most this many buckets are cached (about 10 months of 15-minute buckets).
_CACHE_LIMIT = 30_000


class Period(enum.StrEnum):
    """A reporting period: agents are assessed monthly, key-account teams quarterly and
    yearly (KPI-10).

    .. versionadded:: 0.1.0
    """

    DAY = "day"
    WEEK = "week"
    """An ISO week, Monday to Sunday, labelled with its ISO year (``"2026-W01"``)."""
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_label(day: date, period: Period | str) -> str:
    """The label of the ``period`` that contains the local date ``day``.

    .. versionadded:: 0.1.0
    """
    period = Period(period)
    if period is Period.DAY:
        return day.isoformat()
    if period is Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if period is Period.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def earlier_label(label: str, period: Period, *, year: bool = False) -> str | None:
    """The label of the period before ``label`` (``year=False``) or of the same period a
    year before (``year=True``); ``None`` where there is none (ISO week 53, 29 February).

    >>> q = Period.QUARTER
    >>> earlier_label("2027-Q1", q), earlier_label("2027-Q1", q, year=True)
    ('2026-Q4', '2026-Q1')
    >>> earlier_label("2026-W01", Period.WEEK), earlier_label("2028-02-29", Period.DAY, year=True)
    ('2025-W52', None)
    """
    if period is Period.YEAR:
        return f"{int(label) - 1:04d}"
    if period is Period.QUARTER or period is Period.MONTH:
        y, _, rest = label.partition("-")
        number, top = (int(rest[1:]), 4) if period is Period.QUARTER else (int(rest), 12)
        if year:
            return f"{int(y) - 1:04d}-{rest}"
        number, y_ = (number - 1, int(y)) if number > 1 else (top, int(y) - 1)
        return f"{y_:04d}-Q{number}" if period is Period.QUARTER else f"{y_:04d}-{number:02d}"
    if period is Period.WEEK:
        y, _, w = label.partition("-W")
        if not year:
            day = date.fromisocalendar(int(y), int(w), 1) - timedelta(days=7)
            return period_label(day, period)
        try:
            return period_label(date.fromisocalendar(int(y) - 1, int(w), 1), period)
        except ValueError:
            return None
    day = date.fromisoformat(label)
    if not year:
        return (day - timedelta(days=1)).isoformat()
    try:
        return day.replace(year=day.year - 1).isoformat()
    except ValueError:
        return None


def zone_of(value: object) -> tzinfo:
    """An IANA zone name, a ZoneInfo, a fixed ``timezone`` or a BusinessCalendar (its
    ``tz``), as a tzinfo."""
    candidate = getattr(value, "tz", value)
    if isinstance(candidate, ZoneInfo | timezone):
        return candidate
    if isinstance(candidate, str):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidArgumentError(
                "zone", value, "an IANA time zone name such as 'Asia/Shanghai'"
            ) from None
    raise WrongTypeError("zone", value, "an IANA zone name, a ZoneInfo or a BusinessCalendar")


class Labeller:
    """Labels epoch milliseconds with their period in one zone, caching by bucket."""

    def __init__(self, zone: tzinfo, period: Period) -> None:
        self.zone, self.period = zone, period
        self.cache: dict[int, str] = {}

    def local(self, ms: int) -> datetime:
        return (_EPOCH + timedelta(milliseconds=ms)).astimezone(self.zone)

    def label(self, ms: int) -> str:
        """The label of ``ms``; caches its bucket when one label and offset cover it."""
        bucket = ms // BUCKET_MS
        found = self.cache.get(bucket)
        if found is not None:
            return found
        first, last = self.local(bucket * BUCKET_MS), self.local(bucket * BUCKET_MS + 899_999)
        label = period_label(self.local(ms).date(), self.period)
        if first.utcoffset() == last.utcoffset() and first.date() == last.date():
            if len(self.cache) >= _CACHE_LIMIT:  # memory stays bounded over any time span
                self.cache.clear()
            self.cache[bucket] = label
        return label

    def __getstate__(self) -> tuple[tzinfo, Period]:
        return self.zone, self.period

    def __setstate__(self, state: tuple[tzinfo, Period]) -> None:
        self.__init__(*state)  # type: ignore[misc]


def grouping(
    by: Iterable[str], dimensions: tuple[str, ...]
) -> tuple[Period | None, tuple[str, ...]]:
    """Split ``by`` into its period (at most one) and its other dimensions, checked
    against ``dimensions``, in the order given."""
    if isinstance(by, str):
        by = (by,)
    if not isinstance(by, Iterable):
        raise WrongTypeError("by", by, "an iterable of dimension names")
    period: Period | None = None
    others: list[str] = []
    allowed = ", ".join([*(p.value for p in Period), *dimensions])
    for name in by:
        if name in Period.__members__.values():
            if period is not None:
                raise InvalidArgumentError("by", tuple(by), "at most one period")
            period = Period(name)
        elif name in dimensions and name not in others:
            others.append(name)
        else:
            expected = f"distinct dimension names from: {allowed}"
            raise InvalidArgumentError("by", name, expected)
    return period, tuple(others)
