"""The hooks of the call-back plugin: a ticket kind, its deadline, and rule CB-1."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from servicepolicy.hookspecs import hookimpl
from servicepolicy.rulebook import Rule, load_rules
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import SlaTarget
from servicepolicy.tickets import EventKind, Lifecycle, Ticket

CALLBACK = Lifecycle(
    kind="callback",
    initial="requested",
    transitions={"requested": {"called"}, "called": {"closed"}, "closed": set()},
    terminal={"closed"},
    resolved={"called"},
    rule="CB-1",
)


RULES = load_rules(
    """
[areas]
CB = "Call-back requests (example plugin)"

[rules.CB-1]
text = "A customer who asks to be called back is called back by phone within two working hours."
parameters = []
implemented_by = "servicepolicy_callback.plugin.servicepolicy_check_ticket"
example = "A call back made by email: CB-1 error, 'called back by email, not by phone'."
"""
)


@hookimpl
def servicepolicy_rules() -> Iterable[Rule]:
    """CB-1, so that ``servicepolicy explain CB-1`` and the reports know it."""
    return RULES


@hookimpl
def servicepolicy_lifecycles() -> Iterable[Lifecycle]:
    """The ``callback`` ticket kind."""
    return [CALLBACK]


@hookimpl
def servicepolicy_sla_targets() -> Iterable[SlaTarget]:
    """Call back within two working hours of the office calendar."""
    return [SlaTarget("callback", "resolution", timedelta(hours=2), kinds="callback", rule="CB-1")]


@hookimpl
def servicepolicy_check_ticket(ticket: Ticket, now: datetime) -> Iterable[Violation]:
    """CB-1: the call back is made by phone, whatever channel the request came in on."""
    if ticket.kind != "callback":
        return
    calls = [e for e in ticket.events if e.kind is EventKind.TRANSITION and e.state == "called"]
    for call in calls:
        if call.at <= now and call.channel != "phone":
            yield Violation(
                "CB-1",
                Severity.ERROR,
                f"called back by {call.channel or 'an unknown channel'}, not by phone",
                subject=ticket.id,
                facts={"channel": call.channel, "at": call.at.isoformat()},
                suggestion="call the customer back by phone",
            )
