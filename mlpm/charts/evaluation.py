"""Charts of test results: the confusion matrix, metrics against the threshold."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, MAIN, finish
from mlpm.evaluation import ConfusionTable


def confusion_chart(table: ConfusionTable, *, cell_names: dict[tuple[int, int], str] | None = None,
                    title: str = "Confusion matrix", subtitle: str = "") -> alt.Chart:
    """Heatmap of actual (rows) vs predicted (columns) with counts and % of actual."""
    rows = []
    for i, actual in enumerate(table.labels):
        row_total = sum(table.matrix[i]) or 1
        for j, predicted in enumerate(table.labels):
            count = table.matrix[i][j]
            rows.append({"actual": actual, "predicted": predicted, "count": count,
                         "share": count / row_total, "cell": (cell_names or {}).get((i, j), ""),
                         "count_text": f"{count:,}", "share_text": f"{count / row_total:.0%} of actual"})
    data = pd.DataFrame(rows)
    order = list(table.labels)
    side = max(260, min(90 * len(order), 560))
    big = len(order) <= 4
    base = alt.Chart(data).encode(
        x=alt.X("predicted:N", sort=order, title="Predicted",
                axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13, titleFontSize=13)),
        y=alt.Y("actual:N", sort=order, title="Actual", axis=alt.Axis(labelFontSize=13)),
    )
    heat = base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=4).encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None),
        tooltip=[alt.Tooltip("cell:N", title="Cell"), "actual:N", "predicted:N",
                 alt.Tooltip("count:Q", format=","),
                 alt.Tooltip("share:Q", format=".0%", title="% of actual")],
    )
    ink = alt.condition(alt.datum.share > 0.5, alt.value("white"), alt.value("#212529"))
    count = base.mark_text(fontSize=22 if big else 13, fontWeight="bold",
                           dy=-9 if big else 0).encode(text="count_text:N", color=ink)
    layers = [heat, count]
    if big:
        layers.append(base.mark_text(fontSize=12, dy=14).encode(text="share_text:N", color=ink))
    return finish(alt.layer(*layers).properties(width=side, height=side + FRAME_HEIGHT), title,
                  subtitle)


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
        color=alt.Color("metric:N", title=None, scale=alt.Scale(
            domain=list(names.values()), range=["#1c7ed6", "#f08c00", "#7048e8", "#868e96"])),
        strokeDash=alt.condition(alt.datum.metric == "Share of cases flagged", alt.value([5, 3]),
                                 alt.value([1, 0])),
        tooltip=["metric:N", alt.Tooltip("threshold:Q", format=".2f"),
                 alt.Tooltip("value:Q", format=".0%")],
    )
    rule = alt.Chart(pd.DataFrame({"threshold": [threshold]})).mark_rule(
        color=MAIN, strokeDash=[6, 4], strokeWidth=2).encode(x="threshold:Q")
    return finish((lines + rule).properties(height=260 + FRAME_HEIGHT), title, subtitle)


def predicted_vs_actual_chart(actual: pd.Series, predicted: pd.Series, target: str, *,
                              title: str = "Predicted vs actual", subtitle: str = "") -> alt.Chart:
    """One dot per test case; the dashed diagonal is a perfect prediction."""
    points = pd.DataFrame({"actual": actual.to_numpy(dtype=float),
                           "predicted": predicted.to_numpy(dtype=float)})
    low, high = float(points.min().min()), float(points.max().max())
    scatter = alt.Chart(points).mark_circle(opacity=0.5, color=MAIN).encode(
        x=alt.X("actual:Q", title=f"Actual {target}"),
        y=alt.Y("predicted:Q", title=f"Predicted {target}"),
        tooltip=[alt.Tooltip("actual:Q", format=",.2f"), alt.Tooltip("predicted:Q", format=",.2f")])
    diagonal = alt.Chart(pd.DataFrame({"actual": [low, high], "predicted": [low, high]})).mark_line(
        color="#adb5bd", strokeDash=[4, 4]).encode(x="actual:Q", y="predicted:Q")
    return finish((scatter + diagonal).properties(height=380), title, subtitle)
