"""Charts of test results: the confusion matrix, metrics and money against the threshold,
ROC and precision-recall curves, regression errors."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, GOOD, MAIN, MUTED, SECOND, finish
from mlpm.evaluate.metrics import ConfusionTable
from mlpm.evaluate.money import PREFIX_SYMBOLS, MoneyCurve

SELECTED_STROKE = "#212529"


def matrix_side(n_classes: int) -> int:
    """Pixel side of the matrix plot: roomy cells for 2-4 classes, compact beyond."""
    if n_classes <= 4:
        return max(400, 130 * n_classes)
    return min(60 * n_classes, 640)


def confusion_chart(table: ConfusionTable, *, cell_names: dict[tuple[int, int], str] | None = None,
                    cell_words: dict[tuple[int, int], str] | None = None,
                    title: str = "Confusion matrix", subtitle: str = "",
                    select: str | None = None) -> alt.Chart:
    """Heatmap of actual (rows) vs predicted (columns): count, % of actual, % of predicted.

    ``cell_names`` (long, for tooltips) and ``cell_words`` (short, printed in the cell, e.g.
    "churners caught") are keyed by (row, column). ``select`` names a click selection on the
    cells (fields ``actual`` and ``predicted``), for ``st.altair_chart(on_select=...)``.
    """
    of_actual = table.shares_of_actual()
    of_predicted = table.shares_of_predicted()
    rows = []
    for i, actual in enumerate(table.labels):
        for j, predicted in enumerate(table.labels):
            count = table.matrix[i][j]
            rows.append({"actual": actual, "predicted": predicted, "count": count,
                         "share": float(of_actual[i, j]), "share_pred": float(of_predicted[i, j]),
                         "cell": (cell_names or {}).get((i, j), f"actual {actual}, predicted {predicted}"),
                         "word": (cell_words or {}).get((i, j), ""),
                         "count_text": f"{count:,}",
                         "share_text": f"{of_actual[i, j]:.0%} of actual",
                         "pred_text": f"{of_predicted[i, j]:.0%} of predicted"})
    data = pd.DataFrame(rows)
    order = list(table.labels)
    side = matrix_side(len(order))
    big = len(order) <= 4
    base = alt.Chart(data).encode(
        x=alt.X("predicted:N", sort=order, title="Predicted",
                axis=alt.Axis(labelAngle=0 if big else -40, orient="top", labelFontSize=13,
                              titleFontSize=13, labelLimit=140)),
        y=alt.Y("actual:N", sort=order, title="Actual",
                axis=alt.Axis(labelFontSize=13, labelLimit=140)),
    )
    tooltip = [alt.Tooltip("cell:N", title="Cell"), alt.Tooltip("actual:N", title="Actual"),
               alt.Tooltip("predicted:N", title="Predicted"),
               alt.Tooltip("count:Q", format=",", title="Rows"),
               alt.Tooltip("share:Q", format=".0%", title="% of actual"),
               alt.Tooltip("share_pred:Q", format=".0%", title="% of predicted")]
    heat = _heat_cells(base, tooltip, select)
    ink = alt.condition(alt.datum.share > 0.5, alt.value("white"), alt.value("#212529"))
    layers = [heat]
    text = {"tooltip": tooltip, "color": ink}
    if big:
        has_words = bool(cell_words)
        layers.append(base.mark_text(fontSize=24, fontWeight="bold",
                                     dy=-4 if has_words else -12).encode(text="count_text:N", **text))
        layers.append(base.mark_text(fontSize=12, dy=22 if has_words else 14).encode(
            text="share_text:N", **text))
        layers.append(base.mark_text(fontSize=12, dy=38 if has_words else 30).encode(
            text="pred_text:N", **text))
        if has_words:
            layers.append(base.mark_text(fontSize=13, fontStyle="italic", dy=-34).encode(
                text="word:N", **text))
    else:
        layers.append(base.mark_text(fontSize=12, fontWeight="bold").encode(
            text="count_text:N", **text))
    return finish(alt.layer(*layers).properties(width=side, height=side + FRAME_HEIGHT), title,
                  subtitle)


def _heat_cells(base: alt.Chart, tooltip: list[alt.Tooltip], select: str | None) -> alt.Chart:
    """The matrix's coloured cells (darker = larger share of the actual class), clickable when
    ``select`` names a selection: nothing picked, every cell looks normal; one picked, it gets
    a dark frame and the others fade a little."""
    heat = base.mark_rect(strokeWidth=3, cornerRadius=4,
                          cursor="pointer" if select else "default").encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None),
        stroke=alt.value("white"), tooltip=tooltip)
    if not select:
        return heat
    picked = alt.selection_point(name=select, fields=["actual", "predicted"], on="click",
                                 clear="dblclick", toggle=False)
    return heat.add_params(picked).encode(
        stroke=alt.condition(picked, alt.value(SELECTED_STROKE), alt.value("white"), empty=False),
        strokeWidth=alt.condition(picked, alt.value(5), alt.value(3), empty=False),
        opacity=alt.condition(picked, alt.value(1.0), alt.value(0.6)))


CUT = "cut"  # the Vega-Lite parameter holding the current threshold


def threshold_param(threshold: float) -> alt.Parameter:
    """The current threshold as a chart parameter: a page can move it without rebuilding."""
    return alt.param(name=CUT, value=float(threshold))


def _at_cut(chart: alt.Chart) -> alt.Chart:
    """Keep only the grid row of the current threshold."""
    return chart.transform_filter(f"abs(datum.threshold - {CUT}) < 0.0001")


def sweep_confusion_chart(grid: pd.DataFrame, positive: str, negative: str, threshold: float, *,
                          cell_words: dict[str, str] | None = None,
                          cell_names: dict[str, str] | None = None, subtitle: str = "",
                          select: str | None = None) -> alt.LayerChart:
    """The yes/no matrix at every slider position; the ``cut`` parameter picks which one shows.

    ``grid`` is :meth:`ThresholdSweep.grid_frame`; ``cell_words`` / ``cell_names`` are keyed by
    ``tp``, ``fp``, ``fn``, ``tn``. The title follows the parameter too.
    """
    where = {"tp": (positive, positive), "fn": (positive, negative), "fp": (negative, positive),
             "tn": (negative, negative)}
    parts = []
    for cell, (actual, predicted) in where.items():
        counts = grid[cell].to_numpy()
        row_total = (grid["tp"] + grid["fn"] if actual == positive else grid["fp"] + grid["tn"])
        col_total = (grid["tp"] + grid["fp"] if predicted == positive else grid["fn"] + grid["tn"])
        share = np.divide(counts, row_total, out=np.zeros(len(grid)), where=row_total.to_numpy() > 0)
        share_pred = np.divide(counts, col_total, out=np.zeros(len(grid)),
                               where=col_total.to_numpy() > 0)
        parts.append(pd.DataFrame({
            "threshold": grid["threshold"], "actual": actual, "predicted": predicted,
            "count": counts, "share": share, "share_pred": share_pred,
            "cell": (cell_names or {}).get(cell, f"actual {actual}, predicted {predicted}"),
            "word": (cell_words or {}).get(cell, ""),
            "count_text": [f"{c:,}" for c in counts],
            "share_text": [f"{v:.0%} of actual" for v in share],
            "pred_text": [f"{v:.0%} of predicted" for v in share_pred]}))
    data = pd.concat(parts, ignore_index=True)
    order = [positive, negative]
    side = matrix_side(2)
    base = _at_cut(alt.Chart(data)).encode(
        x=alt.X("predicted:N", sort=order, title="Predicted", scale=alt.Scale(domain=order),
                axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13, titleFontSize=13,
                              labelLimit=140)),
        y=alt.Y("actual:N", sort=order, title="Actual", scale=alt.Scale(domain=order),
                axis=alt.Axis(labelFontSize=13, labelLimit=140)))
    tooltip = [alt.Tooltip("cell:N", title="Cell"), alt.Tooltip("count:Q", format=",", title="Rows"),
               alt.Tooltip("share:Q", format=".0%", title="% of actual"),
               alt.Tooltip("share_pred:Q", format=".0%", title="% of predicted")]
    heat = _heat_cells(base, tooltip, select)
    ink = alt.condition(alt.datum.share > 0.5, alt.value("white"), alt.value("#212529"))
    text = {"tooltip": tooltip, "color": ink}
    layers = [heat,
              base.mark_text(fontSize=24, fontWeight="bold", dy=-4).encode(text="count_text:N",
                                                                           **text),
              base.mark_text(fontSize=12, dy=22).encode(text="share_text:N", **text),
              base.mark_text(fontSize=12, dy=38).encode(text="pred_text:N", **text),
              base.mark_text(fontSize=13, fontStyle="italic", dy=-34).encode(text="word:N", **text)]
    title = alt.expr(f"'Confusion matrix at threshold ' + format({CUT}, '.2f')")
    chart = alt.layer(*layers).add_params(threshold_param(threshold))
    return finish(chart.properties(width=side, height=side + FRAME_HEIGHT), title, subtitle)


def threshold_chart(curve: list[dict[str, float]], threshold: float, *,
                    title: str = "What the threshold changes", subtitle: str = "") -> alt.Chart:
    """Precision, recall, F1 and share flagged against the threshold; current choice marked."""
    frame = pd.DataFrame(curve)
    names = {"precision": "Precision", "recall": "Recall", "f1": "F1",
             "flagged_share": "Share of cases flagged"}
    long = frame.melt(id_vars="threshold", value_vars=list(names), var_name="metric",
                      value_name="value")
    long["metric"] = long["metric"].map(names)
    lines = alt.Chart(long).mark_line(strokeWidth=2.5, interpolate="step-after").encode(
        x=alt.X("threshold:Q", title="Threshold (score needed to flag a case)",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("value:Q", title="Value", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("metric:N", title=None, scale=alt.Scale(
            domain=list(names.values()), range=["#1c7ed6", "#f08c00", "#7048e8", "#868e96"])),
        strokeDash=alt.condition(alt.datum.metric == "Share of cases flagged", alt.value([5, 3]),
                                 alt.value([1, 0])),
        tooltip=["metric:N", alt.Tooltip("threshold:Q", format=".2f"),
                 alt.Tooltip("value:Q", format=".0%")],
    )
    chart = alt.layer(lines, *_threshold_rule()).add_params(threshold_param(threshold))
    return finish(chart.properties(height=260 + FRAME_HEIGHT), title, subtitle)


def _threshold_rule(label: str = "your threshold", *, bottom: bool = False) -> list[alt.Chart]:
    """A dashed line at the ``cut`` parameter, labelled with its value (top or bottom)."""
    data = alt.Chart(alt.Data(values=[{}])).transform_calculate(
        threshold=CUT, label=f"'{label} ' + format({CUT}, '.2f')")
    rule = data.mark_rule(color=MAIN, strokeDash=[6, 4], strokeWidth=2).encode(x="threshold:Q")
    place = {"y": "height", "dy": -10} if bottom else {"y": 8}
    text = data.mark_text(align="left", dx=5, color=MAIN, fontSize=12, **place).encode(
        x="threshold:Q", text="label:N")
    return [rule, text]


def money_axis(currency: str) -> alt.Axis:
    """An axis labelled in the PM's currency: €12,000 / -€3,000 / 12,000 CHF."""
    body = "format(abs(datum.value), ',.0f')"
    sign = "(datum.value < 0 ? '-' : '')"
    if currency in PREFIX_SYMBOLS:
        expr = f"{sign} + '{currency}' + {body}"
    else:
        expr = f"{sign} + {body} + ' {currency}'"
    return alt.Axis(labelExpr=expr, tickCount=6)


def money_chart(curve: MoneyCurve, threshold: float, *, baseline: MoneyCurve | None = None,
                baseline_name: str = "baseline", rule_value: float | None = None,
                rule_name: str = "your rule", title: str = "What each threshold is worth",
                subtitle: str = "") -> alt.Chart:
    """Monthly value compared with doing nothing, against the threshold.

    0 is "doing nothing" (nobody flagged); the best threshold is marked with a dot, the chosen
    one with a dashed line; the baseline model and the PM's rule are drawn for comparison.
    """
    currency = curve.costs.currency
    frames = [pd.DataFrame({"threshold": curve.thresholds, "value": curve.monthly - curve.nothing,
                            "line": "model"})]
    names = {"model": "this model"}
    if baseline is not None:
        frames.append(pd.DataFrame({"threshold": baseline.thresholds,
                                    "value": baseline.monthly - curve.nothing, "line": "baseline"}))
        names["baseline"] = baseline_name
    if rule_value is not None:
        frames.append(pd.DataFrame({"threshold": [0.0, 1.0],
                                    "value": [rule_value - curve.nothing] * 2, "line": "rule"}))
        names["rule"] = rule_name
    frames.append(pd.DataFrame({"threshold": [0.0, 1.0], "value": [0.0, 0.0],
                                "line": "nothing"}))
    names["nothing"] = "doing nothing"
    data = pd.concat(frames, ignore_index=True)
    data["name"] = data["line"].map(names)
    domain = list(names.values())
    palette = {"model": MAIN, "baseline": MUTED, "rule": SECOND, "nothing": "#495057"}
    y = alt.Y("value:Q", title=f"Value per month vs doing nothing ({currency})",
              axis=money_axis(currency))
    lines = alt.Chart(data).mark_line(strokeWidth=2.5, interpolate="step-after").encode(
        x=alt.X("threshold:Q", title="Threshold (score needed to flag a case)",
                scale=alt.Scale(domain=[0, 1])),
        y=y,
        color=alt.Color("name:N", title=None, scale=alt.Scale(
            domain=domain, range=[palette[k] for k in names])),
        strokeDash=alt.condition("datum.line == 'model' || datum.line == 'nothing'",
                                 alt.value([1, 0]), alt.value([6, 3])),
        tooltip=[alt.Tooltip("name:N", title="Line"), alt.Tooltip("threshold:Q", format=".2f"),
                 alt.Tooltip("value:Q", format=",.0f", title=f"Value vs nothing ({currency})")])
    best = alt.Chart(pd.DataFrame({"threshold": [curve.best_threshold],
                                   "value": [curve.best_value - curve.nothing],
                                   "label": [f"best {curve.best_threshold:.2f}"]}))
    best_dot = best.mark_point(size=140, filled=True, color=GOOD).encode(
        x="threshold:Q", y="value:Q",
        tooltip=[alt.Tooltip("label:N", title="Best threshold"),
                 alt.Tooltip("value:Q", format=",.0f", title=f"Value vs nothing ({currency})")])
    best_text = best.mark_text(align="left", dx=8, dy=-10, color=GOOD, fontSize=12,
                               fontWeight="bold").encode(x="threshold:Q", y="value:Q",
                                                         text="label:N")
    # The threshold's label sits at the bottom: the best threshold's label is near the top.
    chart = alt.layer(lines, *_threshold_rule(bottom=True), best_dot, best_text
                      ).add_params(threshold_param(threshold))
    return finish(chart.properties(height=300 + FRAME_HEIGHT), title, subtitle)


def roc_chart(points: pd.DataFrame, auc: float, *, grid: pd.DataFrame | None = None,
              threshold: float = 0.5, title: str = "ROC curve", subtitle: str = "") -> alt.Chart:
    """Catch rate against false-alarm rate at every threshold; the diagonal is a coin flip.

    With ``grid`` (:meth:`ThresholdSweep.grid_frame`) a red dot marks the ``cut`` threshold.
    """
    line = alt.Chart(points).mark_line(color=MAIN, strokeWidth=2.5, interpolate="step-after"
                                       ).encode(
        x=alt.X("fpr:Q", title="False-alarm rate (share of non-cases flagged)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("tpr:Q", title="Catch rate (recall)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("threshold:Q", format=".2f"), alt.Tooltip("fpr:Q", format=".0%"),
                 alt.Tooltip("tpr:Q", format=".0%")])
    diagonal = alt.Chart(pd.DataFrame({"fpr": [0, 1], "tpr": [0, 1]})).mark_line(
        color=MUTED, strokeDash=[4, 4]).encode(x="fpr:Q", y="tpr:Q")
    layers = [diagonal, line]
    if grid is not None:
        layers += _current_dot(grid.assign(fpr=grid["false_alarm_rate"], tpr=grid["recall"]),
                               "fpr", "tpr")
    chart = alt.layer(*layers).add_params(threshold_param(threshold))
    return finish(chart.properties(height=300 + FRAME_HEIGHT), title,
                  subtitle or f"Area under the curve {auc:.2f} (0.5 = coin flip)")


def pr_chart(points: pd.DataFrame, average_precision: float, base_rate: float, *,
             grid: pd.DataFrame | None = None, threshold: float = 0.5,
             title: str = "Precision-recall curve", subtitle: str = "") -> alt.Chart:
    """Precision against recall; the dashed line is flagging at random (the base rate)."""
    line = alt.Chart(points).mark_line(color=MAIN, strokeWidth=2.5).encode(
        x=alt.X("recall:Q", title="Recall (share of real cases found)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("precision:Q", title="Precision (share of flags that are right)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("threshold:Q", format=".2f"), alt.Tooltip("recall:Q", format=".0%"),
                 alt.Tooltip("precision:Q", format=".0%")])
    base = alt.Chart(pd.DataFrame({"precision": [base_rate], "label": ["flagging at random"]}))
    layers = [line, base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(y="precision:Q"),
              base.mark_text(align="right", x="width", dx=-4, dy=-7, color="#868e96",
                             fontSize=12).encode(y="precision:Q", text="label:N")]
    if grid is not None:
        flagged = grid[(grid["tp"] + grid["fp"]) > 0]
        layers += _current_dot(flagged, "recall", "precision")
    chart = alt.layer(*layers).add_params(threshold_param(threshold))
    return finish(chart.properties(height=300 + FRAME_HEIGHT), title,
                  subtitle or f"Average precision {average_precision:.2f}")


def _current_dot(grid: pd.DataFrame, x: str, y: str) -> list[alt.Chart]:
    """A red dot (and label) at the grid row of the current threshold."""
    frame = grid[["threshold", x, y]].assign(label="your threshold")
    base = _at_cut(alt.Chart(frame))
    dot = base.mark_point(size=120, filled=True, color=BAD).encode(
        x=f"{x}:Q", y=f"{y}:Q", tooltip=["label:N", alt.Tooltip("threshold:Q", format=".2f"),
                                          alt.Tooltip(f"{x}:Q", format=".0%"),
                                          alt.Tooltip(f"{y}:Q", format=".0%")])
    # Keep the label inside the plot: to the left of dots on the right half.
    labels = [base.transform_filter(f"datum.{x} {side} 0.6").mark_text(
                  align=align, dx=dx, dy=12, color=BAD, fontSize=12).encode(
                  x=f"{x}:Q", y=f"{y}:Q", text="label:N")
              for side, align, dx in ((">", "right", -10), ("<=", "left", 10))]
    return [dot, *labels]


def predicted_vs_actual_chart(actual: pd.Series, predicted: pd.Series, target: str, *,
                              title: str = "Predicted vs actual", subtitle: str = "") -> alt.Chart:
    """One dot per test case; the dashed diagonal is a perfect prediction."""
    points = pd.DataFrame({"actual": actual.to_numpy(dtype=float),
                           "predicted": predicted.to_numpy(dtype=float)})
    low, high = float(points.min().min()), float(points.max().max())
    scatter = alt.Chart(points).mark_circle(opacity=0.5, color=MAIN).encode(
        x=alt.X("actual:Q", title=f"Actual {target}", scale=alt.Scale(zero=False)),
        y=alt.Y("predicted:Q", title=f"Predicted {target}", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("actual:Q", format=",.2f"), alt.Tooltip("predicted:Q", format=",.2f")])
    diagonal = alt.Chart(pd.DataFrame({"actual": [low, high], "predicted": [low, high]})).mark_line(
        color="#adb5bd", strokeDash=[4, 4]).encode(x="actual:Q", y="predicted:Q")
    return finish((scatter + diagonal).properties(height=340 + FRAME_HEIGHT), title, subtitle)


def residual_chart(actual: pd.Series, predicted: pd.Series, target: str, *,
                   title: str = "Errors against the prediction", subtitle: str = "") -> alt.Chart:
    """Error (predicted − actual) for each test case; dots above 0 are predicted too high."""
    pred = predicted.to_numpy(dtype=float)
    error = pred - actual.to_numpy(dtype=float)
    points = pd.DataFrame({"predicted": pred, "error": error,
                           "side": np.where(error >= 0, "too high", "too low")})
    scatter = alt.Chart(points).mark_circle(opacity=0.5).encode(
        x=alt.X("predicted:Q", title=f"Predicted {target}", scale=alt.Scale(zero=False)),
        y=alt.Y("error:Q", title=f"Error in {target} (predicted − actual)"),
        color=alt.Color("side:N", title=None, scale=alt.Scale(domain=["too high", "too low"],
                                                              range=[SECOND, MAIN])),
        tooltip=[alt.Tooltip("predicted:Q", format=",.2f"), alt.Tooltip("error:Q", format=",.2f")])
    zero = alt.Chart(pd.DataFrame({"error": [0.0]})).mark_rule(color="#868e96").encode(y="error:Q")
    return finish((scatter + zero).properties(height=300 + FRAME_HEIGHT), title, subtitle)
