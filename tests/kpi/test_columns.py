"""Calls counted as columns (KPI-1 … KPI-7): ``add_call_columns`` gives exactly the
counts ``add_call_rows`` gives for the same calls, in every grouping and zone, in one
batch or many; a bad row is refused naming its position, and nothing of its batch is
counted."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from servicepolicy.errors import InvalidArgumentError  # noqa: E402
from servicepolicy.kpi import CallAccumulator  # noqa: E402
from servicepolicy.kpi.columns import CallColumns, Categories  # noqa: E402
from servicepolicy.kpi.definitions import CALL_KPIS  # noqa: E402
from servicepolicy.kpi.records import Direction  # noqa: E402

NAMES = [None, "T1", "T2", "热线"]
#: around 2026's daylight-saving changes, and 1900, when Shanghai's offset was
#: +08:05:43 (quarter hours then straddle midnight: labelled row by row)
SPANS = [
    (1_772_900_000_000, 1_773_200_000_000),
    (-2_208_988_800_000, -2_177_452_800_000),
    (1_325_000_000_000, 1_325_500_000_000),  # Samoa skipped 2011-12-30
]


@st.composite
def call_rows(draw: st.DrawFn) -> tuple[Any, ...]:
    low, high = draw(st.sampled_from(SPANS))
    outcome = draw(st.sampled_from(["answered", "abandoned", "neither"]))
    answer = draw(st.integers(0, 600_000)) if outcome == "answered" else None
    abandon = draw(st.integers(0, 600_000)) if outcome == "abandoned" else None
    busy = st.integers(0, 900_000) if answer is not None else st.just(0)
    return (
        draw(st.integers(low, high)),
        draw(st.sampled_from(list(Direction))),
        draw(st.sampled_from(NAMES)),  # queue
        draw(st.sampled_from(NAMES)),  # team
        draw(st.sampled_from(NAMES)),  # agent
        None,
        answer,
        abandon,
        draw(st.one_of(st.none(), st.integers(0, 9))),
        draw(busy),
        draw(busy),
        draw(busy),
        draw(st.sampled_from([None, True, False])),
        draw(st.booleans()),
        None,
    )


def columns(rows: list[tuple[Any, ...]]) -> CallColumns:
    def names(i: int) -> Categories:
        return Categories(np.array([NAMES.index(r[i]) for r in rows]), NAMES)

    def ints(i: int) -> Any:
        return np.array([r[i] or 0 for r in rows], dtype=np.int64)

    return CallColumns(
        offered=ints(0),
        direction=np.array([0 if r[1] == Direction.INBOUND else 1 for r in rows]),
        queue=names(2),
        team=names(3),
        agent=names(4),
        answered=np.array([r[6] is not None for r in rows], dtype=bool),
        answer=ints(6),
        abandoned=np.array([r[7] is not None for r in rows], dtype=bool),
        abandon=ints(7),
        has_rings=np.array([r[8] is not None for r in rows], dtype=bool),
        rings=ints(8),
        talk=ints(9),
        hold=ints(10),
        acw=ints(11),
        fcr=np.array([-1 if r[12] is None else int(r[12]) for r in rows]),
        queued=np.array([r[13] for r in rows], dtype=bool),
    )


GROUPINGS = [(), ("day", "team"), ("month", "queue", "direction"), ("week", "agent", "queue")]
ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kathmandu", "Pacific/Apia"]


@settings(max_examples=120)
@given(
    rows=st.lists(call_rows(), max_size=60),
    by=st.sampled_from(GROUPINGS),
    zone=st.sampled_from(ZONES),
    cut=st.integers(0, 60),
)
def test_columns_count_as_rows_do(
    rows: list[tuple[Any, ...]], by: tuple[str, ...], zone: str, cut: int
) -> None:
    """KPI-1 … KPI-7: the same report from columns (split in two batches anywhere) as
    from the row tuples, in any grouping and zone (daylight saving, odd offsets)."""
    by_rows = CallAccumulator(CALL_KPIS, by=by, zone=zone).add_call_rows(rows)
    by_columns = CallAccumulator(CALL_KPIS, by=by, zone=zone)
    if rows:
        whole = columns(rows)
        cut = min(cut, len(rows))
        by_columns.add_call_columns(whole.take(np.arange(cut)))
        by_columns.add_call_columns(whole.take(np.arange(cut, len(rows))))
    assert by_columns.records == by_rows.records
    assert by_columns._groups == by_rows._groups  # every count, not only those reported
    assert by_columns.report().rows == by_rows.report().rows


def test_a_bad_row_is_refused_with_its_position() -> None:
    """KPI-1: a call both answered and abandoned is refused naming its row; the batch
    leaves no count behind."""
    acc = CallAccumulator(CALL_KPIS)
    bad = CallColumns(
        offered=np.array([0, 0]),
        direction=np.array([0, 0]),
        answered=np.array([True, True]),
        abandoned=np.array([False, True]),
    )
    with pytest.raises(InvalidArgumentError, match=r"rows\[1\]"):
        acc.add_call_columns(bad)
    assert acc.records == 0 and len(acc) == 0


def test_repeat_contacts_need_rows_in_order() -> None:
    """KPI-3 (no_repeat variant): counting repeat contacts needs the calls one by one, in
    time order: columns are refused and the reader falls back to rows."""
    from servicepolicy.kpi import Kpi

    acc = CallAccumulator([Kpi("first_contact_resolution", variant="no_repeat")])
    assert not acc.columnar
    with pytest.raises(InvalidArgumentError):
        acc.add_call_columns(CallColumns(offered=np.array([0]), direction=np.array([0])))


def test_a_quarter_hour_across_midnight_is_labelled_row_by_row() -> None:
    """KPI-1 … KPI-7: until 1901 Shanghai kept +08:05:43, so local midnight falls inside a
    quarter hour; calls on either side of it land on their own days."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    midnight = datetime(1900, 6, 2, tzinfo=zone)
    epoch = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))
    offered = [
        (midnight + timedelta(minutes=m) - epoch) // timedelta(milliseconds=1) for m in (-2, 2)
    ]
    rows = [
        (ms, Direction.INBOUND, None, "T1", None, None, 1000, None, None, 0, 0, 0, None, True, None)
        for ms in offered
    ]
    by_rows = CallAccumulator(CALL_KPIS, by=["day"], zone=zone).add_call_rows(rows)
    by_columns = CallAccumulator(CALL_KPIS, by=["day"], zone=zone).add_call_columns(columns(rows))
    assert sorted(key[0] for key in by_columns._groups) == ["1900-06-01", "1900-06-02"]
    assert by_columns._groups == by_rows._groups
