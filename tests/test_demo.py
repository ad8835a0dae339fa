"""``make demo`` runs and shows what the README promises: deadlines and decisions explained."""

from __future__ import annotations

import pytest

from servicepolicy import demo


def test_demo_prints_deadlines_and_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    """CAL-2/CAL-3 deadlines across National Day, and LEAVE/SWAP decisions with rule IDs."""
    demo.main()
    out = capsys.readouterr().out
    assert "due 2026-10-08T17:30+08:00" in out  # the holiday-eve half day, then the holiday
    assert "make-up working day (调休)" in out
    assert "allowed: swap-1" in out
    assert "SWAP-2 [error] Ann: two swaps in a row" in out
    assert "SWAP-9" in out and "LEAVE-7" in out and "LEAVE-9" in out
    assert out.rstrip().endswith(
        "6 requests: 2 approved, 4 refused "
        "(violations: LEAVE-1 1, LEAVE-7 1, LEAVE-9 1, SWAP-2 2, SWAP-9 1)"
    )
