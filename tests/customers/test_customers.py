"""Tests for servicepolicy.customers: the customer record (TIER-3), its confidential fields
(CONF-1, CONF-2) and key-account care: visit plans, greetings and gifts (TIER-4)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.access import redact
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.confidential import MASK, confidential_fields
from servicepolicy.customers import (
    BIRTHDAY,
    FOUNDING_DAY,
    CareAction,
    Contact,
    Customer,
    SpecialDate,
    Tier,
    anniversaries,
    care_actions,
    exhibition,
    key_accounts,
    spread,
    vip,
    visit_plan,
)
from servicepolicy.errors import (
    InvalidArgumentError,
    NoWorkingTimeError,
    OutOfRangeError,
    WrongTypeError,
)

YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))


def customer(customer_id: str = "C-001", **fields: Any) -> Customer:
    """A key account with an owner, a contact, a birthday and a founding day."""
    defaults: dict[str, Any] = {
        "industry": "logistics",
        "tier": "important",
        "owner": "am-zhang",
        "contacts": [Contact("Li Wei", "purchasing manager", "+86 21 5555 0100", "li@acme.cn")],
        "address": "88 Century Ave, Shanghai",
        "business_scope": "cold-chain transport",
        "special_dates": [
            SpecialDate(BIRTHDAY, date(1978, 3, 14), person="Li Wei"),
            SpecialDate(FOUNDING_DAY, date(2003, 6, 18)),
        ],
        "special_needs": "invoices in English",
        "contract_terms": "5-year framework, 3 % rebate",
    }
    defaults.update(fields)
    return Customer(customer_id, f"Customer {customer_id}", **defaults)


# -- the record (TIER-3) --------------------------------------------------------------------------


def test_customer_record_holds_the_tier_3_fields() -> None:
    """TIER-3: name, contact person and details, address, scope, industry, tier, owner,
    special dates."""
    acme = customer()
    assert (acme.id, acme.name, acme.industry, acme.tier, acme.owner) == (
        "C-001",
        "Customer C-001",
        "logistics",
        "important",
        "am-zhang",
    )
    assert acme.contacts[0].role == "purchasing manager"
    assert acme.business_scope == "cold-chain transport"
    assert [d.kind for d in acme.special_dates] == [BIRTHDAY, FOUNDING_DAY]
    assert acme.special_dates_of(FOUNDING_DAY) == (SpecialDate(FOUNDING_DAY, date(2003, 6, 18)),)


def test_customer_needs_only_id_and_name() -> None:
    """TIER-3: every other field is optional and keyword-only; lists become tuples."""
    # confidential() hides the converter from mypy's attrs plugin: lists work at run time.
    bare = Customer("C-2", "Two", contacts=[], special_dates=[])  # type: ignore[arg-type]
    assert (bare.tier, bare.owner, bare.contacts, bare.special_dates) == (None, None, (), ())
    with pytest.raises(TypeError):
        Customer("C-2", "Two", "retail")  # type: ignore[arg-type]


def test_with_tier_records_a_classification() -> None:
    """TIER-2 / TIER-3: the tier is a policy name stored on the record by with_tier."""
    acme = customer(tier=None)
    result = vip().classify(acme, {"annual_revenue": 300_000})
    assert acme.with_tier(result.tier).tier == "vip"
    assert acme.with_tier(result.tier).contacts == acme.contacts


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda: Customer("", "ACME"), InvalidArgumentError, "customer: id"),
        (lambda: Customer(7, "ACME"), WrongTypeError, "customer: id"),  # type: ignore[arg-type]
        (lambda: Customer("C-1", ""), InvalidArgumentError, "customer 'C-1': name"),
        (lambda: Customer("C-1", "A", owner=" "), InvalidArgumentError, "'C-1': owner"),
        (lambda: Customer("C-1", "A", tier=3), WrongTypeError, "'C-1': tier"),  # type: ignore[arg-type]
        (lambda: Customer("C-1", "A", contacts="Li"), WrongTypeError, "'C-1': contacts"),  # type: ignore[arg-type]
        (
            lambda: Customer("C-1", "A", contacts=["Li"]),  # type: ignore[arg-type]
            WrongTypeError,
            r"'C-1': contacts\[0\]",
        ),
        (
            lambda: Customer("C-1", "A", special_dates=[date(2000, 1, 1)]),
            WrongTypeError,
            r"special_dates\[0\]",
        ),
        (lambda: Contact(""), InvalidArgumentError, "contact: name"),
        (lambda: SpecialDate("", date(2000, 1, 1)), InvalidArgumentError, "special date: kind"),
        (
            lambda: SpecialDate(BIRTHDAY, datetime(2000, 1, 1)),
            WrongTypeError,
            "special date birthday: date",
        ),
    ],
)
def test_record_refuses_bad_values_naming_field_and_customer(
    make: Any, error: type[Exception], words: str
) -> None:
    """TIER-3: empty IDs and names or wrong types are errors naming the field and customer."""
    with pytest.raises(error, match=words):
        make()


# -- confidentiality (CONF-1, CONF-2) ----------------------------------------------------------


def test_confidential_fields_are_masked_in_repr() -> None:
    """CONF-2: contact persons, contact details, special needs and contracts show as ***."""
    text = repr(customer())
    for secret in ("Li Wei", "5555", "li@acme.cn", "Century", "English", "rebate"):
        assert secret not in text
    assert f"contacts={MASK!r}" in text and f"contract_terms={MASK!r}" in text
    assert "name='Customer C-001'" in text and "owner='am-zhang'" in text


def test_empty_confidential_fields_show_as_empty() -> None:
    """CONF-2: an empty value is shown as it is, so "none recorded" differs from hidden."""
    text = repr(Customer("C-2", "Two"))
    assert "contacts=()" in text and "address=None" in text and "special_needs=None" in text


def test_confidential_categories_follow_conf_2() -> None:
    """CONF-2: each confidential field carries its category for access policies."""
    assert confidential_fields(Customer) == {
        "contacts": "contact",
        "address": "address",
        "special_needs": "special_needs",
        "contract_terms": "contract",
    }
    assert confidential_fields(Contact) == {
        "name": "contact",
        "phone": "contact",
        "email": "contact",
    }
    assert confidential_fields(SpecialDate) == {"person": "contact"}
    assert confidential_fields(CareAction) == {"person": "contact"}


def test_access_policy_roles_read_what_they_are_granted() -> None:
    """CONF-1 / CONF-2: the categories match servicepolicy.access, so an agent reads contact
    persons, an account manager everything, a third party nothing."""
    acme = customer()
    agent = redact(acme, "agent")
    assert agent.contacts == acme.contacts
    assert (agent.address, agent.special_needs, agent.contract_terms) == (MASK, MASK, MASK)
    assert redact(acme, "account_manager") == acme
    outsider = redact(acme, "third_party")
    assert outsider.contacts == MASK  # type: ignore[comparison-overlap]
    assert outsider.special_dates[0].person == MASK
    assert outsider.name == acme.name and outsider.tier == acme.tier


def test_contact_and_care_action_mask_persons() -> None:
    """CONF-2: a contact or a birthday greeting printed alone does not leak the person."""
    assert "Li Wei" not in repr(Contact("Li Wei", phone="123"))
    actions = care_actions(customer(), (date(2026, 3, 14), date(2026, 3, 14)))
    assert actions and all("Li Wei" not in repr(a) and "Li Wei" not in str(a) for a in actions)
    assert actions[0].person == "Li Wei"  # readable by code allowed to read it


# -- visit plans (TIER-4) ------------------------------------------------------------------------


def accounts() -> list[Customer]:
    """One key account per class."""
    return [
        customer("K-1", tier="strategic"),
        customer("K-2", tier="important"),
        customer("K-3", tier="potential"),
    ]


def test_visit_plan_is_sized_by_importance() -> None:
    """TIER-4: strategic 12, important 4, potential 2 visits (the key_accounts defaults)."""
    plan = visit_plan(accounts(), key_accounts(), 2026)
    counts = {c: sum(v.customer == c for v in plan) for c in ("K-1", "K-2", "K-3")}
    assert counts == {"K-1": 12, "K-2": 4, "K-3": 2}
    assert all(v.date.year == 2026 and v.date.weekday() < 5 for v in plan)
    assert list(plan) == sorted(plan, key=lambda v: (v.date, v.customer))


def test_visit_plan_spreads_visits_over_the_year() -> None:
    """TIER-4: monthly visits fall one per month; quarterly one per quarter."""
    plan = visit_plan(accounts(), key_accounts(), 2026)
    assert sorted(v.date.month for v in plan if v.customer == "K-1") == list(range(1, 13))
    quarters = sorted((v.date.month - 1) // 3 for v in plan if v.customer == "K-2")
    assert quarters == [0, 1, 2, 3]
    halves = sorted(v.date.month > 6 for v in plan if v.customer == "K-3")
    assert halves == [False, True]


def test_visit_plan_is_reproducible() -> None:
    """TIER-4: the same customers give the same plan, in whatever order they are listed."""
    first = visit_plan(accounts(), key_accounts(), 2026)
    assert visit_plan(list(reversed(accounts())), key_accounts(), 2026) == first


def test_visit_plan_records_visitor_purpose_and_content() -> None:
    """TIER-4: each visit has a date, a visitor (the owner), a purpose and a content."""
    visit = visit_plan([customer(tier="important")], key_accounts(), 2026)[1]
    assert visit.visitor == "am-zhang"
    assert visit.purpose == "important account visit 2 of 4"
    assert "KPI-9" in visit.content and "priority technical support" in visit.content
    assert visit.tier == "important"


def test_visit_plan_options() -> None:
    """TIER-4: visitor, purposes and contents can be set per tier."""
    plan = visit_plan(
        [customer(tier="strategic")],
        key_accounts(),
        2026,
        visitor=lambda c, tier: "head-of-dept" if tier.name == "strategic" else c.owner or "",
        purposes={"strategic": "strategy review"},
        contents={"strategic": "next year's projects"},
    )
    assert {(v.visitor, v.purpose, v.content) for v in plan} == {
        ("head-of-dept", "strategy review", "next year's projects")
    }


def test_visit_plan_avoids_holidays_of_a_calendar() -> None:
    """TIER-4 / CAL-2: with a business calendar, visits fall on its working days only."""
    calendar = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
    plan = visit_plan(accounts(), key_accounts(), 2026, calendar=calendar)
    assert len(plan) == 18
    assert all(calendar.is_working_day(v.date) for v in plan)


def test_visit_plan_takes_tiers_in_several_forms() -> None:
    """TIER-2 / TIER-4: a tier name, a Tier or a Classification may accompany a customer."""
    scheme = exhibition()
    untiered = customer(tier=None)
    by_name = visit_plan([(untiered, "key")], scheme, 2026)
    by_tier = visit_plan([(untiered, scheme.tier("key"))], scheme, 2026)
    classified = scheme.classify(untiered, {"annual_revenue": 2_000_000})
    by_classification = visit_plan([(untiered, classified)], scheme, 2026)
    assert len(by_name) == 4 and by_name == by_tier == by_classification


def test_tier_without_visits_gets_none() -> None:
    """TIER-4: general exhibition customers have no visit plan (0 visits a year)."""
    assert visit_plan([customer(tier="general")], exhibition(), 2026) == ()
    assert visit_plan([], exhibition(), 2026) == ()


@pytest.mark.parametrize(
    ("customers", "words"),
    [
        ([customer(tier=None)], "classify the customer first"),
        ([customer(tier="gold")], "one of 'strategic', 'important', 'potential'"),
        ([(customer(), vip().classify("C-001", {"annual_revenue": 1}))], "scheme 'key_accounts'"),
        ([customer(), customer()], "each customer once"),
        ([customer(owner=None)], "'C-001': owner"),
    ],
)
def test_visit_plan_refuses_unplannable_customers(customers: list[Any], words: str) -> None:
    """TIER-4: no tier, an unknown tier, a foreign classification, a duplicate or no visitor."""
    with pytest.raises(InvalidArgumentError, match=words):
        visit_plan(customers, key_accounts(), 2026)


def test_visit_plan_refuses_bad_arguments() -> None:
    """TIER-4: the year, the scheme, the calendar and the customers are checked."""
    with pytest.raises(InvalidArgumentError, match="year"):
        visit_plan([], key_accounts(), 0)
    with pytest.raises(WrongTypeError, match="scheme"):
        visit_plan([], "key_accounts", 2026)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="calendar"):
        visit_plan([], key_accounts(), 2026, calendar="CN")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="customers"):
        visit_plan(customer(), key_accounts(), 2026)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="customers item"):
        visit_plan(["C-001"], key_accounts(), 2026)  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="purposes"):
        visit_plan([], key_accounts(), 2026, purposes={"gold": "x"})


def test_visit_plan_without_working_days() -> None:
    """TIER-4: a calendar with no working day in the year cannot host a visit."""
    closed = BusinessCalendar(hours={}, tz="UTC")
    with pytest.raises(NoWorkingTimeError, match="C-001"):
        visit_plan([customer()], key_accounts(), 2026, calendar=closed)


@given(st.integers(0, 52), st.integers(1900, 2100), st.text(min_size=1, max_size=8))
def test_spread_gives_distinct_dates_within_the_year(visits: int, year: int, key: str) -> None:
    """TIER-4 property: n visits give n increasing dates in the year, a week or more apart."""
    days = spread(visits, year, key)
    assert len(days) == visits
    assert all(d.year == year for d in days)
    assert all(b - a >= timedelta(days=7) for a, b in itertools.pairwise(days))


@given(st.lists(st.sampled_from(["strategic", "important", "potential"]), max_size=4))
def test_planned_visits_of_a_customer_fall_on_distinct_weekdays(tiers: list[str]) -> None:
    """TIER-4 property: a customer is never visited twice on one day, nor at a weekend."""
    customers = [customer(f"P-{i}", tier=t) for i, t in enumerate(tiers)]
    plan = visit_plan(customers, key_accounts(), 2027)
    pairs = [(v.customer, v.date) for v in plan]
    assert len(pairs) == len(set(pairs))
    assert all(v.date.weekday() < 5 for v in plan)


# -- care actions (TIER-4) ------------------------------------------------------------------------


def test_special_dates_get_greeting_and_gift() -> None:
    """TIER-4: birthdays and founding days get a greeting and a gift (the default)."""
    actions = care_actions(customer(), YEAR_2026)
    assert [(a.date, a.action, a.occasion, a.years) for a in actions] == [
        (date(2026, 3, 14), "greeting", BIRTHDAY, 48),
        (date(2026, 3, 14), "gift", BIRTHDAY, 48),
        (date(2026, 6, 18), "greeting", FOUNDING_DAY, 23),
        (date(2026, 6, 18), "gift", FOUNDING_DAY, 23),
    ]
    assert actions[0].person == "Li Wei" and actions[2].person is None
    assert not any(a.festival for a in actions)


def test_festivals_from_the_holidays_package_get_a_greeting() -> None:
    """TIER-4 / CAL-2: festivals come from the holidays package; several days count once
    (the Spring Festival with its eve too); days off in lieu (调休) and observed days are
    not festivals; Tomb-Sweeping Day is no greeting occasion by default."""
    actions = care_actions(customer(special_dates=[]), YEAR_2026, "CN")
    assert [(a.date, a.occasion) for a in actions] == [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 2, 16), "Chinese New Year (Spring Festival)"),
        (date(2026, 5, 1), "Labor Day"),
        (date(2026, 6, 19), "Dragon Boat Festival"),
        (date(2026, 9, 25), "Mid-Autumn Festival"),
        (date(2026, 10, 1), "National Day"),
    ]
    assert all(a.action == "greeting" and a.festival for a in actions)


def test_festival_sources_agree() -> None:
    """TIER-4: a country code, a holidays object and a business calendar give the same
    festivals."""
    lean = customer(special_dates=[])
    by_code = care_actions(lean, YEAR_2026, "CN")
    # a holidays object's names are as it was built: pin the language, or it follows LANG
    entity = holidays.country_holidays("CN", years=2026, language="en_US")
    by_object = care_actions(lean, YEAR_2026, entity)
    calendar = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="Asia/Shanghai", country="CN")
    by_calendar = care_actions(lean, YEAR_2026, calendar)
    assert by_code == by_object == by_calendar


def test_festivals_from_a_mapping_and_filters() -> None:
    """TIER-4: festivals may be given as a mapping; gifts and festival names are choices."""
    given_days = {date(2026, 9, 25): "Mid-Autumn Festival", date(2026, 12, 25): "Christmas"}
    actions = care_actions(
        customer(special_dates=[]),
        YEAR_2026,
        given_days,
        gift_occasions=["Mid-Autumn Festival"],
        festivals=["Mid-Autumn Festival"],
    )
    assert [(a.date, a.action) for a in actions] == [
        (date(2026, 9, 25), "greeting"),
        (date(2026, 9, 25), "gift"),
    ]


def test_festival_running_before_the_range_is_not_repeated() -> None:
    """TIER-4: a range starting mid-festival does not greet again for the same festival."""
    actions = care_actions(
        customer(special_dates=[]), (date(2026, 10, 2), date(2026, 10, 31)), "CN"
    )
    assert actions == ()


def test_festivals_from_calendar_dates_and_no_source() -> None:
    """TIER-4: a calendar with listed holiday dates greets on them; None means no festivals."""
    calendar = BusinessCalendar(hours="mon-fri 09:00-18:00", tz="UTC", holidays=[date(2026, 8, 3)])
    actions = care_actions(customer(special_dates=[]), YEAR_2026, calendar)
    assert [(a.date, a.occasion) for a in actions] == [(date(2026, 8, 3), "public holiday")]
    assert care_actions(customer(special_dates=[]), YEAR_2026) == ()


def test_leap_day_and_dates_before_the_original() -> None:
    """TIER-4: a 29 February birthday is kept on 28 February in other years; only
    anniversaries are due, not the original date or anything before it."""
    leap = SpecialDate(BIRTHDAY, date(2000, 2, 29))
    assert anniversaries(leap, date(2026, 1, 1), date(2028, 12, 31)) == [
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    founded = SpecialDate(FOUNDING_DAY, date(2026, 6, 1))
    assert anniversaries(founded, date(2024, 1, 1), date(2027, 12, 31)) == [date(2027, 6, 1)]


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (((date(2026, 2, 1), date(2026, 1, 1)),), InvalidArgumentError, "between"),
        (((datetime(2026, 1, 1), date(2026, 2, 1)),), WrongTypeError, r"between\[0\]"),
        ((date(2026, 1, 1),), WrongTypeError, "between"),
        ((YEAR_2026, "XX"), InvalidArgumentError, "country code"),
        ((YEAR_2026, 42), WrongTypeError, "calendar_or_holidays"),
        ((YEAR_2026, {"2026-01-01": "New Year"}), WrongTypeError, "calendar_or_holidays key"),
    ],
)
def test_care_actions_refuses_bad_arguments(
    args: tuple[Any, ...], error: type[Exception], words: str
) -> None:
    """TIER-4: the range and the festival source are checked, with the argument named."""
    with pytest.raises(error, match=words):
        care_actions(customer(), *args)


def test_holidays_object_must_cover_the_range() -> None:
    """TIER-4: a non-expanding holidays object missing a year is an error, not "no festival"."""
    only_2026 = holidays.country_holidays("CN", years=2026, expand=False)
    with pytest.raises(OutOfRangeError, match="2027"):
        care_actions(customer(), (date(2026, 12, 1), date(2027, 1, 31)), only_2026)


def test_tier_from_scheme_in_care_context() -> None:
    """TIER-4: the services a key account is entitled to come from its tier."""
    tier: Tier = key_accounts().tier(customer(tier="strategic").tier or "")
    assert "exclusive offers" in tier.services
