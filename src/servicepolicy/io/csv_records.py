"""Strict reading at the record level: text decoding, bounded CSV records, sniffing.

Three guarantees the readers share (see "Strict reading" in the data guide):

* **Decoding.** A file is read as ``encoding`` (default: UTF-8); a byte-order mark is
  sniffed and wins when no encoding is given (UTF-8, UTF-16 and UTF-32 with a BOM read
  without being named).  Bytes that do not decode reject *the line they are on*, with the
  bytes shown and, where the line decodes as GB18030, a hint to pass
  ``encoding="gb18030"``; the rest of the file is still read.
* **Bounded records.** A CSV record may span several physical lines only inside a quoted
  cell, at most ``RecordLimits.lines`` of them, with the header's number of fields;
  no cell may be longer than ``RecordLimits.cell`` characters.  A record that breaks
  one of these (an unclosed ``"`` that would swallow the rows after it, a quote still open
  at the end of the file) is rejected with its first line and reading resumes at the next
  physical line, so one bad quote costs one row.
* **Sniffing.** The delimiter (comma, semicolon or tab) is the one that splits the header
  into the most known column names (then the most cells; comma on a tie), unless given.
  A file whose name ends in none of the known suffixes is JSON Lines when its first
  non-blank line starts with ``{``, else CSV; a ``.csv`` file that holds JSON Lines (or a
  ``.jsonl`` file that holds a CSV header) is refused as a whole.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from typing import Any

import attrs

from servicepolicy.errors import InvalidArgumentError

__all__ = [
    "DELIMITERS",
    "RecordLimits",
    "bom_encoding",
    "csv_records",
    "decoding_problem",
    "marked",
    "plain_batches",
    "plain_header",
    "plain_table",
    "resolve_encoding",
    "sniff_delimiter",
]

#: The delimiters sniffed from a CSV header, in the order ties are broken.
DELIMITERS = (",", ";", "\t", "|")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

ERRORS = "servicepolicy.mark"
"""The decoding error handler the readers open files with: each byte that does not decode
becomes a lone surrogate ``U+DC00 + byte``, which no codec produces from valid text, so
that the line it is on can be rejected."""

MARKS = [0]
"""How many decoding errors were marked so far (in any file): a reader checks lines for
marks only once this moved, so that files that decode cleanly pay nothing."""

_MARKED = re.compile("[\ud800-\udfff]")


def _mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # pragma: no cover - decoding only
        raise error
    MARKS[0] += 1
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(ERRORS, _mark)


def marked(text: str) -> bool:
    """Whether ``text`` holds bytes that did not decode (see ``ERRORS``)."""
    return _MARKED.search(text) is not None


def decoding_problem(text: str, encoding: str) -> str:
    """The rejection reason of a line holding undecodable bytes: which bytes, and a hint
    when the line is GB18030 (a GBK export read as UTF-8)."""
    shown = " ".join(f"0x{ord(c) - 0xDC00:02x}" for c in _MARKED.findall(text)[:8])
    shown_name = "utf-8" if codecs.lookup(encoding).name == "utf-8-sig" else encoding
    reason = f"expected {shown_name} text, got bytes that do not decode ({shown})"
    if codecs.lookup(encoding).name != "gb18030":
        try:
            raw = b"".join(
                bytes([ord(c) - 0xDC00]) if marked(c) else c.encode(shown_name) for c in text
            )
            raw.decode("gb18030")
        except (UnicodeError, ValueError):
            return reason
        reason += "; the line decodes as gb18030: pass encoding='gb18030'"
    return reason


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` names, if any."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def resolve_encoding(encoding: str | None, head: bytes) -> str:
    """The codec to read a file with: the BOM's when ``encoding`` is ``None`` (else
    UTF-8); a named UTF-8 drops a BOM (``utf-8-sig``).

    :raises InvalidArgumentError: ``encoding`` names no codec.
    """
    if encoding is None:
        return bom_encoding(head) or "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidArgumentError(
            "encoding", encoding, "a Python codec name: utf-8, utf-8-sig, gb18030, utf-16 …"
        ) from None
    return "utf-8-sig" if name == "utf-8" else encoding


def _validate_positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(attribute.name, value, "a whole number >= 1")


@attrs.frozen
class RecordLimits:
    """How far one CSV record may reach (see the module).

    :param lines: the physical lines one record may span (a quoted cell with line breaks);
        a record reaching further is rejected at its first line.
    :param cell: the characters one cell may hold.

    .. versionadded:: 0.3.0
    """

    lines: int = attrs.field(default=20, validator=_validate_positive)
    cell: int = attrs.field(default=65536, validator=_validate_positive)


def sniff_delimiter(header: str, known: Collection[str]) -> str:
    """The delimiter of :data:`DELIMITERS` that splits ``header`` into the most names of
    ``known``, then into the most cells; the first on a tie."""

    def score(at: int) -> tuple[int, int, int]:
        cells = next(csv.reader([header], delimiter=DELIMITERS[at]), [])
        names = sum(1 for cell in cells if cell.strip().lstrip("\ufeff") in known)
        return (names, len(cells), -at)

    return DELIMITERS[max(range(len(DELIMITERS)), key=score)]


class _TooLong(Exception):
    """A record reached past ``RecordLimits.lines``."""


class _Feed:
    """The numbered physical lines a ``csv.reader`` pulls, keeping the current record's
    lines (so that a bad record's later lines can be read again) and whether the record
    ran into the end of the file (a quote still open)."""

    def __init__(self, lines: Iterator[tuple[int, str]], limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.again: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.at_end = False

    def pull(self) -> Iterator[str]:
        """The lines for one ``csv.reader`` (a fresh one after each rejected record)."""
        again, lines, limit = self.again, self.lines, self.limit
        while True:
            taken = self.taken
            if len(taken) >= limit:
                raise _TooLong
            if again:
                item = again.popleft()
            else:
                found = next(lines, None)
                if found is None:
                    self.at_end = True
                    return
                item = found
            taken.append(item)
            yield item[1]

    def record(self) -> list[tuple[int, str]]:
        """The lines of the record just read; the next record starts afresh."""
        taken, self.taken, self.at_end = self.taken, [], False
        return taken

    def resume(self, taken: list[tuple[int, str]]) -> None:
        """Read the lines after the first of a rejected record again."""
        self.again.extendleft(reversed(taken[1:]))


def _alone(text: str, delimiter: str) -> list[str]:
    """A rejected line's cells as well as they can be read on their own."""
    return next(csv.reader([text], delimiter=delimiter), [])


Record = tuple[int, list[str], str | None]
"""A CSV record: its first physical line, its cells, and why it is rejected (if it is)."""


def csv_records(
    lines: Iterator[tuple[int, str]],
    delimiter: str,
    width: int | None,
    limits: RecordLimits,
) -> Iterator[Record]:
    """The records of numbered physical lines, each within ``limits`` (see the module).

    :param width: the header's number of cells: a record spanning several lines must have
        exactly this many (``None``: any).
    """
    if csv.field_size_limit() <= limits.cell:
        csv.field_size_limit(limits.cell + 1)
    feed = _Feed(lines, limits.lines)
    cell = limits.cell
    while True:
        reader = csv.reader(feed.pull(), delimiter=delimiter)
        try:
            for fields in reader:
                taken = feed.taken
                if len(taken) == 1 and not feed.at_end and len(taken[0][1]) <= cell:
                    feed.taken = []  # the common record: one line, shorter than a cell may be
                    yield taken[0][0], fields, None
                    continue
                at_end = feed.at_end
                taken = feed.record()
                problem = _problem(fields, taken, at_end, width, limits)
                if problem is None:
                    yield taken[0][0], fields, None
                    continue
                first, text = taken[0]
                yield first, _alone(text, delimiter), problem
                if len(taken) > 1:
                    feed.resume(taken)
                    break  # a fresh reader for the lines read again
            else:
                return
        except _TooLong:
            taken = feed.record()
            first, text = taken[0]
            yield (
                first,
                _alone(text, delimiter),
                _unclosed(f"spans more than {limits.lines} lines;"),
            )
            feed.resume(taken)
        except csv.Error as error:
            taken = feed.record()
            if not taken:  # pragma: no cover - csv fails only on a line it pulled
                return
            first, text = taken[0]
            reason = str(error)
            if "field limit" in reason:
                reason = f"expected cells of at most {limits.cell} characters, got a longer one"
            yield first, _alone(text, delimiter), f"{reason}; reading resumed at the next line"
            feed.resume(taken)


def _unclosed(what: str) -> str:
    return (
        f'an unclosed quote (")? the record starting here {what} '
        "this line is rejected and reading resumed at the next line"
    )


def _problem(
    fields: list[str],
    taken: list[tuple[int, str]],
    at_end: bool,
    width: int | None,
    limits: RecordLimits,
) -> str | None:
    if at_end:
        return (
            'an unclosed quote ("): the file ends inside this record; '
            "this line is rejected and reading resumed at the next line"
        )
    if len(taken) > 1 and width is not None and len(fields) != width:
        last = taken[-1][0]
        return _unclosed(f"spans lines {taken[0][0]}-{last} with {len(fields)} cells, not {width},")
    longest = max(map(len, fields), default=0)
    if longest > limits.cell:
        return f"expected cells of at most {limits.cell} characters, got one of {longest}"
    return None


def plain_header(
    path: str | os.PathLike[str], known: Collection[str]
) -> tuple[list[str], int] | None:
    """A CSV file's header cells and the header line's length in bytes, when the file
    is plain: UTF-8 without a byte-order mark, a comma-separated header (sniffed among
    ``known`` columns), lines that end in LF or CRLF.  ``None`` otherwise: the bulk
    readers then leave the file to the row readers, which handle every other case.

    .. versionadded:: 0.3.0
    """
    import csv

    with open(path, "rb") as file:
        first = file.readline(1 << 16)
    try:
        text = first.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    if not text or text.startswith("\ufeff") or "\r" in text:
        return None
    if sniff_delimiter(text, known) != ",":
        return None
    return next(csv.reader([text]), []), len(first)


def plain_table(source: Any, header: Sequence[str], *, skip_header: bool = False) -> Any:
    """The rows of a plain CSV file (see :func:`plain_header`), or of a buffer of its
    whole lines, as a pyarrow table with every column as text: one row a line, no cell
    left null, so each row keeps its line.

    :param source: a path or a ``pyarrow`` buffer.
    :param skip_header: the first line is the header (a whole file).

    .. versionadded:: 0.3.0
    """
    from pyarrow import csv

    return csv.read_csv(source, *_plain_options(header, skip_header))


def plain_batches(source: Any, header: Sequence[str], *, skip_header: bool = False) -> Any:
    """The rows of a plain CSV file as :func:`plain_table` reads them, a record batch at
    a time (an iterator; the file is not held whole).

    .. versionadded:: 0.3.0
    """
    from pyarrow import csv

    return csv.open_csv(source, *_plain_options(header, skip_header))


def _plain_options(header: Sequence[str], skip_header: bool) -> tuple[Any, Any, Any]:
    import pyarrow as pa
    from pyarrow import csv

    names = list(header)
    read = csv.ReadOptions(skip_rows=int(skip_header), column_names=names, block_size=1 << 20)
    parse = csv.ParseOptions(delimiter=",", newlines_in_values=False, ignore_empty_lines=False)
    convert = csv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    return read, parse, convert
