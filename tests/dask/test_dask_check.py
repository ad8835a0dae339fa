"""``servicepolicy.dask.check`` on a 2-worker ``LocalCluster`` gives the single-process
report (KPI-1 … KPI-7): the calls counted in parts (Parquet row groups, CSV line ranges,
DataFrame partitions) and merged in input order, rejected rows with the lines and
reasons one process gives them, call IDs repeated within a part or across parts."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")
pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import pyarrow as pa
import pyarrow.parquet as pq

import servicepolicy.dask as sd
from servicepolicy.cli import main
from servicepolicy.dask import local_cluster
from servicepolicy.errors import MissingExtraError, ServicePolicyError
from servicepolicy.io.calls import CALL_COLUMNS
from servicepolicy.io.calls_arrow import BulkCalls, read_calls_bulk
from servicepolicy.policy import load_policy
from servicepolicy.policy.check import call_accumulator
from servicepolicy.policy.inputs import read_inputs
from servicepolicy.report import Report, render_text

NOW = datetime.fromisoformat("2026-12-01T09:00+08:00")
POLICY = load_policy("callcentre")
HEADER = list(CALL_COLUMNS)


TRIM_BEFORE = os.environ.get("MALLOC_TRIM_THRESHOLD_")  # before any cluster of this module


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client

    cluster = local_cluster(2)
    with Client(cluster) as made:
        yield made
    cluster.close()


def test_local_cluster_workers_keep_the_allocator_default(client: Any) -> None:
    """The workers of ``local_cluster`` start without dask's MALLOC_TRIM_THRESHOLD_ (it
    costs the counting a third more CPU); dask's configuration outside is untouched."""
    import dask

    seen = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert len(seen) == 2
    assert set(seen.values()) == {TRIM_BEFORE}  # not set, unless this process had it
    environ = dask.config.get("distributed.nanny.pre-spawn-environ")
    assert environ.get("MALLOC_TRIM_THRESHOLD_") is not None  # dask's own default, kept


# -- call rows: mostly good, some rejected, IDs from a small pool -------------------------

INSTANTS = [
    "2026-11-02T09:00:00+08:00",
    "2026-11-02T23:59:59+08:00",
    "2026-11-03T00:00:01+08:00",
    "2026-11-15T12:00:00.250+08:00",
    "2026-11-20T08:00:00+00:00",
]
BAD = {  # a cell that gets its row rejected, or read by the row reader alone
    "offered": ["2026-11-02T09:00:00", "yesterday", "2026-11-02T09:00:00Z"],
    "direction": ["sideways", "Inbound"],
    "talk_seconds": ["-3", "1e3", " 12"],
    "rings": ["+3", "x"],
}


@st.composite
def call_rows(draw: st.DrawFn, ids: int = 40) -> dict[str, str]:
    offered = draw(st.sampled_from(INSTANTS))
    answered = draw(st.booleans())
    row = {
        "id": draw(st.sampled_from(["", *(f"K-{i}" for i in range(ids))])),
        "direction": draw(st.sampled_from(["inbound", "outbound"])),
        "queue": draw(st.sampled_from(["", "hotline", "billing"])),
        "offered": offered,
        "answered": offered if answered else "",
        "abandoned": "" if answered else draw(st.sampled_from(["", offered])),
        "agent": draw(st.sampled_from(["", "A-01", "A-02"])) if answered else "",
        "team": draw(st.sampled_from(["", "T1", "T2"])) if answered else "",
        "customer": draw(st.sampled_from(["", "C-1", "C-2"])),
        "talk_seconds": draw(st.sampled_from(["", "0", "185", "12.5"])) if answered else "",
        "resolved_first_contact": draw(st.sampled_from(["", "true", "false"])),
    }
    if draw(st.integers(0, 5)) == 0:
        column = draw(st.sampled_from(sorted(BAD)))
        row[column] = draw(st.sampled_from(BAD[column]))
    return row


def table_of(rows: list[dict[str, str]]) -> Any:
    return pa.table({c: [row.get(c, "") for row in rows] for c in HEADER})


def write_parquet(path: Path, rows: list[dict[str, str]], sizes: list[int]) -> Path:
    """One Parquet file whose row groups hold ``sizes`` rows each (the rest in the last)."""
    table = table_of(rows)
    with pq.ParquetWriter(path, table.schema) as writer:
        at = 0
        for size in [*sizes, len(rows)]:
            piece = table.slice(at, max(0, min(size, len(rows) - at)))
            if piece.num_rows:
                writer.write_table(piece)
            at += piece.num_rows
    return path


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows([[row.get(c, "") for c in HEADER] for row in rows])
    return path


def single(path: Path) -> Report:
    """The report one process gives: the bulk path, else the row reader."""
    found = read_inputs(POLICY, calls=path)
    return POLICY.check(now=NOW, **found)


def assert_same(got: Report, expected: Report) -> None:
    assert render_text(got) == render_text(expected)
    assert got == expected


# -- the law --------------------------------------------------------------------------------


#: call sets: IDs from a pool of 5 (repeats in most sets) or of 400 (in a few)
call_sets = st.sampled_from([5, 400]).flatmap(
    lambda ids: st.lists(call_rows(ids=ids), min_size=1, max_size=30)
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=call_sets,
    sizes=st.lists(st.integers(1, 12), max_size=4),
    kind=st.sampled_from(["parquet", "csv"]),
)
def test_parts_of_random_calls_give_the_single_process_report(
    tmp_path: Path, client: Any, rows: list[dict[str, str]], sizes: list[int], kind: str
) -> None:
    """KPI-1 … KPI-7: random calls (rejected rows, IDs repeated within and across parts)
    in row groups of random sizes, or a CSV file in random line ranges, counted on 2
    workers: the single-process report."""
    if kind == "parquet":
        path = write_parquet(tmp_path / "calls.parquet", rows, sizes)
    else:
        path = write_csv(tmp_path / "calls.csv", rows)
    got = sd.check(POLICY, now=NOW, calls=str(path), client=client, partitions=len(sizes) + 1)
    assert_same(got, single(path))


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=call_sets, parts=st.integers(1, 4))
def test_dataframe_partitions_give_the_single_process_report(
    tmp_path: Path, client: Any, rows: list[dict[str, str]], parts: int
) -> None:
    """KPI-1 … KPI-7: a Dask DataFrame of the calls in random partitions is counted as its
    Parquet file is (a row's line is its position + 2)."""
    import dask.dataframe as dd

    path = tmp_path / "calls.parquet"
    pq.write_table(table_of(rows), path)
    frame = dd.from_pandas(table_of(rows).to_pandas(), npartitions=parts, sort=False)
    got = sd.check(POLICY, now=NOW, calls=frame, client=client, source=str(path))
    assert_same(got, single(path))


# -- examples ----------------------------------------------------------------------------


def rows_of(n: int, *, start: int = 0) -> list[dict[str, str]]:
    day = ["2026-11-02", "2026-11-03", "2026-11-04"]
    return [
        {
            "id": f"K-{start + i}",
            "direction": "inbound" if i % 4 else "outbound",
            "queue": "hotline",
            "offered": f"{day[i % 3]}T{9 + i % 8:02}:00:00+08:00",
            "answered": f"{day[i % 3]}T{9 + i % 8:02}:00:10+08:00" if i % 5 else "",
            "abandoned": "" if i % 5 else f"{day[i % 3]}T{9 + i % 8:02}:00:30+08:00",
            "agent": f"A-{i % 3}" if i % 5 else "",
            "talk_seconds": str(60 + i) if i % 5 else "",
        }
        for i in range(n)
    ]


def test_counted_in_parts_without_a_fallback(tmp_path: Path, client: Any) -> None:
    """KPI-1 … KPI-7: IDs unique across parts, a repeat within one part and rejected rows
    in two: every part counted on a worker, merged, the single-process report."""
    rows = rows_of(60)
    rows[10]["direction"] = "sideways"
    rows[45]["offered"] = "2026-11-02T09:00:00"  # naive: CAL-5
    rows[25]["id"] = "K-21"  # the same part as K-21 (rows 20-39)
    path = write_parquet(tmp_path / "calls.parquet", rows, [20, 20])
    counted = sd.count_calls(POLICY, str(path), client=client)
    assert counted.fallback is None and counted.parts == 3
    assert isinstance(counted.calls, BulkCalls)
    assert [row.line for row in counted.calls.rejected] == [12, 27, 47]
    assert "already used on line 23" in counted.calls.rejected[1].reason
    assert_same(sd.check(POLICY, now=NOW, calls=str(path), client=client), single(path))


def test_an_id_in_two_parts_is_read_in_the_driver(tmp_path: Path, client: Any) -> None:
    """KPI-1 … KPI-7: an ID used in two parts: the driver reads the input as one process
    does, and the repeat names the line of the first read, in the other part."""
    rows = rows_of(30)
    rows[25]["id"] = "K-3"
    path = write_parquet(tmp_path / "calls.parquet", rows, [10, 10])
    counted = sd.count_calls(POLICY, str(path), client=client)
    assert counted.fallback == "a call ID is used in two parts"
    assert [(r.line, r.reason) for r in counted.calls.rejected] == [
        (27, "id: 'K-3' is already used on line 5")
    ]
    assert_same(sd.check(POLICY, now=NOW, calls=str(path), client=client), single(path))


def test_a_glob_of_parquet_files_is_one_table(tmp_path: Path, client: Any) -> None:
    """A directory or glob of Parquet files is numbered as one table, files in name
    order: the report of the files written one after another into one file."""
    rows = rows_of(50)
    rows[33]["direction"] = "sideways"
    (tmp_path / "parts").mkdir()
    for i, at in enumerate(range(0, 50, 20)):
        pq.write_table(table_of(rows[at : at + 20]), tmp_path / "parts" / f"part-{i}.parquet")
    glob = str(tmp_path / "parts" / "*.parquet")
    whole = single(write_parquet(tmp_path / "all.parquet", rows, []))
    got = sd.check(POLICY, now=NOW, calls=glob, client=client, partitions=2)
    text = render_text(whole).replace(str(tmp_path / "all.parquet"), glob)
    assert render_text(got) == text
    assert "line 35: direction" in text
    by_dir = sd.check(POLICY, now=NOW, calls=tmp_path / "parts", client=client)
    assert by_dir.kpis == whole.kpis
    assert list(by_dir.rejected) == [r.replace(glob, str(tmp_path / "parts")) for r in got.rejected]


def test_a_csv_file_in_line_ranges(tmp_path: Path, client: Any) -> None:
    """A CSV file is cut into ranges of whole lines, each knowing its first line."""
    rows = rows_of(80)
    rows[71]["rings"] = "x"
    path = write_csv(tmp_path / "calls.csv", rows)
    counted = sd.count_calls(POLICY, str(path), client=client, partitions=3)
    assert counted.fallback is None and counted.parts == 3
    assert [row.line for row in counted.calls.rejected] == [73]
    assert_same(
        sd.check(POLICY, now=NOW, calls=str(path), client=client, partitions=3), single(path)
    )


def test_local_schedulers_and_an_empty_policy_count_the_same(tmp_path: Path) -> None:
    """Dask's own schedulers (no cluster) give the same report."""
    path = write_parquet(tmp_path / "calls.parquet", rows_of(30), [7])
    for scheduler in ("sync", "threads"):
        got = sd.check(POLICY, now=NOW, calls=str(path), scheduler=scheduler)
        assert_same(got, single(path))
    assert call_accumulator(POLICY) is not None


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ServicePolicyError, match="no scheduler when a client"):
        sd.check(POLICY, now=NOW, calls="x.parquet", scheduler="threads", client=object())
    with pytest.raises(ServicePolicyError, match="found none"):
        sd.check(POLICY, now=NOW, calls=str(tmp_path / "none-*.parquet"))
    with pytest.raises(ServicePolicyError, match="a Dask DataFrame"):
        sd.check(POLICY, now=NOW, calls=42)
    pq.write_table(table_of(rows_of(2)), tmp_path / "a.parquet")
    pq.write_table(pa.table({"direction": ["inbound"], "offered": [""]}), tmp_path / "b.parquet")
    with pytest.raises(ServicePolicyError, match="expected the columns of"):
        sd.check(POLICY, now=NOW, calls=str(tmp_path / "*.parquet"))


def test_without_dask_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"servicepolicy\[dask\]") as caught:
        sd.check(POLICY, now=NOW, calls="calls.parquet")
    assert isinstance(caught.value, ImportError)


# -- the command ----------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old, sys.stderr = sys.stderr, err
    try:
        code = main(["check", "callcentre", "--now", NOW.isoformat(), *argv], stdout=out)
    finally:
        sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_the_command_with_engine_dask(tmp_path: Path, client: Any) -> None:
    """``check --engine dask --scheduler ADDRESS`` prints the report ``check`` prints."""
    rows = rows_of(40)
    rows[30]["direction"] = "sideways"
    path = write_csv(tmp_path / "calls.csv", rows)
    local = run("--calls", str(path), "--max-rejected", "5%")
    on_dask = run(
        "--calls",
        str(path),
        "--max-rejected",
        "5%",
        "--engine",
        "dask",
        "--scheduler",
        client.scheduler.address,
    )
    assert on_dask == local and local[0] == 1
    refused = run("--calls", str(path), "--engine", "dask", "--scheduler", client.scheduler.address)
    assert refused[0] == 2 and "max-rejected" in refused[2] and "line 32" in refused[2]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--calls", "c.csv", "--scheduler", "tcp://127.0.0.1:8786"), "--engine dask with it"),
        (("--engine", "dask"), "--calls with it"),
        (("--calls", "c.csv", "--engine", "dask", "--tz", "UTC"), "reads no mappings"),
    ],
)
def test_the_command_refuses_bad_combinations(argv: tuple[str, ...], said: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and said in err and "Traceback" not in err and out == ""


def test_the_command_without_dask_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = run("--calls", "c.csv", "--engine", "dask")
    assert code == 2 and "servicepolicy[dask]" in err and "Traceback" not in err and out == ""


def test_read_calls_bulk_is_the_reference(tmp_path: Path) -> None:
    """The single-process reference reads Parquet with the bulk path (not the row reader,
    which reads no Parquet): what the comparisons above compare with."""
    path = write_parquet(tmp_path / "calls.parquet", rows_of(5), [])

    def fresh() -> Any:
        return call_accumulator(POLICY)  # an empty accumulator: len() 0, so falsy

    found = read_calls_bulk(path, fresh)
    assert isinstance(found, BulkCalls) and found.records == 5
    assert sd.count_calls(POLICY, str(path), scheduler="sync").calls.records == 5
