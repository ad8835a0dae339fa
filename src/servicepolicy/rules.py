"""What every rule engine returns: :class:`Decision`, :class:`Violation`, :class:`Severity`.

A rule engine (leave requests, shift swaps, SLA deadlines...) never raises to say
"no": it returns a :class:`Decision` that lists the :class:`Violation` values it
found, each citing the rule of the policy it breaks by its ID (``"SWAP-1"``), so
that a user can trace the decision back to the policy text.

>>> v = Violation("SWAP-1", Severity.ERROR, "3 swaps in 2026-11 exceed the limit of 2",
...               subject="emp-7", facts={"swaps": 3, "limit": 2})
>>> d = Decision.from_violations([v], subject="emp-7")
>>> bool(d)
False
>>> print(d)
refused: emp-7
  SWAP-1 [error] emp-7: 3 swaps in 2026-11 exceed the limit of 2 (facts: swaps=3, limit=2)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["Decision", "Severity", "Violation", "check_rule_id"]

#: A rule ID: an uppercase prefix (letters, then letters or digits), a dash, a number.
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*-[1-9][0-9]*")


class Severity(enum.IntEnum):
    """How serious a :class:`Violation` is; members compare in order of gravity.

    ``INFO < WARNING < ERROR < CRITICAL``.  The integer values leave room
    between the levels (as :mod:`logging` does) and are not part of the
    API; the stable, serialisable name of a level is its :attr:`label`, which is
    also what :func:`str` returns.

    >>> Severity.WARNING < Severity.ERROR
    True
    >>> Severity.CRITICAL.label, str(Severity.INFO)
    ('critical', 'info')
    >>> Severity.from_label("Error")
    <Severity.ERROR: 30>
    >>> max([Severity.WARNING, Severity.CRITICAL, Severity.INFO]).label
    'critical'

    .. versionadded:: 0.1.0
    """

    #: Worth knowing; never blocks anything.
    INFO = 10
    #: Allowed, but someone should look (e.g. a request close to its deadline).
    WARNING = 20
    #: The policy forbids it; blocks a :class:`Decision` by default.
    ERROR = 30
    #: Forbidden and urgent (e.g. a safety or confidentiality matter, ESC-1).
    CRITICAL = 40

    @property
    def label(self) -> str:
        """The lowercase name used for display and serialisation, e.g. ``"error"``."""
        return self.name.lower()

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_label(cls, label: str) -> Severity:
        """Return the severity named *label* (case-insensitive), the inverse of :attr:`label`.

        :raises servicepolicy.errors.InvalidArgumentError: if *label* names no severity.
        """
        if isinstance(label, str):
            try:
                return cls[label.strip().upper()]
            except KeyError:
                pass
        raise InvalidArgumentError(
            "label", label, "one of " + ", ".join(repr(s.label) for s in cls)
        )


def _freeze_facts(facts: Mapping[str, object]) -> Mapping[str, object]:
    """Return a read-only copy of *facts* (shallow: the values themselves are not copied)."""
    if not isinstance(facts, Mapping):
        raise WrongTypeError("facts", facts, "a mapping of str to values")
    for key in facts:
        if not isinstance(key, str):
            raise WrongTypeError("facts key", key, "str")
    return types.MappingProxyType(dict(facts))


def _check_optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise WrongTypeError(attribute.name, value, "str or None")


def _check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise WrongTypeError(attribute.name, value, "str")


def check_rule_id(value: object) -> None:
    """Raise unless ``value`` is a rule ID such as ``"SWAP-1"`` (letters or digits, a dash,
    a number).

    .. versionadded:: 0.1.0
    """
    if not isinstance(value, str):
        raise WrongTypeError("rule_id", value, "str")
    if not _RULE_ID.fullmatch(value):
        raise InvalidArgumentError(
            "rule_id",
            value,
            "a rule ID such as 'SWAP-1': uppercase letters or digits, a dash, a number",
        )


def _check_rule_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_rule_id(value)


def _check_severity(instance: object, attribute: attrs.Attribute[Severity], value: object) -> None:
    if not isinstance(value, Severity):
        raise WrongTypeError("severity", value, "a servicepolicy.rules.Severity")


def _reduce(obj: Violation | Decision) -> tuple[type[Any], tuple[object, ...]]:
    """Support :mod:`pickle` and :mod:`copy`, which cannot handle the read-only facts view."""
    # Every field is an __init__ argument, in field order.
    values = (getattr(obj, a.name) for a in attrs.fields(type(obj)))
    return type(obj), tuple(dict(v) if isinstance(v, types.MappingProxyType) else v for v in values)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _format_facts(facts: Mapping[str, object]) -> str:
    return ", ".join(f"{key}={value}" for key, value in facts.items())


@attrs.frozen
class Violation:
    """One breach of one policy rule, found by a rule engine.

    :param rule_id: the ID of the rule broken, as written in the policy, e.g.
        ``"SWAP-1"``: uppercase letters or digits (starting with a letter), a
        dash and a number.
    :param severity: how serious the breach is.
    :param message: a human-readable sentence stating what is wrong.
    :param subject: whom or what the violation is about (an employee, a
        ticket...), or ``None``.
    :param facts: the figures the rule engine based its finding on, e.g.
        ``{"swaps": 3, "limit": 2}``.  A read-only copy is kept; facts take part
        in equality but not in the hash, so their values need not be hashable.
    :param suggestion: what would make the request acceptable, or ``None``.
    :raises servicepolicy.errors.InvalidArgumentError: if *rule_id* is not a rule ID.
    :raises servicepolicy.errors.WrongTypeError: if an argument has the wrong type.

    :func:`str` gives one line, for logs and reports:

    >>> v = Violation(
    ...     "SWAP-1",
    ...     Severity.ERROR,
    ...     "3 swaps in 2026-11 exceed the limit of 2",
    ...     subject="emp-7",
    ...     facts={"swaps": 3, "limit": 2, "month": "2026-11"},
    ...     suggestion="move one swap to 2026-12",
    ... )
    >>> print(v)  # doctest: +NORMALIZE_WHITESPACE
    SWAP-1 [error] emp-7: 3 swaps in 2026-11 exceed the limit of 2
    (facts: swaps=3, limit=2, month=2026-11) -> suggestion: move one swap to 2026-12
    >>> v.facts["swaps"]
    3
    >>> Violation("swap 1", Severity.ERROR, "...")
    Traceback (most recent call last):
    ...
    servicepolicy.errors.InvalidArgumentError: rule_id: expected a rule ID such as 'SWAP-1': ...

    .. versionadded:: 0.1.0
    """

    rule_id: str = attrs.field(validator=_check_rule_id)
    severity: Severity = attrs.field(validator=_check_severity)
    message: str = attrs.field(validator=_check_str)
    subject: str | None = attrs.field(default=None, validator=_check_optional_str)
    facts: Mapping[str, object] = attrs.field(factory=dict, converter=_freeze_facts, hash=False)
    suggestion: str | None = attrs.field(default=None, validator=_check_optional_str)

    def __reduce__(self) -> tuple[type[Any], tuple[object, ...]]:
        return _reduce(self)

    def __str__(self) -> str:
        text = f"{self.rule_id} [{self.severity.label}]"
        if self.subject is not None:
            text += f" {_one_line(self.subject)}"
        text += f": {_one_line(self.message)}"
        if self.facts:
            text += f" (facts: {_one_line(_format_facts(self.facts))})"
        if self.suggestion is not None:
            text += f" -> suggestion: {_one_line(self.suggestion)}"
        return text


def _violations_tuple(violations: Iterable[Violation]) -> tuple[Violation, ...]:
    if isinstance(violations, (str, bytes, Violation)) or not isinstance(violations, Iterable):
        raise WrongTypeError("violations", violations, "an iterable of Violation")
    result = tuple(violations)
    for item in result:
        if not isinstance(item, Violation):
            raise WrongTypeError("violations item", item, "a servicepolicy.rules.Violation")
    return result


def _notes_tuple(notes: Iterable[str]) -> tuple[str, ...]:
    if isinstance(notes, (str, bytes)) or not isinstance(notes, Iterable):
        raise WrongTypeError("notes", notes, "an iterable of str")
    result = tuple(notes)
    for item in result:
        if not isinstance(item, str):
            raise WrongTypeError("notes item", item, "str")
    return result


def _check_bool(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise WrongTypeError(attribute.name, value, "bool")


@attrs.frozen
class Decision:
    """The answer of a rule engine: is it allowed, and which rules had something to say.

    A decision is truthy exactly when it is allowed, so ``if decision:`` reads
    naturally.  Most engines build it with :meth:`from_violations`.

    :param allowed: whether the request or action may go ahead.
    :param violations: the rules broken (or merely flagged), in the order found.
    :param subject: whom or what the decision is about, or ``None``.
    :param required_approver: who must still approve for the decision to stand
        (e.g. ``"centre-head"`` for leave of more than one day, LEAVE-4), or
        ``None`` if nobody.
    :param facts: the figures the decision was based on; a read-only copy is
        kept, excluded from the hash.
    :param notes: free-text remarks for the person reading the decision.
    :raises servicepolicy.errors.WrongTypeError: if an argument has the wrong type.

    >>> late = Violation("LEAVE-2", Severity.WARNING, "requested after the lead time",
    ...                  subject="emp-3")
    >>> d = Decision.from_violations([late], subject="emp-3", required_approver="manager",
    ...                              notes=["valid only with the manager's approval"])
    >>> d.allowed, d.rule_ids
    (True, ('LEAVE-2',))
    >>> print(d)
    allowed: emp-3 (requires approval by manager)
      LEAVE-2 [warning] emp-3: requested after the lead time
      note: valid only with the manager's approval

    .. versionadded:: 0.1.0
    """

    allowed: bool = attrs.field(validator=_check_bool)
    violations: tuple[Violation, ...] = attrs.field(default=(), converter=_violations_tuple)
    subject: str | None = attrs.field(default=None, validator=_check_optional_str)
    required_approver: str | None = attrs.field(default=None, validator=_check_optional_str)
    facts: Mapping[str, object] = attrs.field(factory=dict, converter=_freeze_facts, hash=False)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes_tuple)

    @property
    def approver(self) -> str | None:
        """The approver a leave decision names (LEAVE-4 and LEAVE-11), as ``required_approver``."""
        return self.required_approver

    @property
    def approvals_owed(self) -> tuple[str, ...]:
        """Who must still approve before the decision is an approval, the roles (leave,
        LEAVE-4, LEAVE-11) or team leaders (swaps, SWAP-5) in ``facts["approvals_owed"]``;
        empty when nothing is owed or the engine does not say.

        >>> Decision(allowed=True, facts={"approvals_owed": ("centre_head",)}).approvals_owed
        ('centre_head',)

        .. versionadded:: 0.2.0
        """
        owed = self.facts.get("approvals_owed", ())
        return tuple(str(item) for item in owed) if isinstance(owed, tuple | list) else ()

    @property
    def approved(self) -> bool:
        """Allowed by the rules *and* owing no approval (``approvals_owed`` is empty):
        ``allowed`` alone says the rules do not forbid it.

        >>> Decision(allowed=True, facts={"approvals_owed": ("centre_head",)}).approved
        False

        .. versionadded:: 0.2.0
        """
        return self.allowed and not self.approvals_owed

    @classmethod
    def from_violations(
        cls,
        violations: Iterable[Violation],
        *,
        blocking: Severity = Severity.ERROR,
        subject: str | None = None,
        required_approver: str | None = None,
        facts: Mapping[str, object] | None = None,
        notes: Iterable[str] = (),
    ) -> Decision:
        """Decide from *violations*: allowed unless one is at least as severe as *blocking*.

        The keyword arguments other than *blocking* are passed on to the
        :class:`Decision`.

        >>> info = Violation("ATT-1", Severity.INFO, "arrived 5 minutes before roll call")
        >>> bool(Decision.from_violations([info]))
        True
        >>> bool(Decision.from_violations([info], blocking=Severity.INFO))
        False
        >>> bool(Decision.from_violations([]))
        True
        """
        if not isinstance(blocking, Severity):
            raise WrongTypeError("blocking", blocking, "a servicepolicy.rules.Severity")
        found = _violations_tuple(violations)
        return cls(
            allowed=all(v.severity < blocking for v in found),
            violations=found,
            subject=subject,
            required_approver=required_approver,
            facts={} if facts is None else facts,
            notes=notes,
        )

    def __reduce__(self) -> tuple[type[Any], tuple[object, ...]]:
        return _reduce(self)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The IDs of the rules violated, each once, in the order first found."""
        return tuple(dict.fromkeys(v.rule_id for v in self.violations))

    @property
    def max_severity(self) -> Severity | None:
        """The most serious severity among the violations, or ``None`` if there are none.

        >>> Decision(allowed=True).max_severity is None
        True
        """
        return max((v.severity for v in self.violations), default=None)

    def violations_for(self, rule_id: str) -> tuple[Violation, ...]:
        """Return the violations of the rule *rule_id* (e.g. ``"SWAP-1"``), in order.

        :raises servicepolicy.errors.InvalidArgumentError: if *rule_id* is not a rule ID.
        """
        check_rule_id(rule_id)
        return tuple(v for v in self.violations if v.rule_id == rule_id)

    def __str__(self) -> str:
        head = "allowed" if self.allowed else "refused"
        if self.subject is not None:
            head += f": {_one_line(self.subject)}"
        if self.required_approver is not None:
            head += f" (requires approval by {_one_line(self.required_approver)})"
        lines = [head]
        lines.extend(f"  {v}" for v in self.violations)
        if self.facts:
            lines.append(f"  facts: {_one_line(_format_facts(self.facts))}")
        lines.extend(f"  note: {_one_line(n)}" for n in self.notes)
        return "\n".join(lines)
