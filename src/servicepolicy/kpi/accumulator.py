"""One pass over call, survey and agent-time records; partial results merge exactly
(KPI-1 … KPI-8, KPI-10).

A :class:`CallAccumulator` keeps, per group (period × team × agent × queue ×
direction, as chosen with ``by``), one list of integer counts, whatever the number of
records: memory is flat in the length of the input.  Every count is an integer
(milliseconds for times), so ``a.merge(b)`` gives exactly what one pass over both
inputs gives, and the work can be split across processes.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> t = datetime(2026, 11, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> calls = [
...     CallRecord("inbound", "q1", t, answered=t + timedelta(seconds=8), team="T1",
...                talk_seconds=200, acw_seconds=40),
...     CallRecord("inbound", "q1", t, answered=t + timedelta(seconds=31), team="T1",
...                talk_seconds=250, hold_seconds=30, acw_seconds=60),
...     CallRecord("inbound", "q1", t, abandoned=t + timedelta(seconds=12), team="T1"),
...     CallRecord("inbound", "q1", t, ivr_outcome="self_service", team="T1"),
... ]
>>> acc = CallAccumulator([Kpi("service_level"), Kpi("average_handle_time")],
...                       by=["month", "team"], zone="Asia/Shanghai")
>>> print(acc.add_all(calls).report())
month    team  kpi                  variant            value   target     met
2026-11  T1    service_level        A_T/(A+Ab_Q)       33.3 %  ≥ 80 %     no
2026-11  T1    average_handle_time  (talk+hold+acw)/A  290 s   210–330 s  yes

The call completed in IVR self-service never waited for an agent: it is left out of the
service level (KPI-2), which counts only calls that reached the queue (KPI-11).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Sequence
from datetime import timedelta
from operator import itemgetter
from typing import Any

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.kpi import _counts as m
from servicepolicy.kpi.agent_time import AgentTime, AgentTimeRow
from servicepolicy.kpi.columns import CallColumns, PeriodCodes, group_counts, problem
from servicepolicy.kpi.definitions import CALL_KPIS, Kpi
from servicepolicy.kpi.periods import Labeller, grouping, zone_of
from servicepolicy.kpi.records import CallRecord, Direction
from servicepolicy.kpi.repeat import RepeatContacts
from servicepolicy.kpi.report import KpiReport, check_kpis, group_rows
from servicepolicy.kpi.surveys import SurveyResponse, SurveyRow

__all__ = ["CALL_DIMENSIONS", "CallAccumulator"]

CALL_DIMENSIONS = ("team", "agent", "queue", "direction")
"""The dimensions calls can be grouped by, besides a period."""

#: Where each dimension sits in a call, survey or agent-time row.
_INDEX = {"direction": 1, "queue": 2, "team": 3, "agent": 4}
_DIRECTIONS = frozenset(Direction)
_BY_CODE = (Direction.INBOUND, Direction.OUTBOUND)  # CallColumns.direction


class CallAccumulator:
    """Counts for every KPI of ``kpis``, per group, in one pass (KPI-1 … KPI-8).

    Feed it :class:`~servicepolicy.kpi.CallRecord`,
    :class:`~servicepolicy.kpi.SurveyResponse` and :class:`~servicepolicy.kpi.AgentTime`
    values with :meth:`add` / :meth:`add_all`, or call rows (plain tuples, no objects)
    with :meth:`add_call_rows`, the fast path; then call :meth:`report`.

    :param kpis: the KPIs to report (default ``CALL_KPIS``);
        names must be unique.
    :param by: the grouping: at most one period (``"day"``, ``"week"``, ``"month"``,
        ``"quarter"``, ``"year"``) and any of ``"team"``, ``"agent"``, ``"queue"``,
        ``"direction"``; ``()`` for one overall group.
    :param zone: the time zone periods are counted in: an IANA name, a ZoneInfo, or a
        :class:`~servicepolicy.calendar.BusinessCalendar` (its zone).  Required when
        ``by`` names a period.
    :param csat_scale: the top of the satisfaction scale (every response must use it).
    :param max_lateness: only for first-contact resolution by repeat contacts: how far
        the input may go back in time, or ``None`` to remember every customer (see
        :mod:`servicepolicy.kpi.repeat`).

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        kpis: Iterable[Kpi] = CALL_KPIS,
        *,
        by: Iterable[str] = (),
        zone: object = None,
        csat_scale: int = 5,
        max_lateness: timedelta | None = None,
    ) -> None:
        self.kpis = check_kpis(kpis, "calls")
        self.period, self.dimensions = grouping(by, CALL_DIMENSIONS)
        if self.period is not None and zone is None:
            raise InvalidArgumentError("zone", None, f"a time zone to count {self.period}s in")
        self.zone = None if zone is None else zone_of(zone)
        if isinstance(csat_scale, bool) or not isinstance(csat_scale, int) or csat_scale < 2:
            raise InvalidArgumentError("csat_scale", csat_scale, "an int >= 2")
        self.csat_scale = csat_scale
        if max_lateness is not None and (
            not isinstance(max_lateness, timedelta) or max_lateness < timedelta(0)
        ):
            raise InvalidArgumentError("max_lateness", max_lateness, "a timedelta >= 0 or None")
        self.max_lateness = max_lateness
        self.layout = m.Layout(tuple(sorted(set().union(*(k.thresholds_ms() for k in self.kpis)))))
        windows = {k.window_ms for k in self.kpis if k.variant == "no_repeat"}
        if len(windows) > 1:
            raise InvalidArgumentError(
                "kpis", sorted(windows), "one repeat-contact window per accumulator"
            )
        lateness = None if max_lateness is None else max_lateness // timedelta(milliseconds=1)
        self._repeat = RepeatContacts(windows.pop(), lateness) if windows else None
        self._labeller = Labeller(self.zone, self.period) if self.period and self.zone else None
        self._period_codes: PeriodCodes | None = None  # made by the first add_call_columns
        self._key = itemgetter(*(_INDEX[d] for d in self.dimensions), 1)
        self._groups: dict[tuple[str | None, Any], list[int]] = {}
        self.records = 0
        """How many records were added."""

    # -- adding -----------------------------------------------------------------------------

    def _group(self, key: tuple[str | None, Any]) -> list[int]:
        """A new group's counts, after checking the direction its key ends with."""
        found = key[1][-1] if isinstance(key[1], tuple) else key[1]
        if found not in _DIRECTIONS:
            raise InvalidArgumentError("direction", found, "'inbound' or 'outbound'")
        counts = self._groups[key] = [0] * self.layout.size
        return counts

    def _label(self, ms: int) -> str | None:
        return None if self._labeller is None else self._labeller.label(ms)

    def add(self, record: CallRecord | SurveyResponse | AgentTime) -> None:
        """Add one call, survey response or agent-time record."""
        if isinstance(record, CallRecord):
            self.add_call_rows((record.row(),))
        elif isinstance(record, SurveyResponse):
            self._add_survey(record.row())
        elif isinstance(record, AgentTime):
            self._add_agent_time(record.row())
        else:
            raise WrongTypeError("record", record, "a CallRecord, SurveyResponse or AgentTime")

    def add_all(
        self, records: Iterable[CallRecord | SurveyResponse | AgentTime]
    ) -> CallAccumulator:
        """Add every record; returns the accumulator, for chaining."""
        for record in records:
            self.add(record)
        return self

    def add_call_rows(self, rows: Iterable[Sequence[Any]]) -> CallAccumulator:
        """Add calls given as :class:`~servicepolicy.kpi.CallRow` tuples (or plain tuples
        in the same order): the fast path, for millions of calls from a file or a
        database cursor.

        Only what the counting needs is checked: integer milliseconds, no negative
        durations, a direction of ``"inbound"`` or ``"outbound"``, not both answered
        and abandoned.  A bad row raises, naming its position; the rows before it stay
        counted.  Returns the accumulator.
        """
        groups, new_group = self._groups, self._group
        labeller = self._labeller
        cache = labeller.cache if labeller is not None else None
        label = labeller.label if labeller is not None else None
        key_of, thresholds = self._key, self.layout.thresholds
        ans_b, ab_b = m.FIXED, m.FIXED + len(thresholds) + 1
        repeat, failed = self._repeat, self._failed
        position, done = -1, None
        try:
            for position, row in enumerate(rows):  # noqa: B007 - named in errors
                (offered, direction, _, _, _, customer, answer, abandon) = row[:8]
                (rings, talk, hold, acw, fcr, queued) = row[8:14]
                ivr = row[14] if len(row) > 14 else None
                # every check comes before the first count: a bad row leaves no trace
                if answer is not None:
                    if abandon is not None or (answer | talk | hold | acw) < 0:
                        raise _bad_row(row)
                elif (abandon is not None and (abandon | 0) < 0) or talk or hold or acw:
                    raise _bad_row(row)
                if rings is not None and (rings | 0) < 0:
                    raise _bad_row(row, "rings: expected an int >= 0")
                if ivr is not None and ivr != "queued":
                    if ivr not in _ENDED_IN_IVR or queued or answer is not None:
                        raise _bad_row(row, _IVR_EXPECTED)
                    if ivr == "self_service":
                        if abandon is not None:
                            raise _bad_row(row, _IVR_EXPECTED)
                        c_ivr = m.SELF_SERVICE
                    else:
                        c_ivr = m.AB_IVR
                elif ivr is not None and not queued:
                    raise _bad_row(row, _IVR_EXPECTED)
                elif not queued and answer is None and abandon is not None:
                    c_ivr = m.AB_IVR  # not queued, hung up: in the IVR
                else:
                    c_ivr = -1
                if cache is not None:
                    lab = cache.get(offered // 900_000)
                    if lab is None:
                        lab = label(offered)  # type: ignore[misc]
                else:
                    lab = None
                key = (lab, key_of(row))
                c = groups.get(key)
                if c is None:
                    c = new_group(key)
                if repeat is not None and customer is not None and direction == "inbound":
                    repeat.contact(customer, offered, key, answer is not None, failed)
                    if answer is not None:
                        c[m.REPEAT_N] += 1
                c[m.OFFERED] += 1
                if queued or answer is not None:  # an answered call reached an agent
                    c[m.QUEUED] += 1
                if c_ivr >= 0:
                    c[c_ivr] += 1
                if answer is not None:
                    c[m.ANSWERED] += 1
                    c[m.ANS_WAIT] += answer
                    c[ans_b + bisect_left(thresholds, answer)] += 1
                    c[m.TALK] += talk
                    c[m.HOLD] += hold
                    c[m.ACW] += acw
                    if rings is not None:
                        c[m.RINGS] += rings
                        c[m.RINGS_N] += 1
                    if fcr is not None:
                        c[m.FCR_N] += 1
                        if fcr:
                            c[m.FCR_YES] += 1
                elif abandon is not None:
                    c[m.ABANDONED] += 1
                    c[m.AB_WAIT] += abandon
                    c[ab_b + bisect_left(thresholds, abandon)] += 1
                    if queued:
                        c[m.AB_QUEUED] += 1
                        c[m.AB_Q_WAIT] += abandon
        except TypeError as error:
            done = position
            raise WrongTypeError(
                f"rows[{position}]", error.args[0] if error.args else None, _ROW_TYPES
            ) from error
        except ValueError as error:
            done = position
            if isinstance(error, InvalidArgumentError) and error.argument == "row":
                raise InvalidArgumentError(
                    f"rows[{position}]", error.value, str(error.expected)
                ) from None
            raise
        finally:  # the rows before a bad row are counted; an error of `rows` ends the input
            self.records += position + 1 if done is None else done
        return self

    @property
    def columnar(self) -> bool:
        """Whether :meth:`add_call_columns` can count batches (not with repeat contacts)."""
        return self._repeat is None

    def add_call_columns(self, columns: CallColumns) -> CallAccumulator:
        """Add a batch of calls given as numpy arrays
        (:class:`~servicepolicy.kpi.columns.CallColumns`): the same counts as
        :meth:`add_call_rows` gives for the same calls, computed for the whole batch at
        once (it needs numpy).  A bad row raises, naming its position, and nothing of the
        batch is counted.  Returns the accumulator.

        :raises servicepolicy.errors.InvalidArgumentError: for an accumulator with the
            repeat-contact variant of first-contact resolution, which must see the calls
            one by one in time order (use :meth:`add_call_rows`).

        .. versionadded:: 0.3.0
        """
        if self._repeat is not None:
            raise InvalidArgumentError(
                "columns", "a batch", "calls one by one (add_call_rows): repeat contacts"
            )
        if not isinstance(columns, CallColumns):
            raise WrongTypeError("columns", columns, "a CallColumns")
        filled = columns.filled()
        bad = problem(filled)
        if bad is not None:
            raise InvalidArgumentError(f"rows[{bad[0]}]", "a call", bad[1])
        label = None
        if self._labeller is not None:
            if self._period_codes is None:
                self._period_codes = PeriodCodes(self._labeller)
            label = self._period_codes
        keys, counts = group_counts(filled, self.dimensions, label, self.layout.thresholds)
        row: list[Any] = [None] * 15
        for (lab, names, direction), numbers in zip(keys, counts.tolist(), strict=True):
            for name, value in names.items():
                row[_INDEX[name]] = value
            row[1] = _BY_CODE[direction]
            key = (lab, self._key(row))
            mine = self._groups.get(key)
            if mine is None:
                mine = self._group(key)
            for i, value in enumerate(numbers):
                if value:
                    mine[i] += value
        self.records += len(filled)
        return self

    def _failed(self, key: Hashable) -> None:
        self._groups[key][m.REPEAT_FAILED] += 1  # type: ignore[index]

    def _add_survey(self, row: SurveyRow) -> None:
        if row.csat is not None and row.csat_scale != self.csat_scale:
            raise InvalidArgumentError(
                "survey: csat_scale", row.csat_scale, f"the accumulator's scale {self.csat_scale}"
            )
        key = (self._label(row.at_ms), self._key(row))
        c = self._groups.get(key) or self._group(key)
        if row.csat is not None:
            c[m.CSAT_N] += 1
            c[m.CSAT_SUM] += row.csat
            c[m.CSAT_TOP2] += row.csat >= self.csat_scale - 1
        if row.nps is not None:
            c[m.NPS_N] += 1
            c[m.NPS_PRO] += row.nps >= 9
            c[m.NPS_DET] += row.nps <= 6
        if row.resolved is not None:
            c[m.SURVEY_FCR_N] += 1
            c[m.SURVEY_FCR_YES] += row.resolved
        self.records += 1

    def _add_agent_time(self, row: AgentTimeRow) -> None:
        key = (self._label(row.start_ms), self._key(row))
        c = self._groups.get(key) or self._group(key)
        c[m.HANDLING] += row.handling_ms
        c[m.AVAILABLE] += row.available_ms
        c[m.AUX] += row.aux_ms
        c[m.PAID] += row.paid_ms
        self.records += 1

    # -- combining and reporting -------------------------------------------------------------

    def _settings(self) -> tuple[object, ...]:
        return (
            self.kpis,
            self.period,
            self.dimensions,
            self.zone,
            self.csat_scale,
            self.max_lateness,
        )

    def merge(self, other: CallAccumulator) -> CallAccumulator:
        """A new accumulator holding this one's records followed by ``other``'s; neither
        is changed.  Exact: splitting the input anywhere and merging the parts in order
        reports the same as one pass.

        :raises servicepolicy.errors.InvalidArgumentError: if the two differ in KPIs,
            grouping, zone or scale.
        """
        if not isinstance(other, CallAccumulator):
            raise WrongTypeError("other", other, "a CallAccumulator")
        if self._settings() != other._settings():
            raise InvalidArgumentError(
                "other", other, "an accumulator with the same KPIs, grouping, zone and scale"
            )
        result = object.__new__(CallAccumulator)
        result.__dict__.update(self.__dict__)
        result._groups = {key: list(counts) for key, counts in self._groups.items()}
        for key, counts in other._groups.items():
            mine = result._groups.get(key)
            if mine is None:
                result._groups[key] = list(counts)
            else:
                result._groups[key] = [a + b for a, b in zip(mine, counts, strict=True)]
        if self._repeat is not None and other._repeat is not None:
            result._repeat = self._repeat.merged(other._repeat, result._failed)
        result.records = self.records + other.records
        return result

    def __len__(self) -> int:
        """The number of groups (with each direction apart)."""
        return len(self._groups)

    def report(self) -> KpiReport:
        """Every KPI for every group: value, target, met or shortfall, and the counts."""
        names = ((self.period.value,) if self.period else ()) + self.dimensions
        pending = self._repeat.pending() if self._repeat is not None else {}
        merged: dict[tuple[object, ...], dict[Direction | None, list[int]]] = {}
        for key, counts in self._groups.items():
            label, rest = key
            values = rest if isinstance(rest, tuple) else (rest,)
            group = ((label,) if self.period else ()) + values[:-1]
            counts = list(counts)
            counts[m.REPEAT_PENDING] = pending.get(key, 0)
            merged.setdefault(group, {})[Direction(values[-1])] = counts
        return KpiReport(
            group_rows(names, merged, self.kpis, self.layout),
            by=names,
            records=self.records,
        )


_ENDED_IN_IVR = frozenset({"self_service", "abandoned"})
_IVR_EXPECTED = (
    "ivr: 'queued' (with queued true), 'self_service' or 'abandoned' (not queued, not "
    "answered; self-service not abandoned) or None"
)
_ROW_TYPES = "a call row: int milliseconds, str or None names, bools (see CallRow)"


def _bad_row(row: Sequence[Any], reason: str | None = None) -> InvalidArgumentError:
    expected = reason or (
        "durations >= 0, answered or abandoned but not both, "
        "no talk/hold/after-call time on a call nobody answered"
    )
    return InvalidArgumentError("row", tuple(row), expected)
