"""KPIs from call, survey and agent-time records (KPI-1 … KPI-8, KPI-10, KPI-11).

The hand-computed dataset (inbound, T = 20 s, S = 5 s): answered after 5, 10, 20, 25 and
40 s (A = 5, A_T = 3: a wait of exactly T counts as within), abandoned after 5, 15 and
30 s (Ab = 3, Ab_T = 2, Ab_S = 1: exactly S is a short abandon), and one call that was
neither (routed away in the IVR, not queued): N = 9, Q = 8.  One outbound call, answered
after 4 s, must stay out of every inbound figure.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from servicepolicy.errors import NaiveDatetimeError, WrongTypeError
from servicepolicy.kpi import (
    CALL_KPIS,
    AgentTime,
    CallAccumulator,
    CallRecord,
    Goal,
    Kpi,
    SurveyResponse,
    Target,
)

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 3, 9, 0, tzinfo=SH)
S = timedelta(seconds=1)


def answered(wait: int, **fields: object) -> CallRecord:
    fields.setdefault("talk_seconds", 200)
    return CallRecord(
        fields.pop("direction", "inbound"),  # type: ignore[arg-type]
        "q1",
        T0,
        answered=T0 + wait * S,
        agent="A-01",
        team="T1",
        **fields,  # type: ignore[arg-type]
    )


def abandoned(wait: int, **fields: object) -> CallRecord:
    return CallRecord("inbound", "q1", T0, abandoned=T0 + wait * S, team="T1", **fields)  # type: ignore[arg-type]


def dataset() -> list[CallRecord]:
    return [
        answered(5, talk_seconds=180, hold_seconds=0, acw_seconds=30, rings=2),
        answered(10, talk_seconds=240, hold_seconds=30, acw_seconds=45, rings=3),
        answered(20, talk_seconds=200, hold_seconds=10, acw_seconds=20, rings=2),
        answered(25, talk_seconds=300, hold_seconds=60, acw_seconds=60, rings=4),
        answered(40, talk_seconds=150, hold_seconds=0, acw_seconds=15),
        abandoned(5),
        abandoned(15),
        abandoned(30),
        CallRecord("inbound", "q1", T0, team="T1", queued=False),
        answered(4, direction="outbound", talk_seconds=90),
    ]


def value(kpi: Kpi, records: list[object] | None = None) -> Fraction | None:
    acc = CallAccumulator([kpi]).add_all(dataset() if records is None else records)  # type: ignore[arg-type]
    return acc.report().row(kpi.name).value


# -- KPI-2: the five service-level variants --------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("(A_T+Ab_T)/(A+Ab)", Fraction(3 + 2, 5 + 3)),
        ("A_T/A", Fraction(3, 5)),
        ("A_T/(A+Ab)", Fraction(3, 8)),
        ("A_T/(A+Ab-Ab_T)", Fraction(3, 8 - 2)),
        ("A_T/(A+Ab-Ab_S)", Fraction(3, 8 - 1)),
    ],
)
def test_kpi2_service_level_variants_on_the_hand_computed_dataset(
    variant: str, expected: Fraction
) -> None:
    """KPI-2, KPI-11: each service-level variant, ① … ⑤, on the hand-computed dataset."""
    assert value(Kpi("service_level", variant=variant)) == expected


def test_kpi2_default_is_80_20_counting_every_abandon_in_the_queue() -> None:
    """KPI-2: 80 % within 20 s by default, variant ⓪ (queued calls, every abandon in the
    queue counts against); the row shows the counts behind it, the IVR call apart."""
    row = CallAccumulator([Kpi("service_level")]).add_all(dataset()).report().row("service_level")
    assert (row.value, row.met, row.shortfall) == (Fraction(3, 8), False, Fraction(17, 40))
    assert dict(row.counts) == {"A": 5, "Ab_Q": 3, "A_T": 3, "IVR": 1}
    assert (row.numerator, row.denominator, row.parameters["threshold_s"]) == (3, 8, 20)


def test_kpi2_threshold_and_short_abandon_are_parameters() -> None:
    """KPI-2: T = 25 s takes the 25 s answer in; S = 15 s makes two short abandons."""
    assert value(Kpi("service_level", variant="A_T/A", threshold=25)) == Fraction(4, 5)
    short = Kpi("service_level", variant="A_T/(A+Ab-Ab_S)", short_abandon=15)
    assert value(short) == Fraction(3, 6)
    both = [Kpi("service_level", name="sl20"), Kpi("service_level", name="sl30", threshold=30)]
    report = CallAccumulator(both).add_all(dataset()).report()
    assert [r.value for r in report] == [Fraction(3, 8), Fraction(4, 8)]


# -- KPI-1: connection and abandonment ------------------------------------------------------


def test_kpi1_connection_rate_inbound_and_outbound_targets() -> None:
    """KPI-1: connection rate answered/offered; inbound target 80 %, outbound 60 %."""
    inbound, outbound = Kpi("connection_rate"), Kpi("connection_rate", direction="outbound")
    assert (inbound.target, outbound.target) == (Target.at_least("80%"), Target.at_least("0.6"))
    report = CallAccumulator([inbound, outbound]).add_all(dataset()).report()
    assert report.row("connection_rate").value == Fraction(5, 8)  # A/Q: the IVR call apart
    assert report.row("connection_rate_outbound").value == 1
    assert [r.met for r in report] == [False, True]
    assert value(Kpi("connection_rate", variant="A/N")) == Fraction(5, 9)
    assert value(Kpi("connection_rate", variant="A/(N-Ab_S)")) == Fraction(5, 8)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [("Ab/N", Fraction(3, 9)), ("Ab_Q/Q", Fraction(3, 8)), ("(Ab-Ab_S)/(N-Ab_S)", Fraction(2, 8))],
)
def test_kpi1_abandonment_over_offered_or_queued(variant: str, expected: Fraction) -> None:
    """KPI-1, KPI-11: abandonment over offered, over queued, or without short abandons."""
    assert value(Kpi("abandon_rate", variant=variant)) == expected


# -- KPI-3 … KPI-5 ---------------------------------------------------------------------------


def test_kpi3_handle_time_keeps_talk_hold_and_wrap_apart() -> None:
    """KPI-3: AHT = (talk + hold + acw) / answered, 210–330 s; the parts are reported."""
    row = (
        CallAccumulator([Kpi("average_handle_time")])
        .add_all(dataset())
        .report()
        .row("average_handle_time")
    )
    talk, hold, acw = 1070, 100, 170
    assert row.value == Fraction(talk + hold + acw, 5) == 268
    assert dict(row.components) == {"talk": 214, "hold": 20, "acw": 34}
    assert row.met is True and row.target == Target.within(210, 330)
    assert value(Kpi("average_handle_time", variant="(talk+acw)/A")) == Fraction(1240, 5)
    assert value(Kpi("average_handle_time", variant="talk/A")) == 214


def test_kpi3_durations_count_in_exact_milliseconds() -> None:
    """KPI-3: fractional seconds add up exactly (0.1 s + 0.2 s is 0.3 s)."""
    calls = [answered(1, talk_seconds=0.1), answered(1, talk_seconds=0.2)]
    assert value(Kpi("average_handle_time"), calls) == Fraction(3, 20)


def test_kpi4_average_rings_over_calls_that_recorded_them() -> None:
    """KPI-4: rings before answer, 2–3; calls without a ring count are left out."""
    row = CallAccumulator([Kpi("average_rings")]).add_all(dataset()).report().row("average_rings")
    assert (row.value, row.denominator, row.met) == (Fraction(11, 4), 4, True)


def test_kpi5_queue_time_all_waits_or_answered_only() -> None:
    """KPI-5: average queue time ≤ 20 s over every caller who waited, or ASA."""
    assert value(Kpi("average_queue_time")) == Fraction(100 + 50, 8)
    assert value(Kpi("average_queue_time", variant="wait_A/A")) == 20
    assert Kpi("average_queue_time").goal is Goal.AT_MOST


# -- KPI-6: occupancy and utilisation ---------------------------------------------------------


def agent_time(direction: str = "outbound", **fields: float) -> AgentTime:
    values = {"handling_seconds": 7200, "available_seconds": 600, "aux_seconds": 1800}
    values.update(fields)
    return AgentTime(T0, agent="B-01", team="T2", direction=direction, paid_seconds=28800, **values)


def test_kpi6_outbound_occupancy_target_90_percent() -> None:
    """KPI-6: occupancy = handling / (handling + available), outbound ≥ 90 %."""
    kpi = Kpi("occupancy")
    assert (kpi.direction, kpi.target) == ("outbound", Target.at_least("90%"))
    row = CallAccumulator([kpi]).add_all([agent_time()]).report().row("occupancy")
    assert (row.value, row.met) == (Fraction(7200, 7800), True)
    inbound = [agent_time("inbound", available_seconds=60_000)]
    assert value(kpi, inbound) is None  # outbound occupancy: no outbound time at all


def test_kpi6_utilisation_is_not_occupancy() -> None:
    """KPI-6: utilisation divides by paid time; the two are kept apart."""
    records: list[object] = [agent_time()]
    assert value(Kpi("utilisation"), records) == Fraction(1, 4)
    assert value(Kpi("utilisation", variant="logged_in/paid"), records) == Fraction(1, 3)
    assert value(Kpi("occupancy", direction=None), records) == Fraction(12, 13)


# -- KPI-7: first-contact resolution ---------------------------------------------------------


def test_kpi7_fcr_by_agent_flag() -> None:
    """KPI-7: FCR by the agent's flag, over answered calls that carry one; target 85 %."""
    calls = [answered(1, resolved_first_contact=flag) for flag in (True, True, False, None)]
    row = CallAccumulator([Kpi("first_contact_resolution")]).add_all(calls).report().rows[0]
    assert (row.value, row.target, row.met) == (Fraction(2, 3), Target.at_least("85%"), False)


def test_kpi7_fcr_by_survey() -> None:
    """KPI-7: FCR by the customers' own answer in the survey."""
    surveys = [SurveyResponse(T0, direction="inbound", resolved=r) for r in (True, False, True)]
    assert value(Kpi("first_contact_resolution", variant="survey"), surveys) == Fraction(2, 3)


def test_kpi7_fcr_by_no_repeat_contact_within_the_window() -> None:
    """KPI-7: an answered call fails if the customer calls again within the window."""
    day = timedelta(days=1)

    def contact(customer: str, after: timedelta, answer: bool = True) -> CallRecord:
        at = T0 + after
        if answer:
            return CallRecord("inbound", "q", at, answered=at + S, customer=customer)
        return CallRecord("inbound", "q", at, abandoned=at + S, customer=customer)

    calls = [
        contact("C-1", 0 * day),
        contact("C-2", 0 * day),
        contact("C-1", 2 * day, answer=False),  # repeat of C-1's first call: it failed
        contact("C-3", 3 * day),
        contact("C-1", 3 * day),
        contact("C-3", 11 * day),  # 8 days later: C-3's first call stands
    ]
    kpi = Kpi("first_contact_resolution", variant="no_repeat", window=timedelta(days=7))
    row = CallAccumulator([kpi]).add_all(calls).report().rows[0]
    # judged: the five answered calls; failed: C-1's first.  C-3's last (day 11) is the
    # newest contact: it may still be repeated, so it counts as resolved provisionally.
    assert (row.value, dict(row.counts)) == (
        Fraction(4, 5),
        {"contacts": 5, "repeated": 1, "provisional": 1},
    )
    assert row.parameters["window"] == "7 days, 0:00:00"


# -- KPI-8: satisfaction ---------------------------------------------------------------------


def test_kpi8_csat_top2_box_or_mean_and_nps() -> None:
    """KPI-8: CSAT as top-2-box share or mean score; NPS promoters minus detractors."""
    scores = [(5, 10), (4, 9), (3, 7), (2, 6), (5, None)]
    surveys = [SurveyResponse(T0, direction="inbound", csat=c, nps=n) for c, n in scores]
    report = (
        CallAccumulator([Kpi("csat"), Kpi("csat", variant="mean", name="csat_mean"), Kpi("nps")])
        .add_all(surveys)
        .report()
    )
    assert [r.value for r in report] == [Fraction(3, 5), Fraction(19, 5), Fraction(100 * 1, 4)]
    assert [r.unit for r in report] == ["ratio", "score", "points"]
    assert report.row("csat").target is None  # the manuals say "≥ [X] %"
    custom = Kpi("csat", target=Target.at_least("90%"))
    assert CallAccumulator([custom]).add_all(surveys).report().rows[0].met is False


# -- reports, violations, grouping -------------------------------------------------------------


def test_kpi10_monthly_report_per_team_and_its_violations() -> None:
    """KPI-10, KPI-2: by month and team; misses become Violations citing the KPI rule ID."""
    december = CallRecord(
        "inbound", "q1", T0 + timedelta(days=30), answered=T0 + timedelta(days=30), team="T1"
    )
    acc = CallAccumulator(CALL_KPIS, by=["month", "team"], zone=SH)
    report = acc.add_all([*dataset(), december]).report()
    assert {tuple(r.group.values()) for r in report} == {("2026-11", "T1"), ("2026-12", "T1")}
    assert report.records == 11
    assert len(report.for_kpi("service_level")) == 2
    violations = report.violations()
    sl = [v for v in violations if v.rule_id == "KPI-2"]
    assert len(sl) == 1 and sl[0].subject == "month=2026-11, team=T1"
    assert sl[0].facts["A_T"] == 3 and sl[0].facts["variant"] == "A_T/(A+Ab_Q)"
    # November: connection 5/8 < 80 %, service level 3/8; December: AHT 0 s < 210 s
    assert {(v.rule_id, v.subject) for v in violations} == {
        ("KPI-1", "month=2026-11, team=T1"),
        ("KPI-2", "month=2026-11, team=T1"),
        ("KPI-3", "month=2026-12, team=T1"),
    }


def test_kpi10_periods_follow_the_time_zone() -> None:
    """KPI-10, CAL-5: 2026-10-31 17:30 UTC is already November in Shanghai."""
    at = datetime(2026, 10, 31, 17, 30, tzinfo=UTC)
    call = CallRecord("inbound", "q", at, answered=at + S)
    for zone, month in (("Asia/Shanghai", "2026-11"), ("UTC", "2026-10")):
        report = (
            CallAccumulator([Kpi("service_level")], by=["month"], zone=zone)
            .add_all([call])
            .report()
        )
        assert report.rows[0].group == {"month": month}


def test_kpi10_quarter_year_and_direction_grouping() -> None:
    """KPI-10: quarterly and annual periods; grouping by direction keeps KPIs to their own."""
    report = (
        CallAccumulator(
            [Kpi("connection_rate"), Kpi("connection_rate", direction="outbound")],
            by=["quarter", "direction"],
            zone=SH,
        )
        .add_all(dataset())
        .report()
    )
    assert [(tuple(r.group.values()), r.name) for r in report] == [
        (("2026-Q4", "inbound"), "connection_rate"),
        (("2026-Q4", "outbound"), "connection_rate_outbound"),
    ]


def test_kpi11_every_row_names_rule_variant_and_counts() -> None:
    """KPI-11: every figure explains itself: rule, variant, numerator/denominator, counts."""
    report = CallAccumulator().add_all(dataset()).report()
    assert len(report) == len(CALL_KPIS)
    for row in report:
        assert row.rule_id.startswith("KPI-") and row.variant in row.explain()
    assert report.row("service_level").explain() == (
        "KPI-2 service_level [A_T/(A+Ab_Q)] all: 37.5 % = 3/8 (A=5, Ab_Q=3, A_T=3, IVR=1); "
        "target ≥ 80 %: missed by 42.5 %"
    )
    assert report.row("csat").verdict() == "no target"
    assert report.row("occupancy").verdict() == "target ≥ 90 %: no data"


def test_kpi11_plain_rows_and_frame() -> None:
    """KPI-11: rows as plain data, and a pandas DataFrame with the same columns."""
    pandas = pytest.importorskip("pandas")
    report = CallAccumulator([Kpi("service_level")], by=["team"]).add_all(dataset()).report()
    plain = report.as_dicts()
    assert plain[0]["team"] == "T1" and plain[0]["value"] == 0.375 and plain[0]["met"] is False
    frame = report.to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns[:4]) == ["team", "kpi", "rule_id", "variant"]
    assert frame.loc[0, "numerator"] == 3


def test_kpi11_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """KPI-11: without pandas, to_frame() says how to get it."""
    import importlib

    real = importlib.import_module

    def without_pandas(name: str, package: str | None = None) -> object:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_pandas)
    report = CallAccumulator([Kpi("service_level")]).add_all(dataset()).report()
    with pytest.raises(ModuleNotFoundError, match=r"needs pandas: pip install pandas"):
        report.to_frame()


def test_kpi2_fast_rows_give_the_same_report_as_records() -> None:
    """KPI-2, KPI-11: add_call_rows(tuples) counts exactly what add(CallRecord) counts."""
    by_record = CallAccumulator(by=["day", "agent"], zone=SH).add_all(dataset())
    by_row = CallAccumulator(by=["day", "agent"], zone=SH).add_call_rows(
        tuple(c.row()) for c in dataset()
    )
    assert by_row.report() == by_record.report()


def test_kpi_naive_datetimes_are_rejected() -> None:
    """KPI-10, CAL-5: a naive instant is refused, never guessed."""
    with pytest.raises(NaiveDatetimeError, match="call: offered"):
        CallRecord("inbound", "q", datetime(2026, 11, 3, 9))
    with pytest.raises(NaiveDatetimeError):
        SurveyResponse(datetime(2026, 11, 3), direction="inbound", csat=5)
    with pytest.raises(WrongTypeError):
        AgentTime(
            "2026-11-03", agent="A", direction="inbound", handling_seconds=1,  # type: ignore[arg-type]
            available_seconds=1, paid_seconds=1,
        )  # fmt: skip


def test_kpi4_rings_of_unanswered_calls_are_not_averaged() -> None:
    """KPI-4: rings *before answer*: a call abandoned while ringing is kept, not averaged."""
    rang_out = CallRecord("inbound", "q1", T0, abandoned=T0 + 30 * S, rings=6)
    calls = [answered(5, rings=2), rang_out]
    assert value(Kpi("average_rings"), calls) == 2
    by_row = CallAccumulator([Kpi("average_rings")]).add_call_rows(c.row() for c in calls)
    assert by_row.report().rows[0].value == 2


def test_kpi5_waits_are_elapsed_time_across_a_daylight_saving_change() -> None:
    """KPI-5, CAL-5: offered 01:50 EDT, answered 01:05 EST on 2026-11-01 in New York is a
    15-minute wait (the wall clock went back), not a call answered before it was offered."""
    ny = ZoneInfo("America/New_York")
    offered = datetime(2026, 11, 1, 1, 50, tzinfo=ny)
    answered_at = datetime(2026, 11, 1, 1, 5, fold=1, tzinfo=ny)
    ended = answered_at.replace(minute=9)  # keeps fold=1 (adding a timedelta would not)
    call = CallRecord("inbound", "q", offered, answered=answered_at, ended=ended)
    assert call.wait_seconds == 900
    assert value(Kpi("average_queue_time"), [call]) == 900
