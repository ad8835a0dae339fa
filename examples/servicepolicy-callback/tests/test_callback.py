"""Tests of the call-back plugin: they run whether it is installed or not."""

from datetime import datetime
from zoneinfo import ZoneInfo

from servicepolicy_callback import plugin

from servicepolicy import plugins
from servicepolicy.sla import SlaPolicy
from servicepolicy.testing import assert_no_violation, assert_violation, make_ticket, registered

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_cb1_the_call_back_is_made_by_phone() -> None:
    """CB-1: a call back recorded on another channel is a violation."""
    with registered(plugin, name="callback-test"):
        ticket = make_ticket("callback", channel="web")
        by_mail = ticket.transition("called", at=ticket.created_at, by="agent-1", channel="email")
        assert_violation(plugins.check_ticket(by_mail, NOW), "CB-1")
        by_phone = ticket.transition("called", at=ticket.created_at, by="agent-1", channel="phone")
        assert_no_violation(plugins.check_ticket(by_phone, NOW), "CB-1")


def test_cb1_the_call_back_is_due_within_two_hours() -> None:
    """CB-1: the plugin's SLA target applies to call-back tickets."""
    with registered(plugin, name="callback-test"):
        ticket = make_ticket("callback")
        (status,) = SlaPolicy(plugins.sla_targets()).evaluate(ticket, NOW)
        assert (status.target.name, status.state) == ("callback", "breached")
