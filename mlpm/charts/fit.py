"""The "Should we use ML?" score breakdown: which answers pull toward ML and which away."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mlpm.charts.common import BAD, GOOD, MUTED, SECOND, finish
from mlpm.explain import fit as text
from mlpm.fit_check import FitVerdict

DIRECTION_LABELS = text.DIRECTION_LABELS
_COLOURS = {"for": GOOD, "against": BAD, "unsure": SECOND, "neutral": MUTED}
_BY = ("question", "section")
# A darker grid line at zero: the border between "for" and "against".
_ZERO_LINE = alt.Axis(gridColor=alt.condition("datum.value === 0", alt.value("#495057"),
                                              alt.value("#e9ecef")))


def score_breakdown_chart(verdict: FitVerdict, *, by: str = "question",
                          title: str = text.CHART_TITLE,
                          subtitle: str | None = None, width: int = 360) -> alt.Chart:
    """Horizontal bars of points per answered question (grouped by section) or per section.

    Bars right of zero count for ML, bars left of it against; colour says the same in words.
    ``width`` is the bar area in pixels for the per-question view (its sections are stacked,
    which a container-wide chart can't do); the per-section view fills its container.
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(map(repr, _BY))}; got {by!r}")
    if subtitle is None:
        subtitle = text.CHART_CAPTION if by == "question" else text.CHART_CAPTION_SECTIONS
    colour = alt.Color("direction:N", title=None, legend=alt.Legend(columns=2),
                       scale=alt.Scale(domain=list(DIRECTION_LABELS.values()),
                                       range=[_COLOURS[k] for k in DIRECTION_LABELS]))
    if by == "question":
        frame = pd.DataFrame(
            [{"question": f"{q.short}: {text.ANSWER_LABELS.get(q.answer, q.answer)}",
              "section": q.section_title, "points": q.points,
              "answer": text.ANSWER_LABELS.get(q.answer, q.answer),
              "direction": DIRECTION_LABELS.get(q.direction, q.direction)}
             for q in verdict.questions if q.answer],
            columns=["question", "section", "points", "answer", "direction"])
        low = min((q.worst for q in verdict.questions), default=-1.0)
        high = max((q.best for q in verdict.questions), default=1.0)
        chart = alt.Chart(frame).mark_bar(cornerRadiusEnd=3, height=14).encode(
            x=alt.X("points:Q", title=text.CHART_AXIS, scale=alt.Scale(domain=[low, high]),
                    axis=_ZERO_LINE),
            y=alt.Y("question:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            row=alt.Row("section:N", title=None, sort=[s.title for s in verdict.sections],
                        header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                          labelOrient="top", labelFontWeight="bold",
                                          labelFontSize=13)),
            color=colour,
            tooltip=[alt.Tooltip("section:N", title=text.CHART_TOOLTIPS["section"]),
                     alt.Tooltip("question:N", title=text.CHART_TOOLTIPS["question"]),
                     alt.Tooltip("answer:N", title=text.CHART_TOOLTIPS["answer"]),
                     alt.Tooltip("points:Q", title=text.CHART_TOOLTIPS["points"], format="+.2g")],
        ).resolve_scale(y="independent").properties(width=width, height=alt.Step(22))
        return finish(chart, title, subtitle)

    frame = pd.DataFrame(
        [{"section": s.title, "points": s.points, "best": s.best,
          "answered": f"{s.answered} of {s.total}",
          "direction": DIRECTION_LABELS.get(s.direction, s.direction)}
         for s in verdict.sections if s.answered],
        columns=["section", "points", "best", "answered", "direction"])
    chart = alt.Chart(frame).mark_bar(cornerRadiusEnd=3, height=22).encode(
        x=alt.X("points:Q", title=text.CHART_AXIS, axis=_ZERO_LINE),
        y=alt.Y("section:N", title=None, sort=[s.title for s in verdict.sections]),
        color=colour,
        tooltip=[alt.Tooltip("section:N", title=text.CHART_TOOLTIPS["section"]),
                 alt.Tooltip("points:Q", title=text.CHART_TOOLTIPS["points"], format="+.2g"),
                 alt.Tooltip("best:Q", title=text.CHART_TOOLTIPS["best"], format=".2g"),
                 alt.Tooltip("answered:N", title=text.CHART_TOOLTIPS["answered"])],
    ).properties(height=alt.Step(34))
    return finish(chart, title, subtitle)
