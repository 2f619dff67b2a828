"""Has the data moved since the model was trained? Per-column drift and an overall verdict.

The training data is kept as a small **profile** (per column: 101 quantiles and decile counts
for numbers, value counts for categories), stored with every data version in the run store,
so drift can be measured weeks later without keeping the training rows. Each column gets a
statistical test (Kolmogorov-Smirnov for numbers, chi-squared for categories: "could both
samples come from the same distribution?") and the Population Stability Index (PSI: "how much
did the shares move?"; below 0.1 stable, 0.1-0.25 some change, above 0.25 major change).
A column counts as drifted only when both agree, because with thousands of rows a test finds
even harmless differences, and with a few rows PSI is noisy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

Level = Literal["stable", "moderate", "major", "type_changed", "missing"]
Verdict = Literal["stable", "watch", "retrain"]

QUANTILES = np.linspace(0.0, 1.0, 101)
MAX_CATEGORIES = 30
OTHER = "(other values)"
MISSING = "(missing)"
PSI_MODERATE = 0.10
PSI_MAJOR = 0.25
P_VALUE = 0.05
MIN_ROWS = 30
_EPS = 1e-4
_LEVEL_ORDER = {"missing": 0, "type_changed": 1, "major": 2, "moderate": 3, "stable": 4}


# --- profiles -------------------------------------------------------------------------

def _is_number(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column))


def _as_text(column: pd.Series) -> pd.Series:
    def label(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return column.dropna().map(label)


def column_profile(column: pd.Series) -> dict[str, Any]:
    """A compact summary of one column that drift can be measured against later."""
    n = len(column)
    missing = int(column.isna().sum())
    if _is_number(column):
        values = column.dropna().to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        if len(values) == 0:
            return {"kind": "number", "n": n, "missing": missing, "quantiles": [], "edges": [],
                    "counts": []}
        quantiles = np.quantile(values, QUANTILES, method="inverted_cdf")
        edges = np.unique(quantiles[10:100:10])
        counts = np.bincount(np.searchsorted(edges, values, side="right"),
                             minlength=len(edges) + 1)
        return {"kind": "number", "n": n, "missing": missing,
                "quantiles": [float(q) for q in quantiles], "edges": [float(e) for e in edges],
                "counts": [int(c) for c in counts]}
    counts = _as_text(column).value_counts()
    top = counts.iloc[:MAX_CATEGORIES]
    values = {str(k): int(v) for k, v in top.items()}
    other = int(counts.iloc[MAX_CATEGORIES:].sum())
    if other:
        values[OTHER] = other
    return {"kind": "category", "n": n, "missing": missing, "values": values}


def drift_profile(frame: pd.DataFrame, columns: list[str] | None = None) -> dict[str, Any]:
    """Profiles of ``columns`` (default: all), keyed by column name, plus the row count."""
    names = [str(c) for c in (columns if columns is not None else frame.columns)]
    return {"rows": len(frame),
            "columns": {name: column_profile(frame[name]) for name in names if name in frame}}


# --- drift ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnDrift:
    """How one column moved between the training data and the new data."""

    column: str
    kind: str
    test: str
    statistic: float
    p_value: float
    psi: float
    level: Level
    before: str
    after: str
    detail: str = ""
    is_target: bool = False
    # KS against the stored 101 training percentiles, not the training rows themselves (they
    # are not kept): the gap can be off by about a percentile, so the p-value is approximate.
    p_value_approximate: bool = False

    @property
    def drifted(self) -> bool:
        return self.level != "stable"


@dataclass(frozen=True)
class DriftReport:
    """Per-column drift, the columns that disappeared or appeared, and the overall verdict."""

    columns: list[ColumnDrift]
    missing_columns: list[str] = field(default_factory=list)
    new_columns: list[str] = field(default_factory=list)
    n_reference: int = 0
    n_new: int = 0
    reference_version: str = ""
    new_version: str = ""

    @property
    def drifted(self) -> list[ColumnDrift]:
        """Columns that moved, the most serious first."""
        return sorted((c for c in self.columns if c.drifted),
                      key=lambda c: (_LEVEL_ORDER[c.level], -np.nan_to_num(c.psi, nan=9.0)))

    @property
    def verdict(self) -> Verdict:
        """stable: keep going; watch: some columns moved; retrain: the model's world changed."""
        levels = [c.level for c in self.columns]
        serious = sum(level in ("major", "type_changed", "missing") for level in levels)
        moderate = sum(level == "moderate" for level in levels)
        if self.missing_columns or serious or moderate >= max(2, 0.3 * len(levels)):
            return "retrain"
        if moderate:
            return "watch"
        return "stable"

    @property
    def too_few_rows(self) -> bool:
        return self.n_new < MIN_ROWS

    def table(self) -> pd.DataFrame:
        """One row per column, most drifted first (for the page and the CLI)."""
        rows = [{"column": c.column, "kind": c.kind, "test": c.test,
                 "statistic": c.statistic, "p_value": c.p_value, "psi": c.psi,
                 "level": c.level, "before": c.before, "after": c.after,
                 "is_target": c.is_target, "p_value_approximate": c.p_value_approximate}
                for c in self.columns]
        frame = pd.DataFrame(rows, columns=["column", "kind", "test", "statistic", "p_value",
                                            "psi", "level", "before", "after", "is_target",
                                            "p_value_approximate"])
        rank = frame["level"].map(_LEVEL_ORDER)
        return (frame.assign(_rank=rank).sort_values(["_rank", "psi"], ascending=[True, False])
                .drop(columns="_rank").reset_index(drop=True))

    def as_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "n_reference": self.n_reference, "n_new": self.n_new,
                "reference_version": self.reference_version, "new_version": self.new_version,
                "missing_columns": self.missing_columns, "new_columns": self.new_columns,
                "columns": self.table().to_dict(orient="records")}


def category_shift(expected: np.ndarray, actual: np.ndarray) -> tuple[float, float, float]:
    """(chi-squared statistic, p-value, PSI) of two count vectors over the same categories:
    one test for a stored profile against new rows and against served traffic."""
    keep = (expected + actual) > 0
    table = np.vstack([expected[keep], actual[keep]])
    if table.shape[1] < 2:
        statistic, p_value = 0.0, 1.0
    else:
        result = stats.chi2_contingency(table, correction=False)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    return statistic, p_value, _psi(expected, actual)


def _psi(expected: np.ndarray, actual: np.ndarray) -> float:
    p = np.maximum(expected / max(expected.sum(), 1), _EPS)
    q = np.maximum(actual / max(actual.sum(), 1), _EPS)
    return float(np.sum((q - p) * np.log(q / p)))


def _fmt(value: float) -> str:
    if not np.isfinite(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def _numeric_drift(name: str, ref: dict[str, Any], new: pd.Series) -> ColumnDrift:
    values = new.dropna().to_numpy(dtype=float)
    values = np.sort(values[np.isfinite(values)])
    quantiles = np.asarray(ref["quantiles"], dtype=float)
    edges = np.asarray(ref["edges"], dtype=float)
    n_ref = int(ref["n"]) - int(ref["missing"])
    if len(quantiles) == 0 or len(values) == 0:
        return ColumnDrift(name, "number", "KS", 0.0, 1.0, 0.0, "stable", "no values",
                           "no values")
    # Kolmogorov-Smirnov: the largest gap between the two cumulative distributions.
    points = np.unique(np.concatenate([values, quantiles]))

    def ref_cdf(x: np.ndarray, side: Literal["left", "right"]) -> np.ndarray:
        k = np.searchsorted(quantiles, x, side=side)
        return np.where(k == 0, 0.0, QUANTILES[np.maximum(k - 1, 0)])

    gaps = [np.abs(ref_cdf(points, side) - np.searchsorted(values, points, side=side) / len(values))
            for side in ("right", "left")]
    statistic = float(max(g.max() for g in gaps))
    effective = n_ref * len(values) / (n_ref + len(values))
    p_value = float(stats.kstwobign.sf(statistic * np.sqrt(effective)))
    # A jump in missing values is drift too (a broken form field), which KS can't see.
    p_value = min(p_value, _missing_p_value(ref, new))
    # PSI over the training deciles plus a "missing" bin.
    new_counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1)
    expected = np.append(np.asarray(ref["counts"], dtype=float), ref["missing"])
    actual = np.append(new_counts.astype(float), int(new.isna().sum()))
    psi = _psi(expected, actual)
    before, after = float(quantiles[50]), float(np.quantile(values, 0.5, method="inverted_cdf"))
    detail = ""
    miss_before = ref["missing"] / max(ref["n"], 1)
    miss_after = new.isna().mean() if len(new) else 0.0
    if abs(miss_after - miss_before) >= 0.05:
        detail = f"missing went from {miss_before:.0%} to {miss_after:.0%} of rows"
    return ColumnDrift(name, "number", "KS", statistic, p_value, psi,
                       _level(psi, p_value), f"median {_fmt(before)}", f"median {_fmt(after)}",
                       detail, p_value_approximate=True)


def _missing_p_value(ref: dict[str, Any], new: pd.Series) -> float:
    """Chi-squared p-value for "the share of missing values is the same in both"."""
    missing_new = int(new.isna().sum())
    table = np.array([[ref["missing"], ref["n"] - ref["missing"]],
                      [missing_new, len(new) - missing_new]], dtype=float)
    if table[:, 0].sum() == 0 or table[:, 1].sum() == 0:
        return 1.0
    return float(stats.chi2_contingency(table, correction=False).pvalue)


def _category_drift(name: str, ref: dict[str, Any], new: pd.Series) -> ColumnDrift:
    ref_values: dict[str, int] = dict(ref["values"])
    if ref["missing"]:
        ref_values[MISSING] = int(ref["missing"])
    known = set(ref_values) - {OTHER, MISSING}
    labels = _as_text(new)
    mapped = labels.where(labels.isin(known), OTHER if OTHER in ref_values else "(new values)")
    new_counts = mapped.value_counts().to_dict()
    if new.isna().any():
        new_counts[MISSING] = int(new.isna().sum())
    categories = sorted(set(ref_values) | set(new_counts))
    expected = np.array([ref_values.get(c, 0) for c in categories], dtype=float)
    actual = np.array([new_counts.get(c, 0) for c in categories], dtype=float)
    statistic, p_value, psi = category_shift(expected, actual)
    shares_before = expected / max(expected.sum(), 1)
    shares_after = actual / max(actual.sum(), 1)
    moved = int(np.argmax(np.abs(shares_after - shares_before)))
    label = categories[moved]
    before = f"'{label}' {shares_before[moved]:.0%}"
    after = f"'{label}' {shares_after[moved]:.0%}"
    unseen = sorted(set(labels.unique()) - known)
    detail = ""
    if unseen and OTHER not in ref_values:
        shown = ", ".join(f"'{u}'" for u in unseen[:3])
        detail = f"{len(unseen)} value(s) never seen in training, e.g. {shown}"
    return ColumnDrift(name, "category", "chi-squared", statistic, p_value, psi,
                       _level(psi, p_value), before, after, detail)


def _level(psi: float, p_value: float) -> Level:
    if p_value >= P_VALUE:
        return "stable"
    if psi >= PSI_MAJOR:
        return "major"
    if psi >= PSI_MODERATE:
        return "moderate"
    return "stable"


def drift_report(reference: dict[str, Any], new: pd.DataFrame, *,
                 columns: list[str] | None = None, target: str | None = None,
                 reference_version: str = "", new_version: str = "") -> DriftReport:
    """Compare ``new`` against a training-data ``reference`` profile (:func:`drift_profile`).

    Parameters
    ----------
    reference
        The training data's profile.
    new
        The newer table, one row per case.
    columns
        Columns to check (default: every profiled column); ``target`` is flagged as such.
    """
    profiles: dict[str, Any] = reference.get("columns", {})
    names = [c for c in (columns or list(profiles)) if c in profiles]
    results: list[ColumnDrift] = []
    missing: list[str] = []
    for name in names:
        ref = profiles[name]
        if name not in new.columns:
            missing.append(name)
            continue
        column = new[name]
        if ref["kind"] == "number" and not _is_number(column):
            converted = pd.to_numeric(column, errors="coerce")
            failed = int((converted.isna() & column.notna()).sum())
            if failed > 0.5 * max(int(column.notna().sum()), 1):
                example = column[converted.isna() & column.notna()].iloc[0]
                results.append(ColumnDrift(name, "number", "type", float("nan"), 0.0,
                                           float("nan"), "type_changed", "numbers",
                                           f"text (e.g. '{example}')", is_target=name == target))
                continue
            column = converted
        item = (_numeric_drift(name, ref, column) if ref["kind"] == "number"
                else _category_drift(name, ref, column))
        if name == target:
            item = ColumnDrift(**{**item.__dict__, "is_target": True})
        results.append(item)
    extra = [str(c) for c in new.columns if str(c) not in profiles]
    return DriftReport(columns=results, missing_columns=missing, new_columns=extra,
                       n_reference=int(reference.get("rows", 0)), n_new=len(new),
                       reference_version=reference_version, new_version=new_version)
