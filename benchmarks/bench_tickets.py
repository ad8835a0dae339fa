"""Replay a JSON Lines export of ticket events into tickets: in columns
(``read_ticket_table``), with every ticket built (``read_ticket_events_bulk``) and through
the pure-Python row reader (``read_ticket_events``).

The export (seeded, written to a temporary file): N tickets of the built-in kinds, 5 events
each on average (3 to 7), each history a random walk along its kind's lifecycle (moves,
hand-overs, approvals where the lifecycle asks for one, notes), every event of the file
sorted by time so the tickets are interleaved as in a real export.  The ticket's own
fields (kind, customer, channel, priority) are on its first row only; ``None`` fields are
left out.

Timed: reading the file, parsing every row, grouping rows into tickets, and replaying
each ticket's events through its lifecycle to its state and owner, rejected rows kept
with their reasons: in columns (:func:`~servicepolicy.io.ticket_table.read_ticket_table`,
the goal of at least 250,000 events a second is judged on it; its first run in a process
pays for the memory it takes from the system, a second run is printed too); the same
with every :class:`~servicepolicy.tickets.Ticket` built
(:func:`~servicepolicy.io.tickets_arrow.read_ticket_events_bulk`); and the row reader,
pure Python, which pauses the cyclic garbage collector, its default, then the same with
the collector kept running (``pause_gc=False``).
Also timed, in the same run, as floors: parsing the JSON alone; parsing it and building
the :class:`TicketEvent` values; and a stripped-down loop that parses, checks the field
names and types, groups rows into tickets as plain tuples and replays only the arrows of
the lifecycle (no events, no tickets, no guards): what any reader that checks its rows
costs at least in CPython.  Memory is measured in a separate run
(tracemalloc slows what it traces).  If the target is missed, a cProfile of a smaller run
says where the time goes.  It measures and prints; it never fails on time.

Also timed (issue 13): reading a one-row-per-ticket export through the Zendesk preset
(:func:`~servicepolicy.io.snapshots.read_ticket_snapshots`), against reading the same
rows written in the library's own snapshot columns; the mapping may cost at most
``MAPPING_TARGET`` times as much.

Run: ``python benchmarks/bench_tickets.py [--tickets 200000] [--snapshots 1000000]
[--seed 7] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import json.scanner
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from servicepolicy.io.ticket_table import read_ticket_table
from servicepolicy.io.tickets import COLUMNS, read_ticket_events
from servicepolicy.io.tickets_arrow import read_ticket_events_bulk
from servicepolicy.tickets import LIFECYCLES, EventKind, TicketEvent

TARGET = 250_000  # events/s
MEMORY_TARGET = 600  # MB peak (VmHWM) for 2M events
MAPPING_TARGET = 1.3  # mapped snapshot read / own-format snapshot read
KINDS = ("complaint", "inquiry", "after_sales", "reception", "feedback")
CHANNELS = ("phone", "chat", "email", "visit", "web")
START = datetime.fromisoformat("2026-11-01T00:00:00+08:00")


def walk(n: int, events: int, rng: random.Random) -> list[dict[str, str]]:
    """The rows of ticket ``n``: an opening, then ``events - 1`` steps along its lifecycle."""
    kind = rng.choice(KINDS)
    life = LIFECYCLES.get(kind)
    ticket, at = f"T-{n:07d}", START + timedelta(seconds=rng.randrange(30 * 86_400))
    owner = f"agent-{rng.randrange(400)}"
    rows = [
        {
            "ticket": ticket,
            "event": "opened",
            "at": at.isoformat(),
            "by": owner,
            "kind": kind,
            "customer": f"C-{rng.randrange(50_000):05d}",
            "channel": rng.choice(CHANNELS),
            "priority": f"P{rng.randint(1, 5)}",
            "state": life.initial,
        }
    ]
    state, back, approved = life.initial, None, False
    while len(rows) < events:
        at += timedelta(seconds=rng.randrange(60, 4 * 3600))
        row = {"ticket": ticket, "at": at.isoformat(), "by": owner}
        allowed = [back] if back is not None else sorted(life.allowed_from(state))
        roll = rng.random()
        if state in life.terminal or roll < 0.15:
            row.update(event="note", note="called the customer back")
        elif roll < 0.30:
            new = f"agent-{rng.randrange(400)}"
            owner = new if new != owner else new + "b"
            row.update(event="hand_over", owner=owner, note="second-level analysis")
        else:
            target = rng.choice(allowed)
            role = life.approval_for(state, target)
            if role and not approved:
                row.update(event="approval", role=role, by="head-cs")
                approved = True
            else:
                row.update(event="transition", state=target, source=state)
                if target in life.notes_required:
                    row["note"] = "root cause: wrong tariff"
                back = state if target in life.waiting else None
                state, approved = target, False
        rows.append(row)
    return rows


def write_export(path: Path, tickets: int, seed: int) -> int:
    """Write the export; returns the number of events (5 per ticket on average)."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for n in range(0, tickets, 2):
        spread = rng.randint(0, 2)
        rows.extend(walk(n, 5 + spread, rng))
        if n + 1 < tickets:
            rows.extend(walk(n + 1, 5 - spread, rng))
    rows.sort(key=lambda row: row["at"])  # stable: a ticket's own events keep their order
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, separators=(",", ":")) + "\n" for row in rows)
    return len(rows)


def ours(path: Path, pause_gc: bool = True) -> Counter[str]:
    """Read and replay; the tickets' derived states, counted."""
    result = read_ticket_events(path, pause_gc=pause_gc).raise_for_rejected()
    return Counter(ticket.state for ticket in result.records)


def bulk(path: Path) -> Counter[str]:
    """Read and replay in bulk, every ticket built (the row reader's answer)."""
    result = read_ticket_events_bulk(path)
    assert result is not None, "the bulk reader declined the file"
    return Counter(ticket.state for ticket in result.raise_for_rejected().records)


def table(path: Path) -> Counter[str]:
    """Read and replay in columns (a TicketTable: no Ticket held)."""
    found = read_ticket_table(path)
    assert found is not None and not found.rejected, "the table reader declined the file"
    return Counter(found.states)


MEMORY = """
import sys
from pathlib import Path
from servicepolicy.io.tickets import read_ticket_events
from servicepolicy.io.tickets_arrow import read_ticket_events_bulk
from servicepolicy.io.ticket_table import read_ticket_table
path = Path(sys.argv[2])
if sys.argv[1] == "bulk":
    result = read_ticket_events_bulk(path)
elif sys.argv[1] == "table":
    result = read_ticket_table(path)
    states = result.states
else:
    result = read_ticket_events(path)
with open("/proc/self/status") as status:
    print([line.split()[1] for line in status if line.startswith("VmHWM:")][0])
"""


def peak_mb(how: str, path: Path) -> float:
    """VmHWM (MB) of a fresh process that reads ``path`` (``table``, ``bulk`` or ``rows``)."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY, how, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1]) / 1024


def ours_gc_running(path: Path) -> Counter[str]:
    """Read and replay with the cyclic garbage collector running."""
    return ours(path, pause_gc=False)


def parse_only(path: Path) -> int:
    """Floor: the JSON of every line, nothing else."""
    loads = json.loads
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if loads(line))


def parse_and_events(path: Path) -> int:
    """Floor: the JSON of every line and its TicketEvent (as the reader builds them)."""
    loads, kinds, parse = json.loads, {k.value: k for k in EventKind}, datetime.fromisoformat
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            d = loads(line)
            TicketEvent(
                kinds[d["event"]],
                parse(d["at"]),
                d["by"],
                d.get("source"),
                d.get("state"),
                d.get("owner"),
                d.get("note"),
                d.get("role"),
                d.get("channel"),
            )
            count += 1
    return count


def bare_replay(path: Path) -> int:
    """Floor: parse, check names and types, group plain tuples, replay the arrows only."""
    scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
    known, plain = frozenset(COLUMNS).issuperset, frozenset({str, type(None)}).issuperset
    parse, groups = datetime.fromisoformat, {}
    with path.open(encoding="utf-8") as handle:
        for text in handle:
            cells, _ = scan(text, 0)
            if not (known(cells) and plain(map(type, cells.values()))):
                raise ValueError(text)
            get = cells.get
            at = parse(get("at"))
            if at.tzinfo is None:
                raise ValueError(text)
            row = (get("event"), at, get("by"), get("source"), get("state"), get("owner"))
            group = groups.get(get("ticket"))
            if group is None:
                group = groups[get("ticket")] = [get("kind")]
            group.append(row)
    states = 0
    for kind, *rows in groups.values():
        arrows, state, last = LIFECYCLES.get(kind).transitions, rows[0][4], rows[0][1]
        for event, at, *_, target, _owner in rows[1:]:
            if at < last:
                raise ValueError(at)
            last = at
            if event == "transition":
                if target not in arrows.get(state, ()):
                    raise ValueError(target)
                state = target
        states += 1
    return states


def timed(run: Callable[[Path], Any], path: Path) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run(path)
    return time.perf_counter() - started, value


def profile(path: Path, top: int = 18) -> None:
    """Where the time goes, by own time, on the given (smaller) export."""
    profiler = cProfile.Profile()
    profiler.runcall(table, path)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)


ZENDESK = (
    "Id", "Requester", "Assignee", "Status", "Priority", "Ticket type", "Via", "Created at",
    "Updated at", "Solved at", "First reply time in minutes", "Agent wait time in minutes",
    "Subject", "Tags",
)  # fmt: skip
OWN = (
    "ticket", "customer", "by", "status", "priority", "kind", "channel", "opened",
    "updated", "resolved", "first_response_after",
)  # fmt: skip


def write_snapshots(folder: Path, rows: int, seed: int) -> tuple[Path, Path]:
    """The same tickets twice: as a Zendesk export and in the library's own columns."""
    rng = random.Random(seed)
    mapped, own = folder / "zendesk.csv", folder / "own.csv"
    types = (("question", "inquiry"), ("incident", "complaint"), ("task", "after_sales"))
    with mapped.open("w", encoding="utf-8") as z, own.open("w", encoding="utf-8") as o:
        z.write(",".join(f'"{c}"' for c in ZENDESK) + "\n")
        o.write(",".join(OWN) + "\n")
        for n in range(rows):
            opened = START + timedelta(seconds=rng.randrange(30 * 86_400))
            solved = opened + timedelta(minutes=rng.randrange(60, 5_000))
            updated = solved + timedelta(minutes=5)
            reply = rng.randrange(1, 600)
            theirs, ours_kind = rng.choice(types)
            when = [t.strftime("%Y-%m-%d %H:%M:%S +0800") for t in (opened, updated, solved)]
            z.write(
                f"{n + 1},C-{rng.randrange(5000)},agent-{rng.randrange(400)},Solved,Normal,"
                f'{theirs},Email,{when[0]},{when[1]},{when[2]},{reply},,"subject {n}",tag\n'
            )
            iso = [t.isoformat() for t in (opened, updated, solved)]
            o.write(
                f"{n + 1},C-{rng.randrange(5000)},agent-{rng.randrange(400)},resolved,P3,"
                f"{ours_kind},email,{iso[0]},{iso[1]},{iso[2]},{reply * 60}\n"
            )
    return mapped, own


def mapping_cost(folder: Path, rows: int, seed: int) -> None:
    """Time the Zendesk preset against the own-format snapshot read of the same rows."""
    from servicepolicy.io.mapping import InputMapping
    from servicepolicy.io.snapshots import read_ticket_snapshots

    mapped, own = write_snapshots(folder, rows, seed)
    preset = InputMapping(preset="zendesk")
    read_ticket_snapshots(mapped, mapping=preset)  # warm-up on the file cache
    best_mapped = best_own = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        theirs = read_ticket_snapshots(mapped, mapping=preset)
        best_mapped = min(best_mapped, time.perf_counter() - started)
        started = time.perf_counter()
        mine = read_ticket_snapshots(own)
        best_own = min(best_own, time.perf_counter() - started)
    ratio = best_mapped / best_own
    print(f"== {rows:,} ticket snapshots: the Zendesk preset vs our own columns ==")
    print(
        f"  through the preset: {best_mapped:.2f} s ({len(theirs.records):,} read, "
        f"{len(theirs.rejected)} rejected); own columns: {best_own:.2f} s "
        f"({len(mine.records):,} read, {len(mine.rejected)} rejected)"
    )
    verdict = "PASS" if ratio <= MAPPING_TARGET else "MISS"
    print(f"  mapping cost x{ratio:.2f} (target <= x{MAPPING_TARGET}): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="profile even on PASS")
    parser.add_argument("--snapshots", type=int, default=1_000_000, help="0: skip")
    parser.add_argument(
        "--memory-events", type=int, default=2_000_000, help="events of the memory run; 0: skip"
    )
    options = parser.parse_args()
    if options.snapshots:
        with tempfile.TemporaryDirectory() as folder:
            mapping_cost(Path(folder), options.snapshots, options.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.jsonl"
        small = Path(folder) / "small.jsonl"
        write_export(small, min(options.tickets, 20_000), options.seed + 1)
        ours(small)  # warm-up: imports, lifecycles
        started = time.perf_counter()
        events = write_export(path, options.tickets, options.seed)
        size = os.path.getsize(path)
        print(
            f"== {options.tickets:,} tickets, {events:,} events, {size / 2**20:.0f} MB of "
            f"JSON Lines (written in {time.perf_counter() - started:.1f} s) =="
        )
        load = os.getloadavg()[0]
        seconds, states = timed(ours, path)
        rate = events / seconds
        print(
            f"  read + replay: {seconds:.2f} s, {rate:,.0f} events/s, "
            f"{options.tickets / seconds:,.0f} tickets/s"
        )
        columns_seconds, columns_states = timed(table, path)
        columns_rate = events / columns_seconds
        verdict = "PASS" if columns_rate >= TARGET else "MISS"
        print(
            f"  read + replay in columns (read_ticket_table; states, owners, rejections): "
            f"{columns_seconds:.2f} s, {columns_rate:,.0f} events/s, "
            f"x{seconds / columns_seconds:.2f} the row reader; "
            f"same states: {columns_states == states}"
        )
        again, _ = timed(table, path)
        print(f"  in columns again: {again:.2f} s, {events / again:,.0f} events/s")
        bulk_seconds, bulk_states = timed(bulk, path)
        print(
            f"  read + replay in bulk, every Ticket built (read_ticket_events_bulk): "
            f"{bulk_seconds:.2f} s, {events / bulk_seconds:,.0f} events/s, "
            f"x{seconds / bulk_seconds:.2f} the row reader; same states: {bulk_states == states}"
        )
        closed = sum(n for state, n in states.items() if state in ("closed", "cancelled"))
        print(f"  states derived: {len(states)} distinct, {closed:,} tickets closed")
        print(f"  target >= {TARGET:,} events/s, read + replay in columns: {verdict}")
        running, _ = timed(ours_gc_running, path)
        print(
            f"  read + replay with the cyclic GC running (pause_gc=False): {running:.2f} s, "
            f"{events / running:,.0f} events/s"
        )
        floors = (
            ("JSON only", parse_only),
            ("JSON + TicketEvent", parse_and_events),
            ("bare checked replay of tuples", bare_replay),
        )
        for name, floor in floors:
            floor_seconds, _ = timed(floor, path)
            print(
                f"  floor, {name}: {floor_seconds:.2f} s, {events / floor_seconds:,.0f} "
                f"events/s (ours costs x{seconds / floor_seconds:.2f})"
            )
        print(f"  load average (1 min): {load:.2f} at the start, {os.getloadavg()[0]:.2f} now")
        tracemalloc.start()
        ours(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
        print(
            f"  peak memory of read + replay (tracemalloc, a separate run): {peak / 2**20:.0f} MB"
            f" ({peak / events:.0f} B/event); process peak RSS {rss:.0f} MB"
        )
        if options.memory_events:
            big = Path(folder) / "memory.jsonl"
            big_events = write_export(big, options.memory_events // 5, options.seed + 2)
            rows_mb, bulk_mb = peak_mb("rows", big), peak_mb("bulk", big)
            table_mb = peak_mb("table", big)
            verdict = "PASS" if table_mb <= MEMORY_TARGET else "MISS"
            print(
                f"  peak memory (VmHWM of a fresh process reading {big_events:,} events): "
                f"in columns {table_mb:,.0f} MB, every Ticket built {bulk_mb:,.0f} MB, "
                f"row reader {rows_mb:,.0f} MB; goal <= {MEMORY_TARGET:,} MB at 2M events "
                f"(in columns): {verdict}"
            )
        if columns_rate < TARGET or options.profile:
            print(f"\n== cProfile of read + replay, {min(options.tickets, 20_000):,} tickets ==")
            sys.stdout.flush()
            profile(small)


if __name__ == "__main__":
    main()
