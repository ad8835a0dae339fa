"""EXH-5: show calendars: the on-site desk is open every day of the show."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from servicepolicy import plugins
from servicepolicy.calendar.hours import parse_day_hours
from servicepolicy.errors import InvalidArgumentError, NoWorkingTimeError, WrongTypeError

from exhibition_strategies import shows
from servicepolicy_exhibition import Show

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_exh_5_the_desk_is_open_every_day_of_the_show() -> None:
    """EXH-5: a show from Thursday 26 to Sunday 29 November 2026: the desk works the
    weekend with its default hours (08:00-20:00), and is closed before and after."""
    desk = plugins.calendar("expo:2026-11-26..2026-11-29")
    open_days = [d for d in (date(2026, 11, 25) + timedelta(days=n) for n in range(6))]
    assert [desk.is_working_day(d) for d in open_days] == [False, True, True, True, True, False]
    saturday = datetime(2026, 11, 28, 8, 0, tzinfo=SHANGHAI)
    assert desk.working_time(saturday, saturday + timedelta(days=1)) == timedelta(hours=12)


def test_exh_5_public_holidays_do_not_close_the_desk() -> None:
    """EXH-5: a show over China's National Day holidays keeps its desk open."""
    desk = plugins.calendar("expo:2026-10-01..2026-10-07")
    assert all(desk.is_working_day(date(2026, 10, d)) for d in range(1, 8))


def test_exh_5_a_code_with_hours_and_zone() -> None:
    """EXH-5: ``?hours=`` and ``&tz=`` set the desk hours and the venue's zone."""
    desk = plugins.calendar(
        "expo:2026-03-10..2026-03-12?hours=09:00-12:00,13:00-17:00&tz=Europe/Berlin"
    )
    nine = datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert desk.working_time(nine, nine + timedelta(hours=10)) == timedelta(hours=7)
    assert str(desk.tz) == "Europe/Berlin"


def test_exh_5_a_one_day_show() -> None:
    """EXH-5: ``expo:DATE`` is a one-day show."""
    show = Show.from_code("expo:2026-05-20")
    assert show.days == (date(2026, 5, 20),)


def test_exh_5_deadlines_on_the_desk_calendar_continue_the_next_show_day() -> None:
    """EXH-5, CAL-4: 30 minutes of desk time from 19:50 end at 08:20 the next show day,
    and there is no desk time after the show."""
    desk = plugins.calendar("expo:2026-11-26..2026-11-29")
    evening = datetime(2026, 11, 26, 19, 50, tzinfo=SHANGHAI)
    assert desk.add(evening, timedelta(minutes=30)) == datetime(
        2026, 11, 27, 8, 20, tzinfo=SHANGHAI
    )
    with pytest.raises(NoWorkingTimeError):
        desk.add(evening.replace(day=29), timedelta(minutes=30))


def test_exh_5_special_hours_of_a_show() -> None:
    """EXH-5, CAL-4: a last day ending at 16:00 and a move-in day before the show."""
    show = Show(
        "ciie-2026",
        date(2026, 11, 5),
        date(2026, 11, 10),
        special_hours={date(2026, 11, 10): "09:00-16:00", date(2026, 11, 4): "10:00-18:00"},
        name="CIIE 2026",
    )
    desk = show.calendar()
    assert desk.day_info(date(2026, 11, 10)).hours == parse_day_hours("09:00-16:00")
    assert desk.is_working_day(date(2026, 11, 4))
    assert desk.name == "CIIE 2026"


@given(shows())
def test_exh_5_the_desk_works_exactly_the_show_days(show: Show) -> None:
    """EXH-5: the desk calendar's working days are the show's days, each with the desk
    hours."""
    desk = show.calendar()
    start = datetime.combine(show.first_day - timedelta(days=2), datetime.min.time(), SHANGHAI)
    end = datetime.combine(show.last_day + timedelta(days=3), datetime.min.time(), SHANGHAI)
    per_day = sum(e - s for s, e in parse_day_hours(show.desk_hours))
    assert desk.working_time(start, end) == timedelta(seconds=per_day * len(show.days))
    assert desk.working_days(
        show.first_day - timedelta(days=2), show.last_day + timedelta(days=3)
    ) == len(show.days)


def test_exh_5_other_codes_are_left_to_other_plugins() -> None:
    """EXH-5: a code the plugin does not know is not its to answer; the library's own
    calendars still resolve."""
    assert plugins.calendar("cn-office").name == "cn-office"
    with pytest.raises(InvalidArgumentError) as error:
        plugins.calendar("ciie-2026")
    assert error.value.argument == "calendar code"


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ("expo:", "expo:YYYY-MM-DD"),
        ("expo:2026-11-26..", "expo:YYYY-MM-DD"),
        ("expo:2026-02-30", "'2026-02-30' is not one"),
        ("expo:2026-11-26?colour=red", "'colour=red' is not one"),
        ("expo:2026-11-26?hours=08:00-20:00&hours=09:00-17:00", "each once"),
    ],
)
def test_exh_5_malformed_codes_name_the_code(code: str, detail: str) -> None:
    """EXH-5, bad input: a malformed ``expo:`` code says what is wrong and the format."""
    with pytest.raises(InvalidArgumentError) as error:
        Show.from_code(code)
    assert error.value.argument == "calendar code"
    assert detail in str(error.value)


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (
            lambda: Show.from_code("expo:2026-11-29..2026-11-26"),
            "show 'expo:2026-11-29..2026-11-26': last_day",
        ),
        (lambda: Show("x", date(2026, 1, 1), date(2027, 6, 1)), "show 'x': last_day"),
        (
            lambda: Show.from_code("expo:2026-11-26?hours=20:00-08:60"),
            "show 'expo:2026-11-26?hours=20:00-08:60': desk_hours",
        ),
        (
            lambda: Show.from_code("expo:2026-11-26?tz=Mars/Olympus"),
            "show 'expo:2026-11-26?tz=Mars/Olympus': tz",
        ),
        (lambda: Show("ciie 2026", date(2026, 1, 1), date(2026, 1, 2)), "show: code"),
        (lambda: Show("x", "2026-01-01", date(2026, 1, 2)), "show 'x': first_day"),  # type: ignore[arg-type]
        (
            lambda: Show(
                "x", date(2026, 1, 1), date(2026, 1, 2), special_hours={date(2026, 1, 1): 9}
            ),
            "show 'x': special_hours[datetime.date(2026, 1, 1)]",
        ),  # type: ignore[dict-item]
        (lambda: Show("x", date(2026, 1, 1), date(2026, 1, 2), name=""), "show 'x': name"),
    ],
)
def test_exh_5_bad_show_names_the_field(build: object, argument: str) -> None:
    """EXH-5, bad input: a ServicePolicyError naming the show and the field."""
    with pytest.raises((InvalidArgumentError, WrongTypeError)) as error:
        build()  # type: ignore[operator]
    assert error.value.argument == argument
