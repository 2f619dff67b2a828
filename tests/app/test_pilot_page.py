"""Capacity & pilot page (issue 17): a capacity becomes the operating point every page reads,
the gain curve and sentences follow it, the pilot is planned and its counts are read."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from app_checks import joined_text, no_exception, open_page
from scipy import stats
from streamlit.testing.v1 import AppTest

from mlpm.data.dataset import Dataset
from mlpm.evaluate.capacity import capacity_threshold
from mlpm.evaluate.metrics import binary_sweep
from mlpm.evaluate.money import Costs
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train, train_rule
from mlpm.ui.state import Journey


def _journey() -> Journey:
    """A small seeded churn table, trained with the library (fast), as the page finds it."""
    rng = np.random.default_rng(3)
    n = 400
    tenure = rng.integers(1, 60, n)
    calls = rng.poisson(2, n)
    frame = pd.DataFrame({"tenure_months": tenure, "support_calls": calls,
                          "plan": rng.choice(["basic", "pro"], n)})
    signal = -0.06 * tenure + 0.5 * calls + rng.normal(0, 1, n)
    frame["churned"] = np.where(signal > 0, "Yes", "No")
    dataset = Dataset(frame, "churn.csv")
    problem = define_problem(dataset, "churned", features=["tenure_months", "support_calls",
                                                           "plan"], positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=1))
    journey = Journey(dataset=dataset, problem=problem, split=split)
    for key in ("majority", "logistic"):
        journey.add_model(train(dataset, problem, split, key))
    journey.add_model(train_rule(dataset, problem, split, "if support_calls >= 3 then Yes"))
    journey.selected_model = "logistic"
    return journey


def test_capacity_sets_the_threshold_and_the_pilot_is_planned_and_read(app: AppTest) -> None:
    journey = _journey()
    journey.costs = Costs(tp_value=200, fp_cost=20, cases_per_month=2000)
    at = open_page(app, journey, "pages/pilot.py")
    text = joined_text(at, "markdown")
    assert "as many as picking the same number at random" in text
    assert "Pilot:" in text
    assert "cases in each arm" in text
    assert at.session_state["mlpm_journey"].pilot == {}  # looking is not planning
    at.button(key="pilot_to_pack").click().run()
    assert at.session_state["mlpm_journey"].pilot["action_effect"] == 0.25
    assert "It goes into the meeting pack" in joined_text(at, "caption")

    at.radio(key="capacity_unit").set_value("month").run()
    at.number_input(key="capacity_n").set_value(200).run()
    no_exception(at)
    journey = at.session_state["mlpm_journey"]
    # The capacity is the operating point: the top 10% of the ranking, never more.
    scores = journey.models["logistic"].scores
    assert journey.decision.capacity == 200
    sweep = binary_sweep(journey.models["logistic"], "Yes")
    assert journey.threshold == capacity_threshold(sweep, 0.1)
    assert np.mean(scores >= journey.threshold) <= 0.1
    text = joined_text(at, "markdown")
    assert "A team that can act on 200 a month" in text
    assert "Value stops growing" in text or "Value keeps growing" in text

    # The pilot: a smallest drop worth having sets the size; saved with the journey.
    at.number_input(key="pilot_min").set_value(2.0).run()
    assert journey.pilot["min_effect"] == pytest.approx(0.02)
    assert "To see a drop of 2.0 points" in joined_text(at, "markdown")

    # After the pilot: the verdict is scipy's chi-squared test at 5%.
    for key, value in (("after_cc", 1500), ("after_ce", 300), ("after_mc", 1500),
                       ("after_me", 240)):
        at.number_input(key=key).set_value(value)
    at.run()
    _, p, _, _ = stats.chi2_contingency([[300, 1200], [240, 1260]], correction=False)
    assert p < 0.05
    assert "the difference is real" in joined_text(at, "success", "warning")
    assert f"p = {p:.3f}" in joined_text(at, "success", "warning")

    # Evaluate reads the same operating point.
    at.switch_page("pages/evaluate.py").run()
    no_exception(at)
    assert at.slider(key="threshold").value == pytest.approx(journey.threshold)


def test_money_saying_almost_everyone_is_said_plainly(app: AppTest) -> None:
    journey = _journey()
    journey.costs = Costs(tp_value=500, fp_cost=1, cases_per_month=2000)
    at = open_page(app, journey, "pages/pilot.py")
    # The best threshold is very low (0.08) and flags two cases in three.
    assert "money says act on most cases: its best threshold, 0.08" in joined_text(at, "warning")
    at.number_input(key="capacity_n").set_value(30).run()  # a week: the team is compared
    text = joined_text(at, "markdown")
    assert "lets a team of 130 a month (about 30 a week) capture" in text


def test_train_says_the_threshold_comes_from_the_capacity(app: AppTest) -> None:
    journey = _journey()
    at = open_page(app, journey, "pages/pilot.py")
    at.radio(key="capacity_unit").set_value("month").run()
    at.number_input(key="capacity_n").set_value(150).run()
    at.switch_page("pages/train.py").run()
    no_exception(at)
    assert "set by your team's capacity of 150 cases a month" in joined_text(at, "caption")
