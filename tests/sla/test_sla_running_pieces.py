"""The running pieces of a paused clock (SLA-3) as the columns cut them, in one pass over
a ticket's stays in its pause states, are the object path's: the stays clipped to the
clock (``Facts.pauses``) and cut out of it (``_pieces``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.sla._clock import Pause, _pieces, running


def _clipped(spans: list[Pause], start: int, end: int) -> list[Pause]:
    """``Facts.pauses``: the stays that fall in ``[start, end]``, clipped to it."""
    found: list[Pause] = []
    for at, finish in spans:
        begin = max(at, start)
        if (finish is not None and finish <= start) or begin >= end:
            continue
        found.append((begin, finish if finish is None or finish < end else end))
    return found


@st.composite
def stays(draw):
    """Sorted stays that do not overlap (some of no length, some back to back), the last
    one possibly still lasting."""
    at, found = draw(st.integers(-5, 5)), []
    for _ in range(draw(st.integers(0, 5))):
        begin = at + draw(st.integers(0, 4))
        at = begin + draw(st.integers(0, 4))
        found.append((begin, at))
    if found and draw(st.booleans()):
        found[-1] = (found[-1][0], None)
    return found


@given(stays(), st.integers(-5, 30), st.integers(-5, 30))
def test_running_pieces_are_the_object_paths(spans, start, end):
    """SLA-3: paused time does not count; the pieces, whether a pause falls in the clock,
    and whether the clock is paused at its end agree with the object path's."""
    pieces, paused = running(spans, start, end)
    pauses = _clipped(spans, start, end)
    expected = _pieces(start, end, pauses) if pauses else ([(start, end)] if end > start else [])
    assert list(zip(pieces[::2], pieces[1::2], strict=True)) == expected
    assert paused == (0 if not pauses else 2 if pauses[-1][1] is None else 1)


def test_a_pause_still_lasting_at_the_end_leaves_the_clock_paused():
    """SLA-3: waiting on the customer since tick 4, the clock ran from 0 to 4 only."""
    assert running([(4, None)], 0, 10) == ([0, 4], 2)
    assert running([(1, 2), (4, 6)], 0, 10) == ([0, 1, 2, 4, 6, 10], 1)
    assert running([(1, 2)], 3, 10) == ([3, 10], 0)
    assert running([(1, None)], 5, 5) == ([], 0)
