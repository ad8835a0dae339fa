"""Shared Hypothesis strategies: business calendars (most of this module) and ticket
histories (:func:`ticket_histories`, at the end).

The calendar strategies serve the BusinessCalendar law tests.

Written from the public specification of ``servicepolicy.BusinessCalendar``,
not from its implementation.  A drawn calendar is a :class:`CalendarSpec`: the
constructor arguments *plus* a plain day-level model of the calendar (which
wall-clock ranges apply on which local date), which the reference
implementation in ``test_calendar_laws.py`` turns into instants.

Model (day level), for a local date ``d``:

* ``special_hours[d]`` when given ("" = closed);
* otherwise closed on closures and public / explicit holidays;
* otherwise, on an extra working day or a weekend make-up day (China 调休,
  ``holidays`` ``weekend_workdays``), the weekday's own hours, or the
  ``makeup_weekday``'s hours when the weekday has none;
* otherwise the weekly hours of ``d.weekday()``.

A range is ``(s, e)`` in minutes after local midnight of the day it belongs
to, ``0 <= s < 1440`` and ``s < e <= s + 1440``; ``e > 1440`` means the range
crosses midnight, ``e == 1440`` is "24:00".

Strategies avoid the corners the specification leaves open: a date is never
both a special date and a closure/holiday/extra day, extra days never fall
on holidays, intervals never touch inside one day, and day-level ranges of
neighbouring days never overlap (an overnight range of the previous day running
into a special / make-up day's early range), so every drawn calendar is valid.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import assume
from hypothesis import strategies as st

__all__ = [
    "DAY",
    "DAY_NAMES",
    "MAX_DATE",
    "MIN_DATE",
    "WEEK",
    "WINDOW_DAYS",
    "ZONES",
    "CalendarSpec",
    "calendars",
    "durations",
    "hours_string",
    "instants",
    "local_dates",
    "makeup_days",
    "naive_datetimes",
    "output_zones",
    "public_holidays",
    "range_string",
    "weekly_schedules",
]

DAY = 1440
WEEK = 7 * DAY
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UTC = UTC

#: DST-less and DST zones; Lord Howe shifts by 30 minutes, Sao Paulo (until
#: 2019) jumped at midnight so "00:00" / "24:00" did not exist on some days,
#: Dublin has "negative DST" (tzinfo.dst() < 0 in winter), Apia skipped the
#: whole local day 2011-12-30.
ZONES = (
    "UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Europe/Dublin",
    "Pacific/Apia",
)
DST_ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Europe/Dublin",
    "Pacific/Apia",
)

#: instants are kept inside these years so holiday data exists
MIN_DATE = date(2001, 3, 1)
MAX_DATE = date(2058, 10, 1)
#: instants are drawn within +- WINDOW_DAYS of a calendar's anchor date
WINDOW_DAYS = 20
#: exception dates (closures, special hours...) within +- this of the anchor
EXCEPTION_DAYS = 25
#: make-up days are checked for overlap within +- this of the anchor
MAKEUP_CHECK_DAYS = 200

_HOLIDAY_YEARS = range(1999, 2063)


# --------------------------------------------------------------------------
# holiday data used by the model (cached; the *whole* year range is populated
# so that the model never depends on lazy population order)


@functools.cache
def _holiday_object(country: str, subdiv: str | None):
    import holidays as hol

    return hol.country_holidays(country, subdiv=subdiv, years=_HOLIDAY_YEARS)


@functools.cache
def public_holidays(country: str | None, subdiv: str | None = None) -> frozenset:
    if country is None:
        return frozenset()
    return frozenset(_holiday_object(country, subdiv).keys())


@functools.cache
def makeup_days(country: str | None, subdiv: str | None = None) -> frozenset:
    if country is None:
        return frozenset()
    return frozenset(getattr(_holiday_object(country, subdiv), "weekend_workdays", ()) or ())


@functools.cache
def _sorted_days(country: str, kind: str) -> tuple:
    source = public_holidays(country) if kind == "holidays" else makeup_days(country)
    return tuple(sorted(d for d in source if MIN_DATE <= d <= MAX_DATE))


@functools.cache
def transition_instants(tzname: str) -> tuple:
    """UTC instants (to the second) at which the zone's UTC offset changes."""
    tz = ZoneInfo(tzname)
    out = []
    u = datetime.combine(MIN_DATE, time(12), UTC)
    end = datetime.combine(MAX_DATE, time(12), UTC)
    prev = u.astimezone(tz).utcoffset()
    while u < end:
        nxt_u = u + timedelta(days=1)
        off = nxt_u.astimezone(tz).utcoffset()
        if off != prev:
            lo, hi = 0, 86400  # seconds after u; offset(u + lo) == prev != offset(u + hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if (u + timedelta(seconds=mid)).astimezone(tz).utcoffset() == prev:
                    lo = mid
                else:
                    hi = mid
            out.append(u + timedelta(seconds=hi))
        prev = off
        u = nxt_u
    return tuple(out)


@functools.cache
def dst_transition_dates(tzname: str) -> tuple:
    """Local dates on which the zone's UTC offset changes (wall date just before
    and just after each jump)."""
    tz = ZoneInfo(tzname)
    out = set()
    for t in transition_instants(tzname):
        out.add((t - timedelta(microseconds=1)).astimezone(tz).date())
        out.add(t.astimezone(tz).date())
    return tuple(sorted(d for d in out if MIN_DATE <= d <= MAX_DATE))


@functools.cache
def transition_wall_minutes(tzname: str, day: date) -> tuple:
    """Wall-clock minutes (relative to ``day`` 00:00, kept if within 0..1440) just
    before and just after the zone's offset changes near local date ``day``."""
    tz = ZoneInfo(tzname)
    base = datetime.combine(day, time())
    lo = datetime.combine(day, time(), UTC) - timedelta(days=2)
    hi = lo + timedelta(days=5)
    out = set()
    for t in transition_instants(tzname):
        if not lo <= t <= hi:
            continue
        before = (t - timedelta(microseconds=1)).astimezone(tz).replace(tzinfo=None)
        after = t.astimezone(tz).replace(tzinfo=None)
        for wall, up in ((before, True), (after, False)):
            m = (wall - base) / timedelta(minutes=1)
            m = math.ceil(m) if up else math.floor(m)
            if 0 <= m <= DAY:
                out.add(m)
    return tuple(sorted(out))


# --------------------------------------------------------------------------
# hours strings


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def range_string(s: int, e: int, *, midnight_as_zero: bool = False) -> str:
    """``(s, e)`` in the hours grammar: 24:00 end, or end < start = overnight."""
    assert 0 <= s < DAY and s < e <= s + DAY, (s, e)
    if e < DAY:
        end = _hhmm(e)
    elif e == DAY:
        end = "00:00" if (midnight_as_zero and s > 0) else "24:00"
    else:
        end = _hhmm(e - DAY)
    return f"{_hhmm(s)}-{end}"


def _days_spec(days: list[int], *, use_daily: bool, use_runs: bool) -> str:
    days = sorted(days)
    if len(days) == 7 and use_daily:
        return "daily"
    contiguous = days == list(range(days[0], days[-1] + 1))
    if use_runs and contiguous and len(days) >= 2:
        return f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
    return ",".join(DAY_NAMES[d] for d in days)


def hours_string(
    weekly,
    *,
    grouped: bool = True,
    use_daily: bool = True,
    use_runs: bool = True,
    midnight_as_zero: bool = False,
    reverse_groups: bool = False,
    separator: str = "; ",
) -> str:
    """Spell a weekly schedule (7 tuples of ranges) in the hours grammar."""
    groups: dict[tuple, list[int]] = {}
    for wd, ranges in enumerate(weekly):
        if ranges:
            key = tuple(sorted(ranges)) if grouped else (wd, tuple(sorted(ranges)))
            groups.setdefault(key, []).append(wd)
    items = sorted(groups.items(), key=lambda kv: kv[1][0])
    if reverse_groups:
        items.reverse()
    parts = []
    for key, days in items:
        ranges = key if grouped else key[1]
        r = ",".join(range_string(s, e, midnight_as_zero=midnight_as_zero) for s, e in ranges)
        parts.append(f"{_days_spec(days, use_daily=use_daily, use_runs=use_runs)} {r}")
    return separator.join(parts)


# --------------------------------------------------------------------------
# weekly schedules

_OFFICE = tuple(((540, 720), (780, 1080)) if wd < 5 else () for wd in range(7))
_TEMPLATES = {
    "office": _OFFICE,
    "nine_to_five": tuple(((540, 1020),) if wd < 5 else () for wd in range(7)),
    "six_days": tuple(((510, 720), (810, 1050)) if wd < 6 else () for wd in range(7)),
    "night_shift": tuple(((1320, 1800),) for wd in range(7)),  # daily 22:00-06:00
    "weekday_full_days": tuple(((0, DAY),) if wd < 5 else () for wd in range(7)),
    "late_evening": tuple(((1080, DAY),) if wd < 5 else () for wd in range(7)),  # 18:00-24:00
    "early_small": tuple(((0, 90), (120, 150), (1410, DAY)) for wd in range(7)),
    "dst_hours": tuple(((60, 120), (150, 210)) for wd in range(7)),  # 01:00-02:00,02:30-03:30
    "one_minute": tuple(((600, 601),) if wd == 2 else () for wd in range(7)),
    "all_week": tuple(((0, DAY),) for wd in range(7)),
}


@st.composite
def random_weekly(draw) -> tuple:
    """Random non-overlapping weekly ranges on the circular week, incl. overnight
    ranges, 24:00 ends and midnight-to-midnight days."""
    offset = draw(st.integers(0, WEEK - 1))
    if draw(st.booleans()):
        offset -= offset % 30
    limit = offset + WEEK
    out: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    pos = None
    n = draw(st.integers(1, 9))
    for _ in range(n):
        if pos is None:
            start = offset
        else:
            if pos % DAY == 0 and draw(st.integers(0, 2)) == 0:
                start = pos  # touching across midnight only ("...-24:00" then "00:00-...")
            else:
                gap = draw(st.one_of(st.integers(1, 240), st.integers(1, 3000)))
                start = pos + gap
                if draw(st.booleans()):
                    start += -start % 30
        max_len = DAY if start % DAY == 0 else DAY - 1
        length = draw(
            st.one_of(
                st.integers(1, max_len),
                st.sampled_from([30, 60, 180, 240, 480, 540, max_len, DAY - start % DAY]),
            )
        )
        length = max(1, min(length, max_len))
        if start + length > limit:
            break
        wd = (start // DAY) % 7
        out[wd].append((start % DAY, start % DAY + length))
        pos = start + length
    return tuple(tuple(sorted(r)) for r in out)


def weekly_schedules(allow_templates: bool = True):
    random = random_weekly()
    if not allow_templates:
        return random
    return st.one_of(st.sampled_from(sorted(_TEMPLATES)).map(_TEMPLATES.__getitem__), random)


@st.composite
def dst_weekly(draw, keys: tuple) -> tuple:
    """Daily ranges with end points on / around the DST jump's wall times."""
    cands = set()
    for k in keys or (120,):
        for dk in (0, 0, -60, -30, -1, 1, 30, 60):
            if 0 <= k + dk <= DAY:
                cands.add(k + dk)
    cands |= {0, DAY}
    wrap = draw(st.booleans())
    pool = sorted(c for c in cands if c < DAY) if wrap else sorted(cands)
    extra = draw(st.lists(st.integers(0, DAY - 1 if wrap else DAY), max_size=2))
    pool = sorted(set(pool) | set(extra))
    k = draw(st.integers(1, min(3, len(pool) // 2)))
    pts = sorted(draw(st.lists(st.sampled_from(pool), min_size=2 * k, max_size=2 * k, unique=True)))
    if wrap:
        ranges = [(pts[i], pts[i + 1]) for i in range(1, 2 * k - 1, 2)] + [(pts[-1], pts[0] + DAY)]
    else:
        ranges = [(pts[i], pts[i + 1]) for i in range(0, 2 * k, 2)]
    ranges = tuple(sorted(ranges))
    return tuple(ranges for _ in range(7))


@st.composite
def day_ranges_strategy(draw) -> tuple:
    """Ranges for one special day (non-overlapping, may cross midnight)."""
    out = []
    pos = draw(st.integers(0, DAY - 1))
    if draw(st.booleans()):
        pos -= pos % 30
    first = True
    for _ in range(draw(st.integers(1, 3))):
        start = pos if first else pos + draw(st.integers(1, 600))
        first = False
        if start >= DAY:
            break
        max_len = DAY if start == 0 else DAY - 1
        length = draw(st.one_of(st.integers(1, max_len), st.sampled_from([60, 180, DAY - start])))
        length = max(1, min(length, max_len))
        out.append((start, start + length))
        pos = start + length
    return tuple(out)


# --------------------------------------------------------------------------
# calendar specification


@dataclass(eq=False, repr=False)
class CalendarSpec:
    hours: str
    weekly: tuple
    tz: str = "UTC"
    country: str | None = None
    subdiv: str | None = None
    holiday_dates: tuple = ()
    holiday_object: str | None = None  # pass holidays.country_holidays(<this>)
    extra_workdays: tuple = ()
    closures: tuple = ()
    special: tuple = ()  # ((date, ranges, string), ...)
    makeup_weekday: str | None = None
    anchor: date = date(2024, 1, 1)
    _special_map: dict = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._special_map = {d: r for d, r, _ in self.special}

    # -- construction -----------------------------------------------------
    def kwargs(self) -> dict:
        kw: dict = {"hours": self.hours, "tz": self.tz, "country": self.country}
        if self.subdiv is not None:
            kw["subdiv"] = self.subdiv
        if self.holiday_object is not None:
            import holidays as hol

            kw["holidays"] = hol.country_holidays(self.holiday_object)
        elif self.holiday_dates:
            kw["holidays"] = list(self.holiday_dates)
        if self.extra_workdays:
            kw["extra_workdays"] = list(self.extra_workdays)
        if self.closures:
            kw["closures"] = list(self.closures)
        if self.special:
            kw["special_hours"] = {d: s for d, _, s in self.special}
        if self.makeup_weekday is not None:
            kw["makeup_weekday"] = self.makeup_weekday
        return kw

    def build(self):
        from servicepolicy import BusinessCalendar

        return BusinessCalendar(**self.kwargs())

    def __repr__(self) -> str:
        kw = self.kwargs()
        if self.holiday_object is not None:
            kw["holidays"] = _Raw(f"holidays.country_holidays({self.holiday_object!r})")
        args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
        return f"BusinessCalendar({args})  # anchor={self.anchor.isoformat()}"

    # -- day-level model ------------------------------------------------------
    @property
    def holiday_set(self) -> frozenset:
        hs = set(self.holiday_dates)
        hs |= public_holidays(self.country, self.subdiv)
        if self.holiday_object is not None:
            hs |= public_holidays(self.holiday_object)
        return frozenset(hs)

    @functools.cached_property
    def _holidays(self) -> frozenset:
        return self.holiday_set

    @functools.cached_property
    def _makeup(self) -> frozenset:
        return makeup_days(self.country, self.subdiv)

    @property
    def makeup_index(self) -> int:
        return DAY_NAMES.index(self.makeup_weekday or "mon")

    def day_ranges(self, d: date) -> tuple:
        if d in self._special_map:
            return self._special_map[d]
        if d in self.closures or d in self._holidays:
            return ()
        own = self.weekly[d.weekday()]
        if d in self.extra_workdays or d in self._makeup:
            return own if own else self.weekly[self.makeup_index]
        return own

    def is_working_day(self, d: date) -> bool:
        return bool(self.day_ranges(d))

    @property
    def weekly_minutes(self) -> int:
        return sum(e - s for ranges in self.weekly for s, e in ranges)

    def range_lengths(self) -> list[int]:
        """Lengths (minutes) of single ranges and of runs of a day's ranges."""
        out = set()
        for ranges in self.weekly:
            acc = 0
            for s, e in ranges:
                out.add(e - s)
                acc += e - s
                out.add(acc)
        for _, ranges, _ in self.special:
            for s, e in ranges:
                out.add(e - s)
        return sorted(out) or [60]

    def _abs(self, d: date) -> list[tuple[int, int]]:
        base = d.toordinal() * DAY
        return [(base + s, base + e) for s, e in self.day_ranges(d)]

    def overlap_near(self, dates) -> bool:
        """Do ranges of d-1/d or d/d+1 overlap for any d in dates?"""
        firsts = set()
        for d in dates:
            firsts.add(d - timedelta(days=1))
            firsts.add(d)
        for x in firsts:
            ivs = sorted(self._abs(x) + self._abs(x + timedelta(days=1)))
            for (_, e1), (s2, _) in itertools.pairwise(ivs):
                if e1 > s2:
                    return True
        return False


class _Raw:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _dates_near(anchor: date, days: int):
    lo = max(anchor - timedelta(days=days), date(2000, 1, 2))
    hi = min(anchor + timedelta(days=days), date(2060, 12, 30))
    return st.dates(lo, hi)


@st.composite
def anchors(draw, tz: str, country: str | None) -> date:
    options = ["uniform"]
    if tz in DST_ZONES and dst_transition_dates(tz):
        options += ["dst", "dst"]
    if country is not None:
        options += ["holiday", "holiday"]
        if makeup_days(country):
            options += ["makeup", "makeup"]
    kind = draw(st.sampled_from(options))
    if kind == "uniform":
        base = draw(st.dates(MIN_DATE, MAX_DATE))
    else:
        if kind == "dst":
            pool = dst_transition_dates(tz)
        elif kind == "holiday":
            pool = _sorted_days(country, "holidays")
        else:
            pool = _sorted_days(country, "makeup")
        base = draw(st.sampled_from(pool))
    shifted = base + timedelta(days=draw(st.integers(-10, 10)))
    return min(max(shifted, MIN_DATE), MAX_DATE)


@st.composite
def calendars(
    draw,
    *,
    zones=ZONES,
    countries=(None, None, None, "CN", "US"),
    exceptions: bool = True,
    allow_247: bool = True,
    dst_focus_weight: int = 2,
) -> CalendarSpec:
    """A random valid calendar with non-empty weekly hours."""
    tz = draw(st.sampled_from(zones))
    country = draw(st.sampled_from(countries))
    subdiv = None
    if country == "US" and draw(st.integers(0, 4)) == 0:
        subdiv = "CA"
    is_247 = allow_247 and draw(st.integers(0, 12)) == 0
    dst_focus = (
        not is_247
        and tz in DST_ZONES
        and dst_focus_weight
        and draw(st.integers(0, dst_focus_weight)) == 0
    )
    if is_247:
        weekly = _TEMPLATES["all_week"]
    elif dst_focus:
        # ranges whose end points sit on the wall times of a DST jump, on that day
        if country == "CN":
            country = None
        transition = draw(st.sampled_from(dst_transition_dates(tz)))
        weekly = draw(dst_weekly(transition_wall_minutes(tz, transition)))
    else:
        weekly = draw(weekly_schedules())
    if country == "CN" and not is_247:
        # make-up days fall on weekends; keep weekend hours empty so that the
        # make-up day unambiguously uses makeup_weekday's hours
        weekly = (*weekly[:5], (), ())
    if not any(weekly):
        weekly = _OFFICE
    if is_247 and draw(st.booleans()):
        hours = "24/7"
    else:
        hours = hours_string(
            weekly,
            grouped=draw(st.booleans()),
            use_daily=draw(st.booleans()),
            use_runs=draw(st.booleans()),
            midnight_as_zero=draw(st.integers(0, 3)) == 0,
        )
    anchor = transition if dst_focus else draw(anchors(tz, country))
    with_hours = [i for i, r in enumerate(weekly) if r]
    makeup_weekday = None
    if not weekly[0] or draw(st.booleans()):
        makeup_weekday = DAY_NAMES[draw(st.sampled_from(with_hours))]

    holiday_dates: tuple = ()
    holiday_object = None
    makeup = makeup_days(country, subdiv)
    closures: tuple = ()
    spec = CalendarSpec(
        hours=hours,
        weekly=weekly,
        tz=tz,
        country=country,
        subdiv=subdiv,
        makeup_weekday=makeup_weekday,
        anchor=anchor,
    )
    if exceptions:
        near = _dates_near(anchor, EXCEPTION_DAYS)
        if country is None:
            hkind = draw(st.sampled_from(["none", "dates", "dates", "dates", "object"]))
            if hkind == "dates":
                holiday_dates = tuple(sorted(set(draw(st.lists(near, max_size=6)))))
            elif hkind == "object":
                holiday_object = "US"
        public = set(holiday_dates) | set(public_holidays(country, subdiv))
        if holiday_object:
            public |= public_holidays(holiday_object)
        closures = tuple(sorted(set(draw(st.lists(near, max_size=4)))))
        spec = CalendarSpec(
            hours=hours,
            weekly=weekly,
            tz=tz,
            country=country,
            subdiv=subdiv,
            holiday_dates=holiday_dates,
            holiday_object=holiday_object,
            closures=closures,
            makeup_weekday=makeup_weekday,
            anchor=anchor,
        )
        # extra working days: not on holidays / closures; greedy no-overlap
        for d in draw(st.lists(near, max_size=4, unique=True)):
            if d in public or d in closures or d in makeup:
                continue
            trial = CalendarSpec(**{**_fields(spec), "extra_workdays": (*spec.extra_workdays, d)})
            if not trial.overlap_near([d]):
                spec = trial
        # special hours: disjoint from every other kind of exceptional date
        taken = public | set(closures) | set(spec.extra_workdays) | set(makeup)
        for d in draw(st.lists(near, max_size=4, unique=True)):
            if d in taken:
                continue
            closed = draw(st.integers(0, 4)) == 0
            ranges = () if closed else draw(day_ranges_strategy())
            text = (
                ""
                if closed
                else ",".join(
                    range_string(s, e, midnight_as_zero=draw(st.booleans())) for s, e in ranges
                )
            )
            trial = CalendarSpec(**{**_fields(spec), "special": (*spec.special, (d, ranges, text))})
            if not trial.overlap_near([d]):
                spec = trial
    if makeup:
        lo = anchor - timedelta(days=MAKEUP_CHECK_DAYS)
        hi = anchor + timedelta(days=MAKEUP_CHECK_DAYS)
        assume(not spec.overlap_near([d for d in makeup if lo <= d <= hi]))
    return spec


def _fields(spec: CalendarSpec) -> dict:
    return {
        "hours": spec.hours,
        "weekly": spec.weekly,
        "tz": spec.tz,
        "country": spec.country,
        "subdiv": spec.subdiv,
        "holiday_dates": spec.holiday_dates,
        "holiday_object": spec.holiday_object,
        "extra_workdays": spec.extra_workdays,
        "closures": spec.closures,
        "special": spec.special,
        "makeup_weekday": spec.makeup_weekday,
        "anchor": spec.anchor,
    }


# --------------------------------------------------------------------------
# instants, dates, durations


def output_zones(spec: CalendarSpec):
    """Zones the input instants are expressed in (results must keep them)."""
    return st.sampled_from(
        [
            ZoneInfo(spec.tz),
            ZoneInfo(spec.tz),
            UTC,
            timezone(timedelta(hours=-5, minutes=-30)),
            ZoneInfo("Asia/Kolkata"),
            ZoneInfo("America/New_York"),
        ]
    )


def local_dates(spec: CalendarSpec, days: int = WINDOW_DAYS):
    return _dates_near(spec.anchor, days)


@st.composite
def instants(draw, spec: CalendarSpec, days: int = WINDOW_DAYS, whole_minutes: bool = False):
    """An aware instant near the calendar's anchor, often on a range boundary."""
    tz = ZoneInfo(spec.tz)
    kind = draw(st.sampled_from(["uniform", "boundary", "boundary"]))
    if kind == "uniform":
        lo = datetime.combine(spec.anchor - timedelta(days=days), time(), UTC)
        if whole_minutes:
            minutes = draw(st.integers(0, 2 * days * DAY))
            u = lo + timedelta(minutes=minutes)
        else:
            u = lo + timedelta(microseconds=draw(st.integers(0, 2 * days * 86_400_000_000)))
    else:
        d = draw(st.one_of(local_dates(spec, days), local_dates(spec, 1)))
        ranges = spec.day_ranges(d) or spec.weekly[d.weekday()] or ((0, DAY),)
        s, e = draw(st.sampled_from(ranges))
        m = draw(st.sampled_from([s, e]))
        wall = datetime.combine(d, time()) + timedelta(minutes=m)
        u = wall.replace(tzinfo=tz).astimezone(UTC)
        jitter = draw(
            st.sampled_from(
                [timedelta(0)] * 3
                + ([] if whole_minutes else [timedelta(microseconds=1), timedelta(microseconds=-1)])
                + [timedelta(minutes=1), timedelta(minutes=-1), timedelta(minutes=30)]
            )
        )
        u += jitter
    return u.astimezone(draw(output_zones(spec)))


def durations(spec: CalendarSpec, weeks: float = 2.0, whole_minutes: bool = False):
    """Non-negative timedeltas of working time, at most ~``weeks`` weeks' worth."""
    budget = max(1, int(spec.weekly_minutes * weeks))
    lengths = [m for m in spec.range_lengths() if m <= budget] or [budget]
    options = [
        st.just(timedelta(0)),
        st.integers(0, budget).map(lambda m: timedelta(minutes=m)),
        st.sampled_from(lengths).map(lambda m: timedelta(minutes=m)),
        st.tuples(st.sampled_from(lengths), st.integers(0, 3)).map(
            lambda mk: timedelta(minutes=min(mk[0] * mk[1], budget))
        ),
    ]
    if not whole_minutes:
        options += [
            st.integers(1, 1000).map(lambda us: timedelta(microseconds=us)),
            st.integers(0, budget * 60_000_000).map(lambda us: timedelta(microseconds=us)),
        ]
    return st.one_of(options)


def naive_datetimes():
    return st.datetimes(datetime(2000, 1, 1), datetime(2060, 12, 31))


# -- tickets ---------------------------------------------------------------------------------


@st.composite
def ticket_histories(
    draw,
    *,
    id=None,
    people=None,
    instants=None,
    steps=12,
    max_gap=timedelta(hours=30),
    channels=("phone", "email", "chat", "visit"),
):
    """A ticket of a random built-in kind after a random walk along its lifecycle: moves
    (with the approvals and notes the lifecycle asks for), hand-overs, notes, replies,
    promises and reclassifications, each at or after the previous event.

    ``id``, ``people`` (names) and ``instants`` (the opening) are strategies; by default a
    fixed ID, short names and an instant in a fixed-offset zone.
    """
    from servicepolicy.tickets import LIFECYCLES, Ticket

    people = st.sampled_from(["ann", "bo", "chen", "dee"]) if people is None else people
    opening = (
        instants
        if instants is not None
        else st.datetimes(
            datetime(2020, 1, 1),
            datetime(2030, 1, 1),
            timezones=st.just(timezone(timedelta(hours=8))),
        )
    )
    kind = draw(st.sampled_from(LIFECYCLES.kinds()))
    life = LIFECYCLES.get(kind)
    t = Ticket.open(
        id=draw(id) if id is not None else "T-1",
        kind=kind,
        customer=draw(people),
        channel=draw(st.sampled_from(channels)),
        at=draw(opening),
        by=draw(people),
        priority=draw(st.none() | st.sampled_from(["P1", "P2", "P3"])),
        tier=draw(st.none() | st.sampled_from(["strategic", "important"])),
        note=draw(st.none() | people),
    )
    gap = st.integers(0, max_gap // timedelta(microseconds=1))
    for step in range(draw(st.integers(0, steps))):
        at = t.updated_at + timedelta(microseconds=draw(gap))
        action = draw(
            st.sampled_from(["move", "move", "hand_over", "note", "reply", "promise", "reclassify"])
        )
        if action == "note" or t.is_closed:
            t = t.note(draw(people), at=at, by=draw(people))
        elif action == "hand_over":
            to = f"{draw(people)}-{step}"
            t = t.hand_over(to=to if to != t.owner else to + "'", at=at, by=t.owner, reason="next")
        elif action == "reply":
            t = t.reply(at=at, by=t.owner, channel=draw(st.none() | st.sampled_from(channels)))
        elif action == "promise":
            state = draw(st.none() | st.sampled_from(sorted(life.states)))
            due = at + timedelta(minutes=draw(st.integers(0, 3000)))
            t = t.promise(due=due, at=at, by=t.owner, state=state)
        elif action == "reclassify":
            priority = draw(st.none() | st.sampled_from(["P1", "P2", "P4"]))
            tier = draw(
                st.sampled_from(["potential", "general"]) if priority is None else st.none()
            )
            t = t.reclassify(at=at, by=t.owner, priority=priority, tier=tier)
        else:
            allowed = sorted(life.allowed_from(t.state))
            if t.is_waiting:
                allowed = [t.history_of("state")[-2][1]]
            target = draw(st.sampled_from(allowed))
            if role := life.approval_for(t.state, target):
                t = t.approve(role=role, at=at, by="head")
            channel = draw(st.none() | st.sampled_from(channels))
            t = t.transition(target, at=at, by=t.owner, note="because", channel=channel)
    return t


def refuse_imports(monkeypatch, *packages: str) -> None:
    """Make ``import`` of ``packages`` (and their submodules) raise ``ImportError``, as on
    a machine without them (for the pure-Python paths)."""
    import builtins

    real = builtins.__import__

    def refuse(name, *args, **kwargs):
        if any(name == p or name.startswith(p + ".") for p in packages):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
