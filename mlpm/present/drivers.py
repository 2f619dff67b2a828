"""The "What drives it?" slide and the model card's lines about it (issue 17).

Like the other pack items, it reads a result computed once (:meth:`mlpm.project.results.Results.importance`,
the same numbers as the page and ``mlpm train --json``) and returns ``None`` when there is
none (no target, a baseline or the rule chosen).
"""

from __future__ import annotations

from mlpm.charts.drivers import importance_chart
from mlpm.evaluate.importance import Importance
from mlpm.explain.importance import driver_sentences, drivers_headline, importance_caption
from mlpm.present.export.figures import Figure
from mlpm.present.export.pack import PackItem
from mlpm.project.analysis import Analysis
from mlpm.project.results import Results


def _importance(analysis: Analysis) -> Importance | None:
    problem = analysis.problem
    if analysis.model is None or problem is None or not problem.is_supervised:
        return None
    return Results(analysis).importance(analysis.model)


def drivers_item(analysis: Analysis) -> PackItem | None:
    """The columns the chosen model relies on, with one product sentence per top column."""
    importance = _importance(analysis)
    if importance is None or analysis.problem is None:
        return None
    headline = drivers_headline(importance)
    sentences = driver_sentences(importance, analysis.problem, analysis.settings.costs, top=4)
    caption = importance_caption(importance)
    chart = importance_chart(importance, subtitle=f"{analysis.subtitle(analysis.model)} · "
                                                  f"{importance.n_rows:,} test rows")
    return PackItem("drivers", "What drives it?", headline, Figure("drivers", chart, headline),
                    tuple(sentences) or (caption,),
                    notes=" ".join([headline, *sentences, caption]))


def drivers_lines(analysis: Analysis) -> tuple[str, ...]:
    """The model card's "What drives it" section: the headline, the top columns, the method."""
    importance = _importance(analysis)
    if importance is None or analysis.problem is None:
        return ()
    return (drivers_headline(importance),
            *driver_sentences(importance, analysis.problem, analysis.settings.costs),
            importance_caption(importance))
