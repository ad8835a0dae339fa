"""The plugin's tests run through the installed plugin, as a user's code would.

Each test starts from freshly loaded plugins with the disable switch cleared (a run that
also collects the core suite, whose conftest blocks every plugin, must not leak into
these tests), and leaves the plugins to be loaded again afterwards.
"""

from collections.abc import Iterator

import pytest
from servicepolicy import plugins


@pytest.fixture(autouse=True)
def installed_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The installed plugins, loaded afresh, with nothing disabled."""
    monkeypatch.delenv(plugins.DISABLE_VARIABLE, raising=False)
    plugins.reset()
    yield
    plugins.reset()
