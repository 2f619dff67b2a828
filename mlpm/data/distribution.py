"""What one column's values look like, ready to draw: bins, top values or counts per month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlpm.data.kinds import to_dates
from mlpm.data.profile import ColumnProfile, random_rows

SAMPLE = 200_000
BINS = 30
TOP = 15


@dataclass(frozen=True)
class Distribution:
    """``kind`` says how to draw ``table``: "histogram" (start, end, rows), "bars" (value,
    rows, share) or "timeline" (month, rows)."""

    column: str
    kind: str
    table: pd.DataFrame
    rows: int
    sampled: bool = False
    log_scale: bool = False
    other_rows: int = 0


def distribution(column: pd.Series, profile: ColumnProfile, *, seed: int = 0) -> Distribution:
    """Bins for numbers (on a log scale for long tails), top values for categories, months for
    dates."""
    name = str(column.name)
    sampled = len(column) > SAMPLE
    values = random_rows(column, SAMPLE, seed=seed)
    if profile.kind == "date" or profile.date_format:
        dates = to_dates(values, profile.date_format)
        if dates is not None and dates.notna().any():
            months = dates.dropna().dt.to_period("M").dt.to_timestamp()
            table = months.value_counts().sort_index().rename_axis("month").reset_index(name="rows")
            return Distribution(name, "timeline", table, int(dates.notna().sum()), sampled)
    if profile.numeric and profile.kind == "number":
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        numbers = numbers[np.isfinite(numbers)]
        log = bool(profile.skew is not None and profile.skew > 3 and profile.minimum is not None
                   and profile.minimum >= 0)
        shown = np.log10(numbers + 1) if log else numbers
        counts, edges = np.histogram(shown, bins=min(BINS, max(profile.distinct, 1)))
        if log:
            edges = 10 ** edges - 1
        table = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "rows": counts})
        return Distribution(name, "histogram", table, int(numbers.size), sampled, log)
    counts = column.astype(str).where(column.notna()).value_counts()
    top = counts.iloc[:TOP]
    table = pd.DataFrame({"value": top.index.astype(str), "rows": top.to_numpy(),
                          "share": (top / max(counts.sum(), 1)).to_numpy()})
    return Distribution(name, "bars", table, int(counts.sum()), False,
                        other_rows=int(counts.iloc[TOP:].sum()))
