"""The example month's calls, post-call surveys and agent time (KPI-1 … KPI-8).

Inbound calls arrive at the hotline round the clock (a working-day profile peaking in the
morning and afternoon; fewer at weekends and on public holidays) and at the exhibition and
logistics desks in their hours.  Each queue is simulated: a call goes to the first agent
at their post who is free (the attendance decides who is there), and a caller whose wait
runs past their patience hangs up (an abandon; short abandons included).  The outbound
team dials campaigns and follow-up visits (回访); about 60 % of attempts connect.  About
9 % of answered inbound calls are surveyed (CSAT 1-5, NPS 0-10, "solved on this call?").
Agent time is one row per worked shift: handling from the agent's calls, breaks and
paperwork as aux, the rest available (KPI-6).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs

from servicepolicy.calendar import BusinessCalendar, DayKind
from servicepolicy.customers import Customer
from servicepolicy.kpi import AgentTime, CallRecord, SurveyResponse
from servicepolicy.sample.customers import desk_of
from servicepolicy.sample.people import SHANGHAI, TEAMS, days
from servicepolicy.workforce import Employee

__all__ = ["Calls", "calls"]

_SECOND = timedelta(seconds=1)
_HOURLY = (
    0.3,
    0.2,
    0.15,
    0.1,
    0.1,
    0.2,
    0.5,
    1,
    3,
    5,
    6,
    5.5,
    3.5,
    4,
    5.5,
    5,
    4.5,
    4,
    3,
    2.5,
    2,
    1.5,
    1,
    0.6,
)
_DAILY = {"hotline": 500, "exhibition": 80, "logistics": 80}
_PATIENCE = {"hotline": 110.0, "exhibition": 150.0, "logistics": 130.0}
_TALK = {"hotline": 175.0, "exhibition": 215.0, "logistics": 200.0}
_TIER_WEIGHT = {"strategic": 8, "important": 5, "potential": 3, "general": 1}
Worked = dict[str, tuple[str, datetime, datetime]]


@attrs.frozen
class Calls:
    """The month's calls (by offered time), survey responses and agent time.

    .. versionadded:: 0.1.0
    """

    calls: tuple[CallRecord, ...]
    surveys: tuple[SurveyResponse, ...]
    agent_time: tuple[AgentTime, ...]


class _Queue:
    """One inbound queue: its agents' posts by day and when each is next free."""

    def __init__(self, posts: list[tuple[str, datetime, datetime]]) -> None:
        self.by_day: dict[date, list[tuple[str, datetime, datetime]]] = defaultdict(list)
        for post in posts:
            first, last = post[1].astimezone(SHANGHAI).date(), post[2].astimezone(SHANGHAI).date()
            for day in days(first, last + timedelta(days=1)):
                self.by_day[day].append(post)
        self.free: dict[str, datetime] = {}

    def answer(self, offered: datetime) -> tuple[str, datetime] | None:
        """The agent who can take a call offered at ``offered`` soonest, and when."""
        best: tuple[datetime, str] | None = None
        for agent, start, end in self.by_day.get(offered.astimezone(SHANGHAI).date(), ()):
            if start <= offered < end:
                at = max(offered, self.free.get(agent, offered))
                if best is None or (at, agent) < best:
                    best = (at, agent)
        return None if best is None else (best[1], best[0])


def _seconds(value: float) -> float:
    return round(max(value, 1.0), 1)


def _customers(pool: Sequence[Customer], desk: str) -> tuple[list[str], list[int]]:
    chosen = [c for c in pool if desk_of(c) == desk] or list(pool)
    return [c.id for c in chosen], [_TIER_WEIGHT.get(c.tier or "", 1) for c in chosen]


def _arrivals(
    rng: random.Random,
    queue: str,
    start: date,
    end: date,
    cal: BusinessCalendar,
    hours: tuple[time, time] | None,
    weekdays: frozenset[int],
) -> list[datetime]:
    found = []
    for day in days(start, end):
        if day.weekday() not in weekdays:
            continue
        factor = 0.6 if day.weekday() >= 5 else 1.0
        if cal.day_info(day).kind is DayKind.HOLIDAY:
            factor *= 0.5
        profile = list(_HOURLY)
        if hours is not None:
            profile = [
                w if hours[0].hour <= h < hours[1].hour else 0.0 for h, w in enumerate(profile)
            ]
        count = round(_DAILY[queue] * factor * rng.uniform(0.85, 1.15))
        for hour in rng.choices(range(24), weights=profile, k=count):
            begin = datetime.combine(day, time(hour), SHANGHAI)
            if hours is not None and hour == hours[0].hour:
                begin = max(begin, datetime.combine(day, hours[0], SHANGHAI))
            found.append(begin + rng.randrange(3600 - begin.minute * 60) * _SECOND)
    return sorted(found)


Call = dict[str, Any]
"""A call's fields, built into a :class:`CallRecord` once the calls are numbered."""


def _inbound(
    rng: random.Random,
    queue: str,
    offered: datetime,
    line: _Queue,
    customers: tuple[list[str], list[int]],
    team: dict[str, str],
) -> Call:
    patience = rng.expovariate(1 / _PATIENCE[queue])
    customer = rng.choices(*customers)[0] if rng.random() < 0.55 else None
    taken = line.answer(offered)
    ring = rng.uniform(5, 14)
    if taken is None or (taken[1] - offered).total_seconds() + ring > patience:
        gone = offered + max(round(patience), 1) * _SECOND
        return dict(
            direction="inbound",
            queue=queue,
            offered=offered,
            abandoned=gone,
            ended=gone,
            customer=customer,
        )
    agent, free = taken
    answered = free + round(ring) * _SECOND
    talk = _seconds(rng.lognormvariate(math.log(_TALK[queue]), 0.5))
    hold = _seconds(rng.expovariate(1 / 45)) if rng.random() < 0.25 else 0
    acw = _seconds(rng.uniform(15, 60))
    ended = answered + math.ceil(talk + hold) * _SECOND
    line.free[agent] = ended + math.ceil(acw) * _SECOND
    return dict(
        direction="inbound",
        queue=queue,
        offered=offered,
        answered=answered,
        ended=ended,
        agent=agent,
        team=team[agent],
        rings=1 + round(ring / 6),
        talk_seconds=talk,
        hold_seconds=hold,
        acw_seconds=acw,
        resolved_first_contact=rng.random() < 0.86,
        customer=customer,
    )


def _outbound(
    rng: random.Random,
    post: tuple[str, datetime, datetime],
    team: str,
    customers: tuple[list[str], list[int]],
) -> tuple[list[Call], float, float]:
    """One outbound shift's attempts, with the handling and available seconds."""
    agent, start, end = post
    at = start + rng.randint(10, 30) * 60 * _SECOND
    found: list[Call] = []
    handling = available = 0.0
    for _ in range(rng.randint(18, 28)):
        gap, ring = rng.uniform(5, 20), rng.uniform(8, 25)
        offered = at + round(gap) * _SECOND
        queue = rng.choice(("campaign", "follow-up"))
        customer = rng.choices(*customers)[0]
        available += gap + ring
        call = dict(
            direction="outbound",
            queue=queue,
            offered=offered,
            agent=agent,
            team=team,
            rings=round(ring / 6),
            customer=customer,
        )
        if rng.random() < 0.62:
            answered = offered + round(ring) * _SECOND
            talk = _seconds(rng.lognormvariate(math.log(120), 0.5))
            acw = _seconds(rng.uniform(20, 45))
            ended = answered + math.ceil(talk) * _SECOND
            handling += talk + acw
            call.update(
                answered=answered,
                ended=ended,
                talk_seconds=talk,
                acw_seconds=acw,
                resolved_first_contact=rng.random() < 0.9,
            )
            at = ended + math.ceil(acw) * _SECOND + rng.randint(60, 900) * _SECOND
        else:
            ended = offered + round(ring) * _SECOND
            call.update(ended=ended)
            at = ended + rng.randint(30, 600) * _SECOND
        found.append(call)
        if at >= end:
            break
    return found, handling, available


def _survey(rng: random.Random, call: CallRecord) -> SurveyResponse:
    happy = bool(call.resolved_first_contact)
    csat = rng.choices(
        (5, 4, 3, 2, 1), weights=(60, 28, 7, 3, 2) if happy else (15, 25, 25, 20, 15)
    )[0]
    nps = min(10, max(0, 2 * csat + rng.randint(-2, 1)))
    resolved = happy if rng.random() < 0.85 else not happy
    return SurveyResponse(
        call.answered or call.offered,
        direction=call.direction,
        csat=csat,
        nps=nps,
        resolved=resolved,
        queue=call.queue,
        team=call.team,
        agent=call.agent,
        customer=call.customer,
    )


def calls(
    rng: random.Random,
    people: tuple[Employee, ...],
    worked: Worked,
    customers: Sequence[Customer],
    start: date,
    end: date,
    cal: BusinessCalendar,
) -> Calls:
    """The month's calls, surveys and agent time, from the posts the agents ``worked``.

    .. versionadded:: 0.1.0
    """
    team = {p.id: p.team for p in people}
    queue_of = {t.name: t.queue for t in TEAMS}
    posts_of: dict[str, list[tuple[str, datetime, datetime]]] = defaultdict(list)
    for post in worked.values():
        posts_of[queue_of[team[post[0]]]].append(post)
    found: list[Call] = []
    for t in TEAMS:
        if t.queue == "outbound" or any(u.queue == t.queue for u in TEAMS[: TEAMS.index(t)]):
            continue
        line, pool = _Queue(posts_of[t.queue]), _customers(customers, t.queue)
        for offered in _arrivals(rng, t.queue, start, end, cal, t.hours, t.weekdays):
            found.append(_inbound(rng, t.queue, offered, line, pool, team))
    by_agent: dict[str, list[Call]] = defaultdict(list)
    for call in found:
        if "agent" in call:
            by_agent[call["agent"]].append(call)
    time_rows = []
    pool = _customers(customers, "hotline")
    for _, post in sorted(worked.items(), key=lambda item: (item[1][1], item[0])):
        agent, begin, finish = post
        paid = (finish - begin).total_seconds()
        aux = paid * rng.uniform(0.1, 0.14)
        if queue_of[team[agent]] == "outbound":
            attempts, handling, available = _outbound(rng, post, team[agent], pool)
            found += attempts
            aux = max(paid - handling - available, 0.0)
            direction = "outbound"
        else:
            handling = sum(
                c["talk_seconds"] + c["hold_seconds"] + c["acw_seconds"]
                for c in by_agent[agent]
                if begin <= c["offered"] < finish
            )
            available = max(paid - handling - aux, 0.0)
            direction = "inbound"
        time_rows.append(
            AgentTime(
                begin,
                agent=agent,
                direction=direction,
                handling_seconds=round(handling, 1),
                available_seconds=round(available, 1),
                aux_seconds=round(aux, 1),
                paid_seconds=round(paid, 1),
                team=team[agent],
                queue=queue_of[team[agent]],
            )
        )
    found.sort(key=lambda c: (c["offered"], c["direction"], c.get("agent") or ""))
    numbered = [CallRecord(**c, id=f"K-{i:06d}") for i, c in enumerate(found, 1)]
    surveys = [
        _survey(rng, c)
        for c in numbered
        if c.direction == "inbound" and c.answered is not None and rng.random() < 0.09
    ]
    return Calls(tuple(numbered), tuple(surveys), tuple(time_rows))
