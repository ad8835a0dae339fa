"""``read_inputs(bulk=True)`` reads an own-format ticket events file in Arrow columns when
pyarrow is installed; ``check`` then reports exactly what it reports with the row reader,
on the example month's files (``servicepolicy demo --write-data``), broken rows included."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from servicepolicy.demo import SEED, write_data
from servicepolicy.io.tickets_arrow import read_ticket_events_bulk
from servicepolicy.policy import load_policy
from servicepolicy.policy.inputs import read_inputs
from servicepolicy.report import render_text
from servicepolicy.sample import month

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

NOW = month(seed=SEED).now


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("demo")
    write_data(where, out=io.StringIO())
    path = where / "tickets.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # rows the check must list as rejected: a naive instant, an unknown event kind
    lines[7] = lines[7].replace("+08:00", "", 1)
    row = json.loads(lines[11])
    row["event"] = "escalated"
    lines[11] = json.dumps(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    rows = [json.loads(line) for line in lines]
    names = sorted({k for r in rows for k in r})
    table = pa.table({n: pa.array([r.get(n) for r in rows], pa.string()) for n in names})
    pq.write_table(table, where / "tickets.parquet")
    return where


def checked(data: Path, name: str, *, bulk: bool) -> str:
    policy = load_policy("callcentre")
    found = read_inputs(
        policy,
        tickets=data / name,
        calls=data / "calls.csv",
        roster=data,
        bulk=bulk,
    )
    return render_text(policy.check(now=NOW, **found))


@pytest.mark.parametrize("name", ["tickets.jsonl", "tickets.parquet"])
def test_check_reports_the_same_with_tickets_read_in_bulk(data: Path, name: str) -> None:
    assert read_ticket_events_bulk(data / name) is not None  # the bulk path is taken
    with_bulk = checked(data, name, bulk=True)
    assert with_bulk == checked(data, name, bulk=False)
    assert "escalated" in with_bulk


def test_without_pyarrow_the_row_reader_reads_the_tickets(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = checked(data, "tickets.jsonl", bulk=True)
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    assert read_ticket_events_bulk(data / "tickets.jsonl") is None
    assert checked(data, "tickets.jsonl", bulk=True) == expected
