"""Permutation importance equals scikit-learn's own, in the PM's decision metric (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.inspection import permutation_importance as sk_permutation_importance

from mlpm.data.dataset import Dataset
from mlpm.evaluate.importance import (
    answer_function,
    held_out_inputs,
    permutation_importance,
    permuted_answers,
    permuted_prepared_answers,
    prepared_groups,
)
from mlpm.evaluate.money import Costs
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import one_thread, train
from mlpm.project.analysis import Analysis
from mlpm.project.decision import DecisionSettings, decision_score
from mlpm.project.results import Results

CASES = {
    # task, target, model, goal, threshold
    "binary-logistic-f1": ("binary", "churned", "logistic", "balanced", 0.4),
    "binary-boosting-f2": ("binary", "churned", "boosting", "catch", 0.5),
    "binary-tree-money": ("binary", "churned", "tree", "money", 0.3),
    "multiclass-tree-accuracy": ("multiclass", "size", "tree", "", 0.5),
    "regression-linear-mae": ("regression", "price", "linear", "", 0.5),
}
COSTS = Costs(tp_value=120, fp_cost=15, fn_cost=120, cases_per_month=1000)


@pytest.fixture
def datasets(binary_dataset: Dataset, multiclass_dataset: Dataset,
             regression_dataset: Dataset) -> dict[str, Dataset]:
    return {"binary": binary_dataset, "multiclass": multiclass_dataset,
            "regression": regression_dataset}


def _trained(dataset: Dataset, target: str, key: str):
    problem = define_problem(dataset, target)
    split = plan_split(dataset, problem, SplitPlan(test_size=0.4, seed=0))
    return problem, split, train(dataset, problem, split, key)


@pytest.mark.parametrize("case", list(CASES))
def test_equals_sklearn_permutation_importance(datasets: dict[str, Dataset], case: str) -> None:
    task, target, key, goal, threshold = CASES[case]
    dataset = datasets[task]
    problem, _, model = _trained(dataset, target, key)
    settings = DecisionSettings(goal=goal, threshold=threshold, costs=COSTS)
    metric = settings.metric_for(problem.task)
    positive = problem.positive_label if task == "binary" else None
    x, y = held_out_inputs(model, dataset, problem)
    answer = answer_function(model, positive)
    sign = -1.0 if metric == "mae" else 1.0  # sklearn's scorers: greater is better

    def scorer(estimator, data, truth):
        assert estimator is model.pipeline
        return sign * decision_score(metric, truth, answer(data), positive_label=positive,
                                     threshold=threshold, costs=COSTS)

    with one_thread():  # as mlpm scores (OpenMP threads only slow a busy machine down)
        theirs = sk_permutation_importance(model.pipeline, x, y, scoring=scorer, n_repeats=4,
                                           random_state=7)
    ours = permutation_importance(model, x, y, settings=settings, positive_label=positive,
                                  metric=metric, repeats=4, random_state=7)
    assert ours.drops.shape == (len(problem.features), 4)
    np.testing.assert_allclose(ours.drops, theirs.importances, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.importances, theirs.importances_mean, atol=1e-9)
    np.testing.assert_allclose(ours.spread, theirs.importances_std, atol=1e-9)
    assert ours.metric == metric
    assert np.any(ours.importances != 0)  # the shuffles change something: a real comparison


def test_shuffling_prepared_columns_equals_shuffling_the_raw_column(
        binary_dataset: Dataset) -> None:
    """The fast path (prepare once, shuffle the prepared columns of one original column)
    gives exactly the answers of shuffling the raw column and preparing again."""
    problem, _, model = _trained(binary_dataset, "churned", "logistic")
    x, _ = held_out_inputs(model, binary_dataset, problem)
    groups = prepared_groups(model, list(x.columns))
    assert groups is not None
    assert [len(g) for g in groups][:2] == [1, 1]
    raw_intact, raw = permuted_answers(answer_function(model, "Yes"), x, 3, 1)
    prepared = model.pipeline.steps[0][1].transform(x)
    fast_intact, fast = permuted_prepared_answers(
        answer_function(model, "Yes", model.pipeline[1:]), prepared, groups, 3, 1,
        chunk_rows=len(x) * 2)  # two repeats per call, then one: the chunking is covered
    np.testing.assert_allclose(fast_intact, raw_intact)
    for a, b in zip(fast, raw, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)


def test_results_reads_one_importance_at_the_boards_score(binary_dataset: Dataset) -> None:
    """The importance's intact score is the leaderboard's score (one truth), the planted
    driver leads, and the CLI's records have the promised keys."""
    problem, split, model = _trained(binary_dataset, "churned", "logistic")
    settings = DecisionSettings(threshold=0.4)
    analysis = Analysis(dataset=binary_dataset, problem=problem, split=split,
                        models={model.key: model}, selected_model=model.key, decision=settings)
    results = Results(analysis)
    importance = results.importance()
    assert importance is not None
    assert importance.baseline == pytest.approx(results.score(model))
    assert importance.features[importance.order()[0]] == "x1"
    assert results.importance() is importance  # computed once per model and settings
    records = importance.records()
    assert [set(r) for r in records] == [{"feature", "importance", "spread"}] * 3
    assert records[0]["feature"] == "x1"
    assert records[0]["importance"] > 0.1
    facts = results.facts()["importance"]  # facts.json: the same list, at the same threshold
    assert facts["features"] == records
    assert (facts["metric"], facts["threshold"]) == ("f1", 0.4)
    caught = importance.frame().set_index("feature")["caught"]
    assert caught["x1"] > 0  # without x1 the model catches fewer churners
