"""Why this case: linear contributions against a hand computation, and the what-if answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.evaluate.contributions import (
    case_inputs,
    explain_case,
    linear_contributions,
    predict_case,
    reference_for,
)
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train


def _trained(dataset: Dataset, target: str, key: str, **problem_options):
    problem = define_problem(dataset, target, **problem_options)
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=0))
    return problem, split, train(dataset, problem, split, key)


def test_logistic_contributions_equal_a_hand_computation(binary_dataset: Dataset) -> None:
    problem, split, model = _trained(binary_dataset, "churned", "logistic")
    reference = reference_for(model, binary_dataset, problem, split)
    frame = binary_dataset.frame
    case_row = int(model.rows[3])
    case = case_inputs(model, binary_dataset, problem, [case_row])
    exact, base = linear_contributions(model, case, reference, "Yes")

    # By hand, from the fitted pieces: weight x (standardised value - training average).
    logistic = model.pipeline.named_steps["model"]
    assert list(logistic.classes_) == ["No", "Yes"]
    weights, intercept = logistic.coef_[0], logistic.intercept_[0]
    numbers = model.pipeline.named_steps["prepare"].named_transformers_["numbers"]
    medians = numbers.named_steps["simpleimputer"].statistics_
    scaler = numbers.named_steps["standardscaler"]
    train_rows = frame.iloc[split.train]
    by_hand = {}
    for i, name in enumerate(("x1", "x2")):
        value = frame[name].iloc[case_row]
        value = medians[i] if pd.isna(value) else value
        filled = train_rows[name].fillna(medians[i])
        standardised_mean = ((filled - scaler.mean_[i]) / scaler.scale_[i]).mean()
        by_hand[name] = weights[i] * ((value - scaler.mean_[i]) / scaler.scale_[i]
                                      - standardised_mean)
    colours = train_rows["colour"].fillna("(missing)")
    categories = sorted(colours.unique())
    mine = frame["colour"].iloc[case_row]
    mine = "(missing)" if pd.isna(mine) else mine
    by_hand["colour"] = sum(weights[2 + j] * ((mine == c) - (colours == c).mean())
                            for j, c in enumerate(categories))
    np.testing.assert_allclose(exact, [by_hand["x1"], by_hand["x2"], by_hand["colour"]],
                               atol=1e-9)
    # The base is the intercept plus the weights at the average training case …
    average = [0.0, 0.0] + [(colours == c).mean() for c in categories]
    standardised_means = [((train_rows[n].fillna(medians[i]) - scaler.mean_[i])
                           / scaler.scale_[i]).mean() for i, n in enumerate(("x1", "x2"))]
    average[:2] = standardised_means
    assert base == pytest.approx(intercept + weights @ np.asarray(average), abs=1e-9)
    # … and base + contributions is the model's own log-odds for the case.
    logit = model.pipeline.decision_function(case)[0]
    assert base + exact.sum() == pytest.approx(logit, abs=1e-9)

    why = explain_case(model, case, reference, positive_label="Yes")
    chance = model.pipeline.predict_proba(case)[0, 1]
    assert why.method == "linear"
    assert why.answer == pytest.approx(chance)
    # Each bar: the chance minus the chance with that push removed.
    removed = 1 / (1 + np.exp(-(logit - exact)))
    np.testing.assert_allclose(why.push, chance - removed, atol=1e-12)


def test_contributions_for_the_other_label_flip_sign(binary_dataset: Dataset) -> None:
    problem, split, model = _trained(binary_dataset, "churned", "logistic")
    reference = reference_for(model, binary_dataset, problem, split)
    case = case_inputs(model, binary_dataset, problem, model.rows[:1])
    yes, base_yes = linear_contributions(model, case, reference, "Yes")
    no, base_no = linear_contributions(model, case, reference, "No")
    np.testing.assert_allclose(no, -yes)
    assert base_no == pytest.approx(-base_yes)


def test_linear_regression_and_compressed_inputs_add_up(regression_dataset: Dataset,
                                                        binary_dataset: Dataset) -> None:
    problem, split, model = _trained(regression_dataset, "price", "linear")
    reference = reference_for(model, regression_dataset, problem, split)
    case = case_inputs(model, regression_dataset, problem, model.rows[:5]).iloc[[4]]
    why = explain_case(model, case, reference)
    assert why.method == "linear"
    assert why.unit == "number"
    assert why.base + why.exact.sum() == pytest.approx(model.pipeline.predict(case)[0])
    # With PCA between preparing and the model, contributions still add up to the log-odds.
    problem, split, model = _trained(binary_dataset, "churned", "logistic", pca_components=2)
    reference = reference_for(model, binary_dataset, problem, split)
    case = case_inputs(model, binary_dataset, problem, model.rows[:1])
    exact, base = linear_contributions(model, case, reference, "Yes")
    assert base + exact.sum() == pytest.approx(model.pipeline.decision_function(case)[0])


def test_other_models_say_what_changes_if_a_feature_were_typical(
        binary_dataset: Dataset) -> None:
    problem, split, model = _trained(binary_dataset, "churned", "tree")
    reference = reference_for(model, binary_dataset, problem, split)
    train_rows = binary_dataset.frame.iloc[split.train]
    assert reference.typical["x1"].iloc[0] == pytest.approx(train_rows["x1"].median())
    assert reference.typical["colour"].iloc[0] == train_rows["colour"].mode()[0]
    case = case_inputs(model, binary_dataset, problem, model.rows[:1])
    why = explain_case(model, case, reference, positive_label="Yes")
    assert why.method == "typical"
    assert why.exact is None
    chance = model.pipeline.predict_proba(case)[0, 1]
    typical_x1 = case.assign(x1=train_rows["x1"].median())
    expected = chance - model.pipeline.predict_proba(typical_x1)[0, 1]
    assert why.push[0] == pytest.approx(expected)
    assert why.frame()["feature"].iloc[0] == why.features[int(np.argmax(np.abs(why.push)))]


def test_what_if_moves_the_chance_and_the_decision(binary_dataset: Dataset) -> None:
    problem, split, model = _trained(binary_dataset, "churned", "logistic")
    case = case_inputs(model, binary_dataset, problem, model.rows[:1])
    low = predict_case(model, case.assign(x1=-2.5), positive_label="Yes", threshold=0.5)
    high = predict_case(model, case.assign(x1=2.5), positive_label="Yes", threshold=0.5)
    assert low.value < 0.5 <= high.value
    assert (low.decision, low.flagged, high.decision, high.flagged) == ("No", False, "Yes", True)
    at = predict_case(model, case.assign(x1=2.5), positive_label="Yes", threshold=0.99)
    assert at.value == high.value
    assert at.decision == ("Yes" if at.value >= 0.99 else "No")
    reference = reference_for(model, binary_dataset, problem, split)
    ranges = {r.name: r for r in reference.ranges}
    assert ranges["colour"].kind == "category"
    assert set(ranges["colour"].choices) == {"red", "green", "blue"}
    assert ranges["x1"].low == pytest.approx(binary_dataset.frame["x1"].iloc[split.train].min())
