"""Where the heavy model work runs, said on the pages that start it (issue 16)."""

from __future__ import annotations

import streamlit as st

from mlpm.explain.safe import md
from mlpm.explain.scale import where_work_runs_sentence
from mlpm.scale.compute import SCHEDULER_ENV, scheduler_address


def show_where_work_runs() -> None:
    """One caption when cross-validation and curves run on a Dask cluster (nothing otherwise:
    local cores are the default). Asks the environment only, so the page never waits on the
    cluster; the progress bars count folds as they come back from it."""
    address = scheduler_address()
    if address:
        st.caption(md(where_work_runs_sentence(address)), help=f"Set by {SCHEDULER_ENV} "
                   "(or mlpm app --dask). Results are the same as on this server's cores.")
