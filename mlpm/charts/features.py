"""Feature relevance and PCA charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, MAIN, MUTED, SECOND, finish


def relevance_chart(ranked: pd.DataFrame, noise: float, *, target: str,
                    title: str = "What each column tells about the target",
                    subtitle: str = "") -> alt.LayerChart:
    """Bars per measured column (``column``, ``relevance``, ``used``), used ones blue, left-out
    ones grey, and an orange line for what pure random noise scores."""
    data = ranked[ranked["relevance"].notna()].copy()
    data["status"] = data["used"].map({True: "used by the model", False: "left out"})
    order = data["column"].tolist()
    y = alt.Y("column:N", sort=order, title=None)
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("relevance:Q", title=f"Information about '{target}' (mutual information)",
                axis=alt.Axis(tickCount=5, format=".2f")),
        y=y,
        color=alt.Color("status:N", title=None, scale=alt.Scale(
            domain=["used by the model", "left out"], range=[MAIN, MUTED])),
        tooltip=["column:N", alt.Tooltip("relevance:Q", format=".3f"), "status:N"])
    line = pd.DataFrame({"relevance": [noise], "label": ["random noise"]})
    rule = alt.Chart(line).mark_rule(color=SECOND, strokeDash=[5, 4], strokeWidth=2).encode(
        x="relevance:Q")
    text = alt.Chart(line).mark_text(align="left", dx=4, dy=-4, color=SECOND, fontSize=12,
                                     baseline="bottom").encode(
        x="relevance:Q", y=alt.value(0), text="label:N")
    height = 28 * max(len(data), 1) + FRAME_HEIGHT + 30
    return finish(alt.layer(bars, rule, text).properties(height=height), title, subtitle)


def pca_chart(cumulative: list[float], chosen: int, *, title: str = "Information kept by PCA",
              subtitle: str = "") -> alt.LayerChart:
    """Share of information kept by the first n components, with the chosen n marked."""
    data = pd.DataFrame({"components": range(1, len(cumulative) + 1), "kept": cumulative})
    x = alt.X("components:O", title="Components kept", axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(data).mark_bar(color=MUTED).encode(
        x=x, y=alt.Y("kept:Q", title="Information kept", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=["components:O", alt.Tooltip("kept:Q", format=".0%")])
    pick = alt.Chart(data[data["components"] == chosen]).mark_bar(color=MAIN).encode(
        x=x, y="kept:Q")
    label = alt.Chart(data[data["components"] == chosen]).mark_text(
        dy=-6, baseline="bottom", fontSize=12).encode(x=x, y="kept:Q",
                                                       text=alt.Text("kept:Q", format=".0%"))
    return finish(alt.layer(bars, pick, label).properties(height=220 + FRAME_HEIGHT), title,
                  subtitle)
