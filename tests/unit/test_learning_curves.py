"""Learning curves: shapes, training rows only, and the over/underfitting verdict."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.model_selection import learning_curve as sklearn_learning_curve

from mlpm.data.dataset import Dataset
from mlpm.evaluate.curves import LearningCurveResult, learning_curve, plan_learning_curve
from mlpm.evaluate.fitting import diagnose
from mlpm.explain.curves import diagnosis_sentence
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split


def _curve(dataset: Dataset, target: str, model: str, **kwargs: object) -> LearningCurveResult:
    # Every column is a feature: the planted signal is so clean that the default feature
    # choice would set it aside as a leakage suspect.
    features = [c for c in dataset.frame.columns if c != target]
    problem = define_problem(dataset, target, features=features)
    split = plan_split(dataset, problem, SplitPlan(seed=0))
    return learning_curve(dataset, problem, split, model, **kwargs)


def test_shapes_and_sizes(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.25, seed=0))
    result = learning_curve(binary_dataset, problem, split, "tree", n_sizes=3, folds=3)
    assert result.train_scores.shape == (3, 3)
    assert result.validation_scores.shape == (3, 3)
    assert result.train_sizes.shape == (3,)
    assert np.all(np.diff(result.train_sizes) > 0)
    n_train = len(split.train)  # 120: the test rows are never part of the curve
    assert n_train * 2 / 3 - 1 <= result.train_sizes[-1] <= n_train * 2 / 3 + 1
    # The decision metric (issue 14): F1 of "Yes" at the default threshold 0.5. The baseline
    # gives everyone the base rate (about a third), below 0.5, so it flags nobody: F1 0.
    assert result.metric == "f1"
    assert result.threshold == 0.5
    assert np.all((result.train_scores >= 0) & (result.train_scores <= 1))
    assert result.baseline_score == pytest.approx(0.0)
    assert result.split_key == split.key
    assert (result.model_key, result.model_name) == ("tree", "Decision tree")
    _check_means_and_points(result)


def test_points_match_sklearns_learning_curve(binary_dataset: Dataset) -> None:
    """Reference: scikit-learn's own learning_curve on the training rows, the same shuffled
    stratified folds and the same unfitted pipeline, scored as F1 of "Yes" at threshold 0.5."""
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.25, seed=0))
    result = learning_curve(binary_dataset, problem, split, "tree", n_sizes=3, folds=3)
    pipeline = plan_learning_curve(binary_dataset, problem, split, "tree", n_sizes=3,
                                   folds=3).pipeline
    rows = binary_dataset.frame.iloc[split.train]
    x = rows[list(problem.features)].astype({"colour": object})
    y = rows["churned"].to_numpy()

    def f1_at_half(model: object, x_part: pd.DataFrame, y_part: np.ndarray) -> float:
        yes = list(model.classes_).index("Yes")
        return f1_score(y_part == "Yes", model.predict_proba(x_part)[:, yes] >= 0.5)

    sizes, train, validation = sklearn_learning_curve(
        pipeline, x, y, train_sizes=result.train_sizes, scoring=f1_at_half,
        cv=StratifiedKFold(3, shuffle=True, random_state=0), shuffle=True, random_state=0)
    np.testing.assert_array_equal(sizes, result.train_sizes)
    np.testing.assert_allclose(result.train_scores, train)
    np.testing.assert_allclose(result.validation_scores, validation)


def _check_means_and_points(result: LearningCurveResult) -> None:
    np.testing.assert_allclose(result.train_mean, result.train_scores.mean(axis=1))
    np.testing.assert_allclose(result.validation_mean, result.validation_scores.mean(axis=1))
    points = result.points()
    assert len(points) == 2 * len(result.train_sizes)
    assert {p["curve"] for p in points} == {"training", "validation"}
    first = points[0]
    assert first == {"train_size": int(result.train_sizes[0]), "curve": "training",
                     "score": pytest.approx(result.train_scores[0].mean()),
                     "spread": pytest.approx(result.train_scores[0].std())}
    json.dumps(points)


def test_validation_rows_join_the_curve(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(test_size=0.2, validation_size=0.2))
    result = learning_curve(regression_dataset, problem, split, "linear", n_sizes=2, folds=4)
    rows = len(split.train) + len(split.validation)  # 128; the 32 test rows stay out
    assert result.train_scores.shape == (2, 4)
    assert result.train_sizes[-1] == pytest.approx(rows * 3 / 4, abs=1)
    assert result.metric == "mae"
    assert result.threshold is None
    # always guessing the average is off by a few units; the planted signal is linear
    assert result.baseline_score > 2.0
    assert result.validation_mean[-1] < 0.25 * result.baseline_score


def test_folds_shrink_to_the_smallest_class() -> None:
    rng = np.random.default_rng(0)
    n = 100
    frame = pd.DataFrame({"x": rng.normal(size=n), "y": ["common"] * 96 + ["rare"] * 4})
    dataset = Dataset(frame, "rare")
    problem = define_problem(dataset, "y")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.2, seed=0))
    n_rare = int((frame["y"].to_numpy()[split.train] == "rare").sum())
    result = learning_curve(dataset, problem, split, "majority", n_sizes=3, folds=5)
    assert n_rare == 3  # stratified: one of the four rare rows went to the test part
    assert result.validation_scores.shape == (3, 3)  # 5 folds asked, only 3 possible


def _noisy_labels(n: int = 160) -> Dataset:
    """Labels that are pure coin flips: nothing to learn."""
    rng = np.random.default_rng(12)
    frame = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n),
                          "y": rng.choice(["Yes", "No"], size=n)})
    return Dataset(frame, "noise")


def _separable(n: int = 160) -> Dataset:
    rng = np.random.default_rng(13)
    a = rng.normal(size=n)
    frame = pd.DataFrame({"a": a, "b": rng.normal(size=n), "y": np.where(a > 0, "Yes", "No")})
    return Dataset(frame, "clean")


def test_deep_tree_on_noisy_labels_overfits() -> None:
    result = _curve(_noisy_labels(), "y", "tree", complexity=16, n_sizes=3, folds=3)
    verdict = diagnose(result)
    assert verdict.verdict == "overfitting"
    assert verdict.train_score == pytest.approx(1.0)
    assert verdict.gap > 0.3
    assert diagnosis_sentence(result, verdict).startswith("Overfitting:")


def test_baseline_model_underfits() -> None:
    result = _curve(_separable(), "y", "majority", n_sizes=3, folds=3)
    verdict = diagnose(result)
    assert verdict.verdict == "underfitting"
    assert verdict.train_score == pytest.approx(result.baseline_score, abs=0.03)
    assert diagnosis_sentence(result, verdict).startswith("Underfitting:")


def test_logistic_on_separable_data_fits_well() -> None:
    result = _curve(_separable(), "y", "logistic", n_sizes=3, folds=3)
    verdict = diagnose(result)
    assert verdict.verdict == "good fit"
    assert verdict.validation_score > 0.9
    assert abs(verdict.gap) <= 0.08


def _synthetic(train: list[list[float]], validation: list[list[float]], *,
               baseline: float = 0.5, metric: str = "accuracy") -> LearningCurveResult:
    train_arr, val_arr = np.array(train, dtype=float), np.array(validation, dtype=float)
    return LearningCurveResult("m", "M", metric, np.arange(1, len(train_arr) + 1) * 10,
                               train_arr, val_arr, baseline)


@pytest.mark.parametrize(
    ("train", "validation", "baseline", "metric", "verdict"),
    [
        pytest.param([[1.0, 1.0], [1.0, 1.0]], [[0.6, 0.62], [0.7, 0.72]], 0.5, "accuracy",
                     "overfitting", id="memorises"),
        pytest.param([[0.52, 0.5], [0.53, 0.51]], [[0.5, 0.5], [0.5, 0.51]], 0.5, "accuracy",
                     "underfitting", id="barely_above_baseline"),
        pytest.param([[0.92, 0.92], [0.91, 0.91]], [[0.88, 0.9], [0.89, 0.89]], 0.9, "accuracy",
                     "underfitting", id="imbalanced_baseline"),
        pytest.param([[0.9, 0.92], [0.9, 0.9]], [[0.85, 0.85], [0.87, 0.89]], 0.5, "accuracy",
                     "good fit", id="close_and_high"),
        # The churn sample's logistic regression: by plain accuracy (baseline 0.74) it read as
        # underfitting; a score that does not reward the common answer agrees with Train.
        pytest.param([[0.79, 0.79], [0.79, 0.79]], [[0.78, 0.78], [0.78, 0.78]], 0.74,
                     "accuracy", "underfitting", id="churn_by_accuracy"),
        pytest.param([[0.70, 0.70], [0.70, 0.70]], [[0.69, 0.69], [0.69, 0.69]], 0.5,
                     "balanced_accuracy", "good fit", id="churn_by_balanced_accuracy"),
        pytest.param([[0.2, 0.1], [0.15, 0.15]], [[0.1, 0.1], [0.12, 0.12]], 0.0, "r2",
                     "underfitting", id="r2_low"),
        pytest.param([[0.8, 0.8], [0.8, 0.8]], [[0.7, 0.74], [0.76, 0.78]], 0.0, "r2",
                     "good fit", id="r2_good"),
        pytest.param([[0.99, 0.99], [0.99, 0.99]], [[0.4, 0.5], [0.6, 0.6]], 0.0, "r2",
                     "overfitting", id="r2_gap"),
        pytest.param([[0.62, 0.60], [0.61, 0.61]], [[0.55, 0.57], [0.58, 0.58]], 0.0, "f2",
                     "good fit", id="f2_close"),
    ],
)
def test_diagnose_synthetic(train: list[list[float]], validation: list[list[float]],
                            baseline: float, metric: str, verdict: str) -> None:
    result = _synthetic(train, validation, baseline=baseline, metric=metric)
    diagnosis = diagnose(result)
    assert diagnosis.verdict == verdict
    assert diagnosis.train_score == pytest.approx(np.mean(train[-1]))
    assert diagnosis.validation_score == pytest.approx(np.mean(validation[-1]))
    assert diagnosis.gap == pytest.approx(np.mean(train[-1]) - np.mean(validation[-1]))
    assert f"{diagnosis.train_score:.2f}" in diagnosis_sentence(result, diagnosis)


@pytest.mark.parametrize(
    ("train", "validation", "verdict"),
    [
        # typical error: always guessing the average is off by 40,000 (the baseline)
        pytest.param([[1_000, 1_200], [1_500, 1_500]], [[30_000, 31_000], [29_000, 29_000]],
                     "overfitting", id="tiny_training_error"),
        pytest.param([[15_000, 15_800], [15_400, 15_400]], [[19_000, 19_000], [18_200, 18_200]],
                     "good fit", id="close_errors"),
        pytest.param([[38_000, 38_000], [37_500, 37_500]], [[39_000, 39_000], [38_500, 38_500]],
                     "underfitting", id="barely_below_the_baseline_error"),
    ],
)
def test_diagnose_reads_typical_error_the_right_way_round(
        train: list[list[float]], validation: list[list[float]], verdict: str) -> None:
    result = _synthetic(train, validation, baseline=40_000.0, metric="mae")
    diagnosis = diagnose(result)
    assert diagnosis.verdict == verdict
    # the gap is how much better training does: a lower error, so validation minus training
    assert diagnosis.gap == pytest.approx(np.mean(validation[-1]) - np.mean(train[-1]))
    assert not re.search(r"-\s?\d", diagnosis_sentence(result, diagnosis))  # never a negative error
    if verdict == "good fit":
        assert ("typical error 15,400 on training vs 18,200 on validation"
                in diagnosis_sentence(result, diagnosis))


def test_a_deep_regression_tree_on_house_prices_overfits() -> None:
    """The house-price sample, typical error: depth 16 memorises the training rows."""
    from mlpm.data.samples import load_sample

    dataset = load_sample("house_prices")
    dataset = Dataset(dataset.frame.sample(n=min(300, dataset.n_rows), random_state=0)
                      .reset_index(drop=True), "houses")
    problem = define_problem(dataset, "price")
    split = plan_split(dataset, problem, SplitPlan(seed=0))
    result = learning_curve(dataset, problem, split, "tree_reg", complexity=16, n_sizes=3,
                            folds=3)
    assert result.metric == "mae"
    diagnosis = diagnose(result)
    assert diagnosis.verdict == "overfitting"
    assert diagnosis.train_score < diagnosis.validation_score  # a lower error on training
    assert diagnosis.gap > 0
    assert diagnosis_sentence(result, diagnosis).startswith("Overfitting: typical error ")


def test_more_data_helps_when_validation_still_rises() -> None:
    result = _synthetic([[0.9, 0.9], [0.9, 0.9]], [[0.8, 0.8], [0.86, 0.86]])
    rising = diagnose(result)
    assert rising.verdict == "good fit"
    assert rising.more_data_helps
    assert "still rising" in diagnosis_sentence(result, rising)
    result = _synthetic([[0.9, 0.9], [0.9, 0.9]], [[0.86, 0.86], [0.86, 0.862]])
    flat = diagnose(result)
    assert not flat.more_data_helps
    assert "unlikely to help" in diagnosis_sentence(result, flat)


def test_diagnose_ignores_failed_folds() -> None:
    result = _synthetic([[np.nan, 1.0], [1.0, np.nan]], [[0.6, np.nan], [0.7, 0.7]])
    diagnosis = diagnose(result)
    assert diagnosis.train_score == 1.0
    assert diagnosis.validation_score == pytest.approx(0.7)
    assert diagnosis.verdict == "overfitting"
