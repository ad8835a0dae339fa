"""``add_many`` and ``working_time_many``: element by element what ``add`` and
``working_time`` answer, with numpy (searchsorted over the index) and without it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy import BusinessCalendar
from servicepolicy.calendar import _many
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from strategies import calendars, durations, instants, refuse_imports

NY = ZoneInfo("America/New_York")


@st.composite
def batches(draw):
    spec = draw(calendars())
    calendar = spec.build()
    n = draw(st.integers(0, 6))
    starts = [draw(instants(spec)) for _ in range(n)]
    amounts = [draw(durations(spec)) * draw(st.sampled_from([1, 1, -1])) for _ in range(n)]
    ends = [draw(instants(spec)) for _ in range(n)]
    return calendar, starts, amounts, ends


def _utc(values):
    return [v.astimezone(UTC) for v in values]


def _without_numpy(monkeypatch):
    refuse_imports(monkeypatch, "numpy")
    assert not _many.have_numpy()


@settings(max_examples=60)
@given(batches())
def test_add_many_is_add_element_by_element(batch):
    calendar, starts, amounts, _ = batch
    expected = [calendar.add(s, d) for s, d in zip(starts, amounts, strict=True)]
    found = calendar.add_many(starts, amounts)
    assert isinstance(found, list)
    assert _utc(found) == _utc(expected)
    assert [f.tzinfo for f in found] == [e.tzinfo for e in expected]


@settings(max_examples=60)
@given(batches())
def test_working_time_many_is_working_time_element_by_element(batch):
    calendar, starts, _, ends = batch
    expected = [calendar.working_time(a, b) for a, b in zip(starts, ends, strict=True)]
    assert calendar.working_time_many(starts, ends) == expected
    # reversed spans: the negated answer
    assert calendar.working_time_many(ends, starts) == [-e for e in expected]


@settings(max_examples=40)
@given(batches())
def test_numpy_arrays_answer_the_same(batch):
    calendar, starts, amounts, ends = batch
    as64 = np.array([s.astimezone(UTC).replace(tzinfo=None) for s in starts], "datetime64[us]")
    ends64 = np.array([e.astimezone(UTC).replace(tzinfo=None) for e in ends], "datetime64[us]")
    by = np.array(amounts, dtype="timedelta64[us]")
    expected = [
        calendar.add(s, d).astimezone(UTC).replace(tzinfo=None)
        for s, d in zip(starts, amounts, strict=True)
    ]
    found = calendar.add_many(as64, by)
    assert found.dtype == np.dtype("datetime64[us]")
    assert found.astype(object).tolist() == expected
    ticks = calendar.add_many(as64.view("int64"), by.view("int64"))
    assert ticks.dtype == np.int64
    assert (ticks == found.view("int64")).all()
    spans = calendar.working_time_many(as64, ends64)
    assert spans.dtype == np.dtype("timedelta64[us]")
    assert spans.astype(object).tolist() == calendar.working_time_many(starts, ends)


@settings(max_examples=25)
@given(batch=batches())
def test_without_numpy_the_loop_answers_the_same(batch):
    calendar, starts, amounts, ends = batch
    with_numpy = calendar.add_many(starts, amounts), calendar.working_time_many(starts, ends)
    with pytest.MonkeyPatch.context() as patch:
        _without_numpy(patch)
        without = calendar.add_many(starts, amounts), calendar.working_time_many(starts, ends)
    assert _utc(without[0]) == _utc(with_numpy[0])
    assert without[1] == with_numpy[1]


def test_dst_zone_and_holidays_across_a_year():
    desk = BusinessCalendar("mon-fri 22:00-06:00", "America/New_York", country="US")
    start = datetime(2026, 1, 2, 23, tzinfo=NY)
    starts = [start + timedelta(hours=17 * i) for i in range(600)]
    amounts = [timedelta(hours=(i % 90) - 30, seconds=i) for i in range(600)]
    assert desk.add_many(starts, amounts) == [
        desk.add(s, d) for s, d in zip(starts, amounts, strict=True)
    ]
    ends = starts[::-1]
    assert desk.working_time_many(starts, ends) == [
        desk.working_time(a, b) for a, b in zip(starts, ends, strict=True)
    ]


def test_results_beyond_the_index_widen_it():
    hotline = BusinessCalendar("mon-fri 09:00-18:00", "Asia/Shanghai", country="CN")
    at = datetime(2026, 9, 30, 17, tzinfo=ZoneInfo("Asia/Shanghai"))
    amounts = [timedelta(hours=9 * 250 * k) for k in (1, 3, -2, 5)]
    assert hotline.add_many([at] * 4, amounts) == [hotline.add(at, d) for d in amounts]


def test_errors_name_the_position():
    cal = BusinessCalendar("mon-fri 09:00-18:00", "UTC")
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with pytest.raises(NaiveDatetimeError, match=r"starts\[1\]"):
        cal.add_many([at, datetime(2026, 1, 5)], [timedelta(0), timedelta(0)])
    with pytest.raises(WrongTypeError, match=r"durations\[0\]"):
        cal.add_many([at], [3600])
    with pytest.raises(InvalidArgumentError, match="as many values"):
        cal.working_time_many([at, at], [at])
    with pytest.raises(InvalidArgumentError, match="NaT"):
        cal.add_many(np.array(["NaT"], "datetime64[us]"), np.array([1], "timedelta64[us]"))
    with pytest.raises(WrongTypeError, match="starts"):
        cal.add_many(np.array([1.5]), np.array([1]))


def test_an_out_of_range_element_raises_as_add_does():
    cal = BusinessCalendar("mon-fri 09:00-18:00", "UTC")
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    far = datetime(9999, 12, 31, tzinfo=UTC)
    with pytest.raises(type(_raised(lambda: cal.add(far, timedelta(hours=1))))):
        cal.add_many([at, far], [timedelta(hours=1)] * 2)


def _raised(call):
    try:
        call()
    except Exception as exc:
        return exc
    raise AssertionError("no error")
