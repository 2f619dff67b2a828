"""What kind of thing a column holds, in the words a PM uses (number, category, date, ID…)."""

from __future__ import annotations

import warnings

import pandas as pd

_DATE_SAMPLE = 200


def looks_like_dates(column: pd.Series) -> bool:
    """Text that is (nearly) all dates, e.g. ``2026-03-29`` or ``29/03/2026``."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return True
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    values = column.dropna()
    if values.empty:
        return False
    sample = values.iloc[:_DATE_SAMPLE].astype(str)
    if not sample.str.contains(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", regex=True).mean() > 0.9:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() > 0.9)


def id_like_columns(frame: pd.DataFrame) -> list[str]:
    """Columns with a different value on (nearly) every row: row labels, not signal."""
    found = []
    for name in frame.columns:
        column = frame[name]
        if len(column) < 20 or pd.api.types.is_float_dtype(column) or looks_like_dates(column):
            continue
        if column.nunique(dropna=True) >= 0.98 * len(column):
            found.append(str(name))
    return found


def column_kind(column: pd.Series) -> str:
    """A PM-facing type name: number, category, yes/no, date or text."""
    values = column.dropna()
    if pd.api.types.is_bool_dtype(column) or (0 < values.nunique() <= 2 and len(values) > 2):
        return "yes/no"
    if looks_like_dates(column):
        return "date"
    if pd.api.types.is_numeric_dtype(column):
        return "number"
    if values.nunique() > max(50, 0.5 * len(values)):
        return "text"
    return "category"
