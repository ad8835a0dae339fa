"""Tests of servicepolicy.io.converter: lossless round trips, and every problem reported at once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicepolicy.customers import (
    BIRTHDAY,
    CareAction,
    Classification,
    Condition,
    Contact,
    Customer,
    PlannedVisit,
    SpecialDate,
    TierScheme,
    at_least,
    below,
    equals,
    exhibition,
    flag,
    key_accounts,
    one_of,
    vip,
)
from servicepolicy.errors import NaiveDatetimeError, ServicePolicyError
from servicepolicy.io.converter import (
    StructureError,
    converter,
    make_converter,
    problems_of,
    structure,
    unstructure,
)
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.tickets import (
    ITIL_MATRIX,
    LIFECYCLES,
    Lifecycle,
    LifecycleRegistry,
    PriorityMatrix,
    Ticket,
    TicketEvent,
    builtin_lifecycles,
)
from servicepolicy.workforce import (
    Approval,
    ApproverRole,
    AttendancePolicy,
    AwayMeasure,
    CertificatePeriod,
    ClockRecord,
    Employee,
    HandOverLog,
    LeaveKind,
    LeavePolicy,
    LeaveRequest,
    Shift,
    StaffingRequirement,
    SwapPolicy,
    SwapRequest,
)
from strategies import ticket_histories

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 24, 9, 30, tzinfo=SH)
CST = timezone(timedelta(hours=8))


def json_round_trip(data: Any) -> Any:
    """What a JSON file gives back: proves the data is JSON-ready (no tuples, sets, enums)."""
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    return json.loads(text)


def round_trip(value: Any, cls: Any = None, conv: Any = None) -> Any:
    """unstructure → JSON text → structure."""
    cls = cls or type(value)
    if conv is None:
        return structure(json_round_trip(unstructure(value)), cls)
    return conv.structure(json_round_trip(conv.unstructure(value)), cls)


# -- strategies --------------------------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
fixed_zones = st.sampled_from([UTC, CST, timezone(timedelta(hours=-5, minutes=-30)), SH])
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=fixed_zones
)


def histories() -> st.SearchStrategy[Ticket]:
    """Tickets in random zones, with random people and notes."""
    return ticket_histories(id=names, people=names, instants=instants, max_gap=timedelta(days=1))


spans = st.tuples(instants, st.timedeltas(timedelta(minutes=1), timedelta(days=3)))
employees = st.builds(
    Employee,
    id=names,
    team=names,
    team_leader=names,
    job_type=names,
    skill_level=st.integers(0, 9),
    roles=st.frozensets(names, max_size=3),
)
shifts = st.builds(lambda i, e, s: Shift(i, e, s[0], s[0] + s[1]), names, names, spans)
staffing = st.builds(
    lambda s, j, m, k: StaffingRequirement(s[0], s[0] + s[1], j, m, k),
    spans,
    names,
    st.integers(0, 5),
    st.integers(0, 5),
)
approvals = st.builds(Approval, names, st.sampled_from(ApproverRole), st.none() | instants)
certificates = st.builds(
    lambda d, n: CertificatePeriod(d, d + timedelta(days=n)),
    st.dates(date(2000, 1, 1), date(2099, 1, 1)),
    st.integers(0, 30),
)
leave_requests = st.builds(
    lambda i, e, k, s, r, by, to, c, a, em, ph, sp: LeaveRequest(
        i, e, k, s[0], s[0] + s[1], r, by, to, c, a, em, ph, sp
    ),
    names,
    names,
    st.sampled_from(LeaveKind),
    spans,
    instants,
    names,
    st.none() | names,
    st.lists(certificates, max_size=2),
    st.lists(approvals, max_size=2),
    st.booleans(),
    st.none() | instants,
    st.booleans(),
)
swap_requests = st.builds(
    lambda i, r, s, at, a, h: SwapRequest(i, r, r + "-x", s, s + "-back", at, a, h),
    names,
    names,
    names,
    instants,
    st.lists(approvals, max_size=2),
    st.booleans(),
)
workforce = st.one_of(
    employees, shifts, staffing, approvals, certificates, leave_requests, swap_requests
)


texts = names.filter(lambda s: bool(s.strip()))
optional_texts = st.none() | texts
customers = st.builds(
    lambda i, n, kw: Customer(i, n, **kw),
    texts,
    texts,
    st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(
                ["industry", "tier", "owner", "address", "business_scope", "special_needs"],
                optional_texts,
            ),
            "contract_terms": optional_texts,
            "contacts": st.lists(
                st.builds(Contact, texts, optional_texts, optional_texts, optional_texts),
                max_size=3,
            ),
            "special_dates": st.lists(
                st.builds(SpecialDate, texts, st.dates(), optional_texts), max_size=3
            ),
        },
    ),
)
numbers = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
conditions = st.one_of(
    st.builds(at_least, texts, numbers),
    st.builds(below, texts, numbers),
    st.builds(flag, texts, st.booleans()),
    st.builds(equals, texts, texts),
    st.builds(one_of, texts, st.lists(texts, min_size=1, max_size=4)),
)


# -- round trips -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(histories())
def test_tickets_round_trip_with_any_history(ticket: Ticket) -> None:
    """structure(unstructure(t)) == t for tickets of every built-in kind with any valid
    history, through JSON text; the state and owner come back from the replay."""
    back = round_trip(ticket)
    assert back == ticket
    assert (back.state, back.owner, back.lifecycle) == (
        ticket.state,
        ticket.owner,
        ticket.lifecycle,
    )
    assert [e.at.utcoffset() for e in back.events] == [e.at.utcoffset() for e in ticket.events]


@settings(max_examples=150, deadline=None)
@given(workforce)
def test_workforce_models_round_trip(value: Any) -> None:
    """Employees, shifts, staffing, approvals, certificate periods, leave and swap requests
    come back equal from JSON."""
    assert round_trip(value) == value


@settings(max_examples=150, deadline=None)
@given(st.one_of(customers, conditions))
def test_customers_and_conditions_round_trip(value: Customer | Condition) -> None:
    """Customer records (contacts, special dates, confidential fields) and tier conditions
    (numbers, flags, texts, sets of texts: a union told apart by JSON type) come back equal."""
    assert round_trip(value) == value


@pytest.mark.parametrize("scheme", [vip(), key_accounts(), exhibition()], ids=lambda s: s.name)
def test_tier_schemes_and_classifications_round_trip(scheme: TierScheme) -> None:
    """The manuals' tier schemes, and a classification with its rule and facts, come back
    equal; confidential customer fields are written in the clear (redact them first)."""
    assert round_trip(scheme) == scheme
    acme = Customer("C-1", "ACME", contract_terms="5-year framework")
    result = scheme.classify(acme, {"annual_revenue": 12_000_000})
    assert isinstance(result, Classification) and round_trip(result) == result
    assert unstructure(acme)["contract_terms"] == "5-year framework"


def test_care_actions_and_planned_visits_round_trip() -> None:
    """The care plan's values (dates, an enum, a confidential person) come back equal."""
    day = date(2026, 3, 14)
    action = CareAction("C-1", day, "gift", BIRTHDAY, person="Li", years=46)
    visit = PlannedVisit("C-1", day, "am-zhang", "relationship", "quarterly review", "vip")
    assert round_trip(action) == action and round_trip(visit) == visit


def test_ticket_shape_is_the_documented_one() -> None:
    """A ticket is {id, kind, channel, customer, priority, events}; events leave out their
    None fields; neither the lifecycle nor the replayed state is written."""
    t = Ticket.open(id="T-1", kind="inquiry", customer="C", channel="email", at=T0, by="a")
    t = t.transition("answered", at=T0 + timedelta(minutes=5), by="a", channel="email")
    data = unstructure(t)
    assert list(data) == ["id", "kind", "channel", "customer", "priority", "tier", "events"]
    assert data["events"][1] == {
        "kind": "transition",
        "at": "2026-11-24T09:35:00+08:00",
        "by": "a",
        "source": "received",
        "state": "answered",
        "channel": "email",
    }
    assert unstructure(t.events[1]) == data["events"][1]
    assert structure(data["events"][1], TicketEvent) == t.events[1]


@pytest.mark.parametrize(
    "value",
    [
        LeavePolicy(),
        LeavePolicy(personal_notice=timedelta(hours=36), duration_basis="span"),
        SwapPolicy(),
        SwapPolicy(already_understaffed=None, min_rest=timedelta(hours=11, microseconds=5)),
        AttendancePolicy(away_measure=AwayMeasure.TOTAL),
        PriorityMatrix(),
        *builtin_lifecycles(),
        ClockRecord("A-1", "S-1", T0, T0 + timedelta(hours=8), [(T0, T0 + timedelta(hours=1))]),
        ClockRecord("A-1", "S-2", None, None),
        HandOverLog("S-1", "A-1", "ok", "none", "none"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_policies_lifecycles_and_records_round_trip(value: Any) -> None:
    """Policies (timedeltas, times, literals, severities), lifecycles and the priority
    matrix (tuple-keyed mappings) and clock records come back equal."""
    assert round_trip(value) == value


def test_how_values_are_written() -> None:
    """Instants with offsets, ISO dates and times, seconds, enum values, severity labels,
    sorted lists for sets, rows for tuple-keyed mappings."""
    assert unstructure(T0) == "2026-11-24T09:30:00+08:00"
    assert unstructure(date(2026, 2, 1)) == "2026-02-01"
    assert unstructure(time(22)) == "22:00:00"
    assert unstructure(timedelta(hours=1)) == 3600
    assert unstructure(timedelta(seconds=1, microseconds=500_000)) == 1.5
    assert unstructure(Severity.CRITICAL) == "critical"
    assert unstructure(LeaveKind.SICK) == "sick"
    assert unstructure(frozenset({"b", "a"})) == ["a", "b"]
    data = unstructure(PriorityMatrix())["matrix"]
    assert data[0] == ["high", "high", "P1"] and len(data) == len(ITIL_MATRIX)
    complaint = unstructure(LIFECYCLES.get("complaint"))
    assert complaint["approvals"] == [
        ["negotiating", "closed_unaccepted", "cs_department"],
        ["proposed", "negotiating", "cs_department"],
    ]
    assert complaint["transitions"]["investigating"] == ["proposed", "waiting_on_customer"]


def test_violations_and_decisions_unstructure_and_come_back() -> None:
    """Decisions and violations are written with severity labels and JSON-ready facts; they
    come back equal when their facts are JSON values."""
    v = Violation("SWAP-1", Severity.ERROR, "3 swaps", subject="e", facts={"swaps": 3})
    d = Decision.from_violations([v], subject="e", notes=["n"])
    data = unstructure(d)
    assert data["violations"][0]["severity"] == "error"
    assert round_trip(d) == d
    dated = Violation("LEAVE-6", Severity.WARNING, "x", facts={"day": date(2026, 1, 2)})
    assert unstructure(dated)["facts"] == {"day": "2026-01-02"}


zones = st.sampled_from(sorted(available_timezones() - {"Factory", "localtime"})).map(ZoneInfo)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1)), zones)
def test_zone_names_round_trip_the_zone_itself(naive: datetime, zone: ZoneInfo) -> None:
    """With zone_names=True the ZoneInfo comes back, not just the offset (RFC 9557
    suffix), also for ambiguous wall times; the default keeps the instant and offset."""
    value = naive.replace(tzinfo=zone)
    assume(value == value.astimezone(UTC).astimezone(zone))  # not inside a DST gap
    named = make_converter(zone_names=True)
    text = named.unstructure(value)
    back = named.structure(text, datetime)
    assert back.tzinfo is zone and back == value and back.utcoffset() == value.utcoffset()
    plain = converter.structure(converter.unstructure(value), datetime)
    assert plain.astimezone(UTC) == value.astimezone(UTC)
    assert plain.utcoffset() == value.utcoffset()


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("fold", [0, 1])
def test_ambiguous_wall_times_keep_their_offset(fold: int) -> None:
    """01:30 on the night New York leaves DST happens twice: each comes back as the same
    instant and offset (and, with zone names, in the same zone)."""
    value = datetime(2026, 11, 1, 1, 30, fold=fold, tzinfo=NEW_YORK)
    offset = timedelta(hours=-4 - fold)
    for conv in (converter, make_converter(zone_names=True)):
        back = conv.structure(conv.unstructure(value), datetime)
        assert back.utcoffset() == offset and back.timestamp() == value.timestamp()
    assert (
        make_converter(zone_names=True)
        .unstructure(value)
        .endswith(f"0{4 + fold}:00[America/New_York]")
    )


def test_a_wall_time_in_a_dst_gap_comes_back_as_its_instant() -> None:
    """02:30 does not exist in New York on 2026-03-08: it is written with the offset Python
    gives it and, with its zone name, read back as the real wall time of that instant."""
    value = datetime(2026, 3, 8, 2, 30, tzinfo=NEW_YORK)
    back = make_converter(zone_names=True).structure(
        make_converter(zone_names=True).unstructure(value), datetime
    )
    assert back.timestamp() == value.timestamp() and (back.hour, back.minute) == (3, 30)


def test_rfc9557_suffix_is_read_by_the_default_converter() -> None:
    """``...+08:00[Asia/Shanghai]`` gives the instant in that zone; a wrong offset keeps the
    instant; an unknown zone is a problem at its path."""
    assert structure("2026-11-24T09:30:00+08:00[Asia/Shanghai]", datetime).tzinfo == SH
    moved = structure("2026-11-24T09:30:00+00:00[Asia/Shanghai]", datetime)
    assert moved == datetime(2026, 11, 24, 9, 30, tzinfo=UTC) and moved.hour == 17
    with pytest.raises(StructureError, match="a known IANA zone name, got str 'Mars/Base'"):
        structure("2026-11-24T09:30:00+08:00[Mars/Base]", datetime)


# -- bad data: every problem, each with its path -----------------------------------------------


def ticket_data() -> dict[str, Any]:
    t = Ticket.open(id="T-1", kind="complaint", customer="C", channel="phone", at=T0, by="a")
    t = t.transition("investigating", at=T0 + timedelta(minutes=1), by="a")
    t = t.transition("proposed", at=T0 + timedelta(minutes=2), by="a")
    return unstructure(t)  # type: ignore[no-any-return]


def problems(data: Any, cls: Any) -> tuple[str, ...]:
    with pytest.raises(StructureError) as caught:
        structure(data, cls)
    error = caught.value
    assert isinstance(error, ServicePolicyError) and isinstance(error, ValueError)
    assert error.value is data and error.argument == "$"
    assert str(error).splitlines()[1:] == [f"  {p}" for p in error.problems]
    return error.problems


def test_a_ticket_reports_all_its_problems_at_once() -> None:
    """Bad fields, a naive instant, an unknown event kind and an extra key: all listed, each
    with its JSON path, in the order of the data."""
    data = ticket_data()
    data["customer"] = ["C"]
    data["events"][0]["kind"] = "escalated"
    data["events"][2]["at"] = "2026-11-24T09:32"
    del data["events"][1]["by"]
    data["colour"] = "red"
    assert problems(data, Ticket) == (
        "$.customer: expected a string, got list ['C']",
        "$.events[0].kind: expected one of 'opened', 'transition', 'hand_over', 'approval', "
        "'note', 'reply', 'promise', 'reclassified', got str 'escalated'",
        "$.events[1].by: required field missing",
        "$.events[2].at: expected an ISO 8601 datetime with offset, got the naive "
        "'2026-11-24T09:32'",
        "$: unknown fields colour (known: id, kind, channel, customer, priority, tier, events)",
    )


def test_an_impossible_history_is_reported_at_the_refused_event() -> None:
    """The lifecycle's refusal comes out at ``$.events[i]`` of the event it refused."""
    data = ticket_data()
    data["events"][2]["state"] = "closed"
    (problem,) = problems(data, Ticket)
    assert problem.startswith("$.events[2]: ticket T-1 (complaint), event 3: expected a state ")
    data = ticket_data()
    data["events"][0]["state"] = "investigating"
    (problem,) = problems(data, Ticket)
    assert problem.startswith("$.events[0]: ticket T-1 (complaint), event 1: expected an opening")


def test_ticket_level_problems_are_at_the_ticket() -> None:
    """An unknown kind is reported at ``$.kind``; no events at all at ``$``."""
    data = ticket_data()
    data["kind"] = "grievance"
    (problem,) = problems(data, Ticket)
    assert problem.startswith("$.kind: kind: expected a registered ticket kind: after_sales")
    data = ticket_data()
    data["events"] = []
    assert problems(data, Ticket) == (
        "$: ticket T-1: events: expected at least the opening event, got []",
    )


def test_model_errors_come_out_at_the_path_of_their_object() -> None:
    """Errors raised by a model's own checks (a shift ending before it starts) are reported
    at the path of that object, alongside the type problems of the others."""
    good = {"id": "S-1", "employee": "A", "start": "2026-01-01T08:00+08:00"}
    data = [
        {**good, "end": "2026-01-01T16:00+08:00"},
        {**good, "end": "2026-01-01T07:00+08:00"},
        {**good, "start": 8, "end": "2026-01-01T16:00"},
        "S-4",
    ]
    found = problems(data, list[Shift])
    assert found[0].startswith("$[1]: shift S-1: end: expected an end after the start")
    assert found[1:] == (
        "$[2].start: expected an ISO 8601 datetime with offset, got int 8",
        "$[2].end: expected an ISO 8601 datetime with offset, got the naive '2026-01-01T16:00'",
        "$[3]: expected an object with fields id, employee, start, end, got str 'S-4'",
    )


def test_nested_requests_report_paths_into_lists() -> None:
    """Problems deep in a leave request (an approval's role, a certificate) carry the full
    path; strings are never split into lists, numbers never parsed from strings."""
    request = LeaveRequest(
        "L-1", "A", LeaveKind.SICK, T0, T0 + timedelta(hours=8), T0, "A",
        certificates=[CertificatePeriod(date(2026, 11, 24), date(2026, 11, 25))],
        approvals=[Approval("lead", ApproverRole.TEAM_LEADER, T0)],
    )  # fmt: skip
    data = unstructure(request)
    data["approvals"][0]["role"] = "boss"
    data["certificates"][0]["last_day"] = "2026-11-23"
    data["certificates"].append({"first_day": "24 Nov", "last_day": "2026-11-25"})
    data["emergency"] = "yes"
    assert problems(data, LeaveRequest) == (
        "$.certificates[0]: certificate: last_day: expected a date on or after 2026-11-24, "
        "got 2026-11-23",
        "$.certificates[1].first_day: expected an ISO 8601 date, got str '24 Nov'",
        "$.approvals[0].role: expected one of 'team_leader', 'department_head', "
        "'centre_head', 'management', got str 'boss'",
        "$.emergency: expected true or false, got str 'yes'",
    )
    employee = {"id": "A", "team": "T", "team_leader": "L", "job_type": "h", "skill_level": True}
    assert problems({**employee, "roles": "agent"}, Employee) == (
        "$.skill_level: expected an integer, got bool True",
        "$.roles: expected a list, got str 'agent'",
    )


def test_scalars_unions_literals_and_mappings_are_strict() -> None:
    """Each kind of value refuses what is not it, with what was expected."""
    policy = unstructure(LeavePolicy())
    bad = {**policy, "personal_notice": "day before", "duration_basis": "days"}
    bad["certificate_severity"], bad["night_cutoff"], bad["urgent_notice"] = 3, "noon", "1h"
    found = problems(bad, LeavePolicy)
    assert found == (
        "$.personal_notice: expected Literal | timedelta, got str 'day before'",
        "$.urgent_notice: expected seconds, got str '1h'",
        "$.duration_basis: expected one of 'shift_days', 'shift_hours', 'span', got str 'days'",
        "$.certificate_severity: expected one of 'info', 'warning', 'error', 'critical', got int 3",
        "$.night_cutoff: expected an ISO 8601 time, got str 'noon'",
    )
    matrix = {"matrix": [["high", "high"], ["low", "low", 5], {"a": 1}]}
    assert problems(matrix, PriorityMatrix) == (
        "$.matrix[0]: expected a list of 3 items, got list ['high', 'high']",
        "$.matrix[1][2]: expected a string, got int 5",
        "$.matrix[2]: expected a list, got dict {'a': 1}",
    )
    assert problems({"a": 1.5, 2: 1, "c": float("nan")}, dict[str, float]) == (
        "$[2]: expected a string, got int 2",
        "$['c']: expected a finite number, got float nan",
    )


def test_naive_datetimes_are_refused_both_ways() -> None:
    """Unstructuring a naive datetime raises NaiveDatetimeError (never a guessed zone);
    structuring a naive datetime object is a problem too."""
    with pytest.raises(NaiveDatetimeError):
        unstructure(Approval("a", ApproverRole.TEAM_LEADER, datetime(2026, 1, 1, 9)))
    assert problems(datetime(2026, 1, 1), datetime) == (
        "$: expected an ISO 8601 datetime with offset, got datetime "
        "datetime.datetime(2026, 1, 1, 0, 0)",
    )


def test_converter_and_problems_of_compose() -> None:
    """The converter raises cattrs' ExceptionGroup; problems_of lists its problems."""
    with pytest.raises(ExceptionGroup) as caught:
        converter.structure({"id": "A"}, Employee)
    assert problems_of(caught.value) == (
        "$.team: required field missing",
        "$.team_leader: required field missing",
        "$.job_type: required field missing",
    )


def test_a_converter_with_its_own_lifecycles() -> None:
    """make_converter(lifecycles=...) structures tickets of a plugin's kind."""
    registry = LifecycleRegistry(builtin_lifecycles())
    registry.register(
        Lifecycle(
            kind="damage", initial="reported", transitions={"reported": ()}, terminal={"reported"}
        )
    )
    own = make_converter(lifecycles=registry)
    t = Ticket.open(
        id="D-1", kind="damage", customer="C", channel="phone", at=T0, by="a",
        lifecycle=registry.get("damage"),
    )  # fmt: skip
    assert round_trip(t, conv=own) == t
    with pytest.raises(StructureError, match=r"\$\.kind: kind: expected a registered"):
        structure(own.unstructure(t), Ticket)


def test_every_public_model_class_is_covered() -> None:
    """Every attrs model exported by the tickets and workforce packages unstructures to
    JSON-ready data (a smoke test for hooks missing on new field types)."""
    samples = [
        Employee("A", "T", "L", "h", roles={"x"}),
        Shift("S", "A", T0, T0 + timedelta(hours=1)),
        StaffingRequirement(T0, T0 + timedelta(hours=1), "h"),
    ]
    for sample in samples:
        assert attrs.has(type(sample))
        json_round_trip(unstructure(sample))


def test_decimals_round_trip_exactly_and_floats_are_refused() -> None:
    """Money as Decimal: written as a string, read back exactly; an int is accepted, a
    float (not exact), a bool or a non-finite value is refused."""
    from decimal import Decimal

    assert unstructure(Decimal("1234.50")) == "1234.50"
    assert structure("1234.50", Decimal) == Decimal("1234.50")
    assert structure(7, Decimal) == Decimal(7)
    for bad in (1.5, True, "NaN", "12,5"):
        with pytest.raises(StructureError, match="expected a decimal number as a string"):
            structure(bad, Decimal)
