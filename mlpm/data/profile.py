"""One pass over every column: the facts all checks, charts and readiness lights need.

Every check in :mod:`mlpm.data.quality` reads these profiles instead of re-scanning the table,
which is what makes a review of a million rows take about as long as reading the file:

* numbers are sorted once (or counted, for whole numbers in a small range); the distinct
  count, quartiles and the most common values all come from that one pass, exactly;
* text is dictionary-encoded once (million-distinct IDs: sorted as 64-bit keys); checks that
  parse text (numbers or dates written as text, personal data) read the distinct values or a
  fixed-size sample;
* the codes made on the way feed the row keys that find duplicate rows and conflicting
  labels (:mod:`mlpm.data.row_keys`), so no column is read twice."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlpm.data.convert import is_placeholder, number_share
from mlpm.data.csv_safe import DANGEROUS_BYTES, SIGNED_NUMBER, neutralise, signed_number
from mlpm.data.free_text import profile_is_free_text
from mlpm.data.kinds import date_format, to_dates
from mlpm.data.row_keys import (
    MISSING,
    bits_codes,
    code_method,
    column_codes,
    dictionary_codes,
    spread_keys,
)
from mlpm.data.text_keys import arrow_strings, counted_keys, first_byte_in, fixed_width_keys

TEXT_SAMPLE = 2_000  # rows read by text checks when a column has many distinct values
TEXT_DISTINCT = 2_000  # up to this many distinct values, every one is checked (weighted)
TOP = 50
_DIGIT = re.compile(r"\d")
Rows = TypeVar("Rows", pd.DataFrame, pd.Series)


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
    number_share: float = 0.0  # text that reads as numbers (also after removing $, %, ...)
    date_format: str | None = None  # text that reads as dates
    python_types: tuple[str, ...] = ()  # for mixed object columns (Excel, Parquet)
    formula_cells: int = 0  # text cells a download neutralises (=, +, -, @ first; csv_safe)
    formula_numbers: int = 0  # ... of which plain signed numbers such as '-5'
    formula_examples: tuple[str, ...] = ()  # up to three of them, most common first
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


def random_rows(data: Rows, size: int, *, seed: int = 0) -> Rows:
    """Up to ``size`` random rows of a table or column, in their original order (much faster
    than ``.sample``); all of them when there are no more."""
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


def _moments(values: np.ndarray, weights: np.ndarray | None, n: int
             ) -> tuple[float, float, float]:
    """Mean and the 2nd and 3rd central moments (``weights``: how often each value occurs).

    Not ``np.dot``: a BLAS call leaves OpenBLAS threads spinning on the other core for
    milliseconds, which halved the review's parallel speed (docs/performance.md).
    """
    if weights is None:
        mean = float(values.mean())
        centred = values - mean
        squares = centred * centred
        m2 = float(squares.sum()) / n
        squares *= centred
        return mean, m2, float(squares.sum()) / n
    values = values.astype(float)
    mean = float((values * weights).sum()) / n
    centred = values - mean
    return (mean, float((weights * centred ** 2).sum()) / n,
            float((weights * centred ** 3).sum()) / n)


@dataclass(frozen=True)
class _NumberStats:
    """What one counting or sorting pass over a number column's finite values gives."""

    whole: bool
    distinct: int
    top: tuple[tuple[object, int], ...]
    zeros: int
    negatives: int
    mean: float
    m2: float
    m3: float
    quartiles: tuple[float, float, float]


def _profile_numeric(name: str, column: pd.Series) -> tuple[ColumnProfile, np.ndarray | None]:
    """The profile of a number column, and its row codes; each pass over the values counts."""
    rows = len(column)
    values = column.to_numpy(dtype=float, na_value=np.nan)
    nan = np.isnan(values)
    missing = int(np.count_nonzero(nan))
    codes = (bits_codes(column, values, nan if missing else None)
             if isinstance(column.dtype, np.dtype) else None)  # other storage: hashed later
    finite, minimum, maximum, infinite = _finite(values[~nan] if missing else values)
    if finite.size == 0:
        return ColumnProfile(name, str(column.dtype), "empty" if not infinite else "number", rows,
                             missing, int(infinite > 0), numeric=True, infinite=infinite), codes
    n = finite.size
    # Whole numbers in a small range are counted (bincount): the distinct values, quartiles,
    # zeros and moments then come from the counts, not from passes over a million rows.
    # Anything else is sorted once: quartiles, distinct count, zeros and most common values
    # all come from that one sort, exactly.
    whole = column.dtype.kind in "iub" or _sampled_whole(finite)
    counts = _whole_counts(column, finite, minimum, maximum) if whole else None
    stats = (_stats_from_counts(counts, column, minimum, maximum, n) if counts is not None
             else _stats_from_sort(finite, column, whole))
    del counts
    std = math.sqrt(stats.m2 * n / (n - 1)) if n > 1 else 0.0
    skew = None
    if n > 2 and stats.m2 > 0:
        skew = float(stats.m3 / stats.m2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2))
    distinct = stats.distinct + int(infinite > 0)
    kind = "yes/no" if distinct <= 2 and n > 2 else "number"
    q1, median, q3 = stats.quartiles
    return ColumnProfile(
        name, str(column.dtype), kind, rows, missing, distinct, top=stats.top, numeric=True,
        minimum=minimum, maximum=maximum, mean=stats.mean, std=std,
        q1=q1, median=median, q3=q3, skew=skew, zeros=stats.zeros,
        infinite=infinite, negatives=stats.negatives, whole=stats.whole), codes


def _finite(values: np.ndarray) -> tuple[np.ndarray, float, float, int]:
    """(the values without infinities, their minimum and maximum, how many were infinite)."""
    if not values.size:
        return values, 0.0, 0.0, 0
    minimum, maximum = float(values.min()), float(values.max())
    if not (math.isinf(minimum) or math.isinf(maximum)):  # rare: only then look for infinities
        return values, minimum, maximum, 0
    inf = np.isinf(values)
    finite = values[~inf]
    if finite.size:
        minimum, maximum = float(finite.min()), float(finite.max())
    return finite, minimum, maximum, int(np.count_nonzero(inf))


def _sampled_whole(finite: np.ndarray) -> bool:
    """A cheap look at 10,000 evenly spread values: all whole numbers?"""
    return bool(np.all(np.mod(finite[:: max(1, finite.size // 10_000)], 1) == 0))


def _whole_counts(column: pd.Series, finite: np.ndarray, minimum: float,
                  maximum: float) -> np.ndarray | None:
    """Rows per whole number from ``minimum`` up, when the range is small enough to count;
    for floats every value is checked first (counting would silently merge 2.5 into 2)."""
    if not (maximum - minimum <= 2_000_000 and abs(minimum) < 2**53 and abs(maximum) < 2**53):
        return None
    ints = finite.astype(np.int64)
    if column.dtype.kind not in "iub" and not np.array_equal(ints, finite):
        return None
    low = int(minimum)
    return np.bincount(ints - low if low else ints)


def _stats_from_counts(counts_all: np.ndarray, column: pd.Series, minimum: float,
                       maximum: float, n: int) -> _NumberStats:
    """The statistics of whole numbers from their counts (``counts_all[i]``: rows equal to
    ``minimum + i``), without another pass over the rows."""
    low = int(minimum)
    present_values = np.flatnonzero(counts_all)
    top = _top_counts(_as_stored(present_values + minimum, column), counts_all[present_values])
    zeros = int(counts_all[-low]) if low <= 0 <= maximum else 0
    negatives = int(counts_all[:-low].sum()) if low < 0 else 0
    cumulative = np.cumsum(counts_all)
    mean, m2, m3 = _moments(present_values + minimum, counts_all[present_values], n)

    def quantile(q: float) -> float:
        rank = min(n - 1, round(q * (n - 1)))
        return float(np.searchsorted(cumulative, rank, side="right") + minimum)

    return _NumberStats(True, int(present_values.size), top, zeros, negatives, mean, m2, m3,
                        (quantile(0.25), quantile(0.5), quantile(0.75)))


def _stats_from_sort(finite: np.ndarray, column: pd.Series, whole: bool) -> _NumberStats:
    """The statistics of any numbers from one sort of them."""
    n = finite.size
    mean, m2, m3 = _moments(finite, None, n)
    ordered = np.sort(finite)
    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    runs = np.diff(np.append(starts, n))
    top = _top_counts(_as_stored(ordered[starts], column), runs)
    negatives = int(np.searchsorted(ordered, 0.0, side="left"))
    zeros = int(np.searchsorted(ordered, 0.0, side="right")) - negatives

    def quantile(q: float) -> float:
        return float(ordered[min(n - 1, round(q * (n - 1)))])

    return _NumberStats(whole, int(starts.size), top, zeros, negatives, mean, m2, m3,
                        (quantile(0.25), quantile(0.5), quantile(0.75)))


def _mostly_distinct(array: pa.Array) -> bool:
    """2,000 evenly spread values are 90% distinct: an ID-like column, worth the fixed-width
    path (read straight from Arrow: this runs on every text column)."""
    values = array.take(np.linspace(0, len(array) - 1, TEXT_SAMPLE).astype(np.int64))
    present = len(values) - values.null_count
    return present >= 100 and pc.count_distinct(values).as_py() >= 0.9 * present


Formulas = tuple[int, int, tuple[str, ...]]  # cells, of which signed numbers, examples


@dataclass(frozen=True)
class _Counted:
    distinct: int
    top: tuple[tuple[object, int], ...]
    counts: pd.Series | None  # every value's count, when there are few distinct values
    codes: np.ndarray | None = None  # row codes made on the way (see mlpm.data.row_keys)
    method: str | None = None
    formulas: Formulas = (0, 0, ())


def _arrow_formulas(values: pa.Array, weights: np.ndarray | None) -> Formulas:
    """The cells a download would neutralise (:mod:`mlpm.data.csv_safe`), read from the first byte
    of each distinct value weighted by its count (``weights``), or of every row: counted
    without a Python loop, so the review of a million rows stays as fast as the file read."""
    mask = first_byte_in(values, DANGEROUS_BYTES)
    if not mask.any():
        return 0, 0, ()
    picked = values.filter(pa.array(mask))
    counts = weights[mask] if weights is not None else np.ones(len(picked), dtype=np.int64)
    numbers = pc.match_substring_regex(picked, f"^{SIGNED_NUMBER}$").to_numpy(
        zero_copy_only=False)
    order = (np.argsort(-counts, kind="stable")[:20] if weights is not None
             else np.arange(min(20, len(picked))))
    examples = tuple(dict.fromkeys(picked.take(pa.array(order)).to_pylist()))[:3]
    return int(counts.sum()), int(counts[numbers].sum()), examples


def _counted_formulas(counts: pd.Series) -> Formulas:
    """As :func:`_arrow_formulas`, for columns not stored as Arrow text (object, category):
    one look per distinct value, with :func:`mlpm.data.csv_safe.neutralise` itself."""
    found = [(int(count), value) for value, count in zip(counts.index, counts.to_numpy(),
                                                         strict=True)
             if count and isinstance(value, str) and neutralise(value) != value]
    found.sort(key=lambda pair: -pair[0])
    return (sum(c for c, _ in found), sum(c for c, v in found if signed_number(v)),
            tuple(v for _, v in found[:3]))


def _counts(column: pd.Series) -> _Counted:
    """Count the values of a non-number column, keeping the row codes made on the way.

    Arrow text is dictionary-encoded (the indices are exact row codes); million-distinct
    fixed-width text (IDs) is counted by sorting its bytes as 64-bit keys, ~10× faster than
    hashing every string (:mod:`mlpm.data.text_keys`). Anything else: ``value_counts``.
    """
    array = arrow_strings(column)
    if array is None:
        counts = column.value_counts(dropna=True, sort=False)
        tally = counts.to_numpy()
        keep = _top_positions(tally)
        return _Counted(len(counts), _top_counts(counts.index[keep].to_numpy(dtype=object),
                                                 tally[keep]),
                        counts if len(counts) <= TEXT_DISTINCT else None,
                        formulas=_counted_formulas(counts))
    if len(column) > 10 * TEXT_DISTINCT and _mostly_distinct(array):
        found = fixed_width_keys(column)
        if found is not None:
            distinct, positions, tally = counted_keys(found, TOP)
            if distinct > TEXT_DISTINCT:
                values = column.iloc[positions].to_numpy(dtype=object)
                return _Counted(distinct, _top_counts(values, tally), None,
                                spread_keys(found.keys, found.rows, len(column)), "fixed",
                                _arrow_formulas(array, None))
    encoded = pc.dictionary_encode(array)
    codes = dictionary_codes(encoded.indices)
    dictionary = encoded.dictionary
    present = codes[codes != MISSING] if array.null_count else codes
    tally = np.bincount(present.view(np.int64), minlength=len(dictionary))
    keep = _top_positions(tally)
    top = _top_counts(np.asarray(dictionary.take(keep).to_pylist(), dtype=object), tally[keep])
    counts = None
    if len(dictionary) <= TEXT_DISTINCT:
        counts = pd.Series(tally, index=pd.Index(dictionary.to_pylist(), dtype=object))
    return _Counted(len(dictionary), top, counts, codes, "dict",
                    _arrow_formulas(dictionary, tally))


def _top_positions(tally: np.ndarray) -> np.ndarray:
    """Positions of the TOP largest counts (all of them when there are fewer)."""
    return np.argpartition(-tally, TOP)[:TOP] if len(tally) > TOP else np.arange(len(tally))


def _profile_other(name: str, column: pd.Series, seed: int,
                   made: list[_Counted] | None = None) -> ColumnProfile:
    rows = len(column)
    missing = int(column.isna().sum())
    dtype = str(column.dtype)
    if missing == rows:
        return ColumnProfile(name, dtype, "empty", rows, missing, 0)
    if pd.api.types.is_datetime64_any_dtype(column):
        known = column.dropna()
        return ColumnProfile(name, dtype, "date", rows, missing, int(known.nunique()),
                             extra={"first": known.min(), "last": known.max()})
    counted = _counts(column)
    if made is not None:
        made.append(counted)
    distinct, top, counts = counted.distinct, counted.top, counted.counts
    cells, numbers, examples = counted.formulas
    formulas: dict[str, Any] = {"formula_cells": cells, "formula_numbers": numbers,
                                "formula_examples": examples}
    if pd.api.types.is_bool_dtype(column):
        return ColumnProfile(name, dtype, "yes/no", rows, missing, distinct, top=top)
    values, weights = _values_to_read(column, counts, seed)
    python_types = _python_types(values) if dtype == "object" else ()
    if dtype == "object" and set(python_types) <= {"date", "datetime", "Timestamp"}:
        return ColumnProfile(name, dtype, "date", rows, missing, distinct, top=top,
                             python_types=python_types, **formulas)
    fmt, readable = _read_as_dates_or_numbers(values.astype(str).reset_index(drop=True), weights)
    extra: dict[str, object] = {}
    if fmt and counts is not None:  # few distinct dates: parse each once, keep rows per date
        extra["date_counts"] = _date_counts(counts, fmt)
    return ColumnProfile(name, dtype, _text_kind(distinct, rows - missing, fmt), rows, missing,
                         distinct, top=top, number_share=readable,
                         date_format=fmt, python_types=python_types, extra=extra, **formulas)


def _values_to_read(column: pd.Series, counts: pd.Series | None, seed: int
                    ) -> tuple[pd.Series, pd.Series | None]:
    """The values text checks read, with their row counts: every distinct value when the
    counting kept them all, else a random sample of rows (each weighing one)."""
    if counts is not None:
        return counts.index.to_series(), pd.Series(counts.to_numpy(), index=counts.index)
    return random_rows(column, TEXT_SAMPLE, seed=seed).dropna(), None


def _python_types(values: pd.Series) -> tuple[str, ...]:
    """The Python types an object column holds (Excel, Parquet), ints and floats as "number"."""
    kinds = {type(v).__name__ for v in values.to_numpy()}
    return tuple(sorted({"number" if k in ("int", "float", "int64", "float64") else k
                         for k in kinds}))


def _read_as_dates_or_numbers(text: pd.Series, weights: pd.Series | None
                              ) -> tuple[str | None, float]:
    """(the date format that reads the text, or else the share that reads as numbers);
    placeholders such as "n/a" are left out."""
    if not _DIGIT.search("\x1f".join(text.tolist())):  # no digit: neither numbers nor dates
        return None, 0.0
    if weights is not None:
        weights = weights.reset_index(drop=True)
    real = ~text.map(is_placeholder).astype(bool)  # "n/a" or "?" should not hide numbers
    text = text[real]
    weights = weights[real] if weights is not None else None
    fmt = date_format(text)
    if fmt is not None:
        return fmt, 0.0
    return None, number_share(text, weights)


def _text_kind(distinct: int, present: int, fmt: str | None) -> str:
    if distinct <= 2 and present > 2:
        return "yes/no"
    if fmt:
        return "date"
    return "text" if distinct > max(50, 0.5 * present) else "category"


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
        return _profile_numeric(name, column)[0]
    return _profile_other(name, column, seed)


def profile_and_codes(column: pd.Series, *, seed: int = 0
                      ) -> tuple[ColumnProfile, np.ndarray, str]:
    """The profile, plus the column's row codes (:func:`mlpm.data.row_keys.column_codes`),
    reusing the dictionary or keys the counting made instead of reading the text twice."""
    name = str(column.name)
    made: list[_Counted] = []
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        profile, codes = _profile_numeric(name, column)
        if codes is not None:
            return profile, codes, "bits"
    else:
        profile = _profile_other(name, column, seed, made)
    if made and made[0].codes is not None:
        return profile, made[0].codes, str(made[0].method)
    method = code_method(column)
    return profile, column_codes(column, method), method


def looks_like_id(p: ColumnProfile) -> bool:
    """Nearly every value differs (and it is not a measurement): an identifier, not a signal."""
    if p.rows < 20 or p.kind in ("date", "empty") or p.dtype.startswith("float"):
        return False
    return p.distinct >= 0.98 * p.rows and not profile_is_free_text(p)


def default_feature(p: ColumnProfile) -> bool:
    """Would a model use this column by default (as ``problem.default_features``)? No IDs,
    constants, dates, empty columns or codes with too many values; free text is read as words
    (:mod:`mlpm.data.free_text`); the target is left out by the caller."""
    if looks_like_id(p) or p.distinct <= 1 or p.kind in ("date", "empty"):
        return False
    return not (p.kind == "text" and not p.numeric) or profile_is_free_text(p)


def profile_frame(frame: pd.DataFrame, *, seed: int = 0) -> dict[str, ColumnProfile]:
    """Profiles of every column, in column order."""
    return {str(name): profile_column(frame[name], seed=seed) for name in frame.columns}
