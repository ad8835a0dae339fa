"""The peak memory of this process, for every benchmark to print (issue 17)."""

from __future__ import annotations

import resource


def peak_mb() -> float:
    """The process's maximum resident set (``VmHWM``), in MB; ``ru_maxrss`` where
    ``/proc`` is missing."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_peak(what: str = "this run") -> None:
    print(f"peak memory of {what}: {peak_mb():,.0f} MB (VmHWM)")
