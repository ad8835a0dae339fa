"""The escalation ladder: level by level, skipping only in an emergency (ESC-2, ESC-3, ESC-6).

The manuals escalate agent → team leader → department head → centre head → leadership
(``DEFAULT_LEVELS``).  For key accounts ESC-6 names "centre head / account manager"
for the fourth rung: :meth:`EscalationLadder.key_accounts` puts the account manager
there (``KEY_ACCOUNT_LEVELS``).  A policy wanting both builds its own ladder.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 24, 10, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> ladder = EscalationLadder.default()
>>> refused = ladder.escalate("T-1", to="department_head", at=at, by="agent-7",
...                           proposed_handling="refund the deposit")
>>> bool(refused), refused.decision.rule_ids
(False, ('ESC-2',))
>>> skipped = ladder.escalate("T-1", to="department_head", at=at, by="agent-7",
...                           emergency=True, proposed_handling="refund the deposit")
>>> print(skipped.obligations[0])  # doctest: +NORMALIZE_WHITESPACE
2026-11-25 10:15+08:00 ESC-2 report the emergency escalation to the skipped team leader
[T-1] (agent-7)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import attrs

from servicepolicy import checks as check
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.escalation.records import (
    Escalation,
    EscalationRequired,
    EscalationResult,
    Identified,
    subject_id,
)
from servicepolicy.obligations import Obligation, describe_span
from servicepolicy.rules import Decision, Severity, Violation

__all__ = ["DEFAULT_LEVELS", "KEY_ACCOUNT_LEVELS", "EscalationLadder"]

DEFAULT_LEVELS = ("agent", "team_leader", "department_head", "centre_head", "leadership")
"""The manuals' ladder, lowest first (ESC-6)."""

KEY_ACCOUNT_LEVELS = ("agent", "team_leader", "department_head", "account_manager", "leadership")
"""The key-account ladder: the account manager on the centre head's rung (ESC-6)."""


def _level_names(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence | Iterable):
        raise WrongTypeError("levels", value, "a sequence of level names, lowest first")
    names = tuple(value)
    for index, name in enumerate(names):
        check.text(f"levels[{index}]", name)
    if len(names) < 2:
        raise InvalidArgumentError("levels", names, "at least two levels, lowest first")
    check.unique("levels", names)
    return names


def _calendar(
    instance: object, attribute: attrs.Attribute[BusinessCalendar | None], value: object
) -> None:
    if value is not None and not isinstance(value, BusinessCalendar):
        raise WrongTypeError("calendar", value, "a BusinessCalendar or None")


def _within(instance: object, attribute: attrs.Attribute[timedelta], value: object) -> None:
    check.duration("report_within", value)


def _title(level: str) -> str:
    return level.replace("_", " ")


@attrs.frozen
class EscalationLadder:
    """The levels a matter climbs, lowest first, and the rules of climbing (ESC-2, ESC-3).

    :param levels: level names, lowest first, e.g.
        ``DEFAULT_LEVELS``.
    :param name: a label for explanations.
    :param report_within: after an emergency skip, the time the escalating person has to
        report to each skipped level (ESC-2).  The manual says "afterwards"; the default is
        24 hours.
    :param calendar: if given, ``report_within`` counts working time on it (24 hours of
        working time is three 8-hour days: pass ``timedelta(hours=8)`` for one working
        day); calendar time if ``None``.
    :raises servicepolicy.errors.ServicePolicyError: for fewer than two levels, a level
        named twice or empty, a negative ``report_within``.

    .. versionadded:: 0.1.0
    """

    levels: tuple[str, ...] = attrs.field(converter=_level_names)
    name: str = "default"
    report_within: timedelta = attrs.field(default=timedelta(hours=24), validator=_within)
    calendar: BusinessCalendar | None = attrs.field(default=None, validator=_calendar)

    @classmethod
    def default(
        cls,
        *,
        report_within: timedelta = timedelta(hours=24),
        calendar: BusinessCalendar | None = None,
    ) -> EscalationLadder:
        """The manuals' ladder: agent → team leader → department head → centre head →
        leadership (ESC-6)."""
        return cls(DEFAULT_LEVELS, "default", report_within, calendar)

    @classmethod
    def key_accounts(
        cls,
        *,
        report_within: timedelta = timedelta(hours=24),
        calendar: BusinessCalendar | None = None,
    ) -> EscalationLadder:
        """The key-account ladder: agent → team leader → department head → account manager
        → leadership.

        ESC-6 writes the fourth rung "centre head / account manager"; this library reads
        the slash as "one rung, filled by the account manager for key accounts", so a
        key-account matter that climbs past the department head goes to the customer's
        account manager rather than the centre head.
        """
        return cls(KEY_ACCOUNT_LEVELS, "key_accounts", report_within, calendar)

    # -- the levels --------------------------------------------------------------------------

    @property
    def lowest(self) -> str:
        """The bottom level (``"agent"``)."""
        return self.levels[0]

    def rank(self, level: str) -> int:
        """The position of ``level``, 0 for the lowest.

        :raises servicepolicy.errors.InvalidArgumentError: for a level not on the ladder;
            the message lists the ladder's levels.
        """
        try:
            return self.levels.index(level)
        except ValueError:
            raise InvalidArgumentError(
                "level", level, f"a level of the {self.name} ladder: {', '.join(self.levels)}"
            ) from None

    def above(self, level: str) -> str | None:
        """The level right above ``level``, ``None`` at the top."""
        position = self.rank(level) + 1
        return self.levels[position] if position < len(self.levels) else None

    def rung(self, number: int) -> str:
        """The level ``number`` rungs above the lowest, capped at the top (ESC-6 rules say
        "climbs": the third rung is the centre head, or the account manager)."""
        return self.levels[min(max(number, 0), len(self.levels) - 1)]

    def between(self, low: str, high: str) -> tuple[str, ...]:
        """The levels strictly between ``low`` and ``high``: those an escalation skips."""
        return self.levels[self.rank(low) + 1 : self.rank(high)]

    # -- escalating --------------------------------------------------------------------------

    def escalate(
        self,
        subject: Identified | str,
        *,
        to: str,
        at: datetime,
        by: str,
        current: str | None = None,
        emergency: bool = False,
        reason: str | None = None,
        proposed_handling: str | None = None,
        rule_id: str | None = None,
        report_within: timedelta | None = None,
    ) -> EscalationResult:
        """Take ``subject`` from ``current`` up to ``to`` (ESC-2, ESC-3).

        Level by level: a skip without ``emergency=True`` is refused with an ESC-2 error.
        In an emergency it is allowed, noted with an ESC-2 info, and the result carries one
        :class:`~servicepolicy.obligations.Obligation` per skipped level: ``by`` must
        report to it within ``report_within`` (the ladder's, unless given).  A report
        without ``proposed_handling`` is allowed with an ESC-3 warning.

        :param subject: a ticket, case, incident (anything with an ``id``) or an ID.
        :param to: the level to take it to.
        :param at: when (timezone-aware).
        :param by: who escalates.
        :param current: the level it is at now; the lowest if ``None``.
        :param reason: why, in words.
        :param rule_id: the rule that triggered the escalation, if any (``"ESC-6"``).
        :returns: an :class:`~servicepolicy.escalation.EscalationResult`.
        :raises servicepolicy.errors.ServicePolicyError: for bad input: an unknown level, a
            ``to`` not above ``current``, a naive ``at``, an empty ``by``.
        """
        where = subject_id(subject)
        at, by = check.aware("at", at), check.text("by", by)
        emergency = check.flag("emergency", emergency)
        source = self.lowest if current is None else current
        low, high = self.rank(source), self.rank(to)
        if high <= low:
            raise InvalidArgumentError(
                "to", to, f"a level above {source!r}: {', '.join(self.levels[low + 1 :])}"
            )
        within = self.report_within if report_within is None else report_within
        within = check.duration("report_within", within)
        skipped = self.levels[low + 1 : high]
        record = Escalation(
            where, source, to, at, by, emergency, skipped, reason, rule_id, proposed_handling
        )
        violations = list(self._esc_3(record))
        owed: tuple[Obligation, ...] = ()
        if skipped and not emergency:
            violations.insert(0, self._skip_refused(record))
        elif skipped:
            due = self.calendar.add(at, within) if self.calendar is not None else at + within
            owed = tuple(self._report_owed(record, level, due) for level in skipped)
            violations.insert(0, self._skip_noted(record, due, within))
        decision = Decision.from_violations(
            violations,
            subject=where,
            facts={
                "from": source,
                "to": to,
                "skipped": skipped,
                "emergency": emergency,
                "ladder": self.name,
            },
        )
        return EscalationResult(decision, record if decision.allowed else None, owed)

    def follow(
        self,
        required: EscalationRequired,
        *,
        by: str,
        at: datetime | None = None,
        current: str | None = None,
        proposed_handling: str | None = None,
    ) -> EscalationResult:
        """Escalate as a trigger rule requires (ESC-1, ESC-4, ESC-6): to ``required.to``,
        as an emergency if it says so, citing its rule and reason; at ``required.at``
        unless ``at`` is given."""
        if not isinstance(required, EscalationRequired):
            raise WrongTypeError("required", required, "an EscalationRequired")
        return self.escalate(
            required.subject,
            to=required.to,
            at=required.at if at is None else at,
            by=by,
            current=current,
            emergency=required.emergency,
            reason=required.reason,
            proposed_handling=proposed_handling,
            rule_id=required.rule_id,
        )

    def check(
        self,
        escalations: Iterable[Escalation],
        now: datetime,
        *,
        instruction_within: timedelta | None = None,
    ) -> tuple[Violation, ...]:
        """Review escalation records at ``now`` (ESC-2, ESC-3): skips without an emergency
        (errors), reports without a proposed handling (warnings) and, if
        ``instruction_within`` is given, reports still without the superior's instruction
        that long after they were made (warnings).  Records after ``now`` are ignored.
        """
        records = check.items("escalations", escalations, Escalation, "an Escalation")
        now = check.aware("now", now)
        wait = (
            None
            if instruction_within is None
            else check.duration("instruction_within", instruction_within)
        )
        found: list[Violation] = []
        for record in sorted(records, key=lambda r: (r.at, r.subject)):
            if record.at > now:
                continue
            if self.rank(record.to) <= self.rank(record.source):
                raise InvalidArgumentError(
                    f"escalation of {record.subject}: to",
                    record.to,
                    f"a level above {record.source}",
                )
            skipped = self.between(record.source, record.to)
            if skipped and not record.emergency:
                found.append(self._skip_refused(attrs.evolve(record, skipped=skipped)))
            found.extend(self._esc_3(record))
            given = record.instruction
            if wait is not None and (given is None or given.at > now) and now - record.at > wait:
                found.append(self._no_instruction(record, now, wait))
        return tuple(found)

    # -- violations --------------------------------------------------------------------------

    def _skip_refused(self, record: Escalation) -> Violation:
        first = self.levels[self.rank(record.source) + 1]
        names = ", ".join(_title(level) for level in record.skipped)
        return Violation(
            "ESC-2",
            Severity.ERROR,
            f"{record.subject} taken from {_title(record.source)} straight to "
            f"{_title(record.to)}, skipping {names}: escalation goes level by level",
            subject=record.subject,
            facts={"from": record.source, "to": record.to, "skipped": record.skipped},
            suggestion=f"escalate to {_title(first)} first; or, in an emergency, pass "
            f"emergency=True and report to {names} afterwards",
        )

    def _skip_noted(self, record: Escalation, due: datetime, within: timedelta) -> Violation:
        names = ", ".join(_title(level) for level in record.skipped)
        basis = (
            f" of working time on {self.calendar.name or 'the calendar'}" if self.calendar else ""
        )
        return Violation(
            "ESC-2",
            Severity.INFO,
            f"emergency: {record.subject} taken from {_title(record.source)} straight to "
            f"{_title(record.to)}; {record.by} must report to the skipped {names} by "
            f"{due.isoformat(sep=' ', timespec='minutes')} ({describe_span(within)}{basis})",
            subject=record.subject,
            facts={"skipped": record.skipped, "report_due": due, "by": record.by},
        )

    def _report_owed(self, record: Escalation, level: str, due: datetime) -> Obligation:
        return Obligation(
            f"skip_report:{record.subject}:{level}@{record.at.isoformat()}",
            "ESC-2",
            f"report the emergency escalation to the skipped {_title(level)}",
            due,
            owner=record.by,
            subject=record.subject,
        )

    @staticmethod
    def _esc_3(record: Escalation) -> list[Violation]:
        if record.proposed_handling is not None:
            return []
        return [
            Violation(
                "ESC-3",
                Severity.WARNING,
                f"the report on {record.subject} to {_title(record.to)} carries no proposed "
                "handling",
                subject=record.subject,
                facts={"to": record.to, "by": record.by},
                suggestion="employee: say what you propose to do when reporting upward (ESC-3)",
            )
        ]

    @staticmethod
    def _no_instruction(record: Escalation, now: datetime, wait: timedelta) -> Violation:
        waited = now - record.at
        return Violation(
            "ESC-3",
            Severity.WARNING,
            f"no instruction recorded on the report on {record.subject} to "
            f"{_title(record.to)} after {describe_span(waited)}",
            subject=record.subject,
            facts={"to": record.to, "reported_at": record.at, "waited": waited, "limit": wait},
            suggestion=f"{_title(record.to)}: give an instruction on the proposed handling, "
            "and record it",
        )
