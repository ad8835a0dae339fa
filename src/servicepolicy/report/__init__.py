"""Reports: what a policy check found, as text, JSON, a DataFrame, HTML, JUnit or SARIF.

.. versionadded:: 0.1.0
"""

from servicepolicy.report.formats import FORMATS, render_junit, render_sarif, render_text
from servicepolicy.report.html import render_html
from servicepolicy.report.report import (
    REPORT_FORMAT,
    InputSummary,
    PolicyViolationError,
    Report,
    SlaDay,
)

__all__ = [
    "FORMATS",
    "REPORT_FORMAT",
    "InputSummary",
    "PolicyViolationError",
    "Report",
    "SlaDay",
    "render_html",
    "render_junit",
    "render_sarif",
    "render_text",
]
