"""Call IDs as 64-bit keys (KPI-1: a call ID is read once): a key depends on the ID
alone, never on the batch it came in; short IDs are their own key; the sorted runs
answer "seen before?" exactly as a set does; repeats are resolved to the line of the
first read, and two IDs sharing a hash send the file to the row reader."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

import pyarrow as pa

from servicepolicy.io import call_ids
from servicepolicy.io.call_ids import CallIds, call_id_keys, is_exact
from servicepolicy.io.calls import read_calls
from servicepolicy.io.calls_arrow import read_calls_bulk
from servicepolicy.kpi import CallAccumulator

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=150)
@given(batch=st.lists(texts, min_size=1, max_size=20))
def test_a_key_depends_on_the_id_alone(batch: list[str]) -> None:
    """KPI-1: an ID has one key in every batch (whatever its neighbours' lengths), and
    equal IDs have equal keys."""
    keys = call_id_keys(pa.array(batch)).tolist()
    for text, key in zip(batch, keys, strict=True):
        assert call_id_keys(pa.array([text])).tolist() == [key]
    for a, b in zip(batch, keys, strict=True):
        for c, d in zip(batch, keys, strict=True):
            if a == c:
                assert b == d


@given(batch=st.lists(texts, min_size=1, max_size=20))
def test_short_ids_are_their_own_keys(batch: list[str]) -> None:
    """Up to 7 bytes of UTF-8 an ID is its key: different short IDs never share one."""
    keys = call_id_keys(pa.array(batch))
    exact = is_exact(keys)
    for i, a in enumerate(batch):
        assert bool(exact[i]) == (len(a.encode()) <= 7)
        for j, b in enumerate(batch):
            if exact[i] and exact[j] and a != b:
                assert keys[i] != keys[j]


@settings(max_examples=60)
@given(batches=st.lists(st.lists(st.integers(0, 2_000), max_size=300), max_size=12))
def test_call_ids_answer_as_a_set_does(batches: list[list[int]]) -> None:
    """Looking keys up in the sorted runs (merged as they grow) gives a set's answer."""
    import numpy as np

    ids, seen = CallIds(), set()
    for batch in batches:
        keys = np.array(sorted(set(batch)), dtype=np.uint64)
        assert ids.seen(keys).tolist() == [int(k) in seen for k in keys]
        new = np.array([k for k in keys if int(k) not in seen], dtype=np.uint64)
        ids.add(new)
        seen.update(int(k) for k in new)
        assert len(ids) == len(seen)
    probe = np.array(range(0, 2_100, 7), dtype=np.uint64)
    assert ids.seen(probe).tolist() == [int(k) in seen for k in probe]
    assert ids.keys().tolist() == sorted(seen)  # what a Dask part sends back
    assert ids.seen(probe).tolist() == [int(k) in seen for k in probe]  # runs merged: same


def write(path: Path, ids: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["id", "direction", "offered"])
        for i, call_id in enumerate(ids):
            out.writerow([call_id, "inbound", f"2026-11-03T09:{i % 60:02d}:00+08:00"])
    return path


def test_repeats_name_the_first_read_across_batches(tmp_path: Path) -> None:
    """KPI-1: a long ID repeated batches later is rejected naming its first line, as the
    row reader does, a padded cell (read by the row reader's code) included."""
    ids = [f"CALL-2026-11-{i:06d}" for i in range(400)]
    ids += ["CALL-2026-11-000007", " CALL-2026-11-000009", "CALL-2026-11-000400"]
    path = write(tmp_path / "calls.csv", ids)
    bulk = read_calls_bulk(path, CallAccumulator, batch_bytes=2048)
    rows = read_calls(path)
    assert bulk is not None
    assert [(r.line, r.reason) for r in bulk.rejected] == [
        (r.line, r.reason) for r in rows.rejected
    ]
    assert [r.line for r in bulk.rejected] == [402, 403]
    assert "already used on line 9" in bulk.rejected[0].reason
    assert bulk.records == len(rows.records) == 401


def test_ids_sharing_a_hash_go_to_the_row_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KPI-1: two different long IDs with the same 64-bit key are not a repeat: the
    bulk path gives up (``None``) and the row reader reads the file."""
    import numpy as np

    real = call_ids.call_id_keys

    def colliding(texts: pa.Array) -> np.ndarray:
        keys = real(texts)
        long = ~is_exact(keys)
        keys[long] = np.uint64(1 << 59)  # every long ID: one hash
        return keys

    monkeypatch.setattr("servicepolicy.io.calls_arrow.call_id_keys", colliding)
    path = write(tmp_path / "calls.csv", ["CALL-A-00000001", "K-1", "CALL-B-00000002"])
    assert read_calls_bulk(path, CallAccumulator, batch_bytes=2048) is None
    far = ["CALL-A-00000001", *(f"K{i}" for i in range(300)), "CALL-B-00000002"]
    assert (
        read_calls_bulk(write(tmp_path / "far.csv", far), CallAccumulator, batch_bytes=512) is None
    )
