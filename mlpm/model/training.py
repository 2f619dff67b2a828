"""Fit a catalogue model (or the PM's rule) on the training rows and keep its test predictions.

Predictions on the test part are computed once here; the evaluation page only re-reads them
(moving the threshold never re-runs the model). Large tables are trained on a stratified
sample of the training rows (``max_rows``); the test rows are always scored in full, so every
contender is compared on exactly the same rows. Optional k-fold cross-validation on the
training rows gives the spread of the score (how much it moves by chance).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, f1_score, r2_score, silhouette_score
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import build_pipeline, get_spec, prepare_features, resolve_settings
from mlpm.model.problem import Problem, target_labels
from mlpm.model.rules import Rule, RuleModel, parse_rule
from mlpm.model.split import Split
from mlpm.progress import DONE, Progress, Step
from mlpm.scale.compute import map_folds

DEFAULT_MAX_ROWS = 10_000
RULE_KEY = "rule"
RULE_NAME = "Your rule"
# Hierarchical clustering compares every pair of rows: keep it to a few thousand.
CLUSTER_ROW_CAP = {"hierarchical": 4_000}
SILHOUETTE_ROWS = 2_000


@dataclass
class TrainChoices:
    """What the PM picked on the Train page, kept in the journey so it survives page changes."""

    models: list[str] | None = None
    rule_text: str = ""
    row_limit: int | None = DEFAULT_MAX_ROWS
    complexity: dict[str, float] = field(default_factory=dict)
    settings: dict[str, dict[str, object]] = field(default_factory=dict)
    loss_model: str | None = None
    k_groups: int | None = None
    memo: dict[tuple, TrainedModel] = field(default_factory=dict, repr=False)
    """``memo``: models this session already trained, keyed on (split key, model, complexity,
    settings, row limit, folds, rule): the split key starts with the problem key, which starts
    with the data version."""


@dataclass(frozen=True)
class TrainedModel:
    """A fitted pipeline and what it said about the test rows.

    Clustering models have no test rows: ``y_pred`` holds the group of each row in ``rows``,
    ``y_test`` is empty, ``classes`` is ``()`` and ``scores`` is ``None``.
    """

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
    cv_scores: np.ndarray | None = field(repr=False, default=None)
    cv_metric: str = ""
    cv_answers: tuple[tuple[np.ndarray, np.ndarray], ...] = field(repr=False, default=())
    """Per cross-validation fold, (true answers, the model's answers) on the fold's held-out
    training rows: the positive class's chance for yes/no problems, else the predictions. Any
    decision metric at any threshold is scored from them (:mod:`mlpm.project.results`), so the spread
    behind "clearly better" is in the PM's own metric, at the PM's own threshold."""
    trained_on: int = 0
    train_available: int = 0
    settings: dict[str, object] = field(default_factory=dict)
    silhouette: float | None = None
    inputs: tuple[str, ...] = ()
    """``cv_scores``: the headline score on each cross-validation fold of the training rows;
    ``trained_on``: rows the model learnt from (fewer than ``train_available`` when sampled);
    ``silhouette``: how well separated the groups are (clustering); ``inputs``: the columns
    the pipeline reads (see :func:`model_input`)."""

    @property
    def sampled(self) -> bool:
        return 0 < self.trained_on < self.train_available

    @property
    def cv_mean(self) -> float | None:
        return None if self.cv_scores is None else float(np.mean(self.cv_scores))

    @property
    def cv_std(self) -> float | None:
        return None if self.cv_scores is None else float(np.std(self.cv_scores))

    @property
    def cv_folds(self) -> int:
        """Cross-validation folds actually used (fewer than asked when a class is rare; 0 =
        none): the number the PM is told, never the one asked for."""
        return 0 if self.cv_scores is None else len(self.cv_scores)

    @property
    def kind(self) -> str:
        """"rule", "baseline" or "model"."""
        return "rule" if self.is_rule else "baseline" if self.is_baseline else "model"

    def params(self) -> dict[str, object]:
        """Every hyperparameter of the model step, for display and for stored runs."""
        return {k: v for k, v in self.pipeline.named_steps["model"].get_params().items()
                if isinstance(v, int | float | str | bool | type(None))}


def one_thread() -> threadpool_limits:
    """Fit with one thread: on small tables, and on a server shared by several sessions,
    OpenMP/BLAS threads cost far more than they save (gradient boosting ran 10x slower)."""
    return threadpool_limits(limits=1)


def model_input(model: TrainedModel, frame: pd.DataFrame, problem: Problem) -> pd.DataFrame:
    """The table ``model.pipeline`` expects: prepared features, or the raw columns a rule reads."""
    if model.is_rule:
        return frame.loc[:, list(model.inputs)]
    return prepare_features(frame, problem)


def headline_metric(problem: Problem) -> str:
    """The score cross-validation reports: F1 (yes/no), accuracy (several classes), R²."""
    return {"binary": "f1", "multiclass": "accuracy", "regression": "r2",
            "clustering": "silhouette"}[problem.task]


def training_sample(rows: np.ndarray, y: np.ndarray | None, max_rows: int | None,
                seed: int) -> np.ndarray:
    """At most ``max_rows`` of ``rows``, keeping each class's share when ``y`` is given."""
    if max_rows is None or len(rows) <= max_rows:
        return rows
    labels = None
    if y is not None:
        counts = pd.Series(y[rows]).value_counts()
        labels = y[rows] if counts.min() >= 2 and max_rows >= len(counts) else None
    kept, _ = train_test_split(rows, train_size=int(max_rows), random_state=seed, stratify=labels)
    return np.sort(kept)


def train(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
          complexity: float | None = None, progress: Progress | None = None,
          settings: dict[str, object] | None = None, max_rows: int | None = DEFAULT_MAX_ROWS,
          cv_folds: int = 0, rule: str | Rule | None = None) -> TrainedModel:
    """Fit ``model_key`` on the training part; predict the test part.

    ``model_key="rule"`` scores the PM's ``rule`` instead (see :func:`train_rule`).
    ``max_rows`` caps the training rows (a stratified sample; ``None`` uses every row);
    ``cv_folds`` > 1 adds cross-validated scores on the training rows.

    Raises
    ------
    ProblemSetupError
        When the model does not fit the task or the training part has a single class.
    """
    if model_key == RULE_KEY:
        return train_rule(dataset, problem, split, rule or "", progress=progress,
                          max_rows=max_rows, cv_folds=cv_folds)
    spec = get_spec(model_key, problem.task)
    chosen = resolve_settings(spec, settings)
    if not problem.is_supervised:
        return _train_clustering(dataset, problem, split, spec.key, complexity, chosen,
                                 progress, max_rows)
    report = progress or (lambda share, step: None)
    frame = dataset.frame
    report(0.02, Step("preparing_features", {"model": spec.name}))
    x = prepare_features(frame, problem)
    y = target_labels(problem, frame[problem.target]).to_numpy()
    train_rows = _checked_train_rows(problem, split, y, max_rows)
    pipeline = build_pipeline(spec, frame, problem, complexity=complexity, seed=split.plan.seed,
                              settings=chosen)
    report(0.1, Step("learning", {"model": spec.name, "rows": len(train_rows)}))
    with one_thread():
        fit_seconds, (cv_scores, cv_answers), y_pred, scores, classes = _fit_and_score(
            pipeline, x, y, train_rows, split, problem, cv_folds, report, spec.name)
    return TrainedModel(
        key=spec.key, name=spec.name, is_baseline=spec.is_baseline, pipeline=pipeline,
        complexity=spec.complexity_default if complexity is None else complexity,
        fit_seconds=fit_seconds, y_test=y[split.test], y_pred=np.asarray(y_pred), scores=scores,
        classes=classes, split_key=split.key, rows=np.asarray(split.test),
        cv_scores=cv_scores, cv_metric=headline_metric(problem) if cv_scores is not None else "",
        cv_answers=cv_answers,
        trained_on=len(train_rows), train_available=len(split.train), settings=chosen,
        inputs=tuple(problem.features))


def train_rule(dataset: Dataset, problem: Problem, split: Split, rule: str | Rule, *,
               progress: Progress | None = None, max_rows: int | None = DEFAULT_MAX_ROWS,
               cv_folds: int = 0) -> TrainedModel:
    """Score the PM's if-then rule exactly like a model: same test rows, same folds.

    "Training" a rule only learns its fallback answer (the most common one, or the average)
    from the training rows, for rows no clause covers.

    Raises
    ------
    RuleError
        When the rule cannot be read or does not fit the table.
    """
    report = progress or (lambda share, step: None)
    frame = dataset.frame
    parsed = rule if isinstance(rule, Rule) else parse_rule(rule, frame, problem)
    y = target_labels(problem, frame[problem.target]).to_numpy()
    train_rows = _checked_train_rows(problem, split, y, max_rows)
    x = frame.loc[:, list(parsed.columns)]
    pipeline = Pipeline([("model", RuleModel(rule=parsed, text=parsed.text))])
    report(0.1, Step("checking_rule", {"rows": len(train_rows)}))
    fit_seconds, (cv_scores, cv_answers), y_pred, scores, classes = _fit_and_score(
        pipeline, x, y, train_rows, split, problem, cv_folds, report, RULE_NAME)
    return TrainedModel(
        key=RULE_KEY, name=RULE_NAME, is_baseline=False, pipeline=pipeline, complexity=0,
        fit_seconds=fit_seconds, y_test=y[split.test], y_pred=np.asarray(y_pred), scores=scores,
        classes=classes, split_key=split.key, rows=np.asarray(split.test), is_rule=True,
        cv_scores=cv_scores, cv_metric=headline_metric(problem) if cv_scores is not None else "",
        cv_answers=cv_answers,
        trained_on=len(train_rows), train_available=len(split.train),
        settings={"rule": parsed.text}, inputs=parsed.columns)


def _fit_and_score(pipeline: Pipeline, x: pd.DataFrame, y: np.ndarray, train_rows: np.ndarray,
                   split: Split, problem: Problem, cv_folds: int, report: Progress,
                   name: str) -> tuple[float, tuple[np.ndarray | None, tuple], np.ndarray,
                                       np.ndarray | None, tuple[str, ...]]:
    """Fit on the training rows, cross-validate, predict the test rows: the same steps for a
    model and for the PM's rule, so both are scored exactly alike."""
    fit_seconds = _fit_quietly(pipeline, x.iloc[train_rows], y[train_rows])
    cv_scores = _cross_validate(pipeline, x.iloc[train_rows], y[train_rows], problem, cv_folds,
                                split.plan.seed, report, name)
    report(0.95, Step("scoring_test_rows", {"model": name, "rows": len(split.test)}))
    x_test = x.iloc[split.test]
    y_pred = np.asarray(pipeline.predict(x_test))
    scores, classes = _scores(pipeline, x_test, problem)
    report(1.0, DONE)
    return fit_seconds, cv_scores, y_pred, scores, classes


def _fit_quietly(pipeline: Pipeline, *data: object) -> float:
    """Fit, hiding convergence warnings (the PM can't act on them); returns the seconds taken."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(*data)
    return time.perf_counter() - started


def _checked_train_rows(problem: Problem, split: Split, y: np.ndarray,
                        max_rows: int | None) -> np.ndarray:
    if len(split.train) == 0:
        raise ProblemSetupError("The training part has no rows, so there is nothing to learn from.",
                                "Split the data again with a larger training share.")
    if problem.is_classification and len(set(y[split.train])) < 2:
        raise ProblemSetupError("The training part holds only one class, so there is nothing to learn.",
                                "Use a stratified split or a larger training share.")
    labels = y if problem.is_classification else None
    return training_sample(split.train, labels, max_rows, split.plan.seed)


def _scores(pipeline: Pipeline, x_test: pd.DataFrame,
            problem: Problem) -> tuple[np.ndarray | None, tuple[str, ...]]:
    if not problem.is_classification:
        return None, ()
    classes = tuple(str(c) for c in pipeline.classes_)
    proba = pipeline.predict_proba(x_test)
    if problem.task == "binary":
        return proba[:, classes.index(problem.positive_label)], classes
    return proba, classes


def _score(problem: Problem, y_true: np.ndarray, y_pred: np.ndarray) -> float:
    if problem.task == "binary":
        return float(f1_score(y_true, y_pred, pos_label=problem.positive_label, zero_division=0))
    if problem.task == "multiclass":
        return float(accuracy_score(y_true, y_pred))
    return float(r2_score(y_true.astype(float), y_pred.astype(float)))


def cv_folds_for(problem: Problem, y: np.ndarray, folds: int, seed: int):
    """Stratified folds for classes (fewer folds when a class is rare), plain folds otherwise.

    ``None`` when even two folds are impossible.
    """
    if folds < 2 or len(y) < 4:
        return None
    if problem.is_classification:
        smallest = int(pd.Series(y).value_counts().min())
        n = min(folds, smallest)
        return StratifiedKFold(n_splits=n, shuffle=True, random_state=seed) if n >= 2 else None
    return KFold(n_splits=min(folds, len(y) // 2), shuffle=True, random_state=seed)


def _cross_validate(pipeline: Pipeline, x: pd.DataFrame, y: np.ndarray, problem: Problem,
                    folds: int, seed: int, report: Progress, name: str,
                    ) -> tuple[np.ndarray | None, tuple[tuple[np.ndarray, np.ndarray], ...]]:
    """The headline score on each fold of the training rows (fit on the others), and each
    fold's held-out answers."""
    splitter = cv_folds_for(problem, y, folds, seed)
    if splitter is None:
        return None, ()
    n = splitter.get_n_splits()
    parts = [(x.iloc[fit], y[fit], x.iloc[check], y[check]) for fit, check in splitter.split(x, y)]
    done = map_folds(partial(_cv_fold, pipeline, problem), parts,  # here, or on a Dask cluster
                     lambda i: report(0.4 + 0.5 * i / n, Step(
                         "cross_validation", {"model": name, "fold": i + 1, "folds": n})))
    return np.array([score for score, _ in done]), tuple(answer for _, answer in done)


def _cv_fold(pipeline: Pipeline, problem: Problem,
             fold: tuple[pd.DataFrame, np.ndarray, pd.DataFrame, np.ndarray]
             ) -> tuple[float, tuple[np.ndarray, np.ndarray]]:
    """One fold: fit on its training part, score and keep the answers on its held-out part."""
    x_fit, y_fit, x_check, y_check = fold
    model = clone(pipeline)
    with one_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        model.fit(x_fit, y_fit)
        predicted = model.predict(x_check)
        chance = _scores(model, x_check, problem)[0] if problem.task == "binary" else None
    return (_score(problem, y_check, predicted),
            (y_check, np.asarray(predicted if chance is None else chance)))


def _train_clustering(dataset: Dataset, problem: Problem, split: Split, key: str,
                      complexity: float | None, settings: dict[str, object],
                      progress: Progress | None, max_rows: int | None) -> TrainedModel:
    """Find groups among the rows; ``y_pred`` is each row's group number."""
    spec = get_spec(key, problem.task)
    report = progress or (lambda share, step: None)
    frame = dataset.frame
    cap = CLUSTER_ROW_CAP.get(key)
    limit = min(x for x in (max_rows, cap) if x is not None) if (max_rows or cap) else None
    rows = training_sample(split.train, None, limit, split.plan.seed)
    value = spec.complexity_default if complexity is None else complexity
    if len(rows) <= int(value):
        raise ProblemSetupError(f"{len(rows)} rows cannot be split into {int(value)} groups.",
                                "Ask for fewer groups, or load more rows.")
    report(0.05, Step("preparing_rows", {"model": spec.name, "rows": len(rows)}))
    x = prepare_features(frame, problem).iloc[rows]
    pipeline = build_pipeline(spec, frame, problem, complexity=value, seed=split.plan.seed,
                              settings=settings)
    report(0.2, Step("looking_for_groups",
                     {"model": spec.name, "groups": int(value), "rows": len(rows)}))
    with one_thread():
        fit_seconds = _fit_quietly(pipeline, x)
        labels = np.asarray(pipeline.named_steps["model"].labels_)
        report(0.8, Step("measuring_separation", {"model": spec.name}))
        silhouette = None
        if 2 <= len(set(labels.tolist())) < len(labels):
            prepared = pipeline[:-1].transform(x)
            silhouette = float(silhouette_score(prepared, labels,
                                                sample_size=min(SILHOUETTE_ROWS, len(labels)),
                                                random_state=split.plan.seed))
    report(1.0, DONE)
    return TrainedModel(
        key=spec.key, name=spec.name, is_baseline=spec.is_baseline, pipeline=pipeline,
        complexity=value, fit_seconds=fit_seconds, y_test=np.array([]), y_pred=labels,
        scores=None, classes=(), split_key=split.key, rows=np.asarray(rows),
        cv_metric="silhouette", trained_on=len(rows), train_available=len(split.train),
        settings=settings, silhouette=silhouette, inputs=tuple(problem.features))
