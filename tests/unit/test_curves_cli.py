"""`mlpm curves FILE --target COL --model NAME --json`: points, diagnosis, outlook, sweet spot."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlpm.cli.main import main


@pytest.fixture
def churn_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 240
    tenure = rng.integers(1, 60, n)
    frame = pd.DataFrame({"tenure": tenure, "plan": rng.choice(["basic", "pro"], n),
                          "churned": np.where(tenure + rng.normal(0, 15, n) < 20, "Yes", "No")})
    path = tmp_path / "churn.csv"
    frame.to_csv(path, index=False)
    return path


def test_curves_json(churn_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["curves", str(churn_csv), "--target", "churned", "--model", "tree",
                 "--folds", "3", "--sizes", "4", "--json"])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"dataset", "target", "task", "model", "name", "metric", "split", "folds",
            "learning_curve", "diagnosis", "more_data", "validation_curve"} <= set(payload)
    assert payload["model"] == "tree"
    assert payload["folds"] == 3
    curve = payload["learning_curve"]
    assert len(curve["train_sizes"]) == 4
    assert len(curve["points"]) == 8
    assert {p["curve"] for p in curve["points"]} == {"training", "validation"}
    diagnosis = payload["diagnosis"]
    assert diagnosis["verdict"] in {"overfitting", "underfitting", "good fit"}
    assert "on training vs" in diagnosis["sentence"]
    assert [p["factor"] for p in payload["more_data"]["points"]] == [2, 5, 10]
    assert payload["more_data"]["sentence"]
    validation = payload["validation_curve"]
    assert validation["param"] == "max_depth"
    assert validation["sweet_spot"]["value"] in validation["values"]
    assert validation["sentence"].startswith("The sweet spot is max_depth = ")


def test_curves_json_scores_in_the_goal_at_the_threshold(
        churn_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: the CLI's curves score what Train and Evaluate score (F2 for "catch")."""
    code = main(["curves", str(churn_csv), "--target", "churned", "--model", "logistic",
                 "--folds", "3", "--sizes", "3", "--goal", "catch", "--threshold", "0.3",
                 "--no-validation-curve", "--json"])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["metric"], payload["goal"], payload["threshold"]) == ("f2", "catch", 0.3)
    assert payload["lower_is_better"] is False
    last = [p for p in payload["learning_curve"]["points"] if p["curve"] == "validation"][-1]
    assert payload["more_data"]["now"] == pytest.approx(last["score"])
    assert f"{last['score']:.2f} on validation" in payload["diagnosis"]["sentence"]


def test_curves_text_for_numbers_speaks_typical_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(1)
    area = rng.integers(40, 200, 150)
    frame = pd.DataFrame({"area": area, "rooms": rng.integers(1, 6, 150),
                          "price": 2_000 * area + rng.normal(0, 20_000, 150)})
    path = tmp_path / "houses.csv"
    frame.to_csv(path, index=False)
    assert main(["curves", str(path), "--target", "price", "--model", "linear", "--folds",
                 "3", "--sizes", "3", "--no-validation-curve"]) == 0
    out = capsys.readouterr().out
    assert "typical error" in out
    assert "on training vs" in out
    assert "-" not in out.replace("held-out", "").replace("no-learning", "")


def test_curves_text_and_bad_input(churn_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["curves", str(churn_csv), "--target", "churned", "--folds", "2", "--sizes",
                 "3", "--no-validation-curve"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Logistic regression on churn.csv")
    assert "on training vs" in out
    assert main(["curves", str(churn_csv), "--target", "nope", "--json"]) == 2
    assert "There is no column called 'nope'" in capsys.readouterr().err
