"""``check_policy`` evaluates each ticket's SLA clocks once (SLA-1 … SLA-6): the rates and
the daily picture it builds from that one pass equal what a separate replay gives."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
    opened = [t for t in sample.tickets if t.created_at <= now]  # later ones: rejected rows
    assert report.sla == sla.replay(opened, now).rates
    statuses = [s for t in opened for s in sla.evaluate(t, now)]
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
