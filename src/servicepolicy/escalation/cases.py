"""What ESC-1 and ESC-4 judge: cases that must be reported, company-fault complaints.

:class:`Case` is a matter an employee must report upward, in one or more
:class:`CaseCategory` (ESC-1).  :class:`FaultAssessment` is what ESC-4 says about a
complaint: whether the company is at fault, how seriously (:class:`FaultSeverity`),
whether the agent apologises and where the complaint must go.
:class:`~servicepolicy.escalation.EscalationPolicy` produces both findings.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

import attrs

from servicepolicy import checks as check
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.escalation.records import EscalationRequired
from servicepolicy.rules import Severity, Violation

__all__ = [
    "Case",
    "CaseCategory",
    "FaultAssessment",
    "FaultSeverity",
    "as_categories",
    "as_severity",
]


class CaseCategory(enum.StrEnum):
    """The matters that must be reported upward (ESC-1).

    .. versionadded:: 0.1.0
    """

    CONFIDENTIALITY_LEAK = "confidentiality_leak"
    """Customer or company information disclosed (CONF-1)."""
    MAJOR_ERROR = "major_error"
    """A major error or accident."""
    SAFETY = "safety"
    """A threat to people's or equipment's safety."""
    BEYOND_REMIT = "beyond_remit"
    """Anything beyond the employee's remit."""
    OBSTRUCTIVE_CUSTOMER = "obstructive_customer"
    """A deliberately obstructive customer; the team leader takes over."""


class FaultSeverity(enum.StrEnum):
    """How serious a complaint that is the company's fault is (ESC-4).

    .. versionadded:: 0.1.0
    """

    MINOR = "minor"
    SERIOUS = "serious"
    MAJOR = "major"


def as_categories(value: object) -> frozenset[CaseCategory]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise WrongTypeError("case: categories", value, "an iterable of CaseCategory")
    found = set()
    for item in value:
        try:
            found.add(CaseCategory(item))
        except ValueError:
            choices = ", ".join(c.value for c in CaseCategory)
            raise InvalidArgumentError("case: categories", item, f"one of {choices}") from None
    if not found:
        raise InvalidArgumentError("case: categories", (), "at least one category (ESC-1)")
    return frozenset(found)


@attrs.frozen
class Case:
    """A matter an employee must report upward (ESC-1).

    :param id: the case's ID.
    :param categories: why it must be reported (one or more :class:`CaseCategory`).
    :param at: when it came up.
    :param by: who reports it.
    :param level: the reporter's level; the ladder's lowest if ``None``.
    :param description: what happened.
    :param ticket: the ticket it concerns, if any.

    .. versionadded:: 0.1.0
    """

    id: str
    categories: frozenset[CaseCategory] = attrs.field(converter=as_categories)
    at: datetime
    by: str
    level: str | None = None
    description: str | None = None
    ticket: str | None = None

    def __attrs_post_init__(self) -> None:
        check.text("case: id", self.id)
        check.aware(f"case {self.id}: at", self.at)
        check.text(f"case {self.id}: by", self.by)
        for name in ("level", "description", "ticket"):
            check.optional_text(f"case {self.id}: {name}", getattr(self, name))


@attrs.frozen
class FaultAssessment:
    """What ESC-4 says about a complaint: is it the company's fault, does the agent
    apologise, and to which level it must go.

    :param subject: the complaint's ID.
    :param company_at_fault: whether the company is at fault.
    :param severity: how serious, if the company is at fault.
    :param apologise: whether the agent apologises (only when the company is at fault).
    :param required: the escalation required, or ``None``.

    .. versionadded:: 0.1.0
    """

    subject: str
    company_at_fault: bool
    severity: FaultSeverity | None
    apologise: bool
    required: EscalationRequired | None

    def check_apology(self, apologised: bool) -> tuple[Violation, ...]:
        """ESC-4: a violation if the agent apologised although the company is not at
        fault (a warning: it admits a fault), or did not although it is (an error)."""
        apologised = check.flag("apologised", apologised)
        if apologised == self.apologise:
            return ()
        if apologised:
            message = "the agent apologised although the company is not at fault"
            suggestion = "acknowledge the customer's concern without admitting a fault"
            severity = Severity.WARNING
        else:
            message = "the company is at fault, but the agent did not apologise"
            suggestion = "apologise to the customer for the company's fault"
            severity = Severity.ERROR
        return (
            Violation(
                "ESC-4",
                severity,
                message,
                subject=self.subject,
                facts={"company_at_fault": self.company_at_fault, "apologised": apologised},
                suggestion=suggestion,
            ),
        )


def as_severity(value: object) -> FaultSeverity:
    if isinstance(value, str) and value in FaultSeverity.__members__.values():
        return FaultSeverity(value)
    choices = ", ".join(s.value for s in FaultSeverity)
    raise InvalidArgumentError("severity", value, f"one of {choices}")
