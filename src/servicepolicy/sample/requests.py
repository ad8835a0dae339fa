"""The example month's leave and swap requests: most in order, a realistic handful not.

Requests are drawn at random, then decided in the order they were made by
:class:`~servicepolicy.workforce.WorkforcePolicy` (its defaults, the manual's figures),
as a team leader's month is: a request meant to be in order is kept only if it is
allowed, and each one kept changes the roster the next ones are decided against; a
request meant to break a rule is kept only if it is refused for that rule.  So the month
always holds the same mix, whatever the seed:

* leave: personal leave a few days ahead, urgent personal leave, emergency sick leave
  (the team leader phoned before the shift), certified sick leave, a night-shift special
  case approved by management (LEAVE-7), training and a business trip (LEAVE-11); and one
  each of LEAVE-1 (asked on the day), LEAVE-3 (handed to another team's leader), LEAVE-5
  (asked by a colleague), LEAVE-6 (no certificate) and LEAVE-7 (a night shift asked for
  in the afternoon);
* swaps between agents of one job type, approved by both team leaders; and one each of
  SWAP-1 (a third swap in a month), SWAP-3 (back-to-back shifts), SWAP-4 (another job
  type), SWAP-5 (a leader's approval missing) and SWAP-7 (no hand-over confirmed).

Approvals carry no instant (``Approval.at`` is ``None``), as the readers read them.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import attrs

from servicepolicy.sample.people import CENTRE_HEAD, DEPARTMENT_HEAD, MANAGEMENT, SHANGHAI
from servicepolicy.workforce import (
    Approval,
    CertificatePeriod,
    Employee,
    LeaveRequest,
    Review,
    Roster,
    RosterView,
    Shift,
    SwapRequest,
    WorkforcePolicy,
)

__all__ = ["Requests", "requests"]

_DAY = timedelta(days=1)
Request = LeaveRequest | SwapRequest


@attrs.frozen
class Requests:
    """The month's requests and their review.

    :param leave: the leave requests, in the order they were made.
    :param swaps: the swap requests, in the order they were made.
    :param review: the month decided by ``WorkforcePolicy()`` (the roster after it moves
        the approved swaps and records the approved leave).

    .. versionadded:: 0.1.0
    """

    leave: tuple[LeaveRequest, ...]
    swaps: tuple[SwapRequest, ...]
    review: Review


@attrs.frozen
class _Candidate:
    """A drawn request, what it is meant to be (``None``: in order; else the rule it breaks),
    and the group whose ``limit`` first candidates that turn out as meant are kept."""

    request: Request
    meant: str | None
    group: str
    limit: int


def _approval(by: str, role: str) -> Approval:
    return Approval(by, role)


class _Draw:
    """Draws candidate requests from the roster."""

    def __init__(self, rng: random.Random, roster: Roster, start: date, end: date) -> None:
        self.rng = rng
        self.roster = roster
        self.view = roster.view()
        first = datetime.combine(start, time(0), SHANGHAI) + 2 * _DAY
        last = datetime.combine(end, time(0), SHANGHAI)
        self.shifts = [s for s in roster.shifts if first <= s.start < last]
        self.in_month = {s.id for s in self.shifts}
        self.people = roster.employees
        self.number = 0

    def id(self, prefix: str) -> str:
        self.number += 1
        return f"{prefix}-{self.number:03d}"

    def shift(self, *, night: bool | None = False, job_types: tuple[str, ...] = ()) -> Shift:
        while True:
            shift = self.rng.choice(self.shifts)
            person = self.people[shift.employee]
            is_night = shift.start.astimezone(SHANGHAI).hour >= 20
            if (night is None or is_night == night) and (
                not job_types or person.job_type in job_types
            ):
                return shift

    def before(self, instant: datetime, days: tuple[int, int], hours: tuple[int, int]) -> datetime:
        day = instant.astimezone(SHANGHAI).date() - self.rng.randint(*days) * _DAY
        return datetime.combine(
            day, time(self.rng.randint(*hours), self.rng.randrange(60)), SHANGHAI
        )

    # -- leave -------------------------------------------------------------------------------

    def leave(self, meant: str | None = None) -> LeaveRequest:
        rng = self.rng
        kind = {
            None: rng.choices(
                ("personal", "urgent_personal", "emergency", "sick", "night", "training", "trip"),
                weights=(10, 2, 3, 2, 1, 1, 1),
            )[0],
            "LEAVE-1": "personal",
            "LEAVE-3": "personal",
            "LEAVE-5": "personal",
            "LEAVE-6": "sick",
            "LEAVE-7": "night",
        }[meant]
        shift = self.shift(
            night=kind == "night", job_types=() if kind != "trip" else ("logistics",)
        )
        person = self.people[shift.employee]
        leader = person.team_leader
        head = [_approval(leader, "team_leader"), _approval(DEPARTMENT_HEAD, "department_head")]
        made = self.before(shift.start, (2, 9), (9, 17))
        fields: dict[str, object] = {"submitted_to": leader, "approvals": head}
        who, leave_kind, end = person.id, kind, shift.end
        if kind == "urgent_personal":
            made = shift.start - timedelta(hours=rng.randint(2, 6), minutes=rng.randrange(60))
        elif kind == "emergency":
            leave_kind, who = "sick", rng.choice((person.id, leader))
            made = shift.start - timedelta(minutes=rng.randint(40, 150))
            fields |= {"emergency": True, "phoned_team_leader_at": made}
        elif kind == "sick":
            two = meant is None and rng.random() < 0.5
            nxt = self.view.neighbours(shift)[1]
            if two and nxt is not None and nxt.start - shift.end < 2 * _DAY:
                end = nxt.end
                fields["approvals"] = [head[0], _approval(CENTRE_HEAD, "centre_head")]
            made = shift.start - timedelta(hours=rng.randint(2, 12))
            first, last = shift.start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI)
            if meant is None:
                last_day = (last - timedelta(microseconds=1)).date()
                fields["certificates"] = [CertificatePeriod(first, last_day)]
        elif kind == "night":
            leave_kind = "personal"
            if meant is None:
                made = self.before(shift.start, (2, 6), (9, 11))
                fields["approvals"] = [*head, _approval(MANAGEMENT, "management")]
            else:
                day = shift.start.astimezone(SHANGHAI).date()
                made = datetime.combine(day, time(rng.randint(13, 17), rng.randrange(60)), SHANGHAI)
        elif kind in ("training", "trip"):
            leave_kind = "training" if kind == "training" else "business_trip"
            fields["approvals"] = [_approval(CENTRE_HEAD, "centre_head")]
            fields["submitted_to"] = leader
        if meant == "LEAVE-1":
            made = shift.start - timedelta(hours=rng.randint(2, 6))
        elif meant == "LEAVE-3":
            fields["submitted_to"] = rng.choice([t for t in _LEADERS if t != leader])
        elif meant == "LEAVE-5":
            colleagues = [
                p for p in self.people.values() if p.team == person.team and p is not person
            ]
            who = rng.choice(colleagues).id
        return LeaveRequest(
            self.id("LV"),
            person.id,
            leave_kind,
            shift.start,
            end,
            made,
            who,
            **fields,  # type: ignore[arg-type]
        )

    # -- swaps -------------------------------------------------------------------------------

    def free(self, person: str, shift: Shift, rest: timedelta = timedelta(hours=8)) -> bool:
        """Whether ``person`` could work ``shift`` with ``rest`` on either side."""
        return not any(
            s.start < shift.end + rest and shift.start < s.end + rest
            for s in self.view.shifts_of(person)
            if s.id != shift.id
        )

    def swap(
        self, meant: str | None = None, requester: Employee | None = None
    ) -> SwapRequest | None:
        rng = self.rng
        given = self.shift(night=None, job_types=("hotline", "exhibition", "logistics"))
        if requester is not None:
            own = [s for s in self.view.shifts_of(requester.id) if s.id in self.in_month]
            given = rng.choice(own)
        person = self.people[given.employee]
        partners = [
            p
            for p in self.people.values()
            if p.id != person.id
            and "agent" in p.roles
            and (p.job_type == person.job_type) == (meant != "SWAP-4")
            and abs(p.skill_level - person.skill_level) <= 1
            and (meant != "SWAP-5" or p.team_leader != person.team_leader)
        ]
        rng.shuffle(partners)
        for partner in partners:
            if not self.free(partner.id, given):
                continue
            returns = [
                s
                for s in self.view.shifts_of(partner.id)
                if s.id in self.in_month and s.start > given.end
            ]
            rng.shuffle(returns)
            for back in returns:
                back_to_back = not self.free(person.id, back) and self.free(
                    person.id, back, rest=timedelta(0)
                )
                if (meant == "SWAP-3") != back_to_back or (
                    meant != "SWAP-3" and not self.free(person.id, back)
                ):
                    continue
                leaders = dict.fromkeys((person.team_leader, partner.team_leader))
                if meant == "SWAP-5":
                    leaders = dict.fromkeys((person.team_leader,))
                return SwapRequest(
                    self.id("SW"),
                    person.id,
                    partner.id,
                    given.id,
                    back.id,
                    self.before(given.start, (2, 8), (9, 17)),
                    [_approval(leader, "team_leader") for leader in leaders],
                    hand_over_confirmed=meant != "SWAP-7",
                )
        return None


_LEADERS = ("TL-1", "TL-2", "TL-3", "TL-4", "TL-5", "TL-6")


def _candidates(draw: _Draw) -> Iterator[_Candidate]:
    for _ in range(40):
        yield _Candidate(draw.leave(), None, "leave", 22)
    for rule in ("LEAVE-1", "LEAVE-3", "LEAVE-5", "LEAVE-6", "LEAVE-7"):
        for _ in range(6):
            yield _Candidate(draw.leave(rule), rule, rule, 1)
    for meant, limit in ((None, 14), ("SWAP-3", 1), ("SWAP-4", 1), ("SWAP-5", 1), ("SWAP-7", 1)):
        for _ in range(30 if meant is None else 12):
            swap = draw.swap(meant)
            if swap is not None:
                yield _Candidate(swap, meant, meant or "swap", limit)
    hotline = [p for p in draw.people.values() if p.job_type == "hotline" and "agent" in p.roles]
    for person in draw.rng.sample(hotline, 4):  # three swaps in a month: the third is refused
        found = [draw.swap(None, person) for _ in range(3)]
        swaps = sorted((s for s in found if s is not None), key=lambda s: s.requested_at)
        for i, swap in enumerate(swaps):
            yield _Candidate(
                swap,
                "SWAP-1" if i == 2 else None,
                f"busy-{person.id}" if i < 2 else "SWAP-1",
                2 if i < 2 else 1,
            )


def requests(rng: random.Random, roster: Roster, start: date, end: date) -> Requests:
    """Draw the month's requests against ``roster`` and decide them (see the module).

    .. versionadded:: 0.1.0
    """
    draw = _Draw(rng, roster, start, end)
    drawn = sorted(_candidates(draw), key=lambda c: (c.request.requested_at, c.request.id))
    policy, view = WorkforcePolicy(), roster.view()
    kept: list[Request] = []
    taken: dict[str, int] = {}
    for candidate in drawn:
        request = candidate.request
        if taken.get(candidate.group, 0) >= candidate.limit:
            continue
        decision = policy.check(request, view)
        if candidate.meant is None and decision.allowed:
            _apply(view, request)
        elif (
            candidate.meant is None or decision.allowed or candidate.meant not in decision.rule_ids
        ):
            continue
        taken[candidate.group] = taken.get(candidate.group, 0) + 1
        kept.append(request)
    kept = _renumbered(kept)
    review = policy.review(roster, kept)
    leave = tuple(r for r in kept if isinstance(r, LeaveRequest))
    swaps = tuple(r for r in kept if isinstance(r, SwapRequest))
    return Requests(leave, swaps, review)


def _apply(view: RosterView, request: Request) -> None:
    if isinstance(request, SwapRequest):
        view.apply_swap(request)
    else:
        view.apply_leave(request)


def _renumbered(kept: list[Request]) -> list[Request]:
    """The kept requests numbered ``LV-01`` …, ``SW-01`` … in the order they were made;
    instants are made distinct so that the review's order is the order kept."""
    found: list[Request] = []
    counts = {"LV": 0, "SW": 0}
    last: datetime | None = None
    for request in kept:
        made = request.requested_at
        if last is not None and made <= last:
            made = last + timedelta(seconds=1)
        last = made
        prefix = "SW" if isinstance(request, SwapRequest) else "LV"
        counts[prefix] += 1
        change: dict[str, object] = {"id": f"{prefix}-{counts[prefix]:02d}", "requested_at": made}
        found.append(attrs.evolve(request, **change))  # type: ignore[arg-type]
    return found
