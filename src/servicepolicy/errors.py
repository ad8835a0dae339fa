"""Exceptions raised by servicepolicy.

Every exception is a :class:`ServicePolicyError` *and* the built-in exception it
refines, so ``except ValueError`` keeps working for callers that do not know
this library.  Each keeps the offending value on the instance (``argument``,
``value``, ``expected``) so that programs can report it without parsing the
message.

Rule *decisions* are never raised: they are returned as
:class:`servicepolicy.rules.Decision` values.  Exceptions are for bad input and
programming errors only.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "ConsentRequiredError",
    "DataFileError",
    "InvalidArgumentError",
    "InvalidCalendarError",
    "InvalidPolicyError",
    "InvalidRosterError",
    "InvalidTransitionError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "OutputFileError",
    "PluginError",
    "PolicyFileError",
    "ServicePolicyError",
    "StructureError",
    "UnknownRecordError",
    "WrongTypeError",
]


class ServicePolicyError(Exception):
    """Base class of every error raised by servicepolicy.

    :param message: the full, human-readable message.
    :param argument: name of the argument, field or path that was wrong.
    :param value: the offending value.
    :param expected: what would have been accepted.
    """

    def __init__(
        self,
        message: str,
        *,
        argument: str | None = None,
        value: Any = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.argument = argument
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        return self.message


_HIDDEN = "***"
"""What a confidential value is kept as on an error (``value``) and shown as in its
message: the message names the field and what was expected, never the value (CONF-1)."""


def _is_empty(value: Any) -> bool:
    try:
        return value in (None, "", (), {})
    except Exception:  # a value whose == raises counts as content
        return False


def _describe(argument: str, value: Any, expected: str, secret: bool = False) -> str:
    if secret and not _is_empty(value):
        return f"{argument}: expected {expected}, got a confidential value (not shown)"
    return f"{argument}: expected {expected}, got {_words(value)}"


def _words(value: Any, limit: int = 200) -> str:
    """``value`` as a user reads it, not as Python writes it: instants and dates in ISO
    8601, fractions as ``7/2``, a model by its own ``str`` or its name, never a repr of
    one of our classes; cut to ``limit`` characters."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return f"{value.total_seconds():g} seconds"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return _words(value.value, limit)
    if isinstance(value, list | tuple | set | frozenset) and not isinstance(value, str):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        text = "[" + ", ".join(_words(item, limit) for item in items) + "]"
        return text if len(text) <= limit else f"{text[: limit - 4]}...]"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 160:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if type(value).__module__.startswith("servicepolicy"):
        own = "__str__" in {name for klass in type(value).__mro__[:-1] for name in vars(klass)}
        return str(value) if own else f"a {type(value).__name__}"
    return _safe_repr(value, limit)


class InvalidArgumentError(ServicePolicyError, ValueError):
    """An argument has the right type but a value that cannot be used.

    The message reads ``"<argument>: expected <expected>, got <value>"`` unless a
    more specific message is given.
    """

    def __init__(
        self,
        argument: str,
        value: Any,
        expected: str,
        *,
        message: str | None = None,
        secret: bool = False,
    ) -> None:
        hide = secret and not _is_empty(value)
        super().__init__(
            message or _describe(argument, value, expected, secret),
            argument=argument,
            value=_HIDDEN if hide else value,
            expected=expected,
        )


class WrongTypeError(ServicePolicyError, TypeError):
    """An argument has the wrong type (a string where a datetime is needed...).

    With ``secret=True`` (a confidential field, CONF-1) the message names the type
    given but not the value, and ``value`` is ``"***"``.
    """

    def __init__(self, argument: str, value: Any, expected: str, *, secret: bool = False) -> None:
        kind = type(value).__name__
        shown = "(a confidential value, not shown)" if secret else _words(value)
        super().__init__(
            f"{argument}: expected {expected}, got {kind} {shown}",
            argument=argument,
            value=_HIDDEN if secret else value,
            expected=expected,
        )


def _safe_repr(value: Any, limit: int = 200) -> str:
    """``repr(value)``, cut to ``limit`` characters; never raises."""
    try:
        text = repr(value)
    except Exception:  # an int of more than 4,300 digits, a broken __repr__
        return f"(a {type(value).__name__} that cannot be shown)"
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class NaiveDatetimeError(InvalidArgumentError):
    """A datetime without a time zone was given where an instant is needed (CAL-5).

    servicepolicy never guesses the zone of a naive datetime.
    """

    def __init__(self, argument: str, value: Any) -> None:
        super().__init__(
            argument,
            value,
            "a timezone-aware datetime",
            message=(
                f"{argument}: expected a timezone-aware datetime, got the naive "
                f"datetime {value!r}; attach a zone, e.g. "
                "value.replace(tzinfo=ZoneInfo('Asia/Shanghai')) (CAL-5)"
            ),
        )


class InvalidCalendarError(InvalidArgumentError):
    """A business calendar's definition is malformed or inconsistent.

    Raised for unparseable or overlapping hours, unknown time zones and
    country codes, contradictory dates (the same day both a closure and an
    extra working day), and similar.
    """


class NoWorkingTimeError(ServicePolicyError, ValueError):
    """The calendar has no (more) working time where the operation needs some.

    Raised, for example, by ``add`` with a positive duration on a calendar whose
    only working time is a few special dates that lie behind the start.
    """


class OutOfRangeError(ServicePolicyError, OverflowError):
    """A result or an intermediate date lies outside the supported range.

    The supported range is bounded by :mod:`datetime` (years 1 to 9999) and, for
    calendars with public holidays, by the years the holiday data covers.
    """


class InvalidRosterError(InvalidArgumentError):
    """A roster contradicts itself: two shifts of one employee overlap, a shift ID is used
    twice, a shift belongs to nobody on the roster.  The message names the records.

    .. versionadded:: 0.1.0
    """


class UnknownRecordError(ServicePolicyError, KeyError):
    """A request names an employee, shift or other record that does not exist.

    .. versionadded:: 0.1.0
    """

    def __init__(self, kind: str, key: object, where: str) -> None:
        super().__init__(
            f"{where}: unknown {kind} {key!r}",
            argument=kind,
            value=key,
            expected=f"the ID of a {kind} on the roster",
        )


class DataFileError(ServicePolicyError, ValueError):
    """A data file cannot be read (bad header, broken CSV), or it had rejected rows and
    ``raise_for_rejected()`` was called on what was read from it.

    :param message: the full message, naming the file and every line concerned.
    :param source: the file's name, if known.
    :param rejected: the rejected rows (line, reason, cells), if that is the complaint.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, message: str, *, source: str | None = None, rejected: Iterable[Any] = ()
    ) -> None:
        self.source = source
        self.rejected = tuple(rejected)
        super().__init__(message, argument=source, value=self.rejected, expected="valid rows")


class InvalidTransitionError(InvalidArgumentError):
    """A ticket event that its lifecycle does not allow (TKT-3 … TKT-6): a state change
    the lifecycle has no arrow for, an event earlier than the last one, a hand-over
    without a new owner or a reason.  The message names the ticket, its current state
    and what would be allowed; ``event`` holds the refused event's number (1 is the
    opening) when a history was replayed.

    .. versionadded:: 0.1.0
    """

    event: int | None = None


class ConsentRequiredError(ServicePolicyError, PermissionError):
    """A disclosure to a third party lacks the customer's written consent (CONF-1, CONF-3).

    Keeps ``customer``, ``recipient``, ``at``, the ``categories`` no valid consent covers
    (sorted, also as ``value``) and ``notes``: why consents on record did not count.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        customer: str,
        recipient: str,
        categories: Iterable[str],
        at: datetime,
        notes: Iterable[str] = (),
        *,
        written: bool = True,
    ) -> None:
        self.customer, self.recipient, self.at = customer, recipient, at
        self.categories, self.notes = tuple(sorted(categories)), tuple(notes)
        wanted, when, kind = ", ".join(self.categories), at.isoformat(), "written " * written
        expected = f"a {kind}consent of customer {customer!r} to {recipient!r} covering {wanted}"
        super().__init__(
            f"disclosure of customer {customer!r} to {recipient!r} at {when} needs the "
            f"customer's {kind}consent for: {wanted} (CONF-1, CONF-3)"
            + "".join(f"; {note}" for note in self.notes)
            + f"; record a {kind}Consent covering these categories, or leave them out of "
            "the disclosure with categories=...",
            argument="consents",
            value=self.categories,
            expected=f"{expected}, valid at {when}",
        )


class StructureError(ServicePolicyError, ValueError):
    """Data that cannot be structured into a model; ``problems`` lists every problem,
    each as ``"<JSON path>: <what was wrong>"``, e.g. ``"$.events[3].at: expected an ISO
    8601 datetime with offset, got the naive '2026-11-24T09:30'"``.

    :param what: the type asked for.
    :param problems: the problems, in the order of the data.
    :param data: the data given (kept as ``value``).

    .. versionadded:: 0.1.0
    """

    def __init__(self, what: object, problems: Sequence[str], data: object) -> None:
        self.problems = tuple(problems)
        name = what.__name__ if isinstance(what, type) else repr(what)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(
            f"cannot structure {name}, {count}:" + "".join(f"\n  {p}" for p in self.problems),
            argument="$",
            value=data,
            expected=f"data for {name}",
        )


class InvalidPolicyError(ServicePolicyError, ValueError):
    """A policy that cannot be built as given; ``problems`` lists every problem at once
    (e.g. two equally specific SLA targets that match the same tickets, SLA-1).

    :param problems: what is wrong, one sentence each.
    :param what: the kind of policy (``"SLA policy"``).

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Sequence[str], what: str = "SLA policy") -> None:
        self.problems = tuple(problems)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(
            f"invalid {what}, {count}:" + "".join(f"\n  {p}" for p in self.problems),
            argument=what,
            value=self.problems,
            expected="a consistent policy",
        )


class PluginError(ServicePolicyError, RuntimeError):
    """A plugin that cannot be loaded, misnames a hook, or fails inside one; ``plugin``
    names it (its entry-point name).

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str, *, plugin: str | None) -> None:
        super().__init__(message, argument="plugin", value=plugin, expected="a working plugin")
        self.plugin = plugin


class PolicyFileError(InvalidPolicyError):
    """A policy file that cannot be used; ``problems`` lists every problem found, each
    as ``"policy.toml:48 [sla.targets.2.within]: expected a duration like "8h", ..."``.
    It is an :class:`InvalidPolicyError` (and so a ``ValueError``): a file refused for
    its syntax, size, nesting, aliases or duplicate keys as much as for its values.

    :param source: the file's name (or the built-in policy's).
    :param problems: the problems, in the order of the file.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.1.0 a subclass of :class:`InvalidPolicyError`.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        self.source = source
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        ServicePolicyError.__init__(
            self,
            f"invalid policy {source}, {count}:" + "".join(f"\n  {p}" for p in self.problems),
            argument="policy",
            value=source,
            expected="a valid policy file",
        )


class OutputFileError(ServicePolicyError, OSError):
    """A report that cannot be written where asked: the path is an input or the policy,
    a symbolic link, a directory, not writable, or the disk is full.  Nothing is left
    half-written: the file that was there before is kept as it was.

    :param path: the path asked for (also ``value``).
    :param reason: why, in words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"{path}: {reason}", argument="--output", value=path, expected="a writable file path"
        )
        self.path = path


class MissingExtraError(ServicePolicyError, ImportError):
    """A feature needs an optional extra that is not installed (``servicepolicy[dask]``).

    :param feature: what was asked for (``"servicepolicy.dask"``).
    :param extra: the extra that provides it (``"dask"``).
    :param missing: the module that could not be imported.

    >>> error = MissingExtraError("servicepolicy.dask", "dask", "distributed")
    >>> print(error)  # doctest: +NORMALIZE_WHITESPACE
    servicepolicy.dask: expected the optional extra 'dask'
    (pip install 'servicepolicy[dask]'), cannot import 'distributed'
    >>> isinstance(error, ImportError), error.extra
    (True, 'dask')

    .. versionadded:: 0.3.0
    """

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        super().__init__(
            f"{feature}: expected the optional extra {extra!r} "
            f"(pip install 'servicepolicy[{extra}]'), cannot import {missing!r}",
            argument=feature,
            value=missing,
            expected=f"servicepolicy[{extra}] installed",
        )
        self.extra = extra
