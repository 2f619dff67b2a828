"""Learning curves and a plain verdict on over- and underfitting.

The curve is computed with cross-validation on the training rows only; the test part stays
untouched for the final, honest score.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.model_selection import learning_curve as sk_learning_curve

from mlpm.data.dataset import Dataset
from mlpm.models import build_pipeline, get_spec, prepare_features
from mlpm.problem import Problem, target_labels
from mlpm.split import Split

Progress = Callable[[float, str], None]
SCORE_NAMES = {"accuracy": "accuracy", "r2": "R² (share of variation explained)"}


@dataclass(frozen=True)
class LearningCurveResult:
    """Train and validation scores of shape (n_sizes, n_folds) against training-set sizes."""

    model_key: str
    model_name: str
    metric: str
    train_sizes: np.ndarray = field(repr=False)
    train_scores: np.ndarray = field(repr=False)
    validation_scores: np.ndarray = field(repr=False)
    baseline_score: float = 0.0
    split_key: str = ""

    @property
    def train_mean(self) -> np.ndarray:
        return self.train_scores.mean(axis=1)

    @property
    def validation_mean(self) -> np.ndarray:
        return self.validation_scores.mean(axis=1)

    def points(self) -> list[dict[str, float]]:
        """One row per size and curve, with the spread across folds (for charts and JSON)."""
        rows = []
        for i, size in enumerate(self.train_sizes):
            for curve, scores in (("training", self.train_scores), ("validation", self.validation_scores)):
                rows.append({"train_size": int(size), "curve": curve,
                             "score": float(scores[i].mean()), "spread": float(scores[i].std())})
        return rows


@dataclass(frozen=True)
class Diagnosis:
    """The verdict in one word, a sentence for the PM and the numbers behind it."""

    verdict: str  # "overfitting" | "underfitting" | "good fit"
    sentence: str
    train_score: float
    validation_score: float
    gap: float
    more_data_helps: bool


def learning_curve(dataset: Dataset, problem: Problem, split: Split, model_key: str, *,
                   n_sizes: int = 6, folds: int = 5, complexity: float | None = None,
                   progress: Progress | None = None) -> LearningCurveResult:
    """Train on growing shares of the training rows and score on held-out folds."""
    spec = get_spec(model_key, problem.task)
    report = progress or (lambda share, text: None)
    frame = dataset.frame
    rows = np.concatenate([split.train, split.validation]) if len(split.validation) else split.train
    x = prepare_features(frame, problem).iloc[rows]
    y = target_labels(problem, frame[problem.target]).to_numpy()[rows]
    metric = "accuracy" if problem.is_classification else "r2"
    if problem.is_classification:
        smallest = int(np.unique(y, return_counts=True)[1].min())
        cv = StratifiedKFold(n_splits=max(2, min(folds, smallest)), shuffle=True,
                             random_state=split.plan.seed)
    else:
        cv = KFold(n_splits=folds, shuffle=True, random_state=split.plan.seed)
    pipeline = build_pipeline(spec, frame, problem, complexity=complexity, seed=split.plan.seed)
    report(0.05, f"Training {spec.name} on growing slices of {len(rows):,} rows")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        sizes, train_scores, val_scores = sk_learning_curve(
            pipeline, x, y, train_sizes=np.linspace(0.1, 1.0, n_sizes), cv=cv, scoring=metric,
            n_jobs=1, shuffle=True, random_state=split.plan.seed, error_score=np.nan)
    report(1.0, "Done")
    baseline = _baseline_score(y, metric)
    return LearningCurveResult(spec.key, spec.name, metric, sizes, train_scores, val_scores,
                               baseline, split.key)


def _baseline_score(y: np.ndarray, metric: str) -> float:
    if metric == "accuracy":
        _, counts = np.unique(y, return_counts=True)
        return float(counts.max() / counts.sum())
    return 0.0


def diagnose(result: LearningCurveResult) -> Diagnosis:
    """Overfitting when training beats validation by a wide margin; underfitting when even
    training barely beats the no-learning baseline."""
    train = float(np.nanmean(result.train_scores[-1]))
    val = float(np.nanmean(result.validation_scores[-1]))
    gap = train - val
    val_mean = np.nanmean(result.validation_scores, axis=1)
    rising = len(val_mean) > 1 and float(val_mean[-1] - val_mean[-2]) > 0.005
    headroom = 1.0 - result.baseline_score if result.metric == "accuracy" else 1.0
    lift = (train - result.baseline_score) / headroom if headroom > 0 else 0.0
    name = "accuracy" if result.metric == "accuracy" else "R²"
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
    more = ("More data would probably still help: the validation score is still rising."
            if rising else "More data of the same kind is unlikely to help much.")
    return Diagnosis("good fit", f"Good fit: {numbers}, close together. {more}",
                     train, val, gap, rising)
