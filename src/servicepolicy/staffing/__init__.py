"""Staffing with Erlang: agents needed for a service-level target (KPI-2, KPI-5, KPI-6).

Erlang B and C (:mod:`~servicepolicy.staffing.erlang`), Erlang A with callers who hang up
(:mod:`~servicepolicy.staffing.abandonment`), exact shrinkage
(:mod:`~servicepolicy.staffing.shrinkage`) and the required-agents searches
(:mod:`~servicepolicy.staffing.required`), which return a :class:`Staffing`.

.. versionadded:: 0.1.0
"""

from servicepolicy.staffing.abandonment import ErlangA, erlang_a
from servicepolicy.staffing.erlang import (
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    occupancy,
    offered_traffic,
    service_level,
)
from servicepolicy.staffing.required import Staffing, required_agents, required_agents_erlang_a
from servicepolicy.staffing.shrinkage import productive_agents, scheduled_agents

__all__ = [
    "ErlangA",
    "Staffing",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "offered_traffic",
    "productive_agents",
    "required_agents",
    "required_agents_erlang_a",
    "scheduled_agents",
    "service_level",
]
