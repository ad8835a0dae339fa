"""Deprecated alias of :mod:`servicepolicy.io.converter` (moved in 0.2.0, removed in 1.0)."""

from servicepolicy.deprecation import warn_moved
from servicepolicy.io.converter import *  # noqa: F403
from servicepolicy.io.converter import __all__ as __all__

warn_moved(__name__, "servicepolicy.io.converter")
