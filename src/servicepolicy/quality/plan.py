"""The monthly monitoring plan: which calls of each agent are inspected (QA-1).

Every agent gets at least ``minimum`` samples a month (the manual says 1–5; the
minimum is the policy's parameter), spread over the month: the month's days (or the
days given, e.g. the agent's working days) are cut into ``minimum`` consecutive
windows of near-equal length, and one sample is drawn in each.

Reproducible: the draw for an agent uses ``random.Random(f"{seed}:{agent}:{month}")``,
so the same seed gives the same plan, and adding an agent does not change the others'.
When calls are given, the plan picks actual calls: in each window, the call with the
smallest seeded hash of its ID, which makes the choice independent of the order the
calls are read in and needs memory per agent only, not per call.  A window without
calls borrows the agent's next smallest-hash call elsewhere in the month; an agent
with fewer calls than the minimum gets all of them, and the shortfall is recorded.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["MonitoringPlan", "Sample", "month_days", "parse_month"]


def parse_month(value: object) -> tuple[int, int]:
    """``(year, month)`` from ``"2026-11"`` or a :class:`~datetime.date` in the month."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.year, value.month
    if isinstance(value, str):
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except ValueError:
            pass
        else:
            return year, month
    raise InvalidArgumentError("month", value, "a month such as '2026-11' or a datetime.date")


def month_days(year: int, month: int) -> list[date]:
    """Every day of the month."""
    first = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=n) for n in range((end - first).days)]


def _windows(days: list[date], count: int) -> list[list[date]]:
    return [days[i * len(days) // count : (i + 1) * len(days) // count] for i in range(count)]


@attrs.frozen
class Sample:
    """One planned inspection.

    :param agent: the agent.
    :param window: the first and last day of the window it was drawn in.
    :param day: the day drawn (the call's local day when a call was picked).
    :param call: the call picked, or ``None`` when the plan was drawn without calls.
    :param at: when that call happened.

    .. versionadded:: 0.1.0
    """

    agent: str
    window: tuple[date, date]
    day: date
    call: str | None = None
    at: datetime | None = None


def _freeze(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


@attrs.frozen
class MonitoringPlan:
    """The month's planned inspections (QA-1).

    :param month: ``"2026-11"``.
    :param minimum: samples per agent.
    :param seed: the seed it was drawn with.
    :param samples: the samples, by agent then day.
    :param short: agents with fewer calls than the minimum, and how many they had.

    .. versionadded:: 0.1.0
    """

    month: str
    minimum: int
    seed: int | str
    samples: tuple[Sample, ...]
    short: Mapping[str, int] = attrs.field(factory=dict, converter=_freeze)

    def for_agent(self, agent: str) -> tuple[Sample, ...]:
        """The samples of one agent."""
        return tuple(s for s in self.samples if s.agent == agent)

    @classmethod
    def draw(
        cls,
        agents: Iterable[str],
        month: object,
        *,
        minimum: int,
        seed: int | str,
        zone: tzinfo,
        days: Iterable[date] | None = None,
        calls: Iterable[Any] | None = None,
    ) -> MonitoringPlan:
        """Draw the plan; see the module documentation.

        :param agents: the agents to monitor.
        :param month: ``"2026-11"`` or a date in it.
        :param minimum: samples per agent (QA-1; the manual says 1–5).
        :param seed: the seed (an int or a string).
        :param zone: the zone the month's days are counted in.
        :param days: the days to spread samples over (default: every day of the month).
        :param calls: the month's calls to pick from: :class:`~servicepolicy.kpi.CallRecord`
            values (answered calls with an ``id`` and an ``agent``) or ``(id, agent, at)``
            tuples; calls outside the month and of other agents are ignored.
        """
        year, number = parse_month(month)
        label = f"{year:04d}-{number:02d}"
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
            raise InvalidArgumentError("minimum", minimum, "an int >= 1 (QA-1: 1-5 a month)")
        if isinstance(seed, bool) or not isinstance(seed, int | str):
            raise WrongTypeError("seed", seed, "an int or a string")
        if isinstance(agents, str) or not isinstance(agents, Iterable):
            raise WrongTypeError("agents", agents, "an iterable of agent IDs")
        agents = list(dict.fromkeys(agents))
        month_set = month_days(year, number)
        chosen = sorted(set(month_set) if days is None else set(days) & set(month_set))
        if len(chosen) < minimum:
            raise InvalidArgumentError(
                "days", len(chosen), f"at least minimum ({minimum}) days in {label} to spread over"
            )
        windows = _windows(chosen, minimum)
        if calls is None:
            samples = [
                Sample(agent, (w[0], w[-1]), rng.choice(w))
                for agent in agents
                for rng in [random.Random(f"{seed}:{agent}:{label}")]
                for w in windows
            ]
            return cls(label, minimum, seed, tuple(samples))
        picked, short = _pick_calls(agents, calls, windows, minimum, seed, zone, month_set)
        return cls(label, minimum, seed, tuple(picked), short)


def _call(item: Any) -> tuple[str, str, datetime] | None:
    """``(id, agent, at)`` of a call record or tuple; ``None`` for an unanswered call."""
    if isinstance(item, tuple) and len(item) == 3:
        call, agent, at = item
        return str(call), str(agent), aware("calls: at", at)
    answered = getattr(item, "answered", None)
    call, agent = getattr(item, "id", None), getattr(item, "agent", None)
    if not hasattr(item, "offered"):
        raise WrongTypeError("calls item", item, "a CallRecord or an (id, agent, at) tuple")
    if answered is None or call is None or agent is None:
        return None
    return call, agent, answered


def _rank(seed: int | str, call: str) -> bytes:
    return hashlib.blake2b(f"{seed}:{call}".encode(), digest_size=12).digest()


def _pick_calls(
    agents: list[str],
    calls: Iterable[Any],
    windows: list[list[date]],
    minimum: int,
    seed: int | str,
    zone: tzinfo,
    month: list[date],
) -> tuple[list[Sample], dict[str, int]]:
    window_of = {day: i for i, w in enumerate(windows) for day in w}
    wanted = set(agents)
    in_month = set(month)
    # per agent and window: the smallest-rank call; per agent: the `minimum` + 1 smallest
    best: dict[tuple[str, int], tuple[bytes, str, datetime]] = {}
    spare: dict[str, list[tuple[bytes, str, datetime]]] = {a: [] for a in agents}
    seen: dict[str, int] = dict.fromkeys(agents, 0)
    for item in calls:
        found = _call(item)
        if found is None or found[1] not in wanted:
            continue
        call, agent, at = found
        day = at.astimezone(zone).date()
        if day not in in_month:
            continue
        seen[agent] += 1
        entry = (_rank(seed, call), call, at)
        if day in window_of:
            slot = (agent, window_of[day])
            if slot not in best or entry < best[slot]:
                best[slot] = entry
        pool = spare[agent]
        pool.append(entry)
        if len(pool) > 2 * minimum:
            pool.sort()
            del pool[minimum * 2 :]
    samples: list[Sample] = []
    for agent in agents:
        taken = {best[(agent, i)][1] for i in range(len(windows)) if (agent, i) in best}
        extra = iter(e for e in sorted(spare[agent]) if e[1] not in taken)
        mine = []
        for i, window in enumerate(windows):
            pick = best.get((agent, i)) or next(extra, None)
            if pick is not None:
                _, call, at = pick
                span = (window[0], window[-1])
                mine.append(Sample(agent, span, at.astimezone(zone).date(), call, at))
        samples.extend(sorted(mine, key=lambda s: (s.day, s.call or "")))
    short = {a: n for a, n in seen.items() if n < minimum}
    return samples, short
