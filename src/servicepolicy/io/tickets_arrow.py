"""Reading ticket events in bulk with Arrow: the answer of ``read_ticket_events``, faster.

:func:`read_ticket_events_bulk` returns exactly what
:func:`~servicepolicy.io.tickets.read_ticket_events` returns for a JSON Lines, CSV or
Parquet file of ticket events: the same tickets in the same order, the same rejected rows
with the same lines and reasons.  It reads the file into a
:class:`~servicepolicy.io.ticket_table.TicketTable` (see
:mod:`servicepolicy.io.ticket_table` for how, and for when it declines) and builds every
ticket; a caller that needs the tickets' states, owners or a ticket at a time, not all
the tickets at once, reads the table itself and holds far less.

:func:`read_ticket_events_bulk` returns ``None`` when the table does: the row reader must
read the file.

.. versionadded:: 0.3.0
.. versionchanged:: 0.3.0
   Reads through :func:`~servicepolicy.io.ticket_table.read_ticket_table`, a batch at a
   time.
"""

from __future__ import annotations

import os
from collections.abc import Collection

from servicepolicy.io.tabular import ReadResult
from servicepolicy.io.ticket_table import BULK_SUFFIXES, read_ticket_table
from servicepolicy.tickets.lifecycle import LIFECYCLES, LifecycleRegistry
from servicepolicy.tickets.ticket import Ticket

__all__ = ["BULK_SUFFIXES", "read_ticket_events_bulk"]


def read_ticket_events_bulk(
    path: str | os.PathLike[str],
    *,
    lifecycles: LifecycleRegistry = LIFECYCLES,
    ignore_columns: Collection[str] = (),
    tiers: Collection[str] | None = None,
) -> ReadResult[Ticket] | None:
    """Read the ticket events of ``path`` in bulk (see the module); ``None`` if the row
    reader must read this file.  The arguments are those of
    :func:`~servicepolicy.io.tickets.read_ticket_events`.

    .. versionadded:: 0.3.0
    """
    table = read_ticket_table(
        path, lifecycles=lifecycles, ignore_columns=ignore_columns, tiers=tiers, keep_replayed=True
    )
    return None if table is None else table.result()
