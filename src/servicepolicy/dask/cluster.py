"""A local Dask cluster started for counting calls: :func:`local_cluster`.

Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (the setting
``distributed.nanny.pre-spawn-environ``), so that a long-lived worker hands memory back
to the system.  Setting it switches off glibc's own adjustment of when to map memory
afresh: every array over 128 KiB is then mapped and unmapped each time, a page fault
per page, and the counting (a few hundred numpy arrays of 65,536 rows per part) costs
about a third more CPU (measured by ``benchmarks/bench_dask.py``).  Workers started
without it count as fast as one process does.

:func:`local_cluster` starts its workers so; ``servicepolicy check --engine dask``
without ``--scheduler`` uses it.  For a cluster of your own, set the same in the
workers' Dask configuration (:data:`WORKER_CONFIG`, or ``MALLOC_TRIM_THRESHOLD_: null``
under ``distributed.nanny.pre-spawn-environ`` in their YAML file).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["WORKER_CONFIG", "local_cluster"]

WORKER_CONFIG: dict[str, Any] = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
"""The Dask configuration workers that count calls are best started with (``None``
removes a variable dask would set)."""


def local_cluster(workers: int = 2, **options: Any) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes,
    started with :data:`~servicepolicy.dask.cluster.WORKER_CONFIG` (see the module);
    ``options`` go to ``LocalCluster`` (no dashboard and quiet logs unless given).

    :raises MissingExtraError: the extra ``servicepolicy[dask]`` is not installed.
    """
    from servicepolicy.dask.engine import require_dask

    require_dask()
    from distributed import LocalCluster

    import dask

    settings = {"dashboard_address": None, "silence_logs": 40, **options}
    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, **settings)
