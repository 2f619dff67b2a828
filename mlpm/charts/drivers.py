"""What drives the model: importance bars with their spread, and one case's pushes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, GOOD, MAIN, MUTED, finish
from mlpm.evaluate.contributions import CaseWhy
from mlpm.evaluate.importance import Importance
from mlpm.project.decision import METRIC_WORDS

MAX_BARS = 15


def importance_chart(importance: Importance, *, title: str = "What drives the model?",
                     subtitle: str = "", top: int = MAX_BARS) -> alt.Chart:
    """Horizontal bars: how much worse the decision metric gets without each column (mean over
    the shuffles), a line for +/- one standard deviation; columns that hardly matter in grey."""
    frame = importance.frame().head(top)
    money = importance.metric in ("value", "mae")
    data = pd.DataFrame({
        "feature": frame["feature"].astype(str), "importance": frame["importance"],
        "low": frame["importance"] - frame["spread"],
        "high": frame["importance"] + frame["spread"], "spread": frame["spread"],
        "matters": ["relied on" if m > s else "hardly" for m, s in
                    zip(frame["importance"], frame["spread"], strict=True)]})
    metric = METRIC_WORDS.get(importance.metric, importance.metric)
    at = f" at {importance.threshold:.2f}" if importance.threshold is not None else ""
    axis_title = f"How much worse {metric}{at} gets without it"
    fmt = ",.0f" if money else ".3f"
    order = list(data["feature"])
    base = alt.Chart(data).encode(y=alt.Y("feature:N", sort=order, title=None))
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("importance:Q", title=axis_title),
        color=alt.Color("matters:N", title=None, scale=alt.Scale(
            domain=["relied on", "hardly"], range=[MAIN, MUTED]), legend=None),
        tooltip=[alt.Tooltip("feature:N", title="Column"),
                 alt.Tooltip("importance:Q", format=fmt, title="Average drop"),
                 alt.Tooltip("spread:Q", format=fmt, title="Spread (std over shuffles)")])
    spread = base.mark_rule(color="#212529", strokeWidth=1.5).encode(x="low:Q", x2="high:Q")
    height = 30 * len(data) + FRAME_HEIGHT
    return finish(alt.layer(bars, spread).properties(height=height, width=520), title,
                  subtitle)


def case_chart(why: CaseWhy, *, title: str = "Why this case?", subtitle: str = "",
               top: int = 12) -> alt.Chart:
    """Diverging bars: what pushed this case's chance (or number) up (red for a yes/no risk,
    i.e. towards the flagged outcome) or down, strongest first, with the case's value."""
    frame = why.frame().head(top)
    chance = why.unit == "chance"
    data = pd.DataFrame({
        "label": [f"{f} = {v}" for f, v in zip(frame["feature"], frame["value"], strict=True)],
        "push": frame["push"] * (100 if chance else 1),
        "typical": frame["typical"].astype(str),
        "direction": ["up" if p > 0 else "down" for p in frame["push"]]})
    unit = "points of chance" if chance else "in the target's unit"
    fmt = "+.1f" if chance else "+,.2f"
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("push:Q", title=f"Pushed up (+) or down (−), {unit}"),
        y=alt.Y("label:N", sort=list(data["label"]), title=None),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(
            domain=["up", "down"], range=[BAD if chance else GOOD, MAIN]), legend=None),
        tooltip=[alt.Tooltip("label:N", title="This case"),
                 alt.Tooltip("push:Q", format=fmt, title=f"Push ({unit})"),
                 alt.Tooltip("typical:N", title="Typical value")])
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=MUTED).encode(x="x:Q")
    height = 30 * len(data) + FRAME_HEIGHT
    return finish(alt.layer(bars, zero).properties(height=height, width=520), title, subtitle)
