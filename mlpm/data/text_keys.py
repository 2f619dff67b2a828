"""Text columns read straight from their Arrow buffers, for the review's heavy counting.

Hashing a million distinct strings (``value_counts``, ``factorize``) costs ~120 ms a column;
IDs, codes and UUIDs, the usual million-distinct columns, are mostly written at one fixed
width, and then each value's bytes can be read as one or a few 64-bit words and sorted
(~10 ms). See ``docs/performance.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

_MIX = np.uint64(0x9E3779B97F4A7C15)
MAX_WIDTH = 64  # bytes; wider fixed-width text is rare and goes the general way


def arrow_strings(column: pd.Series) -> pa.Array | None:
    """The column as one Arrow (large) string array, or None for any other storage."""
    chunked = getattr(column.array, "_pa_array", None)
    if chunked is None or not (pa.types.is_string(chunked.type)
                               or pa.types.is_large_string(chunked.type)):
        return None
    return chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)


def string_offsets(array: pa.Array) -> np.ndarray:
    """The array's value offsets (``len + 1`` of them) as a NumPy view, no copy."""
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)
    return offsets[array.offset: array.offset + len(array) + 1]


@dataclass(frozen=True)
class FixedWidthKeys:
    """One 64-bit key per present value of a fixed-width text column.

    Equal values have equal keys. Up to 8 bytes the key *is* the value; wider values are
    folded into 64 bits, so two different values share a key with probability ~n²/2⁶⁵
    (3 in 100 million for a million values): fine for counting distinct values.
    """

    keys: np.ndarray  # uint64, one per present value, in row order
    rows: np.ndarray | None  # row positions of those values; None when nothing is missing


def first_byte_in(array: pa.Array, starts: bytes) -> np.ndarray:
    """Which values of a string array begin with one of the ASCII bytes ``starts`` (missing and
    empty values: no), read from the offsets and data buffers: the review counts formula-like
    cells this way over a dictionary or a million IDs in ~2 ms, without a Python loop. Exact
    for UTF-8, where an ASCII byte never occurs inside a multi-byte character."""
    buffer = array.buffers()[2]
    if len(array) == 0 or not starts or buffer is None or buffer.size == 0:
        return np.zeros(len(array), dtype=bool)
    offsets = string_offsets(array)
    data = np.frombuffer(buffer, dtype=np.uint8)
    first = np.take(data, offsets[:-1], mode="clip")
    found = first == starts[0]
    for byte in starts[1:]:  # a few comparisons beat a 256-entry lookup table 4x
        found |= first == byte
    hits = np.flatnonzero(found)
    if hits.size:
        # An empty value read the next value's first byte; a missing one may own any bytes.
        wrong = offsets[hits + 1] == offsets[hits]
        if array.null_count:
            wrong |= array.take(pa.array(hits)).is_null().to_numpy(zero_copy_only=False)
        found[hits[wrong]] = False
    return found


def fixed_width_keys(column: pd.Series) -> FixedWidthKeys | None:
    """Keys for a text column whose present values all have the same byte width; else None."""
    array = arrow_strings(column)
    if array is None or len(array) == 0:
        return None
    offsets = string_offsets(array)
    lengths = np.diff(offsets)
    valid = None if array.null_count == 0 else np.asarray(array.is_valid())
    present = lengths if valid is None else lengths[valid]
    if present.size == 0:
        return None
    width = int(present[0])
    if not 0 < width <= MAX_WIDTH or not np.all(present == width):
        return None
    # The values form one block of equal-width rows when missing values own no bytes (as Arrow
    # writes them) or own exactly as many as the others (as pandas leaves them after edits).
    every_row = valid is not None and bool(np.all(lengths == width))
    if valid is not None and not every_row and np.any(lengths[~valid]):
        return None
    rows = len(array) if every_row else present.size
    start = int(offsets[0])
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[start: start + width * rows]
    words = -(-width // 8)
    padded = np.zeros((rows, words * 8), dtype=np.uint8)
    padded[:, :width] = data.reshape(-1, width)
    block = padded.view(np.uint64)
    keys = block[:, 0].copy()
    with np.errstate(over="ignore"):
        for word in range(1, words):
            keys *= _MIX
            keys ^= block[:, word]
    if every_row:
        keys = keys[valid]
    return FixedWidthKeys(keys, None if valid is None else np.flatnonzero(valid))


def counted_keys(found: FixedWidthKeys, top: int) -> tuple[int, np.ndarray, np.ndarray]:
    """(distinct values, row positions of the ``top`` most common values, their counts)."""
    ordered = np.sort(found.keys)
    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    runs = np.diff(np.append(starts, ordered.size))
    keep = np.argpartition(-runs, top)[:top] if runs.size > top else np.arange(runs.size)
    chosen = ordered[starts[keep]]
    order = np.argsort(chosen)
    chosen, counts = chosen[order], runs[keep][order]
    # Where each chosen value first occurs: a bitmap of their low bits narrows a million keys
    # to a few hundred candidates, which are then matched exactly.
    low = np.uint64((1 << 16) - 1)
    bitmap = np.zeros(1 << 16, dtype=bool)
    bitmap[(chosen & low).astype(np.intp)] = True
    maybe = np.flatnonzero(bitmap[(found.keys & low).view(np.intp)])
    slot = np.minimum(np.searchsorted(chosen, found.keys[maybe]), chosen.size - 1)
    match = chosen[slot] == found.keys[maybe]
    _, first = np.unique(slot[match], return_index=True)
    positions = maybe[match][first]
    if found.rows is not None:
        positions = found.rows[positions]
    return int(starts.size), positions, counts
