"""Runs side by side: metric deltas, setting and feature differences, and data differences.

The first run given is the reference; every other run is measured relative to it. The
comparison holds facts only; :mod:`mlpm.explain.lifecycle` words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from mlpm.lifecycle.store.records import DataVersion, RunRecord

LOWER_IS_BETTER = {"mae", "rmse", "mape", "log_loss", "brier"}
METRIC_ORDER = ["f1", "accuracy", "precision", "recall", "specificity", "roc_auc", "pr_auc",
                "log_loss", "r2", "mae", "rmse", "mape"]
NOT_SCORES = {"flagged_share"}  # a consequence of the threshold, neither better nor worse
THRESHOLD_METRICS = frozenset({"f1", "accuracy", "precision", "recall", "specificity",
                               "flagged_share"})
"""Yes/no scores that depend on where the line is drawn: each run's are at its own threshold
(recorded with it), and every place that shows one says which."""
MIN_RUNS, MAX_RUNS = 2, 4


def metric_rank(metric: str, headline: str = "") -> tuple[int, int]:
    """Sort key: the headline metric first, then the usual order, then the rest."""
    order = METRIC_ORDER.index(metric) if metric in METRIC_ORDER else len(METRIC_ORDER)
    return (0 if metric == headline else 1, order)


@dataclass(frozen=True)
class ColumnChanges:
    """How the columns of two data versions differ."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    retyped: tuple[tuple[str, str, str], ...] = ()
    """(column, kind before, kind after)"""
    known: bool = True

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.retyped)


def column_changes(before: DataVersion | None, after: DataVersion | None) -> ColumnChanges:
    """Columns added, removed or changed in kind between two data versions."""
    if before is None or after is None or not before.columns or not after.columns:
        return ColumnChanges(known=False)
    a, b = before.columns, after.columns
    return ColumnChanges(
        added=tuple(c for c in b if c not in a), removed=tuple(c for c in a if c not in b),
        retyped=tuple((c, a[c], b[c]) for c in a if c in b and a[c] != b[c]))


@dataclass(frozen=True)
class HeadlineChange:
    """A run's headline score next to the reference run's (same target only)."""

    metric: str
    value: float
    delta: float | None
    """the run's score minus the reference's (None when the reference has none)"""
    lower_is_better: bool
    thresholds: tuple[float | None, float | None]
    """the threshold the score was measured at: the reference's, the run's"""


@dataclass(frozen=True)
class RunComparison:
    """Two to four runs lined up against the first."""

    runs: tuple[RunRecord, ...]
    metrics: pd.DataFrame = field(repr=False)
    """long table: run, run_label, metric, value, delta, better, threshold (the run's operating
    point for yes/no scores that depend on it, else None)"""
    settings: pd.DataFrame = field(repr=False)
    """rows: what differs (model, complexity, each differing hyperparameter); one column per run"""
    features: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]
    """run id -> (features added, features removed) relative to the reference run"""
    changes: dict[int, ColumnChanges]
    """run id -> how its data version's columns differ from the reference run's"""
    headlines: dict[int, HeadlineChange]
    """run id -> its headline score against the reference's (runs with the same target)"""

    @property
    def reference(self) -> RunRecord:
        return self.runs[0]


def short_label(run: RunRecord) -> str:
    """``#12 Decision tree`` — short enough for a chart legend."""
    return f"#{run.id} {run.model_name}"


def _metrics_table(runs: tuple[RunRecord, ...]) -> pd.DataFrame:
    reference = runs[0]
    names = sorted({m for r in runs for m in r.metrics} - NOT_SCORES,
                   key=lambda m: (metric_rank(m, reference.headline_metric), m))
    rows = []
    for run in runs:
        for name in names:
            value = run.metrics.get(name)
            if value is None:
                continue
            base = reference.metrics.get(name)
            delta = None if base is None else float(value) - float(base)
            better = None
            if delta is not None and run is not reference and abs(delta) > 1e-12:
                better = (delta < 0) if name in LOWER_IS_BETTER else (delta > 0)
            rows.append({"run": run.id, "run_label": short_label(run), "metric": name,
                         "value": float(value), "delta": delta, "better": better,
                         "threshold": run_threshold(run, name)})
    return pd.DataFrame(rows, columns=["run", "run_label", "metric", "value", "delta", "better",
                                       "threshold"])


def run_threshold(run: RunRecord, metric: str) -> float | None:
    """The threshold ``metric`` was measured at for ``run`` (None when it does not depend on
    one: ROC AUC, errors, several classes)."""
    if metric not in THRESHOLD_METRICS or run.threshold is None:
        return None
    return float(run.threshold)


def _settings_table(runs: tuple[RunRecord, ...]) -> pd.DataFrame:
    rows: dict[str, dict[str, object]] = {
        "model": {short_label(r): r.model_name for r in runs},
        "complexity": {short_label(r): r.complexity for r in runs},
        "threshold": {short_label(r): r.threshold for r in runs},
        "split": {short_label(r): _split_words(r) for r in runs},
    }
    for name in sorted({k for r in runs for k in r.params}):
        rows[name] = {short_label(r): r.params.get(name, "—") for r in runs}
    table = pd.DataFrame.from_dict(rows, orient="index")
    differs = table.astype(str).nunique(axis=1) > 1
    out = table[differs].reset_index(names="setting")
    return out.astype(str) if not out.empty else out


def _split_words(run: RunRecord) -> str:
    split = run.split or {}
    if not split:
        return "—"
    test = float(split.get("test_size", 0))
    return f"{1 - test:.0%}/{test:.0%} seed {split.get('seed', '?')}"


def compare_runs(runs: list[RunRecord], versions: dict[str, DataVersion]) -> RunComparison:
    """Line up 2-4 runs against the first; ``versions`` maps data version -> its record.

    Raises
    ------
    ValueError
        When fewer than two or more than four runs are given.
    """
    if not MIN_RUNS <= len(runs) <= MAX_RUNS:
        raise ValueError(f"Compare {MIN_RUNS} to {MAX_RUNS} runs, not {len(runs)}.")
    ordered = tuple(runs)
    reference = ordered[0]
    metrics = _metrics_table(ordered)
    features: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    changes: dict[int, ColumnChanges] = {}
    headlines: dict[int, HeadlineChange] = {}
    for run in ordered[1:]:
        key = int(run.id or 0)
        added = tuple(f for f in run.features if f not in reference.features)
        removed = tuple(f for f in reference.features if f not in run.features)
        features[key] = (added, removed)
        changes[key] = column_changes(versions.get(reference.data_version),
                                      versions.get(run.data_version))
        headline = reference.headline_metric
        mine = metrics[(metrics["run"] == run.id) & (metrics["metric"] == headline)]
        if not mine.empty and reference.target == run.target:
            row = mine.iloc[0]
            headlines[key] = HeadlineChange(
                headline, float(row["value"]), row["delta"],
                lower_is_better=headline in LOWER_IS_BETTER,
                thresholds=(run_threshold(reference, headline), run_threshold(run, headline)))
    return RunComparison(runs=ordered, metrics=metrics, settings=_settings_table(ordered),
                         features=features, changes=changes, headlines=headlines)


def comparison_rows(old: dict[str, float], new: dict[str, float], old_label: str,
                    new_label: str, headline: str = "") -> pd.DataFrame:
    """The old and the retrained model's scores as the comparison chart's long table, with the
    retrained model's change against the old one (scores only, headline metric first)."""
    rows = [{"run_label": label, "metric": name, "value": float(value),
             "delta": float(value) - float(old[name]) if label == new_label and name in old
             else None}
            for label, metrics in ((old_label, old), (new_label, new))
            for name, value in sorted(metrics.items(), key=lambda kv: metric_rank(kv[0], headline))
            if name not in NOT_SCORES and value is not None]
    return pd.DataFrame(rows, columns=["run_label", "metric", "value", "delta"])
