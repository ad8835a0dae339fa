"""Benchmark ``servicepolicy check`` at scale: is the main job linear in its input?

Run from the repository root::

    make bench
    python benchmarks/bench_check.py [--sizes 5,10,50] [--seed 2026] [--data DIR]
    python benchmarks/bench_check.py --sizes 10 --profile     # cProfile of one size

For each size ``k`` the sample generator writes a ``k``-site month
(:func:`servicepolicy.sample.sites.sites`: ``k`` times the people, shifts, requests,
clock records, customers, tickets and calls of the example month) to ``DIR/k<k>-seed<S>``
(kept, so later runs skip the generation), then runs the ``check`` command on those files
(the same code path as ``servicepolicy check callcentre --tickets … --format json``) in a
fresh process.  It prints seconds, peak memory (the process's maximum resident set) and
the cost per input record (one row or event line of the files read) at each size, and the
ratio of the largest size's cost per record to the smallest's.  The cost is the check's
CPU time (``time.process_time``): on a shared machine a busy neighbour stretches the wall
time of one run far more than its CPU time (both are printed).

Goal: 50x costs at most 1.25x per record what 5x costs.  The script prints the ratio and
PASS/MISS; it never fails on time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.25
_FILES = (
    "tickets.jsonl",
    "calls.csv",
    "surveys.csv",
    "leave.csv",
    "swaps.csv",
    "attendance.csv",
    "handover.csv",
    "employees.csv",
    "shifts.csv",
    "staffing.csv",
)


def _arguments(data: Path, output: Path) -> list[str]:
    return [
        "check",
        "callcentre",
        "--tickets",
        str(data / "tickets.jsonl"),
        "--calls",
        str(data / "calls.csv"),
        "--surveys",
        str(data / "surveys.csv"),
        "--roster",
        str(data),
        "--requests",
        str(data / "leave.csv"),
        "--requests",
        str(data / "swaps.csv"),
        "--attendance",
        str(data / "attendance.csv"),
        "--hand-over-logs",
        str(data / "handover.csv"),
        "--format",
        "json",
        "--output",
        str(output),
    ]


def _records(data: Path) -> int:
    """Input records: the data lines of every file the check reads (headers left out)."""
    total = 0
    for name in _FILES:
        with (data / name).open("rb") as handle:
            lines = sum(1 for line in handle if line.strip())
        total += lines - (0 if name.endswith(".jsonl") else 1)
    return total


def _prepare(k: int, seed: int, root: Path) -> Path:
    from servicepolicy.sample.sites import sites

    where = root / f"k{k}-seed{seed}"
    if (where / "month.json").exists():
        return where
    began = time.perf_counter()
    print(f"  generating {k} site(s) into {where} ...", end="", flush=True)
    sites(k, seed).write(where)
    print(f" {time.perf_counter() - began:.0f} s", flush=True)
    return where


def _child(data: Path, profile: bool) -> None:
    """Run the check once in this process and print its figures as JSON."""
    from servicepolicy.cli import main

    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        profiler = cProfile.Profile() if profile else None
        began, cpu = time.perf_counter(), time.process_time()
        with open(os.devnull, "w") as quiet:
            if profiler is not None:
                profiler.enable()
            status = main(_arguments(data, output), stdout=quiet)
            if profiler is not None:
                profiler.disable()
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kib": peak, "status": status}))


def _measure(data: Path, profile: bool) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, __file__, "--child", str(data), *(["--profile"] if profile else [])],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,10,50", help="comma-separated site counts")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "servicepolicy-bench-check",
        help="where the generated months are kept between runs",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each check (stderr)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.profile)
        return
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    print(f"servicepolicy check at scale: sizes {sizes}, seed {args.seed}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    rows = []
    for k in sizes:
        data = _prepare(k, args.seed, args.data)
        records = _records(data)
        figures = _measure(data, args.profile)
        per = figures["cpu"] / records * 1e6
        rows.append((k, records, figures["peak_kib"] / 1024, per))
        print(
            f"  {k:>4}x  {records:>10,} records  {figures['seconds']:7.1f} s wall  "
            f"{figures['cpu']:7.1f} s cpu  {figures['peak_kib'] / 1024:6.0f} MB peak  "
            f"{per:6.1f} us cpu/record",
            flush=True,
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        ratio = large[3] / small[3]
        memory = (large[2] / large[1]) / (small[2] / small[1])
        verdict = "PASS" if ratio <= GOAL else "MISS"
        print(
            f"cpu cost per record {large[0]}x / {small[0]}x: {ratio:.2f} "
            f"(goal <= {GOAL}: {verdict}); peak memory per record: {memory:.2f}"
        )


if __name__ == "__main__":
    main()
