"""The whole journey as one call: load, define the problem, split, train, evaluate.

Shared by the command line and tests so both run exactly what the app runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlpm.data.dataset import Dataset
from mlpm.evaluation import classification_report, regression_report
from mlpm.models import baseline_for
from mlpm.problem import Problem, define_problem
from mlpm.split import Split, SplitPlan, plan_split
from mlpm.training import TrainedModel, train


@dataclass(frozen=True)
class RunResult:
    """A trained model and its no-learning baseline, evaluated on the same test rows."""

    problem: Problem
    split: Split
    model: TrainedModel
    baseline: TrainedModel

    def model_report(self, model: TrainedModel, threshold: float = 0.5) -> dict[str, object]:
        """Metrics (and the confusion matrix for classifiers) as plain JSON-ready data."""
        if self.problem.is_classification:
            table, metrics = classification_report(model, positive_label=self.problem.positive_label,
                                                   threshold=threshold)
            return {"model": model.key, "name": model.name, "metrics": metrics,
                    "confusion_matrix": table.as_dict()}
        return {"model": model.key, "name": model.name, "metrics": regression_report(model)}


def default_model(problem: Problem) -> str:
    return "logistic" if problem.is_classification else "linear"


def run(dataset: Dataset, target: str, *, model_key: str | None = None, test_size: float = 0.2,
        seed: int = 42) -> RunResult:
    """Train ``model_key`` (or the default for the task) and the matching baseline."""
    problem = define_problem(dataset, target)
    split = plan_split(dataset, problem, SplitPlan(test_size=test_size, seed=seed))
    model = train(dataset, problem, split, model_key or default_model(problem))
    baseline = train(dataset, problem, split, baseline_for(problem.task).key)
    return RunResult(problem, split, model, baseline)
