"""Curves computed point by point equal scikit-learn's; the validation curve's sweet spot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.metrics import fbeta_score, mean_absolute_error
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.model_selection import validation_curve as sk_validation_curve

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.evaluate.curves import (
    LearningCurveResult,
    ValidationCurveResult,
    assemble,
    learning_curve,
    plan_learning_curve,
    plan_validation_curve,
    sweet_spot,
    validation_curve,
)
from mlpm.explain.curves import compare_sentence, sweet_spot_sentence
from mlpm.explain.progress import step_label
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.progress import Step
from mlpm.project.decision import DecisionSettings


def _setup(dataset: Dataset, target: str) -> tuple:
    features = [c for c in dataset.frame.columns if c != target]
    problem = define_problem(dataset, target, features=features)
    return problem, plan_split(dataset, problem, SplitPlan(seed=7))


def _fbeta_at(beta: float, threshold: float, positive: str):
    """An sklearn scorer: F-beta of the positive class's chance cut at ``threshold``."""
    def score(estimator, x, y) -> float:
        chance = estimator.predict_proba(x)[:, list(estimator.classes_).index(positive)]
        return fbeta_score(np.asarray(y) == positive, chance >= threshold, beta=beta,
                           zero_division=0.0)
    return score


def test_learning_curve_equals_sklearns_with_the_same_folds(binary_dataset: Dataset) -> None:
    problem, split = _setup(binary_dataset, "churned")
    plan = plan_learning_curve(binary_dataset, problem, split, "tree", n_sizes=4, folds=3)
    ours = learning_curve(binary_dataset, problem, split, "tree", n_sizes=4, folds=3)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    # the default decision metric: F1 of "Yes" at threshold 0.5
    sizes, train, val = sk_learning_curve(
        plan.pipeline, plan.x, plan.y, train_sizes=np.linspace(0.1, 1.0, 4), cv=cv,
        scoring=_fbeta_at(1.0, 0.5, "Yes"), shuffle=True, random_state=split.plan.seed)
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
    cv = KFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    # typical error: sklearn's scorer is the negated mean absolute error
    train, val = sk_validation_curve(plan.pipeline, plan.x, plan.y, param_name="model__max_depth",
                                     param_range=[1, 3, 8], cv=cv,
                                     scoring="neg_mean_absolute_error")
    assert_allclose(ours.train_scores, -train)
    assert_allclose(ours.validation_scores, -val)
    assert ours.param_values == values
    assert ours.current == 3.0
    assert ours.metric == "mae"
    assert np.all(ours.validation_scores > 0)  # an error, never negative


def test_catch_goal_at_threshold_0_3_is_f2_of_the_thresholded_chance(
        binary_dataset: Dataset) -> None:
    """Issue 14: the curve scores what Train and Evaluate score, at the PM's operating point."""
    problem, split = _setup(binary_dataset, "churned")
    decision = DecisionSettings(goal="catch", threshold=0.3)
    plan = plan_learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3,
                               decision=decision)
    ours = learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3,
                          decision=decision)
    assert ours.metric == "f2"
    assert ours.threshold == 0.3
    # recompute independently: sklearn's folds, sklearn's shuffle, fbeta_score(beta=2)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    rng = np.random.RandomState(split.plan.seed)
    x, y = plan.x, plan.y
    expected_val = np.zeros((3, 3))
    expected_train = np.zeros((3, 3))
    for f, (train_rows, test_rows) in enumerate(cv.split(x, y)):
        train_rows = rng.permutation(train_rows)
        for i, size in enumerate(ours.train_sizes):
            rows = train_rows[:size]
            model = clone(plan.pipeline).fit(x.iloc[rows], y[rows])
            yes = list(model.classes_).index("Yes")
            for target, part in ((expected_val, test_rows), (expected_train, rows)):
                chance = model.predict_proba(x.iloc[part])[:, yes]
                target[i, f] = fbeta_score(y[part] == "Yes", chance >= 0.3, beta=2)
    assert_allclose(ours.validation_scores, expected_val)
    assert_allclose(ours.train_scores, expected_train)
    # the no-learning baseline in F2 at 0.3: everyone gets the training base rate (about a
    # third, above 0.3), so everyone is flagged
    base = [fbeta_score(y[test] == "Yes", np.full(len(test), np.mean(y[tr] == "Yes") >= 0.3),
                        beta=2) for tr, test in cv.split(x, y)]
    assert ours.baseline_score == pytest.approx(np.mean(base))
    assert ours.baseline_score > 0.5
    # another goal or threshold is another computation: never a stale cached point
    keys = {plan.key,
            plan_learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3,
                                decision=DecisionSettings(goal="catch", threshold=0.5)).key,
            plan_learning_curve(binary_dataset, problem, split, "logistic", n_sizes=3, folds=3,
                                decision=DecisionSettings(goal="precise", threshold=0.3)).key}
    assert len(keys) == 3


def test_regression_curves_in_typical_error_match_mean_absolute_error(
        regression_dataset: Dataset) -> None:
    problem, split = _setup(regression_dataset, "price")
    plan = plan_learning_curve(regression_dataset, problem, split, "linear", n_sizes=2, folds=3)
    ours = learning_curve(regression_dataset, problem, split, "linear", n_sizes=2, folds=3)
    assert ours.metric == "mae"
    cv = KFold(n_splits=3, shuffle=True, random_state=split.plan.seed)
    rng = np.random.RandomState(split.plan.seed)
    for f, (train_rows, test_rows) in enumerate(cv.split(plan.x, plan.y)):
        rows = rng.permutation(train_rows)[: ours.train_sizes[-1]]
        model = clone(plan.pipeline).fit(plan.x.iloc[rows], plan.y[rows])
        assert ours.validation_scores[-1, f] == pytest.approx(
            mean_absolute_error(plan.y[test_rows], model.predict(plan.x.iloc[test_rows])))
    # the baseline learns the average from the same training rows
    base = [mean_absolute_error(plan.y[test], np.full(len(test), plan.y[tr].mean()))
            for tr, test in cv.split(plan.x, plan.y)]
    assert ours.baseline_score == pytest.approx(np.mean(base))
    # a threshold means nothing for numbers: it does not invalidate cached points
    assert plan.key == plan_learning_curve(
        regression_dataset, problem, split, "linear", n_sizes=2, folds=3,
        decision=DecisionSettings(threshold=0.3)).key


def test_points_arrive_smallest_first(binary_dataset: Dataset) -> None:
    problem, split = _setup(binary_dataset, "churned")
    seen: list[LearningCurveResult] = []
    messages: list[tuple[float, Step]] = []
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
    assert messages[0][1] == Step("curve_rows", {"model": "Logistic regression", "number": 1,
                                                 "of": 3, "rows": final.train_sizes[0]})
    assert "training on" in step_label(messages[0][1])
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
    assert result.train_mean[-1] > 0.97  # F1 at 0.5
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
    from mlpm.evaluate.fitting import diagnose

    sizes = np.array([10, 20, 30])
    a = LearningCurveResult("a", "Model A", "accuracy", sizes, np.full((3, 2), 0.9),
                            np.array([[0.7, 0.7], [0.8, 0.8], [0.85, 0.85]]), 0.5)
    b = LearningCurveResult("b", "Model B", "accuracy", sizes, np.full((3, 2), 1.0),
                            np.array([[0.6, 0.6], [0.7, 0.7], [0.75, 0.75]]), 0.5)
    text = compare_sentence(a, diagnose(a), b, diagnose(b))
    assert "Model A does better on new rows by 0.10" in text


def test_sweet_spot_and_comparison_in_typical_error() -> None:
    """Lower is better: the sweet spot is the lowest held-out error, never a negative one."""
    from mlpm.evaluate.fitting import diagnose

    val = np.array([[30_000.0, 30_400], [21_000, 21_200], [24_000, 24_000], [29_000, 29_000]])
    train = np.array([[29_000.0, 29_000], [18_000, 18_000], [9_000, 9_000], [500, 700]])
    result = ValidationCurveResult("m", "M", "mae", "max_depth", "words", (1.0, 3.0, 6.0, 16.0),
                                   train, val, current=16.0, baseline_score=40_000.0)
    spot = sweet_spot(result)
    assert spot.value == 3.0
    sentence = sweet_spot_sentence(result, spot)
    assert sentence.startswith("The sweet spot is max_depth = 3: typical error 21,100 on "
                                "held-out rows (18,000 on training).")
    assert "600 on training but 29,000 on held-out rows: it memorises (overfitting)." in sentence
    assert "would lower the held-out typical error by 7,900" in sentence
    sizes = np.array([10, 20, 30])
    a = LearningCurveResult("a", "Model A", "mae", sizes, np.full((3, 2), 15_000.0),
                            np.full((3, 2), 18_000.0), 40_000.0)
    b = LearningCurveResult("b", "Model B", "mae", sizes, np.full((3, 2), 2_000.0),
                            np.full((3, 2), 25_000.0), 40_000.0)
    text = compare_sentence(a, diagnose(a), b, diagnose(b))
    assert "Model A does better on new rows by 7,000" in text
    assert "gap 3,000" in text
    assert "gap 23,000" in text
