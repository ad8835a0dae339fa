"""Old import paths kept working after a move, with a :class:`DeprecationWarning`.

A package whose names moved elsewhere keeps them reachable through a module
``__getattr__`` (PEP 562), so that importing the package does not import their new
home (the readers moved from the domain packages to :mod:`servicepolicy.io`, which sits
above them):

>>> import warnings
>>> from servicepolicy import workforce
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     reader = workforce.read_roster
>>> reader.__module__, caught[0].category.__name__
('servicepolicy.io.roster', 'DeprecationWarning')

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["moved_names", "warn_moved"]


def moved_names(package: str, moves: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that finds each name of ``moves``
    (name → the module it now lives in) there, warning once per access."""

    def __getattr__(name: str) -> Any:
        home = moves.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        warnings.warn(
            f"{package}.{name} moved to {home}.{name} in servicepolicy 0.2.0; import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(home), name)

    return __getattr__


def warn_moved(old: str, new: str) -> None:
    """Warn that the module ``old`` moved to ``new`` (called by the alias left at
    ``old``)."""
    warnings.warn(
        f"{old} moved to {new} in servicepolicy 0.2.0; import it from there",
        DeprecationWarning,
        stacklevel=3,
    )
