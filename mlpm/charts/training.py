"""Leaderboard and split charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, MAIN, MUTED, finish


def leaderboard_chart(board: pd.DataFrame, metric_title: str, *, title: str = "Score on the test rows",
                      subtitle: str = "") -> alt.Chart:
    """Bars per model (``model``, ``score``, ``baseline`` columns); baselines in grey."""
    chart = alt.Chart(board).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("score:Q", title=metric_title, axis=alt.Axis(tickCount=5),
                scale=alt.Scale(domain=[min(0, board["score"].min()), 1])),
        y=alt.Y("model:N", sort="-x", title=None),
        color=alt.condition(alt.datum.baseline, alt.value(MUTED), alt.value(MAIN)),
        tooltip=["model:N", alt.Tooltip("score:Q", format=".3f")],
    )
    labels = chart.mark_text(align="left", dx=4, fontSize=12).encode(
        text=alt.Text("score:Q", format=".2f"), color=alt.value("#212529"))
    return finish((chart + labels).properties(height=40 * len(board) + FRAME_HEIGHT), title, subtitle)


def split_chart(balance: pd.DataFrame, *, title: str = "Rows in each part",
                subtitle: str = "") -> alt.Chart:
    """Stacked bars: rows per part, split by class."""
    chart = alt.Chart(balance).mark_bar().encode(
        x=alt.X("rows:Q", title="Rows", stack="zero"),
        y=alt.Y("part:N", sort=["train", "validation", "test"], title=None),
        color=alt.Color("class:N", title="Target value"),
        tooltip=["part:N", "class:N", "rows:Q", alt.Tooltip("share:Q", format=".1%")],
    )
    height = 45 * balance["part"].nunique() + FRAME_HEIGHT + 30  # + legend
    return finish(chart.properties(height=height), title, subtitle)
