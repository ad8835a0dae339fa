"""Business development of key accounts: new projects and revenue growth per account and
per team, per quarter and year (KPI-9, KPI-10).

Each :class:`BusinessRecord` is business booked with a key account at an instant:
revenue (a :class:`~decimal.Decimal`, kept exactly in minor units, fen or cents) and the
number of new projects won.  A :class:`BusinessAccumulator` counts them per period and
account (or team), merges exactly, and reports two KPIs:

* ``new_projects``: the projects won in the period;
* ``revenue_growth``: the period's revenue against the same period a year before
  (``(R-R_ly)/R_ly``, the default: quarters are seasonal, a first quarter with the
  Spring Festival is compared with the last one) or against the period before
  (``(R-R_prev)/R_prev``).  No value when the earlier period booked nothing.

The manuals give no figures ("business development figures"), so targets are the
policy's: ``Kpi("new_projects", target=Target.at_least(2))``.

>>> from datetime import datetime
>>> from decimal import Decimal
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy.kpi import Kpi, Target
>>> SH = ZoneInfo("Asia/Shanghai")
>>> deals = [
...     BusinessRecord(datetime(2025, 11, 5, tzinfo=SH), account="KA-1", revenue="800000"),
...     BusinessRecord(datetime(2026, 10, 9, tzinfo=SH), account="KA-1", revenue="650000.50",
...                    new_projects=1),
...     BusinessRecord(datetime(2026, 12, 1, tzinfo=SH), account="KA-1", revenue="250000",
...                    new_projects=1),
... ]
>>> kpis = [Kpi("new_projects", target=Target.at_least(2)),
...         Kpi("revenue_growth", target=Target.at_least("10%"))]
>>> report = BusinessAccumulator(kpis, zone=SH).add_all(deals).report()
>>> print(report.row("revenue_growth", quarter="2026-Q4").explain())
KPI-9 revenue_growth [(R-R_ly)/R_ly] quarter=2026-Q4, account=KA-1: 12.5 % = 10000050/80000000 \
(R=90000050, R_ly=80000000, R_prev=0); target ≥ 10 %: met

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi import _counts as m
from servicepolicy.kpi._counts import Layout
from servicepolicy.kpi._grouped import Grouped, Key
from servicepolicy.kpi.definitions import BUSINESS_KPIS, Kpi
from servicepolicy.kpi.periods import earlier_label
from servicepolicy.kpi.records import Direction, check_count, epoch_ms, optional_text
from servicepolicy.kpi.report import KpiReport, check_kpis, group_rows

__all__ = ["BUSINESS_DIMENSIONS", "BusinessAccumulator", "BusinessRecord"]

BUSINESS_DIMENSIONS = ("account", "team")
"""The dimensions business records can be grouped by, besides a period."""

REVENUE, PROJECTS, RECORDS = m.B_REVENUE, m.B_PROJECTS, m.B_RECORDS
SIZE = m.BUSINESS_SIZE


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise WrongTypeError("revenue", value, "a Decimal, an int or a decimal string")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidArgumentError("revenue", value, "a decimal amount such as '1250.50'") from None
    if not amount.is_finite():
        raise InvalidArgumentError("revenue", value, "a finite amount")
    return amount


@attrs.frozen
class BusinessRecord:
    """Business booked with a key account (KPI-9): revenue and new projects won.

    :param at: when it was booked (timezone-aware); it decides the period.
    :param account: the key account (customer ID).
    :param team: the key-account team, if grouped by team.
    :param revenue: the revenue booked, exactly (a Decimal, an int or a decimal string;
        floats are refused); negative for a credit note.
    :param new_projects: new projects won with it (0 for revenue of running ones).
    :param id: the record's ID, if any.

    .. versionadded:: 0.1.0
    """

    at: datetime
    account: str = attrs.field(kw_only=True, validator=optional_text)
    team: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    revenue: Decimal = attrs.field(default=Decimal(0), kw_only=True, converter=_amount)
    new_projects: int = attrs.field(default=0, kw_only=True)
    id: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        aware("business: at", self.at)
        if self.account is None:
            raise WrongTypeError("account", None, "a non-empty string")
        check_count("business: new_projects", self.new_projects, 0)


class BusinessAccumulator(Grouped):
    """New projects and revenue growth per period and account or team (KPI-9, KPI-10).

    :param kpis: the KPIs (default ``BUSINESS_KPIS``: new projects, revenue growth).
    :param by: one period (key-account teams are assessed quarterly and yearly,
        KPI-10) and any of ``"account"``, ``"team"``.
    :param zone: the time zone periods are counted in (required).
    :param minor_units: decimal places of the currency (2: fen, cents); amounts with
        more are refused, so that sums stay exact integers.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        kpis: Iterable[Kpi] = BUSINESS_KPIS,
        *,
        by: Iterable[str] = ("quarter", "account"),
        zone: object = None,
        minor_units: int = 2,
    ) -> None:
        self.kpis = check_kpis(kpis, "business")
        super().__init__(SIZE, by, BUSINESS_DIMENSIONS, zone, required=("period",))
        check_count("minor_units", minor_units, 0, 6)
        self.minor_units = minor_units
        self._scale = Decimal(10) ** minor_units

    def add(self, record: BusinessRecord) -> None:
        """Count one record."""
        if not isinstance(record, BusinessRecord):
            raise WrongTypeError("record", record, "a servicepolicy.kpi.BusinessRecord")
        minor = record.revenue * self._scale
        if minor != minor.to_integral_value():
            raise InvalidArgumentError(
                f"business {record.id or record.account}: revenue",
                record.revenue,
                f"an amount with at most {self.minor_units} decimals (minor_units)",
            )
        values = {"account": record.account, "team": record.team}
        c = self.counts(epoch_ms(record.at), values)
        c[REVENUE] += int(minor)
        c[PROJECTS] += record.new_projects
        c[RECORDS] += 1
        self.records += 1

    def add_all(self, records: Iterable[BusinessRecord]) -> BusinessAccumulator:
        """Add every record; returns the accumulator, for chaining."""
        for record in records:
            self.add(record)
        return self

    def settings(self) -> tuple[object, ...]:
        return (self.kpis, *super().settings(), self.minor_units)

    def merge(self, other: BusinessAccumulator) -> BusinessAccumulator:
        """A new accumulator holding both parts' records (exact; in any order).

        :raises servicepolicy.errors.InvalidArgumentError: if the two differ in KPIs,
            grouping, zone or minor units.
        """
        result: BusinessAccumulator = self.merged(other)
        return result

    def report(self) -> KpiReport:
        """Every KPI for every period and account (or team), with the earlier periods'
        revenue beside; a group without records in a period that follows one with
        records, within the periods seen, is reported with zeros (an account that booked
        nothing this quarter)."""
        assert self.period is not None
        period, groups = self.period, self._groups
        labels = sorted({str(key[0]) for key in groups})
        rows: dict[Key, Mapping[Direction | None, Sequence[int]]] = {}
        for label in labels:
            for key in {(label, *k[1:]) for k in groups}:
                before = earlier_label(label, period)
                year = earlier_label(label, period, year=True)
                prev = groups.get((before, *key[1:])) if before else None
                ly = groups.get((year, *key[1:])) if year else None
                mine = groups.get(key)
                if mine is None and prev is None and ly is None:
                    continue
                counts = [*(mine or [0] * SIZE), 0, 0]
                counts[m.B_REVENUE_PREV] = 0 if prev is None else prev[REVENUE]
                counts[m.B_REVENUE_LY] = 0 if ly is None else ly[REVENUE]
                rows[key] = {None: counts}
        extra = {"minor_units": self.minor_units}
        found = group_rows(self.names(), rows, self.kpis, Layout(()), extra)
        return KpiReport(found, by=self.names(), records=self.records)
