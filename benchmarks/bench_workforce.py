"""A month of leave and swap requests for a call centre, through ``WorkforcePolicy.review``.

The roster: N agents in teams of 25 on a 4-on-4-off pattern of day shifts (08:00-20:00)
and night shifts (20:00-08:00) for November 2026, two skill levels, minimum staffing per
shift and team; the requests: 2,000 swaps and 1,000 leave requests per 500 agents, made
at random instants before the shifts they concern.  Every rule of LEAVE and SWAP is
checked for every request; approved requests change the roster the next ones see.

Prints requests/s for 500 agents (the issue's target: the whole month in at most 2 s),
then the growth from 100 to 1,000 agents, which must be near-linear.  It measures and
prints; it never fails on time.

Run: ``make bench`` or ``python benchmarks/bench_workforce.py [--agents 500] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy import BusinessCalendar
from servicepolicy.workforce import (
    Approval,
    ApproverRole,
    Employee,
    LeaveKind,
    LeaveRequest,
    Roster,
    Shift,
    StaffingRequirement,
    SwapRequest,
)
from servicepolicy.workforce.review import Request, WorkforcePolicy

TZ = ZoneInfo("Asia/Shanghai")
MONTH = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
TEAM_SIZE = 25
PATTERN = ("day", "day", "night", "night", None, None, None, None)  # 4 on, 4 off


def build_roster(agents: int, calendar: BusinessCalendar) -> Roster:
    """``agents`` employees on the 4-on-4-off pattern with minimum staffing per team."""
    employees = [
        Employee(
            id=f"A{i:04d}",
            team=f"T{i // TEAM_SIZE:02d}",
            team_leader=f"L{i // TEAM_SIZE:02d}",
            job_type="hotline",
            skill_level=1 + i % 2,
        )
        for i in range(agents)
    ]
    shifts = []
    for n, employee in enumerate(employees):
        for d, day in enumerate(MONTH):
            kind = PATTERN[(d + n) % len(PATTERN)]
            if kind is None:
                continue
            hour = 8 if kind == "day" else 20
            start = datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
            shifts.append(Shift(f"{employee.id}-{day:%m%d}", employee.id, start, start + 12 * H))
    staffing = [
        StaffingRequirement(start, start + 12 * H, "hotline", minimum=1, min_skill=2)
        for day in MONTH
        for hour in (8, 20)
        for start in [datetime(day.year, day.month, day.day, hour, tzinfo=TZ)]
    ]
    return Roster(employees, shifts, calendar, staffing=staffing)


H = timedelta(hours=1)


def build_requests(roster: Roster, swaps: int, leaves: int, rng: random.Random) -> list[Request]:
    """Random swap and leave requests, each made before the shift it concerns."""
    by_team: dict[str, list[Employee]] = {}
    for employee in roster.employees.values():
        by_team.setdefault(employee.team, []).append(employee)
    of: dict[str, list[Shift]] = {}
    for shift in roster.shifts:
        of.setdefault(shift.employee, []).append(shift)
    people = list(roster.employees.values())
    requests: list[Request] = []
    while len(requests) < swaps:
        a = rng.choice(people)
        b = rng.choice(by_team[a.team])
        if a.id == b.id or not of.get(a.id) or not of.get(b.id):
            continue
        given, back = rng.choice(of[a.id]), rng.choice(of[b.id])
        made = min(given.start, back.start) - timedelta(hours=rng.randint(6, 24 * 7))
        approvals = [Approval(a.team_leader, ApproverRole.TEAM_LEADER)]
        requests.append(
            SwapRequest(f"S{len(requests):05d}", a.id, b.id, given.id, back.id, made, approvals)
        )
    for n in range(leaves):
        employee = rng.choice(people)
        shift = rng.choice(of[employee.id])
        kind = rng.choice([LeaveKind.PERSONAL, LeaveKind.PERSONAL, LeaveKind.SICK])
        made = shift.start - timedelta(hours=rng.randint(1, 24 * 5))
        requests.append(
            LeaveRequest(
                f"L{n:05d}",
                employee.id,
                kind,
                shift.start,
                shift.end,
                requested_at=made,
                requested_by=employee.id,
                submitted_to=employee.team_leader,
            )
        )
    rng.shuffle(requests)
    return requests


def prepare(agents: int, seed: int) -> tuple[Roster, list[Request]]:
    """The roster and its month of requests for ``agents`` agents."""
    calendar = BusinessCalendar.always("Asia/Shanghai", country="CN")
    roster = build_roster(agents, calendar)
    return roster, build_requests(roster, agents * 4, agents * 2, random.Random(seed))


def timed(roster: Roster, requests: list[Request]) -> tuple[float, str]:
    """Seconds for one review, and its summary."""
    started = time.perf_counter()
    review = WorkforcePolicy().review(roster, requests)
    return time.perf_counter() - started, review.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    timed(*prepare(50, options.seed))  # warm-up: imports, holiday data, calendar index

    roster, requests = prepare(options.agents, options.seed)
    seconds, summary = timed(roster, requests)
    kinds = Counter(type(r).__name__ for r in requests)
    print(
        f"== review: {options.agents} agents, {len(roster.shifts):,} shifts, "
        f"{kinds['SwapRequest']:,} swap + {kinds['LeaveRequest']:,} leave requests =="
    )
    print(f"  {summary}")
    print(
        f"  {seconds:.2f} s, {len(requests) / seconds:,.0f} requests/s "
        f"(target: the month in <= 2 s: {'PASS' if seconds <= 2 else 'MISS'})"
    )
    tracemalloc.start()
    timed(roster, requests)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  peak memory of the review (tracemalloc, a separate run): {peak / 2**20:.1f} MB")

    print("\n== growth (requests scale with agents: 4 swaps + 2 leave per agent) ==")
    print(f"  {'agents':>7} {'requests':>9} {'seconds':>8} {'req/s':>9} {'ms per req':>11}")
    base = None
    for agents in (100, 250, 500, 1000):
        roster, requests = prepare(agents, options.seed)
        seconds = min(timed(roster, requests)[0] for _ in range(3))
        per_request = seconds / len(requests) * 1000
        base = base or per_request
        print(
            f"  {agents:>7} {len(requests):>9,} {seconds:>8.2f} {len(requests) / seconds:>9,.0f}"
            f" {per_request:>11.3f}   (x{per_request / base:.2f} per request vs 100 agents)"
        )


if __name__ == "__main__":
    main()
