"""One pass over every column: the facts all checks, charts and readiness lights need.

Every check in :mod:`mlpm.data.quality` reads these profiles instead of re-scanning the table,
which is what makes a review of a million rows take about a second:

* numbers are sorted once (or counted, for whole numbers in a small range); the distinct
  count, quartiles and the most common values all come from that one pass, exactly;
* text is counted once (``value_counts``); checks that parse text (numbers or dates written
  as text, personal data) read a fixed-size sample;
* duplicate rows are found by hashing cheap columns first and only the rows still in the
  running through the expensive ones (see :func:`duplicated_rows`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mlpm.data.convert import is_placeholder, number_share
from mlpm.data.kinds import date_format, to_dates
from mlpm.data.text_keys import counted_keys, fixed_width_keys

TEXT_SAMPLE = 2_000  # rows read by text checks when a column has many distinct values
TEXT_DISTINCT = 2_000  # up to this many distinct values, every one is checked (weighted)
TOP = 50


@dataclass(frozen=True)
class ColumnProfile:
    """What one column holds; numbers and text facts are empty where they do not apply."""

    name: str
    dtype: str
    kind: str  # "number" | "category" | "yes/no" | "date" | "text" | "empty"
    rows: int
    missing: int
    distinct: int
    top: tuple[tuple[object, int], ...] = ()  # most common values with their row counts
    numeric: bool = False
    minimum: float | None = None
    maximum: float | None = None
    mean: float | None = None
    std: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    skew: float | None = None
    zeros: int = 0
    infinite: int = 0
    negatives: int = 0
    whole: bool = False  # every number is a whole number
    number_share: float = 0.0  # text that reads as numbers
    number_cleaned_share: float = 0.0  # ... only after removing $, %, separators
    date_format: str | None = None  # text that reads as dates
    python_types: tuple[str, ...] = ()  # for mixed object columns (Excel, Parquet)
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def present(self) -> int:
        return self.rows - self.missing

    @property
    def missing_share(self) -> float:
        return self.missing / self.rows if self.rows else 0.0

    @property
    def is_text(self) -> bool:
        return not self.numeric and self.kind not in ("date", "empty") \
            and not self.dtype.startswith(("datetime", "bool"))

    def count_of(self, value: object) -> int:
        return next((c for v, c in self.top if v == value), 0)


def sample_rows(data: pd.DataFrame | pd.Series, size: int, *, seed: int = 0):
    """Up to ``size`` random rows in their original order (much faster than ``.sample``)."""
    n = len(data)
    if n <= size:
        return data
    picks = np.random.default_rng(seed).choice(n, size, replace=False)
    return data.iloc[np.sort(picks)]


def _top_counts(values: np.ndarray, counts: np.ndarray) -> tuple[tuple[object, int], ...]:
    if len(counts) > TOP:
        keep = np.argpartition(-counts, TOP)[:TOP]
        values, counts = values[keep], counts[keep]
    order = np.lexsort((np.arange(len(counts)), -counts))
    return tuple((values[i].item() if hasattr(values[i], "item") else values[i], int(counts[i]))
                 for i in order)


def _as_stored(values: np.ndarray, column: pd.Series) -> np.ndarray:
    """Counted values back in the column's own kind, so ``str(value)`` reads as the data does
    (``1``, not ``1.0``, for a whole-number column)."""
    return values.astype(np.int64) if column.dtype.kind in "iu" else values


def _profile_numeric(name: str, column: pd.Series) -> ColumnProfile:
    rows = len(column)
    values = column.to_numpy(dtype=float, na_value=np.nan)
    nan = np.isnan(values)
    missing = int(nan.sum())
    inf = np.isinf(values)
    infinite = int(inf.sum())
    finite = values[~(nan | inf)] if (missing or infinite) else values
    if finite.size == 0:
        return ColumnProfile(name, str(column.dtype), "empty" if not infinite else "number", rows,
                             missing, int(infinite > 0), numeric=True, infinite=infinite)
    n = finite.size
    minimum, maximum = float(finite.min()), float(finite.max())
    mean = float(finite.mean())
    centred = finite - mean
    squares = centred * centred
    m2 = float(squares.sum()) / n
    std = math.sqrt(m2 * n / (n - 1)) if n > 1 else 0.0
    skew = None
    if n > 2 and m2 > 0:
        m3 = float(np.dot(squares, centred)) / n
        skew = float(m3 / m2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2))
    del centred, squares
    zeros = int(np.count_nonzero(finite == 0))
    negatives = int(np.count_nonzero(finite < 0))
    # One sort gives the quartiles, the distinct count and the most common values, all exact.
    # For whole numbers in a small range, counting (bincount) is faster still and sorts nothing.
    # Whole numbers: a cheap look at 10,000 values first, then every value (the counting
    # below would silently merge 2.5 into 2 otherwise).
    whole = column.dtype.kind in "iub" or (
        bool(np.all(np.mod(finite[:: max(1, n // 10_000)], 1) == 0))
        and abs(minimum) < 2**53 and abs(maximum) < 2**53
        and bool(np.array_equal(finite.astype(np.int64), finite)))
    if whole and maximum - minimum <= 2_000_000:
        counts_all = np.bincount((finite - minimum).astype(np.int64))
        present_values = np.flatnonzero(counts_all)
        distinct = int(present_values.size)
        top = _top_counts(_as_stored(present_values + minimum, column), counts_all[present_values])
        cumulative = np.cumsum(counts_all)

        def quantile(q: float) -> float:
            rank = min(n - 1, round(q * (n - 1)))
            return float(np.searchsorted(cumulative, rank, side="right") + minimum)
    else:
        ordered = np.sort(finite)
        starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
        distinct = int(starts.size)
        runs = np.diff(np.append(starts, n))
        top = _top_counts(_as_stored(ordered[starts], column), runs)

        def quantile(q: float) -> float:
            return float(ordered[min(n - 1, round(q * (n - 1)))])

    distinct += int(infinite > 0)
    kind = "yes/no" if distinct <= 2 and n > 2 else "number"
    return ColumnProfile(
        name, str(column.dtype), kind, rows, missing, distinct, top=top, numeric=True,
        minimum=minimum, maximum=maximum, mean=mean, std=std,
        q1=quantile(0.25), median=quantile(0.5), q3=quantile(0.75), skew=skew, zeros=zeros,
        infinite=infinite, negatives=negatives, whole=whole)


def _mostly_distinct(column: pd.Series, seed: int) -> bool:
    """A random 2,000 values are 90% distinct: an ID-like column, worth the fixed-width path."""
    values = sample_rows(column, TEXT_SAMPLE, seed=seed).dropna()
    return len(values) >= 100 and values.nunique() >= 0.9 * len(values)


def _counts(column: pd.Series, seed: int
            ) -> tuple[int, tuple[tuple[object, int], ...], pd.Series | None]:
    """(distinct values, the most common with counts, every value's count if few distinct).

    Million-distinct fixed-width text (IDs) is counted by sorting its bytes as 64-bit keys,
    ~10× faster than hashing every string (:mod:`mlpm.data.text_keys`).
    """
    if len(column) > 10 * TEXT_DISTINCT and _mostly_distinct(column, seed):
        found = fixed_width_keys(column)
        if found is not None:
            distinct, positions, tally = counted_keys(found, TOP)
            if distinct > TEXT_DISTINCT:
                values = column.iloc[positions].to_numpy(dtype=object)
                return distinct, _top_counts(values, tally), None
    counts = column.value_counts(dropna=True, sort=False)
    tally = counts.to_numpy()
    if len(counts) > TOP:  # convert only the most common values, not a million distinct ones
        keep = np.argpartition(-tally, TOP)[:TOP]
        top = _top_counts(counts.index[keep].to_numpy(dtype=object), tally[keep])
    else:
        top = _top_counts(counts.index.to_numpy(dtype=object), tally)
    return len(counts), top, (counts if len(counts) <= TEXT_DISTINCT else None)


def _profile_other(name: str, column: pd.Series, seed: int) -> ColumnProfile:
    rows = len(column)
    missing = int(column.isna().sum())
    dtype = str(column.dtype)
    if missing == rows:
        return ColumnProfile(name, dtype, "empty", rows, missing, 0)
    if pd.api.types.is_datetime64_any_dtype(column):
        known = column.dropna()
        return ColumnProfile(name, dtype, "date", rows, missing, int(known.nunique()),
                             extra={"first": known.min(), "last": known.max()})
    distinct, top, counts = _counts(column, seed)
    present = rows - missing
    if pd.api.types.is_bool_dtype(column):
        return ColumnProfile(name, dtype, "yes/no", rows, missing, distinct, top=top)
    if counts is not None:
        values, weights = counts.index.to_series(), pd.Series(counts.to_numpy(), index=counts.index)
    else:  # many distinct values: read a random sample of rows instead
        values = sample_rows(column, TEXT_SAMPLE, seed=seed).dropna()
        weights = None
    python_types: tuple[str, ...] = ()
    if dtype == "object":
        kinds = {type(v).__name__ for v in values.to_numpy()}
        kinds = {"number" if k in ("int", "float", "int64", "float64") else k for k in kinds}
        python_types = tuple(sorted(kinds))
        if set(python_types) <= {"date", "datetime", "Timestamp"}:
            return ColumnProfile(name, dtype, "date", rows, missing, distinct, top=top,
                                 python_types=python_types)
    text = values.astype(str).reset_index(drop=True)
    if weights is not None:
        weights = weights.reset_index(drop=True)
    real = ~text.map(is_placeholder).astype(bool)  # "n/a" or "?" should not hide numbers
    text = text[real]
    weights = weights[real] if weights is not None else None
    fmt = date_format(text)
    readable = cleaned = 0.0
    if fmt is None:
        readable, cleaned = number_share(text, weights)
    if distinct <= 2 and present > 2:
        kind = "yes/no"
    elif fmt:
        kind = "date"
    elif distinct > max(50, 0.5 * present):
        kind = "text"
    else:
        kind = "category"
    extra: dict[str, object] = {}
    if fmt and counts is not None:  # few distinct dates: parse each once, keep rows per date
        extra["date_counts"] = _date_counts(counts, fmt)
    return ColumnProfile(name, dtype, kind, rows, missing, distinct, top=top,
                         number_share=readable, number_cleaned_share=cleaned, date_format=fmt,
                         python_types=python_types, extra=extra)


def _date_counts(counts: pd.Series, fmt: str) -> pd.Series:
    """Rows per date for a column of dates written as text (unreadable ones left out), so the
    readiness lights need not parse a million rows."""
    parsed = to_dates(pd.Series(counts.index.to_numpy(dtype=object)), fmt)
    if parsed is None:
        return pd.Series([], dtype="int64")
    tally = pd.Series(counts.to_numpy(), index=pd.DatetimeIndex(parsed))
    return tally[tally.index.notna()]


def profile_column(column: pd.Series, *, seed: int = 0) -> ColumnProfile:
    """The profile of one column."""
    name = str(column.name)
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return _profile_numeric(name, column)
    return _profile_other(name, column, seed)


def profile_frame(frame: pd.DataFrame, *, seed: int = 0) -> dict[str, ColumnProfile]:
    """Profiles of every column, in column order."""
    return {str(name): profile_column(frame[name], seed=seed) for name in frame.columns}


# --- duplicate rows ---------------------------------------------------------------------------

_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(32)


def _numeric_codes(column: pd.Series) -> np.ndarray | None:
    """The column's values as 64-bit words that are equal exactly when the values are equal.

    Only for NumPy number, boolean and date columns (their bits are their values); ``None``
    for anything else. ``-0.0`` and every NaN are mapped to one bit pattern each.
    """
    dtype = column.dtype
    if not (isinstance(dtype, np.dtype) and dtype.kind in "iufbmM"):
        return None
    values = column.to_numpy()
    if dtype.kind == "f":
        values = values.astype(np.float64) + 0.0  # a copy, and -0.0 becomes 0.0
        values[np.isnan(values)] = np.nan
        return values.view(np.uint64)
    if dtype.kind in "mM":
        return values.view(np.int64).view(np.uint64)
    return values.astype(np.int64).view(np.uint64)


def _text_codes(column: pd.Series) -> np.ndarray:
    """Row codes for any other column: equal values get equal 64-bit hashes."""
    return pd.util.hash_pandas_object(column, index=False).to_numpy()


def _mix(key: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Fold one column's codes into the running row keys (a few cheap vector operations)."""
    key ^= codes
    key *= _MIX
    key ^= key >> _SHIFT
    return key


def _term(codes: np.ndarray, position: int) -> np.ndarray:
    """One column's share of an additive row key (salted by the column's position)."""
    term = codes ^ np.uint64((position + 1) * 0x632BE59BD9B4E019 % 2**64)
    term *= _MIX
    term ^= term >> _SHIFT
    term *= _MIX
    return term


@dataclass(frozen=True)
class RowKeys:
    """One 64-bit key per row that sums every number, date and yes/no column's share.

    Being a sum, a column can be taken out again (:meth:`without`), so the duplicate-row
    count and the conflicting-labels check (every column but the target) share one pass.
    """

    keys: np.ndarray = field(repr=False)
    columns: tuple[str, ...]

    def without(self, frame: pd.DataFrame, names: set[str]) -> np.ndarray:
        keys = self.keys.copy()
        with np.errstate(over="ignore"):
            for position, name in enumerate(self.columns):
                if name in names:
                    keys -= _term(_numeric_codes(frame[name]), position)
        return keys


def row_keys(frame: pd.DataFrame) -> RowKeys:
    """Keys over every number, date and yes/no column of ``frame`` (text is left out)."""
    keys = np.zeros(len(frame), dtype=np.uint64)
    columns = []
    with np.errstate(over="ignore"):
        for name in frame.columns:
            codes = _numeric_codes(frame[name])
            if codes is not None:
                keys += _term(codes, len(columns))
                columns.append(str(name))
    return RowKeys(keys, tuple(columns))


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Mask of the keys that occur more than once: one sort, then a lookup of the repeats.

    About twice as fast as ``Series.duplicated(keep=False)`` on a million mostly unique keys.
    """
    ordered = np.sort(keys)
    again = ordered[1:][ordered[1:] == ordered[:-1]]
    if again.size == 0:
        return np.zeros(len(keys), dtype=bool)
    return pd.Series(keys).isin(np.unique(again)).to_numpy()


def repeated_rows(frame: pd.DataFrame, columns: list[str] | None = None, *,
                  keys: RowKeys | None = None) -> np.ndarray:
    """Positions of rows whose values (on ``columns``) occur on at least one other row.

    Every number, date and yes/no column is folded into one 64-bit key per row in a single
    cheap pass (or taken from ``keys``, computed earlier on the same frame); text columns,
    slow to hash, are then hashed only for the rows still in the running, narrowing after
    each. Hash collisions can only add candidates; an exact comparison of the final
    candidates rules them out.
    """
    columns = [str(c) for c in (columns if columns is not None else frame.columns)]
    n = len(frame)
    if n < 2 or not columns:
        return np.arange(n) if columns == [] and n > 1 else np.array([], dtype=np.int64)
    keys = keys or row_keys(frame)
    chosen = set(columns)
    numeric = [c for c in keys.columns if c in chosen]
    text = [c for c in columns if c not in set(keys.columns)]
    candidates = np.arange(n)
    with np.errstate(over="ignore"):
        if numeric:
            current = keys.without(frame, set(keys.columns) - chosen)
            keep = _repeated(current)
            candidates, current = candidates[keep], current[keep]
        else:
            current = np.zeros(n, dtype=np.uint64)
        for name in text:
            if len(candidates) == 0:
                return candidates
            column = frame[name] if len(candidates) == n else frame[name].iloc[candidates]
            current = _mix(current, _text_codes(column))
            keep = _repeated(current)
            candidates, current = candidates[keep], current[keep]
    if len(candidates) == 0:
        return candidates
    exact = frame.iloc[candidates][columns].duplicated(keep=False).to_numpy()
    return candidates[exact]


def duplicated_rows(frame: pd.DataFrame, columns: list[str] | None = None, *,
                    keys: RowKeys | None = None) -> np.ndarray:
    """A boolean mask like ``frame.duplicated()`` (later copies marked), found much faster."""
    mask = np.zeros(len(frame), dtype=bool)
    candidates = repeated_rows(frame, columns, keys=keys)
    if len(candidates):
        sub = frame.iloc[candidates]
        if columns is not None:
            sub = sub[columns]
        mask[candidates[sub.duplicated(keep="first").to_numpy()]] = True
    return mask
