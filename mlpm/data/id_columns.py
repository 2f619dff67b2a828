"""Columns that label rows (IDs) rather than describe them, found in a whole table.

Its own module because it needs both :mod:`mlpm.data.kinds` (dates are not IDs) and
:mod:`mlpm.data.free_text` (sentences differ on every row too, but their words are signal),
and free text itself is told from its column kind. The review's version, read from column
profiles, is :func:`mlpm.data.profile.looks_like_id`.
"""

from __future__ import annotations

import pandas as pd

from mlpm.data.free_text import is_free_text
from mlpm.data.kinds import looks_like_dates


def id_like_columns(frame: pd.DataFrame) -> list[str]:
    """Columns with a different value on (nearly) every row: row labels, not signal (free
    text differs on every row too, but its words are signal)."""
    found = []
    for name in frame.columns:
        column = frame[name]
        if len(column) < 20 or pd.api.types.is_float_dtype(column) or looks_like_dates(column):
            continue
        # A sample with repeats rules a column out without counting a million values.
        sample = column.iloc[:: max(1, len(column) // 2_000)]
        if len(sample) >= 20 and sample.nunique(dropna=True) < 0.98 * len(sample):
            continue
        if column.nunique(dropna=True) >= 0.98 * len(column) and not is_free_text(column):
            found.append(str(name))
    return found
