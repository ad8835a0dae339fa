"""Tests for servicepolicy.rules: Severity, Violation and Decision."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.rules import Decision, Severity, Violation

rule_ids = st.from_regex(r"\A[A-Z][A-Z0-9]{0,5}-[1-9][0-9]{0,3}\Z")
severities = st.sampled_from(Severity)
violations = st.builds(
    Violation,
    rule_id=rule_ids,
    severity=severities,
    message=st.text(min_size=1, max_size=40),
    subject=st.none() | st.text(max_size=10),
    facts=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
    suggestion=st.none() | st.text(max_size=20),
)


def swap_violation(**changes: object) -> Violation:
    """The SWAP-1 violation used throughout, with *changes* applied."""
    fields: dict[str, object] = {
        "rule_id": "SWAP-1",
        "severity": Severity.ERROR,
        "message": "3 swaps in 2026-11 exceed the limit of 2",
        "subject": "emp-7",
        "facts": {"swaps": 3, "limit": 2, "month": "2026-11"},
        "suggestion": "move one swap to 2026-12",
    }
    fields.update(changes)
    return Violation(**fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------ Severity


def test_severity_order() -> None:
    """INFO < WARNING < ERROR < CRITICAL, and sorting follows that order."""
    assert Severity.INFO < Severity.WARNING < Severity.ERROR < Severity.CRITICAL
    assert sorted(Severity, reverse=True)[0] is Severity.CRITICAL
    assert list(Severity) == sorted(Severity)


def test_severity_labels() -> None:
    """Each severity has a lowercase label, which is also its str()."""
    assert [s.label for s in Severity] == ["info", "warning", "error", "critical"]
    assert str(Severity.ERROR) == "error"
    assert f"{Severity.WARNING}" == "warning"


@pytest.mark.parametrize("severity", list(Severity))
def test_severity_from_label_round_trip(severity: Severity) -> None:
    """from_label inverts label and ignores case and surrounding spaces."""
    assert Severity.from_label(severity.label) is severity
    assert Severity.from_label(f" {severity.label.upper()} ") is severity


@pytest.mark.parametrize("label", ["fatal", "", "err", 30, None])
def test_severity_from_label_rejects_unknown(label: object) -> None:
    """An unknown label raises InvalidArgumentError listing the accepted labels."""
    with pytest.raises(InvalidArgumentError) as info:
        Severity.from_label(label)  # type: ignore[arg-type]
    assert info.value.argument == "label"
    assert info.value.value == label
    assert "'critical'" in str(info.value)


# ----------------------------------------------------------------- Violation


def test_violation_str_is_one_readable_line() -> None:
    """str() gives rule ID, severity, subject, message, facts and suggestion on one line."""
    assert str(swap_violation()) == (
        "SWAP-1 [error] emp-7: 3 swaps in 2026-11 exceed the limit of 2"
        " (facts: swaps=3, limit=2, month=2026-11) -> suggestion: move one swap to 2026-12"
    )


def test_violation_str_minimal() -> None:
    """Without subject, facts and suggestion, str() leaves those parts out."""
    v = Violation("ATT-2", Severity.WARNING, "late by 25 minutes")
    assert str(v) == "ATT-2 [warning]: late by 25 minutes"


def test_violation_str_folds_line_breaks() -> None:
    """A message with line breaks still prints as a single line."""
    v = swap_violation(message="first line\nsecond line", suggestion="a\n  b")
    assert "\n" not in str(v)
    assert "first line second line" in str(v)


@given(violations)
def test_violation_str_never_spans_lines(v: Violation) -> None:
    """Whatever the texts, str() of a violation is one line starting with its rule ID."""
    text = str(v)
    assert len(text.splitlines()) == 1
    assert text.startswith(f"{v.rule_id} [{v.severity.label}]")


@pytest.mark.parametrize("rule_id", ["SWAP-1", "CAL-6", "KPI-11", "EXH-5", "A-1", "X2-30"])
def test_valid_rule_ids(rule_id: str) -> None:
    """Rule IDs as the policy writes them are accepted."""
    assert swap_violation(rule_id=rule_id).rule_id == rule_id


@pytest.mark.parametrize(
    "rule_id",
    ["swap-1", "SWAP1", "SWAP-", "-1", "SWAP-0", "SWAP-01", "2FA-1", " SWAP-1", "SWAP-1\n"],
)
def test_invalid_rule_ids(rule_id: str) -> None:
    """A malformed rule ID raises InvalidArgumentError naming rule_id and the format."""
    with pytest.raises(InvalidArgumentError) as info:
        swap_violation(rule_id=rule_id)
    assert info.value.argument == "rule_id"
    assert info.value.value == rule_id
    assert "SWAP-1" in str(info.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rule_id", 1),
        ("severity", "error"),
        ("severity", 30),
        ("message", None),
        ("subject", 7),
        ("suggestion", b"x"),
        ("facts", [("swaps", 3)]),
        ("facts", {1: "x"}),
    ],
)
def test_violation_rejects_wrong_types(field: str, value: object) -> None:
    """Arguments of the wrong type raise WrongTypeError (a TypeError)."""
    with pytest.raises(WrongTypeError) as info:
        swap_violation(**{field: value})
    assert isinstance(info.value, TypeError)


def test_violation_facts_are_a_read_only_copy() -> None:
    """The facts mapping is copied on construction and cannot be changed afterwards."""
    facts = {"swaps": 3}
    v = swap_violation(facts=facts)
    facts["swaps"] = 99
    assert v.facts == {"swaps": 3}
    with pytest.raises(TypeError):
        v.facts["swaps"] = 4  # type: ignore[index]


def test_violation_is_frozen() -> None:
    """Violations are immutable."""
    v = swap_violation()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        v.message = "changed"  # type: ignore[misc]


def test_violation_equality_and_hash() -> None:
    """Equal violations hash alike; facts count for equality but not for the hash."""
    assert swap_violation() == swap_violation()
    assert hash(swap_violation()) == hash(swap_violation())
    assert swap_violation(facts={"swaps": 4}) != swap_violation()
    assert hash(swap_violation(facts={"swaps": 4})) == hash(swap_violation())
    assert len({swap_violation(), swap_violation()}) == 1


def test_violation_with_unhashable_facts_is_hashable() -> None:
    """Facts may hold unhashable values (lists) without making the violation unhashable."""
    v = swap_violation(facts={"dates": ["2026-11-03", "2026-11-17"]})
    assert hash(v) == hash(swap_violation())


def test_violation_defaults() -> None:
    """subject and suggestion default to None, facts to an empty mapping."""
    v = Violation("SWAP-2", Severity.ERROR, "consecutive swaps")
    assert v.subject is None
    assert v.suggestion is None
    assert dict(v.facts) == {}


def test_violation_evolve_revalidates() -> None:
    """attrs.evolve goes through the same validation as the constructor."""
    v = swap_violation()
    assert attrs.evolve(v, severity=Severity.CRITICAL).severity is Severity.CRITICAL
    with pytest.raises(InvalidArgumentError):
        attrs.evolve(v, rule_id="nope")


# ------------------------------------------------------------------ Decision


def test_from_violations_default_blocks_at_error() -> None:
    """By default a decision is refused when any violation is ERROR or worse."""
    info = swap_violation(severity=Severity.INFO)
    warning = swap_violation(severity=Severity.WARNING)
    error = swap_violation(severity=Severity.ERROR)
    critical = swap_violation(severity=Severity.CRITICAL)
    assert Decision.from_violations([info, warning]).allowed
    assert not Decision.from_violations([info, error]).allowed
    assert not Decision.from_violations([critical]).allowed
    assert Decision.from_violations([]).allowed


def test_from_violations_custom_blocking() -> None:
    """blocking sets the lowest severity that refuses."""
    warning = swap_violation(severity=Severity.WARNING)
    error = swap_violation(severity=Severity.ERROR)
    assert not Decision.from_violations([warning], blocking=Severity.WARNING).allowed
    assert Decision.from_violations([error], blocking=Severity.CRITICAL).allowed


@given(st.lists(violations, max_size=5), severities)
def test_from_violations_property(found: list[Violation], blocking: Severity) -> None:
    """allowed is exactly "no violation at or above blocking", and order is kept."""
    d = Decision.from_violations(found, blocking=blocking)
    assert d.allowed == all(v.severity < blocking for v in found)
    assert d.violations == tuple(found)
    assert bool(d) is d.allowed


def test_from_violations_passes_keywords_on() -> None:
    """subject, required_approver, facts and notes reach the decision."""
    d = Decision.from_violations(
        iter([swap_violation()]),
        subject="emp-7",
        required_approver="centre-head",
        facts={"days": 2},
        notes=["LEAVE-4: more than one day"],
    )
    assert d.subject == "emp-7"
    assert d.required_approver == "centre-head"
    assert d.facts == {"days": 2}
    assert d.notes == ("LEAVE-4: more than one day",)
    assert d.violations == (swap_violation(),)


def test_from_violations_rejects_bad_blocking() -> None:
    """blocking must be a Severity."""
    with pytest.raises(WrongTypeError):
        Decision.from_violations([], blocking="error")  # type: ignore[arg-type]


def test_decision_bool() -> None:
    """A decision is truthy exactly when it is allowed."""
    assert Decision(allowed=True)
    assert not Decision(allowed=False)


def test_decision_rule_ids_unique_in_order() -> None:
    """rule_ids lists each violated rule once, in the order first found."""
    d = Decision.from_violations(
        [
            swap_violation(rule_id="SWAP-3"),
            swap_violation(rule_id="SWAP-1"),
            swap_violation(rule_id="SWAP-3", subject="emp-8"),
        ]
    )
    assert d.rule_ids == ("SWAP-3", "SWAP-1")


def test_violations_for() -> None:
    """violations_for returns the violations of one rule, in order; none gives ()."""
    a = swap_violation(rule_id="SWAP-3", subject="emp-7")
    b = swap_violation(rule_id="SWAP-1")
    c = swap_violation(rule_id="SWAP-3", subject="emp-8")
    d = Decision.from_violations([a, b, c])
    assert d.violations_for("SWAP-3") == (a, c)
    assert d.violations_for("SWAP-9") == ()


def test_violations_for_rejects_malformed_rule_id() -> None:
    """A malformed rule ID is a programming error, not an empty answer."""
    with pytest.raises(InvalidArgumentError):
        Decision(allowed=True).violations_for("swap-1")


def test_max_severity() -> None:
    """max_severity is the gravest severity found, or None without violations."""
    assert Decision(allowed=True).max_severity is None
    d = Decision.from_violations(
        [swap_violation(severity=Severity.WARNING), swap_violation(severity=Severity.INFO)]
    )
    assert d.max_severity is Severity.WARNING


def test_decision_str_refused() -> None:
    """str() has a header line, then one indented line per violation, facts and note."""
    d = Decision.from_violations(
        [
            swap_violation(),
            Violation("SWAP-2", Severity.WARNING, "the previous shift was a swap too"),
        ],
        subject="emp-7",
        facts={"month": "2026-11"},
        notes=["ask the team leader"],
    )
    assert str(d).splitlines() == [
        "refused: emp-7",
        "  SWAP-1 [error] emp-7: 3 swaps in 2026-11 exceed the limit of 2"
        " (facts: swaps=3, limit=2, month=2026-11) -> suggestion: move one swap to 2026-12",
        "  SWAP-2 [warning]: the previous shift was a swap too",
        "  facts: month=2026-11",
        "  note: ask the team leader",
    ]


def test_decision_str_allowed_with_approver() -> None:
    """An allowed decision that needs approval says so in its header."""
    d = Decision(allowed=True, required_approver="centre-head")
    assert str(d) == "allowed (requires approval by centre-head)"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"allowed": 1}, "allowed"),
        ({"allowed": True, "violations": "SWAP-1"}, "violations"),
        ({"allowed": True, "violations": [object()]}, "violations item"),
        ({"allowed": True, "notes": "one note"}, "notes"),
        ({"allowed": True, "notes": [1]}, "notes item"),
        ({"allowed": True, "subject": 7}, "subject"),
        ({"allowed": True, "required_approver": 7}, "required_approver"),
        ({"allowed": True, "facts": None}, "facts"),
    ],
)
def test_decision_rejects_wrong_types(kwargs: dict[str, object], argument: str) -> None:
    """Wrong types raise WrongTypeError naming the argument."""
    with pytest.raises(WrongTypeError) as info:
        Decision(**kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_decision_is_frozen_and_hashable() -> None:
    """Decisions are immutable, comparable and hashable (facts excluded from the hash)."""
    d = Decision.from_violations([swap_violation()], facts={"x": [1, 2]})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.allowed = True  # type: ignore[misc]
    assert d == Decision.from_violations([swap_violation()], facts={"x": [1, 2]})
    assert hash(d) == hash(Decision.from_violations([swap_violation()]))


def test_violation_and_decision_pickle() -> None:
    """Violations and decisions survive pickling (e.g. to worker processes)."""
    d = Decision.from_violations([swap_violation()], subject="emp-7", facts={"a": 1})
    assert pickle.loads(pickle.dumps(d)) == d


def test_violation_and_decision_copy() -> None:
    """copy and deepcopy give equal, still read-only values."""
    d = Decision.from_violations([swap_violation()], facts={"a": [1]})
    for clone in (copy.copy(d), copy.deepcopy(d)):
        assert clone == d
        with pytest.raises(TypeError):
            clone.facts["a"] = 2  # type: ignore[index]
