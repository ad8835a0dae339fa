"""Tests for servicepolicy.errors: the hierarchy and what every error keeps."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from servicepolicy import errors
from servicepolicy.errors import (
    ConsentRequiredError,
    DataFileError,
    InvalidArgumentError,
    InvalidCalendarError,
    InvalidPolicyError,
    InvalidRosterError,
    InvalidTransitionError,
    MissingExtraError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    OutputFileError,
    PluginError,
    PolicyFileError,
    ServicePolicyError,
    StructureError,
    UnknownRecordError,
    WrongTypeError,
)

#: Each public error class and the built-in exception it must refine.
BUILTIN_OF = {
    StructureError: ValueError,
    ConsentRequiredError: PermissionError,
    DataFileError: ValueError,
    InvalidArgumentError: ValueError,
    InvalidCalendarError: ValueError,
    InvalidPolicyError: ValueError,
    InvalidRosterError: ValueError,
    InvalidTransitionError: ValueError,
    UnknownRecordError: KeyError,
    NaiveDatetimeError: ValueError,
    NoWorkingTimeError: ValueError,
    OutOfRangeError: OverflowError,
    PluginError: RuntimeError,
    PolicyFileError: ValueError,
    OutputFileError: OSError,
    MissingExtraError: ImportError,
    WrongTypeError: TypeError,
}


def public_error_classes() -> list[type[BaseException]]:
    """Every exception class listed in ``servicepolicy.errors.__all__``."""
    return [
        obj
        for name in errors.__all__
        if inspect.isclass(obj := getattr(errors, name)) and issubclass(obj, BaseException)
    ]


def test_all_lists_every_error_class() -> None:
    """``__all__`` is sorted and names every exception class defined in the module."""
    defined = {
        name
        for name, obj in vars(errors).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseException)
        and obj.__module__ == errors.__name__
        and not name.startswith("_")
    }
    assert set(errors.__all__) == defined
    assert list(errors.__all__) == sorted(errors.__all__)


def test_every_error_is_covered_here() -> None:
    """A new error class must be added to BUILTIN_OF, so its built-in base is checked."""
    assert set(public_error_classes()) == set(BUILTIN_OF) | {ServicePolicyError}


@pytest.mark.parametrize("cls", sorted(BUILTIN_OF, key=lambda c: c.__name__))
def test_subclasses_servicepolicy_error_and_builtin(cls: type[Exception]) -> None:
    """Every error is a ServicePolicyError and the built-in it refines."""
    assert issubclass(cls, ServicePolicyError)
    assert issubclass(cls, BUILTIN_OF[cls])
    assert cls.__doc__, f"{cls.__name__} has no docstring"


def test_base_error_keeps_everything() -> None:
    """ServicePolicyError keeps its message and the optional argument/value/expected."""
    err = ServicePolicyError("boom", argument="hours", value="mon-fri", expected="intervals")
    assert str(err) == "boom"
    assert err.message == "boom"
    assert (err.argument, err.value, err.expected) == ("hours", "mon-fri", "intervals")
    assert isinstance(err, Exception)


def test_base_error_defaults_to_none() -> None:
    """Without keyword arguments, argument, value and expected are None."""
    err = ServicePolicyError("boom")
    assert (err.argument, err.value, err.expected) == (None, None, None)


@pytest.mark.parametrize("cls", [InvalidArgumentError, InvalidCalendarError])
def test_invalid_argument_message(cls: type[InvalidArgumentError]) -> None:
    """The default message names the argument, what was expected and what was given."""
    err = cls("tz", "Mars/Olympus", "an IANA time zone name")
    assert err.argument == "tz"
    assert err.value == "Mars/Olympus"
    assert err.expected == "an IANA time zone name"
    assert str(err) == "tz: expected an IANA time zone name, got 'Mars/Olympus'"


def test_invalid_argument_custom_message() -> None:
    """A specific message replaces the default one; the attributes are still kept."""
    err = InvalidArgumentError("hours", "9-5", "HH:MM-HH:MM", message="hours: bad '9-5'")
    assert str(err) == "hours: bad '9-5'"
    assert (err.argument, err.value, err.expected) == ("hours", "9-5", "HH:MM-HH:MM")


def test_wrong_type_message_names_the_type() -> None:
    """WrongTypeError's message names the argument, the expected type and the actual type."""
    err = WrongTypeError("start", "2026-10-01", "a datetime")
    assert isinstance(err, TypeError)
    assert (err.argument, err.value, err.expected) == ("start", "2026-10-01", "a datetime")
    message = str(err)
    assert message.startswith("start: expected a datetime")
    assert "str" in message
    assert "'2026-10-01'" in message


def test_naive_datetime_error() -> None:
    """NaiveDatetimeError names the argument, cites CAL-5 and says how to fix it."""
    naive = dt.datetime(2026, 9, 30, 17, 0)
    err = NaiveDatetimeError("start", naive)
    assert isinstance(err, InvalidArgumentError)
    assert isinstance(err, ValueError)
    assert err.argument == "start"
    assert err.value is naive
    assert err.expected == "a timezone-aware datetime"
    message = str(err)
    assert message.startswith("start: expected a timezone-aware datetime")
    assert "CAL-5" in message
    assert "tzinfo" in message


@pytest.mark.parametrize(
    ("cls", "builtin"), [(NoWorkingTimeError, ValueError), (OutOfRangeError, OverflowError)]
)
def test_message_only_errors(cls: type[ServicePolicyError], builtin: type[Exception]) -> None:
    """Errors without a fixed format take a message and the same keyword attributes."""
    err = cls("no working time after 2026-10-01", argument="start", value=1, expected="x")
    assert str(err) == "no working time after 2026-10-01"
    assert (err.argument, err.value, err.expected) == ("start", 1, "x")
    with pytest.raises(builtin):
        raise err


def test_caught_as_builtin() -> None:
    """Callers who do not know servicepolicy can catch the built-in exception."""
    with pytest.raises(ValueError, match="expected a rule ID"):
        raise InvalidArgumentError("rule_id", "x", "a rule ID")
