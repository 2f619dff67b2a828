"""Unusual rows (issue 17): scores equal scikit-learn's own IsolationForest, the share knob is
sklearn's contamination line, planted anomalies come out on top with the right reasons."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from fixtures.hostile import DANGEROUS
from scipy.stats import median_abs_deviation
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import IsolationForest
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from mlpm.data.dataset import Dataset
from mlpm.errors import ProblemSetupError
from mlpm.explain.anomaly import reason_sentence, row_sentence, share_sentence
from mlpm.explain.safe import md
from mlpm.model.anomaly import AnomalyLook, AnomalyModel, anomaly_problem, check_share, detect
from mlpm.present.pack import available_items
from mlpm.project.analysis import Analysis

SEED = 42


def table(n: int = 800, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "amount": rng.lognormal(4, 0.3, n).round(2),
        "items": rng.integers(1, 6, n),
        "minutes": rng.normal(30, 5, n).round(1),
        "country": rng.choice(["DE", "FR", "NL", "BE"], n),
        "channel": rng.choice(["web", "app"], n),
    })
    frame.loc[rng.choice(n, n // 20, replace=False), "minutes"] = np.nan
    return frame


def reference_scores(frame: pd.DataFrame, numbers: list[str], categories: list[str],
                     **forest: object) -> tuple[np.ndarray, IsolationForest]:
    """scikit-learn alone: impute + scale numbers, one-hot categories, a seeded forest."""
    prepare = ColumnTransformer(
        [("n", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers)]
        + ([("c", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"),
                                OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
             categories)] if categories else []))
    x = prepare.fit_transform(frame)
    model = IsolationForest(n_estimators=100, max_samples=min(len(frame), 4096),
                            random_state=SEED, **forest).fit(x)
    return model.score_samples(x), model


def test_scores_equal_sklearns_isolation_forest_with_the_same_seed() -> None:
    frame = table()
    model = detect(Dataset(frame, "t.csv"), seed=SEED)
    numbers, categories = ["amount", "items", "minutes"], ["country", "channel"]
    assert model.columns == (*numbers, *categories)
    reference, _ = reference_scores(frame, numbers, categories)
    np.testing.assert_allclose(model.scores, -reference, rtol=0, atol=1e-12)
    other = detect(Dataset(frame, "t.csv"), seed=SEED + 1)  # the seed is really used
    assert not np.allclose(other.scores, model.scores)


def test_the_share_flags_exactly_sklearns_contamination_outliers() -> None:
    frame = table()
    model = detect(Dataset(frame, "t.csv"), seed=SEED)
    prepared = model.pipeline[:-1].transform(model.features)
    for share in (0.01, 0.05, 0.2):
        _, forest = reference_scores(frame, ["amount", "items", "minutes"],
                                     ["country", "channel"], contamination=share)
        outliers = set(np.flatnonzero(forest.predict(prepared) == -1))
        flagged = model.flagged_positions(share)
        assert set(flagged) == outliers
        cut = model.cut(share)
        assert cut.flagged == len(outliers)
        assert abs(cut.flagged - share * len(frame)) <= 1
        assert cut.threshold == pytest.approx(-forest.offset_)
        assert list(model.scores[flagged]) == sorted(model.scores[flagged], reverse=True)


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, dict[int, str], AnomalyModel]:
    """2,000 rows, 30 of them planted, each unusual in one known column; and its model."""
    frame = table(2000, seed=11)
    rng = np.random.default_rng(12)
    rows = rng.choice(len(frame), 30, replace=False)
    planted_in: dict[int, str] = {}
    for i, row in enumerate(rows):
        if i < 12:
            frame.loc[row, "amount"] = float(rng.uniform(15, 40) * 55)  # 15-40x typical
            planted_in[int(row)] = "amount"
        elif i < 20:
            frame.loc[row, "items"] = int(rng.integers(30, 60))
            planted_in[int(row)] = "items"
        elif i < 25:
            frame.loc[row, "minutes"] = float(rng.choice([-40.0, 120.0]))
            planted_in[int(row)] = "minutes"
        else:
            frame.loc[row, "country"] = f"X{i}"  # a country seen once
            planted_in[int(row)] = "country"
    return frame, planted_in, detect(Dataset(frame, "planted.csv"), seed=SEED)


def test_planted_anomalies_are_found_in_the_top_share_with_their_column_as_reason(
        planted: tuple[pd.DataFrame, dict[int, str], AnomalyModel]) -> None:
    _, planted_in, model = planted
    flagged = set(model.flagged_positions(0.02))  # 40 of 2,000 rows
    found = [row for row in planted_in if row in flagged]
    assert len(found) >= 0.9 * len(planted_in), (len(found), len(planted_in))
    for row in found:
        reasons = model.reasons(row)
        assert reasons, row
        assert reasons[0].column == planted_in[row], (row, reasons)


def test_reasons_are_robust_z_scores_and_category_shares(
        planted: tuple[pd.DataFrame, dict[int, str], AnomalyModel]) -> None:
    frame, planted_in, model = planted
    row = next(r for r, c in planted_in.items() if c == "amount")
    amount = frame["amount"]
    reason = model.reasons(row)[0]
    mad = median_abs_deviation(amount, scale="normal")
    assert reason.z == pytest.approx((amount[row] - amount.median()) / mad)
    assert reason.typical == pytest.approx(amount.median())
    far = np.abs(amount - amount.median()) >= abs(amount[row] - amount.median())
    assert reason.tail_share == pytest.approx(far.mean())
    sentence = reason_sentence(reason)
    assert f"{amount[row] / amount.median():,.0f}x the typical value" in sentence
    row = next(r for r, c in planted_in.items() if c == "country")
    reason = model.reasons(row)[0]
    assert reason.value_share == pytest.approx(1 / len(frame))
    assert reason.typical == frame["country"].value_counts().index[0]
    assert "appears in 0.05% of rows" in reason_sentence(reason)


def test_sentences_keep_hostile_names_as_text_and_say_each_number() -> None:
    name, value = "[click](https://evil.invalid)", "**bold** :red[x]"
    frame = table(300)
    frame = frame.rename(columns={"country": name})
    frame.loc[7, name] = value
    model = detect(Dataset(frame, "t.csv"), seed=SEED)
    reason = next(r for r in model.reasons(7) if r.column == name)
    sentence = reason_sentence(reason)
    assert md(name) in sentence
    assert md(value) in sentence
    assert not [p for p in DANGEROUS if re.search(p, sentence)], sentence
    cut = model.cut(0.02)
    assert f"{cut.flagged:,} of {cut.rows:,} rows" in share_sentence(cut)
    top = model.top_rows(0.02, 3)
    assert row_sentence(top[0]).startswith(f"Row {top[0].number:,} (score")


def test_the_pack_has_an_unusual_rows_item_only_for_the_current_data(
        planted: tuple[pd.DataFrame, dict[int, str], AnomalyModel]) -> None:
    frame, _, model = planted
    dataset = Dataset(frame, "planted.csv")
    look = AnomalyLook(model, 0.02)
    item = available_items(Analysis(dataset=dataset, anomaly=look)).get("anomalies")
    assert item is not None
    assert "40 of 2,000 rows" in item.headline
    assert item.figure is not None
    assert item.figure.chart.to_dict()["layer"]
    newer = Dataset(frame.head(1500), "planted.csv")
    assert "anomalies" not in available_items(Analysis(dataset=newer, anomaly=look))


def test_bad_shares_and_tiny_tables_are_clear_errors() -> None:
    for share in (0, 0.6, float("nan")):
        with pytest.raises(ProblemSetupError, match=r"between 0\.1% and 50%"):
            check_share(share)
    small = Dataset(table(40).head(10), "tiny.csv")
    with pytest.raises(ProblemSetupError, match="at least 20 rows"):
        detect(small, anomaly_problem(small))


def test_dates_empty_and_constant_columns_chosen_by_hand() -> None:
    rng = np.random.default_rng(0)
    n = 300
    frame = pd.DataFrame({"when": pd.date_range("2024-01-01", periods=n, freq="D")
                          .strftime("%Y-%m-%d"), "x": rng.normal(size=n), "empty": np.nan,
                          "const": 1})
    frame.loc[5, "when"] = "2031-06-01"
    dataset = Dataset(frame, "edge.csv")
    assert anomaly_problem(dataset).features == ("x",)  # dates, empty, constant left out
    with pytest.warns(UserWarning, match="without any observed values"):
        model = detect(dataset, anomaly_problem(dataset, ["when", "x", "empty", "const"]))
    top = model.top_rows(0.02, 1)[0]
    assert top.position == 5
    assert row_sentence(top).startswith("Row 6 (score")
    assert "when is 01 Jun 2031, far later than the typical" in row_sentence(top)
