"""Weekly working hours and per-date hours (CAL-1, CAL-4).

Hours are written the way the manuals write them::

    "mon-fri 09:00-12:00,13:00-18:00"          # a lunch break is normal (CAL-1)
    "mon-fri 09:00-18:00; sat 09:00-12:00"     # groups separated by ";"
    "daily 22:00-06:00"                        # crosses midnight: belongs to the day it starts
    "24/7"                                     # every day 00:00-24:00

or as a mapping ``{weekday: [(start, end), ...]}`` whose keys are ``0``-``6`` or
``"mon"``-``"sun"`` and whose values are ``"HH:MM-HH:MM"`` strings or
``(start, end)`` pairs of :class:`datetime.time` or ``"HH:MM"`` strings.

Internally an interval is a pair of seconds after the local midnight of the day
it belongs to: ``(32400, 64800)`` is 09:00-18:00, ``(79200, 108000)`` is
22:00-06:00 of the next morning.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import time
from typing import TypeAlias

import attrs

from servicepolicy.errors import InvalidCalendarError, WrongTypeError

__all__ = [
    "DAY",
    "WEEKDAY_NAMES",
    "DayHours",
    "WeeklyHours",
    "format_hours",
    "parse_day_hours",
    "parse_weekday",
    "parse_weekly_hours",
]

DAY = 86_400
"""Seconds in a (wall-clock) day."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DayHours: TypeAlias = tuple[tuple[int, int], ...]
"""The working intervals of one day, as sorted ``(start, end)`` seconds after midnight."""

_ALIASES = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    **{name: i for i, name in enumerate(WEEKDAY_NAMES)},
}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_EVERY_DAY = {"daily", "everyday", "mon-sun"}
_ALWAYS = {"24/7", "24x7", "24×7"}

HoursSpec: TypeAlias = "str | Mapping[int | str, object]"


def parse_weekday(value: int | str, argument: str = "weekday") -> int:
    """Return the weekday number (Monday is 0) of ``value``.

    >>> parse_weekday("Sat"), parse_weekday(6), parse_weekday("monday")
    (5, 6, 0)
    """
    if isinstance(value, bool):
        raise WrongTypeError(argument, value, "a weekday name or 0-6")
    if isinstance(value, int):
        if 0 <= value <= 6:
            return value
    elif isinstance(value, str):
        key = value.strip().lower()
        if key in _ALIASES:
            return _ALIASES[key]
    else:
        raise WrongTypeError(argument, value, "a weekday name ('mon'...'sun') or 0-6")
    raise InvalidCalendarError(argument, value, "a weekday name ('mon'...'sun') or 0-6")


def _clock(text: str, argument: str, *, end: bool) -> int:
    match = _CLOCK.match(text.strip())
    if not match:
        raise InvalidCalendarError(argument, text, "a time of day like '09:00' or '17:30:00'")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    seconds = hour * 3600 + minute * 60 + second
    if minute > 59 or second > 59 or seconds > DAY or (seconds == DAY and not end):
        allowed = "00:00-24:00" if end else "00:00-23:59:59"
        raise InvalidCalendarError(argument, text, f"a time of day within {allowed}")
    return seconds


def _time_seconds(value: object, argument: str, *, end: bool) -> int:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidCalendarError(
                argument, value, "a wall-clock time without tzinfo (the calendar has the zone)"
            )
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, str):
        return _clock(value, argument, end=end)
    raise WrongTypeError(argument, value, "a datetime.time or a string like '09:00'")


def _interval(start: int, end: int, argument: str, text: object) -> tuple[int, int]:
    if end == start or (end == 0 and start == 0):
        raise InvalidCalendarError(
            argument,
            text,
            "an interval with a start different from its end (write 00:00-24:00 for a whole day)",
        )
    if end < start or (end == 0 and start > 0):
        end += DAY  # crosses midnight: it belongs to the day it starts
    if end > DAY and end - DAY > start:
        raise InvalidCalendarError(argument, text, "an interval shorter than 24 hours")
    return (start, end)


def _parse_ranges(text: str, argument: str) -> list[tuple[int, int]]:
    intervals = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise InvalidCalendarError(argument, text, "comma-separated ranges like '09:00-12:00'")
        pieces = part.split("-")
        if len(pieces) != 2:
            raise InvalidCalendarError(argument, part, "a range like '09:00-12:00'")
        start = _clock(pieces[0], argument, end=False)
        end = _clock(pieces[1], argument, end=True)
        intervals.append(_interval(start, end, argument, part))
    return intervals


def _check_disjoint(intervals: list[tuple[int, int]], argument: str) -> DayHours:
    intervals = sorted(intervals)
    for (s1, e1), (s2, e2) in itertools.pairwise(intervals):
        if s2 < e1:
            raise InvalidCalendarError(
                argument,
                f"{format_hours(((s1, e1),))} and {format_hours(((s2, e2),))}",
                "intervals that do not overlap",
            )
    return tuple(intervals)


def parse_day_hours(value: object, argument: str = "hours") -> DayHours:
    """Parse the hours of a single day.

    ``value`` is ``""`` or ``None`` (closed), a string of comma-separated ranges,
    or an iterable of ``(start, end)`` pairs.

    >>> parse_day_hours("09:00-12:00")
    ((32400, 43200),)
    >>> parse_day_hours("22:00-06:00")
    ((79200, 108000),)
    >>> parse_day_hours("")
    ()
    """
    if value is None:
        return ()
    if isinstance(value, str):
        if not value.strip():
            return ()
        return _check_disjoint(_parse_ranges(value, argument), argument)
    if isinstance(value, Iterable):
        intervals = []
        for pair in value:
            if isinstance(pair, str):
                intervals.extend(_parse_ranges(pair, argument))
                continue
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise WrongTypeError(
                    argument, pair, "a (start, end) pair or a string '09:00-12:00'"
                )
            start = _time_seconds(pair[0], argument, end=False)
            if start >= DAY:
                raise InvalidCalendarError(argument, pair[0], "a start time before 24:00")
            end = _time_seconds(pair[1], argument, end=True)
            intervals.append(_interval(start, end, argument, pair))
        return _check_disjoint(intervals, argument)
    raise WrongTypeError(argument, value, "a string like '09:00-12:00', a list of pairs, or ''")


def _parse_days(text: str, argument: str) -> list[int]:
    key = text.strip().lower()
    if key in _EVERY_DAY:
        return list(range(7))
    days: list[int] = []
    for part in key.split(","):
        if "-" in part:
            first, last = (parse_weekday(p, argument) for p in part.split("-", 1))
            span = (last - first) % 7
            days.extend((first + i) % 7 for i in range(span + 1))
        else:
            days.append(parse_weekday(part, argument))
    return days


@attrs.frozen
class WeeklyHours:
    """A weekly pattern of working intervals (CAL-1).

    ``days[0]`` holds Monday's intervals, ``days[6]`` Sunday's.  Each interval is a
    ``(start, end)`` pair of seconds after that day's local midnight; an interval
    that crosses midnight has ``end > 86400``.  Build one with
    :meth:`parse` or :func:`parse_weekly_hours`.

    >>> week = WeeklyHours.parse("mon-fri 09:00-12:00,13:00-18:00")
    >>> week.days[0]
    ((32400, 43200), (46800, 64800))
    >>> str(week)
    'mon-fri 09:00-12:00,13:00-18:00'
    >>> week.weekly_seconds / 3600
    40.0

    .. versionadded:: 0.1.0
    """

    days: tuple[DayHours, ...]

    @classmethod
    def parse(cls, spec: HoursSpec | WeeklyHours) -> WeeklyHours:
        """Parse a string or mapping specification (see the module docstring)."""
        return parse_weekly_hours(spec)

    @property
    def weekly_seconds(self) -> int:
        """Working seconds in one ordinary week (no holidays, no DST change)."""
        return sum(end - start for day in self.days for start, end in day)

    @property
    def max_day_seconds(self) -> int:
        """The most working seconds any single weekday has."""
        return max((sum(e - s for s, e in day) for day in self.days), default=0)

    def __str__(self) -> str:
        groups: list[str] = []
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and self.days[j + 1] == self.days[i]:
                j += 1
            if self.days[i]:
                names = WEEKDAY_NAMES[i] if i == j else f"{WEEKDAY_NAMES[i]}-{WEEKDAY_NAMES[j]}"
                groups.append(f"{names} {format_hours(self.days[i])}")
            i = j + 1
        return "; ".join(groups)


def _check_week(days: list[list[tuple[int, int]]], argument: str) -> WeeklyHours:
    """Reject overlaps, including an overnight interval running into the next day."""
    checked = [_check_disjoint(day, argument) for day in days]
    week = sorted(
        (weekday * DAY + start, weekday * DAY + end, weekday, (start, end))
        for weekday, day in enumerate(checked)
        for start, end in day
    )
    if len(week) > 1:
        # an interval of Sunday night continues into Monday: compare across the wrap too
        first = week[0]
        wrapped = [*week, (first[0] + 7 * DAY, first[1] + 7 * DAY, first[2], first[3])]
        for (_, e1, d1, i1), (s2, _, d2, i2) in itertools.pairwise(wrapped):
            if s2 < e1:
                raise InvalidCalendarError(
                    argument,
                    f"{WEEKDAY_NAMES[d1]} {format_hours((i1,))} and "
                    f"{WEEKDAY_NAMES[d2]} {format_hours((i2,))}",
                    "weekly hours that do not overlap",
                )
    return WeeklyHours(tuple(checked))


def parse_weekly_hours(spec: HoursSpec | WeeklyHours, argument: str = "hours") -> WeeklyHours:
    """Parse weekly hours from a string or a mapping (CAL-1).

    >>> str(parse_weekly_hours({"sat": "09:00-12:00", 0: [("09:00", "18:00")]}))
    'mon 09:00-18:00; sat 09:00-12:00'
    >>> str(parse_weekly_hours("24/7"))
    'mon-sun 00:00-24:00'
    >>> parse_weekly_hours("mon-fri 09:00-18:00, 17:00-19:00")
    Traceback (most recent call last):
    ...
    servicepolicy.errors.InvalidCalendarError: hours: expected intervals that do not overlap, \
got '09:00-18:00 and 17:00-19:00'
    """
    if isinstance(spec, WeeklyHours):
        return spec
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    if isinstance(spec, str):
        text = spec.strip()
        if text.lower() in _ALWAYS:
            text = "daily 00:00-24:00"
        for group in filter(None, (g.strip() for g in text.split(";"))):
            day_part, _, range_part = group.partition(" ")
            if not range_part.strip():
                raise InvalidCalendarError(
                    argument, group, "a group like 'mon-fri 09:00-18:00' (days, space, ranges)"
                )
            intervals = _parse_ranges(range_part.replace(" ", ""), argument)
            for weekday in _parse_days(day_part, argument):
                days[weekday].extend(intervals)
    elif isinstance(spec, Mapping):
        for key, value in spec.items():
            weekday = parse_weekday(key, f"{argument}[{key!r}]")
            days[weekday].extend(parse_day_hours(value, f"{argument}[{key!r}]"))
    else:
        raise WrongTypeError(
            argument, spec, "a string like 'mon-fri 09:00-18:00' or a mapping weekday -> hours"
        )
    return _check_week(days, argument)


def _fmt(seconds: int) -> str:
    seconds %= DAY if seconds > DAY else DAY + 1
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def format_hours(day: DayHours) -> str:
    """Format a day's intervals back into the string grammar.

    >>> format_hours(((32400, 43200), (79200, 108000)))
    '09:00-12:00,22:00-06:00'
    >>> format_hours(((0, 86400),))
    '00:00-24:00'
    """
    return ",".join(f"{_fmt(start)}-{_fmt(end)}" for start, end in day)
