"""Calls that never reached the agent queue: IVR hang-ups and IVR self-service (KPI-1,
KPI-2, KPI-5, KPI-11).

The hand-computed dataset (inbound, T = 20 s): answered after 4, 12, 20, 35 s (A = 4,
A_T = 3), abandoned in the queue after 10 and 50 s (Ab_Q = 2, wait 60 s), one caller who
hung up in the IVR after 30 s (``ivr_outcome="abandoned"``), one recorded the old way
(``queued=False`` with an abandoned instant, 8 s), and three calls completed by IVR
self-service (SS = 3): N = 11, Q = 6, Ab = 4, Ab_IVR = 2.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.kpi import CALL_KPIS, CallAccumulator, CallRecord, CallRow, IvrOutcome, Kpi

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2027, 1, 28, 21, 0, tzinfo=SH)  # the eve of the Spring Festival rush
S = timedelta(seconds=1)


def call(wait: int | None = None, how: str = "answered", **fields: object) -> CallRecord:
    if how == "answered":
        fields["answered"] = T0 + wait * S  # type: ignore[operator]
        fields.setdefault("talk_seconds", 120)
    elif how == "abandoned":
        fields["abandoned"] = T0 + wait * S  # type: ignore[operator]
    return CallRecord("inbound", "hotline", T0, team="T9", **fields)  # type: ignore[arg-type]


def dataset() -> list[CallRecord]:
    return [
        call(4),
        call(12),
        call(20),
        call(35),
        call(10, "abandoned"),
        call(50, "abandoned"),
        call(30, "abandoned", ivr_outcome="abandoned"),
        call(8, "abandoned", queued=False),
        *(call(how="ivr", ivr_outcome=IvrOutcome.SELF_SERVICE) for _ in range(3)),
    ]


def figure(
    kpi: Kpi, records: list[CallRecord] | None = None
) -> tuple[Fraction | None, dict[str, int]]:
    acc = CallAccumulator([kpi]).add_all(dataset() if records is None else records)
    row = acc.report().row(kpi.name)
    return row.value, dict(row.counts)


@pytest.mark.parametrize(
    ("variant", "expected", "counts"),
    [
        ("A_T/(A+Ab_Q)", Fraction(3, 6), {"A": 4, "Ab_Q": 2, "A_T": 3, "IVR": 5}),
        ("A_T/(A+Ab)", Fraction(3, 8), {"A": 4, "Ab": 4, "A_T": 3, "Ab_T": 2}),
        ("A_T/A", Fraction(3, 4), {"A": 4, "Ab": 4, "A_T": 3, "Ab_T": 2}),
    ],
)
def test_kpi2_service_level_counts_only_queued_calls_by_default(
    variant: str, expected: Fraction, counts: dict[str, int]
) -> None:
    """KPI-2, KPI-11: the default ⓪ leaves the five calls that ended in the IVR out; ③
    counts both IVR hang-ups as abandons (the defect, kept as a named variant)."""
    assert Kpi("service_level").variant == "A_T/(A+Ab_Q)"
    assert figure(Kpi("service_level", variant=variant)) == (expected, counts)


def test_kpi5_queue_time_counts_only_queued_calls_by_default() -> None:
    """KPI-5, KPI-11: average queue time over queued callers: (4+12+20+35+10+50)/6 s;
    the old variant adds the IVR hang-ups' 30 + 8 s over 8 callers."""
    value, counts = figure(Kpi("average_queue_time"))
    assert value == Fraction(131, 6)
    assert counts == {"A": 4, "wait_A_ms": 71_000, "Ab_Q": 2, "wait_Ab_Q_ms": 60_000, "IVR": 5}
    old = Kpi("average_queue_time", variant="(wait_A+wait_Ab)/(A+Ab)")
    assert figure(old)[0] == Fraction(71 + 60 + 30 + 8, 8)
    assert figure(Kpi("average_queue_time", variant="wait_A/A"))[0] == Fraction(71, 4)


@pytest.mark.parametrize(
    ("variant", "expected", "counts"),
    [
        ("A/Q", Fraction(4, 6), {"Q": 6, "A": 4, "IVR": 5}),
        ("(A+SS)/N", Fraction(4 + 3, 11), {"N": 11, "A": 4, "SS": 3, "Ab_IVR": 2}),
        ("A/N", Fraction(4, 11), {"N": 11, "A": 4}),
    ],
)
def test_kpi1_connection_rate_names_how_ivr_calls_count(
    variant: str, expected: Fraction, counts: dict[str, int]
) -> None:
    """KPI-1, KPI-11: over calls that reached the queue (default), self-service counted as
    connected, or every IVR call counted as lost."""
    assert Kpi("connection_rate").variant == "A/Q"
    assert figure(Kpi("connection_rate", variant=variant)) == (expected, counts)


def test_kpi1_abandon_rate_over_the_queue_by_default() -> None:
    """KPI-1, KPI-11: abandonment in the queue over calls that reached it (2/6); over
    offered it would count the IVR hang-ups too (4/11)."""
    assert figure(Kpi("abandon_rate")) == (Fraction(2, 6), {"Q": 6, "Ab_Q": 2, "IVR": 5})
    assert figure(Kpi("abandon_rate", variant="Ab/N"))[0] == Fraction(4, 11)


def test_kpi1_self_service_only_day() -> None:
    """KPI-1, KPI-2: a holiday when every call was self-service: no queued call, so the
    queued variants have no value (not 0 %), while (A+SS)/N is 100 %."""
    day = [call(how="ivr", ivr_outcome="self_service") for _ in range(4)]
    assert figure(Kpi("service_level"), day)[0] is None
    assert figure(Kpi("connection_rate"), day)[0] is None
    assert figure(Kpi("connection_rate", variant="(A+SS)/N"), day)[0] == 1


def test_kpi2_outcome_defaults_for_existing_data() -> None:
    """KPI-2: without an IVR outcome a call is queued, as before; the outcome sets the
    default of ``queued`` and travels in the call row."""
    plain = call(5)
    assert (plain.ivr_outcome, plain.queued, plain.row().ivr) == (None, True, None)
    served = call(how="ivr", ivr_outcome="self_service")
    assert (served.ivr_outcome, served.queued) == (IvrOutcome.SELF_SERVICE, False)
    assert call(7, ivr_outcome="queued").queued is True
    assert CallRow._fields[-1] == "ivr" and len(plain.row()) == 15


@pytest.mark.parametrize(
    ("fields", "argument"),
    [
        ({"ivr_outcome": "self_service", "answered": T0 + S}, "answered"),
        ({"ivr_outcome": "abandoned", "answered": T0 + S}, "answered"),
        ({"ivr_outcome": "self_service", "queued": True}, "queued"),
        ({"ivr_outcome": "queued", "queued": False}, "queued"),
        ({"ivr_outcome": "self_service", "abandoned": T0 + S}, "abandoned"),
        ({"ivr_outcome": "hung_up"}, "ivr_outcome"),
    ],
)
def test_kpi2_contradictory_ivr_outcomes_are_refused(
    fields: dict[str, object], argument: str
) -> None:
    """KPI-2: an outcome that contradicts the answer or ``queued`` names the argument."""
    with pytest.raises(InvalidArgumentError) as info:
        CallRecord("inbound", "q", T0, **fields)  # type: ignore[arg-type]
    assert info.value.argument.endswith(argument)


def test_kpi2_fast_rows_with_and_without_the_ivr_column() -> None:
    """KPI-2, KPI-10: rows of 14 values (no IVR column) and of 15 count the same; a
    contradictory IVR value is refused, naming the row, the rows before it counted."""
    calls = dataset()
    full = CallAccumulator().add_call_rows(tuple(c.row()) for c in calls).report()
    assert full == CallAccumulator().add_all(calls).report()
    queued_only = [c for c in calls if c.ivr_outcome is None]
    short = CallAccumulator().add_call_rows(tuple(c.row())[:14] for c in queued_only)
    assert short.report() == CallAccumulator().add_all(queued_only).report()
    bad = [*tuple(calls[0].row())[:13], False, "self_service"]  # answered, yet self-service
    acc = CallAccumulator()
    with pytest.raises(InvalidArgumentError, match=r"rows\[1\]: expected ivr: 'queued'"):
        acc.add_call_rows([tuple(calls[1].row()), tuple(bad)])
    assert acc.records == 1
    with pytest.raises(InvalidArgumentError, match=r"rows\[0\]"):
        CallAccumulator().add_call_rows([(*tuple(calls[4].row())[:14], "maybe")])


# -- laws -------------------------------------------------------------------------------------

BASE = datetime(2026, 3, 1, tzinfo=UTC)
MS = timedelta(milliseconds=1)
KPIS = (
    *CALL_KPIS,
    Kpi("service_level", name="sl3", variant="A_T/(A+Ab)"),
    Kpi("connection_rate", name="cr_ss", variant="(A+SS)/N"),
    Kpi("connection_rate", name="cr_n", variant="A/N"),
    Kpi("average_queue_time", name="aqt_all", variant="(wait_A+wait_Ab)/(A+Ab)"),
)


@st.composite
def calls(draw: st.DrawFn) -> CallRecord:
    offered = BASE + draw(st.integers(0, 200 * 86_400_000)) * MS
    wait = draw(st.integers(0, 90_000)) * MS
    how = draw(st.sampled_from(["answered", "abandoned", "ivr_abandoned", "self_service", "old"]))
    fields: dict[str, object] = {"team": draw(st.sampled_from(["T1", "T2"]))}
    if how == "answered":
        fields["answered"] = offered + wait
        fields["ivr_outcome"] = draw(st.sampled_from([None, "queued"]))
    elif how == "abandoned":
        fields["abandoned"] = offered + wait
        fields["ivr_outcome"] = draw(st.sampled_from([None, "queued"]))
    elif how == "ivr_abandoned":
        fields["ivr_outcome"] = "abandoned"
        if draw(st.booleans()):
            fields["abandoned"] = offered + wait
    elif how == "self_service":
        fields["ivr_outcome"] = "self_service"
    else:  # recorded the old way: not queued, maybe a hang-up instant
        fields["queued"] = False
        if draw(st.booleans()):
            fields["abandoned"] = offered + wait
    direction = draw(st.sampled_from(["inbound", "inbound", "outbound"]))
    return CallRecord(direction, "q", offered, **fields)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.lists(calls(), max_size=50), st.data())
def test_kpi10_ivr_counts_merge_exactly_and_the_fast_path_agrees(
    records: list[CallRecord], data: st.DataObject
) -> None:
    """KPI-10, KPI-1, KPI-2, KPI-5: with IVR outcomes, any split merged equals one pass,
    and the plain-tuple path equals the record path."""
    by = data.draw(st.sampled_from([(), ("month", "team"), ("quarter",), ("day", "direction")]))
    settings = {"kpis": KPIS, "by": by, "zone": "Asia/Shanghai"}
    cut = data.draw(st.integers(0, len(records)))
    one = CallAccumulator(**settings).add_all(records)  # type: ignore[arg-type]
    left = CallAccumulator(**settings).add_all(records[:cut])  # type: ignore[arg-type]
    right = CallAccumulator(**settings).add_all(records[cut:])  # type: ignore[arg-type]
    assert left.merge(right).report() == one.report()
    fast = CallAccumulator(**settings).add_call_rows(tuple(r.row()) for r in records)  # type: ignore[arg-type]
    assert fast.report() == one.report()


@settings(max_examples=60, deadline=None)
@given(st.lists(calls(), max_size=40))
def test_kpi2_kpi5_calls_that_ended_in_the_ivr_do_not_move_the_queued_variants(
    records: list[CallRecord],
) -> None:
    """KPI-2, KPI-5, KPI-11: the queued-only variants over all calls equal the old
    variants over the calls that reached the queue: IVR calls change nothing."""
    queued = [r for r in records if r.queued or r.answered is not None]
    kpis = [
        Kpi("service_level"),
        Kpi("average_queue_time"),
        Kpi("abandon_rate"),
        Kpi("connection_rate"),
    ]
    old = [
        Kpi("service_level", variant="A_T/(A+Ab)"),
        Kpi("average_queue_time", variant="(wait_A+wait_Ab)/(A+Ab)"),
        Kpi("abandon_rate", variant="Ab/N"),
        Kpi("connection_rate", variant="A/N"),
    ]
    new = [row.value for row in CallAccumulator(kpis).add_all(records).report()]
    reference = [row.value for row in CallAccumulator(old).add_all(queued).report()]
    assert new == (reference or [None] * len(old) if records else [])
    everything = CallAccumulator([Kpi("connection_rate", variant="(A+SS)/N")]).add_all(records)
    self_served = sum(
        r.ivr_outcome is IvrOutcome.SELF_SERVICE for r in records if r.direction == "inbound"
    )
    assert sum(row.counts["SS"] for row in everything.report()) == self_served
