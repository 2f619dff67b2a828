"""The model catalogue in plain words, with one "complexity" knob each, and the baselines.

Every model is wrapped in one sklearn ``Pipeline`` (prepare -> optional compress -> model)
whose preprocessing is fitted on training rows only, so no test row leaks into training.

``complexity_range`` is ordered from the simplest to the most flexible setting (the
over/underfitting page sweeps it in this order) and always contains ``complexity_default``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from mlpm.data.free_text import MAX_WORDS, as_documents, free_text_columns
from mlpm.data.kinds import looks_like_dates, to_dates
from mlpm.errors import ProblemSetupError
from mlpm.model.problem import Problem

MAX_CATEGORIES = 20


@dataclass(frozen=True)
class Setting:
    """One of at most two extra settings of a model, with the choices a PM may pick from."""

    name: str
    label: str
    choices: tuple[object, ...]
    default: object
    help: str = ""


@dataclass(frozen=True)
class ModelSpec:
    """One entry of the catalogue: what it is, what it is good at, and how to build it.

    ``build(complexity, seed, **settings)`` returns an unfitted sklearn estimator.
    """

    key: str
    name: str
    tasks: tuple[str, ...]
    good_at: str
    complexity_param: str
    complexity_default: float
    complexity_range: tuple[float, ...]
    complexity_words: str
    build: Callable[..., BaseEstimator]
    is_baseline: bool = False
    settings: tuple[Setting, ...] = ()
    step_by_step: bool = False  # trained in visible steps (boosting rounds / gradient steps)


class NeighboursClassifier(KNeighborsClassifier):
    """k nearest neighbours that never asks for more neighbours than there are training rows
    (small slices of the learning curve would otherwise fail)."""

    def fit(self, X, y):
        self.n_neighbors = int(max(1, min(self.n_neighbors, len(X))))
        return super().fit(X, y)


class NeighboursRegressor(KNeighborsRegressor):
    """k nearest neighbours for numbers, capped at the number of training rows."""

    def fit(self, X, y):
        self.n_neighbors = int(max(1, min(self.n_neighbors, len(X))))
        return super().fit(X, y)


class CappedPCA(PCA):
    """PCA that keeps at most as many components as the prepared table has columns or rows."""

    def _cap(self, X) -> None:
        if isinstance(self.n_components, int):
            self.n_components = int(max(1, min(self.n_components, *np.shape(X))))

    def fit(self, X, y=None):
        self._cap(X)
        return super().fit(X, y)

    def fit_transform(self, X, y=None):
        self._cap(X)
        return super().fit_transform(X, y)


class TextColumn(TransformerMixin, BaseEstimator):
    """One free-text column as the 1-D list of strings a vectorizer reads (missing -> "")."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        column = X.iloc[:, 0] if hasattr(X, "iloc") else pd.Series(np.asarray(X)[:, 0])
        return as_documents(column)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(input_features if input_features is not None else ["text"], dtype=object)


def text_vectorizer() -> TfidfVectorizer:
    """Words as features: the :data:`MAX_WORDS` most frequent (English filler words left out),
    each weighted by TF-IDF, on a log scale of counts."""
    return TfidfVectorizer(max_features=MAX_WORDS, stop_words="english", sublinear_tf=True)


class RandomGroups(ClusterMixin, BaseEstimator):
    """The clustering baseline: rows dealt into ``n_clusters`` groups at random.

    Real groups must look clearly better than this (e.g. a silhouette well above 0).
    """

    def __init__(self, n_clusters: int = 3, random_state: int = 42) -> None:
        self.n_clusters = n_clusters
        self.random_state = random_state

    def fit(self, X, y=None):
        rng = np.random.default_rng(self.random_state)
        self.labels_ = rng.integers(0, int(self.n_clusters), size=len(X))
        return self

    def predict(self, X):
        rng = np.random.default_rng(self.random_state + 1)
        return rng.integers(0, int(self.n_clusters), size=len(X))


_CLASSIFY = ("binary", "multiclass")
_DEPTHS = (1, 2, 3, 4, 5, 6, 8, 12, 16)
_DEPTH_WORDS = "how many questions deep the flowchart may go"
_LEAF = Setting("min_samples_leaf", "Smallest group a question may single out (rows)",
                (1, 5, 20, 50), 1, "Larger groups ignore quirks of a few rows.")
_TREES = Setting("n_estimators", "Number of trees", (50, 100, 200), 100,
                 "More trees give steadier answers and take longer.")
_RATE = Setting("learning_rate", "Size of each correction", (0.03, 0.1, 0.3), 0.1,
                "Smaller steps learn more carefully and need more rounds.")
_WEIGHTS = Setting("weights", "Closer neighbours count more", ("uniform", "distance"), "uniform",
                   "'distance' lets the nearest rows weigh more than the far ones.")
_ROUNDS = (5, 10, 25, 50, 100, 200)
_NEIGHBOURS = (100, 50, 25, 15, 10, 5, 3, 1)
_GROUPS = (2, 3, 4, 5, 6, 7, 8, 9, 10)
_BASELINE_WORDS = "Shows what you get with no learning at all; any model must beat it."


def _spec(*args: object, **kwargs: object) -> ModelSpec:
    return ModelSpec(*args, **kwargs)  # type: ignore[arg-type]


CATALOGUE: dict[str, ModelSpec] = {
    s.key: s
    for s in [
        # --- classification ---------------------------------------------------------------
        _spec("majority", "Baseline: always the most common answer", _CLASSIFY, _BASELINE_WORDS,
              "none", 0, (0,), "no settings",
              lambda c, seed, **kw: DummyClassifier(strategy="prior"), is_baseline=True),
        _spec("logistic", "Logistic regression", _CLASSIFY,
              "A weighted checklist: fast, stable, easy to explain which features push the answer.",
              "C", 1.0, (0.001, 0.01, 0.1, 1.0, 10.0, 100.0),
              "how closely it may fit the training data (higher = more flexible)",
              lambda c, seed, class_weight="none", **kw: LogisticRegression(
                  C=c, max_iter=2000, class_weight=None if class_weight == "none" else class_weight),
              settings=(Setting("class_weight", "Give the rare outcome more weight",
                                ("none", "balanced"), "none",
                                "'balanced' makes missing a rare case cost as much as all the "
                                "common ones together."),),
              step_by_step=True),
        _spec("tree", "Decision tree", _CLASSIFY,
              "A flowchart of if-then questions learnt from the data; easy to read when shallow.",
              "max_depth", 5, _DEPTHS, _DEPTH_WORDS,
              lambda c, seed, min_samples_leaf=1, **kw: DecisionTreeClassifier(
                  max_depth=int(c), min_samples_leaf=int(min_samples_leaf), random_state=seed),
              settings=(_LEAF,)),
        _spec("random_forest", "Random forest", _CLASSIFY,
              "Many trees, each on a random slice of the data, voting: strong out of the box and "
              "hard to overfit, but harder to explain.",
              "max_depth", 8, _DEPTHS, "how many questions deep each tree may go",
              lambda c, seed, n_estimators=100, **kw: RandomForestClassifier(
                  n_estimators=int(n_estimators), max_depth=int(c), random_state=seed, n_jobs=1),
              settings=(_TREES,)),
        _spec("boosting", "Gradient boosting", _CLASSIFY,
              "Small trees added one after another, each correcting the mistakes so far: often "
              "the most accurate on tables like yours.",
              "max_iter", 50, _ROUNDS, "how many correction rounds it may add",
              lambda c, seed, learning_rate=0.1, **kw: HistGradientBoostingClassifier(
                  max_iter=int(c), learning_rate=float(learning_rate), early_stopping=False,
                  random_state=seed),
              settings=(_RATE,), step_by_step=True),
        _spec("knn", "k nearest neighbours", _CLASSIFY,
              "Answers like the most similar past cases: simple to explain ('customers like this "
              "one did…'), slow on very large tables.",
              "n_neighbors", 15, _NEIGHBOURS, "how few similar cases it asks (fewer = more flexible)",
              lambda c, seed, weights="uniform", **kw: NeighboursClassifier(
                  n_neighbors=int(c), weights=weights),
              settings=(_WEIGHTS,)),
        _spec("naive_bayes", "Naive Bayes", _CLASSIFY,
              "Adds up the evidence from each feature as if they were independent: very fast, "
              "works with few rows, its probabilities are rough.",
              "var_smoothing", 1e-9, (1.0, 0.1, 0.01, 1e-3, 1e-6, 1e-9),
              "how much it smooths over odd values (lower = more flexible)",
              lambda c, seed, **kw: GaussianNB(var_smoothing=float(c))),
        # --- regression -------------------------------------------------------------------
        _spec("mean", "Baseline: always the average", ("regression",), _BASELINE_WORDS,
              "none", 0, (0,), "no settings",
              lambda c, seed, **kw: DummyRegressor(strategy="mean"), is_baseline=True),
        _spec("linear", "Linear regression", ("regression",),
              "Adds up a weight per feature: fast, stable and easy to explain.",
              "alpha", 1.0, (1000.0, 100.0, 10.0, 1.0, 0.1, 0.01),
              "how strongly weights are held back (lower = more flexible)",
              lambda c, seed, **kw: Ridge(alpha=c), step_by_step=True),
        _spec("tree_reg", "Decision tree", ("regression",),
              "A flowchart of if-then questions that ends in a number; captures thresholds.",
              "max_depth", 5, _DEPTHS, _DEPTH_WORDS,
              lambda c, seed, min_samples_leaf=1, **kw: DecisionTreeRegressor(
                  max_depth=int(c), min_samples_leaf=int(min_samples_leaf), random_state=seed),
              settings=(_LEAF,)),
        _spec("random_forest_reg", "Random forest", ("regression",),
              "Many trees averaged: strong out of the box and hard to overfit, harder to explain.",
              "max_depth", 8, _DEPTHS, "how many questions deep each tree may go",
              lambda c, seed, n_estimators=100, **kw: RandomForestRegressor(
                  n_estimators=int(n_estimators), max_depth=int(c), random_state=seed, n_jobs=1),
              settings=(_TREES,)),
        _spec("boosting_reg", "Gradient boosting", ("regression",),
              "Small trees added one after another, each correcting the errors so far: often the "
              "most accurate on tables like yours.",
              "max_iter", 50, _ROUNDS, "how many correction rounds it may add",
              lambda c, seed, learning_rate=0.1, **kw: HistGradientBoostingRegressor(
                  max_iter=int(c), learning_rate=float(learning_rate), early_stopping=False,
                  random_state=seed),
              settings=(_RATE,), step_by_step=True),
        _spec("knn_reg", "k nearest neighbours", ("regression",),
              "Predicts the average of the most similar past cases: easy to explain.",
              "n_neighbors", 15, _NEIGHBOURS, "how few similar cases it asks (fewer = more flexible)",
              lambda c, seed, weights="uniform", **kw: NeighboursRegressor(
                  n_neighbors=int(c), weights=weights),
              settings=(_WEIGHTS,)),
        # --- clustering -------------------------------------------------------------------
        _spec("random_groups", "Baseline: random groups", ("clustering",),
              "Deals rows into groups at random; real groups must look clearly better.",
              "n_clusters", 3, _GROUPS, "how many groups",
              lambda c, seed, **kw: RandomGroups(n_clusters=int(c), random_state=seed),
              is_baseline=True),
        _spec("kmeans", "k-means", ("clustering",),
              "Finds k groups of similar rows around k centre points: fast and easy to describe "
              "('the typical customer of group 2').",
              "n_clusters", 3, _GROUPS, "how many groups to find",
              lambda c, seed, **kw: KMeans(n_clusters=int(c), n_init=10, random_state=seed)),
        _spec("hierarchical", "Hierarchical clustering", ("clustering",),
              "Joins the most similar rows step by step into a family tree of groups, then cuts "
              "it into k groups: handles groups of uneven shape.",
              "n_clusters", 3, _GROUPS, "how many groups to cut the tree into",
              lambda c, seed, linkage="ward", **kw: AgglomerativeClustering(
                  n_clusters=int(c), linkage=linkage),
              settings=(Setting("linkage", "How groups are joined", ("ward", "average", "complete"),
                                "ward", "'ward' makes compact groups of similar size."),)),
    ]
}

DEFAULT_MODELS: dict[str, tuple[str, ...]] = {
    "binary": ("logistic", "tree", "boosting"),
    "multiclass": ("logistic", "tree", "boosting"),
    "regression": ("linear", "tree_reg", "boosting_reg"),
    "clustering": ("kmeans", "hierarchical"),
}


def models_for(task: str, *, include_baselines: bool = True) -> list[ModelSpec]:
    """Catalogue entries that can learn ``task``."""
    return [s for s in CATALOGUE.values()
            if task in s.tasks and (include_baselines or not s.is_baseline)]


def baseline_for(task: str) -> ModelSpec:
    """The no-learning baseline of ``task`` (random groups for clustering)."""
    return next(s for s in CATALOGUE.values() if s.is_baseline and task in s.tasks)


def get_spec(key: str, task: str) -> ModelSpec:
    """Look a model up by key, checking it fits the task; the error lists what is allowed."""
    spec = CATALOGUE.get(key)
    if spec is None or task not in spec.tasks:
        allowed = ", ".join(s.key for s in models_for(task))
        raise ProblemSetupError(f"There is no model '{key}' for a {task} problem.",
                                f"Choose one of: {allowed}.")
    return spec


def resolve_settings(spec: ModelSpec, settings: dict[str, object] | None) -> dict[str, object]:
    """Every extra setting of ``spec``: the given value or its default, checked against the choices."""
    given = dict(settings or {})
    resolved: dict[str, object] = {}
    for setting in spec.settings:
        value = given.pop(setting.name, setting.default)
        if value not in setting.choices:
            allowed = ", ".join(map(str, setting.choices))
            raise ProblemSetupError(f"'{value}' is not a choice for {setting.label.lower()}.",
                                    f"Choose one of: {allowed}.")
        resolved[setting.name] = value
    if given:
        raise ProblemSetupError(f"{spec.name} has no setting called '{next(iter(given))}'.",
                                "Settings: " + (", ".join(s.name for s in spec.settings) or "none"))
    return resolved


def as_dates(column: pd.Series) -> pd.Series:
    """A date column as plain datetimes (missing where unreadable).

    Uses the one format the data review guessed for the column (fast, never reads 03/04 as
    March on one row and April on the next), else pandas' mixed-format parser.
    """
    parsed = to_dates(column)
    if parsed is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(column, errors="coerce", format="mixed", utc=True)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed


def date_columns(frame: pd.DataFrame, features: tuple[str, ...] | list[str]) -> list[str]:
    """Features holding dates (used as numbers: days since 1970)."""
    return [name for name in features
            if not pd.api.types.is_numeric_dtype(frame[name]) and looks_like_dates(frame[name])]


def feature_kinds(frame: pd.DataFrame, features: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
    """Split features into numeric (including dates) and categorical ones."""
    dates = set(date_columns(frame, features))
    numeric, categorical = [], []
    for name in features:
        column = frame[name]
        if name in dates or (pd.api.types.is_numeric_dtype(column)
                             and not pd.api.types.is_bool_dtype(column)):
            numeric.append(name)
        else:
            categorical.append(name)
    return numeric, categorical


def feature_groups(frame: pd.DataFrame, features: tuple[str, ...] | list[str]
                   ) -> tuple[list[str], list[str], list[str]]:
    """Numeric (including dates), categorical and free-text features, as the pipeline
    prepares them."""
    numeric, categorical = feature_kinds(frame, features)
    texts = free_text_columns(frame, categorical)
    return numeric, [c for c in categorical if c not in texts], texts


def preprocessor(frame: pd.DataFrame, problem: Problem) -> ColumnTransformer:
    """Fill gaps, turn categories into columns, put numbers on one scale and free text into
    word weights (TF-IDF, one block of columns per text column)."""
    numeric, categorical, texts = feature_groups(frame, problem.features)
    steps = []
    if numeric:
        steps.append(("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
                      numeric))
    if categorical:
        # Grouping rare values needs per-value counts (slow on text); only ask when needed.
        many = max(int(frame[c].nunique()) for c in categorical) + 1 > MAX_CATEGORIES
        encoder = (OneHotEncoder(handle_unknown="infrequent_if_exist",
                                 max_categories=MAX_CATEGORIES, sparse_output=False) if many
                   else OneHotEncoder(handle_unknown="ignore", sparse_output=False))
        steps.append(("categories", make_pipeline(
            SimpleImputer(strategy="constant", fill_value="(missing)"), encoder), categorical))
    for position, name in enumerate(texts):
        steps.append((f"words_{position}", make_pipeline(TextColumn(), text_vectorizer()), [name]))
    # Dense output: every model of the catalogue (and PCA) takes it; MAX_WORDS keeps it small.
    return ColumnTransformer(steps, remainder="drop", sparse_threshold=0)


def preparation(frame: pd.DataFrame, problem: Problem) -> Pipeline:
    """The preprocessing alone (prepare, and compress when PCA is on), unfitted."""
    steps: list[tuple[str, BaseEstimator]] = [("prepare", preprocessor(frame, problem))]
    if problem.pca_components:
        steps.append(("compress", CappedPCA(n_components=int(problem.pca_components))))
    return Pipeline(steps)


def build_pipeline(spec: ModelSpec, frame: pd.DataFrame, problem: Problem, *,
                   complexity: float | None = None, seed: int = 42,
                   settings: dict[str, object] | None = None) -> Pipeline:
    """Preprocessing plus model, as one unfitted pipeline: prepare -> (compress) -> model."""
    value = spec.complexity_default if complexity is None else complexity
    steps = list(preparation(frame, problem).steps)
    steps.append(("model", spec.build(value, seed, **resolve_settings(spec, settings))))
    return Pipeline(steps)


def prepare_features(frame: pd.DataFrame, problem: Problem) -> pd.DataFrame:
    """The feature columns, with text categories as plain strings (sklearn wants one type)
    and dates as numbers (days since 1 January 1970)."""
    x = frame.loc[:, list(problem.features)].copy()
    dates = set(date_columns(frame, problem.features))
    _, categorical = feature_kinds(frame, problem.features)
    for name in dates:
        days = (as_dates(x[name]) - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
        x[name] = days.astype(float)
    for name in categorical:
        values = x[name].astype(object)
        x[name] = pd.Series([str(v) if pd.notna(v) else np.nan for v in values],
                            index=x.index, dtype=object)
    return x
