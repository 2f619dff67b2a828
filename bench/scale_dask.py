"""Bench: curves on a Dask cluster (issue 16) against the same curves on this process.

Times a learning curve (6 sizes x 5 folds) and a validation curve of the same model three
ways, on the same plan: here (as mlpm runs without a cluster), on a ``distributed.LocalCluster``
with 1 worker and with 2 workers (separate processes, one thread each, TCP on 127.0.0.1, as a
real cluster is reached). Checks the scores are identical; prints the ratio of each to the
local run (interleaved, best of 3). Target: 1 worker <= 1.2x the local run.

    .venv/bin/python bench/scale_dask.py [--model random_forest] [--rows 10000]
"""

from __future__ import annotations

import argparse
import logging
import os
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning

from mlpm.data.dataset import Dataset
from mlpm.data.samples import load_sample
from mlpm.evaluate.curves import plan_learning_curve, plan_validation_curve, run_plan
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.scale.compute import SCHEDULER_ENV

REPEATS = 3


def _data(rows: int) -> Dataset:
    """The churn sample, repeated with a little noise up to ``rows`` rows."""
    base = load_sample("churn").frame
    rng = np.random.default_rng(0)
    parts = [base]
    while sum(len(p) for p in parts) < rows:
        extra = base.copy()
        for name in extra.select_dtypes("number").columns:
            extra[name] = extra[name] + rng.normal(0, 0.01, len(extra))
        parts.append(extra)
    return Dataset(pd.concat(parts, ignore_index=True).iloc[:rows], "churn-bench.csv")


def _run(plans, address: str | None) -> tuple[float, list]:
    """Every plan's curve, here (``address`` None) or on the cluster at ``address``."""
    if address is None:
        os.environ.pop(SCHEDULER_ENV, None)
    else:
        os.environ[SCHEDULER_ENV] = address
    try:
        started = time.perf_counter()
        results = [run_plan(plan) for plan in plans]
        return time.perf_counter() - started, results
    finally:
        os.environ.pop(SCHEDULER_ENV, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="random_forest")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    warnings.simplefilter("ignore", ConvergenceWarning)
    from distributed import LocalCluster

    dataset = _data(args.rows)
    problem = define_problem(dataset, "churned", positive_label="Yes")
    split = plan_split(dataset, problem, SplitPlan(seed=42))
    plans = [plan_learning_curve(dataset, problem, split, args.model, n_sizes=6, folds=5),
             plan_validation_curve(dataset, problem, split, args.model, folds=5)]
    print(f"{args.model}: learning curve ({len(plans[0])} sizes) + validation curve "
          f"({len(plans[1])} settings), 5 folds, {len(split.train):,} training rows, "
          f"{os.cpu_count()} cores")
    from mlpm.scale import compute

    # Interleaved, best of REPEATS: the machine's load drifts, and each setting should see the
    # same drift (a bench run after another one is not comparable on a shared machine).
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as one, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as two:
        where = {"here (no cluster)": None, "Dask, 1 worker": one.scheduler_address,
                 "Dask, 2 workers": two.scheduler_address}
        best = dict.fromkeys(where, float("inf"))
        results: dict[str, list] = {}
        for address in where.values():  # warm the workers' imports, as a running cluster is
            _run(plans[1:], address)
        for _ in range(REPEATS):
            for name, address in where.items():
                seconds, results[name] = _run(plans, address)
                best[name] = min(best[name], seconds)
        for client in compute._clients.values():
            client.close()
        compute._clients.clear()
    local = best["here (no cluster)"]
    reference = results["here (no cluster)"]
    print(f"{'where':<24} {'seconds':>8} {'x local':>8} {'same scores':>12}")
    for name, seconds in best.items():
        same = all(np.array_equal(a.validation_scores, b.validation_scores, equal_nan=True)
                   and np.array_equal(a.train_scores, b.train_scores, equal_nan=True)
                   for a, b in zip(results[name], reference, strict=True))
        print(f"{name:<24} {seconds:8.2f} {seconds / local:8.2f} {'yes' if same else 'NO':>12}")

if __name__ == "__main__":
    main()
