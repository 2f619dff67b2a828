"""Readiness lights: each status follows the measured figure, and says it in the headline."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.data.readiness import KEYS, STATUSES, assess
from mlpm.explain import data as words

TODAY = "2026-03-31"


def _frame(n: int = 600, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "spend": rng.normal(50, 10, n).round(2),
        "visits": rng.integers(0, 30, n),
        "plan": rng.choice(["basic", "pro", "team"], n),
        "churned": rng.choice(["Yes", "No"], n, p=[0.4, 0.6]),
    })


def _assess(frame: pd.DataFrame, target: str | None = "churned"):
    return assess(Dataset(frame, "t.csv"), target, today=TODAY)


def test_every_item_has_status_headline_and_plain_evidence() -> None:
    readiness = _assess(_frame())
    assert set(readiness.items) == set(KEYS)
    for key, item in readiness.items.items():
        assert item.key == key
        assert item.status in STATUSES
        assert words.readiness_headline(item).endswith(".")
        assert words.READINESS_TITLES[item.key]
    json.dumps(words.readiness_json(readiness))  # evidence is plain data


@pytest.mark.parametrize(("rows", "status"), [(60, "bad"), (400, "warn"), (3000, "good")])
def test_sufficient_counts_rows_per_class(rows: int, status: str) -> None:
    item = _assess(_frame(rows)).items["sufficient"]
    assert item.status == status
    smallest = item.evidence["smallest_class_rows"]
    assert f"{smallest:,} rows at the smallest class ('Yes')" in words.readiness_headline(item)
    assert "rows per feature" in words.readiness_headline(item)


def test_sufficient_without_target_counts_rows() -> None:
    item = _assess(_frame(3000), None).items["sufficient"]
    assert item.status == "good"
    assert words.readiness_headline(item).startswith("3,000 rows in total")


@pytest.mark.parametrize(("newest", "status", "age"), [("2026-03-08", "good", 23),
                                                      ("2025-09-01", "warn", 211),
                                                      ("2023-01-01", "bad", 1185)])
def test_fresh_measures_the_newest_date(newest: str, status: str, age: int) -> None:
    frame = _frame()
    dates = pd.date_range(end=newest, periods=len(frame), freq="D")
    frame["signup_date"] = dates.strftime("%Y-%m-%d")
    frame["birth_date"] = "2026-03-30"  # not the data's time: ignored
    item = _assess(frame).items["fresh"]
    assert item.status == status
    assert words.readiness_headline(item) == \
        f"The newest date in 'signup_date' is {age:,} days old."
    assert item.evidence["age_days"] == age


def test_fresh_unknown_without_dates() -> None:
    item = _assess(_frame()).items["fresh"]
    assert item.status == "unknown"
    assert "No date column" in words.readiness_headline(item)


def test_representative_span_and_rare_values() -> None:
    frame = _frame()
    frame["signup_date"] = pd.date_range(end="2026-03-01", periods=len(frame), freq="D") \
        .strftime("%Y-%m-%d")
    frame.loc[:39, "plan"] = [f"legacy {i % 8}" for i in range(40)]
    item = _assess(frame).items["representative"]
    assert item.evidence["span_days"] == len(frame) - 1
    assert item.evidence["rare_categories"] == {"plan": 8}
    assert item.status == "warn"
    assert "months of 'signup_date'" in words.readiness_headline(item)
    assert "8 values of 'plan' have fewer than 10 rows" in words.readiness_headline(item)


def test_unbiased_compares_outcomes_across_groups() -> None:
    rng = np.random.default_rng(2)
    frame = _frame(1000)
    frame["gender"] = rng.choice(["female", "male"], len(frame))
    fair = _assess(frame).items["unbiased"]
    assert fair.status == "good"
    frame["churned"] = np.where(frame["gender"] == "female",
                                rng.choice(["Yes", "No"], len(frame), p=[0.1, 0.9]),
                                rng.choice(["Yes", "No"], len(frame), p=[0.5, 0.5]))
    unfair = _assess(frame).items["unbiased"]
    assert unfair.status == "bad"
    assert unfair.evidence["column"] == "gender"
    assert "where gender = female" in words.readiness_headline(unfair)
    assert _assess(frame, None).items["unbiased"].status == "unknown"


def test_private_finds_personal_data() -> None:
    frame = _frame()
    assert words.readiness_headline(_assess(frame).items["private"]).startswith(
        "No emails, phone numbers")
    frame["contact"] = [f"p{i}@mail.com" for i in range(len(frame))]
    item = _assess(frame).items["private"]
    assert item.status == "bad"
    assert item.evidence["found"] == {"email": ["contact"]}
    assert "emails in 'contact'" in words.readiness_headline(item).lower()


def test_unbiased_follows_the_four_fifths_rule() -> None:
    """The lower group's rate of the rarer outcome over the higher group's (pandas' own group
    means): 0.8 and above looks fine, from 0.5 it is worth a check, below that a problem."""
    rng = np.random.default_rng(7)
    n = 2_000
    frame = _frame(n)
    frame["gender"] = rng.choice(["female", "male"], n)
    chance = np.where(frame["gender"] == "female", 0.3, 0.45)
    frame["churned"] = np.where(rng.random(n) < chance, "Yes", "No")
    rates = (frame["churned"] == "Yes").groupby(frame["gender"]).mean()
    ratio = rates.min() / rates.max()
    assert 0.5 <= ratio < 0.8
    item = _assess(frame).items["unbiased"]
    assert item.evidence["ratio"] == pytest.approx(ratio, abs=1e-3)
    assert item.status == "warn"


def test_rare_values_of_the_target_are_not_a_coverage_gap() -> None:
    frame = _frame()
    frame.loc[:39, "plan"] = [f"legacy {i % 8}" for i in range(40)]
    assert _assess(frame, "plan").items["representative"].evidence["rare_categories"] == {}
    assert _assess(frame).items["representative"].evidence["rare_categories"] == {"plan": 8}
