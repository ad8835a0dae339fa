"""Shows (exhibition events) and their on-site desk calendars (EXH-5, CAL-4, CAL-6).

During a show the on-site service desk is open **every day of the show**, weekends and
public holidays included, and closed outside it.  A :class:`Show` says when the show
runs and when its desk is open; :meth:`Show.calendar` is the desk's
:class:`~servicepolicy.calendar.BusinessCalendar` (no weekly hours: every show day is a
date with special hours, CAL-4).

The plugin answers :func:`servicepolicy.plugins.calendar` for two kinds of code:

* the codes of the shows given to the plugin
  (:attr:`~servicepolicy_exhibition.ExhibitionSettings.shows`), e.g. ``"ciie-2026"``;
* codes that spell the show out, parsed by :meth:`Show.from_code`::

      expo:2026-11-26..2026-11-29                        # the default desk hours and zone
      expo:2026-11-26                                    # a one-day show
      expo:2026-11-26..2026-11-29?hours=09:00-17:00&tz=Europe/Berlin

  ``hours`` are one day's hours as the calendar writes them (``"09:00-12:00,13:00-18:00"``);
  they default to :data:`DESK_HOURS` and the zone to :data:`DESK_TZ`.

A show from Thursday 26 to Sunday 29 November 2026: the desk works the weekend, and is
closed on the Monday after.

>>> from datetime import date
>>> show = Show.from_code("expo:2026-11-26..2026-11-29")
>>> show.first_day, show.last_day, len(show.days)
(datetime.date(2026, 11, 26), datetime.date(2026, 11, 29), 4)
>>> desk = show.calendar()
>>> desk.is_working_day(date(2026, 11, 29)), desk.is_working_day(date(2026, 11, 30))
(True, False)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.calendar.hours import parse_day_hours
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

from servicepolicy_exhibition import _checks as check

__all__ = ["CODE_PREFIX", "DESK_HOURS", "DESK_TZ", "MAX_SHOW_DAYS", "Show"]

CODE_PREFIX = "expo:"
"""The prefix of the calendar codes that spell a show out (:meth:`Show.from_code`).

.. versionadded:: 0.1.0
"""

DESK_HOURS = "08:00-20:00"
"""The on-site desk's hours on a show day unless a show says otherwise; the manual gives
no figure, this is the plugin's default.

.. versionadded:: 0.1.0
"""

DESK_TZ = "Asia/Shanghai"
"""The zone of a show unless it says otherwise.

.. versionadded:: 0.1.0
"""

MAX_SHOW_DAYS = 366
"""The longest show accepted, in days: a longer span is taken for a typo.

.. versionadded:: 0.1.0
"""

_CODE = re.compile(
    r"(?P<first>\d{4}-\d{2}-\d{2})(?:\.\.(?P<last>\d{4}-\d{2}-\d{2}))?(?:\?(?P<query>.*))?",
    re.S,
)
_OPTIONS = ("hours", "tz")
_FORMAT = "expo:YYYY-MM-DD[..YYYY-MM-DD][?hours=HH:MM-HH:MM&tz=Area/City]"


def _code(instance: Show, attribute: attrs.Attribute[str], value: object) -> None:
    check.text("show: code", value)
    assert isinstance(value, str)
    if value != value.strip() or any(c.isspace() for c in value):
        raise InvalidArgumentError("show: code", value, "a code without white space")


def _day(instance: Show, attribute: attrs.Attribute[date], value: object) -> None:
    check.day(f"show {instance.code!r}: {attribute.name}", value)


def _hours(instance: Show, attribute: attrs.Attribute[str], value: object) -> None:
    where = f"show {instance.code!r}: desk_hours"
    check.text(where, value)
    parse_day_hours(value, where)


def _zone(instance: Show, attribute: attrs.Attribute[str], value: object) -> None:
    where = f"show {instance.code!r}: tz"
    check.text(where, value)
    assert isinstance(value, str)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgumentError(
            where, value, "an IANA time zone name such as 'Asia/Shanghai'"
        ) from None


def _special(value: object) -> Mapping[date, str]:
    if not isinstance(value, Mapping):
        raise WrongTypeError("show: special_hours", value, "a mapping of dates to hours")
    return MappingProxyType(dict(value))


def _special_entries(
    instance: Show, attribute: attrs.Attribute[Mapping[date, str]], value: Mapping[date, str]
) -> None:
    for day, hours in value.items():
        where = f"show {instance.code!r}: special_hours[{day!r}]"
        check.day(f"show {instance.code!r}: special_hours key", day)
        if not isinstance(hours, str):
            raise WrongTypeError(where, hours, "hours such as '09:00-16:00', or '' (closed)")
        parse_day_hours(hours, where)


def _optional_name(instance: Show, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        check.text(f"show {instance.code!r}: name", value)


@attrs.frozen
class Show:
    """A show (an exhibition event) and its on-site desk's hours (EXH-5).

    :param code: the show's code; the calendar of the desk is found under it.
    :param first_day: the first day of the show.
    :param last_day: the last day of the show (at most :data:`MAX_SHOW_DAYS` days on).
    :param desk_hours: the desk's hours on every show day, e.g. ``"08:00-20:00"``.
    :param tz: the IANA zone of the venue.
    :param name: the show's name, for explanations.
    :param special_hours: ``{date: hours}`` for days that differ (a last day ending at
        16:00), including days outside the show (a move-in day); ``""`` closes a day.
    :raises servicepolicy.errors.ServicePolicyError: on a malformed value; the message
        names the show and the field.

    .. versionadded:: 0.1.0
    """

    code: str = attrs.field(validator=_code)
    first_day: date = attrs.field(validator=_day)
    last_day: date = attrs.field(validator=_day)
    desk_hours: str = attrs.field(default=DESK_HOURS, validator=_hours, kw_only=True)
    tz: str = attrs.field(default=DESK_TZ, validator=_zone, kw_only=True)
    name: str | None = attrs.field(default=None, validator=_optional_name, kw_only=True)
    special_hours: Mapping[date, str] = attrs.field(
        factory=dict, converter=_special, validator=_special_entries, hash=False, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        span = (self.last_day - self.first_day).days + 1
        if span < 1:
            raise InvalidArgumentError(
                f"show {self.code!r}: last_day", self.last_day, f"a day from {self.first_day}"
            )
        if span > MAX_SHOW_DAYS:
            raise InvalidArgumentError(
                f"show {self.code!r}: last_day",
                self.last_day,
                f"a day at most {MAX_SHOW_DAYS} days after {self.first_day}",
            )

    @property
    def days(self) -> tuple[date, ...]:
        """The days of the show, first to last."""
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=n) for n in range(count))

    def calendar(self) -> BusinessCalendar:
        """The on-site desk's calendar: ``desk_hours`` on every show day (weekends and
        holidays too), ``special_hours`` where given, closed on every other day.

        Deadlines on it cannot run past the last open day: the calendar has no working
        time after the show (:class:`~servicepolicy.errors.NoWorkingTimeError`).
        """
        hours = {day: self.desk_hours for day in self.days} | dict(self.special_hours)
        return BusinessCalendar({}, self.tz, special_hours=hours, name=self.name or self.code)

    @classmethod
    def from_code(cls, code: str) -> Show:
        """The show a calendar code spells out: ``"expo:2026-11-26..2026-11-29"``, with
        optional ``?hours=09:00-17:00&tz=Europe/Berlin``.

        :raises servicepolicy.errors.InvalidArgumentError: if the code does not follow
            that format; the message shows the format.
        """
        check.text("calendar code", code)
        if not code.startswith(CODE_PREFIX):
            raise InvalidArgumentError("calendar code", code, f"a code {_FORMAT}")
        match = _CODE.fullmatch(code[len(CODE_PREFIX) :])
        if match is None:
            raise InvalidArgumentError("calendar code", code, f"a code {_FORMAT}")
        first = _date(code, match["first"])
        last = _date(code, match["last"]) if match["last"] else first
        options = _options(code, match["query"])
        return cls(
            code,
            first,
            last,
            desk_hours=options.get("hours", DESK_HOURS),
            tz=options.get("tz", DESK_TZ),
        )


def _date(code: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidArgumentError(
            "calendar code", code, f"a code {_FORMAT} with valid dates ({text!r} is not one)"
        ) from None


def _options(code: str, query: str | None) -> dict[str, str]:
    options: dict[str, str] = {}
    if query is None:
        return options
    for part in query.split("&"):
        name, equals, value = part.partition("=")
        if not equals or name not in _OPTIONS or name in options or not value:
            raise InvalidArgumentError(
                "calendar code",
                code,
                f"a code {_FORMAT}: options hours=… and tz=…, each once ({part!r} is not one)",
            )
        options[name] = value
    return options
