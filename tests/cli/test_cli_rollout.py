"""``mlpm train --json`` gains ``capacity`` (lift table) and ``pilot`` (issue 17); a capacity
sets the operating point. Checked against the model's own test scores sorted by hand and
statsmodels' power analysis."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from mlpm.cli.main import main
from mlpm.data.load import load_table
from mlpm.project.pipeline import run

CHURN = Path(__file__).resolve().parents[2] / "sample_data" / "churn.csv"


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    """The default model's test scores, from the same seeded journey the CLI runs."""
    result = run(load_table(CHURN), "churned")
    return pd.DataFrame({"score": result.model.scores,
                         "hit": np.asarray(result.model.y_test) == result.problem.positive_label})


def test_capacity_and_pilot_keys(capsys: pytest.CaptureFixture[str],
                                 scored: pd.DataFrame) -> None:
    argv = ["train", str(CHURN), "--target", "churned", "--json", "--cv", "0", "--no-record",
            "--capacity", "100", "--cases-per-month", "2000", "--min-effect", "0.02"]
    assert main(argv) == 0
    payload = json.loads(capsys.readouterr().out)
    ranked = scored.sort_values("score", ascending=False, kind="mergesort")["hit"].to_numpy()
    n = len(ranked)
    for row in payload["capacity"]["lift_table"]:
        k = row["share"] * n
        if k == int(k) and len(np.unique(scored["score"])) == n:  # no ties: a plain count
            assert row["caught_share"] == pytest.approx(ranked[:int(k)].sum() / ranked.sum())
        assert row["lift"] == pytest.approx(row["caught_share"] / row["share"])
    at = payload["capacity"]["at_capacity"]
    assert at["share"] == pytest.approx(100 / 2000)
    # The capacity is the operating point: never more flags than the team can take.
    assert payload["threshold"] == at["threshold"]
    flagged = (scored["score"] >= payload["threshold"]).mean()
    assert flagged <= 0.05
    assert payload["confusion_matrix"]["matrix"][0][0] + payload["confusion_matrix"]["matrix"][
        1][0] == (scored["score"] >= payload["threshold"]).sum()
    plan = payload["pilot"]["plan"]
    n_arm = NormalIndPower().solve_power(
        effect_size=abs(proportion_effectsize(plan["control_rate"],
                                              plan["control_rate"] - 0.02)),
        alpha=0.05, power=0.8, alternative="two-sided")
    assert plan["per_arm"] == int(np.ceil(n_arm))
    assert plan["base_rate"] == pytest.approx(scored["hit"].mean(), abs=1e-6)


def test_capacity_needs_a_yes_no_target(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["train", str(CHURN), "--target", "monthly_charges", "--json", "--cv", "0",
            "--no-record", "--capacity", "100"]
    assert main(argv) == 2
    assert "yes/no" in capsys.readouterr().err
