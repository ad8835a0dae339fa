"""The plugin's parameters: defaults, validation, and the policy-file section."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy.errors import InvalidArgumentError, StructureError, WrongTypeError
from servicepolicy.io.converter import structure, unstructure

from servicepolicy_exhibition import ExhibitionSettings, OnSiteIssue, Show


def test_the_defaults_are_the_documented_choices() -> None:
    """EXH-2 … EXH-5: the defaults the README documents."""
    s = ExhibitionSettings()
    assert s.inquiry_channels == {"phone", "chat", "email"}
    assert s.inquiry_kinds == {"booth_booking", "exhibitor_registration"}
    assert s.same_channel_kinds == {"booth_booking", "exhibitor_registration", "on_site_service"}
    assert s.preparation == ("profile", "purpose", "staff", "venue", "materials")
    assert (s.sales, s.operations) == ({"sales"}, "operations")
    assert s.operations_issues == {OnSiteIssue.VENUE, OnSiteIssue.EQUIPMENT, OnSiteIssue.SAFETY}
    assert s.emergency_issues == {OnSiteIssue.SAFETY}
    assert (s.on_site_response, s.on_site_resolution, s.emergency_response) == (
        timedelta(minutes=10),
        timedelta(hours=1),
        timedelta(minutes=5),
    )
    assert (s.hand_over_within, s.on_site_calendar, s.shows) == (timedelta(minutes=10), None, ())
    assert (s.loyal_shows, s.loyal_satisfaction) == (2, 4.0)


def test_values_are_normalised() -> None:
    """A single name stands for a set of one; issues may be given by value; the
    preparation items keep the manual's order."""
    s = ExhibitionSettings(
        sales="bd", emergency_issues=["safety", "venue"], preparation=["venue", "purpose"]
    )
    assert s.sales == {"bd"}
    assert s.emergency_issues == {OnSiteIssue.SAFETY, OnSiteIssue.VENUE}
    assert s.preparation == ("purpose", "venue")


def test_a_show_is_found_by_its_code() -> None:
    """EXH-5: ``show(code)`` finds a show given in the settings."""
    show = Show("ciie-2026", date(2026, 11, 5), date(2026, 11, 10))
    s = ExhibitionSettings(shows=[show])
    assert (s.show("ciie-2026"), s.show("other")) == (show, None)


@pytest.mark.parametrize(
    ("fields", "argument"),
    [
        ({"sales": ["sales", ""]}, "exhibition settings: sales"),
        ({"sales": 7}, "exhibition settings: sales"),
        ({"inquiry_channels": [["phone"]]}, "exhibition settings: inquiry_channels"),
        ({"operations": " "}, "exhibition settings: operations"),
        ({"operations_issues": ["venue", "fire"]}, "exhibition settings: operations_issues[1]"),
        ({"emergency_issues": 3}, "exhibition settings: emergency_issues"),
        ({"preparation": ["purpose", "food"]}, "exhibition settings: preparation[1]"),
        ({"preparation": "purpose"}, "exhibition settings: preparation"),
        ({"hand_over_within": timedelta(0)}, "exhibition settings: hand_over_within"),
        ({"on_site_response": 600}, "exhibition settings: on_site_response"),
        ({"on_site_calendar": ""}, "exhibition settings: on_site_calendar"),
        ({"loyal_shows": 0}, "exhibition settings: loyal_shows"),
        ({"loyal_shows": True}, "exhibition settings: loyal_shows"),
        ({"loyal_satisfaction": 5.5}, "exhibition settings: loyal_satisfaction"),
        ({"shows": ["ciie-2026"]}, "exhibition settings: shows[0]"),
        (
            {"shows": [Show("a", date(2026, 1, 1), date(2026, 1, 2))] * 2},
            "exhibition settings: shows[1]: code",
        ),
    ],
)
def test_bad_settings_name_the_field(fields: dict[str, object], argument: str) -> None:
    """Bad input: a ServicePolicyError naming the field."""
    with pytest.raises((InvalidArgumentError, WrongTypeError)) as error:
        ExhibitionSettings(**fields)  # type: ignore[arg-type]
    assert error.value.argument == argument


def test_a_policy_section_with_problems_reports_each_with_its_path() -> None:
    """The ``[exhibition]`` section is structured with the library's converter, which
    reports each problem with its path."""
    with pytest.raises(StructureError) as error:
        structure({"hand_over_within": "soon", "colour": "red"}, ExhibitionSettings)
    problems = "\n".join(error.value.problems)
    assert "hand_over_within" in problems
    assert "colour" in problems


@given(
    sales=st.sets(st.sampled_from(["sales", "bd", "key-accounts"]), min_size=1),
    issues=st.sets(st.sampled_from(list(OnSiteIssue))),
    minutes=st.integers(min_value=1, max_value=240),
    loyal=st.none() | st.integers(min_value=1, max_value=6),
)
def test_settings_round_trip_through_the_converter(
    sales: set[str], issues: set[OnSiteIssue], minutes: int, loyal: int | None
) -> None:
    """``structure(unstructure(s)) == s`` for settings a policy file may hold."""
    settings = ExhibitionSettings(
        sales=sales,
        operations_issues=issues,
        hand_over_within=timedelta(minutes=minutes),
        loyal_shows=loyal,
        shows=[Show("ciie-2026", date(2026, 11, 5), date(2026, 11, 10), desk_hours="09:00-17:00")],
    )
    assert structure(unstructure(settings), ExhibitionSettings) == settings
