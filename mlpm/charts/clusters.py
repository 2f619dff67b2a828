"""Clustering charts: how big each group is, and the rows on a 2-D map."""

from __future__ import annotations

from typing import Final

import altair as alt
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, finish
from mlpm.evaluate.clusters import ClusterReport

PALETTE: Final = "tableau10"  # Final keeps the literal type Altair's schemes expect


def cluster_sizes_chart(report: ClusterReport, *, title: str = "Rows in each group",
                        subtitle: str = "") -> alt.Chart:
    data = pd.DataFrame([{"cluster": f"group {p.cluster}", "rows": p.rows, "share": p.share,
                          "label": f"{p.rows:,} ({p.share:.0%})"} for p in report.profiles])
    order = list(data["cluster"])
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("rows:Q", title="Rows"), y=alt.Y("cluster:N", sort=order, title=None),
        color=alt.Color("cluster:N", sort=order, legend=None, scale=alt.Scale(scheme=PALETTE)),
        tooltip=["cluster:N", alt.Tooltip("rows:Q", format=","),
                 alt.Tooltip("share:Q", format=".0%")])
    text = bars.mark_text(align="left", dx=4, fontSize=12).encode(
        text="label:N", color=alt.value("#212529"))
    return finish((bars + text).properties(height=34 * len(data) + FRAME_HEIGHT), title, subtitle)


def cluster_map_chart(report: ClusterReport, *, title: str = "The rows on a map",
                      subtitle: str = "") -> alt.Chart:
    """Each dot a row, placed by the two directions (PCA) along which rows differ most."""
    data = report.map_points.assign(cluster=lambda f: "group " + f["cluster"].astype(str))
    order = [f"group {p.cluster}" for p in report.profiles]
    dots = alt.Chart(data).mark_circle(size=28, opacity=0.7).encode(
        x=alt.X("x:Q", title="Main direction of difference", axis=alt.Axis(labels=False)),
        y=alt.Y("y:Q", title="Second direction", axis=alt.Axis(labels=False)),
        color=alt.Color("cluster:N", sort=order, title=None, scale=alt.Scale(scheme=PALETTE)),
        tooltip=["cluster:N"])
    return finish(dots.properties(height=360 + FRAME_HEIGHT), title,
                  subtitle or f"The map shows {report.explained:.0%} of the differences between rows")
