"""Ticket events from rows: building each event, gathering a ticket's rows, and the
ticket's replay, with every refused row kept (the reader's machinery, private to io).

.. versionadded:: 0.2.0
   Split from :mod:`servicepolicy.io.tickets`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from servicepolicy.errors import ServicePolicyError
from servicepolicy.io.sources import Bad
from servicepolicy.io.tabular import ReadResult, RejectedRow, parse_instant
from servicepolicy.tickets.events import EventKind, TicketEvent, assemble
from servicepolicy.tickets.lifecycle import Lifecycle, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket, build

COLUMNS = (
    "ticket",
    "kind",
    "channel",
    "customer",
    "priority",
    "event",
    "at",
    "by",
    "state",
    "source",
    "owner",
    "note",
    "role",
    "due",
    "tier",
)
"""Every column a ticket-event row may have."""

REQUIRED = ("ticket", "event", "at", "by")
"""The columns every row must fill."""

_KINDS = {kind.value: kind for kind in EventKind}
_KIND_NAMES = ", ".join(_KINDS)
_OPENED, _PROMISE, _RECLASSIFIED = EventKind.OPENED, EventKind.PROMISE, EventKind.RECLASSIFIED
_PLAIN = frozenset({str, type(None)})  # the JSON values a cell may hold
_TICKET_FIELDS = ("kind", "customer", "priority", "tier")  # later rows: same or empty
_TICKET_FIELDS_SET = frozenset((*_TICKET_FIELDS, "due"))  # fields of the general path
_COMMON = frozenset(
    {EventKind.TRANSITION, EventKind.HAND_OVER, EventKind.APPROVAL, EventKind.NOTE, EventKind.REPLY}
)  # the event kinds of the short path
_RECLASSIFIED_FIELDS = frozenset({"priority", "tier"})  # a reclassification's own
Cells = Mapping[str, Any]
Share = Callable[[str, str], str]


def _refused_event(
    build: Callable[[tuple[TicketEvent, ...]], object], events: Sequence[TicketEvent]
) -> int | None:
    """The index of the first event whose ticket ``build`` refuses, or ``None`` when the
    whole history builds or even the first event alone does not: bisection, as the
    replay refuses a prefix exactly when it refuses one of its events."""

    def refused(n: int) -> bool:
        try:
            build(tuple(events[:n]))
        except ServicePolicyError:
            return True
        return False

    if not events or not refused(len(events)):
        return None
    low, high = 1, len(events)
    while low < high:
        middle = (low + high) // 2
        if refused(middle):
            high = middle
        else:
            low = middle + 1
    return low - 1


def _event(cells: Cells, lifecycles: LifecycleRegistry, share: Share) -> TicketEvent:
    """The event of one row; :class:`Bad` or a model error says what is wrong.  ``share``
    returns one copy of each repeated name, so a million events hold each agent's name
    once (notes are kept as they are)."""
    get = cells.get
    kind = _KINDS.get(get("event") or "")
    if kind is None:
        raise Bad(f"event: expected one of {_KIND_NAMES}, got {get('event') or ''!r}")
    at = parse_instant("at", get("at") or "")
    by = get("by")
    if not by:
        raise Bad(f"by: expected a non-empty value, got {by or ''!r}")
    state, owner, due = get("state") or None, get("owner") or None, get("due") or None
    priority = tier = None
    if kind is _OPENED:
        owner = owner or by
        ticket_kind = get("kind")
        if state is None and isinstance(ticket_kind, str) and ticket_kind in lifecycles:
            state = lifecycles.get(ticket_kind).initial
    elif kind is _RECLASSIFIED:
        priority, tier = get("priority") or None, get("tier") or None
    if due is not None:
        if kind is not _PROMISE:
            raise Bad(f"due: expected only on a promise row, got {due!r}")
        due = parse_instant("due", due)
    source, role, channel = get("source") or None, get("role") or None, get("channel") or None
    return assemble(
        kind,
        at,
        share(by, by),
        source and share(source, source),
        state and share(state, state),
        owner and share(owner, owner),
        get("note") or None,
        role and share(role, role),
        channel and share(channel, channel),
        due,
        priority,
        tier,
    )


def unknown_tier(tier: str, tiers: Collection[str]) -> str:
    """The reason a row naming an unknown tier is rejected (TIER-2: tiers are the
    policy's)."""
    known = ", ".join(sorted(tiers)) or "none"
    return f"tier: expected a tier of the policy's scheme ({known}), got {tier!r}"


def _cells_of(ticket: str, event: TicketEvent) -> dict[str, str]:
    """A row's cells rebuilt from its event, for a row rejected with its ticket."""
    cells = {"ticket": ticket, "event": event.kind.value, "at": event.at.isoformat()}
    for name in ("by", "state", "source", "owner", "note", "role", "channel", "priority", "tier"):
        if (value := getattr(event, name)) is not None:
            cells[name] = value
    if event.due is not None:
        cells["due"] = event.due.isoformat()
    return cells


class _Gathered:
    """One ticket's rows as they are read: its fields (from its first row), events, lines."""

    __slots__ = ("bad", "channel", "customer", "events", "id", "kind", "lines", "priority", "tier")

    def __init__(self, ticket: str, cells: Cells | None) -> None:
        self.id = ticket
        cells = cells or {}
        self.kind: str | None = cells.get("kind") or None
        self.channel: str | None = cells.get("channel") or None
        self.customer: str | None = cells.get("customer") or None
        self.priority: str | None = cells.get("priority") or None
        self.tier: str | None = cells.get("tier") or None
        self.events: list[TicketEvent] = []
        self.lines: list[int] = []
        self.bad: int | None = None  # the line of its first rejected row


class _Gatherer:
    """Groups rows into tickets, then builds them (or rejects all their rows)."""

    def __init__(
        self,
        lifecycles: LifecycleRegistry,
        source: str | None,
        tiers: Collection[str] | None = None,
    ) -> None:
        self.lifecycles = lifecycles
        self.tiers = None if tiers is None else frozenset(tiers)
        self.source = source
        self.tickets: dict[str, _Gathered] = {}
        self.rejected: list[RejectedRow] = []
        strings: dict[str, str] = {}
        self.share: Share = strings.setdefault

    def reject(self, line: int, reason: str, cells: Mapping[str, str]) -> None:
        self.rejected.append(RejectedRow(line, reason, cells, self.source))
        ticket = cells.get("ticket")
        if ticket:
            group = self.tickets.get(ticket)
            if group is None:
                group = self.tickets[ticket] = _Gathered(ticket, None)
            if group.bad is None:
                group.bad = line

    def add(self, line: int, cells: Cells, event: TicketEvent) -> None:
        ticket = cells["ticket"]
        tier = cells.get("tier")
        if tier and self.tiers is not None and tier not in self.tiers:
            return self.reject(line, unknown_tier(tier, self.tiers), _strings(cells))
        group = self.tickets.get(ticket)
        if group is None:
            group = self.tickets[ticket] = _Gathered(ticket, cells)
            missing = [n for n in ("kind", "channel", "customer") if not getattr(group, n)]
            if missing:
                reason = f"{', '.join(missing)}: expected on the first row of ticket {ticket!r}"
                return self.reject(line, reason, _strings(cells))
        elif group.bad is None:
            for name in _TICKET_FIELDS:
                if event.kind is _RECLASSIFIED and name in _RECLASSIFIED_FIELDS:
                    continue
                value = cells.get(name)
                if value and value != getattr(group, name):
                    first = getattr(group, name)
                    reason = (
                        f"{name}: expected {first or 'nothing'!r} as on line {group.lines[0]} "
                        f"(or empty), got {value!r}"
                    )
                    return self.reject(line, reason, _strings(cells))
        group.events.append(event)
        group.lines.append(line)
        return None

    def result(self) -> ReadResult[Ticket]:
        records: list[Ticket] = []
        lines: list[int] = []
        lifecycles: dict[str | None, Lifecycle] = {}
        for group in self.tickets.values():
            if group.bad is not None:
                self._reject_all(group, group.bad, None)
                continue
            try:
                lifecycle = lifecycles.get(group.kind)
                if lifecycle is None:
                    lifecycle = lifecycles[group.kind] = self.lifecycles.get(group.kind or "")
                ticket = _ticket(group, group.events, lifecycle)
            except ServicePolicyError as error:
                self._refused(group, error)
                continue
            records.append(ticket)
            lines.append(group.lines[0])
        self.rejected.sort(key=lambda row: row.line)
        return ReadResult(tuple(records), tuple(self.rejected), "ticket", self.source, tuple(lines))

    def _refused(self, group: _Gathered, error: ServicePolicyError) -> None:
        index = None
        if group.kind in self.lifecycles:
            life = self.lifecycles.get(group.kind or "")
            index = _refused_event(lambda events: _ticket(group, events, life), group.events)
        reason = str(error)
        if not reason.startswith("ticket "):
            reason = f"ticket {group.id!r}: {reason}"
        self._reject_all(group, group.lines[index or 0], reason)

    def _reject_all(self, group: _Gathered, culprit: int, reason: str | None) -> None:
        others = f"ticket {group.id!r} not read because of line {culprit}"
        for line, event in zip(group.lines, group.events, strict=True):
            text = reason if line == culprit and reason is not None else others
            self.rejected.append(RejectedRow(line, text, _cells_of(group.id, event), self.source))


def _ticket(group: _Gathered, events: Sequence[TicketEvent], lifecycle: Any) -> Ticket:
    assert group.kind and group.channel and group.customer
    return build(
        group.id,
        group.kind,
        group.channel,
        group.customer,
        tuple(events),
        group.priority,
        group.tier,
        lifecycle,
    )


def _strings(cells: Cells) -> dict[str, str]:
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in cells.items()}
