"""The ``mlpm`` command: JSON that agrees with itself, and one clean line for bad input.

Most tests call ``mlpm.cli.main.main`` in-process (fast); one runs the real module as a subprocess.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlpm.cli.main import main
from mlpm.data.triage import COSMETIC, LEARNS, PRIVACY, SCORE

ROOT = Path(__file__).resolve().parents[2]
CHURN = ROOT / "sample_data" / "churn.csv"
HOUSES = ROOT / "sample_data" / "house_prices.csv"
TRAIN_KEYS = {"dataset", "target", "task", "positive_label", "features", "split", "model", "name",
              "metrics", "confusion_matrix", "fit_seconds", "baseline"}
ALERT_KEYS = {"kind", "severity", "columns", "message", "action"}


def _run_quietly(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def churn_payload() -> dict:
    code, out, err = _run_quietly(["train", str(CHURN), "--target", "churned", "--json"])
    assert code == 0
    assert err == ""
    return json.loads(out)


def _check_binary_report(report: dict, positive: str) -> None:
    matrix = report["confusion_matrix"]
    assert set(matrix) == {"labels", "matrix"}
    assert matrix["labels"][0] == positive
    assert len(matrix["labels"]) == 2
    (tp, fn), (fp, tn) = matrix["matrix"]
    total = tp + fn + fp + tn
    metrics = report["metrics"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert metrics["precision"] == pytest.approx(precision)
    assert metrics["recall"] == pytest.approx(recall)
    assert metrics["accuracy"] == pytest.approx((tp + tn) / total)
    assert metrics["f1"] == pytest.approx(f1)
    assert metrics["specificity"] == pytest.approx(tn / (tn + fp))
    assert metrics["flagged_share"] == pytest.approx((tp + fp) / total)
    assert 0.0 <= metrics["roc_auc"] <= 1.0


def test_train_json_structure(churn_payload: dict) -> None:
    payload = churn_payload
    assert set(payload) >= TRAIN_KEYS
    assert payload["dataset"]["name"] == "churn.csv"
    assert payload["dataset"]["rows"] == 3000
    assert payload["target"] == "churned"
    assert payload["task"] == "binary"
    assert payload["positive_label"] == "Yes"
    assert "churned" not in payload["features"]
    assert "customer_id" not in payload["features"]  # an ID, excluded by default
    assert payload["split"] == {"test_size": 0.2, "seed": 42, "train": 2400, "test": 600}
    assert payload["model"] == "logistic"
    assert payload["fit_seconds"] >= 0
    assert payload["baseline"]["model"] == "majority"
    assert {"model", "name", "metrics", "confusion_matrix"} <= set(payload["baseline"])


def test_train_json_metrics_match_its_confusion_matrix(churn_payload: dict) -> None:
    _check_binary_report(churn_payload, "Yes")
    _check_binary_report(churn_payload["baseline"], "Yes")
    for report in (churn_payload, churn_payload["baseline"]):
        assert sum(map(sum, report["confusion_matrix"]["matrix"])) == 600
    assert churn_payload["metrics"]["f1"] > churn_payload["baseline"]["metrics"]["f1"]


def test_train_regression_json() -> None:
    code, out, _ = _run_quietly(["train", str(HOUSES), "--target", "price", "--json",
                                 "--model", "tree_reg", "--test-size", "0.3", "--seed", "1"])
    assert code == 0
    payload = json.loads(out)
    assert payload["task"] == "regression"
    assert payload["positive_label"] is None
    assert payload["model"] == "tree_reg"
    assert payload["split"] == {"test_size": 0.3, "seed": 1, "train": 1050, "test": 450}
    assert "confusion_matrix" not in payload
    for report in (payload, payload["baseline"]):
        assert set(report["metrics"]) == {"mae", "rmse", "r2"}
        assert 0 < report["metrics"]["mae"] <= report["metrics"]["rmse"]
    assert payload["baseline"]["model"] == "mean"
    assert payload["baseline"]["metrics"]["r2"] <= 0.01  # the average explains nothing
    assert payload["metrics"]["r2"] > 0.5


def test_train_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(CHURN), "--target", "churned", "--model", "tree"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Decision tree on churn.csv")
    assert "target churned" in lines[0]
    names = [line.split()[0] for line in lines[1:]]
    assert names == ["accuracy", "precision", "recall", "f1", "specificity", "flagged_share",
                     "roc_auc"]
    assert all("baseline" in line for line in lines[1:])


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    rows = ["id,score,notes,country,label"]
    rows += [f"{i},{i * 0.37 % 5:.2f},,NL,{'yes' if i % 15 == 0 else 'no'}" for i in range(40)]
    path = tmp_path / "messy.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_review_json(messy_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(messy_csv), "--target", "label", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"dataset", "columns", "alerts"} <= set(payload)
    assert payload["dataset"]["rows"] == 40
    assert payload["dataset"]["name"] == "messy.csv"
    assert [c["name"] for c in payload["columns"]] == ["id", "score", "notes", "country", "label"]
    found, groups = set(), {}
    for alert in payload["alerts"]:
        # "fix" added with issue 4; "impact" and "group" with issue 15 (nothing renamed)
        assert set(alert) == ALERT_KEYS | {"fix", "impact", "group"}
        assert alert["severity"] in {"high", "medium", "low"}
        assert alert["message"]
        assert alert["action"]
        assert alert["impact"] in {LEARNS, SCORE, PRIVACY, COSMETIC}
        found.add((alert["kind"], tuple(alert["columns"])))
        groups[alert["kind"]] = alert["group"]
    assert found == {("empty", ("notes",)), ("constant", ("country",)), ("id_like", ("id",)),
                     ("target_imbalance", ("label",))}
    # the page leads with what changes the model or its score; the ID is grouped
    assert groups == {"empty": None, "target_imbalance": None, "constant": "constant",
                      "id_like": "id_like"}


def test_review_text(messy_csv: Path, tmp_path: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(messy_csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("messy.csv: 40 rows x 5 columns, data version ")
    assert lines[1].startswith("[high] empty: 'notes'")
    # Changed with issue 4: without a target the rare 'yes' is a column "imbalance", and a
    # readiness summary follows the alerts.
    alerts = [line.split(":")[0] for line in lines if line.startswith("[")]
    assert alerts == ["[high] empty", "[medium] constant", "[low] id_like", "[low] imbalance"]
    assert "Readiness:" in lines

    clean = tmp_path / "clean.csv"
    clean.write_text("a,b\n1.5,x\n2.5,y\n")
    assert main(["review", str(clean)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "No alerts."


def test_review_json_reports_formula_cells(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("id,comment\n" + "".join(
        f"{i},{'=1+1' if i % 10 == 0 else '-3 days' if i % 10 == 1 else 'fine'}\n"
        for i in range(40)))
    assert main(["review", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    alerts = [a for a in payload["alerts"] if a["kind"] == "formula_like"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert set(alert) == ALERT_KEYS | {"fix", "impact", "group"}  # the same keys as every alert
    assert (alert["severity"], alert["columns"], alert["fix"]) == ("low", ["comment"], None)
    assert alert["message"].startswith("8 cells of 'comment' would run as formulas")
    assert main(["review", str(path)]) == 0
    assert any(line.startswith("[low] formula_like: 8 cells of 'comment'")
               for line in capsys.readouterr().out.splitlines())


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty.csv": b"",
        "binary.bin": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "ragged.csv": b"a,b\n1,2\n3,4,5\n",
        "ok.csv": b"a,b,y\n" + b"".join(b"%d,%d,%s\n" % (i, i % 3, b"ab"[i % 2: i % 2 + 1])
                                        for i in range(60)),
        "corrupt.csv.gz": bytes(b ^ 0x55 if 12 <= i < 60 else b
                                for i, b in enumerate(gzip.compress(b"a,b\n1,2\n" * 50))),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    return paths


BAD = [
    pytest.param(["train", "{empty.csv}", "--target", "a"], "empty", id="train-empty"),
    pytest.param(["review", "{empty.csv}"], "empty", id="review-empty"),
    pytest.param(["train", "{binary.bin}", "--target", "a"], "binary file", id="binary"),
    pytest.param(["review", "{ragged.csv}", "--json"], "Line 3", id="ragged"),
    pytest.param(["train", "{missing.csv}", "--target", "a"], "no file", id="missing-file"),
    pytest.param(["train", "{ok.csv}", "--target", "nope"], "'nope'", id="unknown-target"),
    pytest.param(["train", "{ok.csv}", "--target", "y", "--model", "forest"], "logistic",
                 id="unknown-model"),
    pytest.param(["train", "{ok.csv}", "--target", "y", "--test-size", "0.9"], "test share",
                 id="bad-test-size"),
    pytest.param(["review", "{corrupt.csv.gz}"], "gzip", id="corrupt-gzip"),
]


@pytest.mark.parametrize(("argv", "fragment"), BAD)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         argv: list[str], fragment: str) -> None:
    paths = _bad_inputs(tmp_path)
    paths["missing.csv"] = tmp_path / "missing.csv"
    args = [str(paths[a[1:-1]]) if a.startswith("{") else a for a in argv]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("mlpm: ")
    assert fragment in lines[0]
    assert "Traceback" not in captured.err


def test_console_module_end_to_end(tmp_path: Path, churn_payload: dict) -> None:
    """The only subprocess: the real module, from another directory, prints the same JSON."""
    completed = subprocess.run(
        [sys.executable, "-m", "mlpm.cli", "train", str(CHURN), "--target", "churned", "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    payload = json.loads(completed.stdout)
    expected = dict(churn_payload)
    for changes in ("fit_seconds", "run_id", "baseline_run_id"):  # one new run per call
        payload.pop(changes)
        expected.pop(changes)
    assert payload == expected


@pytest.mark.parametrize("command", ["app", "review", "train", "curves", "report", "runs", "score",
                                     "drift", "serve"])
def test_every_command_prints_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse formats help texts only when asked: a stray '%' in one stops --help."""
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert f"usage: mlpm {command}" in capsys.readouterr().out


def test_review_as_a_process_prints_everything_and_a_closed_pipe_is_quiet(tmp_path: Path
                                                                          ) -> None:
    """``mlpm review`` ends with ``os._exit`` once its output is flushed: the whole JSON still
    arrives; a reader that goes away (``| head``) gets exit code 1 and no "went wrong"."""
    command = [sys.executable, "-m", "mlpm.cli", "review", str(CHURN), "--target", "churned",
               "--json"]
    in_process = _run_quietly(command[3:])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # block-buffered
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == in_process[1]  # to the last byte: nothing left in a buffer
    gone = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    gone.stdout.close()  # long before the review prints anything  # type: ignore[union-attr]
    _, err = gone.communicate(timeout=120)
    assert gone.returncode == 1
    assert err == b""
