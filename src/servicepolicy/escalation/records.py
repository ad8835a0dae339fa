"""What an escalation leaves behind: the report, the instruction, the result (ESC-2, ESC-3).

An :class:`Escalation` is the record of a matter taken up the ladder: from which level to
which, who did it and when, whether levels were skipped in an emergency, the handling the
reporter proposes and, once given, the superior's :class:`Instruction` (ESC-3).
:meth:`EscalationLadder.escalate <servicepolicy.escalation.EscalationLadder.escalate>`
returns an :class:`EscalationResult`: the decision, the record, and the reports owed to
skipped levels (ESC-2).  :class:`EscalationRequired` is what a trigger rule (ESC-1, ESC-4,
ESC-5, ESC-6) says must happen.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs

from servicepolicy import checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.obligations import Obligation
from servicepolicy.rules import Decision, check_rule_id

__all__ = [
    "Escalation",
    "EscalationRequired",
    "EscalationResult",
    "Identified",
    "Instruction",
    "subject_id",
]


class Identified(Protocol):
    """Anything with an ``id``: a :class:`~servicepolicy.tickets.Ticket`, a
    :class:`~servicepolicy.escalation.Case`, an :class:`~servicepolicy.escalation.Incident`.

    .. versionadded:: 0.1.0
    """

    @property
    def id(self) -> str: ...  # pragma: no cover


def subject_id(subject: Identified | str, argument: str = "subject") -> str:
    """The ID of ``subject``: the string itself, or the ``id`` of a ticket, case, incident.

    .. versionadded:: 0.1.0
    """
    if isinstance(subject, str):
        return check.text(argument, subject)
    found = getattr(subject, "id", None)
    if not isinstance(found, str):
        raise WrongTypeError(argument, subject, "a ticket, a case, an incident or an ID string")
    return check.text(f"{argument}: id", found)


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.text(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _optional_text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.optional_text(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _instant(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    check.aware(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    check.flag(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _optional_rule(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value is not None:
        check_rule_id(value)


def _rule(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_rule_id(value)


def _obligations(value: object) -> tuple[Obligation, ...]:
    return check.items("obligations", value, Obligation, "an Obligation")


def _levels(value: object) -> tuple[str, ...]:
    return check.items("escalation: skipped", value, str, "a level name")


@attrs.frozen
class Instruction:
    """The superior's instruction on a report (ESC-3): what to do, who said so, when.

    .. versionadded:: 0.1.0
    """

    text: str = attrs.field(validator=_text)
    by: str = attrs.field(validator=_text)
    at: datetime = attrs.field(validator=_instant)


@attrs.frozen
class Escalation:
    """The record of one escalation (ESC-2, ESC-3).

    :param subject: the ID of the ticket, case or incident escalated.
    :param source: the level it was at.
    :param to: the level it was taken to.
    :param at: when.
    :param by: who escalated it.
    :param emergency: whether it was escalated as an emergency (levels may be skipped).
    :param skipped: the levels skipped between ``source`` and ``to``.
    :param reason: why, in words.
    :param rule_id: the rule that triggered it (``"ESC-6"`` for an SLA breach…), if any.
    :param proposed_handling: the handling the reporter proposes (ESC-3).
    :param instruction: the superior's instruction, once given (ESC-3).

    .. versionadded:: 0.1.0
    """

    subject: str = attrs.field(validator=_text)
    source: str = attrs.field(validator=_text)
    to: str = attrs.field(validator=_text)
    at: datetime = attrs.field(validator=_instant)
    by: str = attrs.field(validator=_text)
    emergency: bool = attrs.field(default=False, validator=_flag)
    skipped: tuple[str, ...] = attrs.field(default=(), converter=_levels)
    reason: str | None = attrs.field(default=None, validator=_optional_text)
    rule_id: str | None = attrs.field(default=None, validator=_optional_rule)
    proposed_handling: str | None = attrs.field(default=None, validator=_optional_text)
    instruction: Instruction | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.instruction is not None:
            if not isinstance(self.instruction, Instruction):
                raise WrongTypeError("escalation: instruction", self.instruction, "an Instruction")
            if self.instruction.at < self.at:
                raise InvalidArgumentError(
                    "escalation: instruction.at",
                    self.instruction.at,
                    f"an instant at or after the escalation ({self.at.isoformat()})",
                )

    def instruct(self, text: str, *, by: str, at: datetime) -> Escalation:
        """A copy with the superior's instruction recorded (ESC-3)."""
        return attrs.evolve(self, instruction=Instruction(text, by, at))

    def __str__(self) -> str:
        when = self.at.isoformat(sep=" ", timespec="minutes")
        text = f"{when} {self.subject}: {self.source} -> {self.to} by {self.by}"
        if self.emergency:
            text += " (emergency"
            text += f", skipped {', '.join(self.skipped)})" if self.skipped else ")"
        if self.rule_id is not None:
            text += f" [{self.rule_id}]"
        return text


@attrs.frozen
class EscalationResult:
    """What :meth:`~servicepolicy.escalation.EscalationLadder.escalate` returns.

    Truthy exactly when the escalation is allowed.

    :param decision: allowed or refused, with the violations (ESC-2, ESC-3) and facts.
    :param escalation: the record, or ``None`` when refused.
    :param obligations: the reports owed to the levels skipped in an emergency (ESC-2),
        one per level; feed them to
        :meth:`Obligations.with_items <servicepolicy.obligations.Obligations.with_items>`
        or :func:`~servicepolicy.obligations.check_obligations`.

    .. versionadded:: 0.1.0
    """

    decision: Decision
    escalation: Escalation | None = None
    obligations: tuple[Obligation, ...] = attrs.field(default=(), converter=_obligations)

    def __bool__(self) -> bool:
        return self.decision.allowed


@attrs.frozen
class EscalationRequired:
    """A trigger rule's finding: ``subject`` must be taken up to level ``to`` (ESC-1, ESC-4,
    ESC-6).

    :param subject: the ID of the ticket or case.
    :param to: the level it must reach.
    :param rule_id: the rule that requires it.
    :param reason: why, in words.
    :param at: from when it is required.
    :param emergency: whether levels may be skipped to get there (ESC-2).
    :param take_over: whether that level takes the case over (ESC-1: an obstructive
        customer is handed to the team leader).

    .. versionadded:: 0.1.0
    """

    subject: str = attrs.field(validator=_text)
    to: str = attrs.field(validator=_text)
    rule_id: str = attrs.field(validator=_rule)
    reason: str = attrs.field(validator=_text)
    at: datetime = attrs.field(validator=_instant)
    emergency: bool = attrs.field(default=False, validator=_flag)
    take_over: bool = attrs.field(default=False, validator=_flag)

    def __str__(self) -> str:
        when = self.at.isoformat(sep=" ", timespec="minutes")
        text = f"{when} {self.rule_id} {self.subject} -> {self.to}: {self.reason}"
        if self.take_over:
            text += " (takes over)"
        if self.emergency:
            text += " (emergency)"
        return text
