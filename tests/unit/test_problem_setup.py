"""Choosing a target: task inference, setup errors, positive label, default feature exclusions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.explain.training import exclusion_reason
from mlpm.model.problem import (
    MAX_CLASSES,
    default_features,
    define_problem,
    feature_exclusions,
    infer_task,
    target_labels,
)

RNG = np.random.default_rng(3)


@pytest.mark.parametrize(
    ("values", "task"),
    [
        pytest.param(["yes", "no"] * 30, "binary", id="yes_no_text"),
        pytest.param([0, 1, 1, 0] * 15, "binary", id="zero_one"),
        pytest.param([0.0, 1.0, np.nan] * 20, "binary", id="zero_one_with_gaps"),
        pytest.param([True, False] * 30, "binary", id="bool"),
        pytest.param(list(range(1, 6)) * 40, "multiclass", id="codes_1_to_5_many_rows"),
        pytest.param([1.0, 2.0, 3.0, np.nan] * 50, "multiclass", id="codes_as_floats_with_gaps"),
        pytest.param(list(RNG.normal(50, 10, 200)), "regression", id="floats"),
        pytest.param(list(RNG.integers(18, 90, 200)), "regression", id="many_integers"),
        pytest.param(["a", "b", "c", "d"] * 15, "multiclass", id="four_strings"),
    ],
)
def test_infer_task(values: list[object], task: str) -> None:
    assert infer_task(pd.Series(values)) == task


def _dataset(**columns: object) -> Dataset:
    return Dataset(pd.DataFrame(columns), "t")


def _setup_error(dataset: Dataset, target: str, **kwargs: object) -> ProblemSetupError:
    with pytest.raises(ProblemSetupError) as info:
        define_problem(dataset, target, **kwargs)
    assert info.value.message.strip()
    assert info.value.hint.strip()
    return info.value


def test_missing_target_column() -> None:
    error = _setup_error(_dataset(a=[1, 2, 3], b=[1, 0, 1]), "churn")
    assert "'churn'" in error.message


def test_all_missing_target() -> None:
    error = _setup_error(_dataset(a=[1, 2, 3], y=[np.nan] * 3), "y")
    assert "empty on every row" in error.message


def test_one_class_target() -> None:
    error = _setup_error(_dataset(a=[1, 2, 3, 4], y=["yes", "yes", np.nan, "yes"]), "y")
    assert "only one value (yes)" in error.message


def test_one_class_numeric_target_shows_whole_number() -> None:
    error = _setup_error(_dataset(a=[1, 2, 3], y=[1.0, 1.0, 1.0]), "y")
    assert "(1)" in error.message


def test_too_many_classes() -> None:
    n = MAX_CLASSES + 1
    dataset = _dataset(a=np.arange(n * 2), y=[f"class_{i}" for i in range(n)] * 2)
    error = _setup_error(dataset, "y")
    assert f"{n} different values" in error.message


def test_max_classes_is_allowed() -> None:
    dataset = _dataset(a=np.arange(MAX_CLASSES * 2), y=[f"c{i:02d}" for i in range(MAX_CLASSES)] * 2)
    problem = define_problem(dataset, "y", features=["a"])
    assert problem.task == "multiclass"
    assert len(problem.classes) == MAX_CLASSES


def test_no_features_left() -> None:
    dataset = _dataset(y=["a", "b"] * 10, constant=[1] * 20)
    _setup_error(dataset, "y")  # the only other column is excluded by default
    _setup_error(_dataset(a=[1, 2], y=["a", "b"]), "y", features=["y"])
    _setup_error(_dataset(a=[1, 2], y=["a", "b"]), "y", features=["not_a_column"])


def test_text_target_as_regression_is_refused() -> None:
    error = _setup_error(_dataset(a=[1, 2, 3], y=["x", "y", "z"]), "y", task="regression")
    assert "not a number" in error.message


def test_binary_task_with_three_classes_is_refused() -> None:
    _setup_error(_dataset(a=[1, 2, 3], y=["x", "y", "z"]), "y", task="binary")


@pytest.mark.parametrize(
    ("labels", "positive"),
    [
        (["No", "Yes"], "Yes"),
        (["cat", "dog"], "dog"),
        (["false", "true"], "true"),
        (["ham", "spam"], "spam"),
        ([0, 1], "1"),
        ([0.0, 1.0], "1"),
        (["alpha", "beta"], "beta"),  # no known word: the last class
    ],
)
def test_positive_label_guess(labels: list[object], positive: str) -> None:
    dataset = _dataset(a=np.arange(20), y=labels * 10)
    problem = define_problem(dataset, "y", features=["a"])
    assert problem.task == "binary"
    assert problem.positive_label == positive
    assert problem.classes == tuple(sorted(str(v) if not isinstance(v, float) else str(int(v))
                                           for v in labels))


def test_explicit_positive_label_wins_unless_unknown() -> None:
    dataset = _dataset(a=np.arange(20), y=["No", "Yes"] * 10)
    assert define_problem(dataset, "y", features=["a"], positive_label="No").positive_label == "No"
    assert define_problem(dataset, "y", features=["a"], positive_label="Maybe").positive_label == "Yes"


def test_two_values_asked_as_multiclass_become_binary() -> None:
    dataset = _dataset(a=np.arange(20), y=["cat", "dog"] * 10)
    problem = define_problem(dataset, "y", task="multiclass", features=["a"])
    assert problem.task == "binary"
    assert problem.positive_label == "dog"


def test_problem_fields(binary_dataset: Dataset, regression_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    assert problem.task == "binary"
    assert problem.features == ("x1", "x2", "colour")
    assert problem.classes == ("No", "Yes")
    assert problem.data_version == binary_dataset.version
    assert problem.key.startswith(binary_dataset.version)
    assert problem.is_classification

    reg = define_problem(regression_dataset, "price")
    assert reg.task == "regression"
    assert reg.classes == ()
    assert reg.positive_label is None
    assert not reg.is_classification
    assert reg.key != problem.key


def test_target_labels_are_strings_for_classification() -> None:
    dataset = _dataset(a=np.arange(6), y=[0.0, 1.0, np.nan, 1.0, 0.0, 1.0])
    problem = define_problem(dataset, "y", features=["a"])
    labels = target_labels(problem, dataset.frame["y"])
    assert labels.iloc[[0, 1, 3]].tolist() == ["0", "1", "1"]
    assert pd.isna(labels.iloc[2])


def _messy_frame(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "row_number": np.arange(n),
        "plan": ["basic"] * n,
        "signup": pd.date_range("2025-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
        "age": rng.integers(18, 30, n),
        "city": rng.choice(["Paris", "Lyon", "Nice"], n),
        "spend": rng.normal(100, 10, n),
        "churned": rng.choice(["Yes", "No"], n),
    })


def test_feature_exclusions_reasons() -> None:
    reasons = feature_exclusions(_messy_frame(), "churned")
    assert set(reasons) == {"customer_id", "row_number", "plan", "signup"}
    assert {name: e.kind for name, e in reasons.items()} == {
        "customer_id": "id", "row_number": "id", "plan": "constant", "signup": "date"}
    assert "ID" in exclusion_reason(reasons["customer_id"], "churned")
    assert "same value on every row" in exclusion_reason(reasons["plan"], "churned")
    assert "date" in exclusion_reason(reasons["signup"], "churned")


def test_default_features_keep_order_and_skip_target() -> None:
    assert default_features(_messy_frame(), "churned") == ["age", "city", "spend"]


def test_target_is_never_listed_as_excluded() -> None:
    frame = _messy_frame()
    assert "customer_id" not in feature_exclusions(frame, "customer_id")
    assert "plan" not in feature_exclusions(frame, "plan")


def test_codes_with_too_many_values_are_excluded_but_free_text_is_kept() -> None:
    n = 120
    frame = pd.DataFrame({
        "code": [f"comment number {i % 100}" for i in range(n)],  # 100 labels, two words each
        "note": [f"the parcel {i} arrived late and broken" for i in range(n)],
        "y": ["a", "b"] * (n // 2),
    })
    reasons = feature_exclusions(frame, "y")
    assert "too many different values" in exclusion_reason(reasons["code"], "y")
    assert "note" not in reasons
    assert "note" in default_features(frame, "y")


def test_define_problem_uses_default_features() -> None:
    dataset = Dataset(_messy_frame(), "messy")
    problem = define_problem(dataset, "churned")
    assert problem.features == ("age", "city", "spend")
