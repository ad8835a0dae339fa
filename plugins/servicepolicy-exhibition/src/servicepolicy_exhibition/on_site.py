"""On-site service during a show: issues, operations and short deadlines (EXH-5).

During a show, on-site issues with the **venue**, **equipment** or **safety** go to
**operations** with a short on-site deadline.  An ``on_site_service`` ticket (EXH-1) says
which :class:`OnSiteIssue` it is about in a tagged note, written by :func:`report_issue`
(at the opening) or :func:`reclassify_issue` (later; the latest one counts):
``"[EXH-5 issue] safety: fire exit blocked at hall 3"``.

* :func:`operations_escalations`: an issue of the operations categories requires an
  escalation to operations from the moment it is known; a safety issue is an emergency
  (levels may be skipped, ESC-2; a threat to safety, ESC-1).
* :func:`exh_5_hand_over`: the ticket is handed over (TKT-5) to operations within
  ``within`` of the issue being known; an ``error``, ``critical`` for an emergency.
* :func:`on_site_targets`: the short first-response and resolution targets of on-site
  tickets (SLA-1), and :func:`emergency_due`: the tighter first response of an emergency.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> at = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
>>> t = report_issue(id="OS-1", customer="C-9", issue="safety", text="exit blocked",
...                  at=at, by="desk-1")
>>> issue_of(t)
<OnSiteIssue.SAFETY: 'safety'>
>>> print(*operations_escalations(t, at))
2026-11-27 10:00+08:00 EXH-5 OS-1 -> operations: on-site safety issue: exit blocked (emergency)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from servicepolicy.errors import InvalidArgumentError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.rules import Severity, Violation
from servicepolicy.sla import Metric, SlaTarget
from servicepolicy.tickets import EventKind, Ticket

from servicepolicy_exhibition import _checks as check
from servicepolicy_exhibition._notes import Tagged, tag, tagged
from servicepolicy_exhibition.kinds import ON_SITE_SERVICE

__all__ = [
    "EMERGENCY_ISSUES",
    "EMERGENCY_RESPONSE",
    "HAND_OVER_WITHIN",
    "ON_SITE_RESOLUTION",
    "ON_SITE_RESPONSE",
    "OPERATIONS",
    "OPERATIONS_ISSUES",
    "OnSiteIssue",
    "emergency_due",
    "exh_5_hand_over",
    "issue_of",
    "on_site_targets",
    "operations_escalations",
    "reclassify_issue",
    "report_issue",
]


class OnSiteIssue(enum.StrEnum):
    """What an on-site service request is about (EXH-5).

    .. versionadded:: 0.1.0
    """

    VENUE = "venue"
    """The hall, the booth's structure, power, lighting, cleaning, access."""
    EQUIPMENT = "equipment"
    """Equipment the organiser provides: furniture, screens, network, AV."""
    SAFETY = "safety"
    """A threat to people's or equipment's safety (ESC-1)."""
    OTHER = "other"
    """Anything else the desk handles itself (badges, directions, information)."""


OPERATIONS = "operations"
"""Where on-site issues go, as an owner (TKT-5) and an escalation level (EXH-5);
``"operations"`` also matches its members (``"operations-hall3"``).

.. versionadded:: 0.1.0
"""

OPERATIONS_ISSUES = frozenset({OnSiteIssue.VENUE, OnSiteIssue.EQUIPMENT, OnSiteIssue.SAFETY})
"""The issues that go to operations: venue, equipment, safety (EXH-5).

.. versionadded:: 0.1.0
"""

EMERGENCY_ISSUES = frozenset({OnSiteIssue.SAFETY})
"""The issues escalated as emergencies (ESC-1, ESC-2) with the tighter response.

.. versionadded:: 0.1.0
"""

ON_SITE_RESPONSE = timedelta(minutes=10)
"""The plugin's default first-response target of an on-site request (the manual says
"short", without a figure).

.. versionadded:: 0.1.0
"""

ON_SITE_RESOLUTION = timedelta(hours=1)
"""The plugin's default resolution target of an on-site request.

.. versionadded:: 0.1.0
"""

EMERGENCY_RESPONSE = timedelta(minutes=5)
"""The plugin's default first response to an emergency (a safety issue).

.. versionadded:: 0.1.0
"""

HAND_OVER_WITHIN = timedelta(minutes=10)
"""The plugin's default time from an operations issue being known to the hand-over to
operations.

.. versionadded:: 0.1.0
"""


def _issue(value: object, argument: str = "issue") -> OnSiteIssue:
    if isinstance(value, OnSiteIssue):
        return value
    try:
        return OnSiteIssue(check.text(argument, value).strip().lower())
    except ValueError:
        choices = ", ".join(i.value for i in OnSiteIssue)
        raise InvalidArgumentError(argument, value, f"one of {choices}") from None


def _issues(value: Iterable[OnSiteIssue | str], argument: str) -> frozenset[OnSiteIssue]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(_issue(item, f"{argument}[{n}]") for n, item in enumerate(value))


def _note(issue: OnSiteIssue, text: str | None) -> str:
    return tag("EXH-5", "issue", f"{issue.value}: {text}" if text else issue.value)


def report_issue(
    *,
    id: str,
    customer: str,
    issue: OnSiteIssue | str,
    at: datetime,
    by: str,
    text: str | None = None,
    channel: str = "visit",
    priority: str | None = None,
    tier: str | None = None,
) -> Ticket:
    """An ``on_site_service`` ticket opened at the desk at ``at`` by ``by``, about
    ``issue`` (EXH-5); ``by`` owns it (TKT-5).

    :param text: what happened, in words.
    :param channel: where it came in, by default ``"visit"`` (at the desk).
    :raises servicepolicy.errors.InvalidArgumentError: if ``issue`` is not an
        :class:`OnSiteIssue` or its value.

    .. versionadded:: 0.1.0
    """
    found = _issue(issue)
    if text is not None:
        check.text("text", text)
    return Ticket.open(
        id=id,
        kind=ON_SITE_SERVICE,
        customer=customer,
        channel=channel,
        at=at,
        by=by,
        priority=priority,
        tier=tier,
        note=_note(found, text),
    )


def reclassify_issue(
    ticket: Ticket, issue: OnSiteIssue | str, *, at: datetime, by: str, text: str | None = None
) -> Ticket:
    """``ticket`` with its issue changed to ``issue`` at ``at`` (an equipment fault found
    to be a safety matter).

    .. versionadded:: 0.1.0
    """
    found = _issue(issue)
    if text is not None:
        check.text("text", text)
    return ticket.note(_note(found, text), at=at, by=by)


def _latest(ticket: Ticket) -> tuple[OnSiteIssue, Tagged] | None:
    notes = tagged(ticket, "EXH-5", ["issue"])
    if not notes:
        return None
    note = notes[-1]
    name = note.text.partition(":")[0]
    where = f"ticket {ticket.id}, event {note.event}: EXH-5 issue"
    return _issue(name, where), note


def issue_of(ticket: Ticket) -> OnSiteIssue | None:
    """The issue ``ticket`` is about (the latest recorded), or ``None`` if none was.

    .. versionadded:: 0.1.0
    """
    found = _latest(ticket)
    return None if found is None else found[0]


def _operations_issue(
    ticket: Ticket, issues: Iterable[OnSiteIssue | str], kinds: Iterable[str]
) -> tuple[OnSiteIssue, Tagged] | None:
    if ticket.kind not in frozenset(kinds):
        return None
    found = _latest(ticket)
    if found is None or found[0] not in _issues(issues, "issues"):
        return None
    return found


def _detail(note: Tagged) -> str:
    return note.text.partition(":")[2].strip()


def operations_escalations(
    ticket: Ticket,
    now: datetime,
    *,
    operations: str = OPERATIONS,
    issues: Iterable[OnSiteIssue | str] = OPERATIONS_ISSUES,
    emergencies: Iterable[OnSiteIssue | str] = EMERGENCY_ISSUES,
    kinds: Iterable[str] = (ON_SITE_SERVICE,),
) -> Iterator[EscalationRequired]:
    """EXH-5: an on-site ticket about one of ``issues`` (as of ``now``) must go to
    ``operations`` from the moment the issue was recorded; one of ``emergencies`` may
    skip levels (ESC-2).

    .. versionadded:: 0.1.0
    """
    check.instant("now", now)
    check.text("operations", operations)
    found = _operations_issue(ticket.as_of(now), issues, kinds)
    if found is None:
        return
    issue, note = found
    detail = _detail(note)
    yield EscalationRequired(
        ticket.id,
        operations,
        "EXH-5",
        f"on-site {issue.value} issue" + (f": {detail}" if detail else ""),
        note.at,
        emergency=issue in _issues(emergencies, "emergencies"),
    )


def exh_5_hand_over(
    ticket: Ticket,
    now: datetime,
    *,
    operations: str = OPERATIONS,
    within: timedelta = HAND_OVER_WITHIN,
    issues: Iterable[OnSiteIssue | str] = OPERATIONS_ISSUES,
    emergencies: Iterable[OnSiteIssue | str] = EMERGENCY_ISSUES,
    kinds: Iterable[str] = (ON_SITE_SERVICE,),
) -> Iterator[Violation]:
    """EXH-5: an on-site ticket about one of ``issues`` is handed over to ``operations``
    (or a member, ``"operations-hall3"``) within ``within`` of the issue being recorded.

    Judged as of ``now``: before the deadline nothing is owed yet.  A ticket resolved at
    the desk still goes to operations (the manual routes these issues there).

    .. versionadded:: 0.1.0
    """
    check.instant("now", now)
    check.text("operations", operations)
    check.duration("within", within)
    ticket = ticket.as_of(now)
    found = _operations_issue(ticket, issues, kinds)
    if found is None:
        return
    issue, note = found
    due = note.at + within
    handed = next(
        (
            e
            for e in ticket.events
            if e.kind is EventKind.HAND_OVER and e.owner and check.is_member(e.owner, [operations])
        ),
        None,
    )
    if handed is not None and handed.at <= due:
        return
    if handed is None and now <= due:
        return
    emergency = issue in _issues(emergencies, "emergencies")
    late = (
        f"only at {handed.at.isoformat(timespec='minutes')}"
        if handed is not None
        else f"not by {now.isoformat(timespec='minutes')}"
    )
    yield Violation(
        "EXH-5",
        Severity.CRITICAL if emergency else Severity.ERROR,
        f"on-site {issue.value} issue {ticket.id} was due with {operations} by "
        f"{due.isoformat(timespec='minutes')}, handed over {late}",
        subject=ticket.id,
        facts={
            "issue": issue.value,
            "recorded_at": note.at.isoformat(),
            "due": due.isoformat(),
            "handed_over_at": handed.at.isoformat() if handed is not None else None,
            "owner": ticket.owner,
        },
        suggestion=f"hand the ticket over to {operations} (ticket.hand_over(to={operations!r}))",
    )


def on_site_targets(
    *,
    response: timedelta = ON_SITE_RESPONSE,
    resolution: timedelta = ON_SITE_RESOLUTION,
    calendar: str | None = None,
    kinds: Iterable[str] = (ON_SITE_SERVICE,),
) -> list[SlaTarget]:
    """The short deadlines of on-site tickets (EXH-5, SLA-1): ``exh-on-site-response``
    (first response) and ``exh-on-site-resolution``.

    :param calendar: the name of the policy calendar the clocks run on (SLA-2), or
        ``None`` for calendar time, the default: a request made just before the desk
        closes is then due that evening, not the next show day, and a clock never runs
        into the days after the show, where the desk calendar has no working time.

    .. versionadded:: 0.1.0
    """
    check.duration("response", response)
    check.duration("resolution", resolution)
    if calendar is not None:
        check.text("calendar", calendar)
    selected = check.names("kinds", kinds)
    return [
        SlaTarget(
            "exh-on-site-response",
            Metric.FIRST_RESPONSE,
            response,
            kinds=selected,
            calendar=calendar,
            rule="EXH-5",
        ),
        SlaTarget(
            "exh-on-site-resolution",
            Metric.RESOLUTION,
            resolution,
            kinds=selected,
            calendar=calendar,
            rule="EXH-5",
        ),
    ]


def emergency_due(
    ticket: Ticket,
    metric: str,
    due: datetime,
    *,
    response: timedelta = EMERGENCY_RESPONSE,
    emergencies: Iterable[OnSiteIssue | str] = EMERGENCY_ISSUES,
    kinds: Iterable[str] = (ON_SITE_SERVICE,),
) -> datetime | None:
    """The first response to an on-site emergency is due ``response`` after the issue
    was recorded, if that is earlier than ``due``; ``None`` for any other ticket or
    metric (EXH-5, the plugin's ``servicepolicy_adjust_due``).

    .. versionadded:: 0.1.0
    """
    check.instant("due", due)
    check.duration("response", response)
    if metric != Metric.FIRST_RESPONSE or ticket.kind not in frozenset(kinds):
        return None
    found = _latest(ticket)
    if found is None or found[0] not in _issues(emergencies, "emergencies"):
        return None
    return min(due, found[1].at + response)
