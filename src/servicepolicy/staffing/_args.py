"""Argument checks shared by the staffing modules (private).

Every public function of :mod:`servicepolicy.staffing` checks its arguments here, so that
bad input fails with the same messages everywhere: the argument's name, the value given
and what would have been accepted.
"""

from __future__ import annotations

import functools
import math
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Rational, Real

from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = [
    "agents",
    "exact",
    "non_negative",
    "optional_positive",
    "positive",
    "probability",
    "seconds",
    "shrinkage",
    "traffic",
]

#: What a number argument accepts, for messages.
_REAL = "a real number (int, float, Fraction or Decimal)"


def _real(argument: str, value: object) -> float:
    """``value`` as a finite float; bools, strings and non-numbers are refused."""
    if type(value) is float or type(value) is int:  # the common case, without ABC checks
        if not math.isfinite(value):
            raise InvalidArgumentError(argument, value, "a finite number")
        return float(value)
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise WrongTypeError(argument, value, _REAL)
    number = float(value)
    if not math.isfinite(number):
        raise InvalidArgumentError(argument, value, "a finite number")
    return number


def positive(argument: str, value: object, expected: str = "a number > 0") -> float:
    """A finite number > 0."""
    number = _real(argument, value)
    if number <= 0:
        raise InvalidArgumentError(argument, value, expected)
    return number


def non_negative(argument: str, value: object, expected: str = "a number >= 0") -> float:
    """A finite number >= 0."""
    number = _real(argument, value)
    if number < 0:
        raise InvalidArgumentError(argument, value, expected)
    return number


def traffic(value: object) -> float:
    """Offered traffic in Erlangs: a finite number >= 0 (0 for an interval without calls)."""
    return non_negative("traffic", value, "a number of Erlangs >= 0")


def agents(value: object, *, minimum: int = 0, argument: str = "agents") -> int:
    """A number of agents: an int (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(argument, value, "an int")
    if value < minimum:
        raise InvalidArgumentError(argument, value, f"an int >= {minimum}")
    return value


def seconds(argument: str, value: object, *, positive: bool) -> float:
    """A duration as seconds: a :class:`~datetime.timedelta` or a number of seconds.

    ``positive`` asks for > 0 (an average handle time, a patience), otherwise >= 0 (a
    service-level threshold may be 0 s: answered without waiting).
    """
    if isinstance(value, timedelta):
        number = value.total_seconds()
    else:
        try:
            number = _real(argument, value)
        except WrongTypeError:
            raise WrongTypeError(
                argument, value, "a datetime.timedelta or a number of seconds"
            ) from None
    if positive and not number > 0:
        raise InvalidArgumentError(argument, value, "a duration > 0 seconds")
    if number < 0:
        raise InvalidArgumentError(argument, value, "a duration >= 0 seconds")
    return number


def probability(argument: str, value: object, *, closed: bool = False) -> float:
    """A fraction strictly between 0 and 1, or in (0, 1] when ``closed``."""
    number = _real(argument, value)
    if not (0 < number < 1 or (closed and number == 1)):
        expected = "a fraction in (0, 1]" if closed else "a fraction strictly between 0 and 1"
        raise InvalidArgumentError(argument, value, expected)
    return number


def optional_positive(argument: str, value: object) -> float | None:
    """``None``, or a number of seconds > 0 (a maximum ASA)."""
    return None if value is None else seconds(argument, value, positive=True)


def exact(argument: str, value: object) -> Fraction:
    """``value`` as an exact :class:`~fractions.Fraction`, read as the decimal it was written as.

    A float is read through its shortest decimal representation (``repr``), so ``0.32``
    is exactly 32/100 and not the binary double nearest to it; a string is a decimal
    (``"0.32"``); ints, Fractions and Decimals are exact already.
    """
    if isinstance(value, bool):
        raise WrongTypeError(argument, value, "a decimal string or a real number")
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidArgumentError(argument, value, "a decimal number such as '0.32'") from None
        if not number.is_finite():
            raise InvalidArgumentError(argument, value, "a finite decimal number")
        return Fraction(number)
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidArgumentError(argument, value, "a finite number")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(argument, value, "a finite number")
        return Fraction(repr(value))
    raise WrongTypeError(argument, value, "a decimal string or a real number")


def shrinkage(value: object) -> Fraction:
    """Shrinkage as an exact fraction in [0, 1)."""
    if type(value) is str or type(value) is float:
        return _shrinkage_of(value)
    return _checked_shrinkage(value)


@functools.lru_cache(maxsize=64, typed=True)
def _shrinkage_of(value: str | float) -> Fraction:
    """Shrinkages written as text or floats repeat from call to call: parse each once."""
    return _checked_shrinkage(value)


def _checked_shrinkage(value: object) -> Fraction:
    share = exact("shrinkage", value)
    if not 0 <= share < 1:
        raise InvalidArgumentError("shrinkage", value, "a share of paid time in [0, 1)")
    return share
