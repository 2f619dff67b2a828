"""Our confusion matrices and metrics agree with scikit-learn's, at every threshold."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

from mlpm.data.dataset import Dataset
from mlpm.evaluation import (
    BinaryConfusion,
    ThresholdSweep,
    binary_sweep,
    classification_report,
    headline_score,
    regression_report,
)
from mlpm.problem import define_problem
from mlpm.split import SplitPlan, plan_split
from mlpm.training import TrainedModel, train


def _scored(seed: int, n: int = 200, *, decimals: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores rounded to ``decimals`` so many scores tie."""
    rng = np.random.default_rng(seed)
    is_pos = rng.random(n) < 0.35
    scores = np.clip(rng.normal(np.where(is_pos, 0.65, 0.35), 0.2), 0.0, 1.0).round(decimals)
    return np.where(is_pos, "yes", "no"), scores


def _sklearn_cells(y_true: np.ndarray, scores: np.ndarray, t: float) -> list[list[int]]:
    y_pred = np.where(scores >= t, "yes", "no")
    return confusion_matrix(y_true, y_pred, labels=["yes", "no"]).tolist()


def _thresholds(scores: np.ndarray) -> np.ndarray:
    """Every tied score value, midpoints, the ends and beyond."""
    return np.unique(np.concatenate([scores, np.linspace(0, 1, 41), [0.0, 1.0, -0.5, 1.5,
                                                                     0.05, 0.55, 0.999]]))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sweep_matches_sklearn_at_every_threshold(seed: int) -> None:
    y_true, scores = _scored(seed)
    assert len(np.unique(scores)) < len(scores) / 5  # plenty of ties
    assert {0.0, 1.0} <= set(scores)  # scores sit exactly on both ends
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    for t in _thresholds(scores):
        confusion = sweep.at(float(t))
        labels, matrix = confusion.table()
        assert labels == ["yes", "no"]
        assert matrix == _sklearn_cells(y_true, scores, t), t
        assert confusion.total == len(y_true)
        assert confusion.threshold == float(t)


def test_sweep_ends() -> None:
    y_true, scores = _scored(4)
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    n_pos = int((y_true == "yes").sum())
    everything = sweep.at(0.0)  # every score is >= 0
    assert (everything.tp, everything.fp, everything.fn, everything.tn) == (
        n_pos, len(y_true) - n_pos, 0, 0)
    ones = int((scores == 1.0).sum())
    at_one = sweep.at(1.0)  # only scores of exactly 1 are flagged
    assert at_one.tp + at_one.fp == ones
    nothing = sweep.at(1.01)
    assert (nothing.tp, nothing.fp) == (0, 0)
    assert nothing.metrics()["precision"] == 0.0
    assert nothing.metrics()["flagged_share"] == 0.0


def test_sweep_with_all_scores_tied() -> None:
    y_true = np.array(["yes", "no", "no", "yes", "no"])
    scores = np.full(5, 0.5)
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    assert sweep.at(0.5).table()[1] == [[2, 0], [3, 0]]
    assert sweep.at(0.5000001).table()[1] == [[0, 2], [0, 3]]


def _sk_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    kw = {"pos_label": "yes", "zero_division": 0}
    return {"accuracy": accuracy_score(y_true, y_pred),
            "precision": precision_score(y_true, y_pred, **kw),
            "recall": recall_score(y_true, y_pred, **kw),
            "f1": f1_score(y_true, y_pred, **kw),
            "specificity": recall_score(y_true, y_pred, pos_label="no", zero_division=0),
            "flagged_share": float((y_pred == "yes").mean())}


@pytest.mark.parametrize("seed", [0, 5])
def test_metrics_match_sklearn(seed: int) -> None:
    y_true, scores = _scored(seed, decimals=2)
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    for t in [0.0, 0.1, 0.3, 0.5, 0.62, 0.8, 1.0, 1.2]:
        ours = sweep.at(t).metrics()
        theirs = _sk_metrics(y_true, np.where(scores >= t, "yes", "no"))
        assert ours.keys() == theirs.keys()
        for name, value in theirs.items():
            assert ours[name] == pytest.approx(value, abs=1e-12), (t, name)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ((0, 0, 5, 5), {"precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 0.5}),
        ((0, 3, 0, 7), {"precision": 0.0, "recall": 0.0, "f1": 0.0, "specificity": 0.7}),
        ((4, 0, 0, 0), {"precision": 1.0, "recall": 1.0, "f1": 1.0, "specificity": 0.0}),
        ((3, 1, 2, 4), {"precision": 0.75, "recall": 0.6, "f1": 2 / 3, "accuracy": 0.7}),
    ],
)
def test_binary_confusion_edge_cells(cells: tuple[int, int, int, int],
                                     expected: dict[str, float]) -> None:
    tp, fp, fn, tn = cells
    metrics = BinaryConfusion(tp, fp, fn, tn, 0.5, "yes", "no").metrics()
    for name, value in expected.items():
        assert metrics[name] == pytest.approx(value)


def test_curve_default_grid() -> None:
    y_true, scores = _scored(6)
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    rows = sweep.curve()
    assert len(rows) == 101
    assert rows[0]["threshold"] == 0.0
    assert rows[-1]["threshold"] == 1.0
    recalls = [r["recall"] for r in rows]
    assert recalls == sorted(recalls, reverse=True)  # raising the bar never finds more
    assert rows[50] == {"threshold": 0.5, **sweep.at(0.5).metrics()}
    assert len(sweep.curve(np.array([0.2, 0.4]))) == 2


def _fake_model(y_test: np.ndarray, y_pred: np.ndarray, scores: np.ndarray | None,
                classes: tuple[str, ...]) -> TrainedModel:
    return TrainedModel(key="fake", name="Fake", is_baseline=False, pipeline=None,
                        complexity=0, fit_seconds=0.0, y_test=y_test, y_pred=y_pred,
                        scores=scores, classes=classes)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_binary_classification_report(threshold: float) -> None:
    y_true, scores = _scored(7, decimals=3)
    model = _fake_model(y_true, np.where(scores >= 0.5, "yes", "no"), scores, ("no", "yes"))
    table, metrics = classification_report(model, positive_label="yes", threshold=threshold)
    assert table.labels == ["yes", "no"]
    assert table.matrix == _sklearn_cells(y_true, scores, threshold)
    assert table.as_dict() == {"labels": ["yes", "no"], "matrix": table.matrix}
    assert metrics["roc_auc"] == pytest.approx(roc_auc_score(y_true == "yes", scores))
    assert metrics["f1"] == pytest.approx(f1_score(
        y_true, np.where(scores >= threshold, "yes", "no"), pos_label="yes", zero_division=0))


def test_binary_report_without_both_classes_has_no_auc() -> None:
    model = _fake_model(np.array(["no"] * 4), np.array(["no"] * 4),
                        np.array([0.1, 0.2, 0.6, 0.3]), ("no", "yes"))
    table, metrics = classification_report(model, positive_label="yes")
    assert "roc_auc" not in metrics
    assert table.matrix == [[0, 0], [1, 3]]


def test_binary_sweep_from_model_picks_the_other_class() -> None:
    model = _fake_model(np.array(["a", "b"]), np.array(["a", "b"]), np.array([0.2, 0.9]),
                        ("a", "b"))
    sweep = binary_sweep(model, "b")
    assert (sweep.positive_label, sweep.negative_label) == ("b", "a")
    assert sweep.at(0.5).table()[1] == [[1, 0], [0, 1]]


def test_multiclass_report_matches_sklearn(multiclass_dataset: Dataset) -> None:
    problem = define_problem(multiclass_dataset, "size")
    split = plan_split(multiclass_dataset, problem, SplitPlan(test_size=0.3, seed=2))
    model = train(multiclass_dataset, problem, split, "tree", complexity=3)
    table, metrics = classification_report(model)
    assert table.labels == list(problem.classes) == ["large", "medium", "small"]
    expected = confusion_matrix(model.y_test, model.y_pred, labels=table.labels)
    assert table.matrix == expected.tolist()
    assert sum(map(sum, table.matrix)) == len(split.test)
    assert metrics["accuracy"] == pytest.approx(accuracy_score(model.y_test, model.y_pred))
    for name, fn in (("precision", precision_score), ("recall", recall_score), ("f1", f1_score)):
        assert metrics[name] == pytest.approx(
            fn(model.y_test, model.y_pred, average="macro", zero_division=0)), name
    assert headline_score(model, None) == ("accuracy", metrics["accuracy"])


def test_multiclass_matrix_keeps_classes_never_predicted() -> None:
    y_test = np.array(["a", "b", "c", "c", "b"])
    y_pred = np.array(["a", "a", "a", "a", "b"])
    table, metrics = classification_report(_fake_model(y_test, y_pred, None, ("a", "b", "c")))
    assert table.matrix == [[1, 0, 0], [1, 1, 0], [2, 0, 0]]
    assert metrics["precision"] == pytest.approx(
        precision_score(y_test, y_pred, average="macro", zero_division=0))


def test_regression_report_matches_sklearn(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(seed=3))
    model = train(regression_dataset, problem, split, "tree_reg", complexity=3)
    report = regression_report(model)
    y, p = model.y_test.astype(float), model.y_pred.astype(float)
    assert report == pytest.approx({"mae": mean_absolute_error(y, p),
                                    "rmse": np.sqrt(mean_squared_error(y, p)),
                                    "r2": r2_score(y, p)})
    assert headline_score(model, None) == ("r2", report["r2"])


def test_regression_report_on_known_numbers() -> None:
    model = _fake_model(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 3.0, 8.0]), None, ())
    report = regression_report(model)
    assert report["mae"] == pytest.approx(1.0)
    assert report["rmse"] == pytest.approx(2.0)
    assert report["r2"] == pytest.approx(1 - 16 / 5)


def test_headline_score_binary_is_f1() -> None:
    y_true, scores = _scored(9)
    model = _fake_model(y_true, np.where(scores >= 0.5, "yes", "no"), scores, ("no", "yes"))
    name, value = headline_score(model, "yes")
    assert name == "f1"
    assert_allclose(value, f1_score(y_true, np.where(scores >= 0.5, "yes", "no"), pos_label="yes"))
