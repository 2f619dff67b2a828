"""Cross-validation and curves on a Dask cluster (issue 16): the same folds, the same scores.

A real ``distributed.LocalCluster`` on 127.0.0.1 (one worker, in this process) stands in for
a team's cluster; the local run is the reference.
"""

from __future__ import annotations

import numpy as np
import pytest
from distributed import LocalCluster

from mlpm.evaluate.curves import learning_curve, validation_curve
from mlpm.explain.scale import where_work_runs_sentence
from mlpm.project.pipeline import run
from mlpm.scale import compute
from mlpm.scale.compute import SCHEDULER_ENV, ClusterError, map_folds, workplace


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                      host="127.0.0.1",
                      dashboard_address=None) as found:
        yield found
    for client in compute._clients.values():
        client.close()
    compute._clients.clear()


def _work(dataset) -> tuple:
    result = run(dataset, "churned", model_key="tree", cv_folds=4, seed=3)
    curve = learning_curve(dataset, result.problem, result.split, "tree", n_sizes=3, folds=3)
    vcurve = validation_curve(dataset, result.problem, result.split, "tree", folds=3,
                              values=[1.0, 3.0])
    return result.model, curve, vcurve


def test_the_cluster_computes_the_same_folds_and_scores(binary_dataset, cluster, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert workplace().scheduler is None
    model, curve, vcurve = _work(binary_dataset)
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    before = len(cluster.scheduler.transition_log)
    remote, rcurve, rvcurve = _work(binary_dataset)
    assert len(cluster.scheduler.transition_log) > before  # the folds did run on the cluster
    assert workplace().workers == 1
    place = workplace()
    assert "Dask cluster at tcp://127.0.0.1" in where_work_runs_sentence(place.scheduler,
                                                                         place.workers)
    np.testing.assert_array_equal(remote.cv_scores, model.cv_scores)
    for (y_a, answers_a), (y_b, answers_b) in zip(remote.cv_answers, model.cv_answers,
                                                  strict=True):
        np.testing.assert_array_equal(y_a, y_b)  # the same held-out rows in each fold
        np.testing.assert_array_equal(answers_a, answers_b)
    for ours, local in ((rcurve, curve), (rvcurve, vcurve)):
        np.testing.assert_array_equal(ours.train_scores, local.train_scores)
        np.testing.assert_array_equal(ours.validation_scores, local.validation_scores)


def test_results_come_back_in_order_with_progress(cluster, monkeypatch):
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    seen: list[int] = []
    assert map_folds(np.square, range(6), seen.append) == [0, 1, 4, 9, 16, 25]
    assert seen == list(range(6))


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:9")
    monkeypatch.setattr(compute, "CONNECT_SECONDS", 1)
    with pytest.raises(ClusterError, match=r"could not reach the Dask scheduler at tcp://127"):
        map_folds(abs, [1])
