"""LOG-3: the delivery hand-over, checked against the delivery note.

A :class:`HandOver` records what happened at the customer's door: the documents brought,
the delivery note's lines, what was counted and how many units failed the quality check,
the discrepancies the parties wrote down, both signatures, and when the customer was
notified.  :func:`check_hand_over` returns a :class:`~servicepolicy.rules.Decision`
whose LOG-3 violations say what is missing, each naming its field.

The discrepancies are computed (:attr:`HandOver.discrepancies`): a shortage or an excess
against the note, an item not on the note, units that failed the quality check.  Each
must have been recorded (:attr:`HandOver.recorded`) with the same item and kind.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 24, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> h = HandOver("DN-9", at, note_lines=[DeliveryLine("tiles", 12)],
...              counted=[CountedLine("tiles", 11)], quality_checked=True,
...              documents={"delivery_note"}, deliverer_signature="driver-3")
>>> for v in check_hand_over(h).violations:
...     print(v.facts["field"], "-", v.message)
recorded - delivery DN-9: shortage of tiles (11 of 12) not recorded
receiver_signature - delivery DN-9: the receiver has not signed
customer_notified_at - delivery DN-9: the customer was not notified

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

import attrs
from servicepolicy.confidential import confidential
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import describe_span
from servicepolicy.rules import Decision, Severity, Violation

from servicepolicy_logistics import _checks as check

__all__ = [
    "CountedLine",
    "DeliveryLine",
    "Discrepancy",
    "DiscrepancyKind",
    "HandOver",
    "HandOverRules",
    "check_hand_over",
]


@attrs.frozen
class DeliveryLine:
    """A line of the delivery note: an item and how many units.

    .. versionadded:: 0.1.0
    """

    item: str = attrs.field(validator=check.validator(check.text))
    quantity: int = attrs.field(validator=check.validator(check.count))


@attrs.frozen
class CountedLine:
    """What was counted at the hand-over for an item, and how many of those units failed
    the quality check (``rejected``, at most ``quantity``).

    .. versionadded:: 0.1.0
    """

    item: str = attrs.field(validator=check.validator(check.text))
    quantity: int = attrs.field(validator=check.validator(check.count))
    rejected: int = attrs.field(default=0, validator=check.validator(check.count))

    def __attrs_post_init__(self) -> None:
        if self.rejected > self.quantity:
            raise InvalidArgumentError(
                f"counted line {self.item!r}: rejected",
                self.rejected,
                f"at most the {self.quantity} units counted",
            )


class DiscrepancyKind(enum.StrEnum):
    """How the goods differ from the delivery note.

    .. versionadded:: 0.1.0
    """

    SHORTAGE = "shortage"
    EXCESS = "excess"
    UNLISTED = "unlisted"
    DAMAGED = "damaged"


def _kind(value: DiscrepancyKind | str) -> DiscrepancyKind:
    return check.member("discrepancy: kind", value, DiscrepancyKind)


@attrs.frozen
class Discrepancy:
    """A difference between the goods and the delivery note: ``expected`` units on the
    note, ``found`` counted (for ``damaged``: units counted, and units that passed).

    .. versionadded:: 0.1.0
    """

    item: str = attrs.field(validator=check.validator(check.text))
    kind: DiscrepancyKind = attrs.field(converter=_kind)
    expected: int = attrs.field(validator=check.validator(check.count))
    found: int = attrs.field(validator=check.validator(check.count))
    note: str | None = attrs.field(
        default=None, eq=False, validator=check.validator(check.optional_text)
    )

    def __str__(self) -> str:
        if self.kind is DiscrepancyKind.DAMAGED:
            return f"{self.expected - self.found} damaged {self.item} of {self.expected}"
        if self.kind is DiscrepancyKind.UNLISTED:
            return f"{self.found} {self.item} not on the delivery note"
        return f"{self.kind} of {self.item} ({self.found} of {self.expected})"


class _Line(Protocol):
    @property
    def item(self) -> str: ...  # pragma: no cover


L = TypeVar("L", bound=_Line)


def _one_per_item(argument: str, lines: tuple[L, ...]) -> tuple[L, ...]:
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line.item in seen:
            raise InvalidArgumentError(
                f"{argument}[{index}].item", line.item, "each item on one line only"
            )
        seen.add(line.item)
    return lines


def _note_lines(value: object) -> tuple[DeliveryLine, ...]:
    argument = "hand over: note_lines"
    return _one_per_item(argument, check.items(argument, value, DeliveryLine, "a DeliveryLine"))


def _counted(value: object) -> tuple[CountedLine, ...] | None:
    if value is None:
        return None
    argument = "hand over: counted"
    return _one_per_item(argument, check.items(argument, value, CountedLine, "a CountedLine"))


def _recorded(value: object) -> tuple[Discrepancy, ...]:
    return check.items("hand over: recorded", value, Discrepancy, "a Discrepancy")


def _names(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(check.items("hand over: documents", value, str, "a document name"))


@attrs.frozen
class HandOver:
    """A delivery handed over to the customer (LOG-3).

    :param delivery: the delivery note's number.
    :param at: when the goods were handed over, timezone-aware.
    :param note_lines: the lines of the delivery note, one per item.
    :param counted: what was counted, one line per item; ``None`` if the quantities were
        not checked.
    :param quality_checked: whether the goods' quality was checked (units that failed go
        in :attr:`CountedLine.rejected`).
    :param documents: the documents prepared and brought (``"delivery_note"`` …).
    :param recorded: the discrepancies the parties wrote down.
    :param deliverer_signature: who signed for the carrier, or ``None``.
    :param receiver_signature: who signed for the customer, or ``None`` (the customer's
        contact person: confidential ``"contact"``, CONF-1).
    :param customer_notified_at: when the customer was notified of the delivery.
    :param customer: the customer's ID, if known.

    .. versionadded:: 0.1.0
    """

    delivery: str = attrs.field(validator=check.validator(check.text))
    at: datetime = attrs.field(validator=check.validator(check.aware))
    note_lines: tuple[DeliveryLine, ...] = attrs.field(converter=_note_lines)
    counted: tuple[CountedLine, ...] | None = attrs.field(default=None, converter=_counted)
    quality_checked: bool = attrs.field(default=False, validator=check.validator(check.flag))
    documents: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    recorded: tuple[Discrepancy, ...] = attrs.field(default=(), converter=_recorded)
    deliverer_signature: str | None = attrs.field(
        default=None, validator=check.validator(check.optional_text)
    )
    receiver_signature: str | None = confidential(
        "contact", default=None, validator=check.validator(check.optional_text)
    )
    customer_notified_at: datetime | None = attrs.field(
        default=None, validator=check.validator(check.optional(check.aware))
    )
    customer: str | None = attrs.field(default=None, validator=check.validator(check.optional_text))

    @property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """The differences between what was counted and the delivery note, in the note's
        order, then items not on it; empty if nothing was counted."""
        if self.counted is None:
            return ()
        counted = {line.item: line for line in self.counted}
        found = []
        for line in self.note_lines:
            got = counted.get(line.item)
            quantity = 0 if got is None else got.quantity
            if quantity < line.quantity:
                found.append(Discrepancy(line.item, "shortage", line.quantity, quantity))
            elif quantity > line.quantity:
                found.append(Discrepancy(line.item, "excess", line.quantity, quantity))
        listed = {line.item for line in self.note_lines}
        found += [
            Discrepancy(line.item, "unlisted", 0, line.quantity)
            for line in self.counted
            if line.item not in listed
        ]
        found += [
            Discrepancy(line.item, "damaged", line.quantity, line.quantity - line.rejected)
            for line in self.counted
            if line.rejected
        ]
        return tuple(found)


def _documents(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(check.items("hand-over rules: required_documents", value, str, "a name"))


@attrs.frozen
class HandOverRules:
    """The parameters of the hand-over check (LOG-3).

    :param required_documents: the documents that must be prepared; the manual says
        "documents prepared" without a list: the delivery note by default.
    :param notify_within: how soon after the hand-over the customer must be notified; the
        manual gives no figure: 2 hours.

    .. versionadded:: 0.1.0
    """

    required_documents: frozenset[str] = attrs.field(
        default=frozenset({"delivery_note"}), converter=_documents
    )
    notify_within: timedelta = attrs.field(
        default=timedelta(hours=2), validator=check.validator(check.duration)
    )


def check_hand_over(
    hand_over: HandOver, rules: HandOverRules | None = None, *, now: datetime | None = None
) -> Decision:
    """LOG-3: what the hand-over lacks: a document not prepared, quantities or quality not
    checked, a discrepancy not recorded, a signature, the customer's notification.

    Without ``now`` the record is judged as complete: a customer not notified is an
    error.  With ``now`` earlier than ``notify_within`` after the hand-over, the
    notification is not due yet.  A notification later than that is a warning.

    .. versionadded:: 0.1.0
    """
    if not isinstance(hand_over, HandOver):
        raise WrongTypeError("hand_over", hand_over, "a servicepolicy_logistics.HandOver")
    rules = HandOverRules() if rules is None else rules
    if not isinstance(rules, HandOverRules):
        raise WrongTypeError("rules", rules, "a HandOverRules or None")
    now = None if now is None else check.aware("now", now)
    h, found = hand_over, []

    def missing(field: str, what: str, fix: str, **facts: object) -> None:
        found.append(_violation(h, Severity.ERROR, field, what, fix, **facts))

    for name in sorted(rules.required_documents - h.documents):
        missing(
            "documents",
            f"the {name.replace('_', ' ')} was not prepared",
            f"prepare the {name.replace('_', ' ')}",
            document=name,
        )
    if h.counted is None:
        missing(
            "counted",
            "quantities were not checked against the delivery note",
            "count the goods against the delivery note",
        )
    if not h.quality_checked:
        missing("quality_checked", "the goods' quality was not checked", "check the goods")
    recorded = {(d.item, d.kind) for d in h.recorded}
    for discrepancy in h.discrepancies:
        if (discrepancy.item, discrepancy.kind) not in recorded:
            missing(
                "recorded",
                f"{discrepancy} not recorded",
                "record the discrepancy on the delivery note, signed by both parties; "
                + (
                    "open a delivery_damage ticket (LOG-4)"
                    if discrepancy.kind == "damaged"
                    else "open a delivery_dispute ticket if the customer contests it (LOG-4)"
                ),
                item=discrepancy.item,
                kind=str(discrepancy.kind),
                expected=discrepancy.expected,
                found=discrepancy.found,
            )
    for field, party in (("deliverer_signature", "deliverer"), ("receiver_signature", "receiver")):
        if getattr(h, field) is None:
            missing(field, f"the {party} has not signed", f"have the {party} sign")
    found += _notification(h, rules, now)
    return Decision.from_violations(found, subject=h.delivery)


def _notification(h: HandOver, rules: HandOverRules, now: datetime | None) -> list[Violation]:
    deadline = h.at + rules.notify_within
    notified = h.customer_notified_at
    if notified is None:
        if now is not None and now <= deadline:
            return []
        return [
            _violation(
                h,
                Severity.ERROR,
                "customer_notified_at",
                "the customer was not notified",
                "notify the customer of the delivery",
                deadline=deadline,
            )
        ]
    if notified > deadline:
        late = notified - deadline
        return [
            _violation(
                h,
                Severity.WARNING,
                "customer_notified_at",
                f"the customer was notified {describe_span(late)} late",
                f"notify the customer within {describe_span(rules.notify_within)}",
                deadline=deadline,
                late_by=late,
            )
        ]
    return []


def _violation(
    h: HandOver, severity: Severity, field: str, what: str, fix: str, **facts: object
) -> Violation:
    return Violation(
        "LOG-3",
        severity,
        f"delivery {h.delivery}: {what}",
        subject=h.delivery,
        facts={"field": field, **facts},
        suggestion=fix,
    )
