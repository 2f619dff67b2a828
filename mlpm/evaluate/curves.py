"""Learning and validation curves, and where the validation curve peaks (the sweet spot).

Both curves use cross-validation on the training rows only; the test part stays untouched for
the final, honest score. The work is cut into *points* (one training size, or one complexity
setting, across all folds), computed smallest first, so a page can draw each point as it
arrives and cache points one by one. The folds and the shuffling are exactly scikit-learn's
``learning_curve`` / ``validation_curve`` ones, so the numbers match theirs.

Scores are in the PM's decision metric at the operating point (:mod:`mlpm.project.decision`): the same
number Train and Evaluate show (F1/F2/F0.5 of the positive class's chance cut at the threshold,
value per month, accuracy, or typical error). Typical error is lower-is-better and value per
month has no 0–1 scale, so the verdicts read the direction and the scale from the metric
(:func:`direction`, :func:`score_scale`) rather than assuming "higher, between 0 and 1".
The over/underfitting verdict is :mod:`mlpm.evaluate.fitting`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.model.catalogue import ModelSpec, build_pipeline, get_spec, prepare_features
from mlpm.model.problem import Problem, target_labels
from mlpm.model.split import Split
from mlpm.progress import DONE, Progress, Step
from mlpm.project.decision import LOWER_IS_BETTER, DecisionSettings, decision_score
from mlpm.scale.compute import map_folds

# 0–1 scores where 1 is perfect (a gap of 0.08 means the same thing on each)
SHARE_METRICS = ("accuracy", "balanced_accuracy", "f1", "f2", "f05")


def direction(metric: str) -> float:
    """+1 when a higher score is better, -1 when lower is (typical error)."""
    return -1.0 if metric in LOWER_IS_BETTER else 1.0


def best_possible(metric: str) -> float:
    """The score of perfect answers where it does not depend on the data (NaN for money)."""
    return 0.0 if metric == "mae" else (1.0 if metric in SHARE_METRICS or metric == "r2"
                                        else float("nan"))


def score_scale(metric: str, baseline: float, best: float = float("nan")) -> float:
    """What one "whole score" is, so 0–1 rules of thumb (a gap of 0.08) fit every metric.

    1 for 0–1 scores and R²; for typical error and money, the distance from the no-learning
    baseline to perfect answers (the baseline's own error for typical error).
    """
    if metric in SHARE_METRICS or metric == "r2":
        return 1.0
    best = best_possible(metric) if np.isnan(best) else best
    if not np.isfinite(baseline):
        return 1.0
    span = abs(best - baseline) if np.isfinite(best) else 0.0
    return span if span > 1e-12 else max(abs(baseline), 1.0)


def score_format(metric: str, reference: float = 0.0) -> str:
    """A format spec (Python and d3 alike) for scores of ``metric``: 0.72, 15,400, 1.25."""
    if metric in SHARE_METRICS or metric == "r2":
        return ".2f"
    return ",.0f" if abs(reference) >= 100 else ",.2f"


def format_curve_score(metric: str, value: float, reference: float | None = None) -> str:
    """A curve score as every sentence and chart label shows it."""
    if value is None or not np.isfinite(value):
        return "–"
    return format(float(value), score_format(metric, value if reference is None else reference))


Kind = Literal["learning", "validation"]


class _CurveScores:
    """What both kinds of curve read from their (points, folds) score arrays."""

    metric: str
    train_scores: np.ndarray
    validation_scores: np.ndarray
    baseline_score: float
    best_score: float

    @property
    def train_mean(self) -> np.ndarray:
        return _row_means(self.train_scores)

    @property
    def validation_mean(self) -> np.ndarray:
        return _row_means(self.validation_scores)

    @property
    def scale(self) -> float:
        return score_scale(self.metric, self.baseline_score, self.best_score)

    @property
    def reference(self) -> float:
        """A typical magnitude of this curve's scores (picks whole units for money/errors)."""
        return _reference(self)  # type: ignore[arg-type]

    def fmt(self, value: float) -> str:
        """``value`` as the chart and the sentences show it."""
        return format_curve_score(self.metric, value, self.reference)


@dataclass(frozen=True)
class LearningCurveResult(_CurveScores):
    """Train and validation scores of shape (n_sizes, n_folds) against training-set sizes.

    A partial result (drawn while points arrive) has fewer sizes than ``planned_sizes``.
    ``n_rows`` is every row the curve could learn from (train + validation part).
    """

    model_key: str
    model_name: str
    metric: str
    train_sizes: np.ndarray = field(repr=False)
    train_scores: np.ndarray = field(repr=False)
    validation_scores: np.ndarray = field(repr=False)
    baseline_score: float = 0.0
    split_key: str = ""
    n_rows: int = 0
    complexity: float | None = None
    folds: int = 0
    planned_sizes: int = 0
    best_score: float = float("nan")  # perfect answers (NaN: the metric's own, see best_possible)
    threshold: float | None = None  # the operating point the scores were cut at (yes/no)
    decision_key: str = ""  # CurveScoring.key: a curve for other decision settings is stale


    @property
    def complete(self) -> bool:
        return not self.planned_sizes or len(self.train_sizes) >= self.planned_sizes

    @property
    def data_rows(self) -> int:
        """Rows available for training: what "2× the data" is measured against."""
        return int(self.n_rows or (self.train_sizes[-1] if len(self.train_sizes) else 0))

    def points(self) -> list[dict[str, float]]:
        """One row per size and curve, with the spread across folds (for charts and JSON)."""
        rows = []
        for i, size in enumerate(self.train_sizes):
            for curve, scores in (("training", self.train_scores), ("validation", self.validation_scores)):
                rows.append({"train_size": int(size), "curve": curve,
                             "score": float(_row_means(scores[i:i + 1])[0]),
                             "spread": float(_row_spread(scores[i]))})
        return rows


@dataclass(frozen=True)
class ValidationCurveResult(_CurveScores):
    """Train and validation scores of shape (n_settings, n_folds) over the complexity knob.

    ``param_values`` run from the simplest setting to the most flexible one (the catalogue's
    ``complexity_range`` order), whichever way the raw number goes.
    """

    model_key: str
    model_name: str
    metric: str
    param_name: str
    param_words: str
    param_values: tuple[float, ...]
    train_scores: np.ndarray = field(repr=False)
    validation_scores: np.ndarray = field(repr=False)
    current: float | None = None
    baseline_score: float = 0.0
    split_key: str = ""
    planned_values: int = 0
    all_values: tuple[float, ...] = ()  # every planned setting (fixes a chart's axis while drawing)
    best_score: float = float("nan")
    threshold: float | None = None
    decision_key: str = ""


    @property
    def complete(self) -> bool:
        return not self.planned_values or len(self.param_values) >= self.planned_values

    @property
    def sweet_spot(self) -> int:
        """Index of the best validation score; on a near-tie the simpler setting wins.

        "Near" is half the fold-to-fold spread at the best setting (at least 0.002 of a whole
        score), so a difference the folds can't tell apart does not buy extra flexibility.
        Lower-is-better metrics (typical error) are read the right way round.
        """
        means = direction(self.metric) * self.validation_mean
        if not len(means) or np.all(np.isnan(means)):
            return 0
        best = int(np.nanargmax(means))
        spread = float(_row_spread(self.validation_scores[best]))
        tolerance = max(0.002 * self.scale, spread / 2)
        return int(np.flatnonzero(means >= means[best] - tolerance)[0])

    def points(self) -> list[dict[str, object]]:
        rows = []
        for i, value in enumerate(self.param_values):
            for curve, scores in (("training", self.train_scores),
                                  ("validation", self.validation_scores)):
                rows.append({"setting": format_setting(value), "value": float(value),
                             "order": i, "curve": curve,
                             "score": float(_row_means(scores[i:i + 1])[0]),
                             "spread": float(_row_spread(scores[i]))})
        return rows


def _reference(result: LearningCurveResult | ValidationCurveResult) -> float:
    values = np.concatenate([[result.baseline_score, result.best_score],
                             result.train_mean, result.validation_mean])
    values = np.abs(values[np.isfinite(values)])
    return float(values.max()) if len(values) else 0.0


def _row_means(scores: np.ndarray) -> np.ndarray:
    """Mean over folds per row, failed folds (NaN) left out; NaN when every fold failed."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim < 2 or scores.shape[1] == 0:
        return np.full(len(scores), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(scores, axis=1)


def _row_spread(scores: np.ndarray) -> float:
    scores = np.asarray(scores, dtype=float)
    if not np.any(np.isfinite(scores)):
        return float("nan")
    return float(np.nanstd(scores))


def format_setting(value: float) -> str:
    """A complexity value as a PM would type it: 4, 0.01, 100."""
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


# --- scoring: the decision metric at the operating point ------------------------------------

@dataclass(frozen=True)
class CurveScoring:
    """Scores a fitted model in the PM's decision metric, like a scikit-learn scorer.

    Yes/no: the chance of ``positive_label`` (``predict_proba``) cut at ``threshold``, then
    F1/F2/F0.5, accuracy or value per month; several classes: accuracy of ``predict``;
    numbers: typical error (mean absolute error) of ``predict``.
    """

    metric: str
    positive_label: str | None = None
    threshold: float = 0.5
    decision: DecisionSettings = field(default_factory=DecisionSettings, repr=False)

    @classmethod
    def for_problem(cls, problem: Problem, decision: DecisionSettings | None = None
                    ) -> CurveScoring:
        decision = decision or DecisionSettings()
        task = problem.task if problem.task in ("binary", "multiclass", "regression") else (
            "binary" if problem.positive_label is not None else "multiclass")
        metric = decision.metric_for(task)
        positive = problem.positive_label if task == "binary" else None
        return cls(metric, positive, float(decision.threshold), decision)

    @property
    def key(self) -> str:
        """What the numbers depend on (the threshold only for yes/no, costs only for money)."""
        parts = [f"metric={self.metric}"]
        if self.positive_label is not None:
            parts.append(f"positive={self.positive_label}|t={self.threshold:g}")
        if self.metric == "value":
            parts.append("costs=" + ",".join(f"{k}={v}" for k, v in
                                             sorted(self.decision.costs.as_dict().items())))
        return ";".join(parts)

    def answers(self, estimator: object, x: pd.DataFrame) -> np.ndarray:
        if self.positive_label is None:
            return np.asarray(estimator.predict(x))  # type: ignore[attr-defined]
        classes = [str(c) for c in estimator.classes_]  # type: ignore[attr-defined]
        proba = estimator.predict_proba(x)  # type: ignore[attr-defined]
        if self.positive_label not in classes:  # the slice had no positive rows
            return np.zeros(len(x))
        return np.asarray(proba[:, classes.index(self.positive_label)], dtype=float)

    def score(self, y_true: np.ndarray, answers: np.ndarray) -> float:
        return decision_score(self.metric, y_true, answers, positive_label=self.positive_label,
                              threshold=self.threshold, costs=self.decision.costs)

    def __call__(self, estimator: object, x: pd.DataFrame, y: np.ndarray) -> float:
        return self.score(np.asarray(y), self.answers(estimator, x))

    def baseline(self, y_train: np.ndarray, n: int) -> np.ndarray:
        """The no-learning baseline's answers for ``n`` rows, learnt from ``y_train``: the base
        rate as everyone's chance (yes/no), the most common class, or the average."""
        if self.positive_label is not None:
            return np.full(n, float(np.mean(y_train == self.positive_label)))
        if self.metric == "mae":
            return np.full(n, float(np.mean(y_train.astype(float))))
        values, counts = np.unique(y_train.astype(str), return_counts=True)
        return np.full(n, values[int(np.argmax(counts))], dtype=object)

    def perfect(self, y_true: np.ndarray) -> np.ndarray:
        """Answers that are always right (the best score a model could reach)."""
        if self.positive_label is not None:
            return (y_true == self.positive_label).astype(float)
        return y_true


# --- plans: what to fit, cut into points -------------------------------------------------

@dataclass(frozen=True)
class CurvePlan:
    """Everything needed to compute a curve point by point (and to name it in a cache).

    ``steps`` are training sizes (learning curve) or complexity values (validation curve);
    ``folds`` are (train, held-out) positions into ``x``, in scikit-learn's order, already
    shuffled the way ``learning_curve(shuffle=True)`` shuffles them.
    """

    kind: Kind
    spec: ModelSpec
    metric: str
    x: pd.DataFrame = field(repr=False)
    y: np.ndarray = field(repr=False)
    folds: tuple[tuple[np.ndarray, np.ndarray], ...] = field(repr=False)
    steps: tuple[float, ...]
    pipeline: Pipeline = field(repr=False)
    problem: Problem = field(repr=False)
    frame: pd.DataFrame = field(repr=False)
    seed: int
    complexity: float | None
    split_key: str
    baseline_score: float
    settings: tuple[tuple[str, object], ...] = ()  # the model's own settings
    scoring: CurveScoring | None = None  # the decision metric (None: the problem's default)
    best_score: float = float("nan")

    @property
    def scorer(self) -> CurveScoring:
        return self.scoring or CurveScoring.for_problem(self.problem)

    @property
    def key(self) -> str:
        """Identifies the computation: same key, same numbers (the decision metric and the
        operating point included, so a new goal or threshold recomputes the points)."""
        steps = ",".join(format_setting(s) for s in self.steps)
        extra = ",".join(f"{k}={v}" for k, v in self.settings)
        return (f"{self.kind}|{self.split_key}|{self.spec.key}|{self.complexity}|"
                f"{len(self.folds)}|{steps}|{extra}|{self.scorer.key}")

    def __len__(self) -> int:
        return len(self.steps)

    def step(self, i: int) -> Step:
        """Point ``i`` as a progress step (its words: ``mlpm.explain.progress``)."""
        where = {"model": self.spec.name, "number": i + 1, "of": len(self)}
        if self.kind == "learning":
            return Step("curve_rows", {**where, "rows": int(self.steps[i])})
        return Step("curve_setting", {**where, "setting": self.spec.complexity_param,
                                      "value": format_setting(self.steps[i])})

    def point(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores on the training rows and on the held-out rows of every fold, for step ``i``.

        One thread: small fits lose more to OpenMP/BLAS start-up than threads save.
        """
        with threadpool_limits(limits=1):
            return self._point(i)

    def _point(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        template = self.pipeline if self.kind == "learning" else build_pipeline(
            self.spec, self.frame, self.problem, complexity=self.steps[i], seed=self.seed,
            **_settings_kw(self.settings))
        folds = []
        for train, test in self.folds:
            rows = train[: int(self.steps[i])] if self.kind == "learning" else train
            folds.append((self.x.iloc[rows], self.y[rows], self.x.iloc[test], self.y[test]))
        done = map_folds(partial(_curve_fold, template, self.scorer), folds)  # here or Dask
        return (np.array([t for t, _ in done], dtype=float),
                np.array([v for _, v in done], dtype=float))


def _curve_fold(template: Pipeline, scorer: CurveScoring,
                fold: tuple[pd.DataFrame, np.ndarray, pd.DataFrame, np.ndarray]
                ) -> tuple[float, float]:
    """Train and held-out scores of one fold (NaN when the fit fails, as sklearn's
    ``error_score=nan``)."""
    x_fit, y_fit, x_test, y_test = fold
    estimator = clone(template)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            estimator.fit(x_fit, y_fit)
            held_out = scorer(estimator, x_test, y_test)
        except ValueError:  # e.g. one class in a tiny slice
            return float("nan"), float("nan")
        try:
            return scorer(estimator, x_fit, y_fit), held_out
        except ValueError:
            return float("nan"), held_out


def _rows_and_folds(dataset: Dataset, problem: Problem, split: Split, folds: int
                    ) -> tuple[pd.DataFrame, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    if not problem.is_classification and problem.task != "regression":
        raise ProblemSetupError("Learning curves need a target to score against.",
                                "Clustering has no right answer to learn; compare cluster "
                                "quality on the Evaluate page instead.")
    frame = dataset.frame
    rows = np.concatenate([split.train, split.validation]) if len(split.validation) else split.train
    x = prepare_features(frame, problem).iloc[rows]
    y = target_labels(problem, frame[problem.target]).to_numpy()[rows]
    if problem.is_classification:
        smallest = int(np.unique(y, return_counts=True)[1].min())
        cv = StratifiedKFold(n_splits=max(2, min(folds, smallest)), shuffle=True,
                             random_state=split.plan.seed)
    else:
        cv = KFold(n_splits=folds, shuffle=True, random_state=split.plan.seed)
    return x, y, list(cv.split(x, y))


def _settings_kw(settings: tuple[tuple[str, object], ...] | dict[str, object] | None
                 ) -> dict[str, object]:
    """``settings=`` for :func:`build_pipeline` only when there are any."""
    given = dict(settings or {})
    return {"settings": given} if given else {}


def decision_key(problem: Problem, decision: DecisionSettings | None) -> str:
    """What a curve drawn now under ``decision`` would carry as ``decision_key``."""
    return CurveScoring.for_problem(problem, decision).key


def _scoring_parts(problem: Problem, y: np.ndarray,
                   folds: list[tuple[np.ndarray, np.ndarray]] | tuple,
                   decision: DecisionSettings | None) -> tuple[CurveScoring, float, float]:
    """The scorer, the no-learning baseline's score and perfect answers' score."""
    scoring = CurveScoring.for_problem(problem, decision)
    return scoring, _baseline_score(y, scoring, folds), _best_score(y, scoring)


def plan_learning_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                        n_sizes: int = 6, folds: int = 5, complexity: float | None = None,
                        settings: dict[str, object] | None = None,
                        decision: DecisionSettings | None = None) -> CurvePlan:
    """Folds and training sizes (10% to 100% of a fold's training rows), smallest first.

    ``decision`` (goal, threshold, costs) picks the metric the points are scored in.
    """
    spec = get_spec(model_key, problem.task)
    x, y, cv_iter = _rows_and_folds(dataset, problem, split, folds)
    n_max = len(cv_iter[0][0])
    sizes = np.unique(np.clip((np.linspace(0.1, 1.0, n_sizes) * n_max).astype(int), 1, n_max))
    rng = np.random.RandomState(split.plan.seed)  # same stream as sklearn's shuffle=True
    shuffled = tuple((rng.permutation(train), test) for train, test in cv_iter)
    pipeline = build_pipeline(spec, dataset.frame, problem, complexity=complexity,
                              seed=split.plan.seed, **_settings_kw(settings))
    scoring, baseline, best = _scoring_parts(problem, y, cv_iter, decision)
    return CurvePlan("learning", spec, scoring.metric, x, y, shuffled,
                     tuple(float(s) for s in sizes), pipeline, problem, dataset.frame,
                     split.plan.seed, complexity, split.key, baseline,
                     tuple(sorted((settings or {}).items())), scoring, best)


def plan_validation_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                          folds: int = 5, values: tuple[float, ...] | None = None,
                          settings: dict[str, object] | None = None,
                          decision: DecisionSettings | None = None) -> CurvePlan:
    """Folds and the model's complexity settings, simplest first, scored like the learning
    curve (``decision``).

    Raises
    ------
    ProblemSetupError
        When the model has no complexity knob (the no-learning baselines).
    """
    spec = get_spec(model_key, problem.task)
    steps = tuple(float(v) for v in (values or spec.complexity_range))
    if spec.complexity_param == "none" or len(steps) < 2:
        raise ProblemSetupError(f"{spec.name} has no complexity setting to vary.",
                                "Pick a model other than the baseline.")
    x, y, cv_iter = _rows_and_folds(dataset, problem, split, folds)
    pipeline = build_pipeline(spec, dataset.frame, problem, seed=split.plan.seed,
                              **_settings_kw(settings))
    scoring, baseline, best = _scoring_parts(problem, y, cv_iter, decision)
    return CurvePlan("validation", spec, scoring.metric, x, y, tuple(cv_iter), steps, pipeline,
                     problem, dataset.frame, split.plan.seed, None, split.key, baseline,
                     tuple(sorted((settings or {}).items())), scoring, best)


def assemble(plan: CurvePlan, points: list[tuple[np.ndarray, np.ndarray]]
             ) -> LearningCurveResult | ValidationCurveResult:
    """The result made of the first ``len(points)`` steps (a partial curve while drawing)."""
    n = len(points)
    shape = (n, len(plan.folds))
    train = np.array([p[0] for p in points]).reshape(shape)
    val = np.array([p[1] for p in points]).reshape(shape)
    threshold = plan.scorer.threshold if plan.scorer.positive_label is not None else None
    if plan.kind == "learning":
        return LearningCurveResult(
            plan.spec.key, plan.spec.name, plan.metric,
            np.array(plan.steps[:n], dtype=int), train, val, plan.baseline_score, plan.split_key,
            n_rows=len(plan.y), complexity=plan.complexity, folds=len(plan.folds),
            planned_sizes=len(plan), best_score=plan.best_score, threshold=threshold,
            decision_key=plan.scorer.key)
    return ValidationCurveResult(
        plan.spec.key, plan.spec.name, plan.metric, plan.spec.complexity_param,
        plan.spec.complexity_words, plan.steps[:n], train, val, None, plan.baseline_score,
        plan.split_key, planned_values=len(plan), all_values=plan.steps,
        best_score=plan.best_score, threshold=threshold, decision_key=plan.scorer.key)


def run_plan(plan: CurvePlan, *, progress: Progress | None = None,
             on_point: Callable[[LearningCurveResult | ValidationCurveResult], None] | None = None
             ) -> LearningCurveResult | ValidationCurveResult:
    """Compute every point, smallest first, reporting progress and each partial curve."""
    report = progress or (lambda share, step: None)
    points: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(len(plan)):
        report(i / len(plan), plan.step(i))
        points.append(plan.point(i))
        if on_point is not None:
            on_point(assemble(plan, points))
    report(1.0, DONE)
    return assemble(plan, points)


def learning_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                   n_sizes: int = 6, folds: int = 5, complexity: float | None = None,
                   settings: dict[str, object] | None = None,
                   decision: DecisionSettings | None = None, progress: Progress | None = None,
                   on_point: Callable[[LearningCurveResult], None] | None = None
                   ) -> LearningCurveResult:
    """Train on growing shares of the training rows and score on held-out folds."""
    plan = plan_learning_curve(dataset, problem, split, model_key, n_sizes=n_sizes, folds=folds,
                               complexity=complexity, settings=settings, decision=decision)
    result = run_plan(plan, progress=progress, on_point=on_point)
    assert isinstance(result, LearningCurveResult)
    return result


def validation_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                     folds: int = 5, values: tuple[float, ...] | None = None,
                     current: float | None = None, settings: dict[str, object] | None = None,
                     decision: DecisionSettings | None = None,
                     progress: Progress | None = None,
                     on_point: Callable[[ValidationCurveResult], None] | None = None
                     ) -> ValidationCurveResult:
    """Score the model at each complexity setting (simplest first) on held-out folds."""
    plan = plan_validation_curve(dataset, problem, split, model_key, folds=folds, values=values,
                                 settings=settings, decision=decision)
    result = run_plan(plan, progress=progress, on_point=on_point)
    assert isinstance(result, ValidationCurveResult)
    return replace(result, current=current)


def _baseline_score(y: np.ndarray, scoring: CurveScoring,
                    folds: list[tuple[np.ndarray, np.ndarray]] | tuple) -> float:
    """The no-learning baseline on the same folds, in the same metric, at the same threshold.

    It learns from each fold's training rows (the base rate as everyone's chance, the most
    common class, or the average) and is scored on that fold's held-out rows; the mean over
    folds, like a curve point.
    """
    scores = [scoring.score(y[test], scoring.baseline(y[train], len(test)))
              for train, test in folds]
    return float(np.nanmean(scores)) if scores else float("nan")


def _best_score(y: np.ndarray, scoring: CurveScoring) -> float:
    """What always-right answers score on the curve's rows (1 for F-scores, 0 typical error)."""
    if scoring.metric != "value":
        return best_possible(scoring.metric)
    return scoring.score(y, scoring.perfect(y))


# --- the sweet spot -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SweetSpot:
    """Where the validation curve peaks, and how the trained model's own setting compares.

    The sentence for the PM is :func:`mlpm.explain.curves.sweet_spot_sentence`.
    """

    index: int
    value: float
    validation_score: float
    train_score: float
    current: float | None
    current_score: float | None


def sweet_spot(result: ValidationCurveResult) -> SweetSpot:
    """The best complexity setting and the trained model's setting's score, if it was tried."""
    i = result.sweet_spot
    current_score = None
    values = [float(v) for v in result.param_values]
    if result.current is not None and float(result.current) in values:
        current_score = float(result.validation_mean[values.index(float(result.current))])
    return SweetSpot(i, values[i], float(result.validation_mean[i]), float(result.train_mean[i]),
                     result.current, current_score)
