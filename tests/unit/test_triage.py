"""Issue 15, noise: real-looking tables per rule, asserting what the review does *not* say,
and the triage that leads with at most seven findings and groups the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.alerts import expected_duplicates
from mlpm.data.dataset import Dataset
from mlpm.data.quality import QualityReport, review
from mlpm.data.samples import SAMPLES, load_sample
from mlpm.data.triage import COSMETIC, LEAD_LIMIT, LEARNS, SCORE, triage
from mlpm.explain import data as words
from mlpm.explain.data import _pct
from mlpm.explain.training import exclusion_reason
from mlpm.model.problem import feature_exclusions


def run(frame: pd.DataFrame, target: str | None = None) -> QualityReport:
    return review(Dataset(frame, "t.csv"), target=target, readiness=False)


def kinds(report: QualityReport, kind: str) -> list[tuple[str, ...]]:
    return [a.columns for a in report.alerts if a.kind == kind]


def telco(n: int = 2_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "female": rng.integers(0, 2, n),  # 0/1, half zeros
        "senior": (rng.random(n) < 0.16).astype(int),
        "partner": rng.integers(0, 2, n),
        "tenure": rng.integers(1, 72, n),
        "monthly_charges": rng.normal(65, 30, n).clip(18, 120).round(2),
        "churned": rng.choice(["Yes", "No"], n, p=[0.27, 0.73]),
    })


def test_no_many_zeros_on_yes_no_columns() -> None:
    report = run(telco(), "churned")
    assert kinds(report, "zeros") == []
    assert not any("0/1 column" in words.alert_words(a)[0] for a in report.alerts)


def test_counts_with_many_zeros_are_grouped_not_leading() -> None:
    rng = np.random.default_rng(1)
    n = 1_470
    frame = pd.DataFrame({
        "Age": rng.integers(18, 60, n),
        "MonthlyIncome": rng.lognormal(8.5, 0.4, n).round(),
        "YearsSinceLastPromotion": np.where(rng.random(n) < 0.4, 0, rng.integers(1, 15, n)),
        "NumCompaniesWorked": np.where(rng.random(n) < 0.15, 0, rng.integers(1, 9, n)),
        "TrainingTimesLastYear": np.where(rng.random(n) < 0.04, 0, rng.integers(1, 6, n)),
        "Attrition": rng.choice(["Yes", "No"], n, p=[0.16, 0.84]),
    })
    frame.loc[: n // 4, "MonthlyIncome"] = np.nan  # a real problem to lead with
    report = run(frame, "Attrition")
    zeros = [a for a in report.alerts if a.kind == "zeros"]
    assert {a.columns[0] for a in zeros} >= {"YearsSinceLastPromotion", "NumCompaniesWorked"}
    assert all(a.group == "zeros" and a.impact == COSMETIC for a in zeros)
    lead = report.triage().lead
    assert "missing" in [a.kind for a in lead]
    assert "zeros" not in [a.kind for a in lead]
    group = next(g for g in report.triage().groups if g.key == "zeros")
    assert words.alert_group_sentence(group).startswith(f"{len(zeros)} columns are often zero")
    assert "'YearsSinceLastPromotion'" in words.alert_group_sentence(group)


def titanic(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 1_309
    klass = rng.choice(["1st", "2nd", "3rd"], n, p=[0.25, 0.21, 0.54])
    sex = rng.choice(["male", "female"], n, p=[0.64, 0.36])
    chance = np.where(sex == "female", 0.73, 0.19) + np.where(klass == "1st", 0.15, 0.0)
    survived = np.where(rng.random(n) < chance, "yes", "no")
    age = rng.normal(29, 13, n).clip(0.5, 80).round()
    age[rng.random(n) < 0.2] = np.nan
    return pd.DataFrame({"survived": survived, "sex": sex, "age": age, "class": klass})


def test_identical_rows_expected_by_chance_are_not_called_copies() -> None:
    frame = titanic()
    report = run(frame, "survived")
    assert report.duplicate_rows > 300  # many identical rows...
    assert kinds(report, "duplicates") == []  # ...but no more than chance makes
    assert not any("exact copies" in words.alert_words(a)[0] for a in report.alerts)


def test_copied_rows_in_a_table_with_a_high_cardinality_column_are_still_flagged() -> None:
    rng = np.random.default_rng(2)
    n = 2_000
    frame = pd.DataFrame({"sex": rng.choice(["m", "f"], n), "class": rng.choice(["a", "b"], n),
                          "fare": rng.normal(500, 150, n).round(2)})
    frame = pd.concat([frame, frame.sample(100, random_state=0)], ignore_index=True)  # ~5%
    report = run(frame)
    assert kinds(report, "duplicates") == [()]
    alert = next(a for a in report.alerts if a.kind == "duplicates")
    assert f"{report.duplicate_rows} rows (" in words.alert_words(alert)[0]
    assert "are exact copies of another row. By chance alone about" in words.alert_words(alert)[0]
    assert alert.group is None
    assert alert.impact == SCORE


def test_expected_duplicates_follows_the_birthday_problem() -> None:
    frame = pd.DataFrame({"a": np.arange(1_000) % 10})  # 10 equally common values
    profiles = run(frame).profiles
    assert expected_duplicates(profiles, 1_000) == pytest.approx(990, abs=1)
    frame["b"] = np.arange(1_000) // 50  # 20 values: K = 1 / (q_a q_b)
    q = (10 * 100 * 99 / (1_000 * 999)) * (20 * 50 * 49 / (1_000 * 999))
    birthday = 1_000 - (1 / q) * (1 - (1 - q) ** 1_000)
    assert expected_duplicates(run(frame).profiles, 1_000) == pytest.approx(birthday, rel=1e-6)
    frame = pd.DataFrame({"price": np.arange(1_000) * 1.5, "a": np.arange(1_000) % 10})
    assert expected_duplicates(run(frame).profiles, 1_000) == 0  # all prices differ


def test_a_dominant_value_on_99_6_percent_is_not_rounded_to_100() -> None:
    frame = telco(2_930)
    frame["Street"] = ["Grvl"] * 12 + ["Pave"] * (2_930 - 12)
    frame["Pool_Area"] = [0] * 2_918 + [512, 480, 648, 576, 555, 519, 738, 144, 368, 444, 228,
                                        561]
    report = run(frame)
    messages = " ".join(words.alert_words(a)[0] for a in report.alerts)
    assert "'Street' is 'Pave' on 99.6% of rows" in messages
    assert "'Pool_Area' is 0 on 99.6% of rows" in messages
    assert "100%" not in messages


@pytest.mark.parametrize(("share", "text"), [(0.996, "99.6%"), (0.9996, "over 99.9%"),
                                             (1.0, "100%"), (0.004, "0.4%"),
                                             (0.0004, "under 0.1%"), (0.5, "50%")])
def test_percentages_never_round_to_all_or_nothing(share: float, text: str) -> None:
    assert _pct(share) == text


def basement(seed: int = 0, n: int = 2_930) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(np.log(1_000), 0.45, n).round()
    size[:80] = 0  # no basement
    price = 30_000 + 120 * size + rng.normal(0, 20_000, n)
    return pd.DataFrame({"Total_Bsmt_SF": size, "Sale_Price": price.round()})


def test_zeros_of_an_optional_feature_are_not_outliers() -> None:
    report = run(basement(), "Sale_Price")
    outliers = [a for a in report.alerts if a.kind == "outliers"
                and a.columns == ("Total_Bsmt_SF",)]
    assert not any("furthest: 0)" in words.alert_words(a)[0] for a in outliers)
    assert not any(words.alert_words(a)[0].startswith("'Total_Bsmt_SF' has 8") for a in outliers)


def test_a_typo_in_a_zero_inflated_column_is_still_an_outlier() -> None:
    frame = basement()
    frame.loc[100, "Total_Bsmt_SF"] = 1_000_000  # a typo among the non-zero values
    report = run(frame, "Sale_Price")
    outliers = [a for a in report.alerts if a.kind == "outliers"]
    assert [a.columns for a in outliers] == [("Total_Bsmt_SF",)]
    assert "has 1 value far outside" in words.alert_words(outliers[0])[0]
    assert "furthest: 1,000,000" in words.alert_words(outliers[0])[0]


def churn_table(seed: int = 3, n: int = 1_500) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    churned = rng.random(n) < 0.3
    age = rng.normal(42, 12, n).round() + np.where(churned, -3, 0)  # weakly related
    flipped = rng.random(n) < 0.06
    return pd.DataFrame({
        "customer_age": age,
        "customer_segment": rng.choice(["home", "small business", "enterprise"], n),
        "monthly_spend": rng.normal(60, 20, n).round(2),
        "customer_churn_flag": np.where(churned ^ flipped, "Y", "N"),  # the target, noisy
        "customer_churned": np.where(churned, "yes", "no"),
    })


def test_a_shared_word_in_the_name_alone_is_no_leak() -> None:
    frame = churn_table()
    report = run(frame, "customer_churned")
    leaks = {a.columns[0] for a in report.alerts if a.kind == "leakage"}
    assert "customer_age" not in leaks
    assert "customer_segment" not in leaks
    assert leaks == {"customer_churn_flag"}  # the name *and* 94% agreement in the values
    reasons = feature_exclusions(frame, "customer_churned")
    assert "customer_age" not in reasons
    assert "customer_segment" not in reasons
    assert "predicts it strongly" in exclusion_reason(reasons["customer_churn_flag"],
                                                      "customer_churned")


def test_sale_type_is_no_leak_for_sale_price() -> None:
    frame = basement()
    frame["Sale_Type"] = np.random.default_rng(4).choice(["WD", "New", "COD"], len(frame))
    report = run(frame, "Sale_Price")
    assert kinds(report, "leakage") == []
    assert "Sale_Type" not in feature_exclusions(frame, "Sale_Price")


def test_lead_is_capped_and_the_rest_grouped_by_kind() -> None:
    rng = np.random.default_rng(5)
    n = 400
    frame = pd.DataFrame({f"m{i}": rng.normal(0, 1, n) for i in range(10)})
    for i in range(10):
        frame.loc[rng.random(n) < 0.2, f"m{i}"] = np.nan  # ten medium "missing" findings
    frame["y"] = rng.choice(["a", "b"], n)
    report = run(frame, "y")
    triaged = report.triage()
    assert len(triaged.lead) == LEAD_LIMIT
    assert all(a.impact == LEARNS for a in triaged.lead)
    rest = [a for g in triaged.groups for a in g.alerts]
    assert len(triaged.lead) + len(rest) == len(report.alerts)
    assert [g.key for g in triaged.groups] == ["missing"]
    # not "a few gaps, filled automatically": these did not fit the lead, they are not minor
    assert words.alert_group_sentence(triaged.groups[0]) == (
        "Missing values: 3 more findings ('m7', 'm8', 'm9').")
    assert sum(a.group is None for a in report.alerts) == LEAD_LIMIT


def test_shape_of_the_target_changes_how_to_read_the_score() -> None:
    report = run(basement(), "Total_Bsmt_SF")
    zeros = [a for a in report.alerts if a.kind == "zeros"]
    assert zeros
    assert zeros[0].impact == SCORE
    assert triage(report.alerts, None).lead == []  # without a target it is only good to know


@pytest.mark.parametrize("key", list(SAMPLES))
def test_each_bundled_sample_leads_with_at_most_seven(key: str) -> None:
    sample = SAMPLES[key]
    report = review(load_sample(key), target=sample.target, readiness=False)
    triaged = report.triage()
    assert len(triaged.lead) <= LEAD_LIMIT
    grouped = [a for g in triaged.groups for a in g.alerts]
    assert len(triaged.lead) + len(grouped) == len(report.alerts)
    assert all(words.alert_group_sentence(g) and g.alerts for g in triaged.groups)
    assert [a.group is None for a in report.alerts].count(True) == len(triaged.lead)
