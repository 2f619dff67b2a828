"""Scores on the test part: confusion matrices, metrics, and a threshold that moves them.

For yes/no problems every threshold is answered from one sort of the scores
(:class:`ThresholdSweep`), so moving the slider costs a binary search, not a re-prediction,
and a whole curve of thresholds costs one vectorised ``searchsorted``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_curve,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
)

from mlpm.model.training import TrainedModel

METRIC_KEYS = ("accuracy", "precision", "recall", "f1", "specificity", "flagged_share")
MAX_CURVE_POINTS = 400
# The threshold slider's positions (step 0.01), rounded so 0.3 here is the same float as a
# slider's 0.3: counts on this grid equal ThresholdSweep.at(slider value) exactly.
GRID = np.round(np.linspace(0.0, 1.0, 101), 2)


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 0.0


def _ratios(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Element-wise ``num / den`` with 0 where ``den`` is 0 (same rule as :func:`_ratio`)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den != 0)
    return out


@dataclass(frozen=True)
class BinaryConfusion:
    """The four cells of a yes/no confusion matrix at one threshold."""

    tp: int
    fp: int
    fn: int
    tn: int
    threshold: float
    positive_label: str
    negative_label: str

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def metrics(self) -> dict[str, float]:
        """Accuracy, precision, recall, F1 and specificity from the four cells."""
        precision = _ratio(self.tp, self.tp + self.fp)
        recall = _ratio(self.tp, self.tp + self.fn)
        return {
            "accuracy": _ratio(self.tp + self.tn, self.total),
            "precision": precision,
            "recall": recall,
            "f1": _ratio(2 * precision * recall, precision + recall),
            "specificity": _ratio(self.tn, self.tn + self.fp),
            "flagged_share": _ratio(self.tp + self.fp, self.total),
        }

    def table(self) -> tuple[list[str], list[list[int]]]:
        """Labels and matrix (rows = actual, columns = predicted), positive class first."""
        return ([self.positive_label, self.negative_label],
                [[self.tp, self.fn], [self.fp, self.tn]])

    def cells(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}


@dataclass(frozen=True)
class ThresholdSweep:
    """Every threshold's confusion matrix from one sort of the scores."""

    positive_label: str
    negative_label: str
    sorted_scores: np.ndarray = field(repr=False)
    cum_tp: np.ndarray = field(repr=False)
    cum_fp: np.ndarray = field(repr=False)

    @classmethod
    def from_scores(cls, y_true: np.ndarray, scores: np.ndarray, *, positive_label: str,
                    negative_label: str) -> ThresholdSweep:
        """Sort once; ``y_true`` holds labels, ``scores`` the probability of the positive label."""
        values = np.asarray(scores, dtype=float)
        order = np.argsort(-values, kind="stable")
        is_pos = (np.asarray(y_true) == positive_label)[order]
        cum_tp = np.concatenate([[0], np.cumsum(is_pos)])
        cum_fp = np.concatenate([[0], np.cumsum(~is_pos)])
        return cls(positive_label, negative_label, values[order][::-1].copy(), cum_tp, cum_fp)

    @property
    def n(self) -> int:
        return len(self.sorted_scores)

    @property
    def positives(self) -> int:
        return int(self.cum_tp[-1])

    @property
    def negatives(self) -> int:
        return int(self.cum_fp[-1])

    def at(self, threshold: float) -> BinaryConfusion:
        """Cases with a score at or above ``threshold`` are flagged as positive."""
        flagged = self.n - int(np.searchsorted(self.sorted_scores, threshold, side="left"))
        tp, fp = int(self.cum_tp[flagged]), int(self.cum_fp[flagged])
        return BinaryConfusion(tp=tp, fp=fp, fn=self.positives - tp, tn=self.negatives - fp,
                               threshold=float(threshold), positive_label=self.positive_label,
                               negative_label=self.negative_label)

    def counts_at(self, thresholds: np.ndarray) -> dict[str, np.ndarray]:
        """The four cells at many thresholds at once (one vectorised binary search)."""
        grid = np.asarray(thresholds, dtype=float)
        flagged = self.n - np.searchsorted(self.sorted_scores, grid, side="left")
        tp, fp = self.cum_tp[flagged], self.cum_fp[flagged]
        return {"tp": tp, "fp": fp, "fn": self.positives - tp, "tn": self.negatives - fp}

    def metrics_at(self, thresholds: np.ndarray) -> dict[str, np.ndarray]:
        """:meth:`BinaryConfusion.metrics` at many thresholds, as arrays."""
        c = self.counts_at(thresholds)
        tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
        precision = _ratios(tp, tp + fp)
        recall = _ratios(tp, tp + fn)
        return {
            "accuracy": _ratios(tp + tn, self.n),
            "precision": precision,
            "recall": recall,
            "f1": _ratios(2 * precision * recall, precision + recall),
            "specificity": _ratios(tn, tn + fp),
            "flagged_share": _ratios(tp + fp, self.n),
        }

    def grid_frame(self, thresholds: np.ndarray | None = None) -> pd.DataFrame:
        """Cells and metrics at every slider position (default :data:`GRID`), one row each.

        Charts carry this small table and pick the row of the current threshold themselves,
        so moving the slider re-sends a number, not a new chart.
        """
        grid = GRID if thresholds is None else np.asarray(thresholds, dtype=float)
        frame = pd.DataFrame({"threshold": grid, **self.counts_at(grid), **self.metrics_at(grid)})
        frame["false_alarm_rate"] = 1.0 - frame["specificity"] if self.negatives else 0.0
        return frame

    def curve(self, thresholds: np.ndarray | None = None) -> list[dict[str, float]]:
        """Metrics at many thresholds (default :data:`GRID`, the slider's positions), for the
        threshold chart: the same grid as :meth:`grid_frame` and the money curve, so the chart
        and the metric cards agree at every slider position."""
        grid = GRID if thresholds is None else np.asarray(thresholds, dtype=float)
        values = self.metrics_at(grid)
        return [{"threshold": float(t), **{k: float(values[k][i]) for k in METRIC_KEYS}}
                for i, t in enumerate(grid)]


@dataclass(frozen=True)
class ConfusionTable:
    """A confusion matrix of any size: rows are actual classes, columns predicted ones."""

    labels: list[str]
    matrix: list[list[int]]

    def as_dict(self) -> dict[str, object]:
        return {"labels": self.labels, "matrix": self.matrix}

    def shares_of_actual(self) -> np.ndarray:
        """Each cell as a share of its row: "of the real X, how many were predicted Y"."""
        m = np.asarray(self.matrix, dtype=float)
        return _ratios(m, m.sum(axis=1, keepdims=True))

    def shares_of_predicted(self) -> np.ndarray:
        """Each cell as a share of its column: "of those predicted Y, how many really were X"."""
        m = np.asarray(self.matrix, dtype=float)
        return _ratios(m, m.sum(axis=0, keepdims=True))


def binary_sweep(model: TrainedModel, positive_label: str) -> ThresholdSweep:
    negative = next(c for c in model.classes if c != positive_label)
    return ThresholdSweep.from_scores(model.y_test, model.scores, positive_label=positive_label,
                                      negative_label=negative)


def score_sweep(model: TrainedModel | None, positive_label: str) -> ThresholdSweep | None:
    """The threshold sweep of a yes/no model with one score per row; ``None`` otherwise."""
    if model is None or model.scores is None or np.ndim(model.scores) != 1:
        return None
    return binary_sweep(model, positive_label)


def companions(models: Iterable[TrainedModel], model: TrainedModel
               ) -> tuple[TrainedModel | None, TrainedModel | None]:
    """The baseline and the PM's rule trained on the same split as ``model`` (not itself)."""
    same = [m for m in models if m.split_key == model.split_key and m.key != model.key]
    return (next((m for m in same if m.is_baseline), None),
            next((m for m in same if m.is_rule), None))


def classification_report(model: TrainedModel, *, positive_label: str | None = None,
                          threshold: float = 0.5) -> tuple[ConfusionTable, dict[str, float]]:
    """Confusion matrix and headline metrics for a classifier on the test part."""
    if positive_label is not None:
        confusion = binary_sweep(model, positive_label).at(threshold)
        labels, matrix = confusion.table()
        metrics = confusion.metrics()
        if len(set(model.y_test)) == 2:
            metrics["roc_auc"] = float(roc_auc_score(model.y_test == positive_label, model.scores))
        return ConfusionTable(labels, matrix), metrics
    labels = list(model.classes)
    matrix = confusion_matrix(model.y_test, model.y_pred, labels=labels)
    precision, recall, f1, _ = precision_recall_fscore_support(
        model.y_test, model.y_pred, labels=labels, average="macro", zero_division=0)
    metrics = {"accuracy": _ratio(np.trace(matrix), matrix.sum()), "precision": float(precision),
               "recall": float(recall), "f1": float(f1)}
    return ConfusionTable(labels, matrix.astype(int).tolist()), metrics


def ranking_metrics(model: TrainedModel, positive_label: str | None = None) -> dict[str, float]:
    """Threshold-free scores of the probabilities: ROC AUC, PR AUC (binary) and log loss.

    Left out when they can't be computed honestly: AUCs need both classes in the test rows,
    log loss needs real probabilities (a yes/no rule's 0/1 answers would make it explode).
    """
    out: dict[str, float] = {}
    if model.scores is None or not model.classes:
        return out
    y = np.asarray(model.y_test)
    present = set(y.tolist())
    if positive_label is not None:
        scores = np.asarray(model.scores, dtype=float)
        if len(present) == 2:
            truth = y == positive_label
            out["roc_auc"] = float(roc_auc_score(truth, scores))
            out["pr_auc"] = float(average_precision_score(truth, scores))
        if not model.is_rule:
            # sklearn reads probability columns in *sorted* label order, so ask about
            # "is it the positive class?" (False < True) instead of the labels themselves.
            proba = np.column_stack([1 - scores, scores])
            out["log_loss"] = float(log_loss(y == positive_label, proba, labels=[False, True]))
        return out
    proba = np.asarray(model.scores, dtype=float)
    labels = list(model.classes)
    if present == set(labels) and len(labels) > 2:
        out["roc_auc"] = float(roc_auc_score(y, proba, multi_class="ovr", labels=labels))
    if not model.is_rule:
        out["log_loss"] = float(log_loss(y, proba, labels=labels))
    return out


def _thin(frame: pd.DataFrame, limit: int = MAX_CURVE_POINTS) -> pd.DataFrame:
    """Keep at most ``limit`` points of a curve (first and last always), for light charts."""
    if len(frame) <= limit:
        return frame.reset_index(drop=True)
    keep = np.unique(np.linspace(0, len(frame) - 1, limit).round().astype(int))
    return frame.iloc[keep].reset_index(drop=True)


def roc_points(y_true: np.ndarray, scores: np.ndarray, positive_label: str) -> pd.DataFrame:
    """False-alarm rate vs catch rate at every threshold (columns fpr, tpr, threshold)."""
    fpr, tpr, thresholds = roc_curve(np.asarray(y_true) == positive_label, scores)
    return _thin(pd.DataFrame({"fpr": fpr, "tpr": tpr,
                               "threshold": np.clip(thresholds, 0.0, 1.0)}))


def pr_points(y_true: np.ndarray, scores: np.ndarray, positive_label: str) -> pd.DataFrame:
    """Precision vs recall at every threshold (columns recall, precision, threshold)."""
    precision, recall, thresholds = precision_recall_curve(
        np.asarray(y_true) == positive_label, scores)
    return _thin(pd.DataFrame({"recall": recall, "precision": precision,
                               "threshold": np.append(thresholds, 1.0)}))


def regression_report(model: TrainedModel) -> dict[str, float]:
    """Average error in the target's units (MAE, RMSE) and share of variation explained (R²)."""
    y_true = model.y_test.astype(float)
    y_pred = model.y_pred.astype(float)
    return {
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
        "r2": float(r2_score(y_true, y_pred)),
    }


def regression_details(model: TrainedModel) -> dict[str, float]:
    """More error measures in the target's units: MAPE, typical and large misses, bias.

    ``mape`` is left out when a true value is 0 (a percentage of zero means nothing).
    """
    y_true = model.y_test.astype(float)
    y_pred = model.y_pred.astype(float)
    errors = np.abs(y_pred - y_true)
    out = {"median_error": float(np.median(errors)), "p90_error": float(np.quantile(errors, 0.9)),
           "bias": float(np.mean(y_pred - y_true))}
    if np.all(y_true != 0):
        out["mape"] = float(np.mean(errors / np.abs(y_true)))
    return out


def headline_score(model: TrainedModel, positive_label: str | None) -> tuple[str, float]:
    """The one number the leaderboard sorts by: F1 (yes/no), accuracy (several classes), R²."""
    if not model.classes:
        return "r2", regression_report(model)["r2"]
    _, metrics = classification_report(model, positive_label=positive_label)
    key = "f1" if positive_label is not None else "accuracy"
    return key, metrics[key]


# --- the rows behind a confusion-matrix cell ----------------------------------------------

def predicted_labels(model: TrainedModel, *, positive_label: str | None = None,
                     threshold: float = 0.5) -> np.ndarray:
    """The label each test row gets: at ``threshold`` for yes/no, the model's pick otherwise."""
    if positive_label is not None and model.scores is not None:
        negative = next(c for c in model.classes if c != positive_label)
        return np.where(np.asarray(model.scores, dtype=float) >= threshold, positive_label,
                        negative)
    return np.asarray(model.y_pred).astype(str)


def cell_positions(model: TrainedModel, actual: str, predicted: str, *,
                   positive_label: str | None = None, threshold: float = 0.5) -> np.ndarray:
    """Indices into ``model.y_test`` of the rows in one cell (actual, predicted)."""
    chosen = predicted_labels(model, positive_label=positive_label, threshold=threshold)
    truth = np.asarray(model.y_test).astype(str)
    return np.flatnonzero((truth == str(actual)) & (chosen == str(predicted)))


def rows_behind(model: TrainedModel, frame: pd.DataFrame, features: tuple[str, ...] | list[str],
                positions: np.ndarray, *, positive_label: str | None = None,
                threshold: float = 0.5, target: str = "target") -> pd.DataFrame:
    """The test rows at ``positions``: features, true label, prediction and probability.

    ``model.rows`` maps a test position to the row of the dataset, so the table shows the
    PM's own rows (index = row number in their file, from 1).
    """
    positions = np.asarray(positions, dtype=int)
    dataset_rows = np.asarray(model.rows)[positions] if len(model.rows) else positions
    table = frame.iloc[dataset_rows][list(features)].copy()
    table.index = pd.Index(dataset_rows + 1, name="row")
    chosen = (predicted_labels(model, positive_label=positive_label, threshold=threshold)
              if model.classes else np.asarray(model.y_pred))
    table[f"actual {target}"] = np.asarray(model.y_test)[positions]
    table[f"predicted {target}"] = chosen[positions]
    if model.scores is not None and model.classes:
        scores = np.asarray(model.scores, dtype=float)
        if scores.ndim == 1:
            table[f"probability of {positive_label}"] = scores[positions]
        else:
            picked = [model.classes.index(str(c)) for c in chosen[positions]]
            table["probability of the prediction"] = scores[positions, picked]
    outcome = [c for c in table.columns if c not in features]
    return table[outcome + list(features)]  # the answers first: they are why the PM looks


def largest_errors(model: TrainedModel, frame: pd.DataFrame,
                   features: tuple[str, ...] | list[str], *, target: str, limit: int = 50
                   ) -> pd.DataFrame:
    """Regression: the test rows the model misses by the most, largest first."""
    errors = np.abs(model.y_pred.astype(float) - model.y_test.astype(float))
    positions = np.argsort(-errors, kind="stable")[:limit]
    table = rows_behind(model, frame, features, positions, target=target)
    table.insert(2, "error", (model.y_pred.astype(float) - model.y_test.astype(float))[positions])
    return table
