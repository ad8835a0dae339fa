"""KPIs from a handful of calls with the formula variant named, and the agents a half
hour needs (KPI-1 … KPI-5, KPI-7, KPI-11; staffing for KPI-2's 80/20).

Seven inbound calls to the billing queue on 3 November 2026: five answered (after 8, 10,
15, 20 and 45 seconds) and two abandoned (after 3 and 30 seconds).  "80 % within 20 s"
(KPI-2) has several readings, which differ only in what they do with abandoned calls
(KPI-11): the same calls meet the target over answered calls and miss it over calls
offered.  The library names the variant of every figure and defaults to the strictest.

Then the Erlang C model sizes a half hour of 94 calls with a handle time of 4 minutes
for the same 80/20 target, and turns agents on the phones into agents on the schedule
with exact shrinkage arithmetic (``⌈17 / (1 - 0.32)⌉`` is 25, not the 26 floats give).

Run: ``.venv/bin/python examples/kpis_and_staffing.py``
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy.kpi import CallAccumulator, CallRecord, Kpi, Target
from servicepolicy.staffing import (
    erlang_a,
    offered_traffic,
    required_agents,
    scheduled_agents,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI)


def call(minute: int, wait: int, *, answered: bool = True, **fields: object) -> CallRecord:
    """An inbound billing call offered at 09:``minute``, answered or abandoned after
    ``wait`` seconds."""
    offered = START + timedelta(minutes=minute)
    end = offered + timedelta(seconds=wait)
    if not answered:
        return CallRecord("inbound", "billing", offered, team="T1", abandoned=end)
    return CallRecord(
        "inbound", "billing", offered, team="T1", agent="T1-a", answered=end, **fields
    )


CALLS = [
    call(0, 8, talk_seconds=200, acw_seconds=30, rings=2, resolved_first_contact=True),
    call(2, 15, talk_seconds=200, hold_seconds=40, acw_seconds=45, rings=3),
    call(5, 20, talk_seconds=260, acw_seconds=40, rings=3, resolved_first_contact=True),
    call(7, 45, talk_seconds=320, acw_seconds=60, rings=5, resolved_first_contact=False),
    call(8, 10, talk_seconds=180, acw_seconds=20, rings=2, resolved_first_contact=True),
    call(9, 3, answered=False),
    call(11, 30, answered=False),
]


def kpis() -> None:
    report = CallAccumulator(by=["day", "team"], zone=SHANGHAI).add_all(CALLS).report()
    print("The manuals' KPIs for the day (the default variants):")
    print(report)

    print("\nOne target, three readings of the service level (KPI-11):")
    variants = {
        "sl_strict": "A_T/(A+Ab_Q)",  # the default: every abandon in the queue counts against
        "sl_answered": "A_T/A",  # answered calls only
        "sl_flattering": "(A_T+Ab_T)/(A+Ab)",  # an abandon within 20 s counts as met
    }
    measures = [
        Kpi(
            "service_level",
            name=name,
            variant=variant,
            threshold=20,
            target=Target.at_least("80%"),
        )
        for name, variant in variants.items()
    ]
    by_variant = CallAccumulator(measures, by=["team"]).add_all(CALLS).report()
    for row in by_variant.rows:
        print(f"  {row.explain()}")


def staffing() -> None:
    traffic = offered_traffic(94, interval=timedelta(minutes=30), aht=timedelta(minutes=4))
    print(f"\n94 calls in 30 minutes, AHT 240 s: {traffic:.2f} Erlangs offered")
    needed = required_agents(traffic, aht=240, target=0.8, threshold=20, shrinkage="0.32")
    print(needed)
    print(needed.explain())
    floats = math.ceil(needed.agents / (1 - 0.32))
    exact = scheduled_agents(needed.agents, 0.32)
    print(f"shrinkage 32 %: exactly {exact} on the schedule; float arithmetic says {floats}")

    patient = erlang_a(traffic, needed.agents - 2, aht=240, patience=120, threshold=20)
    print(
        f"with callers who hang up after 120 s on average (Erlang A), {needed.agents - 2} agents:"
        f" service level {patient.service_level:.1%}, abandonment {patient.abandonment:.1%}"
    )


def main() -> None:
    kpis()
    staffing()


if __name__ == "__main__":
    main()
