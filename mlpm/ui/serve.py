"""The process ``mlpm app`` becomes: Streamlit's server, with mlpm warmed up while it starts.

The first browser session of a fresh server used to wait for every import the pages need
(scikit-learn, pandas, Altair, the store) before it saw a heading. Here those imports run on a
background thread as soon as the process starts, while Streamlit binds its port, so the first
PM waits about as long as every later one (``bench/app_start.py``, ``docs/performance.md``).
Python's per-module import locks make a session that arrives mid-warm-up wait for the module it
needs, never import it twice. Nothing here runs user input; a failed warm-up only logs.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading

log = logging.getLogger(__name__)

# What the router and the pages import, heaviest first (measured with -X importtime).
WARM_MODULES = (
    "sklearn.ensemble", "sklearn.linear_model", "sklearn.model_selection", "altair", "pyarrow",
    "sqlalchemy", "mlpm.ui.state", "mlpm.ui.projects", "mlpm.ui.frame", "mlpm.ui.pack",
    "mlpm.ui.evaluation_views", "mlpm.data.quality", "mlpm.fit_check", "mlpm.charts.data",
    "mlpm.charts.training", "mlpm.present",
)


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


def main(argv: list[str] | None = None) -> int:
    """``python -m mlpm.ui.serve APP.py [streamlit options]``: warm up, then run Streamlit here."""
    threading.Thread(target=warm_up, name="mlpm-warm-up", daemon=True).start()
    from streamlit.web import cli as streamlit_cli

    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", *args]
    return int(streamlit_cli.main(prog_name="streamlit") or 0)


if __name__ == "__main__":
    sys.exit(main())
