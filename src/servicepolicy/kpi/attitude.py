"""Service attitude: no complaints about the agent, per agent and period (KPI-8, KPI-10).

The manual's target for an agent's service attitude is "no complaints about the agent".
A complaint ticket says what the customer complains about and whom: an
:class:`AgentComplaint` records it (from a complaint ticket with
:meth:`AgentComplaint.from_ticket`, or from a complaint log).  An
:class:`AttitudeAccumulator` counts, per agent and period (monthly by default: agents
are assessed monthly, KPI-10), the complaints whose subject is the agent's attitude;
the target is at most 0, so every complaint is a miss and each
:class:`~servicepolicy.rules.Violation` names the agent.  Agents of the roster without
complaints are reported too, with 0 (met).

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 12, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> complaints = [
...     AgentComplaint(at, agent="A-07", ticket="K-31"),
...     AgentComplaint(at, agent="A-07", subject="waiting time", ticket="K-32"),
... ]
>>> acc = AttitudeAccumulator(zone="Asia/Shanghai").add_all(complaints)
>>> for v in acc.report(agents=["A-07", "A-08"]).violations():
...     print(v)
KPI-8 [warning] month=2026-11, agent=A-07: attitude_complaints [attitude] 1: target ≤ 0: \
missed by 1 (facts: kpi=attitude_complaints, variant=attitude, value=1, numerator=1, \
denominator=1, attitude=1, other=1)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi import _counts as m
from servicepolicy.kpi._counts import Layout
from servicepolicy.kpi._grouped import Grouped, Key
from servicepolicy.kpi.definitions import ATTITUDE_KPIS, Kpi
from servicepolicy.kpi.records import Direction, epoch_ms, optional_text
from servicepolicy.kpi.report import KpiReport, check_kpis, group_rows
from servicepolicy.tickets import Ticket

__all__ = ["ATTITUDE_SUBJECTS", "AgentComplaint", "AttitudeAccumulator"]

ATTITUDE_SUBJECTS: frozenset[str] = frozenset({"attitude"})
"""The complaint subjects that are about the agent's service attitude (KPI-8)."""


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(attribute.name, value, "a non-empty string")


@attrs.frozen
class AgentComplaint:
    """A complaint about an agent (KPI-8): who, when, about what.

    :param at: when the complaint was made (timezone-aware); it decides the period.
    :param agent: the agent complained about (not necessarily the complaint's owner).
    :param subject: what it is about; ``"attitude"`` (the default) is the agent's
        service attitude, anything else (``"waiting time"``, ``"billing"``) is counted
        apart.
    :param ticket: the complaint ticket's ID, if any.

    .. versionadded:: 0.1.0
    """

    at: datetime
    agent: str = attrs.field(kw_only=True, validator=_text)
    subject: str = attrs.field(default="attitude", kw_only=True, validator=_text)
    ticket: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        aware("complaint: at", self.at)

    @classmethod
    def from_ticket(
        cls, ticket: Ticket, *, agent: str, subject: str = "attitude"
    ) -> AgentComplaint:
        """The complaint about ``agent`` that the complaint ticket ``ticket`` records
        (made when it was opened, TKT-3).

        :raises servicepolicy.errors.InvalidArgumentError: for a ticket that is not a
            complaint.
        """
        if not isinstance(ticket, Ticket):
            raise WrongTypeError("ticket", ticket, "a servicepolicy.tickets.Ticket")
        if ticket.kind != "complaint":
            raise InvalidArgumentError(f"ticket {ticket.id}: kind", ticket.kind, "'complaint'")
        return cls(ticket.created_at, agent=agent, subject=subject, ticket=ticket.id)


class AttitudeAccumulator(Grouped):
    """Complaints about agents' attitude per agent and period (KPI-8, KPI-10).

    :param kpis: the KPIs (default ``ATTITUDE_KPIS``: ``attitude_complaints``, target at
        most 0).
    :param by: at most one period (``"month"`` by default) and ``"agent"`` (required).
    :param zone: the time zone periods are counted in (required with a period).
    :param subjects: the complaint subjects that are about attitude.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        kpis: Iterable[Kpi] = ATTITUDE_KPIS,
        *,
        by: Iterable[str] = ("month", "agent"),
        zone: object = None,
        subjects: Collection[str] = ATTITUDE_SUBJECTS,
    ) -> None:
        self.kpis = check_kpis(kpis, "complaints")
        super().__init__(m.COMPLAINT_SIZE, by, ("agent",), zone, required=("agent",))
        if isinstance(subjects, str) or not isinstance(subjects, Iterable):
            raise WrongTypeError("subjects", subjects, "a collection of subjects")
        self.subjects = frozenset(subjects)

    def add(self, complaint: AgentComplaint) -> None:
        """Count one complaint."""
        if not isinstance(complaint, AgentComplaint):
            raise WrongTypeError("complaint", complaint, "a servicepolicy.kpi.AgentComplaint")
        c = self.counts(epoch_ms(complaint.at), {"agent": complaint.agent})
        c[m.C_ATTITUDE if complaint.subject in self.subjects else m.C_OTHER] += 1
        self.records += 1

    def add_all(self, complaints: Iterable[AgentComplaint]) -> AttitudeAccumulator:
        """Add every complaint; returns the accumulator, for chaining."""
        for complaint in complaints:
            self.add(complaint)
        return self

    def settings(self) -> tuple[object, ...]:
        return (self.kpis, *super().settings(), self.subjects)

    def merge(self, other: AttitudeAccumulator) -> AttitudeAccumulator:
        """A new accumulator holding both parts' complaints (exact; in any order)."""
        result: AttitudeAccumulator = self.merged(other)
        return result

    def report(self, agents: Iterable[str] = (), periods: Iterable[str] = ()) -> KpiReport:
        """Every agent complained about, and every agent of ``agents`` (the roster, with
        0 where nobody complained), in every period seen or named in ``periods``."""
        roster = [agents] if isinstance(agents, str) else list(agents)
        for agent in roster:
            if not isinstance(agent, str) or not agent:
                raise WrongTypeError("agents", agent, "agent IDs (non-empty strings)")
        groups: dict[Key, Mapping[Direction | None, Sequence[int]]] = {
            key: {None: counts} for key, counts in self._groups.items()
        }
        wanted: set[Key] = {(agent,) for agent in roster}
        if self.period is not None:
            labels = {key[0] for key in self._groups} | set(periods)
            wanted = {(label, agent) for label in labels for agent in roster}
        for key in wanted - set(groups):
            groups[key] = {None: [0] * self.size}
        rows = group_rows(self.names(), groups, self.kpis, Layout(()))
        return KpiReport(rows, by=self.names(), records=self.records)
