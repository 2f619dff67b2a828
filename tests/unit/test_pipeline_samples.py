"""The bundled samples load and make the problems they promise; pipeline.run end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from mlpm.data.dataset import Dataset
from mlpm.data.samples import SAMPLE_DIR, SAMPLES, load_sample
from mlpm.errors import ProblemSetupError
from mlpm.model.problem import define_problem
from mlpm.project.pipeline import RunResult, default_model, run

EXPECTED_TASK = {"churn": "binary", "cats_dogs": "binary", "house_prices": "regression",
                 "support_tickets": "binary"}


@pytest.mark.parametrize("key", list(SAMPLES))
def test_every_sample_loads(key: str) -> None:
    sample = SAMPLES[key]
    assert sample.key == key
    assert sample.path.parent == SAMPLE_DIR
    assert sample.path.is_file()
    dataset = load_sample(key)
    assert dataset.name == sample.file
    assert dataset.n_rows >= 100
    assert dataset.n_columns >= 3
    assert sample.title
    assert sample.question
    assert load_sample(key).version == dataset.version
    if sample.target is None:
        assert sample.positive_label is None
        return
    assert sample.target in dataset.frame.columns
    assert dataset.frame[sample.target].notna().all()


@pytest.mark.parametrize("key", [k for k, s in SAMPLES.items() if s.target])
def test_sample_targets_make_the_promised_problem(key: str) -> None:
    sample = SAMPLES[key]
    dataset = load_sample(key)
    problem = define_problem(dataset, sample.target)
    assert problem.task == EXPECTED_TASK[key]
    assert problem.positive_label == sample.positive_label
    if sample.positive_label is not None:
        assert sample.positive_label in set(dataset.frame[sample.target].astype(str))
    assert problem.features  # something to learn from


def test_every_task_has_a_sample() -> None:
    assert set(EXPECTED_TASK) == {k for k, s in SAMPLES.items() if s.target}


def test_run_binary(binary_dataset: Dataset) -> None:
    result = run(binary_dataset, "churned", seed=7)
    assert isinstance(result, RunResult)
    assert result.problem.task == "binary"
    assert result.model.key == default_model(result.problem) == "logistic"
    assert result.baseline.key == "majority"
    assert result.baseline.is_baseline
    np.testing.assert_array_equal(result.model.y_test, result.baseline.y_test)
    assert result.model.split_key == result.baseline.split_key == result.split.key
    assert result.split.counts() == {"train": 128, "test": 32}

    report = result.model_report(result.model)
    assert set(report) == {"model", "name", "metrics", "confusion_matrix"}
    matrix = report["confusion_matrix"]
    assert matrix["labels"] == ["Yes", "No"]
    (tp, fn), (fp, tn) = matrix["matrix"]
    assert tp + fn + fp + tn == 32
    assert tp + fn == int((result.model.y_test == "Yes").sum())
    assert report["metrics"]["accuracy"] == pytest.approx((tp + tn) / 32)
    json.dumps(report)

    baseline = result.model_report(result.baseline)
    assert report["metrics"]["f1"] > baseline["metrics"]["f1"]
    (s_tp, s_fn), (s_fp, _) = result.model_report(result.model,
                                                  threshold=0.99)["confusion_matrix"]["matrix"]
    assert s_tp + s_fn == tp + fn  # the same actual positives
    assert s_tp + s_fp <= tp + fp  # a stricter bar flags fewer rows


def test_run_regression_and_model_choice(regression_dataset: Dataset) -> None:
    result = run(regression_dataset, "price", model_key="tree_reg", test_size=0.25, seed=1)
    assert result.model.key == "tree_reg"
    assert result.baseline.key == "mean"
    report = result.model_report(result.model)
    assert set(report) == {"model", "name", "metrics"}
    # Reference: sklearn's metrics on the dataset's own test rows and the fitted pipeline's
    # predictions for them.
    test_rows = regression_dataset.frame.iloc[result.split.test]
    truth = test_rows["price"].to_numpy()
    predicted = result.model.pipeline.predict(test_rows[list(result.problem.features)])
    assert report["metrics"] == pytest.approx({
        "mae": mean_absolute_error(truth, predicted),
        "rmse": mean_squared_error(truth, predicted) ** 0.5,
        "r2": r2_score(truth, predicted)})
    assert report["metrics"]["r2"] > result.model_report(result.baseline)["metrics"]["r2"]
    assert result.split.counts() == {"train": 120, "test": 40}


def test_run_multiclass(multiclass_dataset: Dataset) -> None:
    result = run(multiclass_dataset, "size")
    report = result.model_report(result.model)
    assert report["confusion_matrix"]["labels"] == ["large", "medium", "small"]
    assert np.sum(report["confusion_matrix"]["matrix"]) == len(result.split.test)
    assert result.problem.positive_label is None


def test_run_is_reproducible(binary_dataset: Dataset) -> None:
    a = run(binary_dataset, "churned", seed=3)
    b = run(binary_dataset, "churned", seed=3)
    np.testing.assert_array_equal(a.split.test, b.split.test)
    np.testing.assert_allclose(a.model.scores, b.model.scores)


def test_run_rejects_bad_target_and_model(binary_dataset: Dataset) -> None:
    with pytest.raises(ProblemSetupError, match="no column called 'nope'"):
        run(binary_dataset, "nope")
    with pytest.raises(ProblemSetupError, match="Choose one of"):
        run(binary_dataset, "churned", model_key="linear")


def test_run_on_cats_and_dogs_sample_beats_baseline() -> None:
    result = run(load_sample("cats_dogs"), "animal")
    model = result.model_report(result.model)["metrics"]
    baseline = result.model_report(result.baseline)["metrics"]
    assert model["accuracy"] > baseline["accuracy"] + 0.2
    assert result.problem.positive_label == "dog"
