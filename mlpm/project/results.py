"""One analysis, one answer: every headline number and verdict, computed once (issue 14).

In the spirit of explainerdashboard's explainer: a :class:`Results` wraps one
:class:`~mlpm.project.analysis.Analysis` (the app's journey or a CLI run) and its
:class:`~mlpm.project.decision.DecisionSettings`, computes each result lazily the first time it is
asked for, and keeps it. The Train, Evaluate and Present pages, the meeting pack, the model card
and ``mlpm report --out facts.json`` read their numbers here, so the same model is described
with the same metric, at the same threshold, with the same verdict everywhere.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from mlpm.evaluate.importance import Importance, model_importance
from mlpm.evaluate.leaderboard import Comparison, best_model, compare, leaderboard
from mlpm.evaluate.metrics import (
    BinaryConfusion,
    binary_sweep,
    classification_report,
    regression_report,
)
from mlpm.model.training import TrainedModel
from mlpm.project.analysis import Analysis
from mlpm.project.decision import METRIC_WORDS, DecisionSettings

FACTS_FORMAT = 1


class Results:
    """Everything an analysis says, at the PM's decision settings (read-only, computed lazily)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis

    @cached_property
    def settings(self) -> DecisionSettings:
        return self.analysis.settings

    @property
    def positive_label(self) -> str | None:
        problem = self.analysis.problem
        return problem.positive_label if problem is not None else None

    @cached_property
    def models(self) -> list[TrainedModel]:
        return list(self.analysis.models.values())

    @cached_property
    def _board(self) -> tuple[pd.DataFrame, str]:
        return leaderboard(self.models, self.positive_label, self.settings)

    @property
    def board(self) -> pd.DataFrame:
        """Every model on the same test rows, best first, in the decision metric."""
        return self._board[0]

    @property
    def metric(self) -> str:
        """The decision metric's key (``f1``, ``f2``, ``value``, ``mae``, …)."""
        if self._board[1]:
            return self._board[1]
        problem = self.analysis.problem
        return self.settings.metric_for(problem.task) if problem is not None else ""

    @cached_property
    def best(self) -> TrainedModel | None:
        """The learnt model that scores best in the decision metric."""
        return best_model(self.models, self.positive_label, self.settings)

    @cached_property
    def comparisons(self) -> list[Comparison]:
        """The best model against doing nothing and against the PM's rule."""
        return compare(self.models, self.positive_label, self.settings)

    def comparison(self, kind: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.other_kind == kind), None)

    def score(self, model: TrainedModel) -> float:
        """``model``'s decision-metric score on the test rows (the board's number)."""
        row = self.board[self.board["key"] == model.key]
        return float(row["score"].iloc[0]) if len(row) else float("nan")

    def confusion(self, model: TrainedModel) -> BinaryConfusion | None:
        """The yes/no model's four outcomes at the operating point."""
        if self.positive_label is None or model.scores is None:
            return None
        return binary_sweep(model, self.positive_label).at(self.settings.threshold)

    def metrics(self, model: TrainedModel) -> dict[str, float]:
        """Accuracy, precision, recall, F1 … (yes/no: at the operating point), or errors."""
        if not model.classes:
            return regression_report(model) if len(model.y_test) else {}
        _, metrics = classification_report(model, positive_label=self.positive_label,
                                           threshold=self.settings.threshold)
        return metrics

    def importance(self, model: TrainedModel | None = None) -> Importance | None:
        """What drives ``model`` (default: the chosen one): permutation importance on the test
        rows in the decision metric at the operating point, computed once per fitted model and
        settings (:mod:`mlpm.evaluate.importance`). ``None`` for baselines, the rule and clustering."""
        model = model if model is not None else self.analysis.model
        dataset, problem = self.analysis.dataset, self.analysis.problem
        if model is None or model.kind != "model" or dataset is None or problem is None:
            return None
        return model_importance(model, dataset, problem, self.settings)

    def facts(self) -> dict[str, Any]:
        """Every fact behind the pack, as plain JSON: the tests' one place to compare pages, CLI
        and pack. Every threshold is under the key ``threshold``. The CLI's ``facts.json`` adds
        the verdict in words (:func:`mlpm.explain.training.facts_json`)."""
        problem, chosen = self.analysis.problem, self.analysis.model
        facts: dict[str, Any] = {
            "format": FACTS_FORMAT,
            "data_version": self.analysis.dataset.version if self.analysis.dataset else None,
            "target": problem.target if problem else None,
            "task": problem.task if problem else None,
            "positive_label": self.positive_label,
            "decision": {"goal": self.settings.goal_for(problem.task).key if problem else "",
                         "metric": self.metric,
                         "metric_words": METRIC_WORDS.get(self.metric, self.metric),
                         "threshold": self.settings.threshold if self.positive_label else None,
                         "costs": self.settings.as_dict()["costs"],
                         "capacity": self.settings.capacity},
            "best_model": self.best.key if self.best else None,
            "chosen_model": chosen.key if chosen else None,
            "leaderboard": [
                {"key": row.key, "model": row.model, "kind": row.kind,
                 "score": _number(row.score), "cv_mean": _number(row.cv_mean),
                 "cv_std": _number(row.cv_std)}
                for row in self.board.itertuples()] if not self.board.empty else [],
            "verdicts": [
                {"other": c.other_kind, "verdict": c.verdict, "metric": c.metric,
                 "best_score": _number(c.best_score), "other_score": _number(c.other_score),
                 "spread": _number(c.spread), "threshold": c.threshold,
                 "caught_per_1000": c.caught, "false_alarms_per_1000": c.false_alarms}
                for c in self.comparisons],
        }
        if chosen is not None:
            facts["chosen_metrics"] = {k: _number(v) for k, v in self.metrics(chosen).items()}
            confusion = self.confusion(chosen)
            if confusion is not None:
                facts["confusion"] = {"threshold": self.settings.threshold, "tp": confusion.tp,
                                      "fp": confusion.fp, "fn": confusion.fn, "tn": confusion.tn}
            importance = self.importance(chosen)
            if importance is not None:  # what drives it: the pack's slide, the model card
                facts["importance"] = {"metric": importance.metric,
                                       "threshold": importance.threshold,
                                       "repeats": importance.repeats,
                                       "test_rows": importance.n_rows,
                                       "features": importance.records()}
        return facts


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else round(number, 6)
