"""A minimal servicepolicy plugin: call-back requests (CB-1)."""

__version__ = "0.1.0"
