"""Curves computed point by point equal scikit-learn's; the validation curve's sweet spot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.model_selection import StratifiedKFold
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.model_selection import validation_curve as sk_validation_curve

from mlpm.curves import (
    LearningCurveResult,
    ValidationCurveResult,
    assemble,
    learning_curve,
    plan_learning_curve,
    plan_validation_curve,
    sweet_spot,
    validation_curve,
)
from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.explain.curves import compare_sentence, sweet_spot_sentence
from mlpm.problem import define_problem
from mlpm.split import SplitPlan, plan_split


def _setup(dataset: Dataset, target: str) -> tuple:
    features = [c for c in dataset.frame.columns if c != target]
    problem = define_problem(dataset, target, features=features)
    return problem, plan_split(dataset, problem, SplitPlan(seed=7))


def test_learning_curve_equals_sklearns_with_the_same_folds(binary_dataset: Dataset) -> None:
    problem, split = _setup(binary_dataset, "churned")
    plan = plan_learning_curve(binary_dataset, problem, split, "tree", n_sizes=4, folds=3)
    ours = learning_curve(binary_dataset, problem, split, "tree", n_sizes=4, folds=3)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    sizes, train, val = sk_learning_curve(
        plan.pipeline, plan.x, plan.y, train_sizes=np.linspace(0.1, 1.0, 4), cv=cv,
        scoring="balanced_accuracy", shuffle=True, random_state=split.plan.seed)
    assert_allclose(ours.train_sizes, sizes)
    assert_allclose(ours.train_scores, train)
    assert_allclose(ours.validation_scores, val)
    assert ours.n_rows == len(split.train)
    assert ours.complete


def test_validation_curve_equals_sklearns(regression_dataset: Dataset) -> None:
    problem, split = _setup(regression_dataset, "price")
    values = (1.0, 3.0, 8.0)
    plan = plan_validation_curve(regression_dataset, problem, split, "tree_reg", folds=3,
                                 values=values)
    ours = validation_curve(regression_dataset, problem, split, "tree_reg", folds=3,
                            values=values, current=3.0)
    from sklearn.model_selection import KFold

    cv = KFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    train, val = sk_validation_curve(plan.pipeline, plan.x, plan.y, param_name="model__max_depth",
                                     param_range=[1, 3, 8], cv=cv, scoring="r2")
    assert_allclose(ours.train_scores, train)
    assert_allclose(ours.validation_scores, val)
    assert ours.param_values == values
    assert ours.current == 3.0
    assert ours.metric == "r2"


def test_points_arrive_smallest_first(binary_dataset: Dataset) -> None:
    problem, split = _setup(binary_dataset, "churned")
    seen: list[LearningCurveResult] = []
    messages: list[tuple[float, str]] = []
    final = learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3,
                           on_point=seen.append, progress=lambda s, t: messages.append((s, t)))
    assert [len(r.train_sizes) for r in seen] == [1, 2, 3]
    assert not seen[0].complete
    assert seen[-1].complete
    assert list(seen[0].train_sizes) == [final.train_sizes[0]]
    assert_allclose(seen[-1].validation_scores, final.validation_scores)
    shares = [s for s, _ in messages]
    assert shares == sorted(shares)
    assert shares[-1] == 1.0
    assert "training on" in messages[0][1]
    plan = plan_learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3)
    partial = assemble(plan, [plan.point(0)])
    assert partial.planned_sizes == 3
    assert len(partial.train_sizes) == 1
    assert plan.key != plan_learning_curve(binary_dataset, problem, split, "logistic",
                                           n_sizes=3, folds=3, complexity=0.1).key


def _noise_and_signal(n: int = 200) -> Dataset:
    """``y`` follows ``a`` with 15% of labels flipped: deep trees memorise the flips."""
    rng = np.random.default_rng(5)
    a = rng.normal(size=n)
    y = np.where(a > 0, "Yes", "No")
    flip = rng.random(n) < 0.15
    y[flip] = np.where(y[flip] == "Yes", "No", "Yes")
    return Dataset(pd.DataFrame({"a": a, "b": rng.normal(size=n), "y": y}), "planted")


def test_sweet_spot_on_planted_data() -> None:
    dataset = _noise_and_signal()
    problem, split = _setup(dataset, "y")
    result = validation_curve(dataset, problem, split, "tree", folds=3, values=(1, 2, 4, 16),
                              current=16)
    spot = sweet_spot(result)
    # one question (a > 0) is the real pattern; 16 levels memorise the flipped labels
    assert spot.value <= 2
    assert result.train_mean[-1] > 0.97
    assert result.validation_mean[-1] < spot.validation_score - 0.03
    assert spot.current == 16
    assert spot.current_score == pytest.approx(result.validation_mean[-1])
    sentence = sweet_spot_sentence(result, spot)
    assert sentence.startswith(f"The sweet spot is max_depth = {int(spot.value)}:")
    assert "it memorises (overfitting)" in sentence
    assert "Your trained model uses 16" in sentence


def test_sweet_spot_prefers_the_simpler_setting_on_a_tie() -> None:
    val = np.array([[0.70, 0.70], [0.801, 0.80], [0.802, 0.80], [0.75, 0.75]])
    result = ValidationCurveResult("m", "M", "accuracy", "depth", "words", (1.0, 2.0, 3.0, 4.0),
                                   val + 0.05, val)
    assert result.sweet_spot == 1
    assert sweet_spot(result).value == 2.0


def test_baseline_has_no_validation_curve(binary_dataset: Dataset) -> None:
    problem, split = _setup(binary_dataset, "churned")
    with pytest.raises(ProblemSetupError, match="no complexity setting"):
        plan_validation_curve(binary_dataset, problem, split, "majority")


def test_compare_sentence_names_the_better_model() -> None:
    from mlpm.curves import diagnose

    sizes = np.array([10, 20, 30])
    a = LearningCurveResult("a", "Model A", "accuracy", sizes, np.full((3, 2), 0.9),
                            np.array([[0.7, 0.7], [0.8, 0.8], [0.85, 0.85]]), 0.5)
    b = LearningCurveResult("b", "Model B", "accuracy", sizes, np.full((3, 2), 1.0),
                            np.array([[0.6, 0.6], [0.7, 0.7], [0.75, 0.75]]), 0.5)
    text = compare_sentence(a, diagnose(a), b, diagnose(b))
    assert "Model A does better on new rows by 0.10" in text
