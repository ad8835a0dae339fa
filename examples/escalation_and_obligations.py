"""An emergency escalation and the reports it owes; the monthly report by the 22nd (ESC-2,
ESC-3, CAD-1, CAD-2).

Friday 27 November 2026, 17:00: water is leaking onto a customer's switchboard.  Going
from the agent straight to the centre head skips two levels, which is refused in
ordinary times (ESC-2) and allowed in an emergency, at the price of a report to each
skipped level within 4 working hours (ESC-2); the report carries the handling proposed
and the centre head's instruction is recorded (ESC-3).  Those reports join the
department's calendar of duties: the monthly service-quality report by the 22nd (CAD-1)
and the all-agents meeting on the Friday before the 25th (CAD-2).  Checked on
23 December, the schedule says what was done late and what was never done.

Run: ``.venv/bin/python examples/escalation_and_obligations.py``
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from servicepolicy import BusinessCalendar
from servicepolicy.escalation import EscalationLadder
from servicepolicy.obligations import (
    DoneRecord,
    Obligations,
    all_agents_meeting,
    quality_report,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def main() -> None:
    office = BusinessCalendar(
        hours="mon-fri 09:00-12:00,13:00-18:00", tz="Asia/Shanghai", country="CN", name="office"
    )
    ladder = EscalationLadder.default(calendar=office, report_within=timedelta(hours=4))
    print("ladder:", " -> ".join(ladder.levels))
    friday = datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)

    # ESC-2: level by level, unless it is an emergency.
    refused = ladder.escalate(
        "T-1", to="centre_head", at=friday, by="agent-7", proposed_handling="send an engineer"
    )
    print("\nWithout an emergency:")
    print(refused.decision)

    result = ladder.escalate(
        "T-1",
        to="centre_head",
        at=friday,
        by="agent-7",
        emergency=True,
        reason="water leaking onto the customer's switchboard",
        proposed_handling="send the duty engineer now",
    )
    print("\nAs an emergency:")
    print(result.decision)
    print("owed for the skip:")
    for report in result.obligations:
        print(f"  {report}")
    record = result.escalation.instruct(
        "replace the switchboard at our cost",
        by="centre-head-wu",
        at=friday + timedelta(minutes=20),
    )
    print(f"ESC-3 instruction recorded: {record.instruction.text!r} by {record.instruction.by}")

    # The department's duties from November on, with the skip reports added.
    duties = Obligations(
        [quality_report(), all_agents_meeting()],
        since=datetime(2026, 11, 1, tzinfo=SHANGHAI),
        calendar=office,
    ).with_items(result.obligations)
    checked = datetime(2026, 12, 23, 10, 0, tzinfo=SHANGHAI)
    print(f"\nDue from 1 November to {checked:%d %B %Y}:")
    for obligation in duties.due(duties.since, checked):
        print(f"  {obligation}")

    done = [
        # The team leader was told on Monday morning; the department head never was.
        result.obligations[0].done(datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI), by="agent-7"),
        # November's report was due on Sunday the 22nd and came on Tuesday the 24th.
        DoneRecord("quality_report@2026-11-22", datetime(2026, 11, 24, 11, tzinfo=SHANGHAI)),
        DoneRecord("quality_report@2026-12-22", datetime(2026, 12, 21, 16, tzinfo=SHANGHAI)),
        DoneRecord("all_agents_meeting@2026-11-20", datetime(2026, 11, 20, 16, tzinfo=SHANGHAI)),
        DoneRecord("all_agents_meeting@2026-12-18", datetime(2026, 12, 18, 16, tzinfo=SHANGHAI)),
    ]
    print(f"\nChecked at {checked:%Y-%m-%d %H:%M}:")
    for violation in duties.check(done, now=checked):
        print(f"  {violation.rule_id} [{violation.severity}] {violation.message}")
        print(f"    -> {violation.suggestion}")


if __name__ == "__main__":
    main()
