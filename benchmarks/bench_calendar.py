"""Benchmark ``servicepolicy.BusinessCalendar`` against Python business-time libraries.

Run from the repository root (one run, about a minute or two on 2 cores)::

    make bench
    PYTHONPATH=src python benchmarks/bench_calendar.py [--ops N] [--seed S] [--quick]

Every contender models the same calendar: Monday to Friday 09:00-18:00 in Asia/Shanghai,
China's public holidays from the ``holidays`` package and the weekend make-up working days
(``holidays.China(...).weekend_workdays``), which are worked 09:00-18:00 like a Monday.
Peers that cannot express something get the closest thing they can, and the difference is
reported, not hidden:

* pandas ``CustomBusinessHour``: weekmask + holiday list; no make-up days; its ``n`` is a
  whole number of hours, so it (and ours, for its ratio) run a batch whose durations are
  the random durations rounded up to whole hours. Gets tz-aware Timestamps.
* ``businesstimedelta``: ``WorkDayRule`` + ``HolidayRule`` (pytz zone); no make-up days.
* ``businesstime``: ``BusinessTime`` with a holiday set; no make-up days and no time zones,
  so it gets naive local datetimes.
* ``workalendar.asia.China``: knows make-up days, but version 17 only ships 2018-2023 data
  and raises ``CalendarError`` for later years, so a subclass feeds it the ``holidays``
  package's dates; the day arithmetic is workalendar's own.
* ``holidays``: ``get_nth_working_day`` / ``get_working_days_count`` (make-up days included).
* numpy ``busday_offset`` / ``busday_count``: weekmask + holidays; no make-up days. Timed
  both vectorised over the batch and called once per operation.

Timing: every batch is timed as a whole with ``time.perf_counter`` after a warm-up on a
separate random batch of up to 1,000 ops (so lazily built indexes and caches are excluded,
but answers to the timed inputs are not pre-cached). A batch is re-run (best of up to 5)
only while one pass takes under a second, the same rule for every contender. The ratios
of ours to ours-like code (ours / bare bisect, cost(10,000 h) / cost(1 h)) are measured in 7
rounds of alternating passes and reported as the median per-round ratio, because machine
speed drifts. The 1-min load average is printed: other processes make the ratios noisy.

Two bare-bisect baselines are timed: one takes and returns aware datetimes as ``cal.add``
does (the issue's 1.2 us reference, which is the target row), the other works on floats
converted before the timed loop and so leaves out all datetime work (printed for information).

Correctness: the peers' answers are checked against ours, and both against a reference: a
bare bisect index of precomputed working intervals implementing the contract exactly.
Disagreements are classified as convention differences (same working-time position, e.g.
next-day 09:00 instead of 18:00 for an exact fill), make-up days (the peer matches the
calendar without them), sign conventions, or other. A contract sweep then checks ours alone
at interval boundaries, with microseconds, negative durations and other zones. The
benchmark only measures and prints; a MISS never fails the run.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import importlib
import math
import operator
import os
import random
import statistics
import sys
import time
import warnings
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as clock
from functools import cache
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from _peak import print_peak  # benchmarks/, the script's own folder

TZ_NAME = "Asia/Shanghai"
TZ = ZoneInfo(TZ_NAME)
HOURS = "mon-fri 09:00-18:00"
OPEN, CLOSE = clock(9), clock(18)
DAY_HOURS = 9
#: Years the random operations are drawn from.
OP_FIRST, OP_END = date(2024, 1, 1), date(2027, 1, 1)
#: Years of holiday data given to peers and the reference: the operation years plus room for
#: results that spill over (30 working days back/forward, and 10,000 working hours ahead).
DATA_YEARS = range(2023, 2033)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
ONE_DAY = timedelta(days=1)
US_PER_S = 1_000_000
MAX_MINUTES = 40 * 60
MAX_DAY_STEP = 30
MAX_SPAN_DAYS = 42
MAX_PASSES = 5
REPEAT_BELOW_S = 1.0
EXAMPLES = 3
WARM_OPS = 1_000
PAIRED_ROUNDS = 7
SCALE_HOURS = (1, 1_000, 10_000)

Args = tuple[Any, ...]
Runner = Callable[[], list[Any]]

OURS = "servicepolicy (ours)"
OURS_WRONG = "peer matches the reference, OURS does not"
CONVENTION = "convention (same working-time position)"
MAKEUP = "make-up days (peer matches calendar without them)"
SIGN = "sign convention (same magnitude)"
MAKEUP_SIGN = "make-up days and sign convention together"
OTHER = "other"


# --------------------------------------------------------------------------- calendar data


@dataclass(frozen=True)
class CalendarData:
    """China's calendar as plain dates, shared by the peers and the reference."""

    holidays: frozenset[date]
    makeup: frozenset[date]
    working: tuple[date, ...]

    @property
    def weekday_holidays(self) -> list[date]:
        return sorted(d for d in self.holidays if d.weekday() < 5)


def load_calendar_data(*, with_makeup: bool) -> CalendarData:
    """Holidays (and optionally make-up days) for DATA_YEARS from the ``holidays`` package."""
    china = importlib.import_module("holidays").China(years=DATA_YEARS)
    hols = frozenset(china.keys())
    makeup = frozenset(d for d in china.weekend_workdays if d.year in DATA_YEARS)
    makeup = makeup if with_makeup else frozenset()
    day, last = date(DATA_YEARS[0], 1, 1), date(DATA_YEARS[-1], 12, 31)
    working: list[date] = []
    while day <= last:
        if (day.weekday() < 5 and day not in hols) or day in makeup:
            working.append(day)
        day += ONE_DAY
    return CalendarData(hols, makeup, tuple(working))


def instant_us(value: datetime) -> int:
    """Microseconds since the epoch; naive values are local time in TZ."""
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=TZ)
    return (value - EPOCH) // ONE_US


def local(us: int) -> datetime:
    return (EPOCH + us * ONE_US).astimezone(TZ)


# --------------------------------------------------------------------------- reference


class IntervalIndex:
    """Working intervals as sorted numbers, with the working time accumulated before each.

    With float epoch seconds this is the "bare bisect" baseline; with integer microseconds
    it is the exact reference for the contract. ``position(x)`` is the working time from the
    first interval to ``x`` (flat outside working hours).
    """

    def __init__(self, bounds: Iterable[tuple[float, float]]) -> None:
        self.starts: list[float] = []
        self.cum_before: list[float] = []
        self.cum_end: list[float] = []
        total: float = 0
        for start, end in bounds:
            self.starts.append(start)
            self.cum_before.append(total)
            total += end - start
            self.cum_end.append(total)

    def position(self, x: float) -> float:
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return 0
        return min(self.cum_before[i] + x - self.starts[i], self.cum_end[i])

    def add(self, t: float, d: float) -> float:
        """Earliest u >= t (d > 0) or latest u <= t (d < 0) with |working time| == |d|."""
        if d > 0:
            target = self.position(t) + d
            j = checked(bisect_left(self.cum_end, target), len(self.starts))
            return self.starts[j] + target - self.cum_before[j]
        if d < 0:
            target = self.position(t) + d
            j = checked(bisect_right(self.cum_before, target) - 1, len(self.starts))
            return self.starts[j] + target - self.cum_before[j]
        return t


def checked(i: int, size: int) -> int:
    """``i`` if it indexes the data; never wrap around to the other end of a list."""
    if not 0 <= i < size:
        message = f"result outside the data years {DATA_YEARS[0]}-{DATA_YEARS[-1]}"
        raise IndexError(message)
    return i


def interval_bounds(data: CalendarData) -> list[tuple[int, int]]:
    return [
        (instant_us(datetime.combine(d, OPEN, TZ)), instant_us(datetime.combine(d, CLOSE, TZ)))
        for d in data.working
    ]


class DayIndex:
    """Sorted working-day ordinals: the reference for the day operations."""

    def __init__(self, working: Sequence[date]) -> None:
        self.ords = [d.toordinal() for d in working]

    def add(self, day: date, n: int) -> date:
        o = day.toordinal()
        # n > 0: n-th working day strictly after; n <= 0: counted from the first one >= day.
        i = bisect_right(self.ords, o) + n - 1 if n > 0 else bisect_left(self.ords, o) + n
        return date.fromordinal(self.ords[checked(i, len(self.ords))])

    def count(self, start: date, end: date) -> int:
        o_end, o_start = end.toordinal(), start.toordinal()
        return bisect_left(self.ords, o_end) - bisect_left(self.ords, o_start)

    def is_working(self, day: date) -> bool:
        i = bisect_left(self.ords, day.toordinal())
        return i < len(self.ords) and self.ords[i] == day.toordinal()


@dataclass(frozen=True)
class Oracle:
    """Expected canonical answer for an operation, and equivalence of two answers."""

    expect: Callable[[Args], Any]
    same: Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Reference:
    times: IntervalIndex
    days: DayIndex

    def add(self, args: Args) -> int:
        t, d = args
        return int(self.times.add(instant_us(t), d // ONE_US))

    def working_time(self, args: Args) -> int:
        s, e = args
        return int(self.times.position(instant_us(e)) - self.times.position(instant_us(s)))

    def same_instant(self, a: Any, b: Any) -> bool:
        if not (isinstance(a, int) and isinstance(b, int)):
            return False
        return self.times.position(a) == self.times.position(b)

    def oracle(self, kind: str) -> Oracle:
        expect: dict[str, Callable[[Args], Any]] = {
            "instant": self.add,
            "duration": self.working_time,
            "date": lambda a: self.days.add(*a),
            "count": lambda a: self.days.count(*a),
            "bool": lambda a: self.days.is_working(*a),
        }
        same = self.same_instant if kind == "instant" else operator.eq
        return Oracle(expect[kind], same)


def build_reference(data: CalendarData) -> Reference:
    return Reference(IntervalIndex(interval_bounds(data)), DayIndex(data.working))


# --------------------------------------------------------------------------- workload


@dataclass(frozen=True)
class Workload:
    add_minutes: list[Args]  # (instant, timedelta of 1 min .. 40 h)
    add_hours: list[Args]  # same instants, duration rounded up to whole hours (pandas)
    spans: list[Args]  # (start, end) instants; ~14% have end < start
    day_steps: list[Args]  # (day, n) with n in 0..30
    day_spans: list[Args]  # (start_day, end_day) with end_day - start_day in 0..42 days


def random_instant(rng: random.Random) -> datetime:
    first = instant_us(datetime.combine(OP_FIRST, clock(0), TZ)) // US_PER_S
    end = instant_us(datetime.combine(OP_END, clock(0), TZ)) // US_PER_S
    return datetime.fromtimestamp(rng.randrange(first, end), TZ)


def random_day(rng: random.Random) -> date:
    return date.fromordinal(rng.randrange(OP_FIRST.toordinal(), OP_END.toordinal()))


def make_workload(rng: random.Random, n: int) -> Workload:
    starts = [random_instant(rng) for _ in range(n)]
    minutes = [rng.randint(1, MAX_MINUTES) for _ in range(n)]
    spans = []
    for _ in range(n):
        s = random_instant(rng)
        spans.append((s, s + timedelta(seconds=rng.randint(-2 * 86_400, 12 * 86_400))))
    days = [random_day(rng) for _ in range(n)]
    return Workload(
        add_minutes=[(t, timedelta(minutes=m)) for t, m in zip(starts, minutes, strict=True)],
        add_hours=[
            (t, timedelta(hours=math.ceil(m / 60))) for t, m in zip(starts, minutes, strict=True)
        ],
        spans=spans,
        day_steps=[(d, rng.randint(0, MAX_DAY_STEP)) for d in days],
        day_spans=[(d, d + rng.randint(0, MAX_SPAN_DAYS) * ONE_DAY) for d in days],
    )


# --------------------------------------------------------------------------- contenders


@dataclass(frozen=True)
class Contender:
    """One implementation of one operation.

    ``build(inputs)`` converts the operations (given in our types) to the contender's native
    arguments - outside the timed region - and returns a runner for the whole batch; it raises
    ImportError when the library is missing. ``normalise`` maps an answer to the canonical
    form (instants and durations in microseconds, dates, ints).
    """

    name: str
    build: Callable[[list[Args]], Runner]
    normalise: Callable[[Any], Any]
    causes: Mapping[str, str] = field(default_factory=dict)


def loop(fn: Callable[..., Any], args: list[Args]) -> Runner:
    """Runner calling ``fn(*a)`` for each ``a``; a raised exception is kept as the answer."""

    def run() -> list[Any]:
        out: list[Any] = []
        append = out.append
        for a in args:
            try:
                append(fn(*a))
            except Exception as exc:  # a failure is an answer to report
                append(exc)
        return out

    return run


def keep_errors(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def normalise(value: Any) -> Any:
        return value if isinstance(value, Exception) else fn(value)

    return normalise


def identity(value: Any) -> Any:
    return value


def duration_us(value: timedelta) -> int:
    return value // ONE_US


def business_days_us(value: timedelta) -> int:
    """businesstime counts whole business days as ``days``: one day is 9 working hours."""
    if value < timedelta(0):
        return -business_days_us(-value)
    rest = value - timedelta(days=value.days)
    return value.days * DAY_HOURS * 3600 * US_PER_S + rest // ONE_US


def ours_contender(cal: Any, method: str, normalise: Callable[[Any], Any]) -> Contender:
    return Contender(OURS, lambda inputs: loop(getattr(cal, method), inputs), normalise)


# ---- pandas CustomBusinessHour


@cache
def pandas_offsets(data: CalendarData) -> dict[int, Any]:
    pd = importlib.import_module("pandas")
    return {
        h: pd.offsets.CustomBusinessHour(
            n=h,
            start="09:00",
            end="18:00",
            weekmask="Mon Tue Wed Thu Fri",
            holidays=data.weekday_holidays,
        )
        for h in range(1, MAX_MINUTES // 60 + 1)
    }


def pandas_add(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        pd = importlib.import_module("pandas")
        offsets = pandas_offsets(data)  # n is whole hours; one offset object per n, prebuilt
        return loop(
            operator.add, [(pd.Timestamp(t), offsets[d // timedelta(hours=1)]) for t, d in inputs]
        )

    return Contender(
        "pandas CustomBusinessHour",
        build,
        keep_errors(instant_us),
        {
            MAKEUP: "pandas CBH has only weekmask + holidays: it ignores make-up Saturdays/Sundays",
            CONVENTION: "pandas returns the next opening (e.g. Mon 09:00) for an exact fill, "
            "ours the end of the filled interval (e.g. Fri 18:00)",
        },
    )


# ---- businesstimedelta


@cache
def btd_rules(data: CalendarData) -> Any:
    btd = importlib.import_module("businesstimedelta")
    tz = importlib.import_module("pytz").timezone(TZ_NAME)
    workday = btd.WorkDayRule(start_time=OPEN, end_time=CLOSE, working_days=[0, 1, 2, 3, 4], tz=tz)
    # No rule for per-date extra working days exists: make-up days cannot be expressed.
    return btd.Rules([workday, btd.HolidayRule(set(data.holidays), tz=tz)])


def btd_add(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        btd = importlib.import_module("businesstimedelta")
        rules = btd_rules(data)
        args = [(t, btd.BusinessTimeDelta(rules, timedelta=d)) for t, d in inputs]
        return loop(operator.add, args)

    return Contender(
        "businesstimedelta",
        build,
        keep_errors(instant_us),
        {
            MAKEUP: "WorkDayRule/HolidayRule cannot express make-up weekend days",
            CONVENTION: "businesstimedelta's end-of-day convention differs for an exact fill",
            OTHER: "businesstimedelta edge case (inspect examples)",
        },
    )


def btd_working_time(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        return loop(btd_rules(data).difference, inputs)

    return Contender(
        "businesstimedelta",
        build,
        keep_errors(lambda v: duration_us(v.timedelta)),
        {
            MAKEUP: "WorkDayRule/HolidayRule cannot express make-up weekend days",
            SIGN: "Rules.difference always returns |working time| (no negative results)",
            MAKEUP_SIGN: "reversed span over a make-up day: no make-up days, no negative results",
            OTHER: "businesstimedelta edge case (inspect examples)",
        },
    )


# ---- businesstime


def businesstime_working_time(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        module = importlib.import_module("businesstime")
        bt = module.BusinessTime(
            business_hours=(OPEN, CLOSE), weekends=(5, 6), holidays=set(data.holidays)
        )
        # No time zones: naive local datetimes. No make-up days.
        naive = [(s.replace(tzinfo=None), e.replace(tzinfo=None)) for s, e in inputs]
        return loop(bt.businesstimedelta, naive)

    return Contender(
        "businesstime",
        build,
        keep_errors(business_days_us),
        {
            MAKEUP: "BusinessTime has weekends + holidays only: no make-up days",
            OTHER: "businesstime mis-handles some starts/ends outside business hours "
            "(inspect examples)",
        },
    )


# ---- workalendar


@cache
def workalendar_china(data: CalendarData) -> Any:
    """workalendar's China engine fed with the holidays package's 2023-2032 data.

    The stock class only ships 2018-2023 and raises CalendarError for 2024+.
    """
    china_cls = importlib.import_module("workalendar.asia").China
    by_year: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for day in sorted(data.holidays):
        by_year[day.year].append((day, "holiday"))

    def get_calendar_holidays(_self: Any, year: int) -> list[tuple[date, str]]:
        return by_year.get(year, [])

    cls = type("ChinaWithData", (china_cls,), {"get_calendar_holidays": get_calendar_holidays})
    cal = cls()
    cal.extra_working_days = sorted(data.makeup)  # the attribute China's methods consult
    return cal


WORKALENDAR_CAUSES = {
    OTHER: "workalendar add_working_days(day, 0) returns day unchanged even when it is not "
    "a working day (no roll forward)",
}


def workalendar_add_days(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        return loop(workalendar_china(data).add_working_days, inputs)

    return Contender("workalendar China", build, keep_errors(identity), WORKALENDAR_CAUSES)


def workalendar_count(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        delta = workalendar_china(data).get_working_days_delta
        # get_working_days_delta counts (start, end]; ours counts [start, end).
        return loop(lambda s, e: delta(s - ONE_DAY, e - ONE_DAY), inputs)

    return Contender("workalendar China", build, keep_errors(identity))


# ---- holidays


@cache
def holidays_china() -> Any:
    return importlib.import_module("holidays").China(years=DATA_YEARS)


def holidays_add_days(_data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        return loop(holidays_china().get_nth_working_day, inputs)

    return Contender("holidays get_nth_working_day", build, keep_errors(identity))


def holidays_count(_data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        count = holidays_china().get_working_days_count

        def half_open(s: date, e: date) -> int:  # the package counts [start, end]
            return count(s, e - ONE_DAY) if e > s else 0

        return loop(half_open, inputs)

    return Contender("holidays get_working_days_count", build, keep_errors(identity))


# ---- numpy


@cache
def numpy_busdaycal(data: CalendarData) -> Any:
    np = importlib.import_module("numpy")
    # weekmask + holidays only: make-up days cannot be expressed.
    return np.busdaycalendar(weekmask="1111100", holidays=data.weekday_holidays)


NUMPY_CAUSES = {MAKEUP: "numpy busdaycalendar has weekmask + holidays only: no make-up days"}


def numpy_roll(n: int) -> str:
    # Ours: n > 0 is the n-th working day strictly after day, so a non-working day rolls back
    # first; n == 0 rolls forward to the next working day.
    return "forward" if n <= 0 else "backward"


def numpy_add_days_vector(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        np = importlib.import_module("numpy")
        cal = numpy_busdaycal(data)
        days = np.array([d for d, _ in inputs], dtype="datetime64[D]")
        steps = np.array([n for _, n in inputs], dtype=np.int64)

        def run() -> list[Any]:
            out = np.empty_like(days)
            zero = steps == 0
            out[zero] = np.busday_offset(days[zero], 0, roll="forward", busdaycal=cal)
            out[~zero] = np.busday_offset(days[~zero], steps[~zero], roll="backward", busdaycal=cal)
            return list(out.tolist())

        return run

    return Contender("numpy busday_offset (vectorised)", build, keep_errors(identity), NUMPY_CAUSES)


def numpy_add_days_scalar(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        np = importlib.import_module("numpy")
        cal = numpy_busdaycal(data)
        args = [(np.datetime64(d, "D"), n, numpy_roll(n)) for d, n in inputs]
        return loop(lambda d, n, roll: np.busday_offset(d, n, roll=roll, busdaycal=cal), args)

    return Contender(
        "numpy busday_offset (per call)",
        build,
        keep_errors(lambda v: v.astype(object)),
        NUMPY_CAUSES,
    )


def numpy_count_vector(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        np = importlib.import_module("numpy")
        cal = numpy_busdaycal(data)
        starts = np.array([s for s, _ in inputs], dtype="datetime64[D]")
        ends = np.array([e for _, e in inputs], dtype="datetime64[D]")
        return lambda: list(np.busday_count(starts, ends, busdaycal=cal).tolist())

    return Contender("numpy busday_count (vectorised)", build, keep_errors(identity), NUMPY_CAUSES)


def numpy_count_scalar(data: CalendarData) -> Contender:
    def build(inputs: list[Args]) -> Runner:
        np = importlib.import_module("numpy")
        cal = numpy_busdaycal(data)
        args = [(np.datetime64(s, "D"), np.datetime64(e, "D")) for s, e in inputs]
        return loop(lambda s, e: np.busday_count(s, e, busdaycal=cal), args)

    return Contender("numpy busday_count (per call)", build, keep_errors(int), NUMPY_CAUSES)


# ---- bare bisect baseline


def bare_add(data: CalendarData) -> Contender:
    """The bisect index alone, on floats converted before the timed loop (no datetime work)."""
    index = IntervalIndex((s / US_PER_S, e / US_PER_S) for s, e in interval_bounds(data))

    def build(inputs: list[Args]) -> Runner:
        floats = [(t.timestamp(), d.total_seconds()) for t, d in inputs]
        return loop(index.add, floats)

    return Contender("bare bisect (floats)", build, keep_errors(lambda v: round(v * US_PER_S)))


def bare_add_datetimes(data: CalendarData) -> Contender:
    """The bisect index taking and returning aware datetimes, as ``cal.add`` does.

    This is the issue's reference ("a bare bisect-over-interval index in pure Python does an
    add in about 1.2 us"): a datetime in, ``timestamp()``, two bisections on floats,
    ``fromtimestamp()`` out.  It does none of our checks and is inexact in microseconds.
    """
    index = IntervalIndex((s / US_PER_S, e / US_PER_S) for s, e in interval_bounds(data))

    def add(t: datetime, d: timedelta) -> datetime:
        return datetime.fromtimestamp(index.add(t.timestamp(), d.total_seconds()), t.tzinfo)

    def build(inputs: list[Args]) -> Runner:
        return loop(add, inputs)

    return Contender("bare bisect (datetimes)", build, keep_errors(instant_us))


# --------------------------------------------------------------------------- measuring


@dataclass
class Result:
    name: str
    seconds: float | None  # None: skipped
    raw: list[Any] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    note: str = ""


def time_runner(run: Runner) -> tuple[float, list[Any]]:
    best, out = math.inf, []
    for _ in range(MAX_PASSES):
        start = time.perf_counter()
        out = run()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        if elapsed >= REPEAT_BELOW_S:
            break
    return best, out


def measure(contender: Contender, inputs: list[Args], warm: list[Args]) -> Result:
    try:
        warm_run = contender.build(warm)
        main_run = contender.build(inputs)
    except ImportError:
        return Result(contender.name, None, note="skipped (not installed)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warm_run()
        seconds, raw = time_runner(main_run)
    return Result(contender.name, seconds, raw, [contender.normalise(v) for v in raw])


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str  # instant | duration | date | count | bool
    inputs: list[Args]
    warm: list[Args]
    ours: Contender
    peers: list[Contender]
    full: Oracle
    plain: Oracle  # the same calendar without make-up days


def agree(a: Any, b: Any) -> bool:
    if isinstance(a, Exception) or isinstance(b, Exception):
        return type(a) is type(b)
    return bool(a == b)


def classify(section: Section, args: Args, ours: Any, peer: Any) -> str | None:
    if agree(ours, peer):
        return None
    if isinstance(peer, Exception):
        return f"peer raised {type(peer).__name__}"
    return explain(section, args, peer)


def explain(section: Section, args: Args, peer: Any) -> str:
    """Why a peer's (non-error) answer differs from ours, judged against the references."""
    expected = section.full.expect(args)
    checks: list[tuple[str, Callable[[], bool]]] = [
        (OURS_WRONG, lambda: peer == expected),
        (CONVENTION, lambda: section.full.same(peer, expected)),
        (MAKEUP, lambda: section.plain.same(peer, section.plain.expect(args))),
        (SIGN, lambda: section.kind == "duration" and abs(peer) == abs(expected)),
        (
            MAKEUP_SIGN,
            lambda: section.kind == "duration" and abs(peer) == abs(section.plain.expect(args)),
        ),
    ]
    return next((category for category, check in checks if check()), OTHER)


def check_ours(section: Section, values: list[Any]) -> list[tuple[str, Args, Any, Any]]:
    """Our answers that differ from the reference: (category, args, ours, expected)."""
    bad = []
    for args, ours in zip(section.inputs, values, strict=True):
        expected = section.full.expect(args)
        if agree(ours, expected):
            continue
        if isinstance(ours, Exception):
            category = f"raised {type(ours).__name__}: {ours}"[:120]
        elif section.full.same(ours, expected):
            category = "W-equivalent but not the contract's instant"
        else:
            category = "wrong value"
        bad.append((category, args, ours, expected))
    return bad


def tz_violations(section: Section, raw: list[Any]) -> int:
    pairs = zip(section.inputs, raw, strict=True)
    return sum(
        1 for args, out in pairs if isinstance(out, datetime) and out.tzinfo != args[0].tzinfo
    )


# --------------------------------------------------------------------------- formatting


def fmt(value: Any, kind: str) -> str:
    if isinstance(value, Exception):
        return f"{type(value).__name__}({value})"[:100]
    if kind == "instant" and isinstance(value, int):
        return local(value).strftime("%Y-%m-%d %a %H:%M:%S.%f").removesuffix(".000000")
    if kind == "duration" and isinstance(value, int):
        return f"{value / US_PER_S / 3600:.4f} h"
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %a")
    return str(value)


def fmt_args(args: Args) -> str:
    parts = []
    for a in args:
        if isinstance(a, datetime):
            text = a.strftime("%Y-%m-%d %a %H:%M:%S.%f").removesuffix(".000000")
            parts.append(text if a.tzinfo is TZ else f"{text}{a.strftime('%z')}")
        elif isinstance(a, timedelta):
            parts.append(f"{a / timedelta(hours=1):+.4f} h")
        else:
            parts.append(fmt(a, "date"))
    return "(" + ", ".join(parts) + ")"


def us_per_op(seconds: float | None, n: int) -> str:
    return "-" if seconds is None else f"{seconds / n * 1e6:10.2f}"


def print_peer_report(
    section: Section, ours: Result, peer: Result, cause: Mapping[str, str]
) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (args, o, p) in enumerate(zip(section.inputs, ours.values, peer.values, strict=True)):
        category = classify(section, args, o, p)
        if category is not None:
            groups[category].append(i)
    total = sum(len(v) for v in groups.values())
    print(f"  {peer.name}: {total} disagreement(s) with ours out of {len(section.inputs)}")
    for category, idx in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"    - {len(idx)} x {category}")
        print(f"      likely cause: {cause.get(category, default_cause(category))}")
        for i in idx[:EXAMPLES]:
            print(
                f"      e.g. {fmt_args(section.inputs[i])}: ours "
                f"{fmt(ours.values[i], section.kind)} | peer {fmt(peer.values[i], section.kind)}"
            )


def default_cause(category: str) -> str:
    if category == OURS_WRONG:
        return "BUG ON OUR SIDE: the peer agrees with the reference implementation"
    if category.startswith("peer raised"):
        return "the peer cannot handle this input (see examples)"
    return "unexplained: inspect the examples"


def print_ours_report(section: Section, ours: Result) -> None:
    bad = check_ours(section, ours.values)
    tz_bad = tz_violations(section, ours.raw) if section.kind == "instant" else 0
    print(
        f"  ours vs reference (contract, bare-bisect oracle): {len(bad)} mismatch(es)"
        + (f"; {tz_bad} result(s) not in the input's tzinfo" if tz_bad else "")
    )
    by_category: dict[str, list[tuple[Args, Any, Any]]] = defaultdict(list)
    for category, args, got, expected in bad:
        by_category[category].append((args, got, expected))
    for category, items in by_category.items():
        print(f"    - {len(items)} x {category}")
        for args, got, expected in items[:EXAMPLES]:
            print(
                f"      e.g. {fmt_args(args)}: ours {fmt(got, section.kind)}"
                f" | expected {fmt(expected, section.kind)}"
            )


# --------------------------------------------------------------------------- sections


@dataclass
class Report:
    """Measurements collected for the summary."""

    seconds: dict[tuple[str, str], float | None] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    scale: dict[int, float] = field(default_factory=dict)  # cost(hours) / cost(1 h)
    bare_ratio: float | None = None  # ours / bare bisect taking and returning datetimes
    bare_float_ratio: float | None = None  # ours / bare bisect on pre-converted floats


def run_section(section: Section, report: Report) -> None:
    n = len(section.inputs)
    print(f"\n== {section.title}: {n:,} ops ==")
    print(f"  {'contender':<36}{'us/op':>10}  {'peer/ours':>10}")
    ours = measure(section.ours, section.inputs, section.warm)
    assert ours.seconds is not None
    report.seconds[(section.key, OURS)] = ours.seconds
    report.errors[section.key] = sum(isinstance(v, Exception) for v in ours.raw)
    print(f"  {OURS:<36}{us_per_op(ours.seconds, n)}  {'1.00x':>10}")
    peers = []
    for contender in section.peers:
        peer = measure(contender, section.inputs, section.warm)
        report.seconds[(section.key, peer.name)] = peer.seconds
        if peer.seconds is None:
            print(f"  {peer.name:<36}{peer.note}")
            continue
        ratio = peer.seconds / ours.seconds if ours.seconds else math.inf
        print(f"  {peer.name:<36}{us_per_op(peer.seconds, n)}  {ratio:>9.2f}x")
        peers.append((peer, contender.causes))
    for peer, causes in peers:
        print_peer_report(section, ours, peer, causes)
    print_ours_report(section, ours)


def build_sections(
    cal: Any,
    data: CalendarData,
    *,
    work: Workload,
    warm: Workload,
    full: Reference,
    plain: Reference,
) -> list[Section]:
    def section(
        key: str,
        title: str,
        kind: str,
        field_name: str,
        method: str,
        *,
        normalise: Callable[[Any], Any],
        peers: list[Contender],
    ) -> Section:
        return Section(
            key,
            title,
            kind,
            getattr(work, field_name),
            getattr(warm, field_name),
            ours_contender(cal, method, keep_errors(normalise)),
            peers,
            full.oracle(kind),
            plain.oracle(kind),
        )

    return [
        section(
            "add",
            "add(instant, 1 min .. 40 h)",
            "instant",
            "add_minutes",
            "add",
            normalise=instant_us,
            peers=[btd_add(data), bare_add(data)],
        ),
        section(
            "add_hours",
            "add(instant, whole hours 1 .. 40 h) [pandas' n is whole hours]",
            "instant",
            "add_hours",
            "add",
            normalise=instant_us,
            peers=[pandas_add(data)],
        ),
        section(
            "working_time",
            "working_time(start, end) [spans -2 .. +12 days]",
            "duration",
            "spans",
            "working_time",
            normalise=duration_us,
            peers=[btd_working_time(data), businesstime_working_time(data)],
        ),
        section(
            "add_working_days",
            "add_working_days(day, n) [n in 0..30]",
            "date",
            "day_steps",
            "add_working_days",
            normalise=identity,
            peers=[
                workalendar_add_days(data),
                holidays_add_days(data),
                numpy_add_days_vector(data),
                numpy_add_days_scalar(data),
            ],
        ),
        section(
            "working_days",
            "working_days(start_day, end_day) [end - start in 0..42 days]",
            "count",
            "day_spans",
            "working_days",
            normalise=identity,
            peers=[
                workalendar_count(data),
                holidays_count(data),
                numpy_count_vector(data),
                numpy_count_scalar(data),
            ],
        ),
    ]


def interleaved(runners: Sequence[Runner], rounds: int = PAIRED_ROUNDS) -> list[list[float]]:
    """Per-round seconds of each runner, run in turn in every round.

    Machine speed drifts (other processes, frequency changes); alternating passes exposes the
    runners of a ratio to the same conditions, and the median of per-round ratios is robust.
    """
    times: list[list[float]] = [[] for _ in runners]
    for _ in range(rounds):
        for spent, run in zip(times, runners, strict=True):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return times


def median_ratio(numerator: list[float], denominator: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))


def run_bare_pairing(
    cal: Any, data: CalendarData, work: Workload, warm: Workload, report: Report
) -> None:
    inputs = work.add_minutes
    print(
        f"\n== add(): ours vs bare bisect, {len(inputs):,} ops, {PAIRED_ROUNDS} alternating "
        "passes =="
    )
    contenders = [ours_contender(cal, "add", identity), bare_add_datetimes(data), bare_add(data)]
    for contender in contenders:
        contender.build(warm.add_minutes)()
    ours, bare, floats = interleaved([c.build(inputs) for c in contenders])
    report.bare_ratio = median_ratio(ours, bare)
    report.bare_float_ratio = median_ratio(ours, floats)
    n = len(inputs)
    print(
        f"  ours {us_per_op(min(ours), n).strip()} us/op, bare bisect with datetimes "
        f"{us_per_op(min(bare), n).strip()} us/op, bare bisect on floats "
        f"{us_per_op(min(floats), n).strip()} us/op (fastest passes)\n"
        f"  ours/bare (datetimes) = {report.bare_ratio:.2f}, ours/bare (floats) = "
        f"{report.bare_float_ratio:.2f} (median per-round ratios); the issue's reference is "
        "a bare bisect add of about 1.2 us, i.e. with datetime handling"
    )


def run_scaling(cal: Any, rng: random.Random, n: int, full: Reference, report: Report) -> None:
    print(
        f"\n== add(): cost vs duration, {n:,} random start instants (same for each), "
        f"{PAIRED_ROUNDS} alternating passes =="
    )
    starts = [random_instant(rng) for _ in range(n)]
    warm_starts = [random_instant(rng) for _ in range(min(n, 200))]
    ours = ours_contender(cal, "add", keep_errors(instant_us))
    runners = []
    for hours in SCALE_HOURS:
        d = timedelta(hours=hours)
        inputs = [(t, d) for t in starts]
        ours.build([(t, d) for t in warm_starts])()  # also widens the index for far results
        runners.append(ours.build(inputs))
        values = [ours.normalise(v) for v in runners[-1]()]  # untimed: check the answers
        errors = [v for v in values if isinstance(v, Exception)]
        wrong = sum(not agree(v, full.add(a)) for a, v in zip(inputs, values, strict=True))
        note = f" ({len(errors)} raised, e.g. {fmt(errors[0], '')})" if errors else ""
        print(f"  {hours:>6,} h: {wrong} answer(s) differ from the reference{note}")
    times = interleaved(runners)
    for hours, spent in zip(SCALE_HOURS, times, strict=True):
        report.scale[hours] = median_ratio(spent, times[0])
        print(
            f"  {hours:>6,} h: {min(spent) / n * 1e6:10.2f} us/op (fastest pass); "
            f"cost/cost(1 h) = {report.scale[hours]:.2f} (median per-round ratio)"
        )


# --------------------------------------------------------------------------- contract sweep


def sweep_days(data: CalendarData, rng: random.Random, n: int) -> list[date]:
    """Make-up days, days around holidays and random days in the operation years."""
    in_range = [d for d in sorted(data.makeup | data.holidays) if OP_FIRST <= d < OP_END]
    around = {d + k * ONE_DAY for d in in_range for k in (-1, 0, 1)}
    pool = sorted(around) + [random_day(rng) for _ in range(n)]
    return sorted(set(rng.sample(pool, min(n, len(pool)))))


SWEEP_TIMES = [
    clock(0),
    clock(8, 59, 59, 999_999),
    clock(9),
    clock(9, 0, 0, 1),
    clock(12, 34, 56, 789_000),
    clock(17, 59, 59),
    clock(18),
    clock(23, 59, 59, 999_999),
]
OTHER_ZONES = [UTC, timezone(timedelta(hours=-5))]
SWEEP_DURATIONS = [timedelta(0)] + [
    sign * d
    for sign in (1, -1)
    for d in (
        ONE_US,
        timedelta(minutes=1),
        timedelta(hours=1),
        timedelta(hours=8, minutes=59),
        timedelta(hours=9),
        timedelta(hours=27),
        timedelta(hours=45),
        timedelta(hours=100),
    )
]


def sweep_sections(
    cal: Any,
    data: CalendarData,
    rng: random.Random,
    *,
    n_days: int,
    full: Reference,
    plain: Reference,
) -> list[Section]:
    local_instants = [
        datetime.combine(d, t, TZ) for d in sweep_days(data, rng, n_days) for t in SWEEP_TIMES
    ]
    # The same instants given in other zones: answers must stay in the input's tzinfo.
    instants = local_instants + [
        t.astimezone(zone) for zone in OTHER_ZONES for t in local_instants[::3]
    ]
    all_days = [OP_FIRST + k * ONE_DAY for k in range((OP_END - OP_FIRST).days)]
    others = [rng.choice(instants) for _ in instants]
    inputs: dict[str, list[Args]] = {
        "add": [(t, d) for t in instants for d in SWEEP_DURATIONS],
        "working_time": [
            p for s, e in zip(instants, others, strict=True) for p in ((s, e), (e, s), (s, s))
        ],
        "add_working_days": [(d, n) for d in all_days for n in (-30, -5, -1, 0, 1, 5, 30)],
        "working_days": [(d, d + k * ONE_DAY) for d in all_days for k in (0, 1, 2, 7, 30)],
        "is_working_day": [(d,) for d in all_days],
    }
    kinds: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "add": ("instant", instant_us),
        "working_time": ("duration", duration_us),
        "add_working_days": ("date", identity),
        "working_days": ("count", identity),
        "is_working_day": ("bool", identity),
    }
    return [
        Section(
            method,
            method,
            kind,
            inputs[method],
            [],
            ours_contender(cal, method, keep_errors(normalise)),
            [],
            full.oracle(kind),
            plain.oracle(kind),
        )
        for method, (kind, normalise) in kinds.items()
    ]


def run_sweep(sections: list[Section]) -> None:
    print(
        "\n== contract sweep (not timed): boundaries, microseconds, negative durations "
        "and n, reversed spans, make-up days, inputs in UTC and UTC-05:00 =="
    )
    for section in sections:
        result = measure(section.ours, section.inputs, [])
        print(f" {section.title}: {len(section.inputs):,} ops")
        print_ours_report(section, result)


# --------------------------------------------------------------------------- summary


def ratio(report: Report, key: str, peer: str) -> float | None:
    ours, other = report.seconds.get((key, OURS)), report.seconds.get((key, peer))
    if not ours or other is None:
        return None
    return other / ours


def summary_rows(report: Report) -> list[tuple[str, str, float | None, Callable[[float], bool]]]:
    def at_least(x: float) -> Callable[[float], bool]:
        return lambda v: v >= x

    def at_most(x: float) -> Callable[[float], bool]:
        return lambda v: v <= x

    bare, scale = report.bare_ratio, report.scale.get(10_000)
    return [
        (
            "add: pandas CBH / ours",
            ">= 15x",
            ratio(report, "add_hours", "pandas CustomBusinessHour"),
            at_least(15),
        ),
        (
            "add: businesstimedelta / ours",
            ">= 20x",
            ratio(report, "add", "businesstimedelta"),
            at_least(20),
        ),
        (
            "working_time: businesstimedelta / ours",
            ">= 20x",
            ratio(report, "working_time", "businesstimedelta"),
            at_least(20),
        ),
        (
            "working_time: businesstime / ours",
            "(report)",
            ratio(report, "working_time", "businesstime"),
            lambda _v: True,
        ),
        (
            "add_working_days: workalendar / ours",
            ">= 10x",
            ratio(report, "add_working_days", "workalendar China"),
            at_least(10),
        ),
        ("add: cost(10,000 h) / cost(1 h)", "<= 1.5", scale, at_most(1.5)),
        ("add: ours / bare bisect (datetimes)", "<= 2.5", bare, at_most(2.5)),
        (
            "add: ours / bare bisect (floats only)",
            "(report)",
            report.bare_float_ratio,
            lambda _v: True,
        ),
    ]


def print_summary(report: Report) -> None:
    print("\n== summary ==")
    print(f"  {'metric':<42}{'target':>9}{'measured':>11}  status")
    for name, target, value, ok in summary_rows(report):
        if value is None:
            measured, status = "-", "n/a (skipped)"
        else:
            measured = f"{value:.2f}"
            status = "info" if target == "(report)" else ("PASS" if ok(value) else "MISS")
        print(f"  {name:<42}{target:>9}{measured:>11}  {status}")
    failing = {k: v for k, v in report.errors.items() if v}
    if failing:
        print(f"  note: ours raised on some timed operations: {failing}")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--ops",
        type=int,
        default=None,
        help="random operations per benchmark (default 20000; 500 with --quick)",
    )
    parser.add_argument("--seed", type=int, default=20240101, help="RNG seed")
    parser.add_argument("--quick", action="store_true", help="fast smoke run (500 ops)")
    parser.add_argument(
        "--batch-only", action="store_true", help="only the add_many / working_time_many section"
    )
    parser.add_argument(
        "--batch", type=int, default=1_000_000, help="batch size of that section (default 1M)"
    )
    return parser.parse_args(argv)


def peak_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    return int(hwm[0]) / 1024 if hwm else float("nan")


def run_batch(cal: Any, n: int, seed: int) -> None:
    """``add_many`` / ``working_time_many`` on ``n`` random operations against a loop of
    ``add`` / ``working_time`` and against bare ``numpy.searchsorted`` over the same
    cumulative index (the floor: no argument checks, no widening, no conversions).

    Two input forms: ``datetime64``/``timedelta64`` arrays (the columnar path) and lists of
    aware datetimes / timedeltas (which pay one conversion per element each way)."""
    import numpy as np

    from servicepolicy.calendar import _many

    rng = random.Random(seed)
    starts = [random_instant(rng) for _ in range(n)]
    spans = [timedelta(minutes=rng.randrange(1, 60 * 9 * 15)) for _ in range(n)]
    ends = [s + timedelta(minutes=rng.randrange(0, 60 * 24 * 30)) for s in starts]
    to64 = [s.astimezone(UTC).replace(tzinfo=None) for s in starts]
    s64 = np.array(to64, dtype="datetime64[us]")
    e64 = np.array([e.astimezone(UTC).replace(tzinfo=None) for e in ends], "datetime64[us]")
    d64 = np.array(spans, dtype="timedelta64[us]")
    cal.add_many(s64[:1000], d64[:1000])  # warm-up: the index over the span
    cal.add_many(s64, d64)
    cal.working_time_many(s64, e64)

    def floor_add() -> Any:
        index = cal._coverage.index
        starts_, cum, ends_, cum_end, _ = _many._columns(np, index)
        ticks = s64.view("int64")
        i = np.searchsorted(ends_, ticks, side="right")
        target = cum[i] + np.maximum(ticks - starts_[i], 0) + d64.view("int64")
        j = np.searchsorted(cum_end, target, side="left")
        return starts_[j] + target - cum[j]

    def floor_between() -> Any:
        index = cal._coverage.index
        starts_, cum, ends_, _, _ = _many._columns(np, index)
        a, b = s64.view("int64"), e64.view("int64")
        ia, ib = np.searchsorted(ends_, a, side="right"), np.searchsorted(ends_, b, side="right")
        return cum[ib] + np.maximum(b - starts_[ib], 0) - cum[ia] - np.maximum(a - starts_[ia], 0)

    def best(fn: Callable[[], Any], rounds: int = 3) -> tuple[float, Any]:
        times, out = [], None
        for _ in range(rounds):
            began = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - began)
        return min(times), out

    print(f"\n== batch API: {n:,} ops, {load_note()} ==")
    t_floor, ticks = best(floor_add)
    t_arr, found = best(lambda: cal.add_many(s64, d64))
    assert (found.view("int64") == ticks).all()
    t_list, as_list = best(lambda: cal.add_many(starts, spans), 1)
    t_loop, looped = best(lambda: [cal.add(s, d) for s, d in zip(starts, spans, strict=True)], 1)
    assert as_list == looped
    print(
        f"  add: loop of add {t_loop:.3f} s; add_many(list) {t_list:.3f} s "
        f"({t_loop / t_list:.1f}x the loop); add_many(datetime64) {t_arr:.3f} s "
        f"({t_loop / t_arr:.0f}x the loop, {t_arr / t_floor:.2f}x bare searchsorted "
        f"{t_floor:.3f} s)"
    )
    t_floor, spans_floor = best(floor_between)
    t_arr, found = best(lambda: cal.working_time_many(s64, e64))
    assert (found.view("int64") == spans_floor).all()
    t_list, as_list = best(lambda: cal.working_time_many(starts, ends), 1)
    t_loop, looped = best(
        lambda: [cal.working_time(s, e) for s, e in zip(starts, ends, strict=True)], 1
    )
    assert as_list == looped
    print(
        f"  working_time: loop {t_loop:.3f} s; working_time_many(list) {t_list:.3f} s "
        f"({t_loop / t_list:.1f}x the loop); working_time_many(datetime64) {t_arr:.3f} s "
        f"({t_loop / t_arr:.0f}x the loop, {t_arr / t_floor:.2f}x bare searchsorted "
        f"{t_floor:.3f} s)"
    )
    print(f"  peak memory (VmHWM) {peak_mb():.0f} MB; {load_note()} at the end")


def load_ours() -> Any:
    try:
        module = importlib.import_module("servicepolicy")
        return module.BusinessCalendar(hours=HOURS, tz=TZ_NAME, country="CN")
    except Exception as exc:  # report any failure plainly
        sys.exit(
            f"cannot build servicepolicy.BusinessCalendar ({type(exc).__name__}: {exc}); "
            "run with PYTHONPATH=src from the repository root"
        )


def main(argv: Sequence[str] | None = None) -> None:
    opts = parse_args(argv)
    ops = opts.ops or (500 if opts.quick else 20_000)
    cal = load_ours()
    if opts.batch_only:
        run_batch(cal, opts.batch, opts.seed)
        return
    data, plain_data = load_calendar_data(with_makeup=True), load_calendar_data(with_makeup=False)
    full, plain = build_reference(data), build_reference(plain_data)
    rng = random.Random(opts.seed)
    work, warm = make_workload(rng, ops), make_workload(rng, min(WARM_OPS, max(20, ops // 20)))
    versions = ", ".join(
        f"{m} {package_version(m)}"
        for m in ("pandas", "numpy", "businesstimedelta", "businesstime", "workalendar", "holidays")
    )
    print(
        f"servicepolicy calendar benchmark: {ops:,} ops, seed {opts.seed}, Python "
        f"{sys.version.split()[0]}\npeers: {versions}\ncalendar: {HOURS} {TZ_NAME}, "
        f"{len(data.holidays)} CN holidays and {len(data.makeup)} make-up days "
        f"({DATA_YEARS[0]}-{DATA_YEARS[-1]}); ops in {OP_FIRST}..{OP_END - ONE_DAY}\n"
        f"{load_note()} at the start (timings are noisy when other processes compete)"
    )
    report = Report()
    for section in build_sections(cal, data, work=work, warm=warm, full=full, plain=plain):
        run_section(section, report)
    run_bare_pairing(cal, data, work, warm, report)
    run_scaling(cal, rng, min(ops, 500 if opts.quick else 5_000), full, report)
    run_sweep(
        sweep_sections(cal, data, rng, n_days=20 if opts.quick else 120, full=full, plain=plain)
    )
    print_summary(report)
    print(f"  {load_note()} at the end")
    run_batch(cal, 10_000 if opts.quick else opts.batch, opts.seed)


def load_note() -> str:
    """Other processes share the CPU and skew timings: say how busy the machine is."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return "load average unknown"
    return f"1-min load average {load:.2f} on {os.cpu_count()} CPU(s)"


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    main()
    print_peak()
