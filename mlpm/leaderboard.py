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

from mlpm.evaluation import classification_report, headline_score, regression_report
from mlpm.explain.metrics import METRIC_NAMES, leaderboard_sentence
from mlpm.training import TrainedModel

DEFAULT_THRESHOLD = 0.5
MIN_MARGIN = 0.01  # a gap smaller than this is never called a win


def _headline(model: TrainedModel, positive_label: str | None) -> tuple[str, float]:
    if model.cv_metric == "silhouette" or (not model.classes and not len(model.y_test)):
        score = model.silhouette
        return "silhouette", float("nan") if score is None else float(score)
    return headline_score(model, positive_label)


def leaderboard(models: list[TrainedModel], positive_label: str | None) -> tuple[pd.DataFrame, str]:
    """A table sorted best first, and the metric it is sorted by.

    Columns: ``model``, ``key``, ``kind`` (model / baseline / rule), ``score`` (test rows),
    ``baseline``, ``rule``, ``cv_mean``, ``cv_std`` (cross-validation on the training rows),
    ``fit_seconds``, ``trained_on``, and ``accuracy`` for yes/no problems.
    """
    rows = []
    metric = ""
    for model in models:
        metric, score = _headline(model, positive_label)
        row = {"model": model.name, "key": model.key, "kind": model.kind, "score": score,
               "baseline": model.is_baseline, "rule": model.is_rule,
               "cv_mean": model.cv_mean, "cv_std": model.cv_std,
               "fit_seconds": model.fit_seconds, "trained_on": model.trained_on}
        if model.classes and metric != "accuracy":
            _, metrics = classification_report(model, positive_label=positive_label)
            row["accuracy"] = metrics["accuracy"]
        rows.append(row)
    board = pd.DataFrame(rows)
    if board.empty:
        return board, metric
    board = board.sort_values("score", ascending=False, ignore_index=True, na_position="last")
    return board, metric


def leaderboard_summary(board: pd.DataFrame, metric: str) -> str:
    """One sentence: does the best model beat doing nothing?"""
    if board.empty:
        return ""
    learners = board[(board["kind"] == "model") if "kind" in board else ~board["baseline"]]
    baselines = board[board["baseline"]]
    if learners.empty or baselines.empty:
        return ""
    best = learners.iloc[0]
    return leaderboard_sentence(str(best["model"]), float(best["score"]),
                                float(baselines["score"].max()), metric)


def metric_title(metric: str) -> str:
    return {**METRIC_NAMES, "silhouette": "Silhouette (group separation)"}.get(metric, metric)


@dataclass(frozen=True)
class Comparison:
    """The best learnt model against one contender (the baseline or the PM's rule).

    Counts are per 1,000 test cases at the default threshold of 0.5: ``caught`` and
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

    @property
    def margin(self) -> float:
        return self.best_score - self.other_score


def best_model(models: list[TrainedModel], positive_label: str | None) -> TrainedModel | None:
    """The learnt model (not a baseline, not the rule) with the highest test score."""
    learners = [m for m in models if m.kind == "model"]
    scored = [(s, m) for m in learners
              if not math.isnan(s := _headline(m, positive_label)[1])]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def compare(models: list[TrainedModel], positive_label: str | None) -> list[Comparison]:
    """The best model against the no-learning baseline and against the PM's rule (if trained)."""
    best = best_model(models, positive_label)
    if best is None or not len(best.y_test):
        return []
    out = []
    for kind in ("baseline", "rule"):
        other = next((m for m in models if m.kind == kind), None)
        if other is not None and len(other.y_test) == len(best.y_test):
            out.append(_compare(best, other, kind, positive_label))
    return out


def _compare(best: TrainedModel, other: TrainedModel, kind: str,
             positive_label: str | None) -> Comparison:
    metric, best_score = _headline(best, positive_label)
    _, other_score = _headline(other, positive_label)
    spreads = [s for s in (best.cv_std, other.cv_std) if s is not None]
    spread = max([MIN_MARGIN, *spreads])
    margin = best_score - other_score
    verdict = "better" if margin > spread else "worse" if margin < -spread else "too close"
    cv_gap = (best.cv_mean - other.cv_mean
              if best.cv_mean is not None and other.cv_mean is not None else None)
    cv_disagrees = cv_gap is not None and verdict != "too close" and cv_gap * margin < 0
    if cv_disagrees:  # the test rows and cross-validation rank them the other way round
        verdict = "too close"
    n = len(best.y_test)
    fields: dict[str, object] = {}
    if best.classes and positive_label is not None:
        b_tp, b_fp = _caught(best, positive_label)
        o_tp, o_fp = _caught(other, positive_label)
        fields["caught"] = round(1000 * (b_tp - o_tp) / n)
        fields["false_alarms"] = round(1000 * (b_fp - o_fp) / n)
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


def _caught(model: TrainedModel, positive_label: str) -> tuple[int, int]:
    """True and false positives at the default threshold."""
    flagged = np.asarray(model.scores, dtype=float) >= DEFAULT_THRESHOLD
    actual = np.asarray(model.y_test) == positive_label
    return int((flagged & actual).sum()), int((flagged & ~actual).sum())
