"""Progress of a long check: a caller's function, or ``tqdm.auto`` (a terminal bar, or a
Jupyter widget) when asked for and installed, silent otherwise.

Private to :mod:`servicepolicy.policy.check`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]


def progress_bar(progress: Progress | bool | None) -> Progress | None:
    """``progress`` itself if a function; for ``True`` a ``tqdm.auto`` bar if tqdm is
    installed (else ``None``: silent); ``None`` or ``False``: ``None``."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            auto = importlib.import_module("tqdm.auto")
        except ModuleNotFoundError:
            return None
        return _Tqdm(auto.tqdm)
    return progress


class _Tqdm:
    """``progress(what, done, total)`` on a tqdm bar, closed by ``("done", 1, 1)``."""

    def __init__(self, factory: Callable[..., Any]) -> None:
        self.factory = factory
        self.bar: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if what == "done":
            if self.bar is not None:
                self.bar.update(self.bar.total - self.bar.n)
                self.bar.close()
            return
        if self.bar is None:
            self.bar = self.factory(total=total, desc=what, unit=what.rstrip("s") or "item")
        self.bar.update(done - self.bar.n)
