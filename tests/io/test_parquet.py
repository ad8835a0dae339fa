"""Parquet wherever CSV (issue 17): every reader accepts a ``.parquet`` file and reads it
as it reads the same rows in CSV (records, rejected rows and their lines), typed
columns included (timestamps with a zone, numbers, booleans); ``check`` gives the same
report from Parquet files as from CSV files; a file that is not Parquet, or a missing
pyarrow, is a clear error."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
from pyarrow import csv as pcsv  # noqa: E402

from servicepolicy.cli import main  # noqa: E402
from servicepolicy.demo import write_data  # noqa: E402
from servicepolicy.errors import DataFileError  # noqa: E402
from servicepolicy.io.attendance import read_clock_records, read_hand_over_logs  # noqa: E402
from servicepolicy.io.calls import read_calls, read_survey_responses  # noqa: E402
from servicepolicy.io.requests import read_leave_requests, read_swap_requests  # noqa: E402
from servicepolicy.io.roster import read_employees, read_shifts  # noqa: E402

READERS = {
    "calls.csv": read_calls,
    "surveys.csv": read_survey_responses,
    "leave.csv": read_leave_requests,
    "swaps.csv": read_swap_requests,
    "attendance.csv": read_clock_records,
    "handover.csv": read_hand_over_logs,
    "employees.csv": read_employees,
    "shifts.csv": read_shifts,
}


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("month")
    write_data(folder)
    return folder


def as_parquet(path: Path) -> Path:
    """The CSV file's rows, every column as text, in a Parquet file beside it."""
    names = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    options = pcsv.ConvertOptions(
        column_types={name: pa.string() for name in names}, strings_can_be_null=False
    )
    target = path.with_suffix(".parquet")
    pq.write_table(pcsv.read_csv(path, convert_options=options), target)
    return target


def same(csv_result: object, parquet_result: object) -> None:
    assert parquet_result.records == csv_result.records  # type: ignore[attr-defined]
    assert parquet_result.lines == csv_result.lines  # type: ignore[attr-defined]
    got = [(r.line, r.reason) for r in parquet_result.rejected]  # type: ignore[attr-defined]
    assert got == [(r.line, r.reason) for r in csv_result.rejected]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(READERS))
def test_every_reader_reads_parquet_as_csv(month: Path, name: str) -> None:
    """The example month's files (calls, surveys, leave and swap requests, attendance,
    employees, shifts) read the same from Parquet as from CSV."""
    reader = READERS[name]
    same(reader(month / name), reader(as_parquet(month / name)))


def test_typed_parquet_columns_read_as_their_text(tmp_path: Path) -> None:
    """KPI-1, CAL-5: a zoned timestamp is its ISO 8601 instant, a float its digits, a
    boolean true/false, a null an empty cell; a timestamp without a zone is refused as a
    naive instant, as in CSV."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at = datetime(2026, 11, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    table = pa.table(
        {
            "direction": ["inbound", "inbound", "inbound"],
            "offered": pa.array([at, at, at], pa.timestamp("s", "Asia/Shanghai")),
            "answered": pa.array([at, None, at], pa.timestamp("ms", "UTC")),
            "talk_seconds": [185.5, None, 60.0],
            "rings": pa.array([2, None, 1], pa.int64()),
            "resolved_first_contact": [True, None, False],
        }
    )
    pq.write_table(table, tmp_path / "calls.parquet")
    typed = read_calls(tmp_path / "calls.parquet")
    text = tmp_path / "calls.csv"
    text.write_text(
        "direction,offered,answered,talk_seconds,rings,resolved_first_contact\n"
        "inbound,2026-11-03T09:00:00+08:00,2026-11-03T01:00:00+00:00,185.5,2,true\n"
        "inbound,2026-11-03T09:00:00+08:00,,,,\n"
        "inbound,2026-11-03T09:00:00+08:00,2026-11-03T01:00:00+00:00,60,1,false\n",
        encoding="utf-8",
    )
    same(read_calls(text), typed)
    naive = pa.table({"direction": ["inbound"], "offered": pa.array([at.replace(tzinfo=None)])})
    pq.write_table(naive, tmp_path / "naive.parquet")
    result = read_calls(tmp_path / "naive.parquet")
    assert not result.records and result.rejected[0].line == 2
    assert "offset" in result.rejected[0].reason or "zone" in result.rejected[0].reason


def test_check_reports_the_same_from_parquet(month: Path) -> None:
    """``check`` with the example month's calls, surveys, requests and attendance as
    Parquet gives the report it gives from CSV (file names aside)."""
    now = "2026-12-01T09:00:00+08:00"
    names = ("calls", "surveys", "leave", "swaps", "attendance")

    def run(suffix: str) -> str:
        path = {n: month / f"{n}{suffix}" for n in names}
        out = io.StringIO()
        main(
            [
                "check",
                "callcentre",
                "--calls",
                str(path["calls"]),
                "--surveys",
                str(path["surveys"]),
                "--roster",
                str(month),
                "--requests",
                str(path["leave"]),
                "--requests",
                str(path["swaps"]),
                "--attendance",
                str(path["attendance"]),
                "--now",
                now,
            ],
            stdout=out,
        )
        return re.sub(r"\.parquet\b", ".csv", out.getvalue())

    for name in names:
        as_parquet(month / f"{name}.csv")
    assert run(".parquet") == run(".csv")


def test_a_file_that_is_not_parquet_is_a_clear_error(tmp_path: Path) -> None:
    """A ``.parquet`` file that is not Parquet is a DataFileError naming it."""
    bad = tmp_path / "calls.parquet"
    bad.write_text("direction,offered\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"calls\.parquet: not a Parquet file"):
        read_calls(bad)


def test_without_pyarrow_parquet_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading Parquet without pyarrow says which extra to install."""
    import sys

    pq.write_table(pa.table({"direction": ["inbound"]}), tmp_path / "calls.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(DataFileError, match=r"servicepolicy\[arrow\]"):
        read_calls(tmp_path / "calls.parquet")
