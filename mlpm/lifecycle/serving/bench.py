"""Measured, not guessed: a bounded load against a running server, and the PM's SLA check.

Requests come from a few client threads, each with its own keep-alive connection, for a
fixed short time per concurrency level (and never more than ``max_requests``), so a
measurement always ends. Latency is the client's wall time per request (what a caller waits).
The rows sent are drawn from the training data's stored profile (numbers from its quantiles,
categories from its value counts), so no training row is needed to measure a server.
"""

from __future__ import annotations

import http.client
import json
import math
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from mlpm.lifecycle.drift import OTHER
from mlpm.lifecycle.scoring import ModelInputs

LEVELS = (1, 4, 16)


def sample_rows(profile: dict[str, Any], inputs: ModelInputs, n: int, *,
                seed: int = 0) -> list[dict[str, Any]]:
    """``n`` plausible rows for the model's inputs, drawn from the training profile."""
    rng = np.random.default_rng(seed)
    columns = profile.get("columns", {})
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for name in inputs.columns:
        ref = columns.get(name, {})
        known = inputs.categories.get(name, ())
        if name in inputs.numeric:
            quantiles = np.asarray(ref.get("quantiles", []) or [0.0], dtype=float)
            picks = np.interp(rng.random(n), np.linspace(0, 1, len(quantiles)), quantiles)
            values: list[Any] = [round(float(v), 4) for v in picks]
        else:
            counts = {k: v for k, v in ref.get("values", {}).items()
                      if k != OTHER and (not known or k in known)}
            labels = list(counts) or list(known) or [""]
            weights = np.asarray([counts.get(k, 1) for k in labels], dtype=float)
            values = list(rng.choice(np.asarray(labels, dtype=object), size=n,
                                     p=weights / weights.sum()))
        for row, value in zip(rows, values, strict=True):
            row[name] = value
    return rows


@dataclass(frozen=True)
class LevelResult:
    """One concurrency level: how many answered, how fast, how many failed."""

    concurrency: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    throughput_rps: float


@dataclass(frozen=True)
class BenchResult:
    """A measurement of one server: the levels, and what was sent."""

    url: str
    rows_per_request: int
    levels: list[LevelResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "rows_per_request": self.rows_per_request,
                "levels": [asdict(level) for level in self.levels]}


def _client(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80,
                                      timeout=timeout)


def _worker(url: str, bodies: list[bytes], stop_at: float, budget: list[int],
            lock: threading.Lock, times: list[float], errors: list[int], timeout: float) -> None:
    connection = _client(url, timeout)
    i = 0
    while time.perf_counter() < stop_at:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        body = bodies[i % len(bodies)]
        i += 1
        start = time.perf_counter()
        try:
            connection.request("POST", "/predict", body=body,
                               headers={"Content-Type": "application/json"})
            answer = connection.getresponse()
            answer.read()
            ok = answer.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = _client(url, timeout)
        elapsed = time.perf_counter() - start
        with lock:
            times.append(elapsed)
            if not ok:
                errors[0] += 1
    connection.close()


def run_load(url: str, rows: list[dict[str, Any]], *, levels: tuple[int, ...] = LEVELS,
             seconds: float = 2.0, rows_per_request: int = 1, max_requests: int = 20_000,
             warmup: int = 20, timeout: float = 10.0) -> BenchResult:
    """Send POST /predict for ``seconds`` at each concurrency level; bounded by time and count."""
    size = max(1, rows_per_request)
    bodies = [json.dumps({"rows": rows[i:i + size]}).encode()
              for i in range(0, max(len(rows) - size + 1, 1), size)] or [b'{"rows": []}']
    warm = _client(url, timeout)
    for body in bodies[:warmup]:
        warm.request("POST", "/predict", body=body, headers={"Content-Type": "application/json"})
        warm.getresponse().read()
    warm.close()
    results: list[LevelResult] = []
    for concurrency in levels:
        times: list[float] = []
        errors = [0]
        budget = [max_requests]
        lock = threading.Lock()
        start = time.perf_counter()
        stop_at = start + seconds
        threads = [threading.Thread(target=_worker, args=(url, bodies[k::concurrency] or bodies,
                                                          stop_at, budget, lock, times, errors,
                                                          timeout))
                   for k in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        ms = np.asarray(times) * 1000.0 if times else np.asarray([np.nan])
        results.append(LevelResult(
            concurrency=concurrency, requests=len(times), errors=errors[0],
            seconds=round(elapsed, 3),
            p50_ms=round(float(np.percentile(ms, 50)), 2),
            p95_ms=round(float(np.percentile(ms, 95)), 2),
            p99_ms=round(float(np.percentile(ms, 99)), 2),
            max_ms=round(float(np.max(ms)), 2),
            throughput_rps=round((len(times) - errors[0]) / elapsed, 1) if elapsed else 0.0))
    return BenchResult(url=url, rows_per_request=size, levels=results)


# --- the PM's service level ------------------------------------------------------------

@dataclass(frozen=True)
class SlaCheck:
    """"Answer within ``latency_ms`` for ``percentile``% of requests" against a measurement."""

    latency_ms: float
    percentile: float
    volume_per_second: float
    meets: bool
    """one instance answers the volume within the latency"""
    capacity_rps: float
    """requests per second one instance answers while meeting the latency (0 = never)"""
    instances: int | None
    """instances needed for the volume (None when one never meets the latency)"""
    measured_ms: float
    """the measured percentile at the level that gave ``capacity_rps`` (or the best level)"""
    concurrency: int


def _percentile_of(level: LevelResult, percentile: float) -> float:
    if percentile >= 99:
        return level.p99_ms
    if percentile >= 95:
        return level.p95_ms
    return level.p50_ms


def sla_check(result: BenchResult, *, latency_ms: float = 100.0, percentile: float = 99.0,
              volume_per_second: float = 1.0) -> SlaCheck:
    """Does one instance meet the SLA, and how many are needed for the volume?

    The capacity is the highest throughput among the levels whose measured percentile (p50,
    p95 or p99, the nearest at or below the asked one) is within the latency and that had no
    errors; the instances needed are the volume over that capacity, rounded up.
    """
    usable = [lv for lv in result.levels if lv.requests and not lv.errors
              and _percentile_of(lv, percentile) <= latency_ms]
    if not usable:
        best = min(result.levels, key=lambda lv: _percentile_of(lv, percentile))
        return SlaCheck(latency_ms, percentile, volume_per_second, False, 0.0, None,
                        _percentile_of(best, percentile), best.concurrency)
    top = max(usable, key=lambda lv: lv.throughput_rps)
    needed = max(1, math.ceil(volume_per_second / top.throughput_rps)) if top.throughput_rps \
        else None
    return SlaCheck(latency_ms, percentile, volume_per_second, needed == 1, top.throughput_rps,
                    needed, _percentile_of(top, percentile), top.concurrency)


def measure_run(store: Any, run_id: int, *, levels: tuple[int, ...] = LEVELS,
                seconds: float = 2.0, rows_per_request: int = 1,
                max_rows: int = 10_000) -> BenchResult:
    """Start a child server for ``run_id`` on 127.0.0.1 (no traffic log), load it, stop it.

    Bounded: ``seconds`` per level (at most 30) and 20,000 requests a level; the child is
    stopped whatever happens. Used by ``mlpm serve --bench`` and the Ship it page.
    """
    from mlpm.lifecycle.serving.model import load_served_model
    from mlpm.lifecycle.serving.server import start_child

    served = load_served_model(store, run_id)  # refuses an untrusted model here, not in a child
    version = store.data_version(served.run.data_version)
    size = min(max(rows_per_request, 1), max_rows)
    rows = sample_rows(version.profile if version else {}, served.inputs, max(size * 50, 200))
    env = {"MLPM_DATABASE_URL": store.url}
    with start_child(served.run.id, env=env,
                     extra_args=("--no-log", "--max-rows", str(max_rows))) as child:
        return run_load(child.url, rows, levels=levels, seconds=min(max(seconds, 0.2), 30.0),
                        rows_per_request=size)
