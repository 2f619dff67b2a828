"""Scores on the test part: confusion matrices, metrics, and a threshold that moves them.

For yes/no problems every threshold is answered from one sort of the scores
(:class:`ThresholdSweep`), so moving the slider costs a binary search, not a re-prediction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import (
    confusion_matrix,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
)

from mlpm.training import TrainedModel


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 0.0


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
        order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
        is_pos = (np.asarray(y_true) == positive_label)[order]
        cum_tp = np.concatenate([[0], np.cumsum(is_pos)])
        cum_fp = np.concatenate([[0], np.cumsum(~is_pos)])
        return cls(positive_label, negative_label, np.sort(np.asarray(scores, dtype=float)),
                   cum_tp, cum_fp)

    def at(self, threshold: float) -> BinaryConfusion:
        """Cases with a score at or above ``threshold`` are flagged as positive."""
        n = len(self.sorted_scores)
        flagged = n - int(np.searchsorted(self.sorted_scores, threshold, side="left"))
        tp, fp = int(self.cum_tp[flagged]), int(self.cum_fp[flagged])
        positives = int(self.cum_tp[-1])
        negatives = int(self.cum_fp[-1])
        return BinaryConfusion(tp=tp, fp=fp, fn=positives - tp, tn=negatives - fp,
                               threshold=float(threshold), positive_label=self.positive_label,
                               negative_label=self.negative_label)

    def curve(self, thresholds: np.ndarray | None = None) -> list[dict[str, float]]:
        """Metrics at many thresholds, for the threshold chart."""
        grid = np.linspace(0.0, 1.0, 101) if thresholds is None else thresholds
        return [{"threshold": float(t), **self.at(float(t)).metrics()} for t in grid]


@dataclass(frozen=True)
class ConfusionTable:
    """A confusion matrix of any size: rows are actual classes, columns predicted ones."""

    labels: list[str]
    matrix: list[list[int]]

    def as_dict(self) -> dict[str, object]:
        return {"labels": self.labels, "matrix": self.matrix}


def binary_sweep(model: TrainedModel, positive_label: str) -> ThresholdSweep:
    negative = next(c for c in model.classes if c != positive_label)
    return ThresholdSweep.from_scores(model.y_test, model.scores, positive_label=positive_label,
                                      negative_label=negative)


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


def regression_report(model: TrainedModel) -> dict[str, float]:
    """Average error in the target's units (MAE, RMSE) and share of variation explained (R²)."""
    y_true = model.y_test.astype(float)
    y_pred = model.y_pred.astype(float)
    return {
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
        "r2": float(r2_score(y_true, y_pred)),
    }


def headline_score(model: TrainedModel, positive_label: str | None) -> tuple[str, float]:
    """The one number the leaderboard sorts by: F1 (yes/no), accuracy (several classes), R²."""
    if not model.classes:
        return "r2", regression_report(model)["r2"]
    _, metrics = classification_report(model, positive_label=positive_label)
    key = "f1" if positive_label is not None else "accuracy"
    return key, metrics[key]
