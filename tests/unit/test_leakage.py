"""Leaks by name and by ranking: a feature sharing a word with the target counts on weaker
evidence than any other, and numbers that rank the two classes apart count on their own.
Scores are checked against sklearn's on the whole table (the finder scores half of it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics import balanced_accuracy_score, r2_score, roc_auc_score

from mlpm.data.leakage import find_leaks

N = 4_000


def _found(frame: pd.DataFrame, target: str, *, classification: bool) -> dict[str, tuple]:
    features = [c for c in frame.columns if c != target]
    return {f.column: (f.reason, f.metric, f.score)
            for f in find_leaks(frame, target, features, classification=classification)}


def test_a_named_category_that_mostly_gives_the_class_away() -> None:
    rng = np.random.default_rng(0)
    churned = rng.integers(0, 2, N)
    told = np.where(rng.random(N) < 0.9, churned, 1 - churned)  # right 90% of the time
    frame = pd.DataFrame({"churned": np.array(["No", "Yes"])[churned],
                          "churn_reason": np.array(["price", "moved"])[told],
                          "reason_code": np.array(["p", "m"])[told]})
    found = _found(frame, "churned", classification=True)
    assert set(found) == {"churn_reason"}  # the same values under another name: no leak
    reason, metric, score = found["churn_reason"]
    assert (reason, metric) == ("name", "balanced accuracy")
    assert score == pytest.approx(balanced_accuracy_score(churned, told), abs=0.03)


def test_named_numbers_that_rank_the_classes_apart() -> None:
    rng = np.random.default_rng(1)
    churned = rng.integers(0, 2, N)
    score = rng.normal(0, 1, N) + 2.0 * churned  # AUC ~0.92, balanced accuracy ~0.84
    frame = pd.DataFrame({"churned": churned, "churn_score": score, "risk": score})
    found = _found(frame, "churned", classification=True)
    assert set(found) == {"churn_score"}
    reason, metric, value = found["churn_score"]
    assert (reason, metric) == ("name", "AUC")
    assert value == pytest.approx(roc_auc_score(churned, score), abs=0.02)


def test_numbers_that_rank_the_classes_almost_perfectly_leak_whatever_their_name() -> None:
    rng = np.random.default_rng(2)
    churned = rng.integers(0, 2, 10_000)
    after = rng.normal(0, 1, 10_000) + 3.5 * churned  # AUC ~0.993, balanced accuracy ~0.96
    frame = pd.DataFrame({"churned": churned, "days_since_last_login": after})
    reason, metric, value = _found(frame, "churned", classification=True)[
        "days_since_last_login"]
    assert (reason, metric) == ("predicts", "AUC")
    assert value == pytest.approx(roc_auc_score(churned, after), abs=0.005)


def test_a_named_number_that_mostly_explains_a_price() -> None:
    rng = np.random.default_rng(3)
    area = rng.uniform(20, 200, N)
    price = 3_000 * area + rng.normal(0, 60_000, N)  # R² ~0.9
    frame = pd.DataFrame({"price": price, "price_per_m2_area": area, "area": area})
    found = _found(frame, "price", classification=False)
    assert set(found) == {"price_per_m2_area"}
    reason, metric, value = found["price_per_m2_area"]
    assert (reason, metric) == ("name", "R²")
    linear = LinearRegression().fit(area.reshape(-1, 1), price).predict(area.reshape(-1, 1))
    assert value == pytest.approx(r2_score(price, linear), abs=0.05)
