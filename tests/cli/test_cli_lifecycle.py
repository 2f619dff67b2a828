"""``mlpm runs list|show|compare``, ``mlpm score`` and ``mlpm drift`` on a temporary store."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fixtures.attacks import exec_node, payload, skops_file

from mlpm.cli.main import main
from mlpm.data.load import load_table
from mlpm.lifecycle.store import close_stores, open_store
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.model_files import save_model
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

ROOT = Path(__file__).resolve().parents[2]
CHURN = ROOT / "sample_data" / "churn.csv"
RUN_KEYS = {"id", "uid", "created_at", "dataset_name", "data_version", "n_rows", "n_columns",
            "target", "task", "positive_label", "classes", "features", "split", "model_key",
            "model_name", "is_baseline", "complexity", "params", "metrics", "cv_metrics",
            "threshold", "costs", "fit_seconds", "cleaning", "recipe", "note", "batch",
            "app_version", "has_model", "headline_metric"}


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lifecycle")
    frame = pd.read_csv(CHURN)
    paths = {"jan": folder / "jan.csv", "mar": folder / "mar.csv", "new": folder / "new.csv"}
    frame.iloc[:1200].to_csv(paths["jan"], index=False)
    march = frame.iloc[:1800].copy()
    march["tenure_months"] = march["tenure_months"] + 12
    march.to_csv(paths["mar"], index=False)
    new = frame.iloc[2000:2030].drop(columns=["churned"]).copy()
    new.loc[new.index[0], "customer_id"] = "=cmd|' /C calc'!A0"
    new.to_csv(paths["new"], index=False)
    return paths


@pytest.fixture(scope="module")
def store_runs(files: dict[str, Path]) -> Iterator[dict[str, int]]:
    """Two runs on two data versions in a fresh store; the first run's model is saved."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLPM_DATABASE_URL", f"sqlite:///{files['jan'].parent / 'runs.sqlite'}")
        store = open_store()
        ids = {}
        for key in ("jan", "mar"):
            dataset = load_table(files[key])
            problem = define_problem(dataset, "churned", positive_label="Yes")
            split = plan_split(dataset, problem, SplitPlan())
            model = train(dataset, problem, split, "logistic")
            ids[key] = record_model(store, dataset, problem, split, model, threshold=0.4).id
            if key == "jan":
                save_model(store, ids[key], model.pipeline)
        yield ids
        close_stores()


def test_runs_list_show_and_compare_as_json(store_runs: dict[str, int]) -> None:
    code, out, err = run_cli(["runs", "list", "--json"])
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert "SQLite file" in payload["store"]
    assert payload["schema_version"] >= 2
    assert [r["id"] for r in payload["runs"]] == [store_runs["mar"], store_runs["jan"]]
    assert set(payload["runs"][0]) >= RUN_KEYS
    assert payload["runs"][1]["n_rows"] == 1200
    assert payload["runs"][1]["has_model"] is True

    code, out, _ = run_cli(["runs", "show", str(store_runs["jan"]), "--json"])
    shown = json.loads(out)
    assert code == 0
    assert shown["threshold"] == 0.4
    assert shown["recipe"]["model_key"] == "logistic"

    code, out, _ = run_cli(["runs", "compare", str(store_runs["jan"]), str(store_runs["mar"]),
                            "--json"])
    comparison = json.loads(out)
    assert code == 0
    assert comparison["reference"] == store_runs["jan"]
    assert {m["metric"] for m in comparison["metrics"]} >= {"f1", "precision", "recall"}
    f1 = next(m for m in comparison["metrics"] if m["metric"] == "f1")
    assert list(f1) == ["run", "metric", "metric_title", "value", "delta", "better", "threshold"]
    assert f1["metric_title"] == "F1 score"
    assert comparison["data"][str(store_runs["mar"])].endswith(
        "trained on 1,200 rows vs 1,800 rows (jan.csv vs mar.csv); same columns, different "
        "values.")

    code, out, _ = run_cli(["runs", "list"])
    assert code == 0
    assert "Logistic regression" in out
    assert "1,800 rows" in out


def test_score_writes_safe_predictions(store_runs: dict[str, int], files: dict[str, Path],
                                       tmp_path: Path) -> None:
    out_path = tmp_path / "preds.csv"
    code, out, err = run_cli(["score", str(store_runs["jan"]), str(files["new"]), "--out",
                              str(out_path), "--json"])
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["rows"] == 30
    assert summary["prediction_column"] == "predicted_churned"
    assert summary["summary"]["threshold"] == 0.4
    with out_path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30
    assert rows[0]["customer_id"].startswith("'=")
    assert {r["predicted_churned"] for r in rows} <= {"Yes", "No"}
    assert all(0.0 <= float(r["probability_Yes"]) <= 1.0 for r in rows)


def test_bad_requests_get_one_clear_line(store_runs: dict[str, int], files: dict[str, Path],
                                         tmp_path: Path) -> None:
    code, _, err = run_cli(["score", str(store_runs["mar"]), str(files["new"])])
    assert code == 2
    assert "was not saved" in err
    assert "Traceback" not in err
    code, _, err = run_cli(["runs", "show", "999"])
    assert code == 2
    assert "no run #999" in err
    broken = tmp_path / "broken.csv"
    pd.read_csv(files["new"]).drop(columns=["tenure_months"]).to_csv(broken, index=False)
    code, _, err = run_cli(["score", str(store_runs["jan"]), str(broken)])
    assert code == 2
    assert "'tenure_months'" in err
    code, _, err = run_cli(["runs", "compare", str(store_runs["jan"])])
    assert code == 2
    assert "2 to 4" in err


def test_drift_against_a_runs_training_data(store_runs: dict[str, int],
                                            files: dict[str, Path]) -> None:
    code, out, err = run_cli(["drift", str(store_runs["jan"]), str(files["mar"]), "--json"])
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["verdict"] == "retrain"
    first = report["columns"][0]
    assert first["column"] == "tenure_months"
    assert first["level"] == "major"
    assert first["p_value_approximate"] is True  # KS against stored percentiles (issue 19)
    code, out, _ = run_cli(["drift", str(store_runs["jan"]), str(files["jan"])])
    assert code == 0
    assert out.startswith("Little drift")


def test_score_refuses_a_model_file_that_would_run_code(store_runs: dict[str, int],
                                                        files: dict[str, Path],
                                                        tmp_path: Path) -> None:
    """Issue 13: a row written into the shared store whose model file calls ``exec``."""
    marker = tmp_path / "ran"
    store = open_store()
    dataset = load_table(files["jan"])
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    run_id = record_model(store, dataset, problem, split,
                          train(dataset, problem, split, "majority")).id
    store.save_model_bytes(run_id, skops_file(exec_node(payload(marker))), {})
    code, out, err = run_cli(["score", str(run_id), str(files["new"])])
    assert code == 2
    assert out == ""
    assert err.startswith("mlpm: This saved model holds types mlpm does not trust: builtins.exec")
    assert err.count("\n") == 1
    assert not marker.exists()
