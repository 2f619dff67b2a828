"""Decision settings (issue 14): each goal's score equals scikit-learn's, at the PM's threshold,
and "clearly better" is judged on the cross-validated spread of that same score."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, fbeta_score, mean_absolute_error

from mlpm.evaluate.leaderboard import compare, cv_spread, leaderboard
from mlpm.evaluate.money import Costs
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train
from mlpm.project.decision import GOALS, DecisionSettings, decision_score


@pytest.mark.parametrize(("metric", "beta"), [("f1", 1.0), ("f2", 2.0), ("f05", 0.5)])
@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.77])
def test_f_scores_equal_sklearn_at_the_threshold(metric: str, beta: float,
                                                 threshold: float) -> None:
    rng = np.random.default_rng(3)
    y = np.where(rng.random(300) < 0.3, "Yes", "No")
    chance = np.clip(rng.normal(np.where(y == "Yes", 0.6, 0.35), 0.2), 0, 1)
    expected = fbeta_score(y == "Yes", chance >= threshold, beta=beta, zero_division=0)
    assert decision_score(metric, y, chance, positive_label="Yes",
                          threshold=threshold) == pytest.approx(expected)


def test_money_accuracy_and_errors_by_hand() -> None:
    y = np.array(["Yes", "No", "Yes", "No", "No"])
    chance = np.array([0.9, 0.8, 0.2, 0.1, 0.4])
    costs = Costs(tp_value=100, fp_cost=10, fn_cost=50, tn_value=0, cases_per_month=500)
    # at 0.5: tp=1, fp=1, fn=1, tn=2 -> (100 - 10 - 50) / 5 cases * 500 a month = 4,000
    assert decision_score("value", y, chance, positive_label="Yes", threshold=0.5,
                          costs=costs) == pytest.approx(4000)
    assert decision_score("accuracy", y, chance, positive_label="Yes",
                          threshold=0.5) == pytest.approx(3 / 5)
    labels = np.array(["a", "b", "c", "a"])
    assert decision_score("accuracy", labels, np.array(["a", "b", "a", "a"])) == \
        pytest.approx(accuracy_score(labels, ["a", "b", "a", "a"]))
    assert decision_score("mae", np.array([1.0, 5.0]), np.array([2.0, 1.0])) == \
        pytest.approx(mean_absolute_error([1.0, 5.0], [2.0, 1.0]))


def test_goals_fall_back_to_the_tasks_own() -> None:
    assert DecisionSettings(goal="catch").metric_for("binary") == "f2"
    assert DecisionSettings(goal="catch").metric_for("regression") == "mae"
    assert DecisionSettings(goal="money").metric_for("binary") == "f1"  # no costs entered yet
    money = DecisionSettings(goal="money", costs=Costs(tp_value=1))
    assert money.metric_for("binary") == "value"
    assert DecisionSettings.from_dict(money.as_dict()) == money
    assert {g.metric for g in GOALS.values()} >= {"f1", "f2", "f05", "value", "mae"}


def test_the_spread_is_the_decision_metric_at_the_threshold(binary_dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    model = train(binary_dataset, problem, split, "logistic", cv_folds=4)
    assert len(model.cv_answers) == 4
    for threshold in (0.3, 0.6):
        settings = DecisionSettings(goal="catch", threshold=threshold)
        folds = [fbeta_score(y == "Yes", np.asarray(a) >= threshold, beta=2, zero_division=0)
                 for y, a in model.cv_answers]
        mean, spread = cv_spread(model, "Yes", settings)
        assert (mean, spread) == pytest.approx((np.mean(folds), np.std(folds)))


def test_verdicts_and_board_follow_the_settings(binary_dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    models = [train(binary_dataset, problem, split, key, cv_folds=4)
              for key in ("majority", "logistic")]
    low, high = DecisionSettings(threshold=0.05), DecisionSettings(threshold=0.5)
    # at 0.05 the baseline (its chance is the base rate) flags everyone: F1 is no longer 0
    board_low, metric = leaderboard(models, "Yes", low)
    base = models[0]
    expected = fbeta_score(base.y_test == "Yes", np.asarray(base.scores) >= 0.05, beta=1)
    assert metric == "f1"
    assert board_low.set_index("key").loc["majority", "score"] == pytest.approx(expected)
    (at_high,) = compare(models, "Yes", high)
    assert at_high.threshold == 0.5
    assert at_high.verdict == "better"
    flagged = np.asarray(models[1].scores) >= 0.5
    truth = models[1].y_test == "Yes"
    assert at_high.caught == round(1000 * int((flagged & truth).sum()) / len(truth))
