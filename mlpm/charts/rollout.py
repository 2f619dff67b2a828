"""Charts for acting on the model: the gain curve with the team's capacity, value by capacity,
and the pilot's two arms."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, GOOD, MAIN, MUTED, SECOND, finish
from mlpm.evaluate.capacity import GainCurve, value_by_count
from mlpm.evaluate.money import Costs
from mlpm.evaluate.pilot import PilotPlan


def gain_chart(curve: GainCurve, *, capacity_share: float | None = None, noun: str = "cases",
               title: str = "Who to act on first: the gain curve", subtitle: str = "",
               height: int = 300) -> alt.Chart:
    """Share of real cases caught when acting on the model's top x% (and at random)."""
    points = curve.frame_points()
    data = pd.concat([
        pd.DataFrame({"share": points["share"], "caught": points["gain"], "line": "the model"}),
        pd.DataFrame({"share": [0.0, 1.0], "caught": [0.0, 1.0], "line": "at random"}),
    ], ignore_index=True)
    x = alt.X("share:Q", title="Share of cases acted on (highest chance first)",
              axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("caught:Q", title=f"Share of {noun} caught", axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1]))
    lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(
        x=x, y=y,
        color=alt.Color("line:N", title=None, scale=alt.Scale(domain=["the model", "at random"],
                                                               range=[MAIN, MUTED])),
        strokeDash=alt.condition("datum.line == 'at random'", alt.value([6, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("line:N", title="Line"),
                 alt.Tooltip("share:Q", format=".0%", title="Acted on"),
                 alt.Tooltip("caught:Q", format=".0%", title="Caught")])
    layers: list[alt.Chart] = [lines]
    if capacity_share is not None:
        gain = curve.gain_at(capacity_share)
        mark = pd.DataFrame({"share": [capacity_share], "caught": [gain],
                             "label": [(f"your team: {gain:.0%} caught, "
                                       f"{curve.lift_at(capacity_share):.1f}× random")]})
        layers += [
            alt.Chart(mark).mark_rule(color=SECOND, strokeDash=[4, 3]).encode(x="share:Q"),
            alt.Chart(mark).mark_point(size=140, filled=True, color=SECOND).encode(
                x="share:Q", y="caught:Q", tooltip=[alt.Tooltip("label:N", title="Capacity")]),
            alt.Chart(mark).mark_text(align="left", dx=8, dy=12, color=SECOND, fontSize=12,
                                      fontWeight="bold").encode(x="share:Q", y="caught:Q",
                                                                text="label:N"),
        ]
    chart = alt.layer(*layers).properties(height=height + FRAME_HEIGHT)
    return finish(chart, title, subtitle)


def capacity_value_chart(curve: GainCurve, costs: Costs, *, capacity: float | None = None,
                         title: str = "What each capacity is worth", subtitle: str = "",
                         height: int = 260) -> alt.Chart:
    """Value per month against doing nothing, by how many cases a month the team acts on."""
    values = value_by_count(curve, costs)
    ks = np.unique(np.linspace(0, curve.n, min(curve.n + 1, 201)).round().astype(int))
    per_month = ks / max(curve.n, 1) * costs.cases_per_month
    data = pd.DataFrame({"capacity": per_month, "value": values[ks] - values[0]})
    peak = int(np.argmax(values))
    x = alt.X("capacity:Q", title="Cases acted on per month (highest chance first)")
    y = alt.Y("value:Q", title=f"Value per month vs doing nothing ({costs.currency})",
              axis=alt.Axis(format=",.0f"))
    line = alt.Chart(data).mark_line(strokeWidth=2.5, color=MAIN).encode(
        x=x, y=y, tooltip=[alt.Tooltip("capacity:Q", format=",.0f", title="Cases a month"),
                           alt.Tooltip("value:Q", format=",.0f", title="Value vs nothing")])
    best = pd.DataFrame({"capacity": [peak / max(curve.n, 1) * costs.cases_per_month],
                         "value": [values[peak] - values[0]], "label": ["value stops growing"]})
    layers: list[alt.Chart] = [
        line,
        alt.Chart(best).mark_point(size=140, filled=True, color=GOOD).encode(
            x="capacity:Q", y="value:Q", tooltip=[alt.Tooltip("label:N", title="Peak"),
                                                  alt.Tooltip("capacity:Q", format=",.0f")]),
        alt.Chart(best).mark_text(align="left", dx=8, dy=-10, color=GOOD, fontSize=12,
                                  fontWeight="bold").encode(x="capacity:Q", y="value:Q",
                                                            text="label:N"),
    ]
    if capacity is not None:
        layers.append(alt.Chart(pd.DataFrame({"capacity": [min(capacity,
                                                               costs.cases_per_month)]}))
                      .mark_rule(color=SECOND, strokeDash=[4, 3]).encode(x="capacity:Q"))
    chart = alt.layer(*layers).properties(height=height + FRAME_HEIGHT)
    return finish(chart, title, subtitle)


def pilot_chart(plan: PilotPlan, *, noun: str = "cases", title: str = "The pilot's two arms",
                subtitle: str = "", height: int = 160) -> alt.Chart:
    """Expected outcome rate in each arm, with the drop the pilot is sized to see."""
    data = pd.DataFrame({
        "arm": ["today's way", "the model's decision"],
        "rate": [plan.control_rate, plan.model_rate],
        "label": [f"{plan.control_rate:.1%}", f"{plan.model_rate:.1%}"],
    })
    y = alt.Y("arm:N", title=None, sort=None)
    bars = alt.Chart(data).mark_bar(height=28).encode(
        x=alt.X("rate:Q", title=f"Expected share of {noun}", axis=alt.Axis(format="%")),
        y=y, color=alt.Color("arm:N", legend=None, scale=alt.Scale(
            domain=["today's way", "the model's decision"], range=[MUTED, MAIN])),
        tooltip=[alt.Tooltip("arm:N", title="Arm"), alt.Tooltip("rate:Q", format=".2%")])
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=12).encode(
        x="rate:Q", y=y, text="label:N")
    chart = alt.layer(bars, text).properties(height=height + FRAME_HEIGHT // 2)
    return finish(chart, title, subtitle)
