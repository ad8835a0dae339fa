"""Shared Hypothesis strategies: transport requests and thresholds (LOG-2), orders
(LOG-1), hand-overs (LOG-3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from servicepolicy_logistics import (
    CountedLine,
    DeliveryLine,
    GoodsType,
    HandOver,
    ModeProfile,
    Order,
    OrderChannel,
    TransportMode,
    TransportRequest,
    TransportThresholds,
)

SH = ZoneInfo("Asia/Shanghai")

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
hours = st.integers(min_value=1, max_value=24 * 60).map(lambda h: timedelta(hours=h))


@st.composite
def transport_requests(draw: st.DrawFn) -> TransportRequest:
    """Any valid request: every goods type, route combination, with or without budget and
    value."""
    return TransportRequest(
        draw(st.sampled_from(GoodsType)),
        weight_t=draw(st.floats(min_value=0.01, max_value=5_000)),
        distance_km=draw(st.floats(min_value=1, max_value=20_000)),
        time_allowed=draw(hours),
        budget=draw(st.none() | st.floats(min_value=1, max_value=1e8)),
        value=draw(st.none() | st.floats(min_value=0, max_value=1e9)),
        door_to_door=draw(st.booleans()),
        needs_reliability=draw(st.booleans()),
        land_route=draw(st.booleans()),
        sea_route=draw(st.booleans()),
        air_route=draw(st.booleans()),
    )


profiles = st.builds(
    ModeProfile,
    km_per_day=st.floats(min_value=50, max_value=20_000),
    handling=st.integers(min_value=0, max_value=96).map(lambda h: timedelta(hours=h)),
    fixed_cost=st.floats(min_value=0, max_value=10_000),
    cost_per_tonne_km=st.floats(min_value=0, max_value=10),
)


@st.composite
def thresholds(draw: st.DrawFn) -> TransportThresholds:
    """Any consistent thresholds (short <= long, low value <= high value)."""
    short, long = sorted(draw(st.lists(st.floats(1, 5_000), min_size=2, max_size=2)))
    low, high = sorted(draw(st.lists(st.floats(0.01, 1_000), min_size=2, max_size=2)))
    forbidden = draw(
        st.dictionaries(st.sampled_from(GoodsType), st.frozensets(st.sampled_from(TransportMode)))
    )
    return TransportThresholds(
        short_km=short,
        long_km=long,
        urgent_within=draw(hours),
        bulk_tonnes=draw(st.floats(0.1, 1_000)),
        high_value_per_kg=high,
        low_value_per_kg=low,
        road=draw(profiles),
        rail=draw(profiles),
        air=draw(profiles),
        sea=draw(profiles),
        forbidden=forbidden,
    )


money = st.decimals(min_value=-100, max_value=10**6, places=2, allow_nan=False)
text = st.none() | st.text(min_size=0, max_size=12)


@st.composite
def orders(draw: st.DrawFn) -> Order:
    """Orders as received: any field may be missing, blank or inconsistent."""
    received = datetime(2026, 11, 23, 9, tzinfo=SH) + timedelta(
        minutes=draw(st.integers(0, 60 * 24 * 60))
    )
    return Order(
        draw(st.text(min_size=1, max_size=8).filter(str.strip)),
        draw(st.sampled_from(OrderChannel)),
        received,
        customer=draw(text),
        goods=draw(text),
        quantity=draw(st.none() | st.integers(-5, 1_000)),
        unit_price=draw(st.none() | money),
        amount=draw(st.none() | money),
        delivery_date=draw(st.none() | st.dates(date(2026, 10, 1), date(2027, 3, 1))),
        delivery_address=draw(text),
        contact=draw(text),
    )


items = st.sampled_from(["tiles", "pallets", "cement", "glass", "pipes"])


@st.composite
def hand_overs(draw: st.DrawFn) -> HandOver:
    """Hand-overs whose counts may differ from the note in every way."""
    noted = draw(st.lists(items, unique=True, max_size=4))
    counted_items = draw(st.lists(items, unique=True, max_size=5))
    counted = []
    for item in counted_items:
        quantity = draw(st.integers(0, 50))
        counted.append(CountedLine(item, quantity, draw(st.integers(0, quantity))))
    return HandOver(
        "DN-1",
        datetime(2026, 11, 24, 15, tzinfo=SH),
        note_lines=[DeliveryLine(item, draw(st.integers(0, 50))) for item in noted],
        counted=counted,
        quality_checked=True,
        documents={"delivery_note"},
        deliverer_signature="driver-1",
        receiver_signature="buyer-1",
        customer_notified_at=datetime(2026, 11, 24, 15, 30, tzinfo=SH),
    )
