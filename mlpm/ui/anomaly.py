"""Unusual rows in the app: the cached model per data version and columns, and the 3-D map
with its PNG/SVG buttons (Plotly figures, rendered by kaleido; see mlpm/present/export/plotly_figures)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mlpm.data.dataset import Dataset
from mlpm.model.anomaly import AnomalyModel, detect
from mlpm.model.problem import default_features, define_problem
from mlpm.present.export.plotly_figures import PlotlyFigure
from mlpm.ui.charts import export_buttons


@st.cache_data(show_spinner="Finding the usual columns…", max_entries=32)
def cached_default_columns(version: str, target: str, _frame: pd.DataFrame) -> list[str]:
    """Every usable column but the target (no IDs, constants, personal data), per version."""
    return default_features(_frame, target or None)


@st.cache_resource(show_spinner="Scoring every row…", max_entries=8)
def cached_anomalies(version: str, columns: tuple[str, ...], seed: int,
                     _dataset: Dataset) -> AnomalyModel:
    """The fitted forest and every row's score, once per data version, columns and seed.

    A resource, not cache_data: cache_data unpickles a copy on every rerun, 2.3 s for a
    million rows on each move of the share knob. The model is never changed after
    :func:`mlpm.model.anomaly.detect`, and the key names the content (data version), so sessions
    on the same table share one read-only copy.
    """
    return detect(_dataset, define_problem(_dataset, None, features=list(columns)), seed=seed)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_map(version: str, columns: tuple[str, ...], seed: int, share: float,
               _model: AnomalyModel) -> tuple[pd.DataFrame, tuple[float, ...]]:
    """The 3-D map's points for one share (flagged rows + a seeded sample of the others)."""
    return _model.map_points(share)


def show_plotly(figure: PlotlyFigure, *, key: str) -> None:
    """Draw a Plotly figure with PNG and SVG buttons under it (rendered only when clicked)."""
    st.plotly_chart(figure.figure, width="stretch", theme=None, key=key,
                    config={"displaylogo": False, "displayModeBar": True})
    export_buttons(figure, png_help="Picture for slides (2x sharp), seen from the starting "
                   "angle, with the title and takeaway. Takes a few seconds.",
                   svg_help="Vector picture (the 3-D part inside is a picture).")
