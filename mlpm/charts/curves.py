"""Learning-curve chart: training vs validation score as the training set grows."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import MAIN, MUTED, SECOND, finish
from mlpm.curves import LearningCurveResult


def learning_curve_chart(result: LearningCurveResult, *, title: str = "Learning curve",
                         subtitle: str = "") -> alt.Chart:
    """Two lines with spread bands, and the no-learning baseline as a dashed rule."""
    data = pd.DataFrame(result.points())
    data["low"] = data["score"] - data["spread"]
    data["high"] = data["score"] + data["spread"]
    metric = "Accuracy" if result.metric == "accuracy" else "R²"
    colour = alt.Color("curve:N", title=None,
                       scale=alt.Scale(domain=["training", "validation"], range=[SECOND, MAIN]))
    x = alt.X("train_size:Q", title="Training rows used")
    band = alt.Chart(data).mark_area(opacity=0.18).encode(x=x, y="low:Q", y2="high:Q", color=colour)
    line = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=alt.Y("score:Q", title=metric, scale=alt.Scale(zero=False)), color=colour,
        tooltip=["curve:N", "train_size:Q", alt.Tooltip("score:Q", format=".3f"),
                 alt.Tooltip("spread:Q", format=".3f", title="± spread across folds")])
    base = alt.Chart(pd.DataFrame({"baseline": [result.baseline_score],
                                   "label": ["no-learning baseline"]}))
    rule = base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(y="baseline:Q")
    return finish((band + line + rule).properties(height=340), title, subtitle)
