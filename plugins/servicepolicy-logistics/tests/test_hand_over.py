"""LOG-3: the delivery hand-over, checked against the delivery note."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError, WrongTypeError
from servicepolicy.rules import Severity
from servicepolicy.testing import assert_no_violation, assert_violation

from logistics_strategies import SH, hand_overs
from servicepolicy_logistics import (
    CountedLine,
    DeliveryLine,
    Discrepancy,
    HandOver,
    HandOverRules,
    check_hand_over,
)

AT = datetime(2026, 11, 24, 15, 0, tzinfo=SH)
H = timedelta(hours=1)


def good(**changes: object) -> HandOver:
    """A clean hand-over: documents, counts matching the note, quality checked, both
    signatures, the customer notified."""
    fields: dict[str, object] = {
        "note_lines": [DeliveryLine("tiles", 12), DeliveryLine("grout", 4)],
        "counted": [CountedLine("tiles", 12), CountedLine("grout", 4)],
        "quality_checked": True,
        "documents": {"delivery_note", "invoice"},
        "deliverer_signature": "driver-3",
        "receiver_signature": "Ms Li",
        "customer_notified_at": AT + timedelta(minutes=15),
        "customer": "C-1",
    }
    fields.update(changes)
    return HandOver("DN-9", AT, **fields)  # type: ignore[arg-type]


def fields_of(decision: object) -> list[str]:
    return [v.facts["field"] for v in decision.violations]  # type: ignore[attr-defined]


def test_log3_a_complete_hand_over_passes() -> None:
    """LOG-3: documents prepared, quantities and quality checked, nothing to record, both
    signatures, customer notified: no violation."""
    decision = check_hand_over(good())
    assert decision.allowed and decision.violations == () and decision.subject == "DN-9"
    assert good().discrepancies == ()


def test_log3_documents_must_be_prepared() -> None:
    """LOG-3: the delivery note (by default) must be among the documents; which documents
    are required is a parameter."""
    decision = check_hand_over(good(documents={"invoice"}))
    violation = assert_violation(decision, "LOG-3", severity="error", subject="DN-9")
    assert violation.facts == {"field": "documents", "document": "delivery_note"}
    rules = HandOverRules(required_documents={"delivery_note", "packing_list"})
    assert fields_of(check_hand_over(good(), rules)) == ["documents"]


def test_log3_quantities_and_quality_must_be_checked() -> None:
    """LOG-3: a hand-over without counts, or without a quality check, is incomplete."""
    assert fields_of(check_hand_over(good(counted=None))) == ["counted"]
    assert fields_of(check_hand_over(good(quality_checked=False))) == ["quality_checked"]


def test_log3_discrepancies_against_the_note_must_be_recorded() -> None:
    """LOG-3: a shortage, an excess, an item not on the note and damaged units are each a
    violation until recorded with the same item and kind."""
    counted = [
        CountedLine("tiles", 10, rejected=2),
        CountedLine("grout", 5),
        CountedLine("sand", 1),
    ]
    hand_over = good(counted=counted)
    assert [(d.item, str(d.kind), d.expected, d.found) for d in hand_over.discrepancies] == [
        ("tiles", "shortage", 12, 10),
        ("grout", "excess", 4, 5),
        ("sand", "unlisted", 0, 1),
        ("tiles", "damaged", 10, 8),
    ]
    decision = check_hand_over(hand_over)
    assert fields_of(decision) == ["recorded"] * 4
    messages = [v.message for v in decision.violations]
    assert messages[0] == "delivery DN-9: shortage of tiles (10 of 12) not recorded"
    assert messages[3] == "delivery DN-9: 2 damaged tiles of 10 not recorded"
    assert "delivery_damage" in (decision.violations[3].suggestion or "")
    recorded = good(counted=counted, recorded=hand_over.discrepancies)
    assert check_hand_over(recorded).allowed


def test_log3_a_recorded_discrepancy_matches_by_item_and_kind() -> None:
    """LOG-3: recording the shortage does not record the damage of the same item."""
    counted = [CountedLine("tiles", 10, rejected=1), CountedLine("grout", 4)]
    shortage_only = [Discrepancy("tiles", "shortage", 12, 10, note="2 boxes missing")]
    decision = check_hand_over(good(counted=counted, recorded=shortage_only))
    (violation,) = decision.violations
    assert violation.facts["kind"] == "damaged"


def test_log3_an_item_not_delivered_at_all_is_a_shortage() -> None:
    """LOG-3: a note line with nothing counted for it is a shortage of all its units."""
    (missing,) = good(counted=[CountedLine("tiles", 12)]).discrepancies
    assert (missing.item, missing.kind, missing.expected, missing.found) == (
        "grout",
        "shortage",
        4,
        0,
    )


def test_log3_both_parties_sign() -> None:
    """LOG-3: the deliverer and the receiver both sign; each missing signature is named."""
    decision = check_hand_over(good(deliverer_signature=None, receiver_signature=None))
    assert fields_of(decision) == ["deliverer_signature", "receiver_signature"]


def test_log3_the_customer_is_notified() -> None:
    """LOG-3: the customer is notified within two hours of the hand-over; not at all is
    an error, late a warning, not yet due before the time is up."""
    silent = good(customer_notified_at=None)
    assert fields_of(check_hand_over(silent)) == ["customer_notified_at"]
    assert check_hand_over(silent, now=AT + H).allowed
    assert_violation(check_hand_over(silent, now=AT + 3 * H), "LOG-3", severity="error")
    late = check_hand_over(good(customer_notified_at=AT + 3 * H))
    violation = assert_violation(late, "LOG-3", severity=Severity.WARNING)
    assert violation.facts["late_by"] == H and late.allowed
    relaxed = HandOverRules(notify_within=timedelta(hours=4))
    assert_no_violation(check_hand_over(good(customer_notified_at=AT + 3 * H), relaxed), "LOG-3")


def test_bad_hand_over_input_names_the_field() -> None:
    """Bad input raises a ServicePolicyError naming the field."""
    with pytest.raises(InvalidArgumentError, match=r"hand over: note_lines\[1\]\.item"):
        good(note_lines=[DeliveryLine("tiles", 1), DeliveryLine("tiles", 2)])
    with pytest.raises(WrongTypeError, match=r"hand over: counted\[0\]"):
        good(counted=[("tiles", 12)])
    with pytest.raises(InvalidArgumentError, match="rejected"):
        CountedLine("tiles", 2, rejected=3)
    with pytest.raises(WrongTypeError, match="delivery line: quantity"):
        DeliveryLine("tiles", 1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="discrepancy: kind"):
        Discrepancy("tiles", "missing", 1, 0)
    with pytest.raises(NaiveDatetimeError, match="hand over: customer_notified_at"):
        good(customer_notified_at=AT.replace(tzinfo=None))
    with pytest.raises(WrongTypeError, match="hand over: quality_checked"):
        good(quality_checked="yes")
    with pytest.raises(WrongTypeError, match="hand_over"):
        check_hand_over("DN-9")  # type: ignore[arg-type]


# -- laws ----------------------------------------------------------------------------------------


@given(hand_overs())
def test_log3_recording_every_discrepancy_settles_the_check(hand_over: HandOver) -> None:
    """LOG-3 law: a hand-over otherwise complete is allowed exactly when every computed
    discrepancy is recorded; each unrecorded one is one violation."""
    decision = check_hand_over(hand_over)
    assert len(decision.violations) == len(hand_over.discrepancies)
    assert all(v.facts["field"] == "recorded" for v in decision.violations)
    settled = attrs.evolve(hand_over, recorded=hand_over.discrepancies)
    assert check_hand_over(settled).allowed


@given(hand_overs())
def test_log3_discrepancies_account_for_every_unit(hand_over: HandOver) -> None:
    """LOG-3 law: noted + excess + unlisted - shortage = counted, unit for unit; damaged
    units never exceed the units counted."""
    assert hand_over.counted is not None
    by_kind: dict[str, int] = {"shortage": 0, "excess": 0, "unlisted": 0}
    for d in hand_over.discrepancies:
        if d.kind != "damaged":
            by_kind[d.kind] += abs(d.found - d.expected)
        else:
            assert 0 <= d.found < d.expected
    noted = sum(line.quantity for line in hand_over.note_lines)
    counted = sum(line.quantity for line in hand_over.counted)
    assert noted - by_kind["shortage"] + by_kind["excess"] + by_kind["unlisted"] == counted
