"""Every catalogue model trains; predictions line up with the test part; no test row leaks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.explain.progress import step_label
from mlpm.model.catalogue import (
    CATALOGUE,
    baseline_for,
    feature_kinds,
    get_spec,
    models_for,
    prepare_features,
)
from mlpm.model.problem import define_problem
from mlpm.model.split import Split, SplitPlan, plan_split
from mlpm.model.training import TrainedModel, train
from mlpm.progress import DONE, Step

TARGETS = {"binary": "churned", "multiclass": "size", "regression": "price"}
CASES = [(task, spec.key) for task in TARGETS for spec in models_for(task)]


@pytest.fixture
def datasets(binary_dataset: Dataset, multiclass_dataset: Dataset,
             regression_dataset: Dataset) -> dict[str, Dataset]:
    return {"binary": binary_dataset, "multiclass": multiclass_dataset,
            "regression": regression_dataset}


def test_catalogue_is_covered() -> None:
    clustering = {s.key for s in models_for("clustering")}
    assert {key for _, key in CASES} | clustering == set(CATALOGUE)
    assert [s.key for s in models_for("binary")] == [
        "majority", "logistic", "tree", "random_forest", "boosting", "knn", "naive_bayes"]
    assert [s.key for s in models_for("regression", include_baselines=False)] == [
        "linear", "tree_reg", "random_forest_reg", "boosting_reg", "knn_reg"]
    assert clustering == {"random_groups", "kmeans", "hierarchical"}
    assert baseline_for("multiclass").key == "majority"
    assert baseline_for("regression").key == "mean"
    assert baseline_for("clustering").key == "random_groups"


@pytest.mark.parametrize("spec", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_spec_sweeps_a_range_holding_its_default(spec) -> None:
    assert spec.complexity_default in spec.complexity_range
    assert len(spec.settings) <= 2
    assert spec.good_at
    assert spec.complexity_words


@pytest.mark.parametrize(("task", "key"), CASES, ids=[f"{t}-{k}" for t, k in CASES])
def test_every_model_trains_and_predicts_the_test_part(
        datasets: dict[str, Dataset], task: str, key: str) -> None:
    dataset = datasets[task]
    target = TARGETS[task]
    problem = define_problem(dataset, target)
    assert problem.task == task
    split = plan_split(dataset, problem, SplitPlan(test_size=0.25, seed=5))
    model = train(dataset, problem, split, key)

    n_test = len(split.test)
    assert model.key == key
    assert model.is_baseline == CATALOGUE[key].is_baseline
    assert model.split_key == split.key
    assert model.fit_seconds >= 0
    assert model.y_pred.shape == (n_test,)
    assert model.y_test.shape == (n_test,)
    expected_y = dataset.frame[target].to_numpy()[split.test]
    x_test = prepare_features(dataset.frame, problem).iloc[split.test]
    if task == "regression":
        np.testing.assert_allclose(model.y_test.astype(float), expected_y)
        assert model.scores is None
        assert model.classes == ()
        assert np.isfinite(model.y_pred.astype(float)).all()
        return
    assert model.y_test.tolist() == expected_y.tolist()
    assert model.classes == problem.classes
    assert set(model.y_pred) <= set(problem.classes)
    proba = model.pipeline.predict_proba(x_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    if task == "binary":
        assert model.scores.shape == (n_test,)
        column = list(model.classes).index(problem.positive_label)
        np.testing.assert_allclose(model.scores, proba[:, column])
        assert ((model.scores >= 0) & (model.scores <= 1)).all()
    else:
        assert model.scores.shape == (n_test, len(problem.classes))
        np.testing.assert_allclose(model.scores, proba)


def test_binary_scores_are_for_the_positive_label_even_when_it_sorts_first() -> None:
    """'dog' sorts before 'fox', so the positive label is column 0 of predict_proba."""
    rng = np.random.default_rng(8)
    n = 120
    weight = np.concatenate([rng.normal(30, 3, n // 2), rng.normal(6, 1, n // 2)])
    frame = {"weight": weight, "animal": ["dog"] * (n // 2) + ["fox"] * (n // 2)}
    dataset = Dataset(pd.DataFrame(frame), "animals")
    problem = define_problem(dataset, "animal")
    assert problem.classes == ("dog", "fox")
    assert problem.positive_label == "dog"
    split = plan_split(dataset, problem, SplitPlan(seed=1))
    model = train(dataset, problem, split, "logistic")
    is_dog = model.y_test == "dog"
    assert model.scores[is_dog].min() > model.scores[~is_dog].max()  # heavy animals are dogs
    assert model.scores[is_dog].mean() > 0.85
    assert model.scores[~is_dog].mean() < 0.15

    baseline = train(dataset, problem, split, "majority")
    share_dog = (dataset.frame["animal"].to_numpy()[split.train] == "dog").mean()
    np.testing.assert_allclose(baseline.scores, share_dog)


def _train_rows_only_dataset(binary_dataset: Dataset) -> tuple[Dataset, Split]:
    """Split first, then plant extreme values and an unseen category on the test rows only."""
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.25, seed=3))
    frame = binary_dataset.frame.copy()
    frame.loc[split.test, "x1"] = 1_000.0
    frame.loc[split.test, "x2"] = -1_000.0
    frame.loc[split.test, "colour"] = "only_in_test"
    planted = Dataset(frame, "planted")
    replanned = plan_split(planted, define_problem(planted, "churned"),
                           SplitPlan(test_size=0.25, seed=3))
    np.testing.assert_array_equal(replanned.test, split.test)  # the split ignores features
    return planted, replanned


@pytest.mark.parametrize("key", ["logistic", "tree", "majority"])
def test_preprocessing_is_fitted_on_train_rows_only(binary_dataset: Dataset, key: str) -> None:
    dataset, split = _train_rows_only_dataset(binary_dataset)
    problem = define_problem(dataset, "churned")
    model = train(dataset, problem, split, key)
    prepare = model.pipeline.named_steps["prepare"]
    numbers = prepare.named_transformers_["numbers"]
    imputer, scaler = numbers.named_steps["simpleimputer"], numbers.named_steps["standardscaler"]

    train_part = dataset.frame.iloc[split.train]
    medians = train_part[["x1", "x2"]].median().to_numpy()
    np.testing.assert_allclose(imputer.statistics_, medians)
    filled = train_part[["x1", "x2"]].fillna(dict(zip(["x1", "x2"], medians, strict=True)))
    np.testing.assert_allclose(scaler.mean_, filled.mean().to_numpy())
    np.testing.assert_allclose(scaler.scale_, filled.std(ddof=0).to_numpy())
    # the whole table's statistics are far away (test rows hold +-1000)
    assert not np.allclose(scaler.mean_, dataset.frame[["x1", "x2"]].mean().to_numpy(), atol=1)

    encoder = prepare.named_transformers_["categories"].named_steps["onehotencoder"]
    seen = set(encoder.categories_[0])
    assert "only_in_test" not in seen
    assert seen == set(train_part["colour"].fillna("(missing)"))


def test_unknown_model_key_lists_allowed_keys(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    with pytest.raises(ProblemSetupError, match="no model 'forest'") as info:
        train(binary_dataset, problem, split, "forest")
    assert info.value.hint == ("Choose one of: majority, logistic, tree, random_forest, boosting, "
                               "knn, naive_bayes.")


def test_model_for_another_task_is_refused(regression_dataset: Dataset) -> None:
    with pytest.raises(ProblemSetupError) as info:
        get_spec("logistic", "regression")
    assert "mean" in info.value.hint
    assert "linear" in info.value.hint
    assert "tree_reg" in info.value.hint
    assert "logistic" not in info.value.hint


def test_single_class_training_part_is_refused(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    y = binary_dataset.frame["churned"].to_numpy()
    only_no = np.flatnonzero(y == "No")
    split = Split(plan=SplitPlan(), train=only_no[:-20], test=np.flatnonzero(y == "Yes"))
    with pytest.raises(ProblemSetupError, match="only one class"):
        train(binary_dataset, problem, split, "logistic")


def test_complexity_reaches_the_model_and_params(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    model: TrainedModel = train(binary_dataset, problem, split, "tree", complexity=2)
    assert model.complexity == 2
    assert model.pipeline.named_steps["model"].get_depth() <= 2
    params = model.params()
    assert params["max_depth"] == 2
    assert params["random_state"] == split.plan.seed
    default = train(binary_dataset, problem, split, "logistic")
    assert default.complexity == CATALOGUE["logistic"].complexity_default
    assert default.params()["C"] == 1.0


def test_training_is_reproducible(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=9))
    a = train(binary_dataset, problem, split, "tree", complexity=8)
    b = train(binary_dataset, problem, split, "tree", complexity=8)
    np.testing.assert_array_equal(a.scores, b.scores)


def test_progress_reports_rising_shares(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan())
    calls: list[tuple[float, Step]] = []
    train(regression_dataset, problem, split, "linear", progress=lambda s, t: calls.append((s, t)))
    shares = [s for s, _ in calls]
    assert shares == sorted(shares)
    assert shares[-1] == 1.0
    assert all(step_label(step) for _, step in calls)  # every step has its words
    assert calls[-1][1] == DONE


def test_linear_model_learns_the_planted_signal(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(seed=4))
    model = train(regression_dataset, problem, split, "linear", complexity=0.01)
    baseline = train(regression_dataset, problem, split, "mean")
    error = np.abs(model.y_pred - model.y_test).mean()
    baseline_error = np.abs(baseline.y_pred - baseline.y_test).mean()
    assert error < 0.25 * baseline_error
    np.testing.assert_allclose(baseline.y_pred,
                               regression_dataset.frame["price"].to_numpy()[split.train].mean())


def test_feature_kinds_and_prepare_features(binary_dataset: Dataset) -> None:
    frame = binary_dataset.frame.copy()
    frame["flag"] = [True, False] * (len(frame) // 2)
    numeric, categorical = feature_kinds(frame, ["x1", "colour", "flag", "x2"])
    assert numeric == ["x1", "x2"]
    assert categorical == ["colour", "flag"]

    dataset = Dataset(frame, "flags")
    problem = define_problem(dataset, "churned", features=["x1", "colour", "flag"])
    x = prepare_features(frame, problem)
    assert list(x.columns) == ["x1", "colour", "flag"]
    assert x["flag"].tolist()[:2] == ["True", "False"]
    assert x["colour"].isna().sum() == frame["colour"].isna().sum()
    assert x["colour"].dropna().map(type).eq(str).all()


def test_nullable_string_feature_with_gaps_trains(binary_dataset: Dataset) -> None:
    frame = binary_dataset.frame.copy()
    frame["colour"] = frame["colour"].astype("string")
    assert frame["colour"].isna().any()
    dataset = Dataset(frame, "nullable")
    problem = define_problem(dataset, "churned")
    split = plan_split(dataset, problem, SplitPlan())
    model = train(dataset, problem, split, "logistic")
    assert model.y_pred.shape == (len(split.test),)
