"""``servicepolicy.dask.check`` on 2 local workers against the single-process ``check``,
on millions of calls written as Parquet parts (issue 17 part 3).

Run from the repository root (the extra ``servicepolicy[dask]``: ``make install`` does it)::

    PYTHONPATH=src python benchmarks/bench_dask.py [--millions 5] [--parts 8]

The calls are generated as ``bench_calls.py`` generates them (seeded; 15 % abandoned,
5 % never connected, one row in 10,000 rejected) and written as ``--parts`` Parquet files
of 1M-row row groups or smaller.  Then, each in its own process:

* ``single``: what ``servicepolicy check --calls all.parquet`` does in one process
  (``read_inputs`` reads the calls with the bulk path, then ``policy.check``), on the same
  rows written as one Parquet file;
* ``dask``: ``servicepolicy.dask.check`` on a ``LocalCluster`` of 2 worker processes of
  one thread each (cluster start-up, and a warm-up count of 100,000 calls a worker that
  a long-running cluster has behind it, timed apart), started by
  :func:`servicepolicy.dask.local_cluster`: without dask's default
  ``MALLOC_TRIM_THRESHOLD_`` of 64 KiB (``distributed.nanny.pre-spawn-environ``), which
  makes glibc map and unmap every array over 128 KiB, a page fault per page each time
  (about a third more CPU for the counting); the goal is judged on this run.  The same
  on a ``LocalCluster`` with dask's defaults is printed beside it.

Printed: wall seconds, the ratio single / dask (goal >= 1.6x, PASS or MISS: a MISS never
fails the run), the merge cost (the driver's merging of the parts' counts and the check
of IDs across parts), peak memory (``VmHWM``) of the driver and of each worker, the load
average.  The two reports are compared: they must be equal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_calls import generate

NOW = "2026-12-31T23:59+08:00"
RATIO_GOAL = 1.6

CHILD = r"""
import hashlib, sys, time
mode, where, now = sys.argv[1:4]
from datetime import datetime
from servicepolicy.policy import load_policy
from servicepolicy.report import render_text

def hwm():
    with open("/proc/self/status") as status:
        return int([l.split()[1] for l in status if l.startswith("VmHWM:")][0]) / 1024

policy = load_policy("callcentre")
when = datetime.fromisoformat(now)
glob = where + "/*.parquet"
extra = ""
if mode == "single":  # what `servicepolicy check --calls all.parquet` does
    from pathlib import Path
    from servicepolicy.policy.inputs import read_inputs
    start, cpu = time.perf_counter(), time.process_time()
    found = read_inputs(policy, calls=Path(where) / "all" / "all.parquet")
    report = policy.check(now=when, **found)
    seconds = time.perf_counter() - start
    extra = f" cpu={time.process_time() - cpu:.1f}"
else:
    from distributed import Client, LocalCluster
    import servicepolicy.dask as sd
    import servicepolicy.dask.engine as dc
    began = time.perf_counter()
    if mode == "dask":  # workers as servicepolicy.dask.local_cluster starts them
        cluster = sd.local_cluster(2)
    else:  # dask's defaults
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                               silence_logs=40)
    client = Client(cluster)
    # warm the workers, as a long-running cluster's are (imports, compiled patterns,
    # memory taken from the system): a part of 100,000 calls each
    sd.count_calls(policy, where + "/warm/*.parquet", client=client)
    startup = time.perf_counter() - began
    merge = 0.0
    merged, why = dc._merge, dc._why_not
    def timed(f):
        def inner(*a, **k):
            global merge
            t = time.perf_counter(); r = f(*a, **k); merge += time.perf_counter() - t
            return r
        return inner
    dc._merge, dc._why_not = timed(merged), timed(why)
    worker_cpu = client.run(time.process_time)
    start, cpu = time.perf_counter(), time.process_time()
    counted = sd.count_calls(policy, glob, client=client)
    report = policy.check(now=when, calls=counted.calls)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    after = client.run(time.process_time)
    worker_cpu = ",".join(f"{after[w] - worker_cpu[w]:.1f}" for w in sorted(after))
    workers = client.run(hwm)
    extra = (f" cpu={cpu:.1f} workers_cpu={worker_cpu} "
             f"startup={startup:.2f} merge={merge:.3f} parts={counted.parts} "
             f"fallback={counted.fallback!r} workers_mb=" +
             ",".join(f"{v:.0f}" for v in workers.values()))
    client.close(); cluster.close()
text = render_text(report).replace(where + "/all/all.parquet", glob)
digest = hashlib.sha256(text.encode()).hexdigest()[:16]
print(f"RESULT {seconds} {hwm()} {digest}{extra}")
"""


def run(mode: str, where: Path) -> tuple[float, str]:
    """(wall seconds inside, the rest of the child's result line)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(where), NOW],
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    _, seconds, rest = lines[-1].split(" ", 2)
    return float(seconds), rest


def write_parts(where: Path, n: int, parts: int, seed: int) -> None:
    """``n`` calls as ``parts`` Parquet files (row groups of at most 1M rows)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    csv_path = where / "all.csv"
    generate(csv_path, n, seed)
    import pyarrow as pa

    with csv_path.open(encoding="utf-8") as file:
        header = file.readline().strip().split(",")
    convert = pcsv.ConvertOptions(
        column_types={name: pa.string() for name in header}, strings_can_be_null=False
    )
    table = pcsv.read_csv(csv_path, convert_options=convert)  # text, as in the CSV file
    csv_path.unlink()
    (where / "warm").mkdir()
    for i in range(2):  # one part for each worker
        pq.write_table(table.slice(i * 100_000, 100_000), where / "warm" / f"warm-{i}.parquet")
    (where / "all").mkdir()
    pq.write_table(table, where / "all" / "all.parquet", row_group_size=1 << 20)
    size = -(-n // parts)
    for i in range(parts):
        pq.write_table(
            table.slice(i * size, size), where / f"part-{i:03}.parquet", row_group_size=1 << 20
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--millions", type=float, default=5.0)
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1, help="runs of each contender")
    args = parser.parse_args()
    n = int(args.millions * 1_000_000)
    print(f"python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        began = time.perf_counter()
        write_parts(where, n, args.parts, args.seed)
        mb = sum(p.stat().st_size for p in where.glob("*.parquet")) / 1e6
        print(
            f"{n:,} calls in {args.parts} Parquet parts, {mb:.0f} MB "
            f"(written in {time.perf_counter() - began:.1f} s)"
        )
        for round in range(1, args.rounds + 1):
            print(f"\nround {round}, load {os.getloadavg()[0]:.2f}")
            single, single_rest = run("single", where)
            peak, digest, single_cpu = single_rest.split()[:3]
            print(
                f"  single process   {single:7.2f} s   peak {float(peak):6.0f} MB, "
                f"CPU {single_cpu.split('=')[1]} s (all its threads)"
            )
            trimmed, rest = run("dask-default", where)
            info = dict(f.split("=", 1) for f in rest.split()[2:])
            print(
                f"  dask, 2 workers, dask's default MALLOC_TRIM_THRESHOLD_ (64 KiB) "
                f"{trimmed:7.2f} s, workers' CPU {info['workers_cpu']} s, "
                f"ratio {single / trimmed:.2f}x"
            )
            dask, rest = run("dask", where)
            fields = rest.split()
            dask_peak, dask_digest = fields[:2]
            info = dict(f.split("=", 1) for f in fields[2:])
            print(
                f"  dask, 2 workers, allocator as recommended (MALLOC_TRIM_THRESHOLD_ unset)"
                f"\n                   {dask:7.2f} s   driver peak {float(dask_peak):6.0f} MB, "
                f"workers' peaks {info['workers_mb']} MB "
                f"(cluster start-up {float(info['startup']):.2f} s, not counted)"
            )
            print(
                f"  CPU seconds      driver {info['cpu']} s, workers {info['workers_cpu']} s "
                f"(wall x 2 cores = {2 * dask:.1f} s: the rest went to other processes)"
            )
            merge = float(info["merge"])
            print(
                f"  merge cost       {merge:7.3f} s   ({100 * merge / dask:.1f} % of the dask "
                f"run; {info['parts']} parts, fallback {info['fallback']})"
            )
            ratio = single / dask
            verdict = "PASS" if ratio >= RATIO_GOAL else "MISS"
            print(f"  ratio single/dask {ratio:6.2f}x  (goal >= {RATIO_GOAL:g}x: {verdict})")
            same = "equal" if digest == dask_digest else "DIFFERENT"
            print(f"  reports          {same} ({digest} / {dask_digest})")
    print(f"\nload {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
