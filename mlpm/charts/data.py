"""Data-review charts: missing values per column and the target's balance."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, MAIN, finish


def missing_chart(columns: pd.DataFrame, *, title: str = "Missing values per column",
                  subtitle: str = "") -> alt.Chart:
    """Bars of the missing share for every column that has gaps."""
    data = columns.loc[columns["missing_share"] > 0, ["name", "missing_share", "missing"]]
    chart = alt.Chart(data).mark_bar(color=BAD).encode(
        x=alt.X("missing_share:Q", title="Share of rows missing", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("name:N", sort="-x", title=None),
        tooltip=["name:N", "missing:Q", alt.Tooltip("missing_share:Q", format=".1%")],
    )
    return finish(chart.properties(height=max(30, 26 * len(data)) + FRAME_HEIGHT), title, subtitle)


def balance_chart(balance: pd.DataFrame, target: str, *, subtitle: str = "") -> alt.Chart:
    """Rows per target value."""
    chart = alt.Chart(balance).mark_bar(color=MAIN).encode(
        x=alt.X("rows:Q", title="Rows"),
        y=alt.Y("class:N", sort="-x", title=None),
        tooltip=["class:N", "rows:Q", alt.Tooltip("share:Q", format=".1%")],
    )
    text = chart.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".0%"),
                                                      color=alt.value("#212529"))
    return finish((chart + text).properties(height=36 * len(balance) + FRAME_HEIGHT),
                  f"How often each value of '{target}' occurs", subtitle)
