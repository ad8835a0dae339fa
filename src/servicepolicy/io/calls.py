"""Reading calls, survey responses and agent time for the KPIs; nothing is lost silently.

Each reader takes a CSV file, a JSON Lines file or a pandas DataFrame (pandas is never
required): a path's format comes from its suffix (``.csv``, ``.jsonl``, ``.ndjson``), an
open text file is CSV unless ``format="jsonl"``, and a DataFrame's row has the line it
would have in a CSV file written with a header (its position + 2).  Every data row becomes
a record or a :class:`~servicepolicy.io.RejectedRow` with its line and the reason; a
CSV header (a DataFrame's columns) that lacks a required column or names an unknown one is
an error for the whole file (:class:`~servicepolicy.errors.DataFileError`).

Cells:

* instants: ISO 8601 with an offset, ``2026-11-03T09:00:12+08:00``; a naive time is
  rejected, never guessed (CAL-5);
* durations: seconds, ``185`` or ``185.5``; an empty cell is 0 (a call nobody answered
  has no talk time);
* ``direction``: ``inbound`` or ``outbound``; flags ``true``/``false``/``yes``/``no``/
  ``1``/``0``, an empty optional flag is "not recorded" (``None``).

Calls (:func:`read_calls`): ``direction, offered`` and optional ``id, queue, answered,
abandoned, ended, agent, team, customer, rings, talk_seconds, hold_seconds, acw_seconds,
resolved_first_contact, queued`` (default true); a call ID used twice is rejected.

>>> import io
>>> text = '''id,direction,queue,offered,answered,abandoned,agent,rings,talk_seconds
... K-1,inbound,hotline,2026-11-03T09:00:00+08:00,2026-11-03T09:00:12+08:00,,A-01,2,185.5
... K-2,inbound,hotline,2026-11-03T09:01:00+08:00,,2026-11-03T09:01:40+08:00,,,
... K-3,inbound,hotline,2026-11-03T09:02:00+08:00,,,,,30
... '''
>>> result = read_calls(io.StringIO(text))
>>> [(call.id, call.wait_seconds) for call in result.records]
[('K-1', 12.0), ('K-2', 40.0)]
>>> print(result.rejected[0])
line 4: call K-3: talk_seconds: expected 0 for a call nobody answered, got 30

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from servicepolicy.io.csv_records import RecordLimits
from servicepolicy.io.tabular import Bad, Format, ReadResult, Row, Source, read

if TYPE_CHECKING:
    from servicepolicy.io.mapping import InputMapping
from servicepolicy.kpi.agent_time import AgentTime
from servicepolicy.kpi.records import CallRecord, Direction
from servicepolicy.kpi.surveys import SurveyResponse

__all__ = [
    "AGENT_TIME_COLUMNS",
    "CALL_COLUMNS",
    "QUEUE_COLUMNS",
    "SURVEY_COLUMNS",
    "read_agent_time",
    "read_calls",
    "read_survey_responses",
]

CALL_COLUMNS = (
    "id",
    "direction",
    "queue",
    "offered",
    "answered",
    "abandoned",
    "ended",
    "agent",
    "team",
    "customer",
    "rings",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "resolved_first_contact",
    "queued",
)
"""Every column of a calls file, in the order :mod:`servicepolicy.sample` writes them;
``direction`` and ``offered`` are required.

.. versionadded:: 0.1.0
"""

SURVEY_COLUMNS = (
    "at",
    "direction",
    "queue",
    "team",
    "agent",
    "customer",
    "csat",
    "csat_scale",
    "nps",
    "resolved",
)
"""Every column of a survey-responses file; ``at`` and ``direction`` are required.

.. versionadded:: 0.1.0
"""

AGENT_TIME_COLUMNS = (
    "start",
    "agent",
    "direction",
    "team",
    "queue",
    "handling_seconds",
    "available_seconds",
    "aux_seconds",
    "paid_seconds",
)
"""Every column of an agent-time file; all but ``team``, ``queue`` and ``aux_seconds`` are
required.

.. versionadded:: 0.1.0
"""


def _direction(row: Row) -> Direction:
    value = row.cells.get("direction", "")
    if value not in Direction._value2member_map_:
        raise Bad(f"direction: expected 'inbound' or 'outbound', got {value!r}")
    return Direction(value)


QUEUE_COLUMNS = ("wait_seconds", "was_abandoned")
"""Two more columns a calls file may have instead of ``answered`` / ``abandoned``
instants, as telephony exports write them: the time in queue (``wait_seconds``) and
whether the caller hung up while waiting (``was_abandoned``, yes or no).  The instant of
the answer (or of the abandonment) is then ``offered`` + ``wait_seconds``; a call neither
abandoned nor talked to (talk time 0) was not answered.

.. versionadded:: 0.3.0
"""


def _answer(row: Row, offered: datetime) -> tuple[datetime | None, datetime | None]:
    """(answered, abandoned) from their instants, else from the queue columns."""
    answered = row.optional_instant("answered")
    abandoned = row.optional_instant("abandoned")
    if answered is not None or abandoned is not None or not row.cells.get("wait_seconds"):
        return answered, abandoned
    at = offered + timedelta(seconds=row.seconds("wait_seconds"))
    if row.flag("was_abandoned", default=False):
        return None, at
    return (at, None) if row.seconds("talk_seconds") else (None, None)


def _call(row: Row) -> CallRecord:
    offered = row.instant("offered")
    answered, abandoned = _answer(row, offered)
    return CallRecord(
        _direction(row),
        row.optional_text("queue"),
        offered,
        answered=answered,
        abandoned=abandoned,
        ended=row.optional_instant("ended"),
        agent=row.optional_text("agent"),
        team=row.optional_text("team"),
        rings=row.optional_integer("rings", low=0),
        talk_seconds=row.seconds("talk_seconds"),
        hold_seconds=row.seconds("hold_seconds"),
        acw_seconds=row.seconds("acw_seconds"),
        resolved_first_contact=row.optional_flag("resolved_first_contact"),
        customer=row.optional_text("customer"),
        queued=row.flag("queued", default=True),
        id=row.optional_text("id"),
    )


def _call_id(call: CallRecord) -> str | None:
    return call.id


def read_calls(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[CallRecord]:
    """Read call records (KPI-1 … KPI-7): one row per call, the columns of
    ``CALL_COLUMNS`` (see the module).

    :param source: a path, an open text file or a DataFrame.
    :param format: ``"csv"`` or ``"jsonl"``, for an open file (default: from the name).
    :param ignore_columns: columns the file may have that are not read.
    :param mapping: how the file's columns and cells map onto these
        (:class:`~servicepolicy.io.mapping.InputMapping`).
    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.1.0
    """
    required = ("direction", "offered")
    optional = (*(c for c in CALL_COLUMNS if c not in required), *QUEUE_COLUMNS)
    unique = ("id", _call_id)
    return read(
        source,
        "call",
        required,
        optional,
        _call,
        ignore_columns,
        format=format,
        unique=unique,
        mapping=mapping,
        instants=("offered", "answered", "abandoned", "ended"),
        durations=("talk_seconds", "hold_seconds", "acw_seconds", "wait_seconds"),
        flags=("resolved_first_contact", "queued", "was_abandoned"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _survey(row: Row) -> SurveyResponse:
    scale = row.optional_integer("csat_scale")
    return SurveyResponse(
        row.instant("at"),
        direction=_direction(row),
        csat=row.optional_integer("csat"),
        csat_scale=5 if scale is None else scale,
        nps=row.optional_integer("nps"),
        resolved=row.optional_flag("resolved"),
        queue=row.optional_text("queue"),
        team=row.optional_text("team"),
        agent=row.optional_text("agent"),
        customer=row.optional_text("customer"),
    )


def read_survey_responses(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[SurveyResponse]:
    """Read survey responses (KPI-7, KPI-8, CAD-4): ``at, direction`` and optional
    ``queue, team, agent, customer, csat, csat_scale`` (default 5), ``nps, resolved``.

    Responses have no ID, so repeated rows are not detected.

    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.1.0
    """
    required = ("at", "direction")
    optional = tuple(c for c in SURVEY_COLUMNS if c not in required)
    return read(
        source,
        "survey response",
        required,
        optional,
        _survey,
        ignore_columns,
        format=format,
        unique=None,
        mapping=mapping,
        instants=("at",),
        flags=("resolved",),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )


def _agent_time(row: Row) -> AgentTime:
    return AgentTime(
        row.instant("start"),
        agent=row.text("agent"),
        direction=_direction(row),
        handling_seconds=row.seconds("handling_seconds", default=None),
        available_seconds=row.seconds("available_seconds", default=None),
        paid_seconds=row.seconds("paid_seconds", default=None),
        aux_seconds=row.seconds("aux_seconds"),
        team=row.optional_text("team"),
        queue=row.optional_text("queue"),
    )


def read_agent_time(
    source: Source,
    *,
    format: Format | None = None,
    ignore_columns: Collection[str] = (),
    mapping: InputMapping | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: RecordLimits | None = None,
) -> ReadResult[AgentTime]:
    """Read agent time (KPI-6 occupancy): ``start, agent, direction, handling_seconds,
    available_seconds, paid_seconds`` and optional ``team, queue, aux_seconds`` (empty: 0).

    :raises servicepolicy.errors.DataFileError: the file cannot be read or its header is
        wrong.

    .. versionadded:: 0.1.0
    """
    optional = ("team", "queue", "aux_seconds")
    required = tuple(c for c in AGENT_TIME_COLUMNS if c not in optional)
    return read(
        source,
        "agent-time row",
        required,
        optional,
        _agent_time,
        ignore_columns,
        format=format,
        unique=None,
        mapping=mapping,
        instants=("start",),
        durations=("handling_seconds", "available_seconds", "aux_seconds", "paid_seconds"),
        encoding=encoding,
        delimiter=delimiter,
        limits=limits,
    )
