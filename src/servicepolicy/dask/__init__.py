"""Counting calls on a Dask cluster: ``servicepolicy.dask.check`` (the extra
``servicepolicy[dask]``).

:func:`check` is :meth:`Policy.check <servicepolicy.policy.Policy>` with the calls
counted in parts on Dask workers: each part (Parquet row groups, a byte range of whole
lines of a CSV file, a DataFrame partition) is read in Arrow batches and counted by the
single-process bulk engine (:func:`~servicepolicy.io.calls_arrow.count_call_batches`);
the driver merges the parts' integer counts in input order, which is exact, and checks
the rest as one process does.  The report equals the single-process report.

* **Lines.**  A part knows the line of its first row, so every row keeps the line the
  single-process reader gives it: a CSV row its physical line (the header is line 1), a
  Parquet or DataFrame row its position + 2.  Several Parquet files (a directory or a
  glob, in name order) are numbered as one table, as if written one after another into
  one file; the report names the input as given (the glob).
* **Call IDs.**  They must be unique across the input.  Each part sends back the 64-bit
  keys of its IDs; if an ID is used in two parts (or two long IDs share a key) the driver
  reads the whole input itself, as one process does, so the rejected repeat names the
  line of the first read exactly.
* **In the driver.**  Tickets, surveys, the roster, requests and attendance are checked
  in the driver, as by :meth:`Policy.check <servicepolicy.policy.Policy.check>`: pass
  them already read.

* **Workers.**  :func:`~servicepolicy.dask.cluster.local_cluster` starts a local
  cluster whose workers count as fast as one process (:mod:`servicepolicy.dask.cluster`:
  dask's default allocator setting costs the counting about a third more CPU); set
  :data:`~servicepolicy.dask.cluster.WORKER_CONFIG` on a cluster of your own.

Nothing of dask is imported until :func:`check` runs; without the extra it raises
:class:`~servicepolicy.errors.MissingExtraError`.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from servicepolicy.dask.cluster import WORKER_CONFIG, local_cluster
from servicepolicy.dask.engine import CountedCalls, check, count_calls, require_dask

__all__ = ["WORKER_CONFIG", "CountedCalls", "check", "count_calls", "local_cluster", "require_dask"]
