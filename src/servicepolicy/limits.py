"""The range of values the library supports, checked where data comes in.

The readers (:mod:`servicepolicy.io.tabular`), the converter and the policy loader check
every value against these bounds, so that a value out of range becomes a rejected row or
a policy-file problem with its line, never an exception from deep inside a computation.
``docs/bad-input.md`` lists them for users.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import errno
import math
import re
from datetime import UTC, date, datetime, timedelta

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_DIGITS",
    "MAX_DURATION",
    "MAX_SECONDS",
    "date_problem",
    "duration_problem",
    "instant_problem",
    "integer_problem",
    "number_problem",
    "os_reason",
    "printable",
    "text_problem",
]

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
"""The earliest instant accepted."""

LATEST = datetime(2201, 1, 1, tzinfo=UTC)
"""The first instant no longer accepted (the end of 2200)."""

MAX_DIGITS = 15
"""The most digits an integer may have (counts, IDs written as numbers, levels)."""

MAX_SECONDS = 31 * 86_400
"""The longest duration in a data file, in seconds (a call's talk time, a shift's aux
time): 31 days."""

MAX_DURATION = timedelta(days=3_660)
"""The longest duration a policy file may hold (an SLA target or a lead time), about 10 years."""

_RANGE = "between 1900-01-01 and 2200-12-31"


def instant_problem(value: datetime) -> str | None:
    """Why an aware ``value`` is out of range (``None`` if it is not)."""
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        return f"expected an instant {_RANGE}, got {value.isoformat()}"
    return None


def date_problem(value: date) -> str | None:
    """Why a date is out of range (``None`` if it is not)."""
    if not EARLIEST.date() <= value < LATEST.date():
        return f"expected a date {_RANGE}, got {value.isoformat()}"
    return None


def integer_problem(text: str) -> str | None:
    """Why the digits of an integer (written as text) are too many."""
    digits = len(text.lstrip("+-"))
    if digits > MAX_DIGITS:
        return f"expected an integer of at most {MAX_DIGITS} digits, got {digits} digits"
    return None


def number_problem(value: float) -> str | None:
    """Why a number is not usable: not finite (``nan``, ``inf``)."""
    if not math.isfinite(value):
        return f"expected a finite number, got {value}"
    return None


def duration_problem(seconds: float, limit: float = MAX_SECONDS) -> str | None:
    """Why a duration in seconds is out of range (not finite, negative, too long)."""
    if not math.isfinite(seconds) or seconds < 0:
        return f"expected a finite number of seconds >= 0, got {seconds}"
    if seconds > limit:
        return f"expected at most {_days(limit)}, got {seconds:g} seconds"
    return None


def _days(seconds: float) -> str:
    return f"{seconds / 86_400:g} days ({seconds:g} seconds)"


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why a string is not valid Unicode text (a lone surrogate such as ``\\ud800``,
    which no output encoding can write)."""
    found = _SURROGATE.search(value)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        at = found.start()
        return f"expected valid Unicode text, got a lone surrogate {code} at position {at}"
    return None


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that
# can make a terminal show text other than what is there.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with control characters (ANSI escapes, bidi overrides, lone surrogates)
    written as ``\\x1b``, ``\\u202e`` …, so that data cannot drive a terminal."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    escaped = _CONTROL.sub(escape, text)
    return escaped if newlines else escaped.replace("\n", "\\n").replace("\t", "\\t")


def os_reason(error: OSError) -> str:
    """An operating-system error in words: ``"it is a directory, expected a file"`` …"""
    if isinstance(error, IsADirectoryError):
        return "it is a directory, expected a file"
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the disk"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if isinstance(error, NotADirectoryError):
        return "a part of the path is not a directory"
    return (error.strerror or str(error)).lower()
