"""Group fairness chart: one measure per group, the overall value as a reference line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, MAIN, MUTED, finish
from mlpm.evaluate.fairness import MIN_GROUP_ROWS, GroupReport

STATUS_COLOURS = {"group": MAIN, "served worst": BAD, "too few rows": MUTED}
RATE_METRICS = {"accuracy", "recall", "precision", "false_alarm_rate", "flagged_share"}


def group_chart(report: GroupReport, metric: str, metric_title: str, *, title: str = "",
                subtitle: str = "") -> alt.Chart:
    """Horizontal bars of ``metric`` per group; the worst-served group in red, groups too small
    to judge in grey, the overall value as a dashed line."""
    table = report.table.reset_index().rename(columns={report.table.index.name or "index": "group"})
    if "group" not in table.columns:
        table = table.rename(columns={table.columns[0]: "group"})
    worst = report.headline.worst_group if report.headline and report.headline.metric == metric \
        else None
    data = pd.DataFrame({
        "group": table["group"].astype(str), "value": table[metric].astype(float),
        "rows": table["rows"].astype(int),
        "status": ["too few rows" if r < MIN_GROUP_ROWS else
                   ("served worst" if g == worst and report.served_worse else "group")
                   for g, r in zip(table["group"].astype(str), table["rows"], strict=True)]})
    rate = metric in RATE_METRICS
    fmt = ".0%" if rate else ",.2f"
    x = alt.X("value:Q", title=metric_title,
              axis=alt.Axis(format="%") if rate else alt.Axis(format=",.2~f"),
              scale=alt.Scale(domain=[0, 1]) if rate else alt.Undefined)
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3).encode(
        x=x, y=alt.Y("group:N", sort=list(data["group"]), title=report.column),
        color=alt.Color("status:N", title=None, scale=alt.Scale(
            domain=[k for k in STATUS_COLOURS if k in set(data["status"])],
            range=[v for k, v in STATUS_COLOURS.items() if k in set(data["status"])]),
            legend=None if set(data["status"]) == {"group"} else alt.Legend()),
        tooltip=[alt.Tooltip("group:N", title=report.column),
                 alt.Tooltip("value:Q", format=fmt, title=metric_title),
                 alt.Tooltip("rows:Q", format=",", title="Test rows")])
    labels = bars.mark_text(align="left", dx=4, fontSize=12, color="#212529").encode(
        text=alt.Text("value:Q", format=fmt), color=alt.value("#212529"))
    overall = report.overall.get(metric)
    layers = [bars, labels]
    if overall is not None:
        ref = alt.Chart(pd.DataFrame({"value": [overall], "label": [f"all rows {overall:{fmt}}"]}))
        layers += [ref.mark_rule(color="#495057", strokeDash=[5, 3]).encode(x="value:Q"),
                   ref.mark_text(align="left", dx=4, y=-6, color="#495057", fontSize=11
                                 ).encode(x="value:Q", text="label:N")]
    height = 34 * len(data) + FRAME_HEIGHT + 30
    return finish(alt.layer(*layers).properties(height=height), title or metric_title, subtitle)
