"""Calls, the main input of the KPIs (KPI-1 … KPI-7).

The record types (calls here, survey responses and agent time beside) are frozen and
carry timezone-aware instants and durations in seconds; each converts itself to a plain
tuple (:meth:`CallRecord.row` …) with integer epoch milliseconds, which is what the
accumulators count.  Durations are kept in whole milliseconds (rounded half to even),
so sums are exact integers and partial results merge exactly.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 3, 9, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> call = CallRecord("inbound", "billing", at, answered=at.replace(second=12),
...                   agent="A-01", team="T1", rings=2, talk_seconds=185.5,
...                   hold_seconds=20, acw_seconds=30)
>>> call.wait_seconds, call.handle_seconds
(12.0, 235.5)
>>> call.row().answer_ms, call.row().talk_ms
(12000, 185500)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import attrs

from servicepolicy.checks import aware
from servicepolicy.errors import InvalidArgumentError, WrongTypeError

__all__ = ["CallRecord", "CallRow", "Direction", "IvrOutcome", "epoch_ms"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


class Direction(enum.StrEnum):
    """Which way a call goes; inbound and outbound targets differ (KPI-1, KPI-6).

    .. versionadded:: 0.1.0
    """

    INBOUND = "inbound"
    """The customer called in (the hotline)."""
    OUTBOUND = "outbound"
    """An agent called out (campaigns, callbacks, follow-up visits)."""


class IvrOutcome(enum.StrEnum):
    """How a call left the IVR (the voice menu before the agent queue), KPI-1, KPI-2, KPI-5.

    A call that never reached the agent queue was not waiting for an agent: the default
    variants of service level, queue time and abandonment leave it out, and connection
    rate counts it apart (KPI-11 names each treatment).

    .. versionadded:: 0.1.0
    """

    QUEUED = "queued"
    """Left the IVR for the agent queue (or there is no IVR)."""
    SELF_SERVICE = "self_service"
    """Completed by IVR self-service, such as a balance enquiry; never queued."""
    ABANDONED = "abandoned"
    """The caller hung up in the IVR, before reaching the queue."""


_IVR = {outcome.value: outcome for outcome in IvrOutcome}


def ivr_outcome(value: object, argument: str = "ivr_outcome") -> IvrOutcome | None:
    """``value`` as an :class:`IvrOutcome` (``None`` stays ``None``: not recorded)."""
    if value is None or isinstance(value, IvrOutcome):
        return value
    found = _IVR.get(value) if isinstance(value, str) else None
    if found is None:
        raise InvalidArgumentError(argument, value, "'queued', 'self_service', 'abandoned' or None")
    return found


def direction(value: object, argument: str = "direction") -> Direction:
    """``value`` as a :class:`Direction`; an error naming the choices otherwise."""
    if isinstance(value, Direction):
        return value
    if isinstance(value, str):
        try:
            return Direction(value)
        except ValueError:
            pass
    raise InvalidArgumentError(argument, value, "'inbound' or 'outbound'")


def epoch_ms(value: datetime, argument: str = "instant") -> int:
    """Whole milliseconds since 1970-01-01 UTC (floored), from an aware datetime (CAL-5).

    >>> epoch_ms(datetime(1970, 1, 1, 0, 0, 1, 500, tzinfo=UTC))
    1000

    .. versionadded:: 0.1.0
    """
    return (aware(argument, value) - _EPOCH) // _MS


def seconds_to_ms(argument: str, value: object) -> int:
    """A non-negative number of seconds as whole milliseconds (rounded half to even)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise WrongTypeError(argument, value, "a number of seconds (int or float)")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise InvalidArgumentError(argument, value, "a finite number of seconds >= 0")
    if value < 0:
        raise InvalidArgumentError(argument, value, "a number of seconds >= 0")
    if isinstance(value, int):
        return value * 1000
    if isinstance(value, float):
        # the product is off by at most an ulp: only a near-tie needs the exact value
        product = value * 1000
        nearest = round(product)
        if abs(abs(product - nearest) - 0.5) > 1e-6 * max(1.0, product):
            return nearest
    return round(Fraction(value) * 1000)


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise WrongTypeError(attribute.name, value, "a non-empty string or None")


def optional_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise WrongTypeError(attribute.name, value, "True, False or None")


def check_count(argument: str, value: object, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(argument, value, "an int")
    if value < low or (high is not None and value > high):
        raise InvalidArgumentError(
            argument, value, f"an int from {low} to {high}" if high else f"an int >= {low}"
        )


def seconds_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds_to_ms(attribute.name, value)


def direction_field(value: object) -> Direction:
    return direction(value)


class CallRow(NamedTuple):
    """A call as plain values, the fast input of
    :meth:`~servicepolicy.kpi.CallAccumulator.add_call_rows`; a plain tuple in the same
    order works too.  Instants are integer epoch milliseconds, durations integer
    milliseconds.

    .. versionadded:: 0.1.0
    """

    offered_ms: int
    """When the call was offered (entered the queue, or was dialled), epoch ms."""
    direction: str
    """``"inbound"`` or ``"outbound"``."""
    queue: str | None
    """The queue (skill group) or campaign."""
    team: str | None
    """The agent's team."""
    agent: str | None
    """The agent who handled it."""
    customer: str | None
    """Who called, for first-contact resolution by repeat contacts (KPI-7)."""
    answer_ms: int | None
    """Milliseconds from offered to answered; ``None`` if not answered."""
    abandon_ms: int | None
    """Milliseconds from offered to abandoned; ``None`` if not abandoned."""
    rings: int | None
    """Rings before the answer, if recorded."""
    talk_ms: int
    """Talk time."""
    hold_ms: int
    """Hold time."""
    acw_ms: int
    """After-call work (wrap-up) time."""
    resolved_first_contact: bool | None
    """The agent's first-contact-resolution flag, if recorded."""
    queued: bool
    """Whether the call entered the agent queue."""
    ivr: str | None = None
    """How the call left the IVR (``"queued"``, ``"self_service"``, ``"abandoned"``, or
    ``None`` if not recorded); rows of 14 values, without it, are accepted."""


@attrs.frozen
class CallRecord:
    """One call, inbound or outbound, as an ACD or dialler reports it (KPI-1 … KPI-7).

    A call is offered (it enters the queue, or is dialled), then answered, abandoned
    (the caller hung up while waiting) or neither (an outbound call nobody picked up,
    an inbound call the system routed away).

    :param direction: ``"inbound"`` or ``"outbound"``.
    :param queue: the queue (skill group) or campaign.
    :param offered: when the call was offered (timezone-aware).
    :param answered: when an agent (inbound) or the customer (outbound) answered.
    :param abandoned: when the caller hung up before an answer.
    :param ended: when the call ended, if known; after the answer or abandonment.
    :param agent: the agent who handled it.
    :param team: the agent's team.
    :param rings: rings before the answer (KPI-4), if recorded.
    :param talk_seconds: talk time; zero for a call nobody answered.
    :param hold_seconds: time on hold during the call.
    :param acw_seconds: after-call work (wrap-up) time.
    :param resolved_first_contact: the agent's flag: resolved on this contact (KPI-7).
    :param customer: who called, for first-contact resolution by repeat contacts.
    :param ivr_outcome: how the call left the IVR (an :class:`IvrOutcome` or its value):
        ``"queued"``, ``"self_service"`` (completed in the IVR) or ``"abandoned"`` (hung up
        in the IVR); ``None`` (the default, for data without it) when not recorded.  A
        call that ended in the IVR was not answered by an agent.
    :param queued: whether the call entered the agent queue; by default ``True`` unless
        ``ivr_outcome`` says the call ended in the IVR.  A call not queued with an
        ``abandoned`` instant hung up in the IVR.
    :param id: the call's ID, if any.
    :raises servicepolicy.errors.NaiveDatetimeError: for an instant without a zone.
    :raises servicepolicy.errors.InvalidArgumentError: for negative durations, a call
        both answered and abandoned, instants out of order, talk time on a call nobody
        answered, an IVR outcome that contradicts ``queued`` or the answer.

    .. versionadded:: 0.1.0
    """

    direction: Direction = attrs.field(converter=direction_field)
    queue: str | None = attrs.field(validator=optional_text)
    offered: datetime
    answered: datetime | None = attrs.field(default=None, kw_only=True)
    abandoned: datetime | None = attrs.field(default=None, kw_only=True)
    ended: datetime | None = attrs.field(default=None, kw_only=True)
    agent: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    team: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    rings: int | None = attrs.field(default=None, kw_only=True)
    talk_seconds: float = attrs.field(default=0, kw_only=True)
    hold_seconds: float = attrs.field(default=0, kw_only=True)
    acw_seconds: float = attrs.field(default=0, kw_only=True)
    resolved_first_contact: bool | None = attrs.field(
        default=None, kw_only=True, validator=optional_bool
    )
    customer: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    ivr_outcome: IvrOutcome | None = attrs.field(default=None, kw_only=True, converter=ivr_outcome)
    queued: bool = attrs.field(
        default=attrs.Factory(
            lambda self: self.ivr_outcome in (None, IvrOutcome.QUEUED), takes_self=True
        ),
        kw_only=True,
    )
    id: str | None = attrs.field(default=None, kw_only=True, validator=optional_text)
    _row: CallRow = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        where = f"call {self.id}: " if self.id else "call: "
        # instants are compared in epoch milliseconds: two datetimes of one zone compare
        # by wall time, which is wrong in the hour a daylight-saving change repeats
        offered = epoch_ms(self.offered, f"{where}offered")
        at: dict[str, int | None] = {}
        for name in ("answered", "abandoned", "ended"):
            value = at[name] = getattr(self, name)
            if value is None:
                continue
            ms = at[name] = epoch_ms(value, f"{where}{name}")
            if ms < offered:
                raise InvalidArgumentError(
                    f"{where}{name}", value, f"an instant at or after offered ({self.offered})"
                )
        answered, abandoned, ended = at["answered"], at["abandoned"], at["ended"]
        if answered is not None and abandoned is not None:
            raise InvalidArgumentError(
                f"{where}abandoned", self.abandoned, "None for a call that was answered"
            )
        settled = answered if answered is not None else abandoned
        if ended is not None and settled is not None and ended < settled:
            raise InvalidArgumentError(
                f"{where}ended",
                self.ended,
                f"an instant at or after {self.answered or self.abandoned}",
            )
        if self.rings is not None:
            check_count(f"{where}rings", self.rings, 0)
        if not isinstance(self.queued, bool):
            raise WrongTypeError(f"{where}queued", self.queued, "True or False")
        ivr = self.ivr_outcome
        if ivr is not None:
            ended_in_ivr = ivr is not IvrOutcome.QUEUED
            if self.queued == ended_in_ivr:
                expected = "False for a call that ended in the IVR" if ended_in_ivr else "True"
                raise InvalidArgumentError(
                    f"{where}queued", self.queued, f"{expected} (ivr_outcome={ivr})"
                )
            if ended_in_ivr and answered is not None:
                raise InvalidArgumentError(
                    f"{where}answered",
                    self.answered,
                    f"None for a call that ended in the IVR ({ivr})",
                )
            if ivr is IvrOutcome.SELF_SERVICE and abandoned is not None:
                raise InvalidArgumentError(
                    f"{where}abandoned", self.abandoned, "None for a call completed in the IVR"
                )
        names = ("talk_seconds", "hold_seconds", "acw_seconds")
        talk, hold, acw = (seconds_to_ms(f"{where}{n}", getattr(self, n)) for n in names)
        if answered is None and (talk or hold or acw):
            name = names[[talk, hold, acw].index(max(talk, hold, acw))]
            raise InvalidArgumentError(
                f"{where}{name}", getattr(self, name), "0 for a call nobody answered"
            )
        row = CallRow(
            offered,
            self.direction,
            self.queue,
            self.team,
            self.agent,
            self.customer,
            None if answered is None else answered - offered,
            None if abandoned is None else abandoned - offered,
            self.rings,
            talk,
            hold,
            acw,
            self.resolved_first_contact,
            self.queued,
            self.ivr_outcome,
        )
        object.__setattr__(self, "_row", row)

    @property
    def wait_seconds(self) -> float | None:
        """Seconds from offered to answered or abandoned; ``None`` if neither."""
        wait = self._row.answer_ms if self.answered is not None else self._row.abandon_ms
        return None if wait is None else wait / 1000

    @property
    def handle_seconds(self) -> float:
        """Talk, hold and after-call work together (KPI-3)."""
        row = self._row
        return (row.talk_ms + row.hold_ms + row.acw_ms) / 1000

    def row(self) -> CallRow:
        """The call as a :class:`CallRow` (epoch and duration milliseconds)."""
        return self._row
