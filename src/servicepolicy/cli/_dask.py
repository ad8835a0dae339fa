"""``servicepolicy check --engine dask``: the calls counted on Dask workers (a local
cluster of 2 workers, or the scheduler of ``--scheduler``).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicepolicy.errors import DataFileError, InvalidArgumentError

#: how long connecting to ``--scheduler`` may take
CONNECT_SECONDS = 10


def dask_calls(policy: Any, calls: Path, scheduler: str | None, limit: Any) -> Any:
    """The calls of ``calls`` counted on Dask (see :func:`servicepolicy.dask.count_calls`),
    refused as :func:`~servicepolicy.policy.inputs.read_inputs` refuses a file with more
    rejected rows than ``limit`` allows."""
    from servicepolicy.dask import count_calls, require_dask
    from servicepolicy.policy.inputs import rejected_problems

    require_dask()
    from distributed import Client

    from servicepolicy.dask import local_cluster

    if scheduler is None:
        cluster = local_cluster(2)
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise InvalidArgumentError(
                "--scheduler",
                scheduler,
                "the address of a running Dask scheduler",
                message=f"--scheduler: cannot connect to {scheduler!r}: {error}",
            ) from None
    try:
        counted = count_calls(policy, str(calls), client=client).calls
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    problems = rejected_problems([counted], limit)
    if problems:
        raise DataFileError("\n".join(problems), rejected=list(counted.rejected))
    return counted
