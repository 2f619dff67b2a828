"""The PM's if-then rule: parsed from plain text, refused with a clear message when it cannot be
read, and scored exactly like a model on the same test rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.evaluate.metrics import binary_sweep, classification_report
from mlpm.model.problem import define_problem
from mlpm.model.rules import RuleError, RuleModel, parse_rule
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train


@pytest.fixture
def subscribers() -> Dataset:
    """120 rows; churn is likelier on monthly contracts with short tenure."""
    rng = np.random.default_rng(4)
    n = 120
    contract = rng.choice(["Month-to-month", "One year", "Two year"], n)
    tenure = rng.integers(0, 60, n).astype(float)
    tenure[:5] = np.nan
    signup = pd.Timestamp("2026-01-01") - pd.to_timedelta(np.nan_to_num(tenure) * 30, unit="D")
    risk = (contract == "Month-to-month") * 0.5 + (np.nan_to_num(tenure) < 12) * 0.3
    churned = np.where(rng.random(n) < risk, "Yes", "No")
    frame = pd.DataFrame({"contract": contract, "tenure_months": tenure,
                          "signup_date": signup.strftime("%Y-%m-%d"),
                          "plan name": rng.choice(["Basic, old", "Premium"], n),
                          "spend": rng.normal(50, 10, n).round(2), "churned": churned})
    return Dataset(frame, "subscribers.csv")


def _apply(text: str, dataset: Dataset, target: str = "churned") -> np.ndarray:
    problem = define_problem(dataset, target)
    rule = parse_rule(text, dataset.frame, problem)
    model = RuleModel(rule=rule).fit(dataset.frame[list(rule.columns)], dataset.frame[target])
    return model.predict(dataset.frame[list(rule.columns)])


@pytest.mark.parametrize("text", [
    "if contract = Month-to-month and tenure_months < 12 then Yes",
    "if contract is month-to-month and tenure_months is below 12 then churned = Yes",
    "contract == 'Month-to-month' and tenure_months < 12",  # no 'if', no 'then': flags Yes
    "if contract = Month-to-month and tenure_months under 12 then churn",
    "IF contract = Month-to-month AND tenure_months < 12 THEN yes otherwise no",
])
def test_one_rule_many_spellings(subscribers: Dataset, text: str) -> None:
    frame = subscribers.frame
    expected = np.where((frame["contract"] == "Month-to-month")
                        & (frame["tenure_months"] < 12), "Yes", "No")
    np.testing.assert_array_equal(_apply(text, subscribers), expected)


def test_clauses_in_order_with_or_in_and_quotes(subscribers: Dataset) -> None:
    text = ("if contract in (One year, Two year) then No\n"
            "if tenure_months >= 24 or `plan name` = \"Basic, old\" then No; "
            "otherwise Yes")
    frame = subscribers.frame
    keep = frame["contract"].isin(["One year", "Two year"]) | (frame["tenure_months"] >= 24) \
        | (frame["plan name"] == "Basic, old")
    np.testing.assert_array_equal(_apply(text, subscribers), np.where(keep, "No", "Yes"))
    text = "if contract not in (One year) and tenure_months is at most 3 then Yes"
    flagged = (frame["contract"] != "One year") & (frame["tenure_months"] <= 3)
    np.testing.assert_array_equal(_apply(text, subscribers), np.where(flagged, "Yes", "No"))


def test_missing_values_never_satisfy_a_comparison(subscribers: Dataset) -> None:
    predicted = _apply("if tenure_months < 1000 then Yes", subscribers)
    assert (predicted[:5] == "No").all()  # tenure is missing on the first five rows
    assert (predicted[5:] == "Yes").all()


def test_dates_compare_as_dates(subscribers: Dataset) -> None:
    predicted = _apply("if signup_date > 2025-06-30 then Yes", subscribers)
    dates = pd.to_datetime(subscribers.frame["signup_date"])
    np.testing.assert_array_equal(predicted, np.where(dates > "2025-06-30", "Yes", "No"))


def test_fallback_is_learnt_from_training_rows_when_clauses_mix(subscribers: Dataset) -> None:
    problem = define_problem(subscribers, "churned")
    rule = parse_rule("if tenure_months < 3 then Yes\nif tenure_months > 50 then No",
                      subscribers.frame, problem)
    assert rule.otherwise is None
    y = np.array(["No"] * 10 + ["Yes"] * 3)
    model = RuleModel(rule=rule).fit(subscribers.frame.iloc[:13][["tenure_months"]], y)
    assert model.default_ == "No"


def test_regression_rule_with_amounts(subscribers: Dataset) -> None:
    text = "if contract = Two year then 70k\nif tenure_months > 30 then 60.5 otherwise 45"
    predicted = _apply(text, subscribers, target="spend")
    frame = subscribers.frame
    expected = np.where(frame["contract"] == "Two year", 70_000.0,
                        np.where(frame["tenure_months"] > 30, 60.5, 45.0))
    np.testing.assert_allclose(predicted, expected)


BAD_RULES = [
    ("", "The rule is empty.", "e.g."),
    ("if tenure < 6 then Yes", "no column 'tenure'", "tenure_months"),
    ("if contract monthly then Yes", "could not find a comparison after 'contract'", "="),
    ("if contract < 3 then Yes", "holds text", "contract ="),
    ("if tenure_months < six then Yes", "holds numbers", "tenure_months <"),
    ("if contract = monthly then Yes", "has no value 'monthly'", "Month-to-month"),
    ("if churned = Yes then Yes", "the answer itself", "before the outcome"),
    ("if tenure_months < 6 then maybe", "'maybe' is not a value of 'churned'", "No, Yes"),
    ("if contract = \"One year then No", "quote", "quotes"),
    ("if then Yes", "no condition", "For example"),
    ("otherwise Yes", "no 'if' part", "condition"),
    ("if signup_date > soon then Yes", "is not a date", "2025-06-30"),
]


@pytest.mark.parametrize(("text", "message", "hint"), BAD_RULES,
                         ids=[m for _, m, _ in BAD_RULES])
def test_bad_rules_are_refused_with_a_clear_message(subscribers: Dataset, text: str,
                                                    message: str, hint: str) -> None:
    problem = define_problem(subscribers, "churned")
    with pytest.raises(RuleError) as info:
        parse_rule(text, subscribers.frame, problem)
    assert message in info.value.message
    assert hint in info.value.hint


def test_other_tasks_refuse_rules_without_an_answer(subscribers: Dataset) -> None:
    spend = define_problem(subscribers, "spend")
    with pytest.raises(RuleError, match="not a number"):
        parse_rule("if tenure_months < 6 then high", subscribers.frame, spend)
    contract = define_problem(subscribers, "contract")
    with pytest.raises(RuleError, match="does not say which value"):
        parse_rule("if tenure_months < 6", subscribers.frame, contract)
    groups = define_problem(subscribers, None)
    with pytest.raises(RuleError, match="clustering has none"):
        parse_rule("if tenure_months < 6 then Yes", subscribers.frame, groups)


def test_rule_is_scored_like_a_model_on_the_same_test_rows(subscribers: Dataset) -> None:
    problem = define_problem(subscribers, "churned")
    split = plan_split(subscribers, problem, SplitPlan(test_size=0.25, seed=3))
    text = "if contract = Month-to-month and tenure_months < 12 then Yes"
    rule = train(subscribers, problem, split, "rule", rule=text, cv_folds=4)
    baseline = train(subscribers, problem, split, "majority")
    assert rule.is_rule
    assert not rule.is_baseline
    assert rule.key == "rule"
    assert rule.kind == "rule"
    assert rule.split_key == baseline.split_key == split.key
    np.testing.assert_array_equal(rule.rows, baseline.rows)
    np.testing.assert_array_equal(rule.y_test, baseline.y_test)
    assert rule.classes == problem.classes
    frame = subscribers.frame.iloc[split.test]
    fires = ((frame["contract"] == "Month-to-month") & (frame["tenure_months"] < 12)).to_numpy()
    np.testing.assert_array_equal(rule.y_pred, np.where(fires, "Yes", "No"))
    np.testing.assert_array_equal(rule.scores, fires.astype(float))  # 1.0 / 0.0
    assert rule.inputs == ("contract", "tenure_months")
    assert rule.params()["text"] == text
    assert rule.cv_scores is not None
    assert len(rule.cv_scores) == 4
    confusion = binary_sweep(rule, "Yes").at(0.5)
    assert confusion.tp + confusion.fp == int(fires.sum())
    _, metrics = classification_report(rule, positive_label="Yes")
    assert 0 <= metrics["f1"] <= 1


def test_multiclass_rule_scores_are_one_hot(subscribers: Dataset) -> None:
    problem = define_problem(subscribers, "contract")
    split = plan_split(subscribers, problem, SplitPlan(seed=1))
    model = train(subscribers, problem, split, "rule",
                  rule="if tenure_months > 40 then Two year\nif spend > 55 then One year")
    assert model.scores.shape == (len(split.test), 3)
    np.testing.assert_allclose(model.scores.sum(axis=1), 1.0)
    assert set(model.y_pred) <= set(problem.classes)
