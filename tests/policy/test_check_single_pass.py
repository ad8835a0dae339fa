"""``check_policy`` evaluates each ticket's SLA clocks once (SLA-1 … SLA-6): the rates and
the daily picture it builds from that one pass equal what a separate replay gives."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.demo import check_sample
from servicepolicy.policy import load_policy
from servicepolicy.policy.check import sla_policy
from servicepolicy.report import SlaDay
from servicepolicy.report.formats import FORMATS
from servicepolicy.sample import month
from servicepolicy.sla import SlaState, SlaTally


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return month(seed=11, start=date(2026, 9, 1))  # the National Day holidays, another seed


def _replayed_days(statuses, zone: str, now: datetime) -> tuple[SlaDay, ...]:
    """The daily picture as ``check`` built it before: from every status at once."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    due: Counter[date] = Counter()
    breached: Counter[date] = Counter()
    for status in statuses:
        if status.due is None or status.due.astimezone(tz).date() > today:
            continue
        day = status.due.astimezone(tz).date()
        due[day] += 1
        breached[day] += status.state is SlaState.BREACHED
    return tuple(SlaDay(day, due[day], breached[day]) for day in sorted(due))


@pytest.mark.parametrize("hours_before", [0, 36, 24 * 12])
def test_sla_one_pass_equals_evaluate_then_replay(sample, hours_before: int) -> None:  # type: ignore[no-untyped-def]
    """SLA-1 … SLA-6: the report's rates and days from the single pass equal
    ``SlaPolicy.replay`` and the old all-statuses count, at the export instant and at
    earlier instants (clocks still running, tickets not yet opened)."""
    policy = load_policy("callcentre")
    now = sample.now - timedelta(hours=hours_before)
    report = policy.check(now=now, tickets=sample.tickets)
    sla = sla_policy(policy)
    assert report.sla == sla.replay(sample.tickets, now).rates
    statuses = [s for t in sample.tickets for s in sla.evaluate(t, now)]
    assert report.sla_days == _replayed_days(statuses, policy.kpis.tz, now)
    tally = SlaTally()
    for ticket in sample.tickets:
        tally.add(ticket, sla.evaluate(ticket, now))
    assert tally.report(now) == sla.replay(sample.tickets, now)


def test_sla_report_is_the_same_when_checked_again(sample) -> None:  # type: ignore[no-untyped-def]
    """SLA-1: the JSON report of a whole month checked twice in one process (calendars
    then come from the shared cache) is the same; its SLA part equals the replay's."""
    policy = load_policy("callcentre")
    inputs = dict(
        now=sample.now,
        tickets=sample.tickets,
        calls=sample.calls,
        surveys=sample.surveys,
        roster=sample.roster,
        requests=sample.requests,
        attendance=sample.clock_records,
        hand_over_logs=sample.hand_over_logs,
    )
    first = FORMATS["json"](policy.check(**inputs))
    assert FORMATS["json"](policy.check(**inputs)) == first
    assert policy.check(**inputs).sla == sla_policy(policy).replay(sample.tickets, sample.now).rates


#: The sha256 of the example month's JSON report (``check_sample()``, seed 2026, plugins
#: disabled as in the core suite), captured from the code before the single pass, the
#: shift indexes and the shared calendars (commit 429a9ea).  (With the exhibition and
#: logistics plugins it was eda5befb…9be0bba, and is still.)  A change of the rules or of
#: the sample data changes it legitimately: then capture it again.
BEFORE_SINGLE_PASS = "b07da5fe73099ad972f271494dfd5f408e7aac9e8df7ee92d3168b36e31d9001"


def test_sla_att3_example_month_report_equals_the_one_captured_before() -> None:
    """SLA-1 … SLA-6, ATT-3: the example month's JSON report is byte for byte the one the
    code gave before ``check`` became one pass over the clocks (and ATT-3 indexed)."""
    text = FORMATS["json"](check_sample())
    assert hashlib.sha256(text.encode()).hexdigest() == BEFORE_SINGLE_PASS
