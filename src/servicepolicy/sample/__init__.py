"""The built-in example data: a generated, realistic month of a call centre in Shanghai.

:func:`month` generates a :class:`SampleMonth`, the same for the same seed: 40 agents in
six teams on day and night shifts, their leave and swap requests (most in order, a
handful breaking LEAVE and SWAP rules), the time clock, about 200 customers in tiers,
about 1,500 tickets of every kind with their histories, about 20,000 calls and their
surveys.  :meth:`SampleMonth.write` writes it as the files the library's readers read.

>>> data = month(seed=7)
>>> data.start, data.end, sum("agent" in e.roles for e in data.employees)
(datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), 40)

.. versionadded:: 0.1.0
"""

from servicepolicy.sample.files import FILES
from servicepolicy.sample.month import SampleMonth, month

__all__ = ["FILES", "SampleMonth", "month"]
