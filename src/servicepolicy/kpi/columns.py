"""Calls as columns: a whole batch counted with numpy (KPI-1 … KPI-7).

:meth:`CallAccumulator.add_call_columns <servicepolicy.kpi.CallAccumulator.add_call_columns>`
counts a batch of calls given as numpy arrays, one per field of
:class:`~servicepolicy.kpi.CallRow`, to exactly the integer counts
:meth:`~servicepolicy.kpi.CallAccumulator.add_call_rows` gives for the same calls one
tuple at a time: group keys are found with ``numpy.unique``, counts with
``numpy.bincount`` and sums of milliseconds with integer ``numpy.add.reduceat`` (no
floating point anywhere).  It needs numpy (the extra ``servicepolicy[arrow]``); the
readers use it for files of millions of calls and fall back to the tuple path without it.

>>> import numpy as np
>>> from servicepolicy.kpi import CallAccumulator, Kpi
>>> t = 1_793_408_400_000  # 2026-11-03 09:00 in Asia/Shanghai, epoch milliseconds
>>> calls = CallColumns(
...     offered=np.array([t, t, t]),
...     direction=np.array([0, 0, 0]),  # inbound
...     queue=Categories(np.array([0, 0, 1]), ("billing", "sales")),
...     answered=np.array([True, True, False]),
...     answer=np.array([8_000, 31_000, 0]),
...     abandoned=np.array([False, False, True]),
...     abandon=np.array([0, 0, 12_000]),
...     talk=np.array([200_000, 250_000, 0]),
... )
>>> acc = CallAccumulator([Kpi("service_level")], by=["queue"]).add_call_columns(calls)
>>> [(row.group["queue"], str(row.value)) for row in acc.report().rows]
[('billing', '1/2'), ('sales', '0')]

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.kpi import _counts as m
from servicepolicy.kpi.periods import BUCKET_MS, Labeller, period_label

__all__ = ["CallColumns", "Categories", "PeriodCodes"]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@attrs.frozen(eq=False)
class Categories:
    """A column of names as codes into ``values`` (as ``pyarrow``'s dictionary arrays
    and pandas' categoricals keep them): row ``i`` is ``values[codes[i]]``.

    :param codes: an integer array, one code per row.
    :param values: the names; ``None`` for a row without one.

    .. versionadded:: 0.3.0
    """

    codes: Any
    values: Sequence[str | None]


def _none(n: int) -> Categories:
    import numpy as np

    return Categories(np.zeros(n, dtype=np.int64), (None,))


@attrs.frozen(eq=False)
class CallColumns:
    """A batch of calls, one numpy array per field of :class:`~servicepolicy.kpi.CallRow`
    (all of the same length; a field left out is empty, zero or false in every row).

    :param offered: epoch milliseconds the call was offered (int64).
    :param direction: ``0`` inbound, ``1`` outbound.
    :param queue: the queue of each row (:class:`Categories`); ``team``, ``agent`` alike.
    :param answered: whether the call was answered; ``answer``: the wait, in ms.
    :param abandoned: whether the caller hung up first; ``abandon``: the wait, in ms.
    :param has_rings: whether ``rings`` is known; ``rings``: how many.
    :param talk: talk time in ms; ``hold``, ``acw`` alike (zero when not answered).
    :param fcr: resolved at first contact: ``1`` yes, ``0`` no, ``-1`` not known.
    :param queued: whether the call reached the agent queue (default: every call).

    .. versionadded:: 0.3.0
    """

    offered: Any
    direction: Any
    queue: Categories | None = None
    team: Categories | None = None
    agent: Categories | None = None
    answered: Any = None
    answer: Any = None
    abandoned: Any = None
    abandon: Any = None
    has_rings: Any = None
    rings: Any = None
    talk: Any = None
    hold: Any = None
    acw: Any = None
    fcr: Any = None
    queued: Any = None

    def __len__(self) -> int:
        return len(self.offered)

    def take(self, rows: Any) -> CallColumns:
        """The rows selected by ``rows`` (a boolean mask or indices)."""
        values = {}
        for field in attrs.fields(CallColumns):
            value = getattr(self, field.name)
            if isinstance(value, Categories):
                value = Categories(value.codes[rows], value.values)
            elif value is not None:
                value = value[rows]
            values[field.name] = value
        return CallColumns(**values)

    def filled(self) -> CallColumns:
        """These columns with every missing field filled in and dtypes made exact."""
        import numpy as np

        n = len(self)

        def ints(a: Any) -> Any:
            return np.zeros(n, dtype=np.int64) if a is None else np.asarray(a, dtype=np.int64)

        def flags(a: Any, default: bool) -> Any:
            return np.full(n, default) if a is None else np.asarray(a, dtype=bool)

        names = {d: getattr(self, d) or _none(n) for d in ("queue", "team", "agent")}
        for name, column in names.items():
            if len(column.codes) != n:
                raise InvalidArgumentError(name, len(column.codes), f"{n} codes")
        return CallColumns(
            offered=ints(self.offered),
            direction=ints(self.direction),
            **names,
            answered=flags(self.answered, False),
            answer=ints(self.answer),
            abandoned=flags(self.abandoned, False),
            abandon=ints(self.abandon),
            has_rings=flags(self.has_rings, False),
            rings=ints(self.rings),
            talk=ints(self.talk),
            hold=ints(self.hold),
            acw=ints(self.acw),
            fcr=np.full(n, -1, dtype=np.int64) if self.fcr is None else ints(self.fcr),
            queued=flags(self.queued, True),
        )


def problem(c: CallColumns) -> tuple[int, str] | None:
    """The first row the tuple path would refuse, and why (``c`` filled)."""
    import numpy as np

    n = len(c)
    for name in ("direction", *(f.name for f in attrs.fields(CallColumns)[3:])):
        value = getattr(c, name)
        if not isinstance(value, Categories) and len(value) != n:
            raise InvalidArgumentError(name, len(value), f"{n} values, as many as offered")
    checks = (
        (c.direction < 0) | (c.direction > 1),
        c.answered & c.abandoned,
        c.answered & ((c.answer | c.talk | c.hold | c.acw) < 0),
        ~c.answered & ((c.talk | c.hold | c.acw) != 0),
        c.abandoned & (c.abandon < 0),
        c.has_rings & (c.rings < 0),
    )
    bad = np.zeros(n, dtype=bool)
    for check in checks:
        bad |= check
    if not bad.any():
        return None
    return int(np.argmax(bad)), (
        "direction 0 or 1, durations >= 0, answered or abandoned but not both, "
        "no talk/hold/after-call time on a call nobody answered"
    )


def group_counts(
    c: CallColumns,
    dimensions: Sequence[str],
    label: Callable[[Any], tuple[Any, list[str | None]]] | None,
    thresholds: Sequence[int],
) -> tuple[list[tuple[str | None, dict[str, str | None], int]], Any]:
    """Per group of the batch ``c`` (filled, checked): its period label, dimension
    values and direction code, and a matrix of counts (one row per group, laid out as
    :mod:`servicepolicy.kpi._counts`)."""
    import numpy as np

    n = len(c)
    dimensions = [name for name in dimensions if name != "direction"]  # always a part
    parts: list[tuple[Any, int]] = []  # (codes, how many values) per part of the key
    labels: list[str | None] = [None]
    if label is not None:
        codes, labels = label(c.offered)
        parts.append((codes, len(labels)))
    for name in dimensions:
        column = getattr(c, name)
        parts.append((np.asarray(column.codes, dtype=np.int64), len(column.values)))
    parts.append((c.direction, 2))
    size = 1
    for _, count in parts:
        size *= max(count, 1)
    if size < 1 << 62:
        composite = np.zeros(n, dtype=np.int64)
        for codes, count in parts:
            composite = composite * count + codes
        if size <= max(4 * n, 1 << 16):  # few combinations: count them, no sort
            present = np.flatnonzero(np.bincount(composite, minlength=size))
            lookup = np.zeros(size, dtype=np.int64)
            lookup[present] = np.arange(len(present))
            unique, gid = present, lookup[composite]
        else:
            unique, gid = np.unique(composite, return_inverse=True)
        decoded = []
        for _, count in reversed(parts):
            decoded.append(unique % count)
            unique = unique // count
        columns = decoded[::-1]
    else:  # too many combinations for one int64: unique rows instead
        stacked = np.stack([codes for codes, _ in parts], axis=1)
        unique, gid = np.unique(stacked, axis=0, return_inverse=True)
        columns = [unique[:, i] for i in range(len(parts))]
    gid = gid.reshape(-1)
    groups = len(columns[0])
    out = np.zeros((groups, m.FIXED + 2 * (len(thresholds) + 1)), dtype=np.int64)
    sorted_rows: list[Any] = []  # (order, starts) by group, made when first needed

    def tally(index: int, mask: Any) -> None:
        out[:, index] = np.bincount(gid[mask], minlength=groups)

    def total(index: int, values: Any, mask: Any) -> None:
        picked = np.where(mask, values, 0)
        if int(np.abs(picked).max(initial=0)) * n < 1 << 53:  # float sums are exact
            out[:, index] = np.bincount(gid, weights=picked, minlength=groups).astype(np.int64)
        else:  # integer sums over the rows sorted by group
            if not sorted_rows:
                order = np.argsort(gid, kind="stable")
                sorted_rows[:] = [order, np.searchsorted(gid[order], np.arange(groups))]
            out[:, index] = np.add.reduceat(picked[sorted_rows[0]], sorted_rows[1])

    answered, abandoned = c.answered, c.abandoned & ~c.answered
    queued = c.queued | answered
    out[:, m.OFFERED] = np.bincount(gid, minlength=groups)
    tally(m.QUEUED, queued)
    tally(m.AB_IVR, ~c.queued & abandoned)
    tally(m.ANSWERED, answered)
    total(m.ANS_WAIT, c.answer, answered)
    total(m.TALK, c.talk, answered)
    total(m.HOLD, c.hold, answered)
    total(m.ACW, c.acw, answered)
    rung = answered & c.has_rings
    total(m.RINGS, c.rings, rung)
    tally(m.RINGS_N, rung)
    tally(m.FCR_N, answered & (c.fcr >= 0))
    tally(m.FCR_YES, answered & (c.fcr == 1))
    tally(m.ABANDONED, abandoned)
    total(m.AB_WAIT, c.abandon, abandoned)
    tally(m.AB_QUEUED, abandoned & c.queued)
    total(m.AB_Q_WAIT, c.abandon, abandoned & c.queued)
    buckets = len(thresholds) + 1
    edges = np.asarray(thresholds, dtype=np.int64)
    for start, mask, waits in (
        (m.FIXED, answered, c.answer),
        (m.FIXED + buckets, abandoned, c.abandon),
    ):
        slot = gid[mask] * buckets + np.searchsorted(edges, waits[mask], side="left")
        hist = np.bincount(slot, minlength=groups * buckets).reshape(groups, buckets)
        out[:, start : start + buckets] = hist
    keys = []
    for g in range(groups):
        values = [columns[0][g]] if label is not None else []
        values += [columns[i][g] for i in range(len(values), len(parts))]
        lab = labels[int(values.pop(0))] if label is not None else None
        names = {name: getattr(c, name).values[int(values[i])] for i, name in enumerate(dimensions)}
        keys.append((lab, names, int(values[-1])))
    return keys, out


_DAY = timedelta(days=1)


def _day_start(labeller: Labeller, day: date) -> int | None:
    """The first epoch millisecond whose local date is ``day``, checked; ``None`` when
    local midnight does not exist there (the labeller then labels quarter hours)."""
    local = datetime.combine(day, time(), tzinfo=labeller.zone)
    ms = (local - _EPOCH) // timedelta(milliseconds=1)
    if labeller.local(ms).date() != day or labeller.local(ms - 1).date() >= day:
        return None
    return ms


class PeriodCodes:
    """Each epoch millisecond's period as a code into ``labels``, for whole arrays.

    The labeller labels each quarter hour once (as it caches them): a table indexed by
    quarter hour, over the span seen so far (up to about 57 years), holds each one's
    code, so a batch costs one lookup per row and Python runs only for quarter hours not
    seen before.  A quarter hour the labeller does not cache (its offset or date changes
    within it) is labelled row by row.
    """

    _SPAN = 2_000_000  # quarter hours a table may cover (16 MB)

    def __init__(self, labeller: Labeller) -> None:
        import numpy as np

        self.labeller = labeller
        self.labels: list[str | None] = []
        self._index: dict[str, int] = {}
        self._first = 0
        self._table = np.zeros(0, dtype=np.int64)  # -2 not seen, -1 row by row

    def __getstate__(self) -> Labeller:
        return self.labeller

    def __setstate__(self, labeller: Labeller) -> None:
        self.__init__(labeller)  # type: ignore[misc]

    def _code(self, label: str) -> int:
        code = self._index.get(label)
        if code is None:
            code = self._index[label] = len(self.labels)
            self.labels.append(label)
        return code

    def _bucket_code(self, bucket: int) -> int:
        label = self.labeller.label(bucket * BUCKET_MS)
        return self._code(label) if bucket in self.labeller.cache else -1

    def _fill(self, buckets: Any) -> None:
        """Codes for quarter hours not seen before (sorted), a local day at a time: the
        first instant of each day is found (and checked) once; the quarter hours wholly
        within a day take its label, those around a start the labeller's own."""
        import numpy as np

        labeller = self.labeller
        first_day = labeller.local(int(buckets[0]) * BUCKET_MS).date() - _DAY
        last_day = labeller.local(int(buckets[-1]) * BUCKET_MS + BUCKET_MS).date() + _DAY
        starts: list[int] = []
        days: list[date] = []
        day = first_day
        while day <= last_day:
            start = _day_start(labeller, day)
            if start is None:  # no clean start (a day skipped, a gap at midnight)
                starts, days = [], []
                break
            starts.append(start)
            days.append(day)
            day += _DAY
        begin = buckets * BUCKET_MS
        at = np.searchsorted(np.array(starts, dtype=np.int64), begin, side="right") - 1
        end = np.searchsorted(np.array(starts, dtype=np.int64), begin + BUCKET_MS - 1, "right") - 1
        whole = (at >= 0) & (at == end) & (at < len(days) - 1) if starts else at < -1
        labels = [self._code(period_label(d, labeller.period)) for d in days]
        table_at = buckets - self._first
        if len(labels):
            self._table[table_at[whole]] = np.array(labels, dtype=np.int64)[at[whole]]
        for bucket in buckets[~whole].tolist():
            self._table[bucket - self._first] = self._bucket_code(bucket)

    def __call__(self, ms: Any) -> tuple[Any, list[str | None]]:
        import numpy as np

        buckets = ms // BUCKET_MS
        if not len(buckets):
            return np.zeros(0, dtype=np.int64), self.labels
        low, high = int(buckets.min()), int(buckets.max())
        if len(self._table):
            low, high = min(low, self._first), max(high, self._first + len(self._table) - 1)
        if high - low >= self._SPAN:  # too wide a span for a table: bucket by bucket
            unique, inverse = np.unique(buckets, return_inverse=True)
            per_bucket = np.array([self._bucket_code(b) for b in unique.tolist()], np.int64)
            codes = per_bucket[inverse.reshape(-1)]
        else:
            if low < self._first or high >= self._first + len(self._table):
                table = np.full(high - low + 1, -2, dtype=np.int64)
                at = self._first - low
                table[at : at + len(self._table)] = self._table
                self._first, self._table = low, table
            codes = self._table[buckets - self._first]
            unseen = np.flatnonzero(codes == -2)
            if len(unseen):
                self._fill(np.unique(buckets[unseen]))
                codes = self._table[buckets - self._first]
        for row in np.flatnonzero(codes < 0).tolist():
            codes[row] = self._code(self.labeller.label(int(ms[row])))
        return codes, self.labels
