"""Hostile input and faults (issue 16): one module per attack family."""
