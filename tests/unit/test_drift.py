"""Drift: profiles, KS / chi-squared and PSI per column, verdicts, and their sentences."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mlpm.charts.lifecycle import drift_chart
from mlpm.explain.lifecycle import DRIFT_HOW, DRIFT_TITLES, column_sentence, drift_summary
from mlpm.lifecycle.drift import column_profile, drift_profile, drift_report


def table(n: int, *, seed: int, tenure_shift: float = 0.0, monthly_share: float = 0.5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    plans = rng.choice(["Monthly", "Yearly", "Two-year"], size=n,
                       p=[monthly_share, (1 - monthly_share) / 2, (1 - monthly_share) / 2])
    return pd.DataFrame({
        "tenure": rng.gamma(2.0, 10.0, n) + tenure_shift,
        "calls": rng.poisson(1.5, n),
        "plan": plans.astype(object),
        "churned": np.where(rng.random(n) < 0.3, "Yes", "No"),
    })


def test_profile_is_small_and_keeps_quantiles_and_counts() -> None:
    frame = table(2000, seed=0)
    frame.loc[:99, "tenure"] = np.nan
    profile = drift_profile(frame)
    assert profile["rows"] == 2000
    tenure = profile["columns"]["tenure"]
    assert tenure["kind"] == "number"
    assert tenure["missing"] == 100
    assert len(tenure["quantiles"]) == 101
    assert sum(tenure["counts"]) == 1900
    assert tenure["quantiles"][50] == pytest.approx(np.nanquantile(frame["tenure"], 0.5), rel=0.01)
    plan = profile["columns"]["plan"]
    assert plan["kind"] == "category"
    assert sum(plan["values"].values()) == 2000
    assert len(json.dumps(profile)) < 10_000  # kept with every data version
    many = column_profile(pd.Series([f"id{i}" for i in range(500)]))
    assert len(many["values"]) == 31
    assert many["values"]["(other values)"] == 470


def test_same_source_is_stable_and_the_ks_statistic_matches_scipy() -> None:
    before, after = table(3000, seed=1), table(2500, seed=2)
    report = drift_report(drift_profile(before), after, target="churned")
    assert report.verdict == "stable"
    assert not report.drifted
    tenure = next(c for c in report.columns if c.column == "tenure")
    exact = stats.ks_2samp(before["tenure"], after["tenure"])
    assert tenure.statistic == pytest.approx(exact.statistic, abs=0.015)
    assert tenure.psi < 0.05
    assert DRIFT_TITLES["stable"].startswith("Little drift")
    assert "None of the 4 columns" in drift_summary(report)


def test_shifted_numbers_and_categories_are_found_and_named() -> None:
    before, after = table(3000, seed=1), table(2000, seed=3, tenure_shift=15, monthly_share=0.8)
    report = drift_report(drift_profile(before), after, target="churned")
    levels = {c.column: c.level for c in report.columns}
    assert levels["tenure"] == "major"
    assert levels["plan"] in ("moderate", "major")
    assert levels["calls"] == "stable"
    assert levels["churned"] == "stable"
    assert report.verdict == "retrain"
    assert next(c.column for c in report.drifted) == "tenure"
    tenure = next(c for c in report.columns if c.column == "tenure")
    assert tenure.p_value < 1e-10
    assert tenure.psi > 0.25
    sentence = column_sentence(tenure)
    assert sentence.startswith("'tenure': median")
    assert "major change" in sentence
    plan = next(c for c in report.columns if c.column == "plan")
    assert "'Monthly'" in column_sentence(plan)
    assert "'tenure'" in drift_summary(report)
    chart = drift_chart(report.table()).to_dict()
    assert chart["title"]["text"] == "How much each column moved"


def test_a_small_sample_needs_both_test_and_psi_to_call_drift() -> None:
    before = table(3000, seed=1)
    after = table(40, seed=4)  # noisy PSI, but the test sees no real difference
    report = drift_report(drift_profile(before), after)
    assert report.verdict == "stable"
    assert report.too_few_rows is False
    tiny = drift_report(drift_profile(before), table(12, seed=5))
    assert tiny.too_few_rows
    assert "too few" in drift_summary(tiny)


def test_missing_columns_type_changes_new_values_and_missing_shares() -> None:
    before = table(1000, seed=1)
    after = table(1000, seed=6).drop(columns=["calls"])
    after["tenure"] = ["about " + str(round(v)) for v in after["tenure"]]
    after.loc[:9, "plan"] = "Weekly"
    after["extra"] = 1
    report = drift_report(drift_profile(before), after, columns=["tenure", "calls", "plan"])
    assert report.missing_columns == ["calls"]
    assert report.new_columns == ["extra"]
    tenure = next(c for c in report.columns if c.column == "tenure")
    assert tenure.level == "type_changed"
    assert "about" in tenure.after
    assert "holds text" in column_sentence(tenure)
    plan = next(c for c in report.columns if c.column == "plan")
    assert "never seen in training" in plan.detail
    assert "'Weekly'" in plan.detail
    assert report.verdict == "retrain"
    assert "Missing from the new file: 'calls'" in drift_summary(report)
    gaps = table(1000, seed=7)
    gaps.loc[:399, "tenure"] = np.nan
    shifted = drift_report(drift_profile(before), gaps, columns=["tenure"])
    assert "missing went from 0% to 40%" in shifted.columns[0].detail
    assert shifted.columns[0].level in ("moderate", "major")
    payload = json.loads(json.dumps(report.as_dict()))  # the CLI's JSON, as a reader gets it
    assert (payload["verdict"], payload["missing_columns"], payload["new_columns"]) == (
        "retrain", ["calls"], ["extra"])
    assert payload["n_new"] == 1000
    rows = {c["column"]: c for c in payload["columns"]}
    assert set(rows) == {"tenure", "plan"}
    assert rows["tenure"]["level"] == "type_changed"
    assert rows["plan"]["test"] == "chi-squared"
    assert rows["plan"]["p_value"] == pytest.approx(plan.p_value)


def test_chi_squared_and_psi_match_scipy_and_a_hand_computation() -> None:
    """References: scipy's chi-squared test on the raw rows' cross table, and PSI by hand
    from pandas' shares (categories) and the training deciles (numbers)."""
    before, after = table(3000, seed=1), table(2000, seed=3, tenure_shift=3, monthly_share=0.6)
    report = drift_report(drift_profile(before), after)
    got = {c.column: c for c in report.columns}
    source = np.repeat(["before", "after"], [len(before), len(after)])
    plans = pd.concat([before["plan"], after["plan"]], ignore_index=True)
    exact = stats.chi2_contingency(pd.crosstab(source, plans.to_numpy()), correction=False)
    assert got["plan"].statistic == pytest.approx(exact.statistic, rel=1e-9)
    assert got["plan"].p_value == pytest.approx(exact.pvalue, rel=1e-9)
    assert not got["plan"].p_value_approximate  # the profile keeps every category's count

    def psi(expected: pd.Series, actual: pd.Series) -> float:
        p, q = expected.align(actual, fill_value=0.0)
        return float(((q - p) * np.log(q / p)).sum())

    assert got["plan"].psi == pytest.approx(psi(before["plan"].value_counts(normalize=True),
                                                after["plan"].value_counts(normalize=True)))
    ordered, n = np.sort(before["tenure"]), len(before)  # decile k: the smallest value with
    deciles = [ordered[-(-n * k // 10) - 1] for k in range(1, 10)]  # k tenths at or below it
    bins = [-np.inf, *deciles, np.inf]

    def shares(values: pd.Series) -> pd.Series:
        return pd.cut(values, bins, right=False).value_counts(normalize=True, sort=False)

    assert got["tenure"].psi == pytest.approx(psi(shares(before["tenure"]),
                                                  shares(after["tenure"])))


@pytest.mark.parametrize(("shift", "moved"), [(0.0, False), (2.0, True)])
def test_ks_from_stored_percentiles_is_close_to_scipy_and_says_it_is_approximate(
        shift: float, moved: bool) -> None:
    before, after = table(3000, seed=1), table(2000, seed=8, tenure_shift=shift)
    tenure = next(c for c in drift_report(drift_profile(before), after).columns
                  if c.column == "tenure")
    exact = stats.ks_2samp(before["tenure"], after["tenure"])
    assert tenure.statistic == pytest.approx(exact.statistic, abs=0.01)
    assert (tenure.p_value < 0.05) == (exact.pvalue < 0.05) == moved
    assert tenure.p_value_approximate
    row = drift_report(drift_profile(before), after).as_dict()["columns"]
    assert {c["column"]: c["p_value_approximate"] for c in row} == {
        "tenure": True, "calls": True, "plan": False, "churned": False}
    assert "p-value is approximate" in DRIFT_HOW
