"""Cadences: obligations that recur on a :mod:`dateutil.rrule` (CAD-1 … CAD-4).

A :class:`Cadence` is a recurring obligation: its name, the rule that creates it, what is
owed, and a :class:`dateutil.rrule.rrule` giving the days it falls due.  The factories
below build the cadences of the manuals with their figures as defaults:

* :func:`quality_report`: team leaders' monthly service-quality report, due by the 22nd
  (CAD-1);
* :func:`all_agents_meeting`: the all-agents meeting on the Friday before the 25th (CAD-2);
* :func:`team_meeting`: the weekly team meeting (CAD-2);
* :func:`half_yearly_summary` and :func:`annual_summary` (CAD-3);
* :func:`satisfaction_survey`: quarterly or yearly surveys (CAD-4).

The recurrence is read in local days of the schedule's time zone
(:class:`~servicepolicy.obligations.Obligations`): an occurrence falls due by the end of
its day.  With a business calendar, ``roll`` moves a day that is not a working day to
the previous (``"backward"``) or next (``"forward"``) working day.

>>> [d.isoformat() for d in all_agents_meeting().days(date(2026, 9, 1), date(2026, 12, 31))]
['2026-09-18', '2026-10-23', '2026-11-20', '2026-12-18']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

import attrs
from dateutil.rrule import FR, MO, MONTHLY, WEEKLY, YEARLY, rrule, rrulebase
from dateutil.rrule import weekday as Weekday

from servicepolicy import checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import check_rule_id

__all__ = [
    "EPOCH",
    "Cadence",
    "Roll",
    "all_agents_meeting",
    "annual_summary",
    "half_yearly_summary",
    "quality_report",
    "satisfaction_survey",
    "team_meeting",
]

Roll = Literal["none", "backward", "forward"]
"""Where a due day that is not a working day moves: nowhere, to the previous working day,
or to the next one."""

#: The ``dtstart`` of the factories' recurrences: they list no occurrence before it.
EPOCH = datetime(2000, 1, 1)

_ROLLS = ("none", "backward", "forward")


def _rule(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_rule_id(value)


def _title(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.text("cadence: title", value)


def _owner(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    check.optional_text("cadence: owner", value)


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.text("cadence: name", value)
    assert isinstance(value, str)
    if "@" in value or value != value.strip():
        raise InvalidArgumentError(
            "cadence: name", value, "a name without '@' or surrounding spaces"
        )


def _recurrence(instance: object, attribute: attrs.Attribute[rrulebase], value: object) -> None:
    if not isinstance(value, rrulebase):
        raise WrongTypeError("cadence: recurrence", value, "a dateutil.rrule.rrule or rruleset")
    try:
        value.after(datetime(1, 1, 1))
    except TypeError:
        raise InvalidArgumentError(
            "cadence: recurrence",
            value,
            "a recurrence with a naive dtstart: its days are read in the schedule's zone",
        ) from None


def _same(a: rrulebase, b: rrulebase) -> bool:
    if isinstance(a, rrule) and isinstance(b, rrule):
        return str(a) == str(b)
    return a is b


def _roll(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _ROLLS:
        raise InvalidArgumentError("cadence: roll", value, "'none', 'backward' or 'forward'")


@attrs.frozen
class Cadence:
    """An obligation that recurs on the days of a :mod:`dateutil.rrule` recurrence.

    :param name: the obligation's name, the first part of each occurrence's key
        (``"quality_report"`` gives ``"quality_report@2026-11-22"``); no ``@`` in it.
    :param rule_id: the rule that creates it, e.g. ``"CAD-1"``.
    :param title: what is owed, e.g. ``"monthly service-quality report"``.
    :param recurrence: a :class:`dateutil.rrule.rrule` (or ``rruleset``) with a naive
        ``dtstart``; each occurrence's date is a local day on which the obligation falls
        due (by the end of the day).
    :param owner: who owes it, or ``None``.
    :param roll: with a business calendar, where a due day that is not a working day
        moves: ``"none"`` (it stays), ``"backward"`` or ``"forward"``.  The key keeps the
        day the recurrence gave.
    :raises servicepolicy.errors.ServicePolicyError: for an empty or malformed name, a
        malformed rule ID, an aware ``dtstart``, an unknown ``roll``.

    >>> from dateutil.rrule import MONTHLY, rrule
    >>> fire_drill = Cadence("fire_drill", "ATT-4", "fire drill",
    ...                      rrule(MONTHLY, bymonthday=1, dtstart=EPOCH))
    >>> fire_drill.key(date(2026, 11, 1))
    'fire_drill@2026-11-01'

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=_name)
    rule_id: str = attrs.field(validator=_rule)
    title: str = attrs.field(validator=_title)
    recurrence: rrulebase = attrs.field(
        validator=_recurrence, eq=attrs.cmp_using(eq=_same), hash=False
    )
    owner: str | None = attrs.field(default=None, validator=_owner)
    roll: Roll = attrs.field(default="none", validator=_roll)

    def days(self, first: date, last: date) -> list[date]:
        """The days the recurrence gives from ``first`` to ``last``, both included."""
        first, last = check.day("first", first), check.day("last", last)
        after, before = datetime.combine(first, time.min), datetime.combine(last, time.max)
        return [moment.date() for moment in self.recurrence.between(after, before, inc=True)]

    def key(self, day: date) -> str:
        """The key of the occurrence the recurrence gives on ``day``."""
        return f"{self.name}@{day.isoformat()}"


def _day_of_month(argument: str, value: object, low: int = 1, high: int = 28) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(argument, value, f"an int day of the month from {low} to {high}")
    if not low <= value <= high:
        raise InvalidArgumentError(
            argument, value, f"a day of the month from {low} to {high} (one every month has)"
        )
    return value


def _month(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise InvalidArgumentError("month", value, "a month from 1 to 12")
    return value


def _weekday(value: object) -> Weekday:
    if isinstance(value, Weekday) and value.n is None:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return Weekday(value)
    raise InvalidArgumentError(
        "weekday", value, "a dateutil weekday (MO … SU) or an int from 0 (Monday) to 6"
    )


def quality_report(
    *,
    day: int = 22,
    inclusive: bool = True,
    owner: str | None = "team leaders",
    roll: Roll = "none",
) -> Cadence:
    """Team leaders' monthly service-quality report, due by the ``day``-th (CAD-1).

    The rule book says "by the 22nd": the 22nd itself is still on time, so by default
    the report is due by the end of the 22nd.  The manual's "22日前" can also be read
    "before the 22nd": ``inclusive=False`` makes it due by the end of the 21st (the day
    before ``day``), the reading :func:`all_agents_meeting` takes of "25日前" by default.
    A due day that falls on a weekend stays the deadline unless ``roll`` (with a business
    calendar) moves it.

    :param day: the day of the month (1 to 28; 2 to 28 when not ``inclusive``) the
        report is due by.
    :param inclusive: whether ``day`` itself is still on time (default ``True``).

    >>> [d.day for d in quality_report().days(date(2026, 11, 1), date(2026, 11, 30))]
    [22]
    >>> [d.day for d in quality_report(inclusive=False).days(date(2026, 11, 1), date(2026, 11, 30))]
    [21]

    .. versionadded:: 0.1.0
    """
    inclusive = check.flag("inclusive", inclusive)
    day = _day_of_month("day", day, 1 if inclusive else 2)
    return Cadence(
        "quality_report",
        "CAD-1",
        "monthly service-quality report",
        rrule(MONTHLY, bymonthday=day if inclusive else day - 1, dtstart=EPOCH, cache=True),
        owner,
        roll,
    )


def all_agents_meeting(
    *,
    before: int = 25,
    weekday: int | Weekday = FR,
    inclusive: bool = False,
    owner: str | None = None,
    roll: Roll = "backward",
) -> Cadence:
    """The monthly all-agents meeting on the Friday before the 25th (CAD-2).

    "Before" is read strictly by default, as the rule book words it ("on the Friday
    before the 25th"): when the 25th is itself a Friday, the meeting is a week earlier,
    on the 18th (the 7 days from the 18th to the 24th hold exactly one Friday).
    ``inclusive=True`` reads the manual's "25日前" as "on or before": the 19th to the
    25th, the reading :func:`quality_report` takes of "22日前" ("by the 22nd") by
    default.  The defaults differ because the rule book's wording differs ("by" a
    deadline, "before" a day); ``inclusive`` means the same in both.  With a business
    calendar, a Friday that is not a working day moves back (``roll``) to the previous
    working day, which is still before the 25th.

    :param before: the day of the month (8 to 28) the meeting comes before.
    :param weekday: the meeting's weekday (default Friday).
    :param inclusive: whether the meeting may fall on ``before`` itself (default ``False``).

    .. versionadded:: 0.1.0
    """
    before = _day_of_month("before", before, 8, 28)
    inclusive = check.flag("inclusive", inclusive)
    last = before if inclusive else before - 1
    return Cadence(
        "all_agents_meeting",
        "CAD-2",
        "all-agents meeting",
        rrule(
            MONTHLY,
            byweekday=_weekday(weekday),
            bymonthday=tuple(range(last - 6, last + 1)),
            dtstart=EPOCH,
            cache=True,
        ),
        owner,
        roll,
    )


def team_meeting(
    *, weekday: int | Weekday = MO, owner: str | None = "team leaders", roll: Roll = "forward"
) -> Cadence:
    """The weekly team meeting (CAD-2), on ``weekday`` (the manual names none: Monday).

    With a business calendar, a meeting day that is not a working day moves forward to
    the next working day; after a long holiday that may be the day of the next meeting.

    .. versionadded:: 0.1.0
    """
    return Cadence(
        "team_meeting",
        "CAD-2",
        "weekly team meeting",
        rrule(WEEKLY, byweekday=_weekday(weekday), dtstart=EPOCH, cache=True),
        owner,
        roll,
    )


def half_yearly_summary(
    *, month: int = 7, day: int = 15, owner: str | None = None, roll: Roll = "none"
) -> Cadence:
    """The summary of January to June, due by ``day`` ``month`` (CAD-3).

    The manual gives no date; the default is 15 July.  The second half of the year is
    covered by :func:`annual_summary`.

    .. versionadded:: 0.1.0
    """
    return Cadence(
        "half_yearly_summary",
        "CAD-3",
        "half-yearly summary",
        rrule(
            YEARLY,
            bymonth=_month(month),
            bymonthday=_day_of_month("day", day),
            dtstart=EPOCH,
            cache=True,
        ),
        owner,
        roll,
    )


def annual_summary(
    *, month: int = 1, day: int = 15, owner: str | None = None, roll: Roll = "none"
) -> Cadence:
    """The summary of the year before, due by ``day`` ``month`` (CAD-3; default 15 January).

    .. versionadded:: 0.1.0
    """
    return Cadence(
        "annual_summary",
        "CAD-3",
        "annual summary",
        rrule(
            YEARLY,
            bymonth=_month(month),
            bymonthday=_day_of_month("day", day),
            dtstart=EPOCH,
            cache=True,
        ),
        owner,
        roll,
    )


def satisfaction_survey(
    *,
    every: Literal["quarter", "year"] = "quarter",
    owner: str | None = None,
    roll: Roll = "none",
) -> Cadence:
    """The customer-satisfaction survey, every quarter or every year (CAD-4).

    Due by the last day of each quarter (31 March, 30 June, 30 September, 31 December)
    or of the year.  Surveys after each completed order or complaint are owed by the
    ticket: see :func:`~servicepolicy.obligations.survey_after`.

    .. versionadded:: 0.1.0
    """
    if every == "quarter":
        recurrence = rrule(MONTHLY, bymonth=(3, 6, 9, 12), bymonthday=-1, dtstart=EPOCH, cache=True)
    elif every == "year":
        recurrence = rrule(YEARLY, bymonth=12, bymonthday=-1, dtstart=EPOCH, cache=True)
    else:
        raise InvalidArgumentError("every", every, "'quarter' or 'year'")
    name = "quarterly" if every == "quarter" else "annual"
    return Cadence(
        f"{name}_survey", "CAD-4", f"{name} satisfaction survey", recurrence, owner, roll
    )
