"""The parts a calls input is counted in, and what one worker does with one part.

A *part* is a slice of the calls input a worker can read on its own: some row groups
of one Parquet file, a byte range of whole lines of a CSV file, or one partition of a
Dask DataFrame.  Each part knows the line of its first row, so the rows keep the lines
the single-process reader gives them (see :mod:`servicepolicy.dask`).

:func:`count_part` runs in a worker: it reads its part in Arrow record batches, counts
them with :func:`~servicepolicy.io.calls_arrow.count_call_batches` (the engine of the
single-process bulk path) into a fresh copy of the empty accumulator, and returns the
counts, the rejected rows and the 64-bit keys of the IDs of the calls it read (kept by
the engine as it reads, as the single-process reader keeps them to find repeats), so
that the driver can see whether an ID is read in two parts.

pyarrow, numpy and dask are imported inside the functions (the extra ``servicepolicy[dask]``).

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import glob
import os
import pickle
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from servicepolicy.errors import DataFileError
from servicepolicy.io.calls import CALL_COLUMNS
from servicepolicy.io.calls_arrow import BulkCalls, count_call_batches
from servicepolicy.io.csv_records import plain_header, plain_table

__all__ = [
    "BATCH_ROWS",
    "Counted",
    "Part",
    "count_part",
    "csv_parts",
    "parquet_files",
    "parquet_parts",
    "part_batches",
]

#: rows of one record batch, as the single-process reader reads a Parquet file
BATCH_ROWS = 65_536


@attrs.frozen
class Part:
    """One slice of the input (see the module).

    :param kind: ``"parquet"``, ``"csv"`` or ``"frame"``.
    :param path: the file (``None`` for a DataFrame partition).
    :param first_line: the line of its first row (a header is line 1).
    :param rows: how many rows it holds (``-1``: not known before it is read).
    :param row_groups: the Parquet row groups it reads.
    :param start: where its bytes start in a CSV file.
    :param stop: where they end.
    :param header: the columns.
    """

    kind: str
    path: str | None
    first_line: int
    rows: int
    header: tuple[str, ...]
    row_groups: tuple[int, ...] = ()
    start: int = 0
    stop: int = 0


@attrs.frozen(eq=False)
class Counted:
    """What a worker sends back for one part.

    :param bulk: the part's counts and rejected rows, or ``None`` if its lines could not
        be kept (the single-process reader then reads the whole input).
    :param keys: the sorted, unique 64-bit keys of the IDs of the calls the part read
        (a rejected row's ID is not "used": the single-process reader does not look it
        up either): the driver looks for an ID read in two parts.
    :param rows: how many rows the part held.
    """

    bulk: BulkCalls | None
    keys: Any
    rows: int


def parquet_files(where: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    """The Parquet files of a path, a directory (its ``*.parquet`` files), a glob or a list
    of them, in name order within each pattern.

    :raises DataFileError: nothing matches.
    """
    given = [where] if isinstance(where, str | os.PathLike) else list(where)
    files: list[str] = []
    for item in given:
        text = os.fspath(item)
        if os.path.isdir(text):
            found = sorted(glob.glob(os.path.join(glob.escape(text), "*.parquet")))
        elif glob.has_magic(text):
            found = sorted(glob.glob(text))
        else:
            found = [text] if os.path.isfile(text) else []
        if not found:
            raise DataFileError(
                f"{text}: expected a Parquet file, a directory of them or a glob matching "
                "some, found none",
                source=text,
            )
        files += found
    return files


def parquet_parts(files: Sequence[str], partitions: int | None = None) -> list[Part]:
    """The parts of Parquet ``files``: row groups, in file order; with ``partitions``,
    neighbouring row groups of a file are joined into about that many parts in all.

    :raises DataFileError: a file that is not Parquet, or files whose columns differ.
    """
    import pyarrow.parquet as pq

    groups: list[tuple[str, int, int, tuple[str, ...]]] = []  # (file, group, rows, header)
    header: tuple[str, ...] | None = None
    for path in files:
        try:
            meta = pq.ParquetFile(path)
        except Exception as error:  # pyarrow's own errors
            raise DataFileError(f"{path}: not a Parquet file ({error})", source=path) from None
        names = tuple(meta.schema_arrow.names)
        if header is not None and names != header:
            raise DataFileError(
                f"{path}: expected the columns of {files[0]} ({', '.join(header)}), "
                f"got {', '.join(names)}",
                source=path,
            )
        header = names
        groups += [
            (path, g, meta.metadata.row_group(g).num_rows, names)
            for g in range(meta.metadata.num_row_groups)
        ]
    total = sum(rows for _, _, rows, _ in groups)
    per_part = -(-total // partitions) if partitions and total else 0
    parts: list[Part] = []
    line = 2
    for path, group, rows, names in groups:
        last = parts[-1] if parts else None
        if last is not None and last.path == path and last.rows + rows <= per_part:
            parts[-1] = attrs.evolve(
                last, rows=last.rows + rows, row_groups=(*last.row_groups, group)
            )
        else:
            parts.append(Part("parquet", path, line, rows, names, row_groups=(group,)))
        line += rows
    return parts


def csv_parts(path: str, partitions: int, chunk_bytes: int = 1 << 26) -> list[Part] | None:
    """The parts of a CSV file: about ``partitions`` byte ranges of whole lines, each
    knowing its first line; ``None`` when the lines cannot be counted this way (not plain
    UTF-8 with a comma-separated header of call columns; a carriage return that does not
    end a line): the single-process reader then reads the file.

    The file is read once here to count its lines (``chunk_bytes`` at a time).
    """
    plain = plain_header(path, CALL_COLUMNS)
    if plain is None:
        return None
    header, start = tuple(plain[0]), plain[1]
    with open(path, "rb") as file:
        file.seek(start)
        size = os.fstat(file.fileno()).st_size
        step = max(1, -(-(size - start) // max(1, partitions)))
        targets = [start + k * step for k in range(1, max(1, partitions))]
        cuts = [(start, 2)]  # (byte offset of a part's start, its first line)
        line, at, wanted = 2, start, 0
        while block := file.read(chunk_bytes):
            if block.count(b"\r") != block.count(b"\r\n") or block.endswith(b"\r"):
                return None  # a line ending these counts would miss
            offset = 0
            while wanted < len(targets) and targets[wanted] - at < len(block):
                found = block.find(b"\n", max(targets[wanted] - at, offset))
                if found < 0:
                    break  # the cut is in the next block
                line += block.count(b"\n", offset, found + 1)
                offset = found + 1
                if at + offset < size:
                    cuts.append((at + offset, line))
                while wanted < len(targets) and targets[wanted] < at + offset:
                    wanted += 1
            line += block.count(b"\n", offset)
            at += len(block)
    bounds = [*(c for c, _ in cuts[1:]), size]
    return [
        Part("csv", path, first_line, -1, header, start=start, stop=stop)
        for (start, first_line), stop in zip(cuts, bounds, strict=True)
        if stop > start
    ]


def part_batches(part: Part, frame: Any = None) -> Iterator[Any]:
    """The Arrow record batches of ``part`` (``frame``: the pandas partition of a
    DataFrame part), read as the single-process reader reads the same rows."""
    import pyarrow as pa

    if part.kind == "parquet":
        import pyarrow.parquet as pq

        assert part.path is not None
        file = pq.ParquetFile(part.path)
        groups = list(part.row_groups)
        # one thread a part: the workers are the parallelism (threads here would compete
        # with the other workers' parts for the same cores)
        yield from file.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, use_threads=False)
    elif part.kind == "csv":
        assert part.path is not None
        with open(part.path, "rb") as handle:
            handle.seek(part.start)
            data = handle.read(part.stop - part.start)
        table = plain_table(pa.py_buffer(data), part.header)
        yield from table.combine_chunks().to_batches(max_chunksize=BATCH_ROWS)
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        yield from table.to_batches(max_chunksize=BATCH_ROWS)


def count_part(part: Part, empty: bytes, source: str | None, frame: Any = None) -> Counted:
    """Count one part into a copy of the pickled empty accumulator ``empty`` (in a
    worker); ``source`` names the input in rejected rows."""
    from servicepolicy.io.call_ids import CallIds

    accumulator = pickle.loads(empty)
    rows = 0
    ids = CallIds()  # the IDs of the calls read, as the single-process reader keeps them

    def batches() -> Iterator[Any]:
        nonlocal rows
        for batch in part_batches(part, frame):
            rows += batch.num_rows
            yield batch

    def again() -> Iterator[Any]:
        return part_batches(part, frame)

    bulk = count_call_batches(
        batches(),
        part.header,
        accumulator,
        source=source,
        first_line=part.first_line,
        ids=ids,
        again=again,
    )
    return Counted(bulk, ids.keys(), rows)
