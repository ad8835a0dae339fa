"""Strict reading at the record level (issue 13): an unclosed quote costs one row, bounded
records, encodings, delimiter and format sniffing, whole-file problems as DataFileError.

The readers carry the data of the rules cited in each test (SWAP-1 shifts and swaps,
KPI-1 calls, TKT-6 ticket events): a row lost there is a decision never taken.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from servicepolicy.errors import DataFileError, InvalidArgumentError
from servicepolicy.io import read_calls, read_shifts, read_ticket_events
from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.rejected import RejectedLimit

HEADER = "id,employee,start,end"


def shift(n: int, employee: str = "A-1") -> str:
    day = 1 + n % 28
    return f"S-{n},{employee},2026-10-{day:02d}T08:00+08:00,2026-10-{day:02d}T16:00+08:00"


def shifts_text(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def reasons(result: object) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in result.rejected]  # type: ignore[attr-defined]


@pytest.mark.parametrize("column", [0, 1, 3], ids=["first", "middle", "last"])
@pytest.mark.parametrize("after", [3, 40], ids=["near-the-end", "many-rows-after"])
def test_an_unclosed_quote_costs_one_row(column: int, after: int) -> None:
    """SWAP-1 counts every shift: an unclosed quote in the first, a middle or the last
    column rejects its own line only, whether 3 rows or 40 follow (more than the record
    limit), and every later row is read."""
    rows = [shift(n, employee=f"A-{n % 3}") for n in range(1, after + 3)]
    cells = rows[1].split(",")
    cells[column] = '"' + cells[column]
    rows[1] = ",".join(cells)
    result = read_shifts(io.StringIO(shifts_text(rows)))
    assert [line for line, _ in reasons(result)] == [3]
    assert "unclosed quote" in reasons(result)[0][1]
    assert len(result.records) == len(rows) - 1
    assert result.lines == tuple(n for n in range(2, len(rows) + 2) if n != 3)


def test_a_quoted_multi_line_note_within_the_limit_still_reads() -> None:
    """KPI-1: a legitimate quoted cell with line breaks (a note) is one record, read from
    its first line; the row after it keeps its own line number."""
    text = (
        "id,direction,offered,agent\n"
        'K-1,inbound,2026-11-03T09:00:00+08:00,"A-01\nsecond line\nthird"\n'
        "K-2,inbound,2026-11-03T09:01:00+08:00,A-02\n"
    )
    result = read_calls(io.StringIO(text))
    assert [c.id for c in result.records] == ["K-1", "K-2"]
    assert result.records[0].agent == "A-01\nsecond line\nthird"
    assert result.lines == (2, 5)


def test_a_record_longer_than_the_limit_is_rejected_and_reading_resumes() -> None:
    """KPI-1: a quoted cell spanning more physical lines than ``RecordLimits.lines``
    rejects its first line; the next lines are read as rows of their own."""
    note = "\n".join(f"note {n}" for n in range(5))
    text = (
        "id,direction,offered,agent\n"
        f'K-1,inbound,2026-11-03T09:00:00+08:00,"{note}"\n'
        "K-2,inbound,2026-11-03T09:01:00+08:00,A-02\n"
    )
    assert len(read_calls(io.StringIO(text)).records) == 2  # 5 lines: within the default
    result = read_calls(io.StringIO(text), limits=RecordLimits(lines=3))
    assert [line for line, _ in reasons(result)] == [2, 3, 4, 5, 6]
    assert "spans more than 3 lines" in reasons(result)[0][1]
    assert [c.id for c in result.records] == ["K-2"]
    assert result.lines == (7,)


def test_a_cell_over_the_size_limit_is_rejected() -> None:
    """KPI-1: a cell longer than ``RecordLimits.cell`` rejects its row, not the file."""
    text = (
        "id,direction,offered,agent\n"
        f"K-1,inbound,2026-11-03T09:00:00+08:00,{'x' * 200}\n"
        "K-2,inbound,2026-11-03T09:01:00+08:00,A-02\n"
    )
    result = read_calls(io.StringIO(text), limits=RecordLimits(cell=100))
    assert reasons(result) == [(2, "expected cells of at most 100 characters, got one of 200")]
    assert [c.id for c in result.records] == ["K-2"]
    with pytest.raises(InvalidArgumentError, match="lines: expected a whole number >= 1"):
        RecordLimits(lines=0)


def test_encodings_gb18030_utf16_and_byte_order_marks(tmp_path: Path) -> None:
    """SWAP-1 data exported from a Chinese spreadsheet: GB18030 reads with
    ``encoding='gb18030'``; read as UTF-8 each row with such bytes is rejected with its
    line and a hint (never ``line 0``); UTF-16 and UTF-8 with a BOM need no encoding."""
    text = shifts_text([shift(1, "张三"), shift(2, "A-2"), shift(3, "李四")])
    path = tmp_path / "shifts.csv"
    path.write_bytes(text.encode("gb18030"))
    assert [s.employee for s in read_shifts(path, encoding="gb18030").records] == [
        "张三",
        "A-2",
        "李四",
    ]
    result = read_shifts(path)
    assert [s.id for s in result.records] == ["S-2"]
    assert [line for line, _ in reasons(result)] == [2, 4]
    assert all("pass encoding='gb18030'" in why for _, why in reasons(result))
    for encoding in ("utf-16", "utf-8-sig", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        path.write_bytes(data)
        assert len(read_shifts(path).records) == 3, encoding
    with pytest.raises(InvalidArgumentError, match="encoding: expected a Python codec"):
        read_shifts(path, encoding="klingon")


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_the_delimiter_is_sniffed_and_can_be_given(delimiter: str) -> None:
    """SWAP-1: semicolon (European spreadsheets), tab and comma files read alike; the
    delimiter can be given instead of sniffed."""
    text = shifts_text([shift(1), shift(2)]).replace(",", delimiter)
    assert len(read_shifts(io.StringIO(text)).records) == 2
    assert len(read_shifts(io.StringIO(text), delimiter=delimiter).records) == 2
    if delimiter != ",":
        with pytest.raises(DataFileError, match="missing columns"):
            read_shifts(io.StringIO(text), delimiter=",")


def test_the_format_comes_from_the_content_when_the_suffix_is_unknown(tmp_path: Path) -> None:
    """TKT-6: ``tickets.txt`` holding CSV is read as CSV (not as JSON Lines with every row
    rejected); holding JSON Lines, as JSON Lines; a suffix the content contradicts is a
    whole-file error naming the line and what would be right."""
    csv_text = (
        "ticket,event,at,by,kind,customer,channel\n"
        "T-1,opened,2026-11-24T09:00+08:00,a,inquiry,C-1,phone\n"
    )
    json_text = (
        '{"ticket": "T-1", "event": "opened", "at": "2026-11-24T09:00+08:00", "by": "a", '
        '"kind": "inquiry", "customer": "C-1", "channel": "phone"}\n'
    )
    for name, text in (("a.txt", csv_text), ("b.txt", json_text), ("c", csv_text)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = read_ticket_events(path)
        assert ([t.id for t in result.records], result.rejected) == (["T-1"], ()), name
    wrong = tmp_path / "tickets.jsonl"
    wrong.write_text(csv_text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 1: expected a JSON object .*format='csv'"):
        read_ticket_events(wrong)
    wrong = tmp_path / "shifts.csv"
    wrong.write_text('{"id": "S-1"}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 1: expected a CSV header .*format='jsonl'"):
        read_shifts(wrong)
    shifts = tmp_path / "shifts.txt"
    shifts.write_text(shifts_text([shift(1)]), encoding="utf-8")
    assert len(read_shifts(shifts).records) == 1


def test_missing_files_and_directories_are_data_file_errors(tmp_path: Path) -> None:
    """SWAP-1, TKT-6: a missing file or a directory is a DataFileError naming the file
    (a ServicePolicyError and a ValueError), never a FileNotFoundError traceback."""
    for reader in (read_shifts, read_ticket_events, read_calls):
        with pytest.raises(DataFileError, match=r"nope\.csv: expected a data file, got no such"):
            reader(tmp_path / "nope.csv")
        with pytest.raises(DataFileError, match="expected a data file, got a directory"):
            reader(tmp_path)


def test_rejected_limit_counts_and_percentages() -> None:
    """``--max-rejected``: a count or a percentage of a file's rows (rounded down)."""
    assert RejectedLimit.parse("0").allowed(1000) == 0
    assert RejectedLimit.parse(3).allowed(10) == 3
    assert RejectedLimit.parse(" 5% ").allowed(99) == 4
    assert RejectedLimit.parse("2.5%").allowed(200) == 5
    assert str(RejectedLimit.parse("5%")) == "5%"
    for bad in ("-1", "five", "150%", True, 1.5):
        with pytest.raises(InvalidArgumentError, match="max_rejected: expected"):
            RejectedLimit.parse(bad)
