"""``servicepolicy map FILE`` and ``servicepolicy demo --write-data DIR`` (issue 13,
part 4): every preset's fixture is recognised and the printed mapping, used as is, reads
it with 0 rejected rows; a file of no preset gets its columns guessed and what could not
be placed flagged; naive times are flagged, never given a zone (CAL-5)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from preset_fixtures import FIXTURES, TZ
from servicepolicy.cli import main
from servicepolicy.io.calls import read_calls
from servicepolicy.io.mapping import preset_names
from servicepolicy.io.requests import LEAVE_COLUMNS, SWAP_COLUMNS, read_leave_requests
from servicepolicy.io.roster_sheets import read_shift_sheet, read_wide_roster
from servicepolicy.io.snapshots import read_ticket_snapshots
from servicepolicy.policy.inputs import load_mapping
from servicepolicy.sample.files import FILES


def _map(path: Path, *extra: str) -> str:
    out = io.StringIO()
    assert main(["map", str(path), *extra], stdout=out) == 0
    return out.getvalue()


def _read(preset: str, path: Path, mapping: Any) -> Any:
    readers = {
        "genesys": lambda: read_calls(path, mapping=mapping),
        "roster_long": lambda: read_shift_sheet(path, mapping=mapping),
        "roster_wide": lambda: read_wide_roster(path, mapping=mapping),
        "requests_sheet": lambda: read_leave_requests(
            path, mapping=mapping.restricted(LEAVE_COLUMNS, also=SWAP_COLUMNS)
        ),
    }
    return readers.get(preset, lambda: read_ticket_snapshots(path, mapping=mapping))()


def test_every_preset_has_a_fixture_swap_1() -> None:
    """SWAP-1, SLA-1: no preset ships without a fixture the map test reads."""
    assert set(FIXTURES) == set(preset_names())


@pytest.mark.parametrize("preset", sorted(FIXTURES))
def test_map_recognises_each_preset_and_its_mapping_reads_the_fixture_sla_1(
    tmp_path: Path, preset: str
) -> None:
    """SLA-1 (every input read, nothing lost): the printed mapping names the preset and,
    saved as is, reads the fixture with 0 rejected rows."""
    name, text = FIXTURES[preset]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    printed = _map(path, "--tz", TZ)
    assert f'preset = "{preset}"' in printed
    assert "CHECK" not in printed
    saved = tmp_path / "printed.toml"
    saved.write_text(printed, encoding="utf-8")
    result = _read(preset, path, load_mapping(saved))
    assert not result.rejected
    assert result.records


def test_map_flags_naive_times_without_tz_cal_5(tmp_path: Path) -> None:
    """CAL-5: without --tz, naive times are flagged and no zone is written."""
    name, text = FIXTURES["freshdesk"]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    printed = _map(path)
    assert "CHECK: times without an offset ('2026-11-23 09:00:00')" in printed
    assert "\ntz =" not in printed


def test_map_guesses_columns_and_flags_what_it_cannot_place_sla_1(tmp_path: Path) -> None:
    """SLA-1: a help desk of no preset: our names and synonyms whatever their case are
    placed, the rest flagged and ignored, and the guess reads the file with 0 rejected."""
    path = tmp_path / "export.csv"
    path.write_text(
        "Case ID;Created;Contact;Channel;Category;STATUS;Mood\n"
        "K-1;2026-11-23T09:00:00+08:00;C-1;email;inquiry;open;happy\n"
        "K-2;2026-11-23T10:00:00+08:00;C-2;phone;complaint;open;sad\n",
        encoding="utf-8",
    )
    printed = _map(path)
    assert "guessed as tickets" in printed
    assert 'ticket = "Case ID"' in printed
    assert 'opened = "Created"' in printed
    assert 'kind = "Category"' in printed
    assert "CHECK: not placed, read by no column of ours: Mood" in printed
    saved = tmp_path / "guess.toml"
    saved.write_text(printed, encoding="utf-8")
    result = read_ticket_snapshots(path, mapping=load_mapping(saved))
    assert not result.rejected
    assert [t.id for t in result.records] == ["K-1", "K-2"]


def test_map_flags_a_required_column_it_did_not_find_kpi_1(tmp_path: Path) -> None:
    """KPI-1: a call log without a direction column: the missing column is flagged."""
    path = tmp_path / "calls.csv"
    path.write_text("Start Time,Talk Time,Queue\n2026-11-23 09:00,00:01:00,hotline\n")
    printed = _map(path)
    assert "guessed as calls" in printed
    assert "CHECK: no column found for direction (required)" in printed


def test_map_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    """SLA-1: a file that cannot be read is an input error (exit 2), not a traceback."""
    assert main(["map", str(tmp_path / "nope.csv")], stdout=io.StringIO()) == 2


def test_demo_writes_every_expected_shape_and_they_check_sla_1(tmp_path: Path) -> None:
    """SLA-1, LEAVE-1, KPI-1: demo --write-data writes every file of the example month;
    the command it prints checks them without a rejected row (exit 0 or 1, never 2)."""
    out = io.StringIO()
    assert main(["demo", "--write-data", str(tmp_path / "data")], stdout=out) == 0
    written = {p.name for p in (tmp_path / "data").iterdir()}
    assert written == set(FILES.values())
    month = json.loads((tmp_path / "data" / "month.json").read_text())
    assert "now" in month
    command = out.getvalue().split("Check them: servicepolicy ", 1)[1].split()
    report = tmp_path / "report.json"
    status = main([*command, "--format", "json", "--output", str(report)], stdout=io.StringIO())
    assert status in (0, 1)
    found = json.loads(report.read_text())
    assert found["rejected"] == []
    assert found["violations"]  # the example month breaks rules on purpose


def test_map_reads_a_gb18030_export_with_encoding_cal_5(tmp_path: Path) -> None:
    """CAL-5, LEAVE-1: a Chinese leave sheet in GB18030: with --encoding its headers are
    read, the preset recognised, and the printed mapping (encoding and tz in it) reads the
    file with 0 rejected rows."""
    name, text = FIXTURES["requests_sheet"]
    text = text.replace("Notes", "备注").replace("Annual", "年假")
    path = tmp_path / name
    path.write_bytes(text.encode("gb18030"))
    printed = _map(path, "--tz", TZ, "--encoding", "gb18030")
    assert 'preset = "requests_sheet"' in printed
    assert 'encoding = "gb18030"' in printed
    saved = tmp_path / "printed.toml"
    saved.write_text(printed, encoding="utf-8")
    result = _read("requests_sheet", path, load_mapping(saved))
    assert not result.rejected
    assert result.records[0].kind.value == "personal"
