"""Parquet files wherever CSV files are read: every reader of :mod:`servicepolicy.io`
accepts a ``.parquet`` path (or ``format="parquet"``), with the optional extra
``servicepolicy[arrow]`` (pyarrow).

A Parquet file is read a row group at a time, so memory follows the row group, not the
file.  Each cell becomes the text a CSV cell would hold, as a DataFrame's cells do
(``servicepolicy.io.sources``): a timestamp with a zone its ISO 8601 form with the
offset, a number its digits, a boolean ``true``/``false``, a null or NaN an empty cell.
A timestamp *without* a zone becomes a naive ISO 8601 text, which the readers refuse
(CAL-5: a naive instant is never guessed) unless a mapping gives the zone.  A row's
line is its position + 2, as for a DataFrame (line 1 is the header).

>>> import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
>>> from servicepolicy.io.calls import read_calls
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "calls.parquet")
>>> pq.write_table(pa.table({"direction": ["inbound"], "queue": ["billing"],
...     "offered": ["2026-11-03T09:00:00+08:00"], "answered": ["2026-11-03T09:00:12+08:00"],
...     "talk_seconds": [185.5]}), path)
>>> result = read_calls(path)
>>> result.records[0].talk_seconds, result.lines
(185.5, (2,))

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from typing import Any

from servicepolicy.errors import DataFileError

__all__ = ["parquet_rows", "value_text"]

Rows = Iterator[tuple[int, dict[str, str], str | None]]


def value_text(value: object, cell: Callable[[object], str]) -> str:
    """A Parquet value as a cell's text: NaN and infinities are empty cells (as a
    DataFrame's missing values are), anything else as ``cell`` writes it."""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return cell(value)


def parquet_rows(
    path: str | os.PathLike[str],
    check: Callable[[list[str]], list[str]],
    cell: Callable[[object], str],
) -> Rows:
    """The data rows of the Parquet file ``path`` as ``(line, cells, problem)``, after
    ``check`` accepts its columns; ``cell`` turns a value into a cell's text.

    :raises DataFileError: pyarrow is not installed, or the file is not Parquet.
    """
    name = os.fspath(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DataFileError(
            f"{name}: reading Parquet needs pyarrow: pip install 'servicepolicy[arrow]'",
            source=name,
        ) from None
    try:
        file = pq.ParquetFile(name)
    except Exception as error:  # pyarrow's own errors: not Parquet, truncated
        why = type(error).__name__
        raise DataFileError(f"{name}: not a Parquet file ({why})", source=name) from None
    header = check([str(column) for column in file.schema_arrow.names])
    return _rows(file, header, cell)


def _rows(file: Any, header: list[str], cell: Callable[[object], str]) -> Rows:
    line = 2
    for batch in file.iter_batches(batch_size=65_536):
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for values in zip(*columns, strict=True):
            cells, problems = {}, []
            for column, value in zip(header, values, strict=True):
                try:
                    cells[column] = value_text(value, cell)
                except (TypeError, ValueError):  # a list, a struct: not a single value
                    cells[column] = repr(value)
                    problems.append(f"{column}: expected a single value, got {value!r}")
            if any(cells.values()):
                yield line, cells, "; ".join(problems) or None
            line += 1
