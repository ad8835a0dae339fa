"""The argument checks the customer modules use: :mod:`servicepolicy.checks`."""

from servicepolicy.checks import as_tuple as as_tuple
from servicepolicy.checks import count as count
from servicepolicy.checks import day as day
from servicepolicy.checks import items as items
from servicepolicy.checks import number as number
from servicepolicy.checks import optional_text as optional_text
from servicepolicy.checks import text as text
from servicepolicy.checks import texts as texts
