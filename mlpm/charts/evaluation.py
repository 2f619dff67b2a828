"""Charts of test results: the confusion matrix, metrics against the threshold."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import MAIN, finish
from mlpm.evaluation import ConfusionTable


def confusion_chart(table: ConfusionTable, *, cell_names: dict[tuple[int, int], str] | None = None,
                    title: str = "Confusion matrix", subtitle: str = "") -> alt.Chart:
    """Heatmap of actual (rows) vs predicted (columns) with counts and % of actual."""
    rows = []
    for i, actual in enumerate(table.labels):
        row_total = sum(table.matrix[i]) or 1
        for j, predicted in enumerate(table.labels):
            count = table.matrix[i][j]
            name = (cell_names or {}).get((i, j), "")
            rows.append({"actual": actual, "predicted": predicted, "count": count,
                         "share": count / row_total, "correct": i == j, "cell": name,
                         "label": f"{count:,}\n{count / row_total:.0%} of actual"})
    data = pd.DataFrame(rows)
    order = list(table.labels)
    base = alt.Chart(data).encode(
        x=alt.X("predicted:N", sort=order, title="Predicted", axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("actual:N", sort=order, title="Actual"),
    )
    heat = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None),
        tooltip=["cell:N", "actual:N", "predicted:N", alt.Tooltip("count:Q", format=","),
                 alt.Tooltip("share:Q", format=".0%", title="% of actual")],
    )
    text = base.mark_text(fontSize=15, lineBreak="\n").encode(
        text="label:N",
        color=alt.condition(alt.datum.share > 0.5, alt.value("white"), alt.value("#212529")),
    )
    size = min(110 * len(order), 520)
    return finish((heat + text).properties(width=size, height=size), title, subtitle)


def threshold_chart(curve: list[dict[str, float]], threshold: float, *,
                    title: str = "What the threshold changes", subtitle: str = "") -> alt.Chart:
    """Precision, recall, F1 and share flagged against the threshold; current choice marked."""
    frame = pd.DataFrame(curve)
    names = {"precision": "Precision", "recall": "Recall", "f1": "F1",
             "flagged_share": "Share of cases flagged"}
    long = frame.melt(id_vars="threshold", value_vars=list(names), var_name="metric",
                      value_name="value")
    long["metric"] = long["metric"].map(names)
    lines = alt.Chart(long).mark_line(strokeWidth=2.5).encode(
        x=alt.X("threshold:Q", title="Threshold (score needed to flag a case)"),
        y=alt.Y("value:Q", title="Value", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("metric:N", title=None),
        tooltip=["metric:N", alt.Tooltip("threshold:Q", format=".2f"),
                 alt.Tooltip("value:Q", format=".0%")],
    )
    rule = alt.Chart(pd.DataFrame({"threshold": [threshold]})).mark_rule(
        color=MAIN, strokeDash=[6, 4], strokeWidth=2).encode(x="threshold:Q")
    return finish((lines + rule).properties(height=300), title, subtitle)
