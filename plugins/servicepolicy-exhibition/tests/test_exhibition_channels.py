"""EXH-2: inquiry channels, and replies by the channel the inquiry came in on."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from servicepolicy import plugins
from servicepolicy.rules import Severity
from servicepolicy.testing import T0, assert_no_violation, assert_violation, make_ticket
from servicepolicy.tickets import CHANNELS

from servicepolicy_exhibition import (
    INQUIRY_CHANNELS,
    ExhibitionPlugin,
    ExhibitionSettings,
    exh_2_same_channel,
)

LATER = T0 + timedelta(days=1)


@pytest.mark.parametrize("kind", ["booth_booking", "exhibitor_registration", "on_site_service"])
def test_exh_2_a_reply_by_another_channel_is_a_violation(kind: str) -> None:
    """EXH-2: a booking that came in by email and was answered by phone breaks the
    same-channel rule; the violation names both channels and the event."""
    ticket = make_ticket(kind, channel="email")
    ticket = ticket.reply(at=T0 + timedelta(hours=1), by="agent-2", channel="phone")
    violation = assert_violation(plugins.check_ticket(ticket, LATER), "EXH-2", subject="T-1")
    assert violation.severity is Severity.ERROR
    assert violation.facts["replied_by"] == "phone"
    assert violation.facts["came_in"] == "email"
    assert violation.facts["event"] == 2
    assert "phone (hotline)" in violation.message


def test_exh_2_replies_by_the_same_channel_are_fine() -> None:
    """EXH-2: replies and quotes sent by the ticket's own channel break nothing."""
    ticket = make_ticket("booth_booking", channel="chat")
    ticket = ticket.reply(at=T0 + timedelta(minutes=5), by="agent-1")  # defaults to chat
    ticket = ticket.transition("quoted", at=T0 + timedelta(hours=1), by="agent-1", channel="chat")
    assert_no_violation(plugins.check_ticket(ticket, LATER), "EXH-2")


def test_exh_2_a_quote_sent_by_another_channel_is_a_message_too() -> None:
    """EXH-2: a change of state recorded with the channel it went out on is a message
    to the customer, judged like a reply."""
    ticket = make_ticket("booth_booking", channel="email")
    ticket = ticket.transition("quoted", at=T0 + timedelta(hours=1), by="agent-1", channel="phone")
    violation = assert_violation(plugins.check_ticket(ticket, LATER), "EXH-2")
    assert "moved to quoted by phone (hotline)" in violation.message


def test_exh_2_judges_the_history_as_of_now() -> None:
    """EXH-2: a reply after ``now`` is not judged yet."""
    ticket = make_ticket("booth_booking", channel="email")
    ticket = ticket.reply(at=T0 + timedelta(hours=3), by="agent-1", channel="phone")
    assert_no_violation(plugins.check_ticket(ticket, T0 + timedelta(hours=1)), "EXH-2")
    assert_violation(plugins.check_ticket(ticket, T0 + timedelta(hours=3)), "EXH-2")


@pytest.mark.parametrize("channel", sorted(CHANNELS - INQUIRY_CHANNELS))
def test_exh_2_a_booking_outside_the_inquiry_channels_is_a_warning(channel: str) -> None:
    """EXH-2: booth bookings come in by hotline, website chat or email; another channel
    is flagged as a warning (the manual lists the channels, it does not forbid others)."""
    ticket = make_ticket("booth_booking", channel=channel)
    violation = assert_violation(plugins.check_ticket(ticket, LATER), "EXH-2")
    assert violation.severity is Severity.WARNING
    assert violation.facts["inquiry_channels"] == ["chat", "email", "phone"]


@pytest.mark.parametrize("channel", sorted(INQUIRY_CHANNELS))
def test_exh_2_the_three_inquiry_channels(channel: str) -> None:
    """EXH-2: hotline (phone), website chat (chat) and email are inquiry channels."""
    assert_no_violation(
        plugins.check_ticket(make_ticket("exhibitor_registration", channel=channel), LATER), "EXH-2"
    )


def test_exh_2_on_site_requests_come_in_at_the_desk() -> None:
    """EXH-2: an on-site request made at the desk (``visit``) is not an inquiry."""
    ticket = make_ticket("on_site_service", channel="visit")
    assert_no_violation(plugins.check_ticket(ticket, LATER), "EXH-2")


def test_exh_2_does_not_repeat_the_library_tkt_2_check() -> None:
    """EXH-2 extends TKT-2 without repeating it: with the rule extended to the library's
    inquiries, an answer or a reply by another channel is reported once, as TKT-2 (the
    library judges an inquiry's replies), and a change of state told by another channel,
    which TKT-2 does not judge, as EXH-2."""
    settings = ExhibitionSettings(same_channel_kinds=["booth_booking", "inquiry"])
    plugins.unregister("exhibition")
    plugins.register(ExhibitionPlugin(settings), name="exhibition")
    ticket = make_ticket("inquiry", channel="email")
    ticket = ticket.transition(
        "answered", at=T0 + timedelta(hours=1), by="agent-1", channel="phone"
    )
    assert [v.rule_id for v in plugins.check_ticket(ticket, LATER)] == ["TKT-2"]
    ticket = ticket.reply(at=T0 + timedelta(hours=2), by="agent-1", channel="chat")
    assert sorted(v.rule_id for v in plugins.check_ticket(ticket, LATER)) == ["TKT-2", "TKT-2"]
    ticket = ticket.transition("closed", at=T0 + timedelta(hours=3), by="agent-1", channel="web")
    found = sorted(v.rule_id for v in plugins.check_ticket(ticket, LATER))
    assert found == ["EXH-2", "TKT-2", "TKT-2"]


def test_exh_2_leaves_the_library_kinds_alone_by_default() -> None:
    """EXH-2: by default the rule judges the plugin's kinds only."""
    ticket = make_ticket("complaint", channel="email")
    ticket = ticket.reply(at=T0 + timedelta(hours=1), by="agent-1", channel="phone")
    assert_no_violation(plugins.check_ticket(ticket, LATER), "EXH-2")


@given(
    came_in=st.sampled_from(sorted(CHANNELS)),
    replies=st.lists(st.sampled_from(sorted(CHANNELS)), max_size=6),
)
def test_exh_2_one_violation_per_reply_by_another_channel(came_in: str, replies: list[str]) -> None:
    """EXH-2: exactly the replies on another channel are reported, each once."""
    ticket = make_ticket("exhibitor_registration", channel=came_in)
    for n, channel in enumerate(replies, 1):
        ticket = ticket.reply(at=T0 + timedelta(minutes=n), by="agent-1", channel=channel)
    found = [v.facts["event"] for v in exh_2_same_channel(ticket)]
    assert found == [n + 1 for n, c in enumerate(replies, 1) if c != came_in]
