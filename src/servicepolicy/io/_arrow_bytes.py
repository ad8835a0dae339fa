"""The bytes of an Arrow string array as numpy arrays (private), for the bulk readers'
checks that look at every cell's bytes at once.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from typing import Any


def string_bytes(texts: Any) -> tuple[Any, Any, Any]:
    """(data ``uint8``, start of each cell ``int64``, length of each cell in bytes)."""
    import numpy as np
    import pyarrow as pa

    if texts.type != pa.string():
        texts = texts.cast(pa.string())
    n = len(texts)
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int32)[texts.offset : texts.offset + n + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else None
    if data is None or len(data) == 0:
        data = np.zeros(1, dtype=np.uint8)
    starts = offsets[:-1].astype(np.int64)
    return data, starts, offsets[1:].astype(np.int64) - starts


def fixed_width(data: Any, starts: Any, rows: Any, width: int) -> Any:
    """``width`` bytes from the start of each cell of ``rows``, as a ``(len(rows),
    width)`` matrix (bytes past a cell's end belong to the next cells, or are 0)."""
    import numpy as np

    padded = np.concatenate([data, np.zeros(width, dtype=np.uint8)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    return windows[starts[rows]]  # a row at a time: a copy of ``width`` bytes each


def edge_bytes(data: Any, starts: Any, lengths: Any) -> tuple[Any, Any]:
    """The first and last byte of every cell (0 for an empty cell)."""
    import numpy as np

    filled = lengths > 0
    last = np.maximum(starts + lengths - 1, 0)
    first = np.where(filled, data[np.minimum(starts, len(data) - 1)], 0)
    return first, np.where(filled, data[np.minimum(last, len(data) - 1)], 0)
