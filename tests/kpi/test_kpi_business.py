"""Key-account business development: new projects and revenue growth per account and team,
per quarter and year (KPI-9, KPI-10), exact and mergeable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.kpi import (
    BUSINESS_KPIS,
    BusinessAccumulator,
    BusinessRecord,
    Kpi,
    Target,
)

SH = ZoneInfo("Asia/Shanghai")


def deal(y: int, m: int, account: str, revenue: str, projects: int = 0, team: str = "KA-T1"):  # type: ignore[no-untyped-def]
    at = datetime(y, m, 10, 14, 0, tzinfo=SH)
    return BusinessRecord(at, account=account, team=team, revenue=revenue, new_projects=projects)


DEALS = [
    deal(2025, 4, "KA-1", "400000"),  # 2025-Q2
    deal(2025, 11, "KA-1", "1000000", 1),  # 2025-Q4
    deal(2026, 2, "KA-1", "300000"),  # 2026-Q1
    deal(2026, 3, "KA-1", "200000.25", 1),  # 2026-Q1
    deal(2026, 5, "KA-1", "450000", 2),  # 2026-Q2
    deal(2026, 1, "KA-2", "90000", 1, team="KA-T2"),  # 2026-Q1, nothing in Q2
]

KPIS = (
    Kpi("new_projects", target=Target.at_least(1)),
    Kpi("revenue_growth", target=Target.at_least("5%")),
    Kpi("revenue_growth", name="growth_qoq", variant="(R-R_prev)/R_prev"),
)


def report(records=DEALS, **settings):  # type: ignore[no-untyped-def]
    settings.setdefault("zone", SH)
    return BusinessAccumulator(KPIS, **settings).add_all(records).report()


def test_kpi9_growth_per_account_per_quarter_year_over_year_and_quarter_over_quarter() -> None:
    """KPI-9, KPI-10: KA-1 booked 500,000.25 in 2026-Q1 against 1,000,000 in 2025-Q4 (the
    quarter before) and nothing in 2025-Q1 (no year-over-year growth to measure); 450,000
    in 2026-Q2 against 400,000 a year before (+12.5 %) and 500,000.25 the quarter before."""
    r = report()
    q1 = r.row("growth_qoq", quarter="2026-Q1", account="KA-1")
    assert q1.value == Fraction(50_000_025 - 100_000_000, 100_000_000)
    assert r.row("revenue_growth", quarter="2026-Q1", account="KA-1").value is None
    q2 = r.row("revenue_growth", quarter="2026-Q2", account="KA-1")
    assert (q2.value, q2.met) == (Fraction(1, 8), True)
    assert dict(q2.counts) == {"R": 45_000_000, "R_ly": 40_000_000, "R_prev": 50_000_025}
    assert r.row("growth_qoq", quarter="2026-Q2", account="KA-1").value == Fraction(
        45_000_000 - 50_000_025, 50_000_025
    )
    assert r.row("new_projects", quarter="2026-Q2", account="KA-1").value == 2


def test_kpi9_an_account_that_booked_nothing_this_quarter_is_reported() -> None:
    """KPI-9: KA-2 booked in 2026-Q1 and nothing in 2026-Q2: a row of zeros, -100 %
    against the quarter before, no new projects: both targets missed, naming the account."""
    r = report()
    assert r.row("growth_qoq", quarter="2026-Q2", account="KA-2").value == -1
    projects = r.row("new_projects", quarter="2026-Q2", account="KA-2")
    assert (projects.value, projects.met) == (0, False)
    subjects = {v.subject for v in r.violations() if v.rule_id == "KPI-9"}
    assert "quarter=2026-Q2, account=KA-2" in subjects


def test_kpi10_per_team_per_year() -> None:
    """KPI-10, KPI-9: key-account teams yearly: team KA-T1 booked 1,400,000 in 2025 and
    950,000.25 in 2026; KA-T2 only in 2026 (no base)."""
    r = report(by=("year", "team"))
    t1 = r.row("revenue_growth", year="2026", team="KA-T1")
    assert t1.value == Fraction(95_000_025 - 140_000_000, 140_000_000)
    assert r.row("new_projects", year="2026", team="KA-T1").value == 3
    assert r.row("revenue_growth", year="2026", team="KA-T2").value is None
    assert r.row("growth_qoq", year="2026", team="KA-T1").value == t1.value  # a year's "before"


def test_kpi10_periods_follow_the_zone() -> None:
    """KPI-10, CAL-5: a deal at 20:00 UTC on 31 December 2026 is 2027-Q1 in Shanghai."""
    at = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    r = report([BusinessRecord(at, account="KA-3", revenue=5, new_projects=1)])
    assert [row.group["quarter"] for row in r] == ["2027-Q1", "2027-Q1", "2027-Q1"]


def test_kpi9_amounts_are_exact() -> None:
    """KPI-9: ten deals of 0.10 are exactly 1.00, not 0.9999999999999999; sums beyond a
    float's precision stay exact."""
    small = [deal(2026, 7, "KA-4", "0.10") for _ in range(10)]
    row = report(small).row("new_projects", quarter="2026-Q3")
    assert row.counts["records"] == 10
    acc = BusinessAccumulator(zone=SH).add_all(small)
    assert acc.report().row("revenue_growth").counts["R"] == 100
    assert sum([0.1] * 10) != 1.0
    huge = [deal(2025, 8, "KA-5", "12345678901234567.89"), deal(2026, 8, "KA-5", "1")]
    growth = report(huge).row("revenue_growth", quarter="2026-Q3").value
    assert growth == Fraction(100 - 1234567890123456789, 1234567890123456789)


def test_kpi9_credit_notes_and_no_base() -> None:
    """KPI-9: a credit note (negative revenue) counts; a base of zero or below gives no
    growth rather than a division by zero."""
    records = [deal(2025, 9, "KA-6", "-500"), deal(2026, 9, "KA-6", "700")]
    assert report(records).row("revenue_growth", quarter="2026-Q3").value is None
    records = [
        deal(2025, 9, "KA-6", "1000"),
        deal(2025, 9, "KA-6", "-250"),
        deal(2026, 9, "KA-6", "600"),
    ]
    assert report(records).row("revenue_growth", quarter="2026-Q3").value == Fraction(-1, 5)


@pytest.mark.parametrize(
    ("make", "error", "argument"),
    [
        (lambda: deal(2026, 1, "KA-1", "1.005"), InvalidArgumentError, "revenue"),
        (lambda: BusinessRecord(datetime(2026, 1, 1, tzinfo=SH), account="K", revenue=1.5),
         WrongTypeError, "revenue"),
        (lambda: BusinessRecord(datetime(2026, 1, 1, tzinfo=SH), account="K", revenue="lots"),
         InvalidArgumentError, "revenue"),
        (lambda: BusinessRecord(datetime(2026, 1, 1, tzinfo=SH), account="K", new_projects=-1),
         InvalidArgumentError, "business: new_projects"),
        (lambda: BusinessRecord(datetime(2026, 1, 1), account="K"), NaiveDatetimeError,
         "business: at"),
        (lambda: BusinessAccumulator(by=("account",), zone=SH), InvalidArgumentError, "by"),
        (lambda: BusinessAccumulator(), InvalidArgumentError, "zone"),
        (lambda: BusinessAccumulator([Kpi("service_level")], zone=SH), InvalidArgumentError,
         "kpis"),
        (lambda: Kpi("new_projects", direction="inbound"), InvalidArgumentError,
         "new_projects_inbound: direction"),
    ],
)  # fmt: skip
def test_kpi9_bad_input_names_the_argument(make, error, argument) -> None:  # type: ignore[no-untyped-def]
    """KPI-9: bad records and settings raise, naming the argument."""
    with pytest.raises(error) as info:
        result = make()
        if isinstance(result, BusinessRecord):  # checked against the currency's digits
            BusinessAccumulator(zone=SH).add(result)
    assert info.value.argument.endswith(argument)


def test_kpi9_minor_units_follow_the_currency() -> None:
    """KPI-9: a currency without minor units (minor_units=0) refuses fractions."""
    with pytest.raises(InvalidArgumentError, match="at most 0 decimals"):
        BusinessAccumulator(zone=SH, minor_units=0).add(deal(2026, 1, "KA-1", "10.5"))
    row = BusinessAccumulator(zone=SH, minor_units=0).add_all([deal(2026, 1, "KA-1", "10")])
    assert row.report().rows[1].counts["R"] == 10


# -- laws ---------------------------------------------------------------------------------------

BASE = datetime(2024, 1, 1, tzinfo=UTC)


@st.composite
def records(draw: st.DrawFn) -> BusinessRecord:
    at = BASE + timedelta(hours=draw(st.integers(0, 3 * 366 * 24)))
    cents = draw(st.integers(-10_000, 10**12))
    return BusinessRecord(
        at,
        account=draw(st.sampled_from(["KA-1", "KA-2", "KA-3"])),
        team=draw(st.sampled_from(["T1", "T2", None])),
        revenue=Decimal(cents).scaleb(-2),
        new_projects=draw(st.integers(0, 3)),
    )


GROUPINGS = [("quarter", "account"), ("year", "team"), ("month", "account", "team"), ("year",)]


@settings(max_examples=60, deadline=None)
@given(st.lists(records(), max_size=40), st.data())
def test_kpi10_business_merges_exactly(items: list[BusinessRecord], data: st.DataObject) -> None:
    """KPI-10, KPI-9: split anywhere and merged (either way round) equals one pass."""
    by = data.draw(st.sampled_from(GROUPINGS))
    cut = data.draw(st.integers(0, len(items)))
    kpis = (*BUSINESS_KPIS, Kpi("revenue_growth", name="qoq", variant="(R-R_prev)/R_prev"))
    one = BusinessAccumulator(kpis, by=by, zone=SH).add_all(items)
    left = BusinessAccumulator(kpis, by=by, zone=SH).add_all(items[:cut])
    right = BusinessAccumulator(kpis, by=by, zone=SH).add_all(items[cut:])
    assert left.merge(right).report() == right.merge(left).report() == one.report()


@settings(max_examples=60, deadline=None)
@given(st.lists(records(), max_size=40))
def test_kpi9_growth_equals_a_decimal_reference(items: list[BusinessRecord]) -> None:
    """KPI-9: each quarter's growth equals (R - R_ly) / R_ly from Decimal sums of the
    records, per account; new projects equal the sum of the records'."""
    report = BusinessAccumulator(by=("quarter", "account"), zone=SH).add_all(items).report()

    def total(account: str, label: str) -> Decimal:
        return sum(
            (r.revenue for r in items if r.account == account and quarter(r) == label),
            Decimal(0),
        )

    for row in report.for_kpi("revenue_growth"):
        label, account = row.group["quarter"], row.group["account"]
        y, q = str(label).split("-")
        before = total(str(account), f"{int(y) - 1}-{q}")
        now = total(str(account), str(label))
        expected = Fraction(now - before) / Fraction(before) if before > 0 else None
        assert row.value == expected
    for row in report.for_kpi("new_projects"):
        assert row.value == sum(
            r.new_projects
            for r in items
            if r.account == row.group["account"] and quarter(r) == row.group["quarter"]
        )


def quarter(record: BusinessRecord) -> str:
    local = record.at.astimezone(SH)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
