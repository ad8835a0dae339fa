"""Reading one-row-per-ticket exports (snapshots): each ticket's events built from its
timestamp columns, and what a snapshot cannot show said, never guessed.

Help desks export one row per **ticket** with timestamp columns (Zendesk, Freshdesk,
Jira Service Management); the event reader (:mod:`servicepolicy.io.tickets`) wants one
row per event.  :func:`read_ticket_snapshots` builds each ticket's history from its row:

============================  ==============================================================
``ticket``                    the ticket ID (required; unique in the file)
``kind``                      the ticket kind (required: a column, or a mapping default)
``channel``, ``customer``     where it came in and who asked (required, as ``kind``)
``priority``, ``tier``        optional; ``tier`` checked against ``tiers`` when given
``by``                        the agent who owns it (``"unknown"`` when empty)
``opened``                    when it was opened (required): the opening event
``first_response``            when it was first answered: a reply on its channel
``first_response_after``      or the time from the opening to it (seconds, or the mapping's
                              duration unit: Zendesk gives minutes)
``on_hold_start``             a pause: the ticket enters its lifecycle's waiting state
``on_hold_end``               … and returns to the state it came from (SLA-3)
``on_hold``                   the total time on hold, when the export gives only that
``resolved``                  when it was resolved: it enters its resolved state
``closed``                    when it was closed: it enters its terminal state
``status``                    its state now: ``open``, ``waiting``, ``resolved``,
                              ``closed`` or a state of its lifecycle; a state not reached
                              by the columns above is entered at ``updated``
``updated``                   its last update (needed only for ``status``)
============================  ==============================================================

**The snapshot lifecycle** (``lifecycle = "snapshot"`` in a mapping): an export does not
show every state a ticket went through, so each kind's lifecycle is read permissively
(:func:`snapshot_lifecycle`): a state may move to any state reachable from it in the
kind's lifecycle (skipping the ones between), a waiting state returns to any state it
can be entered from, and approvals and required notes are not asked for.  The states
themselves, the waiting states (SLA clocks pause there) and the resolved states are the
kind's own.

**What a snapshot cannot show** is returned in the result's
``ReadResult.not_judged``, and a policy check lists it as
not checked instead of judging it: progress updates (SLA-5, they need the reply
history), follow-ups (TKT-3, CAD-5), approvals and root-cause notes (TKT-3), and for
single tickets the first response when the export has none, and the clocks of a ticket
whose pauses are known only as a total (``on_hold``, SLA-3).

>>> import io
>>> text = '''ticket,kind,channel,customer,opened,first_response,resolved
... T-1,complaint,phone,C-1,2026-11-24T09:00+08:00,2026-11-24T09:20+08:00,2026-11-25T10:00+08:00
... T-2,inquiry,email,C-2,2026-11-24T10:00+08:00,,
... '''
>>> result = read_ticket_snapshots(io.StringIO(text))
>>> [(t.id, t.state) for t in result.records]
[('T-1', 'resolved'), ('T-2', 'received')]
>>> print(result.not_judged[0])
progress_update: a one-row-per-ticket export holds no reply history (SLA-5)

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import attrs

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.io._ticket_events import unknown_tier
from servicepolicy.io.figures import HelpDeskFigure
from servicepolicy.io.tabular import Bad, NotJudged, ReadResult, Row, Source, read
from servicepolicy.tickets.events import EventKind, TicketEvent, assemble
from servicepolicy.tickets.lifecycle import LIFECYCLES, Lifecycle, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket, build

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping

__all__ = ["SNAPSHOT_COLUMNS", "SNAPSHOT_REQUIRED", "read_ticket_snapshots", "snapshot_lifecycle"]

SNAPSHOT_COLUMNS = (
    "ticket",
    "kind",
    "channel",
    "customer",
    "priority",
    "tier",
    "by",
    "status",
    "opened",
    "first_response",
    "first_response_after",
    "on_hold_start",
    "on_hold_end",
    "on_hold",
    "resolved",
    "closed",
    "updated",
    "help_desk_first_response",
    "help_desk_first_response_met",
)
"""Every column of a ticket snapshot (see the module); the ``help_desk_*`` columns hold
the help desk's own figures (:class:`~servicepolicy.io.figures.HelpDeskFigure`), seconds of
business time and yes/no.

.. versionadded:: 0.2.0
"""

SNAPSHOT_REQUIRED = ("ticket", "kind", "channel", "customer", "opened")
"""The columns a snapshot must have (a mapping's ``defaults`` may supply them)."""

_INSTANTS = ("opened", "first_response", "on_hold_start", "on_hold_end", "resolved", "closed")
_PHASES = ("open", "waiting", "resolved", "closed")
_FILE_WIDE = (
    ("progress_update", "a one-row-per-ticket export holds no reply history (SLA-5)"),
    ("follow_up", "a one-row-per-ticket export does not show follow-up visits (TKT-3, CAD-5)"),
    ("TKT-3", "approvals and root-cause notes are not in a one-row-per-ticket export"),
)


def _reachable(life: Lifecycle, state: str) -> set[str]:
    seen: set[str] = set()
    todo = list(life.allowed_from(state))
    while todo:
        found = todo.pop()
        if found not in seen:
            seen.add(found)
            todo += life.allowed_from(found)
    return seen


def snapshot_lifecycle(life: Lifecycle) -> Lifecycle:
    """``life`` read permissively, for exports that skip states (see the module): every
    state may move to any state reachable from it, a waiting state may return to any
    state it can be entered from; no approvals, no required notes.

    .. versionadded:: 0.2.0
    """
    reach = {state: _reachable(life, state) for state in life.states}
    transitions = {
        state: (reach[state] - {state}) if state not in life.terminal else set()
        for state in life.states
    }
    for waiting in life.waiting:
        transitions[waiting] |= {
            state
            for state in life.states
            if waiting in reach[state] and state != waiting and state not in life.terminal
        }
    return Lifecycle(
        kind=life.kind,
        transitions=transitions,
        initial=life.initial,
        terminal=life.terminal,
        waiting=life.waiting,
        rule=life.rule,
        resolved=life.resolved,
    )


def _first(names: Collection[str], preferred: str) -> str | None:
    return preferred if preferred in names else min(names, default=None)


@attrs.define
class _Snapshots:
    """Builds each row's ticket; remembers what the rows cannot show."""

    lifecycles: LifecycleRegistry
    now: datetime | None
    tiers: frozenset[str] | None
    own: dict[str, Lifecycle] = attrs.field(factory=dict)
    unjudged: dict[tuple[str, str], set[str]] = attrs.field(factory=dict)
    figures: list[HelpDeskFigure] = attrs.field(factory=list)
    responses: int = 0

    def lifecycle(self, kind: str) -> Lifecycle:
        found = self.own.get(kind)
        if found is None:
            found = self.own[kind] = snapshot_lifecycle(self.lifecycles.get(kind))
        return found

    def skip(self, what: str, reason: str, ticket: str) -> None:
        self.unjudged.setdefault((what, reason), set()).add(ticket)

    def __call__(self, row: Row) -> Ticket:
        ticket, kind = row.text("ticket"), row.text("kind")
        channel, customer = row.text("channel"), row.text("customer")
        tier = row.optional_text("tier")
        if tier is not None and self.tiers is not None and tier not in self.tiers:
            raise Bad(unknown_tier(tier, self.tiers))
        life = self.lifecycle(kind)
        times = {name: row.optional_instant(name) for name in _INSTANTS}
        opened = times["opened"] = row.instant("opened")
        after = row.cells.get("first_response_after")
        if times["first_response"] is None and after:
            times["first_response"] = opened + timedelta(
                seconds=row.seconds("first_response_after")
            )
        updated = row.optional_instant("updated")
        for name, at in (*times.items(), ("updated", updated)):
            if at is None:
                continue
            if at < opened:
                raise Bad(f"{name}: expected a time at or after opened, got {row.cells[name]!r}")
            if self.now is not None and at > self.now:
                raise Bad(f"{name}: expected a time at or before now ({self.now.isoformat()})")
        by = row.optional_text("by") or "unknown"
        events = self.events(row, life, times, updated, by, channel)
        theirs = row.cells.get("help_desk_first_response")
        met = row.optional_flag("help_desk_first_response_met")
        if theirs or met is not None:
            elapsed = timedelta(seconds=row.seconds("help_desk_first_response")) if theirs else None
            self.figures.append(HelpDeskFigure(ticket, "first_response", elapsed, met))
        if times["first_response"] is not None:
            self.responses += 1
        elif times["resolved"] or times["closed"]:
            why = "the export gives no first reply of a ticket that was resolved"
            self.skip("first_response", why, ticket)
        on_hold = row.seconds("on_hold")
        if on_hold and times["on_hold_start"] is None:
            why = "its pauses are known only as a total (on_hold), not when they were (SLA-3)"
            for metric in ("first_response", "resolution"):
                self.skip(metric, why, ticket)
        return build(
            ticket,
            kind,
            channel,
            customer,
            tuple(events),
            row.optional_text("priority"),
            tier,
            life,
        )

    def events(
        self,
        row: Row,
        life: Lifecycle,
        times: dict[str, datetime | None],
        updated: datetime | None,
        by: str,
        channel: str,
    ) -> list[TicketEvent]:
        opened = times["opened"]
        assert opened is not None
        found = [
            assemble(EventKind.OPENED, opened, by, None, life.initial, by, None, None, channel)
        ]
        waiting = _first(life.waiting, "waiting_on_customer")
        resolved = _first(life.resolved or life.terminal, "resolved")
        terminal = _first(life.terminal, "closed")
        steps: list[tuple[datetime, str, str | None]] = []  # (at, column, state or a reply)
        if times["first_response"] is not None:
            steps.append((times["first_response"], "first_response", None))
        start, end = times["on_hold_start"], times["on_hold_end"]
        if end is not None and start is None:
            raise Bad("on_hold_start: expected the start of the pause that on_hold_end ends")
        if start is not None:
            if waiting is None:
                raise Bad(f"on_hold_start: the {life.kind} lifecycle has no waiting state")
            if end is not None and end < start:
                raise Bad("on_hold_end: expected a time at or after on_hold_start")
            steps.append((start, "on_hold_start", waiting))
            if end is not None:
                steps.append((end, "on_hold_end", ""))  # "": back where the pause began
        if times["resolved"] is not None and resolved is not None:
            steps.append((times["resolved"], "resolved", resolved))
        if times["closed"] is not None and terminal is not None:
            steps.append((times["closed"], "closed", terminal))
        steps.sort(key=lambda step: step[0])
        state, before = life.initial, life.initial
        for at, column, target in steps:
            if target is None:
                found.append(
                    assemble(EventKind.REPLY, at, by, None, None, None, None, None, channel)
                )
                continue
            if target == "":
                target = before
            elif state in life.waiting:
                raise Bad(f"{column}: expected after on_hold_end (the ticket is on hold)")
            if target == state:
                continue
            if target in life.waiting:
                before = state
            found.append(
                assemble(EventKind.TRANSITION, at, by, state, target, None, None, None, None)
            )
            state = target
        status = row.cells.get("status")
        if status:
            target = self.status(life, status, state, waiting, resolved, terminal, row)
            if target is not None and target != state:
                if updated is None:
                    raise Bad(f"updated: expected the time of the last update (status {status!r})")
                if updated < found[-1].at:
                    raise Bad("updated: expected a time at or after every other time of the row")
                found.append(
                    assemble(
                        EventKind.TRANSITION, updated, by, state, target, None, None, None, None
                    )
                )
        return found

    def status(
        self,
        life: Lifecycle,
        status: str,
        state: str,
        waiting: str | None,
        resolved: str | None,
        terminal: str | None,
        row: Row,
    ) -> str | None:
        """The state ``status`` names (``None``: nothing to change)."""
        if status == "open" or (status == "resolved" and state in life.terminal):
            return None
        if status == "waiting":
            if waiting is None:
                why = f"the export says it waits, but the {life.kind} lifecycle cannot pause"
                self.skip("resolution", why, row.cells["ticket"])
                return None
            return None if state in life.waiting else waiting
        if status in ("resolved", "closed"):
            return resolved if status == "resolved" else terminal
        if status not in life.states:
            known = ", ".join((*_PHASES, *sorted(life.states)))
            raise Bad(f"status: expected one of {known}, got {status!r}")
        return status

    def not_judged(self, kept: set[str], rows: int) -> tuple[NotJudged, ...]:
        found = [NotJudged(what, why) for what, why in _FILE_WIDE]
        if rows and not self.responses:
            found.append(NotJudged("first_response", "the export gives no first-reply time"))
        for (what, why), tickets in sorted(self.unjudged.items()):
            subjects = tickets & kept
            if subjects:
                found.append(NotJudged(what, why, subjects))
        return tuple(found)


def read_ticket_snapshots(
    source: Source,
    *,
    mapping: InputMapping | None = None,
    now: datetime | None = None,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    tiers: Collection[str] | None = None,
    format: Literal["csv", "jsonl"] | None = None,
    ignore_columns: Collection[str] = (),
) -> ReadResult[Ticket]:
    """Read a one-row-per-ticket export into tickets (see the module).

    :param source: a path, an open text file or a pandas DataFrame.
    :param mapping: how the export's columns and cells map onto the snapshot columns
        (:class:`~servicepolicy.io.mapping.InputMapping`, e.g. ``preset="zendesk"``).
    :param now: the instant the export was taken: a row with a later time is rejected.
    :param lifecycles: where each kind's lifecycle is looked up (read permissively,
        :func:`snapshot_lifecycle`).
    :param tiers: the tier names of the policy's scheme: a row naming another is rejected.
    :param format: ``"csv"`` or ``"jsonl"``, for an open file (default: from the name).
    :param ignore_columns: columns the file may have that are not read.
    :returns: the tickets, every rejected row, and what the export cannot show
        (``not_judged``).
    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.2.0
    """
    if mapping is not None and mapping.resolved().lifecycle == "strict":
        raise InvalidArgumentError(
            "mapping", "lifecycle = 'strict'", "a snapshot mapping (lifecycle = 'snapshot')"
        )
    snapshots = _Snapshots(lifecycles, now, None if tiers is None else frozenset(tiers))
    optional = tuple(c for c in SNAPSHOT_COLUMNS if c not in SNAPSHOT_REQUIRED)
    result = read(
        source,
        "ticket",
        SNAPSHOT_REQUIRED,
        optional,
        snapshots,
        ignore_columns,
        format=format,
        unique=("ticket", _ticket_id),
        mapping=mapping,
        instants=(*_INSTANTS, "updated"),
        durations=("first_response_after", "on_hold", "help_desk_first_response"),
        flags=("help_desk_first_response_met",),
    )
    kept = {ticket.id for ticket in result.records}
    rows = len(result.records) + len(result.rejected)
    figures = tuple(f for f in snapshots.figures if f.ticket in kept)
    return attrs.evolve(result, not_judged=snapshots.not_judged(kept, rows), figures=figures)


def _ticket_id(ticket: Ticket) -> str:
    return ticket.id
