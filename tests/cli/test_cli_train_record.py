"""``mlpm train`` records its runs like the Train page (issue 14): ``run_id`` in the JSON,
``--no-record``, ``--save-model`` then ``mlpm score RUN``, and a store that can't be reached."""

from __future__ import annotations

import contextlib
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from mlpm.cli.main import main
from mlpm.lifecycle.store import close_stores, open_store

ROOT = Path(__file__).resolve().parents[2]
CHURN = ROOT / "sample_data" / "churn.csv"


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.setenv("MLPM_DATABASE_URL", url)
    yield url
    close_stores()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("train_record")
    frame = pd.read_csv(CHURN)
    paths = {"train": folder / "jan.csv", "new": folder / "new.csv"}
    frame.iloc[:800].to_csv(paths["train"], index=False)
    frame.iloc[2000:2040].drop(columns=["churned"]).to_csv(paths["new"], index=False)
    return paths


def train_json(files: dict[str, Path], *extra: str) -> tuple[dict, str]:
    code, out, err = run_cli(["train", str(files["train"]), "--target", "churned", "--model",
                              "logistic", "--cv", "3", "--json", *extra])
    assert code == 0, err
    return json.loads(out), err


def same_number(a: object, b: object) -> bool:
    """The train JSON writes NaN, the store's JSON null: both mean "no value"."""
    if a is None or b is None:
        return all(v is None or (isinstance(v, float) and math.isnan(v)) for v in (a, b))
    return a == pytest.approx(b, abs=1e-12)


def test_train_records_the_model_and_its_baseline(store_url: str,
                                                  files: dict[str, Path]) -> None:
    payload, err = train_json(files)
    assert err == ""
    assert isinstance(payload["run_id"], int)
    assert payload["baseline_run_id"] == payload["run_id"] + 1
    assert payload["threshold"] == 0.5
    assert payload["model_saved"] is False

    code, out, _ = run_cli(["runs", "show", str(payload["run_id"]), "--json"])
    shown = json.loads(out)
    assert code == 0
    assert shown["model_key"] == "logistic"
    assert shown["threshold"] == 0.5
    assert set(shown["metrics"]) == set(payload["metrics"])
    assert all(same_number(shown["metrics"][k], v) for k, v in payload["metrics"].items())
    assert shown["cv_metrics"]["folds"] == payload["cv"]["model"]["scores"]
    assert shown["costs"]["cases_per_month"] > 0  # the default costs, as the app records them
    assert shown["recipe"]["cv_folds"] == 3
    assert shown["has_model"] is False

    code, out, _ = run_cli(["runs", "show", str(payload["baseline_run_id"]), "--json"])
    baseline = json.loads(out)
    assert baseline["is_baseline"] is True
    assert baseline["batch"] == shown["batch"] != ""  # same test rows: one batch
    assert all(same_number(baseline["metrics"][k], v)
               for k, v in payload["baseline"]["metrics"].items())


def test_no_record_adds_no_run(store_url: str, files: dict[str, Path]) -> None:
    before = open_store().count()
    payload, err = train_json(files, "--no-record")
    assert err == ""
    assert payload["run_id"] is None
    assert payload["baseline_run_id"] is None
    assert open_store().count() == before
    code, _, err = run_cli(["train", str(files["train"]), "--target", "churned", "--no-record",
                            "--save-model"])
    assert code == 2
    assert "--save-model" in err


def test_save_model_then_score_new_rows(store_url: str, files: dict[str, Path],
                                        tmp_path: Path) -> None:
    payload, _ = train_json(files, "--save-model")
    assert payload["model_saved"] is True
    assert open_store().get(payload["run_id"]).has_model
    assert not open_store().get(payload["baseline_run_id"]).has_model
    out_path = tmp_path / "scored.csv"
    code, out, err = run_cli(["score", str(payload["run_id"]), str(files["new"]), "--out",
                              str(out_path), "--json"])
    assert (code, err) == (0, "")
    assert json.loads(out)["rows"] == 40
    assert len(pd.read_csv(out_path)) == 40

    code, out, err = run_cli(["train", str(files["train"]), "--target", "churned", "--cv", "0"])
    assert code == 0
    assert out.splitlines()[-1].split()[0] == "roc_auc"  # stdout: one line per metric
    assert err.startswith("mlpm: recorded as run #")


def test_an_unreachable_store_never_breaks_train(files: dict[str, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_DATABASE_URL",
                       "postgresql://mlpm@127.0.0.1:1/mlpm?connect_timeout=1")
    try:
        payload, err = train_json(files, "--save-model")
    finally:
        close_stores()
    assert payload["run_id"] is None
    assert payload["metrics"]["f1"] > 0
    assert err.startswith("mlpm: this run was not saved to the run history (")
    assert err.count("\n") == 1
