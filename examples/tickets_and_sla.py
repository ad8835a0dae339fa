"""A complaint across China's National Day holidays, with a customer pause (TKT-3, TKT-5,
TKT-6, SLA-1 … SLA-6).

A strategic customer complains by phone on Tuesday 29 September 2026.  The agent who took
the call owns the ticket (TKT-5) until an explicit hand-over; the agent answers within the
hour, then waits on the customer, who comes back only after the holidays.  The SLA clocks
run on the hotline's working hours (SLA-2), skip the public holidays (CAL-2) and stop
while the ticket waits on the customer (SLA-3); the most specific target wins (SLA-1).
A callback promised for Thursday 17:00 is kept an hour late (SLA-4), and the timeline
lists when each clock crossed its warning thresholds and breached (SLA-6).

Run: ``.venv/bin/python examples/tickets_and_sla.py``
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy import BusinessCalendar
from servicepolicy.sla import SlaPolicy, SlaTarget
from servicepolicy.tickets import Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)


def sla_policy() -> SlaPolicy:
    """Response within 2 working hours; complaints resolved within 24 working hours, or 8
    for strategic and important customers; an update every 8 working hours."""
    hotline = BusinessCalendar("mon-fri 09:00-18:00", SHANGHAI, country="CN", name="hotline")
    return SlaPolicy(
        [
            SlaTarget("respond", "first_response", 2 * H, calendar="hotline"),
            SlaTarget("resolve", "resolution", 24 * H, kinds="complaint", calendar="hotline"),
            SlaTarget(
                "resolve-key",
                "resolution",
                8 * H,
                kinds="complaint",
                tiers=["strategic", "important"],
                calendar="hotline",
            ),
            SlaTarget("update", "progress_update", 8 * H, kinds="complaint", calendar="hotline"),
        ],
        calendars={"hotline": hotline},
    )


def main() -> None:
    policy = sla_policy()
    opened = datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI)
    back = datetime(2026, 10, 8, 11, 0, tzinfo=SHANGHAI)
    thursday = datetime(2026, 10, 8, 17, 0, tzinfo=SHANGHAI)

    ticket = Ticket.open(
        id="T-1",
        kind="complaint",
        customer="C-1",
        channel="phone",
        at=opened,
        by="agent-7",
        tier="strategic",
    )
    ticket = ticket.transition("investigating", at=opened + H, by="agent-7", channel="phone")
    ticket = ticket.transition("waiting_on_customer", at=opened + 2 * H, by="agent-7")
    ticket = ticket.transition("investigating", at=back, by="agent-7")
    ticket = ticket.hand_over(
        to="dept-tech", at=back + H / 2, by="agent-7", reason="fault analysis of the unit"
    )
    ticket = ticket.promise(due=thursday, at=back + H / 2, by="dept-tech")
    ticket = ticket.reply(at=thursday + H, by="dept-tech", note="called back, an hour late")

    print(f"{ticket.id} ({ticket.kind}, tier {ticket.current_tier}): state {ticket.state}")
    print(f"owner: {ticket.owner} (first contact: {ticket.history_of('owner')[0][1]}, TKT-5)")
    print("history (TKT-6):")
    for event in ticket.events:
        print(f"  {event}")

    now = thursday + 2 * H
    print(f"\nSLA clocks at {now:%Y-%m-%d %H:%M}:")
    statuses = policy.evaluate(ticket, now=now)
    for status in statuses:
        print(f"  {status}")
    resolution = next(s for s in statuses if s.target.metric == "resolution")
    print("\nWhy the resolution clock says so:")
    print(resolution.explain())

    # A week later the complaint is still open: every clock that ran out has breached.
    later = datetime(2026, 10, 15, 12, 0, tzinfo=SHANGHAI)
    print(f"\nWarnings and breaches up to {later:%Y-%m-%d %H:%M} (SLA-6):")
    for event in policy.timeline(ticket, now=later):
        print(
            f"  {event.at:%Y-%m-%d %H:%M} {event.metric:<16} {event.kind.value:<8}"
            f" {event.threshold:.0%}"
        )


if __name__ == "__main__":
    main()
