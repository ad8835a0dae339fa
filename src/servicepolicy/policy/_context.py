"""Where each violation of a check comes from: the record it judged (file and line), the
team, agent, customer and tier it concerns, and its times; and when to judge (``now``).

Private to :mod:`servicepolicy.policy.check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.io.tabular import ReadResult
from servicepolicy.report.context import Context
from servicepolicy.rules import Violation
from servicepolicy.tickets import Ticket
from servicepolicy.workforce import Roster

NOW_KEYWORDS = ("end-of-data", "today")
"""What ``now`` may be besides an instant: the latest instant in the data, the present."""

_AT = ("breached_at", "clock_in", "clock_out", "required_at", "requested_at", "at", "start")
_DUE = ("due", "deadline", "roll_call", "cutoff")


class Sources:
    """The file and line of every record read, by the record's identity."""

    def __init__(self) -> None:
        self._where: dict[int, tuple[str, int]] = {}
        self._keep: list[Any] = []  # the records, so that their ids stay theirs

    def add(self, result: ReadResult[Any]) -> None:
        name = result.source or "DataFrame"
        if len(result.lines) != len(result.records):
            return
        for record, line in zip(result.records, result.lines, strict=True):
            self._where[id(record)] = (name, line)
        self._keep.append(result.records)

    def of(self, record: object) -> tuple[str | None, int | None]:
        return self._where.get(id(record), (None, None))


def _first(facts: Mapping[str, object], names: Iterable[str]) -> datetime | None:
    for name in names:
        value = facts.get(name)
        if isinstance(value, datetime):
            return value
    return None


class Contexts:
    """Builds the :class:`~servicepolicy.report.context.Context` of each violation."""

    def __init__(self, sources: Sources, now: datetime) -> None:
        self.sources = sources
        self.now = now
        self.tickets: dict[str, Ticket] = {}
        self.employees: Mapping[str, Any] = {}
        self.shifts: dict[str, Any] = {}
        self.records: dict[int, object] = {}  # id(violation) -> the request that gave it
        self.clocks: dict[tuple[str, str], object] = {}
        self.logs: dict[str, object] = {}

    def add_tickets(self, tickets: Iterable[Ticket]) -> None:
        self.tickets.update((t.id, t) for t in tickets)

    def add_roster(self, roster: Roster) -> None:
        self.employees = roster.employees
        self.shifts = {shift.id: shift for shift in roster.shifts}

    def add_clocks(self, clocks: Iterable[Any], logs: Iterable[Any]) -> None:
        for record in clocks:
            self.clocks.setdefault((record.employee, record.shift), record)
        for log in logs:
            self.logs.setdefault(log.shift, log)

    def from_record(self, violations: Iterable[Violation], record: object) -> None:
        """The violations came from judging ``record`` (a request)."""
        for violation in violations:
            self.records[id(violation)] = record

    def __call__(self, violation: Violation) -> Context:
        facts = violation.facts
        subject = violation.subject
        record: object | None = self.records.get(id(violation))
        team = agent = customer = tier = None
        at, due = _first(facts, _AT), _first(facts, _DUE)
        ticket = self.tickets.get(subject) if subject is not None else None
        if ticket is not None:
            record, customer, tier = ticket, ticket.customer, ticket.tier
            named = facts.get("agent")
            agent = named if isinstance(named, str) else ticket.as_of(self.now).owner
            event = facts.get("event")  # the event judged, numbered from 1 (TKT-2: the reply)
            if at is None and isinstance(event, int) and 1 <= event <= len(ticket.events):
                at = ticket.events[event - 1].at
        elif subject is not None and subject in self.employees:
            agent = subject
            shift = facts.get("shift")
            if record is None and isinstance(shift, str):
                record = self.clocks.get((subject, shift)) or self.logs.get(shift)
            if isinstance(shift, str) and shift in self.shifts:
                due = due or self.shifts[shift].start
                clocked = getattr(record, "clock_in", None) or getattr(record, "clock_out", None)
                at = at or (clocked if isinstance(clocked, datetime) else None)
                at = at or self.shifts[shift].start
        if agent is None and isinstance(facts.get("agent"), str):
            agent = str(facts["agent"])
        employee = self.employees.get(agent) if agent is not None else None
        if employee is not None:
            team = employee.team
        elif isinstance(facts.get("team"), str):
            team = str(facts["team"])
        if at is None and record is not None:
            requested = getattr(record, "requested_at", None)
            at = requested if isinstance(requested, datetime) else None
        source_file, source_line = self.sources.of(record) if record is not None else (None, None)
        return Context(team, agent, customer, tier, at, due, source_file, source_line)


def latest(*groups: Sequence[Any] | None, roster: Roster | None = None) -> datetime | None:
    """The latest instant in the data ("end of data"): tickets' last events, calls,
    requests, clock records and, for a roster alone, its last shift's end."""
    instants = []
    names = ("updated_at", "ended_at", "answered_at", "offered_at", "requested_at", "clock_out")
    for group in groups:
        for record in group or ():
            for name in names:
                value = getattr(record, name, None)
                if isinstance(value, datetime):
                    instants.append(value)
                    break
    if not instants and roster is not None and roster.shifts:
        instants.append(max(shift.end for shift in roster.shifts))
    return max(instants) if instants else None


def resolve_now(now: datetime | str | None, end_of_data: datetime | None) -> datetime:
    """``now`` as an instant: as given; ``"today"`` the present instant; ``"end-of-data"``
    or none, the latest instant in the data."""
    if isinstance(now, datetime):
        return now
    if now == "today":
        return datetime.now(UTC)
    if now is None or now == "end-of-data":
        if end_of_data is None:
            raise InvalidArgumentError(
                "now",
                now,
                "an instant to judge at: the data hold none (give now, or --now today)",
            )
        return end_of_data
    raise InvalidArgumentError("now", now, "an aware datetime, 'today' or 'end-of-data'")
