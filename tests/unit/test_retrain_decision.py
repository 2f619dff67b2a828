"""Retrain after drift ends in a decision (issue 14): the old and the retrained model on the same
new test rows, in the run's metric at the run's own threshold, and the leaderboard's one
"clearly" rule; lifecycle comparisons say the threshold and use the run's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import f1_score, fbeta_score

from mlpm.cli.lifecycle import comparison_json
from mlpm.data.clean import CleaningStep, clean
from mlpm.data.dataset import Dataset
from mlpm.data.samples import load_sample
from mlpm.explain.lifecycle import comparison_sentences
from mlpm.lifecycle.recipe import Recipe, retrain
from mlpm.lifecycle.retrain_decision import decide_retrain, run_settings
from mlpm.lifecycle.store import RunStore, close_stores
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.compare import compare_runs
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

THRESHOLD = 0.3


def f1_at(y_true: np.ndarray, chance: np.ndarray, threshold: float = THRESHOLD) -> float:
    """sklearn's F1 of the positive class ("Yes") with the chance cut at ``threshold``."""
    return float(f1_score(np.asarray(y_true) == "Yes", np.asarray(chance) >= threshold))


@pytest.fixture(scope="module")
def churn() -> dict[str, object]:
    """The churn sample with one cleaning step, a logistic model, and a drifted newer file."""
    raw = load_sample("churn")
    steps = [CleaningStep.make("drop_columns", ["customer_id"])]
    dataset, _ = clean(raw, steps)
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    old = train(dataset, problem, split, "logistic", cv_folds=5)
    recipe = Recipe.from_parts(problem, split, old, threshold=THRESHOLD,
                               cleaning=tuple(s.as_dict() for s in steps))
    frame = raw.frame.copy()
    frame["tenure_months"] = frame["tenure_months"] + 12
    newer = Dataset(frame, "march.csv")
    return {"dataset": dataset, "problem": problem, "split": split, "old": old,
            "recipe": recipe, "newer": newer, "retrained": retrain(recipe, newer)}


def test_both_models_scored_on_the_same_new_rows_at_the_runs_threshold(churn) -> None:
    result, old = churn["retrained"], churn["old"]
    decision = decide_retrain(result, old.pipeline, run_settings(THRESHOLD, {}), old_run=7)
    rows = result.split.test
    frame = result.dataset.frame.iloc[rows]
    y = frame["churned"].astype(str).to_numpy()
    old_chance = old.pipeline.predict_proba(frame[list(old.inputs)])[:, 1]
    assert list(old.pipeline.classes_) == ["No", "Yes"]
    assert decision.metric == "f1"
    assert decision.threshold == THRESHOLD
    assert decision.n_rows == len(rows)
    assert np.array_equal(result.model.y_test, y)  # the retrained model's own test rows
    assert decision.new_score == pytest.approx(f1_at(y, result.model.scores), abs=1e-12)
    assert decision.old_score == pytest.approx(f1_at(y, old_chance), abs=1e-12)
    assert decision.new_metrics["f1"] == pytest.approx(decision.new_score)
    assert decision.old_metrics["f1"] == pytest.approx(decision.old_score)
    # "Clearly": the gap against the retrained model's cross-validated F1 spread at 0.30.
    folds = [f1_at(y_fold, chance) for y_fold, chance in result.model.cv_answers]
    assert len(folds) == 5
    spread = max(0.01, float(np.std(folds)))
    assert decision.spread == pytest.approx(spread)
    gap = decision.new_score - decision.old_score
    expected = "switch" if gap > spread else "keep" if gap < -spread else "either"
    assert decision.advice == expected == "switch"  # a 12-month shift in tenure: retrain wins


def test_keep_either_and_unknown(churn) -> None:
    result, old = churn["retrained"], churn["old"]
    settings = run_settings(THRESHOLD, {"fp_cost": 5, "unknown_key": 1})
    assert settings.costs.fp_cost == 5
    same = decide_retrain(result, result.model.pipeline, settings, old_run=7)
    assert same.advice == "either"
    assert same.old_score == same.new_score
    # A retrained model that flags nobody at 0.30 (the baseline) is clearly worse: keep.
    worse = decide_retrain(replace(result, model=result.baseline), old.pipeline, settings,
                           old_run=7)
    assert worse.new_score == 0.0
    assert worse.advice == "keep"
    unknown = decide_retrain(result, None, settings, old_run=7)
    assert unknown.advice == "unknown"
    assert unknown.old_score is None
    assert not unknown.same_rows


def test_a_retrain_is_known_by_its_run_and_file_not_its_cleaned_version(churn) -> None:
    result, newer = churn["retrained"], churn["newer"]
    assert result.dataset.version != newer.version  # the cleaning step was replayed
    assert result.source_version == newer.version
    decision = decide_retrain(result, None, run_settings(THRESHOLD, {}), old_run=7)
    assert decision.belongs_to(7, newer.version)
    assert not decision.belongs_to(8, newer.version)
    assert not decision.belongs_to(7, result.dataset.version)


def test_stored_runs_compare_at_their_own_threshold(churn, tmp_path: Path) -> None:
    store = RunStore(f"sqlite:///{tmp_path / 'runs.sqlite'}")
    try:
        dataset, problem, split, old = (churn[k] for k in ("dataset", "problem", "split", "old"))
        at_30 = record_model(store, dataset, problem, split, old, threshold=THRESHOLD)
        at_50 = record_model(store, dataset, problem, split, old, threshold=0.5)
        first, second = store.get(at_30.id), store.get(at_50.id)
        assert first.metrics["f1"] == pytest.approx(f1_at(old.y_test, old.scores), abs=1e-12)
        assert second.metrics["f1"] == pytest.approx(f1_at(old.y_test, old.scores, 0.5),
                                                     abs=1e-12)
        comparison = compare_runs([first, second], {})
        f1 = comparison.metrics[comparison.metrics["metric"] == "f1"].set_index("run")
        assert f1.loc[first.id, "value"] == pytest.approx(f1_at(old.y_test, old.scores))
        assert f1.loc[first.id, "threshold"] == THRESHOLD
        assert f1.loc[second.id, "threshold"] == 0.5
        roc = comparison.metrics[comparison.metrics["metric"] == "roc_auc"]
        assert roc["threshold"].isna().all()  # ranking scores have no threshold
        assert any(f"for #{first.id} (at threshold 0.50 vs 0.30)" in s
                   for s in comparison_sentences(comparison)), comparison_sentences(comparison)
        records = comparison_json(comparison)["metrics"]
        assert records[0]["threshold"] == THRESHOLD
        assert next(r for r in records if r["metric"] == "roc_auc")["threshold"] is None
    finally:
        store.close()
        close_stores()


def test_errors_are_read_the_right_way_round(regression_dataset: Dataset) -> None:
    """Regression: a lower typical error is better, so the direction of "clearly" flips."""
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan())
    linear = train(regression_dataset, problem, split, "linear", cv_folds=3)
    result = retrain(Recipe.from_parts(problem, split, linear), regression_dataset)
    mean = result.baseline
    settings = run_settings(None, {})
    better = decide_retrain(result, mean.pipeline, settings, old_run=1)
    assert better.metric == "mae"
    assert better.threshold is None
    truth = result.dataset.frame["price"].to_numpy()[result.split.test]
    assert better.new_score == pytest.approx(np.mean(np.abs(result.model.y_pred - truth)))
    assert better.new_score < better.old_score
    assert better.advice == "switch"
    worse = decide_retrain(replace(result, model=mean), linear.pipeline, settings, old_run=1)
    assert worse.advice == "keep"


def test_the_runs_goal_is_recorded_and_judges_the_retrain(churn, tmp_path: Path) -> None:
    """A run recorded with the "catch" goal is retrained and judged in F2 at its threshold."""
    dataset, problem, split, old = (churn[k] for k in ("dataset", "problem", "split", "old"))
    store = RunStore(f"sqlite:///{tmp_path / 'runs.sqlite'}")
    try:
        run = store.get(record_model(store, dataset, problem, split, old, threshold=THRESHOLD,
                                     goal="catch").id)
    finally:
        store.close()
        close_stores()
    recipe = Recipe.from_dict(run.recipe)
    assert recipe.goal == "catch"
    result = retrain(recipe, churn["newer"])
    decision = decide_retrain(result, old.pipeline, run_settings(run.threshold, run.costs,
                                                                 recipe.goal), old_run=int(run.id))
    truth = result.model.y_test == "Yes"
    assert decision.metric == "f2"
    assert decision.new_score == pytest.approx(
        fbeta_score(truth, result.model.scores >= THRESHOLD, beta=2.0), abs=1e-12)
