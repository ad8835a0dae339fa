"""Hostile plugins (issue 16): a plugin that raises, returns garbage or a naive datetime,
or hangs, is named; the command exits 2 (the check is incomplete) with one line per
failure and never a traceback; the report lists the plugin's rules as not checked."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from servicepolicy.cli import EXIT_INVALID, main
from servicepolicy.hookspecs import hookimpl
from servicepolicy.io.tickets import COLUMNS
from servicepolicy.rulebook import Rule, load_rules
from servicepolicy.testing import registered
from servicepolicy.tickets import Ticket

RULES = load_rules(
    """
[areas]
EV = "Evil (test plugin)"

[rules.EV-1]
text = "Nothing."
parameters = []
implemented_by = "test_plugins.Evil"
example = "None."
"""
)


class Evil:
    """A plugin whose every answer is an attack of one kind."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    @hookimpl
    def servicepolicy_check_ticket(self, ticket: Ticket, now: datetime) -> Any:
        if self.answer == "hang":
            time.sleep(30)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer

    @hookimpl
    def servicepolicy_adjust_due(self, ticket: Ticket, metric: str, due: datetime) -> Any:
        return due.replace(tzinfo=None) if self.answer == "naive" else None

    @hookimpl
    def servicepolicy_rules(self) -> tuple[Rule, ...]:
        return RULES


def files(tmp_path: Path, budget: str = "30s") -> tuple[Path, Path]:
    policy = tmp_path / "p.toml"
    policy.write_text(
        f'schema_version = 1\nname = "p"\n\n[plugins]\nuse = ["evil"]\nbudget = "{budget}"\n\n'
        '[[sla.targets]]\nname = "respond"\nmetric = "first_response"\nwithin = "8h"\n',
        encoding="utf-8",
    )
    tickets = tmp_path / "tickets.csv"
    header = ",".join(COLUMNS)
    row = {c: "" for c in COLUMNS}
    row.update(
        ticket="T-1",
        kind="inquiry",
        channel="phone",
        customer="C-1",
        event="opened",
        at="2026-11-02T09:00:00+08:00",
        by="agent-1",
    )
    tickets.write_text(header + "\n" + ",".join(row[c] for c in COLUMNS) + "\n", encoding="utf-8")
    return policy, tickets


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("oops", "returned a str from servicepolicy_check_ticket"),
        ([1], "(an item was a int)"),
        ([None], "(an item was None)"),
        (RuntimeError("boom"), "failed in servicepolicy_check_ticket: RuntimeError: boom"),
        (RecursionError("deep"), "failed in servicepolicy_check_ticket: RecursionError"),
        ("naive", "servicepolicy_adjust_due; expected a timezone-aware datetime"),
    ],
)
def test_a_hostile_plugin_is_named_and_the_command_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: Any, said: str
) -> None:
    """Plugins: garbage, exceptions and naive datetimes end as one line naming the plugin,
    exit 2, and the report saying which rules were not checked; no traceback."""
    policy, tickets = files(tmp_path)
    with registered(Evil(answer), name="evil"):
        code = main(["check", str(policy), "--tickets", str(tickets), "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_INVALID
    assert "plugin 'evil'" in captured.err and said in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert "\"EV-1: plugin 'evil' failed" in captured.out
    assert '"ok": false' in captured.out


def test_a_plugin_that_hangs_is_stopped_by_its_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plugins: a hook call over the policy's ``[plugins] budget`` is stopped (the check
    does not hang) and the plugin is reported as failed."""
    policy, tickets = files(tmp_path, budget="0.3s")
    started = time.monotonic()
    with registered(Evil("hang"), name="evil"):
        code = main(["check", str(policy), "--tickets", str(tickets)])
    assert time.monotonic() - started < 20
    assert code == EXIT_INVALID
    assert "within its budget of 0.3 s" in capsys.readouterr().err
