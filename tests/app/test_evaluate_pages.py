"""Evaluate and Over/underfitting pages: rows behind a cell, money, fairness, curves.

The journey is built with the library on a small seeded table and put in session state, so
these tests exercise the pages, not training speed.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from app_checks import joined_text, no_exception, open_page
from streamlit.testing.v1 import AppTest

from mlpm.data.dataset import Dataset
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train, train_rule
from mlpm.ui.state import Journey


def _journey(task: str = "binary", *, rule: bool = True) -> Journey:
    rng = np.random.default_rng(3)
    n = 400
    tenure = rng.integers(1, 60, n)
    gender = rng.choice(["Female", "Male"], n)
    calls = rng.poisson(2, n)
    frame = pd.DataFrame({"gender": gender, "tenure_months": tenure, "support_calls": calls,
                          "plan": rng.choice(["basic", "pro"], n)})
    signal = -0.06 * tenure + 0.5 * calls + rng.normal(0, 1, n)
    if task == "binary":
        frame["churned"] = np.where(signal > 0, "Yes", "No")
        target, models = "churned", ["majority", "logistic", "naive_bayes"]  # quick to fit
    else:
        frame["spend"] = 100 + 3 * tenure + 10 * calls + rng.normal(0, 5, n)
        target, models = "spend", ["mean", "linear", "tree_reg"]
    dataset = Dataset(frame, f"{task}.csv")
    features = [c for c in frame.columns if c != target]
    problem = define_problem(dataset, target, features=features, positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=1))
    journey = Journey(dataset=dataset, problem=problem, split=split)
    for key in models:
        journey.add_model(train(dataset, problem, split, key))
    if rule and task == "binary":
        journey.add_model(train_rule(dataset, problem, split, "if support_calls >= 3 then Yes"))
    journey.selected_model = "logistic" if task == "binary" else "linear"
    return journey


def test_binary_page_lists_the_rows_of_a_cell(app: AppTest) -> None:
    journey = _journey()
    at = open_page(app, journey, "pages/evaluate.py")
    assert [m.label for m in at.metric] == ["Accuracy", "Precision", "Recall", "F1 score"]
    markdown = joined_text(at, "markdown")
    assert "Churners caught: predicted Yes, really Yes (true positive, TP)" in markdown
    assert "| **ROC AUC** |" in markdown
    assert "| **Log loss** |" in markdown
    assert at.selectbox(key="eval_cell").value is None
    at.selectbox(key="eval_cell").set_value("fp").run()
    no_exception(at)
    model = journey.models["logistic"]
    false_alarms = int(((model.y_test == "No") & (model.scores >= 0.5)).sum())
    table = at.dataframe[0].value
    assert len(table) == false_alarms
    assert (table["actual churned"] == "No").all()
    assert (table["predicted churned"] == "Yes").all()
    assert f"**{false_alarms:,} test rows**" in joined_text(at, "markdown")
    at.slider(key="threshold").set_value(0.65).run()
    fewer = int(((model.y_test == "No") & (model.scores >= 0.65)).sum())
    assert 0 < fewer < false_alarms
    assert len(at.dataframe[0].value) == fewer
    # The charts follow the slider through their "cut" parameter, not a rebuilt chart.
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    cuts = [p["value"] for s in specs for p in s.get("params", []) if p.get("name") == "cut"]
    assert cuts
    assert set(cuts) == {0.65}


def test_money_finds_the_best_threshold_and_compares_with_the_rule(app: AppTest) -> None:
    journey = _journey()
    at = open_page(app, journey, "pages/evaluate.py")
    assert "Enter at least one value or cost" in joined_text(at, "info")
    at.number_input(key="money_tp").set_value(120.0).run()
    at.number_input(key="money_fp").set_value(15.0).run()
    at.number_input(key="money_cases").set_value(2000.0).run()
    no_exception(at)
    costs = journey.costs
    assert (costs.tp_value, costs.fp_cost, costs.cases_per_month) == (120.0, 15.0, 2000.0)
    labels = [m.label for m in at.metric]
    assert labels[4:] == ["Worth per month vs doing nothing", "Most valuable threshold",
                          "Worth per month vs your rule"]
    headline = joined_text(at, "success", "warning")
    assert "At threshold 0.50 Logistic regression is worth about €" in headline
    assert "than your rule" in headline
    best = float(at.metric[5].value)
    at.button(key="money_best").click().run()
    no_exception(at)
    assert journey.threshold == pytest.approx(best)
    assert at.slider(key="threshold").value == pytest.approx(best)
    assert "Your threshold is already there." in joined_text(at, "markdown")


def test_fairness_by_gender(app: AppTest) -> None:
    journey = _journey()
    at = open_page(app, journey, "pages/evaluate.py")
    assert at.selectbox(key="fair_column").options[0] == "gender"
    at.selectbox(key="fair_column").set_value("gender").run()
    no_exception(at)
    verdict = joined_text(at, "success", "warning")
    assert "gender = " in verdict
    table = at.dataframe[-1].value
    assert set(table.index) == {"Female", "Male"}
    assert journey.fairness_column == "gender"


def test_fairness_starts_on_the_first_column_about_people(app: AppTest) -> None:
    """Issue 15: a telco-like 0/1 ``female`` column (no word like gender in its name) is
    pre-selected; once the PM picks another column, that choice stays."""
    rng = np.random.default_rng(4)
    n = 400
    frame = pd.DataFrame({"plan": rng.choice(["basic", "pro"], n),
                          "tenure_months": rng.integers(1, 60, n),
                          "female": rng.integers(0, 2, n), "support_calls": rng.poisson(2, n)})
    signal = -0.06 * frame["tenure_months"] + 0.5 * frame["support_calls"] + rng.normal(0, 1, n)
    frame["churned"] = np.where(signal > 0, "Yes", "No")
    dataset = Dataset(frame, "telco.csv")
    problem = define_problem(dataset, "churned", features=["plan", "tenure_months",
                                                           "support_calls"], positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=1))
    journey = Journey(dataset=dataset, problem=problem, split=split)
    journey.add_model(train(dataset, problem, split, "logistic"))
    journey.selected_model = "logistic"
    at = open_page(app, journey, "pages/evaluate.py")
    assert at.selectbox(key="fair_column").value == "female"
    assert journey.fairness_column == "female"
    assert "female = " in joined_text(at, "success", "warning")
    at.selectbox(key="fair_column").set_value("plan").run()
    no_exception(at)
    assert journey.fairness_column == "plan"
    at.run()
    assert at.selectbox(key="fair_column").value == "plan"


def test_regression_page_shows_errors_in_units(app: AppTest) -> None:
    at = open_page(app, _journey("regression"), "pages/evaluate.py")
    assert [m.label for m in at.metric] == ["Average error (MAE)", "Typical error (RMSE)", "R²"]
    markdown = joined_text(at, "markdown")
    assert "| **Average % error (MAPE)** |" in markdown
    assert "Half of the predictions of spend are within" in markdown
    worst = at.dataframe[0].value
    assert len(worst) == 50
    assert worst["error"].abs().is_monotonic_decreasing


def test_fitting_page_draws_two_models_and_says_whether_more_data_helps(app: AppTest) -> None:
    journey = _journey(rule=False)
    at = open_page(app, journey, "pages/fitting.py")
    assert at.selectbox(key="curve_model").value == "logistic"
    at.selectbox(key="curve_compare").set_value("naive_bayes").run()
    at.button(key="curve").click().run()
    no_exception(at)
    assert set(journey.curves) == {"logistic", "naive_bayes"}
    assert set(journey.validation_curves) == {"logistic", "naive_bayes"}
    assert journey.curve is journey.curves["logistic"]
    alerts = joined_text(at, "success", "warning")
    assert alerts.count("on training vs") == 2
    # Both curves have levelled off: the last step adds under 0.02 of held-out F1, so the
    # outlook for more rows of the same kind is "probably not", for each model.
    info = joined_text(at, "info")
    for key, curve in journey.curves.items():
        assert abs(curve.validation_mean[-1] - curve.validation_mean[-2]) < 0.02, key
        assert (f"against {curve.validation_mean[-1]:.2f} on the learning curve today"
                in info), key
    assert info.count("Probably not:") == 2
    assert "Probably yes" not in info
    assert "Maybe a little" not in info
    markdown = joined_text(at, "markdown")
    for key, param in (("logistic", "C"), ("naive_bayes", "var_smoothing")):
        valid = journey.validation_curves[key]
        i = valid.sweet_spot
        assert (f"The sweet spot is {param} = {valid.param_values[i]:g}: "
                f"{valid.validation_mean[i]:.2f} F1 on held-out rows") in markdown
    # Held-out F1 at the last point within 0.01: "about as good", and the one whose training
    # and held-out scores are closer memorises less.
    last = {k: (c.train_scores[-1].mean(), c.validation_scores[-1].mean())
            for k, c in journey.curves.items()}
    assert abs(last["logistic"][1] - last["naive_bayes"][1]) < 0.01
    closer = min(last, key=lambda k: last[k][0] - last[k][1])
    assert (f"On held-out rows they are about as good; {journey.curves[closer].model_name} "
            "memorises less") in markdown
    assert "does better on new rows" not in markdown
    assert len(at.get("vega_lite_chart")) == 6  # learning, more data, validation: two each


def test_fitting_page_scores_in_the_goal_and_redraws_when_it_changes(app: AppTest) -> None:
    """Issue 14: the curves show the decision metric at the operating point; a new goal or
    threshold makes the drawn curves out of date instead of showing stale points."""
    from mlpm.project.decision import DecisionSettings

    journey = _journey(rule=False)
    journey.decision = DecisionSettings(goal="catch", threshold=0.3)
    at = open_page(app, journey, "pages/fitting.py")
    at.button(key="curve").click().run()
    no_exception(at)
    assert (journey.curve.metric, journey.curve.threshold) == ("f2", 0.3)
    assert " F2 on training vs " in joined_text(at, "success", "warning")
    assert "The score is F2 at your threshold" in joined_text(at, "caption")
    journey.decision = DecisionSettings(goal="precise", threshold=0.3)
    at.run()
    no_exception(at)
    assert journey.curve_stale
    assert "scored for another goal or threshold" in joined_text(at, "warning")
    assert "Press **Draw the curves**" in joined_text(at, "info")
    at.button(key="curve").click().run()
    assert (journey.curve.metric, journey.curve.threshold) == ("f05", 0.3)
    assert not journey.curve_stale


def test_fitting_page_speaks_typical_error_for_numbers(app: AppTest) -> None:
    journey = _journey("regression")
    at = open_page(app, journey, "pages/fitting.py")
    at.button(key="curve").click().run()
    no_exception(at)
    assert journey.curve.metric == "mae"
    verdict = joined_text(at, "success", "warning")
    assert "typical error " in verdict
    assert " on training vs " in verdict
    assert not re.search(r"-\s?\d", verdict + joined_text(at, "info"))  # never a negative error


def test_clustering_page_describes_the_groups(app: AppTest) -> None:
    from mlpm.data.samples import load_sample

    dataset = load_sample("customer_segments")
    problem = define_problem(dataset, None)
    split = plan_split(dataset, problem, SplitPlan(seed=1))
    journey = Journey(dataset=dataset, problem=problem, split=split)
    journey.add_model(train(dataset, problem, split, "kmeans", complexity=3))
    at = open_page(app, journey, "pages/evaluate.py")
    assert [m.label for m in at.metric] == ["Groups", "Rows grouped", "Silhouette"]
    assert at.metric[0].value == "3"
    markdown = joined_text(at, "markdown")
    assert "Silhouette " in markdown
    # Reference: the groups' sizes and one column's means by hand from the rows and labels.
    model = journey.models["kmeans"]
    labels = model.y_pred.astype(int)
    sizes = np.bincount(labels)
    assert markdown.count("- Group ") == len(sizes) == 3
    for group, size in enumerate(sizes):
        assert f"- Group {group} ({size} rows, {size / len(labels):.0%})" in markdown
    for column in ("avg_basket", "annual_spend"):
        values = dataset.frame[column].iloc[model.rows].to_numpy()
        assert (f"{column} ({values[labels == 0].mean():,.0f} vs {values.mean():,.0f} on "
                "average)") in markdown
    assert len(at.get("vega_lite_chart")) == 2
    at.switch_page("pages/fitting.py").run()
    no_exception(at)
    assert "Clustering has no right answer" in joined_text(at, "info")


def test_models_for_another_question_are_not_shown(app: AppTest) -> None:
    journey = _journey(rule=False)
    features = ["gender", "plan", "churned", "support_calls"]
    journey.problem = define_problem(journey.dataset, "tenure_months", task="regression",
                                     features=features)
    at = open_page(app, journey, "pages/evaluate.py")
    assert "answers a different question" in joined_text(at, "info")
    assert "out of date" in joined_text(at, "warning")
