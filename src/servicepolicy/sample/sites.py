"""A multi-site month at any scale: ``k`` call centres of the example's size, one data set.

:func:`sites` grows the example month (:func:`~servicepolicy.sample.month`) ``k``-fold:
site 1 is the example month itself, unchanged; each further site ``S02`` … is a centre of
the same shape drawn from its own seed, its people, teams, job types, shifts, customers,
tickets and calls named with its prefix (``S02-A-07``, ``S02-hotline-1``,
``S02-A-07-1102-N``, ``S02-C-001``, ``S02-T-…``).  So the people, tickets, calls and
requests grow in proportion to ``k``, and every site is judged as its own centre: its
job types are its own (``S02-hotline``), so staffing (SWAP-8) and swaps (SWAP-4) stay
within the site, and ATT-3's relief comes from the site's own team.  The call queues
(``hotline``, ``exhibition``, ``logistics``, ``outbound``) are shared: one number, many
sites.  The department head, centre head and management approve for every site.

>>> two = sites(2, seed=7)
>>> len(two.employees) == 2 * len(month(seed=7).employees)
True
>>> sorted({e.team for e in two.employees})[:2]
['S02-exhibition', 'S02-hotline-1']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.sample.month import SampleMonth, generate, month
from servicepolicy.tickets import LIFECYCLES, LifecycleRegistry, Ticket
from servicepolicy.workforce import Approval

__all__ = ["MAX_SITES", "site_prefix", "sites"]

MAX_SITES = 999
"""The most sites :func:`sites` generates."""


def site_prefix(site: int) -> str:
    """The prefix of site ``site``'s names: ``""`` for site 1 (the example month),
    ``"S02-"`` for site 2.

    .. versionadded:: 0.1.0
    """
    return "" if site == 1 else f"S{site:02d}-"


def sites(
    k: int,
    seed: int = 2026,
    start: date = date(2026, 11, 1),
    *,
    lifecycles: LifecycleRegistry = LIFECYCLES,
) -> SampleMonth:
    """A month of ``k`` sites, the same for the same arguments (see the module docs).

    :param k: how many sites, 1 to :data:`MAX_SITES`; ``sites(1, seed)`` equals
        ``month(seed)`` (:func:`servicepolicy.sample.month`).
    :param seed: any int.
    :param start: the first day of the month.
    :param lifecycles: the ticket kinds' lifecycles, as for ``month``.
    :raises servicepolicy.errors.WrongTypeError: ``k`` or ``seed`` is not an int.
    :raises servicepolicy.errors.InvalidArgumentError: ``k`` is out of range.

    .. versionadded:: 0.1.0
    """
    if isinstance(k, bool) or not isinstance(k, int):
        raise WrongTypeError("k", k, "an int number of sites")
    if not 1 <= k <= MAX_SITES:
        raise InvalidArgumentError("k", k, f"a number of sites from 1 to {MAX_SITES}")
    first = month(seed, start, lifecycles=lifecycles)
    parts: dict[str, list[Any]] = {name: list(getattr(first, name)) for name in _PARTS}
    for site in range(2, k + 1):
        other = generate(seed, f"{seed}/site-{site}", start, lifecycles)
        for name, found in _renamed(other, site_prefix(site)).items():
            parts[name] += found
    for name in _BY_TIME:
        parts[name].sort(key=_BY_TIME[name])
    changes: dict[str, Any] = {name: tuple(found) for name, found in parts.items()}
    return attrs.evolve(first, **changes)


_PARTS = (
    "employees",
    "shifts",
    "staffing",
    "leave_requests",
    "swap_requests",
    "clock_records",
    "hand_over_logs",
    "customers",
    "tickets",
    "calls",
    "surveys",
    "agent_time",
)

_BY_TIME: dict[str, Callable[[Any], Any]] = {
    "shifts": lambda s: (s.start, s.id),
    "staffing": lambda r: (r.start, r.end, r.job_type),
    "leave_requests": lambda r: (r.requested_at, r.id),
    "swap_requests": lambda r: (r.requested_at, r.id),
    "tickets": lambda t: (t.created_at, t.id),
    "calls": lambda c: (c.offered, c.id),
}


def _renamed(data: SampleMonth, prefix: str) -> dict[str, list[Any]]:
    """Every part of one site's month with its names prefixed (see the module docs)."""
    people = {e.id for e in data.employees} | {e.team_leader for e in data.employees}
    teams = {e.team for e in data.employees}

    def person(value: str | None) -> str | None:
        return prefix + value if value in people else value

    def by(value: str) -> str:
        return prefix + value if value in people else value

    def team(value: str | None) -> str | None:
        return prefix + value if value in teams else value

    def named(value: str | None) -> str | None:
        return None if value is None else prefix + value

    def approvals(found: tuple[Approval, ...]) -> tuple[Approval, ...]:
        return tuple(attrs.evolve(a, by=by(a.by)) for a in found)

    def ticket(t: Ticket) -> Ticket:
        events = tuple(attrs.evolve(e, by=by(e.by), owner=person(e.owner)) for e in t.events)
        return attrs.evolve(t, id=prefix + t.id, customer=prefix + t.customer, events=events)

    rules: dict[str, Callable[[Any], Any]] = {
        "employees": _fields(id=named, team=named, team_leader=named, job_type=named),
        "shifts": _fields(id=named, employee=named),
        "staffing": _fields(job_type=named),
        "leave_requests": _fields(
            id=named,
            employee=named,
            requested_by=person,
            submitted_to=person,
            approvals=approvals,
        ),
        "swap_requests": _fields(
            id=named,
            requester=named,
            counterpart=named,
            shift=named,
            return_shift=named,
            approvals=approvals,
        ),
        "clock_records": _fields(employee=named, shift=named),
        "hand_over_logs": _fields(shift=named, by=person),
        "customers": _fields(id=named),
        "tickets": ticket,
        "calls": _fields(id=named, agent=person, team=team, customer=named),
        "surveys": _fields(agent=person, team=team, customer=named),
        "agent_time": _fields(agent=person, team=team),
    }
    return {name: [rule(record) for record in getattr(data, name)] for name, rule in rules.items()}


def _fields(**change: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def renamed(record: Any) -> Any:
        values: Mapping[str, Any] = {k: f(getattr(record, k)) for k, f in change.items()}
        return attrs.evolve(record, **values)

    return renamed
