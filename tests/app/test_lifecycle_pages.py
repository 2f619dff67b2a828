"""Lifecycle pages through the real router: run history, drift and retraining, scoring, Ship it.

Each test gets its own run store (a SQLite file in ``tmp_path``), so runs recorded by other
tests never show up here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from app_checks import no_exception
from fixtures.attacks import exec_node, payload, skops_file
from sklearn.metrics import f1_score
from streamlit.testing.v1 import AppTest

from mlpm.data.clean import CleaningStep, clean
from mlpm.data.samples import load_sample
from mlpm.lifecycle.store import close_stores, open_store
from mlpm.lifecycle.store.capture import record_model
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train
from mlpm.ui.runs import record_run

ROOT = Path(__file__).resolve().parents[2]
CHURN = pd.read_csv(ROOT / "sample_data" / "churn.csv")


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.setenv("MLPM_DATABASE_URL", url)
    yield url
    close_stores()


@pytest.fixture(scope="module")
def churn_models() -> dict[str, object]:
    """The churn sample split 80/20 with a logistic regression and its baseline, trained once."""
    dataset = load_sample("churn")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    return {"dataset": dataset, "problem": problem, "split": split,
            "models": [train(dataset, problem, split, key) for key in ("majority", "logistic")]}


DATA_REVIEW_TYPES = {"csv", "tsv", "txt", "gz", "zip", "xlsx", "xls", "parquet"}
"""the file types Data review takes: Score and Drift take the same ones"""


def accepted(app: AppTest, key: str) -> set[str]:
    """The file types an uploader offers (Streamlit keeps them as ".csv")."""
    return {t.lstrip(".") for t in app.file_uploader(key=key).proto.type}

def seed_journey(app: AppTest, churn: dict[str, object]) -> None:
    """Put the trained models in the session and the run store, as the Train page does."""
    journey = app.session_state["mlpm_journey"]
    journey.set_dataset(churn["dataset"])
    journey.set_problem(churn["problem"])
    journey.set_split(churn["split"])
    for model in churn["models"]:
        journey.add_model(model)
        record_run(journey, model)


def texts(at: AppTest, kind: str) -> list[str]:
    kinds = ("error", "warning", "info", "success") if kind == "alert" else (kind,)
    return [str(e.value) for k in kinds for e in at.get(k)]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def train_logistic(app: AppTest) -> AppTest:
    """Churn sample, split 80/20, logistic regression (plus its baseline)."""
    app.switch_page("pages/home.py").run()
    app.button(key="sample_churn").click().run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    app.switch_page("pages/train.py").run()
    app.multiselect(key="models").set_value(["logistic"]).run()
    app.button(key="train").click().run()
    no_exception(app)
    return app


def test_history_shows_which_model_learnt_from_which_data(app: AppTest) -> None:
    app.switch_page("pages/history.py").run()
    no_exception(app)
    assert any("No runs yet" in t for t in texts(app, "alert"))

    train_logistic(app)
    app.button(key="train").click().run()  # same fits again: reused, not recorded twice
    runs = open_store().runs()
    assert [r.model_key for r in runs] == ["logistic", "majority"]
    journey = app.session_state["mlpm_journey"]
    assert runs[0].data_version == journey.dataset.version
    assert runs[0].metrics["f1"] > 0

    app.switch_page("pages/history.py").run()
    no_exception(app)
    assert any("2 training runs on 1 data version of 1 table" in t for t in texts(app, "markdown"))
    assert any(t.startswith(f"#{runs[0].id} Logistic regression learnt 'churned' from churn.csv "
                            "(version ") for t in texts(app, "markdown"))
    assert app.get("vega_lite_chart")
    app.toggle(key="history_baselines").set_value(True).run()
    app.multiselect(key="compare_runs").set_value([runs[1].id, runs[0].id]).run()
    no_exception(app)
    assert any(t.startswith(f"- #{runs[0].id} vs #{runs[1].id}: both learnt from the same data")
               for t in texts(app, "markdown"))

    # Notes and the model file, only when asked.
    app.selectbox(key="run_detail").set_value(runs[0].id).run()
    app.text_area(key=f"run_note_{runs[0].id}").input("before the price change").run()
    app.button(key="save_note").click().run()
    app.button(key="save_model").click().run()
    no_exception(app)
    stored = open_store().get(runs[0].id)
    assert stored.note == "before the price change"
    assert stored.has_model
    assert not open_store().get(runs[1].id).has_model


def test_drift_finds_the_shift_retrains_and_recommends(app: AppTest, churn_models) -> None:
    seed_journey(app, churn_models)
    app.switch_page("pages/drift.py").run()
    no_exception(app)
    assert any("Upload the newer file" in t for t in texts(app, "alert"))
    assert accepted(app, "drift_upload") == DATA_REVIEW_TYPES

    app.file_uploader(key="drift_upload").set_value(("empty.csv", b"", "text/csv")).run()
    no_exception(app)
    assert any("empty" in t for t in texts(app, "error"))

    newer = CHURN.copy()
    newer["tenure_months"] = newer["tenure_months"] + 12
    app.file_uploader(key="drift_upload").set_value(("march.csv", csv_bytes(newer),
                                                     "text/csv")).run()
    no_exception(app)
    assert any("Major drift" in t and "'tenure_months'" in t for t in texts(app, "error"))
    assert any("'tenure_months': median" in t for t in texts(app, "markdown"))
    journey = app.session_state["mlpm_journey"]
    assert journey.lifecycle.drift_checked

    app.button(key="retrain").click().run()
    no_exception(app)
    outcome = journey.lifecycle.retrain
    assert outcome.same_rows is True
    assert outcome.advice in ("switch", "keep", "either")
    assert any("on the same new test rows" in t for t in texts(app, "alert"))
    runs = open_store().runs()
    assert len(runs) == 3  # one click, one recorded run: the retrained model
    assert runs[0].dataset_name == "march.csv"
    assert runs[0].data_version != runs[1].data_version

    app.button(key="adopt").click().run()
    no_exception(app)
    assert any("is now the project's data on every page" in t for t in texts(app, "success"))
    assert journey.dataset.name == "march.csv"
    assert journey.current_model.key == "logistic"
    assert not journey.models_stale


def test_retrain_after_drift_ends_in_a_decision(app: AppTest) -> None:
    """Issue 14: a cleaned table, a run at threshold 0.30; each click on Retrain records exactly
    one run, and the page shows both models on the same new rows at 0.30 with advice."""
    raw = load_sample("churn")
    dataset, log = clean(raw, [CleaningStep.make("drop_columns", ["customer_id"])])
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    journey = app.session_state["mlpm_journey"]
    journey.set_dataset(dataset)
    journey.cleaning = log
    journey.set_problem(problem)
    journey.set_split(split)
    journey.threshold = 0.3
    model = train(dataset, problem, split, "logistic", cv_folds=3)
    journey.add_model(model)
    old_run = record_run(journey, model)
    assert old_run.threshold == 0.3
    assert old_run.cleaning
    journey.threshold = 0.5  # the session moves on; the lifecycle uses the run's own 0.30

    newer = CHURN.copy()
    newer["tenure_months"] = newer["tenure_months"] + 12
    app.switch_page("pages/drift.py").run()
    app.file_uploader(key="drift_upload").set_value(("march.csv", csv_bytes(newer),
                                                     "text/csv")).run()
    no_exception(app)
    seen: set[int] = {old_run.id}
    for _click in range(2):
        app.button(key="retrain").click().run()
        no_exception(app)
        runs = open_store().runs()
        added = [r for r in runs if r.id not in seen]
        assert [r.model_key for r in added] == ["logistic"]  # exactly one new run per click
        seen |= {r.id for r in added}
        new_run = added[0]
        assert new_run.threshold == 0.3
        assert new_run.data_version != journey.lifecycle.new_data.version  # cleaning replayed

        outcome = journey.lifecycle.retrain
        assert outcome.new_run == new_run.id
        result = outcome.retrained
        frame = result.dataset.frame.iloc[result.split.test]
        truth = frame["churned"].to_numpy() == "Yes"
        old_chance = model.pipeline.predict_proba(frame[list(model.inputs)])[:, 1]
        assert outcome.threshold == 0.3
        assert outcome.old_score == pytest.approx(f1_score(truth, old_chance >= 0.3))
        assert outcome.new_score == pytest.approx(f1_score(truth, result.model.scores >= 0.3))
        assert new_run.metrics["f1"] == pytest.approx(outcome.new_score)
        advice = [t for t in texts(app, "alert") if "on the same new test rows" in t]
        assert len(advice) == 1, texts(app, "alert")
        assert f"{outcome.new_score:.3f} for the retrained model vs {outcome.old_score:.3f} for " \
               "the current one at threshold 0.30" in advice[0]
        assert advice[0].startswith(("**Switch to", "**Keep", "**Either"))
        assert any(f"as run #{new_run.id} in the run history" in t for t in texts(app, "caption"))
        assert any("Current model vs retrained model" in str(c.proto.spec)
                   for c in app.get("vega_lite_chart"))

    app.button(key="adopt").click().run()
    no_exception(app)
    assert journey.dataset.version == journey.lifecycle.retrain.retrained.dataset.version
    assert journey.problem.data_version == journey.dataset.version
    assert [s.as_dict()["action"] for s in journey.cleaning_steps] == ["drop_columns"]
    assert journey.raw_dataset.name == "march.csv"


def test_history_says_each_runs_own_threshold(app: AppTest, churn_models) -> None:
    """A run recorded at 0.30 shows its yes/no scores at 0.30 on Run history and in compare."""
    dataset, problem, split = (churn_models[k] for k in ("dataset", "problem", "split"))
    model = churn_models["models"][1]
    store = open_store()
    at_30 = record_model(store, dataset, problem, split, model, threshold=0.3)
    at_50 = record_model(store, dataset, problem, split, model, threshold=0.5)
    truth = model.y_test == "Yes"
    assert at_30.metrics["f1"] == pytest.approx(f1_score(truth, model.scores >= 0.3))
    app.switch_page("pages/history.py").run()
    app.selectbox(key="run_detail").set_value(at_30.id).run()
    app.multiselect(key="compare_runs").set_value([at_30.id, at_50.id]).run()
    no_exception(app)
    assert "**Scores on the test rows at threshold 0.30**" in texts(app, "markdown")
    assert any(f"for #{at_30.id} (at threshold 0.50 vs 0.30)" in t
               for t in texts(app, "markdown"))
    assert any(f"#{at_30.id} at 0.30, #{at_50.id} at 0.50" in t for t in texts(app, "caption"))
    shown = app.dataframe[0].value
    row = shown[shown["run"] == at_30.id].iloc[0]
    assert row["threshold"] == 0.3
    assert row["score"] == pytest.approx(f1_score(truth, model.scores >= 0.3))


def test_score_new_data_with_clear_messages(app: AppTest, churn_models) -> None:
    app.switch_page("pages/score.py").run()
    no_exception(app)
    assert any("No model to score with yet" in t for t in texts(app, "alert"))

    seed_journey(app, churn_models)
    app.switch_page("pages/score.py").run()
    no_exception(app)
    assert accepted(app, "score_upload") == DATA_REVIEW_TYPES
    missing = CHURN.drop(columns=["churned", "contract"]).head(20)
    app.file_uploader(key="score_upload").set_value(("bad.csv", csv_bytes(missing),
                                                     "text/csv")).run()
    no_exception(app)
    assert any("missing 1 column(s) the model needs: 'contract'" in t for t in texts(app, "error"))

    new = CHURN.drop(columns=["churned"]).iloc[:25].copy()
    new.loc[new.index[:4], "contract"] = "Weekly"
    app.file_uploader(key="score_upload").set_value(("april.csv", csv_bytes(new),
                                                     "text/csv")).run()
    no_exception(app)
    assert any("of 25 rows" in t and "predicted 'Yes'" in t for t in texts(app, "success"))
    assert any("'Weekly' ×4" in t for t in texts(app, "warning"))
    assert app.session_state["mlpm_journey"].lifecycle.scored
    assert any(d.proto.label == "Download the predictions (CSV)"
               for d in app.get("download_button"))


def test_ship_it_checklist_collects_answers(app: AppTest) -> None:
    app.switch_page("pages/productize.py").run()
    no_exception(app)
    assert any("None of the 7 questions" in t for t in texts(app, "markdown"))
    app.button_group(key="ship_monitoring").set_value("Nobody yet").run()
    app.text_input(key="ship_cost_notes").input("about 400 a month").run()
    no_exception(app)
    checklist = app.session_state["mlpm_journey"].lifecycle.checklist
    assert checklist["monitoring"]["choice"] == "Nobody yet"
    assert checklist["cost"] == {"choice": "", "notes": "about 400 a month"}
    assert any("Open risks: Monitoring and maintenance: Nobody yet" in t
               for t in texts(app, "markdown"))


def test_an_unreachable_store_never_blocks_training(app: AppTest,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_DATABASE_URL",
                       "postgresql://mlpm@127.0.0.1:1/mlpm?connect_timeout=1")
    train_logistic(app)
    assert len(app.session_state["mlpm_journey"].models) == 2
    assert any("not saved to the run history" in t for t in texts(app, "warning"))
    app.switch_page("pages/history.py").run()
    no_exception(app)
    assert any("run history is not available" in t for t in texts(app, "warning"))


def test_score_page_refuses_a_shared_model_that_would_run_code(app: AppTest, churn_models,
                                                               tmp_path: Path) -> None:
    """Issue 13: someone with write access to the shared store saved a model calling exec."""
    marker = tmp_path / "ran"
    store = open_store()
    run_id = record_model(store, churn_models["dataset"], churn_models["problem"],
                          churn_models["split"], churn_models["models"][1]).id
    store.save_model_bytes(run_id, skops_file(exec_node(payload(marker))), {})
    app.switch_page("pages/score.py").run()
    app.selectbox(key="score_run").set_value(run_id).run()
    new = CHURN.drop(columns=["churned"]).iloc[:10]
    app.file_uploader(key="score_upload").set_value(("april.csv", csv_bytes(new),
                                                     "text/csv")).run()
    no_exception(app)
    errors = texts(app, "error")
    assert any("holds types mlpm does not trust: builtins.exec" in t for t in errors), errors
    assert not marker.exists()
    assert not app.session_state["mlpm_journey"].lifecycle.scored
