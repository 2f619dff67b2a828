"""`mlpm serve` (issue 18): a real server on 127.0.0.1 answers like `mlpm score`, rejects bad
rows with a message per row, logs what it served to the run store, and restarts on the same
model. Servers run in a thread (uvicorn, real sockets); one test runs the CLI as a child."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import uvicorn
from fixtures.attacks import exec_node, payload, skops_file
from sqlalchemy import func, select

from mlpm.cli.main import main
from mlpm.data.load import load_table
from mlpm.lifecycle.scoring import model_inputs
from mlpm.lifecycle.serving.app import create_app
from mlpm.lifecycle.serving.bench import run_load, sample_rows, sla_check
from mlpm.lifecycle.serving.checks import Limits, check_rows
from mlpm.lifecycle.serving.model import load_served_model
from mlpm.lifecycle.serving.server import free_port, health, start_child
from mlpm.lifecycle.serving.traffic import TrafficLog, live_traffic
from mlpm.lifecycle.store import RunStore, close_stores, open_store
from mlpm.lifecycle.store.capture import record_model
from mlpm.lifecycle.store.model_files import save_model
from mlpm.lifecycle.store.schema import served_batches
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train

ROOT = Path(__file__).resolve().parents[2]
CHURN = ROOT / "sample_data" / "churn.csv"
THRESHOLD = 0.4


# --- helpers ---------------------------------------------------------------------------

@contextlib.contextmanager
def thread_server(app: Any) -> Iterator[str]:
    """uvicorn on a free port of 127.0.0.1 in a thread; leaving runs its graceful shutdown."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def call(url: str, path: str, body: bytes | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url + path, data=body, method="POST" if body is not None
                                     else "GET", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw, status = answer.read(), answer.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8-sig")


def post_rows(url: str, rows: list[dict[str, Any]], query: str = "") -> tuple[int, Any]:
    return call(url, "/predict" + query, json.dumps({"rows": rows}).encode())


def trained_run(store: RunStore, frame: pd.DataFrame, key: str = "logistic") -> tuple[int, Any]:
    dataset = load_table(frame.to_csv(index=False).encode(), name="churn.csv")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    model = train(dataset, problem, split, key)
    run = record_model(store, dataset, problem, split, model, threshold=THRESHOLD)
    save_model(store, run.id, model.pipeline)
    return run.id, model.pipeline


@pytest.fixture(scope="module")
def churn() -> pd.DataFrame:
    return pd.read_csv(CHURN)


@pytest.fixture(scope="module")
def served(churn: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One SQLite store with a saved logistic model, and its server (no traffic log)."""
    folder = tmp_path_factory.mktemp("serve")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLPM_DATABASE_URL", f"sqlite:///{folder / 'runs.sqlite'}")
        store = open_store()
        run_id, pipeline = trained_run(store, churn.iloc[:900])
        model = load_served_model(store, run_id)
        with thread_server(create_app(model)) as url:
            yield {"url": url, "run_id": run_id, "pipeline": pipeline, "folder": folder,
                   "model": model, "store": store}
        close_stores()


def features(frame: pd.DataFrame, pipeline: Any) -> pd.DataFrame:
    return frame[list(model_inputs(pipeline).columns)]


# --- answers ---------------------------------------------------------------------------

def test_predictions_equal_mlpm_score_and_sklearn_row_by_row(served: dict, churn: pd.DataFrame
                                                               ) -> None:
    new = churn.iloc[2000:2040].drop(columns=["churned"])
    path = served["folder"] / "new.csv"
    new.to_csv(path, index=False)
    out = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(out):
        assert main(["score", str(served["run_id"]), str(path), "--out",
                     str(served["folder"] / "scored.csv")]) == 0
    scored = pd.read_csv(served["folder"] / "scored.csv", encoding="utf-8-sig")

    rows = json.loads(features(new, served["pipeline"]).to_json(orient="records"))
    status, body = post_rows(served["url"], rows)
    assert status == 200, body
    answers = body["predictions"]
    assert [a["decision"] for a in answers] == scored["predicted_churned"].tolist()
    np.testing.assert_allclose([round(a["chance"], 4) for a in answers],
                               scored["probability_Yes"], atol=1e-12)
    # and against sklearn itself, at the run's threshold
    proba = served["pipeline"].predict_proba(features(new, served["pipeline"]))
    p = proba[:, list(served["pipeline"].classes_).index("Yes")]
    np.testing.assert_allclose([a["chance"] for a in answers], p, rtol=1e-9)
    assert [a["decision"] for a in answers] == np.where(p >= THRESHOLD, "Yes", "No").tolist()
    assert body["model"]["run_id"] == served["run_id"]
    assert body["threshold"] == THRESHOLD

    # the same file as CSV, extra columns ignored on request
    status, text = call(served["url"], "/predict.csv?extra=ignore", path.read_bytes())
    assert status == 200
    back = pd.read_csv(io.StringIO(text))
    assert back["decision"].tolist() == scored["predicted_churned"].tolist()
    np.testing.assert_allclose(back["chance"].round(4), scored["probability_Yes"])


def test_model_card_and_health(served: dict) -> None:
    status, card = call(served["url"], "/model")
    run = served["store"].get(served["run_id"])
    assert status == 200
    assert card["operating_point"] == THRESHOLD == run.threshold
    assert card["data_version"] == run.data_version
    assert card["metric"] == "f1"
    assert card["metric_value"] == pytest.approx(run.metrics["f1"])
    assert card["trained_at"] == run.created_at
    assert card["inputs"]["categories"]["contract"] == ["Month-to-month", "One year", "Two year"]
    status, alive = call(served["url"], "/health")
    assert status == 200
    assert alive["status"] == "ok"
    assert alive["model_sha256"] == served["model"].model_sha256 == card["model_sha256"]


def test_bad_rows_get_422_with_a_message_per_row(served: dict, churn: pd.DataFrame) -> None:
    rows = json.loads(features(churn.iloc[:4], served["pipeline"]).to_json(orient="records"))
    rows[0].pop("tenure_months")
    rows[1]["monthly_charges"] = "lots"
    rows[2]["contract"] = "Ten year"
    rows[3]["tenure_month"] = 3  # a typo
    status, body = post_rows(served["url"], rows)
    assert status == 422
    problems = {r["row"]: " ".join(r["problems"]) for r in body["rows"]}
    assert "missing 'tenure_months'" in problems[0]
    assert "'monthly_charges' must be a number, got \"lots\"" in problems[1]
    assert "'contract' = \"Ten year\" was never seen in training" in problems[2]
    assert "unknown column(s) 'tenure_month'" in problems[3]
    assert "nothing was scored" in body["error"]
    # nulls are missing values the model handles, as in Score new data
    good = json.loads(features(churn.iloc[:2], served["pipeline"]).to_json(orient="records"))
    good[0]["total_charges"] = None
    assert post_rows(served["url"], good)[0] == 200
    status, body = call(served["url"], "/predict", json.dumps(good).replace(
        '"tenure_months": ' + str(good[1]["tenure_months"]), '"tenure_months": 1e400').encode())
    assert status == 422
    assert body["rows"] == [{"row": 1, "problems": [("'tenure_months' must be a finite number, "
                                                    "got Infinity")]}]
    for raw in (b"not json", b"[]", b"[1, 2]", b'"text"', b'{"rows": 3}'):
        status, body = call(served["url"], "/predict", raw)
        assert status == 422, raw
        assert body["error"], raw
    status, body = call(served["url"], "/predict.csv", b"a,b\n1,2\n")
    assert status == 422
    problems = " ".join(body["rows"][0]["problems"])
    assert "missing 'contract', 'gender'" in problems
    assert "unknown column(s) 'a', 'b'" in problems


def test_limits_refuse_big_requests_before_scoring(served: dict, churn: pd.DataFrame) -> None:
    app = create_app(served["model"], limits=Limits(max_body_bytes=4_000, max_rows=5))
    rows = json.loads(features(churn.iloc[:6], served["pipeline"]).to_json(orient="records"))
    with thread_server(app) as url:
        status, body = post_rows(url, rows)
        assert status == 413
        assert "at most 5 per request" in body["error"]
        status, body = call(url, "/predict", b"[" + b" " * 5_000 + b"]")
        assert status == 413
        assert "larger than this server takes" in body["error"]
        assert post_rows(url, rows[:5])[0] == 200


def test_untrusted_model_refuses_to_start(served: dict, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    store = served["store"]
    run_id, _ = served["run_id"], None
    clone = store.record(store.get(run_id))
    store.save_model_bytes(clone.id, skops_file(exec_node(payload(marker))), {})
    err = io.StringIO()
    codes: list[int] = []
    with contextlib.redirect_stderr(err):
        # In a thread: were the refusal broken, the server would start and serve forever.
        refusal = threading.Thread(target=lambda: codes.append(
            main(["serve", str(clone.id), "--port", str(free_port())])), daemon=True)
        refusal.start()
        refusal.join(60)
    assert codes == [2]
    assert "holds types mlpm does not trust: builtins.exec" in err.getvalue()
    assert not marker.exists()


# --- measured ------------------------------------------------------------------------

def test_short_bounded_bench_and_the_sla_check(served: dict) -> None:
    store = served["store"]
    model = served["model"]
    profile = store.data_version(model.run.data_version).profile
    rows = sample_rows(profile, model.inputs, 40, seed=1)
    check_rows(pd.DataFrame(rows), model.inputs)  # drawn rows are valid rows
    result = run_load(served["url"], rows, levels=(1, 2), seconds=0.4, max_requests=60,
                      warmup=2)
    assert [lv.concurrency for lv in result.levels] == [1, 2]
    for level in result.levels:
        assert 0 < level.requests <= 60
        assert level.errors == 0
        assert level.p50_ms <= level.p95_ms <= level.p99_ms <= level.max_ms
    best = max(lv.throughput_rps for lv in result.levels)
    loose = sla_check(result, latency_ms=10_000, percentile=99, volume_per_second=best * 2.5)
    assert loose.capacity_rps == best
    assert loose.instances == math.ceil(2.5)
    assert not loose.meets
    assert sla_check(result, latency_ms=10_000, volume_per_second=best / 2).meets
    # the facts go into the meeting pack (deck and HTML report read the same item)
    from mlpm.explain.hosting import hosting_facts
    from mlpm.present.export.report import build_report
    from mlpm.present.pack import build_pack
    from mlpm.project.analysis import Analysis

    facts = hosting_facts(result, loose, run_id=model.run.id, model_name=model.run.model_name,
                          measured_at="2026-12-03 16:00")
    assert facts["instances"] == 3
    pack = build_pack(Analysis(hosting=facts))
    item = next(i for i in pack.items if i.key == "hosting")
    assert item.headline.endswith("need **3 instances** (behind a load balancer).")
    assert f"within {result.levels[0].p50_ms:,.0f} ms" in item.points[1]
    assert "3 instances" in build_report(pack)
    assert not any(i.key == "hosting" for i in build_pack(Analysis()).items)
    strict = sla_check(result, latency_ms=0.001)
    assert not strict.meets
    assert strict.instances is None


# --- monitoring: the traffic log on both back ends -------------------------------------

def test_served_traffic_reaches_the_store_and_shows_drift(db_url: str, churn: pd.DataFrame
                                                          ) -> None:
    store = RunStore(db_url)
    run_id, pipeline = trained_run(store, churn.iloc[:900])
    model = load_served_model(store, run_id)
    profile = store.data_version(model.run.data_version).profile
    log = TrafficLog(store, run_id, profile, flagged_label="Yes", flush_seconds=60)
    same = json.loads(features(churn.iloc[1000:1300], pipeline).to_json(orient="records"))
    shifted = [{**r, "tenure_months": r["tenure_months"] + 48} for r in same]
    with thread_server(create_app(model, log=log)) as url:
        status, body = post_rows(url, same)
        assert status == 200
        flagged = sum(a["decision"] == "Yes" for a in body["predictions"])
        assert post_rows(url, [*same[:1], {"contract": "x"}])[0] == 422  # not logged
    # leaving the server ran its shutdown: the last batch is written, whole
    traffic = live_traffic(store, run_id)
    assert traffic.n_rows == len(same)
    assert traffic.n_batches == 1
    assert traffic.per_day["flagged"].sum() == flagged
    assert traffic.share_flagged == pytest.approx(flagged / len(same))
    assert traffic.decisions == {k: v for k, v in {"Yes": flagged, "No": len(same) - flagged}
                                 .items() if v}
    assert sum(traffic.chances) == len(same)
    levels = {c.column: c.level for c in traffic.drift.columns}
    assert levels["tenure_months"] == "stable"
    with store.engine.connect() as conn:
        stored = conn.execute(select(served_batches.c.summary_json)).scalar_one()
    assert str(same[0]["total_charges"]) not in stored  # counts, never the rows

    # a shifted day of traffic: tenure moved by four years
    log = TrafficLog(store, run_id, profile, flagged_label="Yes", flush_seconds=60)
    log.add(*_prepared(model, shifted))
    log.close()
    shifted_only = live_traffic(store, run_id)
    assert shifted_only.n_rows == 2 * len(same)
    moved = {c.column: c for c in shifted_only.drift.columns}["tenure_months"]
    assert moved.level == "major"
    assert moved.p_value < 1e-6
    store.close()


def _prepared(model: Any, rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, list, list]:
    x = check_rows(pd.DataFrame(rows), model.inputs)
    answers = model.as_json(model.answer(x))
    return x, [a["chance"] for a in answers], [a["decision"] for a in answers]


# --- restart safety (the CLI as a child process) ----------------------------------------

def test_killed_server_loses_no_half_batch_and_restarts_on_the_same_model(served: dict,
                                                                          churn: pd.DataFrame
                                                                          ) -> None:
    store = served["store"]
    rows = json.loads(features(churn.iloc[100:110], served["pipeline"]).to_json(orient="records"))

    def logged() -> tuple[int, int]:
        with store.engine.connect() as conn:
            query = select(func.count(), func.coalesce(func.sum(served_batches.c.n_rows), 0))
            count, total = conn.execute(query.where(served_batches.c.run_id == served["run_id"])
                                        ).one()
        return int(count), int(total)

    before = logged()
    child = start_child(served["run_id"], extra_args=("--log-every", "0.2"),
                        env={"MLPM_DATABASE_URL": store.url})
    try:
        first = health(child.url)
        status, answered = post_rows(child.url, rows)
        assert status == 200
        deadline = time.monotonic() + 10  # the log thread writes its batch within 0.2 s
        while logged() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert logged() == (before[0] + 1, before[1] + len(rows))
        assert post_rows(child.url, rows)[0] == 200
        os.kill(child.process.pid, signal.SIGKILL)  # no shutdown at all, mid-interval
        child.process.wait(10)
    finally:
        child.stop()
    after = logged()
    # the last interval's rows are either in one whole batch or not at all
    assert after in ((before[0] + 1, before[1] + len(rows)),
                     (before[0] + 2, before[1] + 2 * len(rows)))
    with store.engine.connect() as conn:
        for summary in conn.execute(select(served_batches.c.summary_json)).scalars():
            assert sum(json.loads(summary)["chances"]) > 0

    # restarted, it loads the same saved model from the store and answers the same
    with thread_server(create_app(load_served_model(store, served["run_id"]))) as url:
        assert health(url)["model_sha256"] == first["model_sha256"]
        assert post_rows(url, rows) == (200, answered)


# --- other tasks answer too (in process: the same code the handlers call) ---------------

@pytest.mark.parametrize(("fixture", "target", "task"), [
    ("multiclass_dataset", "size", "multiclass"), ("regression_dataset", "price", "regression")])
def test_several_classes_and_numbers_answer_like_score_frame(request: pytest.FixtureRequest,
                                                              fixture: str, target: str,
                                                              task: str) -> None:
    from mlpm.lifecycle.scoring import score_frame
    from mlpm.lifecycle.serving.model import ServedModel
    from mlpm.lifecycle.serving.traffic import summarise_batch
    from mlpm.lifecycle.store import RunRecord

    dataset = request.getfixturevalue(fixture)
    problem = define_problem(dataset, target)
    split = plan_split(dataset, problem, SplitPlan(seed=3))
    model = train(dataset, problem, split, "logistic" if task == "multiclass" else "linear")
    run = RunRecord(dataset_name="t.csv", data_version="v", n_rows=dataset.n_rows,
                    n_columns=dataset.n_columns, target=target, task=task, model_key=model.key,
                    model_name=model.name, id=1)
    served = ServedModel(run=run, pipeline=model.pipeline,
                         inputs=model_inputs(model.pipeline), model_sha256="x")
    frame = dataset.frame.drop(columns=[target]).head(25)
    answers = served.as_json(served.answer(check_rows(frame, served.inputs)))
    scored = score_frame(model.pipeline, frame, target=target, task=task)
    json.dumps(answers)  # JSON-ready: no numpy scalars
    decided = scored.predictions[scored.prediction_column].tolist()
    if task == "regression":
        np.testing.assert_allclose([a["decision"] for a in answers], decided)
        assert all(a["chance"] is None for a in answers)
    else:
        assert [a["decision"] for a in answers] == decided
        for answer, (_, row) in zip(answers, scored.predictions.iterrows(), strict=True):
            for label, chance in answer["chances"].items():
                assert round(chance, 4) == pytest.approx(row[f"probability_{label}"])
            assert answer["chance"] == max(answer["chances"].values())
    summary = summarise_batch(frame, np.asarray([a["chance"] if a["chance"] is not None
                                                 else np.nan for a in answers], dtype=float),
                              [a["decision"] for a in answers], {}, None)
    assert summary["flagged"] is None
    assert sum(summary["decisions"].values()) == len(frame)


def test_scoring_a_file_treats_infinite_numbers_as_missing(served: dict, churn: pd.DataFrame
                                                           ) -> None:
    """Found while testing the server: `mlpm score` stopped with a ValueError on "inf"."""
    from mlpm.lifecycle.scoring import score_frame

    frame = features(churn.iloc[:5], served["pipeline"]).copy()
    frame["tenure_months"] = frame["tenure_months"].astype(float)
    frame.loc[frame.index[0], "tenure_months"] = np.inf
    result = score_frame(served["pipeline"], frame, target="churned", task="binary",
                         positive_label="Yes", threshold=THRESHOLD)
    assert any("1 value(s) of 'tenure_months' are infinite" in n.text for n in result.notes)
    missing = frame.copy()
    missing.loc[missing.index[0], "tenure_months"] = np.nan
    expected = served["pipeline"].predict_proba(missing)[:, 1]
    np.testing.assert_allclose(result.predictions["probability_Yes"], np.round(expected, 4))


def test_a_request_in_flight_at_shutdown_is_answered_and_logged_whole(served: dict,
                                                                      churn: pd.DataFrame,
                                                                      tmp_path: Path) -> None:
    store = RunStore(f"sqlite:///{tmp_path / 'flight.sqlite'}")
    run_id, pipeline = trained_run(store, churn.iloc[:600])
    model = load_served_model(store, run_id)
    log = TrafficLog(store, run_id, store.data_version(model.run.data_version).profile,
                     flagged_label="Yes", flush_seconds=60)
    rows = json.loads(features(churn.iloc[:3000], pipeline).to_json(orient="records"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(model, log=log), host="127.0.0.1",
                                           port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    outcome: dict[str, Any] = {}

    def send() -> None:
        try:
            outcome["status"], outcome["body"] = post_rows(f"http://127.0.0.1:{port}", rows)
        except OSError as error:  # refused before it was read: a clean error, nothing logged
            outcome["error"] = error

    caller = threading.Thread(target=send)
    caller.start()
    time.sleep(0.05)
    server.should_exit = True  # as SIGTERM does
    caller.join(60)
    thread.join(60)
    answered = len(outcome["body"]["predictions"]) if outcome.get("status") == 200 else 0
    assert answered in (0, len(rows))
    assert live_traffic(store, run_id).n_rows == answered  # whole, or nothing
    store.close()


def test_the_model_card_states_the_hosting_facts_only_when_measured(churn: pd.DataFrame) -> None:
    from mlpm.explain.hosting import hosting_facts
    from mlpm.lifecycle.serving.bench import BenchResult, LevelResult
    from mlpm.present.export.model_card import build_model_card
    from mlpm.present.pack import card_facts
    from mlpm.project.analysis import Analysis

    dataset = load_table(churn.iloc[:600].to_csv(index=False).encode(), name="churn.csv")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    model = train(dataset, problem, split, "logistic")
    level = LevelResult(concurrency=1, requests=100, errors=0, seconds=1.0, p50_ms=8.0,
                        p95_ms=12.0, p99_ms=20.0, max_ms=25.0, throughput_rps=100.0)
    result = BenchResult(url="http://127.0.0.1:1", rows_per_request=1, levels=[level])
    facts = hosting_facts(result, sla_check(result, latency_ms=100, volume_per_second=50),
                          run_id=7, model_name=model.name, measured_at="2026-12-03 16:00")
    analysis = Analysis(dataset=dataset, problem=problem, split=split,
                        models={model.key: model}, selected_model=model.key, threshold=0.4)
    assert "## Hosting" not in build_model_card(card_facts(analysis))
    analysis.hosting = facts
    card = build_model_card(card_facts(analysis))
    assert "## Hosting\n- One instance answers about 100 requests a second within 100 ms for " \
           "99% of requests: enough for your 50 a second, with room for 2.0× that." in card
    assert "half the answers within 8 ms, 99 in 100 within 20 ms" in card
