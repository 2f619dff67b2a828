"""One pass over every column: the facts all checks, charts and readiness lights need.

Every check in :mod:`mlpm.data.quality` reads these profiles instead of re-scanning the table,
which is what makes a review of a million rows take about a second:

* numbers are sorted once; distinct count, quartiles, zeros and the most common values all
  come from that one sort;
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

from mlpm.data.convert import NUMERIC_SENTINELS, is_placeholder, number_share
from mlpm.data.kinds import date_format

TEXT_SAMPLE = 2_000  # rows read by text checks when a column has many distinct values
TEXT_DISTINCT = 2_000  # up to this many distinct values, every one is checked (weighted)
TOP = 50
_NUMERIC_SAMPLE = 200_000
_SENTINELS = frozenset(NUMERIC_SENTINELS)


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
    # Quartiles from one sort: of every value up to 200,000 rows, of a random sample beyond.
    if n > _NUMERIC_SAMPLE:
        sample = finite[np.random.default_rng(0).integers(0, n, _NUMERIC_SAMPLE)]
    else:
        sample = finite
    ordered = np.sort(sample)
    whole = bool(np.all(np.mod(ordered[:: max(1, ordered.size // 10_000)], 1) == 0))

    def quantile(q: float) -> float:
        return float(ordered[min(ordered.size - 1, round(q * (ordered.size - 1)))])

    # Distinct values and the most common ones: exact by counting (hash), except the counts of
    # the most common of many different values, which come from the sample (scaled up).
    if whole and maximum - minimum <= 2_000_000:
        counts_all = np.bincount((finite - minimum).astype(np.int64))
        present_values = np.flatnonzero(counts_all)
        distinct = int(present_values.size)
        top = _top_counts(present_values + minimum, counts_all[present_values])
    else:
        uniques = pd.unique(finite)
        distinct = int(uniques.size)
        if distinct <= TOP:
            counts = pd.Series(finite).value_counts(sort=False)
            top = _top_counts(counts.index.to_numpy(), counts.to_numpy())
        else:
            change = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            starts = np.concatenate(([0], change))
            counts = np.diff(np.concatenate((starts, [ordered.size]))) * (n / ordered.size)
            top = _top_counts(ordered[starts], np.rint(counts).astype(np.int64))
            top = tuple((v, int(np.count_nonzero(finite == v))) if float(v) in _SENTINELS else
                        (v, c) for v, c in top)
    distinct += int(infinite > 0)
    kind = "yes/no" if distinct <= 2 and n > 2 else "number"
    return ColumnProfile(
        name, str(column.dtype), kind, rows, missing, distinct, top=top, numeric=True,
        minimum=minimum, maximum=maximum, mean=mean, std=std,
        q1=quantile(0.25), median=quantile(0.5), q3=quantile(0.75), skew=skew, zeros=zeros,
        infinite=infinite, negatives=negatives, whole=whole)


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
    counts = column.value_counts(dropna=True, sort=False)
    distinct = len(counts)
    top = _top_counts(counts.index.to_numpy(dtype=object), counts.to_numpy())
    present = rows - missing
    if pd.api.types.is_bool_dtype(column):
        return ColumnProfile(name, dtype, "yes/no", rows, missing, distinct, top=top)
    if distinct <= TEXT_DISTINCT:
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
    return ColumnProfile(name, dtype, kind, rows, missing, distinct, top=top,
                         number_share=readable, number_cleaned_share=cleaned, date_format=fmt,
                         python_types=python_types)


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


def _column_hash(column: pd.Series, rows: np.ndarray | None) -> np.ndarray:
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iufbmM":
        values = column.to_numpy()
        return pd.util.hash_array(values if rows is None else values[rows])
    part = column if rows is None else column.iloc[rows]
    return pd.util.hash_pandas_object(part, index=False).to_numpy()


def _cost(column: pd.Series) -> int:
    """Cheap columns first: numbers hash fast, text slowly."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return 0
    return 1


def repeated_rows(frame: pd.DataFrame, columns: list[str] | None = None) -> np.ndarray:
    """Positions of rows whose values (on ``columns``) occur on at least one other row.

    Hashes the cheapest columns first and narrows the candidates after each one, so the
    expensive text columns are only hashed for the few rows that could still be copies.
    Hash collisions are ruled out by an exact comparison of the final candidates.
    """
    columns = [str(c) for c in (columns if columns is not None else frame.columns)]
    n = len(frame)
    if n < 2 or not columns:
        return np.arange(n) if columns == [] and n > 1 else np.array([], dtype=np.int64)
    order = sorted(columns, key=lambda c: _cost(frame[c]))
    candidates = np.arange(n)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for name in order:
            hashed = _column_hash(frame[name], None if len(candidates) == n else candidates)
            mixed = combined[candidates] * _MIX ^ hashed
            keep = pd.Series(mixed).duplicated(keep=False).to_numpy()
            candidates, combined_new = candidates[keep], mixed[keep]
            combined[candidates] = combined_new
            if len(candidates) == 0:
                return candidates
    exact = frame.iloc[candidates][columns].duplicated(keep=False).to_numpy()
    return candidates[exact]


def duplicated_rows(frame: pd.DataFrame, columns: list[str] | None = None) -> np.ndarray:
    """A boolean mask like ``frame.duplicated()`` (later copies marked), found much faster."""
    mask = np.zeros(len(frame), dtype=bool)
    candidates = repeated_rows(frame, columns)
    if len(candidates):
        sub = frame.iloc[candidates]
        if columns is not None:
            sub = sub[columns]
        mask[candidates[sub.duplicated(keep="first").to_numpy()]] = True
    return mask
