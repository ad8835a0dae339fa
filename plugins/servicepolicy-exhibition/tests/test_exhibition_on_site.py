"""EXH-5: on-site issues go to operations, with short on-site deadlines."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy import plugins
from servicepolicy.errors import InvalidArgumentError, NaiveDatetimeError
from servicepolicy.escalation import EscalationRequired
from servicepolicy.rules import Severity
from servicepolicy.sla import SlaPolicy
from servicepolicy.testing import T0, assert_no_violation, assert_violation
from servicepolicy.tickets import Ticket

from servicepolicy_exhibition import (
    ExhibitionPlugin,
    ExhibitionSettings,
    OnSiteIssue,
    exh_5_hand_over,
    issue_of,
    reclassify_issue,
    report_issue,
)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def issue(kind: str, text: str | None = "hall 3, booth B12") -> Ticket:
    return report_issue(id="OS-1", customer="C-9", issue=kind, text=text, at=T0, by="desk-1")


def test_exh_5_on_site_tickets_get_short_deadlines() -> None:
    """EXH-5: the plugin's SLA targets give on-site tickets a 10-minute first response
    and a one-hour resolution, on calendar time."""
    targets = {t.name: t for t in plugins.sla_targets() if t.rule == "EXH-5"}
    assert {name: (t.metric, t.duration, t.kinds, t.calendar) for name, t in targets.items()} == {
        "exh-on-site-response": (
            "first_response",
            timedelta(minutes=10),
            {"on_site_service"},
            None,
        ),
        "exh-on-site-resolution": ("resolution", timedelta(hours=1), {"on_site_service"}, None),
    }


def test_exh_5_an_on_site_request_answered_late_breaches() -> None:
    """EXH-5: evaluated with the installed targets, a request answered after 12 minutes
    breaches the first response; one resolved in 40 minutes meets the resolution."""
    policy = SlaPolicy(plugins.sla_targets())
    ticket = issue("equipment").reply(at=minutes(12), by="desk-1")
    ticket = ticket.transition("dispatched", at=minutes(13), by="desk-1")
    ticket = ticket.transition("resolved", at=minutes(40), by="desk-1")
    states = {s.metric: s.state for s in policy.evaluate(ticket, minutes(90))}
    assert states == {"first_response": "breached", "resolution": "met"}


def test_exh_5_a_safety_issue_is_answered_sooner() -> None:
    """EXH-5: the plugin tightens the first response to a safety issue to 5 minutes
    (``servicepolicy_adjust_due``); other issues and clocks are left alone."""
    due = minutes(10)
    assert plugins.adjust_due(issue("safety"), "first_response", due) == minutes(5)
    assert plugins.adjust_due(issue("safety"), "resolution", minutes(60)) is None
    assert plugins.adjust_due(issue("venue"), "first_response", due) is None
    assert plugins.adjust_due(issue("safety"), "first_response", minutes(3)) == minutes(3)
    later = reclassify_issue(issue("equipment"), "safety", at=minutes(4), by="desk-1")
    assert plugins.adjust_due(later, "first_response", due) == minutes(9)


@pytest.mark.parametrize("kind", ["venue", "equipment", "safety"])
def test_exh_5_venue_equipment_and_safety_go_to_operations(kind: str) -> None:
    """EXH-5: the plugin's escalation rule sends these issues to operations from the
    moment they are reported; safety is an emergency (levels may be skipped)."""
    (found,) = plugins.escalations(issue(kind), minutes(1))
    assert found == EscalationRequired(
        "OS-1",
        "operations",
        "EXH-5",
        f"on-site {kind} issue: hall 3, booth B12",
        T0,
        emergency=kind == "safety",
    )


def test_exh_5_other_issues_stay_at_the_desk() -> None:
    """EXH-5: a request for directions or badges is not an operations issue; neither is
    a ticket with no issue recorded."""
    assert plugins.escalations(issue("other"), minutes(1)) == []
    plain = Ticket.open(
        id="OS-2", kind="on_site_service", customer="C-9", channel="visit", at=T0, by="desk-1"
    )
    assert (issue_of(plain), plugins.escalations(plain, minutes(1))) == (None, [])


def test_exh_5_an_issue_reclassified_goes_to_operations_from_then() -> None:
    """EXH-5: the latest issue recorded counts, from when it was recorded."""
    ticket = reclassify_issue(issue("other"), OnSiteIssue.VENUE, at=minutes(7), by="desk-1")
    assert plugins.escalations(ticket, minutes(6)) == []
    (found,) = plugins.escalations(ticket, minutes(8))
    assert (found.at, found.reason) == (minutes(7), "on-site venue issue")


def test_exh_5_not_handed_over_to_operations_in_time() -> None:
    """EXH-5: an equipment issue still at the desk 10 minutes after it was reported is
    an error; nothing is owed before then."""
    ticket = issue("equipment")
    assert_no_violation(plugins.check_ticket(ticket, minutes(10)), "EXH-5")
    violation = assert_violation(plugins.check_ticket(ticket, minutes(11)), "EXH-5")
    assert violation.severity is Severity.ERROR
    assert violation.facts["owner"] == "desk-1"


def test_exh_5_a_safety_issue_not_handed_over_is_critical() -> None:
    """EXH-5, ESC-1: a safety issue left at the desk is critical."""
    violation = assert_violation(plugins.check_ticket(issue("safety"), minutes(30)), "EXH-5")
    assert violation.severity is Severity.CRITICAL


@pytest.mark.parametrize(
    ("to", "after", "late"),
    [
        ("operations", 5, False),
        ("operations-hall3", 10, False),
        ("operations", 15, True),
        ("dept-it", 5, True),
    ],
)
def test_exh_5_hand_over_to_operations(to: str, after: float, late: bool) -> None:
    """EXH-5: the hand-over to operations (or one of its members) within 10 minutes
    settles it; a later one, or one to someone else, does not."""
    ticket = issue("venue").hand_over(to=to, at=minutes(after), by="desk-1", reason="EXH-5")
    found = [v.rule_id for v in plugins.check_ticket(ticket, minutes(60))]
    assert found == (["EXH-5"] if late else [])


def test_exh_5_operations_and_deadlines_are_parameters() -> None:
    """EXH-5: an organiser whose venue team is ``facilities`` and who allows 20 minutes
    says so in the settings; escalations and checks follow."""
    settings = ExhibitionSettings(operations="facilities", hand_over_within=timedelta(minutes=20))
    plugins.unregister("exhibition")
    plugins.register(ExhibitionPlugin(settings), name="exhibition")
    ticket = issue("equipment")
    assert [e.to for e in plugins.escalations(ticket, minutes(1))] == ["facilities"]
    assert_no_violation(plugins.check_ticket(ticket, minutes(15)), "EXH-5")
    handed = ticket.hand_over(to="facilities-2", at=minutes(18), by="desk-1", reason="fix power")
    assert_no_violation(plugins.check_ticket(handed, minutes(60)), "EXH-5")


@given(
    st.sampled_from(list(OnSiteIssue)),
    st.floats(min_value=0, max_value=120),
    st.floats(min_value=0, max_value=120),
)
def test_exh_5_late_exactly_when_past_the_deadline(
    kind: OnSiteIssue, handed: float, now: float
) -> None:
    """EXH-5: for any issue, hand-over time and instant, the check reports exactly the
    operations issues not handed over within 10 minutes, as of ``now``."""
    ticket = issue(kind)
    if handed <= now:
        ticket = ticket.hand_over(to="operations", at=minutes(handed), by="desk-1", reason="x")
    found = list(exh_5_hand_over(ticket, minutes(now)))
    routed = kind is not OnSiteIssue.OTHER
    on_time = handed <= now and handed <= 10
    assert bool(found) == (routed and not on_time and now > 10)


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda: issue("fire"), "issue"),
        (lambda: issue("venue", text=""), "text"),
        (lambda: reclassify_issue(issue("venue"), "flood", at=T0, by="a"), "issue"),
        (lambda: exh_5_hand_over(issue("venue"), T0.replace(tzinfo=None)).__next__(), "now"),
        (lambda: list(exh_5_hand_over(issue("venue"), T0, within=timedelta(0))), "within"),
        (
            lambda: ExhibitionSettings(operations_issues=["venue", "fire"]),
            "exhibition settings: operations_issues[1]",
        ),
    ],
)
def test_exh_5_bad_input_names_the_field(build: object, argument: str) -> None:
    """EXH-5, bad input: a ServicePolicyError naming the field (naive instants are
    refused, CAL-5)."""
    with pytest.raises((InvalidArgumentError, NaiveDatetimeError, TypeError)) as error:
        build()  # type: ignore[operator]
    assert getattr(error.value, "argument", None) == argument
