"""A customer's consent to disclosure, and the record a disclosure leaves (CONF-1, CONF-3).

:meth:`AccessPolicy.disclose <servicepolicy.access.AccessPolicy.disclose>` gives a third
party only what a written :class:`Consent` of the customer covers, and returns a
:class:`DisclosureRecord` for the disclosure procedure to keep.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "ALL",
    "Consent",
    "DisclosureRecord",
    "aware_instant",
    "category_set",
    "given_text",
]

ALL = "*"
"""A grant (or consent) of every category, including ones a model adds later."""


def given_text(argument: str, value: object, expected: str = "a non-empty string") -> str:
    """``value`` if it is a non-empty string (a role, a recipient, a purpose)."""
    if not isinstance(value, str) or not value:
        raise WrongTypeError(argument, value, expected)
    return value


def aware_instant(argument: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime (CAL-5)."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise WrongTypeError(argument, value, "a timezone-aware datetime (CAL-5)")
    return value


def category_set(value: object, argument: str = "categories") -> frozenset[str]:
    """``value`` as a set of category names (CONF-2); a single string is refused."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, "an iterable of category names, e.g. {'contact'}")
    return frozenset(given_text(f"{argument} item", item) for item in value)


@attrs.frozen
class Consent:
    """A customer's consent to disclose some categories of its information to a recipient.

    :param customer: the customer's ID.
    :param recipient: the third party the consent names.
    :param categories: the categories it covers (:data:`ALL` for every one).
    :param given_at: when it was given; it does not cover earlier disclosures.
    :param written: keyword-only, required: whether it is in writing (CONF-1, CONF-3).
    :param document_ref: the reference of the signed document; required when ``written``.
    :param expires_at: when it lapses, or ``None``.
    :param revoked_at: when the customer withdrew it, or ``None``.
    :raises servicepolicy.errors.WrongTypeError: if an argument has the wrong type.
    :raises servicepolicy.errors.InvalidArgumentError: for a written consent without a
        document reference, no categories, or an end before ``given_at``.

    >>> from datetime import datetime, timezone
    >>> c = Consent("C-1", "Audit Ltd", {"finance"}, datetime(2026, 1, 5, tzinfo=timezone.utc),
    ...             written=True, document_ref="DOC-7")
    >>> c.covers("finance"), c.covers("contact")
    (True, False)
    >>> c.problem_at(datetime(2026, 1, 4, tzinfo=timezone.utc))
    "consent 'DOC-7' was only given at 2026-01-05T00:00:00+00:00"

    .. versionadded:: 0.1.0
    """

    customer: str
    recipient: str
    categories: frozenset[str] = attrs.field(converter=category_set)
    given_at: datetime
    written: bool = attrs.field(kw_only=True)
    document_ref: str | None = attrs.field(default=None, kw_only=True)
    expires_at: datetime | None = attrs.field(default=None, kw_only=True)
    revoked_at: datetime | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        given_text("customer", self.customer), given_text("recipient", self.recipient)
        aware_instant("given_at", self.given_at)
        if not isinstance(self.written, bool):
            raise WrongTypeError("written", self.written, "bool")
        if self.document_ref is not None:
            given_text("document_ref", self.document_ref)
        elif self.written:
            expected = "the reference of the signed document (CONF-3)"
            raise InvalidArgumentError("document_ref", None, expected)
        if not self.categories:
            raise InvalidArgumentError("categories", self.categories, "at least one category")
        for name in ("expires_at", "revoked_at"):
            if (end := getattr(self, name)) is not None and aware_instant(
                name, end
            ) < self.given_at:
                raise InvalidArgumentError(name, end, f"an instant after given_at {self.given_at}")

    @property
    def reference(self) -> str:
        """The document reference, or a description of an unwritten consent."""
        return self.document_ref or f"unwritten consent of {self.given_at.isoformat()}"

    def covers(self, category: str) -> bool:
        """Whether the consent names *category* (or :data:`ALL`)."""
        return ALL in self.categories or category in self.categories

    def problem_at(self, at: datetime, *, require_written: bool = True) -> str | None:
        """Why the consent does not count at *at* (not written, not yet given, revoked,
        expired), or ``None`` if it does."""
        ref = repr(self.reference)
        if require_written and not self.written:
            return f"consent {ref} is not written"
        if aware_instant("at", at) < self.given_at:
            return f"consent {ref} was only given at {self.given_at.isoformat()}"
        if self.revoked_at is not None and at >= self.revoked_at:
            return f"consent {ref} was revoked at {self.revoked_at.isoformat()}"
        if self.expires_at is not None and at >= self.expires_at:
            return f"consent {ref} expired at {self.expires_at.isoformat()}"
        return None


@attrs.frozen
class DisclosureRecord:
    """What the disclosure procedure keeps (CONF-3): which ``customer``'s ``categories`` went
    to which ``recipient``, ``at`` what instant, for what ``purpose``, under which consents
    (``consent_refs``, sorted) and, if known, ``by`` whom.  Made by
    :meth:`AccessPolicy.disclose <servicepolicy.access.AccessPolicy.disclose>`; storing it
    is the caller's part.

    .. versionadded:: 0.1.0
    """

    customer: str
    recipient: str
    categories: frozenset[str]
    at: datetime
    purpose: str
    consent_refs: tuple[str, ...] = ()
    by: str | None = None
