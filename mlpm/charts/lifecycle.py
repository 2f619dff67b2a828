"""Charts of the model's life: runs by data version, run comparisons, drift per column."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, MAIN, MUTED, SECOND, finish

LEVEL_COLOURS = {"stable": MUTED, "moderate": SECOND, "major": BAD, "type_changed": BAD,
                 "missing": BAD}
LEVEL_LABELS = {"stable": "stable", "moderate": "some change", "major": "major change",
                "type_changed": "type changed", "missing": "missing"}
PSI_CAP = 1.0


def runs_chart(runs: pd.DataFrame, metric_title: str, *, title: str = "Which model learnt from which data",
               subtitle: str = "") -> alt.Chart:
    """One row per data version (``data``, oldest first), one dot per run on it (``score``,
    ``model``, ``label`` such as "#12", ``when``): the models trained on each version at a glance."""
    order = list(dict.fromkeys(runs.sort_values("run")["data"]))
    low = float(min(0.0, runs["score"].min()))
    base = alt.Chart(runs).encode(
        y=alt.Y("data:N", title=None, sort=order, axis=alt.Axis(labelLimit=420, labelFontSize=12)),
        yOffset=alt.YOffset("model:N"),
        x=alt.X("score:Q", title=metric_title, scale=alt.Scale(domain=[low, 1.0]),
                axis=alt.Axis(tickCount=5, format=".1f")),
        color=alt.Color("data:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("label:N", title="Run"), alt.Tooltip("model:N", title="Model"),
                 alt.Tooltip("data:N", title="Trained on"),
                 alt.Tooltip("when:N", title="When (UTC)"),
                 alt.Tooltip("score:Q", title=metric_title, format=".3f")],
    )
    points = base.mark_point(size=170, filled=True, opacity=0.9).encode(
        shape=alt.Shape("model:N", title="Model", legend=alt.Legend(orient="bottom")))
    labels = base.mark_text(align="left", dx=10, fontSize=11, color="#495057").encode(
        text=alt.Text("label:N"))
    rows = len(order)
    height = 26 * max(rows * runs["model"].nunique(), 2 * rows) + FRAME_HEIGHT + 30
    return finish((points + labels).properties(height=height), title, subtitle)


def comparison_chart(metrics: pd.DataFrame, *, title: str = "Scores side by side",
                     subtitle: str = "") -> alt.Chart:
    """Bars per metric and run (``metric_title``, ``run_label``, ``value``, ``delta``); each
    metric on its own scale so errors in the target's units sit beside 0-1 scores."""
    data = metrics.assign(delta_text=metrics["delta"].map(
        lambda d: "" if d is None or pd.isna(d) or abs(d) < 1e-12 else f"{d:+.3f}"))
    bars = alt.Chart().mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(tickCount=4)),
        y=alt.Y("run_label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        color=alt.Color("run_label:N", title="Run", sort=None, legend=None,
                        scale=alt.Scale(range=[MUTED, MAIN, SECOND, "#7048e8"])),
        tooltip=["run_label:N", "metric_title:N", alt.Tooltip("value:Q", format=".3f"),
                 alt.Tooltip("delta:Q", format="+.3f", title="Change vs first")],
    )
    text = alt.Chart().mark_text(align="left", dx=4, fontSize=12, color="#212529").encode(
        x="value:Q", y=alt.Y("run_label:N", sort=None),
        text=alt.Text("label:N"))
    layered = alt.layer(bars, text, data=data.assign(
        label=data["value"].map(lambda v: f"{v:.3f}") + data["delta_text"].map(
            lambda t: f"  ({t})" if t else "")))
    n_runs = data["run_label"].nunique()
    chart = layered.properties(height=24 * n_runs, width=520).facet(
        row=alt.Row("metric_title:N", title=None, sort=list(dict.fromkeys(data["metric_title"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=13,
                                      labelFontWeight="bold", labelOrient="top")),
    ).resolve_scale(x="independent")
    return finish(chart, title, subtitle)


def drift_chart(table: pd.DataFrame, *, title: str = "How much each column moved",
                subtitle: str = "") -> alt.Chart:
    """PSI per column (``column``, ``psi``, ``level``), coloured by verdict, with the 0.1 and
    0.25 lines; bars past 1.0 are cut and labelled with their value."""
    data = table.copy()
    psi = data["psi"].astype(float)
    data["shown"] = np.where(psi.isna(), PSI_CAP, psi.clip(upper=PSI_CAP))
    data["verdict"] = data["level"].map(LEVEL_LABELS)
    data["value_text"] = [("type changed" if np.isnan(p) else f"{p:.2f}") for p in psi]
    data["name"] = [f"{c} (target)" if t else c for c, t in
                    zip(data["column"], data.get("is_target", [False] * len(data)), strict=True)]
    order = data.sort_values("shown", ascending=False)["name"].tolist()
    domain = [v for v in LEVEL_LABELS.values() if v in set(data["verdict"])]
    colours = [LEVEL_COLOURS[k] for k, v in LEVEL_LABELS.items() if v in domain]
    top = float(max(0.3, min(PSI_CAP, data["shown"].max() * 1.15)))
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("shown:Q", title="Population Stability Index (PSI)",
                scale=alt.Scale(domain=[0, top], clamp=True)),
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("verdict:N", title="Verdict", scale=alt.Scale(domain=domain, range=colours)),
        tooltip=["column:N", "verdict:N", alt.Tooltip("psi:Q", format=".3f"),
                 alt.Tooltip("p_value:Q", format=".3g", title="test p-value"), "before:N",
                 "after:N"],
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=11).encode(
        text="value_text:N", color=alt.value("#212529"))
    rules = pd.DataFrame({"x": [0.1, 0.25], "what": ["some change", "major change"]})
    lines = alt.Chart(rules).mark_rule(strokeDash=[4, 4], color="#868e96").encode(x="x:Q")
    rule_text = alt.Chart(rules).mark_text(align="left", dx=3, dy=-4, fontSize=11,
                                           color="#868e96", baseline="bottom").encode(
        x="x:Q", y=alt.value(0), text="what:N")
    height = 26 * len(data) + FRAME_HEIGHT + 30
    return finish((bars + labels + lines + rule_text).properties(height=height), title, subtitle)
