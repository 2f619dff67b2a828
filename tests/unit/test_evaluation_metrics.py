"""Our confusion matrices and metrics agree with scikit-learn's, at every threshold."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

from mlpm.data.dataset import Dataset
from mlpm.evaluate.metrics import (
    BinaryConfusion,
    ConfusionTable,
    ThresholdSweep,
    binary_sweep,
    cell_positions,
    classification_report,
    headline_score,
    largest_errors,
    ranking_metrics,
    regression_details,
    regression_report,
    rows_behind,
)
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import TrainedModel, train


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


# --- issue 6: every threshold at once, ranking metrics, regression details, rows of a cell --

def test_grid_frame_matches_sklearn_at_slider_positions() -> None:
    # Scores on the same 0.01 steps as the slider: every grid position is a tie to get right.
    y_true, scores = _scored(3, n=300, decimals=2)
    truth = y_true == "yes"
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    grid = sweep.grid_frame()
    assert len(grid) == 101
    assert list(grid["threshold"]) == [round(t / 100, 2) for t in range(101)]
    for row in grid.itertuples():
        flagged = scores >= row.threshold
        cells = (int((flagged & truth).sum()), int((flagged & ~truth).sum()),
                 int((~flagged & truth).sum()), int((~flagged & ~truth).sum()))
        assert (row.tp, row.fp, row.fn, row.tn) == cells, row.threshold
        # the grid and a slider move agree exactly (same float for 0.3 etc.)
        assert sweep.at(row.threshold).cells() == dict(zip(("tp", "fp", "fn", "tn"), cells,
                                                           strict=True))
        assert row.false_alarm_rate == pytest.approx(cells[1] / (cells[1] + cells[3]))
    for row in grid.iloc[::10].itertuples():  # sklearn is slow: every tenth position
        y_pred = np.where(scores >= row.threshold, "yes", "no")
        assert [[row.tp, row.fn], [row.fp, row.tn]] == confusion_matrix(
            y_true, y_pred, labels=["yes", "no"]).tolist()
        for name, value in _sk_metrics(y_true, y_pred).items():
            assert getattr(row, name) == pytest.approx(value, abs=1e-12), (row.threshold, name)


def test_metrics_at_equals_one_move_at_a_time() -> None:
    y_true, scores = _scored(11, n=500, decimals=3)
    sweep = ThresholdSweep.from_scores(y_true, scores, positive_label="yes", negative_label="no")
    thresholds = np.concatenate([np.unique(scores), [-1.0, 2.0]])
    many = sweep.metrics_at(thresholds)
    for i, t in enumerate(thresholds):
        one = sweep.at(float(t)).metrics()
        assert {k: float(v[i]) for k, v in many.items()} == one


def test_ranking_metrics_match_sklearn() -> None:
    y_true, scores = _scored(12, n=400, decimals=4)
    model = _fake_model(y_true, np.where(scores >= 0.5, "yes", "no"), scores, ("no", "yes"))
    ranking = ranking_metrics(model, "yes")
    assert ranking["roc_auc"] == pytest.approx(roc_auc_score(y_true == "yes", scores))
    assert ranking["pr_auc"] == pytest.approx(average_precision_score(y_true == "yes", scores))
    proba = np.column_stack([1 - scores, scores])
    assert ranking["log_loss"] == pytest.approx(log_loss(y_true, proba, labels=["no", "yes"]))


def test_log_loss_when_the_positive_label_sorts_first() -> None:
    """'Attrited' < 'Stayed': the positive class's probability must still be read as such
    (it was read as the other class's, giving 1.51 instead of 0.30 on one table)."""
    y_true, scores = _scored(13, n=400, decimals=4)
    scores = scores.clip(0.01, 0.99)  # away from 0 and 1, where log loss clips
    y_true = np.where(y_true == "yes", "Attrited", "Stayed")
    model = _fake_model(y_true, np.where(scores >= 0.5, "Attrited", "Stayed"), scores,
                        ("Attrited", "Stayed"))
    p_true = np.where(y_true == "Attrited", scores, 1 - scores)
    by_hand = float(-np.mean(np.log(p_true)))
    assert ranking_metrics(model, "Attrited")["log_loss"] == pytest.approx(by_hand)


def test_rule_has_no_log_loss_and_one_class_has_no_auc() -> None:
    rule = TrainedModel(key="rule", name="Your rule", is_baseline=False, pipeline=None,
                        complexity=0, fit_seconds=0.0, y_test=np.array(["yes", "no", "no"]),
                        y_pred=np.array(["yes", "yes", "no"]), scores=np.array([1.0, 1.0, 0.0]),
                        classes=("no", "yes"), is_rule=True)
    assert set(ranking_metrics(rule, "yes")) == {"roc_auc", "pr_auc"}
    only_no = _fake_model(np.array(["no"] * 3), np.array(["no"] * 3), np.array([0.1, 0.2, 0.3]),
                          ("no", "yes"))
    assert set(ranking_metrics(only_no, "yes")) == {"log_loss"}


def test_multiclass_ranking_matches_sklearn(multiclass_dataset: Dataset) -> None:
    problem = define_problem(multiclass_dataset, "size")
    split = plan_split(multiclass_dataset, problem, SplitPlan(test_size=0.3, seed=2))
    model = train(multiclass_dataset, problem, split, "logistic")
    ranking = ranking_metrics(model)
    labels = list(model.classes)
    assert ranking["roc_auc"] == pytest.approx(
        roc_auc_score(model.y_test, model.scores, multi_class="ovr", labels=labels))
    assert ranking["log_loss"] == pytest.approx(log_loss(model.y_test, model.scores, labels=labels))


def test_confusion_table_shares() -> None:
    table = ConfusionTable(["a", "b"], [[3, 1], [2, 0]])
    assert_allclose(table.shares_of_actual(), [[0.75, 0.25], [1.0, 0.0]])
    assert_allclose(table.shares_of_predicted(), [[0.6, 1.0], [0.4, 0.0]])
    empty = ConfusionTable(["a", "b"], [[0, 0], [0, 0]])
    assert_allclose(empty.shares_of_actual(), 0.0)


def test_regression_details_match_sklearn(regression_dataset: Dataset) -> None:
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(seed=3))
    model = train(regression_dataset, problem, split, "linear")
    y, p = model.y_test.astype(float), model.y_pred.astype(float)
    details = regression_details(model)
    assert details["mape"] == pytest.approx(mean_absolute_percentage_error(y, p))
    assert details["median_error"] == pytest.approx(median_absolute_error(y, p))
    assert details["p90_error"] == pytest.approx(np.quantile(np.abs(p - y), 0.9))
    assert details["bias"] == pytest.approx(np.mean(p - y))
    zero = _fake_model(np.array([0.0, 2.0]), np.array([1.0, 2.0]), None, ())
    assert "mape" not in regression_details(zero)  # a % of zero means nothing


def test_rows_behind_a_cell_are_the_datasets_rows(binary_dataset: Dataset) -> None:
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(test_size=0.3, seed=4))
    model = train(binary_dataset, problem, split, "logistic")
    threshold = 0.4
    table, _ = classification_report(model, positive_label="Yes", threshold=threshold)
    cells = {("Yes", "Yes"): table.matrix[0][0], ("Yes", "No"): table.matrix[0][1],
             ("No", "Yes"): table.matrix[1][0], ("No", "No"): table.matrix[1][1]}
    seen: list[int] = []
    for (actual, predicted), count in cells.items():
        positions = cell_positions(model, actual, predicted, positive_label="Yes",
                                   threshold=threshold)
        assert len(positions) == count
        rows = rows_behind(model, binary_dataset.frame, problem.features, positions,
                           positive_label="Yes", threshold=threshold, target="churned")
        assert list(rows.columns[:3]) == ["actual churned", "predicted churned",
                                          "probability of Yes"]
        assert (rows["actual churned"] == actual).all()
        assert (rows["predicted churned"] == predicted).all()
        assert ((rows["probability of Yes"] >= threshold) == (predicted == "Yes")).all()
        # index = row number in the PM's file (from 1); the features are that row's values
        frame_rows = rows.index.to_numpy() - 1
        assert (binary_dataset.frame["churned"].to_numpy()[frame_rows] == actual).all()
        assert_allclose(rows["x1"].to_numpy(), binary_dataset.frame["x1"].to_numpy()[frame_rows])
        seen.extend(frame_rows)
    assert sorted(seen) == sorted(split.test)


def test_multiclass_rows_and_largest_errors(multiclass_dataset: Dataset,
                                            regression_dataset: Dataset) -> None:
    problem = define_problem(multiclass_dataset, "size")
    split = plan_split(multiclass_dataset, problem, SplitPlan(test_size=0.3, seed=2))
    model = train(multiclass_dataset, problem, split, "logistic")
    wrong = cell_positions(model, "small", "medium")
    rows = rows_behind(model, multiclass_dataset.frame, problem.features, wrong, target="size")
    assert len(rows) == int(((model.y_test == "small") & (model.y_pred == "medium")).sum())
    assert "probability of the prediction" in rows
    problem = define_problem(regression_dataset, "price")
    split = plan_split(regression_dataset, problem, SplitPlan(seed=3))
    model = train(regression_dataset, problem, split, "tree_reg", complexity=2)
    worst = largest_errors(model, regression_dataset.frame, problem.features, target="price",
                           limit=5)
    errors = np.abs(model.y_pred - model.y_test)
    assert_allclose(np.abs(worst["error"]), np.sort(errors)[::-1][:5])
