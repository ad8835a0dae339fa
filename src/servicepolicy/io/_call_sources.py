"""Where the bulk path's record batches of calls come from (private): a CSV file read in
chunks of whole lines (each parsed by pyarrow on every core, one chunk ahead of the
counting), or a Parquet file read by row groups.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from servicepolicy.io.csv_records import plain_header, plain_table

Header = Callable[[list[str]], "list[str] | None"]


def open_batches(
    path: Path, chunk_bytes: int, header_of: Header, columns: set[str]
) -> tuple[list[str], Iterator[Any]] | None:
    """The header and the record batches of ``path``; ``None`` if the bulk path cannot
    read it (another suffix; not plain UTF-8 with a comma-separated header; unknown
    columns: ``header_of`` says which headers are good)."""
    suffix = path.suffix.lower()
    if suffix == ".csv" and path.is_file():
        return _csv_batches(path, chunk_bytes, header_of, columns)
    if suffix == ".parquet" and path.is_file():
        return _parquet_batches(path, header_of)
    return None


def ahead(items: Iterable[Any], depth: int = 1) -> Iterator[Any]:
    """The ``items``, produced by a second thread up to ``depth`` items ahead: pyarrow
    parses the next chunk (without the GIL) while this thread counts one."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
        except BaseException as error:  # handed to the reading thread
            put((False, error))
            return
        put((False, None))

    thread = threading.Thread(target=produce, name="servicepolicy-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            more, item = box.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()


def line_break(col: Any) -> bool:
    """Whether a cell of the Arrow string array ``col`` holds a line break (CR or LF)."""
    import numpy as np

    if not len(col):
        return False
    offsets, data = col.buffers()[1:3]
    if data is None:
        return False
    ends = np.frombuffer(offsets, dtype=np.int32)[col.offset : col.offset + len(col) + 1]
    first, last = int(ends[0]), int(ends[-1])
    used = data.slice(first, last - first).to_pybytes()  # `in` on bytes is memchr: fast
    return b"\n" in used or b"\r" in used


def _csv_batches(
    path: Path, chunk_bytes: int, header_of: Header, columns: set[str]
) -> tuple[list[str], Iterator[Any]] | None:
    import pyarrow as pa

    plain = plain_header(path, columns)
    if plain is None:
        return None
    raw, start = plain
    header = header_of(raw)
    if header is None or header != raw:
        return None

    def batches() -> Iterator[Any]:
        for chunk in _chunks(path, start, chunk_bytes):
            table = plain_table(pa.py_buffer(chunk), header)  # parsed on every core
            yield from table.combine_chunks().to_batches()

    return header, ahead(batches())


class LineTooLong(Exception):
    """A line longer than the bulk path reads (the row reader's record limits decide)."""


def _chunks(path: Path, start: int, size: int) -> Iterator[bytes]:
    """The bytes of ``path`` from ``start``, about ``size`` at a time, each ending at
    the end of a line (a record over several lines is cut; the reader then finds a
    cell with a line break, or pyarrow a record with too few cells: the row path).

    :raises LineTooLong: no line end within 16 MB (or 4 chunks): memory stays bounded."""
    longest = max(4 * size, 16 << 20)
    with path.open("rb") as file:
        file.seek(start)
        rest = b""
        while block := file.read(size):
            data = rest + block
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if len(rest) > longest:
                raise LineTooLong
            if cut:
                yield data[:cut]
        if rest:
            yield rest


def _parquet_batches(path: Path, header_of: Header) -> tuple[list[str], Iterator[Any]] | None:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception:
        return None
    names = list(file.schema_arrow.names)
    header = header_of(names)
    if header is None or header != names:
        return None
    return header, ahead(file.iter_batches(batch_size=65_536))
