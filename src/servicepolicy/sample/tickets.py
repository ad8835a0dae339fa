"""The example month's tickets, with histories as the manuals describe them (TKT, SLA, EXH, LOG).

About 50 tickets a day open at the three desks, taken by an agent at their post (first
contact owns it, TKT-5), for customers of that desk.  Each walks its kind's lifecycle from
the registry, so the ticket kinds of installed plugins (the exhibition and logistics
ones: ``booth_booking``, ``delivery_damage`` …) are generated too, and any kind is walked
correctly: approvals before the changes that need one, notes where a state needs one,
waits that return where they began.  On the way, as in the manuals:

* a first response to the customer, then progress replies on complaints (SLA-5);
* hand-overs to the department responsible, naming the responsibility (TKT-5);
* the customer-service department's approval of a complaint's proposal (TKT-3), a
  root-cause note when it closes, a follow-up visit (回访);
* waits on the customer or a third party (SLA-3), promises to the customer (SLA-4),
  reclassifications (SLA-1);
* reception visits prepared and followed up with EXH-3's tagged notes, on-site issues
  tagged for EXH-5, damage photographed and delay causes recorded (LOG-4).

About one ticket in twelve runs late (its steps take four times as long), a few answers go
out on the wrong channel (TKT-2), a few promises are broken; tickets opened near the end
of the month are still open when the data is exported (``now``).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from servicepolicy.customers import Customer
from servicepolicy.sample.customers import desk_of
from servicepolicy.sample.people import DEPARTMENT_HEAD, SHANGHAI
from servicepolicy.tickets import EventKind, Lifecycle, LifecycleRegistry, Ticket, TicketEvent

__all__ = ["KINDS", "tickets"]

Post = tuple[str, datetime, datetime]
_MINUTE = timedelta(minutes=1)

KINDS: dict[str, tuple[tuple[str, int], ...]] = {
    "hotline": (("inquiry", 40), ("complaint", 14), ("after_sales", 30), ("feedback", 16)),
    "exhibition": (
        ("inquiry", 30),
        ("reception", 16),
        ("complaint", 10),
        ("feedback", 8),
        ("booth_booking", 18),
        ("exhibitor_registration", 14),
        ("on_site_service", 12),
    ),
    "logistics": (
        ("inquiry", 30),
        ("complaint", 14),
        ("after_sales", 6),
        ("logistics_order", 25),
        ("delivery_delay", 10),
        ("delivery_damage", 6),
        ("delivery_loss", 2),
        ("delivery_dispute", 3),
    ),
}
"""The kinds each desk's tickets are drawn from, with weights; a kind that is not
registered (a plugin that is not installed) is left out."""

_DAILY = {"hotline": 32, "exhibition": 8, "logistics": 9}
_CHANNELS = {
    "reception": {"visit": 1},
    "feedback": {"survey": 4, "web": 3, "email": 3},
    "booth_booking": {"email": 5, "phone": 3, "chat": 2},
    "exhibitor_registration": {"email": 6, "chat": 2, "phone": 2},
    "on_site_service": {"visit": 6, "phone": 4},
    "logistics_order": {"email": 4, "phone": 3, "web": 3},
    "exhibition": {"phone": 5, "chat": 3, "email": 2},  # EXH-2: hotline, website chat, email
}
_DEFAULT_CHANNELS = {"phone": 6, "chat": 2, "email": 1, "web": 1}
_PRIORITY = {
    "complaint": 3,
    "inquiry": 4,
    "feedback": 5,
    "on_site_service": 2,
    "delivery_damage": 2,
    "delivery_loss": 2,
    "logistics_order": 4,
    "exhibitor_registration": 4,
}
_RESPONSE = {"phone": 3, "visit": 5, "chat": 6, "email": 100, "web": 150, "survey": 900}
_PACE = {
    "inquiry": 180,
    "complaint": 600,
    "after_sales": 500,
    "reception": 900,
    "feedback": 300,
    "on_site_service": 25,
    "delivery_damage": 120,
    "delivery_delay": 60,
}
_BRANCH = {
    ("inquiry", "received"): {"answered": 7, "referred": 3},
    ("complaint", "proposed"): {"negotiating": 17, "investigating": 3},
    ("complaint", "negotiating"): {"resolved": 8, "proposed": 1, "waiting_on_customer": 1},
    ("reception", "scheduled"): {"prepared": 93, "cancelled": 7},
    ("reception", "prepared"): {"received": 97, "cancelled": 3},
    ("booth_booking", "requested"): {"quoted": 92, "declined": 8},
    ("booth_booking", "quoted"): {"confirmed": 70, "waiting_on_customer": 22, "withdrawn": 8},
    ("exhibitor_registration", "reviewing"): {
        "approved": 70,
        "waiting_on_customer": 22,
        "rejected": 8,
    },
    ("on_site_service", "reported"): {"resolved": 4, "dispatched": 6},
    ("delivery_delay", "customer_informed"): {"delivered": 92, "cancelled": 8},
    ("delivery_loss", "investigating"): {
        "recovered": 5,
        "confirmed_lost": 3,
        "waiting_on_third_party": 2,
    },
    ("logistics_order", "audited"): {"confirmed": 85, "waiting_on_customer": 10, "rejected": 5},
}
_NOTES = {
    "complaint:closed": (
        "root cause: agent misread the warranty terms; briefing held",
        "root cause: courier missed the delivery window; carrier warned",
        "root cause: price list out of date on the website; corrected",
    ),
    "delivery_loss:closed": ("closed: parcel not found, customer compensated",),
    "declined": ("declined: no booth of that size left in hall 2",),
    "withdrawn": ("withdrawn by the exhibitor: budget cut",),
    "rejected": ("rejected: business licence missing after two reminders",),
    "settled": ("settled: carrier pays 60 % of the claim",),
    "classified": ("repair", "replacement", "installation", "technical support"),
    "proposed": (
        "proposal: replace the unit and waive the service fee",
        "proposal: refund the delivery charge",
    ),
    "waiting_on_customer": ("waiting for the customer's photos and invoice",),
    "waiting_on_third_party": ("waiting for spare parts from the manufacturer",),
}
_HAND_OVER = {
    ("complaint", "investigating"): (0.6, "QA", "investigation by the quality department"),
    ("inquiry", "referred"): (1.0, "SPEC", "answer from the responsible department"),
    ("after_sales", "assigned"): (1.0, "TECH", "on-site service by the technician"),
    ("delivery_dispute", "negotiating"): (0.7, "OPS", "settlement with the carrier"),
    ("delivery_loss", "investigating"): (0.8, "OPS", "internal investigation of the loss"),
}
_STAFF: dict[str, tuple[str, ...]] = {
    "QA": ("QA-1", "QA-2"),
    "TECH": ("TECH-1", "TECH-2", "TECH-3", "TECH-4", "TECH-5", "TECH-6"),
    "OPS": ("OPS-1", "OPS-2", "OPS-3"),
    "SPEC-hotline": ("QA-1", "TECH-1"),
    "SPEC-exhibition": ("EXPO-1", "EXPO-2"),
    "SPEC-logistics": ("OPS-1", "OPS-2", "OPS-3"),
}
_EXH3 = ("profile", "purpose", "staff", "venue", "materials")
_EXH3_TEXT = (
    "regular exhibitor since 2019, key account",
    "discuss a 2027 booth",
    "EXPO-1, sales-li",
    "meeting room 3",
    "floor plan, price list",
)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _distances(life: Lifecycle, goal: str) -> dict[str, int]:
    """Steps from each state to ``goal`` (states that cannot reach it are left out)."""
    found, frontier = {goal: 0}, [goal]
    while frontier:
        following = []
        for state in frontier:
            for source, targets in life.transitions.items():
                if state in targets and source not in found:
                    found[source] = found[state] + 1
                    following.append(source)
        frontier = following
    return found


def path(rng: random.Random, life: Lifecycle) -> list[str]:
    """The states a ticket of ``life`` goes through after it opens: mostly the way to
    ``closed`` (or its first terminal state), with the kind's usual branches, waits that
    return where they began, and a detour now and then.

    .. versionadded:: 0.1.0
    """
    goal = "closed" if "closed" in life.terminal else min(life.terminal)
    distance = _distances(life, goal)
    state, back, found, waits = life.initial, None, [], 0
    for step in range(20):
        if state in life.terminal:
            break
        allowed = sorted(life.allowed_from(state))
        branch = {t: w for t, w in _BRANCH.get((life.kind, state), {}).items() if t in allowed}
        waiting = [t for t in allowed if t in life.waiting]
        forward = [t for t in allowed if t not in life.waiting] or allowed
        if state in life.waiting and back is not None and back in allowed:
            target = back
        elif branch and step < 12:
            target = _weighted(rng, branch)
        elif waiting and waits < 2 and rng.random() < 0.15:
            target = rng.choice(waiting)
        else:
            target = min(forward, key=lambda t: (distance.get(t, 99), rng.random()))
        waits += target in life.waiting
        back = state if target in life.waiting else None
        found.append(target)
        state = target
    return found


class _History:
    """One ticket's events as they are written, ending at ``now``."""

    def __init__(self, rng: random.Random, now: datetime, late: bool) -> None:
        self.rng, self.now, self.late = rng, now, late
        self.events: list[TicketEvent] = []
        self.at = now

    def later(self, minutes: float, spread: float = 0.8) -> datetime:
        """Move on by about ``minutes`` (four times that for a late ticket); work that
        would fall at night waits for the morning."""
        median = minutes * (4 if self.late else 1)
        step = self.rng.lognormvariate(math.log(max(median, 1)), spread)
        self.at += timedelta(minutes=round(step, 1))
        local = self.at.astimezone(SHANGHAI)
        if not 8 <= local.hour < 21:
            morning = local.replace(hour=8, minute=0) + timedelta(days=local.hour >= 21)
            self.at = morning + self.rng.randint(0, 90) * _MINUTE
        return self.at.replace(microsecond=0)

    def add(self, kind: EventKind, by: str, **fields: object) -> bool:
        """Record an event at the current instant; ``False`` once it is past ``now``."""
        if self.at > self.now:
            return False
        self.events.append(TicketEvent(kind, self.at.replace(microsecond=0), by, **fields))  # type: ignore[arg-type]
        return True


_MILESTONES = frozenset({"confirmed", "dispatched", "delivered"})
_PROGRESS = frozenset({"complaint", "after_sales"})
_TOLD = frozenset({"customer_informed", "customer_contacted"})


def _opening(h: _History, kind: str, owner: str, channel: str, opened: datetime) -> str:
    """What follows the opening at once: a hand-over to operations (EXH-5), the first
    response, a promise, photos of damage or the cause of a delay (LOG-4); returns the
    owner after it."""
    rng = h.rng
    if kind == "on_site_service" and rng.random() < 0.95:
        h.later(4, 0.4)
        reason = "on-site equipment issue: operations to fix it"
        if h.add(EventKind.HAND_OVER, owner, source=owner, owner="operations-hall2", note=reason):
            owner = "operations-hall2"
    h.later(_RESPONSE.get(channel, 30), 0.6)
    h.add(EventKind.REPLY, owner, channel=channel, note="first response")
    if kind == "complaint" and rng.random() < 0.5:
        h.add(EventKind.PROMISE, owner, state="resolved", due=opened + timedelta(days=3))
    elif kind == "delivery_damage" and rng.random() < 0.95:
        h.later(25, 0.5)
        h.add(EventKind.NOTE, owner, note=f"photos: IMG_{rng.randrange(1000, 9999)}.jpg")
    elif kind == "delivery_delay":
        h.later(10, 0.5)
        h.add(EventKind.NOTE, owner, note="cause: the truck broke down near Jiaxing")
        h.later(5, 0.5)
        h.add(EventKind.REPLY, owner, channel=channel, note="told the customer the cause")
    return owner


def _ticket(
    rng: random.Random,
    number: int,
    kind: str,
    life: Lifecycle,
    desk: str,
    customer: Customer,
    agent: str,
    opened: datetime,
    now: datetime,
) -> Ticket:
    channel = _weighted(rng, _CHANNELS.get(kind) or _CHANNELS.get(desk, _DEFAULT_CHANNELS))
    level = _PRIORITY.get(kind, 3) - (customer.tier in ("strategic", "important"))
    h = _History(rng, now, late=rng.random() < 0.08)
    h.at = opened.replace(microsecond=0)
    note = None
    if kind == "on_site_service":
        note = "[EXH-5 issue] equipment: projector not working at hall 2 booth B12"
    elif kind == "complaint":
        note = "customer demands a replacement; apologised; resolution promised in 3 days"
    h.add(EventKind.OPENED, agent, state=life.initial, owner=agent, channel=channel, note=note)
    owner = _opening(h, kind, agent, channel, opened)
    if rng.random() < 0.03:
        h.add(
            EventKind.RECLASSIFIED,
            owner,
            priority=f"P{max(level - 1, 1)}",
            note="customer escalated",
        )
    state = life.initial
    for target in path(rng, life):
        h.later(_PACE.get(kind, 240))
        hand = _HAND_OVER.get((kind, target))
        if kind == "inquiry" and target == "referred":
            due = h.at + timedelta(days=rng.choice((1, 2, 3)))
            h.add(EventKind.PROMISE, owner, due=due.replace(microsecond=0), note="reply promised")
        if kind == "reception" and target == "prepared":
            for item, text in zip(_EXH3, _EXH3_TEXT, strict=True):
                if rng.random() < 0.97:
                    h.add(EventKind.NOTE, owner, note=f"[EXH-3 {item}] {text}")
        role = life.approval_for(state, target)
        if role is not None:
            h.add(EventKind.APPROVAL, DEPARTMENT_HEAD, role=role, note="proposal approved")
            h.later(20, 0.5)
        remark = None
        notes = _NOTES.get(f"{kind}:{target}") or _NOTES.get(target)
        if target in life.notes_required or (notes and rng.random() < 0.7):
            remark = rng.choice(notes or (f"{target.replace('_', ' ')}: recorded",))
        answer = channel if target in _TOLD else None
        if target == "answered":
            answer = "email" if rng.random() < 0.02 and channel != "email" else channel
        if not h.add(
            EventKind.TRANSITION, owner, source=state, state=target, note=remark, channel=answer
        ):
            break
        state = target
        if hand is not None and rng.random() < hand[0]:
            new = rng.choice(_STAFF.get(hand[1]) or _STAFF[f"{hand[1]}-{desk}"])
            h.later(10, 0.5)
            if new != owner and h.add(
                EventKind.HAND_OVER, owner, source=owner, owner=new, note=hand[2]
            ):
                owner = new
        if kind == "reception" and target == "received":
            h.later(60, 0.5)
            h.add(EventKind.NOTE, owner, note="[EXH-3 feedback] to EXPO-1: interested in hall 2")
            if rng.random() < 0.3:
                h.add(EventKind.NOTE, owner, note="[EXH-3 intent] wants a quote for 2027")
                h.add(
                    EventKind.HAND_OVER,
                    owner,
                    source=owner,
                    owner="sales-li",
                    note="purchase intent: quote for a 2027 booth",
                )
                owner = "sales-li"
        if kind == "logistics_order" and target in _MILESTONES and rng.random() < 0.95:
            h.later(20, 0.6)  # LOG-1: progress fed back to the customer
            h.add(EventKind.REPLY, owner, channel=channel, note=f"order {target}")
        elif kind in _PROGRESS and state not in life.terminal and rng.random() < 0.6:
            h.later(45, 0.6)  # SLA-5: progress updates
            h.add(EventKind.REPLY, owner, channel=channel, note="progress update")
    return Ticket(
        f"T-{number:05d}", kind, channel, customer.id, h.events, f"P{level}", customer.tier, life
    )


def tickets(
    rng: random.Random,
    posts: dict[str, list[Post]],
    customers: Sequence[Customer],
    lifecycles: LifecycleRegistry,
    now: datetime,
) -> tuple[Ticket, ...]:
    """The month's tickets, numbered ``T-00001`` … in the order they were opened.

    :param posts: per desk, the agents' worked posts ``(agent, start, end)``.
    :param lifecycles: where each kind's lifecycle is found; kinds it lacks are left out.

    .. versionadded:: 0.1.0
    """
    openings = []
    for desk, weights in KINDS.items():
        kinds = {kind: w for kind, w in weights if kind in lifecycles}
        pool = [c for c in customers if desk_of(c) == desk]
        desk_posts = posts.get(desk, [])
        if not kinds or not pool or not desk_posts:
            continue
        days = len({p[1].astimezone(SHANGHAI).date() for p in desk_posts})
        shares = [0.25 if p[1].astimezone(SHANGHAI).hour >= 20 else 1.0 for p in desk_posts]
        tiers = [
            {"strategic": 6, "important": 4, "potential": 2}.get(c.tier or "", 1) for c in pool
        ]
        for _ in range(round(_DAILY[desk] * days * rng.uniform(0.9, 1.1))):
            agent, begin, end = rng.choices(desk_posts, weights=shares)[0]
            opened = (begin + (end - begin - 15 * _MINUTE) * rng.random()).replace(microsecond=0)
            customer = rng.choices(pool, weights=tiers)[0]
            openings.append((opened, agent, _weighted(rng, kinds), customer.id, customer, desk))
    openings.sort(key=lambda o: o[:4])
    return tuple(
        _ticket(rng, n, kind, lifecycles.get(kind), desk, customer, agent, opened, now)
        for n, (opened, agent, kind, _, customer, desk) in enumerate(openings, 1)
        if opened <= now
    )
