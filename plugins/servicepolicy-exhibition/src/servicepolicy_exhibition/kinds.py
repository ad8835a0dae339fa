"""The exhibition organiser's ticket kinds and their lifecycles (EXH-1).

Three kinds join the library's own (TKT-1) once the plugin is installed:

* ``booth_booking``: an exhibitor asks for a booth.  It is quoted, may wait on the
  customer (documents, a deposit), and is confirmed, declined or withdrawn::

      requested -> quoted | declined
      quoted -> waiting_on_customer | confirmed | withdrawn
      waiting_on_customer -> quoted
      confirmed -> closed | withdrawn

* ``exhibitor_registration``: an exhibitor registers for a show; the organiser reviews
  the application, may wait on missing documents, and approves or rejects it::

      received -> reviewing
      reviewing -> waiting_on_customer | approved | rejected
      waiting_on_customer -> reviewing
      approved -> closed

* ``on_site_service``: a request at the show's service desk (EXH-5).  It is fixed on the
  spot or someone is dispatched; the clock pauses while the desk waits on the
  exhibitor (SLA-3)::

      reported -> dispatched | resolved
      dispatched -> resolved | waiting_on_exhibitor
      waiting_on_exhibitor -> dispatched
      resolved -> closed

A declined or withdrawn booking and a rejected registration need a note saying why.
The resolution clock (SLA-1) stops when the customer has an answer: a booking confirmed,
declined or withdrawn; a registration approved or rejected; an on-site request resolved.

>>> from servicepolicy.tickets import LIFECYCLES
>>> LIFECYCLES.get(BOOTH_BOOKING).initial
'requested'
>>> sorted(LIFECYCLES.get(ON_SITE_SERVICE).allowed_from("reported"))
['dispatched', 'resolved']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from servicepolicy.tickets import Lifecycle

__all__ = [
    "BOOTH_BOOKING",
    "EXHIBITION_KINDS",
    "EXHIBITION_LIFECYCLES",
    "EXHIBITOR_REGISTRATION",
    "ON_SITE_SERVICE",
]

BOOTH_BOOKING = "booth_booking"
"""The kind of a booth booking (EXH-1).

.. versionadded:: 0.1.0
"""

EXHIBITOR_REGISTRATION = "exhibitor_registration"
"""The kind of an exhibitor registration (EXH-1).

.. versionadded:: 0.1.0
"""

ON_SITE_SERVICE = "on_site_service"
"""The kind of an on-site service request at the show's desk (EXH-1, EXH-5).

.. versionadded:: 0.1.0
"""

EXHIBITION_KINDS = frozenset({BOOTH_BOOKING, EXHIBITOR_REGISTRATION, ON_SITE_SERVICE})
"""The ticket kinds the plugin adds (EXH-1).

.. versionadded:: 0.1.0
"""

EXHIBITION_LIFECYCLES = (
    Lifecycle(
        kind=BOOTH_BOOKING,
        initial="requested",
        transitions={
            "requested": {"quoted", "declined"},
            "quoted": {"waiting_on_customer", "confirmed", "withdrawn"},
            "waiting_on_customer": {"quoted"},
            "confirmed": {"closed", "withdrawn"},
            "closed": set(),
            "declined": set(),
            "withdrawn": set(),
        },
        terminal={"closed", "declined", "withdrawn"},
        waiting={"waiting_on_customer"},
        notes_required={"declined", "withdrawn"},
        resolved={"confirmed", "declined", "withdrawn"},
        rule="EXH-1",
    ),
    Lifecycle(
        kind=EXHIBITOR_REGISTRATION,
        initial="received",
        transitions={
            "received": {"reviewing"},
            "reviewing": {"waiting_on_customer", "approved", "rejected"},
            "waiting_on_customer": {"reviewing"},
            "approved": {"closed"},
            "closed": set(),
            "rejected": set(),
        },
        terminal={"closed", "rejected"},
        waiting={"waiting_on_customer"},
        notes_required={"rejected"},
        resolved={"approved", "rejected"},
        rule="EXH-1",
    ),
    Lifecycle(
        kind=ON_SITE_SERVICE,
        initial="reported",
        transitions={
            "reported": {"dispatched", "resolved"},
            "dispatched": {"resolved", "waiting_on_exhibitor"},
            "waiting_on_exhibitor": {"dispatched"},
            "resolved": {"closed"},
            "closed": set(),
        },
        terminal={"closed"},
        waiting={"waiting_on_exhibitor"},
        resolved={"resolved"},
        rule="EXH-1",
    ),
)
"""The lifecycles of the plugin's kinds, contributed through
:func:`servicepolicy.hookspecs.servicepolicy_lifecycles` (EXH-1).

.. versionadded:: 0.1.0
"""
