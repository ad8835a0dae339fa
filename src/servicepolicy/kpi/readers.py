"""Deprecated alias of :mod:`servicepolicy.io.calls` (moved in 0.2.0, removed in 1.0)."""

from servicepolicy.deprecation import warn_moved
from servicepolicy.io.calls import *  # noqa: F403
from servicepolicy.io.calls import __all__ as __all__

warn_moved(__name__, "servicepolicy.io.calls")
