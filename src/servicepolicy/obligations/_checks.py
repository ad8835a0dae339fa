"""The argument checks the obligation modules use: :mod:`servicepolicy.checks`."""

from servicepolicy.checks import aware as aware
from servicepolicy.checks import day as day
from servicepolicy.checks import duration as duration
from servicepolicy.checks import end_of_day as end_of_day
from servicepolicy.checks import flag as flag
from servicepolicy.checks import items as items
from servicepolicy.checks import optional_text as optional_text
from servicepolicy.checks import positive_duration as positive_duration
from servicepolicy.checks import text as text
from servicepolicy.checks import unique as unique
from servicepolicy.checks import zone as zone
