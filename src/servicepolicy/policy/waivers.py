"""Which findings a check keeps: rule selection (``--select``/``--ignore``, ``[check]``)
and waivers (``[[waivers]]``), as linters and policy checkers do it.

**Selection.**  A rule is selected by its ID or a prefix of it: ``SWAP`` selects every
``SWAP-n``, ``LEAVE-7`` exactly that rule (``LEAVE-1`` does not select ``LEAVE-10``).  An
empty ``select`` selects everything; ``ignore`` then removes what it names.

>>> section = CheckSection(select=("SWAP", "LEAVE-7"), ignore=("SWAP-5",))
>>> [r for r in ("SWAP-1", "SWAP-5", "LEAVE-7", "LEAVE-10", "SLA-1") if section.selects(r)]
['SWAP-1', 'LEAVE-7']

**Waivers.**  A waiver names a rule (or prefix), a ``subject`` (exact) or a ``pattern``
(a shell-style pattern of subjects, ``"T-2026-*"``), the ``reason`` and the date it
``expires`` (the last day it applies, in the report's display zone).  A violation it
matches is *waived*: listed in the report with the waiver's reason, not counted and not
making the report fail.  An expired waiver waives nothing and is itself a warning
(rule ``WAIVER-1``), so that it is renewed or removed.

>>> from datetime import date, datetime, timezone
>>> from servicepolicy.rules import Severity, Violation
>>> waiver = Waiver("SLA-1", "pilot desk", pattern="T-9*", expires=date(2026, 12, 31))
>>> v = Violation("SLA-1", Severity.ERROR, "late", "T-901")
>>> waiver.matches(v), waiver.expired(date(2027, 1, 1))
(True, True)

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.report.context import Waived
from servicepolicy.rules import Severity, Violation

__all__ = ["WAIVER_RULE", "CheckSection", "Waived", "Waiver", "apply_waivers", "rule_matches"]

WAIVER_RULE = "WAIVER-1"
"""The rule ID of the warning an expired waiver gives."""


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, Iterable):
        raise InvalidArgumentError("rules", value, "rule IDs or prefixes, 'SWAP' or 'LEAVE-7'")
    codes = tuple(str(code).strip().upper() for code in value)
    for code in codes:
        if not code or not all(c.isalnum() or c == "-" for c in code):
            raise InvalidArgumentError("rules", code, "a rule ID or prefix, 'SWAP' or 'LEAVE-7'")
    return codes


def rule_matches(rule_id: str, code: str) -> bool:
    """Whether ``code`` (a rule ID or prefix) names ``rule_id``: ``"SWAP"`` names
    ``"SWAP-1"``, ``"LEAVE-7"`` names only ``"LEAVE-7"``.

    >>> rule_matches("LEAVE-10", "LEAVE-1"), rule_matches("LEAVE-10", "leave")
    (False, True)
    """
    rule_id, code = rule_id.upper(), code.strip().upper().rstrip("-")
    return rule_id == code or rule_id.startswith(code + "-")


@attrs.frozen
class CheckSection:
    """Which rules a check reports (``[check]``: ``select`` and ``ignore``).

    ``--select`` and ``--ignore`` of the command replace the policy's.

    :param select: rule IDs or prefixes to report; empty for every rule.
    :param ignore: rule IDs or prefixes not to report (applied after ``select``).

    .. versionadded:: 0.3.0
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)

    def selects(self, rule_id: str) -> bool:
        """Whether findings of ``rule_id`` are reported."""
        chosen = not self.select or any(rule_matches(rule_id, c) for c in self.select)
        return chosen and not any(rule_matches(rule_id, c) for c in self.ignore)

    def describe(self) -> str | None:
        """``"select SWAP, LEAVE-7; ignore SWAP-5"``, or ``None`` when every rule is
        reported."""
        parts = [f"select {', '.join(self.select)}"] if self.select else []
        parts += [f"ignore {', '.join(self.ignore)}"] if self.ignore else []
        return "; ".join(parts) or None


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"waiver {attribute.name}", value, "a non-empty text")


@attrs.frozen
class Waiver:
    """A known, accepted exception (``[[waivers]]`` in a policy file): see the module.

    :param rule: the rule ID or prefix waived.
    :param reason: why (shown beside each waived violation).
    :param subject: the subject waived, exactly (``"A-07"``, ``"T-00019"``).
    :param pattern: or a shell-style pattern of subjects (``"T-2026-*"``); with neither,
        every subject of the rule.
    :param expires: the last day the waiver applies; none for no end.

    .. versionadded:: 0.3.0
    """

    rule: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)
    subject: str | None = None
    pattern: str | None = None
    expires: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.subject is not None and self.pattern is not None:
            raise InvalidArgumentError(
                "waiver subject", self.subject, "either a subject or a pattern, not both"
            )

    def matches(self, violation: Violation) -> bool:
        """Whether the waiver covers ``violation`` (expiry aside)."""
        if not rule_matches(violation.rule_id, self.rule):
            return False
        if self.subject is not None:
            return violation.subject == self.subject
        if self.pattern is not None:
            return violation.subject is not None and fnmatch.fnmatchcase(
                violation.subject, self.pattern
            )
        return True

    def expired(self, today: date) -> bool:
        """Whether ``today`` is past :attr:`expires`."""
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        """``"SLA-1 T-9*: pilot desk (until 2026-12-31)"``."""
        who = self.subject or self.pattern or "every subject"
        until = f" (until {self.expires.isoformat()})" if self.expires else ""
        return f"{self.rule} {who}: {self.reason}{until}"


def apply_waivers(
    violations: Sequence[Violation], waivers: Sequence[Waiver], today: date
) -> tuple[list[int], list[Waived], list[Violation]]:
    """Split ``violations`` by ``waivers`` as of ``today``: the positions of those kept,
    the waived ones, and a ``WAIVER-1`` warning per expired waiver.

    .. versionadded:: 0.3.0
    """
    live = [w for w in waivers if not w.expired(today)]
    kept: list[int] = []
    waived: list[Waived] = []
    for at, violation in enumerate(violations):
        cover = next((w for w in live if w.matches(violation)), None)
        if cover is None:
            kept.append(at)
        else:
            waived.append(Waived(violation, cover.reason, cover.expires))
    warnings = [
        Violation(
            WAIVER_RULE,
            Severity.WARNING,
            f"the waiver of {w.describe()} expired on {w.expires}; its violations count again",
            subject=w.subject or w.pattern or w.rule,
            facts={"rule": w.rule, "reason": w.reason, "expires": w.expires},
            suggestion="team leader: renew the waiver with a new end date, or remove it "
            "from the policy once the cause is fixed",
        )
        for w in waivers
        if w.expired(today)
    ]
    return kept, waived, warnings
