"""Every row as one 64-bit key: duplicate rows and conflicting labels without comparing rows.

Each column is turned into *codes*, 64-bit words that are equal when the values are equal
(:func:`column_codes`), and each column's codes are mixed into a per-row sum (:class:`RowKeys`).
Rows with equal keys are candidates; a sort finds them in milliseconds. The review's counts
are decided on the keys (a false match has probability ~n²/2⁶⁵); :func:`duplicated_rows`, which
the cleaning step uses to drop rows, also compares the candidates exactly. Being a sum, a
column's share can be taken out again, so "every column" (duplicate rows) and "every feature"
(conflicting labels) come from one pass. The data review folds each column in as its profile is made
(:func:`mlpm.data.quality.measure`), reusing the codes the profile counted with.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlpm.data.text_keys import arrow_strings, fixed_width_keys

_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(32)
MISSING = np.uint64(0xFFFF_FFFF_FFFF_FFFF)  # the code of a missing value in "dict"/"fixed"
_BITMAP_BITS = 22


def code_method(column: pd.Series) -> str:
    """How :func:`column_codes` reads a column when nobody chose already.

    ``bits`` for NumPy numbers, dates and yes/no (their bits are their values), ``dict`` for
    Arrow text (dictionary indices), ``hash`` for anything else (pandas' 64-bit hash).
    """
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iufbmM":
        return "bits"
    return "dict" if arrow_strings(column) is not None else "hash"


def column_codes(column: pd.Series, method: str | None = None) -> np.ndarray:
    """The column as uint64 codes that are equal when the values are equal.

    The same column and method always give the same codes, so a column's share of a row key
    can be recomputed and subtracted. ``bits`` and ``dict`` are exact; ``fixed`` (fixed-width
    text, see :mod:`mlpm.data.text_keys`) and ``hash`` are 64-bit hashes.
    """
    method = method or code_method(column)
    if method == "bits":
        return bits_codes(column)
    if method == "dict":
        indices = pc.dictionary_encode(arrow_strings(column)).indices
        return dictionary_codes(indices)
    if method == "fixed":
        found = fixed_width_keys(column)
        if found is None:
            raise ValueError(f"column {column.name!r} is not fixed-width text")
        return spread_keys(found.keys, found.rows, len(column))
    return pd.util.hash_pandas_object(column, index=False).to_numpy()


def bits_codes(column: pd.Series, floats: np.ndarray | None = None,
               nan: np.ndarray | None = None) -> np.ndarray:
    """``bits`` codes of a NumPy column. A profile that already holds the column as floats
    (``floats``) and its missing mask (``nan``) passes them to save two passes."""
    kind = column.dtype.kind
    if kind != "f":
        values = column.to_numpy()
        if kind in "mM":
            return values.view(np.int64).view(np.uint64)
        return values.astype(np.int64, copy=False).view(np.uint64)
    if floats is None:
        floats = column.to_numpy().astype(np.float64, copy=False)
        nan = np.isnan(floats)
    codes = floats + 0.0  # a copy, and -0.0 becomes 0.0
    if nan is not None and nan.any():
        codes[nan] = np.nan  # one bit pattern for every NaN
    return codes.view(np.uint64)


def dictionary_codes(indices: pa.Array) -> np.ndarray:
    """Arrow dictionary indices as codes (missing values get :data:`MISSING`)."""
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return np.asarray(indices).astype(np.int64).view(np.uint64)


def spread_keys(keys: np.ndarray, rows: np.ndarray | None, length: int) -> np.ndarray:
    """Keys of the present values placed at their rows, :data:`MISSING` elsewhere."""
    if rows is None:
        return keys
    codes = np.full(length, MISSING, dtype=np.uint64)
    codes[rows] = keys
    return codes


def _mixed(codes: np.ndarray, position: int) -> np.ndarray:
    term = codes ^ np.uint64((position + 1) * 0x632BE59BD9B4E019 % 2**64)
    term *= _MIX
    term ^= term >> _SHIFT
    term *= _MIX
    return term


def _term(codes: np.ndarray, position: int, method: str = "") -> np.ndarray:
    """One column's share of an additive row key (salted by the column's position).

    Dictionary codes are small numbers, so their terms are mixed once per distinct value and
    looked up (one pass over the rows instead of five); the result is the same either way.
    """
    if method == "dict" and len(codes):
        indices = codes.view(np.int64)  # MISSING reads as -1: the table's last entry
        table = np.append(_mixed(np.arange(int(indices.max()) + 1, dtype=np.uint64), position),
                          _mixed(np.array([MISSING]), position))
        return table[indices]
    return _mixed(codes, position)


@dataclass
class RowKeys:
    """Per-row sums of every column's codes, and of the default features' codes alone.

    ``features`` are the columns a model would use by default (no IDs, dates, free text or
    constants), whatever the target: conflicting labels only take the target out of that sum.
    """

    keys: np.ndarray = field(repr=False)
    feature_keys: np.ndarray = field(repr=False)
    methods: dict[str, tuple[int, str]] = field(default_factory=dict)  # name: (position, how)
    features: set[str] = field(default_factory=set)

    @classmethod
    def empty(cls, length: int) -> RowKeys:
        return cls(np.zeros(length, dtype=np.uint64), np.zeros(length, dtype=np.uint64))

    @property
    def columns(self) -> set[str]:
        return set(self.methods)

    def add(self, name: str, position: int, codes: np.ndarray, method: str, *,
            feature: bool, lock: AbstractContextManager | None = None) -> None:
        """Fold one column in; columns may arrive in any order, from several threads."""
        with np.errstate(over="ignore"):
            term = _term(codes, position, method)
            with lock or nullcontext():
                self.keys += term
                if feature:
                    self.feature_keys += term
                    self.features.add(name)
                self.methods[name] = (position, method)

    def only(self, frame: pd.DataFrame, names: Iterable[str]) -> np.ndarray:
        """Keys over just ``names`` (all folded in already): the others' shares taken out."""
        wanted = set(names)
        base, inside = ((self.feature_keys, self.features) if wanted <= self.features
                        else (self.keys, self.columns))
        keys = base.copy()
        with np.errstate(over="ignore"):
            for name in inside - wanted:
                position, method = self.methods[name]
                keys -= _term(column_codes(frame[name], method), position, method)
        return keys


def row_keys(frame: pd.DataFrame) -> RowKeys:
    """Keys over every column of ``frame``."""
    keys = RowKeys.empty(len(frame))
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        method = code_method(column)
        keys.add(str(name), position, column_codes(column, method), method, feature=False)
    return keys


def repeated(keys: np.ndarray) -> np.ndarray:
    """Mask of the keys that occur more than once.

    One sort finds the repeated keys; a bitmap of their low bits then picks the rows to check
    exactly (about twice as fast as ``isin`` or ``Series.duplicated`` on a million keys).
    """
    mask = np.zeros(len(keys), dtype=bool)
    ordered = np.sort(keys)
    again = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if again.size == 0:
        return mask
    low = np.uint64((1 << _BITMAP_BITS) - 1)
    bitmap = np.zeros(1 << _BITMAP_BITS, dtype=bool)
    bitmap[(again & low).astype(np.intp)] = True
    maybe = np.flatnonzero(bitmap[(keys & low).view(np.intp)])  # below 2**22: a view, no copy
    mask[maybe[np.isin(keys[maybe], again)]] = True
    return mask


def repeated_count(keys: np.ndarray) -> int:
    """Rows whose key equals an earlier row's: the duplicate-row count, from one sort.

    Decided on the 64-bit keys alone: two different rows share a key with probability about
    n²/2⁶⁵ (3 in 100 million for a million rows), far below anything a PM acts on, and it
    saves comparing the candidate rows value by value (a third of the count's time). The
    cleaning step that drops duplicates (:func:`duplicated_rows`) still compares exactly.
    """
    if len(keys) < 2:
        return 0
    ordered = np.sort(keys)
    return int(np.count_nonzero(ordered[1:] == ordered[:-1]))


def _candidates(frame: pd.DataFrame, columns: list[str] | None,
                keys: RowKeys | None) -> tuple[list[str], np.ndarray]:
    """Rows whose key (over ``columns``) repeats: every repeated row, plus rare collisions."""
    columns = [str(c) for c in (columns if columns is not None else frame.columns)]
    if len(frame) < 2:
        return columns, np.array([], dtype=np.int64)
    if not columns:
        return columns, np.arange(len(frame))
    if keys is None or not set(columns) <= keys.columns:
        keys = row_keys(frame[columns])
    return columns, np.flatnonzero(repeated(keys.only(frame, columns)))


def duplicated_rows(frame: pd.DataFrame, columns: list[str] | None = None, *,
                    keys: RowKeys | None = None) -> np.ndarray:
    """A boolean mask like ``frame.duplicated()`` (later copies marked), found much faster."""
    mask = np.zeros(len(frame), dtype=bool)
    columns, candidates = _candidates(frame, columns, keys)
    if len(candidates):
        sub = frame.iloc[candidates][columns] if columns else frame.iloc[candidates]
        mask[candidates[sub.duplicated(keep="first").to_numpy()]] = True
    return mask
