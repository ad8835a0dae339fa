"""How many rejected rows a check tolerates: ``--max-rejected`` and ``[check] max_rejected``.

>>> limit = RejectedLimit.parse("5%")
>>> limit.allows(rejected=5, rows=100), limit.allows(rejected=6, rows=100)
(True, False)
>>> RejectedLimit.parse("0").allows(rejected=1, rows=1_000_000)
False

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import math
import re

import attrs

from servicepolicy.errors import InvalidArgumentError

__all__ = ["RejectedLimit"]

_FORM = re.compile(r"\s*(?:(?P<count>[0-9]+)|(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*%)\s*")


@attrs.frozen
class RejectedLimit:
    """At most ``count`` rejected rows per input, or at most ``percent`` % of its rows
    (read + rejected, rounded down); exactly one of the two is set.

    .. versionadded:: 0.3.0
    """

    count: int | None = 0
    percent: float | None = None

    @classmethod
    def parse(cls, text: object, name: str = "max_rejected") -> RejectedLimit:
        """``"0"``, ``3`` or ``"5%"``; for anything else an
        :class:`~servicepolicy.errors.InvalidArgumentError` naming ``name``."""
        found = (
            _FORM.fullmatch(str(text))
            if isinstance(text, str | int) and text is not True and text is not False
            else None
        )
        if found is None:
            raise InvalidArgumentError(
                name, text, "a whole number of rows (0, 10) or a percentage (5%)"
            )
        if found["count"] is not None:
            return cls(int(found["count"]), None)
        percent = float(found["percent"])
        if percent > 100:
            raise InvalidArgumentError(name, text, "a percentage from 0% to 100%")
        return cls(None, percent)

    def allowed(self, rows: int) -> int:
        """How many of ``rows`` may be rejected."""
        if self.count is not None:
            return self.count
        assert self.percent is not None
        return math.floor(rows * self.percent / 100 + 1e-9)

    def allows(self, *, rejected: int, rows: int) -> bool:
        """Whether ``rejected`` of ``rows`` is within the limit."""
        return rejected <= self.allowed(rows)

    def __str__(self) -> str:
        return str(self.count) if self.count is not None else f"{self.percent:g}%"
