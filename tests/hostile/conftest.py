"""Shared fixtures of the hostile-input tests: the example month written as files."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicepolicy.sample import month


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example month (seed 2026) written as files, shared and never modified."""
    where = tmp_path_factory.mktemp("hostile-sample")
    month(seed=2026).write(where)
    return where
