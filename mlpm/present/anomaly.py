"""The meeting pack's "Unusual rows" item: how many rows the team looks at, the score line and
the most unusual rows with their reasons (only when the PM looked at unusual rows)."""

from __future__ import annotations

from mlpm.charts.anomaly import score_histogram
from mlpm.explain import anomaly as words
from mlpm.present.export.figures import Figure
from mlpm.present.export.pack import PackItem
from mlpm.project.analysis import Analysis

TOP = 3


def anomaly_item(analysis: Analysis) -> PackItem | None:
    """Built from the look the PM left on the page (its model and share); ``None`` before."""
    look = analysis.anomaly
    if look is None or not look.is_current(analysis.dataset):
        return None
    model, cut = look.model, look.model.cut(look.share)
    top = model.top_rows(look.share, TOP)
    headline = words.headline(cut, top[0] if top else None)
    sentences = words.cut_sentences(cut)
    subtitle = analysis.subtitle() + f" · {len(model.columns)} columns judged"
    chart = score_histogram(model.scores, cut, subtitle=subtitle)
    points = (sentences["threshold"], *(words.row_sentence(row) for row in top))
    return PackItem("anomalies", "Which rows look unusual?", headline,
                    Figure("anomalies", chart, sentences["flagged"]), points,
                    notes=" ".join([headline, *points, words.SCORE_WORDS]))
