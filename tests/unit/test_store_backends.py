"""The run store against a real SQLite file and a real PostgreSQL server.

Every test runs on both back ends. The PostgreSQL server is Debian's, started on 127.0.0.1
with a throwaway data folder (see ``pg_server.py``); each test gets its own database.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from mlpm.data.dataset import Dataset
from mlpm.lifecycle.store import (
    ModelNotSavedError,
    RunNotFoundError,
    RunRecord,
    RunStore,
    StoreError,
    UntrustedModelError,
    close_stores,
    database_url,
    open_store,
)
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.model_files import load_model, model_from_bytes, save_model
from mlpm.lifecycle.store.schema import LATEST
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

# --- back ends --------------------------------------------------------------------------


def fake_run(i: int = 0, **changes: object) -> RunRecord:
    base = {"dataset_name": "churn.csv", "data_version": "abc123def456", "n_rows": 1200,
            "n_columns": 12, "target": "churned", "task": "binary", "model_key": "tree",
            "model_name": "Decision tree", "positive_label": "Yes", "classes": ("No", "Yes"),
            "features": ("tenure", "plan"), "metrics": {"f1": 0.5 + i / 1000},
            "params": {"max_depth": 5}, "split": {"test_size": 0.2, "seed": 42},
            "note": f"run {i}"}
    base.update(changes)
    return RunRecord(**base)  # type: ignore[arg-type]


# --- basics -----------------------------------------------------------------------------


def test_a_trained_model_is_recorded_with_its_data_settings_and_scores(
        db_url: str, binary_dataset: Dataset) -> None:
    store = RunStore(db_url)
    assert store.schema_version == LATEST
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan(seed=3))
    model = train(binary_dataset, problem, split, "tree", complexity=3)
    run = record_model(store, binary_dataset, problem, split, model, threshold=0.4,
                       costs={"fp_cost": 5.0}, note="first try")

    back = store.get(run.id)
    assert back.data_version == binary_dataset.version
    assert (back.n_rows, back.n_columns) == (160, 4)
    assert back.features == problem.features
    assert back.positive_label == "Yes"
    assert back.params["max_depth"] == 3
    assert back.threshold == pytest.approx(0.4)
    assert back.split["seed"] == 3
    assert back.split["test"] == len(split.test)
    assert back.costs == {"fp_cost": 5.0}
    assert back.recipe["model_key"] == "tree"
    assert back.metrics["f1"] == pytest.approx(run.metrics["f1"])
    assert 0.0 <= back.metrics["recall"] <= 1.0
    assert back.note == "first try"
    assert not back.has_model
    version = store.data_version(binary_dataset.version)
    assert version is not None
    assert version.columns["churned"] == "yes/no"
    assert set(version.profile["columns"]) == {"x1", "x2", "colour", "churned"}
    assert store.has_profile(binary_dataset.version)

    store.set_note(run.id, "  shown at the Q2 review ")
    assert store.get(run.id).note == "shown at the Q2 review"
    with pytest.raises(RunNotFoundError):
        store.get(9999)


def test_runs_are_listed_newest_first_and_filtered(db_url: str) -> None:
    store = RunStore(db_url)
    store.record(fake_run(1))
    store.record(fake_run(2, is_baseline=True, model_key="majority", model_name="Baseline"))
    store.record(fake_run(3, data_version="fff000fff000", n_rows=1500))
    store.record(fake_run(4, target="plan", task="multiclass"))
    assert [r.note for r in store.runs()] == ["run 4", "run 3", "run 2", "run 1"]
    assert [r.note for r in store.runs(include_baselines=False, target="churned")] == [
        "run 3", "run 1"]
    assert [r.note for r in store.runs(data_version="fff000fff000")] == ["run 3"]
    assert len(store.runs(limit=2)) == 2
    assert store.count() == 4
    assert {v.version for v in store.data_versions()} == {"abc123def456", "fff000fff000"}


def test_models_are_saved_only_with_skops_and_checked_before_loading(
        db_url: str, binary_dataset: Dataset) -> None:
    store = RunStore(db_url)
    problem = define_problem(binary_dataset, "churned")
    split = plan_split(binary_dataset, problem, SplitPlan())
    model = train(binary_dataset, problem, split, "tree")
    run = record_model(store, binary_dataset, problem, split, model)
    with pytest.raises(ModelNotSavedError):
        load_model(store, run.id)

    size = save_model(store, run.id, model.pipeline)
    content = store.model_bytes(run.id)
    assert size == len(content) > 1000
    assert content[:2] == b"PK"  # a skops zip file, not a pickle
    assert store.get(run.id).has_model
    loaded = load_model(store, run.id)
    x = binary_dataset.frame[list(problem.features)]
    np.testing.assert_allclose(loaded.predict_proba(x), model.pipeline.predict_proba(x))


class NotTrusted:
    """A type outside scikit-learn/NumPy/SciPy/mlpm: a model file naming it is refused."""

    def __init__(self) -> None:
        self.payload = [1, 2, 3]


def test_model_files_with_unknown_types_or_pickles_are_refused() -> None:
    import pickle

    import skops.io as sio

    with pytest.raises(UntrustedModelError, match="does not trust"):
        model_from_bytes(sio.dumps(NotTrusted()))
    with pytest.raises(UntrustedModelError, match="not a model file"):
        model_from_bytes(pickle.dumps({"a": 1}))


# --- schema upgrades --------------------------------------------------------------------

V1_RUNS = """CREATE TABLE runs (
    id {id_column},
    uid VARCHAR(32) NOT NULL UNIQUE, created_at VARCHAR(40) NOT NULL,
    dataset_name VARCHAR(300) NOT NULL, data_version VARCHAR(64) NOT NULL,
    n_rows INTEGER, n_columns INTEGER, target VARCHAR(300), task VARCHAR(20),
    positive_label VARCHAR(300), features_json TEXT, split_json TEXT, model_key VARCHAR(50),
    model_name VARCHAR(200), is_baseline BOOLEAN, complexity FLOAT, params_json TEXT,
    metrics_json TEXT, threshold FLOAT, fit_seconds FLOAT)"""


def create_v1_store(url: str, n_rows: int) -> None:
    """The schema as mlpm's first run store wrote it (version 1), with runs in it."""
    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    id_column = ("INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT" if sqlite
                 else "INTEGER NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE mlpm_schema (id INTEGER NOT NULL PRIMARY KEY, "
                          "version INTEGER NOT NULL, upgraded_at VARCHAR(40) NOT NULL)"))
        conn.execute(text("INSERT INTO mlpm_schema VALUES (1, 1, '2026-01-01T00:00:00+00:00')"))
        conn.execute(text(V1_RUNS.format(id_column=id_column)))
        conn.execute(text("CREATE INDEX ix_runs_data_version ON runs (data_version)"))
        for i in range(n_rows):
            conn.execute(text(
                "INSERT INTO runs (uid, created_at, dataset_name, data_version, n_rows, n_columns,"
                " target, task, positive_label, features_json, split_json, model_key, model_name,"
                " is_baseline, complexity, params_json, metrics_json, threshold, fit_seconds) "
                "VALUES (:uid, :at, 'old.csv', :version, 900, 8, 'churned', 'binary', 'Yes', "
                "'[\"tenure\"]', '{\"seed\": 42}', 'logistic', 'Logistic regression', :base, 1.0,"
                " '{\"C\": 1.0}', :metrics, 0.5, 0.01)"),
                {"uid": f"old{i}", "at": f"2026-01-0{i + 1}T10:00:00+00:00",
                 "version": "v1data" if i < 2 else "v1other", "base": i == 0,
                 "metrics": json.dumps({"f1": 0.6 + i / 100})})
    engine.dispose()


def test_an_older_schema_is_upgraded_in_place_without_losing_rows(db_url: str) -> None:
    create_v1_store(db_url, n_rows=3)
    store = RunStore(db_url)
    assert store.schema_version == LATEST
    old = store.runs()
    assert [r.uid for r in old] == ["old2", "old1", "old0"]
    assert [r.metrics["f1"] for r in old] == pytest.approx([0.62, 0.61, 0.60])
    assert old[-1].is_baseline
    assert not old[0].is_baseline
    assert all(r.note == "" and r.cv_metrics == {} and not r.has_model for r in old)
    # Data versions the old runs mention were filled in from the runs.
    versions = {v.version: v for v in store.data_versions()}
    assert set(versions) == {"v1data", "v1other"}
    assert versions["v1data"].n_rows == 900
    assert versions["v1data"].profile == {}
    # New runs go on after the old ones; opening again changes nothing.
    new = store.record(fake_run(7))
    assert new.id == 4
    close_stores()
    again = RunStore(db_url)
    assert again.schema_version == LATEST
    assert again.count() == 4


def test_a_store_from_a_newer_mlpm_is_refused_clearly(db_url: str) -> None:
    RunStore(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE mlpm_schema SET version = 99"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer mlpm"):
        RunStore(db_url)


# --- several processes ------------------------------------------------------------------

WRITER = """
import sys, time, pathlib
from mlpm.lifecycle.store import RunStore, RunRecord
url, tag, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
store = RunStore(url)
while not go.exists():
    time.sleep(0.005)
for i in range(count):
    store.record(RunRecord(dataset_name="churn.csv", data_version="shared", n_rows=i,
                           n_columns=3, target="churned", task="binary", model_key="tree",
                           model_name="Decision tree", note=f"{tag}-{i}",
                           metrics={"f1": i / count}))
print("done", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    RunStore(db_url).close()  # create the schema first, as the app does on start
    go = tmp_path / "go"
    count = 15
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, tag, str(count), str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for tag in ("a", "b")]
    time.sleep(0.3)
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err.decode()
        assert out.decode().strip() == "done"
    runs = open_store(db_url).runs()
    assert len(runs) == 2 * count
    assert len({r.uid for r in runs}) == 2 * count
    assert len({r.id for r in runs}) == 2 * count
    assert sorted(r.note for r in runs) == sorted(f"{tag}-{i}" for tag in "ab"
                                                  for i in range(count))
    assert [v.version for v in open_store(db_url).data_versions()] == ["shared"]


KILLED_WRITER = """
import sys
from mlpm.lifecycle.store import RunStore, RunRecord
store = RunStore(sys.argv[1])
blob = bytes(range(256)) * 8_000  # 2 MB model file: each write takes a while
i = 0
while True:
    print("begin", i, flush=True)
    run = store.record(RunRecord(dataset_name="churn.csv", data_version="vk", n_rows=i,
                                 n_columns=3, target="churned", task="binary", model_key="tree",
                                 model_name="Decision tree", note=f"k-{i}"))
    store.save_model_bytes(run.id, blob, {"test": "1"})
    print("done", run.id, flush=True)
    i += 1
"""


def test_a_writer_killed_mid_write_leaves_every_completed_run(db_url: str) -> None:
    RunStore(db_url).close()
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, db_url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    completed: list[int] = []
    try:
        assert writer.stdout is not None
        for line in writer.stdout:
            if line.startswith("done"):
                completed.append(int(line.split()[1]))
            elif line.startswith("begin") and len(completed) >= 3:
                break  # it has just started a write: kill it in the middle
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    close_stores()
    store = RunStore(db_url)
    runs = store.runs()
    ids = {r.id for r in runs}
    assert set(completed) <= ids
    for run_id in completed:
        assert len(store.model_bytes(run_id)) == 256 * 8_000
    assert all(r.note.startswith("k-") for r in runs)
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.record(fake_run(1))  # and it still takes new runs
    assert store.count() == len(runs) + 1


# --- configuration ----------------------------------------------------------------------


def test_the_default_store_is_a_sqlite_file_under_mlpm_home(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.delenv("MLPM_DATABASE_URL", raising=False)
    monkeypatch.setenv("MLPM_HOME", str(tmp_path / "home"))
    assert database_url() == f"sqlite:///{tmp_path / 'home' / 'runs.sqlite'}"
    store = open_store()
    assert (tmp_path / "home" / "runs.sqlite").exists()
    assert "SQLite file" in store.where
    monkeypatch.setenv("MLPM_DATABASE_URL", "postgres://u:secret@db.example:5433/mlpm")
    assert database_url() == "postgresql+psycopg://u:secret@db.example:5433/mlpm"
    close_stores()


def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(StoreError) as caught:
        RunStore("postgresql://mlpm:secret@127.0.0.1:1/mlpm?connect_timeout=2")
    assert "could not be reached" in caught.value.message
    assert "secret" not in str(caught.value)
