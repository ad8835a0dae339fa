"""TIER-4: one greeting per festival, and which festivals are greeting occasions.

The Spring Festival of 2025/2026 starts with a public-holiday eve named differently from
its first day; the defect was a second greeting.  The cases below cover that class: eves,
second days and extensions under other names, festival days split by a weekend or by
days off in lieu, festivals starting on the same day, ranges starting mid-festival, other
countries' multi-day festivals, and the greeting occasions as a parameter.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.customers import (
    BIRTHDAY,
    FESTIVAL_ALIASES,
    FOUNDING_DAY,
    NO_GREETING_FESTIVALS,
    Customer,
    SpecialDate,
    care_actions,
)
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

LEAN = Customer("C-1", "ACME")
SPRING = "Chinese New Year (Spring Festival)"


def year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def greetings(actions: tuple[object, ...]) -> list[tuple[date, str]]:
    return [(a.date, a.occasion) for a in actions if a.action == "greeting"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("y", "spring", "mid_autumn", "national"),
    [
        (2023, date(2023, 1, 22), date(2023, 9, 29), date(2023, 10, 1)),
        (2024, date(2024, 2, 10), date(2024, 9, 17), date(2024, 10, 1)),
        (2025, date(2025, 1, 28), date(2025, 10, 6), date(2025, 10, 1)),  # eve a holiday
        (2026, date(2026, 2, 16), date(2026, 9, 25), date(2026, 10, 1)),  # eve a holiday
        (2027, date(2027, 2, 5), date(2027, 9, 15), date(2027, 10, 1)),
    ],
)
def test_tier4_one_greeting_per_festival_every_year(
    y: int, spring: date, mid_autumn: date, national: date
) -> None:
    """TIER-4: New Year, the Spring Festival (with or without a public-holiday eve),
    the Mid-Autumn Festival and National Day get one greeting each, on their first day."""
    found = greetings(care_actions(LEAN, year(y), "CN"))
    by_name: dict[str, list[date]] = {}
    for day, name in found:
        by_name.setdefault(name, []).append(day)
    assert all(len(days) == 1 for days in by_name.values()), found
    assert by_name["New Year's Day"] == [date(y, 1, 1)]
    assert by_name[SPRING] == [spring]
    assert by_name["Mid-Autumn Festival"] == [mid_autumn]
    assert by_name["National Day"] == [national]
    assert "Chinese New Year's Eve" not in by_name
    assert "Tomb-Sweeping Day" not in by_name


def test_tier4_an_extended_spring_festival_is_still_one() -> None:
    """TIER-4: 2020's Spring Festival extension (31 January to 2 February, after three
    days of days in lieu) belongs to the festival; National Day and the Mid-Autumn
    Festival both starting on 1 October get one greeting naming both."""
    found = greetings(care_actions(LEAN, year(2020), "CN"))
    assert [d for d, n in found if n == SPRING] == [date(2020, 1, 25)]
    assert (date(2020, 10, 1), "Mid-Autumn Festival and National Day") in found
    assert len([d for d, _ in found if d == date(2020, 10, 1)]) == 1


def test_tier4_chinese_names_are_one_festival_too() -> None:
    """TIER-4: with the holidays' Chinese names (zh_CN, zh_TW) the eve 农历除夕 joins 春节,
    and 清明节 is not greeted."""
    for language, spring, tomb in (("zh_CN", "春节", "清明节"), ("zh_TW", "春節", "清明節")):
        entity = holidays.country_holidays("CN", years=2025, language=language)
        found = greetings(care_actions(LEAN, year(2025), entity))
        assert [(d, n) for d, n in found if d.month in (1, 2)] == [
            (date(2025, 1, 1), "元旦"),
            (date(2025, 1, 28), spring),
        ]
        assert tomb not in {n for _, n in found}


@pytest.mark.parametrize(
    ("country", "y", "festival", "first_day"),
    [
        ("KR", 2025, "Korean New Year", date(2025, 1, 28)),
        ("KR", 2025, "Chuseok", date(2025, 10, 5)),
        ("VN", 2025, "Lunar New Year", date(2025, 1, 28)),
        ("HK", 2025, SPRING, date(2025, 1, 29)),
        ("TW", 2025, SPRING, date(2025, 1, 28)),
    ],
)
def test_tier4_other_countries_multi_day_festivals(
    country: str, y: int, festival: str, first_day: date
) -> None:
    """TIER-4: the same class elsewhere: Korea's New Year and Chuseok (the day before and
    the second day), Vietnam's Tết (eve and four days), Hong Kong's and Taiwan's Chinese
    New Year are one greeting each."""
    found = greetings(care_actions(LEAN, year(y), country))
    assert [d for d, n in found if n == festival] == [first_day]
    assert not any(n in FESTIVAL_ALIASES for _, n in found)


@pytest.mark.parametrize(
    ("between", "expected"),
    [
        ((date(2026, 2, 17), date(2026, 2, 28)), []),  # mid-festival: already greeted
        ((date(2026, 2, 16), date(2026, 2, 16)), [(date(2026, 2, 16), SPRING)]),  # eve only
        ((date(2026, 10, 3), date(2026, 10, 31)), []),
        ((date(2027, 1, 1), date(2027, 1, 1)), [(date(2027, 1, 1), "New Year's Day")]),
    ],
)
def test_tier4_ranges_starting_or_ending_mid_festival(
    between: tuple[date, date], expected: list[tuple[date, str]]
) -> None:
    """TIER-4: a range that starts during a festival does not greet it again; one that
    ends on its eve greets it on the eve, named as the festival."""
    assert greetings(care_actions(LEAN, between, "CN")) == expected


@settings(max_examples=40, deadline=None)
@given(st.integers(2021, 2028), st.integers(0, 364), st.integers(1, 60))
def test_tier4_law_splitting_a_range_never_adds_a_greeting(y: int, start: int, cut: int) -> None:
    """TIER-4 law: the greetings of two adjacent ranges are those of the whole range,
    wherever it is cut: a festival is greeted once, never again after a cut."""
    first = date(y, 1, 1) + timedelta(days=start)
    middle, last = first + timedelta(days=cut), first + timedelta(days=cut + 60)
    whole = care_actions(LEAN, (first, last), "CN")
    parts = care_actions(LEAN, (first, middle - timedelta(days=1)), "CN") + care_actions(
        LEAN, (middle, last), "CN"
    )
    assert parts == whole


def test_tier4_greeting_occasions_are_a_parameter() -> None:
    """TIER-4: ``festivals=`` names exactly the greeting festivals (aliases understood),
    ``no_greeting=()`` greets every public holiday, Tomb-Sweeping Day included."""
    only = care_actions(
        LEAN, year(2026), "CN", festivals=["Chinese New Year's Eve", "National Day"]
    )
    assert greetings(only) == [(date(2026, 2, 16), SPRING), (date(2026, 10, 1), "National Day")]
    every = greetings(care_actions(LEAN, year(2026), "CN", no_greeting=()))
    assert (date(2026, 4, 5), "Tomb-Sweeping Day") in every
    assert "Tomb-Sweeping Day" in NO_GREETING_FESTIVALS
    chosen = care_actions(LEAN, year(2026), "CN", festivals=["Tomb-Sweeping Day"])
    assert greetings(chosen) == [(date(2026, 4, 5), "Tomb-Sweeping Day")]
    no_labour = greetings(care_actions(LEAN, year(2026), "CN", no_greeting=["Labor Day"]))
    assert "Labor Day" not in {n for _, n in no_labour}
    assert "Tomb-Sweeping Day" in {n for _, n in no_labour}  # the list replaces the default


def test_tier4_aliases_join_a_policys_own_festival_days() -> None:
    """TIER-4: a mapping source naming a festival's days differently is one festival
    with ``aliases=``; a gift on a festival counts its aliases too."""
    days = {
        date(2026, 12, 24): "Christmas Eve",
        date(2026, 12, 25): "Christmas",
        date(2026, 12, 26): "Boxing Day",
    }
    apart = greetings(care_actions(LEAN, year(2026), days))
    assert len(apart) == 3
    joined = care_actions(
        LEAN,
        year(2026),
        days,
        aliases={"Christmas Eve": "Christmas", "Boxing Day": "Christmas"},
        gift_occasions=["Christmas Eve"],
    )
    assert [(a.date, a.action, a.occasion) for a in joined] == [
        (date(2026, 12, 24), "greeting", "Christmas"),
        (date(2026, 12, 24), "gift", "Christmas"),
    ]
    with pytest.raises(WrongTypeError, match="aliases"):
        care_actions(LEAN, year(2026), days, aliases=[("a", "b")])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="aliases"):
        care_actions(LEAN, year(2026), days, aliases={"Christmas Eve": " "})


def test_tier4_special_dates_and_festivals_together() -> None:
    """TIER-4: a customer's birthday and founding day get a greeting and a gift every
    year, beside the festivals; a birthday on a festival keeps both occasions."""
    acme = Customer(
        "C-2",
        "ACME",
        special_dates=[
            SpecialDate(BIRTHDAY, date(1980, 10, 1), person="Li Wei"),
            SpecialDate(FOUNDING_DAY, date(2003, 2, 16)),
        ],
    )
    for y in (2025, 2026, 2027):
        actions = care_actions(acme, year(y), "CN")
        birthday = [a for a in actions if a.occasion == BIRTHDAY]
        founding = [a for a in actions if a.occasion == FOUNDING_DAY]
        assert [(a.date, a.action) for a in birthday] == [
            (date(y, 10, 1), "greeting"),
            (date(y, 10, 1), "gift"),
        ]
        assert [a.years for a in founding] == [y - 2003, y - 2003]
        assert (date(y, 10, 1), "National Day") in greetings(actions)
    same_day = care_actions(acme, (date(2026, 2, 16), date(2026, 2, 16)), "CN")
    assert [a.occasion for a in same_day] == [FOUNDING_DAY, FOUNDING_DAY, SPRING]


def test_tier4_a_calendar_source_agrees_with_the_country_code() -> None:
    """TIER-4, CAL-2: a business calendar of China gives the same single greetings."""
    calendar = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
    assert care_actions(LEAN, year(2025), calendar) == care_actions(LEAN, year(2025), "CN")


def test_tier4_unnamed_calendar_holidays_join_only_when_consecutive() -> None:
    """TIER-4: a calendar's plain list of holiday dates has no names, so only consecutive
    days are one holiday (25 December and 1 January stay two greetings)."""
    calendar = BusinessCalendar(
        hours="mon-fri 09:00-18:00",
        tz="UTC",
        holidays=[date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)],
    )
    found = greetings(care_actions(LEAN, (date(2026, 12, 1), date(2027, 1, 31)), calendar))
    assert found == [
        (date(2026, 12, 25), "public holiday"),
        (date(2027, 1, 1), "public holiday"),
    ]
