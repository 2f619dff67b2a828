"""Is the model as good for every group? Metrics by group of one column (gender, age band, …).

Fairlearn's :class:`~fairlearn.metrics.MetricFrame` computes each metric per group; we pick the
measures a PM can act on, band numeric columns into quarters, set aside groups too small to
judge, and name the largest gap. The sentences live in :mod:`mlpm.explain.fairness`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame

from mlpm.data.id_columns import id_like_columns
from mlpm.errors import UserError
from mlpm.evaluate.metrics import predicted_labels
from mlpm.model.training import TrainedModel

MIN_GROUP_ROWS = 20
MIN_GROUP_CASES = 5
MAX_GROUPS = 12
BANDS = 4
RATE_GAP = 0.10  # 10 points on a 0–1 rate is "much worse"
BASE_RATE_GAP = 0.05  # groups' shares of real cases differ notably: 5 points and …
BASE_RATE_RATIO = 1.5  # … one share at least 1.5 times the other (or 10 points apart)
ERROR_RATIO = 1.25  # a group's average error 25% above the best group's
MISSING = "(missing)"
SENSITIVE_WORDS = ("gender", "sex", "age", "senior", "race", "ethnic", "religion", "national",
                   "country", "language", "disab", "marital", "region", "income")


class FairnessError(UserError):
    """The chosen column can't be used to compare groups."""


@dataclass(frozen=True)
class GroupMetric:
    """How to read one measure: its name, whether higher is better, and how to compute it."""

    key: str
    higher_is_better: bool
    compute: Callable[[np.ndarray, np.ndarray], float] = field(repr=False)
    needs_cases: bool = False


@dataclass(frozen=True)
class Gap:
    """The spread of one measure between the best- and worst-served groups."""

    metric: str
    best_group: str
    best: float
    worst_group: str
    worst: float

    @property
    def size(self) -> float:
        return abs(self.best - self.worst)


@dataclass(frozen=True)
class GroupReport:
    """Metrics per group of ``column`` on the test rows, and the gap that matters most."""

    column: str
    task: str
    table: pd.DataFrame = field(repr=False)  # index: group; columns: rows, cases?, metrics
    metrics: tuple[str, ...]
    overall: dict[str, float]
    gaps: tuple[Gap, ...]
    headline: Gap | None
    served_worse: bool
    small_groups: tuple[str, ...]
    banded: bool
    threshold: float | None = None
    positive_label: str | None = None
    mistaken_flags: Gap | None = None
    """Yes/no: the false-alarm rate's gap (a group flagged more often by mistake). It is not
    "served worse": that group's recall and precision may well be higher."""
    base_rates: Gap | None = None
    """Yes/no: the highest and lowest share of real cases (base rate) among judged groups."""

    @property
    def flagged_by_mistake(self) -> bool:
        """A group is wrongly flagged notably more often than another (10 points or more)."""
        return self.mistaken_flags is not None and self.mistaken_flags.size >= RATE_GAP

    @property
    def base_rates_differ(self) -> bool:
        """The groups' shares of real cases differ notably: no single threshold can then give
        every group the same recall, precision and false-alarm rate."""
        gap = self.base_rates
        if gap is None or gap.size < BASE_RATE_GAP:
            return False
        return gap.size >= RATE_GAP or gap.best >= BASE_RATE_RATIO * gap.worst

    def as_dict(self) -> dict[str, object]:
        return {"column": self.column, "overall": self.overall,
                "by_group": self.table.reset_index().to_dict(orient="records"),
                "served_worse": self.served_worse,
                "flagged_by_mistake": self.flagged_by_mistake,
                "base_rates_differ": self.base_rates_differ,
                "largest_gap": None if self.headline is None else {
                    "metric": self.headline.metric, "best_group": self.headline.best_group,
                    "best": self.headline.best, "worst_group": self.headline.worst_group,
                    "worst": self.headline.worst}}


def candidate_columns(frame: pd.DataFrame, target: str | None = None) -> list[str]:
    """Columns that can split the test rows into groups; likely-sensitive ones first."""
    skip = set(id_like_columns(frame)) | {target or ""}
    out = []
    for name in frame.columns:
        name = str(name)
        if name in skip:
            continue
        column = frame[name]
        n = column.nunique(dropna=True)
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if n >= 2 and (numeric or n <= 30):
            out.append(name)
    return sorted(out, key=lambda c: (not any(w in c.lower() for w in SENSITIVE_WORDS),
                                      out.index(c)))


def _band_label(low: float, high: float) -> str:
    def fmt(v: float) -> str:
        return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:,.2g}"
    return f"{fmt(low)} to {fmt(high)}"


def group_labels(column: pd.Series) -> tuple[pd.Series, bool]:
    """One readable group name per row; numbers with many values become quarters (bands)."""
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    if numeric and column.nunique(dropna=True) > 10:
        values = column.astype(float)
        edges = np.unique(np.nanquantile(values, np.linspace(0, 1, BANDS + 1)))
        if len(edges) >= 3:
            codes = np.searchsorted(edges[1:-1], values.to_numpy(), side="right")
            names = [_band_label(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
            labels = pd.Series([names[c] for c in codes], index=column.index, dtype=object)
            labels[values.isna()] = MISSING
            return labels, True
    labels = column.map(lambda v: MISSING if pd.isna(v) else
                        (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
    counts = labels.value_counts()
    if len(counts) > MAX_GROUPS:
        keep = set(counts.index[: MAX_GROUPS - 1])
        labels = labels.where(labels.isin(keep), "other")
    return labels.astype(object), False


def _share(mask: np.ndarray, of: np.ndarray) -> float:
    return float(mask[of].mean()) if of.any() else float("nan")


def _metrics_for(task: str, positive: str | None) -> list[GroupMetric]:
    if task == "binary":
        return [
            GroupMetric("accuracy", True, lambda t, p: float(np.mean(t == p))),
            GroupMetric("recall", True, lambda t, p: _share(p == positive, t == positive), True),
            GroupMetric("precision", True, lambda t, p: _share(t == positive, p == positive)),
            GroupMetric("false_alarm_rate", False,
                        lambda t, p: _share(p == positive, t != positive)),
            GroupMetric("flagged_share", True, lambda t, p: float(np.mean(p == positive))),
            GroupMetric("base_rate", True, lambda t, p: float(np.mean(t == positive))),
        ]
    if task == "multiclass":
        return [GroupMetric("accuracy", True, lambda t, p: float(np.mean(t == p)))]
    return [GroupMetric("mae", False, lambda t, p: float(np.mean(np.abs(p - t)))),
            GroupMetric("bias", True, lambda t, p: float(np.mean(p - t)))]


# Measures a gap is computed on. "Served worse" is judged only on those that mean worse service
# for the group (_SERVICE): lower recall misses more of its real cases, lower precision makes
# more of its flags wrong. A higher false-alarm rate is "flagged more often by mistake"; the
# base rate, flagged share and bias describe a group, they are not "worse". Accuracy mixes
# both kinds of mistake with the base rate, so it is not judged for yes/no problems.
_JUDGED = {"binary": ("recall", "precision", "false_alarm_rate", "base_rate"),
           "multiclass": ("accuracy",), "regression": ("mae",)}
_SERVICE = {"binary": ("recall", "precision"), "multiclass": ("accuracy",),
            "regression": ("mae",)}


def group_report(model: TrainedModel, frame: pd.DataFrame, column: str, *, task: str,
                 positive_label: str | None = None, threshold: float = 0.5) -> GroupReport:
    """Metrics of ``model`` by group of ``column`` on its test rows.

    Raises
    ------
    FairnessError
        When the column is missing, the task has no right answer (clustering), or the test
        rows hold a single group.
    """
    _check_can_compare(model, frame, column, task)
    labels, banded = group_labels(frame[column].iloc[np.asarray(model.rows)])
    groups = labels.to_numpy()
    if len(set(groups)) < 2:
        raise FairnessError(f"All test rows have the same '{column}', so there are no groups "
                            "to compare.", "Pick a column whose values differ between rows.")
    y_true, y_pred = _answers(model, task, positive_label, threshold)
    measures = _metrics_for(task, positive_label)
    frame_metrics = MetricFrame(metrics={m.key: m.compute for m in measures}, y_true=y_true,
                                y_pred=y_pred, sensitive_features=pd.Series(groups, name=column))
    table = _group_table(frame_metrics, groups, y_true, task, positive_label)
    overall = {k: float(v) for k, v in frame_metrics.overall.items()}
    small = tuple(g for g in table.index if table.loc[g, "rows"] < MIN_GROUP_ROWS)
    gaps = [gap for m in measures if m.key in _JUDGED[task]
            if (gap := _gap(table, m)) is not None]
    by_metric = {g.metric: g for g in gaps}
    mistaken, base = by_metric.get("false_alarm_rate"), by_metric.get("base_rate")
    headline, worse = _headline([g for g in gaps if g.metric in _SERVICE[task]], task)
    if not worse and mistaken is not None and mistaken.size >= RATE_GAP:
        headline = mistaken  # the gap worth talking about: wrong flags, not worse service
    return GroupReport(column, task, table, tuple(m.key for m in measures), overall,
                       tuple(gaps), headline, worse, small, banded,
                       threshold if task == "binary" else None, positive_label,
                       mistaken_flags=mistaken, base_rates=base)


def _check_can_compare(model: TrainedModel, frame: pd.DataFrame, column: str, task: str) -> None:
    if column not in frame.columns:
        raise FairnessError(f"There is no column called '{column}'.",
                            "Pick a column from the list.")
    if task not in _JUDGED or not len(model.y_test):
        raise FairnessError("Group fairness needs known right answers to compare with.",
                            "It is shown for yes/no, pick-one and number predictions.")


def _answers(model: TrainedModel, task: str, positive_label: str | None,
             threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The test rows' right answers and the model's (yes/no: cut at ``threshold``)."""
    if task == "regression":
        return model.y_test.astype(float), model.y_pred.astype(float)
    y_pred = predicted_labels(model, positive_label=positive_label if task == "binary" else None,
                              threshold=threshold)
    return np.asarray(model.y_test).astype(str), y_pred


def _group_table(frame_metrics: MetricFrame, groups: np.ndarray, y_true: np.ndarray, task: str,
                 positive_label: str | None) -> pd.DataFrame:
    """One row per group, largest first: rows, cases (yes/no) and each metric."""
    table = frame_metrics.by_group.copy()
    table.index = table.index.astype(str)
    counts = pd.Series(groups).value_counts()
    table.insert(0, "rows", counts.reindex(table.index).fillna(0).astype(int))
    if task == "binary":
        cases = pd.Series(groups[y_true == positive_label]).value_counts()
        table.insert(1, "cases", cases.reindex(table.index).fillna(0).astype(int))
    return table.sort_values("rows", ascending=False)


def _gap(table: pd.DataFrame, measure: GroupMetric) -> Gap | None:
    """The best and the worst group on ``measure``, among groups large enough to judge."""
    judged = table[table["rows"] >= MIN_GROUP_ROWS]
    if (measure.needs_cases or measure.key == "precision") and "cases" in table:
        judged = judged[judged["cases"] >= MIN_GROUP_CASES]
    values = judged[measure.key].dropna()
    if len(values) < 2:
        return None
    best = values.idxmax() if measure.higher_is_better else values.idxmin()
    worst = values.idxmin() if measure.higher_is_better else values.idxmax()
    return Gap(measure.key, str(best), float(values[best]), str(worst), float(values[worst]))


def _headline(gaps: list[Gap], task: str) -> tuple[Gap | None, bool]:
    """The gap to talk about, and whether it is large enough to warn."""
    if not gaps:
        return None, False
    if task == "regression":
        gap = gaps[0]
        worse = gap.best > 0 and gap.worst / gap.best >= ERROR_RATIO
        return gap, bool(worse)
    gap = max(gaps, key=lambda g: g.size)
    return gap, gap.size >= RATE_GAP
