"""Showing charts: one call so every chart keeps its size and style and can be exported."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Literal

import altair as alt
import streamlit as st

from mlpm.present.export.figures import Figure

if TYPE_CHECKING:  # plotly is imported only by the page that draws one
    from mlpm.present.export.plotly_figures import PlotlyFigure


def show_chart(chart: alt.TopLevelMixin, width: Literal["stretch"] | int = "stretch", *,
               takeaway: str = "", name: str | None = None, export: bool = True) -> None:
    """Draw an Altair chart without Streamlit's theme, with PNG and SVG export under it.

    Streamlit's theme squeezes layered charts to a default height (bars collapse to slivers),
    and ``width="content"`` squeezes heatmaps; our charts carry their own style
    (``mlpm.charts.common.finish``) and a fixed width is given where shape matters.
    The exported image carries the chart's title, subtitle and ``takeaway`` as a caption;
    images are rendered only when a download button is clicked.
    """
    st.altair_chart(chart, width=width, theme=None)
    if export:
        export_buttons(Figure(name or _title_of(chart), chart, takeaway))


PNG_HELP = "Picture for slides (2x sharp), with the chart's title, data version and takeaway."
SVG_HELP = "Vector picture: stays sharp at any size."


def export_buttons(figure: Figure | PlotlyFigure, *, png_help: str = PNG_HELP,
                   svg_help: str = SVG_HELP) -> None:
    """Two quiet download buttons: PNG (2x, for slides) and SVG (sharp at any size); one pair
    for Altair charts and Plotly figures alike."""
    slug = _slug(figure.key)
    key = hashlib.sha1(f"{slug}|{figure.takeaway}".encode()).hexdigest()[:8]
    with st.container(horizontal=True, key=f"export_{slug}_{key}"):
        st.download_button("PNG", data=figure.png, file_name=f"{slug}.png", mime="image/png",
                           icon=":material/image:", type="tertiary", key=f"png_{slug}_{key}",
                           on_click="ignore", help=png_help)
        st.download_button("SVG", data=figure.svg, file_name=f"{slug}.svg", mime="image/svg+xml",
                           icon=":material/download:", type="tertiary", key=f"svg_{slug}_{key}",
                           on_click="ignore", help=svg_help)


def _title_of(chart: alt.TopLevelMixin) -> str:
    title = getattr(chart, "title", None)
    text = getattr(title, "text", title)
    return str(text) if isinstance(text, str) and text else "chart"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"
