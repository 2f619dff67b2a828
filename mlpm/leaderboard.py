"""Rank trained models on the same test rows, baselines included."""

from __future__ import annotations

import pandas as pd

from mlpm.evaluation import classification_report, headline_score
from mlpm.explain.metrics import METRIC_NAMES, leaderboard_sentence
from mlpm.training import TrainedModel


def leaderboard(models: list[TrainedModel], positive_label: str | None) -> tuple[pd.DataFrame, str]:
    """A table sorted best first, and the metric it is sorted by."""
    rows = []
    metric = ""
    for model in models:
        metric, score = headline_score(model, positive_label)
        row = {"model": model.name, "key": model.key, "score": score,
               "baseline": model.is_baseline, "fit_seconds": model.fit_seconds}
        if model.classes and metric != "accuracy":
            _, metrics = classification_report(model, positive_label=positive_label)
            row["accuracy"] = metrics["accuracy"]
        rows.append(row)
    board = pd.DataFrame(rows).sort_values("score", ascending=False, ignore_index=True)
    return board, metric


def leaderboard_summary(board: pd.DataFrame, metric: str) -> str:
    """One sentence: does the best model beat doing nothing?"""
    learners = board[~board["baseline"]]
    baselines = board[board["baseline"]]
    if learners.empty or baselines.empty:
        return ""
    best = learners.iloc[0]
    return leaderboard_sentence(str(best["model"]), float(best["score"]),
                                float(baselines["score"].max()), metric)


def metric_title(metric: str) -> str:
    return METRIC_NAMES.get(metric, metric)
