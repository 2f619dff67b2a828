"""Review data where it lives, from Data review (issue 16): the "Database" tab reviews a warehouse
table inside the database, and a server file too big for memory is reviewed out of core.

The database is the operator's choice, never the PM's: ``MLPM_WAREHOUSE_URL`` (any SQLAlchemy
URL) names it, so a web page cannot be made to connect anywhere or to hold a password. The
page shows the URL without its password, lists the tables, and reviews the chosen one with SQL
inside the database (:mod:`mlpm.scale`); only a stratified sample comes back to train on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePath

import streamlit as st

from mlpm.errors import UserError
from mlpm.explain.progress import step_label
from mlpm.explain.safe import md
from mlpm.explain.scale import coverage
from mlpm.project.state import DataRef
from mlpm.scale.review import review_source
from mlpm.scale.sources import DatabaseSource, FileSource, Source, safe_url
from mlpm.ui.cache import remember_facts
from mlpm.ui.feedback import show_user_error
from mlpm.ui.loading import data_ref, use_dataset
from mlpm.ui.state import Journey

WAREHOUSE_ENV = "MLPM_WAREHOUSE_URL"


def warehouse_url() -> str | None:
    return os.environ.get(WAREHOUSE_ENV, "").strip() or None


@st.cache_data(ttl=60, show_spinner=False)
def _tables(shown_url: str) -> list[str]:
    """The tables the operator's user can see (cached a minute; keyed without the password)."""
    url = warehouse_url()
    if not url:
        return []
    return DatabaseSource.tables_at(url)


def database_tab(journey: Journey) -> None:
    """List the warehouse's tables; review the chosen one inside the database."""
    url = warehouse_url()
    if url is None:
        st.info(f"No database is set up. Whoever runs mlpm can point it at one with "
                f"{WAREHOUSE_ENV} (docs/scale.md).", icon=":material/lock:")
        return
    shown = safe_url(url)
    st.caption(f"Database: {md(shown)}. The review runs inside it, over every row; only a "
               "sample of rows comes back to train on.")
    try:
        tables = _tables(shown)
    except UserError as error:
        show_user_error(error)
        return
    if not tables:
        st.info("This database has no tables mlpm can see.", icon=":material/info:")
        return
    table = st.selectbox("Table", tables, index=None, key="warehouse_table",
                         placeholder="Choose a table")
    target = st.text_input("Column to predict (optional: keeps each outcome's share in the "
                           "sample)", key="warehouse_target")
    if st.button("Review in the database", key="warehouse_review", icon=":material/database:",
                 disabled=table is None):
        _review_where_it_lies(journey, lambda: DatabaseSource(url, table=table),
                              target.strip() or None,
                              f"Reviewing {md(table)} inside the database…", "database",
                              str(table))


def review_file_where_it_lies(journey: Journey, path: Path, typed: str) -> None:
    """A server file too big for memory (issue 16): DuckDB reviews every row out of core; a
    stratified sample becomes the table to train on (the same as ``mlpm review``)."""
    _review_where_it_lies(journey, lambda: FileSource(path), None,
                          f"Reviewing {md(PurePath(typed).name)} out of core (DuckDB)…", "path",
                          typed)


def _review_where_it_lies(journey: Journey, open_source: Callable[[], Source],
                          target: str | None, label: str, kind: str, where: str) -> None:
    bar = st.progress(0.0, text=label)
    try:
        source = open_source()
        try:
            scaled = review_source(source, target,
                                   progress=lambda f, step: bar.progress(f, text=step_label(step)))
        finally:
            source.close()
    except UserError as error:
        bar.empty()
        journey.load_error = error
        return
    bar.empty()
    scaled = scaled.with_note(coverage(scaled))
    if scaled.facts is not None:
        remember_facts(scaled.facts)
    ref: DataRef = data_ref(kind, scaled.dataset, path=where)
    use_dataset(journey, scaled.dataset, scaled.report.target, source=ref)
    st.toast(md(coverage(scaled)), icon=":material/check:")
