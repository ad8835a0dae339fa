"""Shift swaps (换班): :class:`SwapPolicy` checks a :class:`SwapRequest` against SWAP-1 … SWAP-10.

Each rule is a small function named after its ID (:func:`swap_1_monthly_limit` …), run in
order from ``SWAP_RULES``.  A swap has two directions, the shift and its return (还班,
SWAP-10), and every rule looks at both.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from servicepolicy import BusinessCalendar
>>> from servicepolicy.workforce import Approval, Employee, Roster, Shift, SwapRequest
>>> tz = ZoneInfo("Asia/Shanghai")
>>> at = lambda d, h: datetime(2026, 11, d, h, tzinfo=tz)
>>> roster = Roster(
...     [Employee("A-07", "T1", "L-1", "hotline", 3), Employee("B-12", "T2", "L-2", "hotline", 3)],
...     [Shift("S-5D", "A-07", at(5, 8), at(5, 20)), Shift("S-4N", "B-12", at(4, 20), at(5, 8))],
...     BusinessCalendar(hours="24/7", tz="Asia/Shanghai", country="CN"),
... )
>>> request = SwapRequest("R-1", "A-07", "B-12", "S-5D", "S-4N", at(1, 9),
...                       approvals=[Approval("L-1", "team_leader")])
>>> print(SwapPolicy().check(request, roster))  # doctest: +NORMALIZE_WHITESPACE
refused: R-1 (requires approval by L-2)
  SWAP-5 [error] B-12: not approved by L-2, team leader of B-12
  (facts: leader=L-2, employees=('B-12',), approved_by=('L-1',))
  -> suggestion: ask L-2 to approve; the approval keeps the swap record
  facts: requester=A-07, counterpart=B-12, shift=S-5D, return_shift=S-4N,
  shift_time=2026-11-05 08:00-20:00, return_time=2026-11-04 20:00-08:00

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Literal

import attrs

from servicepolicy.checks import RUNTIME_ONLY, callables, non_negative_duration
from servicepolicy.errors import WrongTypeError
from servicepolicy.rules import Decision, Severity, Violation
from servicepolicy.workforce import _swap_checks as sc
from servicepolicy.workforce import _swap_hand_over as ho
from servicepolicy.workforce._swap_rules import (
    swap_1_monthly_limit,
    swap_2_no_consecutive_swaps,
    swap_3_no_back_to_back,
    swap_4_same_job_and_skill,
    swap_5_team_leader_approval,
    swap_6_no_leave_on_swapped_shift,
    swap_7_clear_hand_over,
    swap_8_staffing,
    swap_9_no_public_holiday,
    swap_10_paid_back,
)
from servicepolicy.workforce.attendance import AttendanceReport
from servicepolicy.workforce.clock import ClockRecord, HandOverLog
from servicepolicy.workforce.requests import SwapRequest
from servicepolicy.workforce.roster import (
    HolidayBasis,
    Roster,
    RosterView,
    holiday_basis_validator,
    view_of,
)

__all__ = [
    "SWAP_RULES",
    "SwapPolicy",
    "SwapRule",
    "swap_1_monthly_limit",
    "swap_2_no_consecutive_swaps",
    "swap_3_no_back_to_back",
    "swap_4_same_job_and_skill",
    "swap_5_team_leader_approval",
    "swap_6_no_leave_on_swapped_shift",
    "swap_7_clear_hand_over",
    "swap_8_staffing",
    "swap_9_no_public_holiday",
    "swap_10_paid_back",
]


def _extra_checks(value: object) -> tuple[Callable[..., Iterable[Violation]], ...]:
    return callables("extra_checks", value)


@attrs.frozen
class SwapPolicy:
    """The rules for shift swaps (SWAP-1 … SWAP-10), with the manual's figures as defaults.

    :param max_per_month: SWAP-1, swaps per person per calendar month (manual: 2).
    :param count_counterpart: SWAP-1 is ambiguous about whose swap it is: ``True`` (default)
        counts a swap toward both parties' limits, ``False`` only toward the requester's.
    :param month_of: SWAP-1, the month a swap belongs to: ``"shift"`` (default), the month
        of the given shift's local start date, or ``"request"``, the month it was requested
        in; months are those of the roster calendar's time zone.
    :param counterpart_too: SWAP-2 also applies to the counterpart and the return shift
        (default ``True``).
    :param consecutive_includes_given_away: SWAP-2, "two shifts in a row" read in the
        person's sequence including shifts they gave away in earlier swaps (default
        ``True``), or only in their current sequence, where just shifts they took over
        appear (``False``).
    :param min_rest: SWAP-3, the shortest rest between two shifts of one person after the
        swap; less is working back to back (连班).  Default 8 hours; ``timedelta(0)``
        allows shifts that touch.
    :param skill_tolerance: SWAP-4, how far "comparable" skill levels may differ (default 1).
    :param require_approvals: SWAP-5, ``True`` (default): a missing team-leader approval
        refuses the swap; ``False``: check a request before it goes to the leaders, and
        say whose approval it still needs as a warning.
    :param giver_leave_blocks: SWAP-6 says "no leave on a swapped shift": ``True``
        (default) also refuses giving away a shift that carries the giver's own approved
        leave; ``False`` only checks the person taking a shift over.
    :param already_understaffed: SWAP-8, the severity of a note that a slot the swap
        touches is below its minimum but not made worse by the swap (default WARNING: the
        leader must know; ``None``: say nothing).  A swap that lowers a slot below its
        minimum is an ERROR.
    :param max_suggested: how many colleagues a suggestion names (default 3).
    :param empty_shift_giver_share: SWAP-7, "both parties are assessed according to their
        share of responsibility": the giver's share of a swapped shift left empty although
        a hand-over entry records it; the taker, who was to work it, bears the rest
        (default 0: all of it).
    :param unclear_hand_over_giver_share: SWAP-7: the giver's share when no hand-over entry
        records the swapped shift (an unclear hand-over, default 1/2: shared equally).
    :param record_gap: SWAP-2 across a month end: a shift of an earlier month known only
        from a swap record (not on the roster) is "in a row" with a rostered shift when at
        most this much time lies between them (default 24 hours); further apart, the
        shifts in between are unknown and no SWAP-2 finding is made.
    :param extra_checks: more checks run after SWAP-1 … SWAP-10, each called as
        ``check(policy, request, roster_view)`` and returning violations; an ``ERROR``
        among them refuses the request.  This is how plugins' vetoes arrive
        (``servicepolicy_check_swap``): the policy edge passes
        ``PluginSet.swap_checks()``; the workforce package knows no plugin.
    :param holiday_basis: SWAP-9, what "on duty on a public holiday" means: ``"period"``
        (default), a shift starting on any date of a public-holiday period as announced
        (Sunday 4 October 2026 lies in National Day's 1-7 October); ``"statutory"``, only
        on a date the holiday data lists.

    .. versionadded:: 0.1.0
    """

    max_per_month: int = attrs.field(default=2, validator=sc.count_validator)
    count_counterpart: bool = attrs.field(default=True, validator=sc.flag_validator)
    month_of: Literal["shift", "request"] = attrs.field(
        default="shift", validator=sc.month_of_validator
    )
    counterpart_too: bool = attrs.field(default=True, validator=sc.flag_validator)
    consecutive_includes_given_away: bool = attrs.field(default=True, validator=sc.flag_validator)
    min_rest: timedelta = attrs.field(default=timedelta(hours=8), validator=non_negative_duration)
    skill_tolerance: int = attrs.field(default=1, validator=sc.count_validator)
    require_approvals: bool = attrs.field(default=True, validator=sc.flag_validator)
    giver_leave_blocks: bool = attrs.field(default=True, validator=sc.flag_validator)
    already_understaffed: Severity | None = attrs.field(
        default=Severity.WARNING, validator=sc.severity_validator
    )
    max_suggested: int = attrs.field(default=3, validator=sc.count_validator)
    holiday_basis: HolidayBasis = attrs.field(default="period", validator=holiday_basis_validator)
    record_gap: timedelta = attrs.field(
        default=timedelta(hours=24), validator=non_negative_duration
    )
    empty_shift_giver_share: float = attrs.field(default=0.0, validator=ho.share_validator)
    unclear_hand_over_giver_share: float = attrs.field(default=0.5, validator=ho.share_validator)
    extra_checks: tuple[Callable[..., Iterable[Violation]], ...] = attrs.field(
        default=(),
        converter=_extra_checks,
        metadata=RUNTIME_ONLY,
    )

    def assess_hand_over(
        self,
        roster: Roster | RosterView,
        records: Iterable[ClockRecord],
        logs: Iterable[HandOverLog] = (),
        *,
        until: datetime | None = None,
    ) -> AttendanceReport:
        """SWAP-7 from what happened: each shift moved by a swap on the roster's record
        (that has ended by ``until``) must have been worked (a clock-in, ``records``) and
        handed over (a hand-over log entry for the shift, ``logs``).

        A shift left empty is absenteeism (ERROR); the one who was to work it (the taker)
        bears it, the giver ``empty_shift_giver_share`` of it when the hand-over entry is
        there, ``unclear_hand_over_giver_share`` when it is not (an unclear hand-over).  A
        shift worked without a hand-over entry is a WARNING shared the same way.  One
        violation per party with a share, its ``facts["share"]`` an exact fraction.

        .. versionadded:: 0.2.0
        """
        return ho.assess(self, view_of(roster), records, logs, until)

    def check(self, request: SwapRequest, roster: Roster | RosterView) -> Decision:
        """Decide ``request`` against every rule of ``SWAP_RULES``, in order.

        :param roster: a :class:`Roster`, or the live :class:`RosterView` of a review
            (earlier approved swaps already applied); it is read, never changed.
        :returns: a :class:`~servicepolicy.rules.Decision` about ``request.id``, refused
            on any ERROR; its
            ``required_approver`` names team leaders whose approval is missing (SWAP-5).
        :raises servicepolicy.errors.UnknownRecordError: if the request names an employee
            or shift that is not on the roster (bad input).  A shift that exists but is
            not, or no longer, its giver's is a decision: a SWAP-10 refusal.
        :raises servicepolicy.errors.WrongTypeError: for a request or roster of another type.
        """
        if not isinstance(request, SwapRequest):
            raise WrongTypeError("request", request, "a servicepolicy.workforce.SwapRequest")
        view = view_of(roster)
        swap = sc.resolve(request, view)
        violations = [v for rule in SWAP_RULES for v in rule(self, request, view)]
        for extra in self.extra_checks:  # any plugin can veto
            violations += extra(self, request, view)
        missing = [leader for leader, _ in sc.missing_leaders(swap)]
        return Decision.from_violations(
            violations,
            subject=request.id,
            required_approver=", ".join(missing) or None,
            facts={
                "requester": request.requester,
                "counterpart": request.counterpart,
                "shift": request.shift,
                "return_shift": request.return_shift,
                "shift_time": sc.when(swap.given, view.tz),
                "return_time": sc.when(swap.returned, view.tz),
            },
        )


SwapRule = Callable[[SwapPolicy, SwapRequest, RosterView], Iterator[Violation]]
"""The signature of a SWAP rule: ``rule(policy, request, view)`` yields its violations.

.. versionadded:: 0.1.0
"""

SWAP_RULES: tuple[SwapRule, ...] = (
    swap_1_monthly_limit,
    swap_2_no_consecutive_swaps,
    swap_3_no_back_to_back,
    swap_4_same_job_and_skill,
    swap_5_team_leader_approval,
    swap_6_no_leave_on_swapped_shift,
    swap_7_clear_hand_over,
    swap_8_staffing,
    swap_9_no_public_holiday,
    swap_10_paid_back,
)
"""Every SWAP rule, in the order :meth:`SwapPolicy.check` runs them.

.. versionadded:: 0.1.0
"""
