"""The Arrow bulk path for calls gives the row reader's answers (KPI-1 … KPI-7, CAL-5):
the same KPI counts, the same rejected rows with the same lines and reasons, and the same
report from ``check``; without pyarrow the row reader runs and the report is identical."""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicepolicy.io.calls import CALL_COLUMNS, read_calls
from servicepolicy.io.calls_arrow import BulkCalls, read_calls_bulk
from servicepolicy.io.tabular import ReadResult
from servicepolicy.kpi import CallAccumulator
from servicepolicy.kpi.definitions import CALL_KPIS
from servicepolicy.policy import load_policy
from servicepolicy.policy.inputs import read_inputs
from servicepolicy.report import render_text
from servicepolicy.sample import month

pytest.importorskip("pyarrow")

ZONE = "America/New_York"  # a daylight-saving zone: offsets -05:00 and -04:00


GROUPINGS = [
    ("day", "team", "direction"),
    ("month", "queue"),
    ("agent",),
    (),
    ("week", "agent", "queue", "direction"),
]


def accumulator(by: tuple[str, ...] = GROUPINGS[0]) -> CallAccumulator:
    return CallAccumulator(CALL_KPIS, by=by, zone=ZONE)


def row_path(path: Path, by: tuple[str, ...]) -> tuple[CallAccumulator, ReadResult[object]]:
    result = read_calls(path)
    return accumulator(by).add_all(result.records), result


def assert_same(
    path: Path,
    bulk: BulkCalls | None,
    rows_from: Path | None = None,
    by: tuple[str, ...] = GROUPINGS[0],
) -> None:
    """The bulk result equals the row reader's: records, rejected (line, reason), KPIs."""
    assert bulk is not None
    acc, result = row_path(rows_from or path, by)
    assert bulk.records == len(result.records)
    got = [(r.line, r.reason) for r in bulk.rejected]
    assert got == [(r.line, r.reason) for r in result.rejected]
    assert bulk.accumulator.report().rows == acc.report().rows


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([[row.get(c, "") for c in header] for row in rows])
    return path


# -- cells: mostly good ones, and every kind of bad one -----------------------------------

DATES = ["2026-03-08", "2026-03-07", "2026-11-01", "2026-12-31", "2027-01-01"]
TIMES = ["01:30:00", "09:00:00", "23:59:59", "12:00:00.250", "12:00:00.999999"]
OFFSETS = ["-05:00", "-04:00", "+08:00", "+00:00", "+05:45"]
ODD_INSTANTS = [
    "",
    "2026-03-08T09:00:00",  # naive: CAL-5, never guessed
    "2026-03-08T09:00:00Z",
    "2026-02-30T09:00:00+08:00",
    "1850-01-01T00:00:00+00:00",
    "2026-03-08T24:00:00+08:00",
    " 2026-03-08T09:00:00+08:00",
    "2026-03-08T09:00:00.5+08:00",
    "2026-03-08 09:00:00+08:00",
    "2026-03-08T09:00:00+08:60",
    "2026-03-08T09:00:60+08:00",
    "2026-03-08T09:0a:00+08:00",
    "2026-03-08T09:00:00.12a+08:00",
    "2026-03-08T09:00:00+0800",
    "2024-02-29T09:00:00+08:00",
    "2026-13-01T09:00:00+08:00",
    "+026-03-08T09:00:00+08:00",
    "yesterday",
]


@st.composite
def instants(draw: st.DrawFn) -> str:
    day, time, offset = (draw(st.sampled_from(x)) for x in (DATES, TIMES, OFFSETS))
    return f"{day}T{time}{offset}"


SECONDS = ["", "0", "185", "185.5", "12.125", "2678400"]
ODD_SECONDS = ["0.0005", "-3", "1e3", " 12", "99999999", "+4", "185.", "2678400.001"]
FLAGS = ["", "true", "YES", "no", "0", "1", "False"]
#: what one cell may hold instead, to be rejected or read by the row reader alone
ODD = {
    "id": ["K-1", " K-7", "K-2", "CALL-2026-11-000001", " CALL-2026-11-000002"],
    "direction": ["Inbound", "", "sideways"],
    "queue": [" billing", "q\u00a0", "\tq"],
    "offered": ODD_INSTANTS,
    "answered": ODD_INSTANTS,
    "abandoned": ODD_INSTANTS,
    "ended": ODD_INSTANTS,
    "rings": ["+3", "-1", "x", "1234567890"],
    "talk_seconds": ODD_SECONDS,
    "hold_seconds": ODD_SECONDS,
    "acw_seconds": ODD_SECONDS,
    "resolved_first_contact": ["maybe", " yes"],
    "queued": ["maybe", "nope"],
}


#: IDs longer than 7 bytes: kept as hashes, so their repeats are confirmed by text
LONG_IDS = ["CALL-2026-11-000001", "CALL-2026-11-000002", "呼叫-00000003"]


@st.composite
def call_rows(draw: st.DrawFn) -> dict[str, str]:
    """A call row, usually one the row reader reads; now and then one odd cell (which may
    or may not be rejected), a blank row, or an answered call also abandoned."""
    if draw(st.integers(0, 30)) == 0:
        return {}  # a blank row: skipped by both
    offered = draw(instants())
    outcome = draw(st.sampled_from(["answered", "abandoned", "neither", "both", "any"]))
    answered = offered if outcome in ("answered", "both") else ""
    abandoned = offered if outcome in ("abandoned", "both") else ""
    if outcome == "any":
        answered = draw(instants())
    talk = draw(st.sampled_from(SECONDS)) if answered else ""
    row = {
        "id": draw(st.sampled_from(["", "K-1", "K-2", "K-7", *LONG_IDS])),
        "direction": draw(st.sampled_from(["inbound", "outbound"])),
        "queue": draw(st.sampled_from(["", "hotline", "billing"])),
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "ended": draw(st.sampled_from(["", "", draw(instants())])),
        "agent": draw(st.sampled_from(["", "A-01", "A-02"])),
        "team": draw(st.sampled_from(["", "T1", "T2"])),
        "customer": draw(st.sampled_from(["", "C-1", "C-2"])),
        "rings": draw(st.sampled_from(["", "0", "2", "123456789"])),
        "talk_seconds": talk,
        "hold_seconds": draw(st.sampled_from(["", "20"])) if answered else "",
        "acw_seconds": draw(st.sampled_from(["", "30", "30.5"])) if answered else "",
        "resolved_first_contact": draw(st.sampled_from(FLAGS)),
        "queued": draw(st.sampled_from(FLAGS)),
    }
    if draw(st.integers(0, 3)) == 0:
        column = draw(st.sampled_from(sorted(ODD)))
        row[column] = draw(st.sampled_from(ODD[column]))
    return row


headers = st.lists(st.sampled_from(CALL_COLUMNS), unique=True).map(
    lambda cols: ["direction", "offered", *(c for c in cols if c not in ("direction", "offered"))]
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=headers,
    rows=st.lists(call_rows(), max_size=40),
    by=st.sampled_from(GROUPINGS),
    batch=st.sampled_from([300, 1024, 1 << 20]),
)
def test_bulk_and_row_paths_read_the_same_calls(
    tmp_path: Path, header: list[str], rows: list[dict[str, str]], by: tuple[str, ...], batch: int
) -> None:
    """KPI-1 … KPI-7: for random call files, valid and rejected rows mixed, the Arrow path
    and the row path count the same KPI rows (in any grouping) and reject the same rows
    (line and reason, repeated IDs long and short across batches); naive instants are
    rejected by both (CAL-5)."""
    path = write(tmp_path / "calls.csv", header, rows)
    bulk = read_calls_bulk(path, lambda: accumulator(by), batch_bytes=batch)
    assert_same(path, bulk, by=by)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(call_rows(), max_size=30))
def test_parquet_reads_as_its_csv_does(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    """KPI-1 … KPI-7: a Parquet file of the same text columns reads as the CSV file does,
    a row's line being its position + 2 (blank rows included)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    header = list(CALL_COLUMNS)
    csv_path = write(tmp_path / "calls.csv", header, rows)
    table = pa.table({c: [row.get(c, "") for row in rows] for c in header})
    pq.write_table(table, tmp_path / "calls.parquet")
    bulk = read_calls_bulk(tmp_path / "calls.parquet", accumulator)
    assert_same(csv_path, bulk)


def test_a_duplicate_id_is_rejected_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KPI-1: a call ID used twice is rejected on its later line even when the two rows
    are in different batches, with the row reader's reason."""
    import servicepolicy.io.calls_arrow as calls_arrow

    batches = []
    original = calls_arrow._Reader.count
    monkeypatch.setattr(
        calls_arrow._Reader, "count", lambda self, b: (batches.append(1), original(self, b))
    )
    t = "2026-11-03T09:00:00+08:00"
    rows = [{"id": f"K-{i % 500}", "direction": "inbound", "offered": t} for i in range(1200)]
    path = write(tmp_path / "calls.csv", ["id", "direction", "offered"], rows)
    bulk = read_calls_bulk(path, accumulator, batch_bytes=4096)  # about 100 rows a batch
    assert bulk is not None
    assert len(batches) > 5
    assert bulk.records == 500
    assert str(bulk.rejected[0]) == "line 502: id: 'K-0' is already used on line 2"
    assert_same(path, bulk)


@pytest.mark.parametrize(
    "text",
    [
        'direction,offered,queue\ninbound,2026-11-03T09:00:00+08:00,"a\nb"\n',  # two lines
        "direction,offered\ninbound,2026-11-03T09:00:00+08:00,extra\n",  # a cell too many
        "direction;offered\ninbound;2026-11-03T09:00:00+08:00\n",  # another delimiter
        "\ufeffdirection,offered\ninbound,2026-11-03T09:00:00+08:00\n",  # a byte-order mark
        "direction, offered\ninbound,2026-11-03T09:00:00+08:00\n",  # a padded header
        "direction,offered,queue\ninbound,2026-11-03T09:00:00+08:00," + "q" * 65537 + "\n",
    ],
    ids=["two lines", "extra cell", "semicolons", "bom", "padded header", "long cell"],
)
def test_files_whose_lines_the_batches_cannot_keep_take_the_row_path(
    tmp_path: Path, text: str
) -> None:
    """KPI-1: where Arrow could not keep the row reader's line numbers or header reading
    (records over several lines, wrong cell counts, other delimiters, a BOM, padding, a
    cell longer than the row reader's record limits allow),
    the bulk reader declines and the check reads the file row by row."""
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    assert read_calls_bulk(path, accumulator) is None
    found = read_inputs(load_policy("callcentre"), calls=path)
    assert isinstance(found["calls"], ReadResult)


def test_quoted_cells_and_header_read_as_unquoted(tmp_path: Path) -> None:
    """KPI-1: a file that quotes every cell (header included) reads in batches, as the
    row reader reads it."""
    path = tmp_path / "calls.csv"
    path.write_text(
        '"id","direction","offered","talk_seconds"\n'
        '"K-1","inbound","2026-11-03T09:00:00+08:00",""\n'
        '"K-2","inbound","2026-11-03T09:00:00+08:00","5"\n',
        encoding="utf-8",
    )
    bulk = read_calls_bulk(path, accumulator)
    assert bulk is not None
    assert (bulk.records, len(bulk.rejected)) == (1, 1)
    assert_same(path, bulk)


def test_empty_lines_keep_the_lines_after_them(tmp_path: Path) -> None:
    """KPI-1: empty lines are skipped as the row reader skips them, and the rows after
    them keep their lines."""
    path = tmp_path / "calls.csv"
    path.write_text(
        "direction,offered\n\n\nsideways,2026-11-03T09:00:00+08:00\n\n", encoding="utf-8"
    )
    bulk = read_calls_bulk(path, accumulator)
    assert bulk is not None
    assert [str(r) for r in bulk.rejected] == [
        "line 4: direction: expected 'inbound' or 'outbound', got 'sideways'"
    ]
    assert_same(path, bulk)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("sample")
    month(seed=2026).write(where)
    calls = (where / "calls.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # a few rows the check must list as rejected, one of them a naive instant (CAL-5)
    calls[5] = calls[5].replace("+08:00", "", 1)
    calls[9] = calls[9].replace("inbound", "sideways", 1)
    calls.append(calls[3])  # an ID used twice
    (where / "calls.csv").write_text("".join(calls), encoding="utf-8")
    return where


def checked(sample: Path, *, bulk: bool) -> tuple[object, str]:
    policy = load_policy("callcentre")
    found = read_inputs(
        policy, calls=sample / "calls.csv", surveys=sample / "surveys.csv", bulk=bulk
    )
    report = policy.check(now=datetime.fromisoformat("2026-12-01T09:00+08:00"), **found)
    return found["calls"], render_text(report)


def test_check_reports_the_same_with_the_bulk_path(sample: Path) -> None:
    """KPI-1 … KPI-8: ``check`` with calls counted in Arrow batches says exactly what it
    says with the row reader: the same KPI rows, inputs line and rejected rows."""
    bulk, text = checked(sample, bulk=True)
    rows, expected = checked(sample, bulk=False)
    assert isinstance(bulk, BulkCalls)
    assert isinstance(rows, ReadResult)
    assert len(bulk.rejected) == 3
    assert text == expected


def test_without_pyarrow_the_row_path_gives_the_same_report(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KPI-1 … KPI-8: with pyarrow hidden the bulk reader declines, the row reader reads
    the calls and the report is the one the bulk path gives."""
    _, with_arrow = checked(sample, bulk=True)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert read_calls_bulk(sample / "calls.csv", accumulator) is None
    calls, without = checked(sample, bulk=True)
    assert isinstance(calls, ReadResult)
    assert without == with_arrow


def test_a_mapped_calls_file_keeps_the_row_path(sample: Path) -> None:
    """KPI-1: a calls file read through a mapping is read row by row (the mapping's
    zones, formats and spellings apply per cell)."""
    from servicepolicy.io.mapping import InputMapping

    policy = load_policy("callcentre")
    found = read_inputs(policy, calls=sample / "calls.csv", mappings={"calls": InputMapping()})
    assert isinstance(found["calls"], ReadResult)


def test_a_line_without_end_leaves_the_bulk_path(tmp_path: Path) -> None:
    """A calls file whose line never ends (a hostile 20 MB line) is not gathered into
    memory by the bulk path: it declines, and the row reader's record limits decide."""
    path = tmp_path / "calls.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("direction,offered,queue\ninbound,2026-11-03T09:00:00+08:00,")
        file.write("q" * (20 << 20))
    assert read_calls_bulk(path, accumulator, batch_bytes=1 << 20) is None


@st.composite
def typed_tables(draw: st.DrawFn) -> dict[str, list[object]]:
    """Columns of a typed Parquet file: zoned timestamps (sub-second, several zones),
    floats and ints for durations, booleans, nulls."""
    from datetime import UTC, timedelta

    n = draw(st.integers(1, 25))
    base = datetime(2026, 3, 7, 20, tzinfo=UTC)
    moments = st.integers(0, 4 * 86_400_000_000).map(lambda us: base + timedelta(microseconds=us))
    offered = [draw(moments) for _ in range(n)]
    waits = [draw(st.one_of(st.none(), st.integers(0, 90_000_000))) for _ in range(n)]
    answered = [
        o + timedelta(microseconds=w) if w is not None else None
        for o, w in zip(offered, waits, strict=True)
    ]
    return {
        "id": [
            draw(st.sampled_from(["", "K-1", "CALL-2026-11-000001", f"K{i}"])) for i in range(n)
        ],
        "direction": [draw(st.sampled_from(["inbound", "outbound"])) for _ in range(n)],
        "offered": offered,
        "answered": answered,
        "talk_seconds": [
            draw(st.sampled_from([0.0, 60.0, 185.5, 0.25, 12.125, 1e-05, 1e20, float("nan")]))
            if a is not None
            else None
            for a in answered
        ],
        "rings": [draw(st.one_of(st.none(), st.integers(0, 9))) for _ in range(n)],
        "resolved_first_contact": [draw(st.one_of(st.none(), st.booleans())) for _ in range(n)],
    }


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=typed_tables(), zone=st.sampled_from(["UTC", "Asia/Shanghai", ZONE]))
def test_typed_parquet_reads_as_the_row_reader_reads_it(
    tmp_path: Path, table: dict[str, list[object]], zone: str
) -> None:
    """KPI-1 … KPI-7: a Parquet file with zoned timestamps (read as instants, not text),
    float and int durations, booleans and nulls: the bulk path gives the row reader's
    records, rejected rows and counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = dict(table)
    arrays = {
        name: pa.array(values, pa.timestamp("us", zone))
        if name in ("offered", "answered")
        else pa.array(values)
        for name, values in columns.items()
    }
    path = tmp_path / "calls.parquet"
    pq.write_table(pa.table(arrays), path)
    assert_same(path, read_calls_bulk(path, accumulator))


def test_a_decimal_column_goes_to_the_row_reader(tmp_path: Path) -> None:
    """A Parquet column of a type the bulk checks do not read as the row reader does (a
    decimal) sends the file to the row reader: ``None``, never a different answer."""
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "direction": ["inbound"],
            "offered": ["2026-11-03T09:00:00+08:00"],
            "answered": ["2026-11-03T09:00:10+08:00"],
            "talk_seconds": pa.array([Decimal("185.50")], pa.decimal128(6, 2)),
        }
    )
    pq.write_table(table, tmp_path / "calls.parquet")
    assert read_calls_bulk(tmp_path / "calls.parquet", accumulator) is None
