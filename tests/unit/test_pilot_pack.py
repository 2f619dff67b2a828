"""The pack's "Who to act on first" and "Pilot plan" items and the brief's pilot section
(issue 17): present only once planned, with the numbers of an independent computation
(sklearn's recall at the operating point, statsmodels' power analysis)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from sklearn.metrics import recall_score
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from mlpm.data.dataset import Dataset
from mlpm.evaluate.capacity import with_capacity
from mlpm.evaluate.metrics import binary_sweep
from mlpm.evaluate.money import Costs
from mlpm.evaluate.pilot import PilotInputs
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train
from mlpm.present.export.deck import build_deck
from mlpm.present.export.report import build_report
from mlpm.present.fit_brief import brief_markdown
from mlpm.present.fit_brief_html import brief_html
from mlpm.present.pack import available_items, build_pack
from mlpm.present.rollout import pilot_item
from mlpm.project.analysis import Analysis
from mlpm.project.decision import DecisionSettings
from mlpm.project.results import Results


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    rng = np.random.default_rng(7)
    n = 500
    tenure = rng.integers(1, 60, n)
    calls = rng.poisson(2, n)
    frame = pd.DataFrame({"tenure": tenure, "calls": calls})
    frame["churned"] = np.where(-0.05 * tenure + 0.5 * calls + rng.normal(0, 1, n) > 0,
                                "Yes", "No")
    dataset = Dataset(frame, "subs.csv")
    problem = define_problem(dataset, "churned", features=["tenure", "calls"],
                             positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=2))
    models = {k: train(dataset, problem, split, k) for k in ("majority", "logistic")}
    settings = DecisionSettings(costs=Costs(tp_value=80, fp_cost=10, cases_per_month=3000))
    settings = with_capacity(settings, 600, binary_sweep(models["logistic"], "Yes"))
    return Analysis(dataset=dataset, problem=problem, split=split, models=models,
                    selected_model="logistic", decision=settings,
                    pilot=PilotInputs(action_effect=0.3, min_effect=0.03))


def test_the_pilot_slide_has_the_independent_sample_size(analysis: Analysis) -> None:
    model = analysis.models["logistic"]
    y_true = np.asarray(model.y_test) == "Yes"
    flagged = model.scores >= analysis.settings.threshold
    recall = recall_score(y_true, flagged)
    base = y_true.mean()
    control, expected_model = base, base * (1 - 0.3 * recall)
    assert expected_model < control
    per_arm = int(np.ceil(NormalIndPower().solve_power(
        effect_size=abs(proportion_effectsize(control, control - 0.03)), alpha=0.05, power=0.8,
        alternative="two-sided")))
    items = available_items(analysis)
    assert {"capacity", "pilot"} <= set(items)
    assert f"{per_arm:,} cases in each arm" in items["pilot"].headline
    assert f"{expected_model * 100:.1f}%" in " ".join(items["pilot"].points)
    # The capacity slide: 600 of 3,000 a month is the top 20%.
    assert "top 20%" in items["capacity"].headline
    pack = build_pack(analysis, keys=["capacity", "pilot"])
    deck = Presentation(io.BytesIO(build_deck(pack)))
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                    if shape.has_text_frame)
    assert "Pilot plan" in text
    assert "Who to act on first" in text
    assert "Pilot plan" in build_report(pack)
    assert Results(analysis).facts()["decision"]["capacity"] == 600


def test_the_brief_carries_the_plan(analysis: Analysis) -> None:
    item = pilot_item(analysis)
    assert item is not None
    markdown = brief_markdown({}, pilot=item)
    assert "## Pilot plan" in markdown
    assert item.headline in markdown
    assert "<h2>Pilot plan</h2>" in brief_html({}, pilot=item)
    assert "Pilot plan" not in brief_markdown({})


def test_no_plan_no_slide(analysis: Analysis) -> None:
    plain = Analysis(dataset=analysis.dataset, problem=analysis.problem, split=analysis.split,
                     models=analysis.models, selected_model="logistic",
                     decision=DecisionSettings())
    items = available_items(plain)
    assert "pilot" not in items
    assert "capacity" not in items


def test_facts_json_keeps_its_key_order_with_the_verdict_in_words(analysis: Analysis) -> None:
    """facts.json is a stable interface: Results' facts in their order, the recommendation
    (the sentence the pack opens with) right after ``chosen_model``."""
    from mlpm.explain.safe import plain
    from mlpm.explain.training import facts_json

    results = Results(analysis)
    facts = facts_json(results)
    keys = list(facts)
    assert keys[:keys.index("recommendation")] == ["format", "data_version", "target", "task",
                                                   "positive_label", "decision", "best_model",
                                                   "chosen_model"]
    assert [k for k in keys if k != "recommendation"] == list(results.facts())
    assert facts["recommendation"] == plain(build_pack(analysis, keys=[]).recommendation)
