"""Scoring new data, and retraining the same recipe on newer data."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.evaluate.metrics import classification_report
from mlpm.lifecycle.recipe import Recipe, retrain
from mlpm.lifecycle.retrain_decision import decide_retrain, run_settings
from mlpm.lifecycle.scoring import ScoringError, evaluate_pipeline, model_inputs, score_frame
from mlpm.lifecycle.store.capture import model_metrics
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import TrainedModel, train


@pytest.fixture
def fitted(binary_dataset: Dataset) -> tuple[Dataset, TrainedModel]:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=1))
    return binary_dataset, train(binary_dataset, problem, split, "logistic")


def test_model_inputs_are_read_from_the_fitted_pipeline(fitted) -> None:
    _, model = fitted
    inputs = model_inputs(model.pipeline)
    assert inputs.numeric == ("x1", "x2")
    assert inputs.categorical == ("colour",)
    assert set(inputs.categories["colour"]) >= {"red", "green", "blue"}


def test_scoring_adds_predictions_and_probabilities_at_the_threshold(fitted) -> None:
    dataset, model = fitted
    new = dataset.frame.drop(columns=["churned"]).head(50)
    result = score_frame(model.pipeline, new, target="churned", task="binary",
                         positive_label="Yes", threshold=0.3)
    out = result.predictions
    assert list(out.columns[:3]) == ["x1", "x2", "colour"]
    assert result.prediction_column == "predicted_churned"
    assert result.probability_columns == ("probability_Yes",)
    proba = model.pipeline.predict_proba(new)[:, list(model.pipeline.classes_).index("Yes")]
    np.testing.assert_allclose(out["probability_Yes"], np.round(proba, 4))
    assert (out["predicted_churned"] == np.where(proba >= 0.3, "Yes", "No")).all()
    assert result.summary["flagged"] == int((proba >= 0.3).sum())
    assert not result.notes


def test_scoring_with_real_answers_says_how_often_the_model_was_right(fitted) -> None:
    dataset, model = fitted
    result = score_frame(model.pipeline, dataset.frame, target="churned", task="binary",
                         positive_label="Yes", threshold=0.5)
    right = (result.predictions["predicted_churned"] == dataset.frame["churned"]).mean()
    assert any(f"got {right:.0%} of them right" in n.text for n in result.notes)


def test_missing_columns_stop_with_the_names(fitted) -> None:
    dataset, model = fitted
    with pytest.raises(ScoringError, match=r"missing 2 column\(s\) the model needs: 'x2', 'colour'"):
        score_frame(model.pipeline, dataset.frame[["x1"]], target="churned", task="binary",
                    positive_label="Yes")
    with pytest.raises(ScoringError, match="no rows"):
        score_frame(model.pipeline, dataset.frame.iloc[:0], target="churned", task="binary")


def test_type_changes_are_converted_or_stopped_and_new_categories_named(fitted) -> None:
    dataset, model = fitted
    new = dataset.frame.head(40).copy()
    new["x1"] = new["x1"].map(lambda v: f"{v:.3f}").astype(object)
    new.loc[new.index[:3], "x1"] = "n/a"
    new.loc[new.index[:5], "colour"] = "purple"
    result = score_frame(model.pipeline, new, target="churned", task="binary",
                         positive_label="Yes")
    texts = " ".join(n.text for n in result.notes)
    assert "3 value(s) of 'x1' are not numbers ('n/a')" in texts
    assert "5 row(s) have a value of 'colour' never seen in training ('purple' ×5)" in texts
    assert len(result.predictions) == 40
    words = new.copy()
    words["x2"] = "twelve"
    with pytest.raises(ScoringError, match=r"'x2' held numbers .* holds text"):
        score_frame(model.pipeline, words, target="churned", task="binary")


def test_csv_download_neutralises_formulas(fitted) -> None:
    dataset, model = fitted
    new = dataset.frame.head(5).copy()
    new["comment"] = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "fine"]
    result = score_frame(model.pipeline, new, target="churned", task="binary",
                         positive_label="Yes")
    back = pd.read_csv(io.BytesIO(result.csv()), encoding="utf-8-sig")
    assert back["comment"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)",
                                        "fine"]
    assert back["x1"].dtype.kind == "f"  # numbers stay numbers


def test_regression_and_multiclass_scoring(regression_dataset: Dataset,
                                           multiclass_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan())
    model = train(regression_dataset, problem, split, "linear")
    result = score_frame(model.pipeline, regression_dataset.frame, target="price",
                         task="regression")
    assert result.probability_columns == ()
    assert result.summary["min"] <= result.summary["mean"] <= result.summary["max"]
    assert any("off by" in n.text for n in result.notes)
    problem = define_problem(multiclass_dataset, "size")
    split = plan_split(multiclass_dataset, problem, SplitPlan())
    model = train(multiclass_dataset, problem, split, "tree")
    result = score_frame(model.pipeline, multiclass_dataset.frame, target="size",
                         task="multiclass")
    assert set(result.probability_columns) == {f"probability_{c}" for c in problem.classes}
    sums = result.predictions[list(result.probability_columns)].sum(axis=1)
    np.testing.assert_allclose(sums, 1.0, atol=1e-3)


def newer(dataset: Dataset, *, extra_rows: int, seed: int) -> Dataset:
    """The same table a month later: more rows, shifted x1, a new column."""
    rng = np.random.default_rng(seed)
    more = dataset.frame.sample(extra_rows, replace=True, random_state=seed).reset_index(drop=True)
    more["x1"] = more["x1"] + rng.normal(0.8, 0.3, extra_rows)
    frame = pd.concat([dataset.frame, more], ignore_index=True)
    frame["region"] = rng.choice(["north", "south"], len(frame))
    return Dataset(frame, "binary_march.csv")


def test_retrain_runs_the_same_recipe_on_new_data(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned", features=["x1", "colour"])
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.25, seed=9))
    model = train(binary_dataset, problem, split, "tree", complexity=3)
    recipe = Recipe.from_parts(problem, split, model, threshold=0.4)
    assert Recipe.from_dict(recipe.as_dict()) == recipe

    march = newer(binary_dataset, extra_rows=80, seed=2)
    result = retrain(recipe, march)
    assert result.problem.features == ("x1", "colour")  # not the new default features
    assert result.problem.positive_label == "Yes"
    assert result.split.plan == SplitPlan(test_size=0.25, seed=9)
    assert len(result.split.test) == 60
    assert result.model.params()["max_depth"] == 3
    assert result.baseline.is_baseline

    # The old model, scored on the new test rows, is directly comparable.
    old = evaluate_pipeline(model.pipeline, result.dataset, result.problem, result.split.test,
                            key="tree", name="Decision tree")
    _, old_metrics = classification_report(old, positive_label="Yes", threshold=0.4)
    assert old_metrics == pytest.approx(model_metrics(old, result.problem, 0.4))
    decision = decide_retrain(result, model.pipeline, run_settings(0.4, {}), old_run=1)
    assert decision.old_metrics == pytest.approx(old_metrics)
    assert decision.new_metrics == pytest.approx(model_metrics(result.model, result.problem, 0.4))
    assert decision.advice in ("switch", "keep", "either")


def test_retrain_explains_what_is_missing(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    model = train(binary_dataset, problem, split, "logistic")
    recipe = Recipe.from_parts(problem, split, model)
    lacking = Dataset(binary_dataset.frame.drop(columns=["colour"]), "lacking.csv")
    with pytest.raises(ProblemSetupError, match="no column 'colour'"):
        retrain(recipe, lacking)
    with pytest.raises(ProblemSetupError, match="without its recipe"):
        Recipe.from_dict({})
    step = {"action": "drop_columns", "columns": ["x2"], "options": {}}
    cleaned = Recipe.from_parts(problem, split, model, cleaning=[step])
    with pytest.raises(ProblemSetupError, match="no column 'x2'"):
        retrain(cleaned, binary_dataset)  # the replayed cleaning removed a feature
    step = {"action": "fill_missing", "columns": ["x2"], "options": {"method": "median"}}
    result = retrain(Recipe.from_parts(problem, split, model, cleaning=[step]), binary_dataset)
    assert result.notes == ("Replayed 1 cleaning step(s) on the new data.",)
    assert result.dataset.frame["x2"].notna().all()


def test_the_pms_rule_is_stored_safely_scored_and_retrained(binary_dataset: Dataset,
                                                            tmp_path) -> None:
    from mlpm.lifecycle.store import RunStore, close_stores
    from mlpm.lifecycle.store.capture import record_model
    from mlpm.lifecycle.store.model_files import load_model, save_model

    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    rule = train(binary_dataset, problem, split, "rule", rule="if x1 > 0.5 then Yes")
    store = RunStore(f"sqlite:///{tmp_path / 'runs.sqlite'}")
    run = record_model(store, binary_dataset, problem, split, rule)
    assert store.get(run.id).recipe["rule"] == rule.settings["rule"]
    save_model(store, run.id, rule.pipeline)
    loaded = load_model(store, run.id)  # mlpm's own RuleModel passes the trusted-types check
    close_stores()
    assert model_inputs(loaded).raw == ("x1",)
    result = score_frame(loaded, binary_dataset.frame[["x1"]], target="churned", task="binary",
                         positive_label="Yes", threshold=0.5)
    expected = np.where(binary_dataset.frame["x1"] > 0.5, "Yes", "No")
    assert (result.predictions["predicted_churned"] == expected).all()
    assert run.recipe["model_key"] == "rule"
    again = retrain(Recipe.from_dict(run.recipe), binary_dataset)
    assert again.model.is_rule
    np.testing.assert_array_equal(again.model.y_pred, rule.y_pred)


def test_clustering_runs_record_silhouette_and_score_groups(multiclass_dataset: Dataset) -> None:
    from mlpm.lifecycle.store.capture import capture_run

    problem = define_problem(multiclass_dataset, None, task="clustering", features=["x1", "x2"])
    split = plan_split(multiclass_dataset, problem, SplitPlan())
    model = train(multiclass_dataset, problem, split, "kmeans", complexity=3)
    run = capture_run(multiclass_dataset, problem, split, model)
    assert set(run.metrics) == {"silhouette"}
    assert run.headline_metric == "silhouette"
    result = score_frame(model.pipeline, multiclass_dataset.frame, target="", task="clustering")
    assert set(result.predictions["group"]) <= {"Group 1", "Group 2", "Group 3"}
    again = retrain(Recipe.from_dict(run.recipe), multiclass_dataset)
    assert again.problem.task == "clustering"
