"""Writing a report file safely: never over an input, never half-written (private).

:func:`write_report` writes to a temporary file in the target's directory, flushes it to
disk (``fsync``) and renames it over the target in one step, so that a full disk, an
encoding failure or Ctrl-C leaves the previous report as it was and no partial file.
:func:`refuse_target` refuses a target that is a symbolic link or resolves to one of the
input files (the data, the policy) unless forced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from servicepolicy.errors import OutputFileError
from servicepolicy.limits import os_reason

__all__ = ["refuse_target", "write_report"]


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or (
            one.exists() and other.exists() and os.path.samefile(one, other)
        )
    except (OSError, RuntimeError):  # a symlink loop: not the same as a real file
        return False


def refuse_target(output: Path, inputs: Iterable[Path], *, force: bool = False) -> None:
    """Raise :class:`OutputFileError` if writing ``output`` would destroy data: it is a
    directory; or, unless ``force``, a symbolic link or one of ``inputs``."""
    if output.is_dir():
        raise OutputFileError(str(output), "it is a directory, expected a file path")
    if force:
        return
    if output.is_symlink():
        raise OutputFileError(
            str(output),
            f"is a symbolic link (to {os.readlink(output)}); a report is not written "
            "through links: give another path, or --force to replace the link itself",
        )
    for path in inputs:
        if _same(output, path):
            raise OutputFileError(
                str(output),
                f"is the input file {path}; writing the report would destroy it: give "
                "another path (or --force)",
            )


def write_report(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: the whole file or nothing.

    :raises OutputFileError: the directory is missing or not writable, the disk is full,
        the text cannot be encoded; the previous file at ``path`` is kept.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise OutputFileError(
            str(path), f"the report holds text that is not valid Unicode ({error.reason})"
        ) from None
    directory = path.parent if str(path.parent) else Path(".")
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
        temporary = None
        _sync_directory(directory)
    except OSError as error:
        raise OutputFileError(str(path), f"cannot be written: {os_reason(error)}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _mode(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (``0o666`` less the
    umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
