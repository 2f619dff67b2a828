"""Metrics by group (Fairlearn MetricFrame): numbers by hand, bands, small groups, warnings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.evaluate.fairness import FairnessError, candidate_columns, group_labels, group_report
from mlpm.explain.fairness import fairness_sentence, small_groups_note
from mlpm.model.training import TrainedModel


def _model(y_test: np.ndarray, scores: np.ndarray | None, *, y_pred: np.ndarray | None = None,
           classes: tuple[str, ...] = ("no", "yes")) -> TrainedModel:
    pred = y_pred if y_pred is not None else np.where(scores >= 0.5, "yes", "no")
    return TrainedModel(key="m", name="M", is_baseline=False, pipeline=None, complexity=0,
                        fit_seconds=0.0, y_test=y_test, y_pred=pred, scores=scores,
                        classes=classes, rows=np.arange(len(y_test)))


def _planted(n_per_group: int = 100) -> tuple[pd.DataFrame, TrainedModel]:
    """Group A: the model finds every real case. Group B: it finds only half of them."""
    rng = np.random.default_rng(0)
    groups = np.repeat(["A", "B"], n_per_group)
    y = np.where(rng.random(2 * n_per_group) < 0.4, "yes", "no")
    scores = np.where(y == "yes", 0.9, 0.1)
    b_cases = np.flatnonzero((groups == "B") & (y == "yes"))
    scores[b_cases[: len(b_cases) // 2]] = 0.2  # missed
    frame = pd.DataFrame({"gender": groups, "age": rng.integers(18, 80, 2 * n_per_group),
                          "id": np.arange(2 * n_per_group)})
    return frame, _model(y, scores)


def test_group_metrics_by_hand_and_the_warning() -> None:
    frame, model = _planted()
    report = group_report(model, frame, "gender", task="binary", positive_label="yes")
    y, pred, groups = model.y_test, np.where(model.scores >= 0.5, "yes", "no"), frame["gender"]
    for g in ("A", "B"):
        inside = (groups == g).to_numpy()
        real = inside & (y == "yes")
        assert report.table.loc[g, "rows"] == inside.sum()
        assert report.table.loc[g, "cases"] == real.sum()
        assert report.table.loc[g, "recall"] == pytest.approx((pred[real] == "yes").mean())
        assert report.table.loc[g, "accuracy"] == pytest.approx((pred[inside] == y[inside]).mean())
    assert report.overall["recall"] == pytest.approx((pred[y == "yes"] == "yes").mean())
    assert report.headline.metric == "recall"
    assert report.headline.worst_group == "B"
    assert report.headline.best == pytest.approx(1.0)
    assert report.served_worse
    sentence = fairness_sentence(report, "churners")
    assert sentence.startswith("Warning: the model serves gender = B much worse: it finds")
    assert "of the churners among gender = B but 100% among gender = A" in sentence


def test_equal_groups_get_no_warning() -> None:
    rng = np.random.default_rng(1)
    y = np.where(rng.random(300) < 0.5, "yes", "no")
    model = _model(y, np.where(y == "yes", 0.8, 0.2))
    frame = pd.DataFrame({"region": rng.choice(["N", "S", "E"], 300)})
    report = group_report(model, frame, "region", task="binary", positive_label="yes")
    assert not report.served_worse
    assert fairness_sentence(report).startswith("No group is served much worse.")


def test_numbers_are_banded_and_small_groups_set_aside() -> None:
    frame, model = _planted()
    labels, banded = group_labels(frame["age"])
    assert banded
    assert labels.nunique() == 4
    assert labels.iloc[0].count(" to ") == 1
    frame["plan"] = ["rare"] * 5 + ["common"] * (len(frame) - 5)
    report = group_report(model, frame, "plan", task="binary", positive_label="yes")
    assert report.small_groups == ("rare",)
    assert report.headline is None  # one group left to judge: no gap to name
    assert "Too few test rows" in small_groups_note(report)


def test_regression_groups_compare_average_errors() -> None:
    y = np.arange(100, dtype=float)
    pred = y + np.where(np.arange(100) < 50, 1.0, 4.0)
    model = _model(y, None, y_pred=pred, classes=())
    frame = pd.DataFrame({"city": ["X"] * 50 + ["Y"] * 50})
    report = group_report(model, frame, "city", task="regression")
    assert report.table.loc["X", "mae"] == pytest.approx(1.0)
    assert report.table.loc["Y", "mae"] == pytest.approx(4.0)
    assert report.served_worse
    assert "off by 4.00 on average for city = Y" in fairness_sentence(report)


def test_bad_columns_explain_themselves() -> None:
    frame, model = _planted()
    with pytest.raises(FairnessError, match="no column"):
        group_report(model, frame, "nope", task="binary", positive_label="yes")
    frame["same"] = "x"
    with pytest.raises(FairnessError, match="same 'same'"):
        group_report(model, frame, "same", task="binary", positive_label="yes")
    with pytest.raises(FairnessError, match="right answers"):
        group_report(model, frame, "gender", task="clustering")


def test_candidate_columns_put_sensitive_ones_first() -> None:
    frame, _ = _planted()
    frame["zone"] = "z" + (frame["id"] % 3).astype(str)
    columns = candidate_columns(frame, target=None)
    assert columns[:2] == ["gender", "age"]
    assert "id" not in columns  # an ID is not a group
