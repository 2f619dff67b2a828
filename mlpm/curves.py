"""Learning and validation curves, and a plain verdict on over- and underfitting.

Both curves use cross-validation on the training rows only; the test part stays untouched for
the final, honest score. The work is cut into *points* (one training size, or one complexity
setting, across all folds), computed smallest first, so a page can draw each point as it
arrives and cache points one by one. The folds, the shuffling and the scorer are exactly
scikit-learn's ``learning_curve`` / ``validation_curve`` ones, so the numbers match theirs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import get_scorer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.models import ModelSpec, build_pipeline, get_spec, prepare_features
from mlpm.problem import Problem, target_labels
from mlpm.split import Split

Progress = Callable[[float, str], None]
SCORE_NAMES = {"accuracy": "accuracy",
               "balanced_accuracy": "balanced accuracy (the average share found of each outcome)",
               "r2": "R² (share of variation explained)"}
SHORT_SCORE_NAMES = {"accuracy": "accuracy", "balanced_accuracy": "balanced accuracy",
                     "r2": "R²"}
SHARE_METRICS = ("accuracy", "balanced_accuracy")  # 0–1 scores with a no-learning baseline
Kind = Literal["learning", "validation"]


@dataclass(frozen=True)
class LearningCurveResult:
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

    @property
    def train_mean(self) -> np.ndarray:
        return self.train_scores.mean(axis=1)

    @property
    def validation_mean(self) -> np.ndarray:
        return self.validation_scores.mean(axis=1)

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
                             "score": float(scores[i].mean()), "spread": float(scores[i].std())})
        return rows


@dataclass(frozen=True)
class ValidationCurveResult:
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

    @property
    def train_mean(self) -> np.ndarray:
        return np.nanmean(self.train_scores, axis=1)

    @property
    def validation_mean(self) -> np.ndarray:
        return np.nanmean(self.validation_scores, axis=1)

    @property
    def complete(self) -> bool:
        return not self.planned_values or len(self.param_values) >= self.planned_values

    @property
    def sweet_spot(self) -> int:
        """Index of the best validation score; on a near-tie the simpler setting wins.

        "Near" is half the fold-to-fold spread at the best setting (at least 0.002), so a
        difference the folds can't tell apart does not buy extra flexibility.
        """
        means = self.validation_mean
        if not len(means) or np.all(np.isnan(means)):
            return 0
        best = int(np.nanargmax(means))
        spread = float(np.nanstd(self.validation_scores[best]))
        tolerance = max(0.002, spread / 2)
        return int(np.flatnonzero(means >= means[best] - tolerance)[0])

    @property
    def sweet_value(self) -> float:
        return float(self.param_values[self.sweet_spot])

    def points(self) -> list[dict[str, object]]:
        rows = []
        for i, value in enumerate(self.param_values):
            for curve, scores in (("training", self.train_scores),
                                  ("validation", self.validation_scores)):
                rows.append({"setting": format_setting(value), "value": float(value),
                             "order": i, "curve": curve, "score": float(np.nanmean(scores[i])),
                             "spread": float(np.nanstd(scores[i]))})
        return rows


def format_setting(value: float) -> str:
    """A complexity value as a PM would type it: 4, 0.01, 100."""
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Diagnosis:
    """The verdict in one word, a sentence for the PM and the numbers behind it."""

    verdict: str  # "overfitting" | "underfitting" | "good fit"
    sentence: str
    train_score: float
    validation_score: float
    gap: float
    more_data_helps: bool


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
    settings: tuple[tuple[str, object], ...] = ()

    @property
    def key(self) -> str:
        """Identifies the computation: same key, same numbers."""
        steps = ",".join(format_setting(s) for s in self.steps)
        extra = ",".join(f"{k}={v}" for k, v in self.settings)
        return (f"{self.kind}|{self.split_key}|{self.spec.key}|{self.complexity}|"
                f"{len(self.folds)}|{steps}|{extra}")

    def __len__(self) -> int:
        return len(self.steps)

    def describe_step(self, i: int) -> str:
        if self.kind == "learning":
            return f"training on {int(self.steps[i]):,} rows ({i + 1} of {len(self)})"
        return (f"{self.spec.complexity_param} = {format_setting(self.steps[i])} "
                f"({i + 1} of {len(self)})")

    def point(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores on the training rows and on the held-out rows of every fold, for step ``i``.

        One thread: small fits lose more to OpenMP/BLAS start-up than threads save.
        """
        with threadpool_limits(limits=1):
            return self._point(i)

    def _point(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        scorer = get_scorer(self.metric)
        train_scores = np.full(len(self.folds), np.nan)
        val_scores = np.full(len(self.folds), np.nan)
        template = self.pipeline if self.kind == "learning" else build_pipeline(
            self.spec, self.frame, self.problem, complexity=self.steps[i], seed=self.seed,
            **_settings_kw(self.settings))
        for f, (train, test) in enumerate(self.folds):
            rows = train[: int(self.steps[i])] if self.kind == "learning" else train
            estimator = clone(template)
            x_fit, y_fit = self.x.iloc[rows], self.y[rows]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.simplefilter("ignore", UserWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    estimator.fit(x_fit, y_fit)
                    val_scores[f] = scorer(estimator, self.x.iloc[test], self.y[test])
                    train_scores[f] = scorer(estimator, x_fit, y_fit)
                except ValueError:  # e.g. one class in a tiny slice: sklearn's error_score=nan
                    pass
        return train_scores, val_scores


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


def _metric(problem: Problem) -> str:
    """Balanced accuracy for classes: plain accuracy rewards always answering the common
    outcome (74% on a churn table where 26% churn), which made useful models read as
    "underfitting" next to a leaderboard that showed them clearly beating the baseline."""
    return "balanced_accuracy" if problem.is_classification else "r2"


def plan_learning_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                        n_sizes: int = 6, folds: int = 5, complexity: float | None = None,
                        settings: dict[str, object] | None = None) -> CurvePlan:
    """Folds and training sizes (10% to 100% of a fold's training rows), smallest first."""
    spec = get_spec(model_key, problem.task)
    x, y, cv_iter = _rows_and_folds(dataset, problem, split, folds)
    n_max = len(cv_iter[0][0])
    sizes = np.unique(np.clip((np.linspace(0.1, 1.0, n_sizes) * n_max).astype(int), 1, n_max))
    rng = np.random.RandomState(split.plan.seed)  # same stream as sklearn's shuffle=True
    shuffled = tuple((rng.permutation(train), test) for train, test in cv_iter)
    pipeline = build_pipeline(spec, dataset.frame, problem, complexity=complexity,
                              seed=split.plan.seed, **_settings_kw(settings))
    return CurvePlan("learning", spec, _metric(problem), x, y, shuffled,
                     tuple(float(s) for s in sizes), pipeline, problem, dataset.frame,
                     split.plan.seed, complexity, split.key, _baseline_score(y, _metric(problem)),
                     tuple(sorted((settings or {}).items())))


def plan_validation_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                          folds: int = 5, values: tuple[float, ...] | None = None,
                          settings: dict[str, object] | None = None) -> CurvePlan:
    """Folds and the model's complexity settings, simplest first.

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
    return CurvePlan("validation", spec, _metric(problem), x, y, tuple(cv_iter), steps, pipeline,
                     problem, dataset.frame, split.plan.seed, None, split.key,
                     _baseline_score(y, _metric(problem)), tuple(sorted((settings or {}).items())))


def assemble(plan: CurvePlan, points: list[tuple[np.ndarray, np.ndarray]]
             ) -> LearningCurveResult | ValidationCurveResult:
    """The result made of the first ``len(points)`` steps (a partial curve while drawing)."""
    n = len(points)
    shape = (n, len(plan.folds))
    train = np.array([p[0] for p in points]).reshape(shape)
    val = np.array([p[1] for p in points]).reshape(shape)
    if plan.kind == "learning":
        return LearningCurveResult(
            plan.spec.key, plan.spec.name, plan.metric,
            np.array(plan.steps[:n], dtype=int), train, val, plan.baseline_score, plan.split_key,
            n_rows=len(plan.y), complexity=plan.complexity, folds=len(plan.folds),
            planned_sizes=len(plan))
    return ValidationCurveResult(
        plan.spec.key, plan.spec.name, plan.metric, plan.spec.complexity_param,
        plan.spec.complexity_words, plan.steps[:n], train, val, None, plan.baseline_score,
        plan.split_key, planned_values=len(plan), all_values=plan.steps)


def run_plan(plan: CurvePlan, *, progress: Progress | None = None,
             on_point: Callable[[LearningCurveResult | ValidationCurveResult], None] | None = None
             ) -> LearningCurveResult | ValidationCurveResult:
    """Compute every point, smallest first, reporting progress and each partial curve."""
    report = progress or (lambda share, text: None)
    points: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(len(plan)):
        report(i / len(plan), f"{plan.spec.name}: {plan.describe_step(i)}")
        points.append(plan.point(i))
        if on_point is not None:
            on_point(assemble(plan, points))
    report(1.0, "Done")
    return assemble(plan, points)


def learning_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                   n_sizes: int = 6, folds: int = 5, complexity: float | None = None,
                   settings: dict[str, object] | None = None, progress: Progress | None = None,
                   on_point: Callable[[LearningCurveResult], None] | None = None
                   ) -> LearningCurveResult:
    """Train on growing shares of the training rows and score on held-out folds."""
    plan = plan_learning_curve(dataset, problem, split, model_key, n_sizes=n_sizes, folds=folds,
                               complexity=complexity, settings=settings)
    result = run_plan(plan, progress=progress, on_point=on_point)
    assert isinstance(result, LearningCurveResult)
    return result


def validation_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                     folds: int = 5, values: tuple[float, ...] | None = None,
                     current: float | None = None, settings: dict[str, object] | None = None,
                     progress: Progress | None = None,
                     on_point: Callable[[ValidationCurveResult], None] | None = None
                     ) -> ValidationCurveResult:
    """Score the model at each complexity setting (simplest first) on held-out folds."""
    plan = plan_validation_curve(dataset, problem, split, model_key, folds=folds, values=values,
                                 settings=settings)
    result = run_plan(plan, progress=progress, on_point=on_point)
    assert isinstance(result, ValidationCurveResult)
    return replace(result, current=current)


def _baseline_score(y: np.ndarray, metric: str) -> float:
    """What always answering the most common outcome scores (0 for R²)."""
    if metric not in SHARE_METRICS:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    if metric == "balanced_accuracy":
        return 1.0 / len(counts)  # finds every row of one outcome, none of the others
    return float(counts.max() / counts.sum())


# --- verdicts --------------------------------------------------------------------------------

def diagnose(result: LearningCurveResult) -> Diagnosis:
    """Overfitting when training beats validation by a wide margin; underfitting when even
    training barely beats the no-learning baseline."""
    train = float(np.nanmean(result.train_scores[-1]))
    val = float(np.nanmean(result.validation_scores[-1]))
    gap = train - val
    val_mean = np.nanmean(result.validation_scores, axis=1)
    rising = len(val_mean) > 1 and float(val_mean[-1] - val_mean[-2]) > 0.005
    trend = _trend_verdict(result)  # the fitted trend, when there are enough sizes
    if trend is not None:
        rising = trend == "yes"
    maybe = trend == "unclear"
    headroom = 1.0 - result.baseline_score if result.metric in SHARE_METRICS else 1.0
    lift = (train - result.baseline_score) / headroom if headroom > 0 else 0.0
    name = SHORT_SCORE_NAMES.get(result.metric, result.metric)
    numbers = f"{train:.2f} {name} on training vs {val:.2f} on validation"
    val_lift = (val - result.baseline_score) / headroom if headroom > 0 else 0.0
    barely = (f" On new rows it barely beats always guessing ({result.baseline_score:.2f})."
              if val_lift < 0.15 else "")
    if gap > 0.08:
        more = " More data is still helping." if rising else ""
        return Diagnosis("overfitting", f"Overfitting: {numbers}. The model memorises training "
                         f"rows; try a simpler setting or more data.{barely}{more}",
                         train, val, gap, rising)
    if lift < 0.25:
        return Diagnosis("underfitting", f"Underfitting: {numbers}, barely better than always "
                         f"guessing ({result.baseline_score:.2f}). Try a more flexible model or "
                         "more informative features.", train, val, gap, rising)
    if rising:
        more = "More data would probably still help: the validation score is still rising."
    elif maybe:
        more = "More data might help a little; the trend is uncertain."
    else:
        more = "More data of the same kind is unlikely to help much."
    return Diagnosis("good fit", f"Good fit: {numbers}, close together. {more}",
                     train, val, gap, rising)


def _trend_verdict(result: LearningCurveResult) -> str | None:
    """"yes" / "no" / "unclear" from the fitted learning-curve trend; None below 3 sizes."""
    from mlpm.extrapolate import MIN_SIZES, more_data_outlook  # extrapolate builds on this module

    if len(result.train_sizes) < MIN_SIZES:
        return None
    verdict = more_data_outlook(result).verdict
    return None if verdict == "unknown" else verdict


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
