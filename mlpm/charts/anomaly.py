"""Unusual rows: how the scores spread and where the share knob draws its line (Altair), and a
3-D map of the rows a PM can turn (Plotly: Vega-Lite has no 3-D)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mlpm.charts.common import BAD, FRAME_HEIGHT, MAIN, finish
from mlpm.model.anomaly import AnomalyCut

BINS = 40


def score_histogram(scores: np.ndarray, cut: AnomalyCut, *, title: str = "",
                    subtitle: str = "") -> alt.Chart:
    """Rows per score band, flagged bands in red, the threshold as a line."""
    edges = np.linspace(float(np.min(scores)), float(np.max(scores)), BINS + 1)
    counts, _ = np.histogram(scores, bins=edges)
    data = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "rows": counts})
    data["part"] = np.where(data["end"] > cut.threshold, "flagged for a look", "not flagged")
    bars = alt.Chart(data).mark_bar(binSpacing=0).encode(
        x=alt.X("start:Q", bin="binned", title="Unusual-ness score (higher = more unusual)"),
        x2="end:Q",
        y=alt.Y("rows:Q", title="Rows", scale=alt.Scale(type="symlog")),
        color=alt.Color("part:N", title=None,
                        scale=alt.Scale(domain=["not flagged", "flagged for a look"],
                                        range=[MAIN, BAD])),
        tooltip=[alt.Tooltip("start:Q", format=".2f", title="from"),
                 alt.Tooltip("end:Q", format=".2f", title="to"),
                 alt.Tooltip("rows:Q", format=",")])
    rule = alt.Chart(pd.DataFrame({"threshold": [cut.threshold]})).mark_rule(
        color="#212529", strokeDash=[4, 3]).encode(x="threshold:Q")
    chart = (bars + rule).properties(height=220 + FRAME_HEIGHT)
    return finish(chart, title or f"{cut.flagged:,} of {cut.rows:,} rows flagged for a look",
                  subtitle)


def anomaly_map(points: pd.DataFrame, variance: tuple[float, ...], *, title: str = "",
                subtitle: str = "") -> go.Figure:
    """Each dot a row on the three directions along which rows differ most (PCA); flagged
    rows in red and larger. Drag to turn it, scroll to zoom."""
    figure = go.Figure()
    for flagged, name, colour, size in ((False, "not flagged", "#868e96", 3),
                                        (True, "flagged for a look", BAD, 6)):
        part = points[points["flagged"] == flagged]
        figure.add_trace(go.Scatter3d(
            x=part["axis1"], y=part["axis2"], z=part["axis3"], mode="markers", name=name,
            marker={"size": size, "color": colour, "opacity": 0.9 if flagged else 0.5},
            customdata=np.stack([part["row"], part["score"]], axis=1) if len(part) else None,
            hovertemplate="row %{customdata[0]:,}<br>score %{customdata[1]:.2f}<extra></extra>"))
    kept = sum(variance)
    subtitle = subtitle or f"The map shows {kept:.0%} of the differences between rows"
    words = ["Main direction of difference", "Second direction", "Third direction"]
    axis = {"showticklabels": False, "backgroundcolor": "white", "gridcolor": "#e9ecef"}
    figure.update_layout(
        title={"text": plotly_text(title or "The rows on a map you can turn"),
               "subtitle": {"text": plotly_text(subtitle)}},
        scene={"xaxis": {**axis, "title": words[0]}, "yaxis": {**axis, "title": words[1]},
               "zaxis": {**axis, "title": words[2]}},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                "yanchor": "bottom"}, margin={"l": 0, "r": 0, "t": 70, "b": 0},
        height=560, paper_bgcolor="white", font={"family": "DejaVu Sans, sans-serif"})
    return figure


def plotly_text(text: str) -> str:
    """Plotly reads a few HTML tags in titles and notes (``<a href>``, ``<b>``): the PM's names
    must stay text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
