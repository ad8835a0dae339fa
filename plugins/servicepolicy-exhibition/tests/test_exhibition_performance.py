"""EXH-4: key / potential / general, with performance and satisfaction per show."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy import plugins
from servicepolicy.customers import exhibition
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.testing import make_customer

from exhibition_strategies import show_records
from servicepolicy_exhibition import (
    ExhibitionPlugin,
    ExhibitionSettings,
    ShowRecord,
    classify_customer,
    exhibition_shows,
    show_metrics,
)

AS_OF = date(2026, 12, 31)


def record(show: str, held_on: date, **performance: object) -> ShowRecord:
    return ShowRecord("C-1", show, held_on, **performance)  # type: ignore[arg-type]


SPRING = record("spring-2026", date(2026, 4, 14), revenue=40_000, satisfaction=4.5, booth_area=36)
AUTUMN = record("autumn-2026", date(2026, 11, 24), revenue=60_000, satisfaction=4.0, booth_area=54)
WINTER = record("winter-2025", date(2025, 12, 8), revenue=10_000, satisfaction=2.0)


def test_exh_4_the_plugin_registers_the_scheme_built_on_the_library_one() -> None:
    """EXH-4: ``exhibition_shows`` is registered, with the library's exhibition tiers and
    rules unchanged and one rule added that reads per-show satisfaction."""
    scheme = plugins.tier_scheme("exhibition_shows")
    core = exhibition()
    assert scheme == exhibition_shows()
    assert scheme.names == ("key", "potential", "general") == core.names
    assert scheme.rules[: len(core.rules)] == core.rules
    (added,) = scheme.rules[len(core.rules) :]
    assert (added.tier, added.rule_id, added.metrics) == (
        "potential",
        "EXH-4",
        ("events_per_year", "average_satisfaction"),
    )
    assert scheme.is_monotone
    assert plugins.tier_scheme("exhibition") == core  # the library's own stays as it is


def test_exh_4_metrics_per_customer_per_show() -> None:
    """EXH-4: the records of the year add up to the scheme's metrics."""
    metrics = show_metrics([SPRING, AUTUMN, WINTER], "C-1", as_of=AS_OF)
    assert metrics == {
        "events_per_year": 2,
        "annual_revenue": 100_000,
        "purchase_intent": False,
        "average_satisfaction": 4.25,
        "total_booth_area": 90,
    }


def test_exh_4_the_year_is_rolling_or_the_calendar_year() -> None:
    """EXH-4: "per year" is the 365 days up to ``as_of`` by default; the calendar year
    is a parameter."""
    records = [SPRING, AUTUMN, WINTER]
    as_of = date(2026, 6, 30)
    assert show_metrics(records, "C-1", as_of=as_of)["events_per_year"] == 2  # winter, spring
    calendar = show_metrics(records, "C-1", as_of=as_of, window="calendar_year")
    assert calendar["events_per_year"] == 1


@pytest.mark.parametrize(("days_before", "counted"), [(0, 1), (364, 1), (365, 0), (-1, 0)])
def test_exh_4_the_rolling_year_is_the_365_days_up_to_as_of(days_before: int, counted: int) -> None:
    """EXH-4: a show held ``as_of`` or up to 364 days before counts; 365 days before, or
    after ``as_of``, it does not."""
    held = record("x", AS_OF - timedelta(days=days_before))
    assert show_metrics([held], "C-1", as_of=AS_OF)["events_per_year"] == counted


def test_exh_4_other_customers_records_are_ignored() -> None:
    """EXH-4: records are per customer."""
    other = ShowRecord("C-2", "autumn-2026", date(2026, 11, 24), revenue=5_000_000)
    assert (
        show_metrics([SPRING, other], make_customer("C-1"), as_of=AS_OF)["annual_revenue"] == 40_000
    )


@pytest.mark.parametrize(
    ("records", "metrics", "tier", "rule"),
    [
        ([SPRING, AUTUMN, WINTER], None, "potential", "potential: satisfied regular"),
        (
            [SPRING, AUTUMN, record("x", date(2026, 6, 1))],
            None,
            "key",
            "key: regular exhibitor",
        ),
        ([record("x", date(2026, 6, 1), revenue=1_200_000)], None, "key", "key: revenue"),
        (
            [record("x", date(2026, 6, 1), purchase_intent=True)],
            None,
            "potential",
            "potential: intent",
        ),
        ([SPRING], None, "general", None),
        ([SPRING], {"growth_potential": 8}, "potential", "potential: growth"),
        ([], {"annual_revenue": 2_000_000}, "key", "key: revenue"),
    ],
)
def test_exh_4_classification_from_show_records(
    records: list[ShowRecord], metrics: dict[str, float] | None, tier: str, rule: str | None
) -> None:
    """EXH-4: key, potential or general, with the rule that decided."""
    result = classify_customer("C-1", records, as_of=AS_OF, metrics=metrics)
    assert result.tier == tier
    assert (result.rule.name if result.rule else None) == rule
    assert result.scheme == "exhibition_shows"


def test_exh_4_unsatisfied_regulars_stay_general() -> None:
    """EXH-4: two shows with an average satisfaction under 4 do not make a customer
    potential; without the plugin's rule (``loyal_shows=None``) satisfaction decides
    nothing."""
    unhappy = [
        record("a", date(2026, 3, 1), satisfaction=3),
        record("b", date(2026, 9, 1), satisfaction=4.5),
    ]
    assert classify_customer("C-1", unhappy, as_of=AS_OF).tier == "general"
    happy = [SPRING, AUTUMN]
    plain = exhibition_shows(loyal_shows=None)
    assert classify_customer("C-1", happy, as_of=AS_OF, scheme=plain).tier == "general"
    assert plain.rules == exhibition().rules


def test_exh_4_the_registered_scheme_follows_the_settings() -> None:
    """EXH-4: the settings' ``loyal_shows`` and ``loyal_satisfaction`` shape the
    registered scheme."""
    plugins.unregister("exhibition")
    settings = ExhibitionSettings(loyal_shows=None)
    plugins.register(ExhibitionPlugin(settings), name="exhibition")
    assert plugins.tier_scheme("exhibition_shows").rules == exhibition().rules


@given(show_records(), st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)))
def test_exh_4_metrics_count_the_shows_of_the_window(
    records: list[ShowRecord], as_of: date
) -> None:
    """EXH-4: ``events_per_year`` counts the shows of the 365 days up to ``as_of`` and
    ``annual_revenue`` sums their revenue."""
    metrics = show_metrics(records, "C-1", as_of=as_of)
    inside = [r for r in records if 0 <= (as_of - r.held_on).days < 365]
    assert metrics["events_per_year"] == len(inside)
    assert metrics["annual_revenue"] == pytest.approx(sum(r.revenue for r in inside))
    assert metrics["purchase_intent"] == any(r.purchase_intent for r in inside)


@given(show_records(), show_records(customer="C-1").map(lambda rs: rs[:1]))
def test_exh_4_one_more_show_never_lowers_the_tier(
    records: list[ShowRecord], extra: list[ShowRecord]
) -> None:
    """EXH-4: with the default thresholds, one more show in the year never lowers a
    customer's tier, even with a poor satisfaction score (two satisfied shows make a
    customer potential, three make it key)."""
    extra = [r for r in extra if r.show not in {x.show for x in records}]
    scheme = exhibition_shows()
    before = classify_customer("C-1", records, as_of=AS_OF, scheme=scheme).tier
    after = classify_customer("C-1", records + extra, as_of=AS_OF, scheme=scheme).tier
    assert not scheme.outranks(before, after)


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda: record("x", date(2026, 1, 1), satisfaction=6), "show record 'x': satisfaction"),
        (lambda: record("x", date(2026, 1, 1), revenue=-1), "show record 'x': revenue"),
        (
            lambda: record("x", date(2026, 1, 1), booth_area=float("nan")),
            "show record 'x': booth_area",
        ),
        (
            lambda: record("x", date(2026, 1, 1), purchase_intent="yes"),
            "show record 'x': purchase_intent",
        ),
        (lambda: record("", date(2026, 1, 1)), "show record: show"),
        (lambda: ShowRecord("C-1", "x", "2026-01-01"), "show record: held_on"),  # type: ignore[arg-type]
        (lambda: show_metrics([SPRING, SPRING], "C-1", as_of=AS_OF), "records[1]: show"),
        (lambda: show_metrics([SPRING, "x"], "C-1", as_of=AS_OF), "records[1]"),
        (lambda: show_metrics([SPRING], "C-1", as_of=AS_OF, window="month"), "window"),  # type: ignore[arg-type]
        (lambda: exhibition_shows(loyal_shows=0), "exhibition_shows: loyal_shows"),
        (lambda: exhibition_shows(loyal_satisfaction=9), "exhibition_shows: loyal_satisfaction"),
        (lambda: classify_customer("C-1", [], as_of=AS_OF, scheme="exhibition"), "scheme"),  # type: ignore[arg-type]
    ],
)
def test_exh_4_bad_input_names_the_field(build: object, argument: str) -> None:
    """EXH-4, bad input: a ServicePolicyError naming the field."""
    with pytest.raises((InvalidArgumentError, WrongTypeError)) as error:
        build()  # type: ignore[operator]
    assert error.value.argument == argument
