"""Turn a trained model (and the data, problem and split behind it) into a stored run."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, is_dataclass
from typing import Any

import numpy as np

import mlpm
from mlpm.data.dataset import Dataset
from mlpm.data.kinds import column_kind
from mlpm.evaluate.metrics import classification_report, regression_report
from mlpm.lifecycle.drift import drift_profile
from mlpm.lifecycle.recipe import Recipe
from mlpm.lifecycle.store.records import DataVersion, RunRecord
from mlpm.lifecycle.store.store import RunStore
from mlpm.model.problem import Problem
from mlpm.model.split import Split
from mlpm.model.training import TrainedModel


def model_metrics(model: TrainedModel, problem: Problem, threshold: float = 0.5) -> dict[str, float]:
    """Test metrics as on the Evaluate page (yes/no problems at ``threshold``); clustering has
    no test answers, only how well separated its groups are."""
    if not getattr(problem, "is_supervised", True):
        silhouette = getattr(model, "silhouette", None)
        return {} if silhouette is None else {"silhouette": float(silhouette)}
    if not problem.is_classification:
        return regression_report(model)
    positive = problem.positive_label if problem.task == "binary" else None
    _, metrics = classification_report(model, positive_label=positive, threshold=threshold)
    return metrics


def cv_metrics(model: TrainedModel) -> dict[str, Any]:
    """Cross-validated scores when the model carries them (the training step computes them)."""
    for name in ("cv_metrics", "cv_summary"):
        value = getattr(model, name, None)
        if isinstance(value, dict):
            return dict(value)
        if value is not None and is_dataclass(value):
            return asdict(value)
    scores = getattr(model, "cv_scores", None)
    if scores is None:
        return {}
    folds = np.asarray(scores, dtype=float).ravel()
    if folds.size == 0:
        return {}
    return {"metric": str(getattr(model, "cv_metric", "")), "mean": float(folds.mean()),
            "std": float(folds.std()), "folds": [float(f) for f in folds]}


def as_plain(value: Any) -> Any:
    """Cleaning steps and cost settings as plain dicts, whatever object holds them."""
    if value is None:
        return None
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, dict):
        return dict(value)
    return {"value": str(value)}


def capture_data_version(dataset: Dataset) -> DataVersion:
    """The data version's size, column kinds and drift profile."""
    frame = dataset.frame
    return DataVersion(version=dataset.version, name=dataset.name, n_rows=dataset.n_rows,
                       n_columns=dataset.n_columns,
                       columns={str(c): column_kind(frame[c]) for c in frame.columns},
                       profile=drift_profile(frame))


def capture_run(dataset: Dataset, problem: Problem, split: Split, model: TrainedModel, *,
                threshold: float = 0.5, costs: Any = None, cleaning: Any = (), note: str = "",
                batch: str = "", goal: str = "") -> RunRecord:
    """Everything about one trained model that the history and comparisons need."""
    cleaning_steps = tuple(as_plain(step) for step in (cleaning or ()))
    binary = problem.task == "binary"
    recipe = Recipe.from_parts(problem, split, model, threshold=threshold if binary else None,
                               cleaning=cleaning_steps, goal=goal)
    return RunRecord(
        dataset_name=dataset.name, data_version=dataset.version, n_rows=dataset.n_rows,
        n_columns=dataset.n_columns, target=problem.target, task=problem.task,
        positive_label=problem.positive_label, classes=tuple(problem.classes),
        features=tuple(problem.features),
        split={**asdict(split.plan), **split.counts(),
               "dropped_missing_target": int(split.dropped_missing_target)},
        model_key=model.key, model_name=model.name, is_baseline=model.is_baseline,
        complexity=float(model.complexity), params=model.params(),
        metrics=model_metrics(model, problem, threshold if binary else 0.5),
        cv_metrics=cv_metrics(model), threshold=threshold if binary else None,
        costs=as_plain(costs) or {}, fit_seconds=float(model.fit_seconds),
        cleaning=cleaning_steps, recipe=recipe.as_dict(), note=note, batch=batch,
        app_version=mlpm.__version__)


def batch_of(split_key: str) -> str:
    """Runs on the same split share a batch: same test rows, so directly comparable."""
    return hashlib.sha1(split_key.encode()).hexdigest()[:12]


def record_model(store: RunStore, dataset: Dataset, problem: Problem, split: Split,
                 model: TrainedModel, **extra: Any) -> RunRecord:
    """Capture and store one run; the data version's profile is computed once per version."""
    run = capture_run(dataset, problem, split, model, **extra)
    data = None if store.has_profile(dataset.version) else capture_data_version(dataset)
    return store.record(run, data)
