"""Shrinkage: from agents on the phones to agents on the schedule, computed exactly.

Shrinkage is the share of paid time in which scheduled agents are not available for calls
(breaks, training, meetings, absence).  ``N`` agents on the phones need
``⌈N / (1 - s)⌉`` on the schedule.  servicepolicy computes this with exact fractions,
reading a float shrinkage through its decimal representation: ``0.32`` is 32/100.  In
binary floating point ``17 / (1 - 0.32)`` is ``25.000000000000004``, one agent too many
after rounding up:

>>> scheduled_agents(17, 0.32)
25
>>> import math
>>> math.ceil(17 / (1 - 0.32))  # float arithmetic
26

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import SupportsFloat

from servicepolicy.staffing import _args

__all__ = ["productive_agents", "scheduled_agents"]

#: A share: a decimal string (``"0.32"``) or a number (int, float, Fraction, Decimal).
Share = str | SupportsFloat


def scheduled_agents(agents: int, shrinkage: Share) -> int:
    """Agents to schedule so that ``agents`` are available: ``⌈agents / (1 - shrinkage)⌉``.

    >>> scheduled_agents(14, "0.30"), scheduled_agents(14, 0), scheduled_agents(0, 0.5)
    (20, 14, 0)

    :param agents: agents needed on the phones, >= 0.
    :param shrinkage: the unavailable share of paid time in [0, 1): a decimal string
        (``"0.32"``), an int, a ``Fraction``, a ``Decimal``, or a float, read as the
        decimal it prints as.
    :raises servicepolicy.errors.InvalidArgumentError: shrinkage outside [0, 1), agents < 0.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    n, share = _args.agents(agents), _args.shrinkage(shrinkage)
    return scheduled_of(n, share)


def productive_agents(scheduled: int, shrinkage: Share) -> int:
    """Agents available on average out of ``scheduled``: ``⌊scheduled·(1 - shrinkage)⌋``.

    >>> productive_agents(25, "0.32"), productive_agents(26, "0.32")
    (17, 17)

    :param scheduled: agents on the schedule, >= 0.
    :param shrinkage: as for :func:`scheduled_agents`.
    :raises servicepolicy.errors.InvalidArgumentError: shrinkage outside [0, 1), scheduled < 0.
    :raises servicepolicy.errors.WrongTypeError: for a value of the wrong type.

    .. versionadded:: 0.1.0
    """
    n = _args.agents(scheduled, argument="scheduled")
    return math.floor(n * (1 - _args.shrinkage(shrinkage)))


def scheduled_of(agents: int, share: Fraction) -> int:
    """``⌈agents / (1 - share)⌉`` in exact arithmetic (no checks)."""
    return math.ceil(agents / (1 - share))
