"""``servicepolicy check --calls`` on millions of calls: the Arrow bulk path against
``pyarrow.csv.read_csv`` alone on the same file, and the pure-Python row path (issue 17).

Run from the repository root (pyarrow installed: ``make install`` does it)::

    PYTHONPATH=src python benchmarks/bench_calls.py [--sizes 1,5] [--rows-path-at 1]

For each size (millions of calls) a seeded calls file is generated once (vectorised, a
few seconds per million; 15 % of the calls abandoned, 5 % never connected, one row in
10,000 with a problem the check rejects), then each contender runs in its own process:

* ``check``: the command itself, ``servicepolicy check callcentre --calls FILE --now …
  --max-rejected 1%``, end to end including start-up and the report (the Arrow bulk path);
* ``read_csv``: ``pyarrow.csv.read_csv(FILE)`` alone (start-up excluded), the floor;
* ``rows``: the same check with the row reader (``read_inputs(..., bulk=False)``), at the
  sizes of ``--rows-path-at`` only (it takes about 30 s and over 1 GB per million).

The children run with Python's bytecode cache on (in a temporary folder, filled by a
first run on a small file), as an installed package has it.

Printed: wall seconds, peak memory (the process's maximum resident set, ``VmHWM``), the ratio
``check`` / ``read_csv`` against the goal of at most 3x, and the goal of at most 300 MB at
5M calls.  Goals are printed as PASS or MISS; a MISS never fails the run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-12-31T23:59+08:00"
RATIO_GOAL, MEMORY_GOAL_MB = 3.0, 300

CHILD = r"""
import resource, sys, time
mode, path, now = sys.argv[1:4]
start = time.perf_counter()
if mode == "read_csv":
    import pyarrow.csv
    start = time.perf_counter()
    pyarrow.csv.read_csv(path)
elif mode == "check":
    import io
    from servicepolicy.cli import main
    out = io.StringIO()
    main(["check", "callcentre", "--calls", path, "--now", now, "--max-rejected", "1%"], stdout=out)
    assert "calls" in out.getvalue()
else:
    from datetime import datetime
    from servicepolicy.policy import load_policy
    from servicepolicy.policy.inputs import read_inputs
    from servicepolicy.report import render_text
    policy = load_policy("callcentre")
    found = read_inputs(policy, calls=path, bulk=False)
    render_text(policy.check(now=datetime.fromisoformat(now), **found))
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: ru_maxrss keeps the parent's size across fork and exec
with open("/proc/self/status") as status:
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
peak = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds} {peak}")
"""


def generate(path: Path, n: int, seed: int) -> None:
    """``n`` calls over November 2026 (Asia/Shanghai), written with pyarrow."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-11-01T00:00:00")
    offered = start + rng.integers(0, 30 * 86_400, n).astype("timedelta64[s]")
    outcome = rng.choice(3, n, p=[0.80, 0.15, 0.05])  # answered, abandoned, neither
    wait = rng.integers(0, 90, n).astype("timedelta64[s]")

    def iso(values: np.ndarray, mask: np.ndarray) -> pa.Array:
        text = pa.array(np.datetime_as_string(values, unit="s")).cast(pa.string())
        import pyarrow.compute as pc

        joined = pc.binary_join_element_wise(text, "+08:00", "")
        return pc.if_else(pa.array(mask), joined, "")

    answered = outcome == 0
    inbound = rng.random(n) < 0.8
    direction = np.where(inbound, "inbound", "outbound")
    abandoned = (outcome == 1) & inbound
    talk = np.where(answered, rng.integers(20, 900, n), 0)
    hold = np.where(answered, rng.integers(0, 60, n), 0)
    acw = np.where(answered, rng.integers(0, 120, n), 0)
    agent = rng.integers(0, 400, n)
    bad = rng.random(n) < 1e-4
    ids = np.char.add("K-", np.arange(n).astype(str))
    table = pa.table(
        {
            "id": ids,
            "direction": np.where(bad, "sideways", direction),
            "queue": np.char.add("q", rng.integers(1, 6, n).astype(str)),
            "offered": iso(offered, np.ones(n, dtype=bool)),
            "answered": iso(offered + wait, answered),
            "abandoned": iso(offered + wait, abandoned),
            "agent": np.where(answered, np.char.add("A-", agent.astype(str)), ""),
            "team": np.where(answered, np.char.add("T", (agent // 20).astype(str)), ""),
            "customer": np.char.add("C-", rng.integers(0, n // 3 + 1, n).astype(str)),
            "rings": np.where(answered, rng.integers(1, 5, n).astype(str), ""),
            "talk_seconds": talk.astype(str),
            "hold_seconds": hold.astype(str),
            "acw_seconds": acw.astype(str),
            "resolved_first_contact": np.where(
                answered, np.where(rng.random(n) < 0.8, "true", "false"), ""
            ),
        }
    )
    options = pcsv.WriteOptions(quoting_style="none")
    pcsv.write_csv(table, path, options)


def child_env(cache: Path) -> dict[str, str]:
    """The children's environment: the library on the path, and Python's bytecode cache
    on (in ``cache``), as an installed package has it; a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module at each start."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


ENV: dict[str, str] = {}


def run(mode: str, path: Path) -> tuple[float, float, float]:
    """(wall seconds with start-up, seconds inside, peak MB) of one contender."""
    env = ENV or {**os.environ}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), NOW],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    wall = time.perf_counter() - began
    inside, peak = map(float, done.stdout.split()[-2:])
    return wall, inside, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5", help="millions of calls, comma-separated")
    parser.add_argument("--rows-path-at", default="1", help="sizes to run the row path at")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    rows_at = {float(s) for s in args.rows_path_at.split(",") if s}
    print(f"python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        ENV.update(child_env(Path(tmp) / "pycache"))
        warm = Path(tmp) / "warm.csv"
        generate(warm, 1_000, args.seed)
        run("check", warm)  # fills the bytecode cache, as installing the package does
        for size in sizes:
            n = int(size * 1_000_000)
            path = Path(tmp) / f"calls-{n}.csv"
            began = time.perf_counter()
            generate(path, n, args.seed)
            mb = path.stat().st_size / 1e6
            print(f"\n{n:,} calls, {mb:.0f} MB (generated in {time.perf_counter() - began:.1f} s)")
            _, csv_s, csv_mb = run("read_csv", path)
            print(f"  pyarrow.csv.read_csv  {csv_s:7.2f} s            peak {csv_mb:6.0f} MB")
            wall, inside, peak = run("check", path)
            ratio = wall / csv_s
            print(
                f"  check --calls (Arrow) {wall:7.2f} s end to end ({inside:.2f} s inside), "
                f"peak {peak:6.0f} MB"
            )
            verdict = "PASS" if ratio <= RATIO_GOAL else "MISS"
            print(f"  ratio check/read_csv  {ratio:7.1f}x  (goal <= {RATIO_GOAL:g}x: {verdict})")
            if n >= 5_000_000:
                verdict = "PASS" if peak <= MEMORY_GOAL_MB else "MISS"
                print(
                    f"  peak memory at 5M     {peak:7.0f} MB (goal <= {MEMORY_GOAL_MB}: {verdict})"
                )
            if size in rows_at:
                wall, inside, peak = run("rows", path)
                print(f"  check, row path       {wall:7.2f} s end to end, peak {peak:6.0f} MB")
    print(f"\nload {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
