"""The example month as files the library's readers read back (see :data:`FILES`).

CSV files have a header line and are UTF-8; instants are ISO 8601 with their offset
(``2026-11-02T08:00:00+08:00``), durations seconds, flags ``true``/``false``, lists
``;``-separated, an empty cell "none".  Tickets are JSON Lines, one event per line in the
order they happened (the ticket's kind, customer, channel, priority and tier on its first
line), as :func:`~servicepolicy.io.tickets.read_ticket_events` reads them.  Customers
are JSON Lines too, one customer per line as :func:`servicepolicy.io.converter.unstructure`
writes it (contact persons and special dates nested); they hold confidential fields
(CONF-2).  ``month.json`` records the seed, the month and ``now``, the instant the data
was exported.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from servicepolicy.confidential import MASK, redacted
from servicepolicy.customers import Customer
from servicepolicy.io.calls import AGENT_TIME_COLUMNS, CALL_COLUMNS, SURVEY_COLUMNS
from servicepolicy.io.converter import StructureError, structure, unstructure
from servicepolicy.io.tabular import ReadResult, RejectedRow, rejected_error
from servicepolicy.io.tickets import COLUMNS as TICKET_COLUMNS
from servicepolicy.tickets import Ticket

__all__ = [
    "COLUMNS",
    "FILES",
    "cell",
    "event_rows",
    "raise_for_rejected",
    "read_customers",
    "write_csv",
    "write_customers",
    "write_tickets",
]

FILES = {
    "employees": "employees.csv",
    "shifts": "shifts.csv",
    "staffing": "staffing.csv",
    "leave": "leave.csv",
    "swaps": "swaps.csv",
    "attendance": "attendance.csv",
    "hand_over_logs": "handover.csv",
    "customers": "customers.jsonl",
    "tickets": "tickets.jsonl",
    "calls": "calls.csv",
    "surveys": "surveys.csv",
    "agent_time": "agent_time.csv",
    "month": "month.json",
}
"""What :meth:`~servicepolicy.sample.SampleMonth.write` writes: name → file name."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "employees": ("id", "team", "team_leader", "job_type", "skill_level", "roles"),
    "shifts": ("id", "employee", "start", "end"),
    "staffing": ("start", "end", "job_type", "minimum", "min_skill"),
    "leave": (
        "id",
        "employee",
        "kind",
        "start",
        "end",
        "requested_at",
        "requested_by",
        "submitted_to",
        "emergency",
        "special_case",
        "approvals",
        "certificates",
        "phoned_team_leader_at",
    ),
    "swaps": (
        "id",
        "requester",
        "counterpart",
        "shift",
        "return_shift",
        "requested_at",
        "hand_over_confirmed",
        "approvals",
    ),
    "attendance": ("employee", "shift", "clock_in", "clock_out", "away"),
    "hand_over_logs": ("shift", "by", "equipment_state", "difficult_cases", "staffing_changes"),
    "calls": CALL_COLUMNS,
    "surveys": SURVEY_COLUMNS,
    "agent_time": AGENT_TIME_COLUMNS,
}
"""The columns of each CSV file, in order."""


def cell(value: object) -> str:
    """A value as a cell: see the module.

    .. versionadded:: 0.1.0
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, frozenset):
        return ";".join(sorted(value))
    if isinstance(value, tuple):
        return ";".join(_item(item) for item in value)
    return str(value)


def _item(item: Any) -> str:
    if hasattr(item, "role"):  # an Approval
        return f"{item.role}:{item.by}"
    if hasattr(item, "first_day"):  # a CertificatePeriod
        return f"{item.first_day}..{item.last_day}"
    start, end = item  # an away period
    return f"{start.isoformat()}..{end.isoformat()}"


def write_csv(path: Path, columns: Sequence[str], records: Iterable[object]) -> Path:
    """Write ``records`` (their attributes named by ``columns``) as a CSV file.

    .. versionadded:: 0.1.0
    """
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([cell(getattr(record, name)) for name in columns])
    return path


def event_rows(ticket: Ticket) -> Iterable[tuple[datetime, str, int, dict[str, str]]]:
    """A ticket's events as rows of a ticket-events export, each with what sorts the
    rows of many tickets as an export interleaves them: ``(at, ticket ID, number, row)``.
    The ticket's own fields are on its opening row only; empty fields are left out.

    .. versionadded:: 0.3.0
    """
    for number, event in enumerate(ticket.events):
        row = {"ticket": ticket.id, "event": event.kind.value, "at": cell(event.at), "by": event.by}
        if number == 0:
            row |= {"kind": ticket.kind, "customer": ticket.customer, "channel": ticket.channel}
            row |= {k: v for k in ("priority", "tier") if (v := getattr(ticket, k)) is not None}
        for name in ("state", "source", "owner", "note", "role", "channel", "due"):
            value = getattr(event, name)
            if value is not None and not (number == 0 and name == "channel"):
                row[name] = cell(value)
        if number > 0:
            row |= {k: v for k in ("priority", "tier") if (v := getattr(event, k)) is not None}
        yield event.at, ticket.id, number, row


def write_tickets(path: Path, tickets: Iterable[Ticket]) -> Path:
    """Write the tickets' events as JSON Lines, in the order they happened.

    .. versionadded:: 0.1.0
    """
    rows = sorted((r for t in tickets for r in event_rows(t)), key=lambda r: r[:3])
    assert all(set(r[3]) <= set(TICKET_COLUMNS) for r in rows)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(json.dumps(r[3], ensure_ascii=False) + "\n" for r in rows)
    return path


def write_customers(path: Path, customers: Iterable[Customer]) -> Path:
    """Write the customers as JSON Lines, one customer per line as
    :func:`~servicepolicy.io.converter.unstructure` gives it.

    .. versionadded:: 0.1.0
    """
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for customer in customers:
            handle.write(json.dumps(unstructure(customer), ensure_ascii=False) + "\n")
    return path


def read_customers(path: str | os.PathLike[str]) -> ReadResult[Customer]:
    """Read customers written by :func:`write_customers`: each line a customer, or a
    rejected row with its line and every problem (``$.contacts[0].name: ...``).

    .. versionadded:: 0.1.0
    """
    name = os.fspath(path)
    records, lines, rejected = [], [], []
    seen: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                reason = "expected a customer as a JSON object, got invalid JSON"
                rejected.append(RejectedRow(line, reason, {"json": MASK}, name))
                continue
            shown = {"json": _shown(data)}  # confidential values masked (CONF-1)
            try:
                customer = structure(data, Customer)
            except (ValueError, StructureError) as problem:
                rejected.append(RejectedRow(line, str(problem), shown, name))
                continue
            if customer.id in seen:
                reason = f"id: {customer.id!r} is already used on line {seen[customer.id]}"
                rejected.append(RejectedRow(line, reason, shown, name))
                continue
            seen[customer.id] = line
            records.append(customer)
            lines.append(line)
    return ReadResult(tuple(records), tuple(rejected), "customer", name, tuple(lines))


def _shown(data: object) -> str:
    """A customer's JSON as a rejected row may show it: confidential values masked."""
    return json.dumps(redacted(data, Customer), ensure_ascii=False, default=str)


def raise_for_rejected(results: Iterable[ReadResult[Any]]) -> None:
    """One :class:`~servicepolicy.errors.DataFileError` for every rejected row of all.

    .. versionadded:: 0.1.0
    """
    found = list(results)
    if any(r.rejected for r in found):
        raise rejected_error(found)
