"""``mlpm train``: every catalogue model, the PM's rule, both baselines and cross-validation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlpm.cli.main import main
from mlpm.model.catalogue import CATALOGUE


@pytest.fixture(scope="module")
def csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(5)
    n = 150
    tenure = rng.integers(0, 40, n)
    plan = rng.choice(["monthly", "yearly"], n)
    frame = pd.DataFrame({"plan": plan, "tenure": tenure, "spend": rng.normal(50, 9, n).round(1),
                          "size": rng.choice(["S", "M", "L"], n),
                          "churned": np.where((plan == "monthly") & (tenure < 15), "Yes", "No")})
    path = tmp_path_factory.mktemp("cli") / "subs.csv"
    frame.to_csv(path, index=False)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], folds: int = 0) -> dict:
    assert main([*argv, "--json", "--cv", str(folds)]) == 0
    return json.loads(capsys.readouterr().out)


TARGETS = {"binary": "churned", "multiclass": "size", "regression": "spend", "clustering": None}


@pytest.mark.parametrize("key", list(CATALOGUE))
def test_every_catalogue_key_trains(csv: Path, capsys: pytest.CaptureFixture[str],
                                    key: str) -> None:
    task = next(t for t in CATALOGUE[key].tasks if t != "multiclass")
    target = TARGETS[task]
    argv = ["train", str(csv), "--model", key] + (["--target", target] if target else [])
    payload = _json(capsys, argv)
    assert payload["model"] == key
    assert payload["task"] == task
    assert payload["baselines"]["no_learning"] == payload["baseline"]


def test_rule_is_a_second_baseline(csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = "if plan = monthly and tenure < 15 then Yes"
    payload = _json(capsys, ["train", str(csv), "--target", "churned", "--rule", rule], folds=3)
    assert payload["rule_text"] == rule
    assert payload["rule"]["model"] == "rule"
    assert payload["baselines"]["rule"] == payload["rule"]
    assert payload["rule"]["metrics"]["f1"] == pytest.approx(1.0)  # the planted rule is exact
    assert sum(map(sum, payload["rule"]["confusion_matrix"]["matrix"])) == payload["split"]["test"]
    assert set(payload["cv"]) >= {"folds", "metric", "model", "baseline", "rule"}
    assert payload["cv"]["metric"] == "f1"
    assert payload["cv"]["threshold"] == 0.5
    assert len(payload["cv"]["rule"]["scores"]) == 3
    against = {c["against"]: c for c in payload["comparisons"]}
    assert against["rule"]["verdict"] in {"worse", "too close"}
    assert against["rule"]["sentence"].startswith("Per 1,000 cases, Logistic regression")


def test_text_output_adds_the_rule_column(csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(csv), "--target", "churned", "--rule", "tenure < 15",
                 "--cv", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "rule" in lines[1]
    assert any(line.startswith("ML ") and "your rule" in line for line in lines)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--target", "churned", "--rule", "if tenure < soon then Yes"], "holds numbers"),
        (["--target", "churned", "--rule", "if colour = red then Yes"], "no column 'colour'"),
        ([], "--target"),
        (["--target", "churned", "--threshold", "2"], "between 0 and 1"),
        (["--target", "churned", "--save-model", "--no-record"], "--no-record records no run"),
        (["--model", "kmeans", "--complexity", "500"], "cannot be split into 500 groups"),
    ],
)
def test_bad_train_input_exits_2(csv: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                 fragment: str) -> None:
    assert main(["train", str(csv), *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
