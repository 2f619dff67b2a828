"""Leaderboard, split, loss and k-choice charts."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mlpm.charts.common import FRAME_HEIGHT, MAIN, MUTED, SECOND, finish

KIND_COLOURS = {"model": MAIN, "baseline": MUTED, "rule": SECOND}
KIND_WORDS = {"model": "learnt model", "baseline": "no-learning baseline", "rule": "your rule"}


def leaderboard_chart(board: pd.DataFrame, metric_title: str, *, title: str = "Score on the test rows",
                      subtitle: str = "") -> alt.Chart:
    """Bars per model (``model``, ``score``, ``baseline`` columns; optional ``kind``,
    ``cv_mean``, ``cv_std``): learnt models blue, baselines grey, the PM's rule orange, and the
    cross-validated spread as a black whisker."""
    data = board.copy()
    if "kind" not in data:
        data["kind"] = np.where(data["baseline"], "baseline", "model")
    data["contender"] = data["kind"].map(KIND_WORDS)
    has_cv = "cv_mean" in data and data["cv_mean"].notna().any()
    data["label_at"] = data["score"]
    if has_cv:
        data["cv_low"] = data["cv_mean"] - data["cv_std"]
        data["cv_high"] = data["cv_mean"] + data["cv_std"]
        data["label_at"] = data[["score", "cv_high"]].max(axis=1)
    low = float(np.nanmin([0.0, data["score"].min(), *(data["cv_low"] if has_cv else [])]))
    order = data.sort_values("score", ascending=False)["model"].tolist()
    y = alt.Y("model:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x_scale = alt.Scale(domain=[low, 1])
    used = [k for k in KIND_WORDS if k in set(data["kind"])]
    colour = alt.Color("contender:N", title=None,
                       scale=alt.Scale(domain=[KIND_WORDS[k] for k in used],
                                       range=[KIND_COLOURS[k] for k in used]))
    tooltip = ["model:N", alt.Tooltip("score:Q", format=".3f", title="test score")]
    if has_cv:
        tooltip += [alt.Tooltip("cv_mean:Q", format=".3f", title="cross-validated mean"),
                    alt.Tooltip("cv_std:Q", format=".3f", title="spread (±)")]
    bars = alt.Chart(data).mark_bar(cornerRadiusEnd=3, height=22).encode(
        x=alt.X("score:Q", title=metric_title, axis=alt.Axis(tickCount=5), scale=x_scale),
        y=y, color=colour, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=12, color="#212529").encode(
        x=alt.X("label_at:Q", scale=x_scale), y=y, text=alt.Text("score:Q", format=".2f"))
    layers = [bars, labels]
    if has_cv:
        cv = data[data["cv_mean"].notna()]
        layers.append(alt.Chart(cv).mark_rule(color="#212529", strokeWidth=2, yOffset=0).encode(
            x=alt.X("cv_low:Q", scale=x_scale), x2="cv_high:Q", y=y))
        layers.append(alt.Chart(cv).mark_tick(color="#212529", thickness=2, size=14).encode(
            x=alt.X("cv_mean:Q", scale=x_scale), y=y))
    height = 40 * len(data) + FRAME_HEIGHT + 30
    return finish(alt.layer(*layers).properties(height=height), title, subtitle)


def split_chart(balance: pd.DataFrame, *, title: str = "Rows in each part",
                subtitle: str = "") -> alt.Chart:
    """Stacked bars: rows per part, split by class."""
    chart = alt.Chart(balance).mark_bar().encode(
        x=alt.X("rows:Q", title="Rows", stack="zero"),
        y=alt.Y("part:N", sort=["train", "validation", "test"], title=None),
        color=alt.Color("class:N", title="Target value"),
        tooltip=["part:N", "class:N", "rows:Q", alt.Tooltip("share:Q", format=".1%")],
    )
    height = 45 * balance["part"].nunique() + FRAME_HEIGHT + 30  # + legend
    return finish(chart.properties(height=height), title, subtitle)


def loss_chart(path_frame: pd.DataFrame, step: int, *, best_step: int | None = None,
               loss_title: str = "Average loss", step_title: str = "Step",
               title: str = "The loss falls as the model learns", subtitle: str = "") -> alt.Chart:
    """Training and validation loss per step (``step``, ``curve``, ``loss`` columns).

    The path up to ``step`` is drawn strongly, the rest faintly, with dots at ``step``, so a
    slider over ``step`` replays the training; a dashed line marks the lowest validation loss.
    """
    scale = alt.Scale(domain=["training rows", "validation rows"], range=[MAIN, SECOND])
    colour = alt.Color("curve:N", title=None, scale=scale)
    x = alt.X("step:Q", title=step_title, axis=alt.Axis(tickMinStep=1))
    y = alt.Y("loss:Q", title=loss_title, scale=alt.Scale(zero=False))
    base = alt.Chart(path_frame)
    faint = [base.transform_filter(alt.datum.curve == name).mark_line(
        strokeWidth=2, opacity=0.2, color=hue).encode(x=x, y=y)
        for name, hue in (("training rows", MAIN), ("validation rows", SECOND))]
    done = path_frame[path_frame["step"] <= step]
    strong = alt.Chart(done).mark_line(strokeWidth=3).encode(
        x=x, y=y, color=colour,
        tooltip=["curve:N", "step:Q", alt.Tooltip("loss:Q", format=",.4g")])
    now = alt.Chart(done[done["step"] == done["step"].max()]).mark_point(
        size=90, filled=True).encode(x=x, y=y, color=colour)
    marker = alt.Chart(pd.DataFrame({"step": [step]})).mark_rule(color="#495057").encode(x="step:Q")
    layers = [*faint, strong, marker, now]
    if best_step is not None:
        best = pd.DataFrame({"step": [best_step], "label": ["lowest validation loss"]})
        late = best_step > 0.6 * float(path_frame["step"].max())
        layers.append(alt.Chart(best).mark_rule(color=SECOND, strokeDash=[5, 4]).encode(x="step:Q"))
        layers.append(alt.Chart(best).mark_text(align="right" if late else "left",
                                                dx=-4 if late else 4, dy=-6, color=SECOND,
                                                fontSize=12, baseline="bottom").encode(
            x="step:Q", y=alt.value(12), text="label:N"))
    return finish(alt.layer(*layers).properties(height=300 + FRAME_HEIGHT), title, subtitle)


def k_choice_chart(scan_frame: pd.DataFrame, suggested: int, *, chosen: int | None = None,
                   title: str = "How many groups?", subtitle: str = "") -> alt.HConcatChart:
    """Elbow (spread inside groups) and silhouette per k (``k``, ``inertia``, ``silhouette``)."""
    marks = pd.DataFrame({"k": [suggested], "label": ["suggested"]})
    x = alt.X("k:Q", title="Number of groups (k)", axis=alt.Axis(tickMinStep=1),
              scale=alt.Scale(domain=[int(scan_frame["k"].min()), int(scan_frame["k"].max())]))

    def panel(field: str, name: str, colour: str) -> alt.LayerChart:
        base = alt.Chart(scan_frame)
        line = base.mark_line(color=colour, strokeWidth=3,
                              point=alt.OverlayMarkDef(color=colour, size=50)).encode(
            x=x, y=alt.Y(f"{field}:Q", title=None, scale=alt.Scale(zero=False)),
            tooltip=["k:Q", alt.Tooltip(f"{field}:Q", format=",.3g")])
        rule = alt.Chart(marks).mark_rule(color="#495057", strokeDash=[5, 4]).encode(x=x)
        layers = [line, rule]
        if chosen is not None and chosen != suggested:
            layers.append(alt.Chart(pd.DataFrame({"k": [chosen]})).mark_rule(
                color=colour, strokeWidth=2).encode(x=x))
        return alt.layer(*layers).properties(width=320, height=220,
                                             title=alt.TitleParams(name, fontSize=13))

    chart = alt.hconcat(panel("inertia", "Spread inside groups (elbow)", MAIN),
                        panel("silhouette", "Silhouette (separation)", SECOND), spacing=40)
    return finish(chart, title, subtitle)
