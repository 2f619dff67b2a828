"""Where the heavy model work runs: this process, or a Dask cluster (issue 16).

Cross-validation folds (:mod:`mlpm.model.training`) and curve points (:mod:`mlpm.evaluate.curves`) are
independent fits. :func:`map_folds` is the one place that runs them: in order on this
process, as mlpm always has, or, when ``MLPM_DASK_SCHEDULER=tcp://host:8786`` is set (``mlpm
app --dask ADDR`` sets it), on that cluster through joblib's Dask backend. Each fold is the
same seeded computation wherever it runs, so the folds and the scores are identical.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from mlpm.errors import UserError

SCHEDULER_ENV = "MLPM_DASK_SCHEDULER"
CONNECT_SECONDS = 10
T = TypeVar("T")
R = TypeVar("R")
_clients: dict[str, Any] = {}
_lock = threading.Lock()


class ClusterError(UserError):
    """The Dask scheduler could not be reached (one line, what to do)."""


@dataclass(frozen=True)
class Workplace:
    """Where work runs now: ``scheduler`` None means this process (in words:
    :func:`mlpm.explain.scale.where_work_runs_sentence`)."""

    scheduler: str | None
    workers: int | None = None


def scheduler_address() -> str | None:
    """The Dask scheduler the environment names, or None (work runs here)."""
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


def _client(address: str) -> Any:
    """One client per scheduler address per process (it holds a connection pool)."""
    with _lock:
        client = _clients.get(address)
        if client is not None and client.status == "running":
            return client
        from distributed import Client

        try:
            client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"mlpm could not reach the Dask scheduler at {address} "
                               f"({type(error).__name__}).",
                               f"Start it (dask scheduler), or unset {SCHEDULER_ENV} to work "
                               "on this server's cores.") from None
        _clients[address] = client
        return client


def workplace() -> Workplace:
    """Where cross-validation and curves run now, with the cluster's worker count."""
    address = scheduler_address()
    if address is None:
        return Workplace(None)
    return Workplace(address, len(_client(address).scheduler_info().get("workers", {})))


@contextmanager
def where_work_runs() -> Iterator[Workplace]:
    """Run the joblib calls inside on the configured Dask cluster (or locally, unchanged)."""
    address = scheduler_address()
    if address is None:
        yield Workplace(None)
        return
    import joblib

    client = _client(address)
    with joblib.parallel_config(backend="dask", client=client):
        yield Workplace(address, len(client.scheduler_info().get("workers", {})))


def map_folds(function: Callable[[T], R], items: Iterable[T],
              each: Callable[[int], None] | None = None) -> list[R]:
    """``[function(item) for item in items]``, here or on the cluster, results in order.

    ``each(i)`` is called before item ``i`` runs here, or as result ``i`` comes back from the
    cluster (progress bars; it stays in this process and is never sent to a worker).

    On a cluster the folds are submitted with the Dask client itself, inside
    :func:`where_work_runs` (so any joblib call they make runs on the cluster too), not
    through ``joblib.Parallel``: joblib runs everything in the calling process when the
    cluster has one core in all (its ``n_jobs == 1`` shortcut), so a one-worker cluster
    did no work at all (measured: bench/scale_dask.py, docs/scale.md).
    """
    items = list(items)
    tell = each or (lambda i: None)
    if scheduler_address() is None:
        out = []
        for i, item in enumerate(items):
            tell(i)
            out.append(function(item))
        return out
    with where_work_runs():
        client = _client(str(scheduler_address()))
        futures = client.map(function, client.scatter(items), pure=False)
        out = []
        try:
            for i, future in enumerate(futures):
                out.append(future.result())
                tell(i)
        finally:
            client.cancel(futures)
        return out
