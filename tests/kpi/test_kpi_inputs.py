"""Bad input to the KPI records, definitions and accumulators is refused with a message
that names the field, the value and what was expected (KPI-1 … KPI-11)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError
from servicepolicy.kpi import (
    CallAccumulator,
    CallRecord,
    CallRow,
    Kpi,
    SurveyResponse,
    Target,
    TicketAccumulator,
)

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 3, 9, tzinfo=SH)
S = timedelta(seconds=1)


def row(**changes: object) -> tuple[object, ...]:
    base = CallRow(
        1_790_000_000_000, "inbound", "q", "T1", "A", None, 5000, None, 2, 1, 2, 3, None, True
    )
    return tuple(base._replace(**changes))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"talk_seconds": -1}, "talk_seconds: expected a number of seconds >= 0, got -1"),
        ({"hold_seconds": float("nan")}, "hold_seconds: expected a finite number"),
        ({"acw_seconds": "30"}, "acw_seconds: expected a number of seconds"),
        ({"abandoned": T0 + S}, "abandoned: expected None for a call that was answered"),
        ({"answered": T0 - S}, "answered: expected an instant at or after offered"),
        ({"ended": T0}, "ended: expected an instant at or after"),
        ({"rings": -1}, "rings: expected an int >= 0"),
        ({"rings": 2.5}, "rings: expected an int"),
        ({"resolved_first_contact": "yes"}, "resolved_first_contact: expected True, False"),
        ({"agent": ""}, "agent: expected a non-empty string"),
    ],
)
def test_kpi3_bad_call_fields(fields: dict[str, object], message: str) -> None:
    """KPI-3, KPI-4: negative or non-numeric durations, impossible instants are refused."""
    values: dict[str, object] = {"answered": T0 + 10 * S, "talk_seconds": 100}
    values.update(fields)
    with pytest.raises(ServicePolicyError, match=message.replace("(", r"\(")):
        CallRecord("inbound", "q", T0, **values)  # type: ignore[arg-type]


def test_kpi1_unknown_direction_and_talk_without_answer() -> None:
    """KPI-1: a direction is inbound or outbound; nobody talks on an unanswered call."""
    with pytest.raises(
        InvalidArgumentError, match="direction: expected 'inbound' or 'outbound', got 'in'"
    ):
        CallRecord("in", "q", T0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="talk_seconds: expected 0 for a call nobody"):
        CallRecord("inbound", "q", T0, talk_seconds=5)


def test_kpi8_survey_scores_must_fit_their_scales() -> None:
    """KPI-8: CSAT within 1 … scale, NPS within 0 … 10, one scale per accumulator."""
    with pytest.raises(InvalidArgumentError, match=r"csat: expected an int from 1 to 5, got 6"):
        SurveyResponse(T0, direction="inbound", csat=6)
    with pytest.raises(InvalidArgumentError, match=r"nps: expected an int from 0 to 10, got 11"):
        SurveyResponse(T0, direction="inbound", nps=11)
    seven = SurveyResponse(T0, direction="inbound", csat=6, csat_scale=7)
    with pytest.raises(
        InvalidArgumentError, match="csat_scale: expected the accumulator's scale 5"
    ):
        CallAccumulator([Kpi("csat")]).add(seven)
    assert CallAccumulator([Kpi("csat")], csat_scale=7).add_all([seven]).report().rows[0].value == 1


def test_kpi11_unknown_measure_variant_and_misplaced_kpis() -> None:
    """KPI-11: unknown measures and variants name the known ones; KPIs go to their source."""
    with pytest.raises(InvalidArgumentError, match="measure: expected one of abandon_rate, "):
        Kpi("speed")
    with pytest.raises(InvalidArgumentError, match=r"variant: expected one of 'top2box', 'mean'"):
        Kpi("csat", variant="top3box")
    with pytest.raises(InvalidArgumentError, match="direction: expected None for a ticket measure"):
        Kpi("average_response_time", direction="inbound")
    with pytest.raises(InvalidArgumentError, match="a KPI computed from calls"):
        CallAccumulator([Kpi("average_response_time")])
    with pytest.raises(InvalidArgumentError, match="a KPI computed from tickets"):
        TicketAccumulator([Kpi("service_level")], as_of=T0)
    with pytest.raises(InvalidArgumentError, match="KPI names that are unique"):
        CallAccumulator([Kpi("service_level"), Kpi("service_level", threshold=30)])
    with pytest.raises(InvalidArgumentError, match="threshold: expected a number of seconds > 0"):
        Kpi("service_level", threshold=0)
    with pytest.raises(WrongTypeError, match=r"window: expected a datetime\.timedelta"):
        Kpi("first_contact_resolution", variant="no_repeat", window=7)  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"target: expected a servicepolicy\.kpi\.Target"):
        Kpi("service_level", target=0.8)  # type: ignore[arg-type]


def test_kpi10_grouping_needs_known_dimensions_and_a_zone() -> None:
    """KPI-10: one period at most, known dimensions, a zone for periods."""
    with pytest.raises(InvalidArgumentError, match="by: expected at most one period"):
        CallAccumulator(by=["month", "week"], zone=SH)
    with pytest.raises(
        InvalidArgumentError, match="by: expected distinct dimension names from: day"
    ):
        CallAccumulator(by=["site"])
    with pytest.raises(InvalidArgumentError, match="zone: expected a time zone to count months in"):
        CallAccumulator(by=["month"])
    with pytest.raises(InvalidArgumentError, match="zone: expected an IANA time zone name"):
        CallAccumulator(by=["month"], zone="Mars/Olympus")


def test_kpi2_targets_are_exact_and_checked() -> None:
    """KPI-2: targets keep exact bounds; a range must be ordered."""
    assert Target.at_least(0.8) == Target.at_least("80%") == Target.at_least("4/5")
    with pytest.raises(InvalidArgumentError, match="target: expected a number such as"):
        Target.at_least("eighty")
    with pytest.raises(InvalidArgumentError, match="high: expected at least low"):
        Target.within(330, 210)
    with pytest.raises(WrongTypeError):
        Target.at_most(True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer_ms": -1}, r"rows\[1\]: expected durations >= 0"),
        ({"talk_ms": -5}, r"rows\[1\]: expected durations >= 0"),
        (
            {"abandon_ms": 3000},
            r"rows\[1\]: expected durations >= 0, answered or abandoned but not both",
        ),
        ({"answer_ms": None, "abandon_ms": 2000}, r"no talk/hold/after-call time on a call nobody"),
        ({"direction": "sideways"}, r"direction: expected 'inbound' or 'outbound', got 'sideways'"),
        ({"rings": -2}, r"rows\[1\]: expected rings: expected an int >= 0"),
    ],
)
def test_kpi3_fast_rows_are_checked(changes: dict[str, object], message: str) -> None:
    """KPI-3: the fast path refuses negative durations, contradictions, bad directions;
    the rows before the bad one stay counted, the bad one is not."""
    acc = CallAccumulator()
    with pytest.raises(InvalidArgumentError, match=message):
        acc.add_call_rows([row(), row(**changes)])
    assert acc.records == 1
    assert acc.report().row("connection_rate").counts["Q"] == 1


def test_kpi3_fast_rows_need_integer_milliseconds() -> None:
    """KPI-3: float milliseconds are refused (sums must stay exact)."""
    with pytest.raises(WrongTypeError, match=r"rows\[0\]: expected a call row: int milliseconds"):
        CallAccumulator().add_call_rows([row(talk_ms=1.5)])


def test_kpi_merge_needs_the_same_settings() -> None:
    """KPI-10: only accumulators with the same KPIs, grouping and zone merge."""
    a = CallAccumulator(by=["month"], zone=SH)
    with pytest.raises(InvalidArgumentError, match="the same KPIs, grouping, zone"):
        a.merge(CallAccumulator(by=["month"], zone="UTC"))
    with pytest.raises(WrongTypeError):
        a.merge("b")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match="record: expected a CallRecord"):
        a.add(("inbound",))  # type: ignore[arg-type]


def test_kpi7_repeat_contacts_need_time_order() -> None:
    """KPI-7: the no-repeat variant refuses a customer's contacts out of time order, and
    with max_lateness, input further back in time than allowed."""
    kpi = Kpi("first_contact_resolution", variant="no_repeat")
    late = CallRecord("inbound", "q", T0, answered=T0 + S, customer="C-1")
    early = CallRecord("inbound", "q", T0 - S, answered=T0, customer="C-1")
    with pytest.raises(InvalidArgumentError, match="each customer's contacts in time order"):
        CallAccumulator([kpi]).add_all([late, early])
    other = CallRecord("inbound", "q", T0 - 2 * S, answered=T0, customer="C-2")
    bounded = CallAccumulator([kpi], max_lateness=timedelta(seconds=1))
    with pytest.raises(InvalidArgumentError, match="at most max_lateness"):
        bounded.add_all([late, other])
    with pytest.raises(InvalidArgumentError, match="one repeat-contact window"):
        CallAccumulator([kpi, Kpi("first_contact_resolution", variant="no_repeat", name="w2",
                                  window=timedelta(days=2))])  # fmt: skip
