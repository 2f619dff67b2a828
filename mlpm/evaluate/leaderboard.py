"""Rank trained models on the same test rows, against both baselines: doing nothing and the
PM's own rule.

The comparison is in counts a PM can repeat in a meeting ("catches 31 more churners per 1,000
customers than your rule"), and says "too close to call" when the gap is within the spread the
score shows across cross-validation folds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlpm.evaluate.metrics import classification_report, regression_report
from mlpm.model.training import TrainedModel
from mlpm.project.decision import (
    LOWER_IS_BETTER,
    MIN_MARGIN,
    DecisionSettings,
    better,
    decision_score,
)


def _headline(model: TrainedModel, positive_label: str | None,
              settings: DecisionSettings | None = None) -> tuple[str, float]:
    """The decision metric of the PM's settings on the test rows, at their operating point."""
    if model.cv_metric == "silhouette" or (not model.classes and not len(model.y_test)):
        score = model.silhouette
        return "silhouette", float("nan") if score is None else float(score)
    settings = settings or DecisionSettings()
    metric = settings.metric_for(_task(model, positive_label))
    return metric, _score_on(metric, model.y_test, _answers(model, positive_label), model,
                             positive_label, settings)


def _task(model: TrainedModel, positive_label: str | None) -> str:
    if not model.classes:
        return "regression"
    return "binary" if positive_label is not None else "multiclass"


def _answers(model: TrainedModel, positive_label: str | None) -> np.ndarray:
    """What the decision metric reads: the positive class's chance (yes/no), else predictions."""
    if positive_label is not None and model.scores is not None:
        return np.asarray(model.scores, dtype=float)
    return np.asarray(model.y_pred)


def _score_on(metric: str, y_true: np.ndarray, answers: np.ndarray, model: TrainedModel,
              positive_label: str | None, settings: DecisionSettings) -> float:
    if not len(y_true):
        return float("nan")
    return decision_score(metric, y_true, answers, positive_label=positive_label,
                          threshold=settings.threshold, costs=settings.costs)


def fold_scores(model: TrainedModel, positive_label: str | None,
                settings: DecisionSettings | None = None) -> np.ndarray | None:
    """The decision metric on each cross-validation fold, scored from the fold's held-out
    answers at the operating point (``None`` without cross-validation)."""
    settings = settings or DecisionSettings()
    metric, _ = _headline(model, positive_label, settings)
    if model.cv_answers:
        return np.array([_score_on(metric, y, answers, model, positive_label, settings)
                         for y, answers in model.cv_answers], dtype=float)
    if model.cv_scores is not None and model.cv_metric in (metric, ""):
        return np.asarray(model.cv_scores, dtype=float)
    return None


def cv_spread(model: TrainedModel, positive_label: str | None,
              settings: DecisionSettings | None = None) -> tuple[float, float] | None:
    """(mean, standard deviation) of the decision metric across cross-validation folds: the
    same metric and threshold as the test score it is compared with."""
    folds = fold_scores(model, positive_label, settings)
    return None if folds is None else (float(np.mean(folds)), float(np.std(folds)))


def leaderboard(models: list[TrainedModel], positive_label: str | None,
                settings: DecisionSettings | None = None) -> tuple[pd.DataFrame, str]:
    """A table sorted best first, and the metric it is sorted by (the PM's decision metric).

    Columns: ``model``, ``key``, ``kind`` (model / baseline / rule), ``score`` (test rows, at
    the operating point), ``baseline``, ``rule``, ``cv_mean``, ``cv_std`` (cross-validation on
    the training rows, same metric and threshold), ``fit_seconds``, ``trained_on``, and
    ``accuracy`` for yes/no problems.
    """
    settings = settings or DecisionSettings()
    rows = []
    metric = ""
    for model in models:
        metric, score = _headline(model, positive_label, settings)
        spread = cv_spread(model, positive_label, settings)
        row = {"model": model.name, "key": model.key, "kind": model.kind, "score": score,
               "baseline": model.is_baseline, "rule": model.is_rule,
               "cv_mean": spread[0] if spread else None, "cv_std": spread[1] if spread else None,
               "fit_seconds": model.fit_seconds, "trained_on": model.trained_on}
        if model.classes and metric != "accuracy":
            _, metrics = classification_report(model, positive_label=positive_label,
                                               threshold=settings.threshold)
            row["accuracy"] = metrics["accuracy"]
        rows.append(row)
    board = pd.DataFrame(rows)
    if board.empty:
        return board, metric
    board = board.sort_values("score", ascending=metric in LOWER_IS_BETTER, ignore_index=True,
                              na_position="last")
    return board, metric


def format_score(metric: str, score: float) -> str:
    """A score as a PM reads it: 0.73; money and errors in whole units with separators."""
    if math.isnan(score):
        return "–"
    return f"{score:,.0f}" if metric in ("value", "mae") else f"{score:.2f}"


@dataclass(frozen=True)
class Comparison:
    """The best learnt model against one contender (the baseline or the PM's rule).

    Counts are per 1,000 test cases at the PM's operating point (``threshold``): ``caught`` and
    ``false_alarms`` for yes/no problems, ``right`` for several classes; ``mae`` for numbers.
    ``verdict`` is "too close" when the test gap is within the cross-validated spread, or when
    cross-validation on the training rows ranks the two the other way round
    (``cv_disagrees``).
    """

    best: str
    other: str
    other_kind: str  # "baseline" | "rule"
    metric: str
    best_score: float
    other_score: float
    spread: float
    verdict: str  # "better" | "worse" | "too close"
    n_test: int
    caught: int | None = None
    false_alarms: int | None = None
    right: int | None = None
    best_mae: float | None = None
    other_mae: float | None = None
    cv_gap: float | None = None
    cv_disagrees: bool = False
    threshold: float | None = None  # the operating point the counts are taken at (yes/no)

    @property
    def margin(self) -> float:
        """How much better the best model scores (positive = better, whatever the metric)."""
        return better(self.metric, self.best_score, self.other_score)


def best_model(models: list[TrainedModel], positive_label: str | None,
               settings: DecisionSettings | None = None) -> TrainedModel | None:
    """The learnt model (not a baseline, not the rule) with the best test score in the PM's
    decision metric at their operating point."""
    learners = [m for m in models if m.kind == "model"]
    scored = [(s, m) for m in learners
              if not math.isnan(s := _headline(m, positive_label, settings)[1])]
    if not scored:
        return None
    metric = _headline(scored[0][1], positive_label, settings)[0]
    return max(scored, key=lambda pair: better(metric, pair[0], 0.0))[1]


def compare(models: list[TrainedModel], positive_label: str | None,
            settings: DecisionSettings | None = None) -> list[Comparison]:
    """The best model against the no-learning baseline and against the PM's rule (if trained)."""
    settings = settings or DecisionSettings()
    best = best_model(models, positive_label, settings)
    if best is None or not len(best.y_test):
        return []
    out = []
    for kind in ("baseline", "rule"):
        other = next((m for m in models if m.kind == kind), None)
        if other is not None and len(other.y_test) == len(best.y_test):
            out.append(_compare(best, other, kind, positive_label, settings))
    return out


def margin_floor(metric: str, other_score: float) -> float:
    """The smallest gap ever called a win: 0.01 on scores from 0 to 1; 1% of the contender's
    value for money and errors, which have units."""
    if metric in ("value", "mae"):
        return max(abs(other_score) * 0.01, 1e-9)
    return MIN_MARGIN


def _compare(best: TrainedModel, other: TrainedModel, kind: str,
             positive_label: str | None, settings: DecisionSettings) -> Comparison:
    metric, best_score = _headline(best, positive_label, settings)
    _, other_score = _headline(other, positive_label, settings)
    best_cv, other_cv = (cv_spread(m, positive_label, settings) for m in (best, other))
    spreads = [cv[1] for cv in (best_cv, other_cv) if cv is not None]
    spread = max([margin_floor(metric, other_score), *spreads])
    margin = better(metric, best_score, other_score)
    verdict = "better" if margin > spread else "worse" if margin < -spread else "too close"
    cv_gap = (better(metric, best_cv[0], other_cv[0])
              if best_cv is not None and other_cv is not None else None)
    cv_disagrees = cv_gap is not None and verdict != "too close" and cv_gap * margin < 0
    if cv_disagrees:  # the test rows and cross-validation rank them the other way round
        verdict = "too close"
    n = len(best.y_test)
    fields: dict[str, object] = {}
    if best.classes and positive_label is not None:
        b_tp, b_fp = _caught(best, positive_label, settings.threshold)
        o_tp, o_fp = _caught(other, positive_label, settings.threshold)
        fields["caught"] = round(1000 * (b_tp - o_tp) / n)
        fields["false_alarms"] = round(1000 * (b_fp - o_fp) / n)
        fields["threshold"] = settings.threshold
    elif best.classes:
        right = int((best.y_pred == best.y_test).sum()) - int((other.y_pred == other.y_test).sum())
        fields["right"] = round(1000 * right / n)
    else:
        fields["best_mae"] = regression_report(best)["mae"]
        fields["other_mae"] = regression_report(other)["mae"]
    return Comparison(best=best.name, other=other.name, other_kind=kind, metric=metric,
                      best_score=best_score, other_score=other_score, spread=spread,
                      verdict=verdict, n_test=n, cv_gap=cv_gap, cv_disagrees=cv_disagrees,
                      **fields)  # type: ignore[arg-type]


def _caught(model: TrainedModel, positive_label: str, threshold: float) -> tuple[int, int]:
    """True and false positives at the operating point."""
    flagged = np.asarray(model.scores, dtype=float) >= threshold
    actual = np.asarray(model.y_test) == positive_label
    return int((flagged & actual).sum()), int((flagged & ~actual).sum())
