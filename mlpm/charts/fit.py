"""The "Should we use ML?" score breakdown: which answers pull toward ML and which away."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, FRAME_HEIGHT, GOOD, MUTED, SECOND, finish
from mlpm.decide.scoring import FitScore
from mlpm.explain import fit as text

DIRECTION_LABELS = text.DIRECTION_LABELS
_COLOURS = {"for": GOOD, "against": BAD, "unsure": SECOND, "neutral": MUTED}
_BY = ("question", "section")
# A darker grid line at zero: the border between "for" and "against".
_ZERO_LINE = alt.Axis(gridColor=alt.condition("datum.value === 0", alt.value("#495057"),
                                              alt.value("#e9ecef")))


ROW_STEP = 32
"""Pixels per row in the per-question view: a label line above a thin bar."""
_LEGEND_ROWS = 2
"""The four colours are listed in two columns, so the legend takes two lines."""


def _question_rows(verdict: FitScore | None) -> pd.DataFrame:
    """One row per section heading and per answered question, in reading order."""
    rows: list[dict[str, object]] = []
    for section in verdict.sections if verdict else ():
        answered = [q for q in verdict.questions
                    if q.section_id == section.section_id and q.answer]
        if not answered:
            continue
        title = text.SECTIONS[section.section_id].title
        rows.append({"pos": len(rows), "kind": "section", "label": title,
                     "section": title, "question": "", "answer": "",
                     "points": None, "direction": None})
        for q in answered:
            answer = text.ANSWER_LABELS.get(q.answer, q.answer)
            points = f"{q.points:+g}" if q.points else "0"
            short = text.QUESTIONS[q.question_id].short
            rows.append({"pos": len(rows), "kind": "question",
                         "label": f"{short}: {answer} ({points})",
                         "section": title, "question": short, "answer": answer,
                         "points": q.points,
                         "direction": DIRECTION_LABELS.get(q.direction, q.direction)})
    return pd.DataFrame(rows, columns=["pos", "kind", "label", "section", "question", "answer",
                                       "points", "direction"])


@functools.lru_cache(maxsize=16)
def _question_layers(low: float, high: float, title: str, subtitle: str,
                     width: int | None) -> alt.LayerChart:
    """The per-question chart without its rows: four layers on one row index.

    Each row is a band of :data:`ROW_STEP` pixels: the label sits in its upper half and a
    thin bar (with a tick at zero) in its lower half. Section headings are rows without a bar.
    """
    colour = alt.Color("direction:N", title=None, legend=alt.Legend(columns=2),
                       scale=alt.Scale(domain=list(DIRECTION_LABELS.values()),
                                       range=[_COLOURS[k] for k in DIRECTION_LABELS]))
    x = alt.X("points:Q", title=text.CHART_AXIS, scale=alt.Scale(domain=[low, high]),
              axis=alt.Axis(grid=False))
    y = alt.Y("pos:O", axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    base = alt.Chart(_question_rows(None))
    answers = base.transform_filter("datum.kind === 'question'")
    bars = answers.mark_bar(height=11, cornerRadiusEnd=3, yOffset=7).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("section:N", title=text.CHART_TOOLTIPS["section"]),
                 alt.Tooltip("question:N", title=text.CHART_TOOLTIPS["question"]),
                 alt.Tooltip("answer:N", title=text.CHART_TOOLTIPS["answer"]),
                 alt.Tooltip("points:Q", title=text.CHART_TOOLTIPS["points"], format="+.2g")])
    # The zero line is drawn per answer, under the bar only, so it never crosses a label.
    zero = answers.mark_tick(orient="vertical", size=ROW_STEP - 14, thickness=1.5, yOffset=7,
                             color="#495057").encode(x=alt.datum(0), y=y)
    labels = answers.mark_text(align="left", baseline="bottom", fontSize=12, color="#343a40",
                               limit=0).encode(x=alt.value(0), y=y, text="label:N")
    headings = base.transform_filter("datum.kind === 'section'").mark_text(
        align="left", baseline="middle", fontSize=13, fontWeight="bold",
        color="#212529").encode(x=alt.value(0), y=y, text="label:N")
    chart = alt.layer(bars, zero, labels, headings)
    if width:
        chart = chart.properties(width=width)
    return finish(chart, title, subtitle)


def score_breakdown_chart(verdict: FitScore, *, by: str = "question",
                          title: str = text.CHART_TITLE, subtitle: str | None = None,
                          width: int | None = None) -> alt.Chart | alt.LayerChart:
    """Horizontal bars of points per answered question (grouped by section) or per section.

    Bars right of zero count for ML, bars left of it against; colour says the same in words.
    In the per-question view each label sits above its bar, so the chart needs no label
    column and fits a narrow page column: without ``width`` it takes its container's width
    (``show_chart(chart, width="stretch")``). Its height is one row per heading and answer
    plus :data:`~mlpm.charts.common.FRAME_HEIGHT` for the axis, legend and title.
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(map(repr, _BY))}; got {by!r}")
    if subtitle is None:
        subtitle = text.CHART_CAPTION if by == "question" else text.CHART_CAPTION_SECTIONS
    if by == "question":
        frame = _question_rows(verdict)
        low = min((q.worst for q in verdict.questions), default=-1.0)
        high = max((q.best for q in verdict.questions), default=1.0)
        # Altair builds and copies its objects slowly (~0.1 s here), and this chart is redrawn
        # on every click: build the layers once, then only swap in this verdict's rows.
        chart = _question_layers(low, high, title, subtitle, width).copy(deep=False)
        chart.data = frame
        chart.height = ROW_STEP * max(len(frame), 1) + FRAME_HEIGHT + 18 * (_LEGEND_ROWS - 1)
        return chart

    colour = alt.Color("direction:N", title=None, legend=alt.Legend(columns=2),
                       scale=alt.Scale(domain=list(DIRECTION_LABELS.values()),
                                       range=[_COLOURS[k] for k in DIRECTION_LABELS]))
    titles = [text.SECTIONS[s.section_id].title for s in verdict.sections]
    frame = pd.DataFrame(
        [{"section": title, "points": s.points, "best": s.best,
          "answered": f"{s.answered} of {s.total}",
          "direction": DIRECTION_LABELS.get(s.direction, s.direction)}
         for s, title in zip(verdict.sections, titles, strict=True) if s.answered],
        columns=["section", "points", "best", "answered", "direction"])
    chart = alt.Chart(frame).mark_bar(cornerRadiusEnd=3, height=22).encode(
        x=alt.X("points:Q", title=text.CHART_AXIS, axis=_ZERO_LINE),
        y=alt.Y("section:N", title=None, sort=titles),
        color=colour,
        tooltip=[alt.Tooltip("section:N", title=text.CHART_TOOLTIPS["section"]),
                 alt.Tooltip("points:Q", title=text.CHART_TOOLTIPS["points"], format="+.2g"),
                 alt.Tooltip("best:Q", title=text.CHART_TOOLTIPS["best"], format=".2g"),
                 alt.Tooltip("answered:N", title=text.CHART_TOOLTIPS["answered"])],
    ).properties(height=alt.Step(34))
    return finish(chart, title, subtitle)
