"""Showing charts: one call so every chart keeps the size and style its builder gave it."""

from __future__ import annotations

from typing import Literal

import altair as alt
import streamlit as st


def show_chart(chart: alt.TopLevelMixin, width: Literal["stretch"] | int = "stretch") -> None:
    """Draw an Altair chart without Streamlit's theme, stretched or at a fixed pixel width.

    Streamlit's theme squeezes layered charts to a default height (bars collapse to slivers),
    and ``width="content"`` squeezes heatmaps; our charts carry their own style
    (``mlpm.charts.common.finish``) and a fixed width is given where shape matters.
    """
    st.altair_chart(chart, width=width, theme=None)
