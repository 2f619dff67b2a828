"""The dataset and its version (a content fingerprint).

The fingerprint keys every cache and every stored run, so "which model was trained on which
data" is always answerable.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import xxhash

from mlpm.data.text_keys import arrow_strings, string_offsets


def _column_bytes(column: pd.Series) -> Iterator[bytes | memoryview]:
    """The column's content as bytes, read straight from its buffers where that is safe.

    Hashing raw buffers is ~4× faster than ``pd.util.hash_pandas_object`` on text columns,
    which matters because every cleaning step makes a new version of a possibly huge table.
    """
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iufbmM":
        data = column.to_numpy()
        if dtype.kind in "mM":
            data = data.view("i8")
        if dtype.kind == "f" and np.isnan(data).any():
            data = np.where(np.isnan(data), np.nan, data)  # one bit pattern for every NaN
        yield memoryview(np.ascontiguousarray(data)).cast("B")
        return
    array = arrow_strings(column)
    if array is not None:
        offsets = string_offsets(array)
        if array.null_count:
            nulls = np.asarray(array.is_null())
            yield nulls.tobytes()
            if np.any(np.diff(offsets)[nulls]):  # nulls that own bytes: normalise them to ""
                array = pc.fill_null(array, "")
                offsets = string_offsets(array)
        start, end = int(offsets[0]), int(offsets[-1])
        if offsets.dtype == np.int64 and start == 0:
            yield memoryview(offsets).cast("B")  # no copy: the usual large_string case
        else:
            yield memoryview(offsets.astype(np.int64) - start).cast("B")
        data = array.buffers()[2]
        if data is not None:
            yield memoryview(data)[start:end]
        return
    yield pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes()


def _column_digest(column: pd.Series) -> bytes:
    digest = xxhash.xxh3_128()
    for chunk in _column_bytes(column):
        digest.update(chunk)
    return digest.digest()


def fingerprint(frame: pd.DataFrame) -> str:
    """A short content hash of a table: same values, names and order give the same version.

    XXH3-128 rather than SHA-256: the version names data, it guards nothing against an attacker,
    and at ~20 GB/s it costs a million-row table 15 ms instead of 65 ms (``bench/review.py``).
    Columns are hashed on two threads for big tables (xxhash releases the GIL).
    """
    digest = xxhash.xxh3_128()
    digest.update("\x1f".join(map(str, frame.columns)).encode())
    digest.update("\x1f".join(str(t) for t in frame.dtypes).encode())
    digest.update(str(len(frame)).encode())
    columns = [frame.iloc[:, position] for position in range(frame.shape[1])]
    if frame.size >= 1_000_000 and len(columns) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            parts = list(pool.map(_column_digest, columns))
    else:
        parts = [_column_digest(column) for column in columns]
    for part in parts:
        digest.update(part)
    return digest.hexdigest()[:12]


_BACKGROUND_CELLS = 1_000_000  # from this size the version is hashed next to other work


class _Version:
    """The ``version`` field of :class:`Dataset`: a string, or a hash still being made.

    A million-row table takes ~80 ms to hash, and the first thing done with a loaded table is
    profiling it, which leaves part of the second core idle: the hash runs there, and whoever
    reads ``version`` first waits for it (the review only needs it at the end).
    """

    def __get__(self, obj: Dataset | None, owner: type | None = None) -> str:
        if obj is None:
            return ""  # the field's default
        value = obj.__dict__["_version"]
        if isinstance(value, Future):
            value = value.result()
            obj.__dict__["_version"] = value
        return value

    def __set__(self, obj: Dataset, value: str | Future) -> None:
        obj.__dict__["_version"] = value


def _hash_later(frame: pd.DataFrame) -> Future:
    done: Future = Future()

    def run() -> None:
        try:
            done.set_result(fingerprint(frame))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever reads the version
            done.set_exception(exc)

    threading.Thread(target=run, name="mlpm-version", daemon=True).start()
    return done


@dataclass(frozen=True)
class Dataset:
    """A loaded table with the name the PM knows it by and its data version."""

    frame: pd.DataFrame = field(repr=False)
    name: str
    version: str = _Version()  # type: ignore[assignment]
    source_note: str = ""

    def __post_init__(self) -> None:
        if not self.__dict__["_version"]:
            later = self.frame.size >= _BACKGROUND_CELLS
            object.__setattr__(self, "version",
                               _hash_later(self.frame) if later else fingerprint(self.frame))

    def __getstate__(self) -> dict[str, object]:
        """Pickled (Streamlit's cache) with the version made: a Future does not pickle."""
        return {**self.__dict__, "_version": self.version}

    @property
    def n_rows(self) -> int:
        return int(self.frame.shape[0])

    @property
    def n_columns(self) -> int:
        return int(self.frame.shape[1])

    def summary(self) -> dict[str, object]:
        """Plain facts for the sidebar, the CLI and stored runs."""
        return {
            "name": self.name,
            "rows": self.n_rows,
            "columns": self.n_columns,
            "version": self.version,
        }
