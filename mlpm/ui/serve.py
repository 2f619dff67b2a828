"""The process ``mlpm app`` becomes: Streamlit's server, with mlpm warmed up while it starts.

Streamlit is imported first, then :mod:`mlpm.ui.warm` imports the pages' heavy libraries on a
background thread while Streamlit binds its port, and the app's script waits for that warm-up
before importing anything itself, so the first PM waits about as long as every later one
(``bench/app_start.py``, ``docs/performance.md``) and no two threads ever import the same
modules at once (see :mod:`mlpm.ui.warm` for the deadlock this avoids).
"""

from __future__ import annotations

import sys

from mlpm.ui.warm import WARM_MODULES, warm_up  # re-exported: tests and benches use them

__all__ = ["WARM_MODULES", "main", "warm_up"]


def main(argv: list[str] | None = None) -> int:
    """``python -m mlpm.ui.serve APP.py [streamlit options]``: warm up, then run Streamlit here."""
    from streamlit.web import cli as streamlit_cli  # first: the warm-up never races it

    from mlpm.ui import warm

    warm.start()
    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", *args]
    return int(streamlit_cli.main(prog_name="streamlit") or 0)


if __name__ == "__main__":
    sys.exit(main())
