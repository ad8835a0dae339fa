"""The integer counts every KPI is computed from, and where they sit in a group's list
(private).

An accumulator keeps per group one list of ints: the call counts below, then wait
buckets per threshold; ticket accumulators a shorter list of ticket counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

# -- the call counts, one list per group and direction ------------------------------------
(
    OFFERED,
    QUEUED,
    ANSWERED,
    ABANDONED,
    AB_QUEUED,
    ANS_WAIT,
    AB_WAIT,
    TALK,
    HOLD,
    ACW,
    RINGS,
    RINGS_N,
    FCR_YES,
    FCR_N,
    REPEAT_N,
    REPEAT_FAILED,
    CSAT_N,
    CSAT_SUM,
    CSAT_TOP2,
    NPS_N,
    NPS_PRO,
    NPS_DET,
    SURVEY_FCR_YES,
    SURVEY_FCR_N,
    HANDLING,
    AVAILABLE,
    AUX,
    PAID,
    SELF_SERVICE,  # completed in the IVR, never queued (SS)
    AB_IVR,  # hung up in the IVR, before reaching the queue (Ab_IVR)
    AB_Q_WAIT,  # the waits of the calls abandoned in the queue
    REPEAT_PENDING,  # filled in by the report: contacts still within the window
) = range(32)
#: The first wait bucket: answered calls, then abandoned calls, counted by the first
#: threshold their wait is within (the last bucket: above every threshold).
FIXED = 32

# -- the ticket counts ----------------------------------------------------------------------
(
    T_OPENED,
    T_COUNTED,
    T_RESOLVED,
    T_RESPONDED,
    T_RESPONSE_MS,
    T_REPLY_DUE,
    T_REPLY_ON_TIME,
    T_REPLY_PENDING,
    T_COMPLAINTS,
    T_COMPLAINTS_RESOLVED,
    T_FIRST_PROPOSAL,
    T_COMPLAINTS_ENDED,
) = range(12)
TICKET_SIZE = 12

# -- business development (KPI-9): revenue in minor units; the last two filled in by the
#    report from the period before and the same period a year before
B_REVENUE, B_PROJECTS, B_RECORDS, B_REVENUE_PREV, B_REVENUE_LY = range(5)
BUSINESS_SIZE = 3

# -- complaints about agents (KPI-8): about their attitude, about anything else
C_ATTITUDE, C_OTHER = range(2)
COMPLAINT_SIZE = 2


@attrs.frozen
class Layout:
    """Where the wait buckets of each threshold (milliseconds, ascending) are."""

    thresholds: tuple[int, ...]

    @property
    def size(self) -> int:
        return FIXED + 2 * (len(self.thresholds) + 1)

    def within(self, counts: Sequence[int], threshold_ms: int, *, abandoned: bool) -> int:
        """Calls answered (or abandoned) with a wait of at most ``threshold_ms``."""
        start = FIXED + (len(self.thresholds) + 1 if abandoned else 0)
        return sum(counts[start : start + self.thresholds.index(threshold_ms) + 1])
