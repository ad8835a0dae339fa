"""Evaluate every SLA clock of a million tickets at one instant (SLA-1 … SLA-5).

The tickets (seeded): the mixed kinds of ``bench_tickets.py`` (5 events each on average,
random walks along their lifecycles, with hand-overs, approvals and notes), each opened
by a customer of a random tier, a third of them with a reply, one in twenty with a promise
and one in twenty reclassified to P1.  They are read from JSON Lines once (not timed).

The policy: first response, progress updates (complaints), resolution and follow-up
targets, specific by kind, tier and priority, on two calendars: a hotline
(``mon-fri 09:00-18:00``, Chinese holidays and make-up days) and a key-account desk
(``mon-sat 08:00-20:00``).

Timed, at one instant: ``policy.replay(tickets, now)``, which evaluates every clock of
every ticket and counts the states by kind, tier and metric (the bulk path), by the
pure-Python object path (``engine="objects"``) and in columns (numpy, the default when
numpy is installed; with the number of clocks the object path ran); and
``policy.evaluate(ticket, now)`` for every ticket, which also builds each clock's full
:class:`~servicepolicy.sla.SlaStatus` (due instant, elapsed and remaining time as
datetimes and timedeltas, the pauses), beside ``evaluate_many`` in columns.  The goal
(issue 17) is the columnar replay of 1,000,000 tickets in at most 10 s.  Peak memory
(VmHWM) is printed; it includes the tickets, held in memory.  It measures and prints;
it never fails on time.

Run: ``python benchmarks/bench_sla.py [--tickets 1000000] [--seed 11]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_tickets import walk

from servicepolicy.calendar import BusinessCalendar
from servicepolicy.io.tickets import read_ticket_events
from servicepolicy.sla import SlaPolicy, SlaReport, SlaTarget
from servicepolicy.sla.columns import run_columns
from servicepolicy.tickets import LIFECYCLES, Ticket

TARGET = 10.0  # seconds for 1,000,000 tickets
SAMPLE = 100_000  # tickets whose full statuses are built
TIERS = ("strategic", "important", "potential", None)
H = timedelta(hours=1)


def policy() -> SlaPolicy:
    """Targets by kind, tier and priority on two calendars."""
    hotline = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")
    desk = BusinessCalendar("mon-sat 08:00-20:00", "Asia/Shanghai", name="key-account desk")
    key = ("strategic", "important")
    return SlaPolicy(
        [
            SlaTarget("respond", "first_response", 4 * H, calendar="hotline"),
            SlaTarget("respond-key", "first_response", H, tiers=key, calendar="desk"),
            SlaTarget("update", "progress_update", 8 * H, kinds="complaint", calendar="hotline"),
            SlaTarget("resolve", "resolution", 40 * H, calendar="hotline"),
            SlaTarget(
                "resolve-complaint", "resolution", 24 * H, kinds="complaint", calendar="hotline"
            ),
            SlaTarget(
                "resolve-key", "resolution", 16 * H, kinds="complaint", tiers=key, calendar="desk"
            ),
            SlaTarget(
                "resolve-p1",
                "resolution",
                8 * H,
                kinds="complaint",
                priorities="P1",
                calendar="hotline",
            ),
            SlaTarget(
                "resolve-key-p1",
                "resolution",
                4 * H,
                kinds="complaint",
                tiers=key,
                priorities="P1",
                calendar="desk",
            ),
            SlaTarget("follow-up", "follow_up", timedelta(days=7)),
        ],
        calendars={"hotline": hotline, "desk": desk},
    )


def rows(tickets: int, seed: int) -> list[dict[str, Any]]:
    """The events of ``tickets`` tickets, each ticket's rows together."""
    rng = random.Random(seed)
    found: list[dict[str, Any]] = []
    for n in range(tickets):
        history = walk(n, rng.randint(3, 7), rng)
        if tier := rng.choice(TIERS):
            history[0]["tier"] = tier
        last = history[-1]
        at = datetime.fromisoformat(last["at"]) + timedelta(minutes=rng.randint(1, 600))
        extra = None
        roll = rng.random()
        if roll < 0.33:
            extra = {"event": "reply", "channel": history[0]["channel"]}
        elif roll < 0.38:
            due = at + timedelta(hours=rng.randint(1, 48))
            extra = {"event": "promise", "due": due.isoformat()}
        elif roll < 0.43:
            extra = {"event": "reclassified", "priority": "P1"}
        if extra is not None and not _closed(history):
            history.append({"ticket": last["ticket"], "at": at.isoformat(), "by": "agent"} | extra)
        found += history
    return found


def _closed(history: list[dict[str, Any]]) -> bool:
    """Whether the ticket reached a terminal state (only notes may follow)."""
    terminal = LIFECYCLES.get(history[0]["kind"]).terminal
    return any(row.get("state") in terminal for row in history)


def peak_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    return int(hwm[0]) / 1024 if hwm else float("nan")


def load(tickets: int, seed: int) -> list[Ticket]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row) + "\n" for row in rows(tickets, seed))
        return list(read_ticket_events(path).raise_for_rejected().records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    started = time.perf_counter()
    tickets = load(options.tickets, options.seed)
    events = sum(len(t.events) for t in tickets)
    print(
        f"== {len(tickets):,} tickets, {events:,} events "
        f"(generated and read in {time.perf_counter() - started:.0f} s) =="
    )
    sla = policy()
    now = datetime.fromisoformat("2026-12-05T12:00:00+08:00")
    sla.evaluate(tickets[0], now)  # warm-up: the calendars' indexes
    load_avg = os.getloadavg()[0]
    scale = 1_000_000 / len(tickets)

    def verdict(seconds: float) -> str:
        scaled = seconds * scale
        return f"{scaled:.1f} s per 1,000,000 tickets, {'PASS' if scaled <= TARGET else 'MISS'}"

    started = time.perf_counter()
    report = sla.replay(tickets, now, engine="objects")
    seconds = time.perf_counter() - started
    clocks = sum(rate.clocks for rate in report.rates)
    print(
        f"  replay, objects (pure Python): {seconds:.2f} s, {len(tickets) / seconds:,.0f} "
        f"tickets/s, {clocks:,} clocks; {verdict(seconds)}"
    )
    started = time.perf_counter()
    counts, _, stats = run_columns(sla, tickets, now)
    columnar = SlaReport.from_counts(now, counts)
    col_seconds = time.perf_counter() - started
    print(
        f"  replay, columns (numpy; replay()'s default with numpy): {col_seconds:.2f} s, "
        f"{len(tickets) / col_seconds:,.0f} tickets/s, {stats.clocks:,} clocks, "
        f"{stats.fallbacks:,} clocks by the object path; {verdict(col_seconds)}; "
        f"{seconds / col_seconds:.2f}x the objects; same report: {columnar == report}"
    )
    sample = tickets[:SAMPLE]  # every clock's full status: on a sample, scaled
    per_million = 1_000_000 / len(sample)
    started = time.perf_counter()
    states: Counter[tuple[str, str]] = Counter()
    for ticket in sample:
        for status in sla.evaluate(ticket, now):
            states[(status.metric, status.state)] += 1
    seconds = time.perf_counter() - started
    print(
        f"  evaluate, every clock's full SlaStatus, objects, {len(sample):,} tickets: "
        f"{seconds:.2f} s, {len(sample) / seconds:,.0f} tickets/s; "
        f"{seconds * per_million:.1f} s per 1,000,000 tickets"
    )
    started = time.perf_counter()
    many: Counter[tuple[str, str]] = Counter()
    for found in sla.evaluate_many(sample, now, engine="columns"):
        for status in found:
            many[(status.metric, status.state)] += 1
    col_seconds = time.perf_counter() - started
    print(
        f"  evaluate_many, columns, the same tickets: {col_seconds:.2f} s; "
        f"{col_seconds * per_million:.1f} s per 1,000,000 tickets; "
        f"{seconds / col_seconds:.2f}x the objects (not faster: every outcome is built); "
        f"same states: {many == states}"
    )
    for (metric, state), n in sorted(states.items()):
        print(f"    {metric:<16} {state:<9} {n:>9,}")
    print(f"  peak memory (VmHWM, tickets included) {peak_mb():,.0f} MB")
    started = time.perf_counter()
    again = sla.replay(tickets, now)  # numpy installed: in columns
    seconds = time.perf_counter() - started
    print(
        f"  replay() again (columns): {seconds:.2f} s; {verdict(seconds)}; same: {again == report}"
    )
    print(f"  load average (1 min): {load_avg:.2f} at the start, {os.getloadavg()[0]:.2f} now")


if __name__ == "__main__":
    main()
