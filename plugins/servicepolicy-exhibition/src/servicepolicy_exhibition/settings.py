"""The plugin's parameters: every choice the rule book leaves open (EXH-1 … EXH-5).

:class:`ExhibitionSettings` gathers them with the plugin's defaults.  The installed
plugin runs with the defaults; to run it with others, register an
:class:`~servicepolicy_exhibition.ExhibitionPlugin` made with your settings in place of
the installed one (see the README).  The settings are also the schema of the
``[exhibition]`` section of a policy file
(:func:`servicepolicy.hookspecs.servicepolicy_policy_sections`).

>>> from servicepolicy.io.converter import structure
>>> settings = structure({"sales": ["sales", "bd"], "hand_over_within": 300},
...                      ExhibitionSettings)
>>> sorted(settings.sales), settings.hand_over_within
(['bd', 'sales'], datetime.timedelta(seconds=300))

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import attrs
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

from servicepolicy_exhibition import _checks as check
from servicepolicy_exhibition.channels import INQUIRY_CHANNELS, INQUIRY_KINDS
from servicepolicy_exhibition.kinds import EXHIBITION_KINDS
from servicepolicy_exhibition.on_site import (
    EMERGENCY_ISSUES,
    EMERGENCY_RESPONSE,
    HAND_OVER_WITHIN,
    ON_SITE_RESOLUTION,
    ON_SITE_RESPONSE,
    OPERATIONS,
    OPERATIONS_ISSUES,
    OnSiteIssue,
    _issues,
)
from servicepolicy_exhibition.performance import SATISFACTION_SCALE
from servicepolicy_exhibition.reception import PREPARATION_ITEMS, RECEPTION_KINDS, SALES
from servicepolicy_exhibition.shows import Show

__all__ = ["ExhibitionSettings"]


def _as_set(value: Any) -> Any:
    """``value`` as a frozenset if it is a string or an iterable of hashable items; else
    unchanged, for the validator to refuse with the field's name."""
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, Iterable):
        try:
            return frozenset(value)
        except TypeError:
            return value
    return value


def _names(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    where = f"exhibition settings: {attribute.name}"
    if not isinstance(value, frozenset):
        raise WrongTypeError(where, value, "a string or an iterable of non-empty strings")
    for item in value:
        check.text(where, item)


def _issue_set(field: str, value: object) -> frozenset[OnSiteIssue]:
    where = f"exhibition settings: {field}"
    if not isinstance(value, str | Iterable):
        raise WrongTypeError(where, value, "an iterable of OnSiteIssue values")
    return _issues(value, where)


def _operations_issues(value: object) -> frozenset[OnSiteIssue]:
    return _issue_set("operations_issues", value)


def _emergency_issues(value: object) -> frozenset[OnSiteIssue]:
    return _issue_set("emergency_issues", value)


def _preparation(value: object) -> tuple[str, ...]:
    where = "exhibition settings: preparation"
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongTypeError(where, value, "an iterable of preparation items")
    items = tuple(value)
    for index, item in enumerate(items):
        if item not in PREPARATION_ITEMS:
            raise InvalidArgumentError(
                f"{where}[{index}]", item, "one of " + ", ".join(PREPARATION_ITEMS)
            )
    return tuple(i for i in PREPARATION_ITEMS if i in items)


def _shows(value: object) -> tuple[Show, ...]:
    where = "exhibition settings: shows"
    if isinstance(value, str | Show) or not isinstance(value, Iterable):
        raise WrongTypeError(where, value, "an iterable of Show")
    shows = tuple(value)
    seen: set[str] = set()
    for index, show in enumerate(shows):
        if not isinstance(show, Show):
            raise WrongTypeError(f"{where}[{index}]", show, "a Show")
        if show.code in seen:
            raise InvalidArgumentError(f"{where}[{index}]: code", show.code, "a code used once")
        seen.add(show.code)
    return shows


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check.text(f"exhibition settings: {attribute.name}", value)


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        check.text(f"exhibition settings: {attribute.name}", value)


def _duration(instance: object, attribute: attrs.Attribute[timedelta], value: object) -> None:
    check.duration(f"exhibition settings: {attribute.name}", value)


def _loyal_shows(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    where = "exhibition settings: loyal_shows"
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(where, value, "an int or None")
    if value < 1:
        raise InvalidArgumentError(where, value, "an int >= 1, or None to leave the rule out")


def _satisfaction(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    low, high = SATISFACTION_SCALE
    check.number(f"exhibition settings: {attribute.name}", value, low=low, high=high)


@attrs.frozen
class ExhibitionSettings:
    """The plugin's parameters, with its defaults (EXH-1 … EXH-5).

    EXH-2, channels:

    :param inquiry_channels: the inquiry channels: ``phone`` (hotline), ``chat`` (website
        chat), ``email``.
    :param inquiry_kinds: the kinds expected to come in by one of them (booth bookings,
        exhibitor registrations); another channel is a warning.
    :param same_channel_kinds: the kinds whose messages must go out by the channel the
        ticket came in on (the plugin's three; add ``"inquiry"`` to judge the replies of
        the library's inquiries too).

    EXH-3, reception visits:

    :param reception_kinds: the kinds judged as reception visits (``reception``).
    :param preparation: the items a visit must be prepared with (all five of the manual).
    :param sales: the owners a customer with purchase intent is handed over to
        (``"sales"`` and its members).

    EXH-5, on-site service:

    :param operations: where on-site issues go (owner and escalation level).
    :param operations_issues: the issues that go there (venue, equipment, safety).
    :param emergency_issues: the issues escalated as emergencies (safety).
    :param hand_over_within: the time from an issue being recorded to the hand-over.
    :param on_site_response: the first-response target of on-site tickets.
    :param on_site_resolution: the resolution target of on-site tickets.
    :param emergency_response: the first response to an emergency.
    :param on_site_calendar: the policy calendar on-site clocks run on, ``None`` for
        calendar time.
    :param shows: the shows whose desk calendars the plugin answers by code.

    EXH-4, tiers:

    :param loyal_shows: shows in a year that make a satisfied customer potential
        (:func:`~servicepolicy_exhibition.exhibition_shows`), ``None`` to leave it out.
    :param loyal_satisfaction: the average satisfaction that counts as satisfied.

    :raises servicepolicy.errors.ServicePolicyError: on a bad value; the message names the
        field.

    .. versionadded:: 0.1.0
    """

    inquiry_channels: frozenset[str] = attrs.field(
        default=INQUIRY_CHANNELS, converter=_as_set, validator=_names
    )
    inquiry_kinds: frozenset[str] = attrs.field(
        default=INQUIRY_KINDS, converter=_as_set, validator=_names
    )
    same_channel_kinds: frozenset[str] = attrs.field(
        default=EXHIBITION_KINDS, converter=_as_set, validator=_names
    )
    reception_kinds: frozenset[str] = attrs.field(
        default=RECEPTION_KINDS, converter=_as_set, validator=_names
    )
    preparation: tuple[str, ...] = attrs.field(default=PREPARATION_ITEMS, converter=_preparation)
    sales: frozenset[str] = attrs.field(default=SALES, converter=_as_set, validator=_names)
    operations: str = attrs.field(default=OPERATIONS, validator=_text)
    operations_issues: frozenset[OnSiteIssue] = attrs.field(
        default=OPERATIONS_ISSUES, converter=_operations_issues
    )
    emergency_issues: frozenset[OnSiteIssue] = attrs.field(
        default=EMERGENCY_ISSUES, converter=_emergency_issues
    )
    hand_over_within: timedelta = attrs.field(default=HAND_OVER_WITHIN, validator=_duration)
    on_site_response: timedelta = attrs.field(default=ON_SITE_RESPONSE, validator=_duration)
    on_site_resolution: timedelta = attrs.field(default=ON_SITE_RESOLUTION, validator=_duration)
    emergency_response: timedelta = attrs.field(default=EMERGENCY_RESPONSE, validator=_duration)
    on_site_calendar: str | None = attrs.field(default=None, validator=_optional_text)
    shows: tuple[Show, ...] = attrs.field(default=(), converter=_shows)
    loyal_shows: int | None = attrs.field(default=2, validator=_loyal_shows)
    loyal_satisfaction: float = attrs.field(default=4.0, validator=_satisfaction)

    def show(self, code: str) -> Show | None:
        """The show given as ``code``, or ``None``."""
        return next((s for s in self.shows if s.code == code), None)
