"""What is owed by when, and the record that it was done (CAD-1 … CAD-5, TIER-4, ESC-2).

An :class:`Obligation` is one thing owed by a deadline: a monthly report, a meeting, a
key-account visit, a follow-up visit after a complaint, the report owed to a superior an
emergency escalation skipped.  A :class:`DoneRecord` says it was done, and when.
:func:`check_obligations` compares the two at an instant ``now`` and returns a
:class:`~servicepolicy.rules.Violation` for each obligation that was missed (an error) or
done late (a warning), citing the obligation's rule.

>>> from datetime import date, datetime
>>> from zoneinfo import ZoneInfo
>>> SH = ZoneInfo("Asia/Shanghai")
>>> report = Obligation.by_end_of(
...     date(2026, 11, 22), SH, key="quality_report@2026-11-22", rule_id="CAD-1",
...     title="monthly service-quality report", owner="team leaders")
>>> print(report)
2026-11-22 CAD-1 monthly service-quality report (team leaders)
>>> late = report.done(datetime(2026, 11, 23, 10, tzinfo=SH), by="L-1")
>>> for v in check_obligations([report], [late], now=datetime(2026, 11, 30, tzinfo=SH)):
...     print(v)  # doctest: +NORMALIZE_WHITESPACE
CAD-1 [warning] team leaders: monthly service-quality report due by the end of 2026-11-22
was done late, at 2026-11-23 10:00 (10 hours late) (facts: key=quality_report@2026-11-22,
due=2026-11-22, done_at=2026-11-23 10:00:00+08:00, late_by=10:00:00, done_by=L-1)
-> suggestion: do it by the end of 2026-11-22 next time: set a reminder ahead of the due date

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

import attrs

from servicepolicy import checks as check
from servicepolicy.rules import Severity, Violation, check_rule_id

__all__ = ["DoneRecord", "Obligation", "check_obligations", "describe_span"]


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.text(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _optional_text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.optional_text(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _instant(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    check.aware(f"{type(instance).__name__.lower()}: {attribute.name}", value)


def _rule(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_rule_id(value)


def _optional_day(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    if value is not None:
        check.day(f"obligation: {attribute.name}", value)


@attrs.frozen
class Obligation:
    """One thing owed by a deadline (CAD-1 … CAD-5, TIER-4, ESC-2).

    :param key: identifies the obligation; a :class:`DoneRecord` names it to say it was
        done.  Recurring obligations use ``"<name>@<date>"``, e.g.
        ``"quality_report@2026-11-22"``.
    :param rule_id: the rule that creates the obligation, e.g. ``"CAD-1"``.
    :param title: what is owed, e.g. ``"monthly service-quality report"``.
    :param due: the deadline, timezone-aware: done at or before it is on time.
    :param owner: who owes it (an employee, a role such as ``"team leaders"``), or ``None``.
    :param subject: what it is about (a ticket, a customer), or ``None``.
    :param day: for an obligation due by the end of a day, that local day; ``due`` is then
        the day's last microsecond.  ``None`` for a deadline at an instant.
    :raises servicepolicy.errors.ServicePolicyError: for an empty text, a naive ``due``, a
        malformed rule ID.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=_text)
    rule_id: str = attrs.field(validator=_rule)
    title: str = attrs.field(validator=_text)
    due: datetime = attrs.field(validator=_instant)
    owner: str | None = attrs.field(default=None, validator=_optional_text)
    subject: str | None = attrs.field(default=None, validator=_optional_text)
    day: date | None = attrs.field(default=None, validator=_optional_day)

    @classmethod
    def by_end_of(
        cls,
        day: date,
        tz: tzinfo | str,
        *,
        key: str,
        rule_id: str,
        title: str,
        owner: str | None = None,
        subject: str | None = None,
    ) -> Obligation:
        """An obligation due by the end of the local ``day`` in the zone ``tz``."""
        day = check.day("day", day)
        due = check.end_of_day(day, check.zone("tz", tz))
        return cls(key, rule_id, title, due, owner=owner, subject=subject, day=day)

    @property
    def when(self) -> str:
        """The deadline as people write it, the day (``"2026-11-22"``) or the instant to the
        minute."""
        if self.day is not None:
            return self.day.isoformat()
        return self.due.isoformat(sep=" ", timespec="minutes")

    def done(self, at: datetime, *, by: str | None = None, note: str | None = None) -> DoneRecord:
        """The record that this obligation was done at ``at``."""
        return DoneRecord(self.key, at, by=by, note=note)

    def __str__(self) -> str:
        text = f"{self.when} {self.rule_id} {self.title}"
        if self.subject is not None:
            text += f" [{self.subject}]"
        if self.owner is not None:
            text += f" ({self.owner})"
        return text


@attrs.frozen
class DoneRecord:
    """The record that the obligation ``key`` was done at ``at``.

    :param key: the ``key`` of the :class:`~servicepolicy.obligations.Obligation` done.
    :param at: when it was done, timezone-aware.
    :param by: who did it, or ``None``.
    :param note: a remark, or ``None``.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=_text)
    at: datetime = attrs.field(validator=_instant)
    by: str | None = attrs.field(default=None, validator=_optional_text)
    note: str | None = attrs.field(default=None, validator=_optional_text)


def describe_span(span: timedelta) -> str:
    """A duration for people, to the minute: ``"2 days 3 hours"``, ``"45 minutes"``.

    >>> describe_span(timedelta(days=2, hours=3, seconds=20))
    '2 days 3 hours'

    .. versionadded:: 0.1.0
    """
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts) or "less than a minute"


def _deadline(obligation: Obligation) -> str:
    if obligation.day is not None:
        return f"the end of {obligation.when}"
    return obligation.when


def _past(obligation: Obligation, instant: datetime) -> timedelta:
    """How long after the deadline ``instant`` is; for a day, counted from the midnight
    that ends it."""
    return instant - obligation.due - (timedelta(microseconds=1) if obligation.day else timedelta())


def _local(instant: datetime, tz: tzinfo | None) -> str:
    return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def check_obligations(
    obligations: Iterable[Obligation], done_records: Iterable[DoneRecord], now: datetime
) -> tuple[Violation, ...]:
    """The violations at ``now``: every obligation due before ``now`` that was missed or late.

    An obligation is on time when a record of its key is dated at or before its ``due``;
    late (a WARNING) when the first record comes after ``due`` but by ``now``; missed (an
    ERROR) when there is no record by ``now``.  An obligation not yet due at ``now`` is
    never a violation.  Records dated after ``now`` have not happened yet at ``now`` and
    are ignored, so a past ``now`` replays what was known then; records of other keys are
    ignored too (they may be early records of obligations not listed), so a misspelt key
    leaves its obligation missed, and the violation's facts show the key expected.

    :returns: the violations in order of ``due``, then ``key``.
    :raises servicepolicy.errors.InvalidArgumentError: if two obligations share a key or
        ``now`` is naive.

    .. versionadded:: 0.1.0
    """
    listed = check.items("obligations", obligations, Obligation, "an Obligation")
    records = check.items("done_records", done_records, DoneRecord, "a DoneRecord")
    now = check.aware("now", now)
    check.unique("obligations: key", (o.key for o in listed))
    first: dict[str, DoneRecord] = {}
    for record in records:
        if record.at <= now and (record.key not in first or record.at < first[record.key].at):
            first[record.key] = record
    found: list[Violation] = []
    for obligation in sorted(listed, key=lambda o: (o.due, o.key)):
        if obligation.due >= now:
            continue
        earliest = first.get(obligation.key)
        if earliest is None or earliest.at > obligation.due:
            found.append(_violation(obligation, earliest, now))
    return tuple(found)


def _violation(obligation: Obligation, record: DoneRecord | None, now: datetime) -> Violation:
    deadline = _deadline(obligation)
    facts: dict[str, object] = {
        "key": obligation.key,
        "due": obligation.day if obligation.day is not None else obligation.due,
    }
    who = obligation.subject if obligation.subject is not None else obligation.owner
    if record is None:
        overdue = _past(obligation, now)
        facts["overdue_by"] = overdue
        if obligation.owner is not None and who != obligation.owner:
            facts["owner"] = obligation.owner
        return Violation(
            obligation.rule_id,
            Severity.ERROR,
            f"{obligation.title} due by {deadline} was not done ({describe_span(overdue)} overdue)",
            subject=who,
            facts=facts,
            suggestion=f"catch up now, then record it as done under the key {obligation.key!r}",
        )
    late = _past(obligation, record.at)
    facts.update(done_at=record.at, late_by=late)
    if record.by is not None:
        facts["done_by"] = record.by
    return Violation(
        obligation.rule_id,
        Severity.WARNING,
        f"{obligation.title} due by {deadline} was done late, at "
        f"{_local(record.at, obligation.due.tzinfo)} ({describe_span(late)} late)",
        subject=who,
        facts=facts,
        suggestion=f"do it by {deadline} next time: set a reminder ahead of the due date",
    )
