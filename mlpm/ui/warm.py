"""Warm-up of the heavy imports while ``mlpm app`` starts (issue 15), safe from import deadlocks.

The first browser session of a fresh server used to wait for every import the pages need.
:mod:`mlpm.ui.serve` imports them on a background thread while Streamlit binds its port. Two
threads importing modules that import each other can deadlock, and Python then raises
``_DeadlockError`` in one of them: CI once saw Streamlit's own start fail that way (plotly and
altair both importing narwhals). So the warm-up

* starts only after Streamlit is imported (:func:`start` is called after ``import streamlit``),
* never imports Streamlit or mlpm's UI modules itself (only libraries and mlpm's computations),
* and the app's script waits for it (:func:`wait`, first thing in ``app.py``) before importing
  mlpm's pages: no session ever imports alongside it.

Nothing here runs user input; a failed warm-up import only logs.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

# What the pages import, heaviest first (measured with -X importtime); no streamlit, no mlpm.ui.
WARM_MODULES = (
    "sklearn.ensemble", "sklearn.linear_model", "sklearn.model_selection", "altair", "pyarrow",
    "sqlalchemy", "mlpm.data.quality", "mlpm.explain.fit_verdict", "mlpm.charts.data",
    "mlpm.charts.training", "mlpm.project.results", "mlpm.present.pack", "mlpm.project.state",
)
WAIT_SECONDS = 120.0

_started = threading.Event()
_done = threading.Event()


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> list[str]:
    """Import ``modules``; returns those that failed (logged, never raised)."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a warm-up must never stop the server
            log.exception("warm-up import of %s failed", name)
            failed.append(name)
    return failed


def start(modules: tuple[str, ...] = WARM_MODULES) -> threading.Thread:
    """Run :func:`warm_up` on a daemon thread; :func:`wait` returns once it is done."""
    _started.set()

    def run() -> None:
        try:
            warm_up(modules)
        finally:
            _done.set()

    thread = threading.Thread(target=run, name="mlpm-warm-up", daemon=True)
    thread.start()
    return thread


def wait(timeout: float = WAIT_SECONDS) -> bool:
    """Block until a started warm-up is done (at once when none was started: AppTest,
    ``streamlit run``); returns whether it finished."""
    return _done.wait(timeout) if _started.is_set() else True
