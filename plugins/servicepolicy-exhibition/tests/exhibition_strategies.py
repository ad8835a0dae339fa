"""Hypothesis strategies shared by the tests."""

from datetime import date, timedelta

from hypothesis import strategies as st

from servicepolicy_exhibition import ReceptionPlan, Show, ShowRecord

names = st.text(
    alphabet=st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=12
)
"""Short non-empty names without commas or white space."""

phrases = st.lists(names, min_size=1, max_size=4).map(" ".join)
"""A few words separated by single spaces."""

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def desk_hours(draw: st.DrawFn) -> str:
    """One day's desk hours ``"HH:MM-HH:MM"`` within the day."""
    start = draw(st.integers(min_value=0, max_value=22 * 60))
    end = draw(st.integers(min_value=start + 30, max_value=24 * 60 - 1))
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def shows(draw: st.DrawFn) -> Show:
    """A show of 1 to 21 days with its desk hours."""
    first = draw(days)
    length = draw(st.integers(min_value=1, max_value=21))
    return Show(
        draw(names), first, first + timedelta(days=length - 1), desk_hours=draw(desk_hours())
    )


@st.composite
def show_records(draw: st.DrawFn, customer: str = "C-1") -> list[ShowRecord]:
    """A customer's records of distinct shows."""
    codes = draw(st.lists(names, unique=True, max_size=6))
    return [
        ShowRecord(
            customer,
            code,
            draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))),
            revenue=draw(st.floats(min_value=0, max_value=2_000_000, allow_nan=False)),
            satisfaction=draw(st.none() | st.floats(min_value=1, max_value=5)),
            purchase_intent=draw(st.booleans()),
        )
        for code in codes
    ]


plans = st.builds(
    ReceptionPlan,
    profile=st.none() | phrases,
    purpose=st.none() | phrases,
    staff=st.lists(names, max_size=3).map(tuple),
    venue=st.none() | phrases,
    materials=st.lists(names, max_size=3).map(tuple),
)
"""Reception plans, complete or not."""
