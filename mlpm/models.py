"""The model catalogue in plain words, with one "complexity" knob each, and the baselines.

Every model is wrapped in one sklearn ``Pipeline`` whose preprocessing is fitted on training
rows only, so no test row leaks into training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from mlpm.errors import ProblemSetupError
from mlpm.problem import Problem


@dataclass(frozen=True)
class ModelSpec:
    """One entry of the catalogue: what it is, what it is good at, and how to build it."""

    key: str
    name: str
    tasks: tuple[str, ...]
    good_at: str
    complexity_param: str
    complexity_default: float
    complexity_range: tuple[float, ...]
    complexity_words: str
    build: Callable[[float, int], BaseEstimator]
    is_baseline: bool = False


_CLASSIFY = ("binary", "multiclass")

CATALOGUE: dict[str, ModelSpec] = {
    s.key: s
    for s in [
        ModelSpec(
            "majority", "Baseline: always the most common answer", _CLASSIFY,
            "Shows what you get with no learning at all; any model must beat it.",
            "none", 0, (0,), "no settings",
            lambda c, seed: DummyClassifier(strategy="prior"), is_baseline=True),
        ModelSpec(
            "logistic", "Logistic regression", _CLASSIFY,
            "A weighted checklist: fast, stable, easy to explain which features push the answer.",
            "C", 1.0, (0.001, 0.01, 0.1, 1.0, 10.0, 100.0),
            "how closely it may fit the training data (higher = more flexible)",
            lambda c, seed: LogisticRegression(C=c, max_iter=2000)),
        ModelSpec(
            "tree", "Decision tree", _CLASSIFY,
            "A flowchart of if-then questions learnt from the data; easy to read when shallow.",
            "max_depth", 5, (1, 2, 3, 4, 6, 8, 12, 16),
            "how many questions deep the flowchart may go",
            lambda c, seed: DecisionTreeClassifier(max_depth=int(c), random_state=seed)),
        ModelSpec(
            "mean", "Baseline: always the average", ("regression",),
            "Shows what you get with no learning at all; any model must beat it.",
            "none", 0, (0,), "no settings",
            lambda c, seed: DummyRegressor(strategy="mean"), is_baseline=True),
        ModelSpec(
            "linear", "Linear regression", ("regression",),
            "Adds up a weight per feature: fast, stable and easy to explain.",
            "alpha", 1.0, (1000.0, 100.0, 10.0, 1.0, 0.1, 0.01),
            "how strongly weights are held back (lower = more flexible)",
            lambda c, seed: Ridge(alpha=c)),
        ModelSpec(
            "tree_reg", "Decision tree", ("regression",),
            "A flowchart of if-then questions that ends in a number; captures thresholds.",
            "max_depth", 5, (1, 2, 3, 4, 6, 8, 12, 16),
            "how many questions deep the flowchart may go",
            lambda c, seed: DecisionTreeRegressor(max_depth=int(c), random_state=seed)),
    ]
}


def models_for(task: str, *, include_baselines: bool = True) -> list[ModelSpec]:
    """Catalogue entries that can learn ``task``."""
    return [s for s in CATALOGUE.values()
            if task in s.tasks and (include_baselines or not s.is_baseline)]


def baseline_for(task: str) -> ModelSpec:
    return next(s for s in CATALOGUE.values() if s.is_baseline and task in s.tasks)


def get_spec(key: str, task: str) -> ModelSpec:
    """Look a model up by key, checking it fits the task; the error lists what is allowed."""
    spec = CATALOGUE.get(key)
    if spec is None or task not in spec.tasks:
        allowed = ", ".join(s.key for s in models_for(task))
        raise ProblemSetupError(f"There is no model '{key}' for a {task} problem.",
                                f"Choose one of: {allowed}.")
    return spec


def feature_kinds(frame: pd.DataFrame, features: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
    """Split features into numeric and categorical ones."""
    numeric, categorical = [], []
    for name in features:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            numeric.append(name)
        else:
            categorical.append(name)
    return numeric, categorical


def preprocessor(frame: pd.DataFrame, problem: Problem) -> ColumnTransformer:
    """Fill gaps, turn categories into columns and put numbers on one scale."""
    numeric, categorical = feature_kinds(frame, problem.features)
    steps = []
    if numeric:
        steps.append(("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
                      numeric))
    if categorical:
        steps.append(("categories", make_pipeline(
            SimpleImputer(strategy="constant", fill_value="(missing)"),
            OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=20,
                          sparse_output=False)), categorical))
    return ColumnTransformer(steps, remainder="drop")


def build_pipeline(spec: ModelSpec, frame: pd.DataFrame, problem: Problem, *,
                   complexity: float | None = None, seed: int = 42) -> Pipeline:
    """Preprocessing plus model, as one unfitted pipeline."""
    value = spec.complexity_default if complexity is None else complexity
    return Pipeline([("prepare", preprocessor(frame, problem)), ("model", spec.build(value, seed))])


def prepare_features(frame: pd.DataFrame, problem: Problem) -> pd.DataFrame:
    """The feature columns, with text categories as plain strings (sklearn wants one type)."""
    x = frame.loc[:, list(problem.features)].copy()
    _, categorical = feature_kinds(frame, problem.features)
    for name in categorical:
        values = x[name].astype(object)
        x[name] = pd.Series([str(v) if pd.notna(v) else np.nan for v in values],
                            index=x.index, dtype=object)
    return x
