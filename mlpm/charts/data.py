"""Data-review charts: missing values, the target's balance, one column's values, correlations."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, GOOD, MAIN, MUTED, SECOND, finish
from mlpm.data.distribution import Distribution


def missing_chart(columns: pd.DataFrame, *, title: str = "Missing values per column",
                  subtitle: str = "") -> alt.Chart:
    """Bars of the missing share for every column that has gaps."""
    data = columns.loc[columns["missing_share"] > 0, ["name", "missing_share", "missing"]]
    chart = alt.Chart(data).mark_bar(color=BAD).encode(
        x=alt.X("missing_share:Q", title="Share of rows missing", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("name:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("name:N", title="Column"), alt.Tooltip("missing:Q", title="Rows",
                                                                   format=","),
                 alt.Tooltip("missing_share:Q", title="Share", format=".1%")],
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


def distribution_chart(dist: Distribution, *, subtitle: str = "") -> alt.Chart:
    """A histogram (numbers), bars of the most common values (categories) or rows per month."""
    title = f"What '{dist.column}' holds"
    if dist.kind == "histogram":
        axis_title = dist.column + (" (log scale)" if dist.log_scale else "")
        chart = alt.Chart(dist.table).mark_bar(color=MAIN, binSpacing=1).encode(
            x=alt.X("start:Q", title=axis_title, bin="binned",
                    scale=alt.Scale(type="symlog") if dist.log_scale else alt.Undefined),
            x2="end:Q",
            y=alt.Y("rows:Q", title="Rows"),
            tooltip=[alt.Tooltip("start:Q", title="From", format=",.4~g"),
                     alt.Tooltip("end:Q", title="To", format=",.4~g"),
                     alt.Tooltip("rows:Q", title="Rows", format=",")])
        return finish(chart.properties(height=220 + FRAME_HEIGHT), title, subtitle)
    if dist.kind == "timeline":
        chart = alt.Chart(dist.table).mark_bar(color=MAIN).encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("rows:Q", title="Rows"),
            tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"),
                     alt.Tooltip("rows:Q", title="Rows", format=",")])
        return finish(chart.properties(height=220 + FRAME_HEIGHT), title, subtitle)
    chart = alt.Chart(dist.table).mark_bar(color=MAIN).encode(
        x=alt.X("rows:Q", title="Rows"),
        y=alt.Y("value:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("value:N", title="Value"), alt.Tooltip("rows:Q", format=","),
                 alt.Tooltip("share:Q", title="Share", format=".1%")])
    text = chart.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".0%"),
                                                      color=alt.value("#212529"))
    return finish((chart + text).properties(height=26 * len(dist.table) + FRAME_HEIGHT), title,
                  subtitle)


def correlation_chart(matrix: pd.DataFrame, *, subtitle: str = "") -> alt.Chart:
    """Heatmap of correlations between numeric columns: red together, blue opposite."""
    names = [str(c) for c in matrix.columns]
    long = matrix.set_axis(names, axis=0).set_axis(names, axis=1).rename_axis("first") \
        .reset_index().melt(id_vars="first", var_name="second", value_name="correlation")
    long["label"] = long["correlation"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    size = max(28, min(48, 520 // max(len(names), 1)))
    base = alt.Chart(long).encode(
        x=alt.X("second:N", sort=names, title=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("first:N", sort=names, title=None))
    cells = base.mark_rect().encode(
        color=alt.Color("correlation:Q", title="Correlation",
                        scale=alt.Scale(scheme="redblue", domain=[-1, 1], reverse=True)),
        tooltip=[alt.Tooltip("first:N", title="Column"), alt.Tooltip("second:N", title="and"),
                 alt.Tooltip("correlation:Q", format=".2f")])
    labels = base.mark_text(fontSize=10).encode(
        text="label:N",
        color=alt.condition("abs(datum.correlation) > 0.6", alt.value("white"),
                            alt.value("#212529")))
    side = size * len(names)
    return finish((cells + labels).properties(width=side, height=side + FRAME_HEIGHT),
                  "Which numeric columns move together", subtitle)


READINESS_PALETTE = {"good": GOOD, "warn": SECOND, "bad": BAD, "unknown": MUTED}


def readiness_chart(lights: pd.DataFrame, *, title: str = "Is the data ready?",
                    subtitle: str = "") -> alt.Chart:
    """Traffic lights: one row per question, a coloured dot and its status in words.

    ``lights`` has columns ``question``, ``status`` (good/warn/bad/unknown) and ``label``.
    """
    order = list(lights["question"])
    base = alt.Chart(lights).encode(y=alt.Y("question:N", sort=order, title=None,
                                            axis=alt.Axis(labelFontSize=14, labelLimit=260,
                                                          ticks=False, domain=False)))
    dots = base.mark_circle(size=420, opacity=1).encode(
        x=alt.X("dot:Q", axis=None, scale=alt.Scale(domain=[0, 10])),
        color=alt.Color("status:N", legend=None, scale=alt.Scale(
            domain=list(READINESS_PALETTE), range=list(READINESS_PALETTE.values()))),
        tooltip=[alt.Tooltip("question:N", title="Question"),
                 alt.Tooltip("label:N", title="Status")]).transform_calculate(dot="0.6")
    words = base.mark_text(align="left", fontSize=14, color="#212529").encode(
        x=alt.X("at:Q", axis=None, scale=alt.Scale(domain=[0, 10])),
        text="label:N").transform_calculate(at="1.4")
    chart = (dots + words).properties(width=360, height=44 * len(lights) + FRAME_HEIGHT)
    return finish(chart, title, subtitle)
