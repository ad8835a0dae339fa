"""Parquet files for the row readers: a Parquet file read as a pandas DataFrame.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import importlib
import os

from servicepolicy.errors import DataFileError
from servicepolicy.io.sources import DataFrameLike, _unopenable

__all__ = ["parquet_frame"]


def parquet_frame(path: str | os.PathLike[str]) -> DataFrameLike:
    """A Parquet file as a pandas DataFrame (its rows' lines: position + 2).

    :raises DataFileError: pyarrow or pandas is missing, or the file cannot be read.
    """
    name = os.fspath(path)
    try:
        parquet = importlib.import_module("pyarrow.parquet")
        importlib.import_module("pandas")
    except ImportError:
        raise DataFileError(
            f"{name}: reading Parquet needs pyarrow and pandas (pip install pyarrow pandas)",
            source=name,
        ) from None
    try:
        frame: DataFrameLike = parquet.read_table(name).to_pandas()
    except OSError as error:
        raise _unopenable(name, error) from None
    except Exception as error:  # pyarrow's own: not a Parquet file
        raise DataFileError(f"{name}: expected a Parquet file ({error})", source=name) from None
    return frame
