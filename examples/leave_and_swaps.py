"""A team leader's month of leave and swap requests (LEAVE-1 … LEAVE-11, SWAP-1 … SWAP-10).

A 24×7 hotline team in Shanghai: the A agents work day shifts (08:00-20:00) on even
dates, the B agents night shifts (20:00-08:00) on odd dates, in October and November
2026.  Seven requests arrive out of order; ``WorkforcePolicy().review`` decides them in
the order they were made, applying each approved one before the next, so that

* the third swap of B-01 in November is refused (SWAP-1),
* a swap that would put A-01 on a night and straight on to a day shift is refused (SWAP-3),
* a swap giving away a National Day night shift is refused (SWAP-9),
* leave asked on a night shift after its 12:00 cutoff is refused (LEAVE-7),
* leave on a shift that B-01 took over by an earlier swap is refused (LEAVE-9),
* approved leave names whose approval it needs (LEAVE-4),

and every refusal says which rule, why, and what would work instead.

Run: ``.venv/bin/python examples/leave_and_swaps.py``
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from servicepolicy import BusinessCalendar
from servicepolicy.workforce import (
    Approval,
    Employee,
    LeaveRequest,
    Roster,
    Shift,
    StaffingRequirement,
    SwapRequest,
    WorkforcePolicy,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def build_roster() -> Roster:
    """Five agents of team T1 under team leader L-1, 61 days of 12-hour shifts, and at
    least two skilled agents on every day shift (SWAP-8)."""
    hotline = BusinessCalendar.always("Asia/Shanghai", country="CN", name="hotline")
    employees = [
        Employee(agent, team="T1", team_leader="L-1", job_type="hotline", skill_level=skill)
        for agent, skill in (("A-01", 3), ("A-02", 3), ("A-03", 2), ("B-01", 3), ("B-02", 3))
    ]
    days = [date(2026, 10, 1) + timedelta(days=n) for n in range(61)]
    shifts = []
    for employee in employees:
        day_worker = employee.id.startswith("A")
        for day in days:
            if day_worker != (day.day % 2 == 0):
                continue
            hour, kind = (8, "D") if day_worker else (20, "N")
            start = at(day.month, day.day, hour)
            shift_id = f"{employee.id}-{day:%m%d}{kind}"
            shifts.append(Shift(shift_id, employee.id, start, start + timedelta(hours=12)))
    staffing = [
        StaffingRequirement(
            at(day.month, day.day, 8), at(day.month, day.day, 20), "hotline", 2, min_skill=2
        )
        for day in days
        if day.day % 2 == 0
    ]
    return Roster(employees, shifts, hotline, staffing=staffing)


def leave(
    request_id: str, employee: str, kind: str, start: datetime, end: datetime, asked: datetime
) -> LeaveRequest:
    """Leave asked by the employee in person and handed to the team leader L-1."""
    return LeaveRequest(
        request_id,
        employee=employee,
        kind=kind,
        start=start,
        end=end,
        requested_at=asked,
        requested_by=employee,
        submitted_to="L-1",
    )


def requests() -> list[LeaveRequest | SwapRequest]:
    """The month's requests, deliberately not in the order they were made."""
    leader = Approval("L-1", "team_leader")
    swap = SwapRequest(
        "SW-1",
        requester="A-01",
        counterpart="B-01",
        shift="A-01-1104D",
        return_shift="B-01-1103N",
        requested_at=at(11, 1, 9),
        approvals=[leader],
    )
    return [
        # B-01's third swap in November (SWAP-1).
        attrs.evolve(
            swap,
            id="SW-3",
            requester="A-03",
            shift="A-03-1112D",
            return_shift="B-01-1111N",
            requested_at=at(11, 3, 9),
        ),
        # A-03 would work B-02's night of the 5th and go straight on to the day shift of
        # the 6th; B-02 the night of the 9th and then the day of the 10th (SWAP-3).
        attrs.evolve(
            swap,
            id="SW-4",
            requester="A-03",
            counterpart="B-02",
            shift="A-03-1110D",
            return_shift="B-02-1105N",
            requested_at=at(11, 3, 10),
        ),
        swap,
        attrs.evolve(
            swap,
            id="SW-2",
            requester="A-02",
            shift="A-02-1108D",
            return_shift="B-01-1107N",
            requested_at=at(11, 2, 9),
        ),
        # Both are holiday duty (SWAP-9): the night of Saturday 3 October (National Day) and
        # the day of Sunday 4 October, inside the National Day holiday period 1-7 October.
        attrs.evolve(
            swap,
            id="SW-H",
            shift="A-01-1004D",
            return_shift="B-01-1003N",
            requested_at=at(9, 25, 9),
        ),
        # Urgent leave from a night shift asked at 14:00, after the 12:00 cutoff (LEAVE-7).
        leave("LV-1", "B-02", "urgent_personal", at(11, 11, 20), at(11, 12, 8), at(11, 11, 14)),
        # Leave on the day shift B-01 took over by SW-1 (LEAVE-9).
        leave("LV-7", "B-01", "personal", at(11, 4, 8), at(11, 4, 20), at(11, 2, 10)),
        # Ordinary personal leave asked in good time: allowed.
        leave("LV-8", "A-02", "personal", at(11, 14, 8), at(11, 14, 20), at(11, 2, 11)),
    ]


def main() -> None:
    roster = build_roster()
    print(f"roster: {len(roster.employees)} agents, {len(roster.shifts)} shifts")
    review = WorkforcePolicy().review(roster, requests())
    print(review.summary())
    print("\nDecided in the order the requests were made:")
    for request, decision in review:
        verdict = "approved" if decision.allowed else "refused "
        rules = ", ".join(decision.rule_ids) or "no findings"
        print(f"  {request.requested_at:%m-%d %H:%M}  {request.id:<5} {verdict}  ({rules})")
    lv8 = review.decision("LV-8")
    print(f"LV-8 still needs the approval of the {lv8.approver.replace('_', ' ')} (LEAVE-4)")
    print("\nWhy each refusal, and what would work:")
    for request, decision in review.refused:
        first = decision.violations[0]
        print(f"{request.id}: {first.rule_id} {first.message}")
        if first.suggestion:
            print(f"  -> {first.suggestion}")
    owner = {shift.id: shift.employee for shift in review.roster.shifts}
    print(
        "\nAfter the month: A-01-1104D is worked by",
        owner["A-01-1104D"],
        "| swaps on record:",
        [swap.id for swap in review.roster.swaps],
        "| leave on record:",
        [leave.id for leave in review.roster.leaves],
    )


if __name__ == "__main__":
    main()
