"""Fit a catalogue model on the training rows and keep its test predictions.

Predictions on the test part are computed once here; the evaluation page only re-reads them
(moving the threshold never re-runs the model).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import Pipeline

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.models import build_pipeline, get_spec, prepare_features
from mlpm.problem import Problem, target_labels
from mlpm.split import Split

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TrainedModel:
    """A fitted pipeline and what it said about the test rows."""

    key: str
    name: str
    is_baseline: bool
    pipeline: Pipeline = field(repr=False)
    complexity: float
    fit_seconds: float
    y_test: np.ndarray = field(repr=False)
    y_pred: np.ndarray = field(repr=False)
    scores: np.ndarray | None = field(repr=False, default=None)
    classes: tuple[str, ...] = ()
    split_key: str = ""
    rows: np.ndarray = field(repr=False, default_factory=lambda: np.array([], dtype=int))
    is_rule: bool = False
    """``rows``: positions in the dataset of the evaluated rows (``y_test`` order), so a
    confusion-matrix cell can list the real rows; ``is_rule``: the PM's own if-then rule."""

    def params(self) -> dict[str, object]:
        """Every hyperparameter of the model step, for display and for stored runs."""
        return {k: v for k, v in self.pipeline.named_steps["model"].get_params().items()
                if isinstance(v, int | float | str | bool | type(None))}


def train(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
          complexity: float | None = None, progress: Progress | None = None) -> TrainedModel:
    """Fit ``model_key`` on the training part; predict the test part.

    Raises
    ------
    ProblemSetupError
        When the model does not fit the task or the training part has a single class.
    """
    spec = get_spec(model_key, problem.task)
    report = progress or (lambda share, text: None)
    frame = dataset.frame
    x = prepare_features(frame, problem)
    y = target_labels(problem, frame[problem.target]).to_numpy()
    train_rows = split.train
    if problem.is_classification and len(set(y[train_rows])) < 2:
        raise ProblemSetupError("The training part holds only one class, so there is nothing to learn.",
                                "Use a stratified split or a larger training share.")
    report(0.1, f"Preparing {len(train_rows):,} training rows")
    pipeline = build_pipeline(spec, frame, problem, complexity=complexity, seed=split.plan.seed)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(x.iloc[train_rows], y[train_rows])
    fit_seconds = time.perf_counter() - started
    report(0.8, f"Scoring {len(split.test):,} test rows")
    x_test = x.iloc[split.test]
    y_pred = pipeline.predict(x_test)
    scores = None
    classes: tuple[str, ...] = ()
    if problem.is_classification:
        classes = tuple(str(c) for c in pipeline.classes_)
        proba = pipeline.predict_proba(x_test)
        if problem.task == "binary":
            scores = proba[:, classes.index(problem.positive_label)]
        else:
            scores = proba
    report(1.0, "Done")
    return TrainedModel(
        key=spec.key, name=spec.name, is_baseline=spec.is_baseline, pipeline=pipeline,
        complexity=spec.complexity_default if complexity is None else complexity,
        fit_seconds=fit_seconds, y_test=y[split.test], y_pred=np.asarray(y_pred), scores=scores,
        classes=classes, split_key=split.key, rows=np.asarray(split.test))
