"""``servicepolicy.dask.check``: the calls counted on a Dask cluster, then the same check.

See :mod:`servicepolicy.dask` for what is partitioned, what stays in the driver and how
lines are numbered.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from servicepolicy.dask.parts import (
    Counted,
    Part,
    count_part,
    csv_parts,
    parquet_files,
    parquet_parts,
    part_batches,
)
from servicepolicy.errors import InvalidArgumentError, MissingExtraError
from servicepolicy.io.calls_arrow import BulkCalls, count_call_batches
from servicepolicy.kpi import CallAccumulator
from servicepolicy.policy.check import call_accumulator, check_policy
from servicepolicy.policy.sections import Policy
from servicepolicy.report import Report

__all__ = ["CountedCalls", "check", "count_calls", "require_dask"]

#: dask's own schedulers, by the names ``dask.compute(scheduler=...)`` takes
LOCAL_SCHEDULERS = ("sync", "synchronous", "single-threaded", "threads", "processes")


def require_dask() -> None:
    """Import dask and distributed, or raise :class:`~servicepolicy.errors.MissingExtraError`
    naming the extra ``servicepolicy[dask]``."""
    for name in ("dask", "dask.dataframe", "distributed", "pyarrow", "numpy"):
        try:
            __import__(name)
        except ImportError:
            raise MissingExtraError("servicepolicy.dask", "dask", name) from None


@attrs.frozen(eq=False)
class CountedCalls:
    """The calls counted part by part and merged in input order.

    :param calls: the merged counts, records and rejected rows: what
        :meth:`Policy.check <servicepolicy.policy.Policy>` takes as ``calls``.
    :param parts: how many parts were counted in workers (0: the driver read the input).
    :param fallback: why the driver read the input itself, if it did (an ID used in two
        parts, a row whose line a part could not keep), else ``None``.
    """

    calls: Any
    parts: int
    fallback: str | None = None


def check(
    policy: Policy,
    *,
    now: datetime | str | None = None,
    calls: Any = None,
    tickets: Any = None,
    surveys: Any = None,
    roster: Any = None,
    requests: Any = None,
    attendance: Any = None,
    hand_over_logs: Any = None,
    other_inputs: Sequence[tuple[str, Any]] = (),
    select: Any = None,
    ignore: Any = None,
    scheduler: str | None = None,
    client: Any = None,
    partitions: int | None = None,
    source: str | None = None,
    progress: Any = None,
) -> Report:
    """:meth:`Policy.check <servicepolicy.policy.Policy>` with the calls counted on Dask.

    :param calls: a Dask DataFrame (text columns named as in a calls file), a Parquet
        file, a directory of Parquet files or a glob (``"calls/*.parquet"``), or a CSV
        file; counted in parts on the workers and merged exactly.
    :param scheduler: the address of a running scheduler (``"tcp://host:8786"``), or one
        of dask's local schedulers (``"threads"``, ``"processes"``, ``"sync"``); ``None``:
        ``client``, else dask's default (a ``distributed.Client`` made before, or threads).
    :param client: a ``distributed.Client`` to run on.
    :param partitions: about how many parts to count a file in (default: a Parquet
        file's row groups; a CSV file in one part a worker thread).
    :param source: the name of a DataFrame input in the report (default ``"calls"``).

    Every other argument is passed to :meth:`Policy.check
    <servicepolicy.policy.Policy.check>` as is (read in the driver).
    """
    if calls is not None:
        calls = count_calls(
            policy,
            calls,
            scheduler=scheduler,
            client=client,
            partitions=partitions,
            source=source,
        ).calls
    return check_policy(
        policy,
        now=now,
        calls=calls,
        tickets=tickets,
        surveys=surveys,
        roster=roster,
        requests=requests,
        attendance=attendance,
        hand_over_logs=hand_over_logs,
        other_inputs=other_inputs,
        select=select,
        ignore=ignore,
        progress=progress,
    )


def count_calls(
    policy: Policy,
    calls: Any,
    *,
    scheduler: str | None = None,
    client: Any = None,
    partitions: int | None = None,
    source: str | None = None,
) -> CountedCalls:
    """The calls of ``calls`` (see :func:`check`) counted into ``policy``'s call KPIs,
    part by part on Dask, merged in input order.

    :raises MissingExtraError: dask is not installed.
    :raises DataFileError: no such file, not Parquet, files with different columns.
    """
    require_dask()
    if scheduler is not None and client is not None:
        raise InvalidArgumentError(
            "scheduler", scheduler, "no scheduler when a client is given (one or the other)"
        )
    empty = call_accumulator(policy)
    if empty is None:  # the policy counts no call KPIs: the driver reads for the report
        return CountedCalls(_single(policy, _Input.of(calls, partitions, source), None), 0)
    found = _Input.of(calls, partitions, source)
    blob = pickle.dumps(empty)
    with _runner(scheduler, client) as run:
        counted = found.count(blob, run)
    reason = _why_not(counted)
    if reason is not None:
        return CountedCalls(_single(policy, found, empty), 0, reason)
    merged = _merge([c.bulk for c in counted if c.bulk is not None], found.source)
    return CountedCalls(merged, len(counted))


@attrs.frozen(eq=False)
class _Input:
    """The calls input as parts (or a DataFrame's partitions)."""

    parts: list[Part]
    source: str | None
    frame: Any = None  # the Dask DataFrame
    path: str | None = None  # a CSV file's path

    @classmethod
    def of(cls, calls: Any, partitions: int | None, source: str | None) -> _Input:
        if _is_dask_frame(calls):
            return cls([], source, frame=calls)
        if isinstance(calls, str | os.PathLike):
            path = os.fspath(calls)
            if path.lower().endswith(".csv") and os.path.isfile(path):
                parts = csv_parts(path, partitions or _workers_guess())
                return cls(parts or [], path, path=path)
        if isinstance(calls, str | os.PathLike | list | tuple):
            return cls(parquet_parts(parquet_files(calls), partitions), _name(calls))
        raise InvalidArgumentError(
            "calls",
            calls,
            "a Dask DataFrame, a Parquet file, directory or glob, or a CSV file",
        )

    def count(self, empty: bytes, run: Callable[[list[Any]], list[Any]]) -> list[Counted]:
        """Every part counted in a task (``[]`` when the driver must read the input)."""
        from dask import delayed

        if self.frame is not None:
            pieces = self.frame.to_delayed()
            lengths = run([delayed(len)(piece) for piece in pieces])
            header = tuple(str(c) for c in self.frame.columns)
            line, tasks = 2, []
            for piece, rows in zip(pieces, lengths, strict=True):
                part = Part("frame", None, line, int(rows), header)
                tasks.append(delayed(count_part)(part, empty, self.source, piece))
                line += int(rows)
            return list(run(tasks))
        if not self.parts and self.path is not None:
            return []
        return list(run([delayed(count_part)(part, empty, self.source) for part in self.parts]))

    def batches(self) -> Iterator[Any]:
        """Every record batch in input order, read in the driver."""
        if self.frame is not None:
            for piece in self.frame.to_delayed():
                yield from part_batches(Part("frame", None, 2, -1, ()), piece.compute())
            return
        for part in self.parts:
            yield from part_batches(part)

    def header(self) -> tuple[str, ...]:
        if self.frame is not None:
            return tuple(str(c) for c in self.frame.columns)
        return self.parts[0].header if self.parts else ()


def _why_not(counted: list[Counted]) -> str | None:
    """Why the parts' counts cannot simply be merged, or ``None``."""
    import numpy as np

    if not counted:
        return "the file cannot be split by lines"
    if any(c.bulk is None for c in counted):
        return "a part's rows cannot keep their lines (the row reader decides)"
    keys = [c.keys for c in counted if len(c.keys)]
    if len(keys) > 1:
        every = np.sort(np.concatenate(keys))
        if bool((every[1:] == every[:-1]).any()):
            return "a call ID is used in two parts"
    return None


def _merge(found: list[BulkCalls], source: str | None) -> BulkCalls:
    """The parts' counts merged in input order: exact, since they are integer counts."""
    accumulator: CallAccumulator = found[0].accumulator
    for part in found[1:]:
        accumulator = accumulator.merge(part.accumulator)
    records = sum(part.records for part in found)
    rejected = tuple(row for part in found for row in part.rejected)
    return BulkCalls(accumulator, records, rejected, source)


def _single(policy: Policy, found: _Input, empty: CallAccumulator | None) -> Any:
    """The input read in the driver, as one process reads it: the bulk engine over every
    batch in order, else the row reader."""
    if empty is not None and found.path is None and (found.parts or found.frame is not None):
        fresh = pickle.loads(pickle.dumps(empty))
        bulk = count_call_batches(
            found.batches(), found.header(), fresh, source=found.source, again=found.batches
        )
        if bulk is not None:
            return bulk
    if found.path is not None:  # a CSV file: exactly what `servicepolicy check` reads
        from servicepolicy.policy.inputs import read_inputs

        return read_inputs(policy, calls=Path(found.path))["calls"]
    from servicepolicy.io.calls import read_calls

    frame = _as_pandas(found)
    return attrs.evolve(read_calls(frame), source=found.source)


def _as_pandas(found: _Input) -> Any:
    """The whole input as one pandas DataFrame of text (for the row reader)."""
    import pyarrow as pa

    table = pa.Table.from_batches(list(found.batches()))
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names])).to_pandas()


class _runner:
    """Runs a list of delayed tasks on the chosen scheduler (a context manager: a client
    made for an address is closed after)."""

    def __init__(self, scheduler: str | None, client: Any) -> None:
        self.scheduler, self.client, self.own = scheduler, client, None

    def __enter__(self) -> Callable[[list[Any]], list[Any]]:
        import dask

        if self.client is None and self.scheduler not in (None, *LOCAL_SCHEDULERS):
            from distributed import Client

            self.own = self.client = Client(self.scheduler)
        client = self.client

        def run(tasks: list[Any]) -> list[Any]:
            if not tasks:
                return []
            if client is not None:
                return list(client.gather(client.compute(tasks)))
            return list(dask.compute(*tasks, scheduler=self.scheduler))

        return run

    def __exit__(self, *exc: object) -> None:
        if self.own is not None:
            self.own.close()


def _is_dask_frame(calls: Any) -> bool:
    try:
        import dask.dataframe as dd
    except ImportError:
        return False
    return isinstance(calls, dd.DataFrame)


def _name(calls: Any) -> str:
    if isinstance(calls, list | tuple):
        return ", ".join(os.fspath(c) for c in calls)
    return str(os.fspath(calls))


def _workers_guess() -> int:
    return max(2, os.cpu_count() or 1)
