"""Messages in the user's words, with no personal data: confidential values (CONF-1,
CONF-2) never appear in exception text or rejected rows; no reprs of our classes or
Python exception names in what the user reads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from servicepolicy.confidential import MASK, redacted
from servicepolicy.customers import Contact, Customer, SpecialDate
from servicepolicy.errors import (
    InvalidArgumentError,
    ServicePolicyError,
    StructureError,
    WrongTypeError,
)
from servicepolicy.io.converter import structure
from servicepolicy.sample.files import read_customers

SECRETS = [
    "Li Wei",
    "13800138000",
    "li.wei@example.com",
    "88 Secret Road",
    "rebate 3%",
    "wheelchair",
]
PYTHON_WORDS = re.compile(r"datetime\.|Fraction\(|TicketEvent\(|OverflowError|Traceback|\w+Error:")


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Contact("Li Wei", phone=13800138000),  # type: ignore[arg-type]
        lambda: Contact(13800138000),  # type: ignore[arg-type]
        lambda: Contact("x", email=["li.wei@example.com"]),  # type: ignore[arg-type]
        lambda: Customer("C-1", "N", address=("88 Secret Road",)),  # type: ignore[arg-type]
        lambda: Customer("C-1", "N", contract_terms=b"rebate 3%"),  # type: ignore[arg-type]
        lambda: Customer("C-1", "N", special_needs=["wheelchair"]),  # type: ignore[arg-type]
        lambda: Customer("C-1", "N", contacts=[("Li Wei", "13800138000")]),
        lambda: Customer("C-1", "N", contacts="Li Wei 13800138000"),  # type: ignore[arg-type]
        lambda: SpecialDate("birthday", date(1980, 1, 1), person=["Li Wei"]),  # type: ignore[arg-type]
    ],
)
def test_model_errors_name_the_field_not_the_value(build: Any) -> None:
    """CONF-1: ``Contact("Li Wei", phone=13800138000)`` said "got int 13800138000"; now
    the message names the field and the type expected, and ``value`` is masked."""
    with pytest.raises(ServicePolicyError) as raised:
        build()
    message = str(raised.value)
    assert not leaks(message), message
    assert "confidential" in message and "expected" in message
    assert raised.value.value == MASK
    assert not leaks(repr(raised.value))


def test_an_empty_confidential_value_may_be_shown() -> None:
    """CONF-1: "none recorded" is no secret: an empty name is shown as ``''``."""
    expected = "contact: name: expected a non-empty string, got ''"
    with pytest.raises(InvalidArgumentError, match=expected):
        Contact("")


def test_structuring_a_customer_hides_confidential_values() -> None:
    """CONF-2 contact persons, address, contract: the converter's problems name the path
    and the type, never the value; a non-confidential field keeps its value."""
    data = {
        "id": "C-1",
        "name": "N",
        "industry": 7,
        "contacts": [{"name": "Li Wei", "phone": 13800138000}],
        "address": ["88 Secret Road"],
        "contract_terms": {"x": "rebate 3%"},
        "special_needs": 12,
    }
    with pytest.raises(StructureError) as raised:
        structure(data, Customer)
    problems = raised.value.problems
    assert not leaks(str(raised.value)), problems
    assert "$.industry: expected a string, got int 7" in problems
    hidden = "$.contacts[0].phone: expected a string, got int (a confidential"
    assert any(p.startswith(hidden) for p in problems)
    assert any(p.startswith("$.address:") for p in problems)


def test_rejected_customer_rows_hide_confidential_values(tmp_path: Path) -> None:
    """CONF-1: a rejected customer row (bad field, duplicate ID, broken JSON) keeps no
    phone, name, address or contract in its reason, its cells or its repr."""
    path = tmp_path / "customers.jsonl"
    path.write_text(
        '{"id": "C-1", "name": "N", "contacts": [{"name": "Li Wei", "phone": 13800138000}], '
        '"address": "88 Secret Road", "contract_terms": 5}\n'
        '{"id": "C-2", "name": "N", "address": "88 Secret Road"}\n'
        '{"id": "C-2", "name": "N", "special_needs": "wheelchair"}\n'
        '{"id": "C-3", "name": "Li Wei 13800138000\n',
        encoding="utf-8",
    )
    result = read_customers(path)
    assert [r.line for r in result.rejected] == [1, 3, 4]
    for row in result.rejected:
        assert not leaks(repr(row)) and not leaks(str(row)), repr(row)


def test_redacted_masks_nested_models() -> None:
    """:func:`redacted` masks confidential fields of nested models and keeps the rest."""
    contacts = [{"name": "Li Wei", "role": "CFO"}]
    data = {"id": "C-1", "name": "N", "contacts": contacts, "address": None}
    assert redacted(data, Customer) == {"id": "C-1", "name": "N", "contacts": MASK, "address": None}
    assert redacted({"name": "Li Wei", "role": "CFO"}, Contact) == {"name": MASK, "role": "CFO"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(210, 1), "got 210"),
        (Fraction(7, 2), "got 7/2"),
        (datetime(1, 1, 1, tzinfo=UTC), "got 0001-01-01T00:00:00+00:00"),
        (date(2026, 2, 28), "got 2026-02-28"),
        (timedelta(minutes=3, seconds=30), "got 210 seconds"),
        (10**5000, "got an integer of about 5,001 digits"),
        ((1, Fraction(1, 2)), "got [1, 1/2]"),
    ],
    ids=["fraction-whole", "fraction", "year-1", "date", "timedelta", "huge-int", "tuple"],
)
def test_values_are_shown_in_the_users_words(value: object, shown: str) -> None:
    """KPI-3's 210 s is "210", not ``Fraction(210, 1)``; instants are ISO 8601; a
    5,000-digit integer is described, not printed (which Python cannot even do)."""
    message = str(InvalidArgumentError("target", value, "something else"))
    assert message.endswith(shown), message
    assert not PYTHON_WORDS.search(message), message


def test_a_model_is_named_not_repred() -> None:
    """A model of ours in a message is named ("a TicketEvent") or shown by its own str,
    never as its repr (TKT-6)."""
    from servicepolicy.testing import make_ticket

    event = make_ticket("inquiry").events[0]
    message = str(WrongTypeError("events[0]", event, "an event of this ticket"))
    assert "TicketEvent(" not in message and "TicketEvent" in message


def test_out_of_range_now_does_not_say_9999(tmp_path: Path) -> None:
    """Year 1 is reported as out of 1900-2200, not as "needs 9999" (CAL-5)."""
    from servicepolicy.io.tabular import Bad, parse_instant

    with pytest.raises(Bad) as raised:
        parse_instant("--now", "0001-01-01T00:00+00:00")
    message = str(raised.value)
    assert "9999" not in message and "between 1900-01-01 and 2200-12-31" in message
