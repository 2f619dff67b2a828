"""The whole journey as one call: load, define the problem, split, train, evaluate.

Shared by the command line and tests so both run exactly what the app runs: the chosen model,
the no-learning baseline and (optionally) the PM's own rule, all on the same test rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlpm.data.dataset import Dataset
from mlpm.evaluate.leaderboard import Comparison, compare
from mlpm.evaluate.metrics import classification_report, regression_report
from mlpm.model.catalogue import CATALOGUE, baseline_for
from mlpm.model.problem import Problem, define_problem
from mlpm.model.split import Split, SplitPlan, plan_split
from mlpm.model.training import DEFAULT_MAX_ROWS, TrainedModel, train
from mlpm.project.decision import DecisionSettings


@dataclass(frozen=True)
class RunResult:
    """A trained model and both baselines (doing nothing; the PM's rule), on the same test rows."""

    problem: Problem
    split: Split
    model: TrainedModel
    baseline: TrainedModel
    rule: TrainedModel | None = None

    @property
    def contenders(self) -> list[TrainedModel]:
        return [m for m in (self.model, self.baseline, self.rule) if m is not None]

    def comparisons(self, settings: DecisionSettings | None = None) -> list[Comparison]:
        """The model against the baseline and against the rule (counts per 1,000 cases), at
        the PM's decision settings."""
        return compare(self.contenders, self.problem.positive_label, settings)

    def model_report(self, model: TrainedModel, threshold: float = 0.5) -> dict[str, object]:
        """Metrics (and the confusion matrix for classifiers) as plain JSON-ready data."""
        if not self.problem.is_supervised:
            groups, sizes = np.unique(model.y_pred, return_counts=True)
            return {"model": model.key, "name": model.name,
                    "metrics": {"silhouette": model.silhouette},
                    "groups": {str(g): int(n) for g, n in zip(groups, sizes, strict=True)}}
        if self.problem.is_classification:
            table, metrics = classification_report(model, positive_label=self.problem.positive_label,
                                                   threshold=threshold)
            return {"model": model.key, "name": model.name, "metrics": metrics,
                    "confusion_matrix": table.as_dict()}
        return {"model": model.key, "name": model.name, "metrics": regression_report(model)}


def default_model(problem: Problem) -> str:
    return {"regression": "linear", "clustering": "kmeans"}.get(problem.task, "logistic")


def run(dataset: Dataset, target: str | None, *, model_key: str | None = None,
        test_size: float = 0.2, seed: int = 42, rule: str | None = None, cv_folds: int = 0,
        max_rows: int | None = DEFAULT_MAX_ROWS, complexity: float | None = None) -> RunResult:
    """Train ``model_key`` (or the default for the task), the matching baseline and ``rule``.

    No ``target`` (or a clustering ``model_key``) finds groups instead; ``complexity`` is then
    the number of groups.
    """
    spec = CATALOGUE.get(model_key or "")
    clustering = not target or (spec is not None and spec.tasks == ("clustering",))
    problem = define_problem(dataset, target, task="clustering" if clustering else None)
    split = plan_split(dataset, problem, SplitPlan(test_size=test_size, seed=seed))
    options = {"max_rows": max_rows, "cv_folds": cv_folds}
    key = model_key or default_model(problem)
    model = train(dataset, problem, split, key, complexity=complexity, **options)
    base_complexity = model.complexity if clustering else None
    baseline = train(dataset, problem, split, baseline_for(problem.task).key,
                     complexity=base_complexity, **options)
    scored_rule = train(dataset, problem, split, "rule", rule=rule, **options) if rule else None
    return RunResult(problem, split, model, baseline, scored_rule)
