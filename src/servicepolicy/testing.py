"""Helpers for testing plugins and policies: build models, register a plugin for one
test, and assert that a rule was (not) broken.

>>> from servicepolicy.rules import Decision, Severity, Violation
>>> decision = Decision.from_violations(
...     [Violation("LOG-4", Severity.ERROR, "no photo of the damage", subject="D-1")], subject="D-1"
... )
>>> assert_violation(decision, "LOG-4").message
'no photo of the damage'
>>> assert_no_violation(decision, "LOG-3")
>>> t = make_ticket("complaint", "investigating")
>>> t.state, t.owner
('investigating', 'agent-1')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from servicepolicy import plugins
from servicepolicy._testing_confidential import assert_confidential_fields_hidden
from servicepolicy.calendar import BusinessCalendar
from servicepolicy.customers import Customer
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.tickets import Lifecycle, Ticket
from servicepolicy.workforce import Employee, Roster, Shift

__all__ = [
    "T0",
    "assert_confidential_fields_hidden",
    "assert_no_violation",
    "assert_violation",
    "make_customer",
    "make_roster",
    "make_ticket",
    "registered",
    "violations_of",
]

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
"""The default instant of the builders, Monday 23 November 2026 at nine in Shanghai."""


@contextlib.contextmanager
def registered(plugin: object, name: str | None = None) -> Iterator[str]:
    """Register ``plugin`` for the duration of a ``with`` block (a test), as if it were
    installed; yields the name it is registered under.

    ``with registered(my_plugin):`` makes its ticket kinds, calendars, checks … visible
    to the library, and removes them again afterwards.  A plugin that is installed (and
    so already registered) is left as it is: the same test runs installed or not.
    """
    pm = plugins.manager()
    if pm.is_registered(plugin):
        yield pm.get_name(plugin) or ""
        return
    registered_as = plugins.register(plugin, name=name)
    try:
        yield registered_as
    finally:
        plugins.unregister(registered_as)


def violations_of(result: Any) -> tuple[Violation, ...]:
    """The violations of a :class:`~servicepolicy.rules.Decision`, a violation, an
    iterable of violations, or anything with a ``violations`` attribute."""
    if isinstance(result, Violation):
        return (result,)
    if isinstance(result, Decision) or hasattr(result, "violations"):
        return tuple(result.violations)
    return tuple(result)


def assert_violation(
    result: Any,
    rule_id: str,
    *,
    severity: Severity | str | None = None,
    subject: str | None = None,
) -> Violation:
    """The first violation of ``rule_id`` in ``result`` (matching ``severity`` and
    ``subject`` if given); an ``AssertionError`` listing what was found otherwise."""
    found = violations_of(result)
    wanted = None if severity is None else Severity.from_label(str(severity))
    for violation in found:
        if violation.rule_id != rule_id:
            continue
        if wanted is not None and violation.severity is not wanted:
            continue
        if subject is not None and violation.subject != subject:
            continue
        return violation
    listed = "\n  ".join(map(str, found)) or "no violations"
    raise AssertionError(f"expected a {rule_id} violation, found:\n  {listed}")


def assert_no_violation(result: Any, rule_id: str) -> None:
    """Fail if ``result`` has a violation of ``rule_id``."""
    broken = [v for v in violations_of(result) if v.rule_id == rule_id]
    if broken:
        raise AssertionError(
            f"expected no {rule_id} violation, found:\n  " + "\n  ".join(map(str, broken))
        )


def make_ticket(
    kind: str,
    *states: str,
    id: str = "T-1",
    customer: str = "C-1",
    channel: str = "phone",
    at: datetime = T0,
    by: str = "agent-1",
    step: timedelta = timedelta(minutes=10),
    priority: str | None = None,
    tier: str | None = None,
    lifecycle: Lifecycle | None = None,
) -> Ticket:
    """A ticket of ``kind`` opened at ``at`` by ``by``, moved through ``states`` one
    ``step`` apart.  Approvals a change needs are recorded first (by ``head``), and a
    note is given where a state needs one, so any path the lifecycle allows builds."""
    ticket = Ticket.open(
        id=id,
        kind=kind,
        customer=customer,
        channel=channel,
        at=at,
        by=by,
        priority=priority,
        tier=tier,
        lifecycle=lifecycle,
    )
    when = at
    for state in states:
        when += step
        life = ticket.lifecycle
        role = life.approval_for(ticket.state, state)
        if role is not None:
            ticket = ticket.approve(role=role, at=when, by="head")
        note = f"{state}: noted" if state in life.notes_required else None
        ticket = ticket.transition(state, at=when, by=ticket.owner, note=note)
    return ticket


def make_customer(id: str = "C-1", name: str = "Acme Ltd", **fields: Any) -> Customer:
    """A :class:`~servicepolicy.customers.Customer` with the given fields."""
    return Customer(id, name, **fields)


def make_roster(
    shifts: Iterable[tuple[str, datetime, datetime]] = (),
    *,
    employees: Iterable[str] = ("agent-1", "agent-2"),
    team: str = "team-a",
    leader: str = "lead-a",
    calendar: BusinessCalendar | None = None,
) -> Roster:
    """A roster of ``employees`` (one team, one team leader) with ``shifts`` given as
    ``(employee, start, end)``, on ``calendar`` (by default Mon–Fri 09:00–18:00 in
    Shanghai with China's holidays)."""
    people = [Employee(e, team, leader, "agent") for e in employees]
    rostered = [Shift(f"S-{n}", who, start, end) for n, (who, start, end) in enumerate(shifts, 1)]
    return Roster(people, rostered, calendar or plugins.calendar("cn-office"))
