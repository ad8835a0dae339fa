"""Call IDs seen so far, kept compactly: one 64-bit key per call.

A calls file's IDs must be unique (the row reader rejects a repeated ID, naming the
line it was first read on).  The bulk path cannot keep millions of ``str`` objects in
a set, so :func:`call_id_keys` turns a whole Arrow column of IDs into 64-bit keys at
once, and :class:`CallIds` keeps the keys in a few sorted numpy runs (8 bytes a call
instead of about 110).  Lines are not kept: a repeat names the line of the first
read, which :class:`Repeats` finds afterwards by reading the IDs once more, only if
the file has repeats.

A key is **exact** for an ID of up to 7 bytes of UTF-8 (the bytes themselves and the
length); a longer ID's key is a 64-bit hash, so two different long IDs could share a
key.  :class:`Repeats` compares the text of both rows before it confirms a repeat.

>>> import pyarrow as pa
>>> keys = call_id_keys(pa.array(["K-1", "K-2", "K-1", "a-much-longer-call-id"]))
>>> bool(keys[0] == keys[2]), bool(keys[0] == keys[1]), is_exact(keys).tolist()
(True, False, [True, True, True, False])
>>> ids = CallIds()
>>> ids.add(keys[:2])
>>> ids.seen(keys).tolist()
[True, True, True, False]

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from servicepolicy.io._arrow_bytes import fixed_width, string_bytes

__all__ = ["CallIds", "Repeats", "call_id_keys", "is_exact"]

_SHORT = 7  # bytes kept exactly; the top byte holds the length (0 … 7)
_HASHED = 1 << 59  # set in every hashed key: its top byte is 8 or more
_RUN = 1 << 20  # runs up to this many keys are merged as they come


def call_id_keys(texts: Any) -> Any:
    """The 64-bit key (``uint64``) of every string of the Arrow array ``texts``."""
    import numpy as np

    data, starts, lengths = string_bytes(texts)
    n = len(starts)
    keys = np.zeros(n, dtype=np.uint64)
    if not n:
        return keys
    width = int(-(-max(int(lengths.max()), 1) // 8) * 8)  # whole words
    if width > 64:  # a few long IDs: hash them in their own pass
        long = np.flatnonzero(lengths > 56)
        short = np.flatnonzero(lengths <= 56)
        keys[short] = _keys(data, starts[short], lengths[short], 56)
        keys[long] = _keys(data, starts[long], lengths[long], width)
        return keys
    return _keys(data, starts, lengths, width)


def _keys(data: Any, starts: Any, lengths: Any, width: int) -> Any:
    import numpy as np

    cells = fixed_width(data, starts, np.arange(len(starts)), width)
    cells = np.where(np.arange(width) < lengths[:, None], cells, 0).astype(np.uint8)
    words = np.ascontiguousarray(cells).view("<u8")  # (n, width / 8) little-endian words
    with np.errstate(over="ignore"):
        exact = words[:, 0] | (lengths.astype(np.uint64) << np.uint64(56))
        state = _mix(lengths.astype(np.uint64) ^ np.uint64(0x9E3779B97F4A7C15))
        for at in range(words.shape[1]):  # a row's own words only: the same key in any batch
            state = np.where(lengths > 8 * at, _mix(state ^ words[:, at]), state)
    return np.where(lengths <= _SHORT, exact, state | np.uint64(_HASHED))


def _mix(x: Any) -> Any:
    """splitmix64's finaliser: every bit of the input moves about half the output's."""
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def is_exact(keys: Any) -> Any:
    """Whether each key is its ID itself (short IDs), not a hash."""
    import numpy as np

    return (np.asarray(keys, dtype=np.uint64) & np.uint64(_HASHED)) == 0


class CallIds:
    """Keys of call IDs in sorted runs.

    :meth:`seen` looks a batch of keys up with ``numpy.searchsorted`` in every run;
    :meth:`add` appends a batch as a new run and merges runs of similar size, so a file
    of ``N`` calls costs ``O(N log N)`` and 8 bytes a call.

    .. versionadded:: 0.3.0
    """

    def __init__(self) -> None:
        self._runs: list[Any] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """The memory the keys take."""
        return sum(run.nbytes for run in self._runs)

    def seen(self, keys: Any, *, ordered: bool = False) -> Any:
        """Whether each key was added before.

        :param ordered: the keys are sorted already (sorted queries walk each run in
            order, which is kinder to the cache)."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.uint64)
        order = np.arange(len(keys)) if ordered else np.argsort(keys)
        wanted = keys if ordered else keys[order]
        found = np.zeros(len(keys), dtype=bool)
        for run in self._runs:
            at = np.minimum(np.searchsorted(run, wanted), len(run) - 1)
            found[order] |= run[at] == wanted
        return found

    def add(self, keys: Any, *, ordered: bool = False) -> None:
        """Add keys not added before (and unique among themselves).

        :param ordered: the keys are sorted already."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.uint64)
        if not len(keys):
            return
        self._runs.append(keys.copy() if ordered else np.sort(keys))
        self._count += len(keys)
        runs = self._runs
        while len(runs) > 1 and 2 * len(runs[-1]) >= len(runs[-2]):
            if len(runs[-1]) + len(runs[-2]) > max(_RUN, self._count // 8):
                break
            b, a = runs.pop(), runs.pop()
            runs.append(_merge(a, b))

    def keys(self) -> Any:
        """Every key added, sorted (a numpy ``uint64`` array)."""
        import numpy as np

        runs = self._runs
        if not runs:
            return np.zeros(0, dtype=np.uint64)
        while len(runs) > 1:  # the smallest runs first, as add() merges them
            b, a = runs.pop(), runs.pop()
            runs.append(_merge(a, b) if len(a) >= len(b) else _merge(b, a))
        return runs[0]

    def merged(self, other: CallIds) -> CallIds:
        """The IDs of both (they must not share a key)."""
        result = CallIds()
        result._runs = [*self._runs, *other._runs]
        result._count = self._count + other._count
        return result


def _merge(a: Any, b: Any) -> Any:
    """Two sorted runs as one, without sorting: each key of ``b`` goes where
    ``searchsorted`` puts it in ``a``, shifted by the keys of ``b`` before it."""
    import numpy as np

    at = np.searchsorted(a, b) + np.arange(len(b))
    keys = np.empty(len(a) + len(b), dtype=a.dtype)
    mine = np.ones(len(keys), dtype=bool)
    mine[at] = False
    keys[at] = b
    keys[mine] = a
    return keys


class Repeats:
    """Rows whose ID was read before, waiting for the line of its first read.

    :meth:`Repeats.add` notes a repeat: its line, key and ID, and the line of the first read
    when it is in the same batch (``-1`` if not known).  :meth:`resolve` reads the IDs
    once more and gives, for each repeat, the line of the first read: the first line
    with the same key that was not rejected; ``None`` when two different IDs share a
    key (a hash collision: the caller reads the file with the row reader).

    .. versionadded:: 0.3.0
    """

    def __init__(self) -> None:
        self.pending: list[tuple[int, int, str, int]] = []  # (line, key, ID, earlier)

    def __bool__(self) -> bool:
        return bool(self.pending)

    def add(self, line: int, key: int, text: str, earlier: int) -> None:
        """Note the repeat on ``line`` of the ID ``text`` (its ``key``); ``earlier`` is
        the line of its first read when known, else ``-1``."""
        self.pending.append((line, key, text, earlier))

    def resolve(
        self,
        batches: Iterable[Any],
        rejected: set[int],
        keys_of: Callable[[Any, int], tuple[Any, Any, Callable[[int], str]]],
        first_line: int = 2,
    ) -> dict[int, int] | None:
        """``{line: line of the first read}`` for every repeat.

        :param batches: the same batches again.
        :param rejected: the lines rejected (never a first read).
        :param keys_of: a batch's ``(lines, keys, IDs)`` of the rows with an ID, as the
            reader computed them (``IDs`` only needs to be right where ``keys`` is
            wanted: it is called with the wanted keys' rows).
        """
        wanted = {key for _, key, _, earlier in self.pending if earlier < 0}
        texts: dict[int, str] = {}
        for _, key, text, _ in self.pending:
            if texts.setdefault(key, text) != text:
                return None  # the same hash, another ID
        first: dict[int, int] = {}
        line = first_line
        for batch in batches if wanted else ():
            lines, keys, text_of = keys_of(batch, line)
            for j in _hits(keys, wanted):
                key, at = int(keys[j]), int(lines[j])
                if key not in first and at not in rejected:
                    if text_of(j) != texts[key]:
                        return None  # the same hash, another ID
                    first[key] = at
            line += batch.num_rows
        found = {}
        for at, key, _, earlier in self.pending:
            found[at] = earlier if earlier >= 0 else first.get(key, -1)
            if found[at] < 0 or found[at] >= at:
                return None
        return found


def _hits(keys: Any, wanted: set[int]) -> list[int]:
    import numpy as np

    want = np.fromiter(wanted, dtype=np.uint64, count=len(wanted))
    hits: list[int] = np.flatnonzero(np.isin(keys, want)).tolist()
    return hits
