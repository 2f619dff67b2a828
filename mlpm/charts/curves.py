"""Over/underfitting charts: the learning curve, the validation curve with its sweet spot, and
where the validation score is heading with more data."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, GOOD, MAIN, MUTED, SECOND, finish
from mlpm.evaluate.curves import (
    SHARE_METRICS,
    LearningCurveResult,
    ValidationCurveResult,
    direction,
    format_setting,
    score_format,
)
from mlpm.evaluate.extrapolate import DataOutlook

CURVE_COLOURS = alt.Scale(domain=["training", "validation"], range=[SECOND, MAIN])


def score_title(metric: str) -> str:
    """The y axis: the decision metric, with its direction when lower is better."""
    return {"accuracy": "Accuracy", "balanced_accuracy": "Balanced accuracy", "r2": "R²",
            "f1": "F1", "f2": "F2 (catching weighs double)",
            "f05": "F0.5 (precision weighs double)", "value": "Value per month",
            "mae": "Typical error (lower is better)"}.get(metric, metric)


def _tooltip_format(result: LearningCurveResult | ValidationCurveResult) -> str:
    """The same rounding as the sentences, so a tooltip and a sentence never disagree."""
    return score_format(result.metric, result.reference)


def curve_domain(*results: LearningCurveResult | ValidationCurveResult,
                 outlook: DataOutlook | None = None) -> tuple[float, float]:
    """One y range that fits every curve given (so side-by-side charts compare fairly).

    0–1 scores stay within -1…1 on a 0.05 grid; money and typical error (any size, never
    below 0 for an error) get 5% of their range as margin.
    """
    lows, highs = [], []
    for result in results:
        for scores in (result.train_scores, result.validation_scores):
            if scores.size and np.any(~np.isnan(scores)):
                mean = result.train_mean if scores is result.train_scores else \
                    result.validation_mean
                spread = np.nanstd(scores, axis=1)
                lows.append(float(np.nanmin(mean - spread)))
                highs.append(float(np.nanmax(mean + spread)))
        if np.isfinite(result.baseline_score):
            lows.append(result.baseline_score)
            highs.append(result.baseline_score)
    if outlook is not None and outlook.law is not None:
        lows.extend(p.low for p in outlook.points)
        highs.extend(p.high for p in outlook.points)
    metric = results[0].metric if results else "accuracy"
    if metric not in SHARE_METRICS and metric != "r2" and lows and highs:
        margin = 0.05 * max(max(highs) - min(lows), abs(max(highs)) * 0.01, 1e-9)
        low, high = min(lows) - margin, max(highs) + margin
        if direction(metric) < 0:
            low = max(0.0, low)  # an error is never negative
        return float(low), float(high)
    low = max(-1.0, np.floor((min(lows) - 0.03) * 20) / 20) if lows else 0.0
    high = min(1.0, max(highs) + 0.02) if highs else 1.0
    return float(low), float(max(high, low + 0.1))


def _baseline_layers(value: float, scale: alt.Scale) -> list[alt.Chart]:
    base = alt.Chart(pd.DataFrame({"baseline": [value], "label": ["no-learning baseline"]}))
    return [base.mark_rule(color=MUTED, strokeDash=[4, 4], strokeWidth=2).encode(
                y=alt.Y("baseline:Q", scale=scale)),
            base.mark_text(align="left", dy=-7, x=5, color="#868e96", fontSize=12).encode(
                y=alt.Y("baseline:Q", scale=scale), text="label:N")]


def learning_curve_chart(result: LearningCurveResult, *, title: str = "Learning curve",
                         subtitle: str = "", y_domain: tuple[float, float] | None = None,
                         max_rows: int | None = None, height: int = 300) -> alt.Chart:
    """Two lines with spread bands, and the no-learning baseline as a dashed rule.

    ``max_rows`` fixes the x axis (the curve's largest planned size) so a curve drawn point
    by point doesn't jump; ``y_domain`` shares one y range between charts side by side.
    """
    data = pd.DataFrame(result.points())
    if data.empty:
        data = pd.DataFrame({"train_size": [], "curve": [], "score": [], "spread": []})
    data["low"] = data["score"] - data["spread"]
    data["high"] = data["score"] + data["spread"]
    metric = score_title(result.metric)
    low, high = y_domain or curve_domain(result)
    colour = alt.Color("curve:N", title=None, scale=CURVE_COLOURS)
    x = alt.X("train_size:Q", title="Training rows used",
              scale=alt.Scale(domain=[0, max_rows]) if max_rows else alt.Undefined)
    scale = alt.Scale(domain=[low, high], zero=False, clamp=True)
    band = alt.Chart(data).mark_area(opacity=0.18).encode(
        x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q", color=colour)
    line = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=alt.Y("score:Q", title=metric, scale=scale), color=colour,
        tooltip=["curve:N", alt.Tooltip("train_size:Q", format=",", title="Training rows"),
                 alt.Tooltip("score:Q", format=_tooltip_format(result), title=metric),
                 alt.Tooltip("spread:Q", format=_tooltip_format(result),
                             title="± spread across folds")])
    chart = alt.layer(band, line, *_baseline_layers(result.baseline_score, scale))
    return finish(chart.properties(height=height + FRAME_HEIGHT), title, subtitle)


def validation_curve_chart(result: ValidationCurveResult, *, sweet: int | None = None,
                           title: str = "Validation curve", subtitle: str = "",
                           y_domain: tuple[float, float] | None = None,
                           height: int = 300) -> alt.Chart:
    """Training and held-out score at each complexity setting, simplest on the left.

    The sweet spot (best held-out score) gets a green dot; the trained model's own setting a
    dashed line.
    """
    data = pd.DataFrame(result.points())
    if data.empty:
        data = pd.DataFrame({"setting": [], "value": [], "order": [], "curve": [], "score": [],
                             "spread": []})
    data["low"] = data["score"] - data["spread"]
    data["high"] = data["score"] + data["spread"]
    low, high = y_domain or curve_domain(result)
    scale = alt.Scale(domain=[low, high], zero=False, clamp=True)
    order = [format_setting(v) for v in result.param_values]
    planned = [format_setting(v) for v in (result.all_values or result.param_values)]
    x = alt.X("setting:O", sort=order, scale=alt.Scale(domain=planned),
              title=f"{result.param_name}: simpler ← → more flexible",
              axis=alt.Axis(labelAngle=0))
    colour = alt.Color("curve:N", title=None, scale=CURVE_COLOURS)
    band = alt.Chart(data).mark_area(opacity=0.18).encode(
        x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q", color=colour)
    line = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=alt.Y("score:Q", title=score_title(result.metric), scale=scale), color=colour,
        tooltip=[alt.Tooltip("setting:O", title=result.param_name), "curve:N",
                 alt.Tooltip("score:Q", format=_tooltip_format(result),
                             title=score_title(result.metric)),
                 alt.Tooltip("spread:Q", format=_tooltip_format(result),
                             title="± spread across folds")])
    layers: list[alt.Chart] = [band, line, *_baseline_layers(result.baseline_score, scale)]
    if result.current is not None and format_setting(result.current) in planned:
        current = alt.Chart(pd.DataFrame({"setting": [format_setting(result.current)],
                                          "label": ["your model"]}))
        layers += [current.mark_rule(color="#495057", strokeDash=[6, 4]).encode(x=x),
                   current.mark_text(align="left", dx=5, y=10, color="#495057",
                                     fontSize=12).encode(x=x, text="label:N")]
    if sweet is not None and sweet < len(result.param_values) and len(data):
        spot = pd.DataFrame({"setting": [order[sweet]],
                             "score": [float(result.validation_mean[sweet])],
                             "label": [f"sweet spot: {order[sweet]}"]})
        layers += [alt.Chart(spot).mark_point(size=220, filled=True, color=GOOD).encode(
                       x=x, y=alt.Y("score:Q", scale=scale), tooltip=["label:N"]),
                   alt.Chart(spot).mark_text(dy=-16, color=GOOD, fontSize=12,
                                             fontWeight="bold").encode(
                       x=x, y=alt.Y("score:Q", scale=scale), text="label:N")]
    return finish(alt.layer(*layers).properties(height=height + FRAME_HEIGHT), title, subtitle)


def outlook_chart(result: LearningCurveResult, outlook: DataOutlook, *,
                  title: str = "Would more data help?", subtitle: str = "") -> alt.Chart:
    """Measured validation scores, the fitted trend out to 10× the rows, and the likely range
    at 2×, 5× and 10× (log scale: each step right is "times more data")."""
    metric = score_title(result.metric)
    measured = pd.DataFrame({"rows": result.train_sizes.astype(float),
                             "score": result.validation_mean,  # what outlook.now quotes
                             "what": "measured (held-out rows)"})
    fmt = _tooltip_format(result)
    points = pd.DataFrame([{"rows": p.rows, "score": p.score, "low": p.low, "high": p.high,
                            "label": f"{p.factor:g}×", "what": "expected"}
                           for p in outlook.points])
    low, high = curve_domain(result, outlook=outlook)
    pad = 0.02 if result.metric in SHARE_METRICS or result.metric == "r2" else 0.0
    low = min(low, float(np.nanmin(measured["score"])) - pad)
    scale = alt.Scale(domain=[low, high], zero=False, clamp=True)
    x = alt.X("rows:Q", title="Rows to learn from (log scale)",
              scale=alt.Scale(type="log"), axis=alt.Axis(format="~s"))
    y = alt.Y("score:Q", title=f"{metric} on held-out rows", scale=scale)
    layers = []
    if outlook.law is not None:
        grid = np.geomspace(float(result.train_sizes[0]), float(points["rows"].max()), 80)
        trend = pd.DataFrame({"rows": grid, "score": outlook.law(grid)})
        layers.append(alt.Chart(trend).mark_line(color=MAIN, strokeDash=[6, 4], opacity=0.8
                                                 ).encode(x=x, y=y))
        layers.append(alt.Chart(points).mark_errorbar(color=GOOD, thickness=2.5, ticks=True
                                                      ).encode(
            x=x, y=alt.Y("low:Q", scale=scale, title=f"{metric} on held-out rows"), y2="high:Q"))
        layers.append(alt.Chart(points).mark_point(size=110, filled=True, color=GOOD).encode(
            x=x, y=y, tooltip=["label:N", alt.Tooltip("rows:Q", format=","),
                               alt.Tooltip("score:Q", format=fmt, title="expected"),
                               alt.Tooltip("low:Q", format=fmt, title="likely from"),
                               alt.Tooltip("high:Q", format=fmt, title="likely to")]))
        layers.append(alt.Chart(points).mark_text(dy=-14, color=GOOD, fontSize=12).encode(
            x=x, y=alt.Y("high:Q", scale=scale), text="label:N"))
        if outlook.levels_off:
            near = outlook.fmt(outlook.limit)
            cap = alt.Chart(pd.DataFrame({"score": [outlook.limit],
                                          "label": [f"levels off near {near}"]}))
            layers += [cap.mark_rule(color=MUTED, strokeDash=[2, 3]).encode(y=y),
                       cap.mark_text(align="left", x=5, dy=-7, color="#868e96",
                                     fontSize=12).encode(y=y, text="label:N")]
    layers.append(alt.Chart(measured).mark_line(point=True, color=MAIN, strokeWidth=2.5).encode(
        x=x, y=y, tooltip=[alt.Tooltip("rows:Q", format=",", title="Training rows"),
                           alt.Tooltip("score:Q", format=fmt, title="measured")]))
    return finish(alt.layer(*layers).properties(height=300 + FRAME_HEIGHT), title, subtitle)
