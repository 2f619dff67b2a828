"""What HTTP costs on top of the model: `mlpm serve` vs the pipeline's own predict_proba (issue 18).

Trains logistic regression and gradient boosting on sample_data/churn.csv in a throwaway run
store, starts `mlpm serve` for each on a free port of 127.0.0.1, and times, in one run:

* the floor: ``pipeline.predict_proba`` in this process on rows already prepared;
* one row per ``POST /predict`` (keep-alive connection, one request at a time);
* 1,000 rows in one ``POST /predict``.

Prints p50/p99 in ms and the server's overhead over the floor (target: p50 overhead <= 5 ms),
in wall time and in CPU time (the server's own ``Server-Timing: cpu``): on a shared machine
the wall times move with the load, the CPU times much less.
Run: ``.venv/bin/python bench/serve.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
SINGLE = 400
BATCH = 1_000
BATCH_REPEATS = 25


def _ms(samples: list[float]) -> tuple[float, float]:
    values = np.asarray(samples) * 1000.0
    return float(np.percentile(values, 50)), float(np.percentile(values, 99))


def _interleaved(floor: Callable[[Any], object], server: Callable[[Any], object],
                 floor_inputs: list[Any], server_inputs: list[Any],
                 repeats: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Wall times of the floor and the server, one call of each in turn, so a busy machine
    slows both alike (this 2-core machine is shared); and CPU times (the floor's thread, the
    server's own ``Server-Timing: cpu``), which contention inflates far less."""
    floor(floor_inputs[0])
    server(server_inputs[0])
    floor_times, server_times, floor_cpu, server_cpu = [], [], [], []
    for i in range(repeats):
        start, cpu = time.perf_counter(), time.thread_time()
        floor(floor_inputs[i % len(floor_inputs)])
        floor_cpu.append(time.thread_time() - cpu)
        middle = time.perf_counter()
        server_cpu.append(server(server_inputs[i % len(server_inputs)]))
        floor_times.append(middle - start)
        server_times.append(time.perf_counter() - middle)
    return floor_times, server_times, floor_cpu, server_cpu


def main() -> None:
    home = tempfile.mkdtemp(prefix="mlpm-bench-serve-")
    os.environ["MLPM_HOME"] = home
    os.environ.pop("MLPM_DATABASE_URL", None)
    from mlpm.data.load import load_table
    from mlpm.lifecycle.scoring import model_inputs, prepare_inputs
    from mlpm.lifecycle.serving.server import start_child
    from mlpm.lifecycle.store import open_store
    from mlpm.lifecycle.store.capture import record_model
    from mlpm.lifecycle.store.model_files import save_model
    from mlpm.model.problem import define_problem
    from mlpm.model.split import SplitPlan, plan_split
    from mlpm.model.training import train

    dataset = load_table(ROOT / "sample_data" / "churn.csv")
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan())
    store = open_store()
    print("wall ms: floor = predict_proba in this process, server = POST /predict round trip;\n"
          "cpu ms (p50): the floor's thread vs the server's handler (Server-Timing: cpu)")
    print(f"{'model':<22}{'case':<12}{'floor p50':>10}{'p99':>8}{'server p50':>12}{'p99':>8}"
          f"{'overhead':>18}{'cpu floor':>11}{'server':>9}{'overhead':>10}")
    for key in ("logistic", "boosting"):
        model = train(dataset, problem, split, key)
        run = record_model(store, dataset, problem, split, model, threshold=0.4)
        save_model(store, run.id, model.pipeline)
        inputs = model_inputs(model.pipeline)
        frame = dataset.frame[list(inputs.columns)].iloc[:BATCH]
        rows = json.loads(frame.to_json(orient="records"))
        x_all, _ = prepare_inputs(frame, inputs)
        singles = [x_all.iloc[[i]] for i in range(50)]
        with start_child(run.id, extra_args=("--log-every", "1")) as child:
            connection = http.client.HTTPConnection("127.0.0.1", child.port, timeout=30)
            bodies = [json.dumps({"rows": [rows[i]]}).encode() for i in range(50)]
            batch_body = json.dumps({"rows": rows}).encode()

            def post(body: bytes, conn: http.client.HTTPConnection = connection) -> float:
                conn.request("POST", "/predict", body=body,
                             headers={"Content-Type": "application/json"})
                answer = conn.getresponse()
                payload = answer.read()
                if answer.status != 200:
                    sys.exit(f"server answered {answer.status}: {payload[:200]!r}")
                timing = dict(part.split(";dur=") for part in
                              answer.getheader("Server-Timing", "").split(", "))
                return float(timing["cpu"]) / 1000.0

            for body in bodies:  # warm up
                post(body)
            with threadpool_limits(1):  # as the server runs it (docs/hosting.md)
                one = _interleaved(model.pipeline.predict_proba, post, singles, bodies, SINGLE)
                batch = _interleaved(model.pipeline.predict_proba, post, [x_all], [batch_body],
                                     BATCH_REPEATS)
            connection.close()
        for case, (floor, server, floor_cpu, server_cpu) in (("1 row", one),
                                                             (f"{BATCH:,} rows", batch)):
            f50, f99 = _ms(floor)
            s50, s99 = _ms(server)
            c50, d50 = _ms(floor_cpu)[0], _ms(server_cpu)[0]
            print(f"{model.name:<22}{case:<12}{f50:>10.2f}{f99:>8.2f}{s50:>12.2f}{s99:>8.2f}"
                  f"{s50 - f50:>10.2f} (x{s50 / f50:.2f}){c50:>11.2f}{d50:>9.2f}{d50 - c50:>10.2f}")
    store.close()


if __name__ == "__main__":
    main()
