"""Learning-curve chart: training vs validation score as the training set grows."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, MAIN, MUTED, SECOND, finish
from mlpm.curves import LearningCurveResult


def learning_curve_chart(result: LearningCurveResult, *, title: str = "Learning curve",
                         subtitle: str = "") -> alt.Chart:
    """Two lines with spread bands, and the no-learning baseline as a dashed rule."""
    data = pd.DataFrame(result.points())
    data["low"] = data["score"] - data["spread"]
    data["high"] = data["score"] + data["spread"]
    metric = "Accuracy" if result.metric == "accuracy" else "R²"
    # Start the axis a little below the baseline so gaps are not exaggerated.
    low = max(-1.0, round(min(result.baseline_score, float(data["low"].min())) - 0.05, 1))
    high = min(1.0, float(data["high"].max()) + 0.02)
    colour = alt.Color("curve:N", title=None,
                       scale=alt.Scale(domain=["training", "validation"], range=[SECOND, MAIN]))
    x = alt.X("train_size:Q", title="Training rows used")
    scale = alt.Scale(domain=[low, high], zero=False, clamp=True)
    band = alt.Chart(data).mark_area(opacity=0.18).encode(
        x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q", color=colour)
    line = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=alt.Y("score:Q", title=metric, scale=scale), color=colour,
        tooltip=["curve:N", "train_size:Q", alt.Tooltip("score:Q", format=".3f"),
                 alt.Tooltip("spread:Q", format=".3f", title="± spread across folds")])
    base = alt.Chart(pd.DataFrame({"baseline": [result.baseline_score],
                                   "label": ["no-learning baseline"]}))
    rule = base.mark_rule(color=MUTED, strokeDash=[4, 4], strokeWidth=2).encode(
        y=alt.Y("baseline:Q", scale=scale))
    label = base.mark_text(align="left", dy=-7, x=5, color="#868e96", fontSize=12).encode(
        y=alt.Y("baseline:Q", scale=scale), text="label:N")
    return finish((band + line + rule + label).properties(height=300 + FRAME_HEIGHT), title,
                  subtitle)
