"""What drives it? page: importance, why one case, what-if (issue 17).

The journey is built with the library on a small seeded table and put in session state (as
in test_evaluate_pages), so these tests exercise the page, not training speed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.data.dataset import Dataset
from mlpm.explain.importance import chance_words, driver_sentences
from mlpm.explain.wording import plain_number
from mlpm.model.catalogue import prepare_features
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train
from mlpm.project.analysis import Analysis
from mlpm.project.results import Results
from mlpm.ui.state import Journey

PAGE = "pages/drivers.py"


def _journey(task: str = "binary") -> Journey:
    rng = np.random.default_rng(3)
    n = 400
    tenure = rng.integers(1, 60, n)
    calls = rng.poisson(2, n)
    frame = pd.DataFrame({"gender": rng.choice(["Female", "Male"], n), "tenure_months": tenure,
                          "support_calls": calls, "plan": rng.choice(["basic", "pro"], n)})
    if task == "binary":
        frame["churned"] = np.where(-0.06 * tenure + 0.5 * calls + rng.normal(0, 1, n) > 0,
                                    "Yes", "No")
        target, models = "churned", ("majority", "logistic", "naive_bayes")
    else:
        frame["spend"] = 100 + 3 * tenure + 10 * calls + rng.normal(0, 5, n)
        target, models = "spend", ("mean", "tree_reg")
    dataset = Dataset(frame, f"{task}.csv")
    problem = define_problem(dataset, target, positive_label="Yes" if task == "binary" else None)
    split = plan_split(dataset, problem, SplitPlan(test_size=0.3, seed=1))
    journey = Journey(dataset=dataset, problem=problem, split=split)
    for key in models:
        journey.add_model(train(dataset, problem, split, key))
    journey.selected_model = models[1]
    journey.threshold = 0.4
    return journey


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "info", "success")
                    for e in at.get(kind))


def test_drivers_page_explains_the_model_a_case_and_a_what_if(app: AppTest) -> None:
    journey = _journey()
    app.session_state["mlpm_journey"] = journey
    assert not journey.progress()["drivers"]
    app.switch_page(PAGE).run()
    no_exception(app)
    assert app.session_state["mlpm_journey"].progress()["drivers"]  # ticked in the sidebar
    text = _texts(app)
    # Importance: the page's sentences are the results object's (one truth), at 0.40.
    importance = Results(Analysis(
        dataset=journey.dataset, problem=journey.problem, split=journey.split,
        models=dict(journey.models), selected_model="logistic",
        decision=journey.decision)).importance()
    expected = driver_sentences(importance, journey.problem, journey.costs)
    assert expected[0].startswith(("Without **tenure_months**", "Without **support_calls**"))
    assert all(s in text for s in expected)
    assert "F1 at your threshold of 0.40" in text
    assert len(app.get("vega_lite_chart")) == 2  # importance + this case
    # Pick a missed churner: the case's row, its drivers (exact for logistic regression).
    app.selectbox(key="drivers_group").select("churners missed").run()
    position = app.selectbox(key="drivers_case").value
    model = journey.models["logistic"]
    row = int(model.rows[position])
    text = _texts(app)
    assert f"**Row {row + 1:,}** of your file: really churned = Yes" in text
    assert "Exact contributions (linear model)" in text
    # What if: more support calls -> the chance moves to what the pipeline says.
    calls = app.slider(key=f"whatif_logistic_{row}_support_calls")
    calls.set_value(calls.max).run()
    no_exception(app)
    changed = prepare_features(journey.dataset.frame, journey.problem).iloc[[row]]
    changed["support_calls"] = calls.max
    chance = model.pipeline.predict_proba(changed)[0, list(model.pipeline.classes_).index("Yes")]
    answer = " ".join(str(e.value) for kind in ("success", "info") for e in app.get(kind))
    assert f"**{chance_words(chance, 0.4)}** (was" in answer
    assert ("model flags this case" if chance >= 0.4 else "does not flag") in answer
    # A row of a new file, read as Score new data reads it: its chance and drivers.
    new_rows = journey.dataset.frame.drop(columns="churned").head(5).copy()
    new_rows.loc[new_rows.index[2], "support_calls"] = 9
    app.selectbox(key="drivers_group").select("a row of a new file").run()
    app.file_uploader(key="drivers_upload").set_value(
        ("march.csv", new_rows.to_csv(index=False).encode(), "text/csv")).run()
    no_exception(app)
    app.selectbox(key="drivers_new_row").select(2).run()
    third = prepare_features(new_rows, journey.problem).iloc[[2]]
    chance = model.pipeline.predict_proba(third)[0, list(model.pipeline.classes_).index("Yes")]
    text = _texts(app)
    assert f"**Row 3** of march.csv: chance {chance_words(chance, 0.4)}." in text
    assert "**support_calls** = 9 pushed it up" in text
    # Another model: the model-agnostic method, stated in the caption.
    app.selectbox(key="drivers_model").select("naive_bayes").run()
    assert "What if this feature were typical" in _texts(app)
    assert journey.selected_model == "naive_bayes"  # the pack explains the model shown
    assert re.search(r"Permutation importance: each column's values were shuffled among the "
                     r"120 test rows", _texts(app))


def test_drivers_page_for_numbers_speaks_in_the_targets_unit(app: AppTest) -> None:
    journey = _journey("regression")
    app.session_state["mlpm_journey"] = journey
    app.switch_page(PAGE).run()
    no_exception(app)
    text = _texts(app)
    assert "predictions of spend would be off by" in text  # typical error, not F1
    assert "largest misses first" in app.selectbox(key="drivers_group").options[0].lower()
    model = journey.models["tree_reg"]
    row = int(model.rows[app.selectbox(key="drivers_case").value])
    calls = app.slider(key=f"whatif_tree_reg_{row}_support_calls")
    calls.set_value(calls.min).run()
    changed = prepare_features(journey.dataset.frame, journey.problem).iloc[[row]]
    changed["support_calls"] = calls.min
    predicted = model.pipeline.predict(changed)[0]
    assert f"Predicted spend: **{plain_number(predicted)}**" in _texts(app)
