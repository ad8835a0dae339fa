"""Deprecated alias of :mod:`servicepolicy.io.roster` (moved in 0.2.0, removed in 1.0)."""

from servicepolicy.deprecation import warn_moved
from servicepolicy.io.roster import *  # noqa: F403
from servicepolicy.io.roster import __all__ as __all__

warn_moved(__name__, "servicepolicy.io.roster")
